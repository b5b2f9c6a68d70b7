"""The command-line options every chapter example shares (examples/chNN_*.py).

``--engine python|numpy`` picks the engine, and ``--plot FILE`` (for the chapters that draw)
writes a picture. Both are checked before the example runs: a usage error, exit status 2,
when NumPy or matplotlib is missing. Chapters 6 and 10 also take ``--iterations N`` or
``--epochs N`` (``add_length_option``) and show their progress on a terminal (``progress``).
"""
import argparse
import sys

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


def count(text):
    """An argparse type: a count, a whole number of at least 1."""
    value = int(text)  # not a whole number: argparse reports "invalid count value"
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def add_length_option(parser, option, defaults):
    """Add ``--epochs N`` or ``--iterations N``: how long the example runs.

    ``defaults`` maps each engine to the length it runs without the option, e.g. the book's
    10001 epochs with numpy and 1001 with the (slower) python engine; the option's value is
    None then, for the example to look up.
    """
    parser.add_argument(option, type=count, metavar="N",
                        help=f"{option.lstrip('-')} to run (default: the book's "
                             f"{defaults['numpy']} with --engine numpy, {defaults['python']} "
                             f"with the python engine)")


def progress(text):
    """A status line on stderr, rewritten in place; only on a terminal ("" clears it)."""
    if sys.stderr.isatty():
        print("\r\033[K" + text, end="", file=sys.stderr, flush=True)
