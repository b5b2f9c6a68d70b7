"""purenn.datasets against the nnfs package: the same data, bit for bit.

Gold: nnfs.datasets run in a subprocess, because nnfs.init() patches NumPy for the whole
process. float32 mode is compared with nnfs after ``nnfs.init()``; float64 mode with nnfs
without it. Each case seeds both streams with the same seed (``np.random.seed(seed)`` there,
``purenn.random.seed(seed)`` here). Tolerance everywhere: none (IEEE bytes compared).
"""
import json
import os
import struct
import subprocess
import sys

import pytest

from purenn import datasets, random
from purenn.engine.config import settings
from purenn.engine.shapes import ShapeError

PROJECT_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODES = ("float32", "float64")

# Sizes from 1 to 300 samples and 1 to 5 classes; seeds at both ends of [0, 2**32) and between
SEEDS = (0, 1, 2 ** 32 - 1, 3141592653)
CLASSIFICATION_CASES = [
    (name, seed, samples, classes)
    for name in ("spiral_data", "vertical_data")
    for seed in SEEDS
    # 50 samples: the last linspace point must be set to stop (i * step + start misses it)
    for samples, classes in [(1, 1), (1, 5), (2, 3), (3, 2), (7, 4), (50, 3), (100, 3), (157, 1),
                             (256, 2), (300, 5)]
]
SINE_CASES = [("sine_data", seed, samples, None)
              for seed, samples in [(0, 1), (0, 2), (1, 3), (0, 999), (0, 1000), (7, 4321)]]
CASES = CLASSIFICATION_CASES + SINE_CASES

# Runs in the subprocess: nnfs's data for each case, as dtype, shape and raw bytes
NNFS_SCRIPT = r"""
import json, sys
import numpy as np
import nnfs
from nnfs.datasets import sine_data, spiral_data, vertical_data

mode, cases = sys.argv[1], json.loads(sys.argv[2])
if mode == "float32":
    nnfs.init()

def describe(a):
    return [a.dtype.str, list(a.shape), a.tobytes().hex()]

results = []
for name, seed, samples, classes in cases:
    np.random.seed(seed)
    if name == "sine_data":
        X, y = sine_data(samples)
    else:
        X, y = {"spiral_data": spiral_data, "vertical_data": vertical_data}[name](samples, classes)
    # The next draws show that the data used as many draws as purenn's
    following = np.random.randn(3)
    results.append({"X": describe(X), "y": describe(y), "next": describe(following)})
print(json.dumps(results))
"""


def case_id(case):
    name, seed, samples, classes = case
    return f"{name}-seed{seed}-{samples}x{classes}"


@pytest.fixture(scope="module")
def nnfs_gold():
    """{mode: {case: nnfs's result}}, from one subprocess per mode."""
    pytest.importorskip("numpy")
    pytest.importorskip("nnfs")
    gold = {}
    for mode in MODES:
        completed = subprocess.run(
            [sys.executable, "-c", NNFS_SCRIPT, mode, json.dumps(CASES)],
            capture_output=True, text=True, cwd=PROJECT_ROOT)
        assert completed.returncode == 0, completed.stderr
        gold[mode] = dict(zip(CASES, json.loads(completed.stdout)))
    return gold


@pytest.fixture(params=MODES)
def mode(request, monkeypatch):
    """Run the test in float32 (as after purenn.init()) and in float64; restored afterwards."""
    monkeypatch.setattr(settings, "dtype", request.param)
    return request.param


def as_array(description):
    """nnfs's (dtype, shape, hex bytes) back into a NumPy array."""
    import numpy as np
    dtype, shape, data = description
    return np.frombuffer(bytes.fromhex(data), dtype=dtype).reshape(shape)


def make(case, engine):
    name, seed, samples, classes = case
    random.seed(seed)
    if name == "sine_data":
        return datasets.sine_data(samples, engine=engine)
    return getattr(datasets, name)(samples, classes, engine=engine)


def assert_same_floats(mine, gold, what):
    """Exact: ``mine`` (nested lists) holds exactly ``gold``'s values, compared as float64 bytes.

    Widening to float64 is exact, so equal float64 bytes mean equal float32 values too, and
    a value of ``mine`` that float32 cannot hold cannot pass.
    """
    import numpy as np
    mine_array = np.array(mine, dtype=np.float64)
    gold_array = gold.astype(np.float64)
    assert mine_array.shape == gold_array.shape, (
        f"{what}: shapes differ, mine {mine_array.shape} gold {gold_array.shape}")
    differ = np.flatnonzero(mine_array.view(np.uint64) != gold_array.view(np.uint64))
    assert differ.size == 0, (
        f"{what}: {differ.size} of {mine_array.size} values differ; first at flat index "
        f"{differ[0]}: mine {mine_array.ravel()[differ[0]]!r} "
        f"gold {gold_array.ravel()[differ[0]]!r}")


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_python_engine_matches_nnfs_bit_for_bit(case, mode, nnfs_gold):
    gold = nnfs_gold[mode][case]
    X, y = make(case, "python")
    following = random.randn(3)
    assert isinstance(X, list) and isinstance(y, list)
    assert_same_floats(X, as_array(gold["X"]), "X")
    if case[0] == "sine_data":
        assert_same_floats(y, as_array(gold["y"]), "y")
    else:
        assert all(type(label) is int for label in y)
        assert y == as_array(gold["y"]).tolist()
    assert_same_floats(following, as_array(gold["next"]), "the draws that follow")


@pytest.mark.parametrize("case", CASES[::5] + SINE_CASES[-1:], ids=case_id)
def test_numpy_engine_matches_nnfs_dtype_and_bytes(case, mode, nnfs_gold):
    pytest.importorskip("numpy")
    gold = nnfs_gold[mode][case]
    X, y = make(case, "numpy")
    for name, mine, theirs in (("X", X, gold["X"]), ("y", y, gold["y"])):
        dtype, shape, data = theirs
        assert (mine.dtype.str, list(mine.shape)) == (dtype, shape), name
        assert mine.tobytes().hex() == data, f"{name}: mine {mine!r}\ngold {as_array(theirs)!r}"


def test_spiral_data_labels_run_class_after_class():
    X, y = datasets.spiral_data(samples=4, classes=3, engine="python")
    assert len(X) == 12 and all(len(row) == 2 for row in X)
    assert y == [0] * 4 + [1] * 4 + [2] * 4


def test_sine_data_is_float64_in_float32_mode(monkeypatch):
    # nnfs.init() does not patch np.arange or np.sin: sine_data stays float64
    monkeypatch.setattr(settings, "dtype", "float32")
    X, y = datasets.sine_data(engine="python")
    assert len(X) == 1000 and len(y) == 1000
    assert X[1] == [1 / 1000]
    assert any(struct.unpack("<f", struct.pack("<f", value))[0] != value for [value] in y)


@pytest.mark.parametrize("function", [datasets.spiral_data, datasets.vertical_data])
@pytest.mark.parametrize("samples, classes, error_type, named", [
    (0, 3, ValueError, "samples"),
    (-2, 3, ValueError, "samples"),
    (True, 3, TypeError, "samples"),
    (2.5, 3, TypeError, "samples"),
    ("100", 3, TypeError, "samples"),
    (100, 0, ValueError, "classes"),
    (100, False, TypeError, "classes"),
    (100, 257, ValueError, "classes"),
])
def test_bad_sizes_are_rejected_with_their_name(function, samples, classes, error_type, named):
    with pytest.raises(error_type) as error:
        function(samples, classes)
    assert named in str(error.value) and repr(samples if named == "samples" else classes) \
        in str(error.value)


@pytest.mark.parametrize("samples", [0, True, 10.0])
def test_sine_data_rejects_bad_samples(samples):
    with pytest.raises((TypeError, ValueError), match="samples"):
        datasets.sine_data(samples)


def test_csv_round_trip_keeps_every_float32_bit(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "dtype", "float32")
    random.seed(0)
    X, y = datasets.spiral_data(samples=50, classes=3, engine="python")
    path = tmp_path / "spiral.csv"
    datasets.save_csv(path, X, y)
    assert path.read_text().splitlines()[0] == "x0,x1,label"
    X_read, y_read = datasets.load_csv(path)
    # Exact: the same bits
    assert [[v.hex() for v in row] for row in X_read] == [[v.hex() for v in row] for row in X]
    assert y_read == y


def test_csv_round_trip_of_sine_data_has_x_y_header(tmp_path):
    X, y = datasets.sine_data(samples=20, engine="python")
    path = tmp_path / "sine.csv"
    datasets.save_csv(path, X, y)
    lines = path.read_text().splitlines()
    assert lines[0] == "x,y" and len(lines) == 21
    X_read, y_read = datasets.load_csv(path)
    assert [[v.hex() for v in row] for row in X_read] == [[v.hex() for v in row] for row in X]
    assert [[v.hex() for v in row] for row in y_read] == [[v.hex() for v in row] for row in y]


def test_csv_takes_numpy_arrays(tmp_path, monkeypatch):
    np = pytest.importorskip("numpy")
    monkeypatch.setattr(settings, "dtype", "float32")
    random.seed(5)
    X, y = datasets.vertical_data(samples=10, classes=2, engine="numpy")
    path = tmp_path / "vertical.csv"
    datasets.save_csv(path, X, y)
    X_read, y_read = datasets.load_csv(path)
    assert np.array(X_read, dtype=np.float32).tobytes() == X.tobytes()
    assert y_read == y.tolist()


def test_save_csv_rejects_mismatched_lengths(tmp_path):
    with pytest.raises(ShapeError, match=r"\(2, 2\) and \(3,\)"):
        datasets.save_csv(tmp_path / "bad.csv", [[0.0, 1.0], [2.0, 3.0]], [0, 1, 2])


def test_load_csv_names_a_short_line(tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text("x0,x1,label\n0.5,0.25,1\n0.5,1\n")
    with pytest.raises(ValueError, match="line 3"):
        datasets.load_csv(path)
