"""Chapter 21: Model.save / Model.load (the whole model, JSON), get/set/save/load_parameters,
Layer_Dense.get_parameters / set_parameters, and the errors for a file that cannot be loaded.
"""
import json
import pickle

import pytest

import purenn


def book_model(engine, dropout=True):
    """A chapter 18-style model, trained a few epochs so the optimizer has state."""
    purenn.init(engine=engine)
    X, y = purenn.spiral_data(samples=20, classes=3)
    model = purenn.Model()
    model.add(purenn.Layer_Dense(2, 16, weight_regularizer_l2=5e-4, bias_regularizer_l2=5e-4))
    model.add(purenn.Activation_ReLU())
    if dropout:
        model.add(purenn.Layer_Dropout(0.1))
    model.add(purenn.Layer_Dense(16, 3))
    model.add(purenn.Activation_Softmax())
    model.set(loss=purenn.Loss_CategoricalCrossentropy(),
              optimizer=purenn.Optimizer_Adam(learning_rate=0.05, decay=5e-5),
              accuracy=purenn.Accuracy_Categorical())
    model.finalize()
    model.train(X, y, epochs=3, progress="silent")
    return model, X, y


def as_floats(values):
    values = values.tolist() if hasattr(values, "tolist") else values
    return [[float(v) for v in row] for row in values]


@pytest.mark.parametrize("saved_in, loaded_in", [("numpy", "python"), ("python", "numpy")])
def test_save_load_in_the_other_engine_predicts_the_same(tmp_path, saved_in, loaded_in):
    pytest.importorskip("numpy")
    model, X, y = book_model(saved_in)
    path = tmp_path / "model.json"
    model.save(path)
    loaded = purenn.Model.load(path, engine=loaded_in)
    assert loaded.ops.name == loaded_in and loaded.ops.dtype == "float32"
    X_list = X.tolist() if hasattr(X, "tolist") else X
    mine = as_floats(loaded.predict(X_list, batch_size=7))
    gold = as_floats(model.predict(X_list))
    assert mine == gold
    # The optimizer and its state came along: one more epoch in each gives the same weights
    for m in (model, loaded):
        purenn.init(engine=m.ops.name)
        m.train(X_list, y.tolist() if hasattr(y, "tolist") else y, epochs=1, progress="silent")
    assert as_floats(loaded.layers[0].weights) == as_floats(model.layers[0].weights)


def test_saved_file_is_the_documented_json(tmp_path, engine):
    model, X, y = book_model(engine)
    path = tmp_path / "model.json"
    model.save(path)
    document = json.loads(path.read_text())
    assert (document["format"], document["version"], document["dtype"]) == (
        "purenn model", 1, "float32")
    assert [layer["type"] for layer in document["layers"]] == [
        "Layer_Dense", "Activation_ReLU", "Layer_Dropout", "Layer_Dense", "Activation_Softmax"]
    assert document["layers"][0]["weight_regularizer_l2"] == 5e-4
    assert document["optimizer"]["type"] == "Optimizer_Adam"
    assert document["optimizer"]["iterations"] == 3
    assert document["accuracy"] == {"type": "Accuracy_Categorical", "binary": False}


def test_a_pickle_is_refused_with_the_reason(tmp_path, engine):
    model, X, y = book_model(engine, dropout=False)
    path = tmp_path / "fashion_mnist.model"
    path.write_bytes(pickle.dumps({"weights": [1.0]}))
    with pytest.raises(ValueError, match=r"fashion_mnist.model is a pickle file.*runs"):
        purenn.Model.load(path)
    before = as_floats(model.layers[0].weights)
    with pytest.raises(ValueError, match=r"is a pickle file.*runs"):
        model.load_parameters(path)
    assert as_floats(model.layers[0].weights) == before


@pytest.mark.parametrize("edit, message", [
    (lambda d: d.update(version=2), r"format version 2 is newer"),
    (lambda d: d["layers"][0].update(weights=[[1.0]]), r"layer 0 weights: expected 2 rows of 16"),
    (lambda d: d["layers"][1].update(type="Activation_Tanh"), r"layer 1: unknown type"),
    (lambda d: d["layers"][0]["biases"][0].__setitem__(0, "x"), r"layer 0 biases: 'x' is not"),
    (lambda d: d.update(format="something else"), r"is not a purenn model file"),
    (lambda d: d["optimizer"].update(iterations=-1), r"optimizer: \"iterations\" is -1"),
])
def test_an_edited_file_is_refused_naming_file_and_problem(tmp_path, edit, message):
    model, X, y = book_model("python", dropout=False)
    path = tmp_path / "model.json"
    model.save(path)
    document = json.loads(path.read_text())
    edit(document)
    path.write_text(json.dumps(document))
    with pytest.raises(ValueError, match=r"Model.load: .*model.json.*" + message):
        purenn.Model.load(path)


def test_a_truncated_file_is_refused(tmp_path):
    model, X, y = book_model("python", dropout=False)
    path = tmp_path / "model.json"
    model.save(path)
    text = path.read_text()
    path.write_text(text[:len(text) // 2])
    with pytest.raises(ValueError, match=r"model.json is not a complete JSON file.*truncated"):
        purenn.Model.load(path)


def test_loading_draws_nothing_from_the_random_stream(tmp_path):
    model, X, y = book_model("python", dropout=False)
    path = tmp_path / "model.json"
    model.save(path)
    purenn.random.seed(5)
    purenn.Model.load(path)
    after_load = purenn.random.randn(1, 3)
    purenn.random.seed(5)
    assert purenn.random.randn(1, 3) == after_load


def test_parameters_wrong_architecture_leaves_model_untouched(tmp_path, engine):
    model, X, y = book_model(engine, dropout=False)
    path = tmp_path / "parameters.json"
    model.save_parameters(path)
    purenn.init(engine=engine)
    other = purenn.Model()
    other.add(purenn.Layer_Dense(2, 8))
    other.add(purenn.Activation_ReLU())
    other.add(purenn.Layer_Dense(8, 3))
    other.add(purenn.Activation_Softmax())
    other.finalize()
    before = as_floats(other.layers[0].weights)
    with pytest.raises(purenn.ShapeError, match=r"parameters.json.*layer 0"):
        other.load_parameters(path)
    assert as_floats(other.layers[0].weights) == before


def test_book_get_set_parameters(engine):
    model, X, y = book_model(engine, dropout=False)
    parameters = model.get_parameters()
    assert len(parameters) == 2
    weights, biases = model.layers[0].get_parameters()
    assert as_floats(weights) == as_floats(parameters[0][0])
    layer = purenn.Layer_Dense(2, 16)
    layer.set_parameters(weights, biases)
    assert as_floats(layer.weights) == as_floats(weights)
    with pytest.raises(purenn.ShapeError, match=r"weights has shape \(16, 2\).*\(2, 16\)"):
        layer.set_parameters([[0.0, 0.0]] * 16, biases)


def test_a_regression_model_round_trips(tmp_path, engine):
    """Chapter 17's pieces in a model file: Linear, mean squared error, the accuracy's
    precision; loaded in the same engine, the same predictions and precision."""
    purenn.init(engine=engine)
    X, y = purenn.sine_data(samples=50)
    model = purenn.Model()
    model.add(purenn.Layer_Dense(1, 8, weight_scale=0.1))
    model.add(purenn.Activation_ReLU())
    model.add(purenn.Layer_Dense(8, 1, weight_scale=0.1))
    model.add(purenn.Activation_Linear())
    model.set(loss=purenn.Loss_MeanSquaredError(),
              optimizer=purenn.Optimizer_Adam(learning_rate=0.005, decay=1e-3),
              accuracy=purenn.Accuracy_Regression())
    model.finalize()
    model.train(X, y, epochs=2, progress="silent")
    path = tmp_path / "regression.json"
    model.save(path)
    loaded = purenn.Model.load(path, engine=engine)
    assert type(loaded.loss) is purenn.Loss_MeanSquaredError
    assert float(loaded.accuracy.precision) == float(model.accuracy.precision)
    assert as_floats(loaded.predict(X)) == as_floats(model.predict(X))
