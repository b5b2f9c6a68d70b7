"""The checks of the book's Model (chapters 18-19): its parts, their pairing, its data.

Machinery, not the book: ``python -m purenn step`` skips this module, so ``s`` from
``model.train(X, y, ...)`` goes from the call to the book's loop in a few presses.

Every argument of ``add``, ``set``, ``finalize`` and ``train`` is checked here before any
weight changes, with the position in the caller's array (``y[6]``, not the index inside
a batch). Labels are checked before they are converted: a float 1.7, a string or a nan is
refused, never rounded into a class. The loss, the last layer's activation and the
accuracy must be a pairing the book makes (``check_pairing``).
"""
import math
import warnings

from .shapes import (ShapeError, as_array, batch_shape, check_batch_size, check_count,
                     check_samples, check_width, format_shape, is_bool, is_integer,
                     _short_repr)

# What each part of a model must be able to do: the methods Model calls on it
PART_METHODS = {
    "loss": ("calculate", "backward", "new_pass", "calculate_accumulated"),
    "optimizer": ("pre_update_params", "update_params", "post_update_params"),
    "accuracy": ("calculate", "init", "new_pass", "calculate_accumulated"),
}
# The book's class of each part, named in the errors
PART_EXAMPLES = {"loss": "Loss_CategoricalCrossentropy()", "optimizer": "Optimizer_Adam()",
                 "accuracy": "Accuracy_Categorical()"}


def _is_class(value):
    return isinstance(value, type)


def check_layer(model, layer):
    """What ``model.add(layer)`` takes: a layer object with forward and backward, once."""
    if _is_class(layer):
        raise TypeError(f"add: {layer.__name__} is a class, not a layer: create one with "
                        f"{layer.__name__}(...), e.g. model.add({layer.__name__}())")
    if not (hasattr(layer, "forward") and hasattr(layer, "backward")):
        raise TypeError(f"add: {_short_repr(layer)} of type {type(layer).__name__} is not a "
                        f"layer (it has no forward and backward methods)")
    for index, added in enumerate(model.layers):
        if added is layer:
            raise ValueError(
                f"add: this {type(layer).__name__} object is already the model's layer "
                f"{index}: a layer added twice would be updated twice with a wrong gradient; "
                f"create a new {type(layer).__name__}(...) for each place in the model")


def check_part(kind, part):
    """A loss, optimizer or accuracy for ``model.set``: an object with the methods Model calls."""
    if part is None:
        return
    if _is_class(part):
        raise TypeError(f"set: {kind}={part.__name__} is a class, not an object: create one "
                        f"with {kind}={part.__name__}()")
    missing = [name for name in PART_METHODS[kind] if not hasattr(part, name)]
    if missing:
        raise TypeError(f"set: {kind} must be an object such as {PART_EXAMPLES[kind]}, not "
                        f"{_short_repr(part)} of type {type(part).__name__} (it has no "
                        f"{', '.join(missing)})")


def _names(part):
    """The names of a part's class and its base classes (no import of the book's modules)."""
    return {cls.__name__ for cls in type(part).__mro__}


# purenn's last layers whose outputs are not probabilities, and those whose are (a class
# of the learner's own, in neither, is not judged)
NOT_PROBABILITIES = frozenset(("Layer_Dense", "Activation_ReLU", "Layer_Dropout",
                               "Activation_Linear"))
PROBABILITIES = frozenset(("Activation_Softmax", "Activation_Sigmoid"))


def check_pairing(model):
    """Refuse a loss, last activation and accuracy the book never pairs, naming what to use.

    The book's pairs: Activation_Softmax with Loss_CategoricalCrossentropy (chapters 5, 9,
    19); Activation_Sigmoid with Loss_BinaryCrossentropy and Accuracy_Categorical(binary=True)
    (chapter 16). Cross-entropy takes probabilities: after a ReLU or a dense layer the
    outputs are not probabilities (a log of 0 or of a negative number).
    """
    last = model.layers[-1]
    last_names, loss_names = _names(last), _names(model.loss)
    last_name = type(last).__name__
    if not last_names & NOT_PROBABILITIES and not last_names & PROBABILITIES:
        # A last layer of the learner's own: it may well make probabilities
        return
    if "Loss_CategoricalCrossentropy" in loss_names and "Activation_Softmax" not in last_names:
        raise ValueError(
            f"finalize: Loss_CategoricalCrossentropy takes probabilities, but the last layer "
            f"is {last_name}, whose outputs are not: end the model with "
            f"model.add(Activation_Softmax()) (the book's pairing, chapter 5)")
    if "Loss_BinaryCrossentropy" in loss_names:
        if "Activation_Sigmoid" not in last_names:
            advice = (" (softmax makes one probability distribution over the classes; binary "
                      "cross-entropy takes one independent probability per output)"
                      if "Activation_Softmax" in last_names else "")
            raise ValueError(
                f"finalize: Loss_BinaryCrossentropy takes one probability per output, but the "
                f"last layer is {last_name}{advice}: end the model with "
                f"model.add(Activation_Sigmoid()) (the book's pairing, chapter 16), or use "
                f"Loss_CategoricalCrossentropy with Activation_Softmax")
        accuracy = model.accuracy
        if (accuracy is not None and "Accuracy_Categorical" in _names(accuracy)
                and not getattr(accuracy, "binary", False)):
            raise ValueError(
                "finalize: with Activation_Sigmoid and Loss_BinaryCrossentropy the predictions "
                "are 0/1 per output, but Accuracy_Categorical() compares class indices (it "
                "would report a wrong accuracy): use Accuracy_Categorical(binary=True), as "
                "the book's chapter 16 model does")


def check_ready(model, method, training, needs_loss=True):
    """RuntimeError unless ``model`` is finalized with the parts ``method`` needs."""
    if not model.finalized:
        raise RuntimeError(f"{method}: call model.finalize() first (after add() and "
                           f"set(), which leave the model unfinalized)")
    missing = []
    if needs_loss and model.loss is None:
        missing.append("loss")
    if training and model.optimizer is None:
        missing.append("optimizer")
    if needs_loss and model.accuracy is None:
        missing.append("accuracy")
    if missing:
        raise RuntimeError(f"{method}: the model has no {' and no '.join(missing)}: "
                           f"model.set({', '.join(m + '=...' for m in missing)}), then "
                           f"model.finalize()")


def n_inputs(model):
    """The width the first layer takes, if it says (Layer_Dense's n_inputs), else None."""
    return getattr(model.layers[0], "n_inputs", None)


def n_outputs(model):
    """The width of the model's output: the last layer's with n_neurons, else None."""
    for layer in reversed(model.layers):
        if hasattr(layer, "n_neurons"):
            return layer.n_neurons
    return None


def check_inputs(model, X, name):
    """X checked (2-D, not empty, the first layer's width) and as an engine array."""
    shape = batch_shape(X, name)
    check_width(shape, n_inputs(model), name)
    return as_array(model.ops, X, name)


def check_class_labels(y, n_classes, name):
    """Raise unless every label of 1-D ``y`` is an integer in [0, n_classes), naming the
    first that is not by its index in ``y``. Checked before any conversion: 1.7 is not
    class 1, "1" is not a number, nan is not class 0."""
    if hasattr(y, "dtype"):
        # A NumPy array: whole-array checks (no Python loop unless one label is wrong)
        if y.dtype.kind in "iu" and (y.size == 0 or (
                (y.dtype.kind == "u" or y.min() >= 0)
                and (n_classes is None or y.max() < n_classes))):
            return
        labels = y.tolist()
    else:
        labels = y
    for index, label in enumerate(labels):
        if not is_integer(label):
            shown = f"the bool {label!r}" if is_bool(label) else _short_repr(label)
            raise TypeError(f"{name}[{index}] is {shown}: class labels must be integers "
                            f"0, 1, 2, ... (a label is never rounded to a class)")
        if label < 0 or (n_classes is not None and label >= n_classes):
            top = "" if n_classes is None else f", outside the {n_classes} classes " \
                                               f"[0, {n_classes - 1}] the model outputs"
            raise ValueError(f"{name}[{index}] is {label}{top or ', below 0'}")
    if hasattr(y, "dtype") and y.dtype.kind not in "iu":
        raise TypeError(f"{name} must hold integer class labels, not {y.dtype}")


def check_target_rows(y, name, binary):
    """Raise unless 2-D ``y`` holds numbers (0 or 1 each for a binary loss), naming the first
    value that does not by its position in ``y``."""
    if hasattr(y, "dtype"):
        if y.dtype.kind not in "biuf":
            raise TypeError(f"{name} must hold numbers, not {y.dtype}")
        if not binary or bool(((y == 0) | (y == 1)).all()):
            if y.dtype.kind != "f" or bool((y == y).all()):
                return
        rows = y.tolist()
    else:
        rows = y
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            if is_bool(value) or isinstance(value, (str, bytes)):
                raise TypeError(f"{name}[{i}][{j}] is {value!r}, not a number")
            try:
                number = float(value)
            except (TypeError, ValueError, OverflowError):
                raise TypeError(f"{name}[{i}][{j}] is {_short_repr(value)}, not a "
                                f"number") from None
            if math.isnan(number) or (binary and number not in (0.0, 1.0)):
                raise ValueError(f"{name}[{i}][{j}] is {value!r}: "
                                 + ("binary labels must be 0 or 1" if binary
                                    else "a target must be a number, not nan"))


def check_data(model, X, y, x_name, y_name):
    """(X, y) checked to match, every label checked where the caller put it, as engine
    arrays (y: class indices or rows)."""
    x_shape, y_shape = check_samples(X, y, x_name, y_name)
    check_width(x_shape, n_inputs(model), x_name)
    binary = "Loss_BinaryCrossentropy" in _names(model.loss)
    width = n_outputs(model)
    if len(y_shape) == 1:
        if binary:
            raise ShapeError(
                f"{y_name} has shape {format_shape(y_shape)} but binary cross-entropy takes "
                f"one row of 0/1 targets per sample: reshape the labels as the book does, "
                f"y = y.reshape(-1, 1) (NumPy) or [[label] for label in y] (lists)")
        check_class_labels(y, width, y_name)
        X = as_array(model.ops, X, x_name)
        return X, model.ops.labels(y)
    if width is not None and y_shape[1] != width:
        # The lecture's Keras error, "Shapes (32, 1) and (32, 3) are incompatible", here
        # before the first step, with what to do
        raise ShapeError(f"{y_name} has shape {format_shape(y_shape)}, {y_shape[1]} "
                         f"value(s) per sample, but the model outputs {width} (its "
                         f"last Layer_Dense has n_neurons={width}): give class "
                         f"indices as a 1-D list, or one-hot rows of width {width} "
                         f"(purenn.to_categorical)")
    check_target_rows(y, y_name, binary)
    return as_array(model.ops, X, x_name), as_array(model.ops, y, y_name)


def check_validation_data(model, validation_data, x_shape):
    """validation_data = (X_val, y_val), checked against the training data's width."""
    if not isinstance(validation_data, (tuple, list)) or len(validation_data) != 2:
        raise TypeError("validation_data must be a pair (X_val, y_val), not "
                        f"{type(validation_data).__name__}")
    X_val, y_val = validation_data
    val_shape = batch_shape(X_val, "validation_data X_val")
    check_width(val_shape, x_shape[1], "validation_data X_val",
                f"the training data X has shape {format_shape(x_shape)}: its width")
    return check_data(model, X_val, y_val, "validation_data X_val",
                      "validation_data y_val")


def check_train(model, X, y, epochs, batch_size, print_every, progress, validation_data,
                shuffle=False, file=None):
    """Every argument of Model.train, checked before any weight changes.

    Returns (X, y, batch_size, validation_data) as the loop uses them.
    """
    # Imported here: the progress module imports nothing of the engine's
    from ..tools.progress import check_progress
    check_ready(model, "train", training=True)
    check_count(epochs, "epochs")
    check_count(print_every, "print_every")
    check_progress(progress)
    if not is_bool(shuffle):
        raise TypeError(f"shuffle must be True or False, not {_short_repr(shuffle)}")
    if file is not None and not callable(getattr(file, "write", None)):
        raise TypeError(f"file must be a file open for writing (or None for sys.stdout), not "
                        f"{_short_repr(file)} of type {type(file).__name__}")
    X, y = check_data(model, X, y, "X", "y")
    x_shape = model.ops.shape(X)
    batch_size = check_batch_size(batch_size, x_shape[0])
    if validation_data is not None:
        validation_data = check_validation_data(model, validation_data, x_shape)
    return X, y, batch_size, validation_data


def report_not_finite(loss, where, reported, stacklevel=3):
    """Warn once (RuntimeWarning, at the learner's line) when ``loss`` is nan or inf.

    ``where`` says when, e.g. "Model.train: epoch 2, step 3"; ``reported``: whether this
    run already warned. Returns whether it has now. Training goes on, as NumPy's arithmetic
    goes on after its RuntimeWarning; the history keeps the nan. ``stacklevel`` 3 points
    at the line that called the function that calls this one.
    """
    if reported:
        return True
    value = float(loss)
    if math.isfinite(value):
        return False
    warnings.warn(f"{where}: the loss is {value} (from here on the weights are not numbers): "
                  f"lower the learning rate, or look for inf or nan in the data",
                  RuntimeWarning, stacklevel=stacklevel)
    return True


# --- the training loop's bookkeeping (Model.train) ---------------------------------------

def steps_for(n_samples, batch_size):
    """How many steps a pass over ``n_samples`` takes in batches of ``batch_size`` (None: 1)."""
    # Default value if batch size is not being set
    steps = 1
    if batch_size is not None:
        # Calculate number of steps
        steps = n_samples // batch_size
        # Dividing rounds down. If there are some remaining data, but not a full batch,
        # this won't include it. Add 1 to include this not full batch
        if steps * batch_size < n_samples:
            steps += 1
    return steps


def steps_and_rows(n_samples, batch_size):
    """(steps of a pass, rows of a step): batch_size None is one step of all the rows."""
    return steps_for(n_samples, batch_size), n_samples if batch_size is None else batch_size


def epoch_rows(ops, X, y, shuffle):
    """(X, y) as they are, or with shuffle=True their rows in a new random order (the same
    for both; a new array, as NumPy's fancy indexing copies)."""
    if not shuffle:
        return X, y
    # purenn.random.permutation, drawn by the engine (the numpy engine's at NumPy's speed)
    order = ops.permutation(len(X))
    return ops.take_rows(X, order), ops.take_rows(y, order)


def start_run(model, progress, epochs, print_every, file, timing=False):
    """A new train() run: ``model.history`` emptied, and its reporter (the book's log, the
    progress bar, ...) watched for a loss that is not a number."""
    from ..tools.notebook import History
    from ..tools.progress import make_reporter
    model.history = History({key: [] for key in model.history})
    return LossWatch(make_reporter(progress, epochs, print_every, file, timing=timing))


class LossWatch:
    """A reporter that also warns, once a run, when a step's loss is nan or inf.

    Training goes on, as NumPy's arithmetic goes on after its RuntimeWarning (and as
    Keras trains on unless asked to stop); the warning names the epoch and step and points at
    the line that called train(), and the history keeps the nan.
    """

    def __init__(self, reporter):
        self.reporter = reporter
        self.epoch = None
        self.reported = False

    def __repr__(self):
        return f"LossWatch({self.reporter!r}, epoch={self.epoch}, reported={self.reported})"

    @property
    def shows_epoch_so_far(self):
        """The reporter's: whether a step's figures must hold the epoch's so far."""
        return getattr(self.reporter, "shows_epoch_so_far", True)

    def start_epoch(self, epoch, steps):
        self.epoch = epoch
        self.reporter.start_epoch(epoch, steps)

    def end_step(self, step, steps, figures):
        if not self.reported:
            # stacklevel 4: report_not_finite, this method, train(), the line that
            # called train()
            self.reported = report_not_finite(
                figures["loss"], f"Model.train: epoch {self.epoch}, step {step + 1} of {steps}",
                False, stacklevel=4)
        self.reporter.end_step(step, steps, figures)

    def end_epoch(self, epoch, figures, validation=None):
        self.reporter.end_epoch(epoch, figures, validation)

    def end_training(self, validation):
        self.reporter.end_training(validation)
