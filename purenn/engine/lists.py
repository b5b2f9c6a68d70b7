"""The python engine's machinery: arrays as lists, their shapes, broadcasting and rounding.

Nothing here is the book's arithmetic: ``python_engine.PythonEngine`` inherits these methods
from ``ListArrays`` and keeps its own module for the loops a learner steps into. A debugger
can skip this module, as it can skip ``shapes`` (the checks), ``precision`` (the rounding)
and ``config`` (the settings), and still stop at every multiply, exp and comparison.

An array is a plain list (1-D) or a list of rows (2-D) of Python floats.

Why every array is checked at every call. A list can be changed by anyone who holds it: a
learner may append a row to ``dense1.output``, put a str into it, set ``dense1.weights[1] =
[0.7]`` or write 0.1 into a float32 array (NumPy would store float32(0.1)). So every array
that crosses the public boundary (forward and backward inputs, a loss's predictions, a
layer's own weights and biases, what an optimizer reads) is checked and copied into a new
array at the working precision each time: ``plain_copies`` below, with C-level calls only
(``map``, ``chain``, ``set``, ``struct``), one pass over the values and no line a debugger
stops at per row. Another design was considered: a list subclass that records its own
edits, so that an unchanged array needs no check. It was not chosen: its indexing is slower
than a list's in every loop of the arithmetic, a debugger shows it as an unfamiliar type,
and it still misses edits of its inner rows (``output[0][1] = None`` changes a plain inner
list), which would need subclassed rows as well. (Before this, the engine trusted the last
64 arrays it made: an edit of one of them went through unchecked, and whether an edit was
caught depended on how many arrays had been made since.)
"""
import numbers
import sys
import warnings
from math import isfinite
from itertools import chain

from . import precision
from .shapes import broadcast_shape, check_dot

# The package's name ("purenn"): warnings point at the first line outside it
_PACKAGE = __name__.split(".")[0]


def is_number(x):
    """True for a Python int or float (an engine array is a list)."""
    return isinstance(x, (int, float))


# The engine's elementwise operations, which warn as NumPy's ufuncs do (see round_row);
# of them, those whose helpers in python_engine.py warn about their own overflow or domain
_ELEMENTWISE = frozenset(("add", "subtract", "multiply", "divide", "negative", "square",
                          "power", "sqrt", "exp", "log", "absolute"))
_WARNED_BY_HELPERS = frozenset(("power", "sqrt", "exp", "log"))

# The types of the values a caller's list usually holds; any other is looked at one by one
_PLAIN_TYPES = frozenset((float, int))
# What a plain array is made of: lists of rows, and floats in them
_LISTS = frozenset((list,))
_FLOATS = frozenset((float,))


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

    # --- precision ---------------------------------------------------------------

    def round_row(self, row):
        """A finished row of results (a list) at the working precision.

        float32: a new list of the values rounded to float32 (``precision.to_float32_row``).
        float64: there is nothing to round (Python floats are float64): the list itself.
        A row whose sum is not finite holds an inf or a NaN: ``warn_non_finite`` then gives
        NumPy's RuntimeWarning if the operation made it (one C-level sum per row).
        """
        rounded = row if self.dtype == precision.FLOAT64 else precision.to_float32_row(row)
        return rounded if isfinite(sum(rounded)) else self.warn_non_finite(rounded, row)

    def warn_non_finite(self, rounded, row):
        """``rounded``, after NumPy's RuntimeWarning for each inf or NaN that the calling
        elementwise operation made from finite (or non-NaN) inputs: "overflow encountered
        in multiply", "invalid value encountered in subtract", "divide by zero encountered
        in divide". An inf or NaN passed through from the inputs gives none, as in NumPy.
        The operation and its input rows are read from the caller's frame (its name, and
        its locals ``row_a``, ``row_b``, ``row``); other operations (dot, sum...) warn only
        where exp, log, sqrt and power do (see python_engine's helpers).
        """
        caller = sys._getframe(2)  # the engine's method that called round_row
        operation = caller.f_code.co_name
        if operation not in _ELEMENTWISE:
            return rounded
        inputs = [caller.f_locals[name] for name in ("row_a", "row_b", "row")
                  if isinstance(caller.f_locals.get(name), list)]
        messages = set()
        for i, value in enumerate(rounded):
            if isfinite(value):
                continue
            if operation in _WARNED_BY_HELPERS:
                # exp, log, sqrt, power warn themselves; here only a float32 overflow
                if isfinite(row[i]):
                    messages.add(f"overflow encountered in {operation}")
                continue
            operands = [operand[i] for operand in inputs if len(operand) == len(rounded)]
            if value != value and not any(x != x for x in operands):
                messages.add(f"invalid value encountered in {operation}")
            elif value == value and all(isfinite(x) for x in operands):
                zero_divisor = operation == "divide" and len(operands) == 2 and operands[1] == 0
                kind = "divide by zero" if zero_divisor else "overflow"
                messages.add(f"{kind} encountered in {operation}")
        for message in sorted(messages):
            warn(message)
        return rounded

    def round_value(self, x):
        """One number rounded to the working precision (np.float32(x) in float32 mode)."""
        return precision.ROUND_VALUE[self.dtype](x)

    # --- results and checked copies ---------------------------------------------------

    def finish(self, output, ndim):
        """The rows of a result as an array of ``ndim`` dimensions (0: one number)."""
        if ndim == 2:
            return output
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
            return precision.round_rows(data, self.dtype)
        refuse_complex([data])
        return precision.round_list(data, self.dtype)

    def asarray(self, data):
        """np.asarray(data, dtype), always a new array here (see the module's docstring).

        A list, even one this engine made, is converted into a new array by ``array``, so
        an object never keeps a list that its caller could change afterwards, and a value
        written into it is rounded as NumPy rounds a value stored into its array.
        """
        return self.array(data)

    def plain_copies(self, arrays, row_counts, row_lengths):
        """New arrays of ``arrays`` when each plainly is one, else None (then shapes.py
        looks at each closely, to convert it or to say what is wrong).

        Plainly: a list of lists of floats (no int, bool, str...), with ``row_counts[k]``
        rows (0: any number but at least one) each ``row_lengths[k]`` long (0: any length
        but the same for every row, at least one). The copies are at the working precision
        (float32: each value rounded as NumPy rounds a value it stores). Only C-level calls,
        a few passes over the values, each made by C code (map, set, chain).
        """
        widths = []
        for array, row_count, row_length in zip(arrays, row_counts, row_lengths):
            # A list of rows, each a list
            if type(array) is not list or not _LISTS.issuperset(map(type, array)):
                return None
            # Every row as long as the others (at least one row, at least one value)
            lengths = set(map(len, array))
            if len(lengths) != 1 or 0 in lengths:
                return None
            width = lengths.pop()
            # The rows and the length expected (0: any), and every value a float
            if (row_count and len(array) != row_count) or (row_length and width != row_length):
                return None
            if not _FLOATS.issuperset(map(type, chain.from_iterable(array))):
                return None
            widths.append(width)
        return precision.COPY_ARRAYS[self.dtype](arrays, widths)

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
        if len(shape_b) == 2 and shape_a == ():
            # A number for every value of b (such as the learning rate)
            return [[precision.ROUND_VALUE[self.dtype](a)] * shape_b[1]] * shape_b[0], b, 2
        if shape_a == shape_b and len(shape_a) == 2:
            return a, b, 2  # the same shape: nothing to repeat
        if len(shape_a) == 2 and (shape_b == () or shape_b == (1, shape_a[1])):
            # A number or a single row (such as the biases) for every row of a
            row_b = [self.round_value(b)] * shape_a[1] if shape_b == () else b[0]
            return a, [row_b] * shape_a[0], 2
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
