"""Every value the book prints in chapters 2-5, computed by purenn in both engines.

Each ``print_*`` function computes an entry of tests/data/book_values.json with purenn and
returns the text the book's example prints. The test then compares the numbers in that
text with the book's, exactly. Entries printed by NumPy as a single array are also compared
character for character with what the book's code prints today (correctly rounded exp/log).

Float32 entries (after ``nnfs.init()`` in the book) run after ``purenn.init(engine=...)``;
the others in float64, as the book's code runs without ``nnfs.init()``.
"""
import math

import pytest

import purenn
from purenn.tools.printing import array_str

from book import assert_matches_book, assert_prints_like_numpy, entry

INPUTS = [1.0, 2.0, 3.0, 2.5]
WEIGHTS = [[0.2, 0.8, -0.5, 1.0], [0.5, -0.91, 0.26, -0.5], [-0.26, -0.27, 0.17, 0.87]]
BIASES = [2.0, 3.0, 0.5]
BATCH = [[1.0, 2.0, 3.0, 2.5], [2.0, 5.0, -1.0, 2.0], [-1.5, 2.7, 3.3, -0.8]]
WEIGHTS2 = [[0.1, -0.14, 0.5], [-0.5, 0.12, -0.33], [-0.44, 0.73, -0.13]]
BIASES2 = [-1, 2, -0.5]
LAYER_OUTPUTS = [[4.8, 1.21, 2.385], [8.9, -1.81, 0.2], [1.41, 1.051, 0.026]]
SOFTMAX_OUTPUTS = [[0.7, 0.1, 0.2], [0.1, 0.5, 0.4], [0.02, 0.9, 0.08]]
CLASS_TARGETS = [0, 1, 1]
RELU_INPUTS = [0, 2, -1, 3.3, -2.7, 1.1, 2.2, -100]


def float64(engine):
    """The book's code without nnfs.init(): float64."""
    return purenn.init(dtype="float64", engine=engine)


def book_mode(engine):
    """The book's code after nnfs.init(): seed 0, float32."""
    return purenn.init(engine=engine)


def text(*values):
    """What print(*values) shows for the book's NumPy values."""
    return " ".join(v if isinstance(v, str) else array_str(v) for v in values)


def lines(*texts):
    return "\n".join(texts)


# --- chapter 2 -------------------------------------------------------------------------

def one_neuron(ops, inputs, weights, bias):
    return ops.add(ops.dot(ops.array(weights), ops.array(inputs)), bias)


def print_neuron_3_inputs(engine):
    ops = float64(engine)
    return text(one_neuron(ops, [1, 2, 3], [0.2, 0.8, -0.5], 2))


def print_neuron_4_inputs(engine):
    ops = float64(engine)
    return text(one_neuron(ops, INPUTS, WEIGHTS[0], 2.0))


def layer_of_three(ops, inputs=INPUTS):
    return ops.add(ops.dot(ops.array(WEIGHTS), ops.array(inputs)), ops.array(BIASES))


def print_layer_as_list(engine):
    ops = float64(engine)
    outputs = layer_of_three(ops)
    if engine == "numpy":
        # The book's loop adds left to right; NumPy's BLAS fuses multiply and add, which
        # leaves 1.2099999999999997 for 1.21 in float64. NumPy prints it as 1.21, as the
        # book's NumPy version of this example (ch02-numpy-layer) shows.
        return text(outputs)
    return str(ops.to_list(outputs))


def print_layer(engine):
    ops = float64(engine)
    return text(layer_of_three(ops))


def print_dot_product(engine):
    ops = float64(engine)
    return text(ops.dot(ops.array([1, 2, 3]), ops.array([2, 3, 4])))


def print_neuron_dot(engine):
    ops = float64(engine)
    return text(ops.dot(ops.array(WEIGHTS[0]), ops.array(INPUTS)))


def print_neuron_dot_and_bias(engine):
    ops = float64(engine)
    product = ops.dot(ops.array(WEIGHTS[0]), ops.array(INPUTS))
    return text(product, ops.add(product, 2.0))


def print_layer_dot(engine):
    ops = float64(engine)
    return text(ops.dot(ops.array(WEIGHTS), ops.array(INPUTS)))


def print_row_vector(engine):
    # np.array([a]): a list inside a list is a 1 x 3 row vector
    return array_str([[1, 2, 3]])


def print_row_times_column(engine):
    ops = float64(engine)
    row = ops.array([[1, 2, 3]])
    column = ops.transpose(ops.array([[2, 3, 4]]))
    return text(ops.dot(row, column))


def batch_dot(ops):
    return ops.dot(ops.array(BATCH), ops.transpose(ops.array(WEIGHTS)))


def print_batch_dot(engine):
    return text(batch_dot(float64(engine)))


def print_batch_layer(engine):
    ops = float64(engine)
    return text(ops.add(batch_dot(ops), ops.array(BIASES)))


def print_matrix_product_rounded(engine):
    ops = float64(engine)
    left = ops.array([[0.49, 0.97, 0.53, 0.05], [0.33, 0.65, 0.62, 0.51],
                      [1.00, 0.38, 0.61, 0.45], [0.74, 0.27, 0.64, 0.17],
                      [0.36, 0.17, 0.96, 0.12]])
    right = ops.array([[0.79, 0.32, 0.68, 0.90, 0.77], [0.18, 0.39, 0.12, 0.93, 0.09],
                       [0.87, 0.42, 0.60, 0.71, 0.12], [0.45, 0.55, 0.40, 0.78, 0.81]])
    product = ops.to_list(ops.dot(left, right))
    # The figure shows each value rounded to 2 decimals
    return str([[round(value, 2) for value in row] for row in product])


# --- chapter 3 -------------------------------------------------------------------------

def print_two_layers(engine):
    ops = float64(engine)
    layer1_outputs = ops.add(batch_dot(ops), ops.array(BIASES))
    layer2_outputs = ops.add(ops.dot(layer1_outputs, ops.transpose(ops.array(WEIGHTS2))),
                             ops.array(BIASES2))
    return text(layer2_outputs)


def print_randn_2x5(engine):
    ops = book_mode(engine)
    return text(ops.array(purenn.random.randn(2, 5)))


def print_zeros_2x5(engine):
    ops = book_mode(engine)
    return text(ops.zeros(2, 5))


def print_weights_and_biases(engine):
    ops = book_mode(engine)
    weights = ops.multiply(0.01, ops.array(purenn.random.randn(2, 4)))
    biases = ops.zeros(1, 4)
    return lines(text(weights), text(biases))


def spiral_forward(engine, softmax=True):
    """The book's chapter 3-5 forward pass on spiral data, after purenn.init()."""
    book_mode(engine)
    X, y = purenn.spiral_data(samples=100, classes=3)
    dense1 = purenn.Layer_Dense(2, 3)
    activation1 = purenn.Activation_ReLU()
    dense2 = purenn.Layer_Dense(3, 3)
    activation2 = purenn.Activation_Softmax()
    dense1.forward(X)
    activation1.forward(dense1.output)
    if softmax:
        dense2.forward(activation1.output)
        activation2.forward(dense2.output)
    return X, y, dense1, activation1, activation2


def print_dense1_forward(engine):
    _, _, dense1, _, _ = spiral_forward(engine, softmax=False)
    return text(dense1.output[:5])


# --- chapter 4 -------------------------------------------------------------------------

def print_relu_list(engine):
    ops = float64(engine)
    activation = purenn.Activation_ReLU(engine=ops)
    activation.forward([RELU_INPUTS])
    return str(ops.to_list(activation.output)[0])


def print_relu_maximum(engine):
    ops = float64(engine)
    return text(ops.maximum(0, ops.array(RELU_INPUTS)))


def print_relu_spiral(engine):
    _, _, _, activation1, _ = spiral_forward(engine, softmax=False)
    return text(activation1.output[:5])


E = 2.71828182846  # the book's first value of e, to 11 decimals


def print_exp_python(engine):
    ops = float64(engine)
    exp_values = ops.power(E, ops.array([4.8, 1.21, 2.385]))
    return lines("exponentiated values:", str(ops.to_list(exp_values)))


def print_normalize_python(engine):
    ops = float64(engine)
    exp_values = ops.power(E, ops.array([4.8, 1.21, 2.385]))
    norm_values = ops.divide(exp_values, ops.sum(exp_values))
    return lines("Normalized exponentiated values:", str(ops.to_list(norm_values)),
                 f"Sum of normalized values: {float(ops.sum(norm_values))}")


def print_softmax_numpy(engine):
    ops = float64(engine)
    exp_values = ops.exp(ops.array([4.8, 1.21, 2.385]))
    norm_values = ops.divide(exp_values, ops.sum(exp_values))
    return lines("exponentiated values:", text(exp_values),
                 "normalized exponentiated values:", text(norm_values),
                 text("sum of normalized values:", ops.sum(norm_values)))


def print_sum_axis_none(engine):
    ops = float64(engine)
    layer_outputs = ops.array(LAYER_OUTPUTS)
    return lines("Sum without axis", text(ops.sum(layer_outputs)),
                 "This will be identical to the above since default is None:",
                 text(ops.sum(layer_outputs, axis=None)))


def print_sum_axis0(engine):
    ops = float64(engine)
    return lines("Another way to think of it w/ a matrix == axis 0: columns:",
                 text(ops.sum(ops.array(LAYER_OUTPUTS), axis=0)))


def print_sum_rows_python(engine):
    ops = float64(engine)
    row_sums = ops.to_list(ops.sum(ops.array(LAYER_OUTPUTS), axis=1))
    return lines("But we want to sum the rows instead, like this w/ raw py:",
                 *(str(value) for value in row_sums))


def print_sum_axis1(engine):
    ops = float64(engine)
    return lines("So we can sum axis 1, but note the current shape:",
                 text(ops.sum(ops.array(LAYER_OUTPUTS), axis=1)))


def print_sum_axis1_keepdims(engine):
    ops = float64(engine)
    return lines("Sum axis 1, but keep the same dimensions as input:",
                 text(ops.sum(ops.array(LAYER_OUTPUTS), axis=1, keepdims=True)))


def exp_printer(x):
    def print_exp(engine):
        ops = float64(engine)
        return text(ops.exp(x))
    return print_exp


def print_exp_1000(engine):
    ops = float64(engine)
    with pytest.warns(RuntimeWarning, match="overflow encountered in exp"):
        result = ops.exp(1000.0)
    return text(result)


def print_exp_neginf_and_0(engine):
    ops = float64(engine)
    return text(ops.exp(-math.inf), ops.exp(0.0))


def softmax_printer(inputs):
    def print_softmax(engine):
        float64(engine)
        softmax = purenn.Activation_Softmax()
        softmax.forward(inputs)
        return text(softmax.output)
    return print_softmax


def print_softmax_spiral(engine):
    _, _, _, _, activation2 = spiral_forward(engine)
    return text(activation2.output[:5])


# --- chapter 5 -------------------------------------------------------------------------

def print_cce_one_hot(engine):
    float64(engine)
    loss = purenn.Loss_CategoricalCrossentropy()
    return str(float(loss.forward([[0.7, 0.1, 0.2]], [[1, 0, 0]])[0]))


def print_log_and_negative_log(engine):
    ops = float64(engine)
    log = ops.log(0.7)
    return text(log, ops.negative(log))


def print_negative_log(engine):
    ops = float64(engine)
    return text(ops.negative(ops.log(0.7)))


def print_log_values(engine):
    ops = float64(engine)
    logs = ops.to_list(ops.log(ops.array([1., 0.95, 0.9, 0.8, 0.2, 0.1, 0.05, 0.01])))
    return lines(*(str(v) for v in logs[:4]), "...", *(str(v) for v in logs[4:]))


def print_log_5_2(engine):
    ops = float64(engine)
    return text(ops.log(5.2))


def print_e_power(engine):
    ops = float64(engine)
    return text(ops.power(math.e, 1.6486586255873816))


def correct_confidences(ops):
    return ops.pick(ops.array(SOFTMAX_OUTPUTS), ops.labels(CLASS_TARGETS))


def print_target_confidences_lines(engine):
    ops = float64(engine)
    return lines(*(str(v) for v in ops.to_list(correct_confidences(ops))))


def print_target_confidences(engine):
    return text(correct_confidences(float64(engine)))


def print_negative_log_confidences(engine):
    ops = float64(engine)
    return text(ops.negative(ops.log(correct_confidences(ops))))


def print_average_loss(engine):
    ops = float64(engine)
    return text(ops.mean(ops.negative(ops.log(correct_confidences(ops)))))


def print_negative_log_0(engine):
    ops = float64(engine)
    with pytest.warns(RuntimeWarning, match="divide by zero encountered in log"):
        result = ops.negative(ops.log(0.0))
    return text(result)


def print_e_power_minus_inf(engine):
    ops = float64(engine)
    return text(ops.power(math.e, -math.inf))


def print_mean_with_inf(engine):
    ops = float64(engine)
    with pytest.warns(RuntimeWarning, match="divide by zero encountered in log"):
        infinity = ops.negative(ops.log(0.0))
    return text(ops.mean(ops.array([1, 2, 3, infinity])))


def negative_log_printer(x):
    def print_negative_log_of(engine):
        ops = float64(engine)
        return text(ops.negative(ops.log(x)))
    return print_negative_log_of


def print_loss_class(engine):
    float64(engine)
    loss_function = purenn.Loss_CategoricalCrossentropy()
    one_hot = [[1, 0, 0], [0, 1, 0], [0, 1, 0]]
    loss = loss_function.calculate(SOFTMAX_OUTPUTS, one_hot)
    # Sparse targets give the same loss
    assert loss_function.calculate(SOFTMAX_OUTPUTS, CLASS_TARGETS) == loss
    return text(loss)


def print_spiral_forward_loss(engine):
    _, y, _, _, activation2 = spiral_forward(engine)
    loss = purenn.Loss_CategoricalCrossentropy().calculate(activation2.output, y)
    return lines(text(activation2.output[:5]), text("loss:", loss))


def print_accuracy_example(engine):
    float64(engine)
    outputs = [[0.7, 0.2, 0.1], [0.5, 0.1, 0.4], [0.02, 0.9, 0.08]]
    return text("acc:", purenn.accuracy(outputs, [0, 1, 1]))


def print_spiral_accuracy(engine):
    _, y, _, _, activation2 = spiral_forward(engine)
    return text("acc:", purenn.accuracy(activation2.output, y))


PRINTERS = {
    "ch02-neuron-3-inputs": print_neuron_3_inputs,
    "ch02-neuron-3-inputs-fig2.01": print_neuron_3_inputs,
    "ch02-neuron-4-inputs": print_neuron_4_inputs,
    "ch02-neuron-4-inputs-fig2.03": print_neuron_4_inputs,
    "ch02-layer-3-neurons": print_layer_as_list,
    "ch02-layer-3-neurons-fig2.04.2": print_layer_as_list,
    "ch02-layer-loop": print_layer_as_list,
    "ch02-dot-product-python": print_dot_product,
    "ch02-dot-product-python-fig2.06": print_dot_product,
    "ch02-numpy-neuron": print_neuron_4_inputs,
    "ch02-numpy-neuron-fig2.07-dot": print_neuron_dot,
    "ch02-numpy-neuron-fig2.08": print_neuron_dot_and_bias,
    "ch02-numpy-layer": print_layer,
    "ch02-numpy-layer-fig2.09-dot": print_layer_dot,
    "ch02-numpy-layer-fig2.10": print_layer,
    "ch02-matrix-product-fig2.14": print_matrix_product_rounded,
    "ch02-row-vector-array": print_row_vector,
    "ch02-row-vector-expand-dims": print_row_vector,
    "ch02-matrix-product-row-col": print_row_times_column,
    "ch02-batch-dot-fig2.20": print_batch_dot,
    "ch02-batch-layer-fig2.21": print_batch_layer,
    "ch02-batch-layer-fig2.21-math": print_batch_layer,
    "ch02-batch-layer": print_batch_layer,
    "ch03-two-layers": print_two_layers,
    "ch03-randn-2x5": print_randn_2x5,
    "ch03-zeros-2x5": print_zeros_2x5,
    "ch03-init-weights-biases": print_weights_and_biases,
    "ch03-dense1-forward": print_dense1_forward,
    "ch04-relu-if-loop": print_relu_list,
    "ch04-relu-max-loop": print_relu_list,
    "ch04-relu-np-maximum": print_relu_maximum,
    "ch04-relu-spiral": print_relu_spiral,
    "ch04-exp-python": print_exp_python,
    "ch04-normalize-python": print_normalize_python,
    "ch04-softmax-numpy": print_softmax_numpy,
    "ch04-sum-axis-none": print_sum_axis_none,
    "ch04-sum-axis0": print_sum_axis0,
    "ch04-sum-rows-python": print_sum_rows_python,
    "ch04-sum-axis1": print_sum_axis1,
    "ch04-sum-axis1-keepdims": print_sum_axis1_keepdims,
    "ch04-np-exp-1": exp_printer(1.0),
    "ch04-np-exp-10": exp_printer(10.0),
    "ch04-np-exp-100": exp_printer(100.0),
    "ch04-np-exp-1000": print_exp_1000,
    "ch04-np-exp-neginf-0": print_exp_neginf_and_0,
    "ch04-softmax-class-123": softmax_printer([[1, 2, 3]]),
    "ch04-softmax-class-shifted": softmax_printer([[-2, -1, 0]]),
    "ch04-softmax-class-halved": softmax_printer([[0.5, 1, 1.5]]),
    "ch04-softmax-spiral": print_softmax_spiral,
    "ch04-softmax-spiral-fullcode": print_softmax_spiral,
    "ch05-cce-python": print_cce_one_hot,
    "ch05-cce-equation": print_log_and_negative_log,
    "ch05-cce-simplified": print_negative_log,
    "ch05-log-values": print_log_values,
    "ch05-np-log-5.2": print_log_5_2,
    "ch05-e-pow-log": print_e_power,
    "ch05-zip-targets": print_target_confidences_lines,
    "ch05-fancy-index-list": print_target_confidences,
    "ch05-fancy-index-range": print_target_confidences,
    "ch05-neg-log-confidences": print_negative_log_confidences,
    "ch05-average-loss": print_average_loss,
    "ch05-neg-log-0": print_negative_log_0,
    "ch05-e-pow-neginf": print_e_power_minus_inf,
    "ch05-mean-with-inf": print_mean_with_inf,
    "ch05-neg-log-1e-7": negative_log_printer(1e-7),
    "ch05-neg-log-1p1e-7": negative_log_printer(1 + 1e-7),
    "ch05-neg-log-1m1e-7": negative_log_printer(1 - 1e-7),
    "ch05-loss-class-manual": print_loss_class,
    "ch05-spiral-forward-loss": print_spiral_forward_loss,
    "ch05-accuracy-example": print_accuracy_example,
    "ch05-spiral-accuracy": print_spiral_accuracy,
}

# Where the book's text is not the printed output itself, the numbers are compared with
# what the book's code prints (book_values.json says both agree):
# figures and equations write the computation around the value (Fig 2.07: "= 0.2*1.0 + ...
# = 2.8"); the book dropped a digit in two REPL echoes (book_typo).
COMPARE_WITH_CODE_OUTPUT = {
    "ch02-numpy-neuron-fig2.07-dot", "ch02-numpy-neuron-fig2.08", "ch05-cce-equation",
    "ch05-neg-log-1p1e-7", "ch05-neg-log-1m1e-7",
}

# Entries printed by NumPy as arrays or scalars: the text must be NumPy's, character for character.
PRINTED_BY_NUMPY = {
    "ch02-numpy-layer", "ch02-numpy-layer-fig2.09-dot", "ch02-numpy-layer-fig2.10",
    "ch02-batch-dot-fig2.20", "ch02-batch-layer-fig2.21", "ch02-batch-layer-fig2.21-math",
    "ch02-batch-layer", "ch03-two-layers", "ch03-randn-2x5", "ch03-zeros-2x5",
    "ch03-init-weights-biases", "ch03-dense1-forward", "ch04-relu-np-maximum",
    "ch04-relu-spiral", "ch04-softmax-numpy", "ch04-sum-axis-none", "ch04-sum-axis0",
    "ch04-sum-axis1", "ch04-sum-axis1-keepdims", "ch04-np-exp-1", "ch04-np-exp-10",
    "ch04-np-exp-100", "ch04-softmax-class-123", "ch04-softmax-class-shifted",
    "ch04-softmax-class-halved", "ch04-softmax-spiral", "ch04-softmax-spiral-fullcode",
    "ch05-fancy-index-list", "ch05-fancy-index-range", "ch05-neg-log-confidences",
    "ch05-average-loss", "ch05-spiral-forward-loss", "ch05-spiral-accuracy",
}


def test_every_chapter_2_to_5_entry_has_a_printer():
    in_catalogue = {entry_id for entry_id, e in
                    __import__("book").ENTRIES.items() if e["chapter"] in (2, 3, 4, 5)}
    assert in_catalogue == set(PRINTERS)
    assert len(PRINTERS) == 71


@pytest.mark.parametrize("entry_id", sorted(PRINTERS))
def test_book_value(entry_id, engine):
    mine = PRINTERS[entry_id](engine)
    if entry_id in COMPARE_WITH_CODE_OUTPUT:
        assert_matches_book(entry_id, mine, gold="today_output_nosimd")
    else:
        assert_matches_book(entry_id, mine)
    if entry_id in PRINTED_BY_NUMPY:
        assert_prints_like_numpy(entry_id, mine)


def test_book_typos_are_digits_dropped_by_the_book():
    # The two REPL echoes whose book text lost a digit: the book's digits appear, in order,
    # within the correct value's digits (e.g. 9.99999505838704 in 9.999999505838704)
    for entry_id in ("ch05-neg-log-1p1e-7", "ch05-neg-log-1m1e-7"):
        assert entry(entry_id)["book_typo"]
        book_digits = entry(entry_id)["book_output"].split("e")[0].lstrip("-").replace(".", "")
        mine = PRINTERS[entry_id]("python").split("e")[0].lstrip("-").replace(".", "")
        remaining = iter(mine)
        assert all(digit in remaining for digit in book_digits)
        assert len(mine) == len(book_digits) + 1


def test_chapter_2_functions_print_the_books_numbers():
    # The plain-Python chapter 2 functions, without any engine
    assert str(purenn.neuron_output([1, 2, 3], [0.2, 0.8, -0.5], 2)) == "2.3"
    assert str(purenn.neuron_output(INPUTS, WEIGHTS[0], 2.0)) == "4.8"
    assert str(purenn.layer_output(INPUTS, WEIGHTS, BIASES)) == "[4.8, 1.21, 2.385]"
    assert purenn.dot_product([1, 2, 3], [2, 3, 4]) == 20
    assert purenn.matrix_product([[1, 2, 3]], purenn.transpose([[2, 3, 4]])) == [[20.0]]
    assert_prints_like_numpy(
        "ch02-batch-layer", array_str(purenn.batch_output(BATCH, WEIGHTS, BIASES), "float64"))
    exp_values = purenn.exponentiate([4.8, 1.21, 2.385], base=E)
    assert_matches_book("ch04-exp-python", "exponentiated values:\n" + str(exp_values))
    norm_values = purenn.normalize(exp_values)
    total = 0.0
    for value in norm_values:
        total += value
    assert_matches_book("ch04-normalize-python", lines(
        "Normalized exponentiated values:", str(norm_values), f"Sum of normalized values: {total}"))
    assert str(purenn.exponentiate([1.6486586255873816])[0]) == "5.199999999999999"
