# %%
"""Chapter 3 of the book, Adding Layers: two layers by hand, the spiral training data, and
the Layer_Dense class, printing what the book prints.

    python examples/ch03_layers.py                    # lists and loops
    python examples/ch03_layers.py --engine numpy     # NumPy arrays
    python examples/ch03_layers.py --plot spiral.png  # also draw the data (Fig 3.06)

The book's scripts from "Training Data" on start with nnfs.init(); here each starts with
purenn.init() (seed 0, float32). The hand-written layers before it are float64.
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
import plotting  # noqa: E402  (examples/plotting.py, beside this file)

inputs = [[1, 2, 3, 2.5], [2., 5., -1., 2], [-1.5, 2.7, 3.3, -0.8]]
weights = [[0.2, 0.8, -0.5, 1],
           [0.5, -0.91, 0.26, -0.5],
           [-0.26, -0.27, 0.17, 0.87]]
biases = [2, 3, 0.5]
weights2 = [[0.1, -0.14, 0.5],
            [-0.5, 0.12, -0.33],
            [-0.44, 0.73, -0.13]]
biases2 = [-1, 2, -0.5]


# %%
def run_example(engine, plot=None):
    print("== Adding Layers ==")
    # Without nnfs.init(): float64. The second layer takes the first layer's outputs
    ops = purenn.init(dtype="float64", engine=engine)
    layer1_outputs = ops.add(ops.dot(ops.array(inputs), ops.transpose(ops.array(weights))),
                             ops.array(biases))
    layer2_outputs = ops.add(ops.dot(layer1_outputs, ops.transpose(ops.array(weights2))),
                             ops.array(biases2))
    show(layer2_outputs)

    print("== Training Data ==")
    # The book's `plt.scatter(X[:, 0], X[:, 1], c=y, cmap='brg')` (Fig 3.06), with --plot
    purenn.init(engine=engine)
    X, y = purenn.spiral_data(samples=100, classes=3)
    print(f"spiral_data(samples=100, classes=3): {len(X)} samples of 2 features")
    if plot:
        plotting.plot_dataset(X, y, plot, "spiral_data(samples=100, classes=3)")
        print(f"wrote {plot}")

    print("== Dense Layer Class: random weights and zero biases ==")
    # Each of the book's snippets starts with nnfs.init(): seed 0, float32
    ops = purenn.init(engine=engine)
    show(ops.array(purenn.random.randn(2, 5)))
    show(ops.zeros(2, 5))
    # 0.01 * randn(n_inputs, n_neurons) and zeros((1, n_neurons)): what Layer_Dense(2, 4) holds
    purenn.init(engine=engine)
    layer = purenn.Layer_Dense(2, 4)
    show(layer.weights)
    show(layer.biases)

    print("== Dense Layer Class: forward pass on the spiral data ==")
    purenn.init(engine=engine)
    # Create dataset
    X, y = purenn.spiral_data(samples=100, classes=3)
    # Create Dense layer with 2 input features and 3 output values
    dense1 = purenn.Layer_Dense(2, 3)
    # Perform a forward pass of our training data through this layer
    dense1.forward(X)
    # Let's see output of the first few samples
    show(dense1.output[:5])


# %%
def parse_args(argv=None):
    parser = example_parser(__doc__, plot="the spiral data coloured by class")
    return parse_example_args(parser, argv, require_plotting=plotting.require_matplotlib)


# %%
def main(argv=None):
    """Run as a script, with the command line's options (in a notebook, the defaults)."""
    args = parse_args(argv)
    run_example(args.engine, args.plot)


if __name__ == "__main__":
    main(script_argv())
