"""Chapter 14: Layer_Dense's L1 and L2 regularizers and Loss.regularization_loss.

References: NumPy running the book's formulas on the same float32 arrays (bit for bit,
tolerance none), central differences in float64 (relative error < 1e-6), and PyTorch's SGD
with weight_decay = 2 * l2 (optional, float64, relative 1e-12).
"""
import inspect

import pytest

import purenn
from purenn.gradcheck import numerical_gradient, relative_error

np = pytest.importorskip("numpy")

STRENGTHS = dict(weight_regularizer_l1=3e-3, weight_regularizer_l2=5e-4,
                 bias_regularizer_l1=2e-3, bias_regularizer_l2=7e-4)


def f32_bits(values):
    return np.asarray(values, dtype=np.float32).view(np.uint32).tolist()


def regularized_layer(engine, seed=0, n_inputs=4, n_neurons=5, **strengths):
    """A layer with random weights and (non-zero) random biases, made after purenn.init."""
    ops = purenn.init(seed=seed, engine=engine)
    layer = purenn.Layer_Dense(n_inputs, n_neurons, **strengths)
    layer.biases = ops.array(purenn.random.randn(1, n_neurons))
    return ops, layer


def test_layer_dense_has_the_books_four_strengths_defaulting_to_0():
    parameters = inspect.signature(purenn.Layer_Dense).parameters
    names = list(parameters)[:6]
    assert names == ["n_inputs", "n_neurons", "weight_regularizer_l1", "weight_regularizer_l2",
                     "bias_regularizer_l1", "bias_regularizer_l2"]
    assert [parameters[name].default for name in names[2:]] == [0, 0, 0, 0]


def gold_regularization_loss(layers):
    """The book's formula (chapter 14; chapter 18's loop over layers), in NumPy float32."""
    regularization_loss = 0
    for layer in layers:
        weights = np.asarray(layer.ops.to_list(layer.weights), dtype=np.float32)
        biases = np.asarray(layer.ops.to_list(layer.biases), dtype=np.float32)
        if layer.weight_regularizer_l1 > 0:
            regularization_loss += layer.weight_regularizer_l1 * np.sum(np.abs(weights))
        if layer.weight_regularizer_l2 > 0:
            regularization_loss += layer.weight_regularizer_l2 * np.sum(weights * weights)
        if layer.bias_regularizer_l1 > 0:
            regularization_loss += layer.bias_regularizer_l1 * np.sum(np.abs(biases))
        if layer.bias_regularizer_l2 > 0:
            regularization_loss += layer.bias_regularizer_l2 * np.sum(biases * biases)
    return regularization_loss


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_regularization_loss_of_a_layer_is_the_books_float32(engine, seed):
    ops, layer = regularized_layer(engine, seed, 64, 3, **STRENGTHS)
    mine = purenn.Loss_CategoricalCrossentropy().regularization_loss(layer)
    gold = gold_regularization_loss([layer])
    assert type(gold) is np.float32
    assert f32_bits(mine) == f32_bits(gold), f"mine {mine!r} gold {gold!r}"


def test_regularization_loss_without_strengths_is_the_integer_0(engine):
    ops, layer = regularized_layer(engine)
    mine = purenn.Loss_BinaryCrossentropy().regularization_loss(layer)
    assert mine == 0 and type(mine) is int


def test_regularization_loss_without_a_layer_adds_up_the_trainable_layers(engine):
    """Chapter 18's form: one running total over loss.trainable_layers."""
    ops = purenn.init(engine=engine)
    dense1 = purenn.Layer_Dense(2, 64, weight_regularizer_l2=5e-4, bias_regularizer_l1=1e-3)
    dense1.biases = ops.array(purenn.random.randn(1, 64))
    dense2 = purenn.Layer_Dense(64, 3, weight_regularizer_l1=5e-4)
    loss = purenn.Loss_CategoricalCrossentropy()
    assert loss.trainable_layers == []
    assert loss.regularization_loss() == 0
    loss.trainable_layers = [dense1, dense2]
    mine = loss.regularization_loss()
    gold = gold_regularization_loss([dense1, dense2])
    assert f32_bits(mine) == f32_bits(gold), f"mine {mine!r} gold {gold!r}"


def gold_regularized_gradients(layer, plain_dweights, plain_dbiases):
    """The book's backward additions, in NumPy float32, on top of the plain gradients."""
    weights = np.asarray(layer.ops.to_list(layer.weights), dtype=np.float32)
    biases = np.asarray(layer.ops.to_list(layer.biases), dtype=np.float32)
    dweights = np.asarray(plain_dweights, dtype=np.float32)
    dbiases = np.asarray(plain_dbiases, dtype=np.float32)
    if layer.weight_regularizer_l1 > 0:
        dL1 = np.ones_like(weights)
        dL1[weights < 0] = -1
        dweights += layer.weight_regularizer_l1 * dL1
    if layer.weight_regularizer_l2 > 0:
        dweights += 2 * layer.weight_regularizer_l2 * weights
    if layer.bias_regularizer_l1 > 0:
        dL1 = np.ones_like(biases)
        dL1[biases < 0] = -1
        dbiases += layer.bias_regularizer_l1 * dL1
    if layer.bias_regularizer_l2 > 0:
        dbiases += 2 * layer.bias_regularizer_l2 * biases
    return dweights, dbiases


@pytest.mark.parametrize("strengths", [
    STRENGTHS,
    dict(weight_regularizer_l2=5e-4, bias_regularizer_l2=5e-4),   # the book's chapter 14
    dict(weight_regularizer_l1=1e-2),
    dict(bias_regularizer_l1=1e-2, bias_regularizer_l2=0.0),
])
def test_backward_adds_the_books_regularization_gradients(engine, strengths):
    ops, layer = regularized_layer(engine, 3, 4, 5, **strengths)
    plain = purenn.Layer_Dense(4, 5)
    plain.weights, plain.biases = layer.weights, layer.biases
    inputs = purenn.random.randn(6, 4)
    dvalues = purenn.random.randn(6, 5)
    for each in (layer, plain):
        each.forward(inputs)
        each.backward(dvalues)
    gold_dweights, gold_dbiases = gold_regularized_gradients(
        layer, ops.to_list(plain.dweights), ops.to_list(plain.dbiases))
    assert f32_bits(ops.to_list(layer.dweights)) == f32_bits(gold_dweights)
    assert f32_bits(ops.to_list(layer.dbiases)) == f32_bits(gold_dbiases)
    # The gradient on the inputs does not change
    assert f32_bits(ops.to_list(layer.dinputs)) == f32_bits(ops.to_list(plain.dinputs))


def test_l1_gradient_counts_a_weight_of_0_as_positive(engine):
    """The book's dL1 starts as ones and is -1 only where weights < 0: 0 and -0.0 give +1."""
    ops = purenn.init(engine=engine, dtype="float64")
    layer = purenn.Layer_Dense(2, 3, weight_regularizer_l1=0.5, bias_regularizer_l1=0.25)
    layer.weights = ops.array([[0.0, -0.0, -2.0], [3.0, -1e-300, 1e-300]])
    layer.biases = ops.array([[0.0, -0.0, -1.0]])
    layer.forward([[0.0, 0.0]])
    layer.backward([[0.0, 0.0, 0.0]])
    assert ops.to_list(layer.dweights) == [[0.5, 0.5, -0.5], [0.5, -0.5, 0.5]]
    assert ops.to_list(layer.dbiases) == [[0.25, 0.25, -0.25]]


def regularized_objective(layer, inputs, dvalues):
    """sum(output * dvalues) + the layer's regularization loss: its gradient is what
    backward(dvalues) gives for the weights and biases."""
    loss = purenn.Loss_CategoricalCrossentropy(engine=layer.ops)

    def objective():
        layer.forward(inputs)
        output = layer.ops.to_list(layer.output)
        total = 0.0
        for output_row, dvalues_row in zip(output, dvalues):
            for o, d in zip(output_row, dvalues_row):
                total += o * d
        return total + float(loss.regularization_loss(layer))
    return objective


@pytest.mark.parametrize("strengths", [
    dict(weight_regularizer_l1=0.3, bias_regularizer_l1=0.2),      # L1 (weights away from 0)
    dict(weight_regularizer_l2=0.3, bias_regularizer_l2=0.2),      # L2
    STRENGTHS,
])
@pytest.mark.parametrize("seed", [0, 1])
def test_gradient_check_of_the_regularized_layer(engine, seed, strengths):
    ops = purenn.init(seed=seed, engine=engine, dtype="float64")
    layer = purenn.Layer_Dense(3, 4, **strengths)
    # Weights and biases at least 0.1 from 0, where |w| has no kink within the nudge
    stream = purenn.random.RandomState(seed + 10)
    weights = [[w + (0.1 if w >= 0 else -0.1) for w in row] for row in stream.randn(3, 4)]
    biases = [[b + (0.1 if b >= 0 else -0.1) for b in stream.randn(4)]]
    inputs = stream.randn(5, 3)
    dvalues = stream.randn(5, 4)
    # Analytic gradients
    layer.weights, layer.biases = ops.array(weights), ops.array(biases)
    layer.forward(inputs)
    layer.backward(dvalues)
    analytic = {"dweights": ops.to_list(layer.dweights), "dbiases": ops.to_list(layer.dbiases)}
    # Numerical gradients: nudge each weight, then each bias, of plain-list copies
    objective = regularized_objective(layer, inputs, dvalues)
    for name, values in (("dweights", weights), ("dbiases", biases)):
        attribute = name[1:]

        def nudged():
            setattr(layer, attribute, ops.array(values))
            return objective()
        numerical = numerical_gradient(nudged, values)
        setattr(layer, attribute, ops.array(values))
        error = relative_error(analytic[name], numerical)
        assert error < 1e-6, f"{name}: relative error {error:.2e}\nmine {analytic[name]}\ngold {numerical}"


@pytest.mark.parametrize("name", ["weight_regularizer_l1", "weight_regularizer_l2",
                                  "bias_regularizer_l1", "bias_regularizer_l2"])
@pytest.mark.parametrize("value, error, message", [
    (-1e-4, ValueError, "must be >= 0 (a regularization strength), not -0.0001"),
    (float("nan"), ValueError, "must be >= 0 (a regularization strength), not nan"),
    ("5e-4", TypeError, "must be a number >= 0 (a regularization strength), not '5e-4'"),
    (True, TypeError, "must be a number >= 0 (a regularization strength), not True"),
    (None, TypeError, "not None"),
])
def test_bad_strength_is_refused_naming_the_argument(engine, name, value, error, message):
    purenn.init(engine=engine)
    with pytest.raises(error) as caught:
        purenn.Layer_Dense(2, 3, **{name: value})
    assert str(caught.value).startswith(name) and message in str(caught.value)
    # A refused layer draws nothing from the stream
    assert purenn.random.randn(1) == [np.float32(np.random.RandomState(0).randn(1)[0])]


def test_repr_shows_the_strengths_that_are_set(engine):
    ops = purenn.init(engine=engine)
    layer = purenn.Layer_Dense(2, 64, weight_regularizer_l2=5e-4, bias_regularizer_l2=5e-4)
    assert repr(layer) == (f"Layer_Dense(n_inputs=2, n_neurons=64, weight_regularizer_l2=0.0005, "
                           f"bias_regularizer_l2=0.0005, ops={ops!r})")
    assert repr(purenn.Layer_Dense(2, 3)) == f"Layer_Dense(n_inputs=2, n_neurons=3, ops={ops!r})"


def test_sgd_with_l2_equals_pytorch_sgd_with_weight_decay_2_l2(engine):
    """PyTorch adds weight_decay * parameter to the gradient; the book adds 2 * l2 * parameter."""
    torch = pytest.importorskip("torch")
    l2 = 0.05
    ops = purenn.init(engine=engine, dtype="float64")
    X, y = purenn.spiral_data(samples=10, classes=3)
    dense = purenn.Layer_Dense(2, 3, weight_regularizer_l2=l2, bias_regularizer_l2=l2)
    dense.biases = ops.array(purenn.random.randn(1, 3))
    weights = torch.tensor(ops.to_list(dense.weights), dtype=torch.float64, requires_grad=True)
    biases = torch.tensor(ops.to_list(dense.biases), dtype=torch.float64, requires_grad=True)
    loss_activation = purenn.Activation_Softmax_Loss_CategoricalCrossentropy()
    optimizer = purenn.Optimizer_SGD(learning_rate=0.5)
    gold_optimizer = torch.optim.SGD([weights, biases], lr=0.5, weight_decay=2 * l2)
    X_gold = torch.tensor(ops.to_list(X), dtype=torch.float64)
    y_gold = torch.tensor(ops.to_list(y), dtype=torch.long)
    for step in range(5):
        dense.forward(X)
        loss_activation.forward(dense.output, y)
        loss_activation.backward(loss_activation.output, y)
        dense.backward(loss_activation.dinputs)
        optimizer.pre_update_params()
        optimizer.update_params(dense)
        optimizer.post_update_params()
        gold_optimizer.zero_grad()
        torch.nn.functional.cross_entropy(X_gold @ weights + biases, y_gold).backward()
        gold_optimizer.step()
    mine = [x for row in ops.to_list(dense.weights) + ops.to_list(dense.biases) for x in row]
    gold = [x for row in weights.detach().tolist() + biases.detach().tolist() for x in row]
    assert mine == pytest.approx(gold, rel=1e-12), f"mine {mine}\ngold {gold}"
