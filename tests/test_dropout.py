"""Chapter 15: Layer_Dropout and its mask.

References: the book's ``np.random.binomial(1, self.rate, size) / self.rate`` on a private
np.random.RandomState with the same seed (float64: bit for bit, tolerance none), the
documented float32 departure (the draws made float32, divided in float32: bit for bit),
the other engine (bit for bit), and central differences with a fixed mask (float64,
relative error < 1e-6).
"""
import pytest

import purenn
from purenn.gradcheck import check_gradients

np = pytest.importorskip("numpy")


def f32_bits(values):
    return np.asarray(values, dtype=np.float32).view(np.uint32).tolist()


def f64_bits(values):
    return np.asarray(values, dtype=np.float64).view(np.uint64).tolist()


def test_rate_is_stored_inverted_as_the_book_does(engine):
    purenn.init(engine=engine)
    dropout = purenn.Layer_Dropout(0.1)
    assert dropout.rate == 1 - 0.1
    assert dropout.binary_mask is None and dropout.output is None and dropout.dinputs is None


@pytest.mark.parametrize("seed, rate, shape", [(0, 0.1, (6, 5)), (1, 0.5, (3, 64)),
                                               (2, 0.0, (4, 4)), (3, 0.9, (10, 3))])
def test_mask_in_float64_is_the_books(engine, seed, rate, shape):
    ops = purenn.init(seed=seed, engine=engine, dtype="float64")
    gold_stream = np.random.RandomState(seed)
    inputs = purenn.random.randn(*shape)
    gold_inputs = gold_stream.randn(*shape)
    dropout = purenn.Layer_Dropout(rate)
    dropout.forward(inputs)
    # The book's Layer_Dropout.forward, on NumPy's stream
    keep = 1 - rate
    gold_mask = gold_stream.binomial(1, keep, size=gold_inputs.shape) / keep
    gold_output = gold_inputs * gold_mask
    assert f64_bits(ops.to_list(dropout.binary_mask)) == f64_bits(gold_mask)
    assert f64_bits(ops.to_list(dropout.output)) == f64_bits(gold_output)
    # Both streams are at the same place afterwards
    assert purenn.random.randn(2) == gold_stream.randn(2).tolist()


@pytest.mark.parametrize("seed, rate", [(0, 0.1), (5, 0.3), (6, 0.7)])
def test_mask_in_float32_is_made_in_float32(engine, seed, rate):
    """Differs from book (documented in Layer_Dropout): float32 draws / float32(self.rate)."""
    ops = purenn.init(seed=seed, engine=engine)
    gold_stream = np.random.RandomState(seed)
    inputs = purenn.random.randn(8, 7)
    gold_inputs = gold_stream.randn(8, 7).astype(np.float32)
    dropout = purenn.Layer_Dropout(rate)
    dropout.forward(inputs)
    keep = 1 - rate
    gold_mask = gold_stream.binomial(1, keep, size=(8, 7)).astype(np.float32) / np.float32(keep)
    gold_output = gold_inputs * gold_mask
    assert gold_mask.dtype == np.float32 and gold_output.dtype == np.float32
    assert f32_bits(ops.to_list(dropout.binary_mask)) == f32_bits(gold_mask)
    assert f32_bits(ops.to_list(dropout.output)) == f32_bits(gold_output)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_both_engines_draw_the_same_masks(dtype):
    pytest.importorskip("numpy")
    results = {}
    for engine in ("python", "numpy"):
        ops = purenn.init(seed=11, engine=engine, dtype=dtype)
        dropout = purenn.Layer_Dropout(0.25)
        masks = []
        for _ in range(3):
            dropout.forward(purenn.random.randn(5, 9))
            masks.append(ops.to_list(dropout.binary_mask))
        results[engine] = (masks, purenn.random.randn(3))
    assert results["python"] == results["numpy"]


def test_backward_applies_the_same_mask(engine):
    ops = purenn.init(seed=4, engine=engine)
    dropout = purenn.Layer_Dropout(0.4)
    dropout.forward(purenn.random.randn(6, 5))
    dvalues = purenn.random.randn(6, 5)
    dropout.backward(dvalues)
    gold = np.asarray(dvalues, dtype=np.float32) * np.asarray(ops.to_list(dropout.binary_mask),
                                                             dtype=np.float32)
    assert f32_bits(ops.to_list(dropout.dinputs)) == f32_bits(gold)


def test_not_training_passes_the_inputs_on_and_draws_nothing(engine):
    ops = purenn.init(seed=2, engine=engine)
    inputs = purenn.random.randn(4, 3)
    dropout = purenn.Layer_Dropout(0.5)
    dropout.forward(inputs, training=False)
    assert ops.to_list(dropout.output) == inputs
    assert dropout.output is not inputs
    # Nothing was drawn: the next numbers are the ones after the inputs
    gold_stream = np.random.RandomState(2)
    gold_stream.randn(4, 3)
    assert purenn.random.randn(2) == gold_stream.randn(2).astype(np.float32).tolist()
    with pytest.raises(ValueError, match="training=False"):
        dropout.backward(inputs)


def test_training_true_is_the_default_and_the_books_call(engine):
    purenn.init(seed=3, engine=engine)
    inputs = purenn.random.randn(50, 20)
    dropout = purenn.Layer_Dropout(0.5)
    dropout.forward(inputs)
    values = [x for row in dropout.ops.to_list(dropout.output) for x in row]
    zeros = values.count(0.0)
    # About half of 1,000 values dropped (binomial: 500 +- 3 standard deviations of 16)
    assert 450 < zeros < 550


class FixedMaskDropout:
    """A Layer_Dropout whose every forward draws the same mask (the stream reseeded first)."""

    def __init__(self, rate, seed):
        self.layer = purenn.Layer_Dropout(rate)
        self.ops = self.layer.ops
        self.seed = seed

    def forward(self, inputs):
        purenn.random.seed(self.seed)
        self.layer.forward(inputs)
        self.output = self.layer.output

    def backward(self, dvalues):
        self.layer.backward(dvalues)
        self.dinputs = self.layer.dinputs


@pytest.mark.parametrize("rate", [0.1, 0.5])
def test_gradient_check_with_a_fixed_mask(engine, rate):
    purenn.init(engine=engine, dtype="float64")
    dropout = FixedMaskDropout(rate, seed=7)
    inputs = purenn.random.RandomState(1).randn(6, 8)
    result = check_gradients(dropout, inputs)
    assert result.max_relative_error < 1e-6, result
    # The mask did drop something, and kept something
    mask = [x for row in dropout.ops.to_list(dropout.layer.binary_mask) for x in row]
    assert 0.0 in mask and 1 / (1 - rate) in mask


@pytest.mark.parametrize("rate, error, message", [
    (1, ValueError, "rate must be in [0, 1)"),
    (1.5, ValueError, "rate must be in [0, 1)"),
    (-0.1, ValueError, "rate must be in [0, 1)"),
    (float("nan"), ValueError, "rate must be in [0, 1)"),
    ("0.1", TypeError, "rate must be a number in [0, 1)"),
    (True, TypeError, "rate must be a number in [0, 1)"),
])
def test_bad_rate_is_refused_naming_it(engine, rate, error, message):
    purenn.init(engine=engine)
    with pytest.raises(error) as caught:
        purenn.Layer_Dropout(rate)
    assert message in str(caught.value)


def test_backward_before_forward_and_bad_shapes_are_refused(engine):
    purenn.init(engine=engine)
    dropout = purenn.Layer_Dropout(0.1)
    with pytest.raises(ValueError, match="call forward before backward"):
        dropout.backward([[1.0]])
    dropout.forward([[1.0, 2.0]])
    with pytest.raises(ValueError, match=r"dvalues has shape \(1, 3\)"):
        dropout.backward([[1.0, 2.0, 3.0]])


def test_repr(engine):
    ops = purenn.init(engine=engine)
    assert repr(purenn.Layer_Dropout(0.5)) == f"Layer_Dropout(self.rate=0.5 (the share kept), ops={ops!r})"
