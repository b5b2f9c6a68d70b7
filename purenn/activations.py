"""Activation functions: ReLU and softmax (book chapter 4; backward passes, chapter 9),
sigmoid (chapter 16) and linear (chapter 17).

Shapes: inputs (n_samples, n_values) -> output of the same shape.
"""
from .engine.config import get_engine
from .engine.shapes import as_array, as_gradient_arrays, as_output_gradients
from .tools.notebook import activation_text, pretty


class Activation_ReLU:
    """Rectified linear unit: ``max(0, x)`` for every value."""

    def __init__(self, engine=None):
        # Differs from book: the optional ``engine`` picks the arithmetic (default: purenn.init's).
        self.ops = get_engine(engine)
        self.inputs = None
        self.output = None
        self.dinputs = None

    def __repr__(self):
        return f"Activation_ReLU(ops={self.ops!r})"

    # In a notebook: the repr, then the last output's and gradient's shapes and first rows
    _repr_pretty_ = pretty(activation_text)

    def forward(self, inputs, training=True):
        """inputs (n_samples, n_values) -> self.output, negatives replaced by 0.

        ``training`` (chapter 18's Model passes it) changes nothing here.
        """
        inputs = as_array(self.ops, inputs, "inputs")
        # Remember input values
        self.inputs = inputs
        # Calculate output values from inputs
        self.output = self.ops.maximum(0, inputs)

    def backward(self, dvalues):
        """dvalues (n_samples, n_values) -> self.dinputs: zero where the input was <= 0."""
        dvalues, = as_gradient_arrays(self.ops, dvalues, self.inputs, "input of the last forward")
        # The ReLU derivative is 1 where the input was positive, 0 elsewhere
        self.dinputs = self.ops.relu_gradient(dvalues, self.inputs)

    def predictions(self, outputs):
        """Calculate predictions for outputs (chapter 18): the outputs themselves."""
        return outputs


class Activation_Softmax:
    """Softmax: each row exponentiated and normalized into probabilities that sum to 1."""

    def __init__(self, engine=None):
        # Differs from book: the optional ``engine`` picks the arithmetic (default: purenn.init's).
        self.ops = get_engine(engine)
        self.inputs = None
        self.output = None
        self.dinputs = None

    def __repr__(self):
        return f"Activation_Softmax(ops={self.ops!r})"

    # In a notebook: the repr, then the last output's and gradient's shapes and first rows
    _repr_pretty_ = pretty(activation_text)

    def forward(self, inputs, training=True):
        """inputs (n_samples, n_classes) -> self.output, each row's probabilities.

        ``training`` (chapter 18's Model passes it) changes nothing here.
        """
        ops = self.ops
        inputs = as_array(ops, inputs, "inputs")
        # Remember input values
        self.inputs = inputs
        # Get unnormalized probabilities, exp(inputs - each row's largest value) (subtracting
        # the largest value keeps exp from overflowing and does not change the result), and
        # normalize them for each sample: exp_values / their sum
        # Differs from book: one engine call does the book's two lines, one sample at a
        # time in the python engine, so that a debugger reaches the first exp at once
        self.output = ops.softmax(inputs)

    def backward(self, dvalues):
        """dvalues (n_samples, n_classes) -> self.dinputs, through each sample's Jacobian."""
        ops = self.ops
        # The gradient checked, and the output again (a learner may have edited it)
        dvalues, output = as_output_gradients(ops, dvalues, self.output)
        rows = []
        # Enumerate outputs and gradients, one sample at a time
        for single_output, single_dvalues in zip(output, dvalues):
            # Jacobian matrix of the softmax: diag(S) - S . S^T
            jacobian_matrix = ops.subtract(ops.diagflat(single_output),
                                           ops.outer(single_output, single_output))
            # Sample-wise gradient: the Jacobian times this sample's gradient
            rows.append(ops.dot(jacobian_matrix, single_dvalues))
        # Differs from book: rows are collected, then made into one array (np.empty_like first).
        self.dinputs = ops.array(rows)

    def predictions(self, outputs):
        """Calculate predictions for outputs (chapter 18): each row's most probable class."""
        return self.ops.argmax(outputs, axis=1)


class Activation_Sigmoid:
    """Sigmoid (chapter 16): ``1 / (1 + exp(-x))`` for every value, a number in (0, 1)."""

    def __init__(self, engine=None):
        # Differs from book: the optional ``engine`` picks the arithmetic (default: purenn.init's).
        self.ops = get_engine(engine)
        self.inputs = None
        self.output = None
        self.dinputs = None

    def __repr__(self):
        return f"Activation_Sigmoid(ops={self.ops!r})"

    # In a notebook: the repr, then the last output's and gradient's shapes and first rows
    _repr_pretty_ = pretty(activation_text)

    def forward(self, inputs, training=True):
        """inputs (n_samples, n_values) -> self.output, each value squashed into (0, 1).

        ``training`` (chapter 18) changes nothing here.
        """
        ops = self.ops
        inputs = as_array(ops, inputs, "inputs")
        # Save input and calculate/save output of the sigmoid function
        self.inputs = inputs
        self.output = ops.sigmoid(inputs)

    def backward(self, dvalues):
        """dvalues (n_samples, n_values) -> self.dinputs = dvalues * (1 - output) * output."""
        ops = self.ops
        # The gradient checked, and the output again (a learner may have edited it)
        dvalues, output = as_output_gradients(ops, dvalues, self.output)
        # Derivative - calculated from the output of the sigmoid function
        self.dinputs = ops.sigmoid_backward(dvalues, output)

    def predictions(self, outputs):
        """Calculate predictions for outputs (chapter 18): 1 where above 0.5, else 0."""
        return self.ops.greater(outputs, 0.5)


class Activation_Linear:
    """Linear activation (chapter 17): the output is the input, ``y = x``, for regression."""

    def __init__(self, engine=None):
        # Differs from book: the optional ``engine`` picks the arithmetic (default: purenn.init's).
        self.ops = get_engine(engine)
        self.inputs = None
        self.output = None
        self.dinputs = None

    def __repr__(self):
        return f"Activation_Linear(ops={self.ops!r})"

    # In a notebook: the repr, then the last output's and gradient's shapes and first rows
    _repr_pretty_ = pretty(activation_text)

    def forward(self, inputs, training=True):
        """inputs (n_samples, n_values) -> self.output, the same values.

        ``training`` (chapter 18) changes nothing here.
        """
        inputs = as_array(self.ops, inputs, "inputs")
        # Just remember values
        self.inputs = inputs
        self.output = inputs

    def backward(self, dvalues):
        """dvalues (n_samples, n_values) -> self.dinputs, a copy (the derivative is 1)."""
        dvalues, = as_gradient_arrays(self.ops, dvalues, self.output, "output of the last forward")
        # derivative is 1, 1 * dvalues = dvalues - the chain rule
        self.dinputs = self.ops.copy(dvalues)

    def predictions(self, outputs):
        """Calculate predictions for outputs (chapter 18): the outputs themselves."""
        return outputs
