"""Layer_Dense: a fully connected layer (book chapters 3 and 9).

Forward (chapter 3): ``output = inputs . weights + biases``, one row per sample.
Backward (chapter 9): ``dweights = inputs.T . dvalues``, ``dbiases`` = the column sums of
``dvalues``, ``dinputs = dvalues . weights.T``.

Shapes: inputs (n_samples, n_inputs) -> output (n_samples, n_neurons);
weights (n_inputs, n_neurons); biases (1, n_neurons).
"""
from . import random
from .config import get_engine
from .shapes import ShapeError, as_array, as_array_like, check_count, format_shape


class Layer_Dense:
    """A dense layer of ``n_neurons`` neurons, each connected to all ``n_inputs`` inputs."""

    def __init__(self, n_inputs, n_neurons, engine=None):
        # Differs from book: the optional ``engine`` picks the arithmetic (default: purenn.init's).
        self.ops = get_engine(engine)
        self.n_inputs = check_count(n_inputs, "n_inputs")
        self.n_neurons = check_count(n_neurons, "n_neurons")
        # Initialize weights and biases: small random weights (0.01 * standard normal) and zero
        # biases, weights shaped (inputs, neurons) so that no transpose is needed in forward
        self.weights = self.ops.multiply(0.01, self.ops.array(random.randn(n_inputs, n_neurons)))
        self.biases = self.ops.zeros(1, n_neurons)
        # Filled in by forward and backward
        self.inputs = None
        self.output = None
        self.dweights = None
        self.dbiases = None
        self.dinputs = None
        # Optimizer state, kept on the layer as in the book (chapter 10); None until the
        # first update_params of an optimizer that uses it
        self.weight_momentums = None
        self.bias_momentums = None
        self.weight_cache = None
        self.bias_cache = None

    def __repr__(self):
        return f"Layer_Dense(n_inputs={self.n_inputs}, n_neurons={self.n_neurons}, ops={self.ops!r})"

    def forward(self, inputs, training=True):
        """inputs (n_samples, n_inputs) -> self.output (n_samples, n_neurons).

        ``training`` (chapter 18's Model passes it) changes nothing in a dense layer.
        """
        inputs = as_array(self.ops, inputs, "inputs")
        shape = self.ops.shape(inputs)
        if shape[1] != self.n_inputs:
            raise ShapeError(
                f"inputs have {shape[1]} values per sample but this layer has "
                f"n_inputs={self.n_inputs} (inputs {format_shape(shape)}, weights "
                f"{format_shape((self.n_inputs, self.n_neurons))})")
        # Remember input values for the backward pass
        self.inputs = inputs
        # Calculate output values from inputs, weights and biases
        self.output = self.ops.add(self.ops.dot(inputs, self.weights), self.biases)

    def backward(self, dvalues):
        """dvalues (n_samples, n_neurons) -> dweights, dbiases, dinputs (n_samples, n_inputs)."""
        dvalues = as_array_like(self.ops, dvalues, self.output, "output of the last forward")
        # Gradients on parameters
        self.dweights = self.ops.dot(self.ops.transpose(self.inputs), dvalues)
        self.dbiases = self.ops.sum(dvalues, axis=0, keepdims=True)
        # Gradient on values
        self.dinputs = self.ops.dot(dvalues, self.ops.transpose(self.weights))
