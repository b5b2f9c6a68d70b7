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
from .engine.shapes import ShapeError, as_array, check_compared, format_shape, regression_targets
from .tools.notebook import accuracy_text, pretty


class Accuracy:
    """Common accuracy class: ``compare`` (in a subclass) says which predictions match.

    As in the book, ``compare`` returns the comparison itself (True/1 where a prediction
    matches) and ``calculate`` takes its mean, so a subclass written the book's way works.
    """

    # Differs from book: defaults on the class, so that a subclass written the book's way,
    # whose __init__ does not call Accuracy.__init__, still has an engine and running sums
    ops = None
    accumulated_sum = 0
    accumulated_count = 0

    def __init__(self, engine=None):
        # Differs from book: the optional ``engine`` picks the arithmetic (default: purenn.init's).
        self.ops = get_engine(engine)
        # The running counts of a pass over the data in batches (see new_pass)
        self.accumulated_sum = 0
        self.accumulated_count = 0

    def __repr__(self):
        return (f"{type(self).__name__}(accumulated_sum={self.accumulated_sum}, "
                f"accumulated_count={self.accumulated_count})")

    # In a notebook: the repr, then the accuracy since new_pass
    _repr_pretty_ = pretty(accuracy_text)

    def init(self, y):
        """Prepare for the targets ``y`` (Model.train calls it once); nothing to do here."""

    def calculate(self, predictions, y):
        """The share of ``predictions`` that match the targets ``y``, a float in [0, 1]."""
        # Get comparison results
        comparisons = self.compare(predictions, y)
        # Differs from book: np.mean and np.sum of the comparisons are one count of the
        # values that are true, which takes a list or a NumPy array alike
        matches, compared = count_true(comparisons)
        if not compared:
            raise ValueError(f"{type(self).__name__}.calculate: compare returned no "
                             f"comparisons (no predictions?)")
        # Calculate an accuracy
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
        """Compare predictions to the ground truth values: True (or 1) where they match."""
        raise NotImplementedError("a subclass of Accuracy defines compare")

    def _engine(self):
        """The engine: self.ops, or the default one for a subclass that did not set it."""
        if self.ops is None:
            self.ops = get_engine()
        return self.ops


def count_true(comparisons):
    """(how many values are true, how many there are) in a 1-D or 2-D comparison.

    ``comparisons`` is a list (of values or of rows) or a NumPy array of booleans or 0/1,
    as ``compare`` returns it; ``np.mean`` of it is matches / compared. Every value counts
    (differs from book: the book adds ``len(comparisons)``, the rows, to its running count,
    the same for one value per row).
    """
    if hasattr(comparisons, "size") and hasattr(comparisons, "sum"):
        # A NumPy array (the numpy engine's, or a book-style subclass's): counted by NumPy
        return int(comparisons.sum()), int(comparisons.size)
    if not isinstance(comparisons, (list, tuple)):
        comparisons = [comparisons]
    matches = 0
    compared = 0
    for row in comparisons:
        values = row if isinstance(row, (list, tuple)) else [row]
        for value in values:
            compared += 1
            if value:
                matches += 1
    return matches, compared


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

    # In a notebook: the repr, then the accuracy since new_pass (its own __repr__ needs it
    # here too: IPython takes a class's own __repr__ before an inherited display)
    _repr_pretty_ = pretty(accuracy_text)

    def compare(self, predictions, y):
        """Compare predictions to the ground truth values: 1 where they match, else 0."""
        ops = self._engine()
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
            return ops.equal(predictions, y)
        if y_shape != predictions_shape:
            raise ShapeError(f"binary accuracy compares values one by one, but the predictions "
                             f"have shape {format_shape(predictions_shape)} and y "
                             f"{format_shape(y_shape)}")
        # Differs from book: every value counts (the book counts rows, the same for one column)
        return ops.equal(ops.ravel(predictions), ops.ravel(y))


class Accuracy_Regression(Accuracy):
    """Accuracy of a regression model (chapters 17-18): the share of predictions closer to
    their targets than ``self.precision``, which ``init(y)`` sets to ``std(y) / 250``.

    predictions and y: (n_samples, n_outputs), such as sine_data's y (n_samples, 1).
    """

    def __init__(self, engine=None):
        super().__init__(engine=engine)
        # Create precision property
        self.precision = None

    def __repr__(self):
        return (f"Accuracy_Regression(precision={self.precision!r}, accumulated_sum="
                f"{self.accumulated_sum}, accumulated_count={self.accumulated_count})")

    # In a notebook: the repr, then the accuracy since new_pass (its own __repr__ needs it
    # here too: IPython takes a class's own __repr__ before an inherited display)
    _repr_pretty_ = pretty(accuracy_text)

    def init(self, y, reinit=False):
        """Calculate the precision from the ground truth values: np.std(y) / 250 (once, or
        again with ``reinit=True``)."""
        if self.precision is None or reinit:
            ops = self._engine()
            y = as_array(ops, y, "y")
            self.precision = ops.divide(ops.std(y), 250)

    def compare(self, predictions, y):
        """Compare predictions to the ground truth values: 1 where
        ``abs(predictions - y) < self.precision``, else 0."""
        ops = self._engine()
        if self.precision is None:
            raise ValueError("Accuracy_Regression.compare: no precision yet; call init(y) "
                             "first (Model.train calls it)")
        predictions = as_array(ops, predictions, "predictions")
        y = regression_targets(ops, y, predictions, "y", "predictions")
        return ops.regression_matches(predictions, y, self.precision)

