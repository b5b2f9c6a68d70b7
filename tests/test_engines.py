"""The python engine's operations equal NumPy's, bit for bit, on random shapes and values.

Each test draws arrays (1-D and 2-D, 1 to 40 values a side, plus long rows and columns of
more than 128 values, where NumPy's pairwise summation splits into blocks) and runs one
engine operation three ways:

- ``mine``: ``PythonEngine(dtype).op(lists)``, plain lists of floats;
- ``gold``: the NumPy expression the operation's docstring names, on arrays of ``dtype``;
- the numpy engine, ``NumpyEngine(dtype).op(arrays)``, compared with ``mine``.

Tolerances: float32 is compared bit for bit everywhere (NaN matches NaN). In float32 the
dot product's gold is nnfs's rule, ``np.dot`` in float64 rounded once to float32, and
exp/log's gold is the correctly rounded rule, float64 rounded once (not NumPy's float32
SIMD exp/log, which are not correctly rounded). Float64 is bit for bit too, except dot,
exp and log; their tolerances are stated where they are used (``dot_bound``, ``two_ulps``).
"""
import copy
import math
import warnings

import pytest

np = pytest.importorskip("numpy")
pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from purenn.engine.numpy_engine import NumpyEngine  # noqa: E402
from purenn.engine.python_engine import PythonEngine  # noqa: E402

DTYPES = ["float32", "float64"]
EXAMPLES = settings(max_examples=100, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# --- drawing arrays --------------------------------------------------------------------------

# Lengths a side: most small, some long enough for NumPy's pairwise blocks of 128 values
# (its recursion halves a long row into a multiple of 8 and the rest).
SMALL = st.integers(1, 40)
LONG = st.sampled_from([127, 128, 129, 136, 255, 256, 257, 300, 301, 519, 1000])


@st.composite
def lengths(draw):
    return draw(LONG) if draw(st.integers(0, 4)) == 0 else draw(SMALL)


@st.composite
def shapes(draw, ndim=None):
    """(n,) or (n, m); a 2-D shape is small, or a long row, or a long column."""
    ndim = draw(st.sampled_from([1, 2])) if ndim is None else ndim
    if ndim == 1:
        return (draw(lengths()),)
    kind = draw(st.sampled_from(["small", "small", "long rows", "long columns"]))
    if kind == "long rows":
        return (draw(st.integers(1, 3)), draw(LONG))
    if kind == "long columns":
        return (draw(LONG), draw(st.integers(1, 3)))
    return (draw(SMALL), draw(SMALL))


def elements(dtype, kind="any"):
    """Values of ``dtype`` that keep every tested result finite."""
    width = 32 if dtype == "float32" else 64
    if kind == "positive":  # log, sqrt
        return st.floats(0, 1e6, exclude_min=True, width=width)
    if kind == "nonzero":  # divisors: |x| >= 2**-10
        magnitude = st.floats(2.0**-10, 1e6, width=width)
        return st.builds(lambda x, negative: -x if negative else x, magnitude, st.booleans())
    if kind == "probability":  # clip: in [0, 1], often at or beyond the limits 1e-7, 1 - 1e-7
        near_limits = st.sampled_from([0.0, 1e-8, 1e-7, 1.0000001e-7, 0.9999999, 1 - 1e-7, 1.0])
        return st.one_of(st.floats(0, 1, width=width), near_limits.map(np.dtype(dtype).type)
                         .map(float))
    if kind == "exp":  # exp in float32: from underflow (through subnormals) to just below overflow
        return st.floats(-110, 88, width=width) if width == 32 else st.floats(-740, 700)
    return st.floats(-1e6, 1e6, width=width)  # includes -0.0 and subnormals


# Arrays of up to DRAWN values are drawn value by value by hypothesis (which favours edge
# values: zeros of both signs, subnormals, the limits); longer ones come from a drawn seed.
DRAWN = 100


def _generated(seed, size, dtype, kind):
    """``size`` values of ``dtype`` from NumPy's generator (for arrays too long to draw)."""
    rng = np.random.default_rng(seed)
    if kind == "probability":
        values = rng.uniform(0, 1, size)
        values[rng.integers(0, size, size // 10)] = 1 - 1e-7
        values[rng.integers(0, size, size // 10)] = 1e-7
        values[rng.integers(0, size, size // 10)] = 0.0
        return values.astype(dtype)
    if kind == "exp":
        high = 88 if dtype == "float32" else 700
        return rng.uniform(-110, high, size).astype(dtype)
    # Normal numbers spread over magnitudes 1e-8 .. 1e5
    values = rng.standard_normal(size) * 10.0 ** rng.integers(-8, 6, size)
    if kind == "positive":
        values = np.abs(values) + 1e-30
    if kind == "nonzero":
        values = np.where(np.abs(values) < 1e-3, 1.0, values)
    return values.astype(dtype)


@st.composite
def arrays(draw, shape, dtype, kind="any"):
    """A nested list of ``shape`` holding values of ``dtype`` (Python floats)."""
    size = math.prod(shape)
    if size <= DRAWN:
        flat = draw(st.lists(elements(dtype, kind), min_size=size, max_size=size))
    else:
        flat = _generated(draw(st.integers(0, 2**32 - 1)), size, dtype, kind).tolist()
    if len(shape) == 1:
        return flat
    n, m = shape
    return [flat[i * m:(i + 1) * m] for i in range(n)]


@st.composite
def label_lists(draw, n, n_classes):
    """``n`` class labels in [0, n_classes), drawn one by one or, for long lists, from a seed."""
    if n <= DRAWN:
        return draw(st.lists(st.integers(0, n_classes - 1), min_size=n, max_size=n))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    return rng.integers(0, n_classes, n).tolist()


class Labels:
    """Integer class labels: a list for the python engine, ops.labels() for the numpy engine."""

    def __init__(self, values):
        self.values = values

    def __repr__(self):
        return f"Labels({self.values!r})"

    def __eq__(self, other):
        return isinstance(other, Labels) and self.values == other.values


# --- comparing -------------------------------------------------------------------------------

# Float64 dot: Python adds the products left to right; BLAS fuses multiply and add and
# accumulates in its own order. Each of the two sums of k products is within
# k * 2**-53 * sum(|a_i * b_i|) of the exact value (the classic bound for recursive
# summation, Higham 3.1), so they differ by at most twice that (plus underflow slack).
def dot_bound(a, b):
    k = np.shape(a)[-1]
    return 2 * k * 2.0**-53 * np.dot(np.abs(a), np.abs(b)) + 2 * k * 2.0**-1074


# Float64 exp, log and power: math.exp/math.log/** (the C library's, < 1 ulp) against
# NumPy's float64 SIMD exp/log/power. NumPy's own accuracy tests hold exp and log to 1 ulp
# (maxulperr 1 in numpy/_core/tests/data/umath-validation-set-{exp,log}.csv; power has no
# such file, and differs from ** by at most 1 ulp on 200,000 random values here). Two
# results each within 1 ulp of the true value are at most 2 ulps apart.
def two_ulps(gold):
    return 2 * np.spacing(np.abs(gold))


# np.maximum and np.max between +0.0 and -0.0: NumPy treats the two zeros as equal and
# keeps the first operand, except with AVX512, where it keeps the second (numpy/numpy#20131);
# the array API standard leaves the sign unspecified. For these two operations only, a zero
# result may have either sign.
EITHER_ZERO = True


# np.dot's sign of a zero that is a sum of zero products: with one product per sum (k=1)
# np.dot returns the product itself (0.0 * -0.0 = -0.0) where a sum that starts from 0.0,
# as the python engine's (and np.matmul's, here), gives 0.0. Which one a BLAS kernel
# returns is its own choice; for the dot product only, a zero may have either sign.
BLAS_ZERO = True


def _bits(values):
    unsigned = {4: np.uint32, 8: np.uint64}[values.dtype.itemsize]
    return values.view(unsigned)


def _show(mine, gold, where, inputs):
    lines = [f"  at {tuple(int(i) for i in index)}: mine {m!r} ({float(m).hex()}) "
             f"gold {g!r} ({float(g).hex()})"
             for index, m, g in list(zip(np.argwhere(where), mine[where], gold[where]))[:8]]
    text = "\n".join(lines)
    return f"{int(where.sum())} of {where.size} values differ:\n{text}\ninputs: {inputs!r}"[:3000]


def as_dtype(mine, dtype):
    """``mine`` (lists or NumPy) as an array of ``dtype``, checking no value needed rounding."""
    wide = np.asarray(mine, dtype=np.float64)
    with np.errstate(over="ignore"):
        narrow = wide.astype(dtype)
    unrounded = ~((narrow.astype(np.float64) == wide) | (np.isnan(wide) & np.isnan(narrow)))
    assert not unrounded.any(), f"values that are not {dtype}: {wide[unrounded][:8]!r}"
    return narrow


def assert_same(mine, gold, dtype, inputs=(), tolerance=None, either_zero=False):
    """``mine`` equals ``gold`` bit for bit (NaN == NaN), or within ``tolerance(gold)``.

    either_zero: a zero may have either sign (see ``EITHER_ZERO``); every other bit counts.
    """
    gold = np.asarray(gold)
    if gold.dtype.kind in "iub":
        assert np.shape(mine) == gold.shape and np.array_equal(mine, gold), (
            f"mine {mine!r}\ngold {gold!r}\ninputs: {inputs!r}")
        return
    assert gold.dtype == np.dtype(dtype), f"gold is {gold.dtype}, not {dtype}: check the test"
    mine = as_dtype(mine, dtype)
    assert mine.shape == gold.shape, f"shape: mine {mine.shape}, gold {gold.shape}"
    both_nan = np.isnan(mine) & np.isnan(gold)
    if either_zero:
        both_nan |= (mine == 0) & (gold == 0)
    if tolerance is None:
        differ = (_bits(mine) != _bits(gold)) & ~both_nan
    else:
        with np.errstate(invalid="ignore"):
            differ = ~((np.abs(mine - gold) <= tolerance) | (mine == gold) | both_nan)
    assert not differ.any(), _show(mine, gold, differ, inputs)


def _python_args(args):
    return [list(a.values) if isinstance(a, Labels) else a for a in args]


def _numpy_args(ops, args):
    return [ops.labels(a.values) if isinstance(a, Labels)
            else ops.array(a) if isinstance(a, list) else a for a in args]


def _gold_args(args, dtype):
    return [np.array(a.values) if isinstance(a, Labels)
            else np.array(a, dtype=dtype) if isinstance(a, list) else a for a in args]


def check(op, dtype, args, gold, tolerance=None, either_zero=False, **kwargs):
    """Run ``op`` in the python engine and the numpy engine and compare with ``gold``.

    args: nested lists of floats (arrays), ``Labels``, or plain numbers and names.
    gold: a function of the same arguments as NumPy arrays of ``dtype``.
    tolerance: None (bit for bit) or a function of the gold arrays' arguments and the
    gold result giving the allowed difference; used in float64 only.
    """
    if dtype == "float32":
        tolerance = None
    before = copy.deepcopy(args)

    # Mine: the python engine on plain lists
    python = PythonEngine(dtype)
    mine = getattr(python, op)(*_python_args(args), **kwargs)
    assert args == before, f"python engine {op} modified its inputs"
    _assert_python_floats(mine)

    # Gold: the NumPy expression, on arrays of dtype
    gold_args = _gold_args(args, dtype)
    with np.errstate(all="ignore"):
        gold_value = gold(*gold_args, **kwargs)
    allowed = tolerance(*gold_args, gold_value) if tolerance else None
    assert_same(mine, gold_value, dtype, args, allowed, either_zero)

    # The numpy engine gives what the python engine gives
    numpy_engine = NumpyEngine(dtype)
    numpy_args = _numpy_args(numpy_engine, args)
    numpy_before = copy.deepcopy(numpy_args)
    with np.errstate(all="ignore"):
        theirs = getattr(numpy_engine, op)(*numpy_args, **kwargs)
    for arg, saved in zip(numpy_args, numpy_before):
        assert np.array_equal(arg, saved, equal_nan=True), f"numpy engine {op} modified inputs"
    if isinstance(theirs, np.ndarray) or isinstance(theirs, np.generic):
        assert theirs.dtype == np.asarray(gold_value).dtype, (
            f"numpy engine {op} returned {theirs.dtype}")
    mine_array = np.asarray(mine) if np.asarray(gold_value).dtype.kind in "iub" \
        else as_dtype(mine, dtype)
    assert_same(theirs, mine_array, mine_array.dtype.name, args, allowed, either_zero)
    return mine


def _assert_python_floats(mine):
    """A python engine result holds Python floats (or ints, for indices), never NumPy values."""
    flat = [x for row in mine for x in (row if isinstance(row, list) else [row])] \
        if isinstance(mine, list) else [mine]
    assert all(type(x) in (float, int) for x in flat), f"not Python numbers: {mine!r}"[:500]


# --- elementwise arithmetic, with broadcasting -----------------------------------------------

@st.composite
def broadcast_pairs(draw, dtype, kind_b="any"):
    """Two operands NumPy can broadcast: (n,m) with (n,m), (1,m), (n,1), (m,) or a number."""
    n, m = draw(shapes(2))
    shape_a, shape_b = draw(st.sampled_from([
        ((n, m), (n, m)), ((n, m), (1, m)), ((1, m), (n, m)), ((n, m), (n, 1)),
        ((n, 1), (n, m)), ((n, 1), (1, m)), ((n, m), (m,)), ((m,), (n, m)),
        ((m,), (m,)), ((n, m), ()), ((), (n, m)), ((m,), ())]))
    a = draw(arrays(shape_a, dtype)) if shape_a else draw(elements(dtype))
    b = draw(arrays(shape_b, dtype, kind_b)) if shape_b else draw(elements(dtype, kind_b))
    return a, b


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("op, gold", [
    ("add", lambda a, b: a + b), ("subtract", lambda a, b: a - b),
    ("multiply", lambda a, b: a * b)])
@EXAMPLES
@given(data=st.data())
def test_add_subtract_multiply_broadcast_like_numpy(op, gold, dtype, data):
    a, b = data.draw(broadcast_pairs(dtype))
    check(op, dtype, [a, b], gold)


@pytest.mark.parametrize("dtype", DTYPES)
@EXAMPLES
@given(data=st.data())
def test_divide_broadcasts_like_numpy(dtype, data):
    a, b = data.draw(broadcast_pairs(dtype, kind_b="nonzero"))
    check("divide", dtype, [a, b], lambda a, b: a / b)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("op, gold, kind", [
    ("negative", np.negative, "any"), ("square", lambda a: a ** 2, "any"),
    ("sqrt", np.sqrt, "positive")])
@EXAMPLES
@given(data=st.data())
def test_unary_operations_equal_numpy(op, gold, kind, dtype, data):
    a = data.draw(arrays(data.draw(shapes()), dtype, kind))
    check(op, dtype, [a], gold)


def _rounded_once(function):
    """The correctly rounded rule: evaluate in float64, round once to the array's dtype."""
    return lambda a: function(a.astype(np.float64)).astype(a.dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("op, function, kind", [
    ("exp", np.exp, "exp"), ("log", np.log, "positive")])
@EXAMPLES
@given(data=st.data())
def test_exp_log_are_rounded_once_from_float64(op, function, kind, dtype, data):
    a = data.draw(arrays(data.draw(shapes()), dtype, kind))
    check(op, dtype, [a], _rounded_once(function), tolerance=lambda a, gold: two_ulps(gold))


@pytest.mark.parametrize("dtype", DTYPES)
@EXAMPLES
@given(data=st.data())
def test_power_is_rounded_once_from_float64(dtype, data):
    base = data.draw(st.sampled_from([math.e, 2.71828182846, 2.0, 10.0, 0.5]))
    a = data.draw(arrays(data.draw(shapes()), dtype, "exp"))
    a = [[x / 4 for x in row] for row in a] if a and isinstance(a[0], list) else [x / 4 for x in a]
    a = np.array(a, dtype=dtype).tolist()  # still values of dtype
    # The base converted to dtype first, as NumPy converts a Python number (NEP 50)
    def gold(base, a):
        base = a.dtype.type(base)
        return np.power(np.float64(base), a.astype(np.float64)).astype(a.dtype)

    check("power", dtype, [base, a], gold, tolerance=lambda base, a, gold: two_ulps(gold))


@pytest.mark.parametrize("dtype", DTYPES)
@EXAMPLES
@given(data=st.data())
def test_maximum_is_numpy_maximum_with_floor_0(dtype, data):
    a = data.draw(arrays(data.draw(shapes()), dtype))
    check("maximum", dtype, [0, a], np.maximum, either_zero=EITHER_ZERO)


@pytest.mark.parametrize("dtype", DTYPES)
@EXAMPLES
@given(data=st.data())
def test_clip_is_numpy_clip_of_the_loss(dtype, data):
    a = data.draw(arrays(data.draw(shapes()), dtype, "probability"))
    check("clip", dtype, [a, 1e-7, 1 - 1e-7], np.clip)


@pytest.mark.parametrize("dtype", DTYPES)
@EXAMPLES
@given(data=st.data())
def test_relu_gradient_zeroes_where_inputs_not_positive(dtype, data):
    shape = data.draw(shapes(2))
    dvalues = data.draw(arrays(shape, dtype))
    # Inputs with many exact zeros: the boundary of inputs <= 0
    inputs = data.draw(arrays(shape, dtype))
    zero_rows = data.draw(label_lists(shape[0], 2))
    inputs = [[0.0] * len(row) if zero else row for row, zero in zip(inputs, zero_rows)]

    def gold(dvalues, inputs):
        d = dvalues.copy()
        d[inputs <= 0] = 0
        return d

    check("relu_gradient", dtype, [dvalues, inputs], gold)


# --- products --------------------------------------------------------------------------------

@st.composite
def dot_pairs(draw, dtype):
    """Operands of np.dot: (n,k).(k,m), (n,k).(k,), (k,).(k,m), (k,).(k,)."""
    n, m = draw(SMALL), draw(SMALL)
    k = draw(lengths())
    if k > 40:
        n, m = min(n, 3), min(m, 3)
    shape_a, shape_b = draw(st.sampled_from([
        ((n, k), (k, m)), ((n, k), (k,)), ((k,), (k, m)), ((k,), (k,))]))
    return draw(arrays(shape_a, dtype)), draw(arrays(shape_b, dtype))


@pytest.mark.parametrize("dtype", DTYPES)
@EXAMPLES
@given(data=st.data())
def test_dot_is_float64_dot_rounded_once(dtype, data):
    a, b = data.draw(dot_pairs(dtype))
    def gold(a, b):
        # nnfs's float32 np.dot: cast both to float64, multiply, cast the result back
        return np.dot(a.astype(np.float64), b.astype(np.float64)).astype(a.dtype)

    check("dot", dtype, [a, b], gold, tolerance=lambda a, b, gold: dot_bound(a, b),
          either_zero=BLAS_ZERO)


@pytest.mark.parametrize("dtype", DTYPES)
@EXAMPLES
@given(data=st.data())
def test_outer_and_diagflat_equal_numpy(dtype, data):
    a = data.draw(arrays((data.draw(SMALL),), dtype))
    b = data.draw(arrays((data.draw(SMALL),), dtype))
    check("outer", dtype, [a, b], np.outer)
    check("diagflat", dtype, [a], np.diagflat)


@pytest.mark.parametrize("dtype", DTYPES)
@EXAMPLES
@given(data=st.data())
def test_transpose_is_numpy_T(dtype, data):
    a = data.draw(arrays(data.draw(shapes()), dtype))
    check("transpose", dtype, [a], lambda a: a.T)


# --- reductions ------------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", DTYPES)
@EXAMPLES
@given(data=st.data())
def test_sum_is_numpy_pairwise_sum(dtype, data):
    shape = data.draw(shapes())
    a = data.draw(arrays(shape, dtype))
    axis = data.draw(st.sampled_from([None, 0, 1] if len(shape) == 2 else [None, 0]))
    keepdims = data.draw(st.booleans())
    check("sum", dtype, [a], np.sum, axis=axis, keepdims=keepdims)


@pytest.mark.parametrize("dtype", DTYPES)
@EXAMPLES
@given(data=st.data())
def test_mean_is_numpy_mean(dtype, data):
    a = data.draw(arrays(data.draw(shapes()), dtype))
    check("mean", dtype, [a], np.mean)


@pytest.mark.parametrize("dtype", DTYPES)
@EXAMPLES
@given(data=st.data())
def test_max_and_argmax_over_rows_equal_numpy(dtype, data):
    a = data.draw(arrays(data.draw(shapes(2)), dtype))
    keepdims = data.draw(st.booleans())
    check("max", dtype, [a], np.max, axis=1, keepdims=keepdims, either_zero=EITHER_ZERO)
    check("argmax", dtype, [a], np.argmax, axis=1)


# --- indexing and making arrays --------------------------------------------------------------

@st.composite
def rows_and_labels(draw, dtype):
    n, m = draw(shapes(2))
    a = draw(arrays((n, m), dtype))
    return a, draw(label_lists(n, m)), m


@pytest.mark.parametrize("dtype", DTYPES)
@EXAMPLES
@given(data=st.data())
def test_pick_is_numpy_fancy_indexing(dtype, data):
    a, labels, _ = data.draw(rows_and_labels(dtype))
    check("pick", dtype, [a, Labels(labels)], lambda a, labels: a[range(len(a)), labels])


@pytest.mark.parametrize("dtype", DTYPES)
@EXAMPLES
@given(data=st.data())
def test_subtract_at_is_numpy_indexed_subtraction(dtype, data):
    a, labels, _ = data.draw(rows_and_labels(dtype))
    value = data.draw(st.one_of(st.just(1), elements(dtype)))

    def gold(a, labels, value):
        out = a.copy()
        out[range(len(a)), labels] -= value
        return out

    check("subtract_at", dtype, [a, Labels(labels), value], gold)


@pytest.mark.parametrize("dtype", DTYPES)
@EXAMPLES
@given(data=st.data())
def test_one_hot_is_rows_of_numpy_eye(dtype, data):
    _, labels, n_classes = data.draw(rows_and_labels(dtype))
    check("one_hot", dtype, [Labels(labels), n_classes],
          lambda labels, n: np.eye(n, dtype=dtype)[labels])
    check("eye", dtype, [n_classes], lambda n: np.eye(n, dtype=dtype))


@pytest.mark.parametrize("dtype", DTYPES)
@EXAMPLES
@given(data=st.data())
def test_count_equal_is_numpy_sum_of_equal(dtype, data):
    n = data.draw(lengths())
    a, b = data.draw(label_lists(n, 4)), data.draw(label_lists(n, 4))
    check("count_equal", dtype, [Labels(a), Labels(b)], lambda a, b: np.sum(a == b))


@pytest.mark.parametrize("dtype", DTYPES)
@EXAMPLES
@given(data=st.data())
def test_array_rounds_like_numpy_array(dtype, data):
    shape = data.draw(shapes())
    size = math.prod(shape)
    # Any float64 value (beyond float32's range it becomes +-inf, as in NumPy) or int
    values = st.one_of(st.floats(allow_nan=False), st.integers(-2**60, 2**60))
    flat = data.draw(st.lists(values, min_size=size, max_size=size)) if size <= DRAWN \
        else _generated(data.draw(st.integers(0, 2**32 - 1)), size, "float64", "any").tolist()
    a = flat if len(shape) == 1 else [flat[i * shape[1]:(i + 1) * shape[1]]
                                      for i in range(shape[0])]
    mine = PythonEngine(dtype).array(a)
    with np.errstate(over="ignore"):
        gold = np.array(a, dtype=dtype)
        theirs = NumpyEngine(dtype).array(a)
    assert_same(mine, gold, dtype, a)
    assert_same(theirs, gold, dtype, a)


@pytest.mark.parametrize("dtype", DTYPES)
def test_zeros_zeros_like_copy_shape_equal_numpy(dtype):
    python, numpy_engine = PythonEngine(dtype), NumpyEngine(dtype)
    a = [[1.5, -2.0, 3.0], [4.0, 5.0, -0.0]]
    assert_same(python.zeros(2, 3), np.zeros((2, 3), dtype=dtype), dtype)
    assert_same(python.zeros_like(a), np.zeros_like(np.array(a, dtype=dtype)), dtype)
    assert_same(python.zeros_like(a[0]), np.zeros(3, dtype=dtype), dtype)
    copied = python.copy(a)
    assert_same(copied, np.array(a, dtype=dtype), dtype)
    assert copied is not a and copied[0] is not a[0]
    assert python.shape(a) == numpy_engine.shape(numpy_engine.array(a)) == (2, 3)
    assert python.shape(a[0]) == numpy_engine.shape(numpy_engine.array(a[0])) == (3,)
    assert python.to_list(a) == numpy_engine.to_list(numpy_engine.array(a))


# --- infinities and NaN, where NumPy's answer is defined -------------------------------------

# Values of both dtypes: the smallest float32 subnormal and the largest float32
TINY, HUGE = 2.0**-149, float(np.finfo(np.float32).max)
SPECIAL = [0.0, -0.0, 1.0, -1.0, TINY, HUGE, math.inf, -math.inf, math.nan]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("op, gold", [
    ("add", np.add), ("subtract", np.subtract), ("multiply", np.multiply),
    ("divide", np.divide)])
def test_arithmetic_on_infinity_nan_and_zeros_follows_ieee_as_numpy(op, gold, dtype):
    # Every pair of special values: a row of a times a column of b -> (9, 9)
    a = [[x] for x in SPECIAL]
    b = [SPECIAL]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        check(op, dtype, [a, b], gold)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("op, gold", [
    ("negative", np.negative), ("square", np.square), ("sqrt", np.sqrt),
    ("exp", _rounded_once(np.exp)), ("log", _rounded_once(np.log))])
def test_unary_operations_on_infinity_nan_and_zeros_follow_numpy(op, gold, dtype):
    # sqrt and log of negative numbers give NaN in NumPy (with a RuntimeWarning)
    a = [SPECIAL + [-2.0, 100.0, 1000.0]]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        check(op, dtype, [a], gold)


@pytest.mark.parametrize("dtype", DTYPES)
def test_maximum_clip_and_relu_gradient_pass_nan_through_as_numpy(dtype):
    a = [SPECIAL]
    check("maximum", dtype, [0, a], np.maximum, either_zero=EITHER_ZERO)
    check("clip", dtype, [a, 1e-7, 1 - 1e-7], np.clip)

    def relu_gradient(dvalues, inputs):
        d = dvalues.copy()
        d[inputs <= 0] = 0
        return d

    check("relu_gradient", dtype, [[[2.0] * len(SPECIAL)], a], relu_gradient)


@pytest.mark.parametrize("dtype", DTYPES)
def test_sums_of_infinities_and_nan_follow_numpy(dtype):
    for a in ([[math.inf, 1.0, -math.inf]], [[math.inf] * 20], [[1.0, math.nan] * 10],
              [[3.4028235e38] * 4]):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            check("sum", dtype, [a], np.sum, axis=1, keepdims=False)
            check("sum", dtype, [a], np.sum)
            check("mean", dtype, [a], np.mean)


@pytest.mark.parametrize("dtype", DTYPES)
def test_sums_of_negative_zeros_are_zero_as_numpy(dtype):
    # np.add.reduce starts from 0.0, so any number of -0.0 values sums to 0.0
    for n in (1, 7, 8, 20, 200):
        row = [-0.0] * n
        check("sum", dtype, [row], np.sum)
        check("sum", dtype, [[row]], np.sum, axis=1, keepdims=True)
        check("sum", dtype, [[[x] for x in row]], np.sum, axis=0, keepdims=True)
        check("mean", dtype, [row], np.mean)


@pytest.mark.parametrize("dtype", DTYPES)
def test_sum_over_axis_0_of_a_single_column_is_pairwise_as_numpy(dtype):
    # An (n, 1) column is contiguous: NumPy sums it pairwise, not row after row. Here the
    # two orders round differently in float32.
    column = [[0.0]] * 125 + [[1.0], [-48577.0], [-999999.6875]]
    check("sum", dtype, [column], np.sum, axis=0, keepdims=True)


@pytest.mark.parametrize("dtype", DTYPES)
def test_power_overflows_to_infinity_as_numpy(dtype):
    a = [[-math.inf, -1000.0, 0.0, 88.0, 89.0, 709.0, 710.0, 1000.0, math.inf, math.nan]]

    def gold(base, a):
        return np.power(np.float64(a.dtype.type(base)), a.astype(np.float64)).astype(a.dtype)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        check("power", dtype, [math.e, a], gold)


@pytest.mark.parametrize("dtype", DTYPES)
def test_power_of_a_negative_base_is_nan_for_a_fractional_exponent_as_numpy(dtype):
    # Python's ** gives a complex number here; NumPy gives nan (and warns)
    a = [[0.5, 2.0, -1.0, 3.0, -0.25, 0.0]]

    def gold(base, a):
        return np.power(np.float64(a.dtype.type(base)), a.astype(np.float64)).astype(a.dtype)

    with pytest.warns(RuntimeWarning, match="invalid value encountered in power"):
        PythonEngine(dtype).power(-2.0, a)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        check("power", dtype, [-2.0, a], gold)


@pytest.mark.parametrize("dtype", DTYPES)
def test_max_and_argmax_find_nan_as_numpy(dtype):
    # np.max returns NaN if any value is NaN; np.argmax the index of the first NaN
    a = [[1.0, math.nan, 2.0], [math.nan, 3.0, math.nan], [-math.inf, -1.0, math.inf]]
    check("max", dtype, [a], np.max, axis=1, keepdims=True, either_zero=EITHER_ZERO)
    check("argmax", dtype, [a], np.argmax, axis=1)


# --- float32 exp: the correctly rounded rule, and how often NumPy's float32 exp misses it ----

def _float32_grid(low, high, count):
    """``count`` float32 values evenly spaced by bit pattern between low and high (> 0 or < 0)."""
    a, b = np.array([low, high], dtype=np.float32).view(np.int32)
    return np.unique(np.linspace(a, b, count).astype(np.int32)).view(np.float32)


@pytest.mark.parametrize("op, function, low, high", [
    ("exp", np.exp, -103.0, 88.0), ("log", np.log, 1e-30, 1e30)])
def test_float32_exp_log_follow_the_rounded_once_rule_where_numpy_simd_differs(
        op, function, low, high):
    # Every 1000th-ish float32 between low and high (both signs of the exp range)
    if low < 0:
        a = np.concatenate([-_float32_grid(1e-30, -low, 100_000),
                            _float32_grid(1e-30, high, 100_000)])
    else:
        a = _float32_grid(low, high, 200_000)
    mine = getattr(PythonEngine("float32"), op)(a.tolist())
    gold = function(a.astype(np.float64)).astype(np.float32)
    assert_same(mine, gold, "float32", f"{op} on {a.size} float32 values in [{low}, {high}]")
    # Documentation, not a requirement: NumPy's float32 exp/log (SIMD on this machine)
    simd = function(a)
    differ = int(np.count_nonzero(_bits(simd) != _bits(gold)))
    print(f"\nnp.{op} on float32 differs from the correctly rounded value for {differ} of "
          f"{a.size} values ({100 * differ / a.size:.2f}%)")


def _nearest_float32(value, mpmath):
    """An mpmath number rounded once to the nearest float32 (ties to even), subnormals too."""
    if abs(value) < 2.0**-126:
        return float(mpmath.nint(value * 2**149)) * 2.0**-149
    with mpmath.workprec(24):
        return float(+value)


def test_rounded_once_rule_is_correctly_rounded_where_numpy_float32_exp_differs():
    mpmath = pytest.importorskip("mpmath")
    a = np.concatenate([-_float32_grid(1e-30, 103.0, 20_000), _float32_grid(1e-30, 88.0, 20_000)])
    rule = np.exp(a.astype(np.float64)).astype(np.float32)
    cases = a[_bits(np.exp(a)) != _bits(rule)][:300]
    mine = PythonEngine("float32").exp(cases.tolist())
    # Gold: exp to 200 bits, rounded once to float32
    with mpmath.workprec(200):
        gold = [_nearest_float32(mpmath.exp(mpmath.mpf(float(x))), mpmath) for x in cases]
    assert_same(mine, np.array(gold, dtype=np.float32), "float32", cases)
