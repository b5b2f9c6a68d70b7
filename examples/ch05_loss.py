# %%
"""Chapter 5 of the book, Calculating Network Error with Loss: categorical cross-entropy
and accuracy, printing what the book prints.

    python examples/ch05_loss.py                  # lists and loops
    python examples/ch05_loss.py --engine numpy   # NumPy arrays

The spiral-data script starts with nnfs.init() in the book, purenn.init() here (seed 0,
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

softmax_outputs = [[0.7, 0.1, 0.2],
                   [0.1, 0.5, 0.4],
                   [0.02, 0.9, 0.08]]
class_targets = [0, 1, 1]


# %%
def run_example(engine):
    # The snippets without nnfs.init(): float64
    ops = purenn.init(dtype="float64", engine=engine)
    loss_function = purenn.Loss_CategoricalCrossentropy()

    print("== Categorical Cross-Entropy Loss ==")
    # One sample, one-hot target [1, 0, 0]: only the correct class's log counts
    print(ops.to_list(loss_function.forward([[0.7, 0.1, 0.2]], [[1, 0, 0]]))[0])
    log = ops.log(0.7)
    show(log, ops.negative(log))
    show(ops.negative(log))

    print("== Categorical Cross-Entropy Loss: the natural logarithm ==")
    logs = ops.to_list(ops.log(ops.array([1., 0.95, 0.9, 0.8, 0.2, 0.1, 0.05, 0.01])))
    for value in logs[:4] + ["..."] + logs[4:]:
        print(value)
    b = 5.2
    show(ops.log(b))
    show(ops.power(math.e, 1.6486586255873816))

    print("== Categorical Cross-Entropy Loss: a batch ==")
    # The confidence of each sample's target class, one by one ...
    correct_confidences = ops.pick(ops.array(softmax_outputs), ops.labels(class_targets))
    for confidence in ops.to_list(correct_confidences):
        print(confidence)
    # ... and as NumPy prints softmax_outputs[range(len(softmax_outputs)), class_targets]
    show(correct_confidences)
    neg_log = ops.negative(ops.log(correct_confidences))
    show(neg_log)
    show(ops.mean(neg_log))

    print("== Categorical Cross-Entropy Loss: log of 0 ==")
    # -log(0) is inf (with NumPy's divide-by-zero warning, on stderr); e ** -inf is 0
    infinity = ops.negative(ops.log(0.0))
    show(infinity)
    show(ops.power(math.e, -math.inf))
    show(ops.mean(ops.array([1, 2, 3, infinity])))
    # Clipping to [1e-7, 1 - 1e-7] keeps the loss finite
    for clipped in (1e-7, 1 + 1e-7, 1 - 1e-7):
        show(ops.negative(ops.log(clipped)))

    print("== The Categorical Cross-Entropy Loss Class ==")
    one_hot_targets = [[1, 0, 0], [0, 1, 0], [0, 1, 0]]
    show(loss_function.calculate(softmax_outputs, one_hot_targets))

    print("== The Categorical Cross-Entropy Loss Class: on the spiral data ==")
    purenn.init(engine=engine)
    # Create dataset
    X, y = purenn.spiral_data(samples=100, classes=3)
    # Create the model: Dense(2, 3) -> ReLU -> Dense(3, 3) -> softmax, and the loss
    dense1 = purenn.Layer_Dense(2, 3)
    activation1 = purenn.Activation_ReLU()
    dense2 = purenn.Layer_Dense(3, 3)
    activation2 = purenn.Activation_Softmax()
    loss_function = purenn.Loss_CategoricalCrossentropy()
    # Forward pass
    dense1.forward(X)
    activation1.forward(dense1.output)
    dense2.forward(activation1.output)
    activation2.forward(dense2.output)
    show(activation2.output[:5])
    # Calculate the loss from the output of activation2 (softmax)
    loss = loss_function.calculate(activation2.output, y)
    show("loss:", loss)

    print("== Accuracy Calculation ==")
    outputs = [[0.7, 0.2, 0.1], [0.5, 0.1, 0.4], [0.02, 0.9, 0.08]]
    # accuracy is a Python float: the fraction of argmax predictions that hit the target
    print("acc:", purenn.accuracy(outputs, class_targets, engine=ops))
    print("acc:", purenn.accuracy(activation2.output, y))


# %%
def parse_args(argv=None):
    return parse_example_args(example_parser(__doc__), argv)


# %%
def main(argv=None):
    """Run as a script, with the command line's options (in a notebook, the defaults)."""
    run_example(parse_args(argv).engine)


if __name__ == "__main__":
    main(script_argv())
