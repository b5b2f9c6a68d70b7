"""Shared fixtures: every engine-dependent test runs once per engine.

With pytest-xdist's ``--dist loadgroup`` (the README's test command), each test file runs on
one worker, as with ``--dist loadfile``, since files memoize their long runs; a test marked
``xdist_group(name)`` goes with its group instead (test_book_ch06.py gives each long search
a group of its own, so that the longest ones run on different cores).
"""
import pytest

import purenn
from purenn.engine import config

ENGINES = ["python", "numpy"]

# The test files whose slow tests share long runs (a cache, a module-scoped fixture): their
# tests stay on one worker, so that each run is made once
SHARED_RUNS = frozenset(("tests/test_examples.py", "tests/test_examples_digits.py",
                         "tests/test_pyodide.py", "tests/test_regression.py",
                         "tests/test_web.py", "tests/test_datasets.py", "tests/test_benchmarks.py"))


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Put every test without an xdist_group into its file's group (see the docstring); a
    slow test into a group of its own, so that the long runs spread over the cores, unless
    its file shares (memoizes) runs between its tests (SHARED_RUNS)."""
    for item in items:
        if item.get_closest_marker("xdist_group") is None:
            path = item.nodeid.split("::")[0]
            if item.get_closest_marker("slow") is not None and path not in SHARED_RUNS:
                item.add_marker(pytest.mark.xdist_group(item.nodeid))
            else:
                item.add_marker(pytest.mark.xdist_group(path))


@pytest.fixture(params=ENGINES)
def engine(request):
    """The engine name; the numpy case is skipped when NumPy is not installed."""
    if request.param == "numpy":
        pytest.importorskip("numpy")
    return request.param


@pytest.fixture(autouse=True)
def restore_settings():
    """Put purenn.init()'s settings back after each test (the next test starts clean)."""
    saved = (config.settings.dtype, config.settings.engine)
    yield
    config.settings.dtype, config.settings.engine = saved
    purenn.random.seed(0)
