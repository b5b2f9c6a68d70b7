"""Saving and loading a whole model (book chapter 21): ``Model.save(path)``, ``Model.load(path)``.

The book pickles the model. Loading a pickle runs whatever code the file holds, so purenn
writes JSON instead: only data, which a learner can open and read, and which either engine
loads. A pickle (the book's file) is recognised and refused, with that reason.

The format, "purenn model" version 1, is one JSON object:

    {"format": "purenn model", "version": 1, "dtype": "float32",
     "layers": [{"type": "Layer_Dense", "n_inputs": 2, "n_neurons": 64,
                 "weight_regularizer_l1": 0.0, ... (the four strengths),
                 "weights": [[...], ...], "biases": [[...]],
                 "weight_momentums": null or [[...]], "bias_momentums": ...,
                 "weight_cache": ..., "bias_cache": ...},
                {"type": "Activation_ReLU"},
                {"type": "Layer_Dropout", "rate": 0.1},        (the share dropped)
                ...],
     "loss": {"type": "Loss_CategoricalCrossentropy"} or null,
     "optimizer": {"type": "Optimizer_Adam", "learning_rate": 0.001, "decay": 0.0, ...
                   (its arguments), "current_learning_rate": ..., "iterations": 10} or null,
     "accuracy": {"type": "Accuracy_Categorical", "binary": false} or
                 {"type": "Accuracy_Regression", "precision": 0.0028} or null,
     "finalized": true}

Every float is written in full (Python's repr), so a float32 or float64 value loads back
bit for bit. A file of a newer version, another format, a truncated or edited file: each
is refused with a ValueError naming the file and what is wrong.
"""
import json

from . import random
from .accuracies import Accuracy_Categorical, Accuracy_Regression
from .activations import Activation_Linear, Activation_ReLU, Activation_Sigmoid, Activation_Softmax
from .engine.config import get_engine
from .engine.precision import DTYPES
from .layers import REGULARIZERS, Layer_Dense, Layer_Dropout
from .losses import (Loss_BinaryCrossentropy, Loss_CategoricalCrossentropy,
                     Loss_MeanAbsoluteError, Loss_MeanSquaredError)
from .optimizers import Optimizer_Adagrad, Optimizer_Adam, Optimizer_RMSprop, Optimizer_SGD

MODEL_FORMAT = "purenn model"
MODEL_VERSION = 1

# The classes a model file may name, by name
ACTIVATIONS = {cls.__name__: cls for cls in (Activation_Linear, Activation_ReLU,
                                             Activation_Sigmoid, Activation_Softmax)}
LOSSES = {cls.__name__: cls for cls in (Loss_BinaryCrossentropy, Loss_CategoricalCrossentropy,
                                        Loss_MeanAbsoluteError, Loss_MeanSquaredError)}
OPTIMIZERS = {cls.__name__: cls for cls in (Optimizer_Adagrad, Optimizer_Adam,
                                            Optimizer_RMSprop, Optimizer_SGD)}
# A dense layer's optimizer state (chapter 10), None until its first update
OPTIMIZER_STATE = ("weight_momentums", "bias_momentums", "weight_cache", "bias_cache")


class ModelFileError(ValueError):
    """A model file that cannot be loaded: the message names the file and the problem."""


def is_pickle(data):
    """True if ``data`` (a file's first bytes) starts as a pickle of protocol 2 or later does."""
    return data[:1] == b"\x80"


# --- writing ---------------------------------------------------------------------------

def model_document(model):
    """The model as the JSON object described above (a dict of lists and numbers)."""
    ops = model.ops
    return {
        "format": MODEL_FORMAT,
        "version": MODEL_VERSION,
        "dtype": ops.dtype,
        "layers": [_layer_entry(ops, layer) for layer in model.layers],
        "loss": None if model.loss is None else _entry("loss", model.loss, LOSSES),
        "optimizer": None if model.optimizer is None else _optimizer_entry(model.optimizer),
        "accuracy": None if model.accuracy is None else _accuracy_entry(model.accuracy),
        "finalized": bool(model.finalized),
    }


def _entry(what, part, known):
    name = type(part).__name__
    if name not in known or type(part) is not known[name]:
        raise TypeError(f"Model.save: the {what} is a {name}, which a model file cannot hold "
                        f"(it holds purenn's {', '.join(sorted(known))}); "
                        f"save_parameters keeps the weights of any model")
    return {"type": name}


def _layer_entry(ops, layer):
    name = type(layer).__name__
    if type(layer) is Layer_Dense:
        entry = {"type": name, "n_inputs": layer.n_inputs, "n_neurons": layer.n_neurons}
        for strength in REGULARIZERS:
            entry[strength] = getattr(layer, strength)
        entry["weights"] = ops.to_list(layer.weights)
        entry["biases"] = ops.to_list(layer.biases)
        for state in OPTIMIZER_STATE:
            values = getattr(layer, state)
            entry[state] = None if values is None else ops.to_list(values)
        return entry
    if type(layer) is Layer_Dropout:
        # The layer keeps the share kept; its argument is the share dropped
        return {"type": name, "rate": 1 - layer.rate}
    return _entry("layer", layer, ACTIVATIONS)


def _optimizer_entry(optimizer):
    entry = _entry("optimizer", optimizer, OPTIMIZERS)
    for name in optimizer._hyperparameters:
        entry[name] = getattr(optimizer, name)
    entry["current_learning_rate"] = optimizer.current_learning_rate
    entry["iterations"] = optimizer.iterations
    return entry


def _accuracy_entry(accuracy):
    known = {"Accuracy_Categorical": Accuracy_Categorical,
             "Accuracy_Regression": Accuracy_Regression}
    entry = _entry("accuracy", accuracy, known)
    if isinstance(accuracy, Accuracy_Categorical):
        entry["binary"] = bool(accuracy.binary)
    else:
        precision = accuracy.precision
        entry["precision"] = None if precision is None else float(precision)
    return entry


# --- reading ---------------------------------------------------------------------------

def read_document(path, method, expected_format):
    """The JSON object in ``path``; ModelFileError for a pickle, a file that is not JSON, or
    another format. ``method`` names the caller in the messages."""
    with open(path, "rb") as file:
        data = file.read()
    if is_pickle(data):
        raise ModelFileError(f"{method}: {path} is a pickle file (the book's Model.save "
                             f"writes one); purenn does not load pickles, because loading "
                             f"a pickle runs whatever code it holds. Save the model with "
                             f"purenn's Model.save, which writes JSON")
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ModelFileError(f"{method}: {path} is not a complete JSON file ({error}): "
                             f"truncated or edited?") from None
    if not isinstance(document, dict) or document.get("format") != expected_format:
        raise ModelFileError(f"{method}: {path} is not a {expected_format} file (no "
                             f"\"format\": \"{expected_format}\")")
    return document


class _Reader:
    """Reads the entries of one model file, each error naming the file and the entry."""

    def __init__(self, path, document):
        self.path = path
        self.document = document

    def __repr__(self):
        return f"_Reader({self.path!r})"

    def fail(self, where, problem):
        raise ModelFileError(f"Model.load: {self.path}: {where}: {problem}")

    def get(self, entry, key, where, kind):
        """entry[key], checked to be of ``kind`` (a type or a tuple of types)."""
        if not isinstance(entry, dict):
            self.fail(where, f"expected an object, found {type(entry).__name__}")
        if key not in entry:
            self.fail(where, f"no \"{key}\"")
        value = entry[key]
        if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
            self.fail(where, f"\"{key}\" is {value!r}, not a number")
        if not isinstance(value, kind):
            self.fail(where, f"\"{key}\" is {value!r}")
        return value

    def number(self, entry, key, where):
        return self.get(entry, key, where, (int, float))

    def array(self, ops, values, shape, where):
        """A list of rows of numbers of ``shape``, as an engine array."""
        if (not isinstance(values, list) or len(values) != shape[0]
                or not all(isinstance(row, list) and len(row) == shape[1] for row in values)):
            self.fail(where, f"expected {shape[0]} rows of {shape[1]} numbers")
        for row in values:
            for value in row:
                if isinstance(value, bool) or not isinstance(value, (int, float)):
                    self.fail(where, f"{value!r} is not a number")
        return ops.array(values)


def load_model(path, model_class, engine=None):
    """The model saved in ``path`` (see Model.load); ``model_class`` is purenn's Model."""
    document = read_document(path, "Model.load", MODEL_FORMAT)
    reader = _Reader(path, document)
    version = reader.get(document, "version", "the file", int)
    if version > MODEL_VERSION:
        reader.fail("the file", f"format version {version} is newer than this purenn reads "
                                f"(up to {MODEL_VERSION}): update purenn")
    if version < 1:
        reader.fail("the file", f"format version {version} does not exist")
    dtype = reader.get(document, "dtype", "the file", str)
    if dtype not in DTYPES:
        reader.fail("the file", f"\"dtype\" is {dtype!r}, not one of {DTYPES}")
    # The engine asked for, at the file's precision
    ops = get_engine(get_engine(engine).name, dtype)
    # Differs from book: new layers draw weights from purenn's stream; the stream is put
    # back as it was, so loading a model changes no later random draw
    state = random.get_state()
    try:
        model = _build(reader, document, ops, model_class)
    finally:
        random.set_state(state)
    return model


def _build(reader, document, ops, model_class):
    model = model_class(engine=ops)
    layers = reader.get(document, "layers", "the file", list)
    if not layers:
        reader.fail("the file", "\"layers\" is empty")
    for index, entry in enumerate(layers):
        model.add(_layer(reader, entry, ops, f"layer {index}"))
    parts = {}
    for key, known in (("loss", LOSSES), ("optimizer", OPTIMIZERS),
                       ("accuracy", ("Accuracy_Categorical", "Accuracy_Regression"))):
        entry = reader.get(document, key, "the file", (dict, type(None)))
        if entry is None:
            continue
        name = reader.get(entry, "type", key, str)
        if name not in known:
            reader.fail(key, f"unknown type {name!r}")
        parts[key] = entry
    if "loss" in parts:
        model.loss = LOSSES[parts["loss"]["type"]](engine=ops)
    if "optimizer" in parts:
        model.optimizer = _optimizer(reader, parts["optimizer"], ops)
    if "accuracy" in parts:
        model.accuracy = _accuracy(reader, parts["accuracy"], ops)
    if reader.get(document, "finalized", "the file", bool):
        model.finalize()
    return model


def _layer(reader, entry, ops, where):
    name = reader.get(entry, "type", where, str)
    if name in ACTIVATIONS:
        return ACTIVATIONS[name](engine=ops)
    if name == "Layer_Dropout":
        rate = reader.number(entry, "rate", where)
        if not 0 <= rate < 1:
            reader.fail(where, f"\"rate\" is {rate!r}, not in [0, 1)")
        return Layer_Dropout(rate, engine=ops)
    if name != "Layer_Dense":
        reader.fail(where, f"unknown type {name!r}")
    sizes = []
    for key in ("n_inputs", "n_neurons"):
        size = reader.get(entry, key, where, int)
        if size < 1:
            reader.fail(where, f"\"{key}\" is {size}, not a count >= 1")
        sizes.append(size)
    strengths = {}
    for key in REGULARIZERS:
        strength = reader.number(entry, key, where)
        if not strength >= 0:
            reader.fail(where, f"\"{key}\" is {strength!r}, not >= 0")
        strengths[key] = strength
    n_inputs, n_neurons = sizes
    shapes = {"weights": (n_inputs, n_neurons), "biases": (1, n_neurons)}
    # Every array read and checked before the layer is made
    arrays = {key: reader.array(ops, reader.get(entry, key, where, list), shape,
                                f"{where} {key}") for key, shape in shapes.items()}
    state = {}
    for key in OPTIMIZER_STATE:
        values = reader.get(entry, key, where, (list, type(None)))
        shape = shapes["weights" if key.startswith("weight") else "biases"]
        state[key] = None if values is None else reader.array(ops, values, shape,
                                                                f"{where} {key}")
    layer = Layer_Dense(n_inputs, n_neurons, engine=ops, **strengths)
    layer.weights = arrays["weights"]
    layer.biases = arrays["biases"]
    for key, values in state.items():
        setattr(layer, key, values)
    return layer


def _optimizer(reader, entry, ops):
    cls = OPTIMIZERS[entry["type"]]
    arguments = {name: reader.number(entry, name, "optimizer") for name in cls._hyperparameters}
    try:
        optimizer = cls(engine=ops, **arguments)
    except (TypeError, ValueError) as error:
        reader.fail("optimizer", str(error))
    optimizer.current_learning_rate = float(reader.number(entry, "current_learning_rate",
                                                          "optimizer"))
    iterations = reader.get(entry, "iterations", "optimizer", int)
    if iterations < 0:
        reader.fail("optimizer", f"\"iterations\" is {iterations}, not >= 0")
    optimizer.iterations = iterations
    return optimizer


def _accuracy(reader, entry, ops):
    if entry["type"] == "Accuracy_Categorical":
        return Accuracy_Categorical(binary=reader.get(entry, "binary", "accuracy", bool),
                                    engine=ops)
    accuracy = Accuracy_Regression(engine=ops)
    precision = reader.get(entry, "precision", "accuracy", (int, float, type(None)))
    accuracy.precision = None if precision is None else ops.round_value(precision)
    return accuracy
