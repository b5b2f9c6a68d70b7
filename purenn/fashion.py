"""Fashion-MNIST as the book reads it (chapters 19-22): a folder of PNG images.

The book downloads ``fashion_mnist_images``, a folder of 70,000 PNG files of 28 x 28 grey
pixels, one subfolder per label::

    fashion_mnist_images/train/0/0000.png ... train/9/5999.png   (60,000 images)
    fashion_mnist_images/test/0/0000.png  ... test/9/0999.png    (10,000 images)

and reads it with ``load_mnist_dataset(dataset, path)`` and ``create_data_mnist(path)``,
which are here under the book's names (with purenn's PNG reader in place of OpenCV).

Without the book's download: Debian's ``dataset-fashion-mnist`` package (``apt-get install
dataset-fashion-mnist``) installs the data set's four IDX files in
``/usr/share/datasets/fashion-mnist/``, and the data set's own site
(https://github.com/zalandoresearch/fashion-mnist) has the same files to download.
``make_image_folder(idx_folder, path)`` (or ``python -m purenn mnist-images``) writes the
book's folder from them; ``load_idx_dataset`` reads the IDX files straight into the arrays
``load_mnist_dataset`` would give for that folder, in the same order.
"""
import os
from array import array
from pathlib import Path

from .engine.config import get_engine
from .engine.shapes import check_count
from .idx import check_images_file, check_labels_file, load_idx, mnist_files, pixels_to_rows
from .png import PngError, PngImage, read_png, write_png
from .tools.cli import Progress

# Where Debian's dataset-fashion-mnist package puts the four IDX files
DEBIAN_FOLDER = Path("/usr/share/datasets/fashion-mnist")
# The book's folder name, and its two data sets (and the IDX files' names for them)
BOOK_FOLDER = "fashion_mnist_images"
DATASETS = {"train": "train", "test": "t10k"}

# The book's chapter 22 label names
fashion_mnist_labels = {
    0: "T-shirt/top",
    1: "Trouser",
    2: "Pullover",
    3: "Dress",
    4: "Coat",
    5: "Sandal",
    6: "Shirt",
    7: "Sneaker",
    8: "Bag",
    9: "Ankle boot",
}

HOW_TO_GET = (
    "Fashion-MNIST is not here. Install Debian's package (apt-get install "
    "dataset-fashion-mnist: the four IDX files in /usr/share/datasets/fashion-mnist/), or "
    "download train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, "
    "t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz from "
    "https://github.com/zalandoresearch/fashion-mnist into a folder and give its path")


def find_fashion_mnist(folder=None):
    """The folder holding Fashion-MNIST: ``folder`` if given, else Debian's, else the book's
    ``fashion_mnist_images`` in the current folder; FileNotFoundError saying how to get it.

    A folder holds it if it has the four IDX files or the book's train/ and test/ folders.
    """
    candidates = [Path(folder)] if folder is not None else [DEBIAN_FOLDER, Path(BOOK_FOLDER)]
    for candidate in candidates:
        if is_image_folder(candidate) or _has_idx_files(candidate):
            return candidate
    where = f"{folder} holds neither" if folder is not None else "neither"
    raise FileNotFoundError(
        f"{where} the four IDX files nor the book's train/ and test/ image folders. "
        f"{HOW_TO_GET}")


def is_image_folder(path):
    """True if ``path`` has the book's train/ and test/ subfolders."""
    return (Path(path) / "train").is_dir() and (Path(path) / "test").is_dir()


def _has_idx_files(path):
    try:
        mnist_files(path, "train")
        mnist_files(path, "t10k")
    except FileNotFoundError:
        return False
    return True


# --- the book's loaders ---------------------------------------------------------------

def load_mnist_dataset(dataset, path, *, engine=None, show_progress=True):
    """Read ``path/dataset/<label>/*.png`` (dataset "train" or "test"): returns X, y.

    X (n_images, rows, columns) grey levels 0-255, y (n_images,) labels, as the book's
    ``np.array(X), np.array(y).astype('uint8')``: uint8 arrays in the numpy engine, lists
    of ints in the python engine. On a terminal, a line on stderr shows how far it is.
    """
    ops = get_engine(engine)
    dataset_folder = Path(path) / dataset
    if not dataset_folder.is_dir():
        raise FileNotFoundError(f"{dataset_folder}: no such folder (the book's layout is "
                                f"{path}/{dataset}/<label>/<number>.png)")
    # Scan all the directories and create a list of labels
    # Differs from book: the labels and files in sorted order (os.listdir's order differs
    # from one machine to the next), so X comes out the same everywhere
    labels = sorted(_visible(dataset_folder), key=_label_order)
    files = []
    for label in labels:
        label_folder = dataset_folder / label
        if not label_folder.is_dir() or not label.isdigit() or int(label) > 255:
            raise ValueError(f"{label_folder}: the folders in {dataset_folder} must be labels "
                             f"0-255, one folder each (the book's layout)")
        # And for each image in given folder
        for file in sorted(_visible(label_folder)):
            files.append((label_folder / file, int(label)))
    if not files:
        raise ValueError(f"{dataset_folder}: no images in its label folders")
    # Create lists for samples and labels (the pixels kept flat, one image after another)
    pixels = bytearray()
    y = []
    shape = None
    # Differs from book: a line on a terminal shows how far the reading has got
    progress = Progress(len(files), f"reading {dataset} images") if show_progress else None
    for done, (file, label) in enumerate(files):
        # Read the image
        image = read_png(file)
        if image.channels != 1:
            raise ValueError(f"{file}: a {image.shape[-1]}-channel colour image; the data "
                             f"set's images are grey (one value per pixel)")
        if shape is None:
            shape = image.shape
        elif image.shape != shape:
            raise ValueError(f"{file}: {image.shape[0]} x {image.shape[1]} pixels, where "
                             f"{files[0][0]} has {shape[0]} x {shape[1]}: the images must "
                             f"all be the same size")
        # And append it and a label to the lists
        pixels += image.pixels
        y.append(label)
        if progress is not None:
            progress.update(done + 1)
    if progress is not None:
        progress.clear()
    return images_array(pixels, len(y), shape, ops), ops.labels(y)


def create_data_mnist(path, *, engine=None, show_progress=True):
    """The book's MNIST data set (train + test) from its folder: X, y, X_test, y_test."""
    # Load both sets separately
    X, y = load_mnist_dataset("train", path, engine=engine, show_progress=show_progress)
    X_test, y_test = load_mnist_dataset("test", path, engine=engine,
                                        show_progress=show_progress)
    # And return all the data
    return X, y, X_test, y_test


def _visible(folder):
    """The names in ``folder``, without hidden ones (.DS_Store and the like)."""
    return [name for name in os.listdir(folder) if not name.startswith(".")]


def _label_order(name):
    """Label folders in numeric order (10 after 9); anything else after them."""
    return (0, int(name), "") if name.isdigit() else (1, 0, name)


def images_array(pixels, n_images, shape, engine=None):
    """Flat grey levels -> an (n_images, rows, columns) array of ints (numpy: uint8)."""
    ops = get_engine(engine)
    rows, columns = shape
    if ops.name == "numpy":
        # np.frombuffer(pixels, np.uint8).reshape(n, rows, columns), made by ops.labels
        return ops.labels(array("B", bytes(pixels))).reshape(n_images, rows, columns)
    images = []
    for i in range(n_images):
        start = i * rows * columns
        images.append([list(pixels[start + r * columns:start + (r + 1) * columns])
                       for r in range(rows)])
    return images


def scale_images(X, engine=None):
    """The book's ``(X.reshape(X.shape[0], -1).astype(np.float32) - 127.5) / 127.5``.

    X (n_images, rows, columns) of grey levels 0-255 (as ``load_mnist_dataset`` gives
    them) -> (n_images, rows * columns) in [-1, 1], at the working precision (float32
    after purenn.init(), as the book). ValueError naming the image for anything else.
    """
    ops = get_engine(engine)
    if hasattr(X, "dtype") and hasattr(X, "reshape"):
        # A NumPy array: its grey levels as they are, if they are bytes
        if X.dtype.name != "uint8" or X.ndim != 3:
            raise ValueError(f"scale_images: X must be grey levels 0-255 of shape (n_images, "
                             f"rows, columns), dtype uint8; this one has dtype {X.dtype}, "
                             f"shape {tuple(X.shape)}")
        n_images = len(X)
        size = X.size // n_images if n_images else 0
        return pixels_to_rows(X.reshape(-1), size, scale=(-1, 1), engine=ops)
    # Reshape: each image's rows one after another, one image after another
    flat = array("B")
    size = len(X[0]) * len(X[0][0]) if len(X) else 0
    for i, image in enumerate(X):
        start = len(flat)
        try:
            for row in image:
                flat.extend(row)
        except (TypeError, OverflowError):
            raise ValueError(f"scale_images: X[{i}] holds a value that is not a grey level "
                             f"(a whole number 0-255)") from None
        if len(flat) - start != size:
            raise ValueError(f"scale_images: X[{i}] has {len(flat) - start} pixels where "
                             f"X[0] has {size}: the images are not homologous")
    return pixels_to_rows(flat, size, scale=(-1, 1), engine=ops)


# --- from the IDX files ---------------------------------------------------------------

def _idx_images(dataset, idx_folder):
    """(images IdxData, labels IdxData) of "train" or "test", checked."""
    if dataset not in DATASETS:
        raise ValueError(f"dataset must be 'train' or 'test' (the book's folder names), not "
                         f"{dataset!r}")
    images_path, labels_path = mnist_files(idx_folder, DATASETS[dataset])
    images, labels = load_idx(images_path), load_idx(labels_path)
    check_images_file(images, 255)
    check_labels_file(images, labels, 256)
    return images, labels


def folder_order(labels):
    """The IDX indices in the book's folder order: label after label, each in file order."""
    by_label = {}
    for index, label in enumerate(labels):
        by_label.setdefault(label, []).append(index)
    order = []
    for label in sorted(by_label):
        order.extend(by_label[label])
    return order


def load_idx_dataset(dataset, idx_folder, *, engine=None):
    """X, y as ``load_mnist_dataset(dataset, path)`` gives them for the folder that
    ``make_image_folder(idx_folder, path)`` writes, read straight from the IDX files."""
    ops = get_engine(engine)
    images, labels = _idx_images(dataset, idx_folder)
    size = images.item_size
    pixels = bytearray()
    y = []
    for index in folder_order(labels.values):
        pixels += images.values[index * size:(index + 1) * size].tobytes()
        y.append(labels.values[index])
    return images_array(pixels, len(y), images.shape[1:], ops), ops.labels(y)


def make_image_folder(idx_folder, path=BOOK_FOLDER, limit=None, show_progress=True):
    """Write the book's folder ``path/{train,test}/<label>/<NNNN>.png`` from the IDX files
    in ``idx_folder``; returns how many images it wrote.

    Image k of a label (in the IDX file's order) is ``<k as 4 digits>.png``. limit: write
    only the first ``limit`` images of each data set (for a quick try). Files already
    there with the same name are replaced; nothing else in ``path`` is touched.
    """
    if limit is not None:
        limit = check_count(limit, "limit")
    written = 0
    for dataset in DATASETS:
        images, labels = _idx_images(dataset, idx_folder)
        size = images.item_size
        rows, columns = images.shape[1:]
        n = len(images) if limit is None else min(limit, len(images))
        counts = {}
        progress = Progress(n, f"writing {dataset} images") if show_progress else None
        for index in range(n):
            label = labels.values[index]
            number = counts.get(label, 0)
            counts[label] = number + 1
            folder = Path(path) / dataset / str(label)
            if number == 0:
                folder.mkdir(parents=True, exist_ok=True)
            pixels = images.values[index * size:(index + 1) * size].tobytes()
            file = folder / f"{number:04d}.png"
            write_png(file, PngImage(file, columns, rows, 0, pixels))
            written += 1
            if progress is not None:
                progress.update(index + 1)
        if progress is not None:
            progress.clear()
    return written


__all__ = ["PngError", "create_data_mnist", "fashion_mnist_labels", "find_fashion_mnist",
           "load_idx_dataset", "load_mnist_dataset", "make_image_folder", "scale_images"]


# --- chapter 22: a picture of your own ------------------------------------------------

def resize(image, size):
    """A grey image (rows of grey levels) resized to ``size`` = (width, height), by the
    rule of the book's ``cv2.resize(image, (28, 28))`` (OpenCV's default, INTER_LINEAR).

    Bilinear, with pixel centres aligned: output pixel (x, y) looks at the source point
    ``((x + 0.5) * source_width / width - 0.5, (y + 0.5) * source_height / height - 0.5)``
    and mixes the four pixels around it by their distances; a point beyond the first or
    last pixel's centre takes that pixel. (Like OpenCV's INTER_LINEAR, a large picture
    shrunk to 28 x 28 looks at 4 pixels only, not at their whole area.) OpenCV computes in
    fixed point; this in float64, rounded to the nearest grey level: the two differ by at
    most one grey level.
    """
    width, height = size
    if not image or not image[0]:
        raise ValueError("resize: the image has no pixels")
    source_height, source_width = len(image), len(image[0])
    columns = [_source_position(x, source_width, width) for x in range(width)]
    output = []
    for y in range(height):
        # The two source rows around this output row, and the share of the second
        y0, y1, v = _source_position(y, source_height, height)
        row0, row1 = image[y0], image[y1]
        output_row = []
        for x0, x1, u in columns:
            # Mix along the row, in both source rows, then between the rows
            top = row0[x0] * (1 - u) + row0[x1] * u
            bottom = row1[x0] * (1 - u) + row1[x1] * u
            value = top * (1 - v) + bottom * v
            output_row.append(min(255, max(0, int(value + 0.5))))
        output.append(output_row)
    return output


def _source_position(i, source_size, size):
    """(the source pixel before, the one after, the share of the one after) for output i."""
    position = (i + 0.5) * source_size / size - 0.5
    before = int(position // 1)
    share = position - before
    if before < 0:
        before, share = 0, 0.0
    if before >= source_size - 1:
        before, share = source_size - 1, 0.0
    return before, min(before + 1, source_size - 1), share


def picture_to_sample(path, size=(28, 28), engine=None):
    """A picture file prepared as the book's chapter 22: one row for ``model.predict``.

    The book: ``image_data = cv2.imread(path, cv2.IMREAD_GRAYSCALE)``, ``cv2.resize(
    image_data, (28, 28))``, ``255 - image_data`` (Fashion-MNIST's clothes are light on
    black), then ``(image_data.reshape(1, -1).astype(np.float32) - 127.5) / 127.5``.
    Returns (the 28 x 28 grey image after inverting, X: that image as one row (1, 784)
    at the working precision, an array of the engine's).
    """
    # Read an image
    image_data = read_png(path, grayscale=True).tolist()
    # Resize to the same size as Fashion MNIST images
    image_data = resize(image_data, size)
    # Invert image colors
    image_data = [[255 - value for value in row] for row in image_data]
    # Reshape and scale pixel data
    flat = array("B")
    for row in image_data:
        flat.extend(row)
    return image_data, pixels_to_rows(flat, len(flat), scale=(-1, 1), engine=engine)
