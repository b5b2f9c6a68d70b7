"""purenn.tools.svg: the pictures the examples draw, as SVG with the standard library only, and
the examples' ``--plot FILE.svg`` without matplotlib. Every file is parsed as XML and what it
draws is counted and coloured as the data say.
"""
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import purenn
from purenn.derivatives import f_quadratic
from purenn.tools import svg
from purenn.training import TwoLayerNetwork, train

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "examples"))
import plotting  # noqa: E402  (examples/plotting.py)

NS = "{http://www.w3.org/2000/svg}"
BLUE, RED, GREEN = "#0000ff", "#ff0000", "#00ff00"


def parse(path):
    """The SVG document's root element (ParseError if it is not well-formed XML)."""
    return ET.parse(path).getroot()


def circles(root):
    return root.findall(f".//{NS}circle")


def region_rects(root):
    """The decision boundary's rectangles (in the group drawn at opacity 0.3)."""
    return [rect for group in root.iter(f"{NS}g") if group.get("opacity") == "0.3"
            for rect in group.findall(f"{NS}rect")]


# --- the writer ------------------------------------------------------------------------------

def test_class_colours_are_the_books_brg_map():
    assert [svg.class_colour(c, 3) for c in range(3)] == [BLUE, RED, GREEN]
    assert [svg.class_colour(c, 2) for c in range(2)] == [BLUE, GREEN]
    assert svg.class_colour(1, 5) == "#800080"   # halfway from blue to red


def test_nice_ticks_are_round_numbers_inside_the_range():
    assert svg.nice_ticks(0, 1) == [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
    assert svg.nice_ticks(-1.1, 1.1) == [-1.0, -0.5, 0.0, 0.5, 1.0]
    assert svg.nice_ticks(0, 300) == [0, 100, 200, 300]


def test_points_are_drawn_one_circle_each_in_their_class_colour(tmp_path):
    purenn.init()
    X, y = purenn.spiral_data(samples=20, classes=3)
    figure = svg.Figure("the data")
    figure.panel("spiral").points(X, y)
    root = parse(figure.save(tmp_path / "points.svg"))
    drawn = circles(root)
    assert len(drawn) == 60
    assert [c.get("fill") for c in drawn] == [[BLUE, RED, GREEN][label] for label in y]
    # x grows to the right, y upwards: the rightmost sample has the largest cx
    xs = [row[0] for row in X]
    cx = [float(c.get("cx")) for c in drawn]
    assert cx.index(max(cx)) == xs.index(max(xs))
    ys = [row[1] for row in X]
    cy = [float(c.get("cy")) for c in drawn]
    assert cy.index(min(cy)) == ys.index(max(ys))


def test_regions_cover_the_grid_with_each_rows_runs(tmp_path):
    xs, ys = [0.0, 1.0, 2.0, 3.0], [0.0, 1.0]
    classes = [[0, 0, 1, 1], [2, 2, 2, 2]]
    figure = svg.Figure()
    figure.panel().regions(xs, ys, classes, 3)
    rects = region_rects(parse(figure.save(tmp_path / "regions.svg")))
    # One rectangle per run of one class in a row: [0, 0], [1, 1], then [2, 2, 2, 2]
    assert [r.get("fill") for r in rects] == [BLUE, RED, GREEN]
    widths = [float(r.get("width")) for r in rects]
    assert widths[0] == pytest.approx(widths[1])
    assert widths[2] == pytest.approx(2 * widths[0], abs=0.02)


def test_curves_bars_and_a_log_axis(tmp_path):
    figure = svg.Figure()
    curves = figure.panel("loss", xlabel="epoch", log_y=True)
    curves.line([0, 1, 2], [1.0, 0.1, 0.01], label="training")
    curves.line([0, 1, 2], [1.0, 0.2, 0.05], label="validation", dashed=True)
    figure.panel("softmax").bars(["4.8", "1.21", "2.385"], [0.9, 0.03, 0.07])
    root = parse(figure.save(tmp_path / "curves.svg"))
    lines = root.findall(f".//{NS}polyline")
    assert len(lines) == 2 and lines[1].get("stroke-dasharray")
    # On a log axis 1, 0.1 and 0.01 are evenly spaced
    y0, y1, y2 = (float(p.split(",")[1]) for p in lines[0].get("points").split())
    assert y1 - y0 == pytest.approx(y2 - y1, abs=0.02)
    texts = [t.text for t in root.iter(f"{NS}text")]
    assert {"training", "validation", "4.8", "1.21", "2.385", "loss", "softmax"} <= set(texts)
    assert {"1", "0.1", "0.01"} <= set(texts)


def test_sine_fit_data_and_prediction(tmp_path):
    purenn.init()
    X, y = purenn.sine_data(samples=50)
    figure = svg.Figure()
    panel = figure.panel("sine fit", xlabel="x", ylabel="y")
    panel.points([[row[0], target[0]] for row, target in zip(X, y)])
    panel.line([row[0] for row in X], [0.9 * target[0] for target in y], label="prediction")
    root = parse(figure.save(tmp_path / "sine.svg"))
    assert len(circles(root)) == 50 and len(root.findall(f".//{NS}polyline")) == 1


def test_digit_images_grey_levels_and_wrong_titles(tmp_path):
    images = [[0, 16, 8, 0], [16, 16, 0, 0]]
    figure = svg.Figure()
    figure.images(images, ["1", "7 (is 4)"], (2, 2), columns=2, wrong=[1])
    root = parse(figure.save(tmp_path / "digits.svg"))
    fills = [r.get("fill") for r in root.findall(f".//{NS}rect") if r.get("width") and
             r.get("fill", "").startswith("#") and r.get("fill") not in ("#ffffff",)]
    # gray_r: the largest value black, half of it mid grey; zeros are not drawn
    assert fills.count("#000000") == 3 and fills.count("#808080") == 1
    titles = {t.text: t.get("fill") for t in root.iter(f"{NS}text")}
    assert titles["7 (is 4)"] == "#d62728" and titles["1"] == "#000000"


def test_text_is_escaped_and_the_same_on_every_run(tmp_path):
    figure = svg.Figure("a < b & c")
    figure.panel("x > 0").line([0, 1], [0, 1])
    first = figure.text()
    assert "a &lt; b &amp; c" in first and parse(figure.save(tmp_path / "t.svg")) is not None
    assert figure.text() == first


def test_svg_module_imports_only_the_standard_library():
    done = subprocess.run([sys.executable, "-c", "import sys; sys.modules['matplotlib'] = None;"
                           "sys.modules['numpy'] = None; import purenn.tools.svg"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


# --- the examples' pictures as SVG -----------------------------------------------------------

def test_plot_training_run_svg_has_the_boundary_and_three_curves(tmp_path):
    purenn.init()
    X, y = purenn.spiral_data(samples=20, classes=3)
    network = TwoLayerNetwork(n_hidden=8)
    lines = train(network, purenn.Optimizer_SGD(decay=1e-3), X, y, epochs=21,
                  log=lambda line: None)
    root = parse(plotting.plot_training_run(network, X, y, lines, tmp_path / "run.svg",
                                            title="SGD", resolution=20))
    assert len(circles(root)) == 60
    # Each region is coloured as the network predicts the grid point at its left edge
    xs, ys, classes = plotting.predict_grid(network, X, resolution=20)
    runs = sum(1 + sum(a != b for a, b in zip(row, row[1:])) for row in classes)
    rects = region_rects(root)
    assert len(rects) == runs
    assert rects[0].get("fill") == svg.class_colour(classes[0][0], 3)
    assert len(root.findall(f".//{NS}polyline")) == 3
    assert "SGD" in [t.text for t in root.iter(f"{NS}text")]


def test_every_plotting_function_writes_svg(tmp_path):
    purenn.init()
    X, y = purenn.spiral_data(samples=10, classes=3)
    paths = [plotting.plot_dataset(X, y, tmp_path / "a.svg"),
             plotting.plot_activations(tmp_path / "b.svg"),
             plotting.plot_tangents(f_quadratic, range(3), tmp_path / "c.svg"),
             plotting.plot_decision_boundary(lambda rows: [0] * len(rows), X, y,
                                             tmp_path / "d.svg", 3, resolution=10),
             plotting.plot_regularized_run(lambda rows: [1] * len(rows), X, y,
                                           {"epoch": [0, 1], "data_loss": [1, 0.5],
                                            "reg_loss": [0.1, 0.2], "acc": [0.3, 0.6]},
                                           tmp_path / "e.svg", 3),
             plotting.plot_history({"epoch": [1, 2], "loss": [1, 0.5], "accuracy": [0.3, 0.5],
                                    "validation_loss": [1.1, 0.6],
                                    "validation_accuracy": [0.2, 0.4]}, tmp_path / "f.svg"),
             plotting.plot_digits_run([2.0, 1.0, 0.5], [[0, 1, 2, 3]] * 3, [0, 1, 2], [0, 2, 2],
                                      tmp_path / "g.svg", image_shape=(2, 2))]
    for path in paths:
        assert parse(path).tag == f"{NS}svg", path


@pytest.mark.parametrize("example, args, n_points", [
    ("ch03_layers.py", [], 300),
    ("ch10_optimizers.py", ["--epochs", "3"], 300),
])
def test_example_plot_svg_runs_without_matplotlib(tmp_path, example, args, n_points):
    # matplotlib made unimportable: --plot FILE.svg still draws, --plot FILE.png says why not
    path = tmp_path / "picture.svg"
    script = (f"import sys; sys.modules['matplotlib'] = None; "
              f"from purenn.tools.browser import run_script; "
              f"sys.exit(run_script({str(ROOT / 'examples' / example)!r}, "
              f"{args + ['--plot', str(path)]!r}))")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert f"wrote {path}" in done.stdout
    assert len(circles(parse(path))) == n_points
    png = subprocess.run([sys.executable, "-c", script.replace("picture.svg", "picture.png")],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert png.returncode == 2 and "matplotlib" in png.stderr
