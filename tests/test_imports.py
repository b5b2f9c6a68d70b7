"""purenn needs only the standard library: NumPy is imported only for the numpy engine.

Run in a fresh interpreter (a subprocess) where NumPy cannot be imported: ``import purenn``
and the book's chapter 3-5 forward pass load no third-party module, and asking for the
numpy engine raises a clear ImportError. A static check reads every module's imports.
"""
import ast
import json
import pathlib
import subprocess
import sys
import sysconfig
import textwrap

import purenn
from purenn.engine.precision import to_float32

from book import entry, numbers

PACKAGE = pathlib.Path(purenn.__file__).parent
ROOT = PACKAGE.parent

# Modules allowed a third-party import, and which. numpy_engine.py is imported only when
# the numpy engine is asked for.
OPTIONAL_IMPORTS = {"numpy_engine.py": {"numpy"},
                    # Jupyter display (issue 18): IPython inside the switch's functions only
                    "notebook.py": {"IPython", "matplotlib"}}
FUNCTION_LEVEL_ONLY = {"notebook.py"}

# Run first in the subprocess: a finder that refuses every module named numpy or numpy.*
BLOCK_NUMPY = """
import sys

class BlockNumpy:
    def find_spec(self, name, path=None, target=None):
        if name == "numpy" or name.startswith("numpy."):
            raise ModuleNotFoundError("No module named 'numpy' (blocked by the test)",
                                      name=name)
        return None

sys.meta_path.insert(0, BlockNumpy())
"""

# The top-level modules loaded since the program started (what the interpreter's startup
# loaded, such as setuptools' _distutils_hack from a .pth file, is not purenn's doing) that
# are neither purenn nor the standard library: sys.stdlib_module_names on 3.10+; on 3.9,
# modules without a file (built in) or with one in the stdlib directories, not site-packages.
LIST_THIRD_PARTY = """
import sys, sysconfig, os

AT_START = {name.partition(".")[0] for name in list(sys.modules)}

def third_party():
    names = {name.partition(".")[0] for name in list(sys.modules)} - AT_START
    if hasattr(sys, "stdlib_module_names"):
        return sorted(n for n in names
                      if n not in sys.stdlib_module_names and n != "purenn")
    stdlib = [os.path.realpath(sysconfig.get_paths()[key]) for key in ("stdlib", "platstdlib")]
    found = []
    for name in names:
        if name == "purenn":
            continue
        path = getattr(sys.modules.get(name), "__file__", None)
        if path is None:
            continue
        path = os.path.realpath(path)
        if "site-packages" in path or not any(path.startswith(p) for p in stdlib):
            found.append(name)
    return sorted(found)
"""


def run_without_numpy(code):
    """Run ``code`` in a fresh Python where NumPy is blocked; return its JSON output."""
    program = BLOCK_NUMPY + LIST_THIRD_PARTY + textwrap.dedent(code)
    result = subprocess.run([sys.executable, "-c", program], cwd=str(ROOT),
                            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"subprocess failed:\n{result.stdout}\n{result.stderr}"
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_import_purenn_and_a_chapter_5_forward_pass_load_only_the_standard_library():
    report = run_without_numpy("""
        import json
        import purenn

        purenn.init()
        X, y = purenn.spiral_data(samples=100, classes=3)
        dense1 = purenn.Layer_Dense(2, 3)
        activation1 = purenn.Activation_ReLU()
        dense2 = purenn.Layer_Dense(3, 3)
        activation2 = purenn.Activation_Softmax()
        loss_function = purenn.Loss_CategoricalCrossentropy()
        dense1.forward(X)
        activation1.forward(dense1.output)
        dense2.forward(activation1.output)
        activation2.forward(dense2.output)
        loss = loss_function.calculate(activation2.output, y)
        acc = purenn.accuracy(activation2.output, y)
        print(json.dumps({"third_party": third_party(), "loss": loss, "acc": acc,
                          "engine": dense1.ops.name}))
    """)
    assert report["third_party"] == []
    assert report["engine"] == "python"
    # The pass gives the book's chapter 5 numbers: the float32 loss it prints, the accuracy
    book_loss = numbers(entry("ch05-spiral-forward-loss")["book_output"])[-1]
    book_acc = numbers(entry("ch05-spiral-accuracy")["book_output"])[-1]
    assert report["loss"] == to_float32(book_loss)
    assert report["acc"] == book_acc


def test_asking_for_the_numpy_engine_without_numpy_raises_a_clear_import_error():
    report = run_without_numpy("""
        import json
        import purenn
        from purenn.engine import config

        errors = []
        for ask in (lambda: purenn.init(engine="numpy"),
                    lambda: purenn.get_engine("numpy"),
                    lambda: purenn.Layer_Dense(2, 3, engine="numpy")):
            try:
                ask()
                errors.append(None)
            except ImportError as error:
                errors.append(str(error))
        # A refused init leaves the settings as they were
        print(json.dumps({"errors": errors, "engine": config.settings.engine,
                          "third_party": third_party()}))
    """)
    for message in report["errors"]:
        assert message is not None, "no ImportError"
        assert "numpy engine needs NumPy" in message and "engine='python'" in message, message
    assert report["engine"] == "python"
    assert report["third_party"] == []


# --- the imports written in each module ----------------------------------------------------------

def _stdlib_names():
    if hasattr(sys, "stdlib_module_names"):
        return set(sys.stdlib_module_names)
    # Python 3.9: the names of the modules and packages in the stdlib directory, and the
    # built-in modules
    names = set(sys.builtin_module_names)
    for key in ("stdlib", "platstdlib"):
        directory = pathlib.Path(sysconfig.get_paths()[key])
        for path in directory.iterdir():
            if path.name != "site-packages":
                names.add(path.name.partition(".")[0])
        lib_dynload = directory / "lib-dynload"
        if lib_dynload.is_dir():
            names.update(path.name.partition(".")[0] for path in lib_dynload.iterdir())
    return names


def _imports(tree):
    """(top-level module name, at module level?) for every import in a module's AST."""
    found = []

    def visit(node, in_function):
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
            if isinstance(child, ast.Import):
                found.extend((alias.name.partition(".")[0], not inside) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                name = "purenn" if child.level else (child.module or "").partition(".")[0]
                found.append((name, not inside))
            visit(child, inside)

    visit(tree, False)
    return found


def test_every_module_imports_only_the_standard_library_and_purenn():
    stdlib = _stdlib_names()
    # Every module of the package and of its subpackages (engine, tools)
    modules = sorted(PACKAGE.rglob("*.py"))
    assert len(modules) > 10
    problems = []
    for path in modules:
        optional = OPTIONAL_IMPORTS.get(path.name, set())
        for name, module_level in _imports(ast.parse(path.read_text(), str(path))):
            if name == "purenn" or name in stdlib:
                continue
            if name not in optional:
                problems.append(f"{path.name} imports {name}")
            elif module_level and path.name in FUNCTION_LEVEL_ONLY:
                problems.append(f"{path.name} imports {name} at module level")
    assert problems == []


def test_only_numpy_engine_imports_numpy():
    importers = {path.name for path in PACKAGE.rglob("*.py")
                 if any(name == "numpy" for name, _ in _imports(ast.parse(path.read_text())))}
    assert importers == {"numpy_engine.py"}
