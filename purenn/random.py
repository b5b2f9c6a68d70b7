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
import threading

from .engine import precision
from .engine.config import settings
from .engine.shapes import PYTHON_VALUE_BYTES, check_fits, format_shape

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

    Safe to share between threads, as NumPy's RandomState (which holds a lock while it
    draws): ``lock`` is held for each draw, so each number is drawn once, by one thread. A
    call that draws many numbers holds it throughout; which thread gets which numbers
    depends on the order the threads run in.
    """

    def __init__(self, seed=0):
        # Held while the stream's state is read or changed (threads, see above)
        self.lock = threading.RLock()
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
        with self.lock:
            self._seed(seed)

    def _seed(self, seed):
        # State version 3 of random.Random: 624 words, then the position 624 (regenerate first)
        self.uniform.setstate((3, tuple(init_genrand(seed)) + (STATE_SIZE,), None))
        # Reseeding forgets the kept normal number, as NumPy does
        self.gauss_next = None
        self.seed_value = seed
        self.draws = 0

    def standard_normal(self):
        """One standard normal number, a float64 (``np.random.standard_normal()``)."""
        with self.lock:
            return self._standard_normal()

    def _standard_normal(self):
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
        # Refuse at once what cannot fit in memory, as NumPy does
        check_fits(count, "numbers", PYTHON_VALUE_BYTES, f"randn{format_shape(shape)}")
        with self.lock:
            values = [self._standard_normal() for _ in range(count)]
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
    # Refuse at once a list that cannot fit in memory, as NumPy's "Unable to allocate"
    check_fits(n, "numbers", PYTHON_VALUE_BYTES, f"permutation({n:,})")
    order = list(range(n))
    with stream.lock:
        # Swap each position, from the last down to 1, with one at or before it
        for i in range(n - 1, 0, -1):
            j = random_interval(stream, i)
            order[i], order[j] = order[j], order[i]
    return order


# --- ch14: binomial draws (chapter 15's dropout mask) ---------------------------------
#
# Chapter 15 draws its dropout mask with ``np.random.binomial(1, rate, size=shape)``, from the
# same global stream as ``randn``. NumPy's legacy ``RandomState.binomial`` (its
# ``legacy_random_binomial``) draws each number from uniform doubles of the MT19937 stream
# (the same doubles as ``random.Random.random``), by one of two algorithms:
#
# - p <= 0.5 and n * p <= 30: inversion, walking up the cumulative probabilities;
# - p <= 0.5 and n * p > 30: BTPE (Kachitvichyanukul and Schmeiser, 1988), a rejection
#   method over a triangle, a parallelogram and two exponential tails;
# - p > 0.5: the same with 1 - p, and the draw X turned into n - X.
#
# The normal number kept by ``standard_normal`` is left alone, as NumPy leaves its cached
# Gaussian: a script that mixes randn and binomial draws what NumPy draws.

# Inversion is used while n * p is at most this (NumPy's threshold)
INVERSION_LIMIT = 30.0


def check_binomial_arguments(n, p):
    """Return (n, p) as an int >= 0 and a float in [0, 1]; raise TypeError or ValueError."""
    if isinstance(n, bool):
        raise TypeError(f"binomial: n must be an integer >= 0, not the bool {n!r}")
    try:
        n = operator.index(n)
    except TypeError:
        raise TypeError(f"binomial: n must be an integer >= 0, not {n!r} "
                        f"of type {type(n).__name__}") from None
    if n < 0:
        raise ValueError(f"binomial: n must be >= 0, not {n}")
    if isinstance(p, bool):
        raise TypeError(f"binomial: p must be a probability in [0, 1], not the bool {p!r}")
    try:
        p = float(p)
    except (TypeError, ValueError):
        raise TypeError(f"binomial: p must be a probability in [0, 1], not {p!r}") from None
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"binomial: p must be a probability in [0, 1], not {p!r}")
    return n, p


def check_size(size):
    """``size`` as a shape tuple (an int n -> (n,)); None stays None (one number)."""
    if size is None:
        return None
    if isinstance(size, (tuple, list)):
        dims = tuple(size)
    else:
        dims = (size,)
    shape = []
    for dim in dims:
        if isinstance(dim, bool):
            raise TypeError(f"binomial: size must hold integers, not the bool {dim!r}")
        try:
            shape.append(operator.index(dim))
        except TypeError:
            raise TypeError(f"binomial: size must be an integer or a tuple of integers, "
                            f"not {size!r}") from None
    if any(dim < 0 for dim in shape):
        raise ValueError(f"binomial: negative dimensions are not allowed in the size "
                         f"{format_shape(shape)}")
    return tuple(shape)


def binomial_inversion(uniform, n, p):
    """One binomial number by inversion (NumPy's ``random_binomial_inversion``), p <= 0.5."""
    q = 1.0 - p
    # P(X = 0) = q ** n, the first step of the cumulative distribution
    qn = math.exp(n * math.log(q))
    mean = n * p
    # Walk no further than 10 standard deviations (+1) above the mean; then start again
    limit = mean + 10.0 * math.sqrt(mean * q + 1)
    bound = n if n < limit else int(limit)
    X = 0
    px = qn
    U = uniform()
    # Subtract P(X = 0), P(X = 1), ... from U until it falls inside one of them
    while U > px:
        X += 1
        if X > bound:
            X = 0
            px = qn
            U = uniform()
        else:
            U -= px
            # P(X) from P(X - 1): times (n - X + 1) p / (X q)
            px = ((n - X + 1) * p * px) / (X * q)
    return X


def _log_or_minus_inf(v):
    """C's log(v) for v >= 0: log(0) is -inf (math.log raises instead)."""
    if v > 0.0:
        return math.log(v)
    return -math.inf if v == 0.0 else math.nan


def _stirling_term(s, s2):
    """The Stirling series correction term of BTPE's final test, for one of its four values."""
    return (13680. - (462. - (132. - (99. - 140. / s2) / s2) / s2) / s2) / s / 166320.


def binomial_btpe(uniform, n, p):
    """One binomial number by BTPE (NumPy's ``random_binomial_btpe``), p <= 0.5, n p > 30."""
    # Set-up: the mode m, the widths of the four regions and their cumulative areas p1..p4
    r = min(p, 1.0 - p)
    q = 1.0 - r
    fm = n * r + r
    m = math.floor(fm)
    p1 = math.floor(2.195 * math.sqrt(n * r * q) - 4.6 * q) + 0.5
    xm = m + 0.5
    xl = xm - p1
    xr = xm + p1
    c = 0.134 + 20.5 / (15.3 + m)
    a = (fm - xl) / (fm - xl * r)
    laml = a * (1.0 + a / 2.0)
    a = (xr - fm) / (xr * q)
    lamr = a * (1.0 + a / 2.0)
    p2 = p1 * (1.0 + 2.0 * c)
    p3 = p2 + c / laml
    p4 = p3 + c / lamr
    nrq = n * r * q
    while True:
        # Step 10: a point (u, v); u picks the region
        u = uniform() * p4
        v = uniform()
        if u <= p1:
            # The triangle: accepted at once
            y = math.floor(xm - p1 * v + u)
            break
        if u <= p2:
            # Step 20: the parallelogram
            x = xl + (u - p1) / c
            v = v * c + 1.0 - abs(m - x + 0.5) / p1
            if v > 1.0:
                continue
            y = math.floor(x)
        elif u <= p3:
            # Step 30: the left exponential tail (v == 0 rejected: log(0))
            if v == 0.0:
                continue
            y = math.floor(xl + math.log(v) / laml)
            if y < 0:
                continue
            v = v * (u - p2) * laml
        else:
            # Step 40: the right exponential tail
            if v == 0.0:
                continue
            y = math.floor(xr - math.log(v) / lamr)
            if y > n:
                continue
            v = v * (u - p3) * lamr
        # Step 50: near the mode, compare v with f(y) / f(m) computed by recursion
        k = abs(y - m)
        if not (k > 20 and k < nrq / 2.0 - 1):
            s = r / q
            a = s * (n + 1)
            F = 1.0
            if m < y:
                for i in range(m + 1, y + 1):
                    F *= (a / i - s)
            elif m > y:
                for i in range(y + 1, m + 1):
                    F /= (a / i - s)
            if v > F:
                continue
            break
        # Step 52: far from the mode, squeeze log(v) between two bounds, then Stirling
        rho = (k / nrq) * ((k * (k / 3.0 + 0.625) + 0.16666666666666666) / nrq + 0.5)
        t = -k * k / (2 * nrq)
        A = _log_or_minus_inf(v)
        if A < t - rho:
            break
        if A > t + rho:
            continue
        x1 = float(y + 1)
        f1 = float(m + 1)
        z = float(n + 1 - m)
        w = float(n - y + 1)
        if A > (xm * math.log(f1 / x1) + (n - m + 0.5) * math.log(z / w)
                + (y - m) * math.log(w * r / (x1 * q))
                + _stirling_term(f1, f1 * f1) + _stirling_term(z, z * z)
                + _stirling_term(x1, x1 * x1) + _stirling_term(w, w * w)):
            continue
        break
    # Step 60
    if p > 0.5:
        y = n - y
    return y


def binomial_draw(uniform, n, p):
    """One binomial number from ``uniform()`` doubles (NumPy's ``legacy_random_binomial``).

    The legacy version has no shortcut for n == 0 or p == 0: even then one double is drawn.
    """
    if p <= 0.5:
        if p * n <= INVERSION_LIMIT:
            return binomial_inversion(uniform, n, p)
        return binomial_btpe(uniform, n, p)
    # p above 0.5: NumPy draws with q = 1 - p and returns n - X
    q = 1.0 - p
    if q * n <= INVERSION_LIMIT:
        return n - binomial_inversion(uniform, n, q)
    return n - binomial_btpe(uniform, n, q)


def stream_binomial(stream, n, p, size=None):
    """Binomial numbers of ``size`` from ``stream`` (``RandomState.binomial(n, p, size)``).

    size None or () -> one int; an int or a tuple -> nested lists of ints, in C order.
    """
    n, p = check_binomial_arguments(n, p)
    shape = check_size(size)
    if shape is not None:
        # Refuse at once what cannot fit in memory, as NumPy's "Unable to allocate"
        check_fits(math.prod(shape), "numbers", PYTHON_VALUE_BYTES,
                   f"binomial(size={format_shape(shape)})")
    uniform = stream.uniform.random
    with stream.lock:
        if shape is None:
            return binomial_draw(uniform, n, p)
        values = []
        for _ in range(math.prod(shape)):
            values.append(binomial_draw(uniform, n, p))
    if not shape:
        return values[0]  # size=(): one number, as NumPy's 0-d array holds
    return nest(values, shape)


def binomial(n, p, size=None):
    """Binomial numbers from purenn's stream (``np.random.binomial(n, p, size)``), as ints.

    ``n`` trials of probability ``p`` each; size None -> one int, else nested lists of ints.
    """
    return stream_binomial(default_stream, n, p, size)


def get_mt19937_state(stream=None):
    """(624 words, position) of a stream's Mersenne Twister (``get_state()[1:3]`` in NumPy)."""
    stream = default_stream if stream is None else stream
    internal = stream.uniform.getstate()[1]
    return list(internal[:STATE_SIZE]), internal[STATE_SIZE]


def set_mt19937_state(words, position, stream=None):
    """Put a Mersenne Twister state back into a stream; its kept normal number stays."""
    stream = default_stream if stream is None else stream
    stream.uniform.setstate((3, tuple(map(int, words)) + (int(position),), None))


# --- defects: the whole state of a stream, for NumPy to draw normal numbers from (issue 9) ---

def get_state(stream=None):
    """A stream's state in NumPy's layout (``np.random.get_state()``), without NumPy:

    ``("MT19937", words, position, has_gauss, cached_gaussian)``: the Mersenne Twister (see
    get_mt19937_state) and the kept second number of a polar pair, if any.
    """
    stream = default_stream if stream is None else stream
    with stream.lock:
        words, position = get_mt19937_state(stream)
        has_gauss = stream.gauss_next is not None
        return ("MT19937", words, position, int(has_gauss),
                stream.gauss_next if has_gauss else 0.0)


def set_state(state, draws=0, stream=None):
    """Give a stream a state in NumPy's layout (``np.random.set_state(state)``).

    ``draws``: how many normal numbers were drawn elsewhere (by NumPy) to reach it, added to
    the stream's count.
    """
    stream = default_stream if stream is None else stream
    _, words, position, has_gauss, cached_gaussian = state[:5]
    with stream.lock:
        set_mt19937_state(words, position, stream)
        stream.gauss_next = float(cached_gaussian) if has_gauss else None
        stream.draws += draws
