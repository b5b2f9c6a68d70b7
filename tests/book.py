"""The book's printed values (tests/data/book_values.json) and how tests compare with them.

``book_output`` is the book's text, digits untouched; ``today_output_nosimd`` is what the
book's own code prints on current NumPy with correctly rounded exp/log. A test prints a
value the way the book's example prints it and compares the numbers in both texts
exactly: same count, same values (each parsed with float()).
"""
import json
import pathlib
import re

_DATA = pathlib.Path(__file__).parent / "data" / "book_values.json"
ENTRIES = {entry["id"]: entry for entry in json.loads(_DATA.read_text())["entries"]}

# A number as printed by Python or NumPy: 4.8, -1.0475188e-04, 2., inf, nan
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*(?:e[-+]?\d+)?|\.\d+|inf|nan)")


# What is not a printed value: warning lines, and the REPL's np.float64(...) / array(...) wrappers
_NOT_VALUES = re.compile(r"^.*Warning.*$|np\.\w+\(|array\(|dtype=\w+", re.MULTILINE)


def numbers(text):
    """The numbers in a printed text, in order, as floats (warnings and wrappers left out)."""
    return [float(token) for token in _NUMBER.findall(_NOT_VALUES.sub("", text))]


def entry(entry_id):
    return ENTRIES[entry_id]


def assert_numbers(mine, gold, what):
    """Exact comparison of two printed texts' numbers, showing both on failure."""
    mine_numbers, gold_numbers = numbers(mine), numbers(gold)
    assert mine_numbers == gold_numbers, (
        f"{what}: numbers differ\n--- mine ---\n{mine}\n--- gold ---\n{gold}")


def assert_matches_book(entry_id, mine, gold="book_output"):
    """The numbers ``mine`` prints are exactly the book's (or, with gold=..., another field)."""
    assert_numbers(mine, ENTRIES[entry_id][gold], f"{entry_id} vs {gold}")


def assert_prints_like_numpy(entry_id, mine):
    """``mine`` is exactly the text the book's code prints today (correctly rounded exp/log)."""
    gold = ENTRIES[entry_id]["today_output_nosimd"]
    assert mine == gold, f"{entry_id}: text differs\n--- mine ---\n{mine}\n--- gold ---\n{gold}"
