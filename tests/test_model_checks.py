"""Model (chapters 18-19): every argument checked before any weight changes (issue 15, item 2),
and a loss that turns nan or inf reported at the step where it happened (item 8).

Each test runs on both engines. The checks must name the position in the caller's array (not
in a batch), refuse a class given where an instance belongs and a layer added twice, and
refuse the loss/activation/accuracy combinations the book never pairs, with what to use.
"""
import copy
import re
import warnings

import pytest

import purenn
from purenn.training import TwoLayerNetwork, train as chapter10_train


def small_model(engine, last=None, loss=None, accuracy=None, n_outputs=3):
    model = purenn.Model(engine=engine)
    model.add(purenn.Layer_Dense(2, 4, engine=engine))
    model.add(purenn.Activation_ReLU(engine=engine))
    model.add(purenn.Layer_Dense(4, n_outputs, engine=engine))
    if last is not False:
        model.add(last if last is not None else purenn.Activation_Softmax(engine=engine))
    if loss is None:
        loss = purenn.Loss_CategoricalCrossentropy(engine=engine)
    model.set(loss=loss,
              optimizer=purenn.Optimizer_Adam(engine=engine),
              accuracy=accuracy if accuracy is not None else purenn.Accuracy_Categorical(
                  engine=engine))
    return model


def data(n=8):
    X = [[0.1 * i, -0.05 * i] for i in range(n)]
    y = [i % 3 for i in range(n)]
    return X, y


def weights_of(model):
    return [model.ops.to_list(layer.weights) for layer in model.layers
            if hasattr(layer, "weights")]


def trained_once(engine):
    """A finalized model trained for one epoch: it has a history to keep."""
    model = small_model(engine)
    model.finalize()
    X, y = data()
    model.train(X, y, epochs=1, batch_size=4, progress="silent")
    return model


@pytest.mark.parametrize("bad, kind", [(1.7, TypeError), ("1", TypeError),
                                       (float("nan"), TypeError), (True, TypeError)])
def test_model_train_refuses_a_bad_label_naming_its_position_in_y(engine, bad, kind):
    model = trained_once(engine)
    before, history = weights_of(model), copy.deepcopy(model.history)
    X, y = data()
    y[6] = bad
    with pytest.raises(kind, match=r"y\[6\]"):
        model.train(X, y, epochs=1, batch_size=4, progress="silent")
    assert weights_of(model) == before
    assert model.history == history


def test_model_train_names_an_out_of_range_label_by_its_index_in_y_not_in_the_batch(engine):
    model = trained_once(engine)
    before = weights_of(model)
    X, y = data()
    y[6] = 3  # in the second batch of 4, at batch index 2
    with pytest.raises(ValueError, match=r"y\[6\] is 3"):
        model.train(X, y, epochs=1, batch_size=4, progress="silent")
    assert weights_of(model) == before


def test_model_train_refuses_bad_validation_labels_before_any_weight_changes(engine):
    model = trained_once(engine)
    before, history = weights_of(model), copy.deepcopy(model.history)
    X, y = data()
    y_val = list(y)
    y_val[5] = 7
    with pytest.raises(ValueError, match=r"y_val\[5\] is 7"):
        model.train(X, y, epochs=2, batch_size=4, validation_data=(X, y_val),
                    progress="silent")
    assert weights_of(model) == before
    assert model.history == history


def test_model_train_refuses_validation_labels_of_the_wrong_type(engine):
    model = trained_once(engine)
    before = weights_of(model)
    X, y = data()
    y_val = [float(label) + 0.5 for label in y]
    with pytest.raises(TypeError, match=r"y_val\[0\]"):
        model.train(X, y, epochs=1, validation_data=(X, y_val), progress="silent")
    assert weights_of(model) == before


def test_model_add_names_a_class_given_instead_of_an_instance(engine):
    model = purenn.Model(engine=engine)
    with pytest.raises(TypeError, match=r"Activation_ReLU\(\)"):
        model.add(purenn.Activation_ReLU)
    assert model.layers == []


def test_model_add_refuses_the_same_layer_object_twice(engine):
    model = purenn.Model(engine=engine)
    dense = purenn.Layer_Dense(2, 2, engine=engine)
    model.add(dense)
    with pytest.raises(ValueError, match="already"):
        model.add(dense)
    assert model.layers == [dense]


def test_model_set_refuses_a_string_accuracy_and_a_loss_class(engine):
    model = purenn.Model(engine=engine)
    with pytest.raises(TypeError, match="Accuracy_Categorical"):
        model.set(accuracy="accuracy")
    with pytest.raises(TypeError, match=r"Loss_CategoricalCrossentropy\(\)"):
        model.set(loss=purenn.Loss_CategoricalCrossentropy)
    assert model.accuracy is None and model.loss is None


@pytest.mark.parametrize("last, advice", [("relu", "Activation_Softmax"),
                                          (False, "Activation_Softmax")])
def test_model_finalize_refuses_cross_entropy_without_softmax(engine, last, advice):
    last_layer = purenn.Activation_ReLU(engine=engine) if last == "relu" else False
    model = small_model(engine, last=last_layer)
    with pytest.raises(ValueError, match=advice):
        model.finalize()


def test_model_finalize_refuses_softmax_with_binary_cross_entropy(engine):
    model = small_model(engine, loss=purenn.Loss_BinaryCrossentropy(engine=engine),
                        accuracy=purenn.Accuracy_Categorical(binary=True, engine=engine))
    with pytest.raises(ValueError, match="Activation_Sigmoid"):
        model.finalize()


def test_model_finalize_refuses_sigmoid_and_bce_with_a_categorical_accuracy(engine):
    model = small_model(engine, last=purenn.Activation_Sigmoid(engine=engine),
                        loss=purenn.Loss_BinaryCrossentropy(engine=engine), n_outputs=1)
    with pytest.raises(ValueError, match=r"binary=True"):
        model.finalize()


def test_model_finalize_accepts_the_books_pairs(engine):
    small_model(engine).finalize()
    small_model(engine, last=purenn.Activation_Sigmoid(engine=engine),
                loss=purenn.Loss_BinaryCrossentropy(engine=engine), n_outputs=1,
                accuracy=purenn.Accuracy_Categorical(binary=True, engine=engine)).finalize()


@pytest.mark.parametrize("argument, value", [("shuffle", "no"), ("shuffle", 1),
                                             ("file", "log.txt")])
def test_model_train_refuses_a_bad_shuffle_or_file_before_any_weight_changes(engine, argument,
                                                                             value):
    model = trained_once(engine)
    before = weights_of(model)
    X, y = data()
    with pytest.raises(TypeError, match=argument):
        model.train(X, y, progress="silent", **{argument: value})
    assert weights_of(model) == before


# --- item 8: a loss that turns nan or inf is reported at the step where it happened ---

def diverging_model(engine):
    purenn.init(engine=engine)
    model = small_model(engine)
    model.set(optimizer=purenn.Optimizer_SGD(learning_rate=1e30, engine=engine))
    model.finalize()
    X, y = data(16)
    return model, X, y


def test_model_train_warns_at_the_step_where_the_loss_turns_nan_or_inf(engine):
    model, X, y = diverging_model(engine)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model.train(X, y, epochs=3, batch_size=4, progress="silent")
    found = [w for w in caught if "Model.train" in str(w.message)]
    assert len(found) == 1, [str(w.message) for w in caught]
    assert issubclass(found[0].category, RuntimeWarning)
    assert re.search(r"epoch \d+, step \d+", str(found[0].message))
    assert found[0].filename == __file__


def test_chapter10_train_warns_at_the_epoch_where_the_loss_turns_nan(engine):
    purenn.init(engine=engine)
    X, y = purenn.datasets.spiral_data(samples=10, classes=3)
    network = TwoLayerNetwork()
    optimizer = purenn.Optimizer_SGD(learning_rate=1e30)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        chapter10_train(network, optimizer, X, y, epochs=6, log=lambda line: None)
    found = [w for w in caught if "loss" in str(w.message) and "epoch" in str(w.message)]
    assert len(found) == 1, [str(w.message) for w in caught]
    assert issubclass(found[0].category, RuntimeWarning)

