"""Chapters 11-13 of the book, Testing with Out-of-Sample Data, Validation Data and Training
Dataset: the chapter 10 network trained with Adam, then tested on data it has never seen, a
second spiral_data(samples=100, classes=3) drawn next from the same random stream.

    python examples/ch11_13_testing.py                       # python engine, 1,001 epochs
    python examples/ch11_13_testing.py --engine numpy        # the book's 10,001 epochs

The book's chapter 11 file is chapter 10's Adam run (Adam(learning_rate=0.05, decay=5e-7))
followed by one forward pass of the test data and the line ``validation, acc: A, loss: L``.
Chapters 12 and 13 add no code: they are about keeping a validation set apart for tuning
and about the training data itself (both shown here by the same test on unseen data).

The book prints ``epoch: 10000, acc: 0.983, loss: 0.074`` and ``validation, acc: 0.803,
loss: 0.858``. Training is chaotic: the book's own code on today's NumPy prints other late
lines, and so does purenn (correctly rounded float32 exp and log); see the README's
departures. The gap between training and test accuracy, the chapter's point, is there in
every run.
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
from purenn.training import TwoLayerNetwork, train  # noqa: E402
from purenn.tools.cli import (  # noqa: E402
    Progress, add_length_option, example_parser, parse_example_args, script_argv)

BOOK_EPOCHS = 10001
# The python engine takes about 30 ms an epoch: --epochs 10001 runs the book's (about 5 minutes)
DEFAULT_EPOCHS = {"numpy": BOOK_EPOCHS, "python": 1001}
# What the book prints at the end of its chapter 11 file
BOOK_LAST_LINES = ("epoch: 10000, acc: 0.983, loss: 0.074, lr: 0.04975126853296942",
                   "validation, acc: 0.803, loss: 0.858")


# %%
def run(engine, epochs=BOOK_EPOCHS, log=print, done=None):
    """The book's chapter 11 script. Returns (network, lines): the logged lines, the
    validation line last. ``done(epochs_finished)`` is called after every epoch."""
    purenn.init(engine=engine)
    # Create dataset
    X, y = purenn.spiral_data(samples=100, classes=3)
    # Dense(2, 64) -> ReLU -> Dense(64, 3) -> softmax with cross-entropy
    network = TwoLayerNetwork(n_inputs=2, n_hidden=64, n_classes=3)
    # Create optimizer
    optimizer = purenn.Optimizer_Adam(learning_rate=0.05, decay=5e-7)

    def every_epoch(line):
        # train gives every epoch's line (print_every=1); the book prints every 100th
        epoch = int(line.split(",")[0].split(": ")[1])
        if not epoch % 100:
            log(line)
        if done is not None:
            done(epoch + 1)

    # Train in loop (chapter 10)
    lines = [line for line in train(network, optimizer, X, y, epochs=epochs, print_every=1,
                                    log=every_epoch)
             if not int(line.split(",")[0].split(": ")[1]) % 100]

    # Validate the model: create test dataset, drawn next from the same stream
    X_test, y_test = purenn.spiral_data(samples=100, classes=3)
    # Perform a forward pass of our testing data through the network; returns the loss
    loss = network.forward(X_test, y_test)
    # Calculate accuracy from the softmax outputs and the targets
    accuracy = network.accuracy(y_test)
    line = f"validation, acc: {accuracy:.3f}, loss: {loss:.3f}"
    lines.append(line)
    log(line)
    return network, lines


# %%
def run_example(engine, epochs):
    if epochs < BOOK_EPOCHS:
        print(f"({epochs:,} epochs; the book trains {BOOK_EPOCHS:,}: --epochs {BOOK_EPOCHS})")
    status = Progress(epochs, "epoch")

    def log(line):
        status.clear()
        print(line, flush=True)

    run(engine, epochs, log, status.update)
    status.clear()
    print("(the book prints: " + " / ".join(BOOK_LAST_LINES) + ")")


# %%
def parse_args(argv=None):
    parser = example_parser(__doc__)
    add_length_option(parser, "--epochs", DEFAULT_EPOCHS)
    args = parse_example_args(parser, argv)
    if args.epochs is None:
        args.epochs = DEFAULT_EPOCHS[args.engine]
    return args


# %%
def main(argv=None):
    """Run as a script, with the command line's options (in a notebook, the defaults)."""
    args = parse_args(argv)
    run_example(args.engine, args.epochs)


if __name__ == "__main__":
    main(script_argv())
