"""Display in Jupyter (opt-in): lists and floats shown as NumPy prints them.

``%load_ext purenn`` in a notebook (or ``purenn.notebook()``) registers IPython formatters so
that a cell ending in a list of numbers, a list of rows, or a float displays as
``purenn.show`` prints it: as NumPy prints an array, at purenn's working precision
(float32 after ``purenn.init()``). ``activation2.output[:5]`` then reads as the book's
softmax rows, and a loss as ``1.0986104``; the numpy engine's arrays and NumPy scalars display as ``print`` shows
them. ``%unload_ext purenn`` (or
``purenn.notebook(False)``) goes back to Python's repr.

It is a switch because it changes how every float and list of numbers in the notebook is
shown. IPython is imported only inside these functions, never when purenn is imported.
"""
import sys

from ..engine.shapes import ShapeError
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
    try:
        from IPython import get_ipython  # only here: purenn never imports IPython otherwise
    except ImportError:
        return False
    ipython = get_ipython()
    if ipython is None:
        return False
    if on:
        load_ipython_extension(ipython)
    else:
        unload_ipython_extension(ipython)
    return True


# --- how purenn's objects display in IPython and Jupyter (always on) -----------------------

# How many rows of a layer's weights a display shows
WEIGHT_ROWS_SHOWN = 3


def layer_text(layer):
    """A layer as a notebook shows it: its repr, then its weights' and biases' shapes and the
    first rows of its weights as NumPy prints them."""
    ops = layer.ops
    lines = [repr(layer)]
    for name in ("weights", "biases"):
        value = getattr(layer, name, None)
        if value is None:
            continue
        shape = tuple(ops.shape(value))
        rows = ops.to_list(value)
        shown = rows[:WEIGHT_ROWS_SHOWN]
        more = f", first {len(shown)} rows" if len(rows) > len(shown) else ""
        lines.append(f"{name} {shape}{more}:")
        lines.append(array_str(shown, ops.dtype))
    return "\n".join(lines)


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


def history_png(history):
    """PNG bytes of a training history's loss and accuracy curves; None without matplotlib
    or without epochs (IPython then shows the dict as text)."""
    if not history.get("epoch"):
        return None
    try:
        import matplotlib
        matplotlib.use("Agg")
        from matplotlib.figure import Figure
    except ImportError:
        return None
    from io import BytesIO

    figure = Figure(figsize=(8, 3))
    for index, key in enumerate(("loss", "accuracy")):
        axes = figure.add_subplot(1, 2, index + 1)
        axes.plot(history["epoch"], history[key], label="training")
        validation = history.get("validation_" + key) or []
        if any(value is not None for value in validation):
            axes.plot(history["epoch"], validation, label="validation")
            axes.legend()
        axes.set_xlabel("epoch")
        axes.set_title(key)
    figure.tight_layout()
    buffer = BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


class History(dict):
    """``model.history``: a dict (each figure's list, one value per epoch) that a notebook
    shows as its loss and accuracy curves, where matplotlib is installed."""

    def _repr_png_(self):
        return history_png(self)
