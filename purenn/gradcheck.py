"""Checking a backward pass numerically, with central differences (chapters 7 and 9).

Chapter 7 estimates a derivative by nudging the input a little: (f(x + h) - f(x)) / h. The
central difference (f(x + h) - f(x - h)) / 2h is more accurate, and nudging every input, weight
and bias in turn gives a numerical gradient to hold next to the one ``backward`` computes:

    >>> purenn.init(dtype="float64")
    >>> result = check_gradients(purenn.Layer_Dense(2, 3), [[1.0, 2.0], [0.5, -1.0]])
    >>> result.max_relative_error < 1e-6
    True

For a layer or activation the checked quantity is ``sum(output * dvalues)`` for a fixed
``dvalues``, whose gradient is exactly what ``backward(dvalues)`` returns. For a loss, and for
the combined softmax/cross-entropy, it is the mean loss. Run checks in float64: float32
rounding is far larger than the differences measured.
"""
from . import random
from .losses import Activation_Softmax_Loss_CategoricalCrossentropy, Loss


class GradientCheck:
    """The analytic and numerical gradients of each checked array, and how far apart they are."""

    def __init__(self):
        self.analytic = {}
        self.numerical = {}
        self.relative_errors = {}

    def __repr__(self):
        errors = ", ".join(f"{name}={error:.2e}" for name, error in self.relative_errors.items())
        return f"GradientCheck({errors})"

    @property
    def max_relative_error(self):
        """The largest relative error of all checked arrays."""
        return max(self.relative_errors.values())

    def add(self, name, analytic, numerical):
        self.analytic[name] = analytic
        self.numerical[name] = numerical
        self.relative_errors[name] = relative_error(analytic, numerical)


def relative_error(analytic, numerical):
    """|a - n| / (|a| + |n|), with |.| the Euclidean norm over all elements (0 if both are 0)."""
    a, n = _flat(analytic), _flat(numerical)
    difference = sum((x - y) ** 2 for x, y in zip(a, n)) ** 0.5
    size = sum(x * x for x in a) ** 0.5 + sum(y * y for y in n) ** 0.5
    return difference / size if size else 0.0


def _flat(rows):
    return [float(x) for row in rows for x in row]


def numerical_gradient(objective, values, delta=1e-6):
    """d objective / d values[i][j] for every element, by central differences.

    ``values`` is a list of rows that ``objective()`` reads; each element is nudged in place
    by +-delta and put back, so ``values`` ends as it began.
    """
    gradient = []
    for row in values:
        gradient_row = []
        for j, original in enumerate(row):
            # Nudge one value up and down and see how the objective changes
            row[j] = original + delta
            above = objective()
            row[j] = original - delta
            below = objective()
            row[j] = original
            gradient_row.append((above - below) / (2 * delta))
        gradient.append(gradient_row)
    return gradient


def check_gradients(obj, inputs, y_true=None, dvalues=None, delta=1e-6):
    """Compare ``obj``'s backward pass with central differences; returns a GradientCheck.

    obj: a layer or activation (``forward(inputs)``, ``backward(dvalues)``), a loss
    (``y_true`` needed), or Activation_Softmax_Loss_CategoricalCrossentropy (``y_true``).
    dvalues: for a layer or activation, the upstream gradient (default: random, seeded).
    Checks ``dinputs``, and for a layer also ``dweights`` and ``dbiases``.
    """
    ops = obj.ops
    inputs = [[float(x) for x in row] for row in ops.to_list(ops.array(inputs))]
    result = GradientCheck()
    if isinstance(obj, (Loss, Activation_Softmax_Loss_CategoricalCrossentropy)):
        if y_true is None:
            raise ValueError("checking a loss needs y_true")
        objective = _loss_objective(obj, inputs, y_true)
        obj.backward(_softmax_of(obj, inputs, y_true), y_true)
        result.add("dinputs", ops.to_list(obj.dinputs), numerical_gradient(objective, inputs, delta))
        return result
    if dvalues is None:
        obj.forward(inputs)
        shape = ops.shape(obj.output)
        dvalues = random.RandomState(seed=1).randn(*shape)
    dvalues = [[float(x) for x in row] for row in dvalues]
    objective = _weighted_output(obj, inputs, dvalues)
    # Analytic gradients: one forward and one backward pass
    obj.forward(inputs)
    obj.backward(dvalues)
    result.add("dinputs", ops.to_list(obj.dinputs), numerical_gradient(objective, inputs, delta))
    if hasattr(obj, "weights"):
        analytic_dweights, analytic_dbiases = ops.to_list(obj.dweights), ops.to_list(obj.dbiases)
        # Numerical gradients of the parameters: nudge plain-list copies, then restore
        weights, biases = obj.weights, obj.biases
        try:
            obj.weights = ops.to_list(weights)
            result.add("dweights", analytic_dweights,
                       numerical_gradient(_with_array(obj, "weights", objective), obj.weights, delta))
            obj.weights = weights
            obj.biases = ops.to_list(biases)
            result.add("dbiases", analytic_dbiases,
                       numerical_gradient(_with_array(obj, "biases", objective), obj.biases, delta))
        finally:
            obj.weights, obj.biases = weights, biases
    return result


def _weighted_output(obj, inputs, dvalues):
    """The scalar sum(output * dvalues) after a forward pass on the current ``inputs``."""
    def objective():
        obj.forward(inputs)
        output = obj.ops.to_list(obj.output)
        return sum(o * d for o_row, d_row in zip(output, dvalues) for o, d in zip(o_row, d_row))
    return objective


def _with_array(obj, name, objective):
    """The objective with ``obj.<name>`` (a nudged list) converted to the engine's array."""
    nudged = getattr(obj, name)

    def objective_with_array():
        setattr(obj, name, obj.ops.array(nudged))
        try:
            return objective()
        finally:
            setattr(obj, name, nudged)
    return objective_with_array


def _loss_objective(obj, inputs, y_true):
    if isinstance(obj, Loss):
        return lambda: float(obj.calculate(inputs, y_true))
    return lambda: float(obj.forward(inputs, y_true))


def _softmax_of(obj, inputs, y_true):
    """What the loss's backward takes as dvalues: the predictions (for the combined class,
    the softmax outputs of a forward pass)."""
    if isinstance(obj, Loss):
        return inputs
    obj.forward(inputs, y_true)
    return obj.output
