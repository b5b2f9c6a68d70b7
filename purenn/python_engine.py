"""The python engine: every array operation the book's classes use, as lists and loops.

An array here is a plain list (1-D) or a list of rows (2-D) of Python floats. Each
function's docstring names the NumPy call it stands for, so a reader can map the book's
NumPy code onto the loops. ``numpy_engine.py`` has the same functions, written with NumPy.

Precision: each operation computes its results as Python floats (float64); in float32 mode
they then pass through ``self.round_rows``, ``self.round_row`` or ``self.round_value`` (see
``precision.py``), the one place where rounding happens, so the answers are NumPy's float32
answers bit for bit. In float64 mode there is nothing to round and those helpers return
the results as they are.

Speed: where a loop runs over every value of a batch, it is written with the fastest
idiom that keeps the formula readable (``map`` with a function of ``operator``, a list
comprehension), with a comment naming the loop it stands for.
"""
import math
import warnings
from collections import deque
from itertools import chain
from operator import add, eq, mul, sub, truediv

from . import precision
from .shapes import broadcast_shape, check_dot


# How many of the arrays it made last an engine remembers (see PythonEngine.asarray): enough
# for every array that the book's classes pass on to the next forward or backward
RECENT_ARRAYS = 8

# Sums of at least this many products are added by sum(); shorter ones, such as the book's
# chapter 2 neurons of 3 and 4 inputs, by the plain loop (see sum_of_products)
LONG_SUM = 8


def sum_of_products(a, b):
    """a[0]*b[0] + a[1]*b[1] + ..., accumulated in float64 from 0.0 (np.dot of two vectors).

    A short sum is the loop itself, added left to right on every Python version (so the
    book's printed values come out digit for digit). A long one is the same loop at C
    level, sum(map(mul, a, b)): up to Python 3.11 it adds left to right too, to the same
    bits (where two NaNs meet, the sign of the NaN kept may differ); from 3.12 sum() of
    floats is compensated (more accurate), so the last bit of a long float64 sum may differ.
    """
    if len(a) >= LONG_SUM:
        # The loop below, as one C-level pass: map(mul) multiplies the pairs, sum() adds them
        return sum(map(mul, a, b), 0.0)
    total = 0.0
    for x, y in zip(a, b):
        total += x * y
    return total


def _exp(x):
    """math.exp, with NumPy's overflow to inf (and its warning) instead of OverflowError."""
    try:
        return math.exp(x)
    except OverflowError:
        warnings.warn("overflow encountered in exp", RuntimeWarning, stacklevel=2)
        return math.inf


def _power(base, x):
    """base ** x, with NumPy's inf for an overflow and nan for a complex result (and warnings)."""
    try:
        result = base ** x
    except OverflowError:
        warnings.warn("overflow encountered in power", RuntimeWarning, stacklevel=2)
        return math.inf
    if type(result) is complex:
        # A negative base to a fractional power: Python's ** gives a complex number
        warnings.warn("invalid value encountered in power", RuntimeWarning, stacklevel=2)
        return math.nan
    return result


def _log(x):
    """math.log, with NumPy's log(0) = -inf and log(negative) = nan instead of ValueError."""
    if x > 0 or x != x:
        return math.log(x)
    if x == 0:
        warnings.warn("divide by zero encountered in log", RuntimeWarning, stacklevel=2)
        return -math.inf
    warnings.warn("invalid value encountered in log", RuntimeWarning, stacklevel=2)
    return math.nan


def _sqrt(x):
    """math.sqrt, with NumPy's sqrt(negative) = nan (and its warning) instead of ValueError."""
    if x < 0:
        warnings.warn("invalid value encountered in sqrt", RuntimeWarning, stacklevel=2)
        return math.nan
    return math.sqrt(x)


def _argmax_row(row):
    """The index of a row's largest value (the first, on ties), or of its first NaN."""
    # NumPy's max and argmax stop at a NaN; Python's max() skips a NaN that is not first.
    is_nan = list(map(math.isnan, row))
    if True in is_nan:
        return is_nan.index(True)
    return row.index(max(row))


def _is_number(x):
    return isinstance(x, (int, float))


# The types that make an array of plain rows of Python floats (see PythonEngine.asarray)
_LIST_TYPE = frozenset((list,))


def _holds_float_rows(data):
    """True if ``data`` is a non-empty list of lists that hold only Python floats.

    The types are checked in C-level passes (map(type) over every value, then count).
    """
    if type(data) is not list or not data or not _LIST_TYPE.issuperset(map(type, data)):
        return False
    types = list(map(type, chain.from_iterable(data)))
    return types.count(float) == len(types)


def _has_nan(a):
    """True if a list of rows holds a NaN anywhere."""
    return any(map(math.isnan, chain.from_iterable(a)))


def _ndim(x):
    """0 for a number, 1 for a list of numbers, 2 for a list of rows."""
    if _is_number(x):
        return 0
    if x and isinstance(x[0], list):
        return 2
    return 1


def _shape(x):
    ndim = _ndim(x)
    if ndim == 0:
        return ()
    if ndim == 1:
        return (len(x),)
    return (len(x), len(x[0]))


class PythonEngine:
    """Array operations on lists of floats, rounded to ``dtype`` after every step."""

    name = "python"

    def __init__(self, dtype=precision.FLOAT64):
        self.dtype = precision.check_dtype(dtype)
        # The last arrays this engine made, newest last (see asarray)
        self.recent_arrays = deque(maxlen=RECENT_ARRAYS)

    def __repr__(self):
        return f"PythonEngine(dtype={self.dtype!r})"

    # --- precision ---------------------------------------------------------------

    def round_row(self, values):
        """New results ``values`` (1-D) as a list at the working precision.

        float32: a new list of the values rounded to float32. float64: there is nothing to
        round (Python floats are float64), so a list is returned as it is.
        """
        values = values if type(values) is list else list(values)
        if self.dtype == precision.FLOAT32:
            return precision.to_float32_row(values)
        return values

    def round_rows(self, rows):
        """New result rows (an iterable of lists of floats) as a list at the working precision.

        float32: each row is rounded to float32 as it comes (so a generator of rows never
        holds more than one unrounded row). float64: there is nothing to round, so the rows
        are collected as they are.
        """
        if self.dtype == precision.FLOAT32:
            return self._made(precision.to_float32_rows(rows))
        return self._made(rows if type(rows) is list else list(rows))

    def _made(self, array):
        """Remember a new array as one this engine made (see asarray), and return it."""
        self.recent_arrays.append(array)
        return array

    def round_value(self, x):
        """One number rounded to the working precision (np.float32(x) in float32 mode)."""
        return precision.round_value(x, self.dtype)

    # --- making arrays -------------------------------------------------------------

    def array(self, data):
        """A new float array (list or list of rows) at the working precision: np.array(data, dtype)."""
        if hasattr(data, "tolist"):
            data = data.tolist()  # a NumPy array, such as nnfs's spiral_data makes
        if _is_number(data):
            return self.round_value(data)
        if data and not _is_number(data[0]):
            return self._made(precision.round_rows(data, self.dtype))
        return precision.round_list(data, self.dtype)

    def asarray(self, data):
        """np.asarray(data, dtype): ``data`` as it is when it already is such an array.

        np.asarray returns an array of its dtype without a copy. Here such an array is one
        of the last arrays this engine made (``self.recent_arrays``), such as the output that
        one layer passes to the next; in float64, also any list of rows that hold only
        Python floats. Anything else is converted into a new array by ``array`` (in float32
        every other list is, since telling whether a float is a float32 costs as much as
        rounding it). A value put into an engine's array in place is not checked or rounded
        again: a NumPy array converts a value as it is stored, a list cannot.
        """
        if any(data is array for array in self.recent_arrays):
            return data
        if self.dtype == precision.FLOAT64 and _holds_float_rows(data):
            return data
        return self.array(data)

    def labels(self, values):
        """Integer class labels as a new list of ints: np.array(values, dtype=np.uint8) in nnfs."""
        if hasattr(values, "tolist"):
            values = values.tolist()  # a NumPy array of labels
        return list(map(int, values))

    def to_list(self, a):
        """The array as (a copy of) nested Python lists: a.tolist()."""
        if _is_number(a):
            return a
        return [list(row) if isinstance(row, list) else row for row in a]

    def zeros(self, n_rows, n_cols):
        """An (n_rows, n_cols) array of zeros: np.zeros((n_rows, n_cols))."""
        return [[0.0] * n_cols for _ in range(n_rows)]

    def zeros_like(self, a):
        """Zeros of the same shape as ``a``: np.zeros_like(a)."""
        if _ndim(a) == 2:
            return [[0.0] * len(row) for row in a]
        return [0.0] * len(a)

    def copy(self, a):
        """A copy of ``a``: a.copy()."""
        return self.to_list(a)

    def eye(self, n):
        """The n x n identity matrix: np.eye(n)."""
        return [[1.0 if i == j else 0.0 for j in range(n)] for i in range(n)]

    def one_hot(self, labels, n_classes):
        """One row of the identity matrix per label: np.eye(n_classes)[labels]."""
        return [[1.0 if j == label else 0.0 for j in range(n_classes)] for label in labels]

    def shape(self, a):
        """The shape of an array: a.shape."""
        return _shape(a)

    # --- elementwise arithmetic ---------------------------------------------------

    def _broadcast(self, a, b):
        """Pair up the rows of ``a`` and ``b`` as NumPy broadcasting does (up to 2-D).

        Returns (pairs of rows, result ndim). A number is rounded to the working precision
        first, as NumPy converts a Python scalar to the array's dtype.
        """
        shape_a, shape_b = _shape(a), _shape(b)
        broadcast_shape(shape_a, shape_b)
        rows_a = self._as_rows(a)
        rows_b = self._as_rows(b)
        n_a, m_a = len(rows_a), len(rows_a[0])
        n_b, m_b = len(rows_b), len(rows_b[0])
        n, m = max(n_a, n_b), max(m_a, m_b)
        # A single column is repeated along each row, then a single row down the rows
        if m_a < m:
            rows_a = [row * m for row in rows_a]
        if m_b < m:
            rows_b = [row * m for row in rows_b]
        if n_a < n:
            rows_a = rows_a * n
        if n_b < n:
            rows_b = rows_b * n
        return zip(rows_a, rows_b), max(len(shape_a), len(shape_b))

    def _as_rows(self, a):
        if _is_number(a):
            return [[self.round_value(a)]]
        if _ndim(a) == 1:
            return [a]
        return a

    def _elementwise(self, op, a, b):
        """Apply ``op`` to each pair of broadcast elements; round each result."""
        pairs, ndim = self._broadcast(a, b)
        # [op(x, y) for x, y in zip(row_a, row_b)] for each pair of rows, as one C-level map
        result = self.round_rows(list(map(op, row_a, row_b)) for row_a, row_b in pairs)
        if ndim == 2:
            return result
        if ndim == 1:
            return result[0]
        return result[0][0]

    def add(self, a, b):
        """a + b elementwise, with broadcasting (e.g. a bias row added to each sample): np.add."""
        return self._elementwise(add, a, b)

    def subtract(self, a, b):
        """a - b elementwise, with broadcasting: np.subtract."""
        return self._elementwise(sub, a, b)

    def multiply(self, a, b):
        """a * b elementwise, with broadcasting (a number scales every element): np.multiply."""
        return self._elementwise(mul, a, b)

    def divide(self, a, b):
        """a / b elementwise, with broadcasting: np.divide (x / 0 gives +-inf or nan)."""
        try:
            return self._elementwise(truediv, a, b)
        except ZeroDivisionError:
            return self._elementwise(_divide, a, b)

    def negative(self, a):
        """-a elementwise: np.negative(a)."""
        return self._map(_negate, a)

    def square(self, a):
        """a ** 2 elementwise: a ** 2."""
        return self._map(_square, a)

    def power(self, base, a):
        """``base`` raised to each element, in float64 and rounded once: np.power(base, a)."""
        base = self.round_value(base)
        return self._map(lambda x: _power(base, x), a)

    def sqrt(self, a):
        """Square root elementwise: np.sqrt(a)."""
        try:
            return self._map(math.sqrt, a)
        except ValueError:
            return self._map(_sqrt, a)

    def exp(self, a):
        """e ** a elementwise, in float64 and rounded once: np.exp(a)."""
        try:
            return self._map(math.exp, a)
        except OverflowError:
            return self._map(_exp, a)

    def log(self, a):
        """Natural logarithm elementwise, in float64 and rounded once: np.log(a)."""
        try:
            return self._map(math.log, a)
        except ValueError:
            return self._map(_log, a)

    def _map(self, function, a):
        if _is_number(a):
            return self.round_value(function(a))
        # [function(x) for x in row], as one C-level map per row
        if _ndim(a) == 2:
            return self.round_rows(list(map(function, row)) for row in a)
        return self.round_row(list(map(function, a)))

    def maximum(self, floor, a):
        """The larger of ``floor`` and each element: np.maximum(floor, a) (ReLU with floor 0)."""
        floor = self.round_value(floor)
        # Written as a comparison, not max(), so that a NaN passes through as in NumPy.
        return self._made(_rowwise(lambda row: [floor if x <= floor else x for x in row], a))

    def clip(self, a, low, high):
        """Each element limited to [low, high]: np.clip(a, low, high)."""
        low, high = self.round_value(low), self.round_value(high)
        return self._made(_rowwise(
            lambda row: [low if x < low else high if x > high else x for x in row], a))

    def relu_gradient(self, dvalues, inputs):
        """The gradient passed where the input was positive, zero elsewhere.

        NumPy: ``d = dvalues.copy(); d[inputs <= 0] = 0``.
        """
        # Written as inputs <= 0, as the book's mask, so that a NaN input keeps its gradient.
        # (0.0 rather than 0: Python compares two floats faster than a float and an int.)
        return self._made([[0.0 if x <= 0.0 else d for d, x in zip(d_row, x_row)]
                           for d_row, x_row in zip(dvalues, inputs)])

    # --- products ----------------------------------------------------------------

    def transpose(self, a):
        """Rows become columns: a.T (a 1-D list is returned unchanged, as NumPy does)."""
        if _ndim(a) != 2:
            return list(a)
        return [list(column) for column in zip(*a)]

    def dot(self, a, b):
        """The matrix product: np.dot(a, b) for 2-D or 1-D operands.

        Each sum of products is accumulated in float64 from 0.0 and rounded once, as nnfs's
        float32 ``np.dot`` does (it casts to float64, multiplies, and casts back). Sums of
        two or three products are written out; the others are ``sum_of_products``, whose
        long sums use sum(): from Python 3.12 it compensates, so there the last bit of a long
        float64 sum may differ from a left-to-right loop's.
        """
        shape_a, shape_b = _shape(a), _shape(b)
        if not shape_a or not shape_b:
            return self.multiply(a, b)
        check_dot(shape_a, shape_b)
        rows = a if len(shape_a) == 2 else [a]
        if len(shape_b) == 1:
            # Each output element: one row of a times the vector b.
            result = self.round_row([sum_of_products(row, b) for row in rows])
        else:
            columns = list(zip(*b))
            if shape_b[0] == 2:
                # Two terms per sum (the book's 2 inputs), written out as the neuron of chapter 2
                result = ([0.0 + x0 * w0 + x1 * w1 for w0, w1 in columns] for x0, x1 in rows)
            elif shape_b[0] == 3:
                # Three terms per sum (the book's 3 classes), written out the same way
                result = ([0.0 + x0 * w0 + x1 * w1 + x2 * w2 for w0, w1, w2 in columns]
                          for x0, x1, x2 in rows)
            elif shape_b[0] >= LONG_SUM:
                # Each output element: one row of a times one column of b, the C-level
                # sum of products of sum_of_products(row, column) written inline
                result = ([sum(map(mul, row, column), 0.0) for column in columns]
                          for row in rows)
            else:
                # Each output element: one row of a times one column of b.
                result = ([sum_of_products(row, column) for column in columns]
                          for row in rows)
            result = self.round_rows(result)
        if len(shape_a) == 1:
            result = result[0]
        return result

    def outer(self, a, b):
        """Every a[i] times every b[j]: np.dot(a.reshape(-1, 1), b.reshape(1, -1))."""
        return [self.round_row(x * y for y in b) for x in a]

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
        ndim = _ndim(a)
        if axis is None or ndim == 1:
            flat = [x for row in a for x in row] if ndim == 2 else a
            total = self.pairwise_sum(flat)
            if keepdims:
                return [[total]] if ndim == 2 else [total]
            return total
        if axis == 0 and len(a[0]) == 1:
            # A single column lies in memory as a 1-D list: NumPy sums it pairwise too.
            total = [self.pairwise_sum([row[0] for row in a])]
            return [total] if keepdims else total
        if axis == 0:
            # Add each row to the running total, element by element (one C-level map per row).
            total = [0.0] * len(a[0])
            for row in a:
                total = self.round_row(list(map(add, total, row)))
            return [total] if keepdims else total
        if axis == 1 and len(a[0]) < 8:
            # Rows of fewer than 8 values are summed left to right from 0.0 (as pairwise_sum
            # sums them): all rows at once, adding each column to a running column.
            sums = [0.0] * len(a)
            for column in zip(*a):
                sums = self.round_row(list(map(add, sums, column)))
            return [[s] for s in sums] if keepdims else sums
        if axis == 1:
            sums = [self.pairwise_sum(row) for row in a]
            return [[s] for s in sums] if keepdims else sums
        raise ValueError(f"axis {axis} is out of bounds for an array of dimension {ndim}")

    def pairwise_sum(self, values):
        """Sum a list as np.add.reduce does: 0.0 plus NumPy's pairwise sum of the values.

        Starting from 0.0 (the identity of addition) makes a sum of -0.0 values 0.0.
        """
        return self.round_value(0.0 + self._pairwise(values))

    def _pairwise(self, values):
        """NumPy's pairwise summation, each addition rounded.

        Below 8 values: left to right. Up to 128: eight running sums over strides of 8,
        combined as ((s0+s1)+(s2+s3))+((s4+s5)+(s6+s7)), then the leftover tail. Above
        128: the two halves (the first a multiple of 8 long) summed separately and added.
        """
        r = self.round_value
        n = len(values)
        if n < 8:
            total = 0.0
            for x in values:
                total = r(total + x)
            return total
        if n <= 128:
            sums = list(values[:8])
            end = n - n % 8
            for i in range(8, end, 8):
                sums = self.round_row(map(add, sums, values[i:i + 8]))
            total = r(r(r(sums[0] + sums[1]) + r(sums[2] + sums[3]))
                      + r(r(sums[4] + sums[5]) + r(sums[6] + sums[7])))
            for x in values[end:]:
                total = r(total + x)
            return total
        half = n // 2
        half -= half % 8
        return r(self._pairwise(values[:half]) + self._pairwise(values[half:]))

    def mean(self, a):
        """Mean of all elements: np.mean(a) (pairwise sum, then one division)."""
        flat = [x for row in a for x in row] if _ndim(a) == 2 else a
        return self.round_value(self.pairwise_sum(flat) / len(flat))

    def max(self, a, axis=1, keepdims=True):
        """Largest element of each row, or NaN: np.max(a, axis=1, keepdims=True)."""
        if axis != 1:
            raise ValueError("the python engine's max supports axis=1 only")
        if _has_nan(a):
            largest = [row[_argmax_row(row)] for row in a]
        else:
            # Without a NaN, max() of each row is NumPy's answer
            largest = list(map(max, a))
        return [[x] for x in largest] if keepdims else largest

    def argmax(self, a, axis=1):
        """Index of the largest element of each row (the first, on ties): np.argmax(a, axis=1)."""
        if axis != 1:
            raise ValueError("the python engine's argmax supports axis=1 only")
        if _has_nan(a):
            return [_argmax_row(row) for row in a]
        # Without a NaN: the index of the first largest value of each row
        return [row.index(largest) for row, largest in zip(a, map(max, a))]

    # --- indexing --------------------------------------------------------------------

    def pick(self, a, labels):
        """One element per row, at that row's label: a[range(len(a)), labels]."""
        return [row[label] for row, label in zip(a, labels)]

    def subtract_at(self, a, labels, value):
        """A copy of ``a`` with ``value`` subtracted at each row's label.

        NumPy: ``out = a.copy(); out[range(len(a)), labels] -= value``.
        """
        value = self.round_value(value)
        result = self.to_list(a)
        # The new values at the labels, rounded together, then put in place
        new_values = self.round_row([row[label] - value for row, label in zip(result, labels)])
        for row, label, new_value in zip(result, labels, new_values):
            row[label] = new_value
        return result

    def count_equal(self, a, b):
        """How many positions hold equal values: np.sum(a == b)."""
        # sum(1 for x, y in zip(a, b) if x == y), as one C-level map: True counts as 1
        return sum(map(eq, a, b))

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
        from . import random as purenn_random
        return purenn_random.binomial(n, p, size=shape)

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


def _divide(x, y):
    """x / y with NumPy's IEEE results for division by zero (inf, -inf or nan)."""
    try:
        return x / y
    except ZeroDivisionError:
        if x == 0 or x != x:
            return math.nan
        return math.copysign(math.inf, x) * math.copysign(1.0, y)


def _rowwise(function, a):
    """Apply a function that maps a row to a new row, to a 1-D list or to each row of a 2-D one."""
    if _ndim(a) == 2:
        return [function(row) for row in a]
    return function(a)


def _negate(x):
    return -x


def _square(x):
    return x * x

