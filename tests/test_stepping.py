"""``python -m purenn step``: pdb on a chapter script, with purenn's machinery skipped.

The learner's promise (issue 8, item 4): from the line ``dense1.forward(X)``, at most 12
presses of pdb's ``s`` reach the multiply in the python engine's dot product; from
``activation2.forward(dense2.output)``, at most 12 reach the exponential. The tests type the
commands into pdb (its stdin) and read what it prints, as a learner would see it.
"""
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from purenn.tools import stepping

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "tests" / "data" / "forward_pass.py"
MAX_STEPS = 12
# How many `s` the tests type after the breakpoint: far more than the bound, so that a count
# that grew is measured, not cut off
STEPS_TYPED = 400

# pdb's stop header: "> /path/file.py(12)function()"
_STOP = re.compile(r"^> (?P<file>.+)\((?P<line>\d+)\)(?P<function>[^(]+)\(\)")
# A product of two names, as in "total += input * weight" (not "**", not a comment)
_MULTIPLY = re.compile(r"[\w\]\)]\s*\*\s*[\w(\[]")


# A call of exp, as in "exp_values.append(math.exp(x))"
_EXP = re.compile(r"\bexp\(")


def script_line(text):
    """The line number of the first line of SCRIPT that is ``text``."""
    lines = SCRIPT.read_text().splitlines()
    return lines.index(text) + 1


def pdb_session(commands, script=SCRIPT, args=()):
    """Run ``script`` (with ``args``) under purenn's stepper with ``commands`` typed in; what
    pdb printed."""
    out = io.StringIO()
    stepping.run_script(str(script), list(args), stdin=io.StringIO("\n".join(commands) + "\n"),
                        stdout=out, readrc=False)
    return out.getvalue()


def stops(transcript):
    """Every place pdb stopped, in order: (file, line, function, source line, the function
    around it: the function itself, or for a comprehension the function it runs in)."""
    lines = transcript.splitlines()
    found, around = [], None
    for i, line in enumerate(lines):
        match = _STOP.match(line.replace("(purenn-step) ", ""))
        if not match:
            continue
        function = match["function"]
        if not function.startswith("<") or function == "<module>":
            around = function
        source = lines[i + 1][3:] if i + 1 < len(lines) and lines[i + 1].startswith("-> ") else ""
        found.append((match["file"], int(match["line"]), function, source, around))
    return found


def computes(source, pattern):
    """True if the line ``source`` computes ``pattern``, not a line that only defines a
    function or makes a generator (whose loop runs later, in another frame)."""
    code = source.split("#")[0].strip()
    if code.startswith("def ") or not pattern.search(code):
        return False
    return not re.search(r"^\w+ = \(.* for ", code)


def steps_until(line_text, pattern, inside=None):
    """How many `s` from the breakpoint at SCRIPT's ``line_text`` to a line of the python
    engine that computes ``pattern`` (in its function ``inside``, if given); None if
    STEPS_TYPED steps do not get there. Also the transcript."""
    commands = [f"b {SCRIPT}:{script_line(line_text)}", "c"] + ["s"] * STEPS_TYPED + ["q"]
    transcript = pdb_session(commands)
    places = stops(transcript)
    # The first stop is the script's first line, the second the breakpoint
    assert places[1][:2] == (str(SCRIPT), script_line(line_text)), transcript[:2000]
    for step, (filename, _, _, source, around) in enumerate(places[2:], start=1):
        if (filename.endswith("python_engine.py") and inside in (None, around)
                and computes(source, pattern)):
            return step, transcript
    return None, transcript


def first_lines(transcript, n=60):
    return "\n".join(transcript.splitlines()[:n])


def test_step_reaches_the_multiply_of_dense1_forward():
    steps, transcript = steps_until("dense1.forward(X)", _MULTIPLY, "dot")
    assert steps is not None and steps <= MAX_STEPS, (
        f"{steps} steps from dense1.forward(X) to the multiply (at most {MAX_STEPS}):\n"
        + first_lines(transcript))


def test_step_reaches_the_exponential_of_activation2_forward():
    steps, transcript = steps_until("activation2.forward(dense2.output)", _EXP)
    assert steps is not None and steps <= MAX_STEPS, (
        f"{steps} steps from activation2.forward(dense2.output) to the exp (at most "
        f"{MAX_STEPS}):\n" + first_lines(transcript))


def test_step_skips_the_checks_and_the_rounding():
    # Stepping from dense1.forward(X) never stops in purenn.engine.shapes, precision or config
    commands = [f"b {SCRIPT}:{script_line('dense1.forward(X)')}", "c"] + ["s"] * 60 + ["q"]
    machinery = {"shapes.py", "precision.py", "config.py"}
    visited = {Path(place[0]).name for place in stops(pdb_session(commands))}
    assert not visited & machinery


def test_step_computes_a_comprehension_as_one_line(tmp_path):
    # `s` on a comprehension's line goes to the next line, on every Python version (before
    # 3.12 a comprehension has a frame of its own; from 3.12 its line repeats in this one)
    script = tmp_path / "comprehension.py"
    script.write_text("values = [x * 2 for x in range(3)]\nprint(values)\n")
    out = io.StringIO()
    stepping.run_script(str(script), stdin=io.StringIO("s\np values\nq\n"), stdout=out,
                        readrc=False)
    assert [place[1] for place in stops(out.getvalue())] == [1, 2]
    assert "[0, 2, 4]" in out.getvalue()


def test_script_runs_as_main_with_its_arguments(tmp_path, capsys):
    script = tmp_path / "show_args.py"
    script.write_text("import sys\nprint(__name__, sys.argv[1:], sys.path[0])\n")
    out = io.StringIO()
    saved_argv, saved_path = sys.argv[:], sys.path[:]
    status = stepping.run_script(str(script), ["--epochs", "3"], stdout=out, readrc=False,
                                 stdin=io.StringIO("c\n"))
    assert status == 0
    assert capsys.readouterr().out == f"__main__ ['--epochs', '3'] {tmp_path}\n"
    # ... and the test's own argv and path are back
    assert (sys.argv, sys.path) == (saved_argv, saved_path)


def run_step(*args, stdin=""):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "purenn", "step", *args], input=stdin,
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)


def test_command_line_runs_the_script_under_pdb(tmp_path):
    script = tmp_path / "show_args.py"
    script.write_text("import sys\nprint(__name__, sys.argv[1:], sys.path[0])\n")
    result = run_step(str(script), "--epochs", "3", stdin="c\n")
    assert result.returncode == 0, result.stderr
    assert f"__main__ ['--epochs', '3'] {tmp_path}" in result.stdout
    assert "(purenn-step)" in result.stdout


def test_command_line_passes_on_the_scripts_exit_status(tmp_path):
    script = tmp_path / "exits.py"
    script.write_text("import sys\nsys.exit(3)\n")
    assert run_step(str(script), stdin="c\n").returncode == 3


@pytest.mark.parametrize("args, message", [
    ((), "the SCRIPT to run is missing"),
    (("no_such_script.py",), "SCRIPT 'no_such_script.py' does not exist"),
    (("tests",), "SCRIPT 'tests' is a folder, not a file"),
])
def test_command_line_usage_errors(args, message):
    result = run_step(*args)
    assert result.returncode == 2
    assert "usage: python -m purenn step SCRIPT [ARGS...]" in result.stderr
    assert message in result.stderr


def test_the_calculator_still_answers():
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-m", "purenn", "softmax", "2", "6", "12"],
                            capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0
    assert result.stdout.startswith("z:")
