"""Printing: the text NumPy 2 shows for an array or a float, made from plain lists.

Every chapter of the book (2-10) checks its work by printing NumPy arrays and scalars:
``print(dense1.output[:5])``, ``print(loss)``. purenn keeps its numbers in lists, and
``print(list)`` looks nothing like NumPy (``[4.8, 1.21, 2.385]`` instead of
``[4.8   1.21  2.385]``, and float32 values show all of float64's digits). This module
rebuilds NumPy's text in pure Python, so that the examples print the book's numbers:

    array_str(value, dtype=None)   the text of ``print(np.asarray(value, dtype))``
    show(*values, ...)             ``print`` with every value passed through ``array_str``
    float32_repr(x)                the text of ``print(np.float32(x))``: shortest digits
    scalar_str(x, dtype=None)      the text of ``print(np.float32(x))`` / ``np.float64(x)``

It follows NumPy's own rules (numpy/_core/arrayprint.py and the Dragon4 digit generator
behind ``np.format_float_positional``), at the defaults of ``np.set_printoptions``:
precision=8, floatmode='maxprec', suppress=False, linewidth=75, threshold=1000,
edgeitems=3, sign='-', legacy=False, nanstr='nan', infstr='inf'.

Covered: float32, float64, integer and bool data; numbers, 0-d, 1-D, 2-D, 3-D and deeper
arrays; positional or scientific notation chosen for the whole array; shortest
round-trip digits capped at 8 decimals; padding so the decimal points line up; inf and
nan; line wrapping at 75 columns; blank lines between the blocks of a 3-D array; and
``...`` summaries of arrays of more than 1000 values. Empty arrays print ``[]``.

Not covered: other print options (``np.set_printoptions``), ``repr`` (the ``array(...)``
form), float16, longdouble, complex, string, object and structured arrays.
"""
import math
import numbers
import struct
from collections import namedtuple

from ..engine import config
from ..engine.precision import FLOAT32, FLOAT64, check_dtype, to_float32
from ..engine.shapes import shape_of

# np.set_printoptions defaults (NumPy 2, legacy=False)
PRECISION = 8        # at most 8 digits after the decimal point (8 in scientific mantissas)
LINEWIDTH = 75       # characters per line before a row wraps
THRESHOLD = 1000     # arrays with more values than this are summarised with "..."
EDGEITEMS = 3        # values kept at each end of a summarised axis
SUMMARY = "..."

# An IEEE binary float format, and the limits NumPy uses to pick notation for it.
#   fraction_bits, bias: the bit layout (sign bit, exponent bits, fraction bits)
#   pack_code, bits_code: struct codes to read its bits from a Python float
#   array_positional_max: an array whose largest |value| reaches this prints in
#       scientific notation (NumPy 2: 10.0 ** min(8, np.finfo(dtype).precision))
#   scalar_positional_max: a scalar reaching this prints in scientific notation
BinaryFormat = namedtuple("BinaryFormat", [
    "name", "fraction_bits", "bias", "pack_code", "bits_code",
    "array_positional_max", "scalar_positional_max"])

BINARY_FORMATS = {
    FLOAT32: BinaryFormat(FLOAT32, 23, 127, ">f", ">I", 1e6, 1e6),
    FLOAT64: BinaryFormat(FLOAT64, 52, 1023, ">d", ">Q", 1e8, 1e16),
}


def to_dtype(x, binary):
    """Round a float to the given format (float32 rounds, float64 keeps it)."""
    if binary.name == FLOAT32:
        return to_float32(x)
    return float(x)


# ---------------------------------------------------------------------------
# Digits: Dragon4, the algorithm NumPy uses to turn a binary float into decimals
# ---------------------------------------------------------------------------

def split_float(x, binary):
    """Write |x| as ``significand * 2 ** exponent`` (integers) in the given format.

    Also returns whether the gap to the next float above is twice the gap below (true
    at a power of two, where the exponent steps up), which Dragon4 needs to know.
    """
    bits = struct.unpack(binary.bits_code, struct.pack(binary.pack_code, abs(x)))[0]
    fraction = bits & ((1 << binary.fraction_bits) - 1)
    biased_exponent = bits >> binary.fraction_bits
    if biased_exponent == 0:
        # subnormal: no hidden leading bit, the smallest exponent, even gaps
        return fraction, 1 - binary.bias - binary.fraction_bits, False
    significand = fraction | (1 << binary.fraction_bits)
    exponent = biased_exponent - binary.bias - binary.fraction_bits
    uneven_gaps = fraction == 0 and biased_exponent > 1
    return significand, exponent, uneven_gaps


def dragon4_digits(x, binary, max_digits=-1, min_digits=-1, fractional=False):
    """Decimal digits of |x| as NumPy's Dragon4 makes them in its "unique" mode.

    Returns ``(digits, exponent)``: |x| is about ``d.ddd * 10 ** exponent``.
    Digits stop as soon as they tell x apart from its neighbouring floats (the shortest
    digits that read back as x; on a tie, the closer one, ties to an even digit), but
    never after ``max_digits`` digits and never before ``min_digits`` digits (-1: no
    limit). With ``fractional`` the two limits count digits after the decimal point
    instead of significant digits. A cut-off last digit is rounded to nearest.
    """
    significand, exponent, uneven_gaps = split_float(x, binary)
    if significand == 0:
        return "0", 0
    # Exact fractions with one denominator: value = r / s, and a decimal within
    # low_margin / s below or high_margin / s above still reads back as x
    # (half the gaps to the neighbouring floats).
    shift = 2 if uneven_gaps else 1
    if exponent >= 0:
        r = significand << (exponent + shift)
        s = 1 << shift
        low_margin = 1 << exponent
    else:
        r = significand << shift
        s = 1 << (shift - exponent)
        low_margin = 1
    high_margin = 2 * low_margin if uneven_gaps else low_margin
    # A value on the boundary reads back as x only if x's significand is even.
    boundary_ok = significand % 2 == 0

    # Find k with 10 ** (k - 1) <= value < 10 ** k, then scale value to [0.1, 1).
    k = math.floor(math.log10(abs(x))) + 1
    if k >= 0:
        s *= 10 ** k
    else:
        r, low_margin, high_margin = (n * 10 ** -k for n in (r, low_margin, high_margin))
    while r >= s:                      # the log10 estimate was one too low
        s *= 10
        k += 1
    while r * 10 < s:                  # ... or one too high
        r, low_margin, high_margin = r * 10, low_margin * 10, high_margin * 10
        k -= 1
    # With a decimal cut-off above the first digit, start at the cut-off.
    if fractional and max_digits >= 0 and k <= -max_digits:
        s *= 10 ** (-max_digits + 1 - k)
        k = -max_digits + 1

    # Decimal exponents of the last digit allowed (cut-off) and of the earliest stop.
    last_allowed = -math.inf
    if max_digits >= 0:
        last_allowed = -max_digits if fractional else k - max_digits
    first_stop = k
    if min_digits >= 0:
        first_stop = min(k, -min_digits if fractional else k - min_digits)

    # Produce digits one at a time until they are unique or reach the cut-off.
    digits = []
    place = k
    while True:
        place -= 1
        r, low_margin, high_margin = r * 10, low_margin * 10, high_margin * 10
        digit, r = divmod(r, s)
        if boundary_ok:
            low = r <= low_margin              # rounding down still reads back as x
            high = r + high_margin >= s        # rounding up still reads back as x
        else:
            low = r < low_margin
            high = r + high_margin > s
        if ((low or high) and place <= first_stop) or place == last_allowed:
            break
        digits.append(digit)

    # Round the last digit: down if only that reads back, up if only that does,
    # otherwise to the nearer one (ties to an even digit).
    round_down = low
    if low == high:
        round_down = 2 * r < s or (2 * r == s and digit % 2 == 0)
    first_exponent = k - 1
    if round_down:
        digits.append(digit)
    elif digit < 9:
        digits.append(digit + 1)
    else:
        # carry: 1299|9 -> 13, 999|9 -> 1 at the next power of ten
        while digits and digits[-1] == 9:
            digits.pop()
        if digits:
            digits[-1] += 1
        else:
            digits = [1]
            first_exponent += 1
    return "".join(map(str, digits)), first_exponent


# ---------------------------------------------------------------------------
# One float as text: np.format_float_positional / np.format_float_scientific
# ---------------------------------------------------------------------------
# trim (NumPy's codes): "k" keep trailing zeros, "." trim zeros but keep the point
# ("1."), "0" trim zeros but keep one ("1.0"), "-" trim zeros and the point ("1").

def _trim_fraction(fraction, trim):
    if trim == "k":
        return fraction
    fraction = fraction.rstrip("0")
    if trim == "0" and not fraction:
        return "0"
    return fraction


def format_positional(x, binary, precision=-1, min_digits=-1, trim=".",
                      pad_left=-1, pad_right=-1):
    """np.format_float_positional(x, precision, unique=True, fractional=True, trim,
    pad_left=pad_left, pad_right=pad_right, min_digits=min_digits) for a finite x."""
    digits, exponent = dragon4_digits(x, binary, precision, min_digits, fractional=True)
    sign = "-" if math.copysign(1.0, x) < 0 else ""
    # Place the digits around the decimal point.
    if exponent >= 0:
        whole = digits[:exponent + 1].ljust(exponent + 1, "0")
        fraction = digits[exponent + 1:]
    else:
        whole = "0"
        fraction = "0" * (-exponent - 1) + digits
    # Trim or pad the fraction: "k" keeps zeros and adds more up to min_digits.
    if trim == "k" and min_digits > len(fraction):
        fraction = fraction.ljust(min_digits, "0")
    fraction = _trim_fraction(fraction, trim)
    point = "" if trim == "-" and not fraction else "."
    # Pad with spaces so the points of a column line up.
    if pad_right >= len(fraction):
        if trim == "-" and not fraction:
            point = " "
        fraction = fraction.ljust(pad_right)
    return (sign + whole).rjust(pad_left) + point + fraction


def format_scientific(x, binary, precision=-1, min_digits=-1, trim=".", pad_left=-1,
                      exp_digits=-1):
    """np.format_float_scientific(x, precision, unique=True, trim, pad_left=pad_left,
    exp_digits=exp_digits, min_digits=min_digits) for a finite x."""
    digits, exponent = dragon4_digits(
        x, binary,
        max_digits=precision + 1 if precision >= 0 else -1,
        min_digits=min_digits + 1 if min_digits >= 0 else -1)
    sign = "-" if math.copysign(1.0, x) < 0 else ""
    # One digit before the point; trim or pad the rest as in format_positional.
    fraction = digits[1:]
    if trim == "k" and min_digits > len(fraction):
        fraction = fraction.ljust(min_digits, "0")
    fraction = _trim_fraction(fraction, trim)
    point = "" if trim == "-" and not fraction else "."
    # The exponent has a sign and at least exp_digits digits (2 by default).
    exp_digits = 2 if exp_digits < 0 else min(exp_digits, 5)
    exponent_text = ("+" if exponent >= 0 else "-") + str(abs(exponent)).zfill(exp_digits)
    return (sign + digits[0]).rjust(pad_left) + point + fraction + "e" + exponent_text


def scalar_str(value, dtype=None):
    """str() of a NumPy scalar: ``np.float32(x)`` or ``np.float64(x)`` by ``dtype``.

    With ``dtype=None`` an int or a bool prints as Python prints it, and a float at
    ``purenn.engine.config.settings.dtype``; an explicit dtype converts ints too (``3.0``).

    Floats print their shortest round-trip digits: positional between 1e-4 and 1e16
    (1e6 for float32), scientific outside: ``1.0986104``, ``0.1``, ``1e-07``, ``inf``.
    """
    if isinstance(value, (str, bytes)) or not isinstance(value, numbers.Real):
        raise TypeError(f"cannot print {value!r} as a number")
    if dtype is None and isinstance(value, (bool, numbers.Integral)):
        return str(value)
    binary = BINARY_FORMATS[check_dtype(dtype or config.settings.dtype)]
    x = to_dtype(value, binary)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "-inf" if x < 0 else "inf"
    # Positional from 1e-4 up to 1e16 (float32: 1e6), else scientific.
    if x == 0 or 1e-4 <= abs(x) < binary.scalar_positional_max:
        return format_positional(x, binary, trim="0")
    return format_scientific(x, binary, trim="-")


def float32_repr(x):
    """The shortest text that reads back as float32(x), as ``print(np.float32(x))``:
    ``float32_repr(1.0986103773117065) == "1.0986104"``."""
    return scalar_str(x, FLOAT32)


# ---------------------------------------------------------------------------
# The values of an array: one format for all, so that the columns line up
# ---------------------------------------------------------------------------

class FloatArrayFormat:
    """Formats every float of one array the same way (NumPy's FloatingFormat).

    Looks at all the values shown first: scientific notation if the largest |value|
    reaches 1e8 (1e6 for float32), the smallest nonzero is below 1e-4, or their ratio
    is over 1000; then the widest integer part and fraction, so that the decimal points
    line up.
    """

    def __init__(self, values, binary):
        self.binary = binary
        self.scientific = False
        self.precision = PRECISION
        self.pad_left = 0
        self.pad_right = 0
        self.exp_digits = -1
        finite = [x for x in values if math.isfinite(x)]
        magnitudes = [abs(x) for x in finite if x != 0]
        if magnitudes:
            largest, smallest = max(magnitudes), min(magnitudes)
            # NumPy compares in the array's dtype: 1e-4 and the ratio are float32 there.
            self.scientific = (
                largest >= binary.array_positional_max
                or smallest < to_dtype(1e-4, binary)
                or to_dtype(largest / smallest, binary) > 1000.0)
        if finite and self.scientific:
            # First pass: shortest digits (at most 9), to find the widest parts.
            texts = [format_scientific(x, binary, PRECISION, trim=".") for x in finite]
            mantissas, exponents = zip(*(text.split("e") for text in texts))
            wholes, fractions = zip(*(text.split(".") for text in mantissas))
            self.exp_digits = max(len(e) for e in exponents) - 1
            self.precision = max(len(f) for f in fractions)
            self.pad_left = max(len(w) for w in wholes)
            self.pad_right = self.exp_digits + 2 + self.precision
        elif finite:
            texts = [format_positional(x, binary, PRECISION, trim=".") for x in finite]
            wholes, fractions = zip(*(text.split(".") for text in texts))
            self.pad_left = max(len(w) for w in wholes)
            self.pad_right = max(len(f) for f in fractions)
        if len(finite) < len(values):
            # make room for "nan", "inf" and "-inf"
            has_minus_inf = any(x == -math.inf for x in values)
            beyond_point = self.pad_right + 1
            self.pad_left = max(self.pad_left, 3 - beyond_point,
                                3 + has_minus_inf - beyond_point)

    def __repr__(self):
        return (f"FloatArrayFormat(dtype={self.binary.name!r}, scientific={self.scientific}, "
                f"precision={self.precision}, pad_left={self.pad_left}, "
                f"pad_right={self.pad_right}, exp_digits={self.exp_digits})")

    def __call__(self, x):
        if math.isnan(x) or math.isinf(x):
            text = "nan" if math.isnan(x) else ("-inf" if x < 0 else "inf")
            return text.rjust(self.pad_left + self.pad_right + 1)
        if self.scientific:
            # every mantissa gets the same number of digits
            return format_scientific(x, self.binary, self.precision, self.precision, "k",
                                     self.pad_left, self.exp_digits)
        return format_positional(x, self.binary, PRECISION, 0, ".", self.pad_left,
                                 self.pad_right)


class IntegerArrayFormat:
    """Right-aligns every integer to the width of the longest (NumPy's IntegerFormat)."""

    def __init__(self, values):
        self.width = max(len(str(max(values))), len(str(min(values))))

    def __repr__(self):
        return f"IntegerArrayFormat(width={self.width})"

    def __call__(self, n):
        return str(n).rjust(self.width)


class BoolArrayFormat:
    """``" True"`` and ``"False"``: the same width (NumPy's BoolFormat)."""

    def __repr__(self):
        return "BoolArrayFormat()"

    def __call__(self, flag):
        return " True" if flag else "False"


# ---------------------------------------------------------------------------
# From a value to nested lists of Python numbers
# ---------------------------------------------------------------------------

def _is_numpy(value):
    return hasattr(value, "dtype") and hasattr(value, "tolist")


def _numpy_kind(array):
    """The kind of a NumPy array or scalar: "bool", "int", "float32" or "float64"."""
    kind = array.dtype.kind
    if kind == "b":
        return "bool"
    if kind in "iu":
        return "int"
    if kind == "f" and array.dtype.itemsize in (4, 8):
        return FLOAT32 if array.dtype.itemsize == 4 else FLOAT64
    raise TypeError(f"cannot print arrays of dtype {array.dtype}: purenn.tools.printing "
                    f"covers float32, float64, integer and bool")


def _plain(value):
    """A copy of nested lists/tuples/arrays as nested lists of Python numbers."""
    if _is_numpy(value):
        return value.tolist()
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


def _leaves(nested, ndim):
    if ndim == 0:
        return [nested]
    return [leaf for item in nested for leaf in _leaves(item, ndim - 1)]


def _list_kind(values):
    """The dtype np.asarray would infer, in words: "bool", "int" or "float"."""
    for i, x in enumerate(values):
        if isinstance(x, (str, bytes)) or not isinstance(x, numbers.Real):
            raise TypeError(f"cannot print {x!r}: not a number (value {i}, counting "
                            f"row by row)")
    if all(isinstance(x, bool) for x in values):
        return "bool"
    if all(isinstance(x, numbers.Integral) for x in values):
        return "int"
    return "float"


def _map_nested(nested, ndim, function):
    if ndim == 0:
        return function(nested)
    return [_map_nested(item, ndim - 1, function) for item in nested]


# ---------------------------------------------------------------------------
# Layout: brackets, separators, line wrapping and summaries
# ---------------------------------------------------------------------------

def _shown(length, summarise):
    """Indices shown along an axis: all, or the first and last EDGEITEMS around "..."."""
    if summarise and length > 2 * EDGEITEMS:
        return list(range(EDGEITEMS)) + [None] + list(range(length - EDGEITEMS, length))
    return list(range(length))


def _shown_values(nested, ndim, summarise):
    """The values that will be printed (the corners of a summarised array)."""
    if ndim == 0:
        return [nested]
    return [x for i in _shown(len(nested), summarise) if i is not None
            for x in _shown_values(nested[i], ndim - 1, summarise)]


def _format_block(nested, ndim, format_value, indent, width, summarise):
    """One bracketed block (NumPy's _formatArray): a row of values, or rows of blocks.

    indent: the spaces that start a continuation line (one per open bracket);
    width: the columns left for this block, one fewer for each closing bracket.
    """
    shown = _shown(len(nested), summarise)
    if ndim == 1:
        words = [SUMMARY if i is None else format_value(nested[i]) for i in shown]
        # keep one column for the closing "]"
        limit = width - 1
        text, line = "", indent
        for position, word in enumerate(words):
            # wrap before a word that would pass the limit, unless the line is empty
            if len(line) + len(word) > limit and len(line) > len(indent):
                text += line.rstrip() + "\n"
                line = indent
            line += word
            if position < len(words) - 1:
                line += " "
        text += line
    else:
        # rows of a matrix on new lines; blocks of a 3-D array with a blank line between
        line_break = "\n" * (ndim - 1)
        blocks = [SUMMARY if i is None else
                  _format_block(nested[i], ndim - 1, format_value, indent + " ",
                                width - 1, summarise)
                  for i in shown]
        text = line_break.join(indent + block for block in blocks)
    return "[" + text[len(indent):] + "]"


# ---------------------------------------------------------------------------
# Public: array_str and show
# ---------------------------------------------------------------------------

def array_str(value, dtype=None):
    """The text of ``print(np.asarray(value, dtype))`` (NumPy's ``np.array_str``).

    value: a number, a nested list (any depth) or a NumPy array (printed at its own
    dtype). Lists print at ``dtype``, "float32" or "float64", as np.asarray converts
    them. With ``dtype=None``, lists of Python ints print as an integer array
    (``[0 1 1]``), lists of bools as a bool array, and floats at
    ``purenn.engine.config.settings.dtype`` (read at each call). Raises ShapeError for a
    ragged (not homologous) list and TypeError for a value that is not a number.
    """
    if _is_numpy(value):
        kind = _numpy_kind(value)
        shape = tuple(value.shape)
        nested = value.tolist()
        if not shape:
            return scalar_str(nested, kind) if kind in (FLOAT32, FLOAT64) else str(nested)
    else:
        shape = shape_of(value, "value")
        nested = _plain(value)
        kind = None
    if not shape:
        return scalar_str(nested, dtype)
    if 0 in shape:
        return "[]"
    values = _leaves(nested, len(shape))
    if kind is None:
        kind = _list_kind(values)
        # An explicit dtype converts ints and bools too, as np.asarray(value, dtype).
        if kind == "float" or dtype is not None:
            kind = check_dtype(dtype or config.settings.dtype)
    # Round floats to the dtype first, as np.asarray(value, np.float32) does.
    if kind in (FLOAT32, FLOAT64):
        binary = BINARY_FORMATS[kind]
        nested = _map_nested(nested, len(shape), lambda x: to_dtype(x, binary))
    elif kind == "int":
        nested = _map_nested(nested, len(shape), int)

    summarise = len(values) > THRESHOLD
    shown = _shown_values(nested, len(shape), summarise)
    if kind == "bool":
        format_value = BoolArrayFormat()
    elif kind == "int":
        format_value = IntegerArrayFormat(shown)
    else:
        format_value = FloatArrayFormat(shown, BINARY_FORMATS[kind])
    # The first line starts after "[", so continuation lines are indented by one space.
    return _format_block(nested, len(shape), format_value, " ", LINEWIDTH, summarise)


def show(*values, sep=" ", end="\n", file=None, dtype=None):
    """``print`` for purenn: each value printed as NumPy would print it.

    Strings are printed as they are; every other value goes through
    ``array_str(value, dtype)``. ``sep``, ``end`` and ``file`` are print()'s.
    """
    texts = [value if isinstance(value, str) else array_str(value, dtype)
             for value in values]
    print(*texts, sep=sep, end=end, file=file)
