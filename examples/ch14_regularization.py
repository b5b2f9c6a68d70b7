# %%
"""Chapter 14 of the book, L1 and L2 Regularization: the chapter 10 network with an L2
penalty on its first layer, trained with Adam, printing the data and regularization losses
every 100 epochs, then the validation line on a test set drawn next from the same stream.

    python examples/ch14_regularization.py                       # python engine, 1,001 epochs
    python examples/ch14_regularization.py --engine numpy        # the book's 10,001 epochs
    python examples/ch14_regularization.py --engine numpy --plot regularization.png

The model: Dense(2, 64, weight_regularizer_l2=5e-4, bias_regularizer_l2=5e-4) -> ReLU ->
Dense(64, 3) -> softmax with cross-entropy, Adam(learning_rate=0.02, decay=5e-7), on
spiral_data(samples=100, classes=3). The loss printed is data loss + regularization loss.

The book prints only its last two lines; training is chaotic, and purenn's (correctly
rounded float32 exp and log) departs from them: see the README's departures.
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
# The python engine takes about 30 ms an epoch: --epochs 10001 runs the book's (about 5 minutes)
DEFAULT_EPOCHS = {"numpy": BOOK_EPOCHS, "python": 1001}
# CPU seconds an epoch on the development machine, for the time the run says up front
SECONDS_EACH = {"numpy": 0.0004, "python": 0.025}


# %%
class RegularizedNetwork:
    """The chapter 14 model, its layers created in the book's order (which fixes the draws)."""

    def __init__(self):
        # Create Dense layer with 2 input features and 64 output values, with L2 penalties
        self.dense1 = purenn.Layer_Dense(2, 64, weight_regularizer_l2=5e-4,
                                         bias_regularizer_l2=5e-4)
        # Create ReLU activation (to be used with Dense layer)
        self.activation1 = purenn.Activation_ReLU()
        # Create second Dense layer with 64 input features and 3 output values
        self.dense2 = purenn.Layer_Dense(64, 3)
        # Create Softmax classifier's combined loss and activation
        self.loss_activation = purenn.Activation_Softmax_Loss_CategoricalCrossentropy()

    def __repr__(self):
        return f"RegularizedNetwork({self.dense1!r}, {self.dense2!r})"

    def forward(self, X, y):
        """The forward pass through the loss; returns the data loss."""
        self.dense1.forward(X)
        self.activation1.forward(self.dense1.output)
        self.dense2.forward(self.activation1.output)
        return self.loss_activation.forward(self.dense2.output, y)

    def predict(self, rows):
        """The most probable class of each [x, y] row (the argmax of dense2's output)."""
        self.dense1.forward(rows)
        self.activation1.forward(self.dense1.output)
        self.dense2.forward(self.activation1.output)
        ops = self.dense1.ops
        return ops.to_list(ops.argmax(self.dense2.output, axis=1))


# %%
def log_line(epoch, accuracy, loss, data_loss, regularization_loss, learning_rate):
    """One line of the book's chapter 14-16 training log."""
    return (f"epoch: {epoch}, acc: {accuracy:.3f}, loss: {loss:.3f} (data_loss: "
            f"{data_loss:.3f}, reg_loss: {regularization_loss:.3f}), lr: {learning_rate}")


# %%
def run(engine, epochs=BOOK_EPOCHS, log=print, done=None):
    """The book's chapter 14 script. Returns (network, history, X, y); history holds the
    logged lines and, for every epoch, the accuracy, data loss and regularization loss.
    ``done(epochs_finished)``, if given, is called after every epoch (the progress line)."""
    ops = purenn.init(engine=engine)
    # Create dataset
    X, y = purenn.spiral_data(samples=100, classes=3)
    network = RegularizedNetwork()
    loss = network.loss_activation.loss
    # Create optimizer
    optimizer = purenn.Optimizer_Adam(learning_rate=0.02, decay=5e-7)
    history = {"lines": [], "epoch": [], "acc": [], "data_loss": [], "reg_loss": []}

    # Train in loop
    for epoch in range(epochs):
        # Forward pass: dense1, ReLU, dense2, softmax with the loss
        data_loss = network.forward(X, y)
        # Calculate regularization penalty
        regularization_loss = ops.add(loss.regularization_loss(network.dense1),
                                      loss.regularization_loss(network.dense2))
        # Calculate overall loss
        # Differs from book: ops.add, so that the python engine adds two float32 numbers
        # in float32 as NumPy does (Python's + would add them in float64)
        total_loss = ops.add(data_loss, regularization_loss)
        # Calculate accuracy from the output of the softmax and the targets
        accuracy = purenn.accuracy(network.loss_activation.output, y)
        history["epoch"].append(epoch)
        history["acc"].append(float(accuracy))
        history["data_loss"].append(float(data_loss))
        history["reg_loss"].append(float(regularization_loss))
        if not epoch % 100:
            line = log_line(epoch, accuracy, total_loss, data_loss, regularization_loss,
                            optimizer.current_learning_rate)
            history["lines"].append(line)
            log(line)
        # Backward pass
        network.loss_activation.backward(network.loss_activation.output, y)
        network.dense2.backward(network.loss_activation.dinputs)
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
    X_test, y_test = purenn.spiral_data(samples=100, classes=3)
    validation_loss = network.forward(X_test, y_test)
    accuracy = purenn.accuracy(network.loss_activation.output, y_test)
    line = f"validation, acc: {accuracy:.3f}, loss: {validation_loss:.3f}"
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
        plotting.plot_regularized_run(network.predict, X, y, history, plot, n_classes=3,
                                      title="L2 on dense1")
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
