"""Class labels: integer indices and one-hot rows (book chapter 5; the lecture's Keras run).

The book's losses and accuracies take either form: class indices ``[0, 2, 1]`` (n_samples,)
or one-hot rows ``[[1, 0, 0], [0, 0, 1], [0, 1, 0]]`` (n_samples, n_classes).
``to_categorical`` turns the first into the second, as Keras' function of that name
(the lecture needed it: Keras' CategoricalCrossentropy refuses integer labels with
``Shapes (32, 1) and (32, 3) are incompatible``; purenn's takes both).
"""
from .engine.config import get_engine
from .engine.shapes import (check_count, check_fits, check_labels, format_shape, shape_of,
                            value_bytes)


def to_categorical(y, num_classes=None, engine=None):
    """One-hot rows for class indices ``y`` (n_samples,) -> (n_samples, num_classes).

    ``num_classes`` defaults to the largest label + 1, as in Keras. Row i is 1 at column
    ``y[i]`` and 0 elsewhere: ``np.eye(num_classes)[y]``.
    """
    ops = get_engine(engine)
    shape = shape_of(y, "y")
    if len(shape) != 1:
        raise ValueError(f"to_categorical: y must be class indices (1-D), but has shape "
                         f"{format_shape(shape)}")
    values = y.tolist() if hasattr(y, "tolist") else list(y)
    if num_classes is None:
        if not values:
            raise ValueError("to_categorical: y is empty; give num_classes")
        numbers = [value for value in values if isinstance(value, (int, float))]
        num_classes = max(1, int(max(numbers)) + 1) if numbers else 1
    num_classes = check_count(num_classes, "num_classes")
    # Every label an integer in [0, num_classes), or an error naming the first that is not
    check_labels(y, len(values), num_classes, name="y")
    # Refuse at once rows that cannot fit in memory (a typo label of 1000000 makes a
    # million columns), as NumPy's "Unable to allocate"
    check_fits(len(values) * num_classes, "values", value_bytes(ops),
               f"to_categorical: {len(values):,} one-hot rows of {num_classes:,} classes")
    return ops.one_hot(ops.labels(y), num_classes)
