"""The book's chapter 10 network and training loop.

The network: Dense(2, 64) -> ReLU -> Dense(64, 3) -> softmax with cross-entropy, trained on
spiral data with one optimizer step per epoch (the whole data set is one batch). Every 100
epochs the book prints a line such as ``epoch: 100, acc: 0.403, loss: 1.095, lr: 0.50...``.
"""
from .activations import Activation_ReLU
from .engine.config import get_engine
from .layers import Layer_Dense
from .losses import Activation_Softmax_Loss_CategoricalCrossentropy, accuracy
from .optimizers import Optimizer_Adagrad, Optimizer_Adam, Optimizer_RMSprop, Optimizer_SGD
from .engine.shapes import check_count
from .engine.model_checks import report_not_finite
from .tools.notebook import network_text, pretty

# The optimizers the book trains the chapter 10 network with, in its order.
BOOK_OPTIMIZERS = {
    "sgd": lambda engine=None: Optimizer_SGD(engine=engine),
    "sgd-lr0.85": lambda engine=None: Optimizer_SGD(learning_rate=.85, engine=engine),
    "sgd-decay1e-2": lambda engine=None: Optimizer_SGD(decay=1e-2, engine=engine),
    "sgd-decay1e-3": lambda engine=None: Optimizer_SGD(decay=1e-3, engine=engine),
    "sgd-momentum0.5": lambda engine=None: Optimizer_SGD(decay=1e-3, momentum=0.5,
                                                         engine=engine),
    "sgd-momentum0.9": lambda engine=None: Optimizer_SGD(decay=1e-3, momentum=0.9,
                                                         engine=engine),
    "adagrad": lambda engine=None: Optimizer_Adagrad(decay=1e-4, engine=engine),
    "rmsprop": lambda engine=None: Optimizer_RMSprop(decay=1e-4, engine=engine),
    "rmsprop-tuned": lambda engine=None: Optimizer_RMSprop(learning_rate=0.02, decay=1e-5,
                                                           rho=0.999, engine=engine),
    # The book's Adam section (after the chapter text this project's copy ends with)
    "adam": lambda engine=None: Optimizer_Adam(learning_rate=0.05, decay=5e-7, engine=engine),
}


class TwoLayerNetwork:
    """Dense -> ReLU -> Dense -> softmax/cross-entropy, the book's chapter 9-10 model.

    Creating it draws the two layers' weights from purenn.random, dense1's first, as the
    book's script does.
    """

    def __init__(self, n_inputs=2, n_hidden=64, n_classes=3, engine=None):
        self.ops = get_engine(engine)
        self.dense1 = Layer_Dense(n_inputs, n_hidden, engine=self.ops)
        self.activation1 = Activation_ReLU(engine=self.ops)
        self.dense2 = Layer_Dense(n_hidden, n_classes, engine=self.ops)
        self.loss_activation = Activation_Softmax_Loss_CategoricalCrossentropy(engine=self.ops)

    def __repr__(self):
        return (f"TwoLayerNetwork(n_inputs={self.dense1.n_inputs}, n_hidden="
                f"{self.dense1.n_neurons}, n_classes={self.dense2.n_neurons}, ops={self.ops!r})")

    # In a notebook: the repr, then both layers' weights and the last softmax output
    _repr_pretty_ = pretty(network_text)

    @property
    def layers(self):
        """The layers an optimizer updates."""
        return [self.dense1, self.dense2]

    def forward(self, X, y):
        """A forward pass of the whole batch; returns the mean loss."""
        # Perform a forward pass of our training data through this layer
        self.dense1.forward(X)
        # Forward pass through the activation function; takes the output of the first dense layer
        self.activation1.forward(self.dense1.output)
        # Forward pass through the second dense layer; takes the outputs of the activation
        self.dense2.forward(self.activation1.output)
        # Forward pass through the activation/loss function; returns the loss
        return self.loss_activation.forward(self.dense2.output, y)

    def backward(self, y):
        """The backward pass, from the loss down to dense1.dinputs."""
        self.loss_activation.backward(self.loss_activation.output, y)
        self.dense2.backward(self.loss_activation.dinputs)
        self.activation1.backward(self.dense2.dinputs)
        self.dense1.backward(self.activation1.dinputs)

    def accuracy(self, y):
        """Accuracy of the last forward pass."""
        return accuracy(self.loss_activation.output, y, engine=self.ops)


def log_line(epoch, acc, loss, learning_rate):
    """One line of the book's training log."""
    return f"epoch: {epoch}, acc: {acc:.3f}, loss: {loss:.3f}, lr: {learning_rate}"


def book_run(optimizer_name, epochs=10001, engine=None, log=print):
    """The book's chapter 10 script for one optimizer: data, network, training.

    Call ``purenn.init()`` first, as the book calls ``nnfs.init()``. Returns (network, lines).
    """
    from .datasets import spiral_data

    ops = get_engine(engine)
    # Create dataset, model and optimizer, in the book's order (it fixes the random draws)
    X, y = spiral_data(samples=100, classes=3, engine=ops)
    network = TwoLayerNetwork(engine=ops)
    optimizer = BOOK_OPTIMIZERS[optimizer_name](engine=ops)
    lines = train(network, optimizer, X, y, epochs=epochs, log=log)
    return network, lines


def train(network, optimizer, X, y, epochs=10001, print_every=100, log=print):
    """Train ``network`` on (X, y) for ``epochs`` epochs, as the book's chapter 10 loop.

    Every ``print_every`` epochs, ``log`` receives the book's line; returns the logged
    lines as a list of strings.
    """
    # Differs from book: both counts are checked (0 or -5 epochs would silently do nothing)
    epochs = check_count(epochs, "epochs")
    print_every = check_count(print_every, "print_every")
    lines = []
    # Differs from book: a loss that turns nan or inf is reported (a RuntimeWarning, once)
    loss_reported = False
    # Train in loop
    for epoch in range(epochs):
        # Forward pass, loss and accuracy
        loss = network.forward(X, y)
        loss_reported = report_not_finite(loss, f"train: epoch {epoch}", loss_reported)
        acc = network.accuracy(y)
        if not epoch % print_every:
            line = log_line(epoch, acc, loss, optimizer.current_learning_rate)
            lines.append(line)
            log(line)
        # Backward pass
        network.backward(y)
        # Update weights and biases
        optimizer.pre_update_params()
        for layer in network.layers:
            optimizer.update_params(layer)
        optimizer.post_update_params()
    return lines
