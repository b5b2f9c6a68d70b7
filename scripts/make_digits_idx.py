"""Convert scikit-learn's copy of the UCI digits (digits.csv.gz) into the IDX files in purenn/data.

    pip download --no-deps scikit-learn -d /tmp/skl
    python scripts/make_digits_idx.py /tmp/skl/scikit_learn-*.whl

The wheel's ``sklearn/datasets/data/digits.csv.gz`` holds one row per image: 64 pixel values
(0-16, the 8x8 image row after row), then the label. They are written, in the same order, as
``purenn/data/digits-images-idx3-ubyte.gz`` (1797, 8, 8) and ``digits-labels-idx1-ubyte.gz``
(1797,), gzipped with mtime 0 so the files are the same on every run.
"""
import csv
import gzip
import io
import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from purenn.idx import save_idx  # noqa: E402

MEMBER = "sklearn/datasets/data/digits.csv.gz"


def main(wheel):
    with zipfile.ZipFile(wheel) as archive:
        text = gzip.decompress(archive.read(MEMBER)).decode("ascii")
    images, labels = [], []
    for row in csv.reader(io.StringIO(text)):
        if not row:
            continue
        values = [int(float(value)) for value in row]
        pixels, label = values[:64], values[64]
        images.append([pixels[r * 8:(r + 1) * 8] for r in range(8)])
        labels.append(label)
    folder = Path(__file__).resolve().parents[1] / "purenn" / "data"
    save_idx(folder / "digits-images-idx3-ubyte.gz", images)
    save_idx(folder / "digits-labels-idx1-ubyte.gz", labels)
    print(f"wrote {len(images)} images and labels into {folder}")


if __name__ == "__main__":
    main(sys.argv[1])
