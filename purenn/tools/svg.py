"""Pictures as SVG text, with the standard library only: what the examples draw when
matplotlib is missing (``--plot FILE.svg``) and what the page in the browser shows.

    figure = Figure("title above the panels")
    panel = figure.panel("decision boundary", xlabel="x", ylabel="y")
    panel.regions(xs, ys, classes, n_classes)      each grid cell in its class's colour
    panel.points(X, y, n_classes)                  the samples, coloured by class
    panel.line(xs, ys, label="loss")               a curve (dashed=True, colour=...)
    panel.bars(labels, heights)                    a bar chart (chapter 4's softmax)
    figure.images(images, titles, shape)           grey images in a grid (digits)
    figure.save("picture.svg")                     or figure.text() for the SVG itself

Classes are coloured as the book's ``plt.scatter(..., c=y, cmap='brg')``: class c of n at
c / (n - 1) along blue, red, green. Numbers are written with a fixed number of decimals, so
the same picture gives the same file on every Python (CPython, PyPy, Pyodide).

Left out: everything else matplotlib does. Axes are linear (``log_y`` for a cost curve),
ticks are "nice" round numbers, text is SVG's sans-serif font.
"""
import math
from xml.sax.saxutils import escape

PANEL_WIDTH, PANEL_HEIGHT = 400, 320
# Space around a panel's plotting area: left for the y ticks, bottom for the x ticks
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 56, 14, 30, 44
TITLE_HEIGHT = 28
# Curves without a colour of their own take these in turn (matplotlib's first four)
LINE_COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728"]


def class_colour(c, n_classes):
    """The book's colour map 'brg' at c / (n_classes - 1), as '#rrggbb'.

    'brg' runs blue (0, 0, 1) -> red (1, 0, 0) at 0.5 -> green (0, 1, 0) at 1.
    """
    t = c / max(n_classes - 1, 1)
    if t <= 0.5:
        red, green, blue = 2 * t, 0.0, 1 - 2 * t
    else:
        red, green, blue = 2 - 2 * t, 2 * t - 1, 0.0
    return "#{:02x}{:02x}{:02x}".format(round(255 * red), round(255 * green), round(255 * blue))


def nice_ticks(low, high, count=5):
    """About ``count`` round tick values (steps of 1, 2 or 5 times a power of ten) in
    [low, high]."""
    if high <= low:
        return [low]
    raw_step = (high - low) / count
    power = 10 ** math.floor(math.log10(raw_step))
    step = power
    for multiple in (1, 2, 5, 10):
        step = multiple * power
        if step >= raw_step:
            break
    # k * step for the whole numbers k in range, rounded to the step's digits (0.6, not
    # 0.6000000000000001)
    digits = max(0, -math.floor(math.log10(step)))
    first, last = math.ceil(low / step - 1e-9), math.floor(high / step + 1e-9)
    return [round(k * step, digits) + 0.0 for k in range(first, last + 1)]


def _number(value):
    """A coordinate with two decimals (the same text on every Python)."""
    return f"{value:.2f}"


def _label(value):
    """A tick label: as short as the value allows."""
    return f"{value:.6g}"


class Panel:
    """One chart: a title, two axes, and what is drawn on them (in the order drawn)."""

    def __init__(self, title="", xlabel="", ylabel="", log_y=False):
        self.title = title
        self.xlabel = xlabel
        self.ylabel = ylabel
        self.log_y = log_y
        self.layers = []        # ("regions" | "points" | "line" | "bars", data), in order
        self.x_range = None     # [low, high] of everything drawn, grown as layers are added
        self.y_range = None
        self.x_ticks = None     # bars set their own labels under the bars

    def __repr__(self):
        kinds = [kind for kind, _ in self.layers]
        return f"Panel(title={self.title!r}, layers={kinds})"

    def _include(self, xs, ys):
        for axis, values in (("x_range", xs), ("y_range", ys)):
            values = [v for v in values if math.isfinite(v)]
            if not values:
                continue
            current = getattr(self, axis) or [min(values), max(values)]
            setattr(self, axis, [min(current[0], min(values)), max(current[1], max(values))])

    def regions(self, xs, ys, classes, n_classes):
        """A decision boundary: classes[i][j] is the class at the point (xs[j], ys[i])."""
        self.layers.append(("regions", (list(xs), list(ys), classes, n_classes)))
        self._include(xs, ys)

    def points(self, X, y=None, n_classes=None, colour="#000000", radius=2.5):
        """Samples X (n, 2), coloured by their class y as the book's scatter; without y,
        all in ``colour``."""
        X = [list(row) for row in _as_lists(X)]
        labels = None if y is None else [int(label) for label in _as_lists(y)]
        if labels is not None and n_classes is None:
            n_classes = max(max(labels) + 1, 2)
        self.layers.append(("points", (X, labels, n_classes, colour, radius)))
        self._include([row[0] for row in X], [row[1] for row in X])

    def line(self, xs, ys, label=None, colour=None, dashed=False, width=1.5):
        """A curve through the points (xs[k], ys[k])."""
        if colour is None:
            n_lines = len([kind for kind, _ in self.layers if kind == "line"])
            colour = LINE_COLOURS[n_lines % len(LINE_COLOURS)]
        xs, ys = [float(v) for v in _as_lists(xs)], [float(v) for v in _as_lists(ys)]
        self.layers.append(("line", (xs, ys, label, colour, dashed, width)))
        self._include(xs, ys)

    def bars(self, labels, heights, colour=LINE_COLOURS[0]):
        """Bars of ``heights`` from 0, labelled ``labels`` underneath."""
        heights = [float(h) for h in heights]
        self.layers.append(("bars", (list(labels), heights, colour)))
        self.x_ticks = list(labels)
        self._include([-0.5, len(heights) - 0.5], [0.0] + heights)

    # --- drawing --------------------------------------------------------------------------

    def _y(self, value):
        """The value on the y axis (its log10 on a log axis)."""
        return math.log10(value) if self.log_y else value

    def draw(self, left, top, width, height):
        """SVG elements of this panel in the box (left, top, width, height)."""
        x_low, x_high = self.x_range or (0.0, 1.0)
        y_values = self.y_range or (0.0, 1.0)
        if self.log_y:
            y_values = [max(v, 1e-300) for v in y_values]
        y_low, y_high = self._y(y_values[0]), self._y(y_values[1])
        # A little room around the data, none around a decision boundary (it fills the box)
        has_regions = any(kind == "regions" for kind, _ in self.layers)
        if x_high == x_low:
            x_low, x_high = x_low - 1, x_high + 1
        if y_high == y_low:
            y_low, y_high = y_low - 1, y_high + 1
        if not has_regions:
            x_pad, y_pad = (x_high - x_low) * 0.04, (y_high - y_low) * 0.05
            x_low, x_high = x_low - x_pad, x_high + x_pad
            y_low, y_high = y_low - y_pad, y_high + y_pad
        box_left, box_top = left + MARGIN_LEFT, top + MARGIN_TOP
        box_width = width - MARGIN_LEFT - MARGIN_RIGHT
        box_height = height - MARGIN_TOP - MARGIN_BOTTOM

        def px(x):
            return box_left + (x - x_low) / (x_high - x_low) * box_width

        def py(y):
            return box_top + (y_high - self._y(y)) / (y_high - y_low) * box_height

        parts = ['<g class="panel">']
        clip = f"clip{left}_{top}"
        parts.append(f'<clipPath id="{clip}"><rect x="{_number(box_left)}" '
                     f'y="{_number(box_top)}" width="{_number(box_width)}" '
                     f'height="{_number(box_height)}"/></clipPath>')
        # Grid lines and ticks
        x_ticks = ([(k, str(text)) for k, text in enumerate(self.x_ticks)] if self.x_ticks
                   else [(t, _label(t)) for t in nice_ticks(x_low, x_high)])
        if self.log_y:
            y_ticks = [(10.0 ** p, _label(10.0 ** p))
                       for p in range(math.ceil(y_low), math.floor(y_high) + 1)]
        else:
            y_ticks = [(t, _label(t)) for t in nice_ticks(y_low, y_high)]
        for value, text in x_ticks:
            x = _number(px(value))
            parts.append(f'<line x1="{x}" y1="{_number(box_top)}" x2="{x}" '
                         f'y2="{_number(box_top + box_height)}" stroke="#e0e0e0"/>')
            parts.append(f'<text x="{x}" y="{_number(box_top + box_height + 15)}" '
                         f'text-anchor="middle">{escape(text)}</text>')
        for value, text in y_ticks:
            y = _number(py(value))
            parts.append(f'<line x1="{_number(box_left)}" y1="{y}" '
                         f'x2="{_number(box_left + box_width)}" y2="{y}" stroke="#e0e0e0"/>')
            parts.append(f'<text x="{_number(box_left - 5)}" y="{y}" text-anchor="end" '
                         f'dominant-baseline="middle">{escape(text)}</text>')
        # What was drawn, in order, inside the box
        parts.append(f'<g clip-path="url(#{clip})">')
        legend = []
        for kind, data in self.layers:
            if kind == "regions":
                parts.extend(_regions(data, px, py))
            elif kind == "points":
                parts.extend(_points(data, px, py))
            elif kind == "bars":
                labels, heights, colour = data
                for k, h in enumerate(heights):
                    x0, x1 = px(k - 0.4), px(k + 0.4)
                    y0, y1 = py(max(h, 0.0)), py(min(h, 0.0))
                    parts.append(f'<rect x="{_number(x0)}" y="{_number(y0)}" '
                                 f'width="{_number(x1 - x0)}" height="{_number(y1 - y0)}" '
                                 f'fill="{colour}"/>')
            else:
                xs, ys, label, colour, dashed, line_width = data
                points = " ".join(f"{_number(px(x))},{_number(py(y))}" for x, y in zip(xs, ys)
                                  if math.isfinite(y) and (y > 0 or not self.log_y))
                dash = ' stroke-dasharray="6,4"' if dashed else ""
                parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" '
                             f'stroke-width="{line_width}"{dash}/>')
                if label:
                    legend.append((label, colour, dashed))
        parts.append("</g>")
        # The frame, the labels, the title, the legend
        parts.append(f'<rect x="{_number(box_left)}" y="{_number(box_top)}" '
                     f'width="{_number(box_width)}" height="{_number(box_height)}" '
                     f'fill="none" stroke="#444444"/>')
        if self.title:
            parts.append(f'<text x="{_number(box_left + box_width / 2)}" y="{top + 20}" '
                         f'text-anchor="middle" font-size="14">{escape(self.title)}</text>')
        if self.xlabel:
            parts.append(f'<text x="{_number(box_left + box_width / 2)}" '
                         f'y="{_number(top + height - 6)}" text-anchor="middle">'
                         f'{escape(self.xlabel)}</text>')
        if self.ylabel:
            x, y = _number(left + 12), _number(box_top + box_height / 2)
            parts.append(f'<text x="{x}" y="{y}" text-anchor="middle" '
                         f'transform="rotate(-90 {x} {y})">{escape(self.ylabel)}</text>')
        for k, (label, colour, dashed) in enumerate(legend):
            y = box_top + 14 + 16 * k
            x = box_left + box_width - 150
            dash = ' stroke-dasharray="6,4"' if dashed else ""
            parts.append(f'<line x1="{_number(x)}" y1="{_number(y)}" x2="{_number(x + 24)}" '
                         f'y2="{_number(y)}" stroke="{colour}" stroke-width="2"{dash}/>')
            parts.append(f'<text x="{_number(x + 30)}" y="{_number(y)}" '
                         f'dominant-baseline="middle">{escape(label)}</text>')
        parts.append("</g>")
        return parts


def _regions(data, px, py):
    """The grid's cells, each row's runs of one class drawn as one rectangle."""
    xs, ys, classes, n_classes = data
    parts = ['<g opacity="0.3" shape-rendering="crispEdges">']
    # Cell edges halfway between grid points; the outer cells extend by half a step
    x_edges = _edges(xs)
    y_edges = _edges(ys)
    for i, row in enumerate(classes):
        j = 0
        while j < len(row):
            start = j
            while j + 1 < len(row) and row[j + 1] == row[start]:
                j += 1
            x0, x1 = px(x_edges[start]), px(x_edges[j + 1])
            y0, y1 = py(y_edges[i + 1]), py(y_edges[i])
            parts.append(f'<rect x="{_number(x0)}" y="{_number(y0)}" '
                         f'width="{_number(x1 - x0)}" height="{_number(y1 - y0)}" '
                         f'fill="{class_colour(int(row[start]), n_classes)}"/>')
            j += 1
    parts.append("</g>")
    return parts


def _edges(values):
    """len(values) + 1 cell edges around evenly or unevenly spaced grid values."""
    if len(values) == 1:
        return [values[0] - 0.5, values[0] + 0.5]
    edges = [values[0] - (values[1] - values[0]) / 2]
    for a, b in zip(values, values[1:]):
        edges.append((a + b) / 2)
    edges.append(values[-1] + (values[-1] - values[-2]) / 2)
    return edges


def _points(data, px, py):
    X, labels, n_classes, colour, radius = data
    parts = []
    for k, row in enumerate(X):
        fill = colour if labels is None else class_colour(labels[k], n_classes)
        parts.append(f'<circle cx="{_number(px(row[0]))}" cy="{_number(py(row[1]))}" '
                     f'r="{radius}" fill="{fill}"/>')
    return parts


class ImageGrid:
    """Grey images (rows of pixels, 0 white to the largest value black) in a grid, each
    with a title; ``wrong`` titles in red."""

    def __init__(self, images, titles, shape, columns=6, title="", wrong=()):
        self.images = [list(image) for image in _as_lists(images)]
        self.titles = list(titles)
        self.shape = tuple(shape)
        self.columns = columns
        self.title = title
        self.wrong = set(wrong)

    def __repr__(self):
        return f"ImageGrid({len(self.images)} images of {self.shape}, title={self.title!r})"

    def draw(self, left, top, width, height):
        n_rows, n_cols = self.shape
        grid_rows = -(-len(self.images) // self.columns)
        cell_width = (width - 20) / self.columns
        cell_height = (height - MARGIN_TOP - 10) / max(grid_rows, 1)
        side = min(cell_width, cell_height - 16) * 0.9
        pixel = side / max(n_rows, n_cols)
        parts = ['<g class="images">']
        if self.title:
            parts.append(f'<text x="{_number(left + width / 2)}" y="{top + 20}" '
                         f'text-anchor="middle" font-size="14">{escape(self.title)}</text>')
        for k, image in enumerate(self.images):
            x0 = left + 10 + (k % self.columns) * cell_width + (cell_width - side) / 2
            y0 = top + MARGIN_TOP + (k // self.columns) * cell_height + 16
            colour = "#d62728" if k in self.wrong else "#000000"
            parts.append(f'<text x="{_number(x0 + side / 2)}" y="{_number(y0 - 4)}" '
                         f'text-anchor="middle" fill="{colour}">{escape(self.titles[k])}</text>')
            brightest = max(max(image), 1e-12)
            parts.append('<g shape-rendering="crispEdges">')
            for r in range(n_rows):
                for c in range(n_cols):
                    # gray_r: 0 is white, the largest value black
                    level = round(255 * (1 - image[r * n_cols + c] / brightest))
                    if level == 255:
                        continue
                    parts.append(f'<rect x="{_number(x0 + c * pixel)}" '
                                 f'y="{_number(y0 + r * pixel)}" width="{_number(pixel)}" '
                                 f'height="{_number(pixel)}" '
                                 f'fill="#{level:02x}{level:02x}{level:02x}"/>')
            parts.append("</g>")
            parts.append(f'<rect x="{_number(x0)}" y="{_number(y0)}" width="{_number(side)}" '
                         f'height="{_number(side)}" fill="none" stroke="#bbbbbb"/>')
        parts.append("</g>")
        return parts


class Figure:
    """Panels side by side, with an optional title above them all."""

    def __init__(self, title=None, panel_width=PANEL_WIDTH, panel_height=PANEL_HEIGHT):
        self.title = title
        self.panel_width = panel_width
        self.panel_height = panel_height
        self.panels = []

    def __repr__(self):
        return f"Figure(title={self.title!r}, panels={self.panels!r})"

    def panel(self, title="", xlabel="", ylabel="", log_y=False):
        """A new chart to the right of the others."""
        panel = Panel(title, xlabel, ylabel, log_y)
        self.panels.append(panel)
        return panel

    def images(self, images, titles, shape, columns=6, title="", wrong=()):
        """A grid of grey images (digits) to the right of the others."""
        grid = ImageGrid(images, titles, shape, columns, title, wrong)
        self.panels.append(grid)
        return grid

    def text(self):
        """The figure as an SVG document."""
        top = TITLE_HEIGHT if self.title else 0
        width = self.panel_width * max(len(self.panels), 1)
        height = self.panel_height + top
        parts = ['<?xml version="1.0" encoding="UTF-8"?>',
                 f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
                 f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">',
                 f'<rect width="{width}" height="{height}" fill="#ffffff"/>']
        if self.title:
            parts.append(f'<text x="{width / 2:.1f}" y="20" text-anchor="middle" '
                         f'font-size="16">{escape(self.title)}</text>')
        for k, panel in enumerate(self.panels):
            parts.extend(panel.draw(k * self.panel_width, top, self.panel_width,
                                    self.panel_height))
        parts.append("</svg>")
        return "\n".join(parts) + "\n"

    def save(self, path):
        """Write the SVG document to ``path``; returns the path."""
        with open(path, "w", encoding="utf-8", newline="\n") as file:
            file.write(self.text())
        return path


def _as_lists(data):
    """Nested Python lists from lists or a NumPy array (without importing NumPy)."""
    return data.tolist() if hasattr(data, "tolist") else data
