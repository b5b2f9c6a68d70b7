"""``python -m purenn step`` from ``model.train(X, y, epochs=1, batch_size=32)`` (issue 16,
item 2): at most 30 presses of ``s`` to the first dense multiply, at most 4 frames deep
(train, Model.forward, Layer_Dense.forward, the engine's dot), and the batch a slice of X,
not a copy made row by row. The test types into pdb as a learner would (see
test_stepping.py)."""
import re
from pathlib import Path

import pytest

from test_stepping import _MULTIPLY, computes, pdb_session, stops

SCRIPT = Path(__file__).resolve().parent / "data" / "model_train.py"
LINE = "model.train(X, y, epochs=1, batch_size=32)"
MAX_STEPS = 30
MAX_DEPTH = 4
STEPS_TYPED = 400


def line_number():
    return SCRIPT.read_text().splitlines().index(LINE) + 1


def presses_to_the_multiply():
    """(presses, transcript): `s` from LINE to the multiply of the engine's dot."""
    commands = [f"b {SCRIPT}:{line_number()}", "c"] + ["s"] * STEPS_TYPED + ["q"]
    transcript = pdb_session(commands, script=SCRIPT)
    places = stops(transcript)
    assert places[1][:2] == (str(SCRIPT), line_number()), transcript[:2000]
    for step, (filename, _, function, source, around) in enumerate(places[2:], start=1):
        if (filename.endswith("python_engine.py") and around == "dot"
                and computes(source, _MULTIPLY)):
            return step, transcript
    return None, transcript


# Not met: 41 presses (210 before), measured on main after the engine rewrite. 23 are in
# train: the argument check (3), the book's accuracy.init(y) (2), its loss.new_pass() and
# accuracy.new_pass() (4 each, with pdb's stop on their return), the epoch and step loops,
# the reporter, the batch's two slices; 18 go from Model.forward through Layer_Input.forward
# and Layer_Dense.forward to the multiply in the engine's dot (12 of them the chapter 4
# bound's own). Every one of them is a line of the book's loop or of the forward pass, so
# reaching 30 would mean dropping the book's lines. Strict: if the count comes within the
# bound, this test fails and the marker must go.
@pytest.mark.xfail(strict=True, reason="41 presses, over the bound of 30: the book's train "
                                       "loop and forward pass (see the comment)")
def test_step_from_model_train_reaches_the_first_dense_multiply():
    steps, transcript = presses_to_the_multiply()
    assert steps is not None and steps <= MAX_STEPS, (
        f"{steps} presses from {LINE} to the multiply (at most {MAX_STEPS}):\n"
        + "\n".join(transcript.splitlines()[:200]))


def test_the_multiply_is_at_most_4_frames_below_model_train():
    steps, _ = presses_to_the_multiply()
    assert steps is not None
    commands = [f"b {SCRIPT}:{line_number()}", "c"] + ["s"] * steps + ["w", "q"]
    transcript = pdb_session(commands, script=SCRIPT)
    where = transcript.split("(purenn-step) ")[-2]  # what `w` printed
    frames = [line for line in where.splitlines() if re.match(r"^[> ] \S.*\(\d+\)\S+\(\)", line)]
    functions = [re.search(r"\)(\S+)\(\)$", line).group(1) for line in frames]
    assert "<module>" in functions, where
    below = functions[len(functions) - 1 - functions[::-1].index("<module>") + 1:]
    assert below[0] == "train" and below[-1] == "dot", below
    assert len(below) <= MAX_DEPTH, below


def test_a_batch_is_a_slice_of_the_data(monkeypatch):
    import purenn
    purenn.init()
    model = purenn.Model()

    def copied(*args):
        raise AssertionError("the batch was copied row by row (slice_rows), not sliced")

    monkeypatch.setattr(model.ops, "slice_rows", copied)
    X = [[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]]
    y = [0, 1, 2]
    batch_X, batch_y = model._batch(X, y, 1, 2)
    assert batch_X == X[2:4] and batch_y == y[2:4]
    assert batch_X[0] is X[2]
