"""Make the two pictures examples/fashion_mnist_predict.py runs on out of the box.

Each is a Fashion-MNIST test image (t10k, from the four IDX files; Debian's
dataset-fashion-mnist package by default) made to look like a photo of a piece of clothing:
enlarged 4 times (purenn.fashion.resize, the rule of cv2.resize) and inverted, dark on
light. The trousers are saved in colour (RGB, grey pixels), the sneaker in grey, so the
example reads both kinds. Fashion-MNIST: Copyright (c) 2017 Zalando SE, MIT licence.

    python scripts/make_fashion_pictures.py [IDX_FOLDER]
"""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from purenn.fashion import DEBIAN_FOLDER, resize  # noqa: E402
from purenn.idx import load_idx, mnist_files  # noqa: E402
from purenn.png import write_png  # noqa: E402

# (file name, label, which of that label's test images: the first)
PICTURES = (("trousers.png", 1, True), ("sneaker.png", 7, False))
SCALE = 4


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    folder = argv[0] if argv else DEBIAN_FOLDER
    images_path, labels_path = mnist_files(folder, "t10k")
    images, labels = load_idx(images_path), load_idx(labels_path)
    for name, label, colour in PICTURES:
        index = labels.values.index(label)
        image = images.item(index)
        rows, columns = len(image), len(image[0])
        large = resize(image, (columns * SCALE, rows * SCALE))
        inverted = [[255 - value for value in row] for row in large]
        if colour:
            inverted = [[[value, value, value] for value in row] for row in inverted]
        path = ROOT / "examples" / "pictures" / name
        write_png(path, inverted, filter_type=4)
        print(f"{path.relative_to(ROOT)}: test image {index} (label {label}), "
              f"{columns * SCALE} x {rows * SCALE}, {'RGB' if colour else 'grey'}")


if __name__ == "__main__":
    main()
