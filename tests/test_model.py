"""The book's Model (chapters 18-19): training against chapter 10's loop, both engines, and a
NumPy reference of the book's chapter 19 train loop written here.

Exact means exact: float32 values are compared bit for bit (Python float equality of values
that are float32s). The NumPy reference follows purenn's float32 rules: dot products in
float64 rounded once, exp and log in float64 rounded once, everything else NumPy's float32.
"""
import io
import math

import pytest

import purenn
from purenn.training import TwoLayerNetwork, train as chapter10_train


def flat(values):
    """Nested lists or an array as one flat list of Python floats."""
    if hasattr(values, "tolist"):
        values = values.tolist()
    if isinstance(values, (int, float)):
        return [float(values)]
    result = []
    for value in values:
        result.extend(flat(value))
    return result


def assert_exact(mine, gold, what):
    """Every value equal (NaNs equal each other); prints mine next to gold on failure."""
    mine, gold = flat(mine), flat(gold)
    assert len(mine) == len(gold), f"{what}: {len(mine)} values, gold has {len(gold)}"
    for index, (m, g) in enumerate(zip(mine, gold)):
        same = m == g or (math.isnan(m) and math.isnan(g))
        assert same, f"{what}[{index}]: mine {m!r} != gold {g!r} (tolerance: exact)"


def chapter10_model(optimizer):
    """The chapter 10 network as a Model: Dense(2, 64), ReLU, Dense(64, 3), softmax."""
    model = purenn.Model()
    model.add(purenn.Layer_Dense(2, 64))
    model.add(purenn.Activation_ReLU())
    model.add(purenn.Layer_Dense(64, 3))
    model.add(purenn.Activation_Softmax())
    model.set(loss=purenn.Loss_CategoricalCrossentropy(), optimizer=optimizer,
              accuracy=purenn.Accuracy_Categorical())
    model.finalize()
    return model


class RecordingNetwork(TwoLayerNetwork):
    """The chapter 10 network, remembering the loss of every forward pass."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.losses = []

    def forward(self, X, y):
        loss = super().forward(X, y)
        self.losses.append(float(loss))
        return loss


EPOCHS_CH10 = 40


def test_model_full_batch_equals_chapter_10_train(engine):
    # gold: purenn.training.train, the chapter 10 loop
    purenn.init(engine=engine)
    X, y = purenn.spiral_data(samples=100, classes=3)
    network = RecordingNetwork()
    optimizer = purenn.Optimizer_Adam(learning_rate=0.05, decay=5e-7)
    gold_lines = chapter10_train(network, optimizer, X, y, epochs=EPOCHS_CH10, print_every=1,
                                 log=lambda line: None)
    # mine: the same data and first weights, through a Model with batch_size=None
    purenn.init(engine=engine)
    X, y = purenn.spiral_data(samples=100, classes=3)
    model = chapter10_model(purenn.Optimizer_Adam(learning_rate=0.05, decay=5e-7))
    assert model.softmax_classifier_output is not None  # the combined backward is chosen
    log = io.StringIO()
    model.train(X, y, epochs=EPOCHS_CH10, batch_size=None, print_every=1, file=log)
    # The same loss every epoch, bit for bit, and the same weights at the end
    assert_exact(model.history["loss"], network.losses, "loss per epoch")
    assert_exact(model.history["data_loss"], network.losses, "data loss per epoch")
    for name, mine_layer, gold_layer in (("dense1", model.layers[0], network.dense1),
                                         ("dense2", model.layers[2], network.dense2)):
        assert_exact(mine_layer.weights, gold_layer.weights, f"{name}.weights")
        assert_exact(mine_layer.biases, gold_layer.biases, f"{name}.biases")
    assert model.optimizer.iterations == optimizer.iterations == EPOCHS_CH10
    # The same log: chapter 10 prints "epoch: E, acc: A, loss: L, lr: LR" before the step
    # (LR: the rate of the step before); chapter 19 prints "step: 0, acc: A, loss: L (...),
    # lr: LR" after it (LR: this step's rate), then the epoch's accumulated figures
    lines = log.getvalue().splitlines()
    assert len(lines) == 3 * EPOCHS_CH10
    for epoch in range(EPOCHS_CH10):
        gold = gold_lines[epoch]
        epoch_line, step_line, training_line = lines[3 * epoch:3 * epoch + 3]
        assert epoch_line == f"epoch: {epoch + 1}"
        acc_loss = gold[gold.index("acc:"):gold.index(", lr:")]
        assert step_line.startswith(f"step: 0, {acc_loss} (data_loss: "), (step_line, gold)
        assert training_line.startswith(f"training, {acc_loss} (data_loss: "), training_line
        if epoch + 1 < EPOCHS_CH10:
            assert step_line.endswith(gold_lines[epoch + 1][gold_lines[epoch + 1].index(
                ", lr:"):]), (step_line, gold_lines[epoch + 1])


def mini_batch_run(engine, shuffle, epochs=20, batch_size=32):
    purenn.init(engine=engine)
    X, y = purenn.spiral_data(samples=100, classes=3)
    model = chapter10_model(purenn.Optimizer_SGD(decay=1e-3, momentum=0.9))
    log = io.StringIO()
    model.train(X, y, epochs=epochs, batch_size=batch_size, print_every=3, shuffle=shuffle,
                validation_data=(X, y), file=log)
    return model, log.getvalue()


@pytest.mark.parametrize("shuffle", [False, True])
def test_engines_agree_bit_for_bit_in_mini_batches(shuffle):
    pytest.importorskip("numpy")
    mine, mine_log = mini_batch_run("python", shuffle)
    gold, gold_log = mini_batch_run("numpy", shuffle)
    assert mine_log == gold_log
    for key in mine.history:
        assert mine.history[key] == gold.history[key], key
    for index in (0, 2):
        assert_exact(mine.layers[index].weights, gold.layers[index].weights, f"weights {index}")
        assert_exact(mine.layers[index].biases, gold.layers[index].biases, f"biases {index}")


def test_shuffling_changes_the_batches(engine):
    # Must be able to fail: a shuffle that did nothing would give the same run
    plain, _ = mini_batch_run(engine, shuffle=False, epochs=2)
    shuffled, _ = mini_batch_run(engine, shuffle=True, epochs=2)
    assert plain.history["loss"] != shuffled.history["loss"]


# --- a NumPy reference of the book's chapter 19 train loop --------------------------------

def reference_train(np, X, y, weights, epochs, batch_size, learning_rate, decay, momentum,
                    print_every):
    """The book's chapter 19 Model.train for Dense-ReLU-Dense-softmax/CE with SGD, in NumPy
    float32 (dot, exp and log in float64 rounded once). Returns (log lines, per-epoch
    figures, final weights)."""
    f32 = np.float32

    def dot(a, b):
        return np.dot(a.astype(np.float64), b.astype(np.float64)).astype(f32)

    W1, b1, W2, b2 = (np.array(w, dtype=f32) for w in weights)
    params = [[W1, b1], [W2, b2]]
    momentums = [[np.zeros_like(W1), np.zeros_like(b1)], [np.zeros_like(W2), np.zeros_like(b2)]]
    iterations = 0
    current_learning_rate = learning_rate
    lines, figures = [], []
    steps = len(X) // batch_size
    if steps * batch_size < len(X):
        steps += 1
    for epoch in range(1, epochs + 1):
        lines.append(f"epoch: {epoch}")
        loss_sum, loss_count, acc_sum, acc_count = 0, 0, 0, 0
        for step in range(steps):
            batch_X = X[step * batch_size:(step + 1) * batch_size]
            batch_y = y[step * batch_size:(step + 1) * batch_size]
            # forward
            z1 = dot(batch_X, params[0][0]) + params[0][1]
            a1 = np.maximum(0, z1)
            z2 = dot(a1, params[1][0]) + params[1][1]
            exp_values = np.exp((z2 - np.max(z2, axis=1, keepdims=True)).astype(np.float64)
                                ).astype(f32)
            output = exp_values / np.sum(exp_values, axis=1, keepdims=True)
            # loss, accumulated
            clipped = np.clip(output, 1e-7, 1 - 1e-7)
            sample_losses = -np.log(clipped[range(len(output)), batch_y].astype(np.float64)
                                    ).astype(f32)
            data_loss = np.mean(sample_losses)
            loss_sum += np.sum(sample_losses)
            loss_count += len(sample_losses)
            regularization_loss = 0
            loss = data_loss + regularization_loss
            # accuracy, accumulated
            comparisons = np.argmax(output, axis=1) == batch_y
            accuracy = np.mean(comparisons)
            acc_sum += np.sum(comparisons)
            acc_count += len(comparisons)
            # backward: combined softmax and cross-entropy, then the layers
            samples = len(output)
            dz2 = output.copy()
            dz2[range(samples), batch_y] -= 1
            dz2 = dz2 / samples
            grads = [None, None]
            grads[1] = [dot(a1.T, dz2), np.sum(dz2, axis=0, keepdims=True)]
            da1 = dot(dz2, params[1][0].T)
            dz1 = da1.copy()
            dz1[z1 <= 0] = 0
            grads[0] = [dot(batch_X.T, dz1), np.sum(dz1, axis=0, keepdims=True)]
            # SGD with decay and momentum
            if decay:
                current_learning_rate = learning_rate * (1. / (1. + decay * iterations))
            for layer in (0, 1):
                for k in (0, 1):
                    update = momentum * momentums[layer][k] - \
                        current_learning_rate * grads[layer][k]
                    momentums[layer][k] = update
                    params[layer][k] = params[layer][k] + update
            iterations += 1
            if not step % print_every or step == steps - 1:
                lines.append(f"step: {step}, acc: {accuracy:.3f}, loss: {loss:.3f} (data_loss: "
                             f"{data_loss:.3f}, reg_loss: {regularization_loss:.3f}), "
                             f"lr: {current_learning_rate}")
        epoch_data_loss = loss_sum / loss_count
        epoch_loss = epoch_data_loss + 0
        epoch_accuracy = acc_sum / acc_count
        lines.append(f"training, acc: {epoch_accuracy:.3f}, loss: {epoch_loss:.3f} (data_loss: "
                     f"{epoch_data_loss:.3f}, reg_loss: {0:.3f}), lr: {current_learning_rate}")
        figures.append((float(epoch_loss), float(epoch_accuracy), current_learning_rate,
                        steps))
    return lines, figures, [p for pair in params for p in pair]


def test_mini_batches_equal_a_numpy_reference_of_the_book_loop(engine):
    np = pytest.importorskip("numpy")
    purenn.init(engine=engine)
    X, y = purenn.spiral_data(samples=100, classes=3)
    model = chapter10_model(purenn.Optimizer_SGD(decay=1e-3, momentum=0.9))
    first_weights = [model.ops.to_list(a) for a in (model.layers[0].weights,
                                                    model.layers[0].biases,
                                                    model.layers[2].weights,
                                                    model.layers[2].biases)]
    log = io.StringIO()
    # 300 samples in batches of 32: 10 steps, the last of 12 samples
    model.train(X, y, epochs=5, batch_size=32, print_every=4, file=log)
    gold_lines, gold_figures, gold_weights = reference_train(
        np, np.array(model.ops.to_list(X), dtype=np.float32),
        np.array(model.ops.to_list(y), dtype=np.uint8), first_weights, epochs=5,
        batch_size=32, learning_rate=1.0, decay=1e-3, momentum=0.9, print_every=4)
    assert log.getvalue().splitlines() == gold_lines
    assert [line for line in gold_lines if line.startswith("step:")][:4] == [
        line for line in gold_lines[1:5]]  # steps 0, 4, 8 and the last, 9
    assert gold_figures[0][3] == 10 and model.optimizer.iterations == 50
    assert_exact(model.history["loss"], [f[0] for f in gold_figures], "epoch loss")
    assert model.history["accuracy"] == [f[1] for f in gold_figures]
    assert model.history["learning_rate"] == [f[2] for f in gold_figures]
    mine_weights = [model.layers[0].weights, model.layers[0].biases, model.layers[2].weights,
                    model.layers[2].biases]
    for index, (mine, gold) in enumerate(zip(mine_weights, gold_weights)):
        assert_exact(mine, gold, f"parameter {index}")


def test_last_batch_is_shorter_and_steps_round_up():
    assert purenn.model.steps_for(300, 32) == 10
    assert purenn.model.steps_for(300, 30) == 10
    assert purenn.model.steps_for(300, 1) == 300
    assert purenn.model.steps_for(300, 300) == 1
    assert purenn.model.steps_for(300, None) == 1


# --- integer labels and one-hot rows -------------------------------------------------------

def test_one_hot_targets_train_as_integer_labels(engine):
    runs = []
    for one_hot in (False, True):
        purenn.init(engine=engine)
        X, y = purenn.spiral_data(samples=100, classes=3)
        if one_hot:
            y = purenn.to_categorical(y)
        model = chapter10_model(purenn.Optimizer_SGD())
        model.train(X, y, epochs=3, batch_size=64, progress="silent")
        runs.append(model)
    assert runs[0].history == runs[1].history
    assert_exact(runs[0].layers[0].weights, runs[1].layers[0].weights, "weights")


# --- summary and repr --------------------------------------------------------------------

def lecture_model():
    """The lecture's Keras model: Dense(2, 100) - ReLU - Dense(100, 3) - softmax."""
    model = purenn.Model()
    model.add(purenn.Layer_Dense(2, 100))
    model.add(purenn.Activation_ReLU())
    model.add(purenn.Layer_Dense(100, 3))
    model.add(purenn.Activation_Softmax())
    model.set(loss=purenn.Loss_CategoricalCrossentropy(), optimizer=purenn.Optimizer_SGD(),
              accuracy=purenn.Accuracy_Categorical())
    model.finalize()
    return model


def summary_lines(model):
    lines = []
    model.summary(print_fn=lines.append)
    return lines


def test_summary_of_the_lecture_model_counts_300_303_603(engine):
    purenn.init(engine=engine)
    lines = summary_lines(lecture_model())
    rows = [line.split() for line in lines if "(None," in line]
    assert rows == [["dense", "(Layer_Dense)", "(None,", "100)", "300"],
                    ["relu", "(Activation_ReLU)", "(None,", "100)", "0"],
                    ["dense_1", "(Layer_Dense)", "(None,", "3)", "303"],
                    ["softmax", "(Activation_Softmax)", "(None,", "3)", "0"]]
    assert "Total params: 603" in lines
    assert "Trainable params: 603" in lines
    assert "Non-trainable params: 0" in lines
    # Keras' columns: the output shape starts at 29, the count at 55
    header = next(line for line in lines if "Layer (type)" in line)
    assert header.index("Output Shape") == 29 and header.index("Param #") == 55
    dense_row = next(line for line in lines if line.startswith(" dense "))
    assert dense_row.index("(None, 100)") == 29 and dense_row.index("300") == 55


def test_repr_of_a_model_names_its_layers_and_parts():
    purenn.init()
    model = lecture_model()
    text = repr(model)
    assert text.startswith("Model(Layer_Dense(2, 100) -> Activation_ReLU -> "
                           "Layer_Dense(100, 3) -> Activation_Softmax; "
                           "loss=Loss_CategoricalCrossentropy, optimizer=Optimizer_SGD(")
    assert "finalized=True" in text and "ops=PythonEngine(dtype='float32')" in text
    assert repr(purenn.Model()).startswith("Model(no layers; loss=None")
    assert repr(purenn.Layer_Input()) == "Layer_Input()"
    assert repr(purenn.Accuracy_Categorical()) == (
        "Accuracy_Categorical(binary=False, accumulated_sum=0, accumulated_count=0)")


# --- saving and loading --------------------------------------------------------------------

def trained_lecture_model(engine, epochs=3):
    purenn.init(engine=engine)
    X, y = purenn.spiral_data(samples=100, classes=3)
    model = lecture_model()
    model.train(X, y, epochs=epochs, batch_size=100, progress="silent")
    return model, X


def test_save_then_load_gives_identical_predictions(engine, tmp_path):
    model, X = trained_lecture_model(engine)
    path = tmp_path / "model.json"
    model.save_parameters(path)
    # A new model starts from other weights (the stream has moved on)
    fresh = lecture_model()
    assert flat(fresh.predict(X)) != flat(model.predict(X))
    fresh.load_parameters(path)
    assert_exact(fresh.predict(X), model.predict(X), "predictions")
    assert_exact(fresh.predict(X, batch_size=7), model.predict(X), "predictions in batches")


def test_parameters_load_into_the_other_engine(tmp_path):
    pytest.importorskip("numpy")
    model, X = trained_lecture_model("python")
    path = tmp_path / "model.json"
    model.save_parameters(path)
    purenn.init(engine="numpy")
    other = lecture_model()
    other.load_parameters(path)
    assert_exact(other.predict(other.ops.array(model.ops.to_list(X))), model.predict(X),
                 "predictions across engines")


def test_a_truncated_parameter_file_is_a_clear_error(tmp_path):
    model, _ = trained_lecture_model("python", epochs=1)
    path = tmp_path / "model.json"
    model.save_parameters(path)
    text = path.read_text()
    path.write_text(text[:len(text) // 2])
    with pytest.raises(ValueError, match=r"model.json is not a complete JSON file .*truncated"):
        model.load_parameters(path)


def test_an_edited_parameter_file_is_a_clear_error(tmp_path):
    import json

    model, _ = trained_lecture_model("python", epochs=1)
    path = tmp_path / "model.json"
    model.save_parameters(path)
    document = json.loads(path.read_text())
    before = model.ops.to_list(model.layers[0].weights)
    # A row of weights deleted: the shape no longer fits
    edited = json.loads(json.dumps(document))
    del edited["layers"][0]["weights"][1]
    path.write_text(json.dumps(edited))
    with pytest.raises(ValueError, match=r"layer 0 \(Layer_Dense\(2, 100\)\) weights have shape "
                                         r"\(1, 100\) but the layer's have shape \(2, 100\)"):
        model.load_parameters(path)
    # A number replaced by a word
    edited = json.loads(json.dumps(document))
    edited["layers"][1]["biases"][0][2] = "x"
    path.write_text(json.dumps(edited))
    with pytest.raises(TypeError, match=r"layer 1 .* biases\[0\]\[2\] is 'x', not a number"):
        model.load_parameters(path)
    # A layer missing
    edited = json.loads(json.dumps(document))
    del edited["layers"][1]
    path.write_text(json.dumps(edited))
    with pytest.raises(ValueError, match="holds 1 layers' parameters but the model has 2"):
        model.load_parameters(path)
    # Nothing was changed by the refused loads
    assert model.ops.to_list(model.layers[0].weights) == before


# --- bad input ----------------------------------------------------------------------------

def test_train_before_finalize_is_a_clear_error():
    purenn.init()
    X, y = purenn.spiral_data(samples=10, classes=3)
    model = purenn.Model()
    model.add(purenn.Layer_Dense(2, 3))
    model.add(purenn.Activation_Softmax())
    model.set(loss=purenn.Loss_CategoricalCrossentropy(), optimizer=purenn.Optimizer_SGD(),
              accuracy=purenn.Accuracy_Categorical())
    with pytest.raises(RuntimeError, match=r"train: call model.finalize\(\) first"):
        model.train(X, y)
    model.finalize()
    model.add(purenn.Activation_ReLU())  # adding a layer needs finalize again
    with pytest.raises(RuntimeError, match="finalize"):
        model.train(X, y)


@pytest.mark.parametrize("batch_size, error, message", [
    (0, ValueError, "batch_size must be a positive integer, not 0"),
    (31, ValueError, "batch_size is 31 but X has only 30 samples"),
    (2.5, TypeError, "batch_size must be a positive integer, not 2.5"),
])
def test_bad_batch_size_is_a_clear_error(engine, batch_size, error, message):
    purenn.init(engine=engine)
    X, y = purenn.spiral_data(samples=10, classes=3)
    model = lecture_model()
    with pytest.raises(error, match=message):
        model.train(X, y, batch_size=batch_size)


def test_mismatched_X_and_y_is_a_clear_error(engine):
    purenn.init(engine=engine)
    X, y = purenn.spiral_data(samples=10, classes=3)
    model = lecture_model()
    y_short = model.ops.to_list(y)[:-1]
    with pytest.raises(purenn.ShapeError, match=r"X and y differ in length: X has 30 samples "
                                                r"\(shape \(30, 2\)\) but y has 29 "
                                                r"\(shape \(29,\)\)"):
        model.train(X, y_short)


def test_validation_data_of_the_wrong_width_is_a_clear_error(engine):
    purenn.init(engine=engine)
    X, y = purenn.spiral_data(samples=10, classes=3)
    model = lecture_model()
    X_val = [[0.1, 0.2, 0.3]] * 5
    with pytest.raises(purenn.ShapeError, match=r"validation_data X_val has 3 values per sample "
                                                r"\(shape \(5, 3\)\) but the training data X "
                                                r"has shape \(30, 2\)"):
        model.train(X, y, validation_data=(X_val, [0, 1, 2, 0, 1]))
    with pytest.raises(purenn.ShapeError, match=r"validation_data X_val and validation_data "
                                                r"y_val differ in length"):
        model.train(X, y, validation_data=(X[:5], [0, 1]))
    with pytest.raises(TypeError, match=r"validation_data must be a pair \(X_val, y_val\)"):
        model.train(X, y, validation_data=X)


def test_inputs_of_the_wrong_width_name_the_argument(engine):
    purenn.init(engine=engine)
    model = lecture_model()
    with pytest.raises(purenn.ShapeError, match=r"X has 3 values per sample \(shape \(1, 3\)\) "
                                                r"but the first layer's n_inputs is 2"):
        model.predict([[1.0, 2.0, 3.0]])


def test_train_leaves_the_callers_data_unchanged(engine):
    purenn.init(engine=engine)
    X = [[0.5, -0.25], [1.0, 2.0], [-1.5, 0.75], [0.0, 1.0]]
    y = [0, 1, 2, 1]
    X_before, y_before = [row[:] for row in X], y[:]
    model = lecture_model()
    model.train(X, y, epochs=2, batch_size=3, shuffle=True, progress="silent")
    assert X == X_before and y == y_before


def test_labels_in_a_column_for_three_classes_are_a_clear_error(engine):
    # The lecture's Keras run: "Shapes (32, 1) and (32, 3) are incompatible"
    purenn.init(engine=engine)
    X, y = purenn.spiral_data(samples=10, classes=3)
    model = lecture_model()
    column = [[label] for label in model.ops.to_list(y)]
    with pytest.raises(purenn.ShapeError, match=r"y has shape \(30, 1\), 1 value\(s\) per sample, "
                                                r"but the model outputs 3 .*to_categorical"):
        model.train(X, column)


def test_repr_counts_the_epochs_trained():
    purenn.init()
    X, y = purenn.spiral_data(samples=10, classes=3)
    model = lecture_model()
    model.train(X, y, epochs=2, progress="silent")
    model.train(X, y, epochs=3, progress="silent")
    assert "epochs_trained=5" in repr(model)
    assert model.history["epoch"] == [1, 2, 3]  # the last train()'s epochs
