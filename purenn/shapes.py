"""Shapes of nested lists, and the checks made at the public boundary.

A list of lists is an array only if it is *homologous* (the book's word, chapter 2):
every list along a dimension has the same length. These helpers find a nested list's
shape, or raise an error that says what is wrong and which shapes were involved, before
any loop runs. They accept NumPy arrays too (through their ``shape`` attribute), without
importing NumPy.
"""
from array import array


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


def shape_of(data, name="data"):
    """Return the shape of a number, a list, a list of lists, ... or a NumPy array.

    Raises ShapeError when the nesting is not homologous, naming the lengths seen.
    """
    if hasattr(data, "shape") and hasattr(data, "dtype"):
        return tuple(data.shape)
    if not _is_sequence(data):
        return ()
    shape = (len(data),)
    if len(data) == 0:
        return shape
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


def numbers_row(row, name, typecode="d"):
    """Return ``row`` as a new list of floats, raising TypeError for a non-number."""
    try:
        if any(isinstance(value, (str, bytes)) for value in row):
            raise TypeError
        return array(typecode, row).tolist()
    except (TypeError, ValueError):
        for i, value in enumerate(row):
            try:
                float(value)
            except (TypeError, ValueError):
                raise TypeError(f"{name}[{i}] is {value!r}, not a number") from None
        raise TypeError(f"{name} holds a value that is not a number") from None


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
        labels = y_true.tolist()
    else:
        labels = y_true
    for i, label in enumerate(labels):
        if isinstance(label, bool) or not isinstance(label, int):
            raise TypeError(f"{name}[{i}] is {label!r}: class labels must be integers")
        if not 0 <= label < n_classes:
            raise ValueError(f"{name}[{i}] is {label}, outside the {n_classes} classes "
                             f"[0, {n_classes - 1}]")
    return shape
