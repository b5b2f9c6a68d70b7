"""purenn.derivatives beyond the book's printed values: the tangent line, the errors at the
boundary, and arange against NumPy's (exact, to the last bit).
"""
import math

import pytest

from purenn.derivatives import (P2_DELTA, TangentLine, approximate_derivative, arange,
                                f_linear, f_quadratic, function_points, slope, tangent_line)


def test_tangent_line_holds_the_books_intercept_and_is_callable():
    line = tangent_line(f_quadratic, 2)
    # b = y2 - approximate_derivative * x2, and the line passes through (x2, y2) (exact
    # up to one rounding: tolerance 1 ulp of y2)
    assert line.b == line.y2 - line.approximate_derivative * line.x2
    assert abs(line(line.x2) - line.y2) <= math.ulp(line.y2)
    assert line(0.0) == line.b
    xs, ys = line.to_plot()
    assert xs == [2 - 0.9, 2, 2 + 0.9]
    assert ys == [line(x) for x in xs]
    assert repr(line).startswith("TangentLine(x1=2, y1=8, x2=2.0001, ")


def test_approximate_derivative_is_the_tangent_lines_slope():
    for x in (0, 1, 2.5, -3):
        assert approximate_derivative(f_quadratic, x) == \
            tangent_line(f_quadratic, x).approximate_derivative


@pytest.mark.parametrize("x", [-4.0, -1.0, 0.0, 0.5, 3.0])
def test_approximate_derivative_of_2x_squared_is_4x_plus_2_delta(x):
    # Forward difference of 2x**2: exactly 4x + 2*delta in real numbers; float64 rounding
    # of f(x + delta) - f(x) divided by delta leaves at most ~1e-11 here (tolerance 1e-9)
    assert abs(approximate_derivative(f_quadratic, x) - (4 * x + 2 * P2_DELTA)) < 1e-9
    # A straight line's slope comes back up to rounding (tolerance 1e-9)
    assert abs(approximate_derivative(f_linear, x) - 2.0) < 1e-9


def test_smaller_delta_moves_closer_to_the_analytical_derivative():
    error_large = abs(approximate_derivative(f_quadratic, 1, delta=0.1) - 4.0)
    error_small = abs(approximate_derivative(f_quadratic, 1) - 4.0)
    assert error_small < error_large


def test_delta_that_rounds_away_is_a_clear_error():
    with pytest.raises(ValueError, match="too small for x = 1e\\+20"):
        approximate_derivative(f_quadratic, 1e20)
    with pytest.raises(ValueError, match="too small"):
        approximate_derivative(f_quadratic, 1.0, delta=0)


def test_bad_arguments_are_reported():
    with pytest.raises(ValueError, match="finite"):
        tangent_line(f_quadratic, math.inf)
    with pytest.raises(TypeError, match="not a number"):
        tangent_line(f_quadratic, "1")
    with pytest.raises(TypeError, match="function"):
        tangent_line(42, 1.0)


def test_slope_is_rise_over_run():
    assert slope((0, 0), (1, 2)) == 2.0
    assert slope((2, 8), (3, 18)) == 10.0
    assert isinstance(slope((0, 0), (1, 2)), float)
    with pytest.raises(ValueError, match="vertical"):
        slope((1, 0), (1, 5))
    with pytest.raises(ValueError, match="point"):
        slope((1, 2, 3), (1, 5))


def test_function_points_keep_ints_and_never_modify_the_input():
    x_values = [0, 1, 2]
    x, y = function_points(f_quadratic, x_values)
    assert (x, y) == ([0, 1, 2], [0, 2, 8])
    assert all(type(v) is int for v in y)
    x.append(99)
    assert x_values == [0, 1, 2]


def test_tangent_line_class_repr_round_trips_its_values():
    line = TangentLine(1, 2, 1.0001, 2.00040002)
    assert f"x2={line.x2!r}" in repr(line)


ARANGE_CASES = [(0, 5, 0.001), (0.1, 1.0, 0.3), (-1, 1, 0.1), (1.5, -2.3, -0.07),
                (0, 5, 1), (3, 1, 1), (0.1, 0.1, 0.1), (1e-3, 7.3, 0.013)]


@pytest.mark.parametrize("start, stop, step", ARANGE_CASES)
def test_arange_equals_numpy_bit_for_bit(start, stop, step):
    np = pytest.importorskip("numpy")
    mine = arange(start, stop, step)
    gold = np.arange(start, stop, step, dtype=np.float64).tolist()
    # exact: same length, same float64 values
    assert mine == gold


def test_arange_random_ranges_equal_numpy():
    np = pytest.importorskip("numpy")
    hypothesis = pytest.importorskip("hypothesis")
    st = hypothesis.strategies

    @hypothesis.settings(max_examples=200, deadline=None)
    @hypothesis.given(st.floats(-100, 100), st.floats(1e-3, 3), st.integers(0, 400),
                      st.booleans())
    def check(start, step, count, downward):
        step = -step if downward else step
        stop = start + step * count
        mine = arange(start, stop, step)
        gold = np.arange(start, stop, step, dtype=np.float64).tolist()
        assert mine == gold, (start, stop, step)

    check()


def test_arange_rejects_a_zero_step():
    with pytest.raises(ValueError, match="step must not be 0"):
        arange(0, 1, 0)
