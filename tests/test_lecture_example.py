"""examples/lecture_keras_style.py: the lecture's model, its summary, its three runs, and
Keras' binary_accuracy on one-hot targets; plot_history in examples/plotting.py."""
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
sys.path.insert(0, str(EXAMPLES))

import plotting  # noqa: E402


def run_example(engine, *args):
    result = subprocess.run([sys.executable, str(EXAMPLES / "lecture_keras_style.py"),
                             "--engine", engine, "--epochs", "2", *args],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return result.stdout


def table(stdout, title):
    """The rows (lists of numbers) of the table printed after the line ``title``."""
    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(title))
    rows = []
    for line in lines[start + 3:]:
        if not line.strip() or not line.strip()[0].isdigit():
            break
        rows.append([float(cell) for part in line.split("|") for cell in part.split()])
    return rows


def test_lecture_example_in_both_engines(engine):
    pytest.importorskip("numpy")  # the other engine's run is compared with this one
    stdout = run_example(engine)
    assert "Total params: 603" in stdout and "Trainable params: 603" in stdout
    assert " dense (Layer_Dense)         (None, 100)               300" in stdout
    assert " dense_1 (Layer_Dense)       (None, 3)                 303" in stdout
    assert "stochastic (1): 300 steps an epoch, 600 in all" in stdout
    assert "mini-batch (32): 10 steps an epoch, 20 in all" in stdout
    runs = table(stdout, "Loss and accuracy on all 300 samples")
    assert [row[0] for row in runs] == [1, 2] and all(len(row) == 7 for row in runs)
    # binary_accuracy of the first epoch: 2/3 for the runs whose outputs are all below 0.5
    accuracies = table(stdout, "Per run: categorical accuracy")
    full_batch_binary = accuracies[0][2]
    assert full_batch_binary == 0.6667
    assert accuracies[0][1] != 0.6667  # the categorical accuracy tells another story
    other = "numpy" if engine == "python" else "python"
    assert run_example(other) == stdout


def test_plot_history_draws_a_png(tmp_path):
    pytest.importorskip("matplotlib")
    history = {"epoch": [1, 2, 3], "loss": [1.1, 0.9, 0.7], "accuracy": [0.3, 0.5, 0.6],
               "validation_loss": [1.0, 0.95, 0.8], "validation_accuracy": [0.4, 0.5, 0.55]}
    path = plotting.plot_history(history, tmp_path / "history.png")
    assert Path(path).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    runs = {"a": history, "b": dict(history, validation_loss=[None] * 3)}
    path = plotting.plot_history(runs, tmp_path / "runs.png", title="two runs")
    assert Path(path).stat().st_size > 0


@pytest.mark.parametrize("value, message", [("0", "must be a finite number above 0, not 0"),
                                            ("x", "invalid learning_rate value: 'x'")])
def test_learning_rate_must_be_a_positive_number(value, message):
    result = subprocess.run([sys.executable, str(EXAMPLES / "lecture_keras_style.py"),
                             "--learning-rate", value], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 2 and message in result.stderr, result.stderr
