"""The python engine: every array operation the book's classes use, as plain loops.

An array here is a plain list (1-D) or a list of rows (2-D) of Python floats. Each method's
docstring names the NumPy call it stands for, so a reader can map the book's NumPy code onto
the loops. ``numpy_engine.py`` has the same methods, written with NumPy.

Every loop is eager and visible: a dot product adds ``input * weight`` into a running
total, and each output row is built in full and then finished. A debugger's ``s`` enters
every step and ``n`` over a line computes that line. The machinery around the loops (making
arrays, shapes, broadcasting, rounding) lives in ``lists.py``, which this class inherits.

Precision: each result is computed with Python floats (float64). In float32 mode each
finished row then passes through ``self.round_row`` (one number: ``self.round_value``), the
one place where rounding happens (see ``precision.py``), so the answers are NumPy's float32
answers bit for bit. In float64 mode those helpers have nothing to round. A float32 value is
kept in a Python float, so a debugger shows all its digits (0.3333333432674408 for NumPy's
0.33333334): ``purenn.show(value)`` prints it as NumPy does.
"""
import math

from .lists import ListArrays, is_number, warn


class PythonEngine(ListArrays):
    """Array operations on lists of floats, rounded to ``dtype`` after every step."""

    name = "python"

    def __repr__(self):
        return f"PythonEngine(dtype={self.dtype!r})"

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
                quotients = [_divide(x, y) for x, y in zip(row_a, row_b)]
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
                roots = [_sqrt(x) for x in row]
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
                exp_values = [_exp(x) for x in row]
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
                log_values = [_log(x) for x in row]
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
        return self.made(dinputs)

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
        return self.made(output)

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
            total = self.pairwise_sum(values)
            if keepdims:
                return [[total]] if ndim == 2 else [total]
            return total
        if axis == 0 and len(a[0]) == 1:
            # A single column lies in memory as a 1-D list: NumPy sums it pairwise too
            total = [self.pairwise_sum([row[0] for row in a])]
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
                sums.append(self.pairwise_sum(row))
            return self.made([[total] for total in sums]) if keepdims else sums
        raise ValueError(f"axis {axis} is out of bounds for an array of dimension {ndim}")

    def pairwise_sum(self, values):
        """Sum a list as np.add.reduce does: 0.0 plus NumPy's pairwise sum of the values.

        Below 8 values: left to right, from 0.0. Up to 128: eight running sums over strides
        of 8, combined as ((s0+s1)+(s2+s3))+((s4+s5)+(s6+s7)), then the leftover tail. Above
        128: the two halves (the first a multiple of 8 long) summed separately and added.
        Each addition is rounded. Starting from 0.0 makes a sum of -0.0 values 0.0.
        """
        if len(values) < 8:
            total = 0.0
            for value in values:
                total = self.round_value(total + value)
            return total
        return self.round_value(0.0 + self._pairwise(values))

    def _pairwise(self, values):
        """NumPy's pairwise summation of 8 or more values (see pairwise_sum)."""
        r = self.round_value
        n = len(values)
        if n <= 128:
            # Eight running sums, each over every eighth value
            sums = values[:8]
            end = n - n % 8
            for start in range(8, end, 8):
                sums = self.round_row([s + x for s, x in zip(sums, values[start:start + 8])])
            total = r(r(r(sums[0] + sums[1]) + r(sums[2] + sums[3]))
                      + r(r(sums[4] + sums[5]) + r(sums[6] + sums[7])))
            # Then the values left over, one by one
            for value in values[end:]:
                total = r(total + value)
            return total
        half = n // 2
        half -= half % 8
        return r(self._pairwise(values[:half]) + self._pairwise(values[half:]))

    def mean(self, a):
        """Mean of all elements: np.mean(a) (pairwise sum, then one division)."""
        rows, ndim = self.rows_of(a)
        values = []
        for row in rows:
            values.extend(row)
        return self.round_value(self.pairwise_sum(values) / len(values))

    def max(self, a, axis=1, keepdims=True):
        """Largest element of each row, or NaN: np.max(a, axis=1, keepdims=True)."""
        if axis != 1:
            raise ValueError("the python engine's max supports axis=1 only")
        largest_values = []
        for row in a:
            largest = row[_argmax_row(row)]
            largest_values.append([largest] if keepdims else largest)
        return self.made(largest_values) if keepdims else largest_values

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
        return self.made(output)

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

    def binomial(self, n, p, shape):
        """Binomial draws from purenn's stream, as lists of ints: np.random.binomial(n, p, shape)."""
        from .. import random as purenn_random
        return purenn_random.binomial(n, p, size=shape)

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
            norm_base = self.pairwise_sum(exp_values)
            probabilities.append(self.round_row([value / norm_base for value in exp_values]))
        return self.made(probabilities)

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
        r = self.round_value
        sample_losses = []
        for prediction_row, target_row in zip(y_pred, y_true):
            squared_errors = []
            for prediction, target in zip(prediction_row, target_row):
                # (y_true - y_pred) ** 2 (NumPy squares by multiplying), each step rounded
                error = r(target - prediction)
                squared_errors.append(r(error * error))
            # The mean over the sample's outputs
            sample_losses.append(r(self.pairwise_sum(squared_errors) / len(squared_errors)))
        return sample_losses

    def mean_squared_error_gradient(self, dvalues, y_true, outputs, samples):
        """-2 * (y_true - dvalues) / outputs / samples, value by value (the book's two lines)."""
        r = self.round_value
        dinputs = []
        for dvalues_row, target_row in zip(dvalues, y_true):
            gradient_row = []
            for dvalue, target in zip(dvalues_row, target_row):
                # Gradient on values, then normalized by the number of samples
                gradient_row.append(r(r(r(-2 * r(target - dvalue)) / outputs) / samples))
            dinputs.append(gradient_row)
        return dinputs

    def mean_absolute_error(self, y_pred, y_true):
        """Each sample's mean absolute error: np.mean(np.abs(y_true - y_pred), axis=-1)."""
        r = self.round_value
        sample_losses = []
        for prediction_row, target_row in zip(y_pred, y_true):
            absolute_errors = []
            for prediction, target in zip(prediction_row, target_row):
                # abs(y_true - y_pred)
                absolute_errors.append(abs(r(target - prediction)))
            # The mean over the sample's outputs
            sample_losses.append(r(self.pairwise_sum(absolute_errors) / len(absolute_errors)))
        return sample_losses

    def mean_absolute_error_gradient(self, dvalues, y_true, outputs, samples):
        """-np.sign(y_true - dvalues) / outputs / samples, value by value.

        Differs from book: the book's line has no minus sign, which gives the opposite of
        the gradient (the derivative of abs(y_true - y_pred) by y_pred is -sign(y_true -
        y_pred)); the gradient check finds it. The book trains chapter 17 with the mean
        squared error, so its log does not depend on it.
        """
        r = self.round_value
        dinputs = []
        for dvalues_row, target_row in zip(dvalues, y_true):
            gradient_row = []
            for dvalue, target in zip(dvalues_row, target_row):
                # Minus the sign of y_true - dvalues, divided by outputs, then by samples
                gradient_row.append(r(r(-_sign(r(target - dvalue)) / outputs) / samples))
            dinputs.append(gradient_row)
        return dinputs

    def std(self, a):
        """Standard deviation of all the values: np.std(a) (each step rounded as NumPy's)."""
        r = self.round_value
        rows, ndim = self.rows_of(a)
        values = []
        for row in rows:
            values.extend(row)
        n = len(values)
        # The mean, then each value's squared deviation from it
        mean = r(self.pairwise_sum(values) / n)
        squared_deviations = []
        for x in values:
            deviation = r(x - mean)
            squared_deviations.append(r(deviation * deviation))
        # The square root of their mean
        return r(_sqrt(r(self.pairwise_sum(squared_deviations) / n)))

    def regression_matches(self, predictions, y, precision):
        """1 where a prediction is within ``precision`` of its target, else 0:
        np.absolute(predictions - y) < precision."""
        r = self.round_value
        precision = r(precision)
        comparisons = []
        for prediction_row, target_row in zip(predictions, y):
            row = []
            for prediction, target in zip(prediction_row, target_row):
                row.append(1 if abs(r(prediction - target)) < precision else 0)
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


def _divide(x, y):
    """x / y with NumPy's IEEE results for division by zero (inf, -inf or nan)."""
    try:
        return x / y
    except ZeroDivisionError:
        if x == 0 or x != x:
            return math.nan
        return math.copysign(math.inf, x) * math.copysign(1.0, y)


def _exp(x):
    """math.exp, with NumPy's overflow to inf (and its warning) instead of OverflowError."""
    try:
        return math.exp(x)
    except OverflowError:
        warn("overflow encountered in exp")
        return math.inf


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


def _log(x):
    """math.log, with NumPy's log(0) = -inf and log(negative) = nan instead of ValueError."""
    if x > 0 or x != x:
        return math.log(x)
    if x == 0:
        warn("divide by zero encountered in log")
        return -math.inf
    warn("invalid value encountered in log")
    return math.nan


def _sqrt(x):
    """math.sqrt, with NumPy's sqrt(negative) = nan (and its warning) instead of ValueError."""
    if x < 0:
        warn("invalid value encountered in sqrt")
        return math.nan
    return math.sqrt(x)


def _sign(x):
    """np.sign(x): 1.0, -1.0, 0.0 for zero (either sign), NaN for NaN."""
    if x > 0:
        return 1.0
    if x < 0:
        return -1.0
    return 0.0 if x == 0 else x
