"""An array a learner edits cannot give a wrong answer (issue 15, items 1, 6 and 8).

Every array that crosses the public boundary is checked and converted each time: the
inputs and gradients passed to forward and backward, a loss's predictions and labels, a
layer's own weights and biases, and what an optimizer reads (gradients and its state on the
layer). An edit that breaks the array (a row appended, a row of another length, a str or
None put in) is refused with an error naming the argument, the position and the shapes; a
value that float32 cannot hold is rounded as NumPy rounds it when it is stored into a
float32 array. Both engines give the same answer, or the same exception.

In the python engine an edit is made on the list the engine made (``dense1.output``); a
NumPy array cannot take most of these edits (no ``append``, no row of another length), so in
the numpy engine the learner's equivalent is to edit ``output.tolist()`` and pass that list.
A value edit is made in place in both engines, as a learner would make it.

Also here: two threads training at once (no shared state between them in either engine)
and the python engine's RuntimeWarnings, which must be NumPy's.
"""
import math
import sys
import threading
import warnings

import pytest

import purenn
from purenn.engine.shapes import ShapeError

np = pytest.importorskip("numpy")

DTYPES = ["float32", "float64"]


def flat(values):
    """Nested lists (or an array) as one flat list of Python numbers."""
    if hasattr(values, "tolist"):
        values = values.tolist()
    if isinstance(values, list):
        return [x for item in values for x in flat(item)]
    return [values]


def same_bits(mine, gold, dtype="float32"):
    """True when both hold the same float values (any NaN matches any NaN). In float64,
    NumPy's dot is BLAS's (another order of additions): there the values may differ by a
    few units of float64's last bit (relative 1e-12, or 1e-14 near 0, the size of the values here being about 1)."""
    mine, gold = flat(mine), flat(gold)
    return len(mine) == len(gold) and all(
        (isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b))
        or a == b or (dtype == "float64" and math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-14))
        for a, b in zip(mine, gold))


def network(engine, dtype="float32"):
    """The book's chapter 10 objects after one forward and backward pass on 15 samples."""
    purenn.init(engine=engine, dtype=dtype)
    X, y = purenn.spiral_data(samples=5, classes=3)
    dense1 = purenn.Layer_Dense(2, 4)
    activation1 = purenn.Activation_ReLU()
    dense2 = purenn.Layer_Dense(4, 3)
    loss_activation = purenn.Activation_Softmax_Loss_CategoricalCrossentropy()
    dense1.forward(X)
    activation1.forward(dense1.output)
    dense2.forward(activation1.output)
    loss_activation.forward(dense2.output, y)
    loss_activation.backward(loss_activation.output, y)
    dense2.backward(loss_activation.dinputs)
    activation1.backward(dense2.dinputs)
    dense1.backward(activation1.dinputs)
    return dict(X=X, y=y, dense1=dense1, activation1=activation1, dense2=dense2,
                loss_activation=loss_activation)


def editable(engine, array):
    """The array a learner edits: the engine's own list, or a NumPy array's tolist()."""
    return array if engine == "python" else array.tolist()


# --- the examples ----------------------------------------------------------------

def test_a_row_appended_to_an_output_is_refused_naming_the_shapes(engine):
    net = network(engine)
    output = editable(engine, net["dense1"].output)
    output.append([0.5])
    with pytest.raises(ShapeError, match=r"inputs is not homologous: inputs\[0\] has shape "
                                         r"\(4,\) but inputs\[15\] has shape \(1,\)"):
        net["activation1"].forward(output)


def test_a_whole_row_appended_to_an_output_is_refused_by_the_next_layer(engine):
    # A row of the right length makes 16 samples: the layer takes them (as NumPy would);
    # the loss then names 16 predictions for 15 labels
    net = network(engine)
    output = editable(engine, net["dense2"].output)
    output.append([0.5, 0.5, 0.5])
    with pytest.raises(ShapeError, match=r"y_true has 15 labels for 16 samples"):
        net["loss_activation"].forward(output, net["y"])


def test_a_weights_row_replaced_by_a_shorter_one_is_refused(engine):
    net = network(engine)
    dense1 = net["dense1"]
    dense1.weights = editable(engine, dense1.weights)
    dense1.weights[1] = [0.7]
    with pytest.raises(ShapeError, match=r"weights\[1\] has shape \(1,\) but the layer's "
                                         r"weights have shape \(2, 4\)"):
        dense1.forward(net["X"])


@pytest.mark.parametrize("bad, error", [("0.5", TypeError), (None, TypeError),
                                        (True, TypeError), (1j, TypeError)])
def test_a_value_that_is_not_a_number_in_an_output_is_named(engine, bad, error):
    net = network(engine)
    output = editable(engine, net["dense1"].output)
    output[2][1] = bad
    with pytest.raises(error, match=r"inputs\[2\]\[1\] is "):
        net["activation1"].forward(output)


@pytest.mark.parametrize("dtype", DTYPES)
def test_a_value_written_into_an_output_gives_numpys_answer(engine, dtype):
    # In float32, 0.1 is stored as float32(0.1) = 0.10000000149011612, as NumPy stores it
    net = network(engine, dtype)
    net["dense1"].output[0][0] = 0.1  # in place, in either engine
    net["activation1"].forward(net["dense1"].output)
    mine = float(net["activation1"].output[0][0])
    gold = float(np.array([0.1], dtype=dtype)[0])
    assert mine == gold, f"mine {mine!r} gold {gold!r}"


def _dense_forward_with_weight(engine, dtype, value):
    net = network(engine, dtype)
    net["dense1"].weights[0][1] = value  # in place, in either engine
    net["dense1"].forward(net["X"])
    return net["dense1"].ops.to_list(net["dense1"].output)


@pytest.mark.parametrize("dtype", DTYPES)
def test_a_weight_written_in_place_gives_the_same_answer_in_both_engines(dtype):
    mine = _dense_forward_with_weight("python", dtype, 0.1)
    gold = _dense_forward_with_weight("numpy", dtype, 0.1)
    assert same_bits(mine, gold, dtype), f"mine {mine}\ngold {gold}"


@pytest.mark.parametrize("dtype", DTYPES)
def test_weights_set_as_a_list_of_ints_give_the_same_answer_in_both_engines(dtype):
    outputs = {}
    for engine in ("python", "numpy"):
        purenn.init(engine=engine, dtype=dtype)
        dense = purenn.Layer_Dense(2, 3)
        dense.weights = [[1, 2, 3], [-4, 5, 0]]
        dense.biases = [[1, 0, 0]]
        dense.forward([[0.1, 0.2], [0.3, -0.4]])
        dense.backward([[1, 1, 1], [0.5, 0.25, 0.125]])
        outputs[engine] = [dense.output, dense.dweights, dense.dbiases, dense.dinputs]
    mine, gold = outputs["python"], outputs["numpy"]
    assert same_bits(mine, gold, dtype), f"mine {mine}\ngold {gold}"


def test_weights_set_as_a_list_in_the_numpy_engine_are_used(engine):
    purenn.init(engine=engine)
    dense = purenn.Layer_Dense(2, 2)
    dense.weights = [[1.0, 0.0], [0.0, 1.0]]
    dense.forward([[3.0, 4.0]])
    assert flat(dense.output) == [3.0, 4.0]


@pytest.mark.parametrize("weights, message", [
    ([[1.0, 2.0, 3.0]], r"weights has shape \(1, 3\) but the layer's weights have shape "
                        r"\(2, 3\)"),
    ([[1.0, 2.0], [3.0, 4.0]], r"weights has shape \(2, 2\) but the layer's weights have "
                               r"shape \(2, 3\)"),
    ([1.0, 2.0, 3.0], r"weights has shape \(3,\) but the layer's weights have shape "
                      r"\(2, 3\)")])
def test_weights_of_the_wrong_shape_are_refused_naming_both_shapes(engine, weights, message):
    purenn.init(engine=engine)
    dense = purenn.Layer_Dense(2, 3)
    dense.weights = weights
    with pytest.raises(ShapeError, match=message):
        dense.forward([[1.0, 2.0]])


def test_biases_of_the_wrong_shape_are_refused(engine):
    purenn.init(engine=engine)
    dense = purenn.Layer_Dense(2, 3)
    dense.biases = [0.0, 0.0, 0.0]
    with pytest.raises(ShapeError, match=r"biases has shape \(3,\) but the layer's biases "
                                         r"have shape \(1, 3\)"):
        dense.forward([[1.0, 2.0]])


def test_a_weight_edited_between_forward_and_backward_is_checked(engine):
    net = network(engine)
    net["dense2"].weights = editable(engine, net["dense2"].weights)
    net["dense2"].weights[3][0] = None
    with pytest.raises(TypeError, match=r"weights\[3\]\[0\] is None"):
        net["dense2"].backward(net["loss_activation"].dinputs)


# --- gradients and optimizer state --------------------------------------------------------

def test_dinputs_edited_before_the_next_backward_are_refused(engine):
    net = network(engine)
    dinputs = editable(engine, net["dense2"].dinputs)
    dinputs[4] = dinputs[4][:2]
    with pytest.raises(ShapeError, match=r"dvalues is not homologous"):
        net["activation1"].backward(dinputs)


def test_dinputs_with_a_string_are_refused(engine):
    net = network(engine)
    dinputs = editable(engine, net["dense2"].dinputs)
    dinputs[0][3] = "x"
    with pytest.raises(TypeError, match=r"dvalues\[0\]\[3\] is 'x'"):
        net["activation1"].backward(dinputs)


@pytest.mark.parametrize("dtype", DTYPES)
def test_a_dinputs_value_written_in_place_gives_the_same_answer_in_both_engines(dtype):
    results = {}
    for engine in ("python", "numpy"):
        net = network(engine, dtype)
        net["dense2"].dinputs[0][0] = 0.1
        net["activation1"].backward(net["dense2"].dinputs)
        results[engine] = net["activation1"].dinputs
    assert same_bits(results["python"], results["numpy"], dtype), results


def test_edited_momentums_are_checked_by_the_optimizer(engine):
    net = network(engine)
    optimizer = purenn.Optimizer_SGD(momentum=0.9)
    optimizer.update_params(net["dense1"])
    dense1 = net["dense1"]
    dense1.weight_momentums = editable(engine, dense1.weight_momentums)
    dense1.weight_momentums[1][2] = None
    with pytest.raises(TypeError, match=r"weight_momentums\[1\]\[2\] is None"):
        optimizer.update_params(dense1)
    dense1.weight_momentums = [[0.0]]
    with pytest.raises(ShapeError, match=r"weight_momentums has shape \(1, 1\) but the "
                                         r"layer's weights have shape \(2, 4\)"):
        optimizer.update_params(dense1)


def test_edited_gradients_are_checked_by_the_optimizer(engine):
    net = network(engine)
    dense1 = net["dense1"]
    dense1.dbiases = editable(engine, dense1.dbiases)
    dense1.dbiases[0].append(1.0)
    with pytest.raises(ShapeError, match=r"dbiases has shape \(1, 5\) but the layer's "
                                         r"biases have shape \(1, 4\)"):
        purenn.Optimizer_Adam().update_params(dense1)


# float32 only: in float64 NumPy's dot (BLAS) adds in another order, and AdaGrad's first
# steps divide the gradients by their own size, which can make that last-bit difference
# large (tests/test_engines.py bounds the dot itself)
@pytest.mark.parametrize("dtype", ["float32"])
@pytest.mark.parametrize("optimizer_class", [purenn.Optimizer_SGD, purenn.Optimizer_Adagrad,
                                             purenn.Optimizer_RMSprop, purenn.Optimizer_Adam])
def test_state_written_in_place_gives_the_same_answer_in_both_engines(dtype, optimizer_class):
    results = {}
    for engine in ("python", "numpy"):
        net = network(engine, dtype)
        dense1 = net["dense1"]
        optimizer = optimizer_class(**({"momentum": 0.5}
                                       if optimizer_class is purenn.Optimizer_SGD else {}))
        optimizer.update_params(dense1)
        state = dense1.weight_momentums if dense1.weight_momentums is not None \
            else dense1.weight_cache
        state[0][0] = 0.1
        dense1.dweights[1][1] = 0.3
        dense1.weights[0][2] = 0.7
        optimizer.update_params(dense1)
        results[engine] = [dense1.weights, dense1.biases]
    assert same_bits(results["python"], results["numpy"], dtype), results


# --- labels and accuracy ----------------------------------------------------------------------

def test_edited_labels_are_checked(engine):
    net = network(engine)
    y = editable(engine, net["y"])
    y[3] = 1.5
    with pytest.raises(TypeError, match=r"y_true\[3\] is 1.5"):
        net["loss_activation"].forward(net["dense2"].output, y)


def test_accuracy_categorical_refuses_predictions_of_another_length(engine):
    net = network(engine)
    accuracy = purenn.Accuracy_Categorical()
    predictions = editable(engine, net["loss_activation"].activation.predictions(
        net["loss_activation"].output))
    predictions.append(0)
    with pytest.raises(ShapeError, match=r"16 predictions"):
        accuracy.calculate(predictions, net["y"])


# --- threads ---------------------------------------------------------------------------------

def _forward_passes(engine, dtype, repeats):
    """The outputs of ``repeats`` forward passes of a fresh network (made before threads)."""
    purenn.init(engine=engine, dtype=dtype)
    X, y = purenn.spiral_data(samples=10, classes=3)
    dense1 = purenn.Layer_Dense(2, 8)
    activation1 = purenn.Activation_ReLU()
    dense2 = purenn.Layer_Dense(8, 3)
    loss_activation = purenn.Activation_Softmax_Loss_CategoricalCrossentropy()

    def run():
        losses = []
        for _ in range(repeats):
            dense1.forward(X)
            activation1.forward(dense1.output)
            dense2.forward(activation1.output)
            losses.append(float(loss_activation.forward(dense2.output, y)))
            loss_activation.backward(loss_activation.output, y)
            dense2.backward(loss_activation.dinputs)
            activation1.backward(dense2.dinputs)
            dense1.backward(activation1.dinputs)
        return losses

    return run


@pytest.mark.parametrize("dtype", DTYPES)
def test_two_threads_doing_forward_passes_at_once_agree_with_sequential_runs(engine, dtype):
    runs = [_forward_passes(engine, dtype, 250), _forward_passes(engine, dtype, 250)]
    sequential = [runs[0](), runs[1]()]
    results, errors = [None, None], []

    def thread_body(i):
        try:
            results[i] = runs[i]()
        except Exception as error:  # any exception is reported below
            errors.append(repr(error))

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible
    try:
        threads = [threading.Thread(target=thread_body, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert not errors, errors
    assert results == sequential


def test_layers_made_in_two_threads_at_once_get_different_weights():
    # The numpy engine draws large weight arrays with a private generator that takes over
    # purenn's stream state: two threads must not both take the same state
    purenn.init(engine="numpy")
    made = []

    def make_layers():
        for _ in range(30):
            made.append(purenn.Layer_Dense(32, 32).weights)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        threads = [threading.Thread(target=make_layers) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    firsts = [float(weights[0, 0]) for weights in made]
    assert len(made) == 60 and len(set(firsts)) == 60, "two layers drew the same weights"


# --- RuntimeWarnings as NumPy gives them -------------------------------------------------------

# (engine operation, arguments, NumPy's own call on float arrays of the working dtype)
WARNING_CASES = [
    ("exp", ([[100.0, 1.0]],), lambda a: np.exp(a)),
    ("exp", ([[1000.0, 1.0]],), lambda a: np.exp(a)),
    ("multiply", ([[3e38, 1.0]], [[10.0, 1.0]]), lambda a, b: np.multiply(a, b)),
    ("multiply", ([[1e308, 1.0]], [[10.0, 1.0]]), lambda a, b: np.multiply(a, b)),
    ("add", ([[3e38, 1.0]], [[3e38, 1.0]]), lambda a, b: np.add(a, b)),
    ("add", ([[1.7e308, 1.0]], [[1.7e308, 1.0]]), lambda a, b: np.add(a, b)),
    ("subtract", ([[math.inf, 1.0]], [[math.inf, 1.0]]), lambda a, b: np.subtract(a, b)),
    ("divide", ([[0.0, 1.0]], [[0.0, 1.0]]), lambda a, b: np.divide(a, b)),
    ("divide", ([[1.0, 1.0]], [[0.0, 1.0]]), lambda a, b: np.divide(a, b)),
    ("divide", ([[math.inf, 1.0]], [[math.inf, 1.0]]), lambda a, b: np.divide(a, b)),
    ("log", ([[0.0, 1.0]],), lambda a: np.log(a)),
    ("log", ([[-1.0, 1.0]],), lambda a: np.log(a)),
    ("sqrt", ([[-1.0, 1.0]],), lambda a: np.sqrt(a)),
    ("square", ([[1e20, 1.0]],), lambda a: np.square(a)),
    # No warning: NaN and infinity passed through are not new
    ("add", ([[math.nan, 1.0]], [[1.0, 1.0]]), lambda a, b: np.add(a, b)),
    ("multiply", ([[math.inf, 1.0]], [[2.0, 1.0]]), lambda a, b: np.multiply(a, b)),
    ("exp", ([[math.inf, math.nan]],), lambda a: np.exp(a)),
]


def _messages(call):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        call()
    return sorted({str(w.message) for w in caught if w.category is RuntimeWarning})


def _numpy_messages(function, arguments, dtype):
    arrays = [np.array(argument, dtype=dtype) for argument in arguments]
    return _messages(lambda: function(*arrays))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("case", range(len(WARNING_CASES)))
def test_the_python_engine_warns_as_numpy_does(dtype, case):
    operation, arguments, function = WARNING_CASES[case]
    ops = purenn.get_engine("python", dtype)
    arrays = [ops.array(argument) for argument in arguments]
    mine = _messages(lambda: getattr(ops, operation)(*arrays))
    gold = _numpy_messages(function, arguments, dtype)
    assert mine == gold, f"mine {mine} gold (NumPy) {gold}"


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("case", range(len(WARNING_CASES)))
def test_the_numpy_engine_warns_as_numpy_does(dtype, case):
    operation, arguments, function = WARNING_CASES[case]
    ops = purenn.get_engine("numpy", dtype)
    arrays = [ops.array(argument) for argument in arguments]
    mine = _messages(lambda: getattr(ops, operation)(*arrays))
    gold = _numpy_messages(function, arguments, dtype)
    assert mine == gold, f"mine {mine} gold (NumPy) {gold}"


def test_a_warning_from_a_book_method_points_at_the_learners_line():
    purenn.init(engine="python")
    activation = purenn.Activation_Sigmoid()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        activation.forward([[-100.0, 0.0]])  # exp(100) overflows float32
    assert [str(w.message) for w in caught] == ["overflow encountered in exp"]
    assert caught[0].filename == __file__


def test_a_loss_that_turns_nan_warns_in_the_python_engine():
    # float32 training gone wrong: inf - inf in a subtraction, as NumPy warns
    purenn.init(engine="python")
    ops = purenn.get_engine()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ops.subtract(ops.multiply([[3e38]], [[10.0]]), ops.multiply([[3e38]], [[10.0]]))
    assert [str(w.message) for w in caught] == ["overflow encountered in multiply",
                                                "overflow encountered in multiply",
                                                "invalid value encountered in subtract"]
    assert all(w.filename == __file__ for w in caught)


# --- Must show: random edits of made arrays and weights (hypothesis) ---------------------------
#
# A random edit (a value, a row, a type) of a made array or of the weights: both engines give
# the same answer or raise the same exception type, and an answer is NumPy's own for the
# edited values stored into an array of the working dtype.

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings as hypothesis_settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

VALUES = st.one_of(st.floats(), st.floats(-10, 10), st.floats(width=32),
                   st.sampled_from([0.1, 1e-46, 3.5e38, -1e39, 0.0, -0.0]),
                   st.integers(-2 ** 40, 2 ** 40))
NOT_NUMBERS = st.sampled_from([None, "1.5", True, False, 1j, [1.0], b"1"])


@st.composite
def edits(draw):
    """(target, kind, position, new value): one edit of a made array or of the weights."""
    target = draw(st.sampled_from(["output", "dinputs", "weights", "biases"]))
    kind = draw(st.sampled_from(["value", "value", "type", "row", "append", "delete"]))
    i, j = draw(st.integers(0, 100)), draw(st.integers(0, 100))
    if kind == "value":
        new = draw(VALUES)
    elif kind == "type":
        new = draw(NOT_NUMBERS)
    else:
        new = draw(st.lists(VALUES, min_size=0, max_size=5))
    return target, kind, (i, j), new


def apply_edit(rows, kind, position, new):
    """Make the edit on ``rows`` (a list of lists), in place."""
    i = position[0] % len(rows)
    j = position[1] % len(rows[i]) if rows[i] else 0
    if kind in ("value", "type"):
        rows[i][j] = new
    elif kind == "row":
        rows[i] = list(new)
    elif kind == "append":
        rows.append(list(new))
    else:
        del rows[i]


def edited_run(engine, dtype, edit):
    """('ok', flat result) or ('error', exception type) of one edit in ``engine``; and the
    edited list (for the gold)."""
    target, kind, position, new = edit
    purenn.init(engine=engine, dtype=dtype)
    X = [[0.5, -1.0], [2.0, 0.25], [-0.75, 1.5]]
    dense = purenn.Layer_Dense(2, 4)
    relu = purenn.Activation_ReLU()
    dense.forward(X)
    relu.forward(dense.output)
    relu.backward(dense.output)
    arrays = {"output": dense.output, "dinputs": relu.dinputs, "weights": dense.weights,
              "biases": dense.biases}
    rows = editable(engine, arrays[target])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        apply_edit(rows, kind, position, new)
        keep = {"inputs": dense.ops.to_list(dense.inputs),
                "weights": dense.ops.to_list(dense.weights),
                "biases": dense.ops.to_list(dense.biases),
                "relu_inputs": dense.ops.to_list(relu.inputs)}
        try:
            if target == "output":
                relu.forward(rows)
                result = relu.output
            elif target == "dinputs":
                relu.backward(rows)
                result = relu.dinputs
            else:
                setattr(dense, target, rows)
                dense.forward(X)
                result = dense.output
        except Exception as error:  # any exception: its type is compared
            return ("error", type(error)), rows, keep
    return ("ok", flat(result)), rows, keep


def numpy_gold(target, rows, keep, dtype):
    """NumPy's own answer for the edited values stored into arrays of ``dtype``."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        edited = np.array(rows, dtype=dtype)
        if target == "output":
            return flat(np.maximum(0, edited))
        if target == "dinputs":
            dinputs = edited.copy()
            dinputs[np.array(keep["relu_inputs"], dtype=dtype) <= 0] = 0
            return flat(dinputs)
        weights = edited if target == "weights" else np.array(keep["weights"], dtype=dtype)
        biases = edited if target == "biases" else np.array(keep["biases"], dtype=dtype)
        inputs = np.array(keep["inputs"], dtype=dtype)
        product = np.dot(inputs.astype(np.float64), weights.astype(np.float64)).astype(dtype)
        return flat(product + biases)


def close(a, b, dtype):
    if isinstance(a, float) and isinstance(b, float):
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        if dtype == "float64" and math.isfinite(a) and math.isfinite(b):
            return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-300)
    return a == b


@hypothesis_settings(max_examples=120, deadline=None,
                     suppress_health_check=[HealthCheck.too_slow])
@given(dtype=st.sampled_from(DTYPES), edit=edits())
def test_both_engines_agree_on_an_edited_array_and_give_numpys_answer(dtype, edit):
    mine, rows, keep = edited_run("python", dtype, edit)
    other, _, _ = edited_run("numpy", dtype, edit)
    assert mine[0] == other[0], f"python engine {mine}\nnumpy engine {other}"
    if mine[0] == "error":
        assert mine[1] is other[1], f"python engine {mine}\nnumpy engine {other}"
        hypothesis.event(mine[1].__name__)
        return
    gold = numpy_gold(edit[0], rows, keep, dtype)
    for result, name in ((mine[1], "python"), (other[1], "numpy")):
        assert len(result) == len(gold) and all(
            close(a, b, dtype) for a, b in zip(result, gold)), (
            f"{name} engine {result}\nNumPy {gold}")
    hypothesis.event("result")


@pytest.mark.parametrize("bad", ["1", None, 1.5, True])
def test_accuracy_categorical_refuses_a_prediction_that_is_not_a_class(engine, bad):
    net = network(engine)
    predictions = editable(engine, net["loss_activation"].activation.predictions(
        net["loss_activation"].output))
    predictions[2] = bad
    with pytest.raises(TypeError, match=r"predictions\[2\] is .*class"):
        purenn.Accuracy_Categorical().calculate(predictions, net["y"])


def test_binary_accuracy_categorical_refuses_ragged_predictions(engine):
    purenn.init(engine=engine)
    with pytest.raises(ShapeError, match="predictions is not homologous"):
        purenn.Accuracy_Categorical(binary=True).calculate([[1], [0, 1]], [[1], [0]])
