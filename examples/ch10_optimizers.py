# %%
"""Chapter 10 of the book, Optimizers: learning-rate decay, then the book's network trained
on the spiral data with one of its optimizers, printing the book's log every 100 epochs.

    python examples/ch10_optimizers.py                               # SGD, learning rate 1
    python examples/ch10_optimizers.py --optimizer adam --engine numpy
    python examples/ch10_optimizers.py --optimizer rmsprop --plot rmsprop.png

The book trains 10,001 epochs: the NumPy engine's default here (a few seconds). The python
engine takes about 30 ms an epoch, so its default is 1,001; --epochs 10001 runs the book's
(about 5 minutes). Training is chaotic: past some epoch even the book's own code no longer
prints the book's digits on today's NumPy. Under the first line that differs from the book,
the example prints the book's line and why (purenn/tools/book_logs.py holds the table).
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

import re

import purenn  # noqa: E402
from purenn.tools.book_logs import ch10_comparison
from purenn.training import BOOK_OPTIMIZERS, TwoLayerNetwork, train
from purenn.tools.cli import (  # noqa: E402
    Progress, add_length_option, example_parser, parse_example_args, script_argv)
import plotting  # noqa: E402  (examples/plotting.py, beside this file)

# --optimizer: the book section that trains with it, and the optimizer's arguments
SECTIONS = {
    "sgd": ("Stochastic Gradient Descent (SGD)", "Optimizer_SGD()"),
    "sgd-lr0.85": ("Learning Rate", "Optimizer_SGD(learning_rate=.85)"),
    "sgd-decay1e-2": ("Learning Rate Decay", "Optimizer_SGD(decay=1e-2)"),
    "sgd-decay1e-3": ("Learning Rate Decay", "Optimizer_SGD(decay=1e-3)"),
    "sgd-momentum0.5": ("Stochastic Gradient Descent with Momentum",
                        "Optimizer_SGD(decay=1e-3, momentum=0.5)"),
    "sgd-momentum0.9": ("Stochastic Gradient Descent with Momentum",
                        "Optimizer_SGD(decay=1e-3, momentum=0.9)"),
    "adagrad": ("AdaGrad", "Optimizer_Adagrad(decay=1e-4)"),
    "rmsprop": ("RMSProp", "Optimizer_RMSprop(decay=1e-4)"),
    "rmsprop-tuned": ("RMSProp", "Optimizer_RMSprop(learning_rate=0.02, decay=1e-5, rho=0.999)"),
    "adam": ("Adam", "Optimizer_Adam(learning_rate=0.05, decay=5e-7)"),
}
# The book's first two runs come before learning-rate decay: their lines have no lr
NO_LR_IN_LOG = {"sgd", "sgd-lr0.85"}
# One line of the log: epoch, acc, loss (training.log_line)
LOG_LINE = re.compile(r"epoch: (\d+), acc: ([\d.]+), loss: ([\d.]+)")
BOOK_PRINT_EVERY = 100  # the book prints a line every 100 epochs
BOOK_EPOCHS = 10001
DEFAULT_EPOCHS = {"numpy": BOOK_EPOCHS, "python": 1001}
# CPU seconds an epoch on the development machine, for the time the run says up front
SECONDS_EACH = {"numpy": 0.0005, "python": 0.03}


# %%
def learning_rate_decay():
    """The book's 1/t decay of a learning rate of 1 with decay 0.1, step by step."""
    optimizer = purenn.Optimizer_SGD(learning_rate=1., decay=0.1)
    rates = []
    for _ in range(21):
        # current_learning_rate = learning_rate / (1 + decay * step)
        optimizer.pre_update_params()
        rates.append(optimizer.current_learning_rate)
        optimizer.post_update_params()
    print("== Learning Rate Decay: step 1 ==")
    print(rates[1])
    print("== Learning Rate Decay: step 20 ==")
    print(rates[20])
    print("== Learning Rate Decay: steps 0 to 19 ==")
    for rate in rates[:20]:
        print(rate)


# %%
def run_example(engine, optimizer_name, epochs, plot=None):
    # The decay demonstration is plain float64
    purenn.init(dtype="float64", engine=engine)
    learning_rate_decay()

    section, optimizer_text = SECTIONS[optimizer_name]
    if epochs < BOOK_EPOCHS:
        print(f"({epochs:,} epochs; the book trains {BOOK_EPOCHS:,}: --epochs {BOOK_EPOCHS})")
    print(f"== {section}: {optimizer_text} ==")
    purenn.init(engine=engine)
    # Create dataset
    X, y = purenn.spiral_data(samples=100, classes=3)
    # Create the model: Dense(2, 64) -> ReLU -> Dense(64, 3) -> softmax with the loss
    network = TwoLayerNetwork(n_inputs=2, n_hidden=64, n_classes=3)
    # Create optimizer
    optimizer = BOOK_OPTIMIZERS[optimizer_name]()
    # The book's lines of this run, to say where the run leaves them
    comparison = ch10_comparison(optimizer_name)
    # How far the run has got, on a terminal (stderr), at least every second
    status = Progress(epochs, "epoch", seconds_each=SECONDS_EACH[engine])

    def log(line):
        """Every epoch: print the book's line every 100 epochs (and, under the first that
        differs from the book's, the book's own), and update the progress line."""
        match = LOG_LINE.match(line)
        epoch = int(match[1])
        if epoch % BOOK_PRINT_EVERY == 0:
            status.clear()
            print(line.split(", lr:")[0] if optimizer_name in NO_LR_IN_LOG else line,
                  flush=True)
            note = comparison and comparison.note(epoch, (match[2], match[3]))
            if note:
                print(note, flush=True)
        status.update(epoch + 1)

    # Train in loop: forward, loss and accuracy, backward, optimizer step, once per epoch.
    # Differs from book: a line for every epoch goes to log (the book prints every 100th),
    # so that the curves of --plot have every epoch
    lines = train(network, optimizer, X, y, epochs=epochs, print_every=1, log=log)
    status.clear()

    if plot:
        plotting.plot_training_run(network, X, y, lines, plot, title=optimizer_text)
        print(f"wrote {plot}")


# %%
def parse_args(argv=None):
    parser = example_parser(
        __doc__, plot="the decision boundary and the loss, accuracy and learning-rate curves")
    parser.add_argument("--optimizer", choices=list(SECTIONS), default="sgd",
                        help="one of the book's chapter 10 runs (default: sgd)")
    add_length_option(parser, "--epochs", DEFAULT_EPOCHS)
    args = parse_example_args(parser, argv, require_plotting=plotting.require_matplotlib)
    if args.epochs is None:
        args.epochs = DEFAULT_EPOCHS[args.engine]
    return args


# %%
def main(argv=None):
    """Run as a script, with the command line's options (in a notebook, the defaults)."""
    args = parse_args(argv)
    run_example(args.engine, args.optimizer, args.epochs, args.plot)


if __name__ == "__main__":
    main(script_argv())
