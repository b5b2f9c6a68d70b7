"""IDX files: the format MNIST and Fashion-MNIST come in (the blog's data; the book's chapter 19).

An IDX file is a big-endian header followed by the values, row after row:

    bytes 0-1   zero
    byte  2     the type of the values (0x08: unsigned byte, as in MNIST)
    byte  3     the number of dimensions
    then        each dimension's size, a 4-byte unsigned integer
    then        the values, in C order (the last dimension changes fastest)

So MNIST's labels start with the magic number 0x00000801 (unsigned bytes, 1 dimension: the
count) and its images with 0x00000803 (3 dimensions: count, rows, columns). The files are
usually gzipped (``train-images-idx3-ubyte.gz``); ``load_idx`` reads either form, with the
standard library only (gzip, struct, array).

``load_mnist`` reads a folder of the four MNIST (or Fashion-MNIST) files into the book's
(X, y): one flattened image per row, scaled as the caller asks.
"""
import gzip
import math
import operator
import struct
import sys
import zlib
from array import array
from pathlib import Path

from .engine.config import get_engine
from .engine.shapes import check_count, check_fits, format_shape
from .tools.notebook import idx_text, pretty

# The IDX type byte -> (array typecode, bytes per value, name)
IDX_TYPES = {
    0x08: ("B", 1, "unsigned byte"),
    0x09: ("b", 1, "signed byte"),
    0x0B: ("h", 2, "short (2 bytes)"),
    0x0C: ("i", 4, "int (4 bytes)"),
    0x0D: ("f", 4, "float (4 bytes)"),
    0x0E: ("d", 8, "double (8 bytes)"),
}
# The two magic numbers of MNIST's files
MAGIC_LABELS = 0x00000801
MAGIC_IMAGES = 0x00000803
# The first two bytes of a gzip file
GZIP_MAGIC = b"\x1f\x8b"


class IdxData:
    """What an IDX file holds: the type of its values, its shape, and the values, flat.

    ``values`` is an ``array.array`` in C order (for MNIST's images: image after image, each
    row after row); ``item(i)`` gives entry ``i`` as nested lists, ``tolist()`` all of them.
    """

    def __init__(self, path, type_code, shape, values):
        self.path = path
        self.type_code = type_code
        self.shape = shape
        self.values = values

    def __repr__(self):
        kind = IDX_TYPES[self.type_code][2]
        return (f"IdxData(path={str(self.path)!r}, type=0x{self.type_code:02X} ({kind}), "
                f"shape={format_shape(self.shape)})")

    # In a notebook: the repr, then the first entry (an image: its first rows) or labels
    _repr_pretty_ = pretty(idx_text)

    def __len__(self):
        return self.shape[0]

    @property
    def magic(self):
        """The file's magic number: 0x00000801 for MNIST's labels, 0x00000803 for its images."""
        return self.type_code << 8 | len(self.shape)

    @property
    def item_size(self):
        """How many values one entry holds (rows * columns for an image, 1 for a label)."""
        size = 1
        for n in self.shape[1:]:
            size *= n
        return size

    def item(self, i):
        """Entry ``i`` as nested lists (an image as its rows), or one number for 1-D data.

        As a sequence indexes: ``item(-1)`` is the last entry; out of range, IndexError.
        """
        i = operator.index(i)
        n = self.shape[0]
        if not -n <= i < n:
            raise IndexError(f"item {i} is out of range: {self.path} holds {n} entries "
                             f"(0 to {n - 1}, or -{n} to -1 from the end)")
        if i < 0:
            i += n
        if len(self.shape) == 1:
            return self.values[i]
        size = self.item_size
        return _nest(self.values[i * size:(i + 1) * size].tolist(), self.shape[1:])

    def tolist(self):
        """Everything as nested lists (for a big file, ``item`` or ``values`` use less memory)."""
        return _nest(self.values.tolist(), self.shape)


def _nest(flat, shape):
    """A flat list in C order as nested lists of ``shape``."""
    if len(shape) <= 1:
        return flat
    size = len(flat) // shape[0]
    return [_nest(flat[i * size:(i + 1) * size], shape[1:]) for i in range(shape[0])]


def _open(path):
    """(the file, its stream): the file opened for reading bytes, and read through gzip if
    it is gzipped (told by its first two bytes); either way a piece at a time."""
    file = open(path, "rb")
    if file.read(2) != GZIP_MAGIC:
        file.seek(0)
        return file, file
    file.seek(0)
    return file, gzip.GzipFile(fileobj=file, mode="rb")


def _read(file, size, path):
    """Up to ``size`` bytes of the (decompressed) stream; ValueError for damaged gzip data."""
    try:
        return file.read(size)
    except (EOFError, OSError, zlib.error) as error:
        raise ValueError(f"{path}: the gzip data is damaged or cut short ({error})") from None


def load_idx(path):
    """Read an IDX file, gzipped or not: returns an IdxData (type, shape, flat values).

    Read as a stream: the header first, then the size it gives checked against the memory
    this process may use (MemoryError at once, as NumPy's "Unable to allocate"), then
    exactly that many bytes, so a small .gz file that expands to gigabytes is never
    decompressed whole. Errors name the file: a wrong magic number, a header or data cut
    short, bytes left over.
    """
    file, source = _open(path)
    try:
        return _load(source, path)
    finally:
        source.close()
        file.close()


def read_header(path):
    """The type and shape an IDX file's header gives, without reading its values: an
    IdxData whose ``values`` is None. Errors as load_idx's."""
    file, source = _open(path)
    try:
        type_code, shape, _ = _header(source, path)
    finally:
        source.close()
        file.close()
    return IdxData(path, type_code, shape, None)


def _header(source, path):
    """(type code, shape, header size) read from the start of the stream, checked."""
    data = _read(source, 4, path)
    if len(data) < 4:
        raise ValueError(f"{path}: truncated: {len(data)} bytes, too short for the 4-byte "
                         f"magic number of an IDX file")
    zero, type_code, ndim = struct.unpack(">HBB", data[:4])
    if zero != 0 or type_code not in IDX_TYPES or ndim == 0:
        magic = struct.unpack(">I", data[:4])[0]
        raise ValueError(
            f"{path}: not an IDX file: magic number 0x{magic:08X}; an IDX file starts with "
            f"two zero bytes, a type byte (0x08 unsigned byte, ... 0x0E double) and the "
            f"number of dimensions, e.g. 0x{MAGIC_LABELS:08X} (labels) or "
            f"0x{MAGIC_IMAGES:08X} (images)")
    header_size = 4 + 4 * ndim
    data += _read(source, header_size - 4, path)
    if len(data) < header_size:
        raise ValueError(f"{path}: truncated: the header of {ndim} dimensions needs "
                         f"{header_size} bytes, the file has {len(data)}")
    # Each dimension's size: a big-endian 4-byte unsigned integer
    shape = struct.unpack(f">{ndim}I", data[4:header_size])
    return type_code, shape, header_size


def _load(source, path):
    type_code, shape, header_size = _header(source, path)
    typecode, value_size, _ = IDX_TYPES[type_code]
    count = 1
    for n in shape:
        count *= n
    # The values as bytes, then in an array: twice the data's size at most
    check_fits(count, "bytes", 2 * value_size,
               f"{path}: the header's shape {format_shape(shape)} of {value_size}-byte values")
    expected = header_size + count * value_size
    body = _read(source, count * value_size, path)
    if len(body) < count * value_size:
        raise ValueError(
            f"{path}: truncated: the header says shape {format_shape(shape)}, "
            f"{count} values of {value_size} byte(s) after the {header_size}-byte header "
            f"({expected} bytes in all), but the file has {header_size + len(body)} bytes")
    if _read(source, 1, path):
        raise ValueError(
            f"{path}: bytes left over: the header says shape {format_shape(shape)}, "
            f"{count} values of {value_size} byte(s) after the {header_size}-byte header "
            f"({expected} bytes in all), but the file goes on after them")
    values = array(typecode)
    values.frombytes(body)
    if value_size > 1 and sys.byteorder == "little":
        # IDX is big-endian: swap each value's bytes into this machine's order
        values.byteswap()
    return IdxData(path, type_code, shape, values)


def save_idx(path, data, type_code=0x08):
    """Write nested lists (or an IdxData) as an IDX file; gzipped if ``path`` ends in .gz.

    data: labels [3, 1, ...] (1-D), images [[[0, 255, ...], ...], ...] (3-D), any depth.
    """
    if isinstance(data, IdxData):
        shape, values, type_code = data.shape, data.values, data.type_code
    else:
        shape = []
        level = data
        while isinstance(level, (list, tuple)):
            shape.append(len(level))
            level = level[0] if level else None
        if not shape:
            raise ValueError(f"data must be a list (labels) or nested lists (images), not "
                             f"{data!r}")
        values = _to_array(_flatten(data, shape), shape, type_code)
    if values.itemsize > 1 and sys.byteorder == "little":
        values = array(values.typecode, values)
        values.byteswap()
    header = struct.pack(f">HBB{len(shape)}I", 0, type_code, len(shape), *shape)
    content = header + values.tobytes()
    if str(path).endswith(".gz"):
        # mtime=0: the same data gives the same file, byte for byte
        content = gzip.compress(content, mtime=0)
    with open(path, "wb") as file:
        file.write(content)
    return path


def _to_array(flat, shape, type_code):
    """The values in an array of the type code's kind; an error naming the first value that
    does not fit, its position (``data[1][0]``) and the type code."""
    if type_code not in IDX_TYPES:
        raise ValueError(f"type_code must be one of "
                         f"{', '.join(f'0x{code:02X}' for code in IDX_TYPES)}, not {type_code!r}")
    typecode, _, kind = IDX_TYPES[type_code]
    values = array(typecode)
    for index, value in enumerate(flat):
        try:
            values.append(value)
        except (TypeError, OverflowError) as error:
            position = "".join(f"[{i}]" for i in _position(index, shape))
            problem = (f"outside what type 0x{type_code:02X} ({kind}) holds"
                       if isinstance(error, OverflowError)
                       else f"not a value of type 0x{type_code:02X} ({kind})")
            raise (ValueError if isinstance(error, OverflowError) else TypeError)(
                f"save_idx: data{position} is {value!r}, {problem}") from None
    return values


def _position(index, shape):
    """The indices of flat position ``index`` in an array of ``shape`` (C order)."""
    position = []
    for n in reversed(shape):
        position.append(index % n)
        index //= n
    return list(reversed(position))


def _flatten(data, shape, name="data"):
    """The values of homologous nested lists in C order; ValueError at a ragged list."""
    if len(shape) == 1:
        if len(data) != shape[0]:
            raise ValueError(f"{name} has {len(data)} values where {shape[0]} were expected")
        return list(data)
    flat = []
    for i, item in enumerate(data):
        if not isinstance(item, (list, tuple)) or len(item) != shape[1]:
            raise ValueError(f"{name}[{i}] does not have length {shape[1]}: the lists are "
                             f"not homologous")
        flat.extend(_flatten(item, shape[1:], f"{name}[{i}]"))
    return flat


# --- MNIST and Fashion-MNIST ---

# The file names of each kind, as they are downloaded (gzipped, or unpacked)
MNIST_KINDS = ("train", "t10k")


def _find(directory, kind, what):
    """The path of ``{kind}-{what}-idx?-ubyte`` (.gz or not) in ``directory``, or None."""
    ndim = 3 if what == "images" else 1
    for name in (f"{kind}-{what}-idx{ndim}-ubyte.gz", f"{kind}-{what}-idx{ndim}-ubyte",
                 f"{kind}-{what}.idx{ndim}-ubyte"):
        path = Path(directory) / name
        if path.is_file():
            return path
    return None


def mnist_files(directory, kind="train"):
    """The (images, labels) paths of one kind in ``directory``; FileNotFoundError if absent."""
    if kind not in MNIST_KINDS:
        raise ValueError(f"kind must be 'train' or 't10k', not {kind!r}")
    if not Path(directory).is_dir():
        raise FileNotFoundError(f"{directory}: no such folder (expected a folder holding "
                                f"the MNIST or Fashion-MNIST files)")
    images, labels = _find(directory, kind, "images"), _find(directory, kind, "labels")
    if images is None or labels is None:
        missing = [f"{kind}-{what}-idx{n}-ubyte.gz" for what, n, path in
                   (("images", 3, images), ("labels", 1, labels)) if path is None]
        raise FileNotFoundError(
            f"{directory}: missing {' and '.join(missing)} (or the same unzipped): download "
            f"the four files of MNIST or Fashion-MNIST into this folder")
    return images, labels


# What ``scale`` may be: into [0, 1], into [-1, 1], or the pixels as they are
SCALES = ((0, 1), (-1, 1), None)


def scaled_pixel(pixel, top, scale):
    """One pixel value (0 to ``top``) scaled as ``scale`` asks, in float64."""
    if scale == (0, 1):
        # The blog: pixels / 255, into [0, 1]
        return pixel / top
    if scale == (-1, 1):
        # The book's chapter 19: (pixels - 127.5) / 127.5, into [-1, 1]
        return (pixel - top / 2) / (top / 2)
    return float(pixel)


def check_scale(scale):
    """Return ``scale`` as one of SCALES: (0, 1), (-1, 1) or None."""
    key = tuple(scale) if isinstance(scale, (list, tuple)) else scale
    if key not in SCALES:
        raise ValueError(f"scale must be (0, 1) (pixels / max, as the blog), (-1, 1) "
                         f"((pixels - max/2) / (max/2), as the book's chapter 19) or None "
                         f"(the pixels as they are), not {scale!r}")
    return key


def images_to_rows(images, scale=(0, 1), top=255, start=0, stop=None, engine=None):
    """IdxData of images (n, rows, cols) -> X (stop - start, rows * cols), each pixel scaled.

    Images ``start`` to ``stop`` (default: to the last). ``top`` is the largest pixel value
    (255 for MNIST, 16 for the UCI digits). In float32 mode each scaled value is the float32
    NumPy computes (one rounded division).
    """
    stop = len(images) if stop is None else min(stop, len(images))
    size = images.item_size
    return pixels_to_rows(images.values[start * size:stop * size], size, scale, top, engine)


def pixels_to_rows(pixels, size, scale=(0, 1), top=255, engine=None):
    """Flat pixel values, ``size`` per image -> X, one scaled row per image (see above)."""
    ops = get_engine(engine)
    scale = check_scale(scale)
    # Every pixel is one of top + 1 values: scale each once (the engine rounds them to its
    # precision), then look every pixel up, image after image, one row of X per image
    table = [scaled_pixel(pixel, top, scale) for pixel in range(top + 1)]
    return ops.take(table, pixels, size)


def check_labels_file(images, labels, n_classes):
    """Raise ValueError unless there is one label in [0, n_classes) per image."""
    if len(labels.shape) != 1:
        raise ValueError(f"{labels.path}: labels must be 1-D (magic 0x{MAGIC_LABELS:08X}), "
                         f"but the file has shape {format_shape(labels.shape)}")
    if len(images) != len(labels):
        raise ValueError(f"{images.path} holds {len(images)} images but {labels.path} holds "
                         f"{len(labels)} labels: the counts must be equal")
    values = labels.values
    if len(values) and labels.type_code in (0x08, 0x09, 0x0B, 0x0C) and \
            0 <= min(values) and max(values) < n_classes:
        return
    # Otherwise find the first label that is not a class and say which
    for index, label in enumerate(values):
        if math.isnan(label) or label != int(label):
            raise ValueError(f"{labels.path}: label {index} is {label}: labels must be "
                             f"whole numbers (class indices), not "
                             f"{IDX_TYPES[labels.type_code][2]} values such as this one")
        if not 0 <= label < n_classes:
            raise ValueError(f"{labels.path}: label {index} is {label:g}, outside the "
                             f"{n_classes} classes [0, {n_classes - 1}]")


def check_images_file(images, top):
    """Raise ValueError unless the file holds unsigned-byte images (n, rows, cols) <= top."""
    if images.type_code != 0x08 or len(images.shape) != 3:
        raise ValueError(f"{images.path}: images must be unsigned bytes of shape (count, "
                         f"rows, columns), magic 0x{MAGIC_IMAGES:08X}; the file has magic "
                         f"0x{images.magic:08X}, shape {format_shape(images.shape)}")
    # (A byte cannot exceed 255: only a smaller top needs the values looked at)
    if top < 255 and len(images.values) and max(images.values) > top:
        raise ValueError(f"{images.path}: a pixel is {max(images.values)}, above the "
                         f"largest value {top}")


def load_mnist(directory, kind="train", scale=(0, 1), limit=None, n_classes=10, engine=None):
    """MNIST or Fashion-MNIST from ``directory``: returns (X, y) in the book's layout.

    kind: "train" (60,000 images) or "t10k" (10,000). X (n, 784), one flattened image per
    row, scaled to [0, 1] (``scale=(0, 1)``, the blog's pixels / 255) or [-1, 1]
    (``scale=(-1, 1)``, the book's chapter 19) or left 0-255 (None); y (n,) labels.
    limit: read only the first ``limit`` samples (for the python engine).
    """
    scale = check_scale(scale)
    if limit is not None:
        limit = check_count(limit, "limit")
    images_path, labels_path = mnist_files(directory, kind)
    images, labels = load_idx(images_path), load_idx(labels_path)
    check_images_file(images, 255)
    check_labels_file(images, labels, n_classes)
    X = images_to_rows(images, scale, 255, stop=limit, engine=engine)
    n = len(labels) if limit is None else min(limit, len(labels))
    y = get_engine(engine).labels(labels.values[:n])
    return X, y


# --- The UCI handwritten digits, shipped in purenn/data ---

DATA_FOLDER = Path(__file__).resolve().parent / "data"
DIGITS_IMAGES = DATA_FOLDER / "digits-images-idx3-ubyte.gz"
DIGITS_LABELS = DATA_FOLDER / "digits-labels-idx1-ubyte.gz"
# The fixed split: every fifth image (indices 4, 9, 14, ...) tests, the others train
DIGITS_TEST_EVERY = 5
DIGITS_LARGEST_PIXEL = 16


def digits_data(scale=(0, 1), engine=None):
    """The UCI handwritten digits (1,797 images of 8x8 pixels 0-16, 10 classes), split in two.

    Returns X, y, X_test, y_test (as the book's chapter 19 ``create_data_mnist``): every
    fifth image of the file (indices 4, 9, 14, ..., 359 images) for testing, the other 1,438
    for training, each in the file's order. X (n, 64), one image per row, scaled to [0, 1]
    (pixels / 16, ``scale=(0, 1)``), [-1, 1] ((pixels - 8) / 8) or left 0-16 (None).

    Why every fifth: the file runs writer after writer, so test images taken from all
    through it come from the same writers as the training images (as MNIST's test set
    does). The file's last 360 images alone are harder: the example network reaches about
    0.91 on them against 0.97 on this split.

    Source: the test set of "Optical Recognition of Handwritten Digits", E. Alpaydin and
    C. Kaynak, UCI Machine Learning Repository (1998), as scikit-learn ships it; licence
    CC BY 4.0. See purenn/data/README.md.
    """
    scale = check_scale(scale)
    images, labels = load_idx(DIGITS_IMAGES), load_idx(DIGITS_LABELS)
    check_images_file(images, DIGITS_LARGEST_PIXEL)
    check_labels_file(images, labels, 10)
    ops = get_engine(engine)
    size = images.item_size
    # Deal the images (and labels) out: every fifth to the test set
    pixels, pixels_test = array("B"), array("B")
    y, y_test = [], []
    for i in range(len(images)):
        if i % DIGITS_TEST_EVERY == DIGITS_TEST_EVERY - 1:
            pixels_test.extend(images.values[i * size:(i + 1) * size])
            y_test.append(labels.values[i])
        else:
            pixels.extend(images.values[i * size:(i + 1) * size])
            y.append(labels.values[i])
    X = pixels_to_rows(pixels, size, scale, DIGITS_LARGEST_PIXEL, ops)
    X_test = pixels_to_rows(pixels_test, size, scale, DIGITS_LARGEST_PIXEL, ops)
    return X, ops.labels(y), X_test, ops.labels(y_test)
