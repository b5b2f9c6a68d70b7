"""``python -m purenn``, the teaching calculator (purenn/calculator.py).

Each command is run in-process through ``main(argv)`` (fast), and once more as
``python -m purenn`` in a subprocess from the repository root, which must print the same
text. The golds: an online softmax calculator's digits, the book's printed values
(tests/data/book_values.json), and Python's own float arithmetic (math.exp, math.log, /)
for the intermediate steps. Bad input must give a usage error naming the problem, exit
status 2, and no traceback.
"""
import ast
import math
import pathlib
import subprocess
import sys

import pytest

from purenn.calculator import main
from purenn.printing import array_str

from book import ENTRIES, assert_matches_book

REPO_ROOT = pathlib.Path(__file__).resolve().parent.parent

# The book's chapter 2 layer, and its chapter 9 neuron
INPUTS = ["1", "2", "3", "2.5"]
WEIGHT_ROWS = ["0.2,0.8,-0.5,1", "0.5,-0.91,0.26,-0.5", "-0.26,-0.27,0.17,0.87"]
BIASES = ["2", "3", "0.5"]
BOOK_NEURON = ["backprop-neuron", "--inputs", "1", "-2", "3", "--weights", "-3", "-1", "2",
               "--bias", "1"]


def calculate(capsys, *argv):
    """What main(argv) prints; it must return 0 and print nothing on stderr."""
    status = main(list(argv))
    out, err = capsys.readouterr()
    assert (status, err) == (0, ""), f"main{argv} returned {status}, stderr:\n{err}"
    return out


def run_module(*argv):
    """``python -m purenn argv`` from the repository root: (exit status, stdout, stderr)."""
    done = subprocess.run([sys.executable, "-m", "purenn", *argv], cwd=REPO_ROOT,
                          capture_output=True, text=True, timeout=60)
    return done.returncode, done.stdout, done.stderr


def field(output, label):
    """The value printed on the line 'label: value' (a number, a list, or text)."""
    for line in output.splitlines():
        if line.startswith(label + ":"):
            text = line[len(label) + 1:].strip()
            try:
                return ast.literal_eval(text)
            except (ValueError, SyntaxError):
                return text
    raise AssertionError(f"no line {label!r} in:\n{output}")


def step_lines(output, start):
    """The (stripped) lines that start with ``start``."""
    return [line.strip() for line in output.splitlines() if line.strip().startswith(start)]


def result_of(line):
    """The value after the last ' = ' of a step line, as a float."""
    return float(line.rsplit(" = ", 1)[1].split()[0])


# --- softmax (chapter 4) -------------------------------------------------------------------

def test_softmax_agrees_with_a_softmax_calculator_to_its_14_digits(capsys):
    out = calculate(capsys, "softmax", "2", "6", "12")
    mine = field(out, "probabilities")
    gold = ["4.5285621964412e-05", "0.0024725111823572", "0.99748220319568"]
    # Tolerance: equal after rounding ours to the calculator's 14 significant digits
    assert [float(f"{p:.14g}") for p in mine] == [float(g) for g in gold], (mine, gold)


def test_softmax_prints_the_raw_exponentials_and_their_sum(capsys):
    out = calculate(capsys, "softmax", "2", "6", "12")
    assert field(out, "z") == [2.0, 6.0, 12.0]
    # Exact: e**z is math.exp(z), correctly rounded float64
    assert field(out, "exponentials e**z") == [math.exp(2), math.exp(6), math.exp(12)]
    # The sum is added in order (0.0 + a + b + c): exact against that order
    assert field(out, "sum of exponentials") == 0.0 + math.exp(2) + math.exp(6) + math.exp(12)


def test_softmax_prints_the_books_chapter_4_values(capsys):
    # The book's np.exp of [4.8, 1.21, 2.385] and its normalized values, printed by
    # NumPy at 8 decimals: exactly the text the book's code prints today
    out = calculate(capsys, "softmax", "4.8", "1.21", "2.385")
    printed = ("exponentiated values:\n" + array_str(field(out, "exponentials e**z"), "float64")
               + "\nnormalized exponentiated values:\n"
               + array_str(field(out, "probabilities"), "float64"))
    gold = ENTRIES["ch04-softmax-numpy"]["today_output_nosimd"].rsplit("\n", 1)[0]
    assert printed == gold, f"\n--- mine ---\n{printed}\n--- gold ---\n{gold}"


def test_softmax_of_shifted_scores_is_the_books_class_output(capsys):
    # Activation_Softmax on [1, 2, 3] and on [-2, -1, 0] (the book: the same probabilities)
    for argv, entry_id in ((["1", "2", "3"], "ch04-softmax-class-123"),
                           (["--", "-2", "-1", "0"], "ch04-softmax-class-shifted")):
        out = calculate(capsys, "softmax", *argv)
        assert_matches_book(entry_id, array_str([field(out, "probabilities")], "float64"))


def test_softmax_steps_subtract_the_max_and_divide(capsys):
    out = calculate(capsys, "softmax", "2", "6", "12", "--steps")
    assert "  max(z) = 12.0" in out.splitlines()
    assert step_lines(out, "z[") == ["z[0] - max(z) = 2.0 - 12.0 = -10.0",
                                     "z[1] - max(z) = 6.0 - 12.0 = -6.0",
                                     "z[2] - max(z) = 12.0 - 12.0 = 0.0"]
    # Exact: each exponential is math.exp of the shifted score
    assert [result_of(line) for line in step_lines(out, "exp(")] == \
        [math.exp(-10.0), math.exp(-6.0), math.exp(0.0)]
    # Exact: each p[i] line is its two printed numbers divided, and is the result printed
    divisions = step_lines(out, "p[")
    for line in divisions:
        numerator, denominator = line.split(" = ")[1].split(" / ")
        assert result_of(line) == float(numerator) / float(denominator), line
    assert [result_of(line) for line in divisions] == field(out, "probabilities")


def test_softmax_of_large_scores_overflows_only_the_raw_exponentials(capsys):
    out = calculate(capsys, "softmax", "1000", "1001")
    assert field(out, "exponentials e**z") == "[inf, inf]"
    assert "overflows float64" in out
    # Tolerance 1e-15: the softmax of [0, 1], from math.exp
    gold = [1 / (1 + math.e), math.e / (1 + math.e)]
    assert all(abs(p - g) < 1e-15 for p, g in zip(field(out, "probabilities"), gold))


# --- cross-entropy (chapter 5) -------------------------------------------------------------

def test_cross_entropy_one_hot_is_the_books(capsys):
    out = calculate(capsys, "cross-entropy", "0.7", "0.1", "0.2", "--one-hot", "1", "0", "0")
    assert_matches_book("ch05-cce-python", repr(field(out, "loss")))
    assert field(out, "target y (one-hot)") == "[1.0, 0.0, 0.0] (class 0)"
    assert field(out, "clipped p[0]").startswith("0.7 ")


def test_cross_entropy_sparse_target_gives_the_same_loss(capsys):
    out = calculate(capsys, "cross-entropy", "0.7", "0.1", "0.2", "--target", "0")
    assert field(out, "target class") == 0
    assert_matches_book("ch05-cce-simplified", repr(field(out, "-log(p[0])")))
    assert_matches_book("ch05-cce-python", repr(field(out, "loss")))


def test_cross_entropy_clips_0_and_1(capsys):
    # The book: -np.log(1e-7) and -np.log(1-1e-7), the losses at the clipping bounds
    out = calculate(capsys, "cross-entropy", "0", "1", "--target", "0")
    assert_matches_book("ch05-neg-log-1e-7", repr(field(out, "loss")))
    out = calculate(capsys, "cross-entropy", "0", "1", "--target", "1")
    # The book's text lost a digit here (a typo); today's output has them all
    assert_matches_book("ch05-neg-log-1m1e-7", repr(field(out, "loss")),
                        gold="today_output_nosimd")


def test_cross_entropy_steps_show_every_term(capsys):
    out = calculate(capsys, "cross-entropy", "0.7", "0.1", "0.2", "--one-hot", "1", "0", "0",
                    "--steps")
    terms = step_lines(out, "y[")
    assert len(terms) == 3
    # Exact: each term is y * math.log(p), as Python computes it
    for i, (y, p, line) in enumerate(zip([1.0, 0.0, 0.0], [0.7, 0.1, 0.2], terms)):
        assert line.startswith(f"y[{i}] * log(p[{i}]) = {y!r} * log({p!r}) = "
                               f"{y!r} * {math.log(p)!r} = ")
        assert result_of(line) == y * math.log(p)
    assert result_of(step_lines(out, "-sum")[0]) == -math.log(0.7)


# --- neuron and layer (chapter 2) ----------------------------------------------------------

def test_neuron_is_the_books(capsys):
    out = calculate(capsys, "neuron", "--inputs", "1", "2", "3", "--weights", "0.2", "0.8",
                    "-0.5", "--bias", "2")
    assert_matches_book("ch02-neuron-3-inputs", repr(field(out, "output")))
    out = calculate(capsys, "neuron", "--inputs", *INPUTS, "--weights", WEIGHT_ROWS[0],
                    "--bias", "2")
    assert_matches_book("ch02-neuron-4-inputs", repr(field(out, "output")))


def test_neuron_steps_show_the_products_and_the_running_sum(capsys):
    out = calculate(capsys, "neuron", "--inputs", *INPUTS, "--weights", WEIGHT_ROWS[0],
                    "--bias", "2", "--steps")
    products = step_lines(out, "inputs[")
    assert products[2] == ("inputs[2] * weights[2] = 3.0 * -0.5 = -1.5   "
                           "(sum so far 0.30000000000000004)")
    # Exact: the running sums are Python's 0.0 + 0.2 + 1.6 + ... in order
    running = 0.0
    for line, (x, w) in zip(products, [(1.0, 0.2), (2.0, 0.8), (3.0, -0.5), (2.5, 1.0)]):
        running += x * w
        assert line.endswith(f"(sum so far {running!r})")
    assert step_lines(out, "sum + bias") == [f"sum + bias = {running!r} + 2.0 = {running + 2.0!r}"]
    assert field(out, "output") == running + 2.0


def test_layer_is_the_books(capsys):
    out = calculate(capsys, "layer", "--inputs", *INPUTS, "--weights", *WEIGHT_ROWS,
                    "--biases", *BIASES)
    assert_matches_book("ch02-layer-3-neurons", repr(field(out, "outputs")))
    assert field(out, "neuron 1") == "weights [0.5, -0.91, 0.26, -0.5], bias 3.0 -> 1.21"


def test_layer_weight_rows_can_be_repeated_or_spaced(capsys):
    gold = calculate(capsys, "layer", "--inputs", *INPUTS, "--weights", *WEIGHT_ROWS,
                     "--biases", *BIASES)
    repeated = [word for row in WEIGHT_ROWS for word in ("--weights", row)]
    spaced = [row.replace(",", " ") for row in WEIGHT_ROWS]
    for argv in (["--inputs", *INPUTS, *repeated, "--biases", *BIASES],
                 ["--inputs", ",".join(INPUTS), "--weights", *spaced, "--biases", *BIASES],
                 ["--inputs=1,2,3,2.5", "--weights=0.2,0.8,-0.5,1",
                  "--weights=0.5,-0.91,0.26,-0.5", "--weights=-0.26,-0.27,0.17,0.87",
                  "--biases=2,3,0.5"]):
        assert calculate(capsys, "layer", *argv) == gold, argv


def test_layer_steps_show_each_neurons_sum(capsys):
    out = calculate(capsys, "layer", "--inputs", *INPUTS, "--weights", *WEIGHT_ROWS,
                    "--biases", *BIASES, "--steps")
    sums = step_lines(out, "sum + bias")
    assert [result_of(line) for line in sums] == field(out, "outputs")
    assert len(step_lines(out, "inputs[")) == 12


# --- derivative (chapter 7) ----------------------------------------------------------------

def test_derivative_of_2x_squared_at_1_is_the_books(capsys):
    out = calculate(capsys, "derivative", "2*x**2", "--at", "1")
    assert field(out, "f(x)") == "2 * x ** 2"
    assert_matches_book("ch07-approx-derivative-x1", repr(field(out, "approximate derivative")))


def test_derivative_steps_give_the_books_tangent_points(capsys):
    out = calculate(capsys, "derivative", "2*x**2", "--at", "2", "--steps")
    values = {line.split(" = ")[0]: result_of(line) for line in step_lines(out, "")
              if line[:2] in ("x1", "y1", "x2", "y2")}
    slope = field(out, "approximate derivative")
    printed = (f"{(values['x1'], values['y1'])} {(values['x2'], values['y2'])}\n"
               f"Approximate derivative for f(x) where x = {values['x1']} is {slope}")
    # The book's text has a typo in y2 (a digit lost); today's output has the digits
    assert_matches_book("ch07-tangent-x2", printed, gold="today_output_nosimd")


def test_derivative_tangent_line_is_y_slope_x_plus_b(capsys):
    out = calculate(capsys, "derivative", "2*x**2", "--at", "1", "--steps")
    slope, b = field(out, "approximate derivative"), field(out, "intercept b")
    # Exact: b = y2 - slope * x2, in Python float64, from the printed points
    y2 = result_of(step_lines(out, "y2 = f(x2)")[0])
    x2 = result_of(step_lines(out, "x2 = ")[0])
    assert b == y2 - slope * x2
    assert field(out, "tangent line") == f"y = {slope!r} * x - {-b!r}"


def test_derivative_takes_math_functions_and_negative_numbers(capsys):
    out = calculate(capsys, "derivative", "-x**2 + sin(x)", "--at", "-1e-3", "--delta", "1e-6")
    x, delta = -1e-3, 1e-6
    f = lambda v: -v ** 2 + math.sin(v)  # noqa: E731 (the gold, in Python)
    # Exact: the book's formula, in Python float64
    assert field(out, "approximate derivative") == (f(x + delta) - f(x)) / ((x + delta) - x)


# --- backprop-neuron (chapter 9) -----------------------------------------------------------

def test_backprop_neuron_is_the_books_walkthrough(capsys):
    out = calculate(capsys, *BOOK_NEURON)
    assert field(out, "z = x.w + b") == 6.0
    assert_matches_book("ch09-relu-y", f"-3.0 2.0 6.0 1.0\n6.0\n{field(out, 'y = max(z, 0)')}")
    assert (field(out, "dx"), field(out, "dw"), field(out, "db")) == \
        ([-3.0, -1.0, 2.0], [1.0, -2.0, 3.0], 1.0)
    assert_matches_book("ch09-w-b-after",
                        f"{field(out, 'w after the update')} {field(out, 'b after the update')}")
    assert_matches_book("ch09-forward-after-update", repr(field(out, "y after the update")))


def test_backprop_neuron_steps_are_the_books_partial_derivatives(capsys):
    out = calculate(capsys, *BOOK_NEURON, "--steps")
    value = {line.split(" = ")[0]: result_of(line) for line in step_lines(out, "drelu_")}
    printed = "\n".join([
        str(value["drelu_dz"]),
        " ".join(str(value[name]) for name in
                 ["drelu_dxw[0]", "drelu_dxw[1]", "drelu_dxw[2]", "drelu_db"]),
        " ".join(str(value[f"drelu_{d}[{i}]"]) for i in range(3) for d in ("dx", "dw"))])
    assert_matches_book("ch09-drelu-all", printed)
    assert step_lines(out, "w[0] = ") == ["w[0] = w[0] + -learning_rate * dw[0] = "
                                          "-3.0 + -0.001 * 1.0 = -3.001"]


def test_backprop_neuron_with_a_negative_sum_passes_no_gradient(capsys):
    # ReLU's derivative is 0 where z <= 0: nothing reaches the weights, which stay
    out = calculate(capsys, "backprop-neuron", "--inputs", "1", "--weights", "-2", "--bias",
                    "0.5", "--dvalue", "3", "--lr", "0.1")
    assert field(out, "z = x.w + b") == -1.5
    assert (field(out, "dw"), field(out, "db")) == ([0.0], 0.0)
    assert field(out, "w after the update") == [-2.0]


# --- lr-decay (chapter 10) -----------------------------------------------------------------

def rates(output):
    return [float(line.split(": ")[1]) for line in step_lines(output, "step ")]


def test_lr_decay_prints_the_books_loop(capsys):
    out = calculate(capsys, "lr-decay", "--lr", "1", "--decay", "0.1", "--steps", "20")
    assert_matches_book("ch10-lr-decay-loop", "\n".join(repr(rate) for rate in rates(out)))
    out = calculate(capsys, "lr-decay", "--decay", "0.1", "--steps", "21")
    assert_matches_book("ch10-lr-decay-step1", repr(rates(out)[1]))
    assert_matches_book("ch10-lr-decay-step20", repr(rates(out)[20]))


def test_lr_decay_show_steps_gives_the_formula_and_the_same_rates(capsys):
    plain = calculate(capsys, "lr-decay", "--lr", "0.5", "--decay", "0.01", "--steps", "5")
    out = calculate(capsys, "lr-decay", "--lr", "0.5", "--decay", "0.01", "--steps", "5",
                    "--show-steps")
    lines = step_lines(out, "step ")
    assert [result_of(line) for line in lines] == rates(plain)
    # Exact: the book's formula, in Python float64
    for step, line in enumerate(lines):
        assert result_of(line) == 0.5 * (1. / (1. + 0.01 * step)), line
        assert f"(1. / (1. + 0.01 * {step}))" in line


# --- the module as a program ---------------------------------------------------------------

EXAMPLES = [
    ["softmax", "2", "6", "12", "--steps"],
    ["cross-entropy", "0.7", "0.1", "0.2", "--target", "0", "--steps"],
    ["neuron", "--inputs", *INPUTS, "--weights", WEIGHT_ROWS[0], "--bias", "2"],
    ["layer", "--inputs", *INPUTS, "--weights", *WEIGHT_ROWS, "--biases", *BIASES],
    ["derivative", "2*x**2", "--at", "1"],
    BOOK_NEURON + ["--steps"],
    ["lr-decay", "--lr", "1", "--decay", "0.1", "--steps", "20"],
]


@pytest.mark.parametrize("argv", EXAMPLES, ids=lambda argv: argv[0])
def test_python_m_purenn_prints_what_main_prints(capsys, argv):
    gold = calculate(capsys, *argv)
    status, out, err = run_module(*argv)
    assert (status, err) == (0, "")
    assert out == gold


def test_help_lists_every_command(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for name in ("softmax", "cross-entropy", "neuron", "layer", "derivative",
                 "backprop-neuron", "lr-decay"):
        assert name in out


def test_a_reader_that_stops_early_gets_no_traceback():
    # 100000 lines fill the pipe; the reader takes one line and closes it
    process = subprocess.Popen([sys.executable, "-m", "purenn", "lr-decay", "--decay", "0.1",
                                "--steps", "100000"], cwd=REPO_ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    first = process.stdout.readline()
    process.stdout.close()
    err = process.stderr.read()
    process.wait(timeout=60)
    assert first.startswith("learning rate:")
    # 1: the output was cut short (0 only if it all fitted in the pipe before the close)
    assert process.returncode in (0, 1)
    assert "Traceback" not in err and "Exception" not in err, err


# --- bad input: a usage error naming the problem, exit status 2, no traceback --------------

BAD_INPUT = [
    (["softmax", "2", "abc"], "argument Z: 'abc' is not a number"),
    (["softmax", "1,x,3"], "argument Z: 'x' is not a number (in '1,x,3')"),
    (["softmax", "nan"], "argument Z: 'nan' is not a finite number"),
    (["softmax", "1e400"], "argument Z: '1e400' is too large for float64"),
    (["softmax"], "the following arguments are required: Z"),
    (["neuron", "--inputs", "1", "2", "--weights", "1", "--bias", "0"],
     "--inputs has 2 values but --weights has 1: one weight per input"),
    (["neuron", "--inputs", "1", "--weights", "1", "--bias", "b"],
     "argument --bias: 'b' is not a number"),
    (["neuron", "--inputs", "1", "--weights", "1"],
     "the following arguments are required: --bias"),
    (["layer", "--inputs", "1", "2", "--weights", "1", "2", "--biases", "0", "0"],
     "--weights row 0 has 1 value but there are 2 inputs"),
    (["layer", "--inputs", "1", "2", "--weights", "1,2", "3,4", "--biases", "0"],
     "--weights has 2 rows (neurons) but --biases has 1 value: one bias per neuron"),
    (["derivative", "2*y", "--at", "1"], "the name 'y' is not allowed"),
    (["derivative", "__import__('os').system('echo hi')", "--at", "1"],
     "attribute access ('.') is not allowed"),
    (["derivative", "x^2", "--at", "1"], "'^' is not a power here: write x**2"),
    (["derivative", "2x", "--at", "1"], "cannot read '2x' as an expression"),
    (["derivative", "log(x)", "--at", "0"], "log(x) cannot be evaluated at x = 0.0"),
    (["derivative", "x", "--at", "1", "--delta", "0"], "delta 0.0 is too small for x = 1.0"),
    (["derivative", "x"], "the following arguments are required: --at"),
    (["cross-entropy", "0.7", "0.1", "0.2", "--target", "3"],
     "--target 3 is out of range: there are 3 classes, so the target is a class index "
     "from 0 to 2"),
    (["cross-entropy", "0.7", "0.1", "0.2", "--target", "-1"], "--target -1 is out of range"),
    (["cross-entropy", "0.7", "0.1", "0.2", "--target", "1.5"],
     "argument --target: '1.5' is not a class index"),
    (["cross-entropy", "0.7", "0.1", "0.2"],
     "one of the arguments --target --one-hot is required"),
    (["cross-entropy", "0.7", "0.1", "0.2", "--target", "0", "--one-hot", "1", "0", "0"],
     "argument --one-hot: not allowed with argument --target"),
    (["cross-entropy", "0.7", "0.1", "0.5", "--target", "0"],
     "the predictions add up to 1.3, not 1: they are not a probability distribution"),
    (["cross-entropy", "2", "6", "12", "--target", "0"],
     "the predictions must be probabilities from 0 to 1, but p[0] is 2.0"),
    (["cross-entropy", "0.7", "0.1", "0.2", "--one-hot", "1", "0"],
     "--one-hot has 2 values but P (the predictions) has 3"),
    (["cross-entropy", "0.7", "0.1", "0.2", "--one-hot", "0.5", "0.5", "0"],
     "--one-hot must be a single 1 and 0s elsewhere"),
    (["backprop-neuron", "--inputs", "1", "2", "--weights", "1", "--bias", "1"],
     "--inputs has 2 values but --weights has 1"),
    (["backprop-neuron", "--inputs", "1", "--weights", "1", "--bias", "1", "--lr", "0"],
     "argument --lr: must be more than 0, not 0.0"),
    (["lr-decay", "--decay", "-0.1"], "argument --decay: must be 0 or more, not -0.1"),
    (["lr-decay", "--decay", "0.1", "--steps", "0"],
     "argument --steps: the number of steps must be 1 to 100000, not 0"),
    (["lr-decay", "--decay", "0.1", "--steps", "ten"],
     "argument --steps: 'ten' is not a whole number of steps"),
    (["lr-decay"], "the following arguments are required: --decay"),
    (["frobnicate"], "argument COMMAND: invalid choice: 'frobnicate'"),
    ([], "the following arguments are required: COMMAND"),
]


@pytest.mark.parametrize("argv, message", BAD_INPUT, ids=lambda value: " ".join(value)
                         if isinstance(value, list) else "")
def test_bad_input_is_a_usage_error(capsys, argv, message):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    out, err = capsys.readouterr()
    assert exit_info.value.code == 2
    assert out == ""
    assert err.startswith("usage: python -m purenn")
    assert f"error: {message}" in err, err


@pytest.mark.parametrize("index", [0, 5, 10, 17, 22, 29])
def test_bad_input_from_the_command_line_exits_2_without_a_traceback(index):
    argv, message = BAD_INPUT[index]
    status, out, err = run_module(*argv)
    assert (status, out) == (2, "")
    assert message in err and "Traceback" not in err, err
