"""What the page in the browser (web/worker.js) runs in Pyodide, and what the tests run there
under Node: a chapter example as ``python FILE ARGS`` runs it, a calculator command as
``python -m purenn COMMAND`` does, or the learner's own code.

Each function returns the exit status a terminal would show (0, 2 for a usage error, 1 for
an uncaught exception, whose traceback goes to stderr without this module's frames).
``step`` (the debugger needs a terminal's input) and ``web`` are refused in the page.
"""
import ast
import os
import runpy
import shlex
import sys
import traceback
from pathlib import Path

# What the page cannot run, and why
NOT_IN_THE_PAGE = {
    "step": "the debugger (python -m purenn step) needs a terminal: run it on your computer",
    "web": "the page is already running: python -m purenn web serves it from a computer",
}


def run_script(path, args=()):
    """Run the file ``path`` as ``python path args...``: as __main__, with sys.argv set and the
    file's folder first on sys.path (as Python's command line puts it)."""
    path = str(path)
    saved_argv, saved_path = sys.argv, list(sys.path)
    sys.argv = [path] + list(args)
    sys.path.insert(0, os.path.dirname(os.path.abspath(path)))
    try:
        # As Python's command line (3.9+), the script's __file__ is its absolute path
        runpy.run_path(os.path.abspath(path), run_name="__main__")
        return 0
    except SystemExit as stop:
        return _exit_status(stop)
    except KeyboardInterrupt:
        print("\nKeyboardInterrupt: stopped", file=sys.stderr)
        return 130
    except BaseException as error:  # noqa: B902 (the learner's error, shown as Python would)
        _print_traceback(error, os.path.abspath(path))
        return 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        sys.argv, sys.path[:] = saved_argv, saved_path


def run_example(name, arguments="", folder="examples"):
    """Run the chapter example ``folder/name.py`` with its command-line ``arguments`` (one
    string, split as a shell would: ``--optimizer adam --epochs 101``)."""
    return run_script(f"{folder}/{name}.py", shlex.split(arguments))


def run_calculator(command):
    """Run a calculator command line (``softmax 1 2 3``), as ``python -m purenn`` does."""
    argv = shlex.split(command) if isinstance(command, str) else list(command)
    if argv[:1] and argv[0] in NOT_IN_THE_PAGE:
        print(f"python -m purenn {argv[0]}: not in the browser: {NOT_IN_THE_PAGE[argv[0]]}",
              file=sys.stderr)
        return 2
    from purenn.__main__ import main
    try:
        status = main(argv)
        return 0 if status is None else status
    except SystemExit as stop:
        return _exit_status(stop)
    finally:
        sys.stdout.flush()
        sys.stderr.flush()


def run_code(source, path="your_code.py"):
    """Write the learner's ``source`` to ``path`` and run it as a script."""
    Path(path).write_text(source, encoding="utf-8")
    return run_script(path)


def examples(folder="examples"):
    """The chapter examples in ``folder``: name, the docstring's first paragraph, the whole
    docstring, and whether it takes --plot (its example_parser is given plot=...)."""
    found = []
    for path in sorted(Path(folder).glob("*.py")):
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        if "__main__" not in source:
            continue  # a module beside the examples (plotting.py), not one to run
        doc = ast.get_docstring(tree) or ""
        draws = False
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "example_parser"
                    and any(keyword.arg == "plot" for keyword in node.keywords)):
                draws = True
        found.append({"name": path.stem, "title": " ".join(doc.split("\n\n")[0].split()),
                      "doc": doc, "plot": draws})
    return found


def _exit_status(stop):
    """The status of SystemExit(code) as Python's command line reports it."""
    if stop.code is None:
        return 0
    if isinstance(stop.code, int):
        return stop.code
    print(stop.code, file=sys.stderr)
    return 1


def _print_traceback(error, path):
    """The traceback from the script's own frame on, as ``python path`` prints it."""
    tb = error.__traceback__
    while tb is not None and os.path.abspath(tb.tb_frame.f_code.co_filename) != path:
        tb = tb.tb_next
    traceback.print_exception(type(error), error, tb if tb is not None else error.__traceback__)
