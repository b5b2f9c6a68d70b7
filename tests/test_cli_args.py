"""Command lines (issue 15, item 9): every example checks its arguments before it runs, and
every error is a usage line naming the argument, exit status 2, no traceback."""
import struct
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run(*argv):
    return subprocess.run([sys.executable, *argv], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


def assert_usage_error(result, argument):
    assert result.returncode == 2, (result.returncode, result.stderr[-2000:])
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    assert "usage:" in result.stderr
    assert argument in result.stderr, result.stderr[-2000:]


@pytest.mark.parametrize("script", ["examples/ch03_layers.py", "examples/digits_network.py"])
def test_plot_into_a_folder_where_no_file_can_be_made_is_a_usage_error(script):
    # /proc exists and os.access says root may write there, but no file can be created in it
    assert_usage_error(run(script, "--plot", "/proc/picture.png"), "--plot")


@pytest.mark.parametrize("script", ["examples/ch03_layers.py", "examples/ch07_derivatives.py"])
def test_an_empty_plot_name_is_a_usage_error(script):
    assert_usage_error(run(script, "--plot", ""), "--plot")


@pytest.mark.parametrize("rate", ["nan", "-1", "0", "inf"])
def test_digits_network_refuses_a_bad_learning_rate(rate):
    assert_usage_error(run("examples/digits_network.py", f"--learning-rate={rate}"),
                       "--learning-rate")


def test_digits_network_refuses_a_broken_mnist_folder(tmp_path):
    for kind in ("train", "t10k"):
        for what in ("images-idx3", "labels-idx1"):
            (tmp_path / f"{kind}-{what}-ubyte").write_bytes(b"this is not an IDX file")
    result = run("examples/digits_network.py", "--mnist", str(tmp_path), "--engine", "numpy")
    assert_usage_error(result, "--mnist")


def test_digits_network_refuses_mnist_labels_that_do_not_fit(tmp_path):
    for kind, n in (("train", 3), ("t10k", 2)):
        (tmp_path / f"{kind}-images-idx3-ubyte").write_bytes(
            struct.pack(">HBB3I", 0, 8, 3, n, 2, 2) + bytes(4 * n))
        (tmp_path / f"{kind}-labels-idx1-ubyte").write_bytes(
            struct.pack(">HBBI", 0, 8, 1, n) + bytes([1, 12, 0][:n]))
    result = run("examples/digits_network.py", "--mnist", str(tmp_path), "--engine", "numpy")
    assert_usage_error(result, "--mnist")


def test_lecture_network_names_a_binary_csv_file(tmp_path):
    path = tmp_path / "weights.bin"
    path.write_bytes(bytes(range(256)) * 4)
    result = run("examples/lecture_network.py", "--csv", str(path))
    assert_usage_error(result, "--csv")
    assert "weights.bin" in result.stderr


def test_calculator_suggests_a_command_line_that_works():
    result = run("-m", "purenn", "--steps", "softmax", "2", "6", "12")
    assert result.returncode == 2
    assert "python -m purenn softmax --steps 2 6 12" in result.stderr, result.stderr
    assert run("-m", "purenn", "softmax", "--steps", "2", "6", "12").returncode == 0


def test_digits_network_docstring_counts_the_shipped_split():
    import purenn
    X, y, X_test, y_test = purenn.datasets.digits_data()
    text = (ROOT / "examples" / "digits_network.py").read_text()
    assert f"{len(y):,} images to train" in text and f"{len(y_test):,} to test" in text


def test_digits_network_refuses_a_hidden_layer_that_cannot_fit():
    assert_usage_error(run("examples/digits_network.py", "--hidden", "100000000000"), "--hidden")
