"""The engines and their machinery: what the book's classes compute with.

    python_engine   the book's arithmetic as plain loops over lists of floats (the default)
    numpy_engine    the same methods written with NumPy (imported only when asked for)
    config          ``purenn.init()``, the working precision and which engine new objects use
    lists           the python engine's bookkeeping: making arrays, shapes, broadcasting
    shapes          the checks made at the public boundary, and their error messages
    model_checks    the Model's checks, batches and the watch for a loss that is not a number
    precision       float32 rounding, in one place

A learner stepping through the book's classes comes here only into the two engines;
``python -m purenn step`` skips the other modules.
"""
