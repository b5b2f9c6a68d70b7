"""Loss functions and accuracy (book chapter 5; backward passes, chapter 9; regularization
loss, chapter 14; binary cross-entropy, chapter 16; mean squared and mean absolute error,
chapter 17).

Categorical cross-entropy: for each sample, ``-log`` of the probability predicted for the
correct class. Targets are either sparse class indices ``[0, 1, 1]`` (n_samples,) or one-hot
rows ``[[1, 0, 0], ...]`` (n_samples, n_classes).

Binary cross-entropy: for each output, ``-(y log p + (1 - y) log(1 - p))``, averaged over
a sample's outputs. Targets are 0 or 1, one per output: (n_samples, n_outputs), the book's
``y.reshape(-1, 1)`` for one output.
"""
from .activations import Activation_Softmax
from .engine.config import get_engine
from .engine.shapes import as_array, as_targets, check_binary_labels, regression_targets
from .tools.notebook import loss_activation_text, loss_text, pretty


class Loss:
    """Common loss class: ``calculate`` averages the per-sample losses of ``forward``."""

    def __init__(self, engine=None):
        # Differs from book: the optional ``engine`` picks the arithmetic (default: purenn.init's).
        self.ops = get_engine(engine)
        self.dinputs = None
        # The layers whose regularization the no-argument regularization_loss() adds up
        # (chapter 18's model remembers them here)
        self.trainable_layers = []
        # The running sums of a pass over the data in batches (chapter 19; see new_pass)
        self.accumulated_sum = 0
        self.accumulated_count = 0

    def __repr__(self):
        return f"{type(self).__name__}(ops={self.ops!r})"

    # In a notebook: the repr, then the mean loss since new_pass, the gradient's first rows
    _repr_pretty_ = pretty(loss_text)

    def regularization_loss(self, layer=None):
        """The L1 and L2 penalties of ``layer`` (chapter 14), or of every layer in
        ``self.trainable_layers`` when no layer is given (chapter 18).

        ``l1 * sum(|weights|) + l2 * sum(weights * weights)``, the same for the biases, each
        only when its strength is > 0; a running total that starts from the integer 0.
        """
        ops = self.ops
        layers = self.trainable_layers if layer is None else [layer]
        # 0 by default
        regularization_loss = 0
        for layer in layers:
            # L1 regularization - weights; calculate only when the factor is greater than 0
            if layer.weight_regularizer_l1 > 0:
                regularization_loss = ops.add(regularization_loss, ops.l1_loss(
                    layer.weights, layer.weight_regularizer_l1))
            # L2 regularization - weights
            if layer.weight_regularizer_l2 > 0:
                regularization_loss = ops.add(regularization_loss, ops.l2_loss(
                    layer.weights, layer.weight_regularizer_l2))
            # L1 regularization - biases
            if layer.bias_regularizer_l1 > 0:
                regularization_loss = ops.add(regularization_loss, ops.l1_loss(
                    layer.biases, layer.bias_regularizer_l1))
            # L2 regularization - biases
            if layer.bias_regularizer_l2 > 0:
                regularization_loss = ops.add(regularization_loss, ops.l2_loss(
                    layer.biases, layer.bias_regularizer_l2))
        return regularization_loss

    def remember_trainable_layers(self, trainable_layers):
        """Set/remember the trainable layers (chapter 18), for regularization_loss()."""
        self.trainable_layers = trainable_layers

    def calculate(self, output, y, *, include_regularization=False):
        """Mean loss over the batch: ``output`` (n_samples, n_classes), ``y`` the targets.

        Chapter 5's call ``calculate(output, y)`` returns the data loss; chapter 18's
        ``calculate(output, y, include_regularization=True)`` returns (data loss,
        regularization loss). Either call adds the batch's losses to the running sums
        that ``calculate_accumulated`` averages (chapter 19).
        """
        ops = self.ops
        # Calculate sample losses
        sample_losses = self.forward(output, y)
        # Calculate mean loss
        data_loss = ops.mean(sample_losses)
        # Add accumulated sum of losses and sample count
        self.accumulated_sum = ops.add(self.accumulated_sum, ops.sum(sample_losses))
        self.accumulated_count += len(sample_losses)
        # If just data loss - return it
        if not include_regularization:
            return data_loss
        # Return the data and regularization losses
        return data_loss, self.regularization_loss()

    def calculate_accumulated(self, *, include_regularization=False):
        """The mean loss of every sample since ``new_pass`` (chapter 19).

        Returns the data loss, or (data loss, regularization loss) with
        ``include_regularization=True``.
        """
        if not self.accumulated_count:
            raise ValueError("calculate_accumulated: no losses since new_pass(); call "
                             "calculate on at least one batch first")
        # Calculate mean loss
        data_loss = self.ops.divide(self.accumulated_sum, self.accumulated_count)
        # If just data loss - return it
        if not include_regularization:
            return data_loss
        # Return the data and regularization losses
        return data_loss, self.regularization_loss()

    def new_pass(self):
        """Reset variables for accumulated loss (chapter 19): a new pass over the data."""
        self.accumulated_sum = 0
        self.accumulated_count = 0

    def forward(self, y_pred, y_true):
        raise NotImplementedError("a subclass of Loss defines forward")


class Loss_CategoricalCrossentropy(Loss):
    """Cross-entropy between predicted probabilities and the correct classes."""

    def forward(self, y_pred, y_true):
        """y_pred (n_samples, n_classes), y_true -> per-sample losses (n_samples,)."""
        ops = self.ops
        y_pred = as_array(ops, y_pred, "y_pred")
        # Number of samples in a batch
        samples, classes = ops.shape(y_pred)
        y_true, one_hot = as_targets(ops, y_true, samples, classes)
        # Clip data to prevent division by 0 (both sides, so the mean is not dragged towards
        # any value); take the probability of each target class (class labels) or mask the
        # values (one-hot labels); losses: -log of those correct confidences
        # Differs from book: one engine call does the book's lines, one sample at a time in
        # the python engine, so that a debugger reaches the first sample's log at once
        negative_log_likelihoods = ops.categorical_crossentropy(y_pred, y_true)
        return negative_log_likelihoods

    def backward(self, dvalues, y_true):
        """dvalues (n_samples, n_classes): the predictions -> self.dinputs, same shape."""
        ops = self.ops
        dvalues = as_array(ops, dvalues, "dvalues")
        # Number of samples, and of labels in every sample
        samples, labels = ops.shape(dvalues)
        y_true, one_hot = as_targets(ops, y_true, samples, labels)
        # If labels are sparse, turn them into one-hot vectors
        if not one_hot:
            y_true = ops.one_hot(y_true, labels)
        # Calculate gradient, -y_true / dvalues, and normalize it: / samples
        self.dinputs = ops.categorical_crossentropy_backward(dvalues, y_true)


class Loss_BinaryCrossentropy(Loss):
    """Binary cross-entropy (chapter 16): one independent yes/no question per output."""

    def forward(self, y_pred, y_true):
        """y_pred (n_samples, n_outputs), y_true 0/1 of the same shape -> losses (n_samples,)."""
        ops = self.ops
        y_pred = as_array(ops, y_pred, "y_pred")
        y_true = ops.array(check_binary_labels(y_true, ops.shape(y_pred)))
        # Clip data to prevent division by 0 (both sides, so the mean is not dragged towards
        # any value); calculate sample-wise loss, the mean of each output's loss
        # Differs from book: one engine call does the book's lines, one sample at a time in
        # the python engine
        sample_losses = ops.binary_crossentropy(y_pred, y_true)
        return sample_losses

    def backward(self, dvalues, y_true):
        """dvalues (n_samples, n_outputs): the predictions -> self.dinputs, same shape."""
        ops = self.ops
        dvalues = as_array(ops, dvalues, "dvalues")
        y_true = ops.array(check_binary_labels(y_true, ops.shape(dvalues)))
        # Clip data to prevent division by 0 (both sides, so the mean is not dragged towards
        # any value); calculate gradient; normalize it by the outputs and the samples
        # Differs from book: one engine call does the book's lines, one sample at a time in
        # the python engine
        self.dinputs = ops.binary_crossentropy_backward(dvalues, y_true)


class Loss_MeanSquaredError(Loss):  # L2 loss
    """Mean squared error (chapter 17): ``mean((y_true - y_pred) ** 2)`` over each sample's
    outputs. y_pred and y_true (n_samples, n_outputs) -> losses (n_samples,)."""

    def forward(self, y_pred, y_true):
        """y_pred (n_samples, n_outputs), y_true of the same shape -> losses (n_samples,)."""
        ops = self.ops
        y_pred = as_array(ops, y_pred, "y_pred")
        y_true = regression_targets(ops, y_true, y_pred, "y_true", "y_pred")
        # Calculate loss
        sample_losses = ops.mean_squared_error(y_pred, y_true)
        # Return losses
        return sample_losses

    def backward(self, dvalues, y_true):
        """dvalues (n_samples, n_outputs): the predictions -> self.dinputs, same shape."""
        ops = self.ops
        dvalues = as_array(ops, dvalues, "dvalues")
        y_true = regression_targets(ops, y_true, dvalues, "y_true", "dvalues")
        # Number of samples, and of outputs in every sample
        samples, outputs = ops.shape(dvalues)
        # Gradient on values, -2 * (y_true - dvalues) / outputs, normalized: / samples
        self.dinputs = ops.mean_squared_error_gradient(dvalues, y_true, outputs, samples)


class Loss_MeanAbsoluteError(Loss):  # L1 loss
    """Mean absolute error (chapter 17): ``mean(abs(y_true - y_pred))`` over each sample's
    outputs. y_pred and y_true (n_samples, n_outputs) -> losses (n_samples,)."""

    def forward(self, y_pred, y_true):
        """y_pred (n_samples, n_outputs), y_true of the same shape -> losses (n_samples,)."""
        ops = self.ops
        y_pred = as_array(ops, y_pred, "y_pred")
        y_true = regression_targets(ops, y_true, y_pred, "y_true", "y_pred")
        # Calculate loss
        sample_losses = ops.mean_absolute_error(y_pred, y_true)
        # Return losses
        return sample_losses

    def backward(self, dvalues, y_true):
        """dvalues (n_samples, n_outputs): the predictions -> self.dinputs, same shape."""
        ops = self.ops
        dvalues = as_array(ops, dvalues, "dvalues")
        y_true = regression_targets(ops, y_true, dvalues, "y_true", "dvalues")
        # Number of samples, and of outputs in every sample
        samples, outputs = ops.shape(dvalues)
        # Calculate gradient, -sign(y_true - dvalues) / outputs, normalized: / samples
        # Differs from book: the minus sign; the book's np.sign(y_true - dvalues) is the
        # opposite of the gradient (a gradient check finds it)
        self.dinputs = ops.mean_absolute_error_gradient(dvalues, y_true, outputs, samples)


class Activation_Softmax_Loss_CategoricalCrossentropy:
    """Softmax and cross-entropy together, for the faster combined gradient (chapter 9)."""

    def __init__(self, engine=None):
        # Differs from book: the optional ``engine`` picks the arithmetic (default: purenn.init's).
        self.ops = get_engine(engine)
        # Create activation and loss function objects
        self.activation = Activation_Softmax(engine=self.ops)
        self.loss = Loss_CategoricalCrossentropy(engine=self.ops)
        self.output = None
        self.dinputs = None

    def __repr__(self):
        return f"Activation_Softmax_Loss_CategoricalCrossentropy(ops={self.ops!r})"

    # In a notebook: the repr, the softmax output, the mean loss since new_pass, the gradient
    _repr_pretty_ = pretty(loss_activation_text)

    def forward(self, inputs, y_true):
        """inputs (n_samples, n_classes), y_true -> the mean loss; self.output: softmax."""
        # Output layer's activation function
        self.activation.forward(inputs)
        # Set the output
        self.output = self.activation.output
        # Calculate and return loss value
        return self.loss.calculate(self.output, y_true)

    def backward(self, dvalues, y_true):
        """dvalues (n_samples, n_classes): softmax outputs -> self.dinputs = (y_hat - y) / n."""
        ops = self.ops
        dvalues = as_array(ops, dvalues, "dvalues")
        # Number of samples
        samples, classes = ops.shape(dvalues)
        y_true, one_hot = as_targets(ops, y_true, samples, classes)
        # If labels are one-hot encoded, turn them into discrete values
        if one_hot:
            y_true = ops.argmax(y_true, axis=1)
        # Calculate gradient, subtracting 1 at each sample's correct class, and normalize it
        self.dinputs = ops.softmax_crossentropy_backward(dvalues, y_true)


def accuracy(y_pred, y_true, engine=None):
    """Fraction of samples whose most probable class is the target (chapter 5).

    y_pred (n_samples, n_classes); y_true sparse (n_samples,) or one-hot. Returns a float,
    as ``np.mean(np.argmax(y_pred, axis=1) == y_true)``.
    """
    ops = get_engine(engine)
    y_pred = as_array(ops, y_pred, "y_pred")
    samples, classes = ops.shape(y_pred)
    y_true, one_hot = as_targets(ops, y_true, samples, classes)
    # Calculate values along the second axis (axis of index 1)
    predictions = ops.argmax(y_pred, axis=1)
    # If targets are one-hot encoded, convert them
    if one_hot:
        y_true = ops.argmax(y_true, axis=1)
    # True evaluates to 1, False to 0: the mean of the matches is the accuracy
    return ops.count_equal(predictions, y_true) / samples


def binary_accuracy(output, y_true, engine=None):
    """Fraction of outputs on the right side of 0.5 (chapter 16), a float.

    output (n_samples, n_outputs) of a sigmoid; y_true 0/1 of the same shape (the book's
    ``y.reshape(-1, 1)``). As ``np.mean((output > 0.5) * 1 == y_true)``.
    """
    ops = get_engine(engine)
    output = as_array(ops, output, "output")
    y_true = check_binary_labels(y_true, ops.shape(output))
    # (output > 0.5) is a mask of True/False values; times 1, an array of 1s and 0s
    predictions = ops.greater(output, 0.5)
    return ops.mean_equal(predictions, y_true)
