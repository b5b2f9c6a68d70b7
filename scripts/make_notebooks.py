"""Make notebooks/*.ipynb from the examples: one notebook a chapter, outputs stored.

    python scripts/make_notebooks.py            # write every notebook, executed
    python scripts/make_notebooks.py ch05_loss  # only these
    python scripts/make_notebooks.py --check    # exit 1 if a stored notebook's cells are not
                                                # what today's examples make

Each example (examples/*.py, every file but plotting.py: a new example is picked up as it
is) is written in jupytext's percent format, ``# %%`` cells. The notebook is that file's
cells, with a title and short headings of this project's own before them, and, for the
runs too long for a notebook, the last cell's ``main(...)`` given shorter options
(NOTEBOOK_ARGV). Executing it in a fresh kernel, from the notebooks/ folder, stores the
outputs, so the notebooks read on GitHub without running anything. Needs jupytext, nbformat,
nbclient and ipykernel (the ``test`` extra).
"""
import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
NOTEBOOKS = ROOT / "notebooks"
NOT_EXAMPLES = {"plotting", "fashion_mnist_predict"}  # examples/plotting.py: the examples' pictures, not an example

# name -> the notebook's title and one line of its own (the examples' docstrings say more)
TITLES = {
    "ch02_neurons": ("Chapter 2: neurons", "One neuron, a layer, the dot product, a batch."),
    "ch03_layers": ("Chapter 3: layers", "Dense layers, random weights and the spiral data."),
    "ch04_activations": ("Chapter 4: activations", "ReLU and softmax on a batch."),
    "ch05_loss": ("Chapter 5: loss", "Categorical cross-entropy and accuracy."),
    "ch06_optimization": ("Chapter 6: random search", "Searching for weights at random."),
    "ch07_derivatives": ("Chapter 7: derivatives", "Numerical derivatives and tangent lines."),
    "ch08_gradients": ("Chapter 8: gradients", "Partial derivatives and the chain rule."),
    "ch09_backpropagation": ("Chapter 9: backpropagation",
                             "A neuron's gradients, then a layer's, then softmax with loss."),
    "ch10_optimizers": ("Chapter 10: optimizers", "Learning-rate decay and a trained network."),
    "ch14_regularization": ("Chapter 14: L1 and L2 regularization",
                            "Penalties on the weights, with a validation set."),
    "ch15_dropout": ("Chapter 15: dropout", "Dropping units while training."),
    "ch16_binary_logistic": ("Chapter 16: binary logistic regression",
                             "Sigmoid outputs and binary cross-entropy."),
    "digits_network": ("Handwritten digits", "A sigmoid network on the shipped UCI digits."),
    "lecture_network": ("The lecture's network", "A lecture's spiral network, trained."),
    "lecture_keras_style": ("The lecture's network, Keras style",
                            "Model, summary, and full-batch, mini-batch and stochastic runs."),
    "softmax_per_sample": ("One sample at a time", "A softmax classifier trained per sample."),
    "ch11_13_testing": ("Chapters 11-13: testing and validation",
                        "The chapter 10 network on out-of-sample data."),
    "ch17_regression": ("Chapter 17: regression", "A linear output fits the sine data."),
    "ch18_model": ("Chapter 18: the Model object", "The chapter 16 network as one Model."),
    "fashion_mnist": ("Chapters 19-20: Fashion-MNIST", "The book's real data set, trained."),
}

# name -> the options of the notebook's run, where the example's defaults take long in a
# notebook (the script's defaults are unchanged)
NOTEBOOK_ARGV = {
    "ch10_optimizers": ["--engine", "numpy"],
    "ch14_regularization": ["--engine", "numpy"],
    "ch16_binary_logistic": ["--engine", "numpy"],
    "ch15_dropout": ["--epochs", "11"],
    "lecture_network": ["--engine", "numpy"],
    "digits_network": ["--engine", "numpy"],
    "lecture_keras_style": ["--engine", "numpy"],
    "ch11_13_testing": ["--engine", "numpy"],
    "ch17_regression": ["--engine", "numpy", "--epochs", "1001"],
    "ch18_model": ["--engine", "numpy", "--epochs", "1001"],
    "fashion_mnist": ["--limit", "1000", "--epochs", "2"],
}

# The kernel's temporary file for a cell, as a warning names it (ipykernel_PID/N.py in the
# temporary folder)
KERNEL_FILE = re.compile(r"\S*ipykernel_\d+/\d+\.py")

# Headings before the cells, by what a cell does
SETUP = "## Setup\nFind purenn (this clone's, installed or not) and import it."
RUN = "## Run\nIn a notebook `main` uses its defaults; as a script it reads the command line."


def example_names():
    """Every example, sorted: examples/*.py but plotting.py."""
    return sorted(path.stem for path in EXAMPLES.glob("*.py") if path.stem not in NOT_EXAMPLES)


def heading(cell, index):
    """The markdown heading for a code cell, or None."""
    source = cell.source
    if index == 0:
        return SETUP
    if source.startswith("def main(argv=None)"):
        return RUN
    match = re.match(r"(?:#[^\n]*\n|@[^\n]*\n)*(def|class) (\w+)", source)
    if match:
        word = "Options" if match[2] == "parse_args" else f"`{match[2]}`"
        return f"### {word}"
    return None


def build(name):
    """The notebook (cells only, not executed) that examples/<name>.py makes."""
    import jupytext
    import nbformat

    example = jupytext.read(EXAMPLES / f"{name}.py", fmt="py:percent")
    title, line = TITLES.get(name, (name.replace("_", " ").capitalize(), ""))
    command = f"python examples/{name}.py"
    cells = [nbformat.v4.new_markdown_cell(
        f"# {title}\n{line}\n\nMade from `examples/{name}.py` by `scripts/make_notebooks.py`; "
        f"the same file runs as a script: `{command} --help`.")]
    code_cells = [cell for cell in example.cells if cell.cell_type == "code"]
    for index, cell in enumerate(code_cells):
        text = heading(cell, index)
        if text:
            cells.append(nbformat.v4.new_markdown_cell(text))
        source = cell.source
        if name in NOTEBOOK_ARGV and "main(script_argv())" in source:
            source = source.replace("main(script_argv())", f"main({NOTEBOOK_ARGV[name]!r})")
        cells.append(nbformat.v4.new_code_cell(source))
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                        "language": "python"},
                         "language_info": {"name": "python"}}
    for index, cell in enumerate(notebook.cells):
        cell.id = f"{name}-{index}"  # stable ids: the same notebook from the same example
    return notebook


def execute(notebook, timeout=1800):
    """Run every cell in a fresh kernel from notebooks/; the notebook gains its outputs."""
    from nbclient import NotebookClient

    client = NotebookClient(notebook, timeout=timeout, kernel_name="python3",
                            record_timing=False,
                            resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()
    for cell in notebook.cells:  # what varies from run to run is not stored
        cell.metadata.pop("execution", None)
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                # A warning names the kernel's temporary file for the cell
                output["text"] = KERNEL_FILE.sub("<cell>", output["text"])
    notebook.metadata.pop("widgets", None)
    return merge_streams(notebook)


def merge_streams(notebook):
    """One output for each run of stdout (or stderr) text in a cell: the kernel cuts a
    cell's printing into pieces at other places every run."""
    for cell in notebook.cells:
        merged = []
        for output in cell.get("outputs", []):
            if (merged and output.get("output_type") == "stream"
                    and merged[-1].get("output_type") == "stream"
                    and merged[-1]["name"] == output["name"]):
                merged[-1]["text"] += output["text"]
            else:
                merged.append(output)
        if cell.cell_type == "code":
            cell.outputs = merged
    return notebook


def sources(notebook):
    """(type, text) of each cell: what --check compares."""
    return [(cell.cell_type, cell.source) for cell in notebook.cells]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="examples to make (default: all)")
    parser.add_argument("--check", action="store_true",
                        help="compare the stored notebooks' cells with today's examples")
    args = parser.parse_args(argv)
    import nbformat

    names = args.names or example_names()
    stale = []
    for name in names:
        path = NOTEBOOKS / f"{name}.ipynb"
        notebook = build(name)
        if args.check:
            if not path.exists() or sources(nbformat.read(path, as_version=4)) != sources(notebook):
                stale.append(name)
            continue
        print(f"executing {name} ...", flush=True)
        nbformat.write(execute(notebook), path)
    if args.check:
        if stale:
            print("out of date (run python scripts/make_notebooks.py " + " ".join(stale) + "):")
            for name in stale:
                print(f"  notebooks/{name}.ipynb")
            return 1
        print(f"{len(names)} notebooks match the examples")
    return 0


if __name__ == "__main__":
    sys.exit(main())
