"""``python -m purenn``, the teaching calculator (purenn/tools/calculator.py).

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

from purenn.tools.calculator import main
from purenn.tools.printing import array_str

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


def test_softmax_prints_one_set_of_exponentials_those_of_z_minus_its_max(capsys):
    out = calculate(capsys, "softmax", "2", "6", "12")
    assert field(out, "z") == [2.0, 6.0, 12.0]
    assert field(out, "max(z)") == 12.0
    assert field(out, "z - max(z)") == [-10.0, -6.0, 0.0]
    # Exact: each exponential is math.exp of the shifted score, correctly rounded float64
    assert field(out, "e**(z - max(z))") == [math.exp(-10.0), math.exp(-6.0), 1.0]
    # The sum is added in order (0.0 + a + b + c): exact against that order
    assert field(out, "sum of exponentials") == 0.0 + math.exp(-10.0) + math.exp(-6.0) + 1.0
    # One story: no raw e**z beside them, and --steps shows the same exponentials
    assert "e**z" not in out
    steps = calculate(capsys, "softmax", "2", "6", "12", "--steps")
    assert [result_of(line) for line in step_lines(steps, "exp(")] == \
        field(out, "e**(z - max(z))")
    assert steps.splitlines()[:5] == out.splitlines()[:5]


def test_softmax_prints_the_books_chapter_4_values(capsys):
    # The book's normalized values of [4.8, 1.21, 2.385], printed by NumPy at 8 decimals:
    # exactly the text the book's code prints today
    out = calculate(capsys, "softmax", "4.8", "1.21", "2.385")
    gold = ENTRIES["ch04-softmax-numpy"]["today_output_nosimd"].splitlines()
    normalized = gold[gold.index("normalized exponentiated values:") + 1]
    assert array_str(field(out, "probabilities"), "float64") == normalized
    # The book's e**z are these exponentials times e**max(z) (which cancels in the
    # division): printed as NumPy prints them, the text of the book's line exactly
    book_exp = gold[gold.index("exponentiated values:") + 1]
    mine = [e * math.exp(4.8) for e in field(out, "e**(z - max(z))")]
    assert array_str(mine, "float64") == book_exp, (mine, book_exp)


def test_softmax_takes_a_list_pasted_from_the_book(capsys):
    gold = calculate(capsys, "softmax", "2", "6", "12")
    for argv in (["[2,6,12]"], ["[2,", "6,", "12]"], ["[", "2", "6", "12", "]"],
                 ["[[2,", "6,", "12]]"]):
        assert calculate(capsys, "softmax", *argv) == gold, argv
    # And a negative first value: [-2, -1, 0] as the book writes it
    out = calculate(capsys, "softmax", "[-2,", "-1,", "0]")
    assert field(out, "z") == [-2.0, -1.0, 0.0]


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


def test_softmax_of_large_scores_does_not_overflow(capsys):
    out = calculate(capsys, "softmax", "1000", "1001")
    assert field(out, "e**(z - max(z))") == [math.exp(-1.0), 1.0]
    assert "inf" not in out
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


def test_layer_takes_the_books_list_of_lists(capsys):
    gold = calculate(capsys, "layer", "--inputs", *INPUTS, "--weights", *WEIGHT_ROWS,
                     "--biases", *BIASES)
    # As the book writes them: inputs = [1, 2, 3, 2.5], weights = [[0.2, 0.8, -0.5, 1], ...]
    pasted = ("[[0.2, 0.8, -0.5, 1], [0.5, -0.91, 0.26, -0.5], "
              "[-0.26, -0.27, 0.17, 0.87]]").split()
    out = calculate(capsys, "layer", "--inputs", "[1,", "2,", "3,", "2.5]", "--weights",
                    *pasted, "--biases", "[2,", "3,", "0.5]")
    assert out == gold
    # One row in brackets is one neuron
    out = calculate(capsys, "layer", "--inputs", "1", "2", "--weights", "[0.5,", "-1]",
                    "--biases", "0")
    assert field(out, "outputs") == [1 * 0.5 + 2 * -1.0 + 0]


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


def test_derivative_reads_minus_minus_x_as_an_expression_not_an_option(capsys):
    # --x is -(-x), which is x: slope 1 (argparse alone reads "--x" as an unknown option)
    out = calculate(capsys, "derivative", "--x", "--at", "1")
    assert field(out, "f(x)") == "--x"
    assert field(out, "approximate derivative") == 1.0
    # And the same for --x**2, which is x**2 (the options keep working beside it)
    out = calculate(capsys, "derivative", "--x**2", "--at=2", "--delta", "0.5")
    assert field(out, "approximate derivative") == (2.5 ** 2 - 2.0 ** 2) / 0.5


def test_derivative_of_a_flat_41_term_sum(capsys):
    # x + x + ... + x is one level of nesting as written, not 41
    out = calculate(capsys, "derivative", "+".join(["x"] * 41), "--at", "1", "--delta", "0.5")
    assert field(out, "approximate derivative") == 41.0


def test_derivative_that_overflows_is_refused_as_inf_input_is():
    # (1e308 - -1e308) / 2 overflows: the slope would be inf and the line "y = inf * x - inf"
    with pytest.raises(SystemExit) as exit_info:
        main(["derivative", "1e308*x", "--at", "-1", "--delta", "2"])
    assert exit_info.value.code == 2


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
    # By default steps 0 to 19, the book's loop; --until 20 reaches the book's step 20
    out = calculate(capsys, "lr-decay", "--learning-rate", "1", "--decay", "0.1")
    assert_matches_book("ch10-lr-decay-loop", "\n".join(repr(rate) for rate in rates(out)))
    out = calculate(capsys, "lr-decay", "--decay", "0.1", "--until", "20")
    assert len(rates(out)) == 21
    assert_matches_book("ch10-lr-decay-step1", repr(rates(out)[1]))
    assert_matches_book("ch10-lr-decay-step20", repr(rates(out)[20]))
    assert step_lines(out, "step ")[-1] == "step 20: 0.3333333333333333"


def test_lr_decay_takes_the_books_name_for_the_learning_rate(capsys):
    short = calculate(capsys, "lr-decay", "--lr", "0.5", "--decay", "0.01", "--until", "3")
    assert calculate(capsys, "lr-decay", "--learning-rate", "0.5", "--decay", "0.01",
                     "--until", "3") == short
    assert field(short, "learning rate") == 0.5


def test_lr_decay_steps_is_the_flag_and_gives_the_formula_and_the_same_rates(capsys):
    plain = calculate(capsys, "lr-decay", "--lr", "0.5", "--decay", "0.01", "--until", "4")
    out = calculate(capsys, "lr-decay", "--lr", "0.5", "--decay", "0.01", "--until", "4",
                    "--steps")
    assert calculate(capsys, "lr-decay", "--lr", "0.5", "--decay", "0.01", "--until", "4",
                     "--show-steps") == out
    lines = step_lines(out, "step ")
    assert len(lines) == 5
    assert [result_of(line) for line in lines] == rates(plain)
    # Exact: the book's formula, in Python float64
    for step, line in enumerate(lines):
        assert result_of(line) == 0.5 * (1. / (1. + 0.01 * step)), line
        assert f"(1. / (1. + 0.01 * {step}))" in line


# --- sigmoid and binary cross-entropy (chapter 16) -------------------------------------------

def test_sigmoid_is_one_over_one_plus_e_to_the_minus_z(capsys):
    out = calculate(capsys, "sigmoid", "-1", "0", "2")
    z = [-1.0, 0.0, 2.0]
    assert field(out, "z") == z
    # Exact: the book's 1 / (1 + np.exp(-z)) in Python float64, and its derivative
    assert field(out, "e**-z") == [math.exp(-value) for value in z]
    sigmoid = [1 / (1 + math.exp(-value)) for value in z]
    assert field(out, "sigmoid") == sigmoid
    assert field(out, "derivative (1 - s) * s") == [(1 - s) * s for s in sigmoid]
    assert field(out, "sigmoid")[1] == 0.5


def test_sigmoid_steps_show_each_division(capsys):
    out = calculate(capsys, "sigmoid", "[-1,", "0,", "2]", "--steps")
    lines = step_lines(out, "sigmoid(")
    assert lines[0] == ("sigmoid(-1.0) = 1 / (1 + exp(1.0)) = 1 / (1 + 2.718281828459045) = "
                        "1 / 3.718281828459045 = 0.2689414213699951")
    assert [result_of(line) for line in lines] == field(out, "sigmoid")


def test_sigmoid_of_a_large_negative_score_is_0_as_numpy_gives(capsys):
    # np.exp(1000) is inf (with a warning), and 1 / (1 + inf) is 0.0
    out = calculate(capsys, "sigmoid", "-1000", "1000")
    assert field(out, "e**-z") == "[inf, 0.0]"
    assert field(out, "sigmoid") == [0.0, 1.0]
    assert "overflows float64" in out


def test_binary_cross_entropy_is_the_mean_of_the_books_formula(capsys):
    out = calculate(capsys, "binary-cross-entropy", "0.8", "0.3", "0.6", "--target", "1", "0", "1")
    # Exact: -(y log p + (1 - y) log(1 - p)) in Python float64, then the mean
    gold = [-(1 * math.log(0.8) + 0 * math.log(1 - 0.8)),
            -(0 * math.log(0.3) + 1 * math.log(1 - 0.3)),
            -(1 * math.log(0.6) + 0 * math.log(1 - 0.6))]
    assert field(out, "sample losses") == gold
    assert field(out, "loss (mean)") == (gold[0] + gold[1] + gold[2]) / 3


def test_binary_cross_entropy_clips_0_and_1(capsys):
    out = calculate(capsys, "binary-cross-entropy", "0", "1", "--target", "1", "0", "--steps")
    assert field(out, "clipped p") == [1e-7, 1 - 1e-7]
    # Exact: both values are -log(1e-7), the largest loss the clipping allows
    assert field(out, "sample losses") == [-math.log(1e-7), -math.log(1 - (1 - 1e-7))]
    assert all(math.isfinite(value) for value in field(out, "sample losses"))
    lines = step_lines(out, "loss[")
    assert [result_of(line) for line in lines] == field(out, "sample losses")
    assert result_of(step_lines(out, "mean =")[0]) == field(out, "loss (mean)")


# --- the module as a program ---------------------------------------------------------------

EXAMPLES = [
    ["softmax", "2", "6", "12", "--steps"],
    ["cross-entropy", "0.7", "0.1", "0.2", "--target", "0", "--steps"],
    ["neuron", "--inputs", *INPUTS, "--weights", WEIGHT_ROWS[0], "--bias", "2"],
    ["layer", "--inputs", *INPUTS, "--weights", *WEIGHT_ROWS, "--biases", *BIASES],
    ["derivative", "2*x**2", "--at", "1"],
    BOOK_NEURON + ["--steps"],
    ["lr-decay", "--lr", "1", "--decay", "0.1", "--until", "20"],
    ["sigmoid", "-1", "0", "2", "--steps"],
    ["binary-cross-entropy", "0.8", "0.3", "--target", "1", "0", "--steps"],
    ["derivative", "--x", "--at", "1"],
    ["softmax", "[2,", "6,", "12]"],
]


@pytest.mark.parametrize("argv", EXAMPLES, ids=lambda argv: argv[0])
def test_python_m_purenn_prints_what_main_prints(capsys, argv):
    gold = calculate(capsys, *argv)
    status, out, err = run_module(*argv)
    assert (status, err) == (0, "")
    assert out == gold


# Every command, with arguments; --steps adds lines and changes none of the others
EVERY_COMMAND = [
    ["softmax", "2", "6", "12"],
    ["cross-entropy", "0.7", "0.1", "0.2", "--target", "0"],
    ["neuron", "--inputs", *INPUTS, "--weights", WEIGHT_ROWS[0], "--bias", "2"],
    ["layer", "--inputs", *INPUTS, "--weights", *WEIGHT_ROWS, "--biases", *BIASES],
    ["derivative", "2*x**2", "--at", "1"],
    BOOK_NEURON,
    ["lr-decay", "--decay", "0.1", "--until", "3"],
    ["sigmoid", "-1", "0", "2"],
    ["binary-cross-entropy", "0.8", "0.3", "--target", "1", "0"],
]


@pytest.mark.parametrize("argv", EVERY_COMMAND, ids=lambda argv: argv[0])
def test_steps_is_a_flag_of_every_command(capsys, argv):
    plain = calculate(capsys, *argv).splitlines()
    steps = calculate(capsys, *argv, "--steps").splitlines()
    assert calculate(capsys, *argv, "--show-steps").splitlines() == steps
    assert steps != plain
    # The plain lines all appear, in order, among the lines with steps (lr-decay's step lines
    # are replaced by their formula)
    if argv[0] == "lr-decay":
        assert [result_of(line) for line in steps if "step " in line] == \
            [float(line.split(": ")[1]) for line in plain if "step " in line]
    else:
        remaining = iter(steps)
        assert all(line in remaining for line in plain), (plain, steps)


def test_the_calculator_never_uses_the_default_engine(capsys, monkeypatch):
    # PURENN_ENGINE and purenn.init() choose the engine of new objects; the calculator
    # names its own (python, float64), so neither a junk name nor float32 reaches it
    from purenn.engine import config
    golds = [calculate(capsys, *argv, "--steps") for argv in EVERY_COMMAND]
    monkeypatch.setenv("PURENN_ENGINE", "junk")
    monkeypatch.setattr(config.settings, "engine", "junk")
    monkeypatch.setattr(config.settings, "dtype", "float32")

    def refuse(*args):
        raise AssertionError("the calculator asked for the default engine")
    monkeypatch.setattr(config, "default_engine_name", refuse)
    for argv, gold in zip(EVERY_COMMAND, golds):
        assert calculate(capsys, *argv, "--steps") == gold, argv


def test_python_m_purenn_runs_with_a_junk_purenn_engine():
    import os
    gold = run_module("softmax", "1", "2")
    done = subprocess.run([sys.executable, "-m", "purenn", "softmax", "1", "2"], cwd=REPO_ROOT,
                          capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PURENN_ENGINE": "junk"})
    assert (done.returncode, done.stdout, done.stderr) == gold


def test_help_lists_every_command(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for name in ("softmax", "cross-entropy", "neuron", "layer", "derivative",
                 "backprop-neuron", "lr-decay", "sigmoid", "binary-cross-entropy"):
        assert name in out


def test_a_reader_that_stops_early_gets_no_traceback():
    # 100000 lines fill the pipe; the reader takes one line and closes it
    process = subprocess.Popen([sys.executable, "-m", "purenn", "lr-decay", "--decay", "0.1",
                                "--until", "100000"], cwd=REPO_ROOT, stdout=subprocess.PIPE,
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
    (["lr-decay", "--decay", "0.1", "--until", "-1"],
     "argument --until: the last step must be 0 to 100000, not -1"),
    (["lr-decay", "--decay", "0.1", "--until", "ten"],
     "argument --until: 'ten' is not a whole number (a step: 0, 1, 2, ...)"),
    (["lr-decay", "--decay", "0.1", "--steps", "20"],
     "--steps is a flag (print the arithmetic of each step), as in every command; to print "
     "steps 0 to 20, write --until 20"),
    (["--learning-rate", "1", "lr-decay", "--decay", "0.1"],
     "--learning-rate comes before the command: options follow it, as in python -m purenn "
     "lr-decay --learning-rate 1 ..."),
    (["--steps", "softmax", "1"], "--steps comes before the command"),
    (["softmax", "1", "--stpes"],
     "argument Z: '--stpes' is not a number (nor an option of this command)"),
    (["softmax", "[", "]"], "Z holds no numbers"),
    (["derivative", "1e308*x", "--at", "-1", "--delta", "2"],
     "y2 - y1 overflows float64 (it gives inf)"),
    (["layer", "--inputs", "1", "--weights", "[[1],", "[2]", "--biases", "0", "0"],
     "--weights '[[1], [2]' is not a list of rows"),
    (["sigmoid", "x"], "argument Z: 'x' is not a number"),
    (["sigmoid"], "the following arguments are required: Z"),
    (["binary-cross-entropy", "0.8", "0.3", "--target", "1"],
     "--target has 1 value but P (the predictions) has 2: one 0 or 1 per prediction"),
    (["binary-cross-entropy", "0.8", "--target", "0.5"],
     "--target must be 0s and 1s (one binary label per prediction), but y[0] is 0.5"),
    (["binary-cross-entropy", "1.5", "--target", "1"],
     "the predictions must be probabilities from 0 to 1, but p[0] is 1.5"),
    (["binary-cross-entropy", "0.5"], "the following arguments are required: --target"),
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
