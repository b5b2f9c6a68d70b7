"""Datasets: the spiral, vertical and sine data of ``nnfs.datasets`` (chapters 3 and 6).

The book trains on ``X, y = spiral_data(samples=100, classes=3)`` from the nnfs package
(chapter 3 on), and on ``vertical_data`` for the random search of chapter 6; ``sine_data``
is the regression data of its later chapters.

These functions return the same numbers, bit for bit: they draw from ``purenn.random`` in
the order nnfs draws from ``np.random``, and round where NumPy rounds. In float32 mode
(after ``purenn.init()``, as after ``nnfs.init()``) the normal draws and the products and
sums made from them are float32, the angles and sines are float64, and X is stored as
float32. In float64 mode everything is float64, as nnfs without ``init``.

The spiral data is the data of the CS231n case study, and the vertical data is modified
from it:
    Copyright (c) 2015 Andrej Karpathy
    License: https://github.com/cs231n/cs231n.github.io/blob/master/LICENSE
    Source: https://cs231n.github.io/neural-networks-case-study/

``save_csv`` and ``load_csv`` write and read the data as text, for learners who port the
book to another language and want the very same data (Sentdex/nnfs issue #4).
"""
import csv
import math

from .engine import precision
from . import random
from .engine.config import get_engine
from .engine.shapes import (PYTHON_ROW_BYTES, PYTHON_VALUE_BYTES, ShapeError, check_count, check_fits,
                     format_shape, shape_of)

# y is a uint8 array in nnfs: at most 256 classes.
MAX_CLASSES = 256


def _linspace(start, stop, num):
    """``num`` evenly spaced float64 numbers, ``start`` to ``stop``: np.linspace(start, stop, num).

    As NumPy computes it: ``i * step + start`` with ``step = (stop - start) / (num - 1)``,
    and the last number set to ``stop``. (NumPy's special case for a step that underflows
    to zero cannot arise for the whole-number ends used here.)
    """
    delta = float(stop) - float(start)
    if num > 1:
        step = delta / (num - 1)
        values = [i * step + start for i in range(num)]
        values[-1] = float(stop)
        return values
    # One number: the start (NumPy multiplies by delta, then adds start)
    return [i * delta + start for i in range(num)]


def _randn(count, dtype):
    """``count`` normal numbers from purenn's stream at ``dtype``: np.random.randn(count).

    float32 is what the randn that nnfs.init() patches returns (``.astype('float32')``).
    """
    draws = [random.default_stream.standard_normal() for _ in range(count)]
    return precision.round_list(draws, dtype)


def _scale(values, factor, dtype):
    """``values * factor`` for an array of ``dtype`` and a Python float, as NumPy computes it."""
    # NumPy first turns the Python float into the array's dtype (0.2 -> float32(0.2))
    factor = precision.round_value(factor, dtype)
    # The float64 product of two float32 numbers is exact, so rounding it once is float32's *
    return precision.round_list([value * factor for value in values], dtype)


def _shift(values, offset, dtype):
    """``values + offset`` for an array of ``dtype`` and a Python float, as NumPy computes it."""
    offset = precision.round_value(offset, dtype)
    # float64 has more than twice float32's digits, so rounding the float64 sum is float32's +
    return precision.round_list([value + offset for value in values], dtype)


# What one sample costs while it is built as Python lists (both engines build them first):
# a row of two floats (a point), or two rows of one float (sine_data's x and y)
POINT_BYTES = PYTHON_ROW_BYTES + 2 * PYTHON_VALUE_BYTES
SINE_SAMPLE_BYTES = 2 * (PYTHON_ROW_BYTES + PYTHON_VALUE_BYTES)


def _check_fits(function, samples, classes, bytes_per_sample):
    """MemoryError, with the size, if the data cannot fit in memory (see shapes.check_fits)."""
    arguments = f"samples={samples}" + (f", classes={classes}" if classes else "")
    check_fits(samples * (classes or 1), "samples", bytes_per_sample,
               f"{function}({arguments})")


def spiral_data(samples, classes, engine=None):
    """``classes`` spiral arms of ``samples`` points each: nnfs.datasets.spiral_data.

    Returns X (samples * classes, 2) and y (samples * classes,): lists (python engine) or
    arrays (numpy engine; X float32 in float32 mode, y uint8), class after class.
    """
    return _spiral("spiral_data", samples, classes, engine, turns=2.5)


def _spiral(function, samples, classes, engine, turns):
    """The spiral arms of nnfs's spiral_data (``turns`` 2.5) or CS231n's (``turns`` 1)."""
    samples = check_count(samples, "samples")
    classes = check_count(classes, "classes", MAX_CLASSES)
    _check_fits(function, samples, classes, POINT_BYTES)
    ops = get_engine(engine)
    X = []
    y = []
    for class_number in range(classes):
        # The radius grows from 0 to 1 along the arm
        r = _linspace(0.0, 1, samples)
        # The angle: each class gets its own stretch of 4, plus noise (randn * 0.2)
        t = _linspace(class_number * 4, (class_number + 1) * 4, samples)
        noise = _scale(_randn(samples, ops.dtype), 0.2, ops.dtype)
        # float64 + the noise (float32 numbers are float64 numbers too): a float64 sum
        t = [angle + jitter for angle, jitter in zip(t, noise)]
        # The point at radius r and angle t * turns (nnfs: 2.5), with sin and cos in float64
        for radius, angle in zip(r, t):
            X.append([radius * math.sin(angle * turns), radius * math.cos(angle * turns)])
        y.extend([class_number] * samples)
    # X is stored at the engine's dtype: this is where float32 mode rounds the points
    return ops.array(X), ops.labels(y)


def vertical_data(samples, classes, engine=None):
    """``classes`` vertical clusters of ``samples`` points each: nnfs.datasets.vertical_data.

    Returns X (samples * classes, 2) and y (samples * classes,), as ``spiral_data``.
    """
    samples = check_count(samples, "samples")
    classes = check_count(classes, "classes", MAX_CLASSES)
    _check_fits("vertical_data", samples, classes, POINT_BYTES)
    ops = get_engine(engine)
    dtype = ops.dtype
    X = []
    y = []
    for class_number in range(classes):
        # x: centred on class_number / 3, with noise (randn * 0.1)
        x0 = _shift(_scale(_randn(samples, dtype), 0.1, dtype), class_number / 3, dtype)
        # y: centred on 0.5 for every class; its noise is drawn after x's
        x1 = _shift(_scale(_randn(samples, dtype), 0.1, dtype), 0.5, dtype)
        X.extend([a, b] for a, b in zip(x0, x1))
        y.extend([class_number] * samples)
    return ops.array(X), ops.labels(y)


def sine_data(samples=1000, engine=None):
    """One period of a sine wave: nnfs.datasets.sine_data.

    Returns X (samples, 1), evenly spaced in [0, 1), and y (samples, 1) = sin(2 pi X),
    both float64 in either mode (nnfs.init() does not patch np.arange or np.sin).
    """
    samples = check_count(samples, "samples")
    _check_fits("sine_data", samples, None, SINE_SAMPLE_BYTES)
    # float64 even in float32 mode, as nnfs returns it: the engine's own dtype is not used
    ops = get_engine(get_engine(engine).name, precision.FLOAT64)
    # np.arange(samples) / samples, as a column
    X = [[i / samples] for i in range(samples)]
    # np.sin(2 * np.pi * X), in float64
    y = [[math.sin(2 * math.pi * x)] for [x] in X]
    return ops.array(X), ops.array(y)


def _as_lists(data):
    """Nested lists from lists or a NumPy array (without importing NumPy)."""
    if hasattr(data, "tolist") and hasattr(data, "shape"):
        return data.tolist()
    return data


def save_csv(path, X, y):
    """Write ``X`` and ``y`` to a CSV file, one row per sample, every float written exactly.

    X (n_samples, n_features) with y (n_samples,) integer labels -> header ``x0,x1,...,label``;
    X (n_samples, 1) with y (n_samples, 1) targets (sine data) -> header ``x,y``
    (more columns: ``x0,...,y0,...``). Floats are written with repr(), which reads back as
    the same float; float32 values read back as the same float32.
    """
    X = _as_lists(X)
    y = _as_lists(y)
    X_shape = shape_of(X, "X")
    y_shape = shape_of(y, "y")
    if len(X_shape) != 2:
        raise ShapeError(f"X must be a 2-D list of rows, but has shape {format_shape(X_shape)}")
    if len(y_shape) not in (1, 2) or y_shape[0] != X_shape[0]:
        raise ShapeError(f"y must have one label or one row per sample of X: shapes "
                         f"{format_shape(X_shape)} and {format_shape(y_shape)} do not fit")
    if len(y_shape) == 1:
        # Classification: integer labels in the last column
        for i, label in enumerate(y):
            if isinstance(label, bool) or not isinstance(label, int):
                raise TypeError(f"y[{i}] is {label!r}: class labels must be integers")
        header = [f"x{j}" for j in range(X_shape[1])] + ["label"]
        rows = ([repr(float(value)) for value in row] + [str(label)]
                for row, label in zip(X, y))
    else:
        # Regression: target columns after the input columns
        if X_shape[1] == 1 and y_shape[1] == 1:
            header = ["x", "y"]
        else:
            header = [f"x{j}" for j in range(X_shape[1])] + [f"y{j}" for j in range(y_shape[1])]
        rows = ([repr(float(value)) for value in row + targets] for row, targets in zip(X, y))
    with open(path, "w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        writer.writerows(rows)


def load_csv(path):
    """Read a file written by ``save_csv``: returns (X, y) as Python lists.

    X is a list of rows of floats; y a list of int labels (header ending in ``label``) or a
    list of rows of floats (columns named ``y...``). Pass them to ``ops.array`` for arrays.
    A cell that is not a number (or a label that is not a whole number >= 0) is named with
    its line and column.
    """
    with open(path, newline="") as file:
        reader = csv.reader(file)
        header = next(reader, None)
        if not header:
            raise ValueError(f"{path}: empty file, expected a header such as x0,x1,label")
        # Each row with the number of the line it ends on (blank lines are skipped)
        table = [(reader.line_num, row) for row in reader if row]
    width = len(header)
    for number, row in table:
        if len(row) != width:
            raise ValueError(f"{path}, line {number}: {len(row)} values under a header of "
                             f"{width} columns")
    if header[-1] == "label":
        X = [_floats(path, number, header, row[:-1]) for number, row in table]
        y = [_label(path, number, header, row[-1]) for number, row in table]
        return X, y
    n_inputs = sum(1 for name in header if name.startswith("x"))
    if n_inputs == 0 or n_inputs == width:
        raise ValueError(f"{path}: the header {','.join(header)} names no input (x...) "
                         f"or no target (y... or label) columns")
    X = [_floats(path, number, header, row[:n_inputs]) for number, row in table]
    y = [_floats(path, number, header[n_inputs:], row[n_inputs:]) for number, row in table]
    return X, y


def _floats(path, number, names, cells):
    """The cells of one line as floats; ValueError naming the line, column and cell."""
    values = []
    for name, cell in zip(names, cells):
        try:
            values.append(float(cell))
        except ValueError:
            raise ValueError(f"{path}, line {number}, column {name}: {cell!r} is not a "
                             f"number") from None
    return values


def _label(path, number, header, cell):
    """A class label cell as an int; ValueError naming the line unless a whole number >= 0."""
    if not cell.strip().isdigit():
        raise ValueError(f"{path}, line {number}, column {header[-1]}: {cell!r} is not a "
                         f"class label (a whole number >= 0)")
    return int(cell)


# --- ch14: the CS231n spiral of the lecture notes ------------------------------------------

def cs231n_spiral_data(samples, classes, engine=None):
    """The spiral of the CS231n case study, which the lecture notes train on: ``classes``
    arms of ``samples`` points each, drawn from purenn's stream.

    As ``spiral_data`` (the same draws, in the same order, rounded the same way), but the
    point is ``(r sin t, r cos t)``: nnfs multiplies the angle t by 2.5, which winds each
    arm 2.5 times as far round (a spiral the lecture's network learns only to 0.66).
    Returns X (samples * classes, 2) and y (samples * classes,), as ``spiral_data``.
    """
    # (t * 1 is t exactly: the same points as the case study's code)
    return _spiral("cs231n_spiral_data", samples, classes, engine, turns=1)


# --- digits: IDX files (MNIST, Fashion-MNIST) and the UCI handwritten digits ---
from .idx import IdxData, digits_data, load_idx, load_mnist, save_idx  # noqa: E402
