"""Shapes of nested lists, and the checks made at the public boundary.

A list of lists is an array only if it is *homologous* (the book's word, chapter 2):
every list along a dimension has the same length. These helpers find a nested list's
shape, or raise an error that says what is wrong and which shapes were involved, before
any loop runs. They accept NumPy arrays too (through their ``shape`` attribute), without
importing NumPy.
"""
import functools
import math
import numbers
import operator
import os
import reprlib
from itertools import chain, repeat


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
    if type(data) is list and _LIST_TYPE.issuperset(map(type, data)):
        # Rows of numbers all of one length, the common case, in C-level passes
        lengths = set(map(len, data))
        if len(lengths) == 1 and _NUMBER_TYPES.issuperset(map(type, chain.from_iterable(data))):
            return shape + (lengths.pop(),)
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
        if data.dtype.kind not in "iuf":
            # Differs from NumPy: a bool is refused (NumPy would read True as 1.0)
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
    """Check ``data`` (shape, numbers) and return it as a new engine array (``ops.asarray``).

    Checked at every call, even an array the engine made (see lists.py's docstring): a
    learner may have edited it. A NumPy array that already has the engine's dtype is used
    as it is, as the book uses its inputs (a NumPy array converts a value as it is stored);
    anything else is converted into a new array. What the caller passed in is never
    modified.
    """
    # The common case, a plain list of rows of floats, in one pass of C code
    copies = ops.plain_copies((data,), (0,), (0,)) if ndim == 2 else None
    if copies:
        return copies[0]
    return _as_array(ops, data, name, ndim)


def _as_array(ops, data, name, ndim):
    """as_array for what is not plainly an array: each problem named, or converted."""
    batch_shape(data, name, ndim)
    refuse_non_numbers(data, name, ndim)
    try:
        array = ops.asarray(data)
    except (TypeError, ValueError):
        raise_non_number(data, name, ndim)
        raise
    if len(ops.shape(array)) != ndim:
        # Lists nested deeper than ndim: NumPy would make a deeper array of them
        raise_non_number(data, name, ndim)
    return array


# The types of values converted as they are (anything else is looked at one by one)
_PLAIN_NUMBERS = frozenset((float, int))


def refuse_non_numbers(data, name="data", ndim=2):
    """TypeError naming the first value of a list (ndim deep) that is not a real number.

    Refused: str, bytes, None, complex, a list where a number belongs, and bool (NumPy
    would read True as 1.0; purenn asks for a number). One C-level pass when every value
    is a float or an int; otherwise each value is looked at, with its position.
    """
    if hasattr(data, "dtype") or not _is_sequence(data):
        return
    values = chain.from_iterable(data) if ndim == 2 else data
    if _PLAIN_NUMBERS.issuperset(map(type, values)):
        return
    rows = data if ndim == 2 else [data]
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            if is_bool(value) or not _is_number(value):
                where = f"{name}[{i}][{j}]" if ndim == 2 else f"{name}[{j}]"
                raise TypeError(f"{where} is {_short_repr(value)}, not a number")


def as_arrays(ops, arrays, shapes, names, whats):
    """Each of ``arrays`` checked and converted into a new engine array: a list of them.

    ``shapes[k]``: the (n_rows, n_columns) that ``arrays[k]`` must have, 0 for any (at least
    one); ``names[k]``: its name in an error; ``whats[k]``: what sets its shape, with the
    verb ("the layer's weights have"). The common case, plain arrays, costs one C-level pass
    (``ops.plain_copies``); anything else is looked at closely, one array at a time.
    """
    row_counts = [n_rows for n_rows, _ in shapes]
    row_lengths = [n_columns for _, n_columns in shapes]
    copies = ops.plain_copies(arrays, row_counts, row_lengths)
    if copies is not None:
        return copies
    return [as_shaped_array(ops, array, shape, name, what)
            for array, shape, name, what in zip(arrays, shapes, names, whats)]


def as_shaped_array(ops, data, shape, name, what):
    """``data`` as a new engine array of ``shape`` (0: any length), or ShapeError naming
    ``name``, ``what`` sets the shape, the position of a row of the wrong length and both
    shapes; TypeError naming a value that is not a number."""
    n_rows, n_columns = shape
    if n_rows and n_columns and _is_sequence(data) and not hasattr(data, "shape") \
            and len(data) == n_rows and _all_sequences(data) and len(set(map(len, data))) > 1:
        # A row of another length than the others, in an array of fixed shape
        # (weights[1] = [0.7]): named with the shape it should have
        for i, row in enumerate(data):
            if len(row) != n_columns:
                raise ShapeError(f"{name}[{i}] has shape ({len(row)},) but {what} shape "
                                 f"{format_shape(shape)}")
    found = shape_of(data, name)
    if len(found) != 2 or (n_rows and found[0] != n_rows) or (n_columns and found[1] != n_columns):
        expected = format_shape(tuple(n or "any" for n in shape))
        raise ShapeError(f"{name} has shape {format_shape(found)} but {what} shape {expected}")
    return as_array(ops, data, name)


def as_layer_arrays(ops, inputs, layer):
    """[inputs, weights, biases] of Layer_Dense.forward, each checked and converted.

    inputs (n_samples, n_inputs); weights (n_inputs, n_neurons); biases (1, n_neurons): the
    layer's own, which a learner may have set or edited.
    """
    n_inputs, n_neurons = layer.n_inputs, layer.n_neurons
    # The common case, plain lists of rows of floats, in one pass of C code
    copies = ops.plain_copies((inputs, layer.weights, layer.biases), (0, n_inputs, 1),
                              (n_inputs, n_neurons, n_neurons))
    if copies:
        return copies
    return _as_layer_arrays(ops, inputs, layer.weights, layer.biases, n_inputs, n_neurons)


def _as_layer_arrays(ops, inputs, weights, biases, n_inputs, n_neurons):
    """as_layer_arrays, one array at a time, with the errors that name what is wrong."""
    return [as_layer_inputs(ops, inputs, n_inputs, n_neurons),
            as_shaped_array(ops, weights, (n_inputs, n_neurons), "weights",
                            "the layer's weights have"),
            as_shaped_array(ops, biases, (1, n_neurons), "biases", "the layer's biases have")]


def as_gradient_arrays(ops, dvalues, reference, what, *own):
    """[dvalues, *arrays] for a backward pass: ``dvalues`` of the shape of ``reference``
    (``what`` names it: "output of the last forward"), then the object's own arrays, each
    a (name, array, shape) triple, such as the layer's weights.
    """
    if reference is None:
        raise ShapeError(f"call forward before backward: there is no {what} yet")
    reference_shape = tuple(ops.shape(reference))
    if len(reference_shape) == 2:
        # The common case, plain lists of rows of floats, in one pass of C code
        arrays = [dvalues] + [array for _, array, _ in own]
        shapes = [reference_shape] + [shape for _, _, shape in own]
        copies = ops.plain_copies(arrays, [n_rows for n_rows, _ in shapes],
                                  [n_columns for _, n_columns in shapes])
        if copies:
            return copies
    return _as_gradient_arrays(ops, dvalues, reference, what, own)


# What an optimizer may find None on a layer: its state before the first update
_OPTIONAL = frozenset(("weight_momentums", "bias_momentums", "weight_cache", "bias_cache"))


# What every optimizer reads on a layer, before its own state
_PARAMETERS = ("weights", "dweights", "biases", "dbiases")
# The arrays of the weights' shape (n_inputs, n_neurons); the others have the biases'
_WEIGHT_LIKE = frozenset(("weights", "dweights", "weight_momentums", "weight_cache"))


def check_parameters(ops, layer, *state):
    """Check what an optimizer reads on ``layer`` and put the checked copies back on it.

    The weights, biases and their gradients, and the optimizer's ``state`` on the layer
    ("weight_momentums", "bias_momentums", "weight_cache", "bias_cache"): each checked as
    at a forward pass (a learner may have set or edited any of them), of the weights'
    shape (n_inputs, n_neurons) or the biases' (1, n_neurons), and replaced on the layer
    by its copy at the working precision. Also refused: a layer without gradients, or one
    of another engine or precision.
    """
    if getattr(layer, "dweights", None) is None or layer.ops is not ops:
        _refuse_layer(ops, layer)
    names, get, weight_like = _reader(state)
    arrays = get(layer)
    # The weights' arrays have n_inputs rows, the biases' one; all have n_neurons columns
    rows = [layer.n_inputs if weights else 1 for weights in weight_like]
    copies = ops.plain_copies(arrays, rows, [layer.n_neurons] * len(names))
    if not copies:
        copies = _as_parameters(ops, layer, arrays, rows, names)
    for name, copy in zip(names, copies):
        setattr(layer, name, copy)


@functools.lru_cache(maxsize=None)
def _reader(state):
    """For an optimizer's state names: (every name check_parameters reads, one getter of
    them all, True for each of the weights' shape), made once per optimizer type."""
    names = _PARAMETERS + state
    return (names, operator.attrgetter(*names),
            tuple(name in _WEIGHT_LIKE for name in names))


def _as_parameters(ops, layer, arrays, rows, names):
    """check_parameters one array at a time, with the errors that name what is wrong."""
    whats = ["the layer's weights have" if name in _WEIGHT_LIKE else "the layer's biases have"
             for name in names]
    shapes = zip(rows, repeat(layer.n_neurons))
    return list(map(as_shaped_array, repeat(ops), arrays, shapes, names, whats))


def _refuse_layer(ops, layer):
    """The error for a layer an optimizer cannot update (see check_parameters); nothing for
    a layer whose engine is another object of the same name and precision."""
    if getattr(layer, "dweights", None) is None:
        raise ValueError(f"{layer!r} has no gradients yet: call its backward before "
                         f"update_params")
    if layer.ops.name != ops.name:
        raise ValueError(f"the optimizer uses the {ops.name} engine but the layer "
                         f"uses the {layer.ops.name} engine")
    if layer.ops.dtype != ops.dtype:
        raise ValueError(f"the optimizer works in {ops.dtype} but the layer in "
                     f"{layer.ops.dtype}: create both after the same purenn.init() "
                     f"or give both the same engine")


def as_layer_gradients(ops, dvalues, layer):
    """[dvalues, weights, biases] of Layer_Dense.backward: the gradient of the output's
    shape, and the layer's weights and biases again (a learner may have edited them)."""
    shape = (0, 0) if layer.output is None else ops.shape(layer.output)
    if len(shape) == 2:
        # The common case, plain lists of rows of floats, in one pass of C code
        copies = ops.plain_copies((dvalues, layer.weights, layer.biases),
                                  (shape[0], layer.n_inputs, 1),
                                  (shape[1], layer.n_neurons, layer.n_neurons))
        if copies:
            return copies
    return as_gradient_arrays(ops, dvalues, layer.output, "output of the last forward",
                              ("weights", layer.weights, (layer.n_inputs, layer.n_neurons)),
                              ("biases", layer.biases, (1, layer.n_neurons)))


def as_output_gradients(ops, dvalues, output):
    """[dvalues, output] of a backward pass that reads the output of the forward pass
    (softmax, sigmoid): the gradient of its shape, and the output checked again."""
    output_shape = (0, 0) if output is None else tuple(ops.shape(output))
    return as_gradient_arrays(ops, dvalues, output, "output of the last forward",
                              ("output", output, output_shape))


def _as_gradient_arrays(ops, dvalues, reference, what, own):
    """as_gradient_arrays, one array at a time, with the errors that name what is wrong."""
    arrays = [as_array_like(ops, dvalues, reference, what)]
    for name, array, shape in own:
        arrays.append(as_shaped_array(ops, array, shape, name, f"the {name} of the last "
                                      f"forward have" if name in ("output", "inputs")
                                      else f"the layer's {name} have"))
    return arrays


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
    """The memory this process may use, in bytes: its address-space limit (RLIMIT_AS) where
    one is set, else the machine's physical memory (os.sysconf), else DEFAULT_MEMORY_LIMIT.

    ``resource`` is POSIX only (not on Windows): imported here, guarded.
    """
    try:
        physical = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        physical = DEFAULT_MEMORY_LIMIT
    try:
        import resource
        soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    except (ImportError, AttributeError, ValueError, OSError):
        return physical
    if soft == resource.RLIM_INFINITY or soft <= 0:
        return physical
    return min(soft, physical)


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
        raise MemoryError(f"Unable to allocate: {what} needs {count:,} {unit} "
                          f"({needed / 2 ** 30:,.1f} GiB at {bytes_each} bytes each), more than "
                          f"the {limit / 2 ** 30:,.1f} GiB of memory this process may use")


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


# The values of binary labels (0.0 and 1.0 are equal to them, and hash alike)
_BINARY = frozenset((0, 1))


def check_binary_labels(y_true, output_shape, name="y_true"):
    """Check binary targets: 0 or 1 for each output, with the output's shape (n, outputs).

    The book reshapes its labels into a column, ``y = y.reshape(-1, 1)``; a 1-D list of
    labels for an (n, 1) output is refused with that advice (NumPy would broadcast the
    (n, 1) output against the (n,) labels into an (n, n) comparison: a silent wrong answer).
    Returns the labels: a NumPy array as it is, anything else as nested Python lists.
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
    # The common case in whole-array steps: a NumPy array of numbers that are all 0 or 1
    # (NumPy work, no Python loop), or lists of ints and floats that are all 0 or 1
    kind = getattr(getattr(y_true, "dtype", None), "kind", None)
    if kind == "u" and y_true.max() <= 1:
        return y_true  # unsigned labels, as nnfs makes them: none below 0, one reduction
    if kind in ("i", "f") and ((y_true == 0) | (y_true == 1)).all():
        return y_true
    rows = y_true.tolist() if hasattr(y_true, "tolist") else y_true
    if (_PLAIN_NUMBERS.issuperset(map(type, chain.from_iterable(rows)))
            and _BINARY.issuperset(chain.from_iterable(rows))):
        return rows
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


# --- accuracy: what Accuracy_Categorical compares -------------------------------------------

def check_compared(predictions, y, binary):
    """(shape of predictions, shape of y), each checked: class predictions are integers
    (n_samples,), or with ``binary`` 0/1 numbers (n_samples, n_outputs); the targets are
    class indices or rows of numbers. Whole-array work for NumPy arrays, C-level passes
    for lists; a value is looked at one by one only to name the one that is wrong.
    """
    predictions_shape = shape_of(predictions, "predictions")
    y_shape = shape_of(y, "y")
    if binary:
        if len(predictions_shape) != 2:
            raise ShapeError(f"binary predictions must be rows of 0/1 values, but have shape "
                             f"{format_shape(predictions_shape)}")
        refuse_non_numbers(predictions, "predictions", 2)
    elif len(predictions_shape) != 1:
        raise ShapeError(f"class predictions must be one class index per sample, but have "
                         f"shape {format_shape(predictions_shape)}")
    elif hasattr(predictions, "dtype"):
        if predictions.dtype.kind not in "iu":
            raise TypeError(f"predictions must be class indices (integers), not "
                            f"{predictions.dtype}")
    elif not _LIST_TYPE.issuperset((type(predictions),)) or not _INTS.issuperset(
            map(type, predictions)):
        for i, value in enumerate(predictions):
            if not is_integer(value):
                raise TypeError(f"predictions[{i}] is {_short_repr(value)}, not a class "
                                f"index (an integer)")
    if len(y_shape) in (1, 2):
        refuse_non_numbers(y, "y", len(y_shape))
    return predictions_shape, y_shape


_INTS = frozenset((int,))


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


# --- regression (chapter 17) ----------------------------------------------------------------

def regression_targets(ops, y, predictions, y_name, predictions_name):
    """Regression targets ``y`` as an engine array of the shape of ``predictions``."""
    y = as_array(ops, y, y_name)
    if tuple(ops.shape(y)) != tuple(ops.shape(predictions)):
        raise ShapeError(f"{y_name} has shape {format_shape(ops.shape(y))} but the "
                         f"{predictions_name} have shape {format_shape(ops.shape(predictions))}: "
                         f"one target per output (a column for one output: the book's "
                         f"y.reshape(-1, 1))")
    return y
