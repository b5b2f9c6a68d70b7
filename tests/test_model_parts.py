"""The parts of the Model (chapters 18-19): accuracies, the loss's running sums, labels,
the engine methods that cut batches, the shuffle's permutation, and models with dropout,
regularization and a sigmoid output."""
import io

import pytest

import purenn
from purenn.model import Model

from test_model import assert_exact, flat, summary_lines


# --- Loss: chapter 5's and chapter 18's calls, the running sums of chapter 19 -----------

def test_loss_calculate_keeps_chapter_5s_call(engine):
    ops = purenn.init(engine=engine)
    loss_function = purenn.Loss_CategoricalCrossentropy()
    softmax_outputs = ops.array([[0.7, 0.1, 0.2], [0.1, 0.5, 0.4], [0.02, 0.9, 0.08]])
    mine = loss_function.calculate(softmax_outputs, [0, 1, 1])
    gold = ops.mean(loss_function.forward(softmax_outputs, [0, 1, 1]))
    assert float(mine) == float(gold)
    data_loss, regularization_loss = loss_function.calculate(
        softmax_outputs, [0, 1, 1], include_regularization=True)
    assert float(data_loss) == float(gold) and regularization_loss == 0


def test_loss_accumulates_batches_until_new_pass(engine):
    ops = purenn.init(engine=engine)
    loss_function = purenn.Loss_CategoricalCrossentropy()
    outputs = ops.array([[0.7, 0.1, 0.2], [0.1, 0.5, 0.4], [0.02, 0.9, 0.08]])
    loss_function.calculate(ops.slice_rows(outputs, 0, 2), [0, 1])
    loss_function.calculate(ops.slice_rows(outputs, 2, 3), [1])
    assert loss_function.accumulated_count == 3
    # gold: the sum of the first two losses, plus the third, over 3 (float32 arithmetic)
    losses = loss_function.forward(outputs, [0, 1, 1])
    first = ops.sum(ops.slice_rows(losses, 0, 2))
    gold = ops.divide(ops.add(first, ops.slice_rows(losses, 2, 3)[0]), 3)
    assert float(loss_function.calculate_accumulated()) == float(gold)
    loss_function.new_pass()
    assert (loss_function.accumulated_sum, loss_function.accumulated_count) == (0, 0)
    with pytest.raises(ValueError, match=r"no losses since new_pass"):
        loss_function.calculate_accumulated()


def test_regularization_loss_of_the_remembered_layers_reaches_the_history(engine):
    purenn.init(engine=engine)
    X, y = purenn.spiral_data(samples=50, classes=3)
    model = Model()
    model.add(purenn.Layer_Dense(2, 16, weight_regularizer_l2=5e-4, bias_regularizer_l2=5e-4))
    model.add(purenn.Activation_ReLU())
    model.add(purenn.Layer_Dense(16, 3))
    model.add(purenn.Activation_Softmax())
    model.set(loss=purenn.Loss_CategoricalCrossentropy(), optimizer=purenn.Optimizer_Adam(),
              accuracy=purenn.Accuracy_Categorical())
    model.finalize()
    assert model.loss.trainable_layers == [model.layers[0], model.layers[2]]
    model.train(X, y, epochs=2, progress="silent")
    # The epoch's regularization loss is the layers' after the epoch's last update
    gold = model.loss.regularization_loss(model.layers[0])
    assert model.history["regularization_loss"][-1] == float(gold) > 0
    assert model.history["loss"][-1] == float(model.ops.add(
        model.history["data_loss"][-1], gold))


# --- Accuracy_Categorical -------------------------------------------------------------------

def test_categorical_accuracy_takes_labels_and_one_hot_rows(engine):
    ops = purenn.init(engine=engine)
    outputs = ops.array([[0.7, 0.2, 0.1], [0.5, 0.1, 0.4], [0.02, 0.9, 0.08]])
    predictions = purenn.Activation_Softmax().predictions(outputs)
    labels = [0, 1, 1]
    gold = purenn.accuracy(outputs, labels)  # chapter 5's function
    for y in (labels, purenn.to_categorical(labels)):
        accuracy = purenn.Accuracy_Categorical()
        assert accuracy.calculate(predictions, y) == gold == 2 / 3
        assert accuracy.calculate(predictions, y) == gold
        assert (accuracy.accumulated_sum, accuracy.accumulated_count) == (4, 6)
        assert accuracy.calculate_accumulated() == 4 / 6


def test_binary_accuracy_compares_every_value(engine):
    ops = purenn.init(engine=engine)
    outputs = ops.array([[0.9], [0.2], [0.6], [0.4]])
    predictions = purenn.Activation_Sigmoid().predictions(outputs)
    accuracy = purenn.Accuracy_Categorical(binary=True)
    assert accuracy.calculate(predictions, [[1], [0], [0], [0]]) == 0.75
    with pytest.raises(purenn.ShapeError, match=r"binary accuracy compares values one by one"):
        accuracy.calculate(predictions, [[1, 0]] * 4)


def test_binary_accuracy_on_one_hot_targets_reads_two_thirds(engine):
    # The lecture's Keras metric mistake: softmax outputs of 3 classes, all below 0.5
    ops = purenn.init(engine=engine)
    outputs = ops.array([[0.34, 0.33, 0.33]] * 4)
    y = purenn.to_categorical([0, 1, 2, 1])
    assert purenn.binary_accuracy(outputs, y) == pytest.approx(2 / 3, abs=0)
    # Categorical accuracy reads the truth: 1 of 4 (every prediction is class 0)
    predictions = purenn.Activation_Softmax().predictions(outputs)
    assert purenn.Accuracy_Categorical().calculate(predictions, y) == 0.25


# --- to_categorical ---------------------------------------------------------------------------

def test_to_categorical_is_rows_of_the_identity(engine):
    purenn.init(engine=engine)
    ops = purenn.get_engine()
    assert ops.to_list(purenn.to_categorical([0, 2, 1])) == [[1, 0, 0], [0, 0, 1], [0, 1, 0]]
    assert ops.to_list(purenn.to_categorical([1], num_classes=4)) == [[0, 1, 0, 0]]
    with pytest.raises(ValueError, match=r"y\[1\] is 3, outside the 2 classes"):
        purenn.to_categorical([0, 3], num_classes=2)
    with pytest.raises(TypeError, match=r"y\[1\] is 1.5: class labels must be integers"):
        purenn.to_categorical([0, 1.5])


# --- engine methods and the permutation, against NumPy ---------------------------------------

def test_batch_engine_methods_equal_numpy():
    np = pytest.importorskip("numpy")
    purenn.init()
    python = purenn.get_engine("python")
    numpy_engine = purenn.get_engine("numpy")
    data = [[float(i), float(-i) / 3] for i in range(11)]
    gold = np.array(data, dtype=np.float32)
    mine = python.array(data)
    for start, stop in ((0, 4), (8, 12), (10, 20)):
        assert python.slice_rows(mine, start, stop) == gold[start:stop].tolist()
        assert numpy_engine.slice_rows(gold, start, stop).tolist() == gold[start:stop].tolist()
    order = [3, 0, 10, 5]
    assert python.take_rows(mine, order) == gold[order].tolist()
    assert python.take_rows([4, 5, 6, 7], [3, 1]) == [7, 5]
    assert numpy_engine.take_rows(gold, order).tolist() == gold[order].tolist()
    parts = [python.slice_rows(mine, 0, 3), python.slice_rows(mine, 3, 11)]
    assert python.stack_rows(parts) == np.vstack([gold[:3], gold[3:]]).tolist()
    assert python.ravel(mine) == np.ravel(gold).tolist()
    assert numpy_engine.ravel(gold).tolist() == np.ravel(gold).tolist()
    # take_rows copies the rows (fancy indexing), slice_rows does not (a view)
    taken = python.take_rows(mine, [0])
    assert taken[0] == mine[0] and taken[0] is not mine[0]


@pytest.mark.parametrize("seed", [0, 1, 12345])
def test_permutation_is_numpys_legacy_permutation(seed):
    np = pytest.importorskip("numpy")
    purenn.init(seed=seed, dtype="float64")
    generator = np.random.RandomState(seed)
    for n in (0, 1, 2, 33, 300):
        # randn(3) leaves a kept normal number: the shuffle must not touch it
        assert purenn.random.randn(3) == generator.randn(3).tolist()
        assert purenn.random.permutation(n) == generator.permutation(n).tolist()
        assert purenn.random.randn(2) == generator.randn(2).tolist()


def test_permutation_refuses_a_bad_n():
    with pytest.raises(ValueError, match=r"n must be an integer >= 0, not -1"):
        purenn.random.permutation(-1)


# --- dropout, sigmoid, summary ---------------------------------------------------------------

def dropout_model():
    model = Model()
    model.add(purenn.Layer_Dense(2, 64))
    model.add(purenn.Activation_ReLU())
    model.add(purenn.Layer_Dropout(0.1))
    model.add(purenn.Layer_Dense(64, 3))
    model.add(purenn.Activation_Softmax())
    model.set(loss=purenn.Loss_CategoricalCrossentropy(),
              optimizer=purenn.Optimizer_Adam(learning_rate=0.05, decay=5e-5),
              accuracy=purenn.Accuracy_Categorical())
    model.finalize()
    return model


def test_summary_of_a_model_with_dropout(engine):
    purenn.init(engine=engine)
    lines = summary_lines(dropout_model())
    rows = [line.split() for line in lines if "(None," in line]
    assert rows[2] == ["dropout", "(Layer_Dropout)", "(None,", "64)", "0"]
    assert [row[-1] for row in rows] == ["192", "0", "0", "195", "0"]
    assert "Total params: 387" in lines and "Non-trainable params: 0" in lines


def test_dropout_model_trains_the_same_in_both_engines():
    pytest.importorskip("numpy")
    runs = []
    for engine in ("python", "numpy"):
        purenn.init(engine=engine)
        X, y = purenn.spiral_data(samples=50, classes=3)
        model = dropout_model()
        model.train(X, y, epochs=5, batch_size=64, validation_data=(X, y), progress="silent")
        runs.append((model.history, model.ops.to_list(model.layers[3].weights)))
    assert runs[0][0] == runs[1][0]
    assert_exact(runs[0][1], runs[1][1], "weights")


def test_prediction_skips_dropout(engine):
    purenn.init(engine=engine)
    X, y = purenn.spiral_data(samples=20, classes=3)
    model = dropout_model()
    model.train(X, y, epochs=2, progress="silent")
    # training=False: no random mask, so the same outputs twice and no draws
    draws = purenn.random.default_stream.uniform.getstate()
    first, second = flat(model.predict(X)), flat(model.predict(X))
    assert first == second
    assert purenn.random.default_stream.uniform.getstate() == draws


def binary_model():
    model = Model()
    model.add(purenn.Layer_Dense(2, 16, weight_regularizer_l2=5e-4, bias_regularizer_l2=5e-4))
    model.add(purenn.Activation_ReLU())
    model.add(purenn.Layer_Dense(16, 1))
    model.add(purenn.Activation_Sigmoid())
    model.set(loss=purenn.Loss_BinaryCrossentropy(),
              optimizer=purenn.Optimizer_Adam(decay=5e-7),
              accuracy=purenn.Accuracy_Categorical(binary=True))
    model.finalize()
    return model


def test_binary_model_trains_the_same_in_both_engines():
    pytest.importorskip("numpy")
    runs = []
    for engine in ("python", "numpy"):
        purenn.init(engine=engine)
        X, y = purenn.spiral_data(samples=50, classes=2)
        y = [[label] for label in purenn.get_engine().to_list(y)]
        model = binary_model()
        assert model.softmax_classifier_output is None  # sigmoid: the loss's own backward
        log = io.StringIO()
        model.train(X, y, epochs=4, batch_size=32, file=log)
        runs.append((log.getvalue(), model.history))
    assert runs[0] == runs[1]
    assert all(value > 0 for value in runs[0][1]["regularization_loss"])


# --- evaluate, predict, parameters ---------------------------------------------------------

def test_evaluate_prints_and_returns_the_books_validation_figures(engine, capsys):
    purenn.init(engine=engine)
    X, y = purenn.spiral_data(samples=40, classes=3)
    model = dropout_model()
    model.train(X, y, epochs=2, batch_size=50, validation_data=(X, y), progress="silent")
    capsys.readouterr()
    # The weights have not changed since the last epoch's validation: the same figures,
    # whether evaluated in one batch or in batches of 50 (the same accumulated sums)
    loss, accuracy = model.evaluate(X, y, batch_size=50)
    assert float(loss) == model.history["validation_loss"][-1]
    assert accuracy == model.history["validation_accuracy"][-1]
    assert capsys.readouterr().out == f"validation, acc: {accuracy:.3f}, loss: {loss:.3f}\n"
    # The predictions of the model's outputs: each row's most probable class
    outputs = model.predict(X, batch_size=50)
    predictions = model.output_layer_activation.predictions(outputs)
    assert purenn.Accuracy_Categorical().calculate(predictions, y) == accuracy


def test_get_and_set_parameters(engine):
    purenn.init(engine=engine)
    model = dropout_model()
    other = dropout_model()
    other.set_parameters(model.get_parameters())
    for index in (0, 3):
        assert_exact(other.layers[index].weights, model.layers[index].weights, "weights")
    with pytest.raises(ValueError, match=r"1 \(weights, biases\) pairs for 2 trainable layers"):
        other.set_parameters(model.get_parameters()[:1])
