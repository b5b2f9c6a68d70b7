"""The command-line options every chapter example shares (examples/chNN_*.py).

``--engine python|numpy`` picks the engine, and ``--plot FILE`` (for the chapters that draw)
writes a picture: a PNG with matplotlib, or, when FILE ends in .svg, an SVG drawn without it.
Both are checked before the example runs: a usage error, exit status 2, when NumPy or
matplotlib (for a PNG) is missing, FILE is empty, or FILE cannot be created (tried: a
permission check says yes to root even where no file can be made). Chapters 6 and 10 also
take ``--iterations N`` or ``--epochs N`` (``add_length_option``) and show their progress on
a terminal, at least once a second (``Progress``).
"""
import argparse
import math
import os
import sys
import time

from ..engine.config import get_engine


def example_parser(doc, plot=None, engine="python"):
    """An ArgumentParser with --engine (default ``engine``), and --plot FILE when ``plot``
    says what it draws."""
    # The docstring's first paragraph, whole (argparse wraps it to the terminal)
    parser = argparse.ArgumentParser(description=" ".join(doc.strip().split("\n\n")[0].split()))
    help_text = {"python": "python: lists and loops (default); numpy: NumPy arrays",
                 "numpy": "numpy: NumPy arrays (default); python: lists and loops"}[engine]
    parser.add_argument("--engine", choices=["python", "numpy"], default=engine, help=help_text)
    if plot:
        parser.add_argument("--plot", metavar="FILE",
                            help=f"draw {plot} into FILE (PNG, with matplotlib; FILE.svg: "
                                 f"SVG, without it)")
    return parser


def parse_example_args(parser, argv=None, require_plotting=None):
    """Parse the arguments; a usage error if the engine or, for --plot, the plotting library
    (``require_plotting()`` raises ImportError) cannot be loaded."""
    args = parser.parse_args(argv)
    try:
        get_engine(args.engine)
    except ImportError:
        parser.error("the numpy engine needs NumPy, which is not installed: pip install numpy")
    if getattr(args, "plot", None) is not None:
        _check_plot_file(parser, args.plot)
        # An .svg picture is drawn with the standard library (purenn.tools.svg)
        if require_plotting is not None and not args.plot.lower().endswith(".svg"):
            try:
                require_plotting()
            except ImportError as error:
                parser.error(str(error))
    return args


def _check_plot_file(parser, path):
    """A usage error now, not a traceback after the run, if FILE cannot be written."""
    if not path.strip():
        parser.error("argument --plot: expected a file name such as picture.png, not an "
                     "empty one")
    folder = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        parser.error(f"argument --plot: {path} is a folder; give a file name such as "
                     f"{os.path.join(path, 'picture.png')}")
    if not os.path.isdir(folder):
        parser.error(f"argument --plot: the folder {folder} does not exist (create it first, or "
                     f"write the picture elsewhere)")
    # Try: create the file (and remove it again), or open an existing one for appending
    existed = os.path.exists(path)
    try:
        with open(path, "ab"):
            pass
    except OSError as error:
        parser.error(f"argument --plot: cannot write {path}: {error.strerror or error}")
    if not existed:
        os.remove(path)


def script_argv():
    """The arguments an example's ``main(argv)`` parses: None (argparse reads the command
    line) when run as a script, [] (the defaults) in a Jupyter kernel, whose command line is
    the kernel's own (``ipykernel_launcher.py -f connection.json``)."""
    launcher = os.path.basename(sys.argv[0]) if sys.argv else ""
    if launcher.endswith("kernel_launcher.py") or "ipykernel" in sys.argv[0]:
        return []
    return None


def count(text):
    """An argparse type: a count, a whole number of at least 1."""
    value = int(text)  # not a whole number: argparse reports "invalid count value"
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def positive_number(text):
    """An argparse type: a finite number above 0 (a learning rate): not nan, inf, 0 or -1."""
    value = float(text)  # not a number: argparse reports "invalid positive_number value"
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"must be a finite number above 0, not {text}")
    return value


def check_mnist_folder(parser, folder, option="--mnist"):
    """A usage error naming ``option`` unless ``folder`` holds readable MNIST files: the four
    files there, each header an IDX header of the right kind, the counts equal and every
    label a class (the labels are read; the images only to their header)."""
    from ..idx import check_labels_file, load_idx, mnist_files, read_header
    try:
        for kind in ("train", "t10k"):
            images_path, labels_path = mnist_files(folder, kind)
            images = read_header(images_path)
            labels = load_idx(labels_path)
            if images.type_code != 0x08 or len(images.shape) != 3:
                raise ValueError(f"{images_path}: not MNIST images (unsigned bytes of shape "
                                 f"(count, rows, columns)); its header says type "
                                 f"0x{images.type_code:02X}, {len(images.shape)} dimensions")
            check_labels_file(images, labels, 10)
    except (OSError, ValueError, MemoryError) as error:
        parser.error(f"argument {option}: {error}")


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


class Progress:
    """How far a run has got, on a terminal: ``update(done)`` after each iteration or epoch
    rewrites the status line when ``interval`` seconds have passed since it last did.

    The line reads "epoch 1,234 of 10,001, 5 s, about 36 s left" (the time left at the pace
    so far). ``clear()`` removes it (before printing a
    log line, and at the end). Off a terminal (a pipe, a file, the tests) it prints nothing.
    """

    def __init__(self, total, noun, interval=0.5, clock=time.perf_counter, stream=None,
                 seconds_each=None):
        self.total = total
        self.noun = noun
        self.interval = interval
        self.clock = clock
        self.stream = sys.stderr if stream is None else stream
        self.start = clock()
        self.shown_at = None
        self.text = ""
        # A run of ten seconds or more says so up front (on stderr, terminal or not), from
        # seconds_each: the time of one measured on the development machine
        if seconds_each is not None and total * seconds_each >= 9.5:
            print(f"{total:,} {noun}s: about {_seconds(total * seconds_each)} of CPU "
                  f"(about {_seconds(seconds_each, 3)} each on the development machine)",
                  file=self.stream, flush=True)

    def __repr__(self):
        return f"Progress({self.noun} of {self.total:,}, shown: {self.text!r})"

    def update(self, done):
        """Show ``done`` (how many are finished) if the last update is ``interval`` old."""
        now = self.clock()
        if self.shown_at is not None and now - self.shown_at < self.interval:
            return
        self.shown_at = now
        elapsed = now - self.start
        self.text = f"{self.noun} {done:,} of {self.total:,}, {elapsed:.0f} s"
        if 0 < done < self.total:
            # The time left at the pace so far
            self.text += f", about {_seconds(elapsed / done * (self.total - done))} left"
        self._write(self.text)

    def clear(self):
        """Remove the status line (it comes back with the next update)."""
        if self.text:
            self.text = ""
            self._write("")
        self.shown_at = None

    def _write(self, text):
        if self.stream.isatty():
            print("\r\033[K" + text, end="", file=self.stream, flush=True)


def _seconds(seconds, digits=None):
    """``25 s`` below 100 seconds, ``3 min`` above; ``digits``: significant digits below 1 s
    (``30 ms``)."""
    if digits is not None and seconds < 1:
        return f"{seconds * 1e3:.{digits}g} ms"
    return f"{seconds:.0f} s" if seconds < 99.5 else f"{seconds / 60:.0f} min"
