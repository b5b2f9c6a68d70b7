"""examples/plotting.py: every picture renders off screen to a PNG file, the examples' --plot
writes one, and without matplotlib purenn still imports while --plot says how to install it.

The drawing tests skip without matplotlib; the log parsing and the decision-boundary grid
need none.
"""
import os
import subprocess
import sys
from pathlib import Path

import pytest

import purenn
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "examples"))
import plotting  # noqa: E402  (examples/plotting.py)
from purenn.derivatives import f_quadratic
from purenn.training import TwoLayerNetwork, train

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def assert_png(path):
    """A file that starts with PNG's 8-byte signature and has more than that."""
    data = Path(path).read_bytes()
    assert data[:8] == PNG_SIGNATURE, f"{path} is not a PNG file"
    assert len(data) > len(PNG_SIGNATURE)


@pytest.fixture
def matplotlib():
    return pytest.importorskip("matplotlib")


def small_trained_network(engine, epochs=101):
    """A small chapter 10 network trained on a small spiral, and its log lines."""
    purenn.init(engine=engine)
    X, y = purenn.spiral_data(samples=20, classes=3)
    network = TwoLayerNetwork(n_hidden=8)
    optimizer = purenn.Optimizer_SGD(decay=1e-3, momentum=0.9)
    lines = train(network, optimizer, X, y, epochs=epochs, log=lambda line: None)
    return network, X, y, lines


# --- pictures ------------------------------------------------------------------------------

@pytest.mark.parametrize("data", ["spiral", "vertical"])
def test_plot_dataset_writes_a_png(matplotlib, engine, data, tmp_path):
    purenn.init(engine=engine)
    make_data = purenn.spiral_data if data == "spiral" else purenn.vertical_data
    X, y = make_data(samples=100, classes=3)
    path = tmp_path / f"{data}.png"
    assert plotting.plot_dataset(X, y, path) == path
    assert_png(path)


def test_plot_activations_writes_a_png(matplotlib, tmp_path):
    path = tmp_path / "activations.png"
    plotting.plot_activations(path)
    assert_png(path)


def test_plot_tangents_writes_a_png(matplotlib, tmp_path):
    path = tmp_path / "tangents.png"
    plotting.plot_tangents(f_quadratic, range(5), path)
    assert_png(path)


def test_plot_training_run_writes_a_png(matplotlib, engine, tmp_path):
    network, X, y, lines = small_trained_network(engine)
    path = tmp_path / "training.png"
    plotting.plot_training_run(network, X, y, lines, path, resolution=20)
    assert_png(path)


def test_plot_training_run_without_learning_rates(matplotlib, tmp_path):
    # The book's first SGD runs log no lr: the lr panel says so instead of drawing
    network, X, y, lines = small_trained_network("python")
    lines = [line.split(", lr:")[0] for line in lines]
    path = tmp_path / "training.png"
    plotting.plot_training_run(network, X, y, lines, path, resolution=20)
    assert_png(path)


@pytest.fixture
def drawn(monkeypatch):
    """The figures the plotting functions draw, kept instead of only saved."""
    figures = []
    save = plotting._save

    def keep(figure, path):
        figures.append(figure)
        return save(figure, path)
    monkeypatch.setattr(plotting, "_save", keep)
    return figures


def rgb(colours):
    """The (r, g, b) of each RGBA colour, rounded to 1/255 (as the PNG stores them)."""
    return [tuple(round(float(c) * 255) for c in colour[:3]) for colour in colours]


def test_decision_regions_have_the_colours_of_their_points(matplotlib, drawn, tmp_path):
    network, X, y, lines = small_trained_network("python")
    plotting.plot_training_run(network, X, y, lines, tmp_path / "training.png", resolution=20)
    boundary = drawn[0].axes[0]
    regions, points = boundary.collections[0], boundary.collections[-1]
    region_colours = rgb(regions.get_facecolor())
    labels = [int(label) for label in y]
    point_colours = rgb(points.get_facecolors())
    # Class c's region and class c's points: one colour, the book's brg map (blue, red, green)
    assert region_colours == [(0, 0, 255), (254, 1, 0), (0, 255, 0)]
    assert point_colours == [region_colours[label] for label in labels]


def test_a_long_title_runs_into_no_panel(matplotlib, drawn, tmp_path):
    # The book's Adam optimizer: the longest title of chapter 10
    network, X, y, lines = small_trained_network("python")
    title = "Optimizer_Adam(learning_rate=0.05, decay=5e-7)"
    plotting.plot_training_run(network, X, y, lines, tmp_path / "training.png", title=title,
                               resolution=20)
    figure = drawn[0]
    renderer = figure.canvas.get_renderer()
    texts = [axes.title for axes in figure.axes] + [figure._suptitle]
    assert figure._suptitle.get_text() == title
    boxes = [text.get_window_extent(renderer) for text in texts if text.get_text()]
    for i, box in enumerate(boxes):
        for other in boxes[i + 1:]:
            assert not box.overlaps(other), (box, other)
        # And within the figure
        assert box.x0 >= 0 and box.x1 <= figure.bbox.x1


def test_chapter_10_curves_have_every_epoch(matplotlib, drawn, tmp_path, capsys):
    import ch10_optimizers
    ch10_optimizers.run_example("python", "sgd", 21, plot=str(tmp_path / "sgd.png"))
    loss_axes = drawn[0].axes[1]
    (curve,) = loss_axes.get_lines()
    assert list(curve.get_xdata()) == list(range(21))
    # The log still prints the book's line every 100 epochs: here epoch 0 only
    assert [line for line in capsys.readouterr().out.splitlines()
            if line.startswith("epoch:")] == ["epoch: 0, acc: 0.360, loss: 1.099"]


def test_plot_into_a_missing_folder_is_a_usage_error_before_the_run(tmp_path):
    path = tmp_path / "nonexistent" / "x.png"
    result = subprocess.run([sys.executable, str(EXAMPLES / "ch06_optimization.py"),
                             "--iterations", "10", "--plot", str(path)], cwd=tmp_path,
                            env=example_env(), capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert f"argument --plot: the folder {path.parent} does not exist" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_drawing_leaves_pyplot_alone(matplotlib, tmp_path):
    # Figures are drawn on their own Agg canvas: no pyplot figure is opened or left behind
    plotting.plot_activations(tmp_path / "activations.png")
    assert "matplotlib.pyplot" not in sys.modules or \
        not sys.modules["matplotlib.pyplot"].get_fignums()


# --- what the pictures are made from (no matplotlib needed) -----------------------------------

def test_training_curves_reads_the_log_lines():
    lines = ["epoch: 0, acc: 0.360, loss: 1.099, lr: 1.0",
             "epoch: 100, acc: 0.403, loss: 1.095, lr: 0.5025125628140703"]
    assert plotting.training_curves(lines) == {
        "epoch": [0, 100], "acc": [0.36, 0.403], "loss": [1.099, 1.095],
        "lr": [1.0, 0.5025125628140703]}
    # The book's first runs print no lr
    assert plotting.training_curves(["epoch: 0, acc: 0.360, loss: 1.099"])["lr"] == [None]
    with pytest.raises(ValueError, match="not a chapter 10 log line"):
        plotting.training_curves(["New set of weights found, iteration: 0"])


def test_predict_grid_is_the_networks_argmax_over_the_data_range(engine):
    network, X, y, _ = small_trained_network(engine, epochs=11)
    xs, ys, classes = plotting.predict_grid(network, X, resolution=7, margin=0.1)
    rows = network.ops.to_list(X)
    # tolerance: 1e-12, the grid's ends are computed as low + (high - low) * i / (n - 1)
    assert xs[0] == pytest.approx(min(r[0] for r in rows) - 0.1, abs=1e-12)
    assert xs[-1] == pytest.approx(max(r[0] for r in rows) + 0.1, abs=1e-12)
    assert ys[0] == pytest.approx(min(r[1] for r in rows) - 0.1, abs=1e-12)
    assert ys[-1] == pytest.approx(max(r[1] for r in rows) + 0.1, abs=1e-12)
    assert len(classes) == 7 and all(len(row) == 7 for row in classes)
    # Each cell is the class the network predicts at that point (forwarded on its own)
    for i in (0, 3, 6):
        for j in (0, 2, 6):
            network.dense1.forward([[xs[j], ys[i]]])
            network.activation1.forward(network.dense1.output)
            network.dense2.forward(network.activation1.output)
            scores = network.ops.to_list(network.dense2.output)[0]
            assert classes[i][j] == scores.index(max(scores))


# --- the examples' --plot ----------------------------------------------------------------------

PLOT_RUNS = {
    "ch03_layers": [],
    "ch04_activations": [],
    "ch06_optimization": ["--iterations", "10"],
    "ch07_derivatives": [],
    "ch10_optimizers": ["--epochs", "101"],
}


def example_env(**extra):
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env.update(extra)
    return env


@pytest.mark.parametrize("name", sorted(PLOT_RUNS))
def test_example_plot_writes_a_png(matplotlib, name, tmp_path):
    path = tmp_path / f"{name}.png"
    result = subprocess.run([sys.executable, str(EXAMPLES / f"{name}.py"), *PLOT_RUNS[name],
                             "--plot", str(path)], cwd=tmp_path, env=example_env(),
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert f"wrote {path}" in result.stdout
    assert_png(path)


@pytest.fixture
def without_matplotlib(tmp_path):
    """A PYTHONPATH entry whose package ``matplotlib`` fails to import, as if not installed."""
    fake = tmp_path / "no_matplotlib" / "matplotlib"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text(
        "raise ImportError(\"No module named 'matplotlib' (simulated)\")\n")
    return example_env(PYTHONPATH=str(fake.parent))


def test_purenn_imports_and_explains_without_matplotlib(without_matplotlib, tmp_path):
    code = (
        "import sys\n"
        "import purenn, plotting\n"
        "assert 'matplotlib' not in sys.modules\n"
        "try:\n"
        "    plotting.plot_activations('never.png')\n"
        "except ImportError as error:\n"
        "    print(error)\n")
    env = dict(without_matplotlib)
    root = Path(__file__).resolve().parents[1]
    env["PYTHONPATH"] += os.pathsep + str(root) + os.pathsep + str(root / "examples")
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    # The module that draws is examples/plotting.py (there is no purenn.plotting), and the
    # extra is installed from a clone: pip install -e ".[plot]"
    assert "examples/plotting.py" in result.stdout
    assert "purenn.plotting" not in result.stdout
    assert "pip install matplotlib" in result.stdout
    assert 'pip install -e ".[plot]"' in result.stdout
    assert not (tmp_path / "never.png").exists()


@pytest.mark.parametrize("name", sorted(PLOT_RUNS))
def test_example_plot_without_matplotlib_says_how_to_install_it(without_matplotlib, name,
                                                                  tmp_path):
    path = tmp_path / "picture.png"
    result = subprocess.run([sys.executable, str(EXAMPLES / f"{name}.py"), "--plot", str(path)],
                            cwd=tmp_path, env=without_matplotlib, capture_output=True,
                            text=True, timeout=60)
    # Before any work: exit status 2, the hint on stderr, nothing printed, no file
    assert result.returncode == 2
    assert "pip install matplotlib" in result.stderr
    assert result.stdout == ""
    assert not path.exists()
