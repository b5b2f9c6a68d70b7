"""Accuracy objects for the Model (book chapters 18-19).

``Accuracy.calculate(predictions, y)`` compares a batch's predictions with its targets and
returns the share that match; it also adds the matches to running sums, so that after a
pass over the data in batches ``calculate_accumulated()`` gives the accuracy of the whole
pass (``new_pass()`` starts the next one). ``Accuracy_Categorical`` compares classes.

The function ``purenn.accuracy(y_pred, y_true)`` (chapter 5, in losses.py) is the one-call
version for a batch of probabilities.

Targets: class indices (n_samples,) or one-hot rows (n_samples, n_classes) alike.
"""
from .engine.config import get_engine
from .engine.shapes import ShapeError, check_compared, format_shape


class Accuracy:
    """Common accuracy class: ``compare`` (in a subclass) says which predictions match."""

    def __init__(self, engine=None):
        # Differs from book: the optional ``engine`` picks the arithmetic (default: purenn.init's).
        self.ops = get_engine(engine)
        # The running counts of a pass over the data in batches (see new_pass)
        self.accumulated_sum = 0
        self.accumulated_count = 0

    def __repr__(self):
        return (f"{type(self).__name__}(accumulated_sum={self.accumulated_sum}, "
                f"accumulated_count={self.accumulated_count})")

    def init(self, y):
        """Prepare for the targets ``y`` (Model.train calls it once); nothing to do here."""

    def calculate(self, predictions, y):
        """The share of ``predictions`` that match the targets ``y``, a float in [0, 1]."""
        # Get comparison results: how many match, out of how many
        matches, compared = self.compare(predictions, y)
        # Calculate an accuracy
        # Differs from book: np.mean of the comparisons is written as matches / compared.
        accuracy = matches / compared
        # Add accumulated sum of matching values and sample count
        self.accumulated_sum += matches
        self.accumulated_count += compared
        # Return accuracy
        return accuracy

    def calculate_accumulated(self):
        """The accuracy of every prediction since ``new_pass``."""
        if not self.accumulated_count:
            raise ValueError("calculate_accumulated: no predictions since new_pass(); call "
                             "calculate on at least one batch first")
        # Calculate an accuracy
        return self.accumulated_sum / self.accumulated_count

    def new_pass(self):
        """Reset variables for accumulated accuracy: a new pass over the data."""
        self.accumulated_sum = 0
        self.accumulated_count = 0

    def compare(self, predictions, y):
        """Return (how many predictions match, how many were compared)."""
        raise NotImplementedError("a subclass of Accuracy defines compare")


class Accuracy_Categorical(Accuracy):
    """Accuracy of class predictions (chapter 18).

    ``binary=False``: ``predictions`` are class indices (n_samples,), as
    ``Activation_Softmax.predictions`` gives; one-hot targets are turned into indices.
    ``binary=True``: ``predictions`` and ``y`` are 0/1 values of the same shape, such as
    (n_samples, 1) for a sigmoid output, compared value by value.
    """

    def __init__(self, *, binary=False, engine=None):
        super().__init__(engine=engine)
        # Binary mode?
        self.binary = binary

    def __repr__(self):
        return (f"Accuracy_Categorical(binary={self.binary}, accumulated_sum="
                f"{self.accumulated_sum}, accumulated_count={self.accumulated_count})")

    def compare(self, predictions, y):
        """Compare predictions to the ground truth values: (matches, compared)."""
        ops = self.ops
        # The predictions and targets checked (a learner may have edited them)
        predictions_shape, y_shape = check_compared(predictions, y, self.binary)
        if not y_shape or y_shape[0] != predictions_shape[0]:
            raise ShapeError(f"y has shape {format_shape(y_shape)} but there are "
                             f"{predictions_shape[0]} predictions (shape "
                             f"{format_shape(predictions_shape)})")
        if not self.binary:
            # One-hot targets become class indices
            if len(y_shape) == 2:
                y = ops.argmax(y, axis=1)
            return ops.count_equal(predictions, y), predictions_shape[0]
        if y_shape != predictions_shape:
            raise ShapeError(f"binary accuracy compares values one by one, but the predictions "
                             f"have shape {format_shape(predictions_shape)} and y "
                             f"{format_shape(y_shape)}")
        # Differs from book: every value counts (the book counts rows, the same for one column)
        predictions = ops.ravel(predictions)
        y = ops.ravel(y)
        return ops.count_equal(predictions, y), len(predictions)

