"""The command-line options every chapter example shares (examples/chNN_*.py).

``--engine python|numpy`` picks the engine, and ``--plot FILE`` (for the chapters that draw)
writes a picture. Both are checked before the example runs: a usage error, exit status 2,
when NumPy or matplotlib is missing.
"""
import argparse

from .config import get_engine


def example_parser(doc, plot=None):
    """An ArgumentParser with --engine, and --plot FILE when ``plot`` says what it draws."""
    parser = argparse.ArgumentParser(description=doc.strip().splitlines()[0])
    parser.add_argument("--engine", choices=["python", "numpy"], default="python",
                        help="python: lists and loops (default); numpy: NumPy arrays")
    if plot:
        parser.add_argument("--plot", metavar="FILE", help=f"draw {plot} into FILE (PNG)")
    return parser


def parse_example_args(parser, argv=None, require_plotting=None):
    """Parse the arguments; a usage error if the engine or, for --plot, the plotting library
    (``require_plotting()`` raises ImportError) cannot be loaded."""
    args = parser.parse_args(argv)
    try:
        get_engine(args.engine)
    except ImportError:
        parser.error("the numpy engine needs NumPy, which is not installed: pip install numpy")
    if getattr(args, "plot", None) and require_plotting is not None:
        try:
            require_plotting()
        except ImportError as error:
            parser.error(str(error))
    return args
