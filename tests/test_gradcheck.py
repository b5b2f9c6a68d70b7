"""A central-difference gradient check (float64) for every backward pass, relative error < 1e-6."""
import pytest

import purenn
from purenn.gradcheck import check_gradients, numerical_gradient

TOLERANCE = 1e-6


def batch(seed, n_samples, n_values, away_from_zero=False):
    """A reproducible batch of inputs; ``away_from_zero`` keeps ReLU off its kink at 0."""
    rows = purenn.random.RandomState(seed).randn(n_samples, n_values)
    if away_from_zero:
        rows = [[x + (0.1 if x >= 0 else -0.1) for x in row] for row in rows]
    return rows


@pytest.mark.parametrize("seed", range(5))
def test_layer_dense_backward(engine, seed):
    purenn.init(seed=seed, dtype="float64", engine=engine)
    result = check_gradients(purenn.Layer_Dense(4, 5), batch(seed, 6, 4))
    assert set(result.relative_errors) == {"dinputs", "dweights", "dbiases"}
    assert result.max_relative_error < TOLERANCE, result


@pytest.mark.parametrize("seed", range(5))
def test_relu_backward(engine, seed):
    purenn.init(seed=seed, dtype="float64", engine=engine)
    result = check_gradients(purenn.Activation_ReLU(), batch(seed, 6, 4, away_from_zero=True))
    assert result.max_relative_error < TOLERANCE, result


@pytest.mark.parametrize("seed", range(5))
def test_softmax_backward(engine, seed):
    purenn.init(seed=seed, dtype="float64", engine=engine)
    result = check_gradients(purenn.Activation_Softmax(), batch(seed, 6, 3))
    assert result.max_relative_error < TOLERANCE, result


def probabilities(seed, n_samples, n_classes):
    """Rows of positive values that add up to 1 (a softmax of random numbers)."""
    softmax = purenn.Activation_Softmax(engine="python")
    softmax.forward(batch(seed, n_samples, n_classes))
    return softmax.output


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("one_hot", [False, True])
def test_categorical_crossentropy_backward(engine, seed, one_hot):
    purenn.init(seed=seed, dtype="float64", engine=engine)
    labels = [i % 3 for i in range(6)]
    y_true = [[1 if j == label else 0 for j in range(3)] for label in labels] if one_hot else labels
    result = check_gradients(purenn.Loss_CategoricalCrossentropy(), probabilities(seed, 6, 3),
                             y_true=y_true)
    assert result.max_relative_error < TOLERANCE, result


@pytest.mark.parametrize("seed", range(5))
def test_combined_softmax_crossentropy_backward(engine, seed):
    purenn.init(seed=seed, dtype="float64", engine=engine)
    result = check_gradients(purenn.Activation_Softmax_Loss_CategoricalCrossentropy(),
                             batch(seed, 6, 3), y_true=[0, 1, 2, 2, 1, 0])
    assert result.max_relative_error < TOLERANCE, result


def test_the_check_finds_a_wrong_backward(engine):
    # A backward that is off by 1% must fail the check by far
    class Wrong_ReLU(purenn.Activation_ReLU):
        def backward(self, dvalues):
            super().backward(dvalues)
            self.dinputs = self.ops.multiply(1.01, self.dinputs)

    purenn.init(dtype="float64", engine=engine)
    result = check_gradients(Wrong_ReLU(), batch(0, 4, 3, away_from_zero=True))
    assert result.max_relative_error > 1e-3


def test_numerical_gradient_of_a_square():
    # d/dx x^2 = 2x, exactly for central differences up to rounding
    values = [[3.0, -1.5]]
    gradient = numerical_gradient(lambda: sum(x * x for x in values[0]), values)
    assert gradient[0] == pytest.approx([6.0, -3.0], rel=1e-8)
    assert values == [[3.0, -1.5]]


def test_check_leaves_the_layer_as_it_was(engine):
    ops = purenn.init(dtype="float64", engine=engine)
    dense = purenn.Layer_Dense(3, 2)
    weights, biases = ops.to_list(dense.weights), ops.to_list(dense.biases)
    check_gradients(dense, batch(0, 4, 3))
    assert ops.to_list(dense.weights) == weights
    assert ops.to_list(dense.biases) == biases
