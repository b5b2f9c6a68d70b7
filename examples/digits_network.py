# %%
"""The blog post's network on real handwritten digits: a sigmoid hidden layer, then softmax.

    python examples/digits_network.py                      # the shipped UCI digits, 8x8
    python examples/digits_network.py --engine numpy --plot digits.png
    python examples/digits_network.py --batch-size 0       # full batch, as the blog
    python examples/digits_network.py --mnist ~/mnist --engine numpy
    python examples/digits_network.py --mnist ~/mnist --limit 1000   # the python engine

The network: inputs -> Dense -> Activation_Sigmoid -> Dense -> softmax over 10 classes,
with cross-entropy on one-hot targets, trained with one of purenn's optimizers on
mini-batches (or the full batch). It prints the cost as it goes, then train and test
accuracy. By default it trains on the UCI digits shipped with purenn (1,438 images to train
on, 359 to test, ``purenn.datasets.digits_data``); ``--mnist DIR`` reads the MNIST (or
Fashion-MNIST) files in DIR instead.

Where the blog differs from the book:
- Hidden units: the blog's are sigmoids; the book's hidden layers are ReLUs (chapter 4),
  with the sigmoid used only for binary outputs (chapter 16).
- The log: the blog adds 1e-8 inside log(a) to avoid log(0); the book (and purenn) clips
  the predictions to [1e-7, 1 - 1e-7] first (chapter 5). Both change the loss only for a
  confident wrong prediction.
- Targets: the blog one-hot encodes y (sklearn's OneHotEncoder); the book accepts sparse
  labels or one-hot rows. Here y is made one-hot as the blog does.
- The blog trains the full batch for 1,000 iterations with gradient descent; the book's
  chapter 19 trains mini-batches. Both are here (--batch-size, --optimizer).
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

import time

import purenn  # noqa: E402
from purenn.tools.cli import (  # noqa: E402
    Progress, check_mnist_folder, count, example_parser, parse_example_args, positive_number,
    script_argv)
from purenn.engine.shapes import check_fits, value_bytes  # noqa: E402
import plotting  # noqa: E402  (examples/plotting.py, beside this file)

N_CLASSES = 10
# The defaults, the same on both engines and both data sets
DEFAULTS = {"hidden": 64, "batch_size": 32, "epochs": 30, "optimizer": "adam",
            "learning_rate": 0.01}
# MNIST is 42 times the digits' training set: fewer passes (one takes about 30 s of CPU
# with the numpy engine, 4 s per 1,000 images with the python engine)
MNIST_EPOCHS = 5
# CPU seconds an epoch per sample, input and hidden unit, measured on the development
# machine (the python engine: 25 s for the digits' 30 epochs), for the time said up front
SECONDS_PER_WEIGHT = {"numpy": 3e-9, "python": 1.4e-7}


# %%
class SigmoidNetwork(purenn.TwoLayerNetwork):
    """Dense -> sigmoid -> Dense -> softmax with cross-entropy: the blog's network.

    The book's two-layer network (purenn.training.TwoLayerNetwork: its forward, backward and
    accuracy) with sigmoid hidden units. Creating it draws dense1's weights, then dense2's,
    from purenn.random. Differs from blog: the loss clips the probabilities at 1e-7 (the
    blog adds 1e-8 inside the log).
    """

    def __init__(self, n_inputs, n_hidden, n_classes=N_CLASSES, engine=None):
        super().__init__(n_inputs, n_hidden, n_classes, engine)
        # Differs from book: sigmoid hidden units, as the blog (the book's are ReLU)
        self.activation1 = purenn.Activation_Sigmoid(engine=self.ops)

    def __repr__(self):
        return (f"SigmoidNetwork(n_inputs={self.dense1.n_inputs}, n_hidden="
                f"{self.dense1.n_neurons}, n_classes={self.dense2.n_neurons}, ops={self.ops!r})")

    def predictions(self):
        """The class of the largest probability, for each sample of the last forward pass."""
        return self.ops.to_list(self.ops.argmax(self.loss_activation.output, axis=1))


# %%
def make_optimizer(name, learning_rate, engine=None):
    if name == "sgd":
        return purenn.Optimizer_SGD(learning_rate=learning_rate, engine=engine)
    return purenn.Optimizer_Adam(learning_rate=learning_rate, engine=engine)


# %%
def one_hot(labels, ops):
    """The blog's one-hot targets: one row of the identity matrix per label."""
    return ops.one_hot(ops.labels(labels), N_CLASSES)


# %%
def train(network, optimizer, X, y, epochs, batch_size=None, log=print):
    """Train on (X, one-hot y) for ``epochs`` epochs of mini-batches; returns the costs.

    batch_size None: the full batch, one step per epoch (the blog). Otherwise the book's
    chapter 19 steps: batch k is rows k * batch_size to (k + 1) * batch_size. The cost is
    recorded at every step; ``log`` gets one line per epoch with the epoch's mean cost.
    """
    n_samples = len(X)
    if batch_size is None or batch_size >= n_samples:
        batch_size = n_samples
    steps = -(-n_samples // batch_size)
    costs = []
    for epoch in range(1, epochs + 1):
        epoch_cost = 0.0
        for step in range(steps):
            # Batch k: rows k * batch_size to (k + 1) * batch_size (a list or an array slice)
            batch_X = X[step * batch_size:(step + 1) * batch_size]
            batch_y = y[step * batch_size:(step + 1) * batch_size]
            # Forward pass and cost, backward pass, then one optimizer step
            cost = float(network.forward(batch_X, batch_y))
            network.backward(batch_y)
            optimizer.pre_update_params()
            for layer in network.layers:
                optimizer.update_params(layer)
            optimizer.post_update_params()
            costs.append(cost)
            epoch_cost += cost
        log(f"epoch: {epoch}, cost: {epoch_cost / steps:.4f}")
    return costs


# %%
def evaluate(network, X, y):
    """Accuracy on (X, one-hot y), and the predicted classes."""
    network.forward(X, y)
    return network.accuracy(y), network.predictions()


# %%
def load_data(mnist, limit, ops):
    """X, y, X_test, y_test: the shipped digits, or MNIST files from the folder ``mnist``."""
    if mnist is None:
        return purenn.datasets.digits_data(engine=ops)
    # The blog scales the pixels to [0, 1]
    X, y = purenn.datasets.load_mnist(mnist, "train", scale=(0, 1), limit=limit, engine=ops)
    X_test, y_test = purenn.datasets.load_mnist(mnist, "t10k", scale=(0, 1), limit=limit,
                                                engine=ops)
    return X, y, X_test, y_test


# %%
def run_example(engine="python", mnist=None, limit=None, hidden=64, batch_size=32, epochs=30,
         optimizer_name="adam", learning_rate=0.01, plot=None, log=print):
    """Load the data, train the network, print train and test accuracy; returns the results."""
    ops = purenn.init(engine=engine)
    start = time.perf_counter()
    X, labels, X_test, labels_test = load_data(mnist, limit, ops)
    y, y_test = one_hot(labels, ops), one_hot(labels_test, ops)
    n_inputs = ops.shape(X)[1]
    log(f"data: {len(X)} training and {len(X_test)} test images of {n_inputs} pixels "
        f"({'MNIST files in ' + str(mnist) if mnist else 'the UCI digits'}), "
        f"engine {engine}, float32")
    network = SigmoidNetwork(n_inputs, hidden, engine=ops)
    optimizer = make_optimizer(optimizer_name, learning_rate, engine=ops)
    log(f"network: {n_inputs} -> {hidden} sigmoid -> {N_CLASSES} softmax; {optimizer!r}, "
        f"batch size {batch_size or 'full'}")

    # Train, printing each epoch's mean cost as it goes (a long run says so up front, and
    # shows the time left on a terminal)
    status = Progress(epochs, "epoch",
                      seconds_each=SECONDS_PER_WEIGHT[engine] * len(X) * n_inputs * hidden)

    def log_epoch(line):
        status.clear()
        log(line)
        status.update(int(line.split(",")[0].split()[1]))

    costs = train(network, optimizer, X, y, epochs, batch_size, log=log_epoch)
    status.clear()
    train_accuracy, _ = evaluate(network, X, y)
    test_accuracy, predictions = evaluate(network, X_test, y_test)
    seconds = time.perf_counter() - start
    log(f"train accuracy: {train_accuracy:.4f}")
    log(f"test accuracy: {test_accuracy:.4f}")
    log(f"time: {seconds:.1f} s")
    if plot:
        side = round(n_inputs ** 0.5)
        plotting.plot_digits_run(costs, ops.to_list(X_test), [int(v) for v in labels_test],
                                 predictions, plot, image_shape=(side, side))
        log(f"wrote {plot}")
    return {"network": network, "costs": costs, "train_accuracy": train_accuracy,
            "test_accuracy": test_accuracy, "seconds": seconds}


# %%
def parse_args(argv=None):
    parser = example_parser(__doc__, plot="the cost curve and a grid of test digits with "
                                          "their predicted labels")
    parser.add_argument("--mnist", metavar="DIR",
                        help="train on the MNIST (or Fashion-MNIST) files in DIR instead of "
                             "the shipped digits")
    parser.add_argument("--limit", type=count, metavar="N",
                        help="with --mnist: use only the first N training and N test images")
    parser.add_argument("--hidden", type=count, default=DEFAULTS["hidden"],
                        help=f"hidden sigmoid units (default {DEFAULTS['hidden']})")
    parser.add_argument("--batch-size", type=int, default=DEFAULTS["batch_size"], metavar="N",
                        help=f"samples per step; 0 for the full batch (default "
                             f"{DEFAULTS['batch_size']})")
    parser.add_argument("--epochs", type=count,
                        help=f"passes over the training data (default {DEFAULTS['epochs']}, "
                             f"{MNIST_EPOCHS} with --mnist)")
    parser.add_argument("--optimizer", choices=["adam", "sgd"], default=DEFAULTS["optimizer"],
                        help="Optimizer_Adam or Optimizer_SGD (default adam)")
    parser.add_argument("--learning-rate", type=positive_number,
                        default=DEFAULTS["learning_rate"],
                        help=f"the optimizer's learning rate (default "
                             f"{DEFAULTS['learning_rate']})")
    args = parse_example_args(parser, argv, require_plotting=plotting.require_matplotlib)
    if args.batch_size < 0:
        parser.error(f"--batch-size must be 0 (full batch) or more, not {args.batch_size}")
    if args.limit is not None and args.mnist is None:
        parser.error("--limit goes with --mnist DIR (the shipped digits are small)")
    if args.mnist is not None:
        check_mnist_folder(parser, args.mnist)
        if args.engine == "python" and args.limit is None:
            parser.error("--mnist with the python engine needs --limit N (60,000 images of "
                         "784 pixels take hours in lists and loops): e.g. --limit 1000, or "
                         "--engine numpy for all of them")
    # Layers that cannot fit in memory: a usage error now, not a MemoryError in the run
    n_inputs = 784 if args.mnist else 64
    try:
        for n_in, n_out in ((n_inputs, args.hidden), (args.hidden, N_CLASSES)):
            check_fits(n_in * n_out, "weights", value_bytes(purenn.get_engine(args.engine)),
                       f"Layer_Dense({n_in}, {n_out})")
    except MemoryError as error:
        parser.error(f"argument --hidden: {error}")
    if args.epochs is None:
        args.epochs = MNIST_EPOCHS if args.mnist else DEFAULTS["epochs"]
    return args


# %%
def main(argv=None):
    """Run as a script, with the command line's options (in a notebook, the defaults)."""
    args = parse_args(argv)
    run_example(args.engine, args.mnist, args.limit, args.hidden, args.batch_size or None,
         args.epochs, args.optimizer, args.learning_rate, args.plot)


if __name__ == "__main__":
    main(script_argv())
