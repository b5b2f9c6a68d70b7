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
import threading
import warnings

import numpy as np

from . import precision
from .precision import dot_in_float64, in_float64
from .. import random
from .config import settings
from .shapes import broadcast_shape, check_dot
from ..tools.notebook import engine_text, pretty


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
# Permutations of at least this many numbers are made by NumPy the same way (shuffling
# costs purenn about 0.3 us a number in Python, the hand-over about as much as 400 of them)
SHUFFLE_AT_LEAST = 512


# Held while a private generator takes over a stream's state (see _draw_from)
_GENERATOR_LOCK = threading.Lock()


def _draw_from(generator, stream, draw, normals=0):
    """``draw(generator)``, the private np.random.RandomState ``generator`` continuing ``stream``.

    The generator takes over the stream's state (its Mersenne Twister and the kept normal
    number), draws, and hands the state back, so the stream goes on where NumPy stopped:
    the same numbers purenn.random draws, at NumPy's speed. NumPy's global stream is not
    touched. ``normals``: how many normal numbers the draw takes (the stream counts them).
    """
    # The whole hand-off under the stream's lock (and the generator's): two threads drawing
    # at once would otherwise both start from the same state and draw the same numbers
    with stream.lock, _GENERATOR_LOCK:
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
        # A private generator that draws from purenn's stream (see _draw_from); its own seed
        # is never used: every draw starts from the stream's state
        self.generator = np.random.RandomState(0)

    def __repr__(self):
        return f"NumpyEngine(dtype={self.dtype!r})"

    # In a notebook: the repr, then its name and dtype
    _repr_pretty_ = pretty(engine_text)

    # --- precision ---------------------------------------------------------------

    def _in_float64(self, function, *arrays, name=None):
        """Evaluate ``function`` in float64 and round the result once to the working dtype.

        A value that overflows the working dtype when it is rounded gives NumPy's own
        warning for the operation ("overflow encountered in exp"), as NumPy's float32 exp
        gives, not the cast's.
        """
        result = np.asarray(function(*[np.asarray(a, dtype=np.float64) for a in arrays]))
        with np.errstate(over="ignore"):
            rounded = result.astype(self.np_dtype)
        if not np.isfinite(rounded).all() and (np.isinf(rounded) & np.isfinite(result)).any():
            warnings.warn(f"overflow encountered in {name or function.__name__}",
                          RuntimeWarning, stacklevel=3)
        return rounded

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
        if data.dtype.kind in "iu" and data.dtype.itemsize > 2:
            # Integers pass through float64 first, as np.array(list_of_ints, float32) and the
            # python engine convert them (a direct int64 -> float32 cast can round otherwise;
            # 8- and 16-bit integers, such as nnfs's uint8 labels, are exact in float32)
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

    def plain_copies(self, arrays, row_counts, row_lengths):
        """The arrays as they are when each is a 2-D array of the working dtype with
        ``row_counts[k]`` rows of ``row_lengths[k]`` values (0: any, at least one), else
        None (then shapes.py converts each or says what is wrong). np.asarray(a, dtype):
        no copy, as the book uses its arrays; only the dtype and shape are looked at.
        """
        np_dtype = self.np_dtype
        for array, count, length in zip(arrays, row_counts, row_lengths):
            # (a dtype that is equal but not this very object is converted by shapes.py)
            if type(array) is not np.ndarray or array.dtype is not np_dtype:
                return None
            shape = array.shape
            if (len(shape) != 2 or not shape[0] or not shape[1] or (count and shape[0] != count)
                    or (length and shape[1] != length)):
                return None
        return list(arrays)

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
        """np.eye(n_classes)[labels], without making the (n_classes, n_classes) identity
        (which a large n_classes could not fit in memory): a 1 in each row's column."""
        labels = np.asarray(labels)
        rows = np.zeros((labels.shape[0], n_classes), dtype=self.np_dtype)
        rows[np.arange(labels.shape[0]), labels] = 1
        return rows

    def shape(self, a):
        """a.shape (np.shape(a) for what is not an array)."""
        return a.shape if type(a) is np.ndarray else np.shape(a)

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
        return self._in_float64(lambda x: np.power(np.float64(base), x), a, name="power")

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
        check_dot(self.shape(a), self.shape(b))
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

    def permutation(self, n):
        """np.random.permutation(n), drawn from purenn's stream: the same order as
        purenn.random.permutation (NumPy's legacy shuffle of the same MT19937), at NumPy's
        speed (see _draw_from), an array of indices."""
        if n < SHUFFLE_AT_LEAST:
            return np.array(random.permutation(n), dtype=np.intp)
        random.check_fits(n, "numbers", random.PYTHON_VALUE_BYTES, f"permutation({n:,})")
        return _draw_from(self.generator, random.default_stream,
                          lambda generator: generator.permutation(n))

    def take_rows(self, a, indices):
        """a[indices] (a new array)."""
        return np.asarray(a)[np.asarray(indices, dtype=np.intp)]

    def stack_rows(self, arrays):
        """np.vstack(arrays)."""
        return np.vstack(arrays)

    def ravel(self, a):
        """np.ravel(a)."""
        return np.ravel(a)

    # --- the book's formulas: its NumPy lines ---------------------------------------------
    #
    # In float32, exp, log and the dot products are computed in float64 and rounded once
    # (``precision.in_float64``, ``precision.dot_in_float64``), as the python engine does.

    def softmax(self, inputs):
        """The book's two softmax lines (chapter 4); exp in float64, rounded once."""
        # Get unnormalized probabilities
        exp_values = in_float64(np.exp, inputs - np.max(inputs, axis=1, keepdims=True),
                                self.np_dtype)
        # Normalize them for each sample
        probabilities = exp_values / np.sum(exp_values, axis=1, keepdims=True)
        return probabilities

    def sigmoid(self, inputs):
        """Sigmoid (chapter 16); exp in float64, rounded once."""
        return 1 / (1 + in_float64(np.exp, -inputs, self.np_dtype))

    def sigmoid_backward(self, dvalues, output):
        """Derivative - calculated from the output of the sigmoid function (chapter 16)."""
        return dvalues * (1 - output) * output

    def categorical_crossentropy(self, y_pred, y_true):
        """Categorical cross-entropy's sample losses (chapter 5); log in float64, rounded once."""
        samples = len(y_pred)
        # Clip data to prevent division by 0
        y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)
        # Probabilities for target values - only if categorical labels
        # Differs from book: np.arange(samples), the same indices as range(samples), which
        # NumPy would first turn into an array of them, value by value
        if len(y_true.shape) == 1:
            correct_confidences = y_pred_clipped[np.arange(samples), y_true]
        # Mask values - only for one-hot encoded labels
        else:
            correct_confidences = np.sum(y_pred_clipped * y_true, axis=1)
        # Losses
        negative_log_likelihoods = -in_float64(np.log, correct_confidences, self.np_dtype)
        return negative_log_likelihoods

    def categorical_crossentropy_backward(self, dvalues, y_true):
        """Categorical cross-entropy's gradient (chapter 9); y_true one-hot."""
        samples = len(dvalues)
        # Calculate gradient
        dinputs = -y_true / dvalues
        # Normalize gradient
        dinputs = dinputs / samples
        return dinputs

    def softmax_crossentropy_backward(self, dvalues, y_true):
        """Softmax and cross-entropy's gradient (chapter 9); y_true class indices."""
        samples = len(dvalues)
        # Copy so we can safely modify
        dinputs = dvalues.copy()
        # Calculate gradient
        # Differs from book: np.arange(samples) for range(samples), as in the loss's forward
        dinputs[np.arange(samples), y_true] -= 1
        # Normalize gradient
        dinputs = dinputs / samples
        return dinputs

    def binary_crossentropy(self, y_pred, y_true):
        """Binary cross-entropy's sample losses (chapter 16); log in float64, rounded once."""
        # Clip data to prevent division by 0
        y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)
        # Calculate sample-wise loss
        sample_losses = -(y_true * in_float64(np.log, y_pred_clipped, self.np_dtype)
                          + (1 - y_true) * in_float64(np.log, 1 - y_pred_clipped,
                                                      self.np_dtype))
        sample_losses = np.mean(sample_losses, axis=-1)
        return sample_losses

    def binary_crossentropy_backward(self, dvalues, y_true):
        """Binary cross-entropy's gradient (chapter 16)."""
        samples, outputs = dvalues.shape
        # Clip data to prevent division by 0
        clipped_dvalues = np.clip(dvalues, 1e-7, 1 - 1e-7)
        # Calculate gradient
        dinputs = -(y_true / clipped_dvalues - (1 - y_true) / (1 - clipped_dvalues)) / outputs
        # Normalize gradient
        dinputs = dinputs / samples
        return dinputs

    def dropout(self, inputs, draws, rate):
        """(binary_mask, output) of dropout (chapter 15).

        Differs from book: the mask is made at the working precision (see Layer_Dropout).
        """
        binary_mask = draws.astype(self.np_dtype) / rate
        # Apply mask to output values
        output = inputs * binary_mask
        return binary_mask, output

    def dweights(self, inputs, dvalues):
        """Gradients on the weights (chapter 9); in float32 in float64, rounded once."""
        return dot_in_float64(np.dot, inputs.T, dvalues, self.np_dtype)

    def dinputs(self, dvalues, weights):
        """Gradient on the inputs (chapter 9); in float32 in float64, rounded once."""
        return dot_in_float64(np.dot, dvalues, weights.T, self.np_dtype)

    def regularization_gradient(self, dparameters, parameters, regularizer_l1, regularizer_l2):
        """The L1 and L2 terms of a gradient (chapter 14), for the weights or the biases."""
        dparameters = dparameters.copy()
        # L1 regularization
        if regularizer_l1 > 0:
            dL1 = np.ones_like(parameters)
            dL1[parameters < 0] = -1
            dparameters += regularizer_l1 * dL1
        # L2 regularization
        if regularizer_l2 > 0:
            dparameters += 2 * regularizer_l2 * parameters
        return dparameters

    def l1_loss(self, parameters, regularizer):
        """L1 regularization loss (chapter 14)."""
        return regularizer * np.sum(np.abs(parameters))

    def l2_loss(self, parameters, regularizer):
        """L2 regularization loss (chapter 14)."""
        return regularizer * np.sum(parameters * parameters)

    # --- optimizers (chapter 10): one parameter array (the weights, then the biases) -----

    def sgd(self, weights, dweights, optimizer):
        """Vanilla SGD: the new weights."""
        weight_updates = -optimizer.current_learning_rate * dweights
        return weights + weight_updates

    def sgd_momentum(self, weights, dweights, weight_momentums, optimizer):
        """SGD with momentum: (weights, weight_momentums)."""
        # Build weight updates with momentum - take previous updates multiplied by retain
        # factor and update with current gradients
        weight_updates = optimizer.momentum * weight_momentums - \
            optimizer.current_learning_rate * dweights
        weight_momentums = weight_updates
        return weights + weight_updates, weight_momentums

    def adagrad(self, weights, dweights, weight_cache, optimizer):
        """AdaGrad: (weights, weight_cache)."""
        # Update cache with squared current gradients
        weight_cache = weight_cache + dweights ** 2
        # Vanilla SGD parameter update + normalization with square rooted cache
        weights = weights + -optimizer.current_learning_rate * dweights / \
            (np.sqrt(weight_cache) + optimizer.epsilon)
        return weights, weight_cache

    def rmsprop(self, weights, dweights, weight_cache, optimizer):
        """RMSprop: (weights, weight_cache)."""
        # Update cache with squared current gradients
        weight_cache = optimizer.rho * weight_cache + (1 - optimizer.rho) * dweights ** 2
        # Vanilla SGD parameter update + normalization with square rooted cache
        weights = weights + -optimizer.current_learning_rate * dweights / \
            (np.sqrt(weight_cache) + optimizer.epsilon)
        return weights, weight_cache

    def adam(self, weights, dweights, weight_momentums, weight_cache, optimizer):
        """Adam, for one parameter array: (weights, weight_momentums, weight_cache)."""
        beta_1, beta_2, step = optimizer.beta_1, optimizer.beta_2, optimizer.iterations + 1
        # Update momentum with current gradients
        weight_momentums = beta_1 * weight_momentums + (1 - beta_1) * dweights
        # Get corrected momentum
        weight_momentums_corrected = weight_momentums / (1 - beta_1 ** step)
        # Update cache with squared current gradients
        weight_cache = beta_2 * weight_cache + (1 - beta_2) * dweights ** 2
        # Get corrected cache
        weight_cache_corrected = weight_cache / (1 - beta_2 ** step)
        # Vanilla SGD parameter update + normalization with square rooted cache
        weights = weights + -optimizer.current_learning_rate * weight_momentums_corrected / \
            (np.sqrt(weight_cache_corrected) + optimizer.epsilon)
        return weights, weight_momentums, weight_cache

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
