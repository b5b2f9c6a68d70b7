"""``python -m purenn step SCRIPT [ARGS...]``: run a script under pdb, stepping only into the
book's arithmetic.

Plain ``python -m pdb SCRIPT`` stops in everything a call runs: purenn's input checks, its
float32 rounding and its settings, the standard library, NumPy's Python wrappers. This runs
the script the same way (``sys.argv`` is ``[SCRIPT, *ARGS]``, the script is ``__main__``
and its folder comes first on ``sys.path``, as with ``python SCRIPT``) under a ``pdb.Pdb``
made with ``skip=MACHINERY``, so that ``s`` on the line ``dense1.forward(X)`` goes through
``Layer_Dense.forward`` into the python engine's dot product and stops at the multiply.

What is skipped: the modules named in ``MACHINERY`` (glob patterns of module names, as
pdb's ``skip`` takes them), every module of the standard library and of site-packages
(other than purenn), and whatever those call in turn: when a check in ``purenn.engine.shapes``
calls back into an engine, pdb does not stop there either. A comprehension is stepped over
as one line by ``s`` and ``n`` (``p`` shows what it made). Breakpoints (``b``) still stop
anywhere, and ``n``, ``r``, ``unt``, ``c``, ``w`` work as in pdb; ``b FILE:LINE`` also finds
FILE from the current folder and from the folder holding purenn (``b purenn/layers.py:97``).
One difference from pdb: ``s`` goes from a call straight to the first line of the
function's body (pdb first stops at its ``def`` line, ``--Call--``); it still stops on the
way out (``--Return--``, with the value).

At the prompt, ``p`` and ``pp`` print purenn's numbers as NumPy prints the book's: a list of
floats or of rows as an array, with the book's digits (a float32 value with the few digits
float32 needs: ``-0.013065268``, not ``-0.013065268285572529``) and NumPy's ``...`` summary
of an array of more than 1,000 values; a float as a NumPy scalar. Other values print as in
pdb. ``show(x)`` (``purenn.show``) works in every frame, without an import.
"""
import builtins
import inspect
import numbers
import os
import pdb
import pprint
import reprlib
import site
import sys
import sysconfig
import traceback
import types
from array import array
from collections.abc import MutableMapping
from contextlib import contextmanager

from ..engine.config import settings
from ..engine.precision import FLOAT32, FLOAT64
from .printing import array_str, scalar_str, show

USAGE = "usage: python -m purenn step SCRIPT [ARGS...]"

HELP = f"""{USAGE}

Run SCRIPT under pdb (the Python debugger) as `python SCRIPT ARGS...` would run it, with
purenn's checks, rounding and settings skipped: `s` steps from a line such as
dense1.forward(X) into the book's arithmetic (the layer's forward, the engine's loops).

pdb commands: s (step into), n (next line), r (return from this function), unt (until:
past a loop), c (continue), b FILE:LINE (breakpoint), p EXPR (print), pp EXPR (pretty-print),
l (list the code), w (where: the call stack), u / d (up / down the stack), q (quit). p and pp
print lists of numbers as NumPy prints arrays; show(EXPR) prints as purenn.show does. The
script stops at its first line; type c to run it.
"""

# The parts of purenn that are machinery rather than the book's arithmetic: input checks,
# float32 rounding, settings, printing and progress, the random stream, data sets and their
# files, label conversion, command lines.
MACHINERY = (
    "purenn",
    "purenn.__main__",
    # The tools around the book: calculator, command lines, printing, progress, the stepper
    "purenn.tools",
    "purenn.tools.*",
    # The engines' machinery: settings, list bookkeeping, float32 rounding, input checks
    "purenn.engine",
    "purenn.engine.config",
    "purenn.engine.lists",
    "purenn.engine.model_checks",
    "purenn.engine.precision",
    "purenn.engine.shapes",
    # The random stream, data sets and their files, label conversion
    "purenn.data",
    "purenn.data.*",
    "purenn.datasets",
    "purenn.idx",
    "purenn.labels",
    "purenn.random",
    # NumPy's Python wrappers (np.sum, np.max), reached from the numpy engine
    "numpy",
    "numpy.*",
)

# A comprehension is one line: `s` on it computes it whole, as `n` does (a breakpoint inside
# still stops there). Python 3.12 runs comprehensions in their function's own frame anyway.
COMPREHENSIONS = frozenset(("<listcomp>", "<setcomp>", "<dictcomp>", "<genexpr>"))

# The purenn package (this file is purenn/tools/stepping.py), and the folder that holds it
# (the clone's root, or site-packages)
_PURENN_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_PURENN_PARENT = os.path.dirname(_PURENN_DIR)


def _library_dirs():
    """The folders of the standard library and of installed packages (site-packages)."""
    paths = sysconfig.get_paths()
    dirs = {paths[key] for key in ("stdlib", "platstdlib", "purelib", "platlib") if key in paths}
    dirs.add(os.path.dirname(os.__file__))
    dirs.update(getattr(site, "getsitepackages", list)())
    user_site = getattr(site, "getusersitepackages", lambda: None)()
    if user_site:
        dirs.add(user_site)
    return tuple(os.path.join(os.path.abspath(d), "") for d in dirs if d)


# ---------------------------------------------------------------------------
# The prompt: values printed as NumPy prints the book's, and `show` in every frame
# ---------------------------------------------------------------------------

# The names the prompt adds to every frame, where the frame has no such name of its own
PROMPT_NAMES = {"show": show}

# Pretty-printing (`pp`) lays values out in lines of this many characters, as pprint does
PP_WIDTH = 80
# A list nested deeper than this is not an array (NumPy's arrays have at most 64 dimensions)
MAX_DIMENSIONS = 64


class PromptNamespace(MutableMapping):
    """The local variables of a frame, as pdb evaluates what is typed at the prompt in
    them, with PROMPT_NAMES (``show``) added where neither the frame's locals nor its
    globals have that name.

    The frame is not changed: ``show`` is never written into it, and an assignment at the
    prompt (``!total = 0.0``) goes to the frame's locals, as in pdb.
    """

    def __init__(self, frame_locals, frame_globals):
        self.frame_locals = frame_locals
        self.frame_globals = frame_globals

    def __repr__(self):
        # What `print(locals())` shows at the prompt: the frame's own variables
        return repr(dict(self.frame_locals))

    def __getitem__(self, name):
        try:
            return self.frame_locals[name]
        except KeyError:
            # Looked up after the locals, before the globals: the frame's own names win
            if name in PROMPT_NAMES and name not in self.frame_globals:
                return PROMPT_NAMES[name]
            raise

    def __setitem__(self, name, value):
        self.frame_locals[name] = value

    def __delitem__(self, name):
        del self.frame_locals[name]

    def __iter__(self):
        return iter(self.frame_locals)

    def __len__(self):
        return len(self.frame_locals)


def _frame_locals():
    return sys._getframe().f_locals


# What `locals()` gives at the prompt, printed as a dict: a dict, a PromptNamespace, or
# (Python 3.13) the proxy a function's frame.f_locals is
_MAPPINGS = (dict, PromptNamespace, type(_frame_locals()))


def _is_float(value):
    """True for a Python float (a number that is not an int); NumPy's own scalars print
    themselves."""
    return (isinstance(value, numbers.Real) and not isinstance(value, numbers.Integral)
            and not hasattr(value, "dtype"))


def _dtype_of(values):
    """The precision to print floats at: purenn's (settings.dtype), but float64 for a value
    that float32 cannot hold (such as the python engine's float64 running totals)."""
    if settings.dtype != FLOAT32:
        return FLOAT64
    rounded = array("f", values).tolist()
    if rounded == values:
        return FLOAT32
    for x, x32 in zip(values, rounded):
        if x != x32 and x == x:  # nan is nan at either precision
            return FLOAT64
    return FLOAT32


def _float_text(x):
    """A float as NumPy prints a scalar of purenn's precision (float64 if float32 cannot
    hold it)."""
    return scalar_str(x, _dtype_of([float(x)]))


class ReturnValueRepr(reprlib.Repr):
    """pdb's one-line view of the value a function returns (reprlib's: a few items of each
    list), with its floats printed as NumPy prints them."""

    def __repr__(self):
        return f"ReturnValueRepr(maxlist={self.maxlist}, maxlevel={self.maxlevel})"

    def repr_float(self, x, level):
        return _float_text(x)


RETURN_VALUE_REPR = ReturnValueRepr()


def _array_values(value):
    """The numbers of ``value``, row by row, if it is a list that NumPy would make a float
    array of (rows of one length, of numbers, not all ints); else None."""
    if type(value) is not list or not value:
        return None
    values = value
    for _ in range(MAX_DIMENSIONS):
        if not isinstance(values[0], (list, tuple)):
            break
        length = len(values[0])
        if length == 0:
            return None
        rows = values
        values = []
        for row in rows:
            if not isinstance(row, (list, tuple)) or len(row) != length:
                return None  # ragged: not an array
            values.extend(row)
    else:
        return None  # nested deeper than NumPy's arrays go (or a list inside itself)
    has_float = False
    for x in values:
        if (isinstance(x, (str, bytes)) or not isinstance(x, numbers.Real)
                or hasattr(x, "dtype")):
            return None
        has_float = has_float or not isinstance(x, numbers.Integral)
    return values if has_float else None


def _holds_floats(value, seen):
    """True if ``value`` is a float, or a list, tuple or dict with a float in it."""
    if _is_float(value):
        return True
    if type(value) not in (list, tuple) and type(value) not in _MAPPINGS:
        return False
    if id(value) in seen:
        return False
    seen.add(id(value))
    items = value.values() if type(value) in _MAPPINGS else value
    for item in items:
        if _holds_floats(item, seen):
            return True
    return False


def _end_column(text, column):
    """The column after ``text``, which started at ``column`` (its later lines at 0)."""
    if "\n" in text:
        return len(text.rsplit("\n", 1)[1])
    return column + len(text)


def _indent(text, column):
    """``text`` with its second and later lines moved right by ``column`` spaces."""
    return text.replace("\n", "\n" + " " * column)


class _PromptFormat:
    """The text of one value at the prompt (``p``), laid out in lines (``pp``).

    Floats print as NumPy scalars, lists of numbers as NumPy arrays (purenn.tools.printing),
    and the lists, tuples and dicts around them with their own brackets; anything else as
    repr (``p``) or pprint (``pp``). An array met again prints as a pointer to where it was
    first shown (in the python engine's dot, ``samples`` is ``a``), not a second time.
    """

    def __init__(self, pretty):
        self.pretty = pretty
        self.arrays = {}  # id of a list -> its array text (None: not an array)
        self.shown = {}  # id of an array printed -> where: its key or index
        self.open = set()  # ids of the containers being printed (a list inside itself)

    def __repr__(self):
        return f"_PromptFormat(pretty={self.pretty}, arrays shown: {len(self.shown)})"

    def array_text(self, value):
        """The text of ``value`` as NumPy prints it, if it is an array; else None."""
        if id(value) not in self.arrays:
            values = _array_values(value)
            self.arrays[id(value)] = (None if values is None
                                      else array_str(value, _dtype_of(values)))
        return self.arrays[id(value)]

    def text(self, value, column=0, where=""):
        """The text of ``value`` when it starts at ``column`` of a line."""
        if _is_float(value):
            return _float_text(value)
        array = self.array_text(value)
        if array is not None:
            if id(value) in self.shown:
                return f"<the same list as {self.shown[id(value)]}>"
            if where:
                self.shown[id(value)] = where
            return _indent(array, column)
        if type(value) in (list, tuple) or type(value) in _MAPPINGS:
            if id(value) in self.open:
                return {list: "[...]", tuple: "(...)"}.get(type(value), "{...}")
            self.open.add(id(value))
            try:
                return self.container(value, column, where)
            finally:
                self.open.discard(id(value))
        if self.pretty:
            return _indent(pprint.pformat(value, width=max(PP_WIDTH - column, 20)), column)
        return repr(value)

    def container(self, value, column, where):
        """A list, tuple or dict: on one line if it fits (always, for ``p``), else one
        item a line as pprint lays them out (a dict's keys sorted, as pprint does)."""
        if type(value) in _MAPPINGS:
            opening, closing = "{", "}"
            keys = list(value.keys())
            if self.pretty:
                try:
                    keys = sorted(keys)
                except TypeError:
                    pass  # keys that do not compare keep their order
            labels = [f"{key!r}: " for key in keys]
            places = [f"{where}[{key!r}]" if where else repr(key) for key in keys]
            items = [value[key] for key in keys]
        else:
            opening, closing = ("[", "]") if type(value) is list else ("(", ")")
            if type(value) is tuple and len(value) == 1:
                closing = ",)"
            items = list(value)
            labels = [""] * len(items)
            places = [f"{where}[{i}]" for i in range(len(items))]
        # One line: each item after the one before
        shown_before = dict(self.shown)
        line = opening
        for i, (label, item, place) in enumerate(zip(labels, items, places)):
            line += label
            line += self.text(item, _end_column(line, column), place)
            if i < len(items) - 1:
                line += ", "
        line += closing
        if not self.pretty or ("\n" not in line and column + len(line) <= PP_WIDTH):
            return line
        # One item a line, each starting under the one before
        self.shown = shown_before
        lines = []
        for label, item, place in zip(labels, items, places):
            start = column + len(opening) + len(label)
            lines.append(label + self.text(item, start, place))
        separator = ",\n" + " " * (column + len(opening))
        return opening + separator.join(lines) + closing


def prompt_text(value, pretty=False, column=0):
    """What ``p value`` (``pp value`` with ``pretty``) prints at the stepper's prompt.

    A float prints at purenn's precision as NumPy prints a scalar (``-0.013065268``); a
    list of floats or of rows as NumPy prints an array (``...`` past 1,000 values); lists,
    tuples and dicts holding them with each inside printed so. A value with no float in
    it prints as in pdb (repr, or pprint for ``pp``). ``column``: where the text starts on
    its line (an array's later rows line up under its first).
    """
    if isinstance(value, PromptNamespace):
        value = dict(value.frame_locals)  # `p locals()`: the frame's variables
    if not _holds_floats(value, set()):
        return pprint.pformat(value) if pretty else repr(value)
    return _PromptFormat(pretty).text(value, column)


class Stepper(pdb.Pdb):
    """pdb that does not stop in purenn's machinery, the libraries, or what they call."""

    def __init__(self, skip=MACHINERY, **kwargs):
        super().__init__(skip=skip, **kwargs)
        self.library_dirs = _library_dirs()
        self.prompt = "(purenn-step) "
        # The frame and line of the last stop at a line (see user_line)
        self.last_stop = (None, None)

    # The prompt

    @contextmanager
    def evaluating(self):
        """While pdb evaluates what was typed: the frame's locals with ``show`` added
        (a PromptNamespace) in place of the frame's locals."""
        frame_locals = self.curframe_locals
        self.curframe_locals = PromptNamespace(frame_locals, self.curframe.f_globals)
        try:
            yield
        finally:
            self.curframe_locals = frame_locals

    def _getval(self, arg):
        # pdb's evaluation of `p`, `pp`, `whatis`, ... , with `show` in the namespace
        with self.evaluating():
            return super()._getval(arg)

    def default(self, line):
        # pdb's running of a statement typed at the prompt (`show(x)`, `!total = 0.0`),
        # with `show` in the namespace
        with self.evaluating():
            return super().default(line)

    def format_stack_entry(self, frame_lineno, lprefix=": "):
        """pdb's line for a frame (``w``, and every stop); the value a function returns
        (``--Return--``, ``->[[1.0000105], ...]``) with NumPy's digits, not 17."""
        text = super().format_stack_entry(frame_lineno, lprefix)
        frame = frame_lineno[0]
        if "__return__" in frame.f_locals:
            value = frame.f_locals["__return__"]
            text = text.replace("->" + reprlib.repr(value),
                                "->" + RETURN_VALUE_REPR.repr(value), 1)
        return text

    def print_value(self, arg, pretty):
        try:
            value = self._getval(arg)
        except BaseException:  # as pdb: _getval has printed the error
            return
        try:
            text = prompt_text(value, pretty)
        except Exception:
            # A value the NumPy text cannot be made for (nested too deep, a repr that
            # fails inside it): pdb's own text, or pdb's error
            try:
                text = pprint.pformat(value) if pretty else repr(value)
            except Exception as error:
                self.error(traceback.format_exception_only(type(error), error)[-1].strip())
                return
        self.message(text)

    def do_p(self, arg):
        """p expression
        Print the value of the expression, as NumPy prints the book's values: a float at
        purenn's precision (-0.013065268), a list of floats or of rows as an array ('...'
        past 1,000 values). Other values print as in pdb.
        """
        self.print_value(arg, pretty=False)

    def do_args(self, arg):
        """a(rgs)
        Print the argument list of the current function, each value as p prints it.
        """
        if arg:
            return super().do_args(arg)  # pdb's answer to an argument typed after `a`
        code = self.curframe.f_code
        frame_locals = self.curframe_locals
        count = (code.co_argcount + code.co_kwonlyargcount
                 + bool(code.co_flags & inspect.CO_VARARGS)
                 + bool(code.co_flags & inspect.CO_VARKEYWORDS))
        for name in code.co_varnames[:count]:
            if name not in frame_locals:
                self.message(f"{name} = *** undefined ***")
                continue
            value = frame_locals[name]
            try:
                text = prompt_text(value, column=len(name) + 3)
            except Exception:
                text = repr(value)  # as pdb
            self.message(f"{name} = {text}")

    do_a = do_args

    def do_pp(self, arg):
        """pp expression
        Pretty-print the value of the expression: as p, one item a line when it does not
        fit in a line (pprint's layout; a list of numbers prints as an array).
        """
        self.print_value(arg, pretty=True)

    def lookupmodule(self, filename):
        """The file of ``b FILE:LINE``: pdb's search (the script's folder, sys.path), then
        FILE from the current folder and from the folder holding purenn, so that
        ``b purenn/layers.py:97`` works wherever the script is."""
        found = super().lookupmodule(filename)
        if found is not None:
            return found
        for folder in (os.getcwd(), _PURENN_PARENT):
            path = os.path.join(folder, filename)
            if os.path.isfile(path):
                return path
        return None

    # Where the stepper stops

    def is_machinery(self, frame):
        """True for a frame of a skipped module or of a library file outside purenn."""
        if self.is_skipped_module(frame.f_globals.get("__name__")):
            return True
        filename = frame.f_code.co_filename
        if filename.startswith("<frozen"):
            return True
        filename = os.path.abspath(filename)
        if filename.startswith(os.path.join(_PURENN_DIR, "")):
            return False
        return filename.startswith(self.library_dirs)

    def user_call(self, frame, argument_list):
        """No stop at a call (pdb's ``--Call--``, which shows only the ``def`` line): one ``s``
        goes from the calling line to the first line of the function's body."""
        # Differs from pdb: pdb stops twice on the way into a function, at its def line first.

    def user_line(self, frame):
        """Stop at a line, but once only for a line that runs again straight after itself.

        From Python 3.12 a comprehension runs in its function's frame, and its line reports
        each of its turns; `s` and `n` compute the whole line at once, as before 3.12.
        """
        here = (frame, frame.f_lineno)
        # After `s` (no stop frame) or `n` (this frame): not `c` or `r`, which stop
        # elsewhere anyway
        repeated = (self.stopframe in (None, frame) and here[0] is self.last_stop[0]
                    and here[1] == self.last_stop[1])
        breakpoint_here = self.get_breaks(self.canonic(frame.f_code.co_filename), here[1])
        if repeated and not breakpoint_here:
            return
        self.last_stop = here
        super().user_line(frame)

    def stop_here(self, frame):
        """pdb's rule; and no stop inside a comprehension, nor in a frame that machinery
        called, however deep."""
        if not super().stop_here(frame):
            return False
        if frame is self.stopframe:
            return True  # where `n` or `r` was typed: pdb's own rule holds
        if frame.f_code.co_name in COMPREHENSIONS:
            return False
        caller = frame
        while caller is not None and caller is not self.botframe:
            if self.is_machinery(caller):
                return False
            caller = caller.f_back
        return True


def run_script(script, args=(), stdin=None, stdout=None, readrc=True):
    """Run ``script`` with ``args`` under a Stepper; returns the script's exit status.

    ``stdin``/``stdout`` are pdb's (default: the terminal), so that a test can type the
    commands; ``readrc=False`` leaves out ~/.pdbrc. ``sys.argv``, ``sys.path[0]`` and ``sys.modules["__main__"]`` are put back
    afterwards.
    """
    script = os.path.abspath(script)
    with open(script, "rb") as file:
        code = compile(file.read(), script, "exec")
    # A fresh __main__ module, as `python SCRIPT` makes one
    main_module = types.ModuleType("__main__")
    main_module.__file__ = script
    saved = (sys.argv[:], sys.path[:], sys.modules["__main__"])
    sys.argv[:] = [script, *args]
    sys.path[0:1] = [os.path.dirname(script)]
    sys.modules["__main__"] = main_module
    debugger = Stepper(stdin=stdin, stdout=stdout, readrc=readrc)
    debugger.mainpyfile = script  # what pdb's `run`/`restart` commands rerun
    try:
        while True:
            main_module.__dict__.clear()
            main_module.__dict__.update(__name__="__main__", __file__=script,
                                        __builtins__=builtins, __spec__=None)
            try:
                debugger.run(code, main_module.__dict__)
            except pdb.Restart:
                debugger.message(f"Restarting {script} with arguments: {' '.join(sys.argv[1:])}")
                continue
            break
        return 0
    except SystemExit as stop:
        # sys.exit(...) in the script: its status, as python SCRIPT would exit with it
        debugger.message(f"The script exited: sys.exit({stop.code!r})")
        return stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    except Exception:
        # An uncaught error: show it, and let the learner look around where it happened
        traceback.print_exc()
        debugger.message("Uncaught exception: post-mortem debugging (q to quit)")
        debugger.reset()
        debugger.interaction(None, sys.exc_info()[2])
        return 1
    finally:
        # pdb keeps breakpoints for the whole process: the next run starts without them
        debugger.clear_all_breaks()
        sys.argv[:], sys.path[:], sys.modules["__main__"] = saved


def main(argv):
    """``python -m purenn step SCRIPT [ARGS...]``; ``argv`` is what follows ``step``."""
    if argv[:1] in (["-h"], ["--help"]):
        print(HELP, end="")
        return 0
    if not argv:
        print(f"{USAGE}\npurenn step: error: the SCRIPT to run is missing", file=sys.stderr)
        return 2
    script, args = argv[0], argv[1:]
    if not os.path.isfile(script):
        problem = "is a folder, not a file" if os.path.isdir(script) else "does not exist"
        print(f"{USAGE}\npurenn step: error: SCRIPT {script!r} {problem}", file=sys.stderr)
        return 2
    return run_script(script, args)
