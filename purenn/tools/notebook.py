"""Display in Jupyter (opt-in): lists and floats shown as NumPy prints them.

``%load_ext purenn`` in a notebook (or ``purenn.notebook()``) registers IPython formatters so
that a cell ending in a list of numbers, a list of rows, or a float displays as
``purenn.show`` prints it: as NumPy prints an array, at purenn's working precision
(float32 after ``purenn.init()``). ``activation2.output[:5]`` then reads as the book's
softmax rows, and a loss as ``1.0986104``; the numpy engine's arrays and NumPy scalars display as ``print`` shows
them. ``%unload_ext purenn`` (or
``purenn.notebook(False)``) goes back to Python's repr.

It is a switch because it changes how every float and list of numbers in the notebook is
shown. purenn never imports IPython: these functions use the IPython the kernel has loaded.
"""
import numbers
import reprlib
import sys

from ..engine.shapes import ShapeError, shape_of
from .printing import array_str

# The types whose text/plain display the switch takes over, and what IPython showed for
# them before (restored when it is switched off); NumPy's by name, so that NumPy is not
# imported (the numpy engine's arrays and scalars print as print() shows them, not as
# array([...], dtype=float32))
_TYPES = (list, float)
_NUMPY_TYPES = ("ndarray", "float32", "float64")
_previous = {}


def _numbers_text(value):
    """NumPy's text for a list of numbers or rows of numbers, None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) or type(value).__module__ == "numpy":
        return array_str(value)
    if not value:
        return None
    try:
        return array_str(value)
    except (ShapeError, TypeError, ValueError):
        return None  # a ragged list, strings, dicts: shown as Python shows them


def _pretty(value, printer, cycle):
    """IPython's pretty-printer hook: NumPy's text where it applies, else the default."""
    text = None if cycle else _numbers_text(value)
    if text is not None:
        printer.text(text)
        return
    previous = _previous.get(type(value), _previous.get(("numpy", type(value).__name__)))
    if previous is not None:
        previous(value, printer, cycle)
    else:
        printer.text(repr(value))


def load_ipython_extension(ipython):
    """``%load_ext purenn``: show lists of numbers and floats as NumPy prints them."""
    formatter = ipython.display_formatter.formatters["text/plain"]
    for kind in _TYPES:
        if kind not in _previous:
            _previous[kind] = formatter.for_type(kind, _pretty)
    numpy = sys.modules.get("numpy")  # NumPy's types by name unless it is imported already
    for name in _NUMPY_TYPES:
        kind = getattr(numpy, name, None)
        key = ("numpy", name) if kind is None else kind
        if key not in _previous:
            _previous[key] = (formatter.for_type_by_name("numpy", name, _pretty)
                              if kind is None else formatter.for_type(kind, _pretty))


def unload_ipython_extension(ipython):
    """``%unload_ext purenn``: Python's repr again."""
    formatter = ipython.display_formatter.formatters["text/plain"]
    for key in list(_previous):
        previous = _previous.pop(key)
        if isinstance(key, tuple):
            formatter.pop(".".join(key), None)
            if previous is not None:
                formatter.for_type_by_name(*key, previous)
        elif previous is None:
            formatter.pop(key, None)
        else:
            formatter.for_type(key, previous)


def notebook(on=True):
    """``purenn.notebook()``: the same as ``%load_ext purenn`` (``notebook(False)``: off).

    Does nothing outside IPython or Jupyter; returns True when the display was changed."""
    # The shell that runs this code, from the IPython the kernel has loaded: purenn never
    # imports IPython itself (outside IPython there is none, and nothing to display)
    running = sys.modules.get("IPython")
    ipython = running.get_ipython() if running is not None else None
    if ipython is None:
        return False
    if on:
        load_ipython_extension(ipython)
    else:
        unload_ipython_extension(ipython)
    return True


# --- how purenn's objects display in IPython and Jupyter (always on) -----------------------

# How many rows of an array a display shows (a layer's weights, an activation's output)
WEIGHT_ROWS_SHOWN = 3


def value_lines(name, value, dtype=None):
    """One value as a notebook shows it: ``name: value`` for a number or a string, else
    ``name (shape):`` (``, first 3 rows`` for a taller array) and its rows as NumPy prints
    them (summarised as NumPy summarises a long array), floats at ``dtype``."""
    if isinstance(value, str):
        return [f"{name}: {value}"]
    try:
        shape = shape_of(value, name)
        if not shape:
            return [f"{name}: {_number_str(value, dtype)}"]
        if isinstance(value, list) and value and isinstance(value[0], str):
            return [f"{name}: {item}" for item in value]  # notes, one a line
        shown = value[:WEIGHT_ROWS_SHOWN] if len(shape) > 1 else value
        more = f", first {WEIGHT_ROWS_SHOWN} rows" if len(shape) > 1 and \
            shape[0] > WEIGHT_ROWS_SHOWN else ""
        return [f"{name} {shape}{more}:", array_str(shown, _float_dtype(shown, dtype))]
    except (ShapeError, TypeError, ValueError):
        # a ragged list, a dict, an object: shown as Python shows it, kept short
        return [f"{name}: {reprlib.repr(value)}"]


def _number_str(value, dtype):
    """A number as NumPy prints it: an int as it is, a float at ``dtype``."""
    if isinstance(value, numbers.Integral):
        return str(value)
    return array_str(value, dtype)


def _float_dtype(rows, dtype):
    """``dtype`` for a list with floats in it; None for a list of ints or bools (printed as
    NumPy prints an integer array, not converted to floats)."""
    if not isinstance(rows, list):
        return dtype
    stack = list(rows)
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, float):
            return dtype
    return None


def fields_text(*fields, dtype=None):
    """A text function for ``pretty``: the object's repr, then each of ``fields`` that has a
    value (see ``value_lines``), floats at the object's working precision (its engine's
    dtype; ``dtype`` for an object without an engine).

    A field is an attribute's name (``"output"``, or ``"dense1.weights"`` through another
    object), or a function of the object giving (name, value) pairs to show."""
    def text(obj):
        lines = [repr(obj)]
        precision = getattr(getattr(obj, "ops", None), "dtype", None) or dtype
        for field in fields:
            if callable(field):
                pairs = field(obj)
            else:
                value = obj
                for part in field.split("."):
                    value = getattr(value, part, None)
                pairs = [(field, value)]
            for name, value in pairs:
                if value is not None:
                    lines.extend(value_lines(name, value, precision))
        return "\n".join(lines)
    return text


def _count(obj):
    """A loss's sample count since new_pass, once there is one."""
    if not obj.accumulated_count:
        return []
    return [("accumulated_count", obj.accumulated_count)]


def _accumulated(obj):
    """The mean since new_pass, when there is one (a loss's, an accuracy's)."""
    if not getattr(obj, "accumulated_count", 0):
        return []
    return [("calculate_accumulated()", obj.calculate_accumulated())]


def _combined_loss(obj):
    """The combined softmax and loss: its loss's mean since new_pass."""
    return [("loss." + name, value) for name, value in _accumulated(obj.loss)]


def _optimizer_settings(obj):
    """An optimizer's current learning rate, step count and hyperparameters."""
    names = ("current_learning_rate", "iterations") + tuple(obj._hyperparameters)
    return [(name, getattr(obj, name, None)) for name in names]


def _idx_start(obj):
    """An IDX file's first entry (an image as its rows), or its first labels."""
    if not obj.shape or not obj.shape[0]:
        return []
    if len(obj.shape) == 1:
        return [("values[:20]", obj.values[:20].tolist())]
    return [("item(0)", obj.item(0))]


def _png_start(obj):
    """A PNG's first rows of pixels, as cv2.imread gives them."""
    return [("tolist()", obj.tolist()[:WEIGHT_ROWS_SHOWN])]


def _gradient_check(obj):
    """A gradient check's verdict: the largest relative error and passed()."""
    if not obj.relative_errors:
        return []
    return [("max_relative_error", obj.max_relative_error), ("passed()", obj.passed())]


# Each class's display, one text function a kind, that the class body turns into its
# _repr_pretty_ with pretty(...)
layer_text = fields_text("weights", "biases", "output")
activation_text = fields_text("output", "dinputs")
dropout_text = fields_text("binary_mask", "output", "dinputs")
input_text = fields_text("output")
loss_text = fields_text(_count, _accumulated, "dinputs")
loss_activation_text = fields_text("output", _combined_loss, "dinputs")
optimizer_text = fields_text(_optimizer_settings)
accuracy_text = fields_text(_accumulated)
network_text = fields_text("dense1.weights", "dense2.weights", "loss_activation.output")
search_text = fields_text("lowest_loss", "dense1.weights", "dense2.weights")
# The neuron walk-through computes with Python floats (float64)
neuron_text = fields_text("xw", "z", "y", "dx", "dw", "db", dtype="float64")
idx_text = fields_text(_idx_start)
# A gradient check measures in float64 (see gradcheck.py)
gradient_check_text = fields_text(_gradient_check, "notes", dtype="float64")
engine_text = fields_text("name", "dtype")
# Chapter 7's tangent line is Python floats (float64), as the book prints it
tangent_text = fields_text("approximate_derivative", "b", dtype="float64")
png_text = fields_text(_png_start)


def pretty(text_of):
    """An IPython ``_repr_pretty_`` method that shows ``text_of(self)``."""
    def _repr_pretty_(self, printer, cycle):
        printer.text(repr(self) if cycle else text_of(self))
    return _repr_pretty_


def summary_html(header, rows, footer):
    """Keras' summary table as HTML: a header row, one row a layer, then the totals."""
    from html import escape

    def row(cells, tag):
        return "<tr>" + "".join(f"<{tag}>{escape(cell)}</{tag}>" for cell in cells) + "</tr>"

    body = "".join(row(cells, "td") for cells in rows)
    totals = "".join(f"<br>{escape(line)}" for line in footer)
    return (f"<table><thead>{row(header, 'th')}</thead><tbody>{body}</tbody></table>"
            f"<div>{totals[4:]}</div>")


def history_svg(history):
    """An SVG picture of a training history's loss and accuracy curves, drawn by purenn's own
    SVG writer (purenn.tools.svg); None without epochs (IPython then shows the dict as text)."""
    if not history.get("epoch"):
        return None
    from .svg import Figure

    figure = Figure()
    for key in ("loss", "accuracy"):
        panel = figure.panel(title=key, xlabel="epoch")
        panel.line(history["epoch"], history[key], label="training")
        validation = history.get("validation_" + key) or []
        if validation and all(value is not None for value in validation):
            panel.line(history["epoch"], validation, label="validation")
    return figure.text()


class History(dict):
    """``model.history``: a dict (each figure's list, one value per epoch) that a notebook
    shows as its loss and accuracy curves (SVG, with the standard library alone)."""

    def _repr_svg_(self):
        return history_svg(self)
