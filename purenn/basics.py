"""Chapters 2 and 4 in lists and loops: a neuron, a layer, the dot and matrix products, and
the exponentiate-then-normalize steps of softmax.

These are the book's first computations, before any NumPy: each function is the loop a
learner would write by hand, in float64 (Python's own floats), and checks its arguments
first so that a mismatch is reported, not silently cut short by ``zip``.
"""
import math
import warnings

from .engine.shapes import (ShapeError, as_matrix, as_vector, check_real, check_same_length,
                            format_shape)


def dot_product(a, b):
    """a[0]*b[0] + a[1]*b[1] + ...: np.dot(a, b) for two vectors of the same length."""
    a, b = as_vector(a, "a"), as_vector(b, "b")
    check_same_length(a, b, "a", "b")
    # Multiply element by element and add up, starting from 0
    total = 0.0
    for x, y in zip(a, b):
        total += x * y
    return total


def vector_add(a, b):
    """Element-wise sum of two vectors of the same length: np.add(a, b)."""
    a, b = as_vector(a, "a"), as_vector(b, "b")
    check_same_length(a, b, "a", "b")
    return [x + y for x, y in zip(a, b)]


def neuron_output(inputs, weights, bias):
    """One neuron: inputs . weights + bias (the weighted sum plus the bias)."""
    inputs, weights = as_vector(inputs, "inputs"), as_vector(weights, "weights")
    check_same_length(inputs, weights, "inputs", "weights")
    # Each input multiplied by its weight, added up, then the bias added
    output = 0.0
    for n_input, weight in zip(inputs, weights):
        output += n_input * weight
    return output + float(bias)


def layer_output(inputs, weights, biases):
    """A layer of neurons on one sample: one output per (weight row, bias) pair.

    inputs (n_inputs,), weights (n_neurons, n_inputs), biases (n_neurons,) -> (n_neurons,);
    np.dot(weights, inputs) + biases.
    """
    weights, biases = as_matrix(weights, "weights"), as_vector(biases, "biases")
    if len(weights) != len(biases):
        raise ShapeError(f"weights has {len(weights)} rows (neurons) but biases has "
                         f"{len(biases)} values (shapes {format_shape((len(weights), len(weights[0])))} "
                         f"and {format_shape((len(biases),))})")
    # For each neuron: its weighted sum of the inputs, plus its bias
    return [neuron_output(inputs, neuron_weights, neuron_bias)
            for neuron_weights, neuron_bias in zip(weights, biases)]


def transpose(matrix):
    """Rows become columns: np.array(matrix).T."""
    matrix = as_matrix(matrix, "matrix")
    return [[row[j] for row in matrix] for j in range(len(matrix[0]))]


def matrix_product(a, b):
    """Every row of ``a`` dotted with every column of ``b``: np.dot(a, b) for 2-D lists.

    a (n, k), b (k, m) -> (n, m).
    """
    a, b = as_matrix(a, "a"), as_matrix(b, "b")
    if len(a[0]) != len(b):
        raise ShapeError(f"shapes {format_shape((len(a), len(a[0])))} and "
                         f"{format_shape((len(b), len(b[0])))} not aligned: "
                         f"{len(a[0])} (dim 1) != {len(b)} (dim 0)")
    columns = transpose(b)
    return [[dot_product(row, column) for column in columns] for row in a]


def batch_output(inputs, weights, biases):
    """A layer on a batch: np.dot(inputs, np.array(weights).T) + biases.

    inputs (n_samples, n_inputs), weights (n_neurons, n_inputs), biases (n_neurons,)
    -> (n_samples, n_neurons).
    """
    biases = as_vector(biases, "biases")
    products = matrix_product(inputs, transpose(weights))
    if len(products[0]) != len(biases):
        raise ShapeError(f"operands could not be broadcast together with shapes "
                         f"{format_shape((len(products), len(products[0])))} and "
                         f"{format_shape((len(biases),))}")
    # Add each neuron's bias to its column
    return [vector_add(row, biases) for row in products]


def exponentiate(values, base=math.e):
    """Each value as a power of ``base``: [base ** v for v in values] (chapter 4).

    With the default base this is e ** v (np.exp); the book's first example uses
    E = 2.71828182846. As NumPy, an overflow gives inf and a negative base to a fractional
    power gives nan, each with NumPy's RuntimeWarning (Python's ** would raise
    OverflowError or return a complex number).
    """
    values = as_vector(values, "values")
    base = check_real(base, "base")
    # The name NumPy's warnings give the operation: np.exp for e, np.power otherwise
    operation = "exp" if base == math.e else "power"
    exp_values = []
    for value in values:
        exp_values.append(_power(base, value, operation))
    return exp_values


def _power(base, value, operation):
    """base ** value with NumPy's nan, inf and warnings where Python goes complex or raises."""
    if base < 0 and math.isfinite(value) and not value.is_integer():
        # A negative base to a fractional power has no real value (Python's ** goes complex)
        warnings.warn(f"invalid value encountered in {operation}", RuntimeWarning,
                      stacklevel=3)
        return math.nan
    # The sign of an infinite result: negative for a negative base (or -0.0) to an odd power
    odd = value.is_integer() and value % 2 == 1
    infinity = -math.inf if math.copysign(1.0, base) < 0 and odd else math.inf
    try:
        return base ** value
    except OverflowError:
        warnings.warn(f"overflow encountered in {operation}", RuntimeWarning, stacklevel=3)
        return infinity
    except ZeroDivisionError:
        # 0 to a negative power (IEEE pow)
        warnings.warn(f"divide by zero encountered in {operation}", RuntimeWarning,
                      stacklevel=3)
        return infinity


def normalize(values):
    """Each value divided by the sum of all of them, so that they add up to 1 (chapter 4)."""
    values = as_vector(values, "values")
    # The normalization base: the sum, added up left to right
    norm_base = 0.0
    for value in values:
        norm_base += value
    if norm_base == 0:
        raise ValueError("cannot normalize values that add up to 0")
    return [value / norm_base for value in values]
