"""The UCI handwritten digits shipped in purenn/data, and digits_data()'s fixed split."""
import gzip
import hashlib
from collections import Counter

import pytest

import purenn
from purenn import idx
from purenn.datasets import digits_data, load_idx

# Gold: sha256 of the pixel bytes (64 per image, in order) and of the labels of scikit-learn's
# sklearn/datasets/data/digits.csv.gz (scikit-learn 1.9.1 wheel), computed from that file
PIXELS_SHA256 = "8f26b2bd9d135c256808f68f14fdabddde6d9c7f869ae419704b051f0f14b3b3"
LABELS_SHA256 = "8ba4f891220f5e4c9c819638d1602d74b83618f167043c6da52a2a247841ddf0"
# The csv's first row (label 0) and the count of each digit, from the same file
FIRST_IMAGE = [0, 0, 5, 13, 9, 1, 0, 0, 0, 0, 13, 15, 10, 15, 5, 0, 0, 3, 15, 2, 0, 11, 8, 0,
               0, 4, 12, 0, 0, 8, 8, 0, 0, 5, 8, 0, 0, 9, 8, 0, 0, 4, 11, 0, 1, 12, 7, 0,
               0, 2, 14, 5, 10, 12, 0, 0, 0, 0, 6, 13, 10, 0, 0, 0]
DIGIT_COUNTS = {0: 178, 1: 182, 2: 177, 3: 183, 4: 181, 5: 182, 6: 181, 7: 179, 8: 174, 9: 180}


def test_the_shipped_files_hold_the_uci_digits_unchanged():
    images, labels = load_idx(idx.DIGITS_IMAGES), load_idx(idx.DIGITS_LABELS)
    assert images.magic == 0x00000803 and images.shape == (1797, 8, 8)
    assert labels.magic == 0x00000801 and labels.shape == (1797,)
    assert hashlib.sha256(images.values.tobytes()).hexdigest() == PIXELS_SHA256
    assert hashlib.sha256(labels.values.tobytes()).hexdigest() == LABELS_SHA256
    assert images.item(0) == [FIRST_IMAGE[r * 8:(r + 1) * 8] for r in range(8)]
    assert dict(Counter(labels.values)) == DIGIT_COUNTS


def test_the_shipped_files_are_gzipped_deterministically():
    # gzip with mtime 0: bytes 4-7 of a gzip header are the modification time
    with open(idx.DIGITS_IMAGES, "rb") as file:
        header = file.read(10)
    assert header[:2] == b"\x1f\x8b" and header[4:8] == bytes(4)


def test_the_licence_and_source_sit_next_to_the_files():
    text = (idx.DATA_FOLDER / "README.md").read_text()
    for words in ("CC BY 4.0", "Alpaydin", "Kaynak", "UCI", "digits.csv.gz"):
        assert words in text


def test_digits_data_split(engine):
    ops = purenn.init(engine=engine)
    X, y, X_test, y_test = digits_data()
    assert ops.shape(X) == (1438, 64) and ops.shape(X_test) == (359, 64)
    assert len(y) == 1438 and len(y_test) == 359
    # Every fifth image (4, 9, 14, ...) tests, the others train, in the file's order
    images, labels = load_idx(idx.DIGITS_IMAGES), load_idx(idx.DIGITS_LABELS)
    test = [i for i in range(1797) if i % 5 == 4]
    train = [i for i in range(1797) if i % 5 != 4]
    assert [int(label) for label in y] == [labels.values[i] for i in train]
    assert [int(label) for label in y_test] == [labels.values[i] for i in test]
    flat = [[pixel / 16 for row in images.item(i) for pixel in row] for i in range(1797)]
    assert ops.to_list(X) == [flat[i] for i in train]
    assert ops.to_list(X_test) == [flat[i] for i in test]
    # Every digit is in both parts
    assert set(int(label) for label in y_test) == set(range(10))
    assert ops.to_list(X)[0] == [pixel / 16 for pixel in FIRST_IMAGE]


@pytest.mark.parametrize("scale, gold", [((0, 1), lambda p: p / 16),
                                         ((-1, 1), lambda p: (p - 8) / 8),
                                         (None, float)])
def test_digits_data_scales_as_asked(engine, scale, gold):
    ops = purenn.init(engine=engine)
    X, _, _, _ = digits_data(scale=scale)
    # Sixteenths and eighths are exact in float32: the values are the float64 ones
    assert ops.to_list(X)[0] == [gold(pixel) for pixel in FIRST_IMAGE]


def test_digits_data_is_the_same_in_both_engines():
    pytest.importorskip("numpy")
    python = digits_data(engine=purenn.get_engine("python", "float32"))
    numpy = digits_data(engine=purenn.get_engine("numpy", "float32"))
    for mine, gold in zip(python, numpy):
        assert list(mine) == gold.tolist()


# --- gradient checks: sigmoid-then-softmax networks on a few digits (float64) ---

def few_digits(engine, n=6):
    ops = purenn.init(dtype="float64", engine=engine)
    X, y, _, _ = digits_data(engine=ops)
    return ops, ops.to_list(X)[:n], [int(label) for label in y[:n]]


@pytest.mark.parametrize("n_hidden", [4, 16])
def test_sigmoid_then_softmax_network_gradients(engine, n_hidden):
    from purenn.gradcheck import check_function

    ops, X, y = few_digits(engine)
    dense1 = purenn.Layer_Dense(64, n_hidden)
    sigmoid = purenn.Activation_Sigmoid()
    dense2 = purenn.Layer_Dense(n_hidden, 10)
    # Larger weights than the 0.01 start, so that the sigmoids are not all near 0.5
    dense1.weights = ops.multiply(30.0, dense1.weights)
    dense2.weights = ops.multiply(100.0, dense2.weights)
    loss_activation = purenn.Activation_Softmax_Loss_CategoricalCrossentropy()

    def loss_of(parameter):
        """The network's mean loss as a function of one array (the others fixed)."""
        def forward(values):
            saved = getattr(*parameter)
            setattr(*parameter, ops.array(values))
            try:
                dense1.forward(X)
                sigmoid.forward(dense1.output)
                dense2.forward(sigmoid.output)
                return float(loss_activation.forward(dense2.output, y))
            finally:
                setattr(*parameter, saved)
        return forward

    def backward_of(gradient_name, layer):
        def backward(dloss):
            # The network's backward pass (the last forward used the unnudged values)
            loss_activation.backward(loss_activation.output, y)
            dense2.backward(loss_activation.dinputs)
            sigmoid.backward(dense2.dinputs)
            dense1.backward(sigmoid.dinputs)
            return [[dloss * g for g in row] for row in ops.to_list(getattr(layer,
                                                                            gradient_name))]
        return backward

    for layer, name in ((dense1, "weights"), (dense1, "biases"), (dense2, "weights"),
                        (dense2, "biases")):
        result = check_function(loss_of((layer, name)), backward_of("d" + name, layer),
                                ops.to_list(getattr(layer, name)), name="d" + name)
        assert result.passed(), result.report()


def test_sigmoid_layer_gradient_on_digits(engine):
    from purenn.gradcheck import check_gradients

    ops, X, _ = few_digits(engine, n=4)
    dense = purenn.Layer_Dense(64, 5)
    dense.weights = ops.multiply(50.0, dense.weights)
    dense.forward(X)
    result = check_gradients(purenn.Activation_Sigmoid(), ops.to_list(dense.output))
    assert result.passed(), result.report()
    assert check_gradients(dense, X).passed()
