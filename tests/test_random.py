"""purenn.random against NumPy's legacy stream: np.random.RandomState(seed).randn(*shape).

Tolerance everywhere: none. Values are compared bit for bit (their IEEE bytes).
The gold side uses its own np.random.RandomState, never NumPy's global stream.
"""
import os
import struct
import subprocess
import sys

import pytest

import purenn
from purenn import random
from purenn.engine.config import settings

np = pytest.importorskip("numpy")
hypothesis = pytest.importorskip("hypothesis")
from hypothesis import example, given, settings as hypothesis_settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

PROJECT_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEEDS = st.integers(min_value=0, max_value=2 ** 32 - 1)
# Up to 3 dimensions of up to 7: at most 343 draws, nested up to 3 deep
SHAPES = st.lists(st.integers(min_value=0, max_value=7), max_size=3).map(tuple)


@pytest.fixture
def float32_mode(monkeypatch):
    """Work in float32 (as after purenn.init()); the old setting comes back after the test."""
    monkeypatch.setattr(settings, "dtype", "float32")


@pytest.fixture
def float64_mode(monkeypatch):
    monkeypatch.setattr(settings, "dtype", "float64")


def flatten(values):
    if isinstance(values, (list, tuple)):
        return [x for item in values for x in flatten(item)]
    return [values]


def nested_shape(values):
    """The shape of a nested list, or () for one number."""
    if not isinstance(values, list):
        return ()
    if not values:
        return (0,)
    return (len(values),) + nested_shape(values[0])


def assert_same_bits(mine, gold):
    """Exact: every float64 of ``mine`` has the bytes of the one in ``gold``; shapes equal."""
    mine_flat = flatten(mine)
    gold_flat = flatten(gold)
    assert len(mine_flat) == len(gold_flat), f"mine {mine}\ngold {gold}"
    for i, (a, b) in enumerate(zip(mine_flat, gold_flat)):
        assert type(a) is float, f"mine[{i}] is {a!r}, not a float"
        assert struct.pack("<d", a) == struct.pack("<d", float(b)), (
            f"element {i}: mine {a!r} ({a.hex()}) gold {float(b)!r} ({float(b).hex()})")


def gold_randn(seed, shape, dtype=np.float64):
    """np.random.RandomState(seed).randn(*shape), as Python floats in nested lists."""
    values = np.random.RandomState(seed).randn(*shape)
    return np.asarray(values, dtype=dtype).tolist()


@given(seed=SEEDS, shape=SHAPES)
@example(seed=0, shape=(3, 4))
@example(seed=1, shape=(5,))
@example(seed=2 ** 32 - 1, shape=(2, 3, 2))
@hypothesis_settings(deadline=None)
def test_randn_matches_numpy_randn_bit_for_bit_in_float64(seed, shape):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(settings, "dtype", "float64")
        mine = random.RandomState(seed).randn(*shape)
    gold = gold_randn(seed, shape)
    assert nested_shape(mine) == nested_shape(gold)
    assert_same_bits(mine, gold)


@given(seed=SEEDS, shape=SHAPES)
@example(seed=0, shape=(2, 5))
@example(seed=2 ** 32 - 1, shape=(7,))
@hypothesis_settings(deadline=None)
def test_randn_in_float32_mode_matches_numpy_randn_astype_float32(seed, shape):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(settings, "dtype", "float32")
        mine = random.RandomState(seed).randn(*shape)
    # nnfs.init() makes np.random.randn return .astype('float32')
    gold = gold_randn(seed, shape, np.float32)
    assert_same_bits(mine, gold)


def test_randn_shapes_follow_numpy_nesting(float64_mode):
    stream = random.RandomState(0)
    assert isinstance(stream.randn(), float)
    assert nested_shape(stream.randn(5)) == (5,)
    assert nested_shape(stream.randn(2, 5)) == (2, 5)
    assert nested_shape(stream.randn(2, 3, 4)) == (2, 3, 4)
    # Empty shapes nest as NumPy's tolist() does
    assert stream.randn(0) == np.random.randn(0).tolist()
    assert stream.randn(2, 0, 3) == np.zeros((2, 0, 3)).tolist()


def test_randn_no_arguments_is_one_draw(float64_mode):
    stream = random.RandomState(42)
    mine = [stream.randn(), stream.randn(), stream.randn()]
    gold = np.random.RandomState(42).randn(3).tolist()
    assert_same_bits(mine, gold)


@given(seed=SEEDS, counts=st.lists(st.integers(min_value=0, max_value=9), min_size=1,
                                   max_size=6))
@example(seed=0, counts=[1, 1, 1])
@hypothesis_settings(deadline=None)
def test_odd_counts_pass_the_kept_second_value_on(seed, counts):
    # Draws of odd sizes split the polar pairs between calls; NumPy keeps the second value
    mine_stream = random.RandomState(seed)
    gold_stream = np.random.RandomState(seed)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(settings, "dtype", "float64")
        for count in counts:
            assert_same_bits(mine_stream.randn(count), gold_stream.randn(count).tolist())


@given(seeds=st.lists(SEEDS, min_size=1, max_size=4),
       counts=st.lists(st.integers(min_value=0, max_value=5), min_size=1, max_size=4))
@hypothesis_settings(deadline=None)
def test_seed_between_draws_restarts_the_stream_and_forgets_the_kept_value(seeds, counts):
    mine_stream = random.RandomState(0)
    gold_stream = np.random.RandomState(0)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(settings, "dtype", "float64")
        for seed in seeds:
            for count in counts:
                assert_same_bits(mine_stream.randn(count), gold_stream.randn(count).tolist())
            # An odd count leaves a kept value behind; seeding must drop it
            mine_stream.randn(1)
            gold_stream.randn(1)
            mine_stream.seed(seed)
            gold_stream.seed(seed)
        assert_same_bits(mine_stream.randn(3), gold_stream.randn(3).tolist())


def test_standard_normal_is_float64_in_float32_mode(float32_mode):
    # np.random.standard_normal is not patched by nnfs.init(): it stays float64
    stream = random.RandomState(3)
    mine = [stream.standard_normal() for _ in range(5)]
    gold = np.random.RandomState(3).standard_normal(5).tolist()
    assert_same_bits(mine, gold)


def test_precision_is_read_at_call_time(monkeypatch):
    stream = random.RandomState(9)
    monkeypatch.setattr(settings, "dtype", "float64")
    first = stream.randn(3)
    monkeypatch.setattr(settings, "dtype", "float32")
    second = stream.randn(3)
    gold = np.random.RandomState(9).randn(6)
    assert_same_bits(first, gold[:3].tolist())
    assert_same_bits(second, gold[3:].astype(np.float32).tolist())


def test_module_seed_and_randn_use_the_default_stream(float64_mode):
    random.seed(2 ** 32 - 1)
    mine = random.randn(2, 3)
    gold = np.random.RandomState(2 ** 32 - 1).randn(2, 3).tolist()
    assert_same_bits(mine, gold)
    assert random.default_stream.seed_value == 2 ** 32 - 1


def test_default_stream_is_seeded_with_0_at_import():
    code = "import purenn.random as r; print(repr(r.randn(4)))"
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, cwd=PROJECT_ROOT).stdout
    mine = eval(output)  # a list of float reprs
    gold = np.random.RandomState(0).randn(4).tolist()
    assert_same_bits(mine, gold)


def test_init_seeds_the_stream(monkeypatch):
    # purenn.init changes the settings: register them so that they come back afterwards
    monkeypatch.setattr(settings, "dtype", settings.dtype)
    monkeypatch.setattr(settings, "engine", settings.engine)
    purenn.init(seed=7)
    mine = random.randn(2, 2)
    gold = np.random.RandomState(7).randn(2, 2).astype(np.float32).tolist()
    assert_same_bits(mine, gold)


def test_numpy_integer_seed_is_accepted(float64_mode):
    mine = random.RandomState(np.uint32(5)).randn(3)
    assert_same_bits(mine, np.random.RandomState(5).randn(3).tolist())


@pytest.mark.parametrize("seed", [-1, 2 ** 32, 2 ** 40])
def test_seed_outside_range_is_a_value_error_naming_range_and_value(seed):
    with pytest.raises(ValueError) as error:
        random.seed(seed)
    assert "2**32" in str(error.value) and str(seed) in str(error.value)


@pytest.mark.parametrize("seed", [1.0, True, "1", None, [1, 2]])
def test_seed_not_an_integer_is_a_type_error(seed):
    with pytest.raises(TypeError) as error:
        random.RandomState(seed)
    assert "2**32" in str(error.value) and repr(seed) in str(error.value)


def test_failed_seed_leaves_the_stream_unchanged(float64_mode):
    stream = random.RandomState(11)
    with pytest.raises(ValueError):
        stream.seed(-5)
    assert_same_bits(stream.randn(2), np.random.RandomState(11).randn(2).tolist())


@pytest.mark.parametrize("shape, error_type, shown", [
    ((-1,), ValueError, "(-1,)"),
    ((2, -3), ValueError, "(2, -3)"),
    ((2.0,), TypeError, "(2.0,)"),
    ((3, True), TypeError, "(3, True)"),
    (("2",), TypeError, "('2',)"),
])
def test_bad_dimension_is_an_error_naming_the_shape(shape, error_type, shown):
    with pytest.raises(error_type) as error:
        random.randn(*shape)
    assert shown in str(error.value)


def test_repr_shows_seed_and_draws(float64_mode):
    stream = random.RandomState(3)
    stream.randn(2, 2)
    assert repr(stream) == "RandomState(seed=3, draws=4)"


@pytest.mark.parametrize("n", [0, 1, 2, 511, 512, 2000])
def test_the_numpy_engines_permutation_is_purenn_random_permutation(n):
    """Model.train(shuffle=True) draws its order with ops.permutation: in the numpy engine,
    NumPy's legacy shuffle continuing purenn's stream from 512 rows on, purenn.random's loop
    below. The same order in both, and the stream left in the same state (the kept normal
    number included)."""
    from purenn.engine.numpy_engine import NumpyEngine
    ops = NumpyEngine()
    random.seed(n)
    random.randn(3)  # an odd count: a normal number is kept
    start = random.get_state()
    expected = random.permutation(n)
    after = random.get_state()
    random.set_state(start)
    order = ops.permutation(n)
    assert order.dtype.kind == "i"
    assert order.tolist() == expected
    assert random.get_state() == after
