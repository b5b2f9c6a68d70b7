"""The python engine's machinery: arrays as lists, their shapes, broadcasting and rounding.

Nothing here is the book's arithmetic: ``python_engine.PythonEngine`` inherits these methods
from ``ListArrays`` and keeps its own module for the loops a learner steps into. A debugger
can skip this module, as it can skip ``shapes`` (the checks), ``precision`` (the rounding)
and ``config`` (the settings), and still stop at every multiply, exp and comparison.

An array is a plain list (1-D) or a list of rows (2-D) of Python floats.
"""
import numbers
import sys
import warnings
from collections import OrderedDict

from . import precision
from .shapes import broadcast_shape, check_dot

# How many of the 2-D arrays it made or used last an engine remembers (see asarray):
# enough for every array the book's classes pass on to the next forward or backward, and
# for the training data that the chapter 10 loop passes to the first layer every epoch
ARRAYS_KEPT = 64

# The package's name ("purenn"): warnings point at the first line outside it
_PACKAGE = __name__.split(".")[0]


def is_number(x):
    """True for a Python int or float (an engine array is a list)."""
    return isinstance(x, (int, float))


# The types of the values a caller's list usually holds; any other is looked at one by one
_PLAIN_TYPES = frozenset((float, int))


def refuse_complex(rows):
    """TypeError if a list of rows holds a complex number, such as NumPy's np.complex64(1).

    Converting one to a float would keep its real part (NumPy warns, and its own array
    refuses it): the numpy engine's answer, so both engines refuse it alike.
    """
    for row in rows:
        if not _PLAIN_TYPES.issuperset(map(type, row)):
            for value in row:
                if isinstance(value, numbers.Complex) and not isinstance(value, numbers.Real):
                    raise TypeError(f"{value!r} is a complex number, not a real one")


def warn(message):
    """A RuntimeWarning as NumPy gives, pointing at the caller's line outside purenn."""
    frame, stacklevel = sys._getframe(1), 2
    while frame is not None and frame.f_globals.get("__name__", "").startswith(_PACKAGE + "."):
        frame, stacklevel = frame.f_back, stacklevel + 1
    warnings.warn(message, RuntimeWarning, stacklevel=stacklevel)


class ListArrays:
    """Making, shaping and rounding the lists that ``PythonEngine`` computes with."""

    def __init__(self, dtype=precision.FLOAT64):
        self.dtype = precision.check_dtype(dtype)
        # The 2-D arrays this engine made last, by id(), oldest first (see asarray). Each
        # array is kept with its id, so the id cannot be reused while it is remembered.
        self.arrays_made = OrderedDict()

    # --- precision ---------------------------------------------------------------

    def round_row(self, row):
        """A finished row of results (a list) at the working precision.

        float32: a new list of the values rounded to float32 (``precision.to_float32_row``).
        float64: there is nothing to round (Python floats are float64): the list itself.
        """
        if self.dtype == precision.FLOAT32:
            return precision.to_float32_row(row)
        return row

    def round_value(self, x):
        """One number rounded to the working precision (np.float32(x) in float32 mode)."""
        return precision.round_value(x, self.dtype)

    # --- the arrays this engine made ---------------------------------------------------

    def made(self, array):
        """Remember a 2-D array as one this engine made (see asarray); return it.

        The last ``ARRAYS_KEPT`` arrays are remembered (and so kept alive); older ones are
        forgotten, and are checked and converted again if they are passed to an object.
        """
        arrays_made = self.arrays_made
        arrays_made[id(array)] = array
        if len(arrays_made) > ARRAYS_KEPT:
            arrays_made.popitem(last=False)  # forget the oldest
        return array

    def finish(self, output, ndim):
        """The rows of a result as an array of ``ndim`` dimensions (0: one number)."""
        if ndim == 2:
            return self.made(output)
        if ndim == 1:
            return output[0]
        return output[0][0]

    # --- making arrays -------------------------------------------------------------

    def array(self, data):
        """A new float array (list or list of rows) at the working precision: np.array(data, dtype)."""
        if hasattr(data, "tolist"):
            data = data.tolist()  # a NumPy array, such as nnfs's spiral_data makes
        if is_number(data):
            return self.round_value(data)
        if data and not is_number(data[0]):
            refuse_complex(data)
            return self.made(precision.round_rows(data, self.dtype))
        refuse_complex([data])
        return precision.round_list(data, self.dtype)

    def asarray(self, data):
        """np.asarray(data, dtype): ``data`` itself when this engine made it, else a new array.

        np.asarray returns an array of its dtype without a copy. Here such an array is one
        of the last 2-D arrays this engine made (``self.arrays_made``), such as the output
        that one layer passes to the next. Any other list, even one of floats, is converted
        into a new array by ``array``, so an object never keeps a list that its caller
        could change afterwards. A value put into an engine's array in place is not checked
        or rounded again: a NumPy array converts a value as it is stored, a list cannot.
        """
        if id(data) in self.arrays_made and self.arrays_made[id(data)] is data:
            return data
        return self.array(data)

    def labels(self, values):
        """Integer class labels as a new list of ints: np.array(values, dtype=np.uint8) in nnfs."""
        if hasattr(values, "tolist"):
            values = values.tolist()  # a NumPy array of labels
        return list(map(int, values))

    def to_list(self, a):
        """The array as (a copy of) nested Python lists: a.tolist()."""
        if is_number(a):
            return a
        if a and isinstance(a[0], list):
            return list(map(list, a))  # a copy of each row
        return list(a)

    def zeros(self, n_rows, n_cols):
        """An (n_rows, n_cols) array of zeros: np.zeros((n_rows, n_cols))."""
        return [[0.0] * n_cols for _ in range(n_rows)]

    def zeros_like(self, a):
        """Zeros of the same shape as ``a``: np.zeros_like(a)."""
        if a and isinstance(a[0], list):
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
        if isinstance(a, (int, float)):
            return ()
        if a and isinstance(a[0], list):
            return (len(a), len(a[0]))
        return (len(a),)

    # --- rows to loop over -----------------------------------------------------------

    def rows_of(self, a):
        """(rows, ndim): ``a`` as a list of rows to loop over, and its number of dimensions."""
        if isinstance(a, (int, float)):
            return [[a]], 0
        if a and isinstance(a[0], list):
            return a, 2
        return [a], 1

    def broadcast(self, a, b):
        """(rows of a, rows of b, ndim): the pairs of rows that NumPy broadcasting makes.

        Up to 2-D. A number is first rounded to the working precision, as NumPy converts a
        Python scalar to the array's dtype; then a single column is repeated along each
        row, and a single row down the rows. Shapes that do not broadcast raise ShapeError.
        """
        shape_a, shape_b = self.shape(a), self.shape(b)
        if shape_a == shape_b and len(shape_a) == 2:
            return a, b, 2  # the same shape: nothing to repeat
        if len(shape_a) == 2 and (shape_b == () or shape_b == (1, shape_a[1])):
            # A number or a single row (such as the biases) for every row of a
            row_b = [self.round_value(b)] * shape_a[1] if shape_b == () else b[0]
            return a, [row_b] * shape_a[0], 2
        if len(shape_b) == 2 and shape_a == ():
            # A number for every value of b (such as the learning rate)
            return [[self.round_value(a)] * shape_b[1]] * shape_b[0], b, 2
        broadcast_shape(shape_a, shape_b)
        rows_a = [[self.round_value(a)]] if not shape_a else a if len(shape_a) == 2 else [a]
        rows_b = [[self.round_value(b)]] if not shape_b else b if len(shape_b) == 2 else [b]
        n_rows = max(len(rows_a), len(rows_b))
        n_columns = max(len(rows_a[0]), len(rows_b[0]))
        if len(rows_a[0]) < n_columns:
            rows_a = [row * n_columns for row in rows_a]
        if len(rows_b[0]) < n_columns:
            rows_b = [row * n_columns for row in rows_b]
        if len(rows_a) < n_rows:
            rows_a = rows_a * n_rows
        if len(rows_b) < n_rows:
            rows_b = rows_b * n_rows
        return rows_a, rows_b, max(len(shape_a), len(shape_b))

    def binomial(self, n, p, shape):
        """Binomial draws from purenn's stream, as lists of ints: np.random.binomial(n, p, shape).

        (Drawing is no arithmetic of the book: a debugger steps over it.)
        """
        from .. import random as purenn_random
        return purenn_random.binomial(n, p, size=shape)

    def dot_rows(self, a, b):
        """(rows of a, columns of b, ndim of the result) for np.dot of 1-D or 2-D arrays.

        A 1-D a is one row (one sample), a 1-D b one column; shapes that do not fit raise
        ShapeError, as np.dot's "not aligned".
        """
        shape_a, shape_b = self.shape(a), self.shape(b)
        check_dot(shape_a, shape_b)
        rows = a if len(shape_a) == 2 else [a]
        columns = list(zip(*b)) if len(shape_b) == 2 else [b]
        return rows, columns, len(shape_a) + len(shape_b) - 2


def each_value(*arrays):
    """The values of arrays of one shape side by side, row after row: a list of tuples
    (``zip`` over every value), for a formula applied to one value at a time."""
    if arrays[0] and isinstance(arrays[0][0], list):
        side_by_side = []
        for rows in zip(*arrays):
            side_by_side.extend(zip(*rows))
        return side_by_side
    return list(zip(*arrays))


def rows_like(values, a):
    """A flat list of values in the rows of ``a``'s shape (``values`` itself for a 1-D ``a``)."""
    if a and isinstance(a[0], list):
        width = len(a[0])
        return [values[start:start + width] for start in range(0, len(values), width)]
    return values
