"""The numpy engine: the same functions as ``python_engine.py``, written with NumPy.

It follows the same float32 rules as the python engine, so both give the same answers bit
for bit: the dot product is computed in float64 and rounded once (as nnfs does), and exp,
log and power are evaluated in float64 and rounded once. (NumPy's own float32 exp and log use
SIMD code that is not correctly rounded, which is why the book's code prints other digits
on current NumPy.) Every other float32 operation is NumPy's own, already correctly rounded.

This module is imported only when the numpy engine is asked for. It never patches or
reseeds NumPy.
"""
import numbers

import numpy as np

from . import precision
from .. import random
from .config import settings
from .shapes import broadcast_shape, check_dot


def _broadcasting(ufunc, a, b):
    """``ufunc(a, b)``; if the shapes do not broadcast, the ShapeError naming both shapes."""
    # NumPy checks the shapes itself; ours are checked again only to word the error
    try:
        return ufunc(a, b)
    except ValueError:
        broadcast_shape(np.shape(a), np.shape(b))
        raise


def _real_numbers(objects):
    """An array of Python objects (Fraction, int beyond int64, Decimal...) as float64 values.

    Each must be a real number; a str, None, complex or list among them is refused (as
    np.array(..., float32) would read '1' as 1.0 and None as nan). Each number is converted
    by float(), as np.array(..., float32) and the python engine convert it.
    """
    for value in objects.flat:
        complex_number = isinstance(value, numbers.Complex) and not isinstance(value, numbers.Real)
        if isinstance(value, (str, bytes)) or complex_number or not hasattr(value, "__float__"):
            raise TypeError(f"not an array of numbers: it holds {value!r}")
    return objects.astype(np.float64)


# Draws of at least this many normal numbers are made by NumPy from purenn's stream state
# (handing the state over costs about as much as drawing some 50 numbers in Python)
BORROW_AT_LEAST = 256


def _draw_from(generator, stream, draw, normals=0):
    """``draw(generator)``, the private np.random.RandomState ``generator`` continuing ``stream``.

    The generator takes over the stream's state (its Mersenne Twister and the kept normal
    number), draws, and hands the state back, so the stream goes on where NumPy stopped:
    the same numbers purenn.random draws, at NumPy's speed. NumPy's global stream is not
    touched. ``normals``: how many normal numbers the draw takes (the stream counts them).
    """
    name, words, position, has_gauss, cached_gaussian = random.get_state(stream)
    generator.set_state((name, np.array(words, dtype=np.uint32), position, has_gauss,
                         cached_gaussian))
    values = draw(generator)
    name, words, position, has_gauss, cached_gaussian = generator.get_state()
    random.set_state((name, words.tolist(), position, has_gauss, cached_gaussian),
                     draws=normals, stream=stream)
    return values


class NumpyEngine:
    """Array operations on NumPy arrays of ``dtype``."""

    name = "numpy"

    def __init__(self, dtype=precision.FLOAT64):
        self.dtype = precision.check_dtype(dtype)
        self.np_dtype = np.dtype(self.dtype)
        # The python engine remembers the arrays it made, which shapes.as_array then uses
        # as they are; here every array is checked by its shape and dtype, so this stays empty
        self.arrays_made = {}
        # A private generator that draws from purenn's stream (see _draw_from); its own seed
        # is never used: every draw starts from the stream's state
        self.generator = np.random.RandomState(0)

    def __repr__(self):
        return f"NumpyEngine(dtype={self.dtype!r})"

    # --- precision ---------------------------------------------------------------

    def _in_float64(self, function, *arrays):
        """Evaluate ``function`` in float64 and round the result once to the working dtype."""
        result = function(*[np.asarray(a, dtype=np.float64) for a in arrays])
        return np.asarray(result).astype(self.np_dtype)

    def round_value(self, x):
        """One number rounded to the working precision (np.float32(x) in float32 mode)."""
        return precision.round_value(x, self.dtype)

    # --- making arrays -------------------------------------------------------------

    def array(self, data):
        """A new float array at the working precision: np.array(data, dtype)."""
        if not isinstance(data, np.ndarray):
            # Differs from NumPy: np.array(..., float) turns None into nan; insist on numbers.
            data = np.array(data)
            if data.dtype.kind == "O":
                data = _real_numbers(data)
            elif data.dtype.kind not in "biuf":
                raise TypeError(f"not an array of numbers (dtype {data.dtype})")
        if data.dtype.kind in "iu":
            # Integers pass through float64 first, as np.array(list_of_ints, float32) and the
            # python engine convert them (a direct int64 -> float32 cast can round otherwise)
            data = data.astype(np.float64)
        return np.array(data, dtype=self.np_dtype)

    def asarray(self, data):
        """``data`` itself if it already is an array of the working dtype, else a new one.

        np.asarray(data, dtype): what the layers use for their inputs, as the book keeps
        a reference to them (``self.inputs = inputs``) rather than a copy.
        """
        if isinstance(data, np.ndarray) and data.dtype == self.np_dtype:
            return data
        return self.array(data)

    def labels(self, values):
        """Integer class labels, uint8 as nnfs makes them (int64 if a label exceeds 255)."""
        values = np.asarray(values)
        if values.dtype == np.uint8:
            return values  # already what nnfs makes (labels are only read, never changed)
        if values.size and (values.min() < 0 or values.max() > 255):
            return values.astype(np.int64)
        return values.astype(np.uint8)

    def to_list(self, a):
        """The array as nested Python lists: a.tolist()."""
        return np.asarray(a).tolist()

    def zeros(self, n_rows, n_cols):
        """np.zeros((n_rows, n_cols))."""
        return np.zeros((n_rows, n_cols), dtype=self.np_dtype)

    def zeros_like(self, a):
        """np.zeros_like(a)."""
        return np.zeros_like(a, dtype=self.np_dtype)

    def copy(self, a):
        """a.copy()."""
        return np.array(a, dtype=self.np_dtype)

    def eye(self, n):
        """np.eye(n)."""
        return np.eye(n, dtype=self.np_dtype)

    def one_hot(self, labels, n_classes):
        """np.eye(n_classes)[labels]."""
        return np.eye(n_classes, dtype=self.np_dtype)[np.asarray(labels)]

    def shape(self, a):
        """a.shape."""
        return np.shape(a)

    # --- elementwise arithmetic ---------------------------------------------------

    def add(self, a, b):
        """np.add(a, b)."""
        return _broadcasting(np.add, a, b)

    def subtract(self, a, b):
        """np.subtract(a, b)."""
        return _broadcasting(np.subtract, a, b)

    def multiply(self, a, b):
        """np.multiply(a, b)."""
        return _broadcasting(np.multiply, a, b)

    def divide(self, a, b):
        """np.divide(a, b)."""
        return _broadcasting(np.divide, a, b)

    def negative(self, a):
        """np.negative(a)."""
        return np.negative(a)

    def square(self, a):
        """a ** 2."""
        return np.square(a)

    def power(self, base, a):
        """np.power(base, a), evaluated in float64 and rounded once to the working dtype."""
        # As NumPy does, the base is first converted to the working dtype
        base = self.np_dtype.type(base)
        if self.dtype == precision.FLOAT64:
            return np.power(base, a)
        return self._in_float64(lambda x: np.power(np.float64(base), x), a)

    def sqrt(self, a):
        """np.sqrt(a)."""
        return np.sqrt(a)

    def exp(self, a):
        """np.exp(a), evaluated in float64 and rounded once to the working dtype."""
        if self.dtype == precision.FLOAT64:
            return np.exp(a)
        return self._in_float64(np.exp, a)

    def log(self, a):
        """np.log(a), evaluated in float64 and rounded once to the working dtype."""
        if self.dtype == precision.FLOAT64:
            return np.log(a)
        return self._in_float64(np.log, a)

    def maximum(self, floor, a):
        """np.maximum(floor, a)."""
        return np.maximum(floor, a)

    def clip(self, a, low, high):
        """np.clip(a, low, high)."""
        return np.clip(a, low, high)

    def relu_gradient(self, dvalues, inputs):
        """d = dvalues.copy(); d[inputs <= 0] = 0."""
        dinputs = dvalues.copy()
        dinputs[inputs <= 0] = 0
        return dinputs

    # --- products ----------------------------------------------------------------

    def transpose(self, a):
        """a.T."""
        return np.asarray(a).T

    def dot(self, a, b):
        """np.dot(a, b); in float32 computed in float64 and rounded once, as nnfs does."""
        check_dot(np.shape(a), np.shape(b))
        if self.dtype == precision.FLOAT64:
            return np.dot(a, b)
        # As _in_float64(np.dot, a, b), written out: the epoch's most frequent float32 call
        return np.asarray(np.dot(np.asarray(a, dtype=np.float64),
                                 np.asarray(b, dtype=np.float64))).astype(self.np_dtype)

    def outer(self, a, b):
        """np.dot(a.reshape(-1, 1), b.reshape(1, -1)): one rounding per product."""
        return np.multiply.outer(np.asarray(a), np.asarray(b))

    def diagflat(self, a):
        """np.diagflat(a)."""
        return np.diagflat(a)

    # --- reductions ----------------------------------------------------------------

    def sum(self, a, axis=None, keepdims=False):
        """np.sum(a, axis=axis, keepdims=keepdims)."""
        return np.sum(a, axis=axis, keepdims=keepdims)

    def mean(self, a):
        """np.mean(a)."""
        return np.mean(a)

    def max(self, a, axis=1, keepdims=True):
        """np.max(a, axis=axis, keepdims=keepdims)."""
        return np.max(a, axis=axis, keepdims=keepdims)

    def argmax(self, a, axis=1):
        """np.argmax(a, axis=axis)."""
        return np.argmax(a, axis=axis)

    # --- indexing --------------------------------------------------------------------

    def pick(self, a, labels):
        """a[range(len(a)), labels]."""
        return a[np.arange(len(a)), labels]

    def subtract_at(self, a, labels, value):
        """out = a.copy(); out[range(len(a)), labels] -= value."""
        result = a.copy()
        result[np.arange(len(a)), labels] -= value
        return result

    def count_equal(self, a, b):
        """int(np.sum(a == b))."""
        return int(np.count_nonzero(np.asarray(a) == np.asarray(b)))

    # --- ch14: regularization, dropout and the binary case ---------------------------

    def absolute(self, a):
        """np.abs(a)."""
        return np.abs(a)

    def l1_gradient(self, a):
        """d = np.ones_like(a); d[a < 0] = -1."""
        d = np.ones_like(a, dtype=self.np_dtype)
        d[np.asarray(a) < 0] = -1
        return d

    def greater(self, a, value):
        """(a > value) * 1."""
        return (np.asarray(a) > self.np_dtype.type(value)) * 1

    def mean_equal(self, a, b):
        """float(np.mean(a == b))."""
        return float(np.mean(np.asarray(a) == np.asarray(b)))

    def binomial(self, n, p, shape):
        """np.random.binomial(n, p, size=shape), drawn from purenn's stream.

        The same numbers as purenn.random.binomial, at NumPy's speed (see _draw_from).
        """
        return _draw_from(self.generator, random.default_stream, lambda generator: generator.binomial(
            n, p, size=shape))

    # --- digits: looking values up in a table (pixels -> scaled values) ---

    def take(self, table, indices, n_cols):
        """np.take(table, indices).reshape(-1, n_cols), the table at the working dtype."""
        table = np.asarray(table, dtype=self.np_dtype)
        return np.take(table, np.asarray(indices)).reshape(-1, n_cols)

    # --- defects: random draws as arrays (issue 9) ---

    def randn(self, stream, n_rows, n_cols):
        """stream.randn(n_rows, n_cols) as an array: np.random.randn(n_rows, n_cols).

        A large draw is NumPy's own (the same MT19937 and polar method, so the same numbers
        bit for bit; see _draw_from); a small one, such as chapter 6's random search makes
        100,000 times, is quicker drawn by the stream itself than handed over.
        """
        if n_rows * n_cols < BORROW_AT_LEAST:
            return self.array(stream.randn(n_rows, n_cols))
        values = _draw_from(self.generator, stream, lambda generator: generator.standard_normal(
            (n_rows, n_cols)), normals=n_rows * n_cols)
        # As stream.randn: at purenn's working precision, then as an array of this engine's
        return values.astype(settings.dtype, copy=False).astype(self.np_dtype, copy=False)

    # --- model: batches, shuffles and predictions (chapters 18-19) ---------------------

    def slice_rows(self, a, start, stop):
        """a[start:stop] (a view, as the book's batches are)."""
        return a[start:stop]

    def take_rows(self, a, indices):
        """a[indices] (a new array)."""
        return np.asarray(a)[np.asarray(indices, dtype=np.intp)]

    def stack_rows(self, arrays):
        """np.vstack(arrays)."""
        return np.vstack(arrays)

    def ravel(self, a):
        """np.ravel(a)."""
        return np.ravel(a)

    # --- engine: softmax, one sample at a time ------------------------------------------

    def softmax(self, inputs):
        """exp_values = np.exp(inputs - np.max(inputs, axis=1, keepdims=True));
        exp_values / np.sum(exp_values, axis=1, keepdims=True) (exp in float64, rounded once).
        """
        # (the ufuncs' own reduce: what np.max and np.sum call, without their wrappers)
        exp_values = self.exp(np.subtract(inputs, np.maximum.reduce(inputs, axis=1,
                                                                    keepdims=True)))
        return np.divide(exp_values, np.add.reduce(exp_values, axis=1, keepdims=True))

    # --- chapters 17-18: regression, and the book's comparisons --------------------------

    def equal(self, a, b):
        """a == b."""
        return np.asarray(a) == np.asarray(b)

    def mean_squared_error(self, y_pred, y_true):
        """np.mean((y_true - y_pred)**2, axis=-1)."""
        return np.mean((y_true - y_pred)**2, axis=-1)

    def mean_squared_error_gradient(self, dvalues, y_true, outputs, samples):
        """dinputs = -2 * (y_true - dvalues) / outputs; dinputs / samples."""
        dinputs = -2 * (y_true - dvalues) / outputs
        return dinputs / samples

    def mean_absolute_error(self, y_pred, y_true):
        """np.mean(np.abs(y_true - y_pred), axis=-1)."""
        return np.mean(np.abs(y_true - y_pred), axis=-1)

    def mean_absolute_error_gradient(self, dvalues, y_true, outputs, samples):
        """dinputs = -np.sign(y_true - dvalues) / outputs; dinputs / samples.

        Differs from book: the minus sign (see the python engine's method).
        """
        dinputs = -np.sign(y_true - dvalues) / outputs
        return dinputs / samples

    def std(self, a):
        """np.std(a)."""
        return np.std(a)

    def regression_matches(self, predictions, y, precision):
        """np.absolute(predictions - y) < precision."""
        return np.absolute(predictions - y) < self.np_dtype.type(precision)
