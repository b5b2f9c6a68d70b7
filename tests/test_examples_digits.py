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


# --- examples/digits_network.py ---

@pytest.fixture(scope="module")
def digits_network():
    return load_example("digits_network")


def train_five_epochs(digits_network, engine):
    """The example's network and defaults, 5 epochs of mini-batches of 32, float32."""
    ops = purenn.init(engine=engine)
    X, labels, X_test, labels_test = purenn.datasets.digits_data(engine=ops)
    y = digits_network.one_hot(labels, ops)
    network = digits_network.SigmoidNetwork(64, 64, engine=ops)
    optimizer = digits_network.make_optimizer("adam", 0.01, engine=ops)
    costs = digits_network.train(network, optimizer, X, y, epochs=5, batch_size=32,
                                 log=lambda line: None)
    accuracy, predictions = digits_network.evaluate(
        network, X_test, digits_network.one_hot(labels_test, ops))
    parameters = [ops.to_list(getattr(layer, name)) for layer in network.layers
                  for name in ("weights", "biases")]
    return costs, parameters, accuracy, predictions


def test_digits_network_engines_agree_bit_for_bit(digits_network):
    pytest.importorskip("numpy")
    mine = train_five_epochs(digits_network, "python")
    gold = train_five_epochs(digits_network, "numpy")
    costs, parameters, accuracy, predictions = mine
    # 5 epochs of 45 steps (1,438 images, the last batch 30)
    assert len(costs) == 5 * 45
    # Exact: every cost and every float32 weight and bias, bit for bit
    assert costs == gold[0]
    for mine_array, gold_array in zip(parameters, gold[1]):
        assert mine_array == gold_array
    assert accuracy == gold[2] and predictions == gold[3]
    # ... and it has learned something in 5 epochs
    assert costs[-1] < costs[0] / 5 and accuracy > 0.8


def test_digits_network_full_batch_is_one_step_per_epoch(digits_network):
    ops = purenn.init()
    X, labels, _, _ = purenn.datasets.digits_data(engine=ops)
    network = digits_network.SigmoidNetwork(64, 8, engine=ops)
    optimizer = digits_network.make_optimizer("sgd", 1.0, engine=ops)
    lines = []
    costs = digits_network.train(network, optimizer, X[:200], digits_network.one_hot(
        labels[:200], ops), epochs=3, batch_size=None, log=lines.append)
    assert len(costs) == 3 and optimizer.iterations == 3
    assert lines[0].startswith("epoch: 1, cost: ")


def test_digits_network_numpy_reaches_the_accuracy(digits_network):
    pytest.importorskip("numpy")
    lines = []
    result = digits_network.run_example("numpy", log=lines.append)
    assert result["test_accuracy"] >= 0.93, lines
    assert lines[-3].startswith("train accuracy: ") and lines[-2].startswith("test accuracy: ")


@pytest.mark.slow
def test_digits_network_python_reaches_the_accuracy_in_2_minutes(digits_network):
    lines = []
    result = digits_network.run_example("python", log=lines.append)
    assert result["test_accuracy"] >= 0.93, lines
    assert result["seconds"] < 120, lines


def test_digits_network_says_when_mnist_files_are_missing(tmp_path):
    result = run("digits_network.py", "--mnist", str(tmp_path / "nowhere"))
    assert result.returncode == 2 and "no such folder" in result.stderr
    # The missing files, with the numpy engine (on PyPy, without NumPy, this part skips)
    pytest.importorskip("numpy")
    result = run("digits_network.py", "--mnist", str(tmp_path), "--engine", "numpy")
    assert result.returncode == 2
    assert "--mnist: " in result.stderr and "missing train-images-idx3-ubyte.gz" in result.stderr


def write_mnist(folder, n, seed=0):
    """A tiny MNIST-like folder: n random 28x28 images per kind, random labels."""
    from array import array
    import random
    stream = random.Random(seed)
    for kind in ("train", "t10k"):
        purenn.datasets.save_idx(folder / f"{kind}-images-idx3-ubyte.gz", purenn.datasets.IdxData(
            "x", 0x08, (n, 28, 28), array("B", stream.randbytes(n * 784))))
        purenn.datasets.save_idx(folder / f"{kind}-labels-idx1-ubyte.gz", purenn.datasets.IdxData(
            "y", 0x08, (n,), array("B", [stream.randrange(10) for _ in range(n)])))


def test_digits_network_on_mnist_files(tmp_path):
    write_mnist(tmp_path, 40)
    # The python engine needs --limit
    result = run("digits_network.py", "--mnist", str(tmp_path))
    assert result.returncode == 2 and "needs --limit N" in result.stderr
    result = run("digits_network.py", "--mnist", str(tmp_path), "--limit", "20",
                 "--epochs", "2", "--hidden", "8")
    assert result.returncode == 0, result.stderr
    assert "20 training and 20 test images of 784 pixels" in result.stdout
    assert "test accuracy: " in result.stdout
    pytest.importorskip("numpy")
    result = run("digits_network.py", "--mnist", str(tmp_path), "--engine", "numpy",
                 "--epochs", "2")
    assert result.returncode == 0, result.stderr
    assert "40 training and 40 test images" in result.stdout


def test_digits_network_options_are_checked(tmp_path):
    result = run("digits_network.py", "--limit", "5")
    assert result.returncode == 2 and "--limit goes with --mnist" in result.stderr
    result = run("digits_network.py", "--batch-size", "-1")
    assert result.returncode == 2 and "--batch-size must be 0" in result.stderr
    result = run("digits_network.py", "--plot", str(tmp_path / "no" / "x.png"))
    assert result.returncode == 2 and "does not exist" in result.stderr


def test_digits_network_plot(tmp_path):
    pytest.importorskip("matplotlib")
    pytest.importorskip("numpy")
    path = tmp_path / "digits.png"
    result = run("digits_network.py", "--engine", "numpy", "--epochs", "2", "--plot", str(path))
    assert result.returncode == 0, result.stderr
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# --- benchmarks/digits_step.py ---

def test_digits_step_benchmark_does_the_same_work_in_each_engine():
    np = pytest.importorskip("numpy")
    path = Path(__file__).resolve().parents[1] / "benchmarks" / "digits_step.py"
    spec = importlib.util.spec_from_file_location("benchmark_digits_step", path)
    benchmark = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(benchmark)
    X, y = benchmark.batch()
    mine = benchmark.PurennStep("python", X, y)
    gold = benchmark.PurennStep("numpy", X, y)
    # The two engines: the same loss and gradients, bit for bit
    assert mine.step() == gold.step()
    assert mine.dense1.dweights == gold.dense1.dweights.tolist()
    assert mine.dense2.dbiases == gold.dense2.dbiases.tolist()
    # Plain NumPy (float32 products, not float64 rounded once): the same to float32 rounding
    baseline = benchmark.NumpyStep(X, y, gold.dense1.weights, gold.dense2.weights)
    assert abs(baseline.step() - float(gold.loss_activation.loss.calculate(
        gold.loss_activation.output, gold.y))) < 1e-5
    np.testing.assert_allclose(baseline.dweights1, gold.dense1.dweights, rtol=1e-3, atol=1e-7)
