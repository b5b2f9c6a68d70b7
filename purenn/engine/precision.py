"""Working precision: the one place where float32 rounding happens.

NumPy computes a float32 array operation as if in exact arithmetic and then rounds the
result to the nearest float32. purenn's python engine does the same in two steps: the
operation runs on Python floats (float64), then ``to_float32`` rounds the result once.
For +, -, *, / and sqrt this gives exactly NumPy's float32 answer (float64 has more than
twice float32's digits, so rounding twice cannot differ from rounding once).

In float64 mode nothing is rounded: Python floats already are float64.

Also here, as the helpers a debugger steps over: NumPy's order of summation
(``pairwise_sum``), NumPy's answers where Python raises (``exp``, ``log``, ``sqrt``,
``divide``: inf and nan instead of an error), and the numpy engine's float32 rules
(``in_float64``, ``dot_in_float64``). This module imports only the standard library.
"""
import math
import struct
from array import array
from functools import lru_cache

FLOAT32 = "float32"
FLOAT64 = "float64"
DTYPES = (FLOAT32, FLOAT64)


def check_dtype(dtype):
    """Return ``dtype`` as one of ``"float32"``, ``"float64"``; raise ValueError otherwise."""
    name = getattr(dtype, "__name__", dtype)  # accepts "float32" and np.float32 alike
    name = str(name)
    if name not in DTYPES:
        raise ValueError(f"dtype must be 'float32' or 'float64', not {dtype!r}")
    return name


# One C float, packed and read back (see to_float32)
_FLOAT32 = struct.Struct("f")
_pack_float32, _unpack_float32 = _FLOAT32.pack, _FLOAT32.unpack


def to_float32(x):
    """Round one number to the nearest float32 (np.float32(x)); overflow gives +-inf."""
    # struct packs a C float: the conversion rounds to nearest, ties to even. A value too
    # large for a float32 makes struct raise; array('f') casts it to +-inf, as NumPy does.
    try:
        return _unpack_float32(_pack_float32(x))[0]
    except (OverflowError, struct.error):
        return array("f", (x,))[0]


def rounding(dtype):
    """The function that rounds one number to ``dtype``, which the python engine's formulas
    call ``f32`` after every operation: ``to_float32``, or ``float`` in float64 mode (a
    Python float already is a float64: nothing is rounded, an int becomes a float)."""
    return to_float32 if dtype == FLOAT32 else float


def to_float32_list(values):
    """Round every number of an iterable to float32 (np.asarray(values, np.float32))."""
    return array("f", values).tolist()


def to_float32_rows(rows):
    """Round every number of each row (an iterable of lists) to float32: a new list of lists.

    Each row is packed into C floats by ``struct`` and read back: the same cast to a C float
    as array('f') (to nearest, ties to even), faster for whole rows. A value that is not a
    number raises struct.error (``round_rows`` then lets array('f') name the problem).
    """
    rounded = []
    n_values = None
    for row in rows:
        if len(row) != n_values:
            n_values = len(row)
            row_format = _row_format(n_values)
        rounded.append(list(row_format.unpack(row_format.pack(*row))))
    return rounded


@lru_cache(maxsize=None)
def _row_format(n_values):
    """The struct format of a row of ``n_values`` C floats ("64f"), made once per length."""
    return struct.Struct(f"{n_values}f")


def to_float32_row(row):
    """Round every number of a finished row (a list) to float32: a new list.

    The row is packed into C floats by ``struct`` and read back, as ``to_float32_rows``
    does for each row.
    """
    return list(_row_format(len(row)).unpack(_row_format(len(row)).pack(*row)))


def round_list(values, dtype):
    """Round an iterable of numbers to the working precision and return a new list of floats."""
    if dtype == FLOAT32:
        return to_float32_list(values)
    # array('d') keeps float64 values as they are; it also turns ints into floats.
    return array("d", values).tolist()


def round_rows(rows, dtype):
    """Round each row of numbers to the working precision: a new list of lists of floats."""
    if dtype == FLOAT32:
        try:
            return to_float32_rows(rows)
        except (struct.error, TypeError):
            pass  # not a list of rows of numbers: array('f') below raises the error to show
    # array('d') keeps float64 values as they are; it also turns ints into floats.
    typecode = "f" if dtype == FLOAT32 else "d"
    return [array(typecode, row).tolist() for row in rows]


def round_value(x, dtype):
    """Round one number to the working precision."""
    if dtype == FLOAT32:
        return to_float32(x)
    return float(x)


def copy_arrays_float64(arrays, widths):
    """New copies of 2-D lists of floats: each row copied (a list of the same floats)."""
    return [list(map(list, rows)) for rows in arrays]


def copy_arrays_float32(arrays, widths):
    """New copies of 2-D lists of floats (``widths[k]``: the row length of ``arrays[k]``),
    each value rounded to float32 as NumPy rounds a value it stores into a float32 array."""
    copies = []
    for rows, width in zip(arrays, widths):
        # Each row packed into C floats by struct and read back (to nearest, ties to even)
        row_format = _row_format(width)
        copies.append([list(row_format.unpack(row_format.pack(*row))) for row in rows])
    return copies


# The copy of checked arrays at each working precision (see lists.plain_copies)
COPY_ARRAYS = {FLOAT32: copy_arrays_float32, FLOAT64: copy_arrays_float64}


# One number rounded to each working precision (see ListArrays.round_value)
ROUND_VALUE = {FLOAT32: to_float32, FLOAT64: float}


# --- NumPy's order of summation ------------------------------------------------------------

def pairwise_sum(values, f32):
    """Sum a list as np.add.reduce does: 0.0 plus NumPy's pairwise sum of the values.

    Below 8 values: left to right, from 0.0. Up to 128: eight running sums over strides
    of 8, combined as ((s0+s1)+(s2+s3))+((s4+s5)+(s6+s7)), then the leftover tail. Above
    128: the two halves (the first a multiple of 8 long) summed separately and added.
    Each addition is rounded by ``f32`` (see ``rounding``). Starting from 0.0 makes a sum
    of -0.0 values 0.0.
    """
    if len(values) < 8:
        total = 0.0
        for value in values:
            total = f32(total + value)
        return total
    return f32(0.0 + _pairwise(values, f32))


def _pairwise(values, f32):
    """NumPy's pairwise summation of 8 or more values (see pairwise_sum)."""
    n = len(values)
    if n <= 128:
        # Eight running sums, each over every eighth value
        sums = values[:8]
        end = n - n % 8
        for start in range(8, end, 8):
            sums = [f32(s + x) for s, x in zip(sums, values[start:start + 8])]
        total = f32(f32(f32(sums[0] + sums[1]) + f32(sums[2] + sums[3]))
                    + f32(f32(sums[4] + sums[5]) + f32(sums[6] + sums[7])))
        # Then the values left over, one by one
        for value in values[end:]:
            total = f32(total + value)
        return total
    half = n // 2
    half -= half % 8
    return f32(_pairwise(values[:half], f32) + _pairwise(values[half:], f32))


# --- NumPy's answers where Python raises (for the python engine's formulas) ------------------

def exp(x):
    """e ** x in float64 (math.exp), with NumPy's inf (and its warning) for an overflow."""
    try:
        return math.exp(x)
    except OverflowError:
        _warn("overflow encountered in exp")
        return math.inf


def exp_float32(x):
    """np.exp of a float32 value: e ** x in float64 rounded once to float32, with NumPy's
    inf (and its warning "overflow encountered in exp") where the float32 result overflows."""
    exact = exp(x)  # (warns itself where float64 overflows too)
    value = to_float32(exact)
    if value == math.inf and exact != math.inf:
        _warn("overflow encountered in exp")
    return value


def exponential(dtype):
    """The exponential of one number at ``dtype``, which the python engine's formulas call
    ``exp``: ``exp_float32``, or ``exp`` (float64) itself."""
    return exp_float32 if dtype == FLOAT32 else exp


def log(x):
    """The natural logarithm in float64 (math.log), with NumPy's log(0) = -inf and
    log(negative) = nan (and their warnings) instead of ValueError."""
    if x > 0 or x != x:
        return math.log(x)
    if x == 0:
        _warn("divide by zero encountered in log")
        return -math.inf
    _warn("invalid value encountered in log")
    return math.nan


def sqrt(x):
    """The square root in float64 (math.sqrt), with NumPy's sqrt(negative) = nan (and its
    warning) instead of ValueError."""
    if x < 0:
        _warn("invalid value encountered in sqrt")
        return math.nan
    return math.sqrt(x)


def divide(x, y):
    """x / y with NumPy's IEEE results for division by zero (inf, -inf or nan)."""
    try:
        return x / y
    except ZeroDivisionError:
        if x == 0 or x != x:
            return math.nan
        return math.copysign(math.inf, x) * math.copysign(1.0, y)


def _warn(message):
    """lists.warn: a RuntimeWarning pointing at the caller's line outside purenn."""
    from .lists import warn  # imported here: lists imports this module
    warn(message)


# --- the numpy engine's float32 rules --------------------------------------------------------

def in_float64(function, array, dtype):
    """``function(array)`` evaluated in float64 and rounded once to ``dtype`` (a NumPy dtype),
    as the python engine computes exp and log; in float64 mode, ``function(array)`` itself.
    (NumPy's own float32 exp and log are not correctly rounded.)"""
    if dtype == FLOAT64:
        return function(array)
    return function(array.astype(FLOAT64)).astype(dtype)


def dot_in_float64(dot, a, b, dtype):
    """``dot(a, b)`` computed on float64 copies and rounded once to ``dtype``, as nnfs's
    float32 np.dot does; in float64 mode, ``dot(a, b)`` itself."""
    if dtype == FLOAT64:
        return dot(a, b)
    return dot(a.astype(FLOAT64), b.astype(FLOAT64)).astype(dtype)
