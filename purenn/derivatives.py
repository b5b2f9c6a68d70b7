"""Derivatives the numerical way (book chapter 7): slopes, the approximate derivative, and
the tangent line it gives.

The chapter measures the *impact* of x on y = f(x). For a straight line that is the
slope between any two points; for a curve it is the slope of the tangent line at x, which
the book approximates with a second point a small delta away (0.0001):

    approximate_derivative(f, x, delta=0.0001)   (f(x + delta) - f(x)) / ((x + delta) - x)
    tangent_line(f, x, delta=0.0001)             that slope, the intercept b, and the line
    slope(p1, p2)                                 rise over run between two points

Everything is plain Python float64, computed in the book's order, so the book's digits
come out: ``approximate_derivative(f_quadratic, 1)`` is 4.0001999999987845, not 4.

Left out: the analytical derivatives of the chapter's second half (they are rules on
paper, not code), and the plots (``TangentLine.to_plot`` gives the points to draw).
"""
import math

from .engine.shapes import raise_non_number
from .tools.notebook import pretty, tangent_text

# The book's delta: small enough to approximate the derivative well, large enough that
# x + delta still differs from x in float64
P2_DELTA = 0.0001


def f_linear(x):
    """The book's first example function, y = 2x (a straight line of slope 2)."""
    return 2 * x


def f_quadratic(x):
    """The book's curve, y = 2x**2 (a parabola; its derivative is 4x)."""
    return 2 * x ** 2


def function_points(f, x_values):
    """The points (x, f(x)) for each x, as two lists: ``x = np.array(range(5)); y = f(x)``.

    x_values: any iterable of numbers, e.g. ``range(5)`` -> x (n,), y (n,). Ints stay
    ints (2x of an int is an int), so ``purenn.tools.printing.array_str`` prints them as NumPy
    prints an integer array: ``[0 2 4 6 8]``.
    """
    x = list(x_values)
    raise_non_number(x, "x_values", 1)
    # Calculate the function's output for each input
    y = [f(value) for value in x]
    return x, y


def arange(start, stop, step):
    """Evenly spaced floats from start up to (not including) stop: np.arange(start, stop, step).

    As NumPy does it: ceil((stop - start) / step) values; the first is start, the second
    start + step, and the i-th (i >= 2) start + i * ((start + step) - start), so the
    values are NumPy's to the last bit. Used by the book for a smooth curve:
    ``arange(0, 5, 0.001)`` (5000 values).
    """
    # Differs from NumPy: always floats (np.arange(0, 5, 1) would be an int array)
    for value, name in ((start, "start"), (stop, "stop"), (step, "step")):
        raise_non_number(value, name, 0)
        if not math.isfinite(value):
            raise ValueError(f"{name} must be a finite number, not {value!r}")
    if step == 0:
        raise ValueError("step must not be 0 (arange would never reach stop)")
    # Floats from here on, as np.arange(float(start), float(stop), float(step))
    start, stop, step = float(start), float(stop), float(step)
    length = max(0, math.ceil((stop - start) / step))
    if length == 0:
        return []
    # The first two values, then each one from the difference between them
    second = start + step
    delta = second - start
    values = [float(start), float(second)] + [start + i * delta for i in range(2, length)]
    return values[:length]


def slope(p1, p2):
    """Rise over run, the slope of the straight line through two points (x, y):

    (p2y - p1y) / (p2x - p1x), as the book's ``(y[1]-y[0]) / (x[1]-x[0])``.
    A division in Python gives a float (2.0), as NumPy's division of two int arrays does.
    """
    (x1, y1), (x2, y2) = _point(p1, "p1"), _point(p2, "p2")
    if x2 == x1:
        raise ValueError(f"the points {p1} and {p2} have the same x: the line through them "
                         f"is vertical and has no slope (the change in x is 0)")
    # Change in y divided by change in x
    delta_y = y2 - y1
    delta_x = x2 - x1
    return delta_y / delta_x


def _point(point, name):
    if not hasattr(point, "__len__") or len(point) != 2:
        raise ValueError(f"{name} must be a point (x, y), not {point!r}")
    raise_non_number(point, name, 1)
    return point


def approximate_derivative(f, x, delta=P2_DELTA):
    """The numerical derivative of f at x: the slope between x and a point delta away.

    (f(x + delta) - f(x)) / ((x + delta) - x), in the book's order, so that the rounding
    is the book's: for f(x) = 2x**2 at x = 1 this is 4.0001999999987845. (Dividing by
    ``delta`` instead of ``(x + delta) - x`` would give other last digits.)
    """
    return tangent_line(f, x, delta).approximate_derivative


def tangent_line(f, x, delta=P2_DELTA):
    """The approximate tangent line of f at x: a TangentLine holding the book's x1, y1, x2,
    y2, approximate_derivative (the slope m) and b (the y-intercept), callable as the line
    y = approximate_derivative * x + b.
    """
    if not callable(f):
        raise TypeError(f"f must be a function of one number, not {f!r}")
    for value, name in ((x, "x"), (delta, "delta")):
        raise_non_number(value, name, 0)
        if not math.isfinite(value):
            raise ValueError(f"{name} must be a finite number, not {value!r}")
    # The point and the "close enough" point
    x1 = x
    x2 = x1 + delta
    if x2 == x1:
        raise ValueError(f"delta {delta!r} is too small for x = {x!r}: x + delta rounds back "
                         f"to x in float64, so the change in x would be 0")
    # The function's value at the derivation point and at the close point
    y1 = f(x1)
    y2 = f(x2)
    return TangentLine(x1, y1, x2, y2)


class TangentLine:
    """The straight line through (x1, y1) and (x2, y2), two points of a curve delta apart.

    Attributes, the book's names: x1, y1 (the derivation point), x2, y2 (the close
    point), approximate_derivative (the slope m = (y2 - y1) / (x2 - x1)) and b (the
    y-intercept, b = y2 - m * x2). Calling the line gives y = m * x + b.
    """

    def __init__(self, x1, y1, x2, y2):
        self.x1 = x1
        self.y1 = y1
        self.x2 = x2
        self.y2 = y2
        # Derivative approximation and y-intercept for the tangent line
        self.approximate_derivative = (y2 - y1) / (x2 - x1)
        self.b = y2 - self.approximate_derivative * x2

    def __repr__(self):
        return (f"TangentLine(x1={self.x1!r}, y1={self.y1!r}, x2={self.x2!r}, y2={self.y2!r}, "
                f"approximate_derivative={self.approximate_derivative!r}, b={self.b!r})")

    # In a notebook: the repr, then the slope and the intercept
    _repr_pretty_ = pretty(tangent_text)

    def __call__(self, x):
        """y on the tangent line at x: approximate_derivative * x + b."""
        return self.approximate_derivative * x + self.b

    def to_plot(self, half_width=0.9):
        """The points the book draws the line through: x1 - 0.9, x1, x1 + 0.9 and their y."""
        xs = [self.x1 - half_width, self.x1, self.x1 + half_width]
        return xs, [self(point) for point in xs]
