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
the combined softmax/cross-entropy, it is the mean loss. Checks run in float64: float32
rounding is far larger than the differences measured, so an object made after
``purenn.init()`` (float32) is checked with its engine's float64 twin and its weights as
float64, then given its own engine and weights back; the report says so. A random layer
(Layer_Dropout) is checked with its mask fixed: every forward pass of the check starts
purenn's random stream from the same state, so each draws the same mask, and the stream is
put back as it was afterwards; the report says so too.

``check_function`` does the same for a forward and backward a learner writes as plain
functions on lists (not purenn's classes), and ``GradientCheck.report`` names the entries
where the two gradients disagree.
"""
from . import random
from .engine.config import get_engine
from .losses import Activation_Softmax_Loss_CategoricalCrossentropy, Loss
from .engine.shapes import (ShapeError, batch_shape, check_positive_number, check_same_shape,
                     format_shape, shape_of)
from .tools.notebook import gradient_check_text, pretty

# Above this relative error a gradient counts as wrong (checks run in float64)
TOLERANCE = 1e-6


class GradientCheck:
    """The analytic and numerical gradients of each checked array, and how far apart they are."""

    def __init__(self):
        self.analytic = {}
        self.numerical = {}
        self.relative_errors = {}
        # How the check was made, when not as asked (float64 for a float32 object, a fixed
        # dropout mask), for the report
        self.notes = []

    def __repr__(self):
        errors = ", ".join(f"{name}={error:.2e}" for name, error in self.relative_errors.items())
        return f"GradientCheck({errors})"

    # In a notebook: the repr, then the largest relative error, passed() and the notes
    _repr_pretty_ = pretty(gradient_check_text)

    @property
    def max_relative_error(self):
        """The largest relative error of all checked arrays."""
        return max(self.relative_errors.values())

    def add(self, name, analytic, numerical):
        self.analytic[name] = analytic
        self.numerical[name] = numerical
        self.relative_errors[name] = relative_error(analytic, numerical, name, f"numerical {name}")

    def passed(self, tolerance=TOLERANCE):
        """True if every checked array's relative error is below ``tolerance``."""
        return self.max_relative_error < tolerance

    def wrong_entries(self, tolerance=TOLERANCE):
        """Every entry where backward and the central difference disagree.

        Returns (name with index, e.g. "dinputs[0][2]", analytic, numerical) tuples. An entry
        is wrong when the two differ by more than ``tolerance`` times the sum of its two
        values plus the largest value in its array (so that tiny entries, where the central
        difference is mostly rounding noise, are judged on the array's scale).
        """
        wrong = []
        for name in self.analytic:
            analytic = _entries(self.analytic[name], name)
            numerical = _entries(self.numerical[name], name)
            scale = 0.0
            for _, value in numerical:
                scale = max(scale, abs(value))
            for (index, a), (_, n) in zip(analytic, numerical):
                if abs(a - n) > tolerance * (abs(a) + abs(n) + scale):
                    wrong.append((index, a, n))
        return wrong

    def report(self, tolerance=TOLERANCE):
        """A few lines for a learner: each array's relative error, and the wrong entries."""
        lines = list(self.notes)
        for name, error in self.relative_errors.items():
            verdict = "ok" if error < tolerance else "WRONG"
            lines.append(f"{name}: relative error {error:.2e} ({verdict}, tolerance "
                         f"{tolerance:.0e})")
        wrong = self.wrong_entries(tolerance)
        if wrong:
            lines.append(f"{len(wrong)} wrong entries (backward vs central difference):")
            for index, a, n in wrong:
                lines.append(f"  {index}: backward {a:.6g}, numerical {n:.6g}")
        return "\n".join(lines)


def relative_error(analytic, numerical, name_analytic="analytic", name_numerical="numerical"):
    """|a - n| / (|a| + |n|), with |.| the Euclidean norm over all elements (0 if both are 0).

    The two must have the same shape (ShapeError otherwise, naming both shapes).
    """
    check_same_shape(_as_lists(analytic), _as_lists(numerical), name_analytic, name_numerical)
    a = [value for _, value in _entries(analytic)]
    n = [value for _, value in _entries(numerical)]
    # Running totals of the squared difference and of each side's squares
    squared_difference = 0.0
    squared_a = 0.0
    squared_n = 0.0
    for x, y in zip(a, n):
        squared_difference += (x - y) ** 2
        squared_a += x * x
        squared_n += y * y
    size = squared_a ** 0.5 + squared_n ** 0.5
    return squared_difference ** 0.5 / size if size else 0.0


def _as_lists(data):
    """Nested Python lists from lists or a NumPy array (without importing NumPy)."""
    if hasattr(data, "tolist") and hasattr(data, "shape"):
        return data.tolist()
    return data


def _entries(data, name=""):
    """Every number in ``data`` (a number, list, list of rows, ...) with its index, in order:
    [("name[0][0]", 1.0), ("name[0][1]", 2.0), ...]."""
    data = _as_lists(data)
    if not isinstance(data, list):
        return [(name, float(data))]
    entries = []
    for i, item in enumerate(data):
        entries.extend(_entries(item, f"{name}[{i}]"))
    return entries


def numerical_gradient(objective, values, delta=1e-6):
    """d objective / d values[i][j] for every element, by central differences.

    ``values`` is a list (or a list of rows, or deeper) that ``objective()`` reads; each
    element is nudged in place by +-delta and put back, so ``values`` ends as it began.
    """
    delta = check_positive_number(delta, "delta")
    gradient = []
    for j, original in enumerate(values):
        if isinstance(original, list):
            # A row (or deeper): its gradient, one element at a time
            gradient.append(numerical_gradient(objective, original, delta))
            continue
        # Nudge one value up and down and see how the objective changes (put back even
        # when the objective fails)
        try:
            values[j] = original + delta
            above = objective()
            values[j] = original - delta
            below = objective()
        finally:
            values[j] = original
        gradient.append((above - below) / (2 * delta))
    return gradient


def check_gradients(obj, inputs, y_true=None, dvalues=None, delta=1e-6):
    """Compare ``obj``'s backward pass with central differences; returns a GradientCheck.

    obj: a layer or activation (``forward(inputs)``, ``backward(dvalues)``), a loss
    (``y_true`` needed), or Activation_Softmax_Loss_CategoricalCrossentropy (``y_true``).
    inputs: a batch, (n_samples, n_values).
    dvalues: for a layer or activation, the upstream gradient (default: random, seeded).
    Checks ``dinputs``, and for a layer also ``dweights`` and ``dbiases``.
    """
    # Check the arguments before anything is nudged
    delta = check_positive_number(delta, "delta")
    batch_shape(inputs, "inputs")
    notes = []
    saved = _in_float64(obj, notes)
    stream_state = random.get_state()
    try:
        result = _check_gradients(obj, inputs, y_true, dvalues, delta, notes)
    finally:
        # The object's engine and weights, and purenn's random stream, as they were
        _restore(saved)
        random.set_state(stream_state)
    result.notes = notes
    return result


def _in_float64(obj, notes):
    """Give a float32 object (and the objects it holds, such as the combined loss's softmax)
    its engine's float64 twin, and its weights and biases as float64 arrays; what to put
    back (see _restore)."""
    parts = [obj] + [value for value in vars(obj).values() if hasattr(value, "ops")]
    saved = []
    for part in parts:
        ops = getattr(part, "ops", None)
        if ops is None or ops.dtype != "float32":
            continue
        twin = get_engine(ops.name, "float64")
        saved.append((part, "ops", ops))
        part.ops = twin
        for name in ("weights", "biases"):
            if getattr(part, name, None) is not None:
                values = getattr(part, name)
                saved.append((part, name, values))
                setattr(part, name, twin.array(ops.to_list(values)))
    if saved:
        notes.append(f"{type(obj).__name__} works in float32: checked in float64 (float32 "
                     f"rounding, about 1e-7 of each value, is larger than the differences a "
                     f"central difference measures); its engine and weights are put back")
    return saved


def _restore(saved):
    for part, name, value in reversed(saved):
        setattr(part, name, value)


def _check_gradients(obj, inputs, y_true, dvalues, delta, notes):
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
    dvalues = [[float(x) for x in row] for row in _as_lists(dvalues)]
    objective = _weighted_output(obj, inputs, dvalues)
    if hasattr(obj, "binary_mask"):
        # A random layer: every forward pass of the check draws the same mask
        objective = _same_draws(objective, random.get_state())
        notes.append(f"{type(obj).__name__} draws a random mask in each forward pass: checked "
                     f"with the mask fixed (each pass starts purenn's random stream from the "
                     f"same state; the stream is put back afterwards)")
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


def check_function(forward, backward, inputs, dvalues=None, delta=1e-6, name="dinputs"):
    """Check a hand-written backward against central differences; returns a GradientCheck.

    forward(inputs) -> output: a number, a list, or a list of rows, on plain Python lists.
    backward(dvalues) -> the gradient of ``sum(output * dvalues)`` with respect to
    ``inputs``, of the shape of ``inputs``. It is called right after ``forward(inputs)``,
    so it may use what forward kept (as a layer's backward uses ``self.output``).
    inputs: a list, a list of rows, ...; it is copied, never changed.
    dvalues: the gradient flowing in from above, of the shape of ``output`` (default: 1.0
    when forward returns one number, such as a loss; otherwise random numbers, seeded).
    """
    # Check the arguments before anything is nudged
    delta = check_positive_number(delta, "delta")
    if not callable(forward) or not callable(backward):
        raise TypeError(f"forward and backward must be functions, not "
                        f"{type(forward).__name__} and {type(backward).__name__}")
    inputs_shape = shape_of(_as_lists(inputs), "inputs")
    if not inputs_shape or 0 in inputs_shape:
        raise ShapeError(f"inputs must be a list (or a list of rows) holding at least one "
                         f"number, but has shape {format_shape(inputs_shape)}")
    inputs = _float_copy(_as_lists(inputs))
    # Analytic gradient: one forward and one backward pass
    output = _as_lists(forward(_float_copy(inputs)))
    output_shape = shape_of(output, "the output of forward")
    if dvalues is None:
        dvalues = random.RandomState(seed=1).randn(*output_shape) if output_shape else 1.0
    dvalues = _float_copy(_as_lists(dvalues))
    check_same_shape(dvalues, output, "dvalues", "the output of forward")
    analytic = _as_lists(backward(_float_copy(dvalues)))
    check_same_shape(analytic, inputs, "what backward returned", "inputs")
    result = GradientCheck()

    def objective():
        # The checked quantity: sum(output * dvalues), with output from the nudged inputs
        total = 0.0
        output_entries = _entries(forward(_float_copy(inputs)))
        for (_, o), (_, d) in zip(output_entries, _entries(dvalues)):
            total += o * d
        return total

    numerical = numerical_gradient(objective, inputs, delta)
    result.add(name, analytic, numerical)
    return result


def _float_copy(data):
    """A copy of nested lists of numbers with every number made a Python float."""
    if isinstance(data, list):
        return [_float_copy(item) for item in data]
    return float(data)


def _weighted_output(obj, inputs, dvalues):
    """The scalar sum(output * dvalues) after a forward pass on the current ``inputs``."""
    def objective():
        obj.forward(inputs)
        output = obj.ops.to_list(obj.output)
        return sum(o * d for o_row, d_row in zip(output, dvalues) for o, d in zip(o_row, d_row))
    return objective


def _same_draws(objective, state):
    """The objective with purenn's random stream set to ``state`` before each call."""
    def objective_with_same_draws():
        random.set_state(state)
        return objective()
    return objective_with_same_draws


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
