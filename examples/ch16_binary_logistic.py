# %%
"""Chapter 16 of the book, Binary Logistic Regression: a sigmoid output and binary
cross-entropy, trained on two spiral arms, printing the book's log every 100 epochs and
then the validation line on a test set drawn next from the same stream.

    python examples/ch16_binary_logistic.py                      # python engine, 1,001 epochs
    python examples/ch16_binary_logistic.py --engine numpy       # the book's 10,001 epochs
    python examples/ch16_binary_logistic.py --engine numpy --plot binary.png

The model: Dense(2, 64, L2 5e-4 on weights and biases) -> ReLU -> Dense(64, 1) -> sigmoid,
binary cross-entropy, Adam(decay=5e-7). The labels are reshaped into a column, one 0/1
target per sample, as the book does (``y.reshape(-1, 1)``).

The book's lines for epochs 0 to 600 are printed digit for digit by both engines; from
about epoch 1500 on, training (chaotic, as in chapter 10) departs from the book's digits,
because the book's NumPy computes its float32 exp and log with SIMD code that is not
correctly rounded, and purenn rounds them correctly (see README, departures).
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
from purenn.tools.cli import (  # noqa: E402
    Progress, add_length_option, example_parser, parse_example_args, script_argv)
import plotting  # noqa: E402  (examples/plotting.py, beside this file)

BOOK_EPOCHS = 10001
# The python engine takes about 25 ms an epoch: --epochs 10001 runs the book's (about 5 minutes)
DEFAULT_EPOCHS = {"numpy": BOOK_EPOCHS, "python": 1001}
# CPU seconds an epoch on the development machine, for the time the run says up front
SECONDS_EACH = {"numpy": 0.0014, "python": 0.018}


# %%
class BinaryNetwork:
    """The chapter 16 model, its layers created in the book's order (which fixes the draws)."""

    def __init__(self):
        # Create Dense layer with 2 input features and 64 output values
        self.dense1 = purenn.Layer_Dense(2, 64, weight_regularizer_l2=5e-4,
                                         bias_regularizer_l2=5e-4)
        # Create ReLU activation (to be used with Dense layer)
        self.activation1 = purenn.Activation_ReLU()
        # Create second Dense layer with 64 input features and 1 output value
        self.dense2 = purenn.Layer_Dense(64, 1)
        # Create Sigmoid activation
        self.activation2 = purenn.Activation_Sigmoid()
        # Create loss function
        self.loss_function = purenn.Loss_BinaryCrossentropy()

    def __repr__(self):
        return f"BinaryNetwork({self.dense1!r}, {self.dense2!r})"

    def forward(self, X):
        """The forward pass: self.activation2.output, one probability per sample."""
        self.dense1.forward(X)
        self.activation1.forward(self.dense1.output)
        self.dense2.forward(self.activation1.output)
        self.activation2.forward(self.dense2.output)

    def predict(self, rows):
        """Class 1 where the sigmoid's output is above 0.5, else 0, for a list of [x, y] rows."""
        self.forward(rows)
        ops = self.dense1.ops
        return [row[0] for row in ops.to_list(ops.greater(self.activation2.output, 0.5))]


# %%
def column(labels):
    """Labels (n,) as a column (n, 1), one row per sample: the book's ``y.reshape(-1, 1)``
    for the numpy engine's array (a view, no copy), a list of one-label rows for the python
    engine's list."""
    if hasattr(labels, "reshape"):
        return labels.reshape(-1, 1)
    return [[label] for label in labels]


# %%
def log_line(epoch, accuracy, loss, data_loss, regularization_loss, learning_rate):
    """One line of the book's chapter 14-16 training log."""
    return (f"epoch: {epoch}, acc: {accuracy:.3f}, loss: {loss:.3f} (data_loss: "
            f"{data_loss:.3f}, reg_loss: {regularization_loss:.3f}), lr: {learning_rate}")


# %%
def run(engine, epochs=BOOK_EPOCHS, log=print, done=None):
    """The book's chapter 16 script. Returns (network, history, X, y); history holds the
    logged lines and, for every epoch, the accuracy, data loss and regularization loss.
    ``done(epochs_finished)``, if given, is called after every epoch (the progress line)."""
    ops = purenn.init(engine=engine)
    # Create dataset
    X, y = purenn.spiral_data(samples=100, classes=2)
    # Reshape labels to be a list of lists: the inner list holds one output (0 or 1)
    # per output neuron, 1 in this case (a NumPy column in the numpy engine, which checks
    # it in whole-array steps)
    y = column(y)
    network = BinaryNetwork()
    loss_function = network.loss_function
    # Create optimizer
    optimizer = purenn.Optimizer_Adam(decay=5e-7)
    history = {"lines": [], "epoch": [], "acc": [], "data_loss": [], "reg_loss": []}

    # Train in loop
    for epoch in range(epochs):
        # Forward pass: dense1, ReLU, dense2, sigmoid
        network.forward(X)
        # Calculate the data loss
        data_loss = loss_function.calculate(network.activation2.output, y)
        # Calculate regularization penalty
        regularization_loss = ops.add(loss_function.regularization_loss(network.dense1),
                                      loss_function.regularization_loss(network.dense2))
        # Calculate overall loss
        # Differs from book: ops.add, so that the python engine adds two float32 numbers
        # in float32 as NumPy does (Python's + would add them in float64)
        loss = ops.add(data_loss, regularization_loss)
        # Calculate accuracy: (output > 0.5) * 1 compared with the targets
        accuracy = purenn.binary_accuracy(network.activation2.output, y)
        history["epoch"].append(epoch)
        history["acc"].append(float(accuracy))
        history["data_loss"].append(float(data_loss))
        history["reg_loss"].append(float(regularization_loss))
        if not epoch % 100:
            line = log_line(epoch, accuracy, loss, data_loss, regularization_loss,
                            optimizer.current_learning_rate)
            history["lines"].append(line)
            log(line)
        # Backward pass
        loss_function.backward(network.activation2.output, y)
        network.activation2.backward(loss_function.dinputs)
        network.dense2.backward(network.activation2.dinputs)
        network.activation1.backward(network.dense2.dinputs)
        network.dense1.backward(network.activation1.dinputs)
        # Update weights and biases
        optimizer.pre_update_params()
        optimizer.update_params(network.dense1)
        optimizer.update_params(network.dense2)
        optimizer.post_update_params()
        if done is not None:
            done(epoch + 1)

    # Validate the model on a test dataset, drawn next from the same stream
    X_test, y_test = purenn.spiral_data(samples=100, classes=2)
    y_test = column(y_test)
    network.forward(X_test)
    loss = loss_function.calculate(network.activation2.output, y_test)
    accuracy = purenn.binary_accuracy(network.activation2.output, y_test)
    line = f"validation, acc: {accuracy:.3f}, loss: {loss:.3f}"
    history["lines"].append(line)
    log(line)
    return network, history, X, y


# %%
def run_example(engine, epochs, plot=None):
    if epochs < BOOK_EPOCHS:
        print(f"({epochs:,} epochs; the book trains {BOOK_EPOCHS:,}: --epochs {BOOK_EPOCHS})")
    # How far the run has got, on a terminal (stderr)
    status = Progress(epochs, "epoch", seconds_each=SECONDS_EACH[engine])

    def log(line):
        """Print the book's line (the progress line cleared first)."""
        status.clear()
        print(line, flush=True)

    network, history, X, y = run(engine, epochs, log, status.update)
    status.clear()
    if plot:
        labels = [row[0] for row in network.dense1.ops.to_list(y)]
        plotting.plot_regularized_run(network.predict, X, labels, history, plot, n_classes=2,
                                      title="sigmoid output > 0.5")
        print(f"wrote {plot}")


# %%
def parse_args(argv=None):
    parser = example_parser(
        __doc__, plot="the decision boundary and the data and regularization loss curves")
    add_length_option(parser, "--epochs", DEFAULT_EPOCHS)
    args = parse_example_args(parser, argv, require_plotting=plotting.require_matplotlib)
    if args.epochs is None:
        args.epochs = DEFAULT_EPOCHS[args.engine]
    return args


# %%
def main(argv=None):
    """Run as a script, with the command line's options (in a notebook, the defaults)."""
    args = parse_args(argv)
    run_example(args.engine, args.epochs, args.plot)


if __name__ == "__main__":
    main(script_argv())
