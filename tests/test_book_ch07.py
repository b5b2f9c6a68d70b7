"""Every value the book prints in chapter 7 (derivatives), computed by purenn.derivatives.

Each ``print_*`` function computes an entry of tests/data/book_values.json and returns the
text the book's example prints; the test compares the numbers in that text with the
book's, exactly (tolerance: none), and the whole text with what the book's code prints
today, character for character. Chapter 7 is plain float64 (NumPy int/float64 arrays and
Python floats), so there is no engine to choose.
"""
import pytest

from purenn.derivatives import (approximate_derivative, f_linear, f_quadratic, function_points,
                                slope, tangent_line)
from purenn.tools.expression import parse_expression
from purenn.tools.printing import array_str

from book import ENTRIES, assert_matches_book, assert_prints_like_numpy, entry, numbers


def lines(*texts):
    return "\n".join(texts)


def print_points(f):
    # x = np.array(range(5)); y = f(x); print(x); print(y)
    def printer():
        x, y = function_points(f, range(5))
        return lines(array_str(x), array_str(y))
    return printer


def print_slope(f, first, second):
    # print((y[second]-y[first]) / (x[second]-x[first])): a NumPy float64 scalar
    def printer():
        x, y = function_points(f, range(5))
        return array_str(slope((x[first], y[first]), (x[second], y[second])), "float64")
    return printer


def print_approximate_derivative_at_1():
    # A Python float, printed by Python
    return str(tangent_line(f_quadratic, 1).approximate_derivative)


def tangent_text(line):
    """What the book's tangent example prints: both points, then the slope."""
    return lines(f"{(line.x1, line.y1)} {(line.x2, line.y2)}",
                 f"Approximate derivative for f(x) where x = {line.x1} is "
                 f"{line.approximate_derivative}")


def print_tangent_at_2():
    return tangent_text(tangent_line(f_quadratic, 2))


def print_tangent_loop():
    return lines(*(tangent_text(tangent_line(f_quadratic, i)) for i in range(5)))


PRINTERS = {
    "ch07-linear-xy": print_points(f_linear),
    "ch07-linear-slope": print_slope(f_linear, 0, 1),
    "ch07-quadratic-xy": print_points(f_quadratic),
    "ch07-quadratic-slope-01": print_slope(f_quadratic, 0, 1),
    "ch07-quadratic-slope-23": print_slope(f_quadratic, 2, 3),
    "ch07-approx-derivative-x1": print_approximate_derivative_at_1,
    "ch07-tangent-x2": print_tangent_at_2,
    "ch07-tangent-loop": print_tangent_loop,
}

# The book dropped a digit of y2 in these (book_typo): their numbers are compared with
# what the book's code prints (book_values.json), and test_book_typos_... shows the typo.
COMPARE_WITH_CODE_OUTPUT = {"ch07-tangent-x2", "ch07-tangent-loop"}


def test_every_chapter_7_entry_has_a_printer():
    in_catalogue = {entry_id for entry_id, e in ENTRIES.items() if e["chapter"] == 7}
    assert in_catalogue == set(PRINTERS)
    assert len(PRINTERS) == 8
    assert {entry_id for entry_id in in_catalogue
            if ENTRIES[entry_id]["book_typo"]} == COMPARE_WITH_CODE_OUTPUT


@pytest.mark.parametrize("entry_id", sorted(PRINTERS))
def test_book_value(entry_id):
    mine = PRINTERS[entry_id]()
    if entry_id in COMPARE_WITH_CODE_OUTPUT:
        assert_matches_book(entry_id, mine, gold="today_output_nosimd")
    else:
        assert_matches_book(entry_id, mine)
    # The book prints 2 and 10 where today's NumPy prints 2.0 and 10.0 (same numbers)
    assert_prints_like_numpy(entry_id, mine)


def test_book_typos_are_digits_dropped_by_the_book():
    # The book's 8.00080002000002 and 18.00120002000002 are ours with one 0 missing:
    # every other number agrees, and the book's digits appear, in order, within ours.
    for entry_id in sorted(COMPARE_WITH_CODE_OUTPUT):
        book = numbers(entry(entry_id)["book_output"])
        mine = numbers(PRINTERS[entry_id]())
        assert len(book) == len(mine)
        differing = [(b, m) for b, m in zip(book, mine) if b != m]
        assert differing, f"{entry_id} is marked book_typo but agrees with the book"
        for book_value, my_value in differing:
            book_digits = repr(book_value).replace(".", "")
            my_digits = repr(my_value).replace(".", "")
            remaining = iter(my_digits)
            assert all(digit in remaining for digit in book_digits)
            assert len(my_digits) == len(book_digits) + 1


def test_approximate_derivative_through_an_expression_matches_the_book():
    # The calculator's path: the text "2*x**2" parsed, evaluated in float64, same digits
    assert str(approximate_derivative(parse_expression("2*x**2"), 1)) == \
        entry("ch07-approx-derivative-x1")["book_output"]
