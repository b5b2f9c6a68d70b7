# %%
"""Chapter 8 of the book, Gradients, Partial Derivatives, and the Chain Rule: the book's
worked examples, computed numerically next to the answers it derives on paper.

    python examples/ch08_gradients.py

The book prints nothing in this chapter: it derives rules. Here each partial derivative is
chapter 7's numerical derivative (purenn.derivatives.approximate_derivative) taken along one
input while the others are held constant, and the chain rule is followed through a neuron
with purenn.neuron. Plain Python floats, as the book: --engine changes nothing here.
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

from purenn.derivatives import approximate_derivative
from purenn.neuron import NeuronWalkthrough
from purenn.tools.cli import example_parser, parse_example_args, script_argv  # noqa: E402


# %%
def partial_derivative(f, point, i):
    """df / d(input i) at ``point``: the numerical derivative along input i, the other
    inputs treated as constants (the book: "the same as for derivatives ... for each of the
    independent inputs")."""
    def along_input_i(value):
        moved = list(point)
        moved[i] = value
        return f(*moved)
    return approximate_derivative(along_input_i, point[i])


# %%
def gradient(f, point):
    """The vector of all partial derivatives of f at ``point``."""
    return [partial_derivative(f, point, i) for i in range(len(point))]


# %%
def show_gradient(text, f, point, book_text, book_partials):
    """The numerical partial derivatives next to the book's, evaluated at the same point."""
    print(f"f = {text} at {point}")
    print(f"  numerical: {gradient(f, point)}")
    print(f"  the book's {book_text}: {[partial(*point) for partial in book_partials]}")


# %%
def run_example():
    print("== The Partial Derivative of a Sum ==")
    show_gradient("x + y", lambda x, y: x + y, (2, 3),
                  "1, 1", [lambda x, y: 1, lambda x, y: 1])
    show_gradient("2x + 3y**2", lambda x, y: 2 * x + 3 * y ** 2, (2, 3),
                  "2, 6y", [lambda x, y: 2, lambda x, y: 6 * y])
    show_gradient("3x**3 - y**2 + 5x + 2", lambda x, y: 3 * x ** 3 - y ** 2 + 5 * x + 2, (2, 3),
                  "9x**2 + 5, -2y", [lambda x, y: 9 * x ** 2 + 5, lambda x, y: -2 * y])

    print("== The Partial Derivative of Multiplication ==")
    # x from 1 to 2 with y = 3: the product goes from 3 to 6, it changes by y
    def product(x, y):
        return x * y
    print(f"x * y at (1, 3): {product(1, 3)}; at (2, 3): {product(2, 3)}")
    show_gradient("x * y", product, (1, 3), "y, x", [lambda x, y: y, lambda x, y: x])
    show_gradient("3x**3z - y**2 + 5z + 2yz",
                  lambda x, y, z: 3 * x ** 3 * z - y ** 2 + 5 * z + 2 * y * z, (1, 2, 3),
                  "9x**2z, -2y + 2z, 3x**3 + 5 + 2y",
                  [lambda x, y, z: 9 * x ** 2 * z, lambda x, y, z: -2 * y + 2 * z,
                   lambda x, y, z: 3 * x ** 3 + 5 + 2 * y])

    print("== The Partial Derivative of Max ==")
    # 1 where x is the larger input, 0 where it is not: 1(x > y)
    for point in [(3, 1), (1, 3)]:
        print(f"d max(x, y) / dx at {point}: {partial_derivative(max, point, 0)}")
    # The ReLU's derivative: 1(x > 0)
    for x in [2, -2]:
        print(f"d max(x, 0) / dx at x = {x}: {partial_derivative(max, (x, 0), 0)}")

    print("== The Chain Rule ==")
    # h(x) = f(g(x)) with g(x) = 2x**2 and f(y) = 3y**5; the book simplifies h'(x) to 960x**9
    def g(x):
        return 2 * x ** 2

    def f(y):
        return 3 * y ** 5

    # (numerical derivatives with the book's delta of 0.0001: close to 960, not equal)
    x = 1
    print(f"h'(1) numerical: {approximate_derivative(lambda value: f(g(value)), x)}")
    # The chain rule: the outer derivative at the inner value, times the inner derivative
    outer = approximate_derivative(f, g(x))
    inner = approximate_derivative(g, x)
    print(f"f'(g(1)) * g'(1): {outer} * {inner} = {outer * inner}")
    print(f"the book's 960x**9 at x = 1: {960 * x ** 9}")

    print("== The Chain Rule: through a neuron (chapter 9 walks through it) ==")
    # ReLU(x0*w0 + x1*w1 + x2*w2 + b): each derivative is the next one's times its own
    neuron = NeuronWalkthrough(x=[1.0, -2.0, 3.0], w=[-3.0, -1.0, 2.0], b=1.0)
    neuron.forward()
    neuron.backward()
    for step in neuron.steps:
        if step.stage == "backward":
            print(f"{step.name} = {step.formula} = {step.numbers} = {step.value}")


# %%
def parse_args(argv=None):
    # --engine is accepted, as by every example; chapter 8 is plain Python floats
    return parse_example_args(example_parser(__doc__), argv)


# %%
def main(argv=None):
    """Run as a script, with the command line's options (in a notebook, the defaults)."""
    parse_args(argv)
    run_example()


if __name__ == "__main__":
    main(script_argv())
