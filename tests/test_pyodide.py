"""purenn in Pyodide (CPython for WebAssembly, the page's Python) under Node prints what it
prints on this machine's CPython, character for character: the chapter 2-5 and 9 examples, a
short chapter 10 run with its SVG picture, and calculator commands, run by
purenn.tools.browser as the page's worker runs them (tests/pyodide_run.mjs).

Slow tier: Pyodide starts in 2-25 s and the chapter 10 run takes about twice CPython's time
there. Skipped, with the reason, without Node or the npm package pyodide (.ci/run installs
both where it can).
"""
import json
import shlex
import shutil
import subprocess
import sys

import pytest

from browser import ROOT, pyodide_folder, pyodide_missing
from purenn.tools.web import purenn_files

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(pyodide_missing() is not None, reason=str(pyodide_missing()))]

EXAMPLES = [("ch02_neurons", ""), ("ch03_layers", "--plot picture.svg"),
            ("ch04_activations", ""), ("ch05_loss", ""), ("ch09_backpropagation", ""),
            ("ch10_optimizers", "--epochs 201 --optimizer adam --plot picture.svg")]
COMMANDS = ["softmax 1 2 3 --steps", "cross-entropy 0.7 0.1 0.2 --target 0 --steps",
            "neuron --inputs 1 2 3 2.5 --weights 0.2 0.8 -0.5 1 --bias 2",
            "derivative '2*x**2' --at 1",
            "backprop-neuron --inputs 1 -2 3 --weights -3 -1 2 --bias 1",
            "lr-decay --decay 0.1 --until 20", "softmax 1 two 3", "sigmoid --help"]
# A learner's own code: README's forward pass, with an error at the end (a traceback)
CODE = (ROOT / "tests" / "data" / "forward_pass.py").read_text() + "purenn.show(X[300])\n"
JOBS = ([{"kind": "example", "name": name, "args": args} for name, args in EXAMPLES]
        + [{"kind": "command", "command": command} for command in COMMANDS]
        + [{"kind": "code", "source": CODE, "name": "your code"}])


@pytest.fixture(scope="module")
def clone(tmp_path_factory):
    """purenn's files as the page copies them into Pyodide (purenn/, examples/), in a
    folder of their own: CPython runs there too, so that paths print the same."""
    folder = tmp_path_factory.mktemp("clone")
    for name in purenn_files():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / name, folder / name)
    return folder


@pytest.fixture(scope="module")
def pyodide_runs(clone, tmp_path_factory):
    jobs_file = tmp_path_factory.mktemp("jobs") / "jobs.json"
    jobs_file.write_text(json.dumps({"root": str(clone), "files": purenn_files(),
                                     "jobs": JOBS}))
    node = subprocess.run(["node", str(ROOT / "tests" / "pyodide_run.mjs"),
                           str(pyodide_folder().resolve()), str(jobs_file)],
                          capture_output=True, text=True, timeout=900)
    assert node.returncode == 0, node.stderr
    report = json.loads(node.stdout)
    print(f"\nPython {report['python']} in Pyodide {report['pyodide']}: start-up "
          f"{report['startup']:.1f} s; " + ", ".join(
              f"{job.get('name') or job.get('command')}: {result['seconds']:.1f} s"
              for job, result in zip(JOBS, report["results"])))
    return report


def cpython_run(clone, job):
    """The same job on this CPython, in the same folder: (stdout, stderr, status, picture)."""
    picture = clone / "picture.svg"
    if picture.exists():
        picture.unlink()
    if job["kind"] == "example":
        argv = [f"examples/{job['name']}.py"] + shlex.split(job["args"])
    elif job["kind"] == "command":
        argv = ["-m", "purenn"] + shlex.split(job["command"])
    else:
        (clone / "your_code.py").write_text(job["source"])
        argv = ["your_code.py"]
    done = subprocess.run([sys.executable] + argv, cwd=clone, capture_output=True, text=True,
                          timeout=600, env={"PATH": "/usr/bin:/bin", "PYTHONHASHSEED": "0"})
    svg = picture.read_text(encoding="utf-8") if picture.exists() else None
    return done.stdout, done.stderr, done.returncode, svg


def without_timing(text):
    """Chapter 9's output with its timeit ratio (the line before the full model's heading),
    which depends on the machine and its load, replaced by a placeholder."""
    lines = text.split("\n")
    k = lines.index("== Backpropagation: the full model ==") - 1
    assert float(lines[k]) > 0, f"not the timeit ratio: {lines[k]!r}"
    lines[k] = "<timeit ratio>"
    return "\n".join(lines)


def frames(traceback):
    """A traceback's "File ..., line N" lines and its last line."""
    lines = traceback.splitlines()
    return [line for line in lines if line.startswith("  File ")] + lines[-1:]


def test_pyodide_fetches_nothing(pyodide_runs):
    # The npm package holds Python and its standard library: nothing comes from the network
    assert pyodide_runs["fetched"] == []


@pytest.mark.parametrize("k", range(len(JOBS)),
                         ids=[job.get("name") or job.get("command") for job in JOBS])
def test_pyodide_prints_what_cpython_prints(pyodide_runs, clone, k):
    job, mine = JOBS[k], pyodide_runs["results"][k]
    gold_stdout, gold_stderr, gold_status, gold_picture = cpython_run(clone, job)
    assert gold_stdout or gold_stderr, "CPython printed nothing: the comparison proves nothing"
    # The clone is /purenn in Pyodide (warnings name the script's absolute path)
    gold_stderr = gold_stderr.replace(str(clone), "/purenn")
    if job.get("name") == "ch09_backpropagation":
        mine["stdout"], gold_stdout = without_timing(mine["stdout"]), without_timing(gold_stdout)
    assert mine["stdout"] == gold_stdout
    if job["kind"] == "code":
        # A traceback's carets differ between Python versions (Pyodide's is 3.14): its
        # frames and its last line must not
        mine["stderr"], gold_stderr = frames(mine["stderr"]), frames(gold_stderr)
    assert mine["stderr"] == gold_stderr
    assert mine["status"] == gold_status
    if job["kind"] == "code":
        assert gold_stderr[-1].startswith("IndexError") and gold_status == 1
    assert mine["picture"] == gold_picture
    if "--plot" in job.get("args", ""):
        assert gold_picture is not None and gold_picture.startswith("<?xml")
