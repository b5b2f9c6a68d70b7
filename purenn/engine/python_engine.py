"""The python engine: every array operation the book's classes use, as plain loops.

An array here is a plain list (1-D) or a list of rows (2-D) of Python floats. Each method's
docstring names the NumPy call it stands for, so a reader can map the book's NumPy code onto
the loops. ``numpy_engine.py`` has the same methods, written with NumPy.

Every loop is eager and visible: a dot product adds ``input * weight`` into a running
total, and each output row is built in full and then finished. A debugger's ``s`` enters
every step and ``n`` over a line computes that line. The machinery around the loops (making
arrays, shapes, broadcasting, rounding) lives in ``lists.py``, which this class inherits.

Precision: each result is computed with Python floats (float64). In float32 mode it is
then rounded as NumPy rounds each float32 operation: a finished row passes through
``self.round_row``, and in the book's formulas (sigmoid, the losses, dropout, the
optimizers) each step of the formula is wrapped in ``f32(...)`` (``self.f32``, one number:
``precision.to_float32``), so the answers are NumPy's float32 answers bit for bit. In
float64 mode ``f32`` is ``float`` and ``round_row`` returns the row: nothing is rounded.
The functions the formulas call that a debugger skips (``f32``, NumPy's ``exp``, ``log``,
``sqrt`` and ``divide`` with their inf and nan, NumPy's order of summation
``pairwise_sum``) live in ``precision.py``. A float32 value is
kept in a Python float, so a debugger shows all its digits (0.3333333432674408 for NumPy's
0.33333334): ``purenn.show(value)`` prints it as NumPy does.
"""
import math

from . import precision
from .lists import ListArrays, each_value, is_number, rows_like, warn
from .precision import divide, exp, log, pairwise_sum, sqrt
from ..tools.notebook import engine_text, pretty


class PythonEngine(ListArrays):
    """Array operations on lists of floats, rounded to ``dtype`` after every step."""

    name = "python"

    def __init__(self, dtype=precision.FLOAT64):
        super().__init__(dtype)
        # Rounds one number to the working precision: the formulas below call it after each
        # operation, as NumPy rounds each float32 operation (in float64 mode: float)
        self.f32 = precision.rounding(self.dtype)
        # e ** x at the working precision, as np.exp gives it (see precision.exponential)
        self.exp_value = precision.exponential(self.dtype)

    def __repr__(self):
        return f"PythonEngine(dtype={self.dtype!r})"

    # In a notebook: the repr, then its name and dtype
    _repr_pretty_ = pretty(engine_text)

    # --- elementwise arithmetic ---------------------------------------------------

    def add(self, a, b):
        """a + b elementwise, with broadcasting (e.g. a bias row added to each sample): np.add."""
        rows_a, rows_b, ndim = self.broadcast(a, b)
        output = []
        for row_a, row_b in zip(rows_a, rows_b):
            # Add the two rows value by value
            output.append(self.round_row([x + y for x, y in zip(row_a, row_b)]))
        return self.finish(output, ndim)

    def subtract(self, a, b):
        """a - b elementwise, with broadcasting: np.subtract."""
        rows_a, rows_b, ndim = self.broadcast(a, b)
        output = []
        for row_a, row_b in zip(rows_a, rows_b):
            # Subtract the second row from the first, value by value
            output.append(self.round_row([x - y for x, y in zip(row_a, row_b)]))
        return self.finish(output, ndim)

    def multiply(self, a, b):
        """a * b elementwise, with broadcasting (a number scales every element): np.multiply."""
        rows_a, rows_b, ndim = self.broadcast(a, b)
        output = []
        for row_a, row_b in zip(rows_a, rows_b):
            # Multiply the two rows value by value
            output.append(self.round_row([x * y for x, y in zip(row_a, row_b)]))
        return self.finish(output, ndim)

    def divide(self, a, b):
        """a / b elementwise, with broadcasting: np.divide (x / 0 gives +-inf or nan)."""
        rows_a, rows_b, ndim = self.broadcast(a, b)
        output = []
        for row_a, row_b in zip(rows_a, rows_b):
            # Divide the first row by the second, value by value
            try:
                quotients = [x / y for x, y in zip(row_a, row_b)]
            except ZeroDivisionError:
                # Differs from Python: x / 0 is NumPy's inf, -inf or nan, not an error
                quotients = [divide(x, y) for x, y in zip(row_a, row_b)]
            output.append(self.round_row(quotients))
        return self.finish(output, ndim)

    def negative(self, a):
        """-a elementwise: np.negative(a)."""
        rows, ndim = self.rows_of(a)
        output = []
        for row in rows:
            # Each value with its sign changed
            output.append(self.round_row([-x for x in row]))
        return self.finish(output, ndim)

    def square(self, a):
        """a ** 2 elementwise: a ** 2."""
        rows, ndim = self.rows_of(a)
        output = []
        for row in rows:
            # Each value times itself
            output.append(self.round_row([x * x for x in row]))
        return self.finish(output, ndim)

    def power(self, base, a):
        """``base`` raised to each element, in float64 and rounded once: np.power(base, a)."""
        # As NumPy does, the base is first converted to the working precision
        base = self.round_value(base)
        rows, ndim = self.rows_of(a)
        output = []
        for row in rows:
            # The base raised to each value of the row
            output.append(self.round_row([_power(base, x) for x in row]))
        return self.finish(output, ndim)

    def sqrt(self, a):
        """Square root elementwise: np.sqrt(a)."""
        rows, ndim = self.rows_of(a)
        output = []
        for row in rows:
            # The square root of each value of the row
            try:
                roots = [math.sqrt(x) for x in row]
            except ValueError:
                # Differs from Python: the root of a negative number is NumPy's nan
                roots = [sqrt(x) for x in row]
            output.append(self.round_row(roots))
        return self.finish(output, ndim)

    def exp(self, a):
        """e ** a elementwise, in float64 and rounded once: np.exp(a)."""
        rows, ndim = self.rows_of(a)
        output = []
        for row in rows:
            # Exponentiate each value of the row
            try:
                exp_values = [math.exp(x) for x in row]
            except OverflowError:
                # Differs from Python: too large a result is NumPy's inf, not an error
                exp_values = [exp(x) for x in row]
            output.append(self.round_row(exp_values))
        return self.finish(output, ndim)

    def log(self, a):
        """Natural logarithm elementwise, in float64 and rounded once: np.log(a)."""
        rows, ndim = self.rows_of(a)
        output = []
        for row in rows:
            # The natural logarithm of each value of the row
            try:
                log_values = [math.log(x) for x in row]
            except ValueError:
                # Differs from Python: log(0) is NumPy's -inf and log(negative) its nan
                log_values = [log(x) for x in row]
            output.append(self.round_row(log_values))
        return self.finish(output, ndim)

    def maximum(self, floor, a):
        """The larger of ``floor`` and each element: np.maximum(floor, a) (ReLU with floor 0)."""
        floor = self.round_value(floor)
        rows, ndim = self.rows_of(a)
        output = []
        for row in rows:
            # Values at or below the floor become the floor; written as a comparison, not
            # max(), so that a NaN passes through as in NumPy
            output.append([floor if x <= floor else x for x in row])
        return self.finish(output, ndim)

    def clip(self, a, low, high):
        """Each element limited to [low, high]: np.clip(a, low, high)."""
        low, high = self.round_value(low), self.round_value(high)
        rows, ndim = self.rows_of(a)
        output = []
        for row in rows:
            clipped = []
            for x in row:
                # Values below low become low, values above high become high
                if x < low:
                    clipped.append(low)
                elif x > high:
                    clipped.append(high)
                else:
                    clipped.append(x)
            output.append(clipped)
        return self.finish(output, ndim)

    def relu_gradient(self, dvalues, inputs):
        """The gradient passed where the input was positive, zero elsewhere.

        NumPy: ``dinputs = dvalues.copy(); dinputs[inputs <= 0] = 0``.
        """
        dinputs = []
        for dvalues_row, inputs_row in zip(dvalues, inputs):
            # Zero gradient where input values were negative or zero (as the book's mask
            # inputs <= 0, so that a NaN input keeps its gradient)
            dinputs.append([0.0 if x <= 0.0 else d for d, x in zip(dvalues_row, inputs_row)])
        return dinputs

    # --- products ----------------------------------------------------------------

    def transpose(self, a):
        """Rows become columns: a.T (a 1-D list is returned unchanged, as NumPy does)."""
        if not (a and isinstance(a[0], list)):
            return list(a)
        return list(map(list, zip(*a)))  # each column of a, as a list

    def dot(self, a, b):
        """The matrix product: np.dot(a, b) for 2-D or 1-D operands.

        Each output value is one row of ``a`` times one column of ``b``: the chapter 2
        neuron, input times weight added into a running total from 0.0. (In a layer's
        forward pass ``a`` is the inputs and ``b`` the weights; backward multiplies other
        arrays the same way.) The totals are float64; each finished row is rounded once, as
        nnfs's float32 ``np.dot`` does (it casts to float64, multiplies, and casts back).
        """
        if is_number(a) or is_number(b):
            return self.multiply(a, b)  # np.dot with a number is the elementwise product
        # The rows of a (the samples) and the columns of b (each neuron's weights)
        samples, columns, ndim = self.dot_rows(a, b)
        output = []
        for sample in samples:
            output_row = []
            for neuron_weights in columns:
                # Multiply each input by its weight and add it to the neuron's output
                # (input i by weight i: an index loop, which PyPy's JIT runs faster than
                # zip over pairs as short as the chapter 10 network's 2 inputs)
                neuron_output = 0.0
                for i in range(len(sample)):
                    neuron_output += sample[i] * neuron_weights[i]
                output_row.append(neuron_output)
            # The sample's outputs, rounded once
            output.append(self.round_row(output_row))
        if len(self.shape(b)) == 1:
            # A 1-D b: one value per sample, a 1-D array (a number for two 1-D arrays)
            output = [[row[0] for row in output]]
        return self.finish(output, ndim)

    def outer(self, a, b):
        """Every a[i] times every b[j]: np.dot(a.reshape(-1, 1), b.reshape(1, -1))."""
        output = []
        for x in a:
            # One row: this value of a times every value of b
            output.append(self.round_row([x * y for y in b]))
        return output

    def diagflat(self, a):
        """A square matrix with ``a`` on its diagonal and zeros elsewhere: np.diagflat(a)."""
        n = len(a)
        return [[a[i] if i == j else 0.0 for j in range(n)] for i in range(n)]

    # --- reductions ----------------------------------------------------------------

    def sum(self, a, axis=None, keepdims=False):
        """Sum of elements: np.sum(a, axis=axis, keepdims=keepdims), in NumPy's order.

        axis=None or a 1-D list: pairwise summation of all elements (C order);
        axis=0: row after row into a running row (a single column: pairwise);
        axis=1: pairwise within each row.
        """
        rows, ndim = self.rows_of(a)
        if axis is None or ndim == 1:
            values = []
            for row in rows:
                values.extend(row)
            total = pairwise_sum(values, self.f32)
            if keepdims:
                return [[total]] if ndim == 2 else [total]
            return total
        if axis == 0 and len(a[0]) == 1:
            # A single column lies in memory as a 1-D list: NumPy sums it pairwise too
            total = [pairwise_sum([row[0] for row in a], self.f32)]
            return [total] if keepdims else total
        if axis == 0:
            # Add each row into a running row of totals, value by value
            totals = [0.0] * len(a[0])
            for row in a:
                totals = self.round_row([total + x for total, x in zip(totals, row)])
            return [totals] if keepdims else totals
        if axis == 1:
            # Each row's values added up
            sums = []
            for row in a:
                sums.append(pairwise_sum(row, self.f32))
            return [[total] for total in sums] if keepdims else sums
        raise ValueError(f"axis {axis} is out of bounds for an array of dimension {ndim}")

    def mean(self, a):
        """Mean of all elements: np.mean(a) (pairwise sum, then one division)."""
        rows, ndim = self.rows_of(a)
        values = []
        for row in rows:
            values.extend(row)
        return self.round_value(pairwise_sum(values, self.f32) / len(values))

    def max(self, a, axis=1, keepdims=True):
        """Largest element of each row, or NaN: np.max(a, axis=1, keepdims=True)."""
        if axis != 1:
            raise ValueError("the python engine's max supports axis=1 only")
        largest_values = []
        for row in a:
            largest = row[_argmax_row(row)]
            largest_values.append([largest] if keepdims else largest)
        return largest_values

    def argmax(self, a, axis=1):
        """Index of the largest element of each row (the first, on ties): np.argmax(a, axis=1)."""
        if axis != 1:
            raise ValueError("the python engine's argmax supports axis=1 only")
        indices = []
        for row in a:
            indices.append(_argmax_row(row))
        return indices

    # --- indexing --------------------------------------------------------------------

    def pick(self, a, labels):
        """One element per row, at that row's label: a[range(len(a)), labels]."""
        picked = []
        for row, label in zip(a, labels):
            picked.append(row[label])
        return picked

    def subtract_at(self, a, labels, value):
        """A copy of ``a`` with ``value`` subtracted at each row's label.

        NumPy: ``output = a.copy(); output[range(len(a)), labels] -= value``.
        """
        value = self.round_value(value)
        output = self.to_list(a)
        for row, label in zip(output, labels):
            # Subtract the value at this row's label
            row[label] = self.round_value(row[label] - value)
        return output

    def count_equal(self, a, b):
        """How many positions hold equal values: np.sum(a == b)."""
        count = 0
        for x, y in zip(a, b):
            if x == y:
                count += 1
        return count

    # --- ch14: regularization, dropout and the binary case ---------------------------

    def absolute(self, a):
        """|a| elementwise, for a list of rows: np.abs(a)."""
        result = []
        for row in a:
            new_row = []
            for x in row:
                new_row.append(-x if x < 0 else x)
            result.append(self.round_row(new_row))
        return result

    def l1_gradient(self, a):
        """The gradient of |a|: 1, or -1 where a value is negative (0 counts as positive).

        NumPy: ``d = np.ones_like(a); d[a < 0] = -1``, for a list of rows.
        """
        result = []
        for row in a:
            new_row = []
            for x in row:
                new_row.append(-1.0 if x < 0 else 1.0)
            result.append(new_row)
        return result

    def greater(self, a, value):
        """1 where an element is above ``value``, else 0, as ints: (a > value) * 1."""
        value = self.round_value(value)
        result = []
        for row in a:
            new_row = []
            for x in row:
                new_row.append(1 if x > value else 0)
            result.append(new_row)
        return result

    def mean_equal(self, a, b):
        """The share of positions where two lists of rows hold equal values: np.mean(a == b)."""
        matches = 0
        count = 0
        for row_a, row_b in zip(a, b):
            for x, y in zip(row_a, row_b):
                count += 1
                if x == y:
                    matches += 1
        return matches / count


    # --- engine: softmax, one sample at a time ------------------------------------------

    def softmax(self, inputs):
        """Each row's exponentials divided by their sum, the book's two softmax lines:

        ``exp_values = np.exp(inputs - np.max(inputs, axis=1, keepdims=True))``,
        ``probabilities = exp_values / np.sum(exp_values, axis=1, keepdims=True)``.
        Here one sample at a time, as chapter 4 first does it: each step rounded as those
        NumPy calls round it (the subtraction, exp in float64, the sum in NumPy's order,
        the division), so the result is the same bit for bit.
        """
        probabilities = []
        for sample in inputs:
            # Subtract the sample's largest value, so that exp cannot overflow; this does not
            # change the probabilities (a sample that holds a NaN gives NaNs, as in NumPy)
            largest = max(sample)
            shifted = self.round_row([x - largest for x in sample])
            # Get unnormalized probabilities
            exp_values = self.round_row([math.exp(x) for x in shifted])
            # Normalize them: each divided by their sum
            norm_base = pairwise_sum(exp_values, self.f32)
            probabilities.append(self.round_row([value / norm_base for value in exp_values]))
        return probabilities

    # --- the book's formulas, one sample (or one value) at a time -------------------------
    #
    # Each method is one of the book's lines (or a few that belong together), written once
    # on numbers inside a loop over the samples, with the book's names. ``f32`` rounds a
    # result to the working precision after each operation, as NumPy's float32 arrays do
    # (in float64 mode it rounds nothing); a Python number used with an array is first
    # rounded to the array's precision, as NumPy converts it.

    def sigmoid(self, inputs):
        """The sigmoid of every value: ``1 / (1 + np.exp(-inputs))`` (chapter 16)."""
        f32, exp = self.f32, self.exp_value
        output = []
        for sample in inputs:
            # Calculate the sample's output of the sigmoid function
            output.append([f32(1 / f32(1 + exp(-x))) for x in sample])
        return output

    def sigmoid_backward(self, dvalues, output):
        """The sigmoid's gradient: ``dvalues * (1 - output) * output`` (chapter 16)."""
        f32 = self.f32
        dinputs = []
        for sample_dvalues, sample_output in zip(dvalues, output):
            # Derivative - calculated from the output of the sigmoid function
            dinputs.append([f32(f32(dvalue * f32(1 - value)) * value)
                            for dvalue, value in zip(sample_dvalues, sample_output)])
        return dinputs

    def categorical_crossentropy(self, y_pred, y_true):
        """Each sample's loss, ``-log`` of its correct confidence (chapter 5):
        ``y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)``, then
        ``y_pred_clipped[range(samples), y_true]`` (class indices) or
        ``np.sum(y_pred_clipped * y_true, axis=1)`` (one-hot rows), then ``-np.log(...)``.
        """
        f32 = self.f32
        low, high = f32(1e-7), f32(1 - 1e-7)
        negative_log_likelihoods = []
        for sample, target in zip(y_pred, y_true):
            # Clip data to prevent division by 0, on both sides (not to drag the mean)
            y_pred_clipped = [low if p < low else high if p > high else p for p in sample]
            # Probability of the target class (class index), or the masked sum (one-hot)
            correct_confidence = (y_pred_clipped[target] if type(target) is int else
                                  pairwise_sum([f32(p * y) for p, y in zip(y_pred_clipped,
                                                                            target)], f32))
            # Loss
            negative_log_likelihoods.append(-f32(log(correct_confidence)))
        return negative_log_likelihoods

    def categorical_crossentropy_backward(self, dvalues, y_true):
        """The gradient ``-y_true / dvalues``, normalized: ``/ samples`` (chapter 9).

        ``y_true``: one-hot rows. A predicted 0 gives NumPy's -inf or nan.
        """
        f32 = self.f32
        samples = len(dvalues)
        dinputs = []
        for sample_dvalues, sample_y_true in zip(dvalues, y_true):
            # Calculate gradient, then normalize it
            try:
                dinputs.append([f32(f32(-y / dvalue) / samples)
                                for y, dvalue in zip(sample_y_true, sample_dvalues)])
            except ZeroDivisionError:
                # Differs from Python: x / 0 is NumPy's inf, -inf or nan, not an error
                dinputs.append([f32(f32(divide(-y, dvalue)) / samples)
                                for y, dvalue in zip(sample_y_true, sample_dvalues)])
        return dinputs

    def softmax_crossentropy_backward(self, dvalues, y_true):
        """Softmax and cross-entropy's gradient (chapter 9): ``dinputs = dvalues.copy()``,
        ``dinputs[range(samples), y_true] -= 1``, ``dinputs = dinputs / samples``."""
        f32 = self.f32
        samples = len(dvalues)
        dinputs = []
        for sample_dvalues, y in zip(dvalues, y_true):
            # Calculate gradient: a copy, with 1 subtracted at the correct class
            sample_dinputs = list(sample_dvalues)
            sample_dinputs[y] = f32(sample_dinputs[y] - 1)
            # Normalize gradient
            dinputs.append([f32(dinput / samples) for dinput in sample_dinputs])
        return dinputs

    def binary_crossentropy(self, y_pred, y_true):
        """Each sample's mean loss over its outputs (chapter 16):
        ``y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)``, ``sample_losses =
        -(y_true * np.log(y_pred_clipped) + (1 - y_true) * np.log(1 - y_pred_clipped))``,
        ``np.mean(sample_losses, axis=-1)``.
        """
        f32 = self.f32
        low, high = f32(1e-7), f32(1 - 1e-7)
        outputs = len(y_pred[0])
        sample_losses = []
        for sample, sample_y_true in zip(y_pred, y_true):
            # Clip data to prevent division by 0, on both sides (not to drag the mean)
            y_pred_clipped = [low if p < low else high if p > high else p for p in sample]
            # Calculate the loss of each output
            losses = [-f32(f32(y * f32(log(p))) + f32(f32(1 - y) * f32(log(f32(1 - p)))))
                      for y, p in zip(sample_y_true, y_pred_clipped)]
            # Their mean: the sum (in NumPy's order) divided by the number of outputs
            sample_losses.append(f32(pairwise_sum(losses, f32) / outputs))
        return sample_losses

    def binary_crossentropy_backward(self, dvalues, y_true):
        """The gradient (chapter 16): ``clipped_dvalues = np.clip(dvalues, 1e-7, 1 - 1e-7)``,
        ``-(y_true / clipped_dvalues - (1 - y_true) / (1 - clipped_dvalues)) / outputs``,
        normalized: ``/ samples``."""
        f32 = self.f32
        low, high = f32(1e-7), f32(1 - 1e-7)
        samples, outputs = len(dvalues), len(dvalues[0])
        dinputs = []
        for sample_dvalues, sample_y_true in zip(dvalues, y_true):
            # Clip data to prevent division by 0, on both sides (not to drag the mean)
            clipped_dvalues = [low if d < low else high if d > high else d for d in sample_dvalues]
            sample_dinputs = []
            for y, clipped in zip(sample_y_true, clipped_dvalues):
                # Calculate gradient
                dinput = -f32(f32(y / clipped) - f32(f32(1 - y) / f32(1 - clipped)))
                # Divided by the outputs, then normalized by the samples
                sample_dinputs.append(f32(f32(dinput / outputs) / samples))
            dinputs.append(sample_dinputs)
        return dinputs

    def dropout(self, inputs, draws, rate):
        """(binary_mask, output) of a dropout layer (chapter 15): ``binary_mask = draws /
        rate`` (draws: np.random.binomial(1, rate, size=inputs.shape)) and ``output =
        inputs * binary_mask``."""
        f32 = self.f32
        rate = f32(rate)
        binary_mask, output = [], []
        for sample, sample_draws in zip(inputs, draws):
            # The sample's mask: 1 (kept) or 0 (dropped), scaled by the share kept
            sample_mask = [f32(draw / rate) for draw in sample_draws]
            # Apply mask to output values
            output.append([f32(x * mask) for x, mask in zip(sample, sample_mask)])
            binary_mask.append(sample_mask)
        return binary_mask, output

    def dweights(self, inputs, dvalues):
        """Gradients on the weights (chapter 9): ``np.dot(inputs.T, dvalues)``.

        Each dweight is input i of every sample times the gradient of neuron j for that
        sample, added up over the samples (a float64 total, each row rounded once, as
        ``dot``).
        """
        neurons_dvalues = list(zip(*dvalues))  # the columns of dvalues: one per neuron
        dweights = []
        for input_values in zip(*inputs):  # the rows of inputs.T: input i of every sample
            dweights_row = []
            for neuron_dvalues in neurons_dvalues:
                # Input i times neuron j's gradient, sample by sample, added up
                dweight = 0.0
                for sample in range(len(input_values)):
                    dweight += input_values[sample] * neuron_dvalues[sample]
                dweights_row.append(dweight)
            dweights.append(self.round_row(dweights_row))
        return dweights

    def dinputs(self, dvalues, weights):
        """Gradient on the inputs (chapter 9): ``np.dot(dvalues, weights.T)``.

        Each dinput of a sample is the sample's gradients times input i's weights (row i
        of ``weights``, one weight per neuron), added up over the neurons.
        """
        dinputs = []
        for sample_dvalues in dvalues:
            sample_dinputs = []
            for input_weights in weights:
                # Each neuron's gradient times its weight from input i, added up
                dinput = 0.0
                for neuron in range(len(sample_dvalues)):
                    dinput += sample_dvalues[neuron] * input_weights[neuron]
                sample_dinputs.append(dinput)
            dinputs.append(self.round_row(sample_dinputs))
        return dinputs

    def regularization_gradient(self, dparameters, parameters, regularizer_l1, regularizer_l2):
        """The L1 and L2 terms added to a gradient (chapter 14), for the weights or biases:
        ``dL1 = np.ones_like(parameters); dL1[parameters < 0] = -1``,
        ``dparameters += regularizer_l1 * dL1`` when regularizer_l1 > 0, and
        ``dparameters += 2 * regularizer_l2 * parameters`` when regularizer_l2 > 0."""
        f32 = self.f32
        l1, l2_twice = f32(regularizer_l1), f32(2 * regularizer_l2)
        new_dparameters = []
        for dparameters_row, parameters_row in zip(dparameters, parameters):
            new_row = []
            for dparameter, parameter in zip(dparameters_row, parameters_row):
                # L1 regularization: the gradient of |parameter| is 1, or -1 where negative
                if regularizer_l1 > 0:
                    dL1 = -1.0 if parameter < 0 else 1.0
                    dparameter = f32(dparameter + f32(l1 * dL1))
                # L2 regularization: the gradient of parameter ** 2 is 2 * parameter
                if regularizer_l2 > 0:
                    dparameter = f32(dparameter + f32(l2_twice * parameter))
                new_row.append(dparameter)
            new_dparameters.append(new_row)
        return new_dparameters

    def l1_loss(self, parameters, regularizer):
        """The L1 regularization loss (chapter 14):
        ``regularizer * np.sum(np.abs(parameters))``."""
        f32 = self.f32
        absolute_values = []
        for row in parameters:
            for parameter in row:
                absolute_values.append(abs(parameter))
        # The sum in NumPy's order, times the regularization strength
        return f32(f32(regularizer) * pairwise_sum(absolute_values, f32))

    def l2_loss(self, parameters, regularizer):
        """The L2 regularization loss (chapter 14): ``regularizer * np.sum(parameters *
        parameters)``."""
        f32 = self.f32
        squares = []
        for row in parameters:
            for parameter in row:
                squares.append(f32(parameter * parameter))
        # The sum in NumPy's order, times the regularization strength
        return f32(f32(regularizer) * pairwise_sum(squares, f32))

    # --- optimizers (chapter 10): one parameter array (the weights, then the biases) -----
    #
    # ``optimizer`` gives the hyperparameters (current_learning_rate, momentum, epsilon, rho,
    # beta_1, beta_2, iterations). The loop goes over the values of the arrays side by side.

    def sgd(self, weights, dweights, optimizer):
        """Vanilla SGD: ``weight_updates = -current_learning_rate * dweights``,
        ``weights += weight_updates``. Returns the new weights."""
        f32 = self.f32
        learning_rate = f32(-optimizer.current_learning_rate)
        new_weights = []
        for weight, dweight in each_value(weights, dweights):
            # The update: a step against the gradient, times the learning rate
            weight_update = f32(learning_rate * dweight)
            new_weights.append(f32(weight + weight_update))
        return rows_like(new_weights, weights)

    def sgd_momentum(self, weights, dweights, weight_momentums, optimizer):
        """SGD with momentum: ``weight_updates = momentum * weight_momentums -
        current_learning_rate * dweights``, kept as the new ``weight_momentums``;
        ``weights += weight_updates``. Returns (weights, weight_momentums)."""
        f32 = self.f32
        momentum, learning_rate = f32(optimizer.momentum), f32(optimizer.current_learning_rate)
        new_weights, new_momentums = [], []
        for weight, dweight, weight_momentum in each_value(weights, dweights, weight_momentums):
            # The previous update times the retain factor, minus the gradient's step
            weight_update = f32(f32(momentum * weight_momentum) - f32(learning_rate * dweight))
            new_momentums.append(weight_update)
            new_weights.append(f32(weight + weight_update))
        return rows_like(new_weights, weights), rows_like(new_momentums, weights)

    def adagrad(self, weights, dweights, weight_cache, optimizer):
        """AdaGrad: ``weight_cache += dweights ** 2``, ``weights += -current_learning_rate *
        dweights / (np.sqrt(weight_cache) + epsilon)``. Returns (weights, weight_cache)."""
        f32 = self.f32
        learning_rate, epsilon = f32(-optimizer.current_learning_rate), f32(optimizer.epsilon)
        new_weights, new_cache = [], []
        for weight, dweight, cache in each_value(weights, dweights, weight_cache):
            # Update cache with the squared current gradient
            cache = f32(cache + f32(dweight * dweight))
            # Vanilla SGD update, normalized with the square-rooted cache
            new_weights.append(f32(weight + f32(
                f32(learning_rate * dweight) / f32(f32(sqrt(cache)) + epsilon))))
            new_cache.append(cache)
        return rows_like(new_weights, weights), rows_like(new_cache, weights)

    def rmsprop(self, weights, dweights, weight_cache, optimizer):
        """RMSprop: ``weight_cache = rho * weight_cache + (1 - rho) * dweights ** 2``, then
        AdaGrad's step. Returns (weights, weight_cache)."""
        f32, rho = self.f32, optimizer.rho
        learning_rate, epsilon = f32(-optimizer.current_learning_rate), f32(optimizer.epsilon)
        new_weights, new_cache = [], []
        for weight, dweight, cache in each_value(weights, dweights, weight_cache):
            # Update cache: a moving average of the squared gradients
            cache = f32(f32(f32(rho) * cache) + f32(f32(1 - rho) * f32(dweight * dweight)))
            # Vanilla SGD update, normalized with the square-rooted cache
            new_weights.append(f32(weight + f32(
                f32(learning_rate * dweight) / f32(f32(sqrt(cache)) + epsilon))))
            new_cache.append(cache)
        return rows_like(new_weights, weights), rows_like(new_cache, weights)

    def adam(self, weights, dweights, weight_momentums, weight_cache, optimizer):
        """Adam, for one parameter array:
        ``weight_momentums = beta_1 * weight_momentums + (1 - beta_1) * dweights``,
        ``weight_momentums_corrected = weight_momentums / (1 - beta_1 ** (iterations + 1))``,
        ``weight_cache = beta_2 * weight_cache + (1 - beta_2) * dweights ** 2``,
        ``weight_cache_corrected = weight_cache / (1 - beta_2 ** (iterations + 1))``,
        ``weights += -current_learning_rate * weight_momentums_corrected /
        (np.sqrt(weight_cache_corrected) + epsilon)``; here one value at a time (``momentum``
        is one value of ``weight_momentums``, ``cache`` one of ``weight_cache``).
        Returns (weights, weight_momentums, weight_cache).
        """
        f32, beta_1, beta_2 = self.f32, optimizer.beta_1, optimizer.beta_2
        new_weights, weight_momentums_new, weight_cache_new = [], [], []
        values = each_value(weights, dweights, weight_momentums, weight_cache)
        for weight, dweight, momentum, cache in values:
            # Update momentum with the current gradient
            momentum = f32(f32(f32(beta_1) * momentum) + f32(f32(1 - beta_1) * dweight))
            # Get corrected momentum (iterations is 0 at the first pass: start with 1)
            momentum_corrected = f32(momentum / f32(1 - beta_1 ** (optimizer.iterations + 1)))
            # Update cache with the squared current gradient
            cache = f32(f32(f32(beta_2) * cache) + f32(f32(1 - beta_2) * f32(dweight * dweight)))
            # Get corrected cache
            cache_corrected = f32(cache / f32(1 - beta_2 ** (optimizer.iterations + 1)))
            # Vanilla SGD update, normalized with the square-rooted corrected cache
            new_weights.append(f32(weight + f32(
                f32(f32(-optimizer.current_learning_rate) * momentum_corrected)
                / f32(f32(sqrt(cache_corrected)) + f32(optimizer.epsilon)))))
            weight_momentums_new.append(momentum)
            weight_cache_new.append(cache)
        return (rows_like(new_weights, weights), rows_like(weight_momentums_new, weights),
                rows_like(weight_cache_new, weights))

    # --- digits: looking values up in a table (pixels -> scaled values) ---

    def take(self, table, indices, n_cols):
        """Rows of ``n_cols`` values ``table[index]``: np.take(table, indices).reshape(-1, n_cols).

        ``indices`` is a flat sequence of ints, such as the bytes of an image file. The table
        is rounded to the working precision once (a lookup does no arithmetic), so every
        row shares its values: 60,000 MNIST images take 60,000 lists of references to 256
        floats, not 47 million new floats.
        """
        table = self.round_row(list(table))
        rows = []
        for start in range(0, len(indices), n_cols):
            # One row: each index looked up in the table
            row = [table[index] for index in indices[start:start + n_cols]]
            rows.append(row)
        return rows

    # --- defects: random draws as arrays (issue 9) ---

    def randn(self, stream, n_rows, n_cols):
        """stream.randn(n_rows, n_cols) as an array: np.random.randn(n_rows, n_cols)."""
        return self.array(stream.randn(n_rows, n_cols))

    # --- model: batches, shuffles and predictions (chapters 18-19) ---------------------

    def slice_rows(self, a, start, stop):
        """Rows ``start`` up to (not including) ``stop``: a[start:stop].

        The rows are the same objects as in ``a`` (NumPy's slice is a view); past the end,
        the slice is shorter, as NumPy's.
        """
        batch = []
        for index in range(start, min(stop, len(a))):
            batch.append(a[index])
        return batch

    def permutation(self, n):
        """The numbers 0 .. n-1 in a random order from purenn's stream, a list:
        purenn.random.permutation(n) (np.random.permutation(n))."""
        from .. import random  # imported here: purenn.random imports the engine's modules
        return random.permutation(n)

    def take_rows(self, a, indices):
        """The rows at ``indices``, in that order: a[indices] (a new array)."""
        rows = []
        for index in indices:
            row = a[index]
            # A row of a 2-D array is copied, as NumPy's fancy indexing copies
            rows.append(list(row) if isinstance(row, list) else row)
        return rows

    def stack_rows(self, arrays):
        """The rows of several 2-D arrays, one after another: np.vstack(arrays)."""
        rows = []
        for array in arrays:
            for row in array:
                rows.append(row)
        return rows

    def ravel(self, a):
        """Every value of ``a`` in one flat list, row after row: np.ravel(a)."""
        values = []
        for row in a:
            if isinstance(row, list):
                for value in row:
                    values.append(value)
            else:
                # A 1-D list: its values as they are
                values.append(row)
        return values


    # --- chapters 17-18: regression, and the book's comparisons --------------------------

    def equal(self, a, b):
        """1 where two 1-D lists hold equal values, else 0: a == b (as ints)."""
        comparisons = []
        for x, y in zip(a, b):
            comparisons.append(1 if x == y else 0)
        return comparisons

    def mean_squared_error(self, y_pred, y_true):
        """Each sample's mean squared error: np.mean((y_true - y_pred)**2, axis=-1)."""
        f32 = self.f32
        sample_losses = []
        for prediction_row, target_row in zip(y_pred, y_true):
            squared_errors = []
            for prediction, target in zip(prediction_row, target_row):
                # (y_true - y_pred) ** 2 (NumPy squares by multiplying), each step rounded
                error = f32(target - prediction)
                squared_errors.append(f32(error * error))
            # The mean over the sample's outputs
            sample_losses.append(f32(pairwise_sum(squared_errors, f32) / len(squared_errors)))
        return sample_losses

    def mean_squared_error_gradient(self, dvalues, y_true, outputs, samples):
        """-2 * (y_true - dvalues) / outputs / samples, value by value (the book's two lines)."""
        f32 = self.f32
        dinputs = []
        for dvalues_row, target_row in zip(dvalues, y_true):
            gradient_row = []
            for dvalue, target in zip(dvalues_row, target_row):
                # Gradient on values, then normalized by the number of samples
                gradient_row.append(f32(f32(f32(-2 * f32(target - dvalue)) / outputs) / samples))
            dinputs.append(gradient_row)
        return dinputs

    def mean_absolute_error(self, y_pred, y_true):
        """Each sample's mean absolute error: np.mean(np.abs(y_true - y_pred), axis=-1)."""
        f32 = self.f32
        sample_losses = []
        for prediction_row, target_row in zip(y_pred, y_true):
            absolute_errors = []
            for prediction, target in zip(prediction_row, target_row):
                # abs(y_true - y_pred)
                absolute_errors.append(abs(f32(target - prediction)))
            # The mean over the sample's outputs
            sample_losses.append(f32(pairwise_sum(absolute_errors, f32) / len(absolute_errors)))
        return sample_losses

    def mean_absolute_error_gradient(self, dvalues, y_true, outputs, samples):
        """-np.sign(y_true - dvalues) / outputs / samples, value by value.

        Differs from book: the book's line has no minus sign, which gives the opposite of
        the gradient (the derivative of abs(y_true - y_pred) by y_pred is -sign(y_true -
        y_pred)); the gradient check finds it. The book trains chapter 17 with the mean
        squared error, so its log does not depend on it.
        """
        f32 = self.f32
        dinputs = []
        for dvalues_row, target_row in zip(dvalues, y_true):
            gradient_row = []
            for dvalue, target in zip(dvalues_row, target_row):
                # Minus the sign of y_true - dvalues, divided by outputs, then by samples
                gradient_row.append(f32(f32(-_sign(f32(target - dvalue)) / outputs) / samples))
            dinputs.append(gradient_row)
        return dinputs

    def std(self, a):
        """Standard deviation of all the values: np.std(a) (each step rounded as NumPy's)."""
        f32 = self.f32
        rows, ndim = self.rows_of(a)
        values = []
        for row in rows:
            values.extend(row)
        n = len(values)
        # The mean, then each value's squared deviation from it
        mean = f32(pairwise_sum(values, f32) / n)
        squared_deviations = []
        for x in values:
            deviation = f32(x - mean)
            squared_deviations.append(f32(deviation * deviation))
        # The square root of their mean
        return f32(sqrt(f32(pairwise_sum(squared_deviations, f32) / n)))

    def regression_matches(self, predictions, y, precision):
        """1 where a prediction is within ``precision`` of its target, else 0:
        np.absolute(predictions - y) < precision."""
        f32 = self.f32
        precision = f32(precision)
        comparisons = []
        for prediction_row, target_row in zip(predictions, y):
            row = []
            for prediction, target in zip(prediction_row, target_row):
                row.append(1 if abs(f32(prediction - target)) < precision else 0)
            comparisons.append(row)
        return comparisons


def _argmax_row(row):
    """The index of a row's largest value (the first, on ties), or of its first NaN."""
    index = 0
    for i, value in enumerate(row):
        if value != value:
            # A NaN: NumPy's max and argmax stop at the first one
            return i
        if value > row[index]:
            index = i
    return index


def _power(base, x):
    """base ** x, with NumPy's inf for an overflow and nan for a complex result (and warnings)."""
    try:
        result = base ** x
    except OverflowError:
        warn("overflow encountered in power")
        return math.inf
    if type(result) is complex:
        # A negative base to a fractional power: Python's ** gives a complex number
        warn("invalid value encountered in power")
        return math.nan
    return result


def _sign(x):
    """np.sign(x): 1.0, -1.0, 0.0 for zero (either sign), NaN for NaN."""
    if x > 0:
        return 1.0
    if x < 0:
        return -1.0
    return 0.0 if x == 0 else x
