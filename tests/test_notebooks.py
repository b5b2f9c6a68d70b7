"""The notebooks (notebooks/*.ipynb) and the examples as notebooks (issue 18).

- The stored notebooks are what scripts/make_notebooks.py makes from today's examples.
- Each stored notebook, executed in a fresh kernel, shows its stored outputs, cell by cell
  (times masked), so a book value in a notebook is asserted as the examples' are; and its
  output is the example's own output run as a script (both ways, the same text).
- Each example converted with jupytext, as it is, executes in a fresh kernel and prints what
  the script prints.

The short ones are in the quick tier; the long runs in the slow tier. Needs jupytext,
nbformat, nbclient and ipykernel (the test extra): skipped without them.
"""
import copy
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

jupytext = pytest.importorskip("jupytext")
nbformat = pytest.importorskip("nbformat")
pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import make_notebooks  # noqa: E402  (scripts/make_notebooks.py)

NAMES = make_notebooks.example_names()
# A few seconds each in a notebook (kernel start included); the others are slow
QUICK = {"ch02_neurons", "ch03_layers", "ch04_activations", "ch05_loss", "ch07_derivatives",
         "ch08_gradients", "ch09_backpropagation", "softmax_per_sample"}


def tier(names):
    return [name if name in QUICK else pytest.param(name, marks=pytest.mark.slow)
            for name in names]


# --- what may differ from run to run -------------------------------------------------------

_TIME = re.compile(r"\d+(?:\.\d+)?\s?(?:ms|µs|us|s)\b")
_KERNEL_FILE = make_notebooks.KERNEL_FILE
_RATIO_AFTER = "Gradients: separate loss and activation:"


def masked(text):
    """The text with times, the kernel's temporary file names and chapter 9's timing ratio
    (machine-dependent, printed 4 lines after its heading) masked."""
    text = _KERNEL_FILE.sub("<cell>", _TIME.sub("<time>", text))
    lines = text.split("\n")
    if _RATIO_AFTER in lines and lines.index(_RATIO_AFTER) + 4 < len(lines):
        lines[lines.index(_RATIO_AFTER) + 4] = "<ratio>"
    return "\n".join(lines)


def cell_outputs(cell):
    """(kind, text) of each output of a code cell, masked; an error fails the test.
    Consecutive stream outputs of one kind are one text (the kernel cuts them anywhere)."""
    found = []
    for output in cell.get("outputs", []):
        kind = output["output_type"]
        assert kind != "error", f"the cell raised {output['ename']}: {output['evalue']}"
        if kind == "stream":
            if found and found[-1][0] == output["name"]:
                found[-1] = (output["name"], found[-1][1] + output["text"])
            else:
                found.append((output["name"], output["text"]))
        else:
            data = output.get("data", {})
            found.append((kind, data.get("text/plain", ""), "image/png" in data))
    return [(item[0], masked(item[1])) + item[2:] for item in found]


def stdout_of(notebook):
    """Everything the notebook printed on stdout, in order."""
    return "".join(output["text"] for cell in notebook.cells if cell.cell_type == "code"
                   for output in cell.get("outputs", [])
                   if output["output_type"] == "stream" and output["name"] == "stdout")


def run_script(name, *argv):
    """stdout of examples/<name>.py run as a script (from an empty folder, no PYTHONPATH)."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    result = subprocess.run([sys.executable, str(ROOT / "examples" / f"{name}.py"), *argv],
                            cwd=str(ROOT / "notebooks"), env=env, capture_output=True,
                            text=True, timeout=3600)
    assert result.returncode == 0, result.stderr
    return result.stdout


def execute(notebook, folder):
    from nbclient import NotebookClient

    NotebookClient(notebook, timeout=3600, kernel_name="python3", record_timing=False,
                   resources={"metadata": {"path": str(folder)}}).execute()
    return notebook


# --- the stored notebooks --------------------------------------------------------------------

def test_every_example_has_a_stored_notebook_made_from_todays_example():
    assert make_notebooks.main(["--check"]) == 0


@pytest.mark.parametrize("name", tier(NAMES))
def test_stored_notebook_executes_to_its_stored_outputs(name):
    stored = nbformat.read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4)
    fresh = copy.deepcopy(stored)
    for cell in fresh.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    execute(fresh, ROOT / "notebooks")
    for index, (mine, gold) in enumerate(zip(fresh.cells, stored.cells)):
        if gold.cell_type == "code":
            assert cell_outputs(mine) == cell_outputs(gold), f"{name}: cell {index}"


@pytest.mark.parametrize("name", tier(NAMES))
def test_stored_notebook_prints_what_the_script_prints(name):
    # Both ways: the stored notebook's output is the script's, with the notebook's options
    stored = nbformat.read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4)
    script = run_script(name, *make_notebooks.NOTEBOOK_ARGV.get(name, []))
    assert masked(stdout_of(stored)) == masked(script)


# --- the examples themselves, converted by jupytext ---------------------------------------------

@pytest.mark.parametrize("name", ["ch05_loss"] + [
    pytest.param(name, marks=pytest.mark.slow) for name in NAMES if name != "ch05_loss"])
def test_example_converted_by_jupytext_runs_unedited(name):
    # jupytext --to ipynb examples/<name>.py, executed from examples/ as it is: the script's
    # defaults (argparse does not read the kernel's command line), the script's output
    converted = jupytext.writes(jupytext.read(ROOT / "examples" / f"{name}.py"), fmt="ipynb")
    notebook = nbformat.reads(converted, as_version=4)
    execute(notebook, ROOT / "examples")
    assert masked(stdout_of(notebook)) == masked(run_script(name))


# --- %load_ext purenn --------------------------------------------------------------------------

BOOK_SOFTMAX_ROWS = """\
[[0.33333334 0.33333334 0.33333334]
 [0.33333316 0.3333332  0.33333364]
 [0.33333287 0.3333329  0.33333418]
 [0.3333326  0.33333263 0.33333477]
 [0.33333233 0.3333324  0.33333528]]"""

FORWARD_PASS = f"""\
import sys
sys.path.insert(0, {str(ROOT)!r})
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
loss = loss_function.calculate(activation2.output, y)"""


def displayed(cell):
    """The text/plain of the cell's result."""
    results = [output for output in cell.outputs if output["output_type"] == "execute_result"]
    assert len(results) == 1, cell.outputs
    return results[0]["data"]["text/plain"]


def test_load_ext_purenn_displays_the_books_softmax_rows():
    pytest.importorskip("numpy")  # the last cells run the numpy engine
    cells = [FORWARD_PASS,
             "activation2.output[:5]",                          # Python's repr
             "%load_ext purenn\nactivation2.output[:5]",        # the book's rows
             "loss",
             "[1, 2, 3]",
             "['a', 1.5]",                                      # not numbers: Python's repr
             "%unload_ext purenn\nloss",
             "purenn.notebook()\nactivation2.output[:5]",
             "purenn.notebook(False)\nactivation2.output[0]",
             # The numpy engine's arrays too, as print() shows them
             "%load_ext purenn\n" + FORWARD_PASS.replace("purenn.init()",
                                                        "purenn.init(engine='numpy')")
             + "\nactivation2.output[:5]",
             "loss"]
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)
                                               for source in cells])
    execute(notebook, ROOT)
    out = notebook.cells
    assert displayed(out[1]).startswith("[[0.3333333432674408, 0.3333333432674408")
    assert displayed(out[2]) == BOOK_SOFTMAX_ROWS
    assert displayed(out[3]) == "1.0986104"
    assert displayed(out[4]) == "[1 2 3]"
    assert displayed(out[5]) == "['a', 1.5]"
    assert displayed(out[6]) == "1.0986104011535645"
    assert displayed(out[7]) == BOOK_SOFTMAX_ROWS
    assert displayed(out[8]) == "[0.3333333432674408, 0.3333333432674408, 0.3333333432674408]"
    assert displayed(out[9]) == BOOK_SOFTMAX_ROWS
    assert displayed(out[10]) == "1.0986104"


def test_importing_purenn_does_not_import_ipython():
    code = "import sys, purenn; print(sorted(m for m in ('IPython', 'ipykernel') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], cwd=str(ROOT), capture_output=True,
                            text=True, timeout=120)
    assert result.stdout.strip() == "[]", result.stderr


# --- the other engine ------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["ch05_loss"] + [
    pytest.param(name, marks=pytest.mark.slow) for name in NAMES
    if name != "ch05_loss" and "--engine" not in make_notebooks.NOTEBOOK_ARGV.get(name, [])])
def test_notebook_in_the_numpy_engine_prints_what_the_script_prints(name):
    # The notebook as the script makes it, its run given --engine numpy
    pytest.importorskip("numpy")
    notebook = make_notebooks.build(name)
    argv = make_notebooks.NOTEBOOK_ARGV.get(name, []) + ["--engine", "numpy"]
    runs = [cell for cell in notebook.cells if "main(" in cell.source and "__main__" in cell.source]
    assert len(runs) == 1, f"{name}: one cell runs main()"
    runs[0].source = re.sub(r"main\((script_argv\(\)|\[.*\])\)$", f"main({argv!r})",
                            runs[0].source)
    assert f"main({argv!r})" in runs[0].source
    execute(notebook, ROOT / "notebooks")
    assert masked(stdout_of(notebook)) == masked(run_script(name, *argv))
