# %%
"""Chapter 4 of the book, Activation Functions: ReLU and softmax, printing what the book
prints.

    python examples/ch04_activations.py                     # lists and loops
    python examples/ch04_activations.py --engine numpy      # NumPy arrays
    python examples/ch04_activations.py --plot graphs.png   # also draw ReLU, exp, softmax

The spiral-data scripts start with nnfs.init() in the book, purenn.init() here (seed 0,
float32); the other snippets are float64.
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

import math

import purenn  # noqa: E402
from purenn import show
from purenn.tools.cli import example_parser, parse_example_args, script_argv  # noqa: E402
import plotting  # noqa: E402  (examples/plotting.py, beside this file)

relu_inputs = [0, 2, -1, 3.3, -2.7, 1.1, 2.2, -100]
layer_outputs = [4.8, 1.21, 2.385]
batch_outputs = [[4.8, 1.21, 2.385],
                 [8.9, -1.81, 0.2],
                 [1.41, 1.051, 0.026]]
# The book's first value of Euler's number, to 11 decimals
E = 2.71828182846


# %%
def spiral_forward(engine, softmax):
    """The book's script: spiral data -> Dense(2, 3) -> ReLU [-> Dense(3, 3) -> softmax]."""
    purenn.init(engine=engine)
    X, y = purenn.spiral_data(samples=100, classes=3)
    dense1 = purenn.Layer_Dense(2, 3)
    activation1 = purenn.Activation_ReLU()
    dense2 = purenn.Layer_Dense(3, 3)
    activation2 = purenn.Activation_Softmax()
    # Make a forward pass of our training data through the layers
    dense1.forward(X)
    activation1.forward(dense1.output)
    if not softmax:
        return activation1.output
    dense2.forward(activation1.output)
    activation2.forward(dense2.output)
    return activation2.output


# %%
def run_example(engine, plot=None):
    # The snippets without nnfs.init(): float64
    ops = purenn.init(dtype="float64", engine=engine)

    print("== ReLU Activation Function Code ==")
    activation = purenn.Activation_ReLU()
    activation.forward([relu_inputs])
    # As a Python list (the book's loop), then as NumPy prints np.maximum(0, inputs)
    print(ops.to_list(activation.output)[0])
    show(activation.output[0])

    print("== ReLU Activation Function Code: on the spiral data ==")
    show(spiral_forward(engine, softmax=False)[:5])

    print("== The Softmax Activation Function ==")
    ops = purenn.init(dtype="float64", engine=engine)
    # Exponentiate, in plain Python: E ** output for each output
    exp_values = purenn.exponentiate(layer_outputs, base=E)
    print("exponentiated values:")
    print(exp_values)
    # Normalize: each value divided by their sum
    norm_values = purenn.normalize(exp_values)
    print("Normalized exponentiated values:")
    print(norm_values)
    print("Sum of normalized values:", sum(norm_values))
    # The same with the engine's exp and sum (the book's NumPy version)
    exp_values = ops.exp(ops.array(layer_outputs))
    print("exponentiated values:")
    show(exp_values)
    norm_values = ops.divide(exp_values, ops.sum(exp_values))
    print("normalized exponentiated values:")
    show(norm_values)
    show("sum of normalized values:", ops.sum(norm_values))

    print("== The Softmax Activation Function: sums along an axis ==")
    outputs = ops.array(batch_outputs)
    print("Sum without axis")
    show(ops.sum(outputs))
    print("This will be identical to the above since default is None:")
    show(ops.sum(outputs, axis=None))
    print("Another way to think of it w/ a matrix == axis 0: columns:")
    show(ops.sum(outputs, axis=0))
    print("But we want to sum the rows instead, like this w/ raw py:")
    for row_sum in ops.to_list(ops.sum(outputs, axis=1)):
        print(row_sum)
    print("So we can sum axis 1, but note the current shape:")
    show(ops.sum(outputs, axis=1))
    print("Sum axis 1, but keep the same dimensions as input:")
    show(ops.sum(outputs, axis=1, keepdims=True))

    print("== The Softmax Activation Function: exponential growth ==")
    show(ops.exp(1.0))
    show(ops.exp(10.0))
    show(ops.exp(100.0))
    # Too large for a float: inf, with NumPy's overflow warning (on stderr)
    show(ops.exp(1000.0))
    show(ops.exp(-math.inf), ops.exp(0.0))

    print("== The Softmax Activation Function: the Activation_Softmax class ==")
    # Subtracting the largest value first changes nothing; halving the inputs does
    for inputs in ([[1, 2, 3]], [[-2, -1, 0]], [[0.5, 1, 1.5]]):
        softmax = purenn.Activation_Softmax()
        softmax.forward(inputs)
        show(softmax.output)

    print("== The Softmax Activation Function: on the spiral data ==")
    show(spiral_forward(engine, softmax=True)[:5])

    if plot:
        plotting.plot_activations(plot, layer_outputs)
        print(f"wrote {plot}")


# %%
def parse_args(argv=None):
    parser = example_parser(__doc__, plot="the ReLU, exp and softmax graphs")
    return parse_example_args(parser, argv, require_plotting=plotting.require_matplotlib)


# %%
def main(argv=None):
    """Run as a script, with the command line's options (in a notebook, the defaults)."""
    args = parse_args(argv)
    run_example(args.engine, args.plot)


if __name__ == "__main__":
    main(script_argv())
