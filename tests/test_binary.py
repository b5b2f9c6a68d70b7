"""Chapter 16: Activation_Sigmoid, Loss_BinaryCrossentropy and binary_accuracy.

References: NumPy running the book's formulas on the same arrays (bit for bit, tolerance
none; in float32 exp and log are evaluated in float64 and rounded once, purenn's rule for
both engines), central differences in float64 (relative error < 1e-6), and PyTorch's
autograd (optional, float64, relative 1e-12).
"""
import pytest

import purenn
from purenn.gradcheck import check_gradients

np = pytest.importorskip("numpy")


def f32_bits(values):
    return np.asarray(values, dtype=np.float32).view(np.uint32).tolist()


def exp32(x):
    """float32 exp by purenn's rule: in float64, rounded once."""
    return np.exp(x.astype(np.float64)).astype(np.float32)


def log32(x):
    return np.log(x.astype(np.float64)).astype(np.float32)


def batch(seed, shape, scale=3.0):
    return [[scale * x for x in row] for row in purenn.random.RandomState(seed).randn(*shape)]


def labels(seed, shape):
    """0/1 targets of ``shape``, drawn with the binomial (a list of rows of ints)."""
    stream = purenn.random.RandomState(seed)
    return purenn.random.stream_binomial(stream, 1, 0.5, shape)


@pytest.mark.parametrize("seed, shape", [(0, (5, 1)), (1, (7, 3)), (2, (1, 130))])
def test_sigmoid_forward_and_backward_are_the_books(engine, seed, shape):
    ops = purenn.init(engine=engine)
    inputs = ops.array(batch(seed, shape))
    dvalues = ops.array(batch(seed + 100, shape, 1.0))
    sigmoid = purenn.Activation_Sigmoid()
    sigmoid.forward(inputs)
    sigmoid.backward(dvalues)
    x = np.asarray(ops.to_list(inputs), dtype=np.float32)
    d = np.asarray(ops.to_list(dvalues), dtype=np.float32)
    gold_output = 1 / (1 + exp32(-x))
    gold_dinputs = d * (1 - gold_output) * gold_output
    assert gold_output.dtype == np.float32 and gold_dinputs.dtype == np.float32
    assert f32_bits(ops.to_list(sigmoid.output)) == f32_bits(gold_output)
    assert f32_bits(ops.to_list(sigmoid.dinputs)) == f32_bits(gold_dinputs)


def test_sigmoid_forward_takes_training(engine):
    purenn.init(engine=engine)
    sigmoid = purenn.Activation_Sigmoid()
    sigmoid.forward([[0.0, 100.0, -20.0]], training=False)
    gold = 1 / (1 + exp32(np.array([20.0], dtype=np.float32)))
    assert sigmoid.ops.to_list(sigmoid.output) == [[0.5, 1.0, gold[0]]]


def probabilities(seed, shape):
    """Values in (0, 1), some beyond the clip range [1e-7, 1 - 1e-7]."""
    values = [[1 / (1 + np.exp(-x)) for x in row] for row in batch(seed, shape, 6.0)]
    values[0][0] = 1e-9
    if shape[1] > 1:
        values[0][1] = 1.0
    return values


def gold_bce(y_pred, y_true):
    """The book's Loss_BinaryCrossentropy.forward and backward in NumPy float32."""
    y_pred = np.asarray(y_pred, dtype=np.float32)
    y_true = np.asarray(y_true, dtype=np.uint8)  # the book's labels: uint8, reshaped
    y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)
    sample_losses = -(y_true * log32(y_pred_clipped) + (1 - y_true) * log32(1 - y_pred_clipped))
    sample_losses = np.mean(sample_losses, axis=-1)
    samples, outputs = y_pred.shape
    dinputs = -(y_true / y_pred_clipped - (1 - y_true) / (1 - y_pred_clipped)) / outputs
    dinputs = dinputs / samples
    return sample_losses, np.mean(sample_losses), dinputs


@pytest.mark.parametrize("seed, shape", [(0, (200, 1)), (1, (6, 3)), (2, (3, 9))])
def test_binary_crossentropy_is_the_books(engine, seed, shape):
    ops = purenn.init(engine=engine)
    y_pred = ops.array(probabilities(seed, shape))
    y_true = labels(seed, shape)
    loss = purenn.Loss_BinaryCrossentropy()
    sample_losses = loss.forward(y_pred, y_true)
    data_loss = loss.calculate(y_pred, y_true)
    loss.backward(y_pred, y_true)
    gold_losses, gold_loss, gold_dinputs = gold_bce(ops.to_list(y_pred), y_true)
    assert gold_losses.dtype == np.float32 and gold_dinputs.dtype == np.float32
    assert f32_bits(ops.to_list(sample_losses)) == f32_bits(gold_losses)
    assert f32_bits(data_loss) == f32_bits(gold_loss)
    assert f32_bits(ops.to_list(loss.dinputs)) == f32_bits(gold_dinputs)


def test_binary_crossentropy_takes_numpy_labels_reshaped_as_the_book_does(engine):
    ops = purenn.init(engine=engine)
    X, y = purenn.spiral_data(samples=5, classes=2)
    y_column = np.asarray(ops.to_list(y), dtype=np.uint8).reshape(-1, 1)
    y_pred = ops.array(probabilities(3, (10, 1)))
    loss = purenn.Loss_BinaryCrossentropy()
    assert f32_bits(loss.calculate(y_pred, y_column)) == \
        f32_bits(loss.calculate(y_pred, y_column.tolist()))


@pytest.mark.parametrize("seed, shape", [(0, (9, 1)), (1, (5, 4))])
def test_binary_accuracy_is_the_books(engine, seed, shape):
    ops = purenn.init(engine=engine)
    output = ops.array(probabilities(seed, shape))
    output_list = ops.to_list(output)
    output_list[1][0] = 0.5  # exactly 0.5 is not above 0.5
    output = ops.array(output_list)
    y = labels(seed, shape)
    mine = purenn.binary_accuracy(output, y)
    predictions = (np.asarray(output_list, dtype=np.float32) > 0.5) * 1
    gold = np.mean(predictions == np.asarray(y))
    assert type(mine) is float and mine == gold, f"mine {mine} gold {gold}"


def test_gradient_check_sigmoid(engine):
    purenn.init(engine=engine, dtype="float64")
    result = check_gradients(purenn.Activation_Sigmoid(), batch(4, (6, 3), 2.0))
    assert result.max_relative_error < 1e-6, result


@pytest.mark.parametrize("shape", [(8, 1), (5, 3)])
def test_gradient_check_binary_crossentropy(engine, shape):
    purenn.init(engine=engine, dtype="float64")
    # Predictions within (0.05, 0.95): the clip range is far away
    y_pred = [[0.05 + 0.9 / (1 + np.exp(-x)) for x in row] for row in batch(5, shape, 2.0)]
    result = check_gradients(purenn.Loss_BinaryCrossentropy(), y_pred, y_true=labels(6, shape))
    assert result.max_relative_error < 1e-6, result


def test_gradient_check_sigmoid_then_binary_crossentropy(engine):
    """The chain the book trains: d(mean loss)/d(inputs) through sigmoid and BCE."""
    ops = purenn.init(engine=engine, dtype="float64")
    inputs = batch(7, (6, 2), 1.5)
    y = labels(8, (6, 2))
    sigmoid, loss = purenn.Activation_Sigmoid(), purenn.Loss_BinaryCrossentropy()

    def objective():
        sigmoid.forward(inputs)
        return float(loss.calculate(sigmoid.output, y))
    objective()
    loss.backward(sigmoid.output, y)
    sigmoid.backward(loss.dinputs)
    numerical = purenn.gradcheck.numerical_gradient(objective, inputs)
    error = purenn.gradcheck.relative_error(ops.to_list(sigmoid.dinputs), numerical)
    assert error < 1e-6


def test_sigmoid_and_bce_gradient_equal_pytorch(engine):
    torch = pytest.importorskip("torch")
    ops = purenn.init(engine=engine, dtype="float64")
    inputs = batch(9, (7, 3), 1.5)
    y = labels(10, (7, 3))
    sigmoid, loss = purenn.Activation_Sigmoid(), purenn.Loss_BinaryCrossentropy()
    sigmoid.forward(inputs)
    mine_loss = float(loss.calculate(sigmoid.output, y))
    loss.backward(sigmoid.output, y)
    sigmoid.backward(loss.dinputs)
    z = torch.tensor(inputs, dtype=torch.float64, requires_grad=True)
    gold_loss = torch.nn.functional.binary_cross_entropy(
        torch.sigmoid(z), torch.tensor(y, dtype=torch.float64))
    gold_loss.backward()
    assert mine_loss == pytest.approx(gold_loss.item(), rel=1e-12)
    mine = [x for row in ops.to_list(sigmoid.dinputs) for x in row]
    gold = [x for row in z.grad.tolist() for x in row]
    assert mine == pytest.approx(gold, rel=1e-12), f"mine {mine}\ngold {gold}"


@pytest.mark.parametrize("call", ["forward", "backward", "accuracy"])
def test_1d_labels_for_a_column_output_say_to_reshape(engine, call):
    purenn.init(engine=engine)
    y_pred = [[0.2], [0.7], [0.9]]
    with pytest.raises(ValueError) as caught:
        if call == "accuracy":
            purenn.binary_accuracy(y_pred, [0, 1, 1])
        else:
            getattr(purenn.Loss_BinaryCrossentropy(), call)(y_pred, [0, 1, 1])
    message = str(caught.value)
    assert "y_true has shape (3,) but the output has shape (3, 1)" in message
    assert "y.reshape(-1, 1)" in message


@pytest.mark.parametrize("y_true, error, message", [
    ([[0], [2], [1]], ValueError, "y_true[1][0] is 2: binary labels must be 0 or 1"),
    ([[0], [0.5], [1]], ValueError, "y_true[1][0] is 0.5: binary labels must be 0 or 1"),
    ([[0], [True], [1]], ValueError, "y_true[1][0] is True: binary labels must be 0 or 1"),
    ([[0], ["1"], [1]], ValueError, "y_true[1][0] is '1': binary labels must be 0 or 1"),
    ([[0], [1]], ValueError, "y_true must have the output's shape (3, 1)"),
    ([[0, 1], [1, 0], [1, 1]], ValueError, "but has shape (3, 2)"),
])
def test_bad_binary_labels_are_refused_naming_them(engine, y_true, error, message):
    purenn.init(engine=engine)
    with pytest.raises(error) as caught:
        purenn.Loss_BinaryCrossentropy().forward([[0.2], [0.7], [0.9]], y_true)
    assert message in str(caught.value)


def test_labels_as_floats_0_and_1_are_accepted(engine):
    purenn.init(engine=engine)
    loss = purenn.Loss_BinaryCrossentropy()
    assert loss.calculate([[0.2], [0.7]], [[0.0], [1.0]]) == loss.calculate([[0.2], [0.7]], [[0], [1]])


def test_reprs(engine):
    ops = purenn.init(engine=engine)
    assert repr(purenn.Activation_Sigmoid()) == f"Activation_Sigmoid(ops={ops!r})"
    assert repr(purenn.Loss_BinaryCrossentropy()) == f"Loss_BinaryCrossentropy(ops={ops!r})"
