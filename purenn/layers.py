"""Layer_Dense, a fully connected layer (book chapters 3, 9 and 14), and Layer_Dropout
(chapter 15).

Forward (chapter 3): ``output = inputs . weights + biases``, one row per sample.
Backward (chapter 9): ``dweights = inputs.T . dvalues``, ``dbiases`` = the column sums of
``dvalues``, ``dinputs = dvalues . weights.T``.
Regularization (chapter 14): L1 adds ``l1 * sign(weights)`` to ``dweights`` (a weight of
exactly 0 counting as positive), L2 adds ``2 * l2 * weights``; the same for the biases.
Dropout (chapter 15): each value is kept with probability ``1 - rate`` and scaled by
``1 / (1 - rate)``, so the expected sum of the outputs does not change.

Shapes: inputs (n_samples, n_inputs) -> output (n_samples, n_neurons);
weights (n_inputs, n_neurons); biases (1, n_neurons).
"""
from . import random
from .engine.config import get_engine
from .engine.shapes import (ShapeError, as_array, as_array_like, as_layer_inputs, check_count,
                     check_dropout_rate, check_fits, check_strength, format_shape,
                     raise_non_number, shape_of, value_bytes)

# Chapter 14's four regularization strengths, in the book's order
REGULARIZERS = ("weight_regularizer_l1", "weight_regularizer_l2",
                "bias_regularizer_l1", "bias_regularizer_l2")


def _check_weight_scale(weight_scale):
    """The scale of the initial weights, a finite number >= 0, as a Python float."""
    if (isinstance(weight_scale, bool) or not isinstance(weight_scale, (int, float))
            or not 0 <= float(weight_scale) < float("inf")):
        raise ValueError(f"weight_scale must be a finite number >= 0 (the book's 0.01, or "
                         f"0.1 in its chapter 17 file), not {weight_scale!r}")
    return float(weight_scale)


class Layer_Dense:
    """A dense layer of ``n_neurons`` neurons, each connected to all ``n_inputs`` inputs."""

    def __init__(self, n_inputs, n_neurons, weight_regularizer_l1=0, weight_regularizer_l2=0,
                 bias_regularizer_l1=0, bias_regularizer_l2=0, engine=None, weight_scale=0.01):
        # Differs from book: the optional ``engine`` picks the arithmetic (default: purenn.init's).
        self.ops = get_engine(engine)
        # Differs from book: ``weight_scale`` is the 0.01 of the book's initialization; its
        # chapter 17 file edits the class to draw 0.1 * randn, which weight_scale=0.1 gives
        weight_scale = _check_weight_scale(weight_scale)
        self.n_inputs = check_count(n_inputs, "n_inputs")
        self.n_neurons = check_count(n_neurons, "n_neurons")
        # Set regularization strength (chapter 14); checked first, so a refused layer draws
        # no weights from the random stream
        self.weight_regularizer_l1 = check_strength(weight_regularizer_l1, "weight_regularizer_l1")
        self.weight_regularizer_l2 = check_strength(weight_regularizer_l2, "weight_regularizer_l2")
        self.bias_regularizer_l1 = check_strength(bias_regularizer_l1, "bias_regularizer_l1")
        self.bias_regularizer_l2 = check_strength(bias_regularizer_l2, "bias_regularizer_l2")
        # Initialize weights and biases: small random weights (0.01 * standard normal) and zero
        # biases, weights shaped (inputs, neurons) so that no transpose is needed in forward
        # Differs from book: a size that cannot fit in memory is refused at once, as by NumPy
        check_fits(self.n_inputs * self.n_neurons, "weights", value_bytes(self.ops),
                   f"Layer_Dense({self.n_inputs}, {self.n_neurons})")
        self.weights = self.ops.multiply(
            weight_scale, self.ops.randn(random.default_stream, self.n_inputs, self.n_neurons))
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
        # The regularization strengths are shown when they are set
        strengths = "".join(f", {name}={getattr(self, name)!r}" for name in REGULARIZERS
                            if getattr(self, name))
        return (f"Layer_Dense(n_inputs={self.n_inputs}, n_neurons={self.n_neurons}"
                f"{strengths}, ops={self.ops!r})")

    def forward(self, inputs, training=True):
        """inputs (n_samples, n_inputs) -> self.output (n_samples, n_neurons).

        ``training`` (chapter 18's Model passes it) changes nothing in a dense layer.
        """
        # The inputs checked: a batch of rows of n_inputs numbers each
        inputs = as_layer_inputs(self.ops, inputs, self.n_inputs, self.n_neurons)
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

        # Gradients on regularization (chapter 14), each only when its strength is > 0
        # Differs from book: a new array replaces the old one instead of += in place.
        ops = self.ops
        # L1 on weights: +1 where a weight is >= 0, -1 where it is negative
        if self.weight_regularizer_l1 > 0:
            dL1 = ops.l1_gradient(self.weights)
            self.dweights = ops.add(self.dweights,
                                    ops.multiply(self.weight_regularizer_l1, dL1))
        # L2 on weights
        if self.weight_regularizer_l2 > 0:
            self.dweights = ops.add(self.dweights,
                                    ops.multiply(2 * self.weight_regularizer_l2, self.weights))
        # L1 on biases
        if self.bias_regularizer_l1 > 0:
            dL1 = ops.l1_gradient(self.biases)
            self.dbiases = ops.add(self.dbiases, ops.multiply(self.bias_regularizer_l1, dL1))
        # L2 on biases
        if self.bias_regularizer_l2 > 0:
            self.dbiases = ops.add(self.dbiases,
                                   ops.multiply(2 * self.bias_regularizer_l2, self.biases))

        # Gradient on values
        self.dinputs = self.ops.dot(dvalues, self.ops.transpose(self.weights))


    # --- parameters (chapter 21) -------------------------------------------------------

    def get_parameters(self):
        """Retrieve parameters: (weights, biases)."""
        return self.weights, self.biases

    def set_parameters(self, weights, biases):
        """Set weights and biases: new arrays, checked to have the layer's shapes
        (weights (n_inputs, n_neurons), biases (1, n_neurons))."""
        # Differs from book: both are checked before either is set, and copied (the book
        # keeps the arrays it is given)
        weights = self._parameter(weights, "weights", (self.n_inputs, self.n_neurons))
        biases = self._parameter(biases, "biases", (1, self.n_neurons))
        self.weights = weights
        self.biases = biases

    def _parameter(self, values, name, expected):
        shape = shape_of(values, name)
        if shape != expected:
            raise ShapeError(f"{name} have shape {format_shape(shape)} but {self!r} takes "
                             f"{name} of shape {format_shape(expected)}")
        raise_non_number(values, name, len(shape))
        return self.ops.array(values)


class Layer_Dropout:
    """Dropout (chapter 15): in training, each value is zeroed with probability ``rate``.

    ``rate`` is the share of values dropped; the layer keeps the share kept,
    ``self.rate = 1 - rate``, as the book does. inputs (n_samples, n_values) -> output of
    the same shape.
    """

    def __init__(self, rate, engine=None):
        # Differs from book: the optional ``engine`` picks the arithmetic (default: purenn.init's).
        self.ops = get_engine(engine)
        rate = check_dropout_rate(rate)  # a Python float (see shapes.check_real)
        # Store rate, we invert it: for a dropout of 0.1 we need a success rate of 0.9
        self.rate = 1 - rate
        # Filled in by forward and backward
        self.inputs = None
        self.binary_mask = None
        self.output = None
        self.dinputs = None

    def __repr__(self):
        return f"Layer_Dropout(self.rate={self.rate!r} (the share kept), ops={self.ops!r})"

    def forward(self, inputs, training=True):
        """inputs (n_samples, n_values) -> self.output: masked and scaled when ``training``.

        ``training=False`` (chapter 18: prediction, validation) passes the inputs on as they are.
        """
        ops = self.ops
        inputs = as_array(ops, inputs, "inputs")
        # Save input values
        self.inputs = inputs
        # If not in the training mode, return the values as they are
        if not training:
            self.output = ops.copy(inputs)
            # Differs from book: the mask of an earlier training pass is forgotten, so that
            # backward cannot apply it to this pass
            self.binary_mask = None
            return
        # Generate and save the scaled mask: 1 (kept, with probability self.rate) or 0 from
        # np.random.binomial, divided by self.rate
        # Differs from book: the mask is made at the working precision. In the book the
        # int / float mask is float64, so after nnfs.init() its float32 activations become
        # float64 from this layer on; here, after purenn.init(), they stay float32 (the draws
        # become float32 numbers, then are divided by self.rate in float32). In float64 the
        # two are the same.
        draws = ops.binomial(1, self.rate, ops.shape(inputs))
        self.binary_mask = ops.divide(ops.array(draws), self.rate)
        # Apply mask to output values
        self.output = ops.multiply(inputs, self.binary_mask)

    def backward(self, dvalues):
        """dvalues (n_samples, n_values) -> self.dinputs: the gradient through the same mask."""
        dvalues = as_array_like(self.ops, dvalues, self.output, "output of the last forward")
        if self.binary_mask is None:
            raise ValueError("Layer_Dropout.backward needs the mask of a training pass: the "
                             "last forward was called with training=False")
        # Gradient on values
        self.dinputs = self.ops.multiply(dvalues, self.binary_mask)
