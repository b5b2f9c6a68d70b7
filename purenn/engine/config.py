"""``purenn.init()``: purenn's counterpart of the book's ``nnfs.init()``.

``nnfs.init()`` seeds NumPy's global random generator with 0 and patches ``np.dot``,
``np.zeros``, ``np.eye`` and ``np.random.randn`` for the whole process so that they work
in float32. ``purenn.init()`` does the same for purenn only: it seeds ``purenn.random``
and makes float32 the working precision of every object created afterwards. NumPy itself
is never patched or reseeded.

Without ``init``, purenn works in float64 with the python engine (or the engine named by
the environment variable ``PURENN_ENGINE``).
"""
import os
import threading

from . import precision

ENGINES = ("python", "numpy")


class Settings:
    """The defaults that new layers, activations, losses and optimizers take.

    ``engine`` starts as ``$PURENN_ENGINE`` (or "python"); if that variable names no engine
    it is None, and the bad value is reported when an engine is first needed, naming the
    variable: it never stops ``import purenn`` (or the calculator, which names its engine).
    """

    def __init__(self):
        self.dtype = precision.FLOAT64
        environment = os.environ.get("PURENN_ENGINE") or "python"
        self.engine = environment if environment in ENGINES else None

    def __repr__(self):
        return f"Settings(dtype={self.dtype!r}, engine={self.engine!r})"


def check_engine_name(name):
    """Return ``name`` if it is ``"python"`` or ``"numpy"``; raise ValueError otherwise."""
    if name not in ENGINES:
        raise ValueError(f"engine must be 'python' or 'numpy', not {name!r}")
    return name


def default_engine_name():
    """The engine named by ``$PURENN_ENGINE``, else ``"python"``."""
    name = os.environ.get("PURENN_ENGINE", "python") or "python"
    if name not in ENGINES:
        raise ValueError(f"the environment variable PURENN_ENGINE is {name!r}, but the engine "
                         f"must be 'python' or 'numpy' (or leave PURENN_ENGINE unset)")
    return name


settings = Settings()


def init(seed=0, dtype="float32", engine=None):
    """Seed purenn's random stream and set the working precision and engine.

    seed: the seed of ``purenn.random`` (as ``np.random.seed(seed)``), in [0, 2**32).
    dtype: ``"float32"`` (the book's, as nnfs) or ``"float64"``.
    engine: ``"python"`` or ``"numpy"``; None keeps ``$PURENN_ENGINE`` or ``"python"``.
    """
    # Differs from book: nnfs.init() patches NumPy; purenn only changes its own defaults.
    from .. import random  # late import: random reads these settings

    dtype = precision.check_dtype(dtype)
    engine = default_engine_name() if engine is None else check_engine_name(engine)
    # Make the engine first, so that a refused init (NumPy missing, a bad seed) changes nothing
    ops = get_engine(engine, dtype)
    random.seed(seed)
    settings.dtype = dtype
    settings.engine = engine
    return ops


# The engine objects made so far, one per (name, dtype): every object that works with the
# same engine and precision shares one (an engine keeps no arrays between calls)
engines = {}
_engines_lock = threading.Lock()


def get_engine(engine=None, dtype=None):
    """Return an engine object: the arithmetic that layers and losses call through.

    ``engine`` may be a name, an engine object (returned as it is), or None for the default.
    Objects that name the same engine and precision share one engine object.
    """
    if engine is not None and not isinstance(engine, str):
        if not _is_engine(engine):
            raise TypeError(f"engine must be 'python', 'numpy' or an engine object (such as "
                            f"purenn.get_engine() returns), not {engine!r}")
        return engine
    name = check_engine_name(engine or settings.engine or default_engine_name())
    dtype = precision.check_dtype(dtype or settings.dtype)
    if (name, dtype) not in engines:
        # One engine object per (name, dtype), even when two threads ask at once
        with _engines_lock:
            if (name, dtype) not in engines:
                engines[name, dtype] = _make_engine(name, dtype)
    return engines[name, dtype]


def _is_engine(engine):
    """True for a PythonEngine or NumpyEngine object (told by its name and dtype)."""
    return (getattr(engine, "name", None) in ENGINES
            and getattr(engine, "dtype", None) in precision.DTYPES)


def _make_engine(name, dtype):
    if name == "numpy":
        # The only place purenn imports NumPy, and only when that engine is asked for.
        try:
            from .numpy_engine import NumpyEngine
        except ImportError as error:
            raise ImportError(f"the numpy engine needs NumPy, which cannot be imported "
                              f"({error}): install it (pip install numpy) or use "
                              f"engine='python'") from error
        return NumpyEngine(dtype)
    from .python_engine import PythonEngine
    return PythonEngine(dtype)
