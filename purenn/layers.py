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
from .engine.shapes import (as_array, as_gradient_arrays, as_layer_arrays, as_layer_gradients,
                            as_shaped_array, check_count, check_dropout_rate, check_fits,
                            check_real, check_strength, value_bytes)
from .tools.notebook import dropout_text, layer_text, pretty

# Chapter 14's four regularization strengths, in the book's order
REGULARIZERS = ("weight_regularizer_l1", "weight_regularizer_l2",
                "bias_regularizer_l1", "bias_regularizer_l2")


class Layer_Dense:
    """A dense layer of ``n_neurons`` neurons, each connected to all ``n_inputs`` inputs."""

    def __init__(self, n_inputs, n_neurons, weight_regularizer_l1=0, weight_regularizer_l2=0,
                 bias_regularizer_l1=0, bias_regularizer_l2=0, engine=None, weight_scale=0.01):
        # Differs from book: the optional ``engine`` picks the arithmetic (default: purenn.init's).
        self.ops = get_engine(engine)
        # Differs from book: ``weight_scale`` is the 0.01 of the book's initialization; its
        # chapter 17 file edits the class to draw 0.1 * randn, which weight_scale=0.1 gives
        weight_scale = check_real(weight_scale, "weight_scale", minimum=0)
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

    # In a notebook: the repr, the shapes, and the first rows of the weights as NumPy prints
    _repr_pretty_ = pretty(layer_text)

    def forward(self, inputs, training=True):
        """inputs (n_samples, n_inputs) -> self.output (n_samples, n_neurons).

        ``training`` (chapter 18's Model passes it) changes nothing in a dense layer.
        """
        # The inputs checked (a batch of rows of n_inputs numbers each), and the weights and
        # biases, which a learner may have set or edited: new arrays at the working precision
        inputs, weights, biases = as_layer_arrays(self.ops, inputs, self)
        # Remember input values for the backward pass
        self.inputs = inputs
        # Calculate output values from inputs, weights and biases
        self.output = self.ops.add(self.ops.dot(inputs, weights), biases)

    def backward(self, dvalues):
        """dvalues (n_samples, n_neurons) -> dweights, dbiases, dinputs (n_samples, n_inputs)."""
        # The gradient checked, and the weights and biases again (a learner may have edited
        # them since the forward pass)
        dvalues, weights, biases = as_layer_gradients(self.ops, dvalues, self)
        ops = self.ops
        # Gradients on parameters: inputs.T . dvalues, and the column sums of dvalues
        self.dweights = ops.dweights(self.inputs, dvalues)
        self.dbiases = ops.sum(dvalues, axis=0, keepdims=True)

        # Gradients on regularization (chapter 14), L1 (+1 where a parameter is >= 0, -1
        # where it is negative) and L2, each only when its strength is > 0
        # Differs from book: a new array replaces the old one instead of += in place.
        if self.weight_regularizer_l1 > 0 or self.weight_regularizer_l2 > 0:
            self.dweights = ops.regularization_gradient(
                self.dweights, weights, self.weight_regularizer_l1, self.weight_regularizer_l2)
        if self.bias_regularizer_l1 > 0 or self.bias_regularizer_l2 > 0:
            self.dbiases = ops.regularization_gradient(
                self.dbiases, biases, self.bias_regularizer_l1, self.bias_regularizer_l2)

        # Gradient on values: dvalues . weights.T
        self.dinputs = ops.dinputs(dvalues, weights)


    # --- parameters (chapter 21) -------------------------------------------------------

    def get_parameters(self):
        """Retrieve parameters: (weights, biases)."""
        return self.weights, self.biases

    def set_parameters(self, weights, biases):
        """Set weights and biases: new arrays, checked to have the layer's shapes
        (weights (n_inputs, n_neurons), biases (1, n_neurons))."""
        # Differs from book: both are checked before either is set, and copied (the book
        # keeps the arrays it is given)
        weights = as_shaped_array(self.ops, weights, (self.n_inputs, self.n_neurons), "weights",
                                  f"{self!r} takes weights of")
        biases = as_shaped_array(self.ops, biases, (1, self.n_neurons), "biases",
                                 f"{self!r} takes biases of")
        self.weights = weights
        self.biases = biases


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

    # In a notebook: the repr, then the mask's, output's and gradient's shapes and first rows
    _repr_pretty_ = pretty(dropout_text)

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
        # Apply mask to output values
        # Differs from book: one engine call makes the mask and applies it, one sample at a
        # time in the python engine, so that a debugger reaches the first product at once
        self.binary_mask, self.output = ops.dropout(inputs, draws, self.rate)

    def backward(self, dvalues):
        """dvalues (n_samples, n_values) -> self.dinputs: the gradient through the same mask."""
        if self.output is not None and self.binary_mask is None:
            raise ValueError("Layer_Dropout.backward needs the mask of a training pass: the "
                             "last forward was called with training=False")
        # The gradient checked, and the mask (a learner may have edited it)
        dvalues, binary_mask = as_gradient_arrays(
            self.ops, dvalues, self.output, "output of the last forward",
            ("binary_mask", self.binary_mask,
             (0, 0) if self.output is None else tuple(self.ops.shape(self.output))))
        # Gradient on values
        self.dinputs = self.ops.multiply(dvalues, binary_mask)
