# %%
"""Chapter 15 of the book, Dropout: the chapter 14 network on ten times the data, with a
dropout layer after the ReLU that zeroes a tenth of its outputs at every epoch (a new random
mask each time), then the validation line (without dropout) on a test set drawn next.

    python examples/ch15_dropout.py                              # python engine, 101 epochs
    python examples/ch15_dropout.py --engine numpy               # the book's 10,001 epochs
    python examples/ch15_dropout.py --engine numpy --plot dropout.png

The model: Dense(2, 64, weight_regularizer_l2=5e-4, bias_regularizer_l2=5e-4) -> ReLU ->
Dropout(0.1) -> Dense(64, 3) -> softmax with cross-entropy, Adam(learning_rate=0.05,
decay=5e-5), on spiral_data(samples=1000, classes=3). The masks are drawn from purenn's
stream, as the book's np.random.binomial draws them from NumPy's.

Differs from book: in float32 the mask is float32 (the book's is float64, which makes its
activations float64 after the dropout layer; see Layer_Dropout), so no line is expected to
match the book's (it prints only its last two).
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
# The python engine takes about 0.5 s an epoch (3,000 samples): --epochs 10001 runs the
# book's (more than an hour)
DEFAULT_EPOCHS = {"numpy": BOOK_EPOCHS, "python": 101}
# CPU seconds an epoch on the development machine, for the time the run says up front
SECONDS_EACH = {"numpy": 0.017, "python": 0.42}


# %%
class DropoutNetwork:
    """The chapter 15 model, its layers created in the book's order (which fixes the draws)."""

    def __init__(self):
        # Create Dense layer with 2 input features and 64 output values, with L2 penalties
        self.dense1 = purenn.Layer_Dense(2, 64, weight_regularizer_l2=5e-4,
                                         bias_regularizer_l2=5e-4)
        # Create ReLU activation (to be used with Dense layer)
        self.activation1 = purenn.Activation_ReLU()
        # Create dropout layer
        self.dropout1 = purenn.Layer_Dropout(0.1)
        # Create second Dense layer with 64 input features and 3 output values
        self.dense2 = purenn.Layer_Dense(64, 3)
        # Create Softmax classifier's combined loss and activation
        self.loss_activation = purenn.Activation_Softmax_Loss_CategoricalCrossentropy()

    def __repr__(self):
        return f"DropoutNetwork({self.dense1!r}, {self.dropout1!r}, {self.dense2!r})"

    def forward(self, X, y):
        """The training forward pass through the loss, dropout included; returns the data loss."""
        self.dense1.forward(X)
        self.activation1.forward(self.dense1.output)
        # A new mask, drawn from purenn's stream
        self.dropout1.forward(self.activation1.output)
        self.dense2.forward(self.dropout1.output)
        return self.loss_activation.forward(self.dense2.output, y)

    def validate(self, X, y):
        """The book's validation pass: dense1, ReLU, dense2 (no dropout); returns the loss."""
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
    """The book's chapter 15 script. Returns (network, history, X, y); history holds the
    logged lines and, for every epoch, the accuracy, data loss and regularization loss.
    ``done(epochs_finished)``, if given, is called after every epoch (the progress line)."""
    ops = purenn.init(engine=engine)
    # Create dataset
    X, y = purenn.spiral_data(samples=1000, classes=3)
    network = DropoutNetwork()
    loss = network.loss_activation.loss
    # Create optimizer
    optimizer = purenn.Optimizer_Adam(learning_rate=0.05, decay=5e-5)
    history = {"lines": [], "epoch": [], "acc": [], "data_loss": [], "reg_loss": []}

    # Train in loop
    for epoch in range(epochs):
        # Forward pass: dense1, ReLU, dropout, dense2, softmax with the loss
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
        network.dropout1.backward(network.dense2.dinputs)
        network.activation1.backward(network.dropout1.dinputs)
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
    validation_loss = network.validate(X_test, y_test)
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
                                      title="dropout 0.1")
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
