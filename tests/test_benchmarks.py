"""The epoch benchmark does the work it claims: every row trains the same network.

Only results are checked here; no test is timed (see benchmarks/README.md).
"""
import importlib.util
import re
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def load_script(name):
    spec = importlib.util.spec_from_file_location(f"benchmark_{name}", BENCHMARKS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def epoch_module():
    return load_script("epoch")


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


def test_without_numpy_the_ratios_are_to_a_baseline_given_from_cpython(epoch_module, capsys,
                                                                      monkeypatch):
    # As on PyPy: no NumPy, so no baseline row; --baseline-ms gives the CPython baseline
    monkeypatch.setattr(epoch_module, "np", None)
    epoch_module.main(["--epochs", "1", "--rounds", "1", "--clock", "cpu",
                       "--baseline-ms", "0.25"])
    text = capsys.readouterr().out
    assert "no NumPy here: ratios to --baseline-ms 0.25" in text
    assert "baseline" not in text.split("\n\n", 1)[1].splitlines()[1]
    rows = [line for line in text.splitlines() if line.startswith("purenn python engine")]
    assert len(rows) == 2
    for line in rows:
        # label, ms/epoch, spread, ratio, ...
        median_ms, ratio = re.search(r"(\d+\.\d+)\s+\d+%\s+(\S+)", line).groups()
        # Both printed rounded (3 and 2 decimals): equal within the rounding
        assert ratio.endswith("x")
        assert float(ratio[:-1]) == pytest.approx(float(median_ms) / 0.25, abs=0.011)


def test_both_backward_passes_of_the_timing_give_the_same_gradient(engine):
    passes = load_script("combined_backward").BackwardPasses(engine)
    ops = passes.activation.ops
    separate, combined = ops.to_list(passes.separate()), ops.to_list(passes.combined())
    # The book's point: the same gradient (here to float32 rounding), one way much faster
    assert combined[0] == pytest.approx([-0.1, 0.03333333, 0.06666667], rel=1e-6)
    for row_separate, row_combined in zip(separate, combined):
        assert row_separate == pytest.approx(row_combined, rel=1e-5, abs=1e-7)


def test_the_backward_timing_prints_a_ratio_per_engine(capsys):
    load_script("combined_backward").main(["--number", "3", "--repeat", "1"])
    lines = capsys.readouterr().out.splitlines()
    assert lines[2].startswith("python ")
    assert "The book's ratio: 6.92" in lines[-1]


def test_digits_step_times_cpu_by_default():
    # A busy machine's wall clock counts other jobs' time: CPU time unless --clock wall
    benchmark = load_script("digits_step")
    ticks = iter([0.0, 1.0, 10.0, 10.5, 20.0, 22.0])
    assert benchmark.best_time(lambda: None, 3, clock=lambda: next(ticks)) == 0.5
    assert benchmark.best_time.__defaults__ == (benchmark.time.process_time,)
    assert benchmark.CLOCKS["cpu"] is benchmark.time.process_time
