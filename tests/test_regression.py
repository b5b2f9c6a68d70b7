"""Chapter 17, regression: Activation_Linear, Loss_MeanSquaredError, Loss_MeanAbsoluteError,
Accuracy_Regression, and the book's chapter 17 log (tests/data/ch17_book_log.txt).

The book's chapter 17 file prints 101 lines. purenn prints its first two (epochs 0 and 100)
character for character in both engines. From epoch 200 on the lines depart, and this is
marked below: the book's targets (sine_data's y) are float64, so NumPy computes its loss,
the loss's gradient, the last layer's bias gradient and Adam's state for those biases in
float64, where purenn computes every array at one working precision (float32). The book's
own code with y cast to float32 departs at epoch 200 too (measured when the log was made).
"""
import functools
import math
from pathlib import Path

import pytest

import purenn
from purenn.gradcheck import check_gradients

BOOK_LOG = Path(__file__).parent / "data" / "ch17_book_log.txt"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def book_lines():
    return [line for line in BOOK_LOG.read_text().splitlines() if not line.startswith("#")]


def flat(values):
    values = values.tolist() if hasattr(values, "tolist") else values
    out = []
    for row in values:
        row = row.tolist() if hasattr(row, "tolist") else row
        out.extend(row if isinstance(row, list) else [row])
    return [float(v) for v in out]


def run_ch17(engine, epochs):
    import sys
    sys.path.insert(0, str(EXAMPLES))
    try:
        import ch17_regression
    finally:
        sys.path.remove(str(EXAMPLES))
    return ch17_regression.run(engine, epochs, log=lambda line: None)


def test_book_log_has_101_lines():
    lines = book_lines()
    assert len(lines) == 101
    assert lines[0] == ("epoch: 0, acc: 0.003, loss: 0.496 (data_loss: 0.496, reg_loss: 0.000), "
                        "lr: 0.005")


@functools.lru_cache(maxsize=None)
def first_two_lines(engine):
    """An engine's first 101 epochs (two log lines), run once for the module."""
    network, lines, X, y = run_ch17(engine, 101)
    return lines, flat(network.dense3.weights), flat(network.dense1.biases)


def test_ch17_first_two_lines_are_the_books_numpy():
    pytest.importorskip("numpy")
    mine, _, _ = first_two_lines("numpy")
    gold = book_lines()[:2]
    assert mine == gold, f"mine {mine}\ngold {gold}"


@pytest.mark.slow
def test_ch17_first_two_lines_are_the_books_python():
    """The python engine: about a second an epoch (1,000 samples through 64 x 64), so the
    slow tier (the issue asked for the quick tier; 101 epochs take about 100 s here)."""
    mine, _, _ = first_two_lines("python")
    assert mine == book_lines()[:2]


@pytest.mark.slow
def test_ch17_engines_agree_bit_for_bit():
    pytest.importorskip("numpy")
    assert first_two_lines("python") == first_two_lines("numpy")


@pytest.mark.slow
def test_ch17_numpy_engine_full_log():
    """All 101 lines with the numpy engine: the first two are the book's; the rest depart
    (see the module docstring: the book's float64 targets)."""
    pytest.importorskip("numpy")
    mine = numpy_lines(10001)
    gold = book_lines()
    assert len(mine) == 101
    assert mine[:2] == gold[:2]
    # Not reproduced, with the reason above: purenn's line at epoch 200 is not the book's
    assert mine[2] != gold[2]


@functools.lru_cache(maxsize=None)
def numpy_lines(epochs):
    return run_ch17("numpy", epochs)[1]


@pytest.mark.slow
def test_ch17_python_engine_first_11_lines():
    """1,001 epochs in the python engine (about a second an epoch): its 11 lines are the
    numpy engine's, bit for bit; the first two are the book's (see the module docstring)."""
    pytest.importorskip("numpy")
    mine = run_ch17("python", 1001)[1]
    assert mine == numpy_lines(1001)
    assert mine[:2] == book_lines()[:2]


@pytest.mark.slow
@pytest.mark.hours
def test_ch17_python_engine_all_101_lines():
    """The book's 10,001 epochs in the python engine (hours): the numpy engine's 101 lines."""
    pytest.importorskip("numpy")
    mine = run_ch17("python", 10001)[1]
    assert len(mine) == 101
    assert mine == numpy_lines(10001)


# --- the classes -------------------------------------------------------------------------

def test_activation_linear_passes_values_and_gradients(engine):
    purenn.init(dtype="float64", engine=engine)
    activation = purenn.Activation_Linear()
    activation.forward([[1.5, -2.0]])
    activation.backward([[0.25, -4.0]])
    assert flat(activation.output) == [1.5, -2.0]
    assert flat(activation.dinputs) == [0.25, -4.0]
    assert activation.predictions(activation.output) is activation.output
    assert check_gradients(activation, [[0.3, -0.7], [1.1, 2.0]]).passed()


def test_mean_squared_error_forward_backward(engine):
    purenn.init(dtype="float64", engine=engine)
    loss_function = purenn.Loss_MeanSquaredError()
    y_pred = [[0.5, 1.0], [2.0, -1.0]]
    y_true = [[1.0, 1.0], [0.0, 0.0]]
    # mean over outputs of (y_true - y_pred) ** 2: (0.25 + 0) / 2, (4 + 1) / 2
    assert flat([loss_function.forward(y_pred, y_true)]) == [0.125, 2.5]
    assert float(loss_function.calculate(y_pred, y_true)) == 1.3125
    loss_function.backward(y_pred, y_true)
    # -2 * (y_true - y_pred) / 2 outputs / 2 samples
    assert flat(loss_function.dinputs) == [-0.25, 0.0, 1.0, -0.5]
    assert check_gradients(loss_function, y_pred, y_true).passed()


def test_mean_absolute_error_forward_backward(engine):
    purenn.init(dtype="float64", engine=engine)
    loss_function = purenn.Loss_MeanAbsoluteError()
    y_pred = [[0.5, 1.5], [2.0, -1.0]]
    y_true = [[1.0, 1.0], [0.0, 0.0]]
    assert flat([loss_function.forward(y_pred, y_true)]) == [0.5, 1.5]
    loss_function.backward(y_pred, y_true)
    # -np.sign(y_true - y_pred) / 2 outputs / 2 samples (the book's line has no minus
    # sign: the opposite of the gradient, which the gradient check below would refuse)
    assert flat(loss_function.dinputs) == [-0.25, 0.25, 0.25, -0.25]
    # Central differences away from the kinks (every error nonzero)
    assert check_gradients(loss_function, y_pred, y_true).passed()


def test_regression_losses_agree_between_engines_in_float32():
    pytest.importorskip("numpy")
    results = []
    for engine in ("python", "numpy"):
        purenn.init(engine=engine)
        X, y = purenn.sine_data(samples=50)
        y_pred = purenn.random.randn(50, 1)
        row = []
        for loss_class in (purenn.Loss_MeanSquaredError, purenn.Loss_MeanAbsoluteError):
            loss_function = loss_class()
            row.append(float(loss_function.calculate(y_pred, y)))
            loss_function.backward(y_pred, y)
            row.append(flat(loss_function.dinputs))
        accuracy = purenn.Accuracy_Regression()
        accuracy.init(y)
        row.append((float(accuracy.precision), accuracy.calculate(y_pred, y)))
        results.append(row)
    assert results[0] == results[1]


def test_accuracy_regression_precision_is_std_over_250(engine):
    purenn.init(dtype="float64", engine=engine)
    X, y = purenn.sine_data()
    accuracy = purenn.Accuracy_Regression()
    accuracy.init(y)
    values = flat(y)
    mean = math.fsum(values) / len(values)
    gold = math.sqrt(math.fsum((v - mean) ** 2 for v in values) / len(values)) / 250
    assert float(accuracy.precision) == pytest.approx(gold, rel=1e-14)
    # init again keeps it, unless reinit=True
    accuracy.init([[0.0], [10.0]])
    assert float(accuracy.precision) == pytest.approx(gold, rel=1e-14)
    accuracy.init([[0.0], [10.0]], reinit=True)
    assert float(accuracy.precision) == 5.0 / 250
    assert accuracy.calculate([[0.01], [10.5]], [[0.0], [10.0]]) == 0.5


def test_regression_targets_must_match_predictions(engine):
    purenn.init(engine=engine)
    with pytest.raises(purenn.ShapeError, match=r"y_true must be a 2-D list of rows.*\(3,\)"):
        purenn.Loss_MeanSquaredError().forward([[1.0], [2.0], [3.0]], [1.0, 2.0, 3.0])


def test_layer_dense_weight_scale_draws_the_book_ch17_weights(engine):
    purenn.init(engine=engine)
    scaled = flat(purenn.Layer_Dense(1, 64, weight_scale=0.1).weights)
    purenn.init(engine=engine)
    draws = flat(purenn.random.randn(1, 64))
    # 0.1 * randn in float32: 0.1 rounded to float32 first, as NumPy does
    to_float32 = purenn.engine.precision.to_float32
    assert scaled == [to_float32(to_float32(0.1) * d) for d in draws]
    with pytest.raises(ValueError, match="weight_scale"):
        purenn.Layer_Dense(1, 2, weight_scale=-1)
