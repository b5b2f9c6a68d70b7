"""The epoch benchmark does the work it claims: every row trains the same network.

Only results are checked here; no test is timed (see benchmarks/README.md).
"""
import importlib.util
import sys
from pathlib import Path

import pytest

EPOCH_SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "epoch.py"


@pytest.fixture(scope="module")
def epoch_module():
    spec = importlib.util.spec_from_file_location("benchmark_epoch", EPOCH_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def trained(runner, epochs=3):
    runner.run(epochs)
    return runner


@pytest.mark.skipif(sys.version_info >= (3, 12),
                    reason="from Python 3.12 sum() of floats is compensated: the floor's bias "
                           "gradients (sum of each column) may then differ from purenn's "
                           "row-by-row axis-0 sum in the last bit")
def test_pure_python_floor_trains_exactly_as_the_float64_engine(epoch_module):
    engine_run = trained(epoch_module.PurennEpoch("python", "float64"))
    network = engine_run.network
    fresh = epoch_module.PurennEpoch("python", "float64").network
    floor = trained(epoch_module.PurePythonFloorEpoch(
        engine_run.X, engine_run.y, fresh.dense1.weights, fresh.dense2.weights))
    assert floor.weights1 == network.dense1.weights
    assert floor.biases1 == network.dense1.biases[0]
    assert floor.weights2 == network.dense2.weights
    assert floor.biases2 == network.dense2.biases[0]
    assert floor.loss() == engine_run.loss()


def test_baseline_trains_as_the_numpy_engine_in_book_mode(epoch_module):
    np = pytest.importorskip("numpy")
    book_mode = trained(epoch_module.PurennEpoch("numpy", "float32"))
    fresh = epoch_module.PurennEpoch("numpy", "float32")
    baseline = trained(epoch_module.BookNumpyEpoch(
        fresh.X, fresh.y, fresh.network.dense1.weights, fresh.network.dense2.weights))
    # The baseline's exp is NumPy's float32 exp, not correctly rounded, so its last bits
    # may differ; the weights move by about 1e-3 in three epochs, the two runs by 1e-9.
    network = book_mode.network
    np.testing.assert_allclose(baseline.weights1, network.dense1.weights, rtol=0, atol=1e-8)
    np.testing.assert_allclose(baseline.weights2, network.dense2.weights, rtol=0, atol=1e-8)
    assert baseline.loss() == pytest.approx(book_mode.loss(), rel=1e-6)


def test_the_script_prints_every_row(epoch_module, capsys):
    epoch_module.main(["--epochs", "1", "--rounds", "1", "--clock", "cpu"])
    text = capsys.readouterr().out
    for label in ("purenn python engine, float64", "purenn python engine, float32",
                  "pure-Python floor, float64"):
        assert label in text
