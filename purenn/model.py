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

from . import random, saving
from .activations import Activation_Softmax
from .engine.config import get_engine
from .losses import Activation_Softmax_Loss_CategoricalCrossentropy, Loss_CategoricalCrossentropy
from .tools.progress import check_progress, make_reporter, validation_line
from .engine.shapes import (ShapeError, as_array, batch_shape, check_batch_size, check_count,
                     check_samples, check_width, format_shape, raise_non_number, shape_of)

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

    def forward(self, inputs, training=True):
        """inputs (n_samples, n_inputs) -> self.output, the same data."""
        self.output = inputs


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
        self.history = {key: [] for key in HISTORY_KEYS}
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
        if not hasattr(layer, "forward"):
            raise TypeError(f"add: {layer!r} is not a layer (it has no forward method)")
        self.layers.append(layer)
        # A new layer must be linked in again
        self.finalized = False

    def set(self, *, loss=None, optimizer=None, accuracy=None):
        """Set loss, optimizer and accuracy (keyword arguments only, as the book's)."""
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
              progress="book", shuffle=False, file=None):
        """Train the model on (X, y): the book's chapter 19 loop.

        X (n_samples, n_inputs); y class indices (n_samples,) or rows (n_samples, n_outputs).
        batch_size: rows per step (None: all, one step an epoch). print_every: the book's
        log prints a step's line every print_every steps. validation_data: (X_val, y_val),
        evaluated after every epoch. progress: "book" (the book's chapter 19 log), "chapter18"
        (chapter 18's: a line every print_every epochs, validation once after training),
        "bar" (Keras' bar on a terminal, plain lines otherwise), "lines" or "silent" (see
        purenn.tools.progress), written
        to ``file`` (default sys.stdout). shuffle: reorder the rows every epoch with
        purenn.random.permutation (differs from book: the book does not shuffle).
        The figures of every epoch go to ``self.history``.
        """
        self._check_ready("train", training=True)
        epochs = check_count(epochs, "epochs")
        print_every = check_count(print_every, "print_every")
        check_progress(progress)
        X, y = self._data(X, y, "X", "y")
        n_samples = self.ops.shape(X)[0]
        batch_size = check_batch_size(batch_size, n_samples)
        if validation_data is not None:
            validation_data = self._validation_data(validation_data, self.ops.shape(X))
        ops = self.ops
        # Initialize accuracy object
        self.accuracy.init(y)
        # Calculate number of steps
        train_steps = steps_for(n_samples, batch_size)
        reporter = make_reporter(progress, epochs, print_every, file)
        self.history = {key: [] for key in HISTORY_KEYS}
        # Main training loop
        for epoch in range(1, epochs + 1):
            reporter.start_epoch(epoch, train_steps)
            # Reset accumulated values in loss and accuracy objects
            self.loss.new_pass()
            self.accuracy.new_pass()
            epoch_X, epoch_y = X, y
            if shuffle:
                # Differs from book: the rows in a new random order, the same for X and y
                order = random.permutation(n_samples)
                epoch_X, epoch_y = ops.take_rows(X, order), ops.take_rows(y, order)
            # Iterate over steps
            for step in range(train_steps):
                batch_X, batch_y = self._batch(epoch_X, epoch_y, step, batch_size)
                # Perform the forward pass
                output = self.forward(batch_X, training=True)
                # Calculate loss
                data_loss, regularization_loss = self.loss.calculate(
                    output, batch_y, include_regularization=True)
                loss = ops.add(data_loss, regularization_loss)
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
                reporter.end_step(step, train_steps, {
                    "accuracy": accuracy, "loss": loss, "data_loss": data_loss,
                    "regularization_loss": regularization_loss,
                    "learning_rate": self.optimizer.current_learning_rate,
                    "epoch_loss": ops.add(self.loss.calculate_accumulated(),
                                          regularization_loss),
                    "epoch_accuracy": self.accuracy.calculate_accumulated()})
            # Get and print epoch loss and accuracy
            epoch_data_loss, epoch_regularization_loss = \
                self.loss.calculate_accumulated(include_regularization=True)
            epoch_loss = ops.add(epoch_data_loss, epoch_regularization_loss)
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
        # Otherwise slice a batch
        start, stop = step * batch_size, (step + 1) * batch_size
        return self.ops.slice_rows(X, start, stop), self.ops.slice_rows(y, start, stop)

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

    def _check_ready(self, method, training, needs_loss=True):
        if not self.finalized:
            raise RuntimeError(f"{method}: call model.finalize() first (after add() and "
                               f"set(), which leave the model unfinalized)")
        missing = []
        if needs_loss and self.loss is None:
            missing.append("loss")
        if training and self.optimizer is None:
            missing.append("optimizer")
        if needs_loss and self.accuracy is None:
            missing.append("accuracy")
        if missing:
            raise RuntimeError(f"{method}: the model has no {' and no '.join(missing)}: "
                               f"model.set({', '.join(m + '=...' for m in missing)}), then "
                               f"model.finalize()")

    def _n_inputs(self):
        """The width the first layer takes, if it says (Layer_Dense's n_inputs), else None."""
        return getattr(self.layers[0], "n_inputs", None)

    def _inputs(self, X, name):
        """X checked (2-D, not empty, the first layer's width) and as an engine array."""
        shape = batch_shape(X, name)
        check_width(shape, self._n_inputs(), name)
        return as_array(self.ops, X, name)

    def _data(self, X, y, x_name, y_name):
        """(X, y) checked to match, as engine arrays (y: class indices or rows)."""
        x_shape, y_shape = check_samples(X, y, x_name, y_name)
        check_width(x_shape, self._n_inputs(), x_name)
        X = as_array(self.ops, X, x_name)
        if len(y_shape) == 1:
            # Class indices: the loss and the accuracy check that they are in range
            return X, self.ops.labels(y)
        n_outputs = self._n_outputs()
        if n_outputs is not None and y_shape[1] != n_outputs:
            # The lecture's Keras error, "Shapes (32, 1) and (32, 3) are incompatible", here
            # before the first step, with what to do
            raise ShapeError(f"{y_name} has shape {format_shape(y_shape)}, {y_shape[1]} "
                             f"value(s) per sample, but the model outputs {n_outputs} (its "
                             f"last Layer_Dense has n_neurons={n_outputs}): give class "
                             f"indices as a 1-D list, or one-hot rows of width {n_outputs} "
                             f"(purenn.to_categorical)")
        return X, as_array(self.ops, y, y_name)

    def _n_outputs(self):
        """The width of the model's output: the last layer's with n_neurons, else None."""
        for layer in reversed(self.layers):
            if hasattr(layer, "n_neurons"):
                return layer.n_neurons
        return None

    def _validation_data(self, validation_data, x_shape):
        """validation_data = (X_val, y_val), checked against the training data's width."""
        if not isinstance(validation_data, (tuple, list)) or len(validation_data) != 2:
            raise TypeError("validation_data must be a pair (X_val, y_val), not "
                            f"{type(validation_data).__name__}")
        X_val, y_val = validation_data
        val_shape = batch_shape(X_val, "validation_data X_val")
        check_width(val_shape, x_shape[1], "validation_data X_val",
                    f"the training data X has shape {format_shape(x_shape)}: its width")
        return self._data(X_val, y_val, "validation_data X_val", "validation_data y_val")

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
        # Every float written in full (repr), so loading gives the same bits back
        with open(path, "w", encoding="utf-8") as file:
            json.dump(document, file)
            file.write("\n")

    def load_parameters(self, path):
        """Read weights and biases written by save_parameters into the trainable layers."""
        # A pickle (the book's parameter file) is refused by name, not read as text
        with open(path, "rb") as file:
            if saving.is_pickle(file.read(1)):
                raise ValueError(f"load_parameters: {path} is a pickle file (the book's "
                                 f"save_parameters writes one); purenn does not load "
                                 f"pickles, because loading one runs whatever code it holds")
        with open(path, encoding="utf-8") as file:
            text = file.read()
        try:
            document = json.loads(text)
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
        temporary = f"{path}.tmp"
        try:
            with open(temporary, "w", encoding="utf-8") as file:
                file.write(text)
            os.replace(temporary, path)
        finally:
            if os.path.exists(temporary):
                os.remove(temporary)

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
        line_length = SUMMARY_COLUMNS[-1]
        lines = ['Model: "model"', "_" * line_length,
                 _summary_row(("Layer (type)", "Output Shape", "Param #")), "=" * line_length]
        for index, row in enumerate(rows):
            lines.append(_summary_row(row))
            lines.append("=" * line_length if index == len(rows) - 1 else "")
        lines += [f"Total params: {total:,}", f"Trainable params: {total:,}",
                  "Non-trainable params: 0", "_" * line_length]
        for line in lines:
            print_fn(line)


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
