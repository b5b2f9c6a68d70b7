"""Random numbers: NumPy's ``np.random.randn`` stream, in pure Python (chapter 3).

Chapter 3 starts the weights of a dense layer at ``0.01 * np.random.randn(n_inputs,
n_neurons)``, after ``nnfs.init()`` has seeded NumPy's global generator with 0. To reach the
book's numbers, purenn draws the very same values: ``seed(n); randn(...)`` here equals
``np.random.seed(n); np.random.randn(...)`` bit for bit, for every seed in [0, 2**32).

How NumPy's legacy stream is made (``np.random.RandomState``):

1. The Mersenne Twister (MT19937) is seeded from one 32-bit integer with Knuth's recurrence
   (``init_genrand`` of the reference implementation; NumPy's ``mt19937_seed``).
2. Each uniform double in [0, 1) takes two 32-bit outputs, 27 and 26 of their bits:
   ``(a >> 5) * 2**26 + (b >> 6)``, divided by 2**53.
3. Normal numbers come in pairs from Marsaglia's polar method (NumPy's ``legacy_gauss``):
   the second number of a pair is kept and returned by the next draw.

Python's own ``random.Random`` is the same MT19937 and its ``random()`` is step 2 exactly,
so step 1 is written out below and its state handed to ``random.Random``, which then draws
the uniform numbers in C. Step 3 is written out.

What it leaves out: NumPy's other distributions, array seeds and ``seed(None)``.
"""
# Inside this module, ``random`` is Python's standard library module (absolute import).
import math
import operator
import random

from . import precision
from .config import settings
from .shapes import format_shape

# MT19937: 624 words of 32 bits of state.
STATE_SIZE = 624
WORD_MASK = 0xFFFFFFFF
# Knuth's multiplier for seeding (TAOCP Vol. 2, 3rd ed., p. 106).
SEED_MULTIPLIER = 1812433253
# A legacy seed is one 32-bit word.
SEED_LIMIT = 2 ** 32


def check_seed(seed):
    """Return ``seed`` as an int in [0, 2**32); raise TypeError or ValueError otherwise."""
    if isinstance(seed, bool):
        raise TypeError(f"seed must be an integer in [0, 2**32), not the bool {seed!r}")
    try:
        value = operator.index(seed)  # ints and NumPy integers; floats are refused
    except TypeError:
        raise TypeError(f"seed must be an integer in [0, 2**32), not {seed!r} "
                        f"of type {type(seed).__name__}") from None
    if not 0 <= value < SEED_LIMIT:
        raise ValueError(f"seed must be in [0, 2**32) = [0, {SEED_LIMIT - 1}], not {value}")
    return value


def check_shape(shape):
    """Return ``shape`` as a tuple of ints >= 0; raise TypeError or ValueError otherwise."""
    shown = format_shape([repr(dim) for dim in shape])
    dims = []
    for dim in shape:
        if isinstance(dim, bool):
            raise TypeError(f"randn: dimensions must be integers, but the shape "
                            f"{shown} holds the bool {dim!r}")
        try:
            dims.append(operator.index(dim))
        except TypeError:
            raise TypeError(f"randn: dimensions must be integers, but the shape "
                            f"{shown} holds {dim!r} of type "
                            f"{type(dim).__name__}") from None
    if any(dim < 0 for dim in dims):
        raise ValueError(f"randn: negative dimensions are not allowed in the shape "
                         f"{format_shape(dims)}")
    return tuple(dims)


def init_genrand(seed):
    """The 624 words of MT19937 state made from one 32-bit seed (NumPy's ``mt19937_seed``)."""
    key = [seed]
    for i in range(1, STATE_SIZE):
        # Each word from the one before, kept to 32 bits
        previous = key[i - 1]
        key.append((SEED_MULTIPLIER * (previous ^ (previous >> 30)) + i) & WORD_MASK)
    return key


def polar_pair(uniform):
    """Two independent standard normal numbers from ``uniform()`` draws (NumPy's ``legacy_gauss``).

    Returns ``(f * x2, f * x1)``: NumPy returns the first and keeps the second for later.
    """
    while True:
        # A random point in the square [-1, 1) x [-1, 1)
        x1 = 2.0 * uniform() - 1.0
        x2 = 2.0 * uniform() - 1.0
        r2 = x1 * x1 + x2 * x2
        # Keep it only if it lies inside the unit circle (and is not its centre)
        if 0.0 < r2 < 1.0:
            break
    # Marsaglia's polar method: scale the point to two normal numbers
    f = math.sqrt(-2.0 * math.log(r2) / r2)
    return f * x2, f * x1


def nest(values, shape):
    """Cut a flat list into nested lists of ``shape``, in C order (``np.reshape``)."""
    if len(shape) <= 1:
        return values
    step = len(values) // shape[0] if shape[0] else 0
    return [nest(values[i * step:(i + 1) * step], shape[1:]) for i in range(shape[0])]


class RandomState:
    """A stream of standard normal numbers, as ``np.random.RandomState(seed)``.

    ``randn`` follows the working precision: after ``purenn.init()`` each value is rounded to
    float32, as ``np.random.randn`` returns after ``nnfs.init()``.
    """

    def __init__(self, seed=0):
        # The seed given last, and how many normal numbers were drawn since
        self.seed_value = None
        self.draws = 0
        # MT19937 and its uniform doubles: Python's random.Random (in C)
        self.uniform = random.Random()
        # The second number of the last polar pair, returned by the next draw
        self.gauss_next = None
        self.seed(seed)

    def __repr__(self):
        return f"RandomState(seed={self.seed_value}, draws={self.draws})"

    def seed(self, seed):
        """Restart the stream from ``seed``, an integer in [0, 2**32) (``np.random.seed``)."""
        seed = check_seed(seed)
        # State version 3 of random.Random: 624 words, then the position 624 (regenerate first)
        self.uniform.setstate((3, tuple(init_genrand(seed)) + (STATE_SIZE,), None))
        # Reseeding forgets the kept normal number, as NumPy does
        self.gauss_next = None
        self.seed_value = seed
        self.draws = 0

    def standard_normal(self):
        """One standard normal number, a float64 (``np.random.standard_normal()``)."""
        self.draws += 1
        # The number kept from the last pair comes first
        if self.gauss_next is not None:
            value, self.gauss_next = self.gauss_next, None
            return value
        value, self.gauss_next = polar_pair(self.uniform.random)
        return value

    def randn(self, *shape):
        """Standard normal numbers of ``shape`` (``np.random.randn(*shape)``).

        ``randn()`` -> one float; ``randn(5)`` -> a list of 5; ``randn(2, 5)`` -> 2 rows of 5;
        filled in C order (row after row). Rounded to float32 in float32 mode.
        """
        shape = check_shape(shape)
        count = math.prod(shape)
        values = [self.standard_normal() for _ in range(count)]
        # Differs from book: the precision is purenn's setting, read now (nnfs.init patches randn)
        values = precision.round_list(values, settings.dtype)
        if not shape:
            return values[0]
        return nest(values, shape)


# The stream that seed() and randn() use, as NumPy's global one; seeded with 0 at import.
default_stream = RandomState(0)


def seed(seed):
    """Restart purenn's stream from ``seed`` in [0, 2**32) (``np.random.seed(seed)``)."""
    default_stream.seed(seed)


def randn(*shape):
    """Standard normal numbers of ``shape`` from purenn's stream (``np.random.randn(*shape)``)."""
    return default_stream.randn(*shape)


# --- model: shuffling (Model.train(..., shuffle=True)) ---------------------------------

def random_interval(stream, max_value):
    """One integer in [0, max_value] from ``stream``'s MT19937 (NumPy's legacy ``random_interval``).

    32-bit outputs are masked to the fewest bits that hold ``max_value``; an output above it
    is thrown away and the next one drawn (rejection sampling: every value equally likely).
    """
    if max_value == 0:
        return 0
    # The smallest mask of all ones that covers max_value
    mask = max_value
    for shift in (1, 2, 4, 8, 16):
        mask |= mask >> shift
    while True:
        # getrandbits(32) is the next 32-bit output of the generator, as NumPy's next_uint32
        value = stream.uniform.getrandbits(32) & mask
        if value <= max_value:
            return value


def permutation(n, stream=None):
    """The numbers 0 .. n-1 in a random order: ``np.random.permutation(n)`` (legacy stream).

    A Fisher-Yates shuffle from the last position down, as NumPy's ``RandomState.shuffle``:
    position i swaps with a position j drawn from [0, i]. Draws from purenn's stream (or
    ``stream``); the normal number kept by ``randn`` is left as it is, as in NumPy.
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise ValueError(f"permutation: n must be an integer >= 0, not {n!r}")
    stream = default_stream if stream is None else stream
    order = list(range(n))
    # Swap each position, from the last down to 1, with one at or before it
    for i in range(n - 1, 0, -1):
        j = random_interval(stream, i)
        order[i], order[j] = order[j], order[i]
    return order
