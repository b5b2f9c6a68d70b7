# %%
"""Chapter 7 of the book, Derivatives: the slope of a line, the numerical derivative of a
curve, and its tangent lines, printing what the book prints.

    python examples/ch07_derivatives.py
    python examples/ch07_derivatives.py --plot tangents.png   # y = 2x**2 and its tangents

The book's chapter 7 computes with Python floats and small integer arrays, and so does
purenn.derivatives: --engine is accepted, as by every example, and changes nothing here.
"""
import os
import sys

# The purenn of this clone, installed or not (no __file__, so that a notebook runs it too):
# the folder above examples/ (run as a script) or above the notebook's folder holds purenn/
# and examples/ (plotting.py)
for folder in (sys.path[0], os.getcwd()):
    root = os.path.dirname(os.path.abspath(folder or os.curdir))
    if os.path.isfile(os.path.join(root, "purenn", "__init__.py")):
        sys.path[:0] = [root, os.path.join(root, "examples")]
        break

from purenn import show  # noqa: E402
from purenn.tools.cli import example_parser, parse_example_args, script_argv  # noqa: E402
import plotting  # noqa: E402  (examples/plotting.py, beside this file)
from purenn.derivatives import (approximate_derivative, f_linear, f_quadratic,  # noqa: E402
                                function_points, slope, tangent_line)


# %%
def print_tangent_line(x1):
    """The book's two points (x1 and x1 + 0.0001) and the approximate derivative at x1."""
    line = tangent_line(f_quadratic, x1)
    print((line.x1, line.y1), (line.x2, line.y2))
    print("Approximate derivative for f(x)",
          f"where x = {line.x1} is {line.approximate_derivative}")


# %%
def run_example(plot=None):
    print("== The Slope ==")
    # y = 2x at x = 0..4, and the slope between the first two points
    x, y = function_points(f_linear, range(5))
    show(x)
    show(y)
    show(slope((x[0], y[0]), (x[1], y[1])))
    # y = 2x**2: the slope depends on which two points we take
    x, y = function_points(f_quadratic, range(5))
    show(x)
    show(y)
    show(slope((x[0], y[0]), (x[1], y[1])))
    show(slope((x[2], y[2]), (x[3], y[3])))

    print("== The Numerical Derivative ==")
    # The slope between x = 1 and a point p2_delta = 0.0001 away
    print(approximate_derivative(f_quadratic, 1))

    print("== The Numerical Derivative: the tangent line at x = 2 ==")
    print_tangent_line(2)

    print("== The Numerical Derivative: at x = 0, 1, 2, 3 and 4 ==")
    for x1 in range(5):
        print_tangent_line(x1)

    if plot:
        plotting.plot_tangents(f_quadratic, range(5), plot, title="y = 2x**2 and its tangents")
        print(f"wrote {plot}")


# %%
def parse_args(argv=None):
    # --engine is accepted, as by every example; chapter 7 is plain Python floats
    parser = example_parser(__doc__, plot="y = 2x**2 and its tangent lines at x = 0..4")
    return parse_example_args(parser, argv, require_plotting=plotting.require_matplotlib)


# %%
def main(argv=None):
    """Run as a script, with the command line's options (in a notebook, the defaults)."""
    run_example(parse_args(argv).plot)


if __name__ == "__main__":
    main(script_argv())
