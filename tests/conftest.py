"""Shared fixtures: every engine-dependent test runs once per engine."""
import pytest

import purenn
from purenn import config

ENGINES = ["python", "numpy"]


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
