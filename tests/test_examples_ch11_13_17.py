"""The chapter 11-13, 17 and 18 examples: what they print, in both engines.

Chapter 11's last lines and chapter 17's departures are listed in the README's "Where the
training logs leave the book"; tests/test_regression.py checks chapter 17's log itself.
"""
import io
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def example(name):
    sys.path.insert(0, str(EXAMPLES))
    try:
        return __import__(name)
    finally:
        sys.path.remove(str(EXAMPLES))


BOOK_CODE_LOG = Path(__file__).parent / "data" / "ch11_book_code_log.txt"


def book_code_lines():
    """The book's own chapter 10-11 code, exp and log correctly rounded (see the file)."""
    return [line for line in BOOK_CODE_LOG.read_text().splitlines() if not line.startswith("#")]


def test_ch11_engines_print_the_same_lines():
    pytest.importorskip("numpy")
    ch11 = example("ch11_13_testing")
    runs = [ch11.run(engine, epochs=101, log=lambda line: None)[1]
            for engine in ("python", "numpy")]
    assert runs[0] == runs[1]
    # Epochs 0 and 100, then the validation line on the test set drawn next
    assert [line.split(",")[0] for line in runs[0]] == ["epoch: 0", "epoch: 100", "validation"]
    # The book's chapter 10 Adam run starts as the book's own code does on any NumPy
    assert runs[0][0] == "epoch: 0, acc: 0.360, loss: 1.099, lr: 0.05"
    # Epoch 100 as the book's code prints it with correctly rounded exp and log
    assert runs[0][:2] == book_code_lines()[:2]


@pytest.mark.slow
def test_ch11_numpy_engine_book_length():
    """The book's 10,001 epochs: training is chaotic, and the late lines depart from the
    book's (the book's own code on today's NumPy departs too: README)."""
    pytest.importorskip("numpy")
    ch11 = example("ch11_13_testing")
    _, lines = ch11.run("numpy", log=lambda line: None)
    assert len(lines) == 102
    # Every line the book's own code prints with correctly rounded exp and log
    assert lines == book_code_lines()
    assert lines[-2].startswith("epoch: 10000, ") and lines[-2].endswith(
        "lr: 0.04975126853296942")
    assert lines[-1].startswith("validation, acc: ")


def test_ch17_example_plots_the_fitted_curve(tmp_path):
    pytest.importorskip("numpy")
    pytest.importorskip("matplotlib")
    picture = tmp_path / "regression.png"
    result = subprocess.run([sys.executable, str(EXAMPLES / "ch17_regression.py"), "--engine",
                             "numpy", "--epochs", "101", "--plot", str(picture)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1] == ("epoch: 0, acc: 0.003, loss: 0.496 (data_loss: 0.496, reg_loss: "
                        "0.000), lr: 0.005")
    assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_ch18_prints_chapter_18s_lines_numpy():
    pytest.importorskip("numpy")
    ch18 = example("ch18_model")
    out = io.StringIO()
    ch18.run("numpy", epochs=4, print_every=2, file=out)
    lines = out.getvalue().splitlines()
    assert [line.split(",")[0] for line in lines] == ["epoch: 2", "epoch: 4", "validation"]


@pytest.mark.slow
def test_ch18_engines_agree():
    pytest.importorskip("numpy")
    ch18 = example("ch18_model")
    outputs = []
    for engine in ("python", "numpy"):
        out = io.StringIO()
        ch18.run(engine, epochs=2, print_every=1, file=out)
        outputs.append(out.getvalue())
    assert outputs[0] == outputs[1]
