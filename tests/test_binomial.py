"""purenn.random.binomial against NumPy's legacy np.random.RandomState(seed).binomial.

Tolerance everywhere: none. The draws are integers and must be equal; the stream must be
left where NumPy leaves it (the next uniform double and the next normal number equal).
The gold side uses its own np.random.RandomState, never NumPy's global stream.
"""
import pytest

import purenn
from purenn import random
from purenn.engine.config import get_engine, settings

np = pytest.importorskip("numpy")
pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, example, given, settings as hypothesis_settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

SEEDS = st.integers(min_value=0, max_value=2 ** 32 - 1)
# p anywhere in [0, 1], with the edges and the middle; n small (inversion) and large (BTPE)
PROBABILITIES = st.one_of(st.floats(min_value=0.0, max_value=1.0),
                          st.sampled_from([0.0, 0.5, 1.0, 0.9, 0.1]))
TRIALS = st.one_of(st.integers(min_value=0, max_value=40),
                   st.integers(min_value=0, max_value=10 ** 9))
SIZES = st.one_of(st.none(), st.integers(min_value=0, max_value=30),
                  st.lists(st.integers(min_value=0, max_value=6), max_size=3).map(tuple))


@pytest.fixture
def float64_mode(monkeypatch):
    """float64 (randn unrounded), the same for every input hypothesis makes (nothing resets it)."""
    monkeypatch.setattr(settings, "dtype", "float64")


def gold_binomial(gold, n, p, size):
    """NumPy's draws as Python ints (nested lists) or one int."""
    values = gold.binomial(n, p, size=size)
    return values.tolist() if size is not None else int(values)


def assert_same_stream(seed_info, gold):
    """The next uniform double and normal number of purenn's stream equal NumPy's."""
    mine_uniform = random.default_stream.uniform.random()
    gold_uniform = gold.random_sample()
    assert mine_uniform == gold_uniform, f"{seed_info}: next double mine {mine_uniform} gold {gold_uniform}"
    mine_normal = random.default_stream.standard_normal()
    gold_normal = gold.standard_normal()
    assert mine_normal == gold_normal, f"{seed_info}: next normal mine {mine_normal} gold {gold_normal}"


@hypothesis_settings(max_examples=300, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=SEEDS, n=TRIALS, p=PROBABILITIES, size=SIZES)
@example(seed=0, n=1, p=0.9, size=(3, 4))       # the book's dropout mask
@example(seed=1, n=0, p=0.3, size=5)            # n = 0 still draws (legacy)
@example(seed=2, n=7, p=0.0, size=5)            # p = 0 still draws (legacy)
@example(seed=3, n=7, p=1.0, size=5)            # p = 1: n - inversion(n, 0)
@example(seed=4, n=1000, p=0.3, size=50)        # BTPE, p < 0.5
@example(seed=5, n=1000, p=0.7, size=50)        # BTPE through q = 1 - p
@example(seed=6, n=61, p=0.5, size=50)          # n p just above 30
@example(seed=7, n=60, p=0.5, size=50)          # n p = 30: inversion
def test_binomial_equals_numpy_legacy(float64_mode, seed, n, p, size):
    random.seed(seed)
    gold = np.random.RandomState(seed)
    mine = random.binomial(n, p, size)
    assert mine == gold_binomial(gold, n, p, size), f"seed {seed}, n {n}, p {p!r}, size {size}"
    assert_same_stream((seed, n, p, size), gold)


# One call in a mixed script: ("randn", shape) or ("binomial", n, p, size)
CALLS = st.one_of(
    st.tuples(st.just("randn"), st.lists(st.integers(min_value=0, max_value=5),
                                         max_size=2).map(tuple)),
    st.tuples(st.just("binomial"), TRIALS, PROBABILITIES, SIZES))


@hypothesis_settings(max_examples=150, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=SEEDS, calls=st.lists(CALLS, min_size=1, max_size=8))
@example(seed=0, calls=[("randn", (1,)), ("binomial", 1, 0.9, 4), ("randn", (1,))])
def test_binomial_interleaved_with_randn_equals_numpy(float64_mode, seed, calls):
    """A script that mixes randn and binomial draws what NumPy draws; NumPy's kept normal
    number survives the binomial draws between two randn calls."""
    random.seed(seed)
    gold = np.random.RandomState(seed)
    for call in calls:
        if call[0] == "randn":
            shape = call[1]
            mine = random.randn(*shape)
            expected = gold.randn(*shape)
            expected = expected.tolist() if shape else float(expected)
        else:
            _, n, p, size = call
            mine = random.binomial(n, p, size)
            expected = gold_binomial(gold, n, p, size)
        assert mine == expected, f"seed {seed}, call {call}: mine {mine} gold {expected}"
    assert_same_stream((seed, calls), gold)


@hypothesis_settings(max_examples=60, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=SEEDS, n=TRIALS, p=PROBABILITIES,
       shape=st.tuples(st.integers(min_value=1, max_value=6), st.integers(min_value=1, max_value=6)))
def test_both_engines_draw_the_same_binomial_numbers(float64_mode, seed, n, p, shape):
    """The numpy engine's binomial (a private RandomState that takes over purenn's state)
    draws what purenn.random.binomial draws, and leaves the stream at the same place."""
    random.seed(seed)
    gold = random.binomial(n, p, shape)
    after_gold = random.default_stream.uniform.random()
    random.seed(seed)
    mine = get_engine("numpy").binomial(n, p, shape).tolist()
    after_mine = random.default_stream.uniform.random()
    assert mine == gold
    assert after_mine == after_gold
    # Unchanged: NumPy's global stream
    assert get_engine("python").binomial(n, p, shape) is not None


def test_numpy_engine_binomial_keeps_the_kept_normal_number(float64_mode):
    random.seed(3)
    gold = np.random.RandomState(3)
    assert random.randn(1) == gold.randn(1).tolist()
    get_engine("numpy").binomial(1, 0.9, (4, 5))
    gold.binomial(1, 0.9, size=(4, 5))
    # The second number of the polar pair, kept since the first randn
    assert random.randn(1) == gold.randn(1).tolist()


def test_numpy_engine_binomial_leaves_numpys_global_stream_alone():
    state = np.random.get_state()
    get_engine("numpy").binomial(1, 0.5, (10, 10))
    after = np.random.get_state()
    assert (state[1] == after[1]).all() and state[2] == after[2]


def test_size_none_is_one_int_and_an_int_size_a_list():
    random.seed(0)
    value = random.binomial(10, 0.5)
    assert type(value) is int
    assert random.binomial(10, 0.5, 3) == np.random.RandomState(0).binomial(10, 0.5, 4).tolist()[1:]


@pytest.mark.parametrize("n, p, size, error, message", [
    (-1, 0.5, None, ValueError, "n must be >= 0, not -1"),
    (1.5, 0.5, None, TypeError, "n must be an integer >= 0"),
    (True, 0.5, None, TypeError, "not the bool True"),
    (1, -0.1, None, ValueError, "p must be a probability in [0, 1], not -0.1"),
    (1, 1.5, None, ValueError, "p must be a probability in [0, 1], not 1.5"),
    (1, float("nan"), None, ValueError, "p must be a probability in [0, 1], not nan"),
    (1, "a", None, TypeError, "p must be a probability in [0, 1], not 'a'"),
    (1, 0.5, (2, -1), ValueError, "negative dimensions are not allowed in the size (2, -1)"),
    (1, 0.5, 2.5, TypeError, "size must be an integer or a tuple of integers"),
])
def test_bad_arguments_are_refused_naming_them(n, p, size, error, message):
    random.seed(0)
    with pytest.raises(error) as caught:
        random.binomial(n, p, size)
    assert message in str(caught.value)
    # Nothing was drawn
    assert random.default_stream.uniform.random() == np.random.RandomState(0).random_sample()
