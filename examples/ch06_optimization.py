# %%
"""Chapter 6 of the book, Introducing Optimization: random search and random adjustment of
the weights, printing the book's log (a line for every new lowest loss).

    python examples/ch06_optimization.py                              # random search
    python examples/ch06_optimization.py --optimizer adjust-vertical  # random adjustment
    python examples/ch06_optimization.py --optimizer adjust-spiral --engine numpy
    python examples/ch06_optimization.py --plot vertical.png          # also draw the data

The book runs 10,000 iterations (the NumPy engine's default here: about 2 seconds). The
python engine takes about 4 ms an iteration, so its default is 1,000; --iterations 10000
runs the book's. Each run starts with purenn.init(), as the book's with nnfs.init().
"""
import os
import sys

# The purenn of this clone, installed or not (no __file__, so that a notebook runs it too):
# the folder above examples/ (run as a script) or above the notebook's folder holds purenn/
# and examples/ (plotting.py)
for folder in (sys.path[0], os.getcwd()):
    root = os.path.dirname(os.path.abspath(folder or os.curdir))
    if os.path.isfile(os.path.join(root, "purenn", "__init__.py")):
        sys.path[:0] = [root, os.path.join(root, "examples")]
        break

import purenn  # noqa: E402
from purenn.tools.book_logs import ch06_comparison
from purenn.search import RandomSearch, log_line
from purenn.tools.cli import (  # noqa: E402
    Progress, add_length_option, example_parser, parse_example_args, script_argv)
import plotting  # noqa: E402  (examples/plotting.py, beside this file)

# --optimizer: (book section, data set, adjust the best weights instead of drawing new ones)
RUNS = {
    "search": ("Introducing Optimization: random search on vertical data", "vertical", False),
    "adjust-vertical": ("Introducing Optimization: random adjustment on vertical data",
                        "vertical", True),
    "adjust-spiral": ("Introducing Optimization: random adjustment on spiral data",
                      "spiral", True),
}
BOOK_ITERATIONS = 10000
DEFAULT_ITERATIONS = {"numpy": BOOK_ITERATIONS, "python": 1000}
# CPU seconds an iteration on the development machine, for the time the run says up front
SECONDS_EACH = {"numpy": 0.0002, "python": 0.004}


# %%
def run_example(engine, optimizer, iterations, plot=None):
    section, data, adjust = RUNS[optimizer]
    if iterations < BOOK_ITERATIONS:
        print(f"({iterations:,} iterations; the book runs {BOOK_ITERATIONS:,}: "
              f"--iterations {BOOK_ITERATIONS})")
    print(f"== {section} ==")
    ops = purenn.init(engine=engine)
    # Create dataset
    make_data = purenn.vertical_data if data == "vertical" else purenn.spiral_data
    X, y = make_data(samples=100, classes=3)
    if plot:
        # The book's plt.scatter(X[:, 0], X[:, 1], c=y, s=40, cmap='brg') (Fig 6.01)
        plotting.plot_dataset(X, y, plot, f"{data}_data(samples=100, classes=3)")
        print(f"wrote {plot}")
    # Create model: Dense(2, 3) -> ReLU -> Dense(3, 3) -> softmax, loss, helper variables
    search = RandomSearch(adjust=adjust)
    # The book's lines of this run, to say where a line differs from them
    comparison = ch06_comparison(optimizer)
    # How far the run has got, on a terminal (stderr), at least every second
    status = Progress(iterations, "iteration", seconds_each=SECONDS_EACH[engine])
    for iteration in range(iterations):
        # New (or adjusted) weights and biases, a forward pass, and the loss
        loss, acc, improved = search.step(X, y)
        # A line for every new lowest loss, as the book prints it
        if improved:
            status.clear()
            line = log_line(iteration, loss, acc, ops.dtype)
            print(line, flush=True)
            # Under the first line that differs from the book's: the book's line, and why
            loss_text, acc_text = line.split(" loss: ")[1].split(" acc: ")
            note = comparison.note(iteration, (loss_text, acc_text))
            if note:
                print(note, flush=True)
        status.update(iteration + 1)
    status.clear()


# %%
def parse_args(argv=None):
    parser = example_parser(__doc__, plot="the data set coloured by class")
    parser.add_argument("--optimizer", choices=list(RUNS), default="search",
                        help="search: new random weights every iteration (default); "
                             "adjust-vertical, adjust-spiral: small random changes to the "
                             "best weights so far, on vertical or spiral data")
    add_length_option(parser, "--iterations", DEFAULT_ITERATIONS)
    args = parse_example_args(parser, argv, require_plotting=plotting.require_matplotlib)
    if args.iterations is None:
        args.iterations = DEFAULT_ITERATIONS[args.engine]
    return args


# %%
def main(argv=None):
    """Run as a script, with the command line's options (in a notebook, the defaults)."""
    args = parse_args(argv)
    run_example(args.engine, args.optimizer, args.iterations, args.plot)


if __name__ == "__main__":
    main(script_argv())
