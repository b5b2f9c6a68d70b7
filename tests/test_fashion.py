"""The book's chapter 19 data and script: load_mnist_dataset / create_data_mnist on the book's
folder of PNG images, the folder written from IDX files, ``python -m purenn mnist-images``,
the book's shuffle and scaling, and examples/fashion_mnist.py in both engines.

Tests on the real Fashion-MNIST skip, saying why, where Debian's dataset-fashion-mnist
package is not installed; the others use small IDX files the tests write.
"""
import struct
import subprocess
import sys
from pathlib import Path

import pytest

import purenn
from purenn import fashion
from purenn.datasets import save_idx
from purenn.engine.precision import to_float32
from purenn.png import read_png, write_png
from purenn.tools.mnist_images import main as mnist_images

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "examples"))
import fashion_mnist  # noqa: E402  (examples/fashion_mnist.py)

DEBIAN_FOLDER = fashion.DEBIAN_FOLDER
needs_fashion_mnist = pytest.mark.skipif(
    not (DEBIAN_FOLDER / "train-images-idx3-ubyte.gz").is_file(),
    reason="Fashion-MNIST is not installed here (apt-get install dataset-fashion-mnist)")

# A small data set in IDX files: 7 training images of 2 x 3 pixels, 4 test images
TRAIN_LABELS = [3, 0, 3, 1, 0, 3, 2]
TEST_LABELS = [1, 1, 0, 2]


def image(k):
    return [[(40 * k + 7 * r + c) % 256 for c in range(3)] for r in range(2)]


@pytest.fixture
def idx_folder(tmp_path):
    folder = tmp_path / "idx"
    folder.mkdir()
    save_idx(folder / "train-images-idx3-ubyte.gz", [image(k) for k in range(7)])
    save_idx(folder / "train-labels-idx1-ubyte.gz", TRAIN_LABELS)
    save_idx(folder / "t10k-images-idx3-ubyte", [image(10 + k) for k in range(4)])
    save_idx(folder / "t10k-labels-idx1-ubyte", TEST_LABELS)
    return folder


def folder_gold(labels, first):
    """The book's folder order, worked out by hand: label after label, file order within."""
    order = sorted(range(len(labels)), key=lambda k: labels[k])
    return [image(first + k) for k in order], [labels[k] for k in order]


def test_make_image_folder_writes_the_books_layout(idx_folder, tmp_path):
    path = tmp_path / "fashion_mnist_images"
    assert fashion.make_image_folder(idx_folder, path, show_progress=False) == 11
    names = sorted(str(p.relative_to(path)) for p in path.rglob("*.png"))
    assert names == ["test/0/0000.png", "test/1/0000.png", "test/1/0001.png", "test/2/0000.png",
                     "train/0/0000.png", "train/0/0001.png", "train/1/0000.png",
                     "train/2/0000.png", "train/3/0000.png", "train/3/0001.png",
                     "train/3/0002.png"]
    # Image k of a label is the label's k-th in the IDX file: train label 3 is images 0, 2, 5
    assert read_png(path / "train" / "3" / "0002.png").tolist() == image(5)


def test_create_data_mnist_reads_the_folder_as_the_book(idx_folder, tmp_path, engine):
    path = tmp_path / "fashion_mnist_images"
    fashion.make_image_folder(idx_folder, path, show_progress=False)
    ops = purenn.get_engine(engine)
    X, y, X_test, y_test = fashion.create_data_mnist(path, engine=ops, show_progress=False)
    gold_X, gold_y = folder_gold(TRAIN_LABELS, 0)
    gold_X_test, gold_y_test = folder_gold(TEST_LABELS, 10)
    assert ops.to_list(X) == gold_X and ops.to_list(y) == gold_y
    assert ops.to_list(X_test) == gold_X_test and ops.to_list(y_test) == gold_y_test
    if engine == "numpy":
        assert (X.dtype.name, X.shape, y.dtype.name) == ("uint8", (7, 2, 3), "uint8")
    # The IDX files straight into the same arrays, in the same order
    X_idx, y_idx = fashion.load_idx_dataset("train", idx_folder, engine=ops)
    assert ops.to_list(X_idx) == gold_X and ops.to_list(y_idx) == gold_y


def test_load_mnist_dataset_errors_name_the_file(tmp_path):
    dataset = tmp_path / "data" / "train"
    with pytest.raises(FileNotFoundError, match=r"train: no such folder"):
        fashion.load_mnist_dataset("train", tmp_path / "data")
    (dataset / "shirts").mkdir(parents=True)
    with pytest.raises(ValueError, match=r"shirts: the folders in .* must be labels 0-255"):
        fashion.load_mnist_dataset("train", tmp_path / "data")
    (dataset / "shirts").rmdir()
    (dataset / "0").mkdir()
    write_png(dataset / "0" / "0000.png", [[1, 2], [3, 4]])
    write_png(dataset / "0" / "0001.png", [[1, 2, 3]])
    with pytest.raises(ValueError, match=r"0001\.png: 1 x 3 pixels, where .*0000\.png has 2 x 2"):
        fashion.load_mnist_dataset("train", tmp_path / "data")
    write_png(dataset / "0" / "0001.png", [[[1, 2, 3], [4, 5, 6]], [[1, 2, 3], [4, 5, 6]]])
    with pytest.raises(ValueError, match=r"0001\.png: a 3-channel colour image"):
        fashion.load_mnist_dataset("train", tmp_path / "data")
    (dataset / "0" / "0001.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(ValueError, match=r"0001\.png: truncated PNG"):
        fashion.load_mnist_dataset("train", tmp_path / "data")


def test_find_fashion_mnist_says_how_to_get_it(tmp_path, idx_folder):
    assert fashion.find_fashion_mnist(idx_folder) == idx_folder
    with pytest.raises(FileNotFoundError, match="apt-get install dataset-fashion-mnist"):
        fashion.find_fashion_mnist(tmp_path / "nothing")


def test_python_m_purenn_mnist_images(idx_folder, tmp_path, capsys):
    path = tmp_path / "images"
    assert mnist_images([str(idx_folder), "--to", str(path), "--limit", "3"]) == 0
    assert "wrote 6 PNG images" in capsys.readouterr().out
    # The first 3 of each data set: train labels 3, 0, 3 and test labels 1, 1, 0
    assert sorted(str(p.relative_to(path)) for p in path.rglob("*.png")) == [
        "test/0/0000.png", "test/1/0000.png", "test/1/0001.png",
        "train/0/0000.png", "train/3/0000.png", "train/3/0001.png"]
    with pytest.raises(SystemExit) as stop:
        mnist_images([str(tmp_path / "nothing")])
    assert stop.value.code == 2
    assert "apt-get install dataset-fashion-mnist" in capsys.readouterr().err
    # Through python -m purenn's dispatch
    result = subprocess.run([sys.executable, "-m", "purenn", "mnist-images", "--help"],
                            cwd=str(ROOT), capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "IDX_FOLDER" in result.stdout


def test_the_books_shuffle_of_the_keys_is_numpys():
    np = pytest.importorskip("numpy")
    # The book: nnfs.init() (seed 0), then keys = np.array(range(n)); np.random.shuffle(keys)
    generator = np.random.RandomState(0)
    gold = np.array(range(60000))
    generator.shuffle(gold)
    purenn.init()
    mine = purenn.random.permutation(60000)
    assert mine == gold.tolist()


def test_scale_images_is_the_books_scaling_bit_for_bit(engine):
    np = pytest.importorskip("numpy")
    ops = purenn.init(engine=engine)
    images = [[[0, 1, 127], [128, 254, 255]], [[64, 100, 200], [3, 2, 1]]]
    pixels = bytes([value for image in images for row in image for value in row])
    X_mine = fashion.images_array(pixels, 2, (2, 3), ops)
    mine = ops.to_list(fashion.scale_images(X_mine, ops))
    # The book: (X.reshape(X.shape[0], -1).astype(np.float32) - 127.5) / 127.5
    X = np.array(images, dtype=np.uint8)
    gold = ((X.reshape(X.shape[0], -1).astype(np.float32) - 127.5) / 127.5).tolist()
    assert [[to_float32(v) for v in row] for row in mine] == gold
    assert mine == gold


# --- examples/fashion_mnist.py ---

def test_example_on_small_idx_files_both_engines_agree(idx_folder, capsys):
    results = {}
    for engine in ("python", "numpy"):
        if engine == "numpy":
            pytest.importorskip("numpy")
        results[engine] = fashion_mnist.run(idx_folder, engine, epochs=2, log=lambda line: None)
        lines = capsys.readouterr().out.splitlines()
        assert lines[0] == "epoch: 1" and lines[-1].startswith("validation, acc: ")
        results[engine]["lines"] = lines
    python, numpy = results["python"], results["numpy"]
    assert python["lines"] == numpy["lines"]
    assert python["history"] == numpy["history"]


@pytest.fixture
def small_fashion(tmp_path):
    """The first 600 training and 200 test images of Fashion-MNIST, as IDX files of their
    own (the quick tier's tests load these instead of all 70,000)."""
    from purenn.idx import load_idx, mnist_files

    if not (DEBIAN_FOLDER / "train-images-idx3-ubyte.gz").is_file():
        pytest.skip("Fashion-MNIST is not installed here (apt-get install "
                    "dataset-fashion-mnist)")
    folder = tmp_path / "small"
    folder.mkdir()
    for kind, n in (("train", 600), ("t10k", 200)):
        images, labels = (load_idx(path) for path in mnist_files(DEBIAN_FOLDER, kind))
        save_idx(folder / f"{kind}-images-idx3-ubyte", [images.item(i) for i in range(n)])
        save_idx(folder / f"{kind}-labels-idx1-ubyte", labels.values[:n].tolist())
    return folder


def test_example_python_engine_128_samples_one_epoch_equals_numpy(small_fashion, capsys):
    pytest.importorskip("numpy")
    runs = {}
    for engine in ("python", "numpy"):
        result = fashion_mnist.run(small_fashion, engine, epochs=1, limit=128,
                                   log=lambda line: None)
        runs[engine] = (capsys.readouterr().out.splitlines(), result["history"],
                        _weights(result["model"]))
    assert runs["python"][0] == runs["numpy"][0]
    assert runs["python"][1] == runs["numpy"][1]
    assert runs["python"][2] == runs["numpy"][2], "the weights differ between the engines"
    # The book's first step: the untrained network's loss is about ln(10) = 2.3026
    assert runs["python"][0][1].startswith("step: 0, acc: ")
    assert "loss: 2.30" in runs["python"][0][1]


def _weights(model):
    """Every weight and bias of the model's dense layers, as Python floats."""
    ops = model.ops
    return [(ops.to_list(layer.weights), ops.to_list(layer.biases))
            for layer in model.trainable_layers]


@needs_fashion_mnist
@pytest.mark.slow
def test_example_both_engines_bit_for_bit_on_2000_samples_2_epochs(capsys):
    # About 80 s of CPU for the python engine (2 epochs on 2,000 images, 2,000 validated)
    pytest.importorskip("numpy")
    runs = {}
    for engine in ("python", "numpy"):
        result = fashion_mnist.run(DEBIAN_FOLDER, engine, epochs=2, limit=2000,
                                   log=lambda line: None)
        runs[engine] = (capsys.readouterr().out.splitlines(), result["history"],
                        _weights(result["model"]))
    assert runs["python"][0] == runs["numpy"][0]
    assert runs["python"][1] == runs["numpy"][1]
    assert runs["python"][2] == runs["numpy"][2], "the weights differ between the engines"


def test_example_without_data_says_how_to_get_it(tmp_path, capsys):
    # (the python engine, so that the test runs without NumPy too)
    with pytest.raises(SystemExit) as stop:
        fashion_mnist.main(["--engine", "python", "--limit", "10", "--data", str(tmp_path)])
    assert stop.value.code == 2
    assert "apt-get install dataset-fashion-mnist" in capsys.readouterr().err


def test_example_python_engine_needs_limit(idx_folder, capsys):
    with pytest.raises(SystemExit) as stop:
        fashion_mnist.main(["--engine", "python", "--data", str(idx_folder)])
    assert stop.value.code == 2
    assert "the python engine needs --limit N" in capsys.readouterr().err


def test_example_plot_draws_history_and_test_images(small_fashion, tmp_path, capsys):
    pytest.importorskip("numpy")
    pytest.importorskip("matplotlib")
    path = tmp_path / "fashion.png"
    assert fashion_mnist.main(["--data", str(small_fashion), "--epochs", "2",
                               "--plot", str(path)]) == 0
    output = capsys.readouterr().out
    assert f"wrote {path}" in output and "validation, acc: " in output
    assert read_png(path).width > 500


def test_scale_images_refuses_what_is_not_grey_levels():
    with pytest.raises(ValueError, match=r"X\[1\] holds a value that is not a grey level"):
        fashion.scale_images([[[0, 1]], [[2, 256]]], "python")
    with pytest.raises(ValueError, match=r"X\[1\] has 1 pixels where X\[0\] has 2"):
        fashion.scale_images([[[0, 1]], [[2]]], "python")
    np = pytest.importorskip("numpy")
    with pytest.raises(ValueError, match="dtype uint8; this one has dtype float32"):
        fashion.scale_images(np.zeros((2, 2, 2), dtype=np.float32), "numpy")


def test_fashion_benchmark_baseline_trains_as_the_numpy_engine():
    # benchmarks/fashion_epoch.py: its NumPy version of the book's epoch does the same work
    np = pytest.importorskip("numpy")
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "fashion_epoch", ROOT / "benchmarks" / "fashion_epoch.py")
    benchmark = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(benchmark)
    ops = purenn.init(engine="numpy")
    generator = np.random.default_rng(0)
    pixels = generator.integers(0, 256, (300, 28, 28), dtype=np.uint8)
    X = fashion.scale_images(pixels, ops)
    y = ops.labels(generator.integers(0, 10, 300))
    model = fashion_mnist.make_model(784, ops)
    baseline = benchmark.BookNumpyEpoch(np, X, y, [(layer.weights, layer.biases)
                                                   for layer in model.trainable_layers])
    for _ in range(2):
        baseline.run()
        model.train(X, y, epochs=1, batch_size=128, progress="silent")
    mine, gold = model.history["data_loss"][-1], baseline.epoch_loss
    # NumPy's own float32 exp and log (the baseline's) are not correctly rounded: close only
    assert abs(mine - gold) < 1e-4, (mine, gold)
    for layer, (weights, biases) in zip(model.trainable_layers, baseline.parameters):
        assert np.abs(layer.weights - weights).max() < 1e-4


@needs_fashion_mnist
@pytest.mark.slow
def test_example_prints_the_books_code_log_character_for_character(capsys):
    # tests/data/fashion_mnist_ch19_book_code.txt: what the book's own Chapter_19/Ch19_Final.py
    # (nnfs_book) printed here, run on the folder `python -m purenn mnist-images` wrote from
    # Debian's files, with two changes that purenn makes too: its os.listdir sorted (the
    # book's order is the file system's) and float32 exp/log correctly rounded (float64,
    # rounded once; NumPy's SIMD ones are not). All 90 lines, 10 epochs, numpy engine (some
    # 20 s of CPU). The book's file run unchanged on today's NumPy ends instead with
    # "training, acc: 0.893, loss: 0.294 (...)" and "validation, acc: 0.873, loss: 0.354".
    pytest.importorskip("numpy")
    gold = (ROOT / "tests" / "data" / "fashion_mnist_ch19_book_code.txt").read_text().splitlines()
    fashion_mnist.run(DEBIAN_FOLDER, "numpy", log=lambda line: None)
    mine = capsys.readouterr().out.splitlines()
    assert len(mine) == len(gold) == 90
    for number, (mine_line, gold_line) in enumerate(zip(mine, gold), 1):
        assert mine_line == gold_line, f"line {number}:\nmine: {mine_line}\ngold: {gold_line}"
