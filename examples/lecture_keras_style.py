# %%
"""The lecture's spiral network, Keras style: a Model, its summary, and three ways to step.

    python examples/lecture_keras_style.py
    python examples/lecture_keras_style.py --engine numpy --epochs 50 --plot runs.png
    python examples/lecture_keras_style.py --bar           # Keras' progress bar, once more

The lecture builds Dense(2, 100) - ReLU - Dense(100, 3) - softmax by hand and in Keras, whose
``model.summary()`` counts 300 + 303 = 603 parameters. Here it is purenn's Model (the book's
chapters 18-19), trained three times from the same first weights, each run for the same
number of passes over the 300 samples (epochs):

    full batch (300)    one step an epoch: gradient descent on all the data, as the lecture's fit
    mini-batch (32)     10 steps an epoch, the last on 12 samples, as Keras' batch_size=32
    stochastic (1)      300 steps an epoch, one sample each

Same passes, very different numbers of steps: full batch has barely started when the others
have learned. The mini-batch and stochastic runs shuffle the rows every epoch, as Keras'
fit does (the spiral data lie class after class: unshuffled batches of 32 each hold one
class). Each run uses SGD with the one learning rate (--learning-rate, default 0.3: at the
lecture's 1.0 the stochastic run bounces around without settling) and the lecture's L2
penalty of 1e-3 * 0.5 (the book's weight_regularizer_l2=5e-4, see below).

The data is the lecture's: the CS231n case-study spiral (purenn.datasets.cs231n_spiral_data:
radius 0 to 1, angle 4j to 4(j+1) plus 0.2 * randn, from purenn's random stream). nnfs's
spiral_data multiplies the angle by 2.5, a tighter spiral the lecture's network learns far
less of.

Last, the lecture's metric mistake: Keras' ``binary_accuracy`` on one-hot targets read 0.6667
from the first epoch. It compares every output with 0.5 on its own; the softmax outputs of
three classes start near 1/3, all below 0.5, so every output counts as a 0, and two of each
sample's three one-hot targets are 0: 2/3 "correct" while the network knows nothing. The
categorical accuracy (is the most probable class the right one?) is shown next to it.
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

import argparse
import math

import purenn  # noqa: E402
from purenn.tools.cli import add_length_option, example_parser, parse_example_args, script_argv  # noqa: E402
import plotting  # noqa: E402  (examples/plotting.py, beside this file)

RUNS = (("full batch (300)", None), ("mini-batch (32)", 32), ("stochastic (1)", 1))
DEFAULT_EPOCHS = {"numpy": 20, "python": 20}
DEFAULT_LEARNING_RATE = 0.3
# The lecture's loss adds 0.5 * reg * sum(W * W) with reg = 1e-3; the book's L2 penalty is
# l2 * sum(W * W) (no 0.5), so l2 = 0.5e-3 gives the same loss and the same gradient, reg * W
L2 = 5e-4


# %%
def lecture_model(learning_rate):
    """Dense(2, 100) - ReLU - Dense(100, 3) - softmax, with SGD and categorical cross-entropy."""
    model = purenn.Model()
    model.add(purenn.Layer_Dense(2, 100, weight_regularizer_l2=L2))
    model.add(purenn.Activation_ReLU())
    model.add(purenn.Layer_Dense(100, 3, weight_regularizer_l2=L2))
    model.add(purenn.Activation_Softmax())
    model.set(loss=purenn.Loss_CategoricalCrossentropy(),
              optimizer=purenn.Optimizer_SGD(learning_rate=learning_rate),
              accuracy=purenn.Accuracy_Categorical())
    model.finalize()
    return model


# %%
def start(engine, learning_rate):
    """The same data and the same first weights for every run: seed 0, data, then the model."""
    purenn.init(engine=engine)
    X, y = purenn.datasets.cs231n_spiral_data(samples=100, classes=3)
    return X, y, lecture_model(learning_rate)


# %%
def run(engine, batch_size, epochs, learning_rate):
    """Train one run epoch by epoch; after each, the loss and accuracies on all the data.

    Returns a history for plotting: per epoch the loss and categorical accuracy on all 300
    samples, and the binary accuracy of the outputs against one-hot targets.
    """
    X, y, model = start(engine, learning_rate)
    one_hot = purenn.to_categorical(y)
    history = {"epoch": [], "loss": [], "accuracy": [], "binary_accuracy": []}
    for epoch in range(1, epochs + 1):
        # One pass over the data (each call continues the optimizer's and the shuffle's
        # streams, so epochs one call at a time are the same as one call of many)
        model.train(X, y, epochs=1, batch_size=batch_size, shuffle=batch_size is not None,
                    validation_data=(X, y), progress="silent")
        outputs = model.predict(X)
        history["epoch"].append(epoch)
        history["loss"].append(model.history["validation_loss"][0])
        history["accuracy"].append(model.history["validation_accuracy"][0])
        history["binary_accuracy"].append(purenn.binary_accuracy(outputs, one_hot))
    return history


# %%
def print_table(histories, columns):
    """One row per epoch, one cell per run: ``columns`` names the history keys it shows."""
    header = "epoch" + "".join(f" | {label:<19}" for label in histories)
    print(header.rstrip())
    print("-" * len(header.rstrip()))
    for index, epoch in enumerate(next(iter(histories.values()))["epoch"]):
        cells = ""
        for history in histories.values():
            cell = "  ".join(f"{history[key][index]:.4f}" for key in columns)
            cells += f" | {cell:<19}"
        print(f"{epoch:5d}{cells}".rstrip())


# %%
def run_example(engine, epochs, learning_rate, plot=None, bar=False):
    X, y, model = start(engine, learning_rate)
    print("== The lecture's network as a Model ==")
    model.summary()
    print()
    print(f"== Three runs from the same first weights, SGD(learning_rate={learning_rate}) ==")
    histories = {}
    for label, batch_size in RUNS:
        steps = purenn.model.steps_for(300, batch_size)
        print(f"{label}: {steps} step{'s' if steps > 1 else ''} an epoch, "
              f"{steps * epochs} in all")
        histories[label] = run(engine, batch_size, epochs, learning_rate)
    print()
    print(f"Loss and accuracy on all 300 samples after each epoch ({epochs} passes each):")
    print_table(histories, ("loss", "accuracy"))
    print()
    print("== Keras' binary_accuracy on one-hot targets, next to the categorical accuracy ==")
    print("binary_accuracy compares each of the 3 outputs with 0.5 on its own: while every")
    print("output is below 0.5 it reads 2/3, whatever the network knows.")
    print("Per run: categorical accuracy, then binary_accuracy against one-hot rows:")
    print_table(histories, ("accuracy", "binary_accuracy"))
    if bar:
        print()
        print("== The mini-batch run again, as Keras' fit shows it ==")
        X, y, model = start(engine, learning_rate)
        model.train(X, y, epochs=epochs, batch_size=32, shuffle=True, progress="bar")
    if plot:
        plotting.plot_history(histories, plot, title="same passes")
        print(f"wrote {plot}")


# %%
def learning_rate(text):
    """An argparse type: a learning rate, a number above 0."""
    value = float(text)  # not a number: argparse reports "invalid learning_rate value"
    if not value > 0 or math.isinf(value):
        raise argparse.ArgumentTypeError(f"must be a finite number above 0, not {text}")
    return value


# %%
def parse_args(argv=None):
    parser = example_parser(__doc__, plot="the three runs' loss and accuracy curves")
    add_length_option(parser, "--epochs", DEFAULT_EPOCHS)
    parser.add_argument("--learning-rate", type=learning_rate, default=DEFAULT_LEARNING_RATE,
                        metavar="RATE",
                        help=f"SGD's learning rate for all three runs (default "
                             f"{DEFAULT_LEARNING_RATE}; the lecture's is 1.0)")
    parser.add_argument("--bar", action="store_true",
                        help="then train the mini-batch run once more with Keras' progress bar")
    args = parse_example_args(parser, argv, require_plotting=plotting.require_matplotlib)
    if args.epochs is None:
        args.epochs = DEFAULT_EPOCHS[args.engine]
    return args


# %%
def main(argv=None):
    """Run as a script, with the command line's options (in a notebook, the defaults)."""
    args = parse_args(argv)
    run_example(args.engine, args.epochs, args.learning_rate, args.plot, args.bar)


if __name__ == "__main__":
    main(script_argv())
