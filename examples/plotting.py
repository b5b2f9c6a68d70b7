"""Pictures of the book's chapters 3, 4, 6, 7, 10 and 14-16, drawn with matplotlib (optional).

    plot_dataset(X, y, path)                   the data coloured by class (Fig 3.06, 6.01)
    plot_activations(path)                     ReLU, exp and softmax (Fig 4.04, 4.38)
    plot_tangents(f, x_values, path)           a curve and its tangent lines (Fig 7.09)
    plot_training_run(network, X, y, lines, path)
                                               chapter 10: the decision boundary of a trained
                                               network, and its loss, accuracy and learning rate
    plot_digits_run(costs, images, labels, predictions, path)
                                               the blog's digits network: its cost curve and a
                                               grid of test digits with predicted labels
    plot_regularized_run(predict, X, y, history, path, n_classes)
                                               chapters 14-16: a decision boundary, the data
                                               and regularization losses, the accuracy
    plot_decision_boundary(predict, X, y, path, n_classes)
                                               the lecture's picture of its network

Each function writes one PNG file and returns its path. A path ending in .svg gets an SVG
picture of the same panels instead, drawn by purenn.tools.svg with the standard library only
(no matplotlib needed: the page in the browser uses it). matplotlib is imported only inside
them (and this module sits beside the examples, outside the purenn package, which needs
the standard library only); without matplotlib they raise
ImportError saying how to install it. Figures are drawn on matplotlib's Agg canvas, off
screen: nothing opens a window, and pyplot's global state (and backend) is left alone.

Differs from book: the book draws with ``plt.scatter(..., cmap='brg')`` and ``plt.show()``;
here every picture goes to a file, so the examples also run on a machine with no display.
"""
import re

from purenn.engine.config import get_engine
from purenn.derivatives import arange, tangent_line
from purenn.engine.precision import FLOAT64
from purenn.tools import svg

INSTALL_HINT = 'pip install matplotlib (or, in a clone of purenn: pip install -e ".[plot]")'

# The book's colour map for classes (cmap='brg'): blue, red, green for 3 classes
CLASS_COLOURS = "brg"

# One line of the chapter 10 log (training.log_line); the book's first loops print no lr
LOG_LINE = re.compile(r"epoch: (\d+), acc: ([\d.]+), loss: ([\d.]+)(?:, lr: (\S+))?")


def require_matplotlib():
    """matplotlib's Figure class and Agg canvas; ImportError with the install hint if absent."""
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError as error:
        raise ImportError(f"--plot draws with matplotlib (examples/plotting.py), which is not "
                          f"installed: {INSTALL_HINT}") from error
    return Figure, FigureCanvasAgg


def _figure(n_panels, width=5.0, height=4.0):
    """A new off-screen figure with ``n_panels`` side by side; returns (figure, axes list)."""
    Figure, FigureCanvasAgg = require_matplotlib()
    figure = Figure(figsize=(width * n_panels, height), layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.subplots(1, n_panels, squeeze=False)[0]
    return figure, list(axes)


def _save(figure, path):
    figure.savefig(path, format="png", dpi=100)
    return path


def is_svg(path):
    """Whether ``path`` names an SVG file (drawn by purenn.tools.svg, without matplotlib)."""
    return str(path).lower().endswith(".svg")


def _as_lists(data):
    """Nested Python lists from lists or a NumPy array (without importing NumPy)."""
    return data.tolist() if hasattr(data, "tolist") else data


def class_colours(n_classes):
    """One RGBA colour per class, from the book's colour map: class c at c / (n_classes - 1)
    of 'brg', as plt.scatter(..., c=y, cmap='brg') colours labels 0 .. n_classes - 1."""
    from matplotlib import colormaps

    colour_map = colormaps[CLASS_COLOURS]
    return [colour_map(c / max(n_classes - 1, 1)) for c in range(n_classes)]


def _scatter(axes, X, y, n_classes=None):
    """The book's scatter of the samples, coloured by class."""
    X, y = _as_lists(X), [int(label) for label in _as_lists(y)]
    colours = class_colours(n_classes or max(max(y) + 1, 2))
    axes.scatter([row[0] for row in X], [row[1] for row in X], c=[colours[c] for c in y],
                 s=12)


# ---------------------------------------------------------------------------
# Chapters 3 and 6: the data
# ---------------------------------------------------------------------------

def plot_dataset(X, y, path, title=None):
    """The samples X (n_samples, 2) coloured by their class y (n_samples,), as Fig 3.06."""
    if is_svg(path):
        figure = svg.Figure()
        figure.panel(title or f"{len(_as_lists(X))} samples, {len(set(_as_lists(y)))} classes"
                     ).points(X, y)
        return figure.save(path)
    figure, (axes,) = _figure(1)
    _scatter(axes, X, y)
    axes.set_title(title or f"{len(_as_lists(X))} samples, {len(set(_as_lists(y)))} classes")
    return _save(figure, path)


# ---------------------------------------------------------------------------
# Chapter 4: activation functions
# ---------------------------------------------------------------------------

def plot_activations(path, layer_outputs=(4.8, 1.21, 2.385)):
    """Three graphs: ReLU (Fig 4.04), exp (Fig 4.38), and softmax of ``layer_outputs``.

    The values come from purenn's Activation_ReLU, the engine's exp and Activation_Softmax,
    in float64 with the python engine.
    """
    from purenn.activations import Activation_ReLU, Activation_Softmax

    ops = get_engine("python", FLOAT64)
    x = arange(-2, 2, 0.01)
    # y = max(0, x)
    relu = Activation_ReLU(engine=ops)
    relu.forward([x])
    # Softmax: the layer's outputs and the probabilities they become
    softmax = Activation_Softmax(engine=ops)
    softmax.forward([list(layer_outputs)])
    if is_svg(path):
        figure = svg.Figure(panel_width=360)
        figure.panel("ReLU: y = max(0, x)", xlabel="x").line(x, relu.output[0])
        figure.panel("exponential: y = e ** x", xlabel="x").line(x, ops.exp(x))
        figure.panel("softmax", xlabel="layer output", ylabel="probability").bars(
            [f"{value:g}" for value in layer_outputs], softmax.output[0])
        return figure.save(path)
    figure, (relu_axes, exp_axes, softmax_axes) = _figure(3, width=4.0)
    relu_axes.plot(x, relu.output[0])
    relu_axes.set_title("ReLU: y = max(0, x)")
    # y = e ** x
    exp_axes.plot(x, ops.exp(x))
    exp_axes.set_title("exponential: y = e ** x")
    positions = range(len(layer_outputs))
    softmax_axes.bar(positions, softmax.output[0])
    softmax_axes.set_xticks(list(positions), [f"{value:g}" for value in layer_outputs])
    softmax_axes.set_xlabel("layer output")
    softmax_axes.set_ylabel("probability")
    softmax_axes.set_title("softmax")
    for axes in (relu_axes, exp_axes):
        axes.set_xlabel("x")
        axes.grid(True, alpha=0.3)
    return _save(figure, path)


# ---------------------------------------------------------------------------
# Chapter 7: derivatives
# ---------------------------------------------------------------------------

def plot_tangents(f, x_values, path, start=0, stop=5, title=None):
    """f over [start, stop) and its approximate tangent line at each x of ``x_values``.

    The curve uses derivatives.arange(start, stop, 0.001), as the book's Fig 7.06; each
    tangent line is derivatives.tangent_line(f, x), drawn from x - 0.9 to x + 0.9 (Fig 7.09).
    """
    x = arange(start, stop, 0.001)
    if is_svg(path):
        figure = svg.Figure(panel_width=560)
        panel = figure.panel(title or "f(x) and its tangent lines", xlabel="x", ylabel="f(x)")
        panel.line(x, [f(value) for value in x])
        for x1 in x_values:
            line = tangent_line(f, x1)
            panel.line(*line.to_plot(), colour="#000000", width=1)
            panel.points([[line.x1, line.y1]])
        return figure.save(path)
    figure, (axes,) = _figure(1, width=6.0)
    axes.plot(x, [f(value) for value in x])
    for x1 in x_values:
        line = tangent_line(f, x1)
        axes.plot(*line.to_plot(), color="k", linewidth=1)
        axes.scatter([line.x1], [line.y1], color="k", s=12)
    axes.set_xlabel("x")
    axes.set_ylabel("f(x)")
    axes.set_title(title or "f(x) and its tangent lines")
    return _save(figure, path)


# ---------------------------------------------------------------------------
# Chapter 10: what the network learned, and how
# ---------------------------------------------------------------------------

def predict_grid(network, X, resolution=100, margin=0.1):
    """The class the network predicts at each point of a grid over X's range.

    Each grid point is forwarded through dense1, activation1 and dense2; the predicted class
    is the argmax of dense2's output (softmax keeps the order of a row, so its argmax is the
    same). Returns (xs (resolution,), ys (resolution,), classes (resolution, resolution)),
    classes[i][j] for the point (xs[j], ys[i]). The network's layers keep the grid's
    forward pass (their inputs and output) afterwards.
    """
    rows = _as_lists(X)
    low_x, high_x = min(r[0] for r in rows) - margin, max(r[0] for r in rows) + margin
    low_y, high_y = min(r[1] for r in rows) - margin, max(r[1] for r in rows) + margin
    xs = [low_x + (high_x - low_x) * i / (resolution - 1) for i in range(resolution)]
    ys = [low_y + (high_y - low_y) * i / (resolution - 1) for i in range(resolution)]
    grid = network.ops.array([[x, y] for y in ys for x in xs])
    # Forward pass of the grid, as the training loop does with X
    network.dense1.forward(grid)
    network.activation1.forward(network.dense1.output)
    network.dense2.forward(network.activation1.output)
    predictions = network.ops.to_list(network.ops.argmax(network.dense2.output, axis=1))
    classes = [predictions[i * resolution:(i + 1) * resolution] for i in range(resolution)]
    return xs, ys, classes


def training_curves(lines):
    """The epochs, accuracies, losses and learning rates in chapter 10 log lines.

    lines: the strings ``training.train`` returns. Returns a dict of four lists; the
    learning rates are None where a line has none.
    """
    curves = {"epoch": [], "acc": [], "loss": [], "lr": []}
    for line in lines:
        match = LOG_LINE.search(line)
        if match is None:
            raise ValueError(f"not a chapter 10 log line: {line!r}")
        curves["epoch"].append(int(match[1]))
        curves["acc"].append(float(match[2]))
        curves["loss"].append(float(match[3]))
        curves["lr"].append(float(match[4]) if match[4] else None)
    return curves


def plot_training_run(network, X, y, lines, path, title=None, resolution=100):
    """Four panels: the decision boundary of the trained ``network`` over the data (X, y),
    then the loss, accuracy and learning rate of the run logged in ``lines`` (one point
    per line: examples/ch10_optimizers.py logs every epoch). ``title`` goes above them all."""
    xs, ys, classes = predict_grid(network, X, resolution)
    curves = training_curves(lines)
    if is_svg(path):
        figure = svg.Figure(title)
        boundary = figure.panel("decision boundary")
        boundary.regions(xs, ys, classes, network.dense2.n_neurons)
        boundary.points(X, y, network.dense2.n_neurons)
        for name in ("loss", "acc", "lr"):
            if name == "lr" and None in curves["lr"]:
                figure.panel("lr (not logged)")
            else:
                figure.panel(name, xlabel="epoch").line(curves["epoch"], curves[name])
        return figure.save(path)
    figure, (boundary, loss, acc, lr) = _figure(4, width=4.0)
    if title:
        # Above all four panels: a long optimizer name would run into the next panel
        figure.suptitle(title)
    # Decision boundary: each region in the colour of the class predicted there, the same
    # colour as that class's points
    n_classes = network.dense2.n_neurons
    boundary.contourf(xs, ys, classes, levels=[c - 0.5 for c in range(n_classes + 1)],
                      colors=class_colours(n_classes), alpha=0.3)
    _scatter(boundary, X, y, n_classes)
    boundary.set_title("decision boundary")
    # The logged values, one per logged epoch (every epoch, from the examples)
    for axes, name in ((loss, "loss"), (acc, "acc"), (lr, "lr")):
        values = curves[name]
        if name == "lr" and None in values:
            axes.set_title("lr (not logged)")
            continue
        axes.plot(curves["epoch"], values)
        axes.set_xlabel("epoch")
        axes.set_title(name)
        axes.grid(True, alpha=0.3)
        # Plain numbers on the axis (not "1e-6 + 4.999e-2" for a slowly decaying lr)
        axes.ticklabel_format(axis="y", useOffset=False)
    return _save(figure, path)


# ---------------------------------------------------------------------------
# Handwritten digits (the blog's network): the cost, and what it predicts
# ---------------------------------------------------------------------------

def plot_digits_run(costs, images, labels, predictions, path, image_shape=(8, 8),
                    n_shown=24, columns=6):
    """The cost at each training step, next to the first ``n_shown`` test digits, each titled
    with its predicted label; a wrong prediction is titled in red with the true label too.

    images: rows of pixels (n_samples, rows * cols); labels and predictions: class numbers.
    """
    if is_svg(path):
        n_shown = min(n_shown, len(_as_lists(images)))
        wrong = [k for k in range(n_shown) if predictions[k] != labels[k]]
        titles = [f"{predictions[k]}" if k not in wrong else f"{predictions[k]} (is {labels[k]})"
                  for k in range(n_shown)]
        figure = svg.Figure(panel_width=480, panel_height=400)
        figure.panel("cost", xlabel="step", ylabel="cost (mean cross-entropy of the batch)",
                     log_y=True).line(range(1, len(costs) + 1), costs)
        figure.images(_as_lists(images)[:n_shown], titles, image_shape, columns,
                      f"first {n_shown} test digits, predicted labels ({len(wrong)} wrong, "
                      f"in red)", wrong)
        return figure.save(path)
    Figure, FigureCanvasAgg = require_matplotlib()
    figure = Figure(figsize=(12.0, 5.0), layout="constrained")
    FigureCanvasAgg(figure)
    cost_figure, digits_figure = figure.subfigures(1, 2, width_ratios=[1.2, 1.0])
    # The cost curve, one point per optimizer step
    cost_axes = cost_figure.subplots()
    cost_axes.plot(range(1, len(costs) + 1), costs)
    cost_axes.set_xlabel("step")
    cost_axes.set_ylabel("cost (mean cross-entropy of the batch)")
    cost_axes.set_yscale("log")
    cost_axes.grid(True, alpha=0.3)
    cost_axes.set_title("cost")
    # The test digits, as grey images
    images = _as_lists(images)
    n_shown = min(n_shown, len(images))
    rows = -(-n_shown // columns)
    grid = digits_figure.subplots(rows, columns, squeeze=False)
    n_rows, n_cols = image_shape
    wrong = 0
    for k, axes in enumerate(ax for row in grid for ax in row):
        axes.set_axis_off()
        if k >= n_shown:
            continue
        pixels = images[k]
        axes.imshow([pixels[r * n_cols:(r + 1) * n_cols] for r in range(n_rows)],
                    cmap="gray_r")
        if predictions[k] == labels[k]:
            axes.set_title(f"{predictions[k]}", fontsize=10)
        else:
            wrong += 1
            axes.set_title(f"{predictions[k]} (is {labels[k]})", fontsize=10, color="red")
    digits_figure.suptitle(f"first {n_shown} test digits, predicted labels ({wrong} wrong, "
                           f"in red)")
    return _save(figure, path)


# ---------------------------------------------------------------------------
# Chapters 14-16 and the lecture: a decision boundary from any predict function, and the
# data and regularization losses of a run
# ---------------------------------------------------------------------------

def predict_classes_grid(predict, X, resolution=100, margin=0.1, step=None):
    """The class ``predict`` gives each point of a grid over X's range, widened by ``margin``.

    predict: a function from a list of [x, y] rows to a list of class numbers. The grid has
    ``resolution`` points a side, or points ``step`` apart when a step is given (the lecture
    draws with step 0.02 and margin 1). Returns (xs, ys, classes), classes[i][j] for the point
    (xs[j], ys[i]).
    """
    rows = _as_lists(X)
    low_x, high_x = min(r[0] for r in rows) - margin, max(r[0] for r in rows) + margin
    low_y, high_y = min(r[1] for r in rows) - margin, max(r[1] for r in rows) + margin
    if step is None:
        xs = [low_x + (high_x - low_x) * i / (resolution - 1) for i in range(resolution)]
        ys = [low_y + (high_y - low_y) * i / (resolution - 1) for i in range(resolution)]
    else:
        xs = [low_x + step * i for i in range(int((high_x - low_x) / step) + 1)]
        ys = [low_y + step * i for i in range(int((high_y - low_y) / step) + 1)]
    predictions = list(predict([[x, y] for y in ys for x in xs]))
    classes = [predictions[i * len(xs):(i + 1) * len(xs)] for i in range(len(ys))]
    return xs, ys, classes


def _boundary(axes, predict, X, y, n_classes, title, **grid):
    """A decision boundary: each region in the colour of the class predicted there."""
    xs, ys, classes = predict_classes_grid(predict, X, **grid)
    # vmin and vmax as _scatter's, so that a region has the colour of its class's points
    axes.contourf(xs, ys, classes, levels=[c - 0.5 for c in range(n_classes + 1)],
                  cmap=CLASS_COLOURS, vmin=0, vmax=max(n_classes - 1, 1), alpha=0.3)
    _scatter(axes, X, y)
    axes.set_title(title or "decision boundary")


def _svg_boundary(figure, predict, X, y, n_classes, title, **grid):
    """_boundary's panel in an svg.Figure."""
    panel = figure.panel(title or "decision boundary")
    panel.regions(*predict_classes_grid(predict, X, **grid), n_classes)
    panel.points(X, y, max(n_classes, 2))


def plot_decision_boundary(predict, X, y, path, n_classes, title=None, **grid):
    """The decision boundary of ``predict`` over the data (X, y), as the lecture draws it.

    grid: ``resolution``, ``margin`` and ``step`` of predict_classes_grid.
    """
    if is_svg(path):
        figure = svg.Figure(panel_width=560, panel_height=460)
        _svg_boundary(figure, predict, X, y, n_classes, title, **grid)
        return figure.save(path)
    figure, (axes,) = _figure(1, width=6.0, height=5.0)
    _boundary(axes, predict, X, y, n_classes, title, **grid)
    return _save(figure, path)


def plot_regularized_run(predict, X, y, history, path, n_classes, title=None):
    """Three panels: the decision boundary of ``predict`` over (X, y), the data and
    regularization losses, and the accuracy of a run (chapters 14-16).

    history: a dict of lists "epoch", "data_loss", "reg_loss", "acc" (one entry per epoch).
    """
    if is_svg(path):
        figure = svg.Figure(panel_width=440)
        _svg_boundary(figure, predict, X, y, n_classes, title)
        losses = figure.panel("loss = data loss + regularization loss", xlabel="epoch")
        losses.line(history["epoch"], history["data_loss"], label="data loss")
        losses.line(history["epoch"], history["reg_loss"], label="regularization loss")
        figure.panel("acc", xlabel="epoch").line(history["epoch"], history["acc"])
        return figure.save(path)
    figure, (boundary, losses, acc) = _figure(3, width=4.5)
    _boundary(boundary, predict, X, y, n_classes, title)
    # The two parts of the loss: regularization grows as the data loss falls
    losses.plot(history["epoch"], history["data_loss"], label="data loss")
    losses.plot(history["epoch"], history["reg_loss"], label="regularization loss")
    losses.set_xlabel("epoch")
    losses.set_title("loss = data loss + regularization loss")
    losses.legend()
    losses.grid(True, alpha=0.3)
    acc.plot(history["epoch"], history["acc"])
    acc.set_xlabel("epoch")
    acc.set_title("acc")
    acc.grid(True, alpha=0.3)
    return _save(figure, path)


# ---------------------------------------------------------------------------
# Chapters 18-19: a Model's history (model.history after model.train)
# ---------------------------------------------------------------------------

def plot_history(histories, path, title=None):
    """Two panels, loss and accuracy against the epoch, from ``Model.history``.

    histories: one model's ``history`` dict, or a dict of label -> history for several runs
    drawn on the same axes (the lecture's full-batch, mini-batch and stochastic runs).
    Training figures are solid lines; validation figures, where a run has them, dashed.
    """
    if "epoch" in histories:
        histories = {"training": histories}
    if is_svg(path):
        figure = svg.Figure(panel_width=520)
        for key in ("loss", "accuracy"):
            panel = figure.panel(key if title is None else f"{title}: {key}", xlabel="epoch")
            for k, (label, history) in enumerate(histories.items()):
                colour = svg.LINE_COLOURS[k % len(svg.LINE_COLOURS)]
                panel.line(history["epoch"], history[key], label=label, colour=colour)
                validation = history.get(f"validation_{key}") or []
                if validation and None not in validation:
                    panel.line(history["epoch"], validation, label=f"{label}, validation",
                               colour=colour, dashed=True)
        return figure.save(path)
    figure, (loss_axes, accuracy_axes) = _figure(2, width=5.5)
    for label, history in histories.items():
        for axes, key in ((loss_axes, "loss"), (accuracy_axes, "accuracy")):
            line, = axes.plot(history["epoch"], history[key], label=label)
            validation = history.get(f"validation_{key}") or []
            if validation and None not in validation:
                axes.plot(history["epoch"], validation, linestyle="--",
                          color=line.get_color(), label=f"{label}, validation")
    for axes, name in ((loss_axes, "loss"), (accuracy_axes, "accuracy")):
        axes.set_xlabel("epoch")
        axes.set_title(name if title is None else f"{title}: {name}")
        axes.grid(True, alpha=0.3)
        axes.legend()
    return _save(figure, path)


def plot_regression(X, y, predictions, path, title=None):
    """Chapter 17: the data (X, y) and the model's predictions drawn over it (the book's
    ``plt.plot(X_test, y_test)``, ``plt.plot(X_test, activation3.output)``)."""
    figure, (axes,) = _figure(1, width=6.0)
    xs = [row[0] for row in _as_lists(X)]
    axes.plot(xs, [row[0] for row in _as_lists(y)], label="sine_data")
    axes.plot(xs, [row[0] for row in _as_lists(predictions)], label="the model's predictions")
    axes.set_xlabel("X")
    axes.legend()
    if title:
        axes.set_title(title)
    return _save(figure, path)
