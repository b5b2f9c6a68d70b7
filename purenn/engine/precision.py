"""Working precision: the one place where float32 rounding happens.

NumPy computes a float32 array operation as if in exact arithmetic and then rounds the
result to the nearest float32. purenn's python engine does the same in two steps: the
operation runs on Python floats (float64), then ``to_float32`` rounds the result once.
For +, -, *, / and sqrt this gives exactly NumPy's float32 answer (float64 has more than
twice float32's digits, so rounding twice cannot differ from rounding once).

In float64 mode nothing is rounded: Python floats already are float64.
"""
import struct
from array import array
from functools import lru_cache
from itertools import repeat, starmap
from operator import attrgetter

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


def to_float32(x):
    """Round one number to the nearest float32 (np.float32(x)); overflow gives +-inf."""
    # array('f') stores a C float: the conversion rounds to nearest, ties to even.
    return array("f", (x,))[0]


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


_PACK = attrgetter("pack")
_UNPACK = attrgetter("unpack")


def copy_arrays_float64(arrays, widths):
    """New copies of 2-D lists of floats: each row copied (a list of the same floats)."""
    return list(map(list, map(map, repeat(list), arrays)))


def copy_arrays_float32(arrays, widths):
    """New copies of 2-D lists of floats (``widths[k]``: the row length of ``arrays[k]``),
    each value rounded to float32: each row packed into C floats by ``struct`` and read back
    (to nearest, ties to even, as NumPy stores a value into a float32 array). For each
    array: starmap(row_format.pack, rows) -> bytes, map(row_format.unpack, ...) -> tuples,
    map(list, ...) -> rows. C-level calls only: map, starmap and struct run the loops.
    """
    return list(map(list, map(map, repeat(list), map(map, map(_UNPACK, formats := list(map(_row_format, widths))), map(starmap, map(_PACK, formats), arrays)))))


# The copy of checked arrays at each working precision (see lists.plain_copies)
COPY_ARRAYS = {FLOAT32: copy_arrays_float32, FLOAT64: copy_arrays_float64}


# One number rounded to each working precision (see ListArrays.round_value)
ROUND_VALUE = {FLOAT32: to_float32, FLOAT64: float}
