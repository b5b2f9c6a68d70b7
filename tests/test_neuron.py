"""The chapter 9 single-neuron walk-through (purenn.neuron): every value the book prints,
a central-difference gradient check, and the argument checks.

The book's example is plain Python floats, so each printer returns what the book's
``print`` shows; its numbers are compared with the book's exactly (tolerance: none) and
its text with what the book's code prints today, character for character.
"""
import math
import random

import pytest

from purenn.neuron import NeuronWalkthrough, Step, backprop_neuron
from purenn.engine.shapes import ShapeError

from book import ENTRIES, assert_matches_book, assert_prints_like_numpy

# The book's neuron
x = [1.0, -2.0, 3.0]  # input values
w = [-3.0, -1.0, 2.0]  # weights
b = 1.0  # bias


def book_neuron(passes=()):
    neuron = NeuronWalkthrough(x, w, b)
    for name in passes:
        getattr(neuron, name)()
    return neuron


def words(*values):
    """What print(*values) shows for Python values."""
    return " ".join(str(value) for value in values)


def lines(*texts):
    return "\n".join(texts)


def print_xw0():
    neuron = book_neuron(["forward"])
    return words(neuron.xw[0])


def print_xw1_xw2():
    neuron = book_neuron(["forward"])
    return words(neuron.xw[1], neuron.xw[2])


def print_xw_all():
    neuron = book_neuron(["forward"])
    return words(*neuron.xw)


def print_sum_z():
    neuron = book_neuron(["forward"])
    return lines(words(*neuron.xw, neuron.b), words(neuron.z))


def print_relu_y():
    neuron = book_neuron(["forward"])
    return lines(words(*neuron.xw, neuron.b), words(neuron.z), words(neuron.y))


def print_drelu_dz():
    neuron = book_neuron(["forward", "backward"])
    return words(neuron.drelu_dz)


def print_drelu_dxw0():
    neuron = book_neuron(["forward", "backward"])
    return lines(words(neuron.drelu_dz), words(neuron.drelu_dxw[0]))


def sum_partials(neuron):
    return lines(words(neuron.drelu_dz), words(*neuron.drelu_dxw, neuron.drelu_db))


def print_drelu_sum_all():
    return sum_partials(book_neuron(["forward", "backward"]))


def print_drelu_dx0():
    neuron = book_neuron(["forward", "backward"])
    return lines(sum_partials(neuron), words(neuron.drelu_dx[0]))


def print_drelu_all():
    neuron = book_neuron(["forward", "backward"])
    # The book prints each input's partial next to its weight's: dx0, dw0, dx1, dw1, ...
    interleaved = [value for pair in zip(neuron.drelu_dx, neuron.drelu_dw) for value in pair]
    return lines(sum_partials(neuron), words(*interleaved))


def print_w_b_before():
    neuron = book_neuron(["forward", "backward"])
    return words(neuron.w, neuron.b)


def print_w_b_after():
    neuron = book_neuron(["forward", "backward", "update"])
    return words(neuron.w, neuron.b)


def print_forward_after_update():
    return words(backprop_neuron(x, w, b).y)


PRINTERS = {
    "ch09-xw0": print_xw0,
    "ch09-xw1-xw2": print_xw1_xw2,
    "ch09-xw-all": print_xw_all,
    "ch09-sum-z": print_sum_z,
    "ch09-relu-y": print_relu_y,
    "ch09-drelu-dz": print_drelu_dz,
    "ch09-drelu-dxw0": print_drelu_dxw0,
    "ch09-drelu-sum-all": print_drelu_sum_all,
    "ch09-drelu-dx0": print_drelu_dx0,
    "ch09-drelu-all": print_drelu_all,
    "ch09-w-b-before": print_w_b_before,
    "ch09-w-b-after": print_w_b_after,
    "ch09-forward-after-update": print_forward_after_update,
}


def test_every_single_neuron_entry_has_a_printer():
    # The single-neuron entries, as tests/test_book_ch09_10.py leaves them out
    single_neuron = {entry_id for entry_id in ENTRIES if entry_id.startswith("ch09-")
                     and ENTRIES[entry_id]["description"].startswith(("Single neuron",
                                                                      "Backward:"))}
    single_neuron |= {"ch09-w-b-before", "ch09-w-b-after", "ch09-forward-after-update"}
    assert single_neuron == set(PRINTERS)
    assert len(PRINTERS) == 13


@pytest.mark.parametrize("entry_id", sorted(PRINTERS))
def test_book_value(entry_id):
    mine = PRINTERS[entry_id]()
    assert_matches_book(entry_id, mine)
    assert_prints_like_numpy(entry_id, mine)


def test_update_lowers_the_output_from_6_to_5_985():
    neuron = backprop_neuron(x, w, b)
    # y of both forward passes, kept in the steps: the book's 6.0 and 5.985 (exact)
    outputs = [step.value for step in neuron.steps if step.name == "y"]
    book_first = float(ENTRIES["ch09-relu-y"]["book_output"].split()[-1])
    book_second = float(ENTRIES["ch09-forward-after-update"]["book_output"])
    assert outputs == [book_first, book_second]
    assert book_second < book_first


def test_steps_list_every_value_in_the_books_order():
    neuron = backprop_neuron(x, w, b)
    names = [step.name for step in neuron.steps]
    assert names[:5] == ["xw[0]", "xw[1]", "xw[2]", "z", "y"]
    assert names[5:10] == ["drelu_dz", "drelu_dxw[0]", "drelu_dxw[1]", "drelu_dxw[2]",
                           "drelu_db"]
    assert names[10:16] == ["drelu_dx[0]", "drelu_dw[0]", "drelu_dx[1]", "drelu_dw[1]",
                            "drelu_dx[2]", "drelu_dw[2]"]
    assert names[16:20] == ["w[0]", "w[1]", "w[2]", "b"]
    assert names[20:] == ["xw[0]", "xw[1]", "xw[2]", "z", "y"]
    assert [step.stage for step in neuron.steps] == (
        ["forward"] * 5 + ["backward"] * 11 + ["update"] * 4 + ["forward"] * 5)
    assert neuron.steps[0] == Step("forward", "xw[0]", "x[0] * w[0]", "1.0 * -3.0", -3.0)
    assert neuron.steps[3].numbers == "-3.0 + 2.0 + 6.0 + 1.0"


def test_gradients_are_kept_under_the_books_names():
    neuron = book_neuron(["forward", "backward"])
    assert neuron.dx == neuron.drelu_dx
    assert neuron.dw == neuron.drelu_dw
    assert neuron.db == neuron.drelu_db
    # the partial derivative of a product is the other factor
    assert neuron.dmul_dx == w and neuron.dmul_dw == x
    assert neuron.dsum_dxw == [1, 1, 1] and neuron.dsum_db == 1


def test_inputs_are_never_modified():
    x_in, w_in = list(x), list(w)
    backprop_neuron(x_in, w_in, b)
    assert (x_in, w_in) == (x, w)


def test_negative_sum_blocks_every_gradient():
    # z = -3 + 2 + 6 - 10 < 0: the ReLU's output is 0 and its derivative 0 everywhere
    neuron = backprop_neuron(x, w, -10.0)
    assert neuron.steps[4].value == 0.0 and neuron.drelu_dz == 0.0
    assert neuron.dw == [0.0, 0.0, 0.0] and neuron.db == 0.0
    assert neuron.w == w and neuron.b == -10.0


def test_upstream_gradient_and_learning_rate_are_used():
    neuron = backprop_neuron(x, w, b, dvalue=2.0, learning_rate=0.5)
    assert neuron.dw == [2.0, -4.0, 6.0] and neuron.db == 2.0
    assert neuron.w == [-3.0 + -0.5 * 2.0, -1.0 + -0.5 * -4.0, 2.0 + -0.5 * 6.0]


def test_repr_shows_the_state():
    neuron = book_neuron()
    assert repr(neuron) == ("NeuronWalkthrough(x=[1.0, -2.0, 3.0], w=[-3.0, -1.0, 2.0], "
                            "b=1.0, dvalue=1.0, learning_rate=0.001, z=None, y=None, "
                            "dx=None, dw=None, db=None)")
    neuron.forward()
    assert "z=6.0, y=6.0" in repr(neuron)


def test_argument_errors_are_clear():
    with pytest.raises(ShapeError, match=r"same length.*\(3,\) and \(2,\)"):
        NeuronWalkthrough([1.0, 2.0, 3.0], [1.0, 2.0], 0.0)
    with pytest.raises(ShapeError, match="at least one input"):
        NeuronWalkthrough([], [], 0.0)
    with pytest.raises(ShapeError, match="1-D"):
        NeuronWalkthrough([[1.0]], [[1.0]], 0.0)
    with pytest.raises(TypeError, match="b is 'one', not a number"):
        NeuronWalkthrough([1.0], [1.0], "one")
    with pytest.raises(TypeError, match=r"w\[1\]"):
        NeuronWalkthrough([1.0, 2.0], [1.0, None], 0.0)
    with pytest.raises(RuntimeError, match="forward"):
        book_neuron(["backward"])
    with pytest.raises(RuntimeError, match="backward"):
        book_neuron(["forward", "update"])


# --- gradient check ---------------------------------------------------------------------

# Away from the kink the neuron is linear in each value, so the central difference has no
# truncation error and a large step only shrinks the rounding error (~ 1e-16 * |z| / H).
H = 1e-3           # central-difference step: moves z by at most 10 * H = 0.01 ...
KINK_MARGIN = 0.1  # ... while |z| is kept at least this far from the ReLU's kink at 0


def relative_error(mine, gold):
    """|mine - gold| / max(|mine|, |gold|); 0 when both are 0."""
    scale = max(abs(mine), abs(gold))
    return 0.0 if scale == 0 else abs(mine - gold) / scale


def output(x_values, w_values, bias, dvalue):
    """dvalue * y: the quantity whose gradient the backward pass computes."""
    neuron = NeuronWalkthrough(x_values, w_values, bias)
    neuron.forward()
    return dvalue * neuron.y


def central_difference(function, values, i):
    """(f(v + h e_i) - f(v - h e_i)) / 2h, the gold side of the check."""
    up, down = list(values), list(values)
    up[i] += H
    down[i] -= H
    return (function(up) - function(down)) / (2 * H)


def check_gradients(x_values, w_values, bias, dvalue):
    neuron = NeuronWalkthrough(x_values, w_values, bias, dvalue=dvalue)
    neuron.forward()
    neuron.backward()
    n = len(x_values)
    gold_dx = [central_difference(lambda v: output(v, w_values, bias, dvalue), x_values, i)
               for i in range(n)]
    gold_dw = [central_difference(lambda v: output(x_values, v, bias, dvalue), w_values, i)
               for i in range(n)]
    gold_db = central_difference(lambda v: output(x_values, w_values, v[0], dvalue), [bias], 0)
    for name, mine, gold in (("dx", neuron.dx, gold_dx), ("dw", neuron.dw, gold_dw),
                             ("db", [neuron.db], [gold_db])):
        errors = [relative_error(m, g) for m, g in zip(mine, gold)]
        # tolerance: relative error below 1e-6 (float64, central differences)
        assert max(errors) < 1e-6, f"{name}: mine {mine} gold {gold} errors {errors}"


def test_gradient_check_on_the_books_neuron():
    check_gradients(x, w, b, 1.0)
    check_gradients(x, w, -10.0, 1.0)   # the ReLU closed: every gradient 0


def test_gradient_check_on_random_neurons():
    hypothesis = pytest.importorskip("hypothesis")
    st = hypothesis.strategies
    # Values of size 0.01 to 10 (and either sign), so that each gradient is well above
    # the central difference's rounding error
    value = st.builds(lambda size, negative: -size if negative else size,
                      st.floats(0.01, 10.0), st.booleans())

    @hypothesis.settings(max_examples=200, deadline=None)
    @hypothesis.given(st.integers(1, 6).flatmap(
        lambda n: st.tuples(st.lists(value, min_size=n, max_size=n),
                            st.lists(value, min_size=n, max_size=n))),
        value, value)
    def check(x_and_w, bias, dvalue):
        x_values, w_values = x_and_w
        z = sum(a * c for a, c in zip(x_values, w_values)) + bias
        hypothesis.assume(abs(z) > KINK_MARGIN)
        check_gradients(x_values, w_values, bias, dvalue)

    check()


def test_gradient_check_without_hypothesis():
    # The same check on seeded random neurons, so it runs even without hypothesis
    rng = random.Random(9)
    checked = 0
    while checked < 50:
        n = rng.randint(1, 6)
        x_values = [rng.uniform(-10, 10) for _ in range(n)]
        w_values = [rng.uniform(-10, 10) for _ in range(n)]
        bias, dvalue = rng.uniform(-10, 10), rng.uniform(0.1, 3)
        z = math.fsum(a * c for a, c in zip(x_values, w_values)) + bias
        if abs(z) <= KINK_MARGIN or min(map(abs, x_values + w_values)) < 0.01:
            continue
        check_gradients(x_values, w_values, bias, dvalue)
        checked += 1
