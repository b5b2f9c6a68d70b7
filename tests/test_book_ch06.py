"""Chapter 6: the random-search and random-adjustment logs, in both engines.

Each log line is printed when the loss reaches a new low. The book shows every line of the
first 10,000 iterations of random search, the lines after iteration 10,000 of the same search
run to 100,000, and selected lines (with "...") of the random-adjustment runs.

Tiers: the numpy engine runs every search to its full length in the quick tier; the python
engine (some 100 times slower) runs the first PYTHON_PREFIX iterations there, and up to the
last line the book shows in the slow tier (``-m slow``).
"""
import re

import pytest

import purenn
from purenn.search import RandomSearch

from book import ENTRIES

_LINE = re.compile(r"iteration:\s*(\d+)\s+loss:\s*([\d.e-]+)\s+acc:\s*([\d.]+)")

# entry -> (data set, adjust?, iterations of the run it comes from)
RUNS = {
    "ch06-random-search-10k": ("vertical", False, 100_000),
    "ch06-random-search-100k": ("vertical", False, 100_000),
    "ch06-random-adjust-vertical-10k": ("vertical", True, 100_000),
    "ch06-random-adjust-vertical-100k": ("vertical", True, 100_000),
    "ch06-random-adjust-spiral-10k": ("spiral", True, 10_000),
}

_LOGS = {}


def search_log(data, adjust, iterations, engine):
    """{iteration: (loss text, acc text)} of a run (memoized: the 100,000-iteration runs are slow)."""
    key = (data, adjust, iterations, engine)
    if key not in _LOGS:
        purenn.init(engine=engine)
        make_data = purenn.vertical_data if data == "vertical" else purenn.spiral_data
        X, y = make_data(samples=100, classes=3)
        lines = RandomSearch(adjust=adjust).run(X, y, iterations, log=lambda line: None)
        _LOGS[key] = {int(m[1]): (m[2], m[3]) for m in map(_LINE.search, lines)}
    return _LOGS[key]


def book_log(entry_id):
    return {int(m[1]): (m[2], m[3]) for m in _LINE.finditer(ENTRIES[entry_id]["book_output"])}


def same_digits(book, mine):
    """Equal, or the book lost digits (book_values.json: 'digits missing (typo/truncation)').

    Lost digits: one digit dropped inside the number, or the line cut short after at
    least 15 significant digits.
    """
    if book == mine:
        return True
    if len(book) >= 17 and mine.startswith(book):
        return True
    remaining = iter(mine)
    return len(mine) == len(book) + 1 and all(digit in remaining for digit in book)


# The python engine (some 100 times slower than NumPy) runs the first iterations of each run
# in the quick tier; its whole run, up to the last line the book shows, is the slow tier's
PYTHON_PREFIX = 500


def iterations_to_run(entry_id, engine, length):
    """The whole run in the numpy engine. In the python engine: up to the last line the book
    shows from this run (length "whole"), so that every line is still compared and the
    full-length checks (no other new lowest loss) are made by the numpy engine; or the
    first PYTHON_PREFIX iterations (length "prefix")."""
    data, adjust, iterations = RUNS[entry_id]
    if engine == "numpy":
        return iterations
    if length == "prefix":
        return PYTHON_PREFIX
    same_run = [other for other, run in RUNS.items() if run == RUNS[entry_id]]
    return max(max(book_log(other)) for other in same_run) + 1


def runs_to_compare():
    """(entry, engine, length) of each test: the numpy engine's whole runs and the python
    engine's prefixes in the quick tier, the python engine's whole runs in the slow one.
    The tests of one run share an xdist group (one worker computes the run once); the
    runs spread over the cores."""
    params = []
    for entry_id in sorted(RUNS):
        lengths = [("numpy", "whole", (), f"{entry_id}-numpy")]
        if min(book_log(entry_id)) < PYTHON_PREFIX:
            lengths.append(("python", "prefix", (), f"{entry_id}-python-prefix"))
        lengths.append(("python", "whole", (pytest.mark.slow,), f"{entry_id}-python"))
        for engine, length, marks, test_id in lengths:
            data, adjust, _ = RUNS[entry_id]
            run = f"ch06-{data}-{adjust}-{iterations_to_run(entry_id, engine, length)}-{engine}"
            params.append(pytest.param(entry_id, engine, length, id=test_id,
                                       marks=(*marks, pytest.mark.xdist_group(run))))
    return params


@pytest.mark.parametrize("entry_id, engine, length", runs_to_compare())
def test_search_log_matches_the_book(entry_id, engine, length):
    if engine == "numpy":
        pytest.importorskip("numpy")
    data, adjust, _ = RUNS[entry_id]
    iterations = iterations_to_run(entry_id, engine, length)
    mine = search_log(data, adjust, iterations, engine)
    book = {i: line for i, line in book_log(entry_id).items() if i < iterations}
    assert book
    for iteration, (loss, acc) in book.items():
        assert iteration in mine, f"iteration {iteration}: the book has a new lowest loss"
        assert mine[iteration][0] == loss, f"iteration {iteration}: loss {mine[iteration]} vs {loss}"
        assert same_digits(acc, mine[iteration][1]), f"iteration {iteration}: acc {acc}"
    if entry_id == "ch06-random-search-10k":
        # The book shows every line of the first 10,000 iterations
        assert sorted(i for i in mine if i < 10_000) == sorted(book)
    if entry_id == "ch06-random-search-100k":
        # ... and every line after them, up to 100,000 (up to the last one, in the python engine)
        assert sorted(i for i in mine if i >= 10_000) == sorted(book)


def test_a_billion_iterations_is_not_reproducible():
    # ch06-random-search-1e9: the book's best line after a billion iterations. At about
    # 0.27 ms an iteration for the book's own NumPy code, that run takes some 17 hours.
    entry = ENTRIES["ch06-random-search-1e9"]
    assert entry["status_nosimd"] == "not-reproducible"


def test_random_adjustment_starts_from_the_best_weights(engine):
    # A step that does not lower the loss is undone: the layers get the best weights back
    purenn.init(engine=engine)
    X, y = purenn.vertical_data(samples=20, classes=3)
    search = RandomSearch(adjust=True)
    for _ in range(30):
        loss, _, improved = search.step(X, y)
        best_weights = search.ops.to_list(search.best[0][0])
        assert search.ops.to_list(search.dense1.weights) == best_weights
        assert loss >= search.lowest_loss
