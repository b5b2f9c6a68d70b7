"""``python -m purenn mnist-images [IDX_FOLDER] [--to FOLDER] [--limit N]``: the book's
chapter 19 folder of PNG images, written from the four IDX files of Fashion-MNIST (or MNIST).

    python -m purenn mnist-images                       # Debian's files -> fashion_mnist_images
    python -m purenn mnist-images ~/fashion --to data/fashion_mnist_images --limit 1000

IDX_FOLDER defaults to Debian's /usr/share/datasets/fashion-mnist (apt-get install
dataset-fashion-mnist). The folder it writes is the book's layout, train/<label>/0000.png ...
and test/<label>/0000.png ..., which the book's ``create_data_mnist(path)`` reads
(``purenn.fashion.create_data_mnist``).
"""
import argparse
import sys
import time

from ..fashion import BOOK_FOLDER, DEBIAN_FOLDER, HOW_TO_GET, make_image_folder
from ..idx import mnist_files
from .cli import count


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m purenn mnist-images",
        description="Write the book's chapter 19 folder of PNG images (train/<label>/0000.png "
                    "..., test/...) from the four IDX files of Fashion-MNIST or MNIST.")
    parser.add_argument("idx_folder", nargs="?", default=str(DEBIAN_FOLDER), metavar="IDX_FOLDER",
                        help=f"the folder of the four IDX files (default {DEBIAN_FOLDER}, "
                             f"where Debian's dataset-fashion-mnist package puts them)")
    parser.add_argument("--to", default=BOOK_FOLDER, metavar="FOLDER",
                        help=f"the folder to write (default {BOOK_FOLDER}, the book's)")
    parser.add_argument("--limit", type=count, metavar="N",
                        help="only the first N images of each data set")
    args = parser.parse_args(argv)
    try:
        mnist_files(args.idx_folder, "train")
        mnist_files(args.idx_folder, "t10k")
    except FileNotFoundError as error:
        parser.error(f"{error}. {HOW_TO_GET}")
    start = time.perf_counter()
    try:
        written = make_image_folder(args.idx_folder, args.to, args.limit)
    except (ValueError, OSError) as error:
        print(f"python -m purenn mnist-images: {error}", file=sys.stderr)
        return 1
    print(f"wrote {written:,} PNG images into {args.to}/train and {args.to}/test in "
          f"{time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
