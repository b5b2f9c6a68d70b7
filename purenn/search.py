"""Chapter 6: optimizing by random search, and why it is not enough.

The book's model, Dense(2, 3) -> ReLU -> Dense(3, 3) -> softmax with cross-entropy, is
"trained" without gradients in two ways:

- random search: every iteration draws brand-new weights and biases (0.05 * randn) and
  keeps them if the loss is lower than the best so far;
- random adjustment: every iteration adds 0.05 * randn to the best weights and biases so
  far, and goes back to the best ones if the loss did not go down.

Both print a line for every new lowest loss, as the book does.
"""
from . import random
from .activations import Activation_ReLU, Activation_Softmax
from .engine.config import get_engine
from .layers import Layer_Dense
from .losses import Loss_CategoricalCrossentropy, accuracy
from .tools.printing import array_str
from .engine.shapes import check_count, check_real, is_bool
from .tools.notebook import pretty, search_text


def log_line(iteration, loss, acc, dtype):
    """The book's line: print('New set of weights found, iteration:', ..., 'loss:', ..., 'acc:', ...)."""
    return (f"New set of weights found, iteration: {iteration} "
            f"loss: {array_str(loss, dtype)} acc: {acc}")


class RandomSearch:
    """The chapter 6 model and its search loop; ``adjust=True`` for random adjustment."""

    def __init__(self, adjust=False, scale=0.05, engine=None):
        self.ops = get_engine(engine)
        # Differs from book: the two loops of chapter 6 are one class; adjust says which
        if not is_bool(adjust):
            raise TypeError(f"adjust must be True (random adjustment) or False (random "
                            f"search), not {adjust!r}")
        self.adjust = bool(adjust)
        # Differs from book: the scale is checked and kept as a Python float (see optimizers.py)
        self.scale = check_real(scale, "scale", above=0)
        # Create model: this draws the layers' first weights from purenn.random
        self.dense1 = Layer_Dense(2, 3, engine=self.ops)
        self.activation1 = Activation_ReLU(engine=self.ops)
        self.dense2 = Layer_Dense(3, 3, engine=self.ops)
        self.activation2 = Activation_Softmax(engine=self.ops)
        self.loss_function = Loss_CategoricalCrossentropy(engine=self.ops)
        # Helper variables: the lowest loss so far and the weights that gave it
        self.lowest_loss = 9999999
        self.best = self._parameters()

    def __repr__(self):
        return (f"RandomSearch(adjust={self.adjust}, scale={self.scale}, "
                f"lowest_loss={self.lowest_loss}, ops={self.ops!r})")

    # In a notebook: the repr, then the lowest loss and the layers' weights
    _repr_pretty_ = pretty(search_text)

    def _layers(self):
        return (self.dense1, self.dense2)

    def _parameters(self):
        """Copies of both layers' weights and biases."""
        return [(self.ops.copy(layer.weights), self.ops.copy(layer.biases))
                for layer in self._layers()]

    def _random_like(self, n_rows, n_cols):
        """scale * randn(n_rows, n_cols), at the working precision."""
        return self.ops.multiply(self.scale, self.ops.randn(random.default_stream, n_rows, n_cols))

    def step(self, X, y):
        """One iteration: new weights, a forward pass; returns (loss, accuracy, improved)."""
        ops = self.ops
        for layer in self._layers():
            weight_noise = self._random_like(*ops.shape(layer.weights))
            bias_noise = self._random_like(*ops.shape(layer.biases))
            if self.adjust:
                # Update weights with some small random values
                layer.weights = ops.add(layer.weights, weight_noise)
                layer.biases = ops.add(layer.biases, bias_noise)
            else:
                # Generate a new set of weights for iteration
                layer.weights, layer.biases = weight_noise, bias_noise
        # Perform a forward pass of the training data through this model
        self.dense1.forward(X)
        self.activation1.forward(self.dense1.output)
        self.dense2.forward(self.activation1.output)
        self.activation2.forward(self.dense2.output)
        # Calculate the loss and the accuracy
        loss = self.loss_function.calculate(self.activation2.output, y)
        acc = accuracy(self.activation2.output, y, engine=ops)
        # If loss is smaller, keep these weights; otherwise (adjustment) go back to the best
        improved = loss < self.lowest_loss
        if improved:
            self.best = self._parameters()
            self.lowest_loss = loss
        elif self.adjust:
            for layer, (weights, biases) in zip(self._layers(), self.best):
                layer.weights, layer.biases = ops.copy(weights), ops.copy(biases)
        return loss, acc, improved

    def run(self, X, y, iterations, log=print):
        """Run ``iterations`` steps; ``log`` gets the book's line for every new lowest loss."""
        check_count(iterations, "iterations")
        lines = []
        for iteration in range(iterations):
            loss, acc, improved = self.step(X, y)
            if improved:
                line = log_line(iteration, loss, acc, self.ops.dtype)
                lines.append(line)
                log(line)
        return lines
