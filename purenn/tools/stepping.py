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
as one line (``p`` shows what it made). Breakpoints (``b``) still stop anywhere, and ``n``,
``c``, ``p``, ``w`` work as in pdb. One difference from pdb: ``s`` goes
from a call straight to the first line of the function's body (pdb first stops at its
``def`` line, ``--Call--``); it still stops on the way out (``--Return--``, with the value).
"""
import builtins
import os
import pdb
import site
import sys
import sysconfig
import traceback
import types

USAGE = "usage: python -m purenn step SCRIPT [ARGS...]"

HELP = f"""{USAGE}

Run SCRIPT under pdb (the Python debugger) as `python SCRIPT ARGS...` would run it, with
purenn's checks, rounding and settings skipped: `s` steps from a line such as
dense1.forward(X) into the book's arithmetic (the layer's forward, the engine's loops).

pdb commands: s (step into), n (next line), r (return from this function), c (continue),
p EXPR (print), pp EXPR, l (list the code), w (where: the call stack), b FILE:LINE
(breakpoint), q (quit). The script stops at its first line; type c to run it.
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

_PURENN_DIR = os.path.dirname(os.path.abspath(__file__))


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


class Stepper(pdb.Pdb):
    """pdb that does not stop in purenn's machinery, the libraries, or what they call."""

    def __init__(self, skip=MACHINERY, **kwargs):
        super().__init__(skip=skip, **kwargs)
        self.library_dirs = _library_dirs()
        self.prompt = "(purenn-step) "
        # The frame and line of the last stop at a line (see user_line)
        self.last_stop = (None, None)

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
        each of its turns; `s` computes the whole line at once, as before 3.12.
        """
        here = (frame, frame.f_lineno)
        repeated = (self.stopframe is None and here[0] is self.last_stop[0]
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
