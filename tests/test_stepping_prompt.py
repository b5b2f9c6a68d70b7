"""``python -m purenn step``'s prompt: ``p``, ``pp`` and ``show`` print as NumPy prints the book.

Issue 16, item 4: at the prompt ``p self.weights`` printed 17-digit floats on one
2,900-character line, ``pp locals()`` in the python engine's dot printed the batch twice
(27,000 characters), and ``show`` was a NameError in purenn's frames and gone after ``u``.
The tests type commands into pdb (its stdin) and read what it prints, as
tests/test_stepping.py does; each runs at float32 and float64. Where NumPy is installed,
its own text is the gold; the rest needs only the standard library.
"""
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

import purenn
from purenn.tools import stepping
from purenn.tools.printing import array_str

ROOT = Path(__file__).resolve().parents[1]
FORWARD_PASS = ROOT / "tests" / "data" / "forward_pass.py"
DTYPES = ["float32", "float64"]
# Python's repr of a float that float32 holds, with float64's digits: -0.013065268285572529
LONG_DIGITS = re.compile(r"\d\.\d{12,}")


def pdb_session(commands, script):
    """Run ``script`` under purenn's stepper with ``commands`` typed in; what pdb printed."""
    out = io.StringIO()
    stepping.run_script(str(script), stdin=io.StringIO("\n".join(commands) + "\n"),
                        stdout=out, readrc=False)
    return out.getvalue()


def replies(commands, script):
    """{command: what pdb printed after it} (for a command typed twice, the last time)."""
    transcript = pdb_session(commands, script)
    printed = [part.rstrip("\n") for part in transcript.split("(purenn-step) ")[1:]]
    assert len(printed) >= len(commands), transcript
    return dict(zip(commands, printed))


def forward_pass(tmp_path, dtype):
    """tests/data/forward_pass.py at ``dtype`` (the file is float32, as the book)."""
    if dtype == "float32":
        return FORWARD_PASS
    script = tmp_path / "forward_pass.py"
    text = FORWARD_PASS.read_text()
    assert "purenn.init()\n" in text
    script.write_text(text.replace("purenn.init()\n", 'purenn.init(dtype="float64")\n'))
    return script


def script_line(script, text):
    return Path(script).read_text().splitlines().index(text) + 1


def to_the_multiply(script):
    """Commands from the script's start to the multiply of the python engine's dot (the
    first inputs times the first weights), in dense1.forward(X)."""
    return [f"b {script_line(script, 'dense1.forward(X)')}", "c"] + ["s"] * 12


def the_network(dtype):
    """The chapter 4 objects of forward_pass.py, made the same way, for the gold values."""
    purenn.init(dtype=dtype, engine="python")
    X, y = purenn.spiral_data(samples=100, classes=3)
    dense1 = purenn.Layer_Dense(2, 3)
    return X, dense1


# --- p and pp of purenn's values -----------------------------------------------------------

@pytest.mark.parametrize("dtype", DTYPES)
def test_p_of_a_weight_prints_the_books_digits(tmp_path, dtype):
    script = forward_pass(tmp_path, dtype)
    commands = to_the_multiply(script) + ["p neuron_weights[i]", "q"]
    transcript = pdb_session(commands, script)
    assert "-> neuron_output += sample[i] * neuron_weights[i]" in transcript, transcript
    printed = replies(commands, script)
    _, dense1 = the_network(dtype)
    weight = dense1.weights[0][0]
    # float32: NumPy's np.float32 text, -0.013065268; float64: all of its digits
    gold = "-0.013065268" if dtype == "float32" else repr(weight)
    assert printed["p neuron_weights[i]"] == gold


@pytest.mark.parametrize("dtype", DTYPES)
def test_p_of_a_row_and_of_self_weights_prints_numpy_arrays(tmp_path, dtype):
    script = forward_pass(tmp_path, dtype)
    printed = replies(to_the_multiply(script) + ["p sample", "u", "p self.weights", "q"],
                      script)
    X, dense1 = the_network(dtype)
    assert printed["p sample"] == array_str(X[0]) == "[0. 0.]"
    weights = printed["p self.weights"]
    assert weights == array_str(dense1.weights)
    # Two rows of three weights, as NumPy prints them: not 17-digit floats on one line
    assert weights.count("\n") == 1 and not LONG_DIGITS.search(weights)
    if dtype == "float32":
        assert weights == ("[[-0.01306527  0.01658131 -0.00118164]\n"
                           " [-0.00680178  0.00666383 -0.0046072 ]]")


@pytest.mark.parametrize("dtype", DTYPES)
def test_pp_locals_in_dot_prints_the_batch_once_as_numpy_would(tmp_path, dtype):
    script = forward_pass(tmp_path, dtype)
    printed = replies(to_the_multiply(script) + ["pp locals()", "q"], script)["pp locals()"]
    X, _ = the_network(dtype)
    batch = array_str(X)
    # The batch (a, and samples, which is a) once, its rows under one another
    assert "'samples': <the same list as 'a'>" in printed, printed[:3000]
    assert "{'a': " + batch.replace("\n", "\n" + " " * 6) in printed
    assert printed.count(batch.splitlines()[1].strip()) == 1
    assert max(len(line) for line in printed.splitlines()) <= 80
    # 27,000 characters before (float32): the batch twice, 17 digits a value; now the
    # batch once, each row indented under "'a': ", and a few short lines for the rest
    assert len(printed) < len(batch) + 6 * len(X) + 1000
    if dtype == "float32":
        assert not LONG_DIGITS.search(printed)


def test_args_prints_the_arguments_as_p_does(tmp_path):
    script = tmp_path / "args.py"
    script.write_text("import purenn\npurenn.init()\n\n\ndef scale(rows, factor, *rest):\n"
                      "    return rows\n\n\n"
                      "scale([[0.5, 0.25], [1.0, 2.0]], 0.10000000149011612)\n")
    transcript = pdb_session(["b 6", "c", "a", "q"], script)
    assert ("rows = [[0.5  0.25]\n        [1.   2.  ]]\nfactor = 0.1\nrest = ()\n"
            in transcript), transcript


def test_floats_float32_cannot_hold_print_all_their_digits(tmp_path):
    # A product of two float32 numbers, as the dot product's running total, is float64
    # until it is rounded: p shows all of it
    script = tmp_path / "total.py"
    script.write_text("import purenn\npurenn.init()\nweight = 0.10000000149011612\n"
                      "total = weight * weight\npass\n")
    commands = ["b 5", "c", "p weight", "p total", "p [weight, total]", "p 0.1 + 0.2", "q"]
    printed = replies(commands, script)
    assert printed["p weight"] == "0.1"
    assert printed["p total"] == repr(0.10000000149011612 * 0.10000000149011612)
    # a float64 array: NumPy prints 8 decimals at most
    assert printed["p [weight, total]"] == "[0.1  0.01]"
    assert printed["p 0.1 + 0.2"] == "0.30000000000000004"


@pytest.mark.parametrize("dtype", DTYPES)
def test_long_arrays_are_summarised_as_numpy_does(tmp_path, dtype):
    script = tmp_path / "long.py"
    # Values at the working precision, as purenn makes them
    script.write_text(f'import purenn\npurenn.init(dtype="{dtype}")\n'
                      "ops = purenn.get_engine()\n"
                      "values = ops.to_list(ops.array([i / 7 for i in range(1001)]))\n"
                      "rows = ops.to_list(ops.array([[i / 7 + j for j in range(40)]\n"
                      "                              for i in range(30)]))\n"
                      "short = values[:1000]\n"
                      "pass\n")
    printed = replies(["b 8", "c", "p values", "p rows", "pp short", "q"], script)
    values, rows, short = printed["p values"], printed["p rows"], printed["pp short"]
    # NumPy 2.4's text (its notation depends on the ratio of the largest to the smallest)
    gold_start = {"float32": "[  0.           0.14285715   0.2857143  ... 142.57143",
                  "float64": "[0.00000000e+00 1.42857143e-01 2.85714286e-01 ..."}[dtype]
    assert values.startswith(gold_start), values
    assert " ... " in rows and "..." not in short
    assert rows.count("\n ...\n") == 1, rows  # 3 rows, "...", 3 rows
    np = pytest.importorskip("numpy")
    for text, value in ((values, [i / 7 for i in range(1001)]),
                        (rows, [[i / 7 + j for j in range(40)] for i in range(30)]),
                        (short, [i / 7 for i in range(1000)])):
        assert text == str(np.asarray(value, dtype=dtype))


def test_other_values_print_as_pdb_prints_them(tmp_path):
    script = tmp_path / "others.py"
    script.write_text("import purenn\npurenn.init()\nlabels = [0, 1, 2]\n"
                      "mixed = (0, 0.5, 'x', [1.5, 2.5], [[1, 2], [3]])\nname = 'dense1'\n"
                      "pass\n")
    commands = ["b 6", "c", "p labels", "pp name", "p mixed", "p {1: 2}", "q"]
    printed = replies(commands, script)
    assert [printed[command] for command in commands[2:6]] == [
        "[0, 1, 2]", "'dense1'", "(0, 0.5, 'x', [1.5 2.5], [[1, 2], [3]])", "{1: 2}"]


def test_the_value_a_function_returns_prints_with_numpys_digits(tmp_path):
    script = tmp_path / "returns.py"
    # Two float32 numbers (the nearest to 1/3 and 2/3) in Python floats
    script.write_text("import purenn\npurenn.init()\n\n\ndef third():\n"
                      "    return [[0.3333333432674408, 0.6666666865348816]]\n\n\nthird()\n")
    transcript = pdb_session(["b 9", "c", "s", "s", "q"], script)
    assert "third()->[[0.33333334, 0.6666667]]" in transcript, transcript


# --- show in every frame -------------------------------------------------------------------

@pytest.mark.parametrize("dtype", DTYPES)
def test_show_works_in_purenns_frames_and_after_up(tmp_path, dtype):
    script = forward_pass(tmp_path, dtype)
    commands = to_the_multiply(script) + [
        "show(sample)", "show(neuron_weights[i])", "p 'show' in globals()", "u",
        "show(self.weights)", "p 'show' in dir(purenn)", "q"]
    printed = replies(commands, script)
    _, dense1 = the_network(dtype)
    assert printed["show(sample)"] == "[0. 0.]"
    assert printed["show(neuron_weights[i])"] == array_str(dense1.weights[0][0])
    assert printed["show(self.weights)"] == array_str(dense1.weights)
    # show was not written into purenn's modules
    assert printed["p 'show' in globals()"] == "False"
    assert "show" not in vars(sys.modules["purenn.layers"])
    assert "show" not in vars(sys.modules["purenn.engine.python_engine"])


def test_the_scripts_own_show_comes_first(tmp_path):
    script = tmp_path / "own_show.py"
    script.write_text("def show(x):\n    print('mine', x)\n\n\nvalue = 2.5\npass\n")
    out = io.StringIO()
    stepping.run_script(str(script), stdin=io.StringIO("b 6\nc\nshow(value)\nq\n"),
                        stdout=out, readrc=False)
    assert "mine 2.5" in out.getvalue()


def test_an_assignment_at_the_prompt_changes_the_running_code(tmp_path, capfd):
    script = tmp_path / "assign.py"
    script.write_text("def scale(x):\n    factor = 2.0\n    return x * factor\n\n\n"
                      "print('scaled', scale(1.5))\n")
    printed = replies(["b 3", "c", "!factor = 10.0", "p factor", "c"], script)
    assert printed["p factor"] == "10.0"
    assert "scaled 15.0" in capfd.readouterr().out


def test_an_error_at_the_prompt_is_pdbs():
    commands = ["p no_such_name", "show(no_such_name)", "q"]
    printed = replies(commands, FORWARD_PASS)
    assert printed[commands[0]] == printed[commands[1]] == (
        "*** NameError: name 'no_such_name' is not defined")


# --- b FILE:LINE and the session script ----------------------------------------------------

def test_a_breakpoint_in_purenns_files_from_any_folder(tmp_path):
    # The script's folder is not the clone: pdb alone answers "not found from sys.path"
    script = tmp_path / "forward.py"
    script.write_text(FORWARD_PASS.read_text())
    line = script_line(ROOT / "purenn" / "layers.py",
                       "        self.output = self.ops.add(self.ops.dot(inputs, weights), biases)")
    transcript = pdb_session([f"b purenn/layers.py:{line}", "c", "q"], script)
    assert f"layers.py({line})forward()" in transcript, transcript


def test_the_readme_sessions_go_as_planned():
    # scripts/stepping_session.py types the README's sessions; --check fails when a step
    # does not reach its line or pdb prints an error
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "stepping_session.py"),
                             "--check"], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "$ python -m purenn step tests/data/binary_pass.py" in result.stdout
    assert str(ROOT) not in result.stdout


def test_next_computes_a_comprehension_as_one_line(tmp_path):
    # From Python 3.12 a comprehension's line reports each of its turns; `n` on it goes to
    # the next line at once, as `s` does (tests/test_stepping.py), on every version
    script = tmp_path / "comprehension.py"
    script.write_text("def double(row):\n    factor = 2.0\n"
                      "    doubled = [x * factor for x in row]\n"
                      "    return doubled\n\n\ndouble([1.5, 2.5])\n")
    transcript = pdb_session(["b 2", "c", "n", "n", "p doubled", "q"], script)
    assert "(4)double()\n-> return doubled" in transcript, transcript
    assert "[3. 5.]" in transcript
