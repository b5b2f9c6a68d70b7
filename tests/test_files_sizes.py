"""Files, sizes, IDX, threads and gradient checks (issue 15, items 3 to 7).

- save_parameters never destroys the file it replaces; every load error names the file and
  the layer.
- Every allocation a caller's number can make large is refused at once when it cannot fit in
  what the process may use (its address-space limit where one is set).
- IDX labels are checked on load; IdxData.item behaves as a sequence; save_idx names the
  value, its position and the type code.
- purenn.random's stream and the numpy engine's draws are safe from several threads.
- gradcheck names a random layer and float32 in its report and restores the caller's values.
"""
import gzip
import json
import struct
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import purenn
from purenn import gradcheck, random as prandom
from purenn.datasets import load_idx, load_mnist, save_idx
from purenn.engine import shapes

ROOT = Path(__file__).resolve().parents[1]


def finalized_model(engine):
    model = purenn.Model(engine=engine)
    model.add(purenn.Layer_Dense(2, 3, engine=engine))
    model.add(purenn.Activation_Softmax(engine=engine))
    model.set(loss=purenn.Loss_CategoricalCrossentropy(engine=engine),
              optimizer=purenn.Optimizer_Adam(engine=engine),
              accuracy=purenn.Accuracy_Categorical(engine=engine))
    model.finalize()
    return model


# --- item 3: files -----------------------------------------------------------------------

def test_save_parameters_keeps_the_old_file_when_the_disk_is_full(engine, tmp_path,
                                                                  monkeypatch):
    model = finalized_model(engine)
    path = tmp_path / "model.json"
    model.save_parameters(path)
    good = path.read_text()

    def full_disk(document, file, **kwargs):
        file.write('{"format": "purenn model par')
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(json, "dump", full_disk)
    with pytest.raises(OSError, match="No space left"):
        model.save_parameters(path)
    assert path.read_text() == good
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.json"]


def test_save_parameters_keeps_the_old_file_for_a_value_json_cannot_encode(
        engine, tmp_path, monkeypatch):
    model = finalized_model(engine)
    path = tmp_path / "model.json"
    model.save_parameters(path)
    good = path.read_text()
    to_list = model.ops.to_list
    monkeypatch.setattr(model.ops, "to_list", lambda a: [[object()]])
    with pytest.raises((TypeError, ValueError)):
        model.save_parameters(path)
    monkeypatch.setattr(model.ops, "to_list", to_list)
    assert path.read_text() == good
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.json"]


def test_load_parameters_names_the_file_and_the_layer_for_a_huge_integer(engine, tmp_path):
    model = finalized_model(engine)
    path = tmp_path / "model.json"
    model.save_parameters(path)
    document = json.loads(path.read_text())
    document["layers"][0]["weights"][1][2] = 10 ** 400
    path.write_text(json.dumps(document))
    with pytest.raises(ValueError) as raised:
        model.load_parameters(path)
    message = str(raised.value)
    assert str(path) in message and "layer 0" in message and "weights" in message


def test_load_parameters_names_the_file_when_it_cannot_be_read(engine, tmp_path):
    model = finalized_model(engine)
    path = tmp_path / "model.json"
    path.write_bytes(b"\xff\xfe\x00binary")
    with pytest.raises(ValueError, match="model.json"):
        model.load_parameters(path)


# --- item 4: sizes -------------------------------------------------------------------------

def test_memory_limit_is_the_address_space_limit_where_one_is_set():
    resource = pytest.importorskip("resource")
    code = ("import resource; limit = 3 * 2 ** 30; "
            "resource.setrlimit(resource.RLIMIT_AS, (limit, limit)); "
            "from purenn.engine import shapes; print(shapes.memory_limit() <= limit)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=60)
    assert result.stdout.strip() == "True", result.stderr


@pytest.fixture
def small_memory(monkeypatch):
    """What the process may use, as 1 GiB."""
    monkeypatch.setattr(shapes, "memory_limit", lambda: 2 ** 30)


def run_limited(code, limit=2 * 2 ** 30):
    """Run ``code`` in a new python engine process whose address space is ``limit`` bytes;
    its output. A call that runs away fails by the timeout, not by filling the machine."""
    pytest.importorskip("resource")
    setup = (f"import resource; resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit})); "
             f"import purenn; from purenn import random\n")
    try:
        result = subprocess.run([sys.executable, "-c", setup + code], cwd=ROOT,
                                capture_output=True, text=True, timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{code} ran for 30 s instead of being refused at once")
    return result.stdout + result.stderr


@pytest.mark.parametrize("call, name", [
    ("purenn.to_categorical([0, 10 ** 12])", "to_categorical"),
    ("purenn.to_categorical([0, 1], num_classes=10 ** 12)", "to_categorical"),
    ("random.binomial(1, 0.5, size=(10 ** 6, 10 ** 6))", "binomial"),
    ("random.permutation(10 ** 8)", "permutation"),
])
def test_a_size_that_cannot_fit_is_refused_at_once_naming_the_call(call, name):
    output = run_limited(f"""
try:
    {call}
except MemoryError as error:
    print("refused:", error)
""")
    assert "refused:" in output and name in output.split("refused:")[1], output[-2000:]


def test_to_categorical_in_the_numpy_engine_refuses_what_cannot_fit(small_memory):
    purenn.init(engine=pytest.importorskip("numpy") and "numpy")
    with pytest.raises(MemoryError, match="to_categorical"):
        purenn.to_categorical([0, 1], num_classes=10 ** 9)


def gzip_of_zeros(path, header, n_bytes):
    """A gzip file: ``header`` then ``n_bytes`` zero bytes, compressed in pieces."""
    with gzip.open(path, "wb") as file:
        file.write(header)
        chunk = bytes(2 ** 20)
        for _ in range(n_bytes // len(chunk)):
            file.write(chunk)


def test_load_idx_refuses_a_header_that_cannot_fit_before_reading_the_data(tmp_path,
                                                                            small_memory):
    path = tmp_path / "huge-idx3-ubyte.gz"
    header = struct.pack(">HBB3I", 0, 0x08, 3, 1_000_000, 100, 100)  # 10 GB of pixels
    gzip_of_zeros(path, header, 2 ** 20)
    with pytest.raises(MemoryError):
        load_idx(path)


def test_load_idx_stops_reading_where_the_header_says_the_data_ends(tmp_path):
    path = tmp_path / "bomb-idx1-ubyte.gz"
    header = struct.pack(">HBBI", 0, 0x08, 1, 10)
    gzip_of_zeros(path, header + bytes(10), 64 * 2 ** 20)  # 64 MiB more than the header says
    # (PyPy has no tracemalloc: the test is CPython's)
    tracemalloc = pytest.importorskip("tracemalloc")
    tracemalloc.start()
    try:
        with pytest.raises(ValueError, match="bytes left over"):
            load_idx(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * 2 ** 20, f"{peak:,} bytes held to read 18 bytes of IDX"


def test_lecture_csv_with_a_typo_label_is_refused_at_once(tmp_path):
    path = tmp_path / "spiral.csv"
    rows = ["x1,x2,y"] + [f"{i / 10},{-i / 10},{i % 3}" for i in range(30)]
    rows[7] = "0.5,0.5,1000000"
    path.write_text("\n".join(rows) + "\n")
    result = subprocess.run([sys.executable, "examples/lecture_network.py", "--csv", str(path),
                             "--iterations", "1"], cwd=ROOT, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 2, result.stderr[-2000:]
    assert "1000000" in result.stderr and "Traceback" not in result.stderr


# --- item 5: IDX -----------------------------------------------------------------------------

def write_mnist(folder, labels, label_type=0x08, label_format="B"):
    images = struct.pack(">HBB3I", 0, 0x08, 3, len(labels), 2, 2) + bytes(4 * len(labels))
    (folder / "train-images-idx3-ubyte").write_bytes(images)
    (folder / "train-labels-idx1-ubyte").write_bytes(
        struct.pack(">HBBI", 0, label_type, 1, len(labels))
        + struct.pack(f">{len(labels)}{label_format}", *labels))


@pytest.mark.parametrize("labels, label_type, label_format, shown", [
    ([1, -1, 2], 0x09, "b", "label 1 is -1"),
    ([1, 2, 1.5], 0x0D, "f", "label 2 is 1.5"),
    ([float("nan"), 2, 1], 0x0E, "d", "label 0 is nan"),
])
def test_load_mnist_refuses_bad_labels_naming_the_first(tmp_path, labels, label_type,
                                                        label_format, shown):
    write_mnist(tmp_path, labels, label_type, label_format)
    with pytest.raises(ValueError, match=shown):
        load_mnist(tmp_path)


def test_idx_item_behaves_as_a_sequence(tmp_path):
    path = tmp_path / "images-idx3-ubyte"
    save_idx(path, [[[1, 2], [3, 4]], [[5, 6], [7, 8]]])
    data = load_idx(path)
    assert data.item(-1) == [[5, 6], [7, 8]]
    assert data.item(-2) == [[1, 2], [3, 4]]
    for bad in (2, -3, 60000):
        with pytest.raises(IndexError, match=str(bad)):
            data.item(bad)
    labels = load_idx(save_idx(tmp_path / "labels-idx1-ubyte", [3, 4]))
    assert labels.item(-1) == 4
    with pytest.raises(IndexError):
        labels.item(2)


def test_save_idx_names_the_value_its_position_and_the_type_code(tmp_path):
    with pytest.raises(ValueError, match=r"data\[1\]\[0\] is 300.*0x08"):
        save_idx(tmp_path / "a-idx2-ubyte", [[1, 2], [300, 4]])
    with pytest.raises(TypeError, match=r"data\[2\] is 1.5.*0x08"):
        save_idx(tmp_path / "b-idx1-ubyte", [1, 2, 1.5])
    with pytest.raises(TypeError, match=r"data\[0\] is 'a'.*0x0D"):
        save_idx(tmp_path / "c-idx1-ubyte", ["a"], type_code=0x0D)
    assert not list(tmp_path.iterdir())


# --- item 6: threads -----------------------------------------------------------------------------

@pytest.fixture
def fast_switching():
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(interval)


def run_in_threads(function, n_threads=4):
    barrier = threading.Barrier(n_threads)
    results = [None] * n_threads

    def work(i):
        barrier.wait()
        results[i] = function()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(n_threads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_random_stream_gives_each_number_once_across_threads(fast_switching):
    prandom.seed(0)
    results = run_in_threads(lambda: [prandom.randn() for _ in range(3000)])
    drawn = sorted(value for values in results for value in values)
    prandom.seed(0)
    gold = sorted(prandom.randn(len(drawn)))
    assert drawn == gold


def test_layers_made_in_threads_get_different_weights(engine, fast_switching):
    # In the numpy engine a large draw is NumPy's, which lets other threads run meanwhile:
    # without a lock around the hand-off of the stream's state, two layers start from the
    # same state and get the same weights
    purenn.init(engine=engine)
    n_inputs, count = (300, 10) if engine == "numpy" else (4, 60)

    def first_weights():
        layers = [purenn.Layer_Dense(n_inputs, n_inputs) for _ in range(count)]
        return [layer.ops.to_list(layer.weights[0]) for layer in layers]

    drawn = sorted(row for result in run_in_threads(first_weights) for row in result)
    purenn.init(engine=engine)
    gold = sorted(row for _ in range(4) for row in first_weights())
    assert drawn == gold


# --- item 7: gradcheck ---------------------------------------------------------------------

def test_check_gradients_of_dropout_fixes_the_mask_and_says_so(engine):
    purenn.init(dtype="float64", engine=engine)
    inputs = [[0.5, -1.0, 2.0, 0.25], [1.5, 0.75, -0.5, 1.0]]
    result = gradcheck.check_gradients(purenn.Layer_Dropout(0.3), inputs)
    assert result.passed(), result.report()
    assert "mask" in result.report()


def test_check_gradients_in_float32_checks_in_float64_and_says_so(engine):
    purenn.init(engine=engine)  # float32
    inputs = [[0.5, -1.0], [1.5, 0.75]]
    layer = purenn.Layer_Dense(2, 3)
    weights_before = layer.ops.to_list(layer.weights)
    result = gradcheck.check_gradients(layer, inputs)
    assert result.passed(), result.report()
    assert "float32" in result.report() and "float64" in result.report()
    assert layer.ops.to_list(layer.weights) == weights_before
    assert layer.ops.dtype == "float32"


def test_numerical_gradient_restores_the_values_after_an_error():
    values = [[1.0, 2.0], [3.0, 4.0]]
    calls = []

    def objective():
        calls.append(1)
        if len(calls) == 3:
            raise ArithmeticError("the objective failed")
        return values[0][0] + values[1][1]

    with pytest.raises(ArithmeticError):
        gradcheck.numerical_gradient(objective, values)
    assert values == [[1.0, 2.0], [3.0, 4.0]]
