"""The book's Model object (chapters 18-19): a network built from layers, trained in batches.

    model = Model()
    model.add(Layer_Dense(2, 64))
    model.add(Activation_ReLU())
    model.add(Layer_Dense(64, 3))
    model.add(Activation_Softmax())
    model.set(loss=Loss_CategoricalCrossentropy(), optimizer=Optimizer_Adam(),
              accuracy=Accuracy_Categorical())
    model.finalize()
    model.train(X, y, epochs=10, batch_size=32, print_every=100)

``train`` runs the book's chapter 19 loop: each epoch takes ceil(n / batch_size) steps over
rows ``step*batch_size:(step+1)*batch_size`` (the last batch shorter), one optimizer update a
step, and reports the epoch's loss and accuracy from the sums accumulated over its batches.
With ``batch_size=None`` each epoch is one step over all the data, as in chapter 10.
Softmax as the last layer with categorical cross-entropy as the loss takes the combined,
faster backward pass (chapter 9) automatically.

Beyond the book: ``summary()`` prints Keras' table of layers and parameter counts, the
figures of every epoch are kept in ``history``, ``progress="bar"`` shows Keras' progress
bar, ``shuffle=True`` reorders the data every epoch from purenn's random stream, and
``save_parameters``/``load_parameters`` keep the trained weights in a JSON file.
"""
import json
import os
import tempfile

from . import saving
from .activations import Activation_Softmax
from .engine.config import get_engine
from .losses import Activation_Softmax_Loss_CategoricalCrossentropy, Loss_CategoricalCrossentropy
from .tools.notebook import History, input_text, pretty, summary_html
from .tools.progress import validation_line
from .engine import model_checks
from .engine.model_checks import steps_for
from .engine.shapes import (ShapeError, check_batch_size, format_shape, raise_non_number,
                            shape_of)

# The format of a parameter file (save_parameters)
PARAMETER_FORMAT = "purenn model parameters"
PARAMETER_VERSION = 1

# Keras' summary table: 65 characters, columns ending at 29, 55 and 65
SUMMARY_COLUMNS = (29, 55, 65)

# What history keeps, one value per epoch (validation_*: None without validation data)
HISTORY_KEYS = ("epoch", "loss", "data_loss", "regularization_loss", "accuracy",
                "learning_rate", "validation_loss", "validation_accuracy")


class Layer_Input:
    """The model's input 'layer' (chapter 18): its output is the data it is given."""

    def __init__(self):
        self.output = None

    def __repr__(self):
        return "Layer_Input()"

    # In a notebook: the repr, then the output's shape and first rows
    _repr_pretty_ = pretty(input_text)

    def forward(self, inputs, training=True):
        """inputs (n_samples, n_inputs) -> self.output, the same data."""
        self.output = inputs


class Model:
    """A sequence of layers with a loss, an optimizer and an accuracy (chapters 18-19)."""

    def __init__(self, engine=None):
        # Differs from book: the optional ``engine`` picks the arithmetic (default: purenn.init's).
        self.ops = get_engine(engine)
        # Create a list of network objects
        self.layers = []
        # Set by set()
        self.loss = None
        self.optimizer = None
        self.accuracy = None
        # Made by finalize()
        self.input_layer = None
        self.trainable_layers = []
        self.output_layer_activation = None
        # Softmax classifier's output object: the combined backward, when it applies
        self.softmax_classifier_output = None
        self.finalized = False
        # The figures of every epoch of the last train() (see HISTORY_KEYS), and how many
        # epochs every train() so far has run
        self.history = History({key: [] for key in HISTORY_KEYS})
        self.epochs_trained = 0

    def __repr__(self):
        layers = " -> ".join(_short_name(layer) for layer in self.layers) or "no layers"
        return (f"Model({layers}; loss={_type_name(self.loss)}, optimizer="
                f"{self.optimizer!r}, accuracy={_type_name(self.accuracy)}, "
                f"finalized={self.finalized}, epochs_trained={self.epochs_trained}, "
                f"ops={self.ops!r})")

    # --- building ------------------------------------------------------------------------

    def add(self, layer):
        """Add objects (layers and activations) to the model, in order."""
        # Differs from book: a class instead of an object, or a layer added twice, is refused
        model_checks.check_layer(self, layer)
        self.layers.append(layer)
        # A new layer must be linked in again
        self.finalized = False

    def set(self, *, loss=None, optimizer=None, accuracy=None):
        """Set loss, optimizer and accuracy (keyword arguments only, as the book's)."""
        # Differs from book: each is checked (a class, or a string such as "accuracy", is
        # refused) before any is set
        model_checks.check_part("loss", loss)
        model_checks.check_part("optimizer", optimizer)
        model_checks.check_part("accuracy", accuracy)
        if loss is not None:
            self.loss = loss
        if optimizer is not None:
            self.optimizer = optimizer
        if accuracy is not None:
            self.accuracy = accuracy
        self.finalized = False

    def finalize(self):
        """Link the layers, find the trainable ones, choose the backward pass (chapter 18)."""
        if not self.layers:
            raise ValueError("finalize: the model has no layers; add() some first")
        self._check_engines()
        # Differs from book: a loss, last activation and accuracy the book never pairs are
        # refused, with the pairing to use (softmax with cross-entropy, sigmoid with binary
        # cross-entropy and a binary accuracy)
        if self.loss is not None:
            model_checks.check_pairing(self)
        # Create and set the input layer
        self.input_layer = Layer_Input()
        # Link every layer to the previous and the next object, as the book does: the first
        # layer's previous object is the input layer, the last layer's next is the loss
        # (forward and backward walk self.layers; the links are for code written the book's way)
        for i, layer in enumerate(self.layers):
            layer.prev = self.input_layer if i == 0 else self.layers[i - 1]
            layer.next = self.layers[i + 1] if i < len(self.layers) - 1 else self.loss
        # Trainable layers are those with weights
        self.trainable_layers = [layer for layer in self.layers if hasattr(layer, "weights")]
        # The last layer is the output layer's activation
        self.output_layer_activation = self.layers[-1]
        # Update loss object with trainable layers
        if self.loss is not None:
            self.loss.remember_trainable_layers(self.trainable_layers)
        # If output activation is Softmax and loss function is Categorical Cross-Entropy,
        # create an object of combined activation and loss function containing the faster
        # gradient calculation
        self.softmax_classifier_output = None
        if (isinstance(self.layers[-1], Activation_Softmax)
                and isinstance(self.loss, Loss_CategoricalCrossentropy)):
            self.softmax_classifier_output = \
                Activation_Softmax_Loss_CategoricalCrossentropy(engine=self.ops)
        self.finalized = True

    def _check_engines(self):
        """Every layer, the loss and the optimizer must use the model's engine and dtype."""
        parts = list(self.layers) + [self.loss, self.optimizer, self.accuracy]
        for part in parts:
            ops = getattr(part, "ops", None)
            if ops is None:
                continue
            if (ops.name, ops.dtype) != (self.ops.name, self.ops.dtype):
                raise ValueError(f"finalize: {_type_name(part)} uses the {ops.name} engine in "
                                 f"{ops.dtype} but the model uses the {self.ops.name} engine "
                                 f"in {self.ops.dtype}: create them all after one "
                                 f"purenn.init(...) or with the same engine=")

    # --- forward and backward ----------------------------------------------------------------

    def forward(self, X, training):
        """Forward pass of X through every layer; returns the last layer's output."""
        # Call forward method on the input layer: this sets the output that the first
        # layer takes
        self.input_layer.forward(X, training)
        # Call forward method of every object in a chain, passing the output of the
        # previous object as a parameter
        previous = self.input_layer
        for layer in self.layers:
            layer.forward(previous.output, training)
            previous = layer
        # "previous" is now the last object from the list: return its output
        return previous.output

    def backward(self, output, y):
        """Backward pass from the loss's gradient on ``output`` down to the first layer."""
        # If softmax classifier
        if self.softmax_classifier_output is not None:
            # First call backward method on the combined activation/loss; this will set
            # dinputs property
            self.softmax_classifier_output.backward(output, y)
            # Since we'll not call backward method of the last layer, which is Softmax
            # activation, as we used combined activation/loss object, let's set dinputs
            # in this object
            self.layers[-1].dinputs = self.softmax_classifier_output.dinputs
            # Call backward method going through all the objects but last, in reversed
            # order, passing dinputs as a parameter
            dvalues = self.layers[-1].dinputs
            for layer in reversed(self.layers[:-1]):
                layer.backward(dvalues)
                dvalues = layer.dinputs
            return
        # First call backward method on the loss; this will set dinputs property that the
        # last layer will try to access shortly
        self.loss.backward(output, y)
        # Call backward method going through all the objects in reversed order, passing
        # dinputs as a parameter
        dvalues = self.loss.dinputs
        for layer in reversed(self.layers):
            layer.backward(dvalues)
            dvalues = layer.dinputs

    # --- training -----------------------------------------------------------------------

    def train(self, X, y, *, epochs=1, batch_size=None, print_every=1, validation_data=None,
              progress="book", shuffle=False, file=None, timing=False):
        """Train the model on (X, y): the book's chapter 19 loop.

        X (n_samples, n_inputs); y class indices (n_samples,) or rows (n_samples, n_outputs).
        batch_size: rows per step (None: all, one step an epoch). print_every: the book's
        log prints a step's line every print_every steps. validation_data: (X_val, y_val),
        evaluated after every epoch. progress: "book" (the book's chapter 19 log), "chapter18"
        (chapter 18's: a line every print_every epochs, validation once after training),
        "bar" (Keras' bar on a terminal, plain lines otherwise), "lines" or "silent" (see
        purenn.tools.progress), written
        to ``file`` (default sys.stdout). shuffle: reorder the rows every epoch with
        purenn.random.permutation (differs from book: the book does not shuffle). timing:
        "lines" shows each epoch's time and time per step (off: the same text every run).
        The figures of every epoch go to ``self.history``.
        """
        # Differs from book: every argument is checked before any weight changes
        X, y, batch_size, validation_data = model_checks.check_train(
            self, X, y, epochs, batch_size, print_every, progress, validation_data, shuffle, file)
        # Initialize accuracy object
        self.accuracy.init(y)
        # Calculate number of steps (and the rows of a step: batch_size, or all of them)
        train_steps, batch_rows = model_checks.steps_and_rows(len(X), batch_size)
        # Differs from book: the log or progress bar, and self.history (a loss that turns
        # nan or inf is reported there, once, at the step where it happens)
        reporter = model_checks.start_run(self, progress, epochs, print_every, file, timing)
        # (the epoch's loss and accuracy so far at every step only for a reporter that shows them)
        show_epoch_so_far = reporter.shows_epoch_so_far
        # Main training loop
        for epoch in range(1, epochs + 1):
            reporter.start_epoch(epoch, train_steps)
            # Reset accumulated values in loss and accuracy objects
            self.loss.new_pass()
            self.accuracy.new_pass()
            # Differs from book: with shuffle=True, the rows in a new random order each
            # epoch, the same for X and y (purenn.random.permutation)
            epoch_X, epoch_y = model_checks.epoch_rows(self.ops, X, y, shuffle)
            # Iterate over steps
            for step in range(train_steps):
                # Slice a batch
                batch_X = epoch_X[step * batch_rows:(step + 1) * batch_rows]
                batch_y = epoch_y[step * batch_rows:(step + 1) * batch_rows]
                # Perform the forward pass
                output = self.forward(batch_X, training=True)
                # Calculate loss
                data_loss, regularization_loss = self.loss.calculate(
                    output, batch_y, include_regularization=True)
                loss = self.ops.add(data_loss, regularization_loss)
                # Get predictions and calculate an accuracy
                predictions = self.output_layer_activation.predictions(output)
                accuracy = self.accuracy.calculate(predictions, batch_y)
                # Perform backward pass
                self.backward(output, batch_y)
                # Optimize (update parameters)
                self.optimizer.pre_update_params()
                for layer in self.trainable_layers:
                    self.optimizer.update_params(layer)
                self.optimizer.post_update_params()
                figures = {"accuracy": accuracy, "loss": loss, "data_loss": data_loss,
                           "regularization_loss": regularization_loss,
                           "learning_rate": self.optimizer.current_learning_rate}
                if show_epoch_so_far:
                    figures["epoch_loss"] = self.ops.add(self.loss.calculate_accumulated(),
                                                         regularization_loss)
                    figures["epoch_accuracy"] = self.accuracy.calculate_accumulated()
                reporter.end_step(step, train_steps, figures)
            # Get and print epoch loss and accuracy
            epoch_data_loss, epoch_regularization_loss = \
                self.loss.calculate_accumulated(include_regularization=True)
            epoch_loss = self.ops.add(epoch_data_loss, epoch_regularization_loss)
            epoch_accuracy = self.accuracy.calculate_accumulated()
            figures = {"accuracy": epoch_accuracy, "loss": epoch_loss,
                       "data_loss": epoch_data_loss,
                       "regularization_loss": epoch_regularization_loss,
                       "learning_rate": self.optimizer.current_learning_rate,
                       "steps": train_steps}
            # If there is the validation data, evaluate the model
            validation = None
            if validation_data is not None and progress != "chapter18":
                validation = self._evaluate(*validation_data, batch_size=batch_size)
            self._record(epoch, figures, validation)
            reporter.end_epoch(epoch, figures, validation)
        # Chapter 18's loop (progress="chapter18") validates once, after training
        if validation_data is not None and progress == "chapter18":
            reporter.end_training(self._evaluate(*validation_data, batch_size=batch_size))

    def _record(self, epoch, figures, validation):
        """Append an epoch's figures to self.history, as Python floats."""
        self.epochs_trained += 1
        history = self.history
        history["epoch"].append(epoch)
        for key in ("loss", "data_loss", "regularization_loss", "accuracy", "learning_rate"):
            history[key].append(float(figures[key]))
        history["validation_loss"].append(
            None if validation is None else float(validation["loss"]))
        history["validation_accuracy"].append(
            None if validation is None else float(validation["accuracy"]))

    def _batch(self, X, y, step, batch_size):
        """The step's batch: all of (X, y) for batch_size None, else rows
        ``step*batch_size:(step+1)*batch_size`` (the last batch may be shorter)."""
        # If batch size is not set, train using one step and full dataset
        if batch_size is None:
            return X, y
        # Otherwise slice a batch (a NumPy array's slice is a view; a list's shares the rows)
        return (X[step * batch_size:(step + 1) * batch_size],
                y[step * batch_size:(step + 1) * batch_size])

    # --- evaluation and prediction -------------------------------------------------------

    def evaluate(self, X_val, y_val, *, batch_size=None, file=None):
        """Evaluate the model on (X_val, y_val): print the book's ``validation, acc: ...,
        loss: ...`` line to ``file`` (default sys.stdout) and return (loss, accuracy)."""
        self._check_ready("evaluate", training=False)
        X_val, y_val = self._data(X_val, y_val, "X_val", "y_val")
        batch_size = check_batch_size(batch_size, self.ops.shape(X_val)[0], data_name="X_val")
        validation = self._evaluate(X_val, y_val, batch_size)
        print(validation_line(validation), file=file)
        return validation["loss"], validation["accuracy"]

    def _evaluate(self, X_val, y_val, batch_size=None):
        """The loss and accuracy of checked data, in batches: {"loss": ..., "accuracy": ...}."""
        # Calculate number of steps
        validation_steps = steps_for(self.ops.shape(X_val)[0], batch_size)
        # Reset accumulated values in loss and accuracy objects
        self.loss.new_pass()
        self.accuracy.new_pass()
        # Iterate over steps
        for step in range(validation_steps):
            batch_X, batch_y = self._batch(X_val, y_val, step, batch_size)
            # Perform the forward pass
            output = self.forward(batch_X, training=False)
            # Calculate the loss
            self.loss.calculate(output, batch_y)
            # Get predictions and calculate an accuracy
            predictions = self.output_layer_activation.predictions(output)
            self.accuracy.calculate(predictions, batch_y)
        # Get and print validation loss and accuracy
        validation_loss = self.loss.calculate_accumulated()
        validation_accuracy = self.accuracy.calculate_accumulated()
        return {"loss": validation_loss, "accuracy": validation_accuracy}

    def predict(self, X, *, batch_size=None):
        """The model's outputs for X (n_samples, n_inputs), in batches; stacked into one array.

        ``self.output_layer_activation.predictions(...)`` turns them into predictions.
        """
        self._check_ready("predict", training=False, needs_loss=False)
        X = self._inputs(X, "X")
        n_samples = self.ops.shape(X)[0]
        batch_size = check_batch_size(batch_size, n_samples)
        # Calculate number of steps
        prediction_steps = steps_for(n_samples, batch_size)
        # Model outputs
        output = []
        # Iterate over steps
        for step in range(prediction_steps):
            if batch_size is None:
                batch_X = X
            else:
                batch_X = self.ops.slice_rows(X, step * batch_size, (step + 1) * batch_size)
            # Perform the forward pass
            batch_output = self.forward(batch_X, training=False)
            # Append batch prediction to the list of predictions
            output.append(batch_output)
        # Stack and return results
        return self.ops.stack_rows(output)

    # --- checks at the boundary ----------------------------------------------------------

    # The checks live in purenn.engine.model_checks, which the stepper skips

    def _check_ready(self, method, training, needs_loss=True):
        model_checks.check_ready(self, method, training, needs_loss)

    def _n_inputs(self):
        return model_checks.n_inputs(self)

    def _n_outputs(self):
        return model_checks.n_outputs(self)

    def _inputs(self, X, name):
        return model_checks.check_inputs(self, X, name)

    def _data(self, X, y, x_name, y_name):
        return model_checks.check_data(self, X, y, x_name, y_name)

    def _validation_data(self, validation_data, x_shape):
        return model_checks.check_validation_data(self, validation_data, x_shape)

    # --- parameters (book chapter 21) ------------------------------------------------------

    def get_parameters(self):
        """A list of (weights, biases), one pair per trainable layer, in order."""
        return [(layer.weights, layer.biases) for layer in self.trainable_layers]

    def set_parameters(self, parameters):
        """Put (weights, biases) pairs into the trainable layers, in order (checked shapes)."""
        self._check_ready("set_parameters", training=False, needs_loss=False)
        parameters = list(parameters)
        if len(parameters) != len(self.trainable_layers):
            raise ValueError(f"set_parameters: {len(parameters)} (weights, biases) pairs for "
                             f"{len(self.trainable_layers)} trainable layers")
        arrays = []
        for index, ((weights, biases), layer) in enumerate(zip(parameters,
                                                              self.trainable_layers)):
            where = f"layer {index} ({_short_name(layer)})"
            arrays.append((self._parameter(weights, layer.weights, f"{where} weights"),
                           self._parameter(biases, layer.biases, f"{where} biases")))
        # Every pair checked: now set them
        for (weights, biases), layer in zip(arrays, self.trainable_layers):
            layer.weights = weights
            layer.biases = biases

    def _parameter(self, values, current, name):
        """``values`` as a new engine array, checked to have the shape of ``current``."""
        shape = shape_of(values, name)
        expected = tuple(self.ops.shape(current))
        if shape != expected:
            raise ShapeError(f"{name} have shape {format_shape(shape)} but the layer's have "
                             f"shape {format_shape(expected)}")
        raise_non_number(values, name, len(shape))
        return self.ops.array(values)

    def save_parameters(self, path):
        """Write the trainable layers' weights and biases to ``path`` as JSON (chapter 21)."""
        # Differs from book: the book pickles the parameters. Loading a pickle runs whatever
        # code the file holds; JSON is only data, and a learner can open and read it.
        self._check_ready("save_parameters", training=False, needs_loss=False)
        document = {
            "format": PARAMETER_FORMAT,
            "version": PARAMETER_VERSION,
            "dtype": self.ops.dtype,
            "layers": [{"layer": _short_name(layer),
                        "weights": self.ops.to_list(layer.weights),
                        "biases": self.ops.to_list(layer.biases)}
                       for layer in self.trainable_layers],
        }
        # Every float written in full (repr), so loading gives the same bits back.
        # Differs from book: written to a new file beside ``path``, then renamed over it, so
        # that a failure (a full disk, a value JSON cannot write) leaves the old file whole
        _write_atomically(path, lambda file: (json.dump(document, file, allow_nan=True),
                                              file.write("\n")))

    def load_parameters(self, path):
        """Read weights and biases written by save_parameters into the trainable layers."""
        # A pickle (the book's parameter file) is refused by name, not read as text
        with open(path, "rb") as file:
            if saving.is_pickle(file.read(1)):
                raise ValueError(f"load_parameters: {path} is a pickle file (the book's "
                                 f"save_parameters writes one); purenn does not load "
                                 f"pickles, because loading one runs whatever code it holds")
        try:
            with open(path, encoding="utf-8") as file:
                text = file.read()
        except UnicodeDecodeError as error:
            raise ValueError(f"load_parameters: {path} is not a text file ({error}): "
                             f"save_parameters writes JSON") from None
        try:
            document = json.loads(text)
        except RecursionError:
            raise ValueError(f"load_parameters: {path}: lists nested too deep to be "
                             f"parameters") from None
        except json.JSONDecodeError as error:
            raise ValueError(f"load_parameters: {path} is not a complete JSON file ({error}): "
                             f"truncated or edited? save_parameters writes it") from None
        if not isinstance(document, dict) or document.get("format") != PARAMETER_FORMAT:
            raise ValueError(f"load_parameters: {path} is not a purenn parameter file (no "
                             f"\"format\": \"{PARAMETER_FORMAT}\")")
        layers = document.get("layers")
        if not isinstance(layers, list):
            raise ValueError(f"load_parameters: {path} has no list of \"layers\"")
        self._check_ready("load_parameters", training=False, needs_loss=False)
        if len(layers) != len(self.trainable_layers):
            raise ValueError(f"load_parameters: {path} holds {len(layers)} layers' parameters "
                             f"but the model has {len(self.trainable_layers)} trainable layers")
        parameters = []
        for index, entry in enumerate(layers):
            if not isinstance(entry, dict) or "weights" not in entry or "biases" not in entry:
                raise ValueError(f"load_parameters: {path}: layer {index} has no \"weights\" "
                                 f"and \"biases\"")
            parameters.append((entry["weights"], entry["biases"]))
        try:
            self.set_parameters(parameters)
        except (ShapeError, TypeError, ValueError) as error:
            raise type(error)(f"load_parameters: {path}: {error}") from None
        except (OverflowError, MemoryError) as error:
            # A number too large for a float (10**400), named by the file and the layer
            raise ValueError(f"load_parameters: {path}: {_first_unrepresentable(parameters)}"
                             f" ({error})") from None

    # --- the whole model (book chapter 21) ---------------------------------------------

    def save(self, path):
        """Write the whole model to ``path``: its layers (sizes, regularizers, parameters,
        optimizer state), loss, optimizer and accuracy, as JSON (see purenn.saving)."""
        # Differs from book: the book pickles a copy of the model (loading a pickle runs
        # the code it holds); JSON is only data, and either engine loads it
        document = saving.model_document(self)
        text = json.dumps(document) + "\n"
        # Written to a new file beside it, then moved over ``path``: an error leaves any
        # earlier file whole
        _write_atomically(path, lambda file: file.write(text))

    @staticmethod
    def load(path, engine=None):
        """The model that ``save`` wrote to ``path`` (a new Model), in ``engine`` (default:
        purenn.init's) at the file's precision. A pickle, a newer format version, a
        truncated or edited file: a ValueError naming the file and the problem."""
        return saving.load_model(path, Model, engine)

    # --- summary ---------------------------------------------------------------------------

    def summary(self, print_fn=print):
        """Print Keras' table: each layer's name (type), output shape and parameter count.

        Output shapes are written ``(None, n)``: None for any number of samples. Every
        parameter here is trainable (weights and biases).
        """
        rows, total = self._summary_rows()
        line_length = SUMMARY_COLUMNS[-1]
        lines = ['Model: "model"', "_" * line_length,
                 _summary_row(SUMMARY_HEADER), "=" * line_length]
        for index, row in enumerate(rows):
            lines.append(_summary_row(row))
            lines.append("=" * line_length if index == len(rows) - 1 else "")
        lines += _summary_totals(total) + ["_" * line_length]
        for line in lines:
            print_fn(line)

    # In a notebook: the summary table (as text, and as an HTML table)
    def _repr_pretty_(self, printer, cycle):
        lines = []
        self.summary(print_fn=lines.append)
        printer.text(repr(self) if cycle else "\n".join(lines))

    def _repr_html_(self):
        rows, total = self._summary_rows()
        return summary_html(SUMMARY_HEADER, rows, _summary_totals(total))

    def _summary_rows(self):
        """(rows of (name (type), output shape, parameters), total parameters)."""
        rows = []
        total = 0
        width = self._n_inputs()
        counts = {}
        for layer in self.layers:
            # A layer with neurons changes the width; an activation or dropout keeps it
            width = getattr(layer, "n_neurons", width)
            params = _parameter_count(self.ops, layer)
            total += params
            rows.append((_layer_name(layer, counts), f"(None, {'?' if width is None else width})",
                         str(params)))
        return rows, total


SUMMARY_HEADER = ("Layer (type)", "Output Shape", "Param #")


def _summary_totals(total):
    """The summary's last lines: the parameter counts (every parameter here is trainable)."""
    return [f"Total params: {total:,}", f"Trainable params: {total:,}", "Non-trainable params: 0"]


def _write_atomically(path, write):
    """Call ``write(file)`` on a new file in ``path``'s folder, then rename it to ``path``
    (os.replace: the old file is there, whole, until the new one is complete)."""
    folder = os.path.dirname(os.path.abspath(path))
    descriptor, temporary = tempfile.mkstemp(prefix=".purenn-", suffix=".tmp", dir=folder)
    try:
        # The permissions the old file had (mkstemp makes it private), else the usual ones
        try:
            mode = os.stat(path).st_mode & 0o7777
        except OSError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(temporary, mode)
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            write(file)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        try:
            os.remove(temporary)
        except OSError:
            pass
        raise


def _first_unrepresentable(parameters):
    """Where the first number of (weights, biases) pairs that a float cannot hold is."""
    for index, (weights, biases) in enumerate(parameters):
        for name, values in (("weights", weights), ("biases", biases)):
            rows = values if isinstance(values, list) else [values]
            for i, row in enumerate(rows):
                items = row if isinstance(row, list) else [row]
                for j, value in enumerate(items):
                    try:
                        float(value)
                    except (OverflowError, TypeError, ValueError):
                        return (f"layer {index} {name}[{i}][{j}] is a number too large for "
                                f"a float ({str(value)[:20]}...)")
    return "a number too large for a float"


def _summary_row(fields):
    """One row of the summary table: each field padded to its column's end."""
    # The first field after one space; each next one where the column before it ends, or
    # one space after a field too long for its column
    line = " " + fields[0]
    for field, start in zip(fields[1:], SUMMARY_COLUMNS):
        line = line.ljust(start) if len(line) < start else line + " "
        line += field
    return line


def _parameter_count(ops, layer):
    """How many numbers a layer's weights and biases hold (0 without them)."""
    count = 0
    for name in ("weights", "biases"):
        values = getattr(layer, name, None)
        if values is not None:
            n_rows, n_columns = ops.shape(values)
            count += n_rows * n_columns
    return count


def _layer_name(layer, counts):
    """Keras-style names: Layer_Dense -> "dense", the next "dense_1"; with the type."""
    kind = type(layer).__name__
    base = kind.partition("_")[2].lower() or kind.lower()
    seen = counts.get(base, 0)
    counts[base] = seen + 1
    name = base if not seen else f"{base}_{seen}"
    return f"{name} ({kind})"


def _short_name(layer):
    """``Layer_Dense(2, 64)`` for a dense layer, else the type's name."""
    if hasattr(layer, "n_inputs") and hasattr(layer, "n_neurons"):
        return f"{type(layer).__name__}({layer.n_inputs}, {layer.n_neurons})"
    return type(layer).__name__


def _type_name(part):
    return None if part is None else type(part).__name__
