"""The examples of issue 12: the notebook's per-sample softmax classifier, the blog's digits
network and its benchmark."""
import importlib.util
import math
import subprocess
import sys
from pathlib import Path

import pytest

import purenn

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def load_example(name):
    """Import examples/<name>.py as a module (the examples folder is not a package)."""
    sys.path.insert(0, str(EXAMPLES))
    try:
        spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(EXAMPLES))
    return module


def run(script, *args, timeout=300):
    return subprocess.run([sys.executable, str(EXAMPLES / script), *args], capture_output=True,
                          text=True, timeout=timeout)


# --- examples/softmax_per_sample.py ---

@pytest.fixture(scope="module")
def per_sample():
    return load_example("softmax_per_sample")


def test_per_sample_data_is_the_notebooks(per_sample):
    samples = per_sample.samples_as_rows(per_sample.X_COLUMNS)
    # Sample 1 is the notebook's first column, x = (5, 4, 6, 3, 6, 1) with the bias feature
    assert samples[0] == [5.0, 4.0, 6.0, 3.0, 6.0, 1.0]
    assert len(samples) == 10 and all(len(row) == 6 for row in samples)
    W = per_sample.initial_weights(5)
    assert [row[-1] for row in W] == [0.01] * 3


def test_per_sample_first_gradient_is_the_shortcut(per_sample, engine):
    purenn.init(dtype="float64", engine=engine)
    samples = per_sample.samples_as_rows(per_sample.X_COLUMNS)
    W = per_sample.initial_weights(5)
    _, records = per_sample.train_per_sample(W, samples, per_sample.LABELS, engine=engine)
    first = records[0]
    # Gold: (a - y) x^T, with a = softmax(W x) computed here
    x, label = samples[0], per_sample.LABELS[0]
    z = [math.fsum(w * v for w, v in zip(row, x)) for row in W]
    exp_values = [math.exp(value - max(z)) for value in z]
    a = [value / math.fsum(exp_values) for value in exp_values]
    gold = [[(a_i - (1.0 if i == label else 0.0)) * v for v in x] for i, a_i in enumerate(a)]
    for name in ("jacobian", "shortcut", "purenn"):
        mine = first[name]
        difference = max(abs(m - g) for m_row, g_row in zip(mine, gold)
                         for m, g in zip(m_row, g_row))
        assert difference < 1e-12, (name, mine, gold)
    assert abs(first["loss"] + math.log(a[label])) < 1e-12
    # The notebook's backward differs: its other-class rows are a_true * x
    for i in (0, 1):
        assert first["notebook"][i] == pytest.approx([a[label] * v for v in x], rel=1e-12)


def test_per_sample_updates_one_sample_at_a_time(per_sample):
    purenn.init(dtype="float64")
    samples = per_sample.samples_as_rows(per_sample.X_COLUMNS)
    W = per_sample.initial_weights(5)
    W_after, records = per_sample.train_per_sample(W, samples[:1], per_sample.LABELS[:1])
    gold = [[w - 1e-3 * g for w, g in zip(w_row, g_row)]
            for w_row, g_row in zip(W, records[0]["jacobian"])]
    assert W_after == gold
    assert W == per_sample.initial_weights(5)  # the caller's W is left alone


def test_per_sample_check_fails_the_notebook_backward(per_sample):
    purenn.init(dtype="float64")
    samples = per_sample.samples_as_rows(per_sample.X_COLUMNS)
    W = per_sample.check_weights(per_sample.initial_weights(5))
    wrong = per_sample.check_backward(per_sample.notebook_backward, W, samples[0], 2)
    assert [index for index, _, _ in wrong.wrong_entries()] == [
        f"dW[{i}][{j}]" for i in (0, 1) for j in range(6)]
    right = per_sample.check_backward(per_sample.jacobian_backward, W, samples[0], 2)
    assert right.passed() and right.max_relative_error < 1e-9, right.report()


def test_per_sample_prints_as_the_notebook(per_sample):
    result = run("softmax_per_sample.py", timeout=120)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    # The notebook's first printed gradient, rebuilt from its printed loss, at 2 decimals
    assert ("[[ 4.56  3.65  5.47  2.73  5.47  0.91]\n [ 4.56  3.65  5.47  2.73  5.47  0.91]\n"
            " [-0.44 -0.35 -0.53 -0.27 -0.53 -0.09]]") in out
    assert "12 wrong entries" in out and "(ok, tolerance" in out
    assert "the same gradients, largest difference" in out
