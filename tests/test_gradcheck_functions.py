"""purenn.gradcheck at its boundary (issue 9, item 5), and checking a learner's own
forward/backward functions written on plain lists (issue 12)."""
import pytest

import purenn
from purenn.gradcheck import check_gradients, relative_error
from purenn.shapes import ShapeError


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
