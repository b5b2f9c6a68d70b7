"""IDX files (MNIST's format): load_idx, save_idx and load_mnist, on files the tests write."""
import gzip
import struct
import time
from array import array

import pytest

import purenn
from purenn.datasets import load_idx, load_mnist, save_idx


def idx_bytes(type_code, shape, values, value_format="B"):
    """The gold file: the IDX header and values written out with struct, big-endian."""
    header = struct.pack(">HBB", 0, type_code, len(shape))
    header += struct.pack(f">{len(shape)}I", *shape)
    return header + struct.pack(f">{len(values)}{value_format}", *values)


def write(path, content, gz):
    path = str(path) + (".gz" if gz else "")
    with open(path, "wb") as file:
        file.write(gzip.compress(content) if gz else content)
    return path


# Two images of 3 rows and 4 columns, and their labels
IMAGES = [[[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 255]],
          [[255, 254, 0, 0], [128, 127, 1, 2], [3, 4, 5, 6]]]
LABELS = [7, 0]


def flat(images):
    return [pixel for image in images for row in image for pixel in row]


@pytest.mark.parametrize("gz", [False, True])
def test_load_idx_reads_images(tmp_path, gz):
    path = write(tmp_path / "images-idx3-ubyte", idx_bytes(0x08, (2, 3, 4), flat(IMAGES)), gz)
    data = load_idx(path)
    assert data.magic == 0x00000803
    assert data.type_code == 0x08
    assert data.shape == (2, 3, 4)
    assert len(data) == 2
    assert data.item_size == 12
    assert list(data.values) == flat(IMAGES)
    assert data.item(1) == IMAGES[1]
    assert data.tolist() == IMAGES
    assert repr(data).endswith("type=0x08 (unsigned byte), shape=(2, 3, 4))")


@pytest.mark.parametrize("gz", [False, True])
def test_load_idx_reads_labels(tmp_path, gz):
    path = write(tmp_path / "labels-idx1-ubyte", idx_bytes(0x08, (2,), LABELS), gz)
    data = load_idx(path)
    assert data.magic == 0x00000801
    assert data.shape == (2,)
    assert data.tolist() == LABELS
    assert data.item(0) == 7


@pytest.mark.parametrize("type_code, value_format, values", [
    (0x09, "b", [-128, -1, 0, 127]),
    (0x0B, "h", [-32768, -2, 1, 32767]),
    (0x0C, "i", [-2 ** 31, -3, 70000, 2 ** 31 - 1]),
    (0x0D, "f", [0.5, -1.25, 3.0, 2.0 ** 100]),
    (0x0E, "d", [0.1, -2.5, 1e300, 7.0]),
])
def test_load_idx_reads_every_value_type_big_endian(tmp_path, type_code, value_format, values):
    path = write(tmp_path / "data", idx_bytes(type_code, (2, 2), values, value_format), False)
    data = load_idx(path)
    assert data.type_code == type_code
    assert data.shape == (2, 2)
    assert data.tolist() == [values[:2], values[2:]]


@pytest.mark.parametrize("gz", [False, True])
@pytest.mark.parametrize("data, type_code", [(IMAGES, 0x08), (LABELS, 0x08),
                                             ([[1.5, -2.0], [3.0, 4.25]], 0x0E)])
def test_save_idx_writes_what_load_idx_reads(tmp_path, gz, data, type_code):
    path = str(tmp_path / "file") + (".gz" if gz else "")
    save_idx(path, data, type_code)
    assert load_idx(path).tolist() == data
    with open(path, "rb") as file:
        content = file.read()
    if gz:
        content = gzip.decompress(content)
    # The bytes are the gold writer's
    shape = (len(data),) if type_code == 0x08 and data is LABELS else None
    if data is IMAGES:
        assert content == idx_bytes(0x08, (2, 3, 4), flat(IMAGES))
    elif shape:
        assert content == idx_bytes(0x08, shape, LABELS)
    else:
        assert content == idx_bytes(0x0E, (2, 2), [1.5, -2.0, 3.0, 4.25], "d")


# --- bad files ---

@pytest.mark.parametrize("content, message", [
    (b"", "truncated: 0 bytes, too short for the 4-byte magic number"),
    (b"\x00\x00\x08", "truncated: 3 bytes"),
    (b"\x12\x34\x08\x03" + bytes(12), "not an IDX file: magic number 0x12340803"),
    (b"\x00\x00\x07\x01" + bytes(4), "not an IDX file: magic number 0x00000701"),
    (b"\x00\x00\x08\x00", "not an IDX file: magic number 0x00000800"),
    (b"\x00\x00\x08\x03\x00\x00\x00\x02", "truncated: the header of 3 dimensions needs 16 bytes"),
    (idx_bytes(0x08, (2, 3, 4), flat(IMAGES))[:-1],
     r"truncated: the header says shape \(2, 3, 4\), 24 values .* \(40 bytes in all\), "
     r"but the file has 39 bytes"),
    (idx_bytes(0x08, (2,), LABELS) + b"\x00", "bytes left over: the header says shape"),
])
@pytest.mark.parametrize("gz", [False, True])
def test_load_idx_rejects_a_bad_file(tmp_path, content, message, gz):
    path = write(tmp_path / "bad", content, gz)
    with pytest.raises(ValueError, match=message) as error:
        load_idx(path)
    assert str(path) in str(error.value)


def test_load_idx_rejects_a_truncated_gzip(tmp_path):
    content = gzip.compress(idx_bytes(0x08, (2, 3, 4), flat(IMAGES)))
    path = write(tmp_path / "cut.gz", content[:-6], False)
    with pytest.raises(ValueError, match="the gzip data is damaged or cut short"):
        load_idx(path)


def mnist_folder(folder, images=IMAGES, labels=LABELS, kind="train", gz=True):
    """Write one kind of MNIST files (images 3-D, labels 1-D) into ``folder``."""
    suffix = ".gz" if gz else ""
    rows, cols = len(images[0]), len(images[0][0])
    write(folder / f"{kind}-images-idx3-ubyte",
          idx_bytes(0x08, (len(images), rows, cols), flat(images)), gz)
    write(folder / f"{kind}-labels-idx1-ubyte", idx_bytes(0x08, (len(labels),), labels), gz)
    return folder, suffix


def test_load_mnist_rejects_images_and_labels_of_different_counts(tmp_path):
    mnist_folder(tmp_path, labels=[7, 0, 3])
    with pytest.raises(ValueError, match="holds 2 images but .*train-labels-idx1-ubyte.gz "
                                         "holds 3 labels: the counts must be equal"):
        load_mnist(tmp_path)


def test_load_mnist_rejects_a_label_out_of_range(tmp_path):
    mnist_folder(tmp_path, labels=[7, 12])
    with pytest.raises(ValueError, match=r"label 1 is 12, outside the 10 classes \[0, 9\]"):
        load_mnist(tmp_path)


def test_load_mnist_rejects_labels_for_images(tmp_path):
    write(tmp_path / "train-images-idx3-ubyte", idx_bytes(0x08, (2,), LABELS), True)
    write(tmp_path / "train-labels-idx1-ubyte", idx_bytes(0x08, (2,), LABELS), True)
    with pytest.raises(ValueError, match="images must be unsigned bytes of shape"):
        load_mnist(tmp_path)


def test_load_mnist_says_which_files_are_missing(tmp_path):
    mnist_folder(tmp_path, kind="train")
    with pytest.raises(FileNotFoundError, match="missing t10k-images-idx3-ubyte.gz and "
                                                "t10k-labels-idx1-ubyte.gz"):
        load_mnist(tmp_path, kind="t10k")
    with pytest.raises(FileNotFoundError, match="no such folder"):
        load_mnist(tmp_path / "nowhere")
    with pytest.raises(ValueError, match="kind must be 'train' or 't10k', not 'test'"):
        load_mnist(tmp_path, kind="test")


# --- load_mnist: the book's layout, scaled ---

@pytest.mark.parametrize("gz", [False, True])
def test_load_mnist_flattens_and_scales_to_0_1(tmp_path, engine, gz):
    ops = purenn.init(engine=engine)
    mnist_folder(tmp_path, gz=gz)
    X, y = load_mnist(tmp_path)
    mine = ops.to_list(X)
    # Gold: np.float32(pixel) / np.float32(255), as the blog's X / 255 in float32
    np = pytest.importorskip("numpy")
    gold = (np.array(flat(IMAGES), np.float32).reshape(2, 12) / np.float32(255)).tolist()
    assert mine == gold
    assert list(y) == LABELS


def test_load_mnist_scales_to_minus_1_1_as_the_book(tmp_path, engine):
    ops = purenn.init(engine=engine)
    mnist_folder(tmp_path)
    X, _ = load_mnist(tmp_path, scale=(-1, 1))
    np = pytest.importorskip("numpy")
    # The book's chapter 19: (X.astype(np.float32) - 127.5) / 127.5
    gold = ((np.array(flat(IMAGES)).reshape(2, 12).astype(np.float32) - 127.5) / 127.5).tolist()
    assert ops.to_list(X) == gold
    assert ops.to_list(X)[0][0] == -1.0 and ops.to_list(X)[0][11] == 1.0


def test_load_mnist_leaves_pixels_unscaled_and_limits(tmp_path, engine):
    ops = purenn.init(engine=engine)
    mnist_folder(tmp_path)
    X, y = load_mnist(tmp_path, scale=None, limit=1)
    assert ops.to_list(X) == [[float(p) for p in flat(IMAGES[:1])]]
    assert list(y) == LABELS[:1]
    with pytest.raises(ValueError, match="scale must be"):
        load_mnist(tmp_path, scale=(0, 255))
    with pytest.raises(ValueError, match="limit must be a positive integer"):
        load_mnist(tmp_path, limit=0)


def test_load_mnist_leaves_the_files_as_they_were(tmp_path):
    mnist_folder(tmp_path)
    before = sorted((p.name, p.read_bytes()) for p in tmp_path.iterdir())
    load_mnist(tmp_path)
    assert sorted((p.name, p.read_bytes()) for p in tmp_path.iterdir()) == before


@pytest.mark.slow
def test_load_mnist_reads_60000_images_in_seconds(tmp_path):
    # A file the size of MNIST's training set, of pseudo-random pixels
    import random
    stream = random.Random(0)
    n = 60000
    pixels = array("B", stream.randbytes(n * 784))
    save_idx(tmp_path / "train-images-idx3-ubyte.gz",
             purenn.datasets.IdxData("x", 0x08, (n, 28, 28), pixels))
    save_idx(tmp_path / "train-labels-idx1-ubyte.gz",
             purenn.datasets.IdxData("y", 0x08, (n,), array("B", bytes(n))))
    purenn.init(engine="python")
    start = time.perf_counter()
    X, y = load_mnist(tmp_path)
    seconds = time.perf_counter() - start
    assert len(X) == n and len(X[0]) == 784
    assert X[n - 1][783] == purenn.engine.precision.to_float32(pixels[-1] / 255)
    # Seconds, not minutes (about 4 s measured on the shared 2-core machine)
    assert seconds < 30, seconds
