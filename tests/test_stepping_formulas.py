"""``python -m purenn step``: from the book's line, a few ``s`` reach each formula (issue 16).

Each test types ``s`` into pdb (purenn's stepper, float32, python engine) from a line of
``tests/data/formulas.py`` (the book's chapter 14-16 training step and chapter 5's loss)
and counts the presses until pdb stops at the python engine's line that computes the
formula for the first sample (or value): the sigmoid's exp, the binary cross-entropy's
gradient, the categorical cross-entropy's log, dropout's product and Adam's first-moment
update at most 15 presses each; the other formulas are bounded by what they take now, plus
2. ``python tests/test_stepping_formulas.py`` prints every count.
"""
import re
from pathlib import Path

import pytest

from test_stepping import computes, pdb_session, stops

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "tests" / "data" / "formulas.py"
MAX_STEPS = 15
# How many `s` the tests type after the breakpoint: far more than the bound, so that a count
# that grew is measured, not cut off
STEPS_TYPED = 200

# (name, the book's line in SCRIPT, the script's argument, the engine method, a pattern of
# the line that computes the formula, the bound)
FORMULAS = [
    ("sigmoid exp", "activation2.forward(dense2.output)", "adam", "sigmoid",
     r"\bexp\(-x\)", MAX_STEPS),
    ("binary cross-entropy gradient", "loss_function.backward(activation2.output, y)", "adam",
     "binary_crossentropy_backward", r"y / clipped", MAX_STEPS),
    ("categorical cross-entropy log",
     "loss = categorical_loss.calculate(softmax.output, [0, 1, 1])", "adam",
     "categorical_crossentropy", r"\blog\(", MAX_STEPS),
    ("dropout product", "dropout1.forward(activation1.output)", "adam", "dropout",
     r"x \* mask", MAX_STEPS),
    ("Adam first moment", "optimizer.update_params(dense1)", "adam", "adam",
     r"beta_1\) \* momentum", MAX_STEPS),
    # Measured, with a bound of today's count plus 2
    ("sigmoid backward", "activation2.backward(loss_function.dinputs)", "adam",
     "sigmoid_backward", r"1 - value", 9),
    ("binary cross-entropy log", "data_loss = loss_function.calculate(activation2.output, y)",
     "adam", "binary_crossentropy", r"\blog\(", 15),
    ("L2 regularization loss",
     "regularization_loss = loss_function.regularization_loss(dense1)", "adam", "l2_loss",
     r"parameter \* parameter", 16),
    ("SGD update", "optimizer.update_params(dense1)", "sgd", "sgd",
     r"learning_rate \* dweight", 11),
    ("SGD momentum update", "optimizer.update_params(dense1)", "momentum", "sgd_momentum",
     r"momentum \* weight_momentum", 16),
    ("Adagrad cache update", "optimizer.update_params(dense1)", "adagrad", "adagrad",
     r"dweight \* dweight", 17),
    ("RMSprop cache update", "optimizer.update_params(dense1)", "rmsprop", "rmsprop",
     r"rho\) \* cache", 17),
]


def script_line(text):
    """The line number of the first line of SCRIPT that is ``text``."""
    return SCRIPT.read_text().splitlines().index(text) + 1


def presses(line_text, argument, method, pattern, typed=STEPS_TYPED):
    """How many `s` from the breakpoint at SCRIPT's ``line_text`` to the python engine's line
    in ``method`` that computes ``pattern`` (None if ``typed`` presses do not get there),
    and the transcript."""
    commands = [f"b {SCRIPT}:{script_line(line_text)}", "c"] + ["s"] * typed + ["q"]
    transcript = pdb_session(commands, script=SCRIPT, args=[argument])
    places = stops(transcript)
    # The first stop is the script's first line, the second the breakpoint
    assert places[1][:2] == (str(SCRIPT), script_line(line_text)), transcript[:2000]
    for step, (filename, _, _, source, around) in enumerate(places[2:], start=1):
        if (filename.endswith("python_engine.py") and around == method
                and computes(source, re.compile(pattern))):
            return step, transcript
    return None, transcript


@pytest.mark.parametrize("name, line_text, argument, method, pattern, bound", FORMULAS,
                         ids=[formula[0] for formula in FORMULAS])
def test_step_reaches_the_formula_for_the_first_sample(name, line_text, argument, method,
                                                       pattern, bound):
    steps, transcript = presses(line_text, argument, method, pattern)
    assert steps is not None and steps <= bound, (
        f"{steps} presses of s from {line_text} to the {name} (at most {bound}):\n"
        + "\n".join(transcript.splitlines()[:80]))


if __name__ == "__main__":
    for name, line_text, argument, method, pattern, bound in FORMULAS:
        steps, _ = presses(line_text, argument, method, pattern)
        print(f"{name:32} {steps} presses (bound {bound})")
