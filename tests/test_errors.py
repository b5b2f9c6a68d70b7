"""Clear errors at the public boundary, and inputs that are never modified (chapters 2-5, 9).

Each bad argument is passed to a public class or function in both engines and in both
precisions; the test checks the exception type and that the message names the problem and
the shapes involved, written as NumPy writes shapes: ``(1, 2)``, ``(3,)``. A ragged list is
"not homologous", the book's word (chapter 2).
"""
import copy

import pytest

import purenn
from purenn import ShapeError
from purenn.engine import config

DTYPES = ["float32", "float64"]

BATCH = [[1.0, 2.0], [-1.5, 0.5], [0.25, -3.0]]
SOFTMAX_OUTPUTS = [[0.7, 0.1, 0.2], [0.1, 0.5, 0.4], [0.02, 0.9, 0.08]]
CLASS_TARGETS = [0, 1, 1]
ONE_HOT_TARGETS = [[1, 0, 0], [0, 1, 0], [0, 1, 0]]


@pytest.fixture(params=DTYPES)
def ops(request, engine):
    """purenn.init() in each engine and precision; returns the engine object."""
    return purenn.init(engine=engine, dtype=request.param)


def loss_calculate(y_pred, y_true):
    return purenn.Loss_CategoricalCrossentropy().calculate(y_pred, y_true)


def loss_backward(y_pred, y_true):
    purenn.Loss_CategoricalCrossentropy().backward(y_pred, y_true)


def combined_backward(y_pred, y_true):
    purenn.Activation_Softmax_Loss_CategoricalCrossentropy().backward(y_pred, y_true)


# Every public call that takes a batch of predictions and class targets
TARGET_CALLS = [loss_calculate, loss_backward, combined_backward, purenn.accuracy]

# The name each of them gives its predictions in an error: backward calls them dvalues
PREDICTIONS_NAME = {loss_calculate: "y_pred", loss_backward: "dvalues",
                    combined_backward: "dvalues", purenn.accuracy: "y_pred"}


# --- ragged lists: not homologous ------------------------------------------------------------

RAGGED = [[1.0, 2.0], [3.0]]
RAGGED_MESSAGE = (r"inputs is not homologous: inputs\[0\] has shape \(2,\) but inputs\[1\] "
                  r"has shape \(1,\)")


def test_layer_dense_forward_calls_a_ragged_batch_not_homologous(ops):
    dense1 = purenn.Layer_Dense(2, 3)
    with pytest.raises(ShapeError, match=RAGGED_MESSAGE):
        dense1.forward(RAGGED)


@pytest.mark.parametrize("activation_class", [purenn.Activation_ReLU, purenn.Activation_Softmax])
def test_activation_forward_calls_a_ragged_batch_not_homologous(ops, activation_class):
    activation = activation_class()
    with pytest.raises(ShapeError, match=RAGGED_MESSAGE):
        activation.forward(RAGGED)


def test_ragged_rows_deeper_down_are_named_by_their_index(ops):
    # The third row is the odd one out; its index and both shapes are named
    with pytest.raises(ShapeError, match=r"inputs\[0\] has shape \(2,\) but inputs\[2\] "
                                         r"has shape \(3,\)"):
        purenn.Layer_Dense(2, 3).forward([[1, 2], [3, 4], [5, 6, 7]])


@pytest.mark.parametrize("call", TARGET_CALLS)
def test_loss_and_accuracy_call_ragged_predictions_not_homologous(ops, call):
    name = PREDICTIONS_NAME[call]
    with pytest.raises(ShapeError, match=rf"{name} is not homologous: {name}\[0\] has shape "
                                         rf"\(3,\) but {name}\[1\] has shape \(2,\)"):
        call([[0.7, 0.1, 0.2], [0.5, 0.5], [0.02, 0.9, 0.08]], CLASS_TARGETS)


def test_loss_calls_ragged_one_hot_targets_not_homologous(ops):
    with pytest.raises(ShapeError, match=r"y_true is not homologous: y_true\[0\] has shape "
                                         r"\(3,\) but y_true\[1\] has shape \(2,\)"):
        loss_calculate(SOFTMAX_OUTPUTS, [[1, 0, 0], [0, 1], [0, 1, 0]])


# --- shapes that do not fit ------------------------------------------------------------------

def test_layer_dense_forward_names_both_shapes_when_features_do_not_match(ops):
    dense1 = purenn.Layer_Dense(2, 3)
    with pytest.raises(ShapeError, match=r"inputs have 4 values per sample but this layer has "
                                         r"n_inputs=2 \(inputs \(1, 4\), weights \(2, 3\)\)"):
        dense1.forward([[1.0, 2.0, 3.0, 4.0]])


def test_layer_dense_forward_refuses_a_single_sample_that_is_not_in_a_batch(ops):
    with pytest.raises(ShapeError, match=r"inputs must be a 2-D list of rows .* but has "
                                         r"shape \(2,\)"):
        purenn.Layer_Dense(2, 3).forward([1.0, 2.0])


@pytest.mark.parametrize("shape_a, shape_b, message", [
    ((1, 2), (3, 2), r"shapes \(1, 2\) and \(3, 2\) not aligned: 2 \(dim 1\) != 3 \(dim 0\)"),
    ((3,), (2,), r"shapes \(3,\) and \(2,\) not aligned: 3 \(dim 0\) != 2 \(dim 0\)"),
    ((2, 3), (2,), r"shapes \(2, 3\) and \(2,\) not aligned: 3 \(dim 1\) != 2 \(dim 0\)")])
def test_dot_names_both_shapes_when_they_are_not_aligned(ops, shape_a, shape_b, message):
    a, b = ops.array(_filled(shape_a)), ops.array(_filled(shape_b))
    with pytest.raises(ShapeError, match=message):
        ops.dot(a, b)


@pytest.mark.parametrize("op", ["add", "subtract", "multiply", "divide"])
@pytest.mark.parametrize("shape_a, shape_b", [((2, 2), (3, 2)), ((1, 2), (1, 3)),
                                              ((3, 2), (3,)), ((2,), (3,))])
def test_elementwise_operations_name_both_shapes_when_they_cannot_broadcast(
        ops, op, shape_a, shape_b):
    a, b = ops.array(_filled(shape_a)), ops.array(_filled(shape_b))
    message = (r"operands could not be broadcast together with shapes "
               + _shape_text(shape_a) + " and " + _shape_text(shape_b))
    with pytest.raises(ShapeError, match=message):
        getattr(ops, op)(a, b)


def test_layer_dense_backward_names_the_shape_it_expects(ops):
    dense1 = purenn.Layer_Dense(2, 3)
    dense1.forward(BATCH)
    with pytest.raises(ShapeError, match=r"dvalues has shape \(3, 2\) .* \(3, 3\)"):
        dense1.backward([[1.0, 2.0]] * 3)


def test_activation_backward_before_forward_says_so(ops):
    with pytest.raises(ShapeError, match="call forward before backward"):
        purenn.Activation_ReLU().backward(BATCH)


def _filled(shape):
    """A nested list of ``shape`` holding 1.0, 2.0, ..."""
    if len(shape) == 1:
        return [float(i + 1) for i in range(shape[0])]
    return [[float(i * shape[1] + j + 1) for j in range(shape[1])] for i in range(shape[0])]


def _shape_text(shape):
    return {1: r"\({},\)", 2: r"\({}, {}\)"}[len(shape)].format(*shape)


# --- values that are not numbers -------------------------------------------------------------

@pytest.mark.parametrize("inputs, message", [
    ([[1.0, "a"]], r"inputs\[0\]\[1\] is 'a', not a number"),
    ([[1.0, 2.0], [None, 4.0]], r"inputs\[1\]\[0\] is None, not a number"),
    ([[[1.0], [2.0]]], r"inputs\[0\]\[0\] is \[1.0\], not a number"),
    ([[1.0, 2.0], [3.0, [4.0]]], r"inputs\[1\]\[1\] is \[4.0\], not a number")])
def test_layer_dense_forward_names_the_first_value_that_is_not_a_number(ops, inputs, message):
    with pytest.raises(TypeError, match=message):
        purenn.Layer_Dense(2, 3).forward(inputs)


@pytest.mark.parametrize("activation_class", [purenn.Activation_ReLU, purenn.Activation_Softmax])
def test_activation_forward_names_a_value_that_is_not_a_number(ops, activation_class):
    with pytest.raises(TypeError, match=r"inputs\[0\]\[2\] is '3', not a number"):
        activation_class().forward([[1.0, 2.0, "3"]])


def test_loss_names_a_prediction_that_is_not_a_number(ops):
    with pytest.raises(TypeError, match=r"y_pred\[2\]\[0\] is None, not a number"):
        loss_calculate([[0.7, 0.1, 0.2], [0.1, 0.5, 0.4], [None, 0.9, 0.08]], CLASS_TARGETS)


def test_numpy_arrays_of_strings_are_refused(engine):
    np = pytest.importorskip("numpy")
    purenn.init(engine=engine)
    with pytest.raises(TypeError, match="inputs must hold numbers, not <U1"):
        purenn.Layer_Dense(2, 3).forward(np.array([["1", "2"]]))


# --- class targets ---------------------------------------------------------------------------

@pytest.mark.parametrize("call", TARGET_CALLS)
@pytest.mark.parametrize("y_true, message", [
    ([0, 1.0, 1], r"y_true\[1\] is 1.0: class labels must be integers"),
    ([0, 1, 0.5], r"y_true\[2\] is 0.5: class labels must be integers"),
    (["cat", 1, 1], r"y_true\[0\] is 'cat': class labels must be integers"),
    ([0, True, 1], r"y_true\[1\] is True: class labels must be integers")])
def test_class_labels_that_are_not_integers_are_named(ops, call, y_true, message):
    with pytest.raises(TypeError, match=message):
        call(SOFTMAX_OUTPUTS, y_true)


@pytest.mark.parametrize("call", TARGET_CALLS)
@pytest.mark.parametrize("y_true, message", [
    ([0, -1, 1], r"y_true\[1\] is -1, outside the 3 classes \[0, 2\]"),
    ([0, 1, 3], r"y_true\[2\] is 3, outside the 3 classes \[0, 2\]")])
def test_class_labels_out_of_range_are_named(ops, call, y_true, message):
    with pytest.raises(ValueError, match=message):
        call(SOFTMAX_OUTPUTS, y_true)


@pytest.mark.parametrize("call", TARGET_CALLS)
def test_numpy_labels_are_checked_like_lists(engine, call):
    np = pytest.importorskip("numpy")
    purenn.init(engine=engine)
    with pytest.raises(TypeError, match="y_true must hold integer class indices, not float64"):
        call(SOFTMAX_OUTPUTS, np.array([0.0, 1.0, 1.0]))
    with pytest.raises(ValueError, match=r"y_true\[2\] is 3, outside the 3 classes \[0, 2\]"):
        call(SOFTMAX_OUTPUTS, np.array([0, 1, 3], dtype=np.uint8))


@pytest.mark.parametrize("call", TARGET_CALLS)
def test_label_count_different_from_sample_count_names_both_shapes(ops, call):
    with pytest.raises(ShapeError, match=r"y_true has 2 labels for 3 samples "
                                         r"\(shapes \(2,\) and \(3, 3\)\)"):
        call(SOFTMAX_OUTPUTS, [0, 1])


@pytest.mark.parametrize("call", TARGET_CALLS)
def test_one_hot_width_different_from_classes_names_both_shapes(ops, call):
    with pytest.raises(ShapeError, match=r"one-hot y_true has width 2 but the predictions have "
                                         r"3 classes \(shapes \(3, 2\) and \(3, 3\)\)"):
        call(SOFTMAX_OUTPUTS, [[1, 0], [0, 1], [0, 1]])


# --- empty batches ---------------------------------------------------------------------------

def test_layer_dense_forward_refuses_an_empty_batch(ops):
    with pytest.raises(ShapeError, match=r"but has shape \(0,\)"):
        purenn.Layer_Dense(2, 3).forward([])
    with pytest.raises(ShapeError, match=r"inputs is empty \(shape \(1, 0\)\)"):
        purenn.Layer_Dense(2, 3).forward([[]])


@pytest.mark.parametrize("call", TARGET_CALLS)
def test_loss_and_accuracy_refuse_an_empty_batch(ops, call):
    name = PREDICTIONS_NAME[call]
    with pytest.raises(ShapeError, match=rf"{name} must be a 2-D list .* but has shape \(0,\)"):
        call([], [])


def test_numpy_arrays_with_no_samples_are_an_empty_batch(engine):
    np = pytest.importorskip("numpy")
    purenn.init(engine=engine)
    with pytest.raises(ShapeError, match=r"inputs is empty \(shape \(0, 2\)\)"):
        purenn.Layer_Dense(2, 3).forward(np.zeros((0, 2), dtype=np.float32))


# --- init and seeds --------------------------------------------------------------------------

@pytest.mark.parametrize("seed", [-1, 2**32, 2**64])
def test_init_refuses_a_seed_outside_0_to_2_to_the_32(seed):
    with pytest.raises(ValueError, match=rf"seed must be in \[0, 2\*\*32\) .* not {seed}"):
        purenn.init(seed=seed)


@pytest.mark.parametrize("seed", [-1, 2**32])
def test_random_seed_refuses_a_seed_outside_0_to_2_to_the_32(seed):
    with pytest.raises(ValueError, match=rf"seed must be in \[0, 2\*\*32\) .* not {seed}"):
        purenn.random.seed(seed)


@pytest.mark.parametrize("seed", [1.5, "0", None])
def test_seeds_that_are_not_integers_are_refused(seed):
    with pytest.raises(TypeError, match=r"seed must be an integer in \[0, 2\*\*32\)"):
        purenn.init(seed=seed)
    with pytest.raises(TypeError, match=r"seed must be an integer in \[0, 2\*\*32\)"):
        purenn.random.seed(seed)


def test_the_largest_seed_is_accepted():
    purenn.init(seed=2**32 - 1)
    purenn.random.seed(2**32 - 1)


@pytest.mark.parametrize("kwargs, message", [
    ({"dtype": "float16"}, r"dtype must be 'float32' or 'float64', not 'float16'"),
    ({"dtype": "double"}, r"dtype must be 'float32' or 'float64', not 'double'"),
    ({"engine": "torch"}, r"engine must be 'python' or 'numpy', not 'torch'"),
    ({"engine": "Python"}, r"engine must be 'python' or 'numpy', not 'Python'"),
    ({"seed": -1}, r"seed must be in")])
def test_init_refuses_bad_names_and_changes_nothing(kwargs, message):
    # The settings and the random stream's next number, before and after a refused init
    purenn.random.seed(0)
    before = (config.settings.dtype, config.settings.engine, purenn.random.randn())
    purenn.random.seed(0)
    with pytest.raises(ValueError, match=message):
        purenn.init(**kwargs)
    after = (config.settings.dtype, config.settings.engine, purenn.random.randn())
    assert after == before


# --- inputs are never modified ---------------------------------------------------------------

def _chapter_2_to_9_calls(X, y, dvalues):
    """Every public forward, backward, calculate and accuracy on one batch."""
    dense1 = purenn.Layer_Dense(2, 3)
    activation1 = purenn.Activation_ReLU()
    dense2 = purenn.Layer_Dense(3, 3)
    activation2 = purenn.Activation_Softmax()
    loss_function = purenn.Loss_CategoricalCrossentropy()
    loss_activation = purenn.Activation_Softmax_Loss_CategoricalCrossentropy()

    dense1.forward(X)
    activation1.forward(dense1.output)
    dense2.forward(activation1.output)
    activation2.forward(dense2.output)
    loss_function.calculate(activation2.output, y)
    purenn.accuracy(activation2.output, y)
    loss_activation.forward(dense2.output, y)

    loss_function.backward(dvalues, y)
    activation2.backward(dvalues)
    loss_activation.backward(dvalues, y)
    dense2.backward(loss_activation.dinputs)
    activation1.backward(dense2.dinputs)
    dense1.backward(activation1.dinputs)
    return [dense1, activation1, dense2, activation2]


@pytest.mark.parametrize("targets", [CLASS_TARGETS, ONE_HOT_TARGETS])
def test_forward_backward_calculate_and_accuracy_never_modify_lists(ops, targets):
    X, y, dvalues = copy.deepcopy(BATCH), copy.deepcopy(targets), copy.deepcopy(SOFTMAX_OUTPUTS)
    _chapter_2_to_9_calls(X, y, dvalues)
    assert (X, y, dvalues) == (BATCH, targets, SOFTMAX_OUTPUTS)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("targets", [CLASS_TARGETS, ONE_HOT_TARGETS])
@pytest.mark.parametrize("array_dtype", ["float32", "float64"])
def test_forward_backward_calculate_and_accuracy_never_modify_numpy_arrays(
        engine, dtype, targets, array_dtype):
    # NumPy arrays in either engine; in the numpy engine an array of its own dtype is used
    # as it is, without a copy: it must still come out unchanged
    np = pytest.importorskip("numpy")
    purenn.init(engine=engine, dtype=dtype)
    label_dtype = np.uint8 if targets is CLASS_TARGETS else array_dtype
    X = np.array(BATCH, dtype=array_dtype)
    y = np.array(targets, dtype=label_dtype)
    dvalues = np.array(SOFTMAX_OUTPUTS, dtype=array_dtype)
    saved = [a.copy() for a in (X, y, dvalues)]
    objects = _chapter_2_to_9_calls(X, y, dvalues)
    for array, before in zip((X, y, dvalues), saved):
        assert array.dtype == before.dtype and np.array_equal(array, before)
    # What the objects remember of their inputs is unchanged too
    assert np.array_equal(np.asarray(objects[0].inputs), np.asarray(BATCH, dtype=dtype))


# --- what the python engine converts ------------------------------------------------------

def test_an_array_the_engine_made_is_checked_and_copied_by_the_next_object():
    # Issue 15: a list the engine made may have been edited since, so it is checked and
    # copied at every call (it used to pass as it was, as np.asarray passes an array)
    purenn.init(engine="python")
    dense, relu = purenn.Layer_Dense(2, 3), purenn.Activation_ReLU()
    dense.forward(BATCH)
    relu.forward(dense.output)
    assert relu.inputs == dense.output and relu.inputs is not dense.output
    relu.backward(relu.output)
    dense.backward(relu.dinputs)
    assert dense.dweights is not None


@pytest.mark.parametrize("dtype", DTYPES)
def test_a_list_the_engine_did_not_make_is_checked_and_converted(dtype):
    ops = purenn.init(engine="python", dtype=dtype)
    dense, relu = purenn.Layer_Dense(2, 3), purenn.Activation_ReLU()
    dense.forward(BATCH)
    # A copy of an engine array, with values that float32 cannot hold
    copied = [[x + 0.1 for x in row] for row in dense.output]
    relu.forward(copied)
    assert relu.inputs == ops.array(copied)
    if dtype == "float32":
        assert relu.inputs is not copied and relu.inputs != copied
    # A copy with something that is not a number is named, not used
    copied[1][2] = "0.5"
    with pytest.raises(TypeError, match=r"inputs\[1\]\[2\] is '0.5', not a number"):
        relu.forward(copied)
