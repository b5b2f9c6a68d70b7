"""purenn.tools.printing against NumPy's own str(): the text must be the same, character for
character (tolerance: none). Property tests draw random shapes and values; example tests
print the book's arrays and compare with what NumPy prints for them
(tests/data/book_values.json, ``today_output_nosimd``).
"""
import io
import json
import math
import random
import warnings
from pathlib import Path

import pytest

np = pytest.importorskip("numpy")
pytest.importorskip("hypothesis")
import hypothesis  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from purenn.engine import config

from purenn.tools import printing  # noqa: E402
from purenn.engine.shapes import ShapeError  # noqa: E402

BOOK_VALUES = Path(__file__).resolve().parent / "data" / "book_values.json"

PROPERTY = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def assert_same_text(mine, gold):
    """Exact comparison of two printed texts (tolerance: none); shows both on failure."""
    assert mine == gold, f"\n--- mine ---\n{mine}\n--- gold (NumPy) ---\n{gold}"


def numpy_str(values, dtype):
    """gold: str(np.array(values, dtype)), quietly turning float32 overflow into inf."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return str(np.array(values, dtype))


# NumPy 2.3 (numpy PR #28703) moved float32's switch to scientific notation down to 1e6:
# str(np.float32(1e6)) is '1e+06' there, '1000000.0' before (and [1.e+06] against [1000000.]
# for arrays, whose switch was 1e8). purenn prints as NumPy 2.3 and later does
# (test_float32_prints_as_numpy_2_3_from_1e6); against an older NumPy (2.0.2 is the newest for
# Python 3.9) the property tests leave out the float32 values whose text changed.
OLD_FLOAT32_CUTOFFS = str(np.float32(1e6)) == "1000000.0"


def changed_in_numpy_2_3(values, dtype, scalar):
    """True if NumPy before 2.3 prints these float32 values otherwise than purenn does."""
    if not OLD_FLOAT32_CUTOFFS or str(dtype) != "float32":
        return False
    flat = np.abs(np.asarray(values, dtype=np.float64).ravel())
    flat = flat[np.isfinite(flat)]
    if flat.size == 0:
        return False
    largest = float(np.float32(flat.max())) if flat.max() < 3.5e38 else float("inf")
    return 1e6 <= largest < (1e16 if scalar else 1e8)


def book_output(entry_id):
    """today_output_nosimd of one book_values.json entry: what the book's code prints on
    NumPy 2 with correctly rounded exp/log (the values purenn computes)."""
    entries = {entry["id"]: entry for entry in json.loads(BOOK_VALUES.read_text())["entries"]}
    return entries[entry_id]["today_output_nosimd"]


# ---------------------------------------------------------------------------
# Strategies: shapes and values that exercise NumPy's formatting rules
# ---------------------------------------------------------------------------

SPECIAL_VALUES = [
    0.0, -0.0, math.inf, -math.inf, math.nan, 1e-4, 1e-5, 9.9999e-5, 1e3, 1e6, 999999.0,
    1e8, 99999999.0, 1e16, 1e100, 1e-100, 3.4028234663852886e38, 1.401298464324817e-45,
    2.0 ** -126, 5e-324, 1.7976931348623157e308, 0.1, 1 / 3, 2.0 ** 87]

value_strategies = {
    # layer outputs, weights, probabilities: positional notation, aligned points
    "typical": st.floats(-2.0, 2.0),
    "probabilities": st.floats(0.0, 1.0),
    "tiny": st.floats(-1e-6, 1e-6),
    "huge": st.floats(-1e30, 1e30),
    "anything": st.floats(allow_nan=True, allow_infinity=True),
    "float32_exact": st.floats(width=32, allow_nan=True, allow_infinity=True),
    "integers": st.integers(-10 ** 6, 10 ** 6).map(float),
    "powers_of_two": st.integers(-149, 127).map(lambda n: 2.0 ** n),
    "special": st.sampled_from(SPECIAL_VALUES),
}


@st.composite
def value_mixes(draw):
    """A strategy for the values of one array: one or a few of the kinds above."""
    names = draw(st.lists(st.sampled_from(sorted(value_strategies)), min_size=1,
                          max_size=3, unique=True))
    return st.one_of([value_strategies[name] for name in names])


@st.composite
def shapes(draw):
    """1-D, 2-D and 3-D shapes up to ~40 per axis; some with over 1000 values."""
    ndim = draw(st.sampled_from([1, 1, 2, 2, 3]))
    if ndim == 1:
        return (draw(st.integers(1, 40) | st.integers(1001, 1500)),)
    if ndim == 2:
        return tuple(draw(st.lists(st.integers(1, 40), min_size=2, max_size=2)))
    return tuple(draw(st.lists(st.integers(1, 12), min_size=3, max_size=3)))


def nest(flat, shape):
    """Nested lists of the given shape, filled row by row from ``flat``."""
    if len(shape) == 1:
        return list(flat)
    step = len(flat) // shape[0]
    return [nest(flat[i * step:(i + 1) * step], shape[1:]) for i in range(shape[0])]


@st.composite
def filled(draw, elements, shape):
    """Values for a shape: drawn one by one when few, else picked from a drawn pool
    (repeated values; keeps big arrays cheap to draw)."""
    size = math.prod(shape)
    if size <= 120:
        flat = draw(st.lists(elements, min_size=size, max_size=size))
    else:
        pool = draw(st.lists(elements, min_size=1, max_size=30))
        rng = random.Random(draw(st.integers(0, 2 ** 32 - 1)))
        flat = [rng.choice(pool) for _ in range(size)]
    return nest(flat, shape)


@st.composite
def float_lists(draw):
    shape = draw(shapes())
    return draw(filled(draw(value_mixes()), shape))


@st.composite
def int_lists(draw):
    shape = draw(shapes())
    elements = draw(st.sampled_from([st.integers(0, 9), st.integers(-300, 300),
                                     st.integers(-10 ** 15, 10 ** 15)]))
    return draw(filled(elements, shape))


# ---------------------------------------------------------------------------
# Property tests: NumPy is the oracle
# ---------------------------------------------------------------------------

@PROPERTY
@given(values=float_lists(), dtype=st.sampled_from(["float32", "float64"]))
def test_array_str_prints_float_lists_as_numpy(values, dtype):
    mine = printing.array_str(values, dtype)
    gold = numpy_str(values, dtype)
    assert_same_text(mine, gold)


@PROPERTY
@given(values=int_lists())
def test_array_str_prints_int_lists_as_numpy_int_arrays(values):
    mine = printing.array_str(values)
    gold = str(np.array(values))
    assert_same_text(mine, gold)


@settings(max_examples=100, deadline=None)
@given(values=float_lists(), dtype=st.sampled_from(["float32", "float64"]))
def test_array_str_prints_numpy_arrays_at_their_own_dtype(values, dtype):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        array = np.array(values, dtype)
    hypothesis.assume(not changed_in_numpy_2_3(array, array.dtype, scalar=array.ndim == 0))
    other_dtype = "float64" if dtype == "float32" else "float32"
    mine = printing.array_str(array, other_dtype)   # the array's dtype wins
    gold = str(array)
    assert_same_text(mine, gold)


@PROPERTY
@given(x=st.floats(width=32, allow_nan=True, allow_infinity=True))
def test_float32_repr_prints_float32_scalars_as_numpy(x):
    hypothesis.assume(not changed_in_numpy_2_3([x], "float32", scalar=True))
    mine = printing.float32_repr(x)
    gold = str(np.float32(x))
    assert_same_text(mine, gold)


@PROPERTY
@given(x=st.floats(allow_nan=True, allow_infinity=True)
       | st.sampled_from(SPECIAL_VALUES), dtype=st.sampled_from(["float32", "float64"]))
def test_array_str_prints_float_scalars_as_numpy(x, dtype):
    hypothesis.assume(not changed_in_numpy_2_3([x], dtype, scalar=True))
    mine = printing.array_str(x, dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        gold = str(np.dtype(dtype).type(x))
    assert_same_text(mine, gold)


# ---------------------------------------------------------------------------
# Examples: the rules one at a time, and the book's printed arrays
# ---------------------------------------------------------------------------

def test_float32_prints_as_numpy_2_3_from_1e6():
    # Whatever NumPy is installed: float32 switches to scientific at 1e6 (NumPy 2.3 and later)
    assert_same_text(printing.float32_repr(1e6), "1e+06")
    assert_same_text(printing.float32_repr(999999.0), "999999.0")
    assert_same_text(printing.array_str([1e6], "float32"), "[1.e+06]")
    assert_same_text(printing.array_str([999999.0], "float32"), "[999999.]")
    # float64 is unchanged: positional up to 1e16 (scalars), 1e8 (arrays)
    assert_same_text(printing.array_str(1e6, "float64"), "1000000.0")
    assert_same_text(printing.array_str([1e6], "float64"), "[1000000.]")


def test_float32_repr_prints_shortest_float32_digits():
    assert_same_text(printing.float32_repr(1.0986103773117065), "1.0986104")
    assert_same_text(printing.float32_repr(0.1), "0.1")
    assert_same_text(printing.float32_repr(1e-7), "1e-07")
    assert_same_text(printing.float32_repr(float("inf")), "inf")


def test_scalar_str_ints_stay_ints_unless_a_dtype_is_given():
    assert_same_text(printing.array_str(20), "20")
    assert_same_text(printing.array_str(20, "float32"), str(np.float32(20)))


def test_array_str_uses_settings_dtype_at_call_time(monkeypatch):
    monkeypatch.setattr(config.settings, "dtype", "float32")
    assert_same_text(printing.array_str([1.0986103773117065]), "[1.0986104]")
    monkeypatch.setattr(config.settings, "dtype", "float64")
    assert_same_text(printing.array_str([1.0986103773117065]),
                     str(np.array([1.0986103773117065], np.float64)))


@pytest.mark.parametrize("values, dtype", [
    ([2.0 ** 87, 1.2345678], "float32"),          # Dragon4's uneven gaps at a power of two
    ([1e-4, 1e-3], "float32"),                      # 1e-4 compared in float32
    ([999999.0, 1.0], "float32"),                   # float32 switches to e-notation at 1e6
    ([99999999.0, 1e6], "float64"),                 # float64 at 1e8
    ([1e5, 1e100, -1e-100], "float64"),             # three exponent digits for all
    ([math.nan, -math.inf, 1.5], "float64"),        # nan and inf padded to the column
    ([math.nan, math.inf], "float32"),
    ([-0.0, 0.0, 1.0], "float64"),                  # negative zero keeps its sign
    ([0.589806318283081, 589.8063354492188], "float32"),  # max/min is 1000 in float32
    ([0.589806318283081, 589.8063354492188], "float64"),  # ... but over 1000 in float64
    ([0.005859375, 0.001953125, 1.0], "float64"),   # exact ties at the 8th decimal: to even
    ([0.005859375, 0.001953125, 1.0], "float32"),
])
def test_array_str_matches_numpy_on_edge_cases(values, dtype):
    assert_same_text(printing.array_str(values, dtype), numpy_str(values, dtype))


def test_array_str_wraps_long_rows_and_summarises_big_arrays():
    rows = np.random.RandomState(1).randn(40, 30).astype(np.float32)   # 1200 values
    assert_same_text(printing.array_str(rows.tolist(), "float32"), str(rows))
    row = np.linspace(-1.0, 1.0, 25)
    assert_same_text(printing.array_str(row.tolist(), "float64"), str(row))


def test_array_str_separates_3d_blocks_with_blank_lines():
    blocks = np.arange(24, dtype=np.float64).reshape(2, 3, 4) / 7
    assert_same_text(printing.array_str(blocks.tolist(), "float64"), str(blocks))


def test_array_str_prints_bools_and_empty_arrays():
    assert_same_text(printing.array_str([[True, False], [False, True]]),
                     str(np.array([[True, False], [False, True]])))
    assert_same_text(printing.array_str([]), "[]")


def test_array_str_rejects_ragged_lists():
    with pytest.raises(ShapeError, match="not homologous"):
        printing.array_str([[1.0, 2.0], [3.0]])


def test_array_str_rejects_non_numbers():
    with pytest.raises(TypeError, match="not a number"):
        printing.array_str([1.0, "2.0"])


def test_array_str_does_not_modify_its_input():
    values = [[0.1, 0.2], [0.3, 0.4]]
    printing.array_str(values, "float32")
    assert values == [[0.1, 0.2], [0.3, 0.4]]


def test_show_prints_like_print_with_numpy_text():
    out = io.StringIO()
    printing.show("loss:", np.float32(1.0986103773117065), [1.5, 2.0], file=out,
                  dtype="float32")
    assert_same_text(out.getvalue(), "loss: 1.0986104 [1.5 2. ]\n")


def test_book_ch03_randn_2x5():
    # nnfs.init(): np.random.seed(0), randn made float32 (here without touching NumPy)
    weights = np.random.RandomState(0).randn(2, 5).astype(np.float32)
    assert_same_text(printing.array_str(weights.tolist(), "float32"),
                     book_output("ch03-randn-2x5"))


def test_book_ch03_dense1_forward():
    output = np.array([[0.0, 0.0, 0.0],
                       [-1.0475188e-04, 1.1395361e-04, -4.7983500e-05],
                       [-2.7414842e-04, 3.1729150e-04, -8.6921798e-05],
                       [-4.2188365e-04, 5.2666257e-04, -5.5912682e-05],
                       [-5.7707680e-04, 7.1401405e-04, -8.9430439e-05]], np.float32)
    assert_same_text(printing.array_str(output.tolist(), "float32"),
                     book_output("ch03-dense1-forward"))


def test_book_ch04_relu_spiral():
    output = np.array([[0.0, 0.0, 0.0], [0.0, 1.1395361e-04, 0.0],
                       [0.0, 3.1729150e-04, 0.0], [0.0, 5.2666257e-04, 0.0],
                       [0.0, 7.1401405e-04, 0.0]], np.float32)
    assert_same_text(printing.array_str(output.tolist(), "float32"),
                     book_output("ch04-relu-spiral"))


def test_book_ch04_softmax_numpy():
    exp_values = np.exp([4.8, 1.21, 2.385])
    norm_values = exp_values / np.sum(exp_values)
    out = io.StringIO()
    printing.show("exponentiated values:", file=out)
    printing.show(exp_values.tolist(), file=out, dtype="float64")
    printing.show("normalized exponentiated values:", file=out)
    printing.show(norm_values.tolist(), file=out, dtype="float64")
    printing.show("sum of normalized values:", float(np.sum(norm_values)), file=out,
                  dtype="float64")
    assert_same_text(out.getvalue().rstrip("\n"), book_output("ch04-softmax-numpy"))


def test_book_ch04_sum_axis1_keepdims():
    layer_outputs = np.array([[4.8, 1.21, 2.385], [8.9, -1.81, 0.2], [1.41, 1.051, 0.026]])
    sums = np.sum(layer_outputs, axis=1, keepdims=True)
    gold = book_output("ch04-sum-axis1-keepdims").split("\n", 1)[1]
    assert_same_text(printing.array_str(sums.tolist(), "float64"), gold)


def test_book_ch05_softmax_rows_and_loss():
    # The rows with correctly rounded exp (NumPy's SIMD exp gives other last digits)
    softmax_rows = np.array([[0.33333334, 0.33333334, 0.33333334],
                             [0.33333316, 0.3333332, 0.33333364],
                             [0.33333287, 0.3333329, 0.33333418],
                             [0.3333326, 0.33333263, 0.33333477],
                             [0.33333233, 0.3333324, 0.33333528]], np.float32)
    out = io.StringIO()
    printing.show(softmax_rows.tolist(), file=out, dtype="float32")
    printing.show("loss:", 1.0986103773117065, file=out, dtype="float32")
    assert_same_text(out.getvalue().rstrip("\n"), book_output("ch05-spiral-forward-loss"))


def test_book_ch05_neg_log_of_one_plus_tiny():
    loss = -np.log(1 + 1e-7)
    gold = book_output("ch05-neg-log-1p1e-7")     # "np.float64(-9.999999505838704e-08)"
    assert_same_text(printing.array_str(float(loss), "float64"), gold[len("np.float64("):-1])


def test_book_ch09_combined_gradients():
    softmax_outputs = np.array([[0.7, 0.1, 0.2], [0.1, 0.5, 0.4], [0.02, 0.9, 0.08]])
    class_targets = np.array([0, 1, 1])
    dinputs = softmax_outputs.copy()
    dinputs[range(3), class_targets] -= 1
    dinputs = dinputs / 3
    gold = book_output("ch09-combined-vs-separate").split("\n")[1:4]
    assert_same_text(printing.array_str(dinputs.tolist(), "float64"), "\n".join(gold))


def test_book_ch09_drelu_mask_prints_ints():
    drelu = [[1, 2, 0, 0], [5, 0, 0, 8], [0, 10, 11, 0]]
    assert_same_text(printing.array_str(drelu), book_output("ch09-drelu-simplified"))
