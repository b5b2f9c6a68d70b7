"""Shapes of nested lists, and the checks made at the public boundary.

A list of lists is an array only if it is *homologous* (the book's word, chapter 2):
every list along a dimension has the same length. These helpers find a nested list's
shape, or raise an error that says what is wrong and which shapes were involved, before
any loop runs. They accept NumPy arrays too (through their ``shape`` attribute), without
importing NumPy.
"""
import math
import numbers
import operator
import os
import reprlib


class ShapeError(ValueError):
    """Raised when data is not homologous or shapes do not fit an operation."""


def format_shape(shape):
    """Write a shape as NumPy does: ``(3, 2)``, ``(3,)``, ``()``."""
    if len(shape) == 1:
        return f"({shape[0]},)"
    return "(" + ", ".join(str(n) for n in shape) + ")"


def _is_sequence(value):
    if isinstance(value, (str, bytes)):
        return False
    return hasattr(value, "__len__") and hasattr(value, "__getitem__")


# The types of a plain list of numbers, the common case, recognised with one C-level pass
_NUMBER_TYPES = frozenset((int, float, bool))
_LIST_TYPE = frozenset((list,))


def _all_sequences(items):
    """True if every item is a sequence (a list, the common case, is checked fastest)."""
    return _LIST_TYPE.issuperset(map(type, items)) or all(map(_is_sequence, items))


def shape_of(data, name="data"):
    """Return the shape of a number, a list, a list of lists, ... or a NumPy array.

    Raises ShapeError when the nesting is not homologous, naming the lengths seen.
    """
    if hasattr(data, "shape") and hasattr(data, "dtype"):
        return tuple(data.shape)
    if not _is_sequence(data):
        return ()
    shape = (len(data),)
    if type(data) is list and _NUMBER_TYPES.issuperset(map(type, data)):
        # A flat list of numbers (this includes the empty list): nothing nested to look into
        return shape
    if len(data) == 0:
        return shape
    check_nesting(data, name)  # defects: a list nested too deep, named without recursion
    inner = [shape_of(item, f"{name}[{i}]") for i, item in enumerate(data)]
    first = inner[0]
    for i, item_shape in enumerate(inner):
        if item_shape != first:
            raise ShapeError(
                f"{name} is not homologous: {name}[0] has shape {format_shape(first)} "
                f"but {name}[{i}] has shape {format_shape(item_shape)}; every list along "
                f"a dimension must have the same length to form an array")
    return shape + first


def check_ndim(data, ndim, name="data"):
    """Return the shape of ``data``, raising ShapeError unless it has ``ndim`` dimensions."""
    shape = shape_of(data, name)
    if len(shape) != ndim:
        kind = {0: "a number", 1: "a 1-D list", 2: "a 2-D list of rows (a batch)"}[ndim]
        raise ShapeError(f"{name} must be {kind}, but has shape {format_shape(shape)}")
    return shape


def check_not_empty(shape, name="data"):
    """Raise ShapeError when a shape holds no values (an empty batch)."""
    if 0 in shape:
        raise ShapeError(f"{name} is empty (shape {format_shape(shape)}): a batch needs at "
                         f"least one sample with at least one value")


def _is_number(value):
    if isinstance(value, (str, bytes)) or _is_sequence(value):
        return False
    if isinstance(value, numbers.Complex) and not isinstance(value, numbers.Real):
        return False  # defects: NumPy's complex scalars convert to float (a ComplexWarning)
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True


def raise_non_number(data, name="data", ndim=1):
    """Raise TypeError naming the first element of ``ndim``-deep ``data`` that is not a number."""
    if ndim == 0 or not _is_sequence(data):
        if not _is_number(data):
            raise TypeError(f"{name} is {_short_repr(data)}, not a number")
        return
    for i, value in enumerate(data):
        raise_non_number(value, f"{name}[{i}]", ndim - 1)


def batch_shape(data, name="inputs", ndim=2):
    """The shape of ``data``, checked to be an ``ndim``-dimensional, non-empty array.

    The fast check made at every public ``forward``: for a list of rows it compares the
    rows' lengths (not homologous -> ShapeError naming the lengths); the values themselves
    are checked when the engine converts them (see ``as_array``).
    """
    if hasattr(data, "shape") and hasattr(data, "dtype"):
        shape = tuple(data.shape)
        if data.dtype.kind not in "biuf":
            raise TypeError(f"{name} must hold numbers, not {data.dtype}")
    elif ndim == 2 and _is_sequence(data) and len(data) and _all_sequences(data):
        lengths = set(map(len, data))
        if len(lengths) > 1:
            shape_of(data, name)  # raises, naming the rows whose lengths differ
        shape = (len(data), lengths.pop())
    else:
        shape = shape_of(data, name)
    if len(shape) != ndim:
        kind = {1: "a 1-D list", 2: "a 2-D list of rows (one row per sample)"}[ndim]
        raise ShapeError(f"{name} must be {kind}, but has shape {format_shape(shape)}")
    check_not_empty(shape, name)
    return shape


def as_array(ops, data, name="inputs", ndim=2):
    """Check ``data`` (shape, numbers) and return it as an engine array (``ops.asarray``).

    A NumPy array that already has the engine's dtype is used as it is, as the book uses
    its inputs; anything else is converted into a new array. Either way, what the caller
    passed in is never modified.
    """
    # An array the engine made, such as the output one layer passes to the next, was
    # checked when it was made: use it as it is (np.asarray does not copy such an array)
    if ndim == 2 and id(data) in ops.arrays_made and ops.arrays_made[id(data)] is data:
        ops.arrays_made.move_to_end(id(data))  # now the newest
        return data
    batch_shape(data, name, ndim)
    try:
        array = ops.asarray(data)
    except (TypeError, ValueError):
        raise_non_number(data, name, ndim)
        raise
    if len(ops.shape(array)) != ndim:
        # Lists nested deeper than ndim: NumPy would make a deeper array of them
        raise_non_number(data, name, ndim)
    return array


def check_labels(y_true, n_samples, n_classes, name="y_true"):
    """Check class targets: sparse integer labels (n_samples,) or one-hot (n_samples, n_classes).

    Returns the shape of ``y_true``. Raises ShapeError or TypeError with the shapes involved.
    """
    shape = shape_of(y_true, name)
    if len(shape) not in (1, 2):
        raise ShapeError(f"{name} must be class indices (1-D) or one-hot rows (2-D), "
                         f"but has shape {format_shape(shape)}")
    if shape[0] != n_samples:
        raise ShapeError(f"{name} has {shape[0]} labels for {n_samples} samples "
                         f"(shapes {format_shape(shape)} and ({n_samples}, {n_classes}))")
    if len(shape) == 2:
        if shape[1] != n_classes:
            raise ShapeError(
                f"one-hot {name} has width {shape[1]} but the predictions have {n_classes} "
                f"classes (shapes {format_shape(shape)} and ({n_samples}, {n_classes}))")
        return shape
    if hasattr(y_true, "dtype"):
        if y_true.dtype.kind not in "iu":
            raise TypeError(f"{name} must hold integer class indices, not {y_true.dtype}")
        # The common case in one step: the smallest and largest labels are in range
        # (unsigned labels, such as nnfs's uint8, cannot be below 0)
        if y_true.size == 0 or ((y_true.dtype.kind == "u" or 0 <= y_true.min())
                                and y_true.max() < n_classes):
            return shape
        labels = y_true.tolist()
    else:
        labels = y_true
        # The common case in one step: a list of ints (not bools), smallest and largest in range
        if (type(labels) is list and set(map(type, labels)) == {int}
                and 0 <= min(labels) and max(labels) < n_classes):
            return shape
    # Otherwise find the first label that is wrong and say which
    for i, label in enumerate(labels):
        if not is_integer(label):  # defects: NumPy integer scalars are integers
            raise TypeError(f"{name}[{i}] is {label!r}: class labels must be integers")
        if not 0 <= label < n_classes:
            raise ValueError(f"{name}[{i}] is {label}, outside the {n_classes} classes "
                             f"[0, {n_classes - 1}]")
    return shape


def as_targets(ops, y_true, n_samples, n_classes):
    """Check class targets and return (targets as an engine array, True if one-hot):
    class indices as ``ops.labels``, one-hot rows as ``as_array``."""
    shape = check_labels(y_true, n_samples, n_classes)
    if len(shape) == 2:
        return as_array(ops, y_true, "y_true"), True
    return ops.labels(y_true), False


def broadcast_shape(shape_a, shape_b):
    """The shape of ``a op b`` under NumPy broadcasting, or ShapeError naming both shapes."""
    result = []
    for n_a, n_b in zip(reversed((1,) * (len(shape_b) - len(shape_a)) + tuple(shape_a)),
                        reversed((1,) * (len(shape_a) - len(shape_b)) + tuple(shape_b))):
        if n_a != n_b and 1 not in (n_a, n_b):
            raise ShapeError(f"operands could not be broadcast together with shapes "
                             f"{format_shape(shape_a)} and {format_shape(shape_b)}")
        result.append(max(n_a, n_b))
    return tuple(reversed(result))


def check_dot(shape_a, shape_b):
    """Raise ShapeError unless ``np.dot`` can multiply arrays of these shapes (1-D or 2-D)."""
    if shape_a and shape_b and shape_a[-1] != shape_b[0]:
        raise ShapeError(
            f"shapes {format_shape(shape_a)} and {format_shape(shape_b)} not aligned: "
            f"{shape_a[-1]} (dim {len(shape_a) - 1}) != {shape_b[0]} (dim 0)")


def check_count(value, name, limit=None):
    """Return ``value`` as a positive int (at most ``limit``); raise TypeError or ValueError."""
    if isinstance(value, bool):
        raise TypeError(f"{name} must be a positive integer, not the bool {value!r}")
    try:
        value = operator.index(value)
    except TypeError:
        raise TypeError(f"{name} must be a positive integer, not {value!r} "
                        f"of type {type(value).__name__}") from None
    if value < 1:
        raise ValueError(f"{name} must be a positive integer, not {value}")
    if limit is not None and value > limit:
        raise ValueError(f"{name} must be at most {limit}, not {value}")
    return value


def as_array_like(ops, dvalues, reference, what):
    """``dvalues`` as an engine array, checked to have the shape of ``reference``.

    Used by every ``backward``: the gradient must have the shape of what ``forward`` made
    (``what`` names it in the error, e.g. "output of the last forward").
    """
    dvalues = as_array(ops, dvalues, "dvalues")
    if reference is None:
        raise ShapeError(f"call forward before backward: there is no {what} yet")
    if tuple(ops.shape(dvalues)) != tuple(ops.shape(reference)):
        raise ShapeError(f"dvalues has shape {format_shape(ops.shape(dvalues))} but the "
                         f"{what} has shape {format_shape(ops.shape(reference))}")
    return dvalues


# --- defects: numbers, sizes and nesting (issue 9) ---

# NumPy's limit on the number of dimensions of an array (NPY_MAXDIMS in NumPy 2)
MAX_DIMS = 64

# What one value costs in memory: a float in a NumPy array takes its itemsize; a Python
# float in a list takes the float object (24 bytes) and its slot in the list (8 bytes)
NUMPY_VALUE_BYTES = {"float32": 4, "float64": 8}
PYTHON_VALUE_BYTES = 32
# A list of a row's values costs the list object (56 bytes) and its slot in the outer list
PYTHON_ROW_BYTES = 64

# The memory assumed where the machine's cannot be read (os.sysconf is POSIX only)
DEFAULT_MEMORY_LIMIT = 64 * 2 ** 30


def is_bool(value):
    """True for Python's and NumPy's booleans (np.bool_ is not a subclass of bool)."""
    return isinstance(value, bool) or type(value).__name__ in ("bool", "bool_")


def is_integer(value):
    """True for an int or a NumPy integer scalar (anything with ``__index__``), not a bool."""
    if is_bool(value):
        return False
    try:
        operator.index(value)
    except TypeError:
        return False
    return True


def _short_repr(value):
    """repr(value), cut short for a long or deeply nested list (reprlib's limits)."""
    return reprlib.repr(value)


def _describe_range(minimum, maximum, above, below):
    """The allowed range in words: '>= 0', '> 0', 'in [0, 1)'."""
    if (minimum is not None or above is not None) and (maximum is not None or below is not None):
        left = f"[{minimum}" if minimum is not None else f"({above}"
        right = f"{maximum}]" if maximum is not None else f"{below})"
        return f"in {left}, {right}"
    if minimum is not None:
        return f">= {minimum}"
    if above is not None:
        return f"> {above}"
    if maximum is not None:
        return f"<= {maximum}"
    return f"< {below}"


def check_real(value, name, minimum=None, maximum=None, above=None, below=None):
    """Return ``value`` as a finite Python float; TypeError or ValueError naming ``name``.

    Accepts every real number: int, float, Fraction, Decimal, NumPy scalars (through
    numbers.Real, ``__index__`` or ``__float__``, without importing NumPy). Refuses str,
    None, bool, complex, lists, NaN and infinity, and values outside the range given:
    ``minimum <= value <= maximum``, ``above < value < below`` (each bound optional).

    A Python float is what both engines compute with, so a NumPy float64 hyperparameter
    cannot turn the numpy engine's float32 arrays into float64 ones (NumPy 2 keeps an
    array's dtype for a Python float, not for a NumPy float64).
    """
    if is_bool(value):
        raise TypeError(f"{name} must be a real number, not the bool {value!r}")
    if isinstance(value, numbers.Complex) and not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, not the complex number {value!r}")
    if isinstance(value, (str, bytes)) or not (
            isinstance(value, numbers.Real) or hasattr(value, "__index__")
            or hasattr(value, "__float__")):
        raise TypeError(f"{name} must be a real number, not {_short_repr(value)} "
                        f"of type {type(value).__name__}")
    try:
        try:
            number = float(operator.index(value))  # ints and NumPy integers, exactly
        except TypeError:
            number = float(value)  # floats, Fraction, Decimal, NumPy floats, 0-d arrays
    except OverflowError:
        raise ValueError(f"{name} must be a finite number, not {_short_repr(value)}") from None
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a real number, not {_short_repr(value)} "
                        f"of type {type(value).__name__}") from None
    if not math.isfinite(number):
        raise ValueError(f"{name} must be a finite number, not {value!r}")
    if not ((minimum is None or number >= minimum) and (maximum is None or number <= maximum)
            and (above is None or number > above) and (below is None or number < below)):
        allowed = _describe_range(minimum, maximum, above, below)
        raise ValueError(f"{name} must be a number {allowed}, not {number!r}")
    return number


def check_nesting(data, name="data", limit=MAX_DIMS):
    """Raise ShapeError if ``data`` is lists nested more than ``limit`` deep.

    Walks down the first items without recursion, so a list nested 100,000 deep is named
    here instead of exhausting Python's recursion limit further on.
    """
    depth = 0
    item = data
    while _is_sequence(item) and not hasattr(item, "shape") and len(item):
        depth += 1
        if depth > limit:
            raise ShapeError(f"{name} is nested more than {limit} lists deep: an array has "
                             f"at most {limit} dimensions (NumPy's limit)")
        item = item[0]


def memory_limit():
    """The machine's physical memory in bytes (os.sysconf), or DEFAULT_MEMORY_LIMIT."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        return DEFAULT_MEMORY_LIMIT


def value_bytes(ops):
    """The bytes one value of an engine's array takes (see NUMPY_VALUE_BYTES above)."""
    if ops.name == "numpy":
        return NUMPY_VALUE_BYTES[ops.dtype]
    return PYTHON_VALUE_BYTES


def check_fits(count, unit, bytes_each, what):
    """Raise MemoryError if ``count`` items of ``bytes_each`` bytes exceed the machine's memory.

    ``what`` names the call and ``unit`` the items in the message, e.g.
    "Layer_Dense(1000000, 10000) needs 10,000,000,000 weights (37.3 GiB at 4 bytes each)".
    Refusing at once is what NumPy does ("Unable to allocate 74.5 GiB"); a list would
    instead grow until the machine runs out of memory.
    """
    needed = count * bytes_each
    limit = memory_limit()
    if needed > limit:
        raise MemoryError(f"{what} needs {count:,} {unit} ({needed / 2 ** 30:,.1f} GiB at "
                          f"{bytes_each} bytes each), more than the {limit / 2 ** 30:,.1f} GiB "
                          f"of memory this machine has")


# --- model: the checks of Model.train, evaluate and predict (chapters 18-19) ----------

def check_samples(X, y, x_name="X", y_name="y"):
    """The shapes of inputs ``X`` (2-D) and targets ``y``, checked to hold one target per row.

    ``y`` holds class indices (n_samples,) or rows (n_samples, n_values). Raises ShapeError
    naming both arguments and their shapes.
    """
    x_shape = batch_shape(X, x_name)
    y_shape = shape_of(y, y_name)
    if len(y_shape) not in (1, 2):
        raise ShapeError(f"{y_name} must hold class indices (1-D) or one row per sample "
                         f"(2-D), but has shape {format_shape(y_shape)}")
    if y_shape[0] != x_shape[0]:
        raise ShapeError(f"{x_name} and {y_name} differ in length: {x_name} has {x_shape[0]} "
                         f"samples (shape {format_shape(x_shape)}) but {y_name} has "
                         f"{y_shape[0]} (shape {format_shape(y_shape)})")
    return x_shape, y_shape


def check_batch_size(batch_size, n_samples, name="batch_size", data_name="X"):
    """``batch_size``: None (the whole data set, one step) or 1 .. n_samples."""
    if batch_size is None:
        return None
    batch_size = check_count(batch_size, name)
    if batch_size > n_samples:
        raise ValueError(f"{name} is {batch_size} but {data_name} has only {n_samples} "
                         f"samples: give a batch_size from 1 to {n_samples}, or None for "
                         f"one batch of all of them")
    return batch_size


def check_width(shape, n_inputs, name="X", expected="the first layer's n_inputs"):
    """Raise ShapeError unless a batch of ``shape`` has ``n_inputs`` values per sample."""
    if n_inputs is not None and shape[1] != n_inputs:
        raise ShapeError(f"{name} has {shape[1]} values per sample (shape "
                         f"{format_shape(shape)}) but {expected} is {n_inputs}")


# --- ch14 ---------------------------------------------------------------------------------

def check_strength(value, name):
    """Return a regularization strength as a number >= 0; raise TypeError or ValueError."""
    if isinstance(value, bool) or not _is_number(value):
        raise TypeError(f"{name} must be a number >= 0 (a regularization strength), "
                        f"not {value!r}")
    if not float(value) >= 0:  # also refuses NaN
        raise ValueError(f"{name} must be >= 0 (a regularization strength), not {value!r}")
    # defects: a Python float, so that a NumPy scalar cannot change an array's dtype
    return float(value)


def check_dropout_rate(rate, name="rate"):
    """Return a dropout rate (the share of values dropped) in [0, 1); raise otherwise.

    A rate of 1 would drop every value and divide the mask by 1 - rate = 0.
    """
    if isinstance(rate, bool) or not _is_number(rate):
        raise TypeError(f"{name} must be a number in [0, 1) (the share of values dropped), "
                        f"not {rate!r}")
    if not 0 <= float(rate) < 1:
        raise ValueError(f"{name} must be in [0, 1) (the share of values dropped; 1 would "
                         f"divide the mask by 1 - rate = 0), not {rate!r}")
    # defects: a Python float, so that a NumPy scalar cannot change an array's dtype
    return float(rate)


def check_binary_labels(y_true, output_shape, name="y_true"):
    """Check binary targets: 0 or 1 for each output, with the output's shape (n, outputs).

    The book reshapes its labels into a column, ``y = y.reshape(-1, 1)``; a 1-D list of
    labels for an (n, 1) output is refused with that advice (NumPy would broadcast the
    (n, 1) output against the (n,) labels into an (n, n) comparison: a silent wrong answer).
    Returns the labels as nested Python lists.
    """
    shape = shape_of(y_true, name)
    n_samples, n_outputs = output_shape
    if len(shape) == 1 and shape[0] == n_samples:
        raise ShapeError(
            f"{name} has shape {format_shape(shape)} but the output has shape "
            f"{format_shape(output_shape)}: reshape the labels into one row per sample, as "
            f"the book does, y = y.reshape(-1, 1) (NumPy) or [[label] for label in y] (lists)")
    if tuple(shape) != tuple(output_shape):
        raise ShapeError(f"{name} must have the output's shape {format_shape(output_shape)} "
                         f"(one 0/1 target per output), but has shape {format_shape(shape)}")
    rows = y_true.tolist() if hasattr(y_true, "tolist") else y_true
    for i, row in enumerate(rows):
        for j, label in enumerate(row):
            if isinstance(label, bool) or not _is_number(label) or label not in (0, 1):
                raise ValueError(f"{name}[{i}][{j}] is {label!r}: binary labels must be "
                                 f"0 or 1")
    return rows


# --- digits: gradient checks and data files ---

def check_same_shape(a, b, name_a, name_b):
    """Return the shape of ``a`` and ``b``; ShapeError naming both when they differ."""
    shape_a, shape_b = shape_of(a, name_a), shape_of(b, name_b)
    if shape_a != shape_b:
        raise ShapeError(f"{name_a} has shape {format_shape(shape_a)} but {name_b} has "
                         f"shape {format_shape(shape_b)}: they must have the same shape")
    return shape_a


def check_positive_number(value, name):
    """Return ``value`` as a float > 0 and finite; TypeError or ValueError naming ``name``."""
    if isinstance(value, (bool, str, bytes)) or not _is_number(value):
        raise TypeError(f"{name} must be a positive number, not {value!r}")
    number = float(value)
    if not 0 < number < float("inf"):
        raise ValueError(f"{name} must be a positive number (finite, > 0), not {value!r}")
    return number


# --- engine ---------------------------------------------------------------------------------

def as_layer_inputs(ops, inputs, n_inputs, n_neurons):
    """``inputs`` as an engine array (``as_array``), checked to hold ``n_inputs`` values per
    sample: what Layer_Dense.forward checks, in one call a debugger can step over."""
    inputs = as_array(ops, inputs, "inputs")
    shape = ops.shape(inputs)
    if shape[1] != n_inputs:
        raise ShapeError(
            f"inputs have {shape[1]} values per sample but this layer has "
            f"n_inputs={n_inputs} (inputs {format_shape(shape)}, weights "
            f"{format_shape((n_inputs, n_neurons))})")
    return inputs


# --- optimizers (chapter 10) --------------------------------------------------------------

def check_layer(optimizer, layer):
    """Raise ValueError unless ``layer`` has gradients and the optimizer's engine and dtype."""
    if getattr(layer, "dweights", None) is None:
        raise ValueError(f"{layer!r} has no gradients yet: call its backward before "
                         f"update_params")
    if layer.ops.name != optimizer.ops.name:
        raise ValueError(f"the optimizer uses the {optimizer.ops.name} engine but the layer "
                         f"uses the {layer.ops.name} engine")
    if layer.ops.dtype != optimizer.ops.dtype:
        raise ValueError(f"the optimizer works in {optimizer.ops.dtype} but the layer in "
                         f"{layer.ops.dtype}: create both after the same purenn.init() "
                         f"or give both the same engine")


# --- chapter 2's lists and loops (basics) -------------------------------------------------

def as_vector(values, name):
    """Check a 1-D list of numbers and return it as a list of floats."""
    check_ndim(values, 1, name)
    raise_non_number(values, name, 1)
    return [float(v) for v in values]


def as_matrix(values, name):
    """Check a 2-D list of numbers and return it as a list of rows of floats."""
    batch_shape(values, name, 2)
    raise_non_number(values, name, 2)
    return [[float(v) for v in row] for row in values]


def check_same_length(a, b, name_a, name_b):
    """Raise ShapeError unless two 1-D lists have the same length."""
    if len(a) != len(b):
        raise ShapeError(f"{name_a} and {name_b} must have the same length, but have shapes "
                         f"{format_shape((len(a),))} and {format_shape((len(b),))}")
