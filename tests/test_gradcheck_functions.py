"""purenn.gradcheck at its boundary (issue 9, item 5), and checking a learner's own
forward/backward functions written on plain lists (issue 12)."""
import math

import pytest

import purenn
from purenn.gradcheck import check_function, check_gradients, relative_error
from purenn.engine.shapes import ShapeError


# --- relative_error: arrays of different shapes are an error, not a truncated zip ---

@pytest.mark.parametrize("analytic, numerical", [
    ([[1., 2., 3.]], [[1.]]),
    ([[5.]], []),
    ([[1., 2.], [3., 4.]], [[1., 2.]]),
    ([[1., 2.]], [[1.], [2.]]),
])
def test_relative_error_refuses_arrays_of_different_shapes(analytic, numerical):
    with pytest.raises(ShapeError, match="analytic has shape .* but numerical has shape"):
        relative_error(analytic, numerical)


def test_relative_error_of_equal_shapes():
    # |a - n| / (|a| + |n|) = sqrt(1) / (sqrt(1 + 4) + sqrt(4 + 4)), stated to 1e-15
    mine = relative_error([[1., 2.]], [[2., 2.]])
    gold = 1 / (5 ** 0.5 + 8 ** 0.5)
    assert abs(mine - gold) < 1e-15, (mine, gold)
    assert relative_error([[0., 0.]], [[0., 0.]]) == 0.0


# --- check_gradients checks its inputs before nudging anything ---

def test_check_gradients_refuses_a_ragged_batch(engine):
    purenn.init(dtype="float64", engine=engine)
    with pytest.raises(ShapeError, match="inputs is not homologous"):
        check_gradients(purenn.Layer_Dense(2, 3), [[1., 2.], [3.]])


def test_check_gradients_refuses_1d_inputs(engine):
    purenn.init(dtype="float64", engine=engine)
    with pytest.raises(ShapeError, match=r"inputs must be a 2-D list .* shape \(2,\)"):
        check_gradients(purenn.Layer_Dense(2, 3), [1., 2.])


@pytest.mark.parametrize("delta", [0, 0.0, -1e-6])
def test_check_gradients_refuses_a_delta_that_is_not_positive(engine, delta):
    purenn.init(dtype="float64", engine=engine)
    with pytest.raises(ValueError, match="delta must be a positive number"):
        check_gradients(purenn.Layer_Dense(2, 3), [[1., 2.]], delta=delta)


@pytest.mark.parametrize("delta", ["1e-6", None, float("nan"), float("inf")])
def test_check_gradients_refuses_a_delta_that_is_not_a_number(engine, delta):
    purenn.init(dtype="float64", engine=engine)
    with pytest.raises((TypeError, ValueError), match="delta must be a positive"):
        check_gradients(purenn.Layer_Dense(2, 3), [[1., 2.]], delta=delta)


def test_check_gradients_refuses_dvalues_of_the_wrong_shape(engine):
    purenn.init(dtype="float64", engine=engine)
    with pytest.raises(ShapeError, match=r"dvalues has shape \(1, 2\)"):
        check_gradients(purenn.Layer_Dense(2, 3), [[1., 2.]], dvalues=[[1., 2.]])


# --- check_function: a learner's own forward and backward, plain functions on lists ---

def softmax(z):
    exp_values = [math.exp(value - max(z)) for value in z]
    total = math.fsum(exp_values)
    return [value / total for value in exp_values]


def jacobian_backward(a, dvalues):
    """(diag(a) - a a^T) . dvalues."""
    return [math.fsum(((a[i] if i == j else 0.0) - a[i] * a[j]) * dvalues[j]
                      for j in range(len(a))) for i in range(len(a))]


def notebook_backward(a, dvalues):
    """The notebook's np.dot((np.identity(n) - a.T) * a, dvalues) for a 1-D a."""
    return [math.fsum(((1.0 if i == j else 0.0) - a[j]) * a[j] * dvalues[j]
                      for j in range(len(a))) for i in range(len(a))]


# One sample of the notebook (bias feature appended), true class 2, and a W to check at
X_SAMPLE = [5.0, 4.0, 6.0, 3.0, 6.0, 1.0]
LABEL = 2
W_CHECK = [[0.3, -0.1, 0.2, 0.05, 0.1, 0.01],
           [-0.2, 0.1, 0.0, 0.1, -0.1, 0.01],
           [0.0, 0.2, -0.1, 0.1, 0.05, 0.01]]


def loss_and_gradient(backward):
    """forward(W) -> the sample's cross-entropy; backward(dloss) -> dL/dW via ``backward``."""
    y = [1.0 if k == LABEL else 0.0 for k in range(3)]
    kept = {}

    def forward(W):
        z = [math.fsum(w * x for w, x in zip(row, X_SAMPLE)) for row in W]
        kept["a"] = softmax(z)
        return -math.log(kept["a"][LABEL])

    def gradient(dloss):
        a = kept["a"]
        grad_z = backward(a, [-y_k / a_k for y_k, a_k in zip(y, a)])
        return [[dloss * g * x for x in X_SAMPLE] for g in grad_z]

    return forward, gradient


def test_check_function_passes_the_jacobian_backward():
    forward, gradient = loss_and_gradient(jacobian_backward)
    result = check_function(forward, gradient, W_CHECK, name="dW")
    assert result.passed(), result.report()
    assert result.wrong_entries() == []
    assert "dW: relative error" in result.report() and "(ok," in result.report()


def test_check_function_names_the_wrong_entries_of_the_notebook_backward():
    forward, gradient = loss_and_gradient(notebook_backward)
    result = check_function(forward, gradient, W_CHECK, name="dW")
    assert not result.passed()
    wrong = result.wrong_entries()
    # Every entry of the two other classes' rows is wrong, and the true class's row is right
    assert [index for index, _, _ in wrong] == [f"dW[{i}][{j}]" for i in (0, 1)
                                                for j in range(6)]
    # ... where the notebook's rows are a_true * x
    forward(W_CHECK)
    a_true = softmax([math.fsum(w * x for w, x in zip(row, X_SAMPLE)) for row in W_CHECK])[LABEL]
    for (index, mine, _), x in zip(wrong, X_SAMPLE * 2):
        assert abs(mine - a_true * x) < 1e-12, (index, mine, a_true * x)
    report = result.report()
    assert "WRONG" in report and "12 wrong entries" in report and "dW[1][5]: backward" in report


def test_check_function_on_a_vector_function_with_random_dvalues():
    # softmax itself: forward(z) -> a, backward(dvalues) -> the Jacobian times dvalues
    kept = {}

    def forward(z):
        kept["a"] = softmax(z)
        return kept["a"]

    def backward(dvalues):
        return jacobian_backward(kept["a"], dvalues)

    assert check_function(forward, backward, [1.0, -0.5, 2.0, 0.25]).passed()
    assert not check_function(
        forward, lambda d: notebook_backward(kept["a"], d), [1.0, -0.5, 2.0, 0.25]).passed()


def test_check_function_on_rows():
    # A batch function: y = x * x elementwise on rows; backward 2 x dvalues
    kept = {}

    def forward(rows):
        kept["x"] = rows
        return [[x * x for x in row] for row in rows]

    def backward(dvalues):
        return [[2 * x * d for x, d in zip(x_row, d_row)]
                for x_row, d_row in zip(kept["x"], dvalues)]

    inputs = [[1.0, 2.0], [-3.0, 0.5]]
    result = check_function(forward, backward, inputs)
    assert result.passed(), result.report()
    assert inputs == [[1.0, 2.0], [-3.0, 0.5]]


def test_check_function_boundary():
    identity = (lambda x: x, lambda d: d)
    with pytest.raises(TypeError, match="forward and backward must be functions"):
        check_function([1.0], identity[1], [1.0])
    with pytest.raises(ShapeError, match="inputs must be a list"):
        check_function(*identity, 3.0)
    with pytest.raises(ShapeError, match="inputs must be a list"):
        check_function(*identity, [])
    with pytest.raises(ShapeError, match="inputs is not homologous"):
        check_function(*identity, [[1.0], [1.0, 2.0]])
    with pytest.raises(ValueError, match="delta must be a positive number"):
        check_function(*identity, [1.0], delta=0)
    with pytest.raises(ShapeError, match=r"dvalues has shape \(3,\) but the output of "
                                         r"forward has shape \(2,\)"):
        check_function(*identity, [1.0, 2.0], dvalues=[1.0, 2.0, 3.0])
    with pytest.raises(ShapeError, match=r"what backward returned has shape \(1,\) but "
                                         r"inputs has shape \(2,\)"):
        check_function(lambda x: x, lambda d: d[:1], [1.0, 2.0])
