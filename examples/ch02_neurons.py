# %%
"""Chapter 2 of the book, Coding Our First Neurons: a neuron, a layer, the dot product,
a batch of data and the matrix product, printing what the book prints.

    python examples/ch02_neurons.py                  # lists and loops
    python examples/ch02_neurons.py --engine numpy   # the NumPy sections on NumPy arrays

The book's first sections are plain Python (purenn.basics, the same in both engines); its
NumPy sections go through the chosen engine. No nnfs.init() in this chapter: float64.
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

import purenn  # noqa: E402
from purenn import show
from purenn.tools.cli import example_parser, parse_example_args, script_argv  # noqa: E402

inputs = [1.0, 2.0, 3.0, 2.5]
weights = [[0.2, 0.8, -0.5, 1.0],
           [0.5, -0.91, 0.26, -0.5],
           [-0.26, -0.27, 0.17, 0.87]]
biases = [2.0, 3.0, 0.5]
batch = [[1.0, 2.0, 3.0, 2.5],
         [2.0, 5.0, -1.0, 2.0],
         [-1.5, 2.7, 3.3, -0.8]]


# %%
def run_example(engine):
    # The book's code without nnfs.init(): float64
    ops = purenn.init(dtype="float64", engine=engine)

    print("== A Single Neuron ==")
    print(purenn.neuron_output([1, 2, 3], [0.2, 0.8, -0.5], 2))
    print(purenn.neuron_output(inputs, weights[0], 2.0))

    print("== A Layer of Neurons ==")
    # Each neuron written out, then the loop over neurons
    print([purenn.neuron_output(inputs, neuron_weights, neuron_bias)
           for neuron_weights, neuron_bias in zip(weights, biases)])
    print(purenn.layer_output(inputs, weights, biases))

    print("== Dot Product and Vector Addition ==")
    # purenn works in floats: the book's 20 prints as 20.0
    print(purenn.dot_product([1, 2, 3], [2, 3, 4]))

    print("== A Single Neuron with NumPy ==")
    # The dot product of weights and inputs (Fig 2.07), then the bias added (Fig 2.08)
    dot = ops.dot(ops.array(weights[0]), ops.array(inputs))
    show(dot)
    show(ops.add(dot, 2.0))

    print("== A Layer of Neurons with NumPy ==")
    # Each neuron's dot product (Fig 2.09), then the biases added (Fig 2.10)
    layer_dot = ops.dot(ops.array(weights), ops.array(inputs))
    show(layer_dot)
    show(ops.add(layer_dot, ops.array(biases)))

    print("== Matrix Product ==")
    left = [[0.49, 0.97, 0.53, 0.05], [0.33, 0.65, 0.62, 0.51], [1.00, 0.38, 0.61, 0.45],
            [0.74, 0.27, 0.64, 0.17], [0.36, 0.17, 0.96, 0.12]]
    right = [[0.79, 0.32, 0.68, 0.90, 0.77], [0.18, 0.39, 0.12, 0.93, 0.09],
             [0.87, 0.42, 0.60, 0.71, 0.12], [0.45, 0.55, 0.40, 0.78, 0.81]]
    # Fig 2.14 shows each value rounded to 2 decimals
    product = purenn.matrix_product(left, right)
    print([[round(value, 2) for value in row] for row in product])

    print("== Transposition for the Matrix Product ==")
    # A row vector: a list inside a list (np.array([a]) or np.expand_dims)
    show([[1, 2, 3]])
    # A row vector times a column vector (the transposed row [2, 3, 4])
    show(ops.dot(ops.array([[1, 2, 3]]), ops.transpose(ops.array([[2, 3, 4]]))))
    # The batch: each sample dotted with each neuron's weights (Fig 2.20) ...
    batch_dot = ops.dot(ops.array(batch), ops.transpose(ops.array(weights)))
    show(batch_dot)
    # ... plus the biases (Fig 2.21)
    show(ops.add(batch_dot, ops.array(biases)))


# %%
def parse_args(argv=None):
    return parse_example_args(example_parser(__doc__), argv)


# %%
def main(argv=None):
    """Run as a script, with the command line's options (in a notebook, the defaults)."""
    run_example(parse_args(argv).engine)


if __name__ == "__main__":
    main(script_argv())
