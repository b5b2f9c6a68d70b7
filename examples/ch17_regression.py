"""Chapter 17 of the book, Regression: a network fits one period of a sine wave, with a
linear output and mean squared error, printing the book's log every 100 epochs.

    python examples/ch17_regression.py                        # python engine, 201 epochs
    python examples/ch17_regression.py --engine numpy         # the book's 10,001 epochs
    python examples/ch17_regression.py --engine numpy --plot regression.png

The model, as the book's chapter 17 file: Dense(1, 64) -> ReLU -> Dense(64, 64) -> ReLU ->
Dense(64, 1) -> Linear, mean squared error, Adam(learning_rate=0.005, decay=1e-3), on
sine_data() (1,000 samples), its weights drawn as 0.1 * randn (the file edits Layer_Dense
so; here weight_scale=0.1). Accuracy: the share of predictions within std(y) / 250 of
their targets (Accuracy_Regression). --plot draws the fitted curve over the data.

The book's first two lines (epochs 0 and 100) are printed character for character by both
engines; from epoch 200 on the lines depart: the book's targets are float64, so NumPy
computes its loss, the loss's gradient, the last layer's bias gradient and Adam's bias
state in float64, where purenn computes everything at one precision (float32). See the
README's departures.
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
# The python engine takes about a second an epoch (1,000 samples through 64 x 64)
DEFAULT_EPOCHS = {"numpy": BOOK_EPOCHS, "python": 201}


# %%
class RegressionNetwork:
    """The chapter 17 model, its layers created in the book's order (which fixes the draws)."""

    def __init__(self):
        # Create Dense layer with 1 input feature and 64 output values
        self.dense1 = purenn.Layer_Dense(1, 64, weight_scale=0.1)
        # Create ReLU activation (to be used with Dense layer)
        self.activation1 = purenn.Activation_ReLU()
        # Create second Dense layer with 64 input features and 64 output values
        self.dense2 = purenn.Layer_Dense(64, 64, weight_scale=0.1)
        # Create ReLU activation (to be used with Dense layer)
        self.activation2 = purenn.Activation_ReLU()
        # Create third Dense layer with 64 input features and 1 output value
        self.dense3 = purenn.Layer_Dense(64, 1, weight_scale=0.1)
        # Create Linear activation
        self.activation3 = purenn.Activation_Linear()

    def __repr__(self):
        return f"RegressionNetwork({self.dense1!r}, {self.dense2!r}, {self.dense3!r})"

    def forward(self, X):
        """The forward pass: self.activation3.output, one prediction per sample."""
        self.dense1.forward(X)
        self.activation1.forward(self.dense1.output)
        self.dense2.forward(self.activation1.output)
        self.activation2.forward(self.dense2.output)
        self.dense3.forward(self.activation2.output)
        self.activation3.forward(self.dense3.output)
        return self.activation3.output

    def backward(self, dvalues):
        """The backward pass from the loss's gradient down to dense1."""
        self.activation3.backward(dvalues)
        self.dense3.backward(self.activation3.dinputs)
        self.activation2.backward(self.dense3.dinputs)
        self.dense2.backward(self.activation2.dinputs)
        self.activation1.backward(self.dense2.dinputs)
        self.dense1.backward(self.activation1.dinputs)


# %%
def log_line(epoch, accuracy, loss, data_loss, regularization_loss, learning_rate):
    """One line of the book's chapter 14-17 training log."""
    return (f"epoch: {epoch}, acc: {accuracy:.3f}, loss: {loss:.3f} (data_loss: "
            f"{data_loss:.3f}, reg_loss: {regularization_loss:.3f}), lr: {learning_rate}")


# %%
def run(engine, epochs=BOOK_EPOCHS, log=print, done=None):
    """The book's chapter 17 script. Returns (network, lines, X, y): the logged lines.
    ``done(epochs_finished)``, if given, is called after every epoch (the progress line)."""
    ops = purenn.init(engine=engine)
    # Create dataset
    X, y = purenn.sine_data()
    network = RegressionNetwork()
    # Create loss function
    loss_function = purenn.Loss_MeanSquaredError()
    # Create optimizer
    optimizer = purenn.Optimizer_Adam(learning_rate=0.005, decay=1e-3)
    # Accuracy precision: a fraction (1/250) of the standard deviation of the targets
    accuracy_function = purenn.Accuracy_Regression()
    accuracy_function.init(y)
    lines = []

    # Train in loop
    for epoch in range(epochs):
        output = network.forward(X)
        # Calculate the data loss
        data_loss = loss_function.calculate(output, y)
        # Calculate regularization penalty
        regularization_loss = ops.add(ops.add(
            loss_function.regularization_loss(network.dense1),
            loss_function.regularization_loss(network.dense2)),
            loss_function.regularization_loss(network.dense3))
        # Calculate overall loss
        # Differs from book: ops.add, so that the python engine adds in float32 as NumPy
        loss = ops.add(data_loss, regularization_loss)
        # Calculate accuracy: how many predictions are closer to their targets than the
        # precision
        accuracy = accuracy_function.calculate(output, y)
        if not epoch % 100:
            line = log_line(epoch, accuracy, loss, data_loss, regularization_loss,
                            optimizer.current_learning_rate)
            lines.append(line)
            log(line)
        # Backward pass
        loss_function.backward(output, y)
        network.backward(loss_function.dinputs)
        # Update weights and biases
        optimizer.pre_update_params()
        optimizer.update_params(network.dense1)
        optimizer.update_params(network.dense2)
        optimizer.update_params(network.dense3)
        optimizer.post_update_params()
        if done is not None:
            done(epoch + 1)
    return network, lines, X, y


# %%
def run_example(engine, epochs, plot=None):
    if epochs < BOOK_EPOCHS:
        print(f"({epochs:,} epochs; the book trains {BOOK_EPOCHS:,}: --epochs {BOOK_EPOCHS})")
    status = Progress(epochs, "epoch")

    def log(line):
        """Print the book's line (the progress line cleared first)."""
        status.clear()
        print(line, flush=True)

    network, lines, X, y = run(engine, epochs, log, status.update)
    status.clear()
    if plot:
        # The book draws the test data, sine_data() again, and the model's predictions
        X_test, y_test = purenn.sine_data()
        plotting.plot_regression(X_test, y_test, network.forward(X_test), plot,
                                 title=f"chapter 17: {epochs:,} epochs")
        print(f"wrote {plot}")


# %%
def parse_args(argv=None):
    parser = example_parser(__doc__, plot="the fitted curve over the data")
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
