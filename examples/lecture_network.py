# %%
"""The lecture notes' two-layer network (seeds 000_*), written on purenn's engines: a class
with fwd_prop, cce_loss, back_prop, fit and predict, trained by full-batch gradient descent
with an L2 penalty, logging its loss every 1,000 iterations, then its training accuracy.

    python examples/lecture_network.py --engine numpy              # the lecture's 10,000
    python examples/lecture_network.py                             # python engine: 2,000
    python examples/lecture_network.py --engine numpy --plot boundary.png
    python examples/lecture_network.py --csv spiral.csv            # the lecture's own file

The model: Dense(2, 100) -> ReLU -> Dense(100, 3) -> softmax, weights 0.01 * randn, biases
zero; fit(X, y, lr=1, reg=1e-3, max_iters=10000). The data: the CS231n case study's spiral
(purenn.datasets.cs231n_spiral_data, 100 points in each of 3 classes, from purenn's stream
seeded with 0), which the lecture's spiral.csv comes from, or a CSV file with the columns
x1, x2, y (--csv). It runs in float64, as the lecture's NumPy does (no nnfs.init());
``--dtype float32`` runs it as after purenn.init(), where both engines agree bit for bit.

Where the lecture differs from the book, and what each difference does:
- its L2 penalty is 0.5 * reg * sum(W * W), so its gradient is reg * W (the book's L2 has
  no 0.5: l2 * sum(W * W), gradient 2 * l2 * W); reg = 1e-3 here is the book's l2 = 5e-4.
  Its biases are not regularized.
- its softmax exponentiates the raw scores, without subtracting each row's largest one
  first: the same probabilities in exact arithmetic, but exp overflows to inf (and the
  probabilities become nan) once a score passes about 709 (88 in float32).
- its cross-entropy takes -log of the probability as it is, without clipping it to
  [1e-7, 1 - 1e-7]: a probability of exactly 0 gives an infinite loss.
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

import csv

import purenn  # noqa: E402
from purenn.tools.cli import (  # noqa: E402
    Progress, add_length_option, example_parser, parse_example_args, script_argv)
import plotting  # noqa: E402  (examples/plotting.py, beside this file)

LECTURE_ITERATIONS = 10000
# The python engine takes about 25 ms an iteration: --iterations 10000 runs the lecture's
# (about 5 minutes)
DEFAULT_ITERATIONS = {"numpy": LECTURE_ITERATIONS, "python": 2000}
# CPU seconds an iteration on the development machine, for the time the run says up front
SECONDS_EACH = {"numpy": 0.0005, "python": 0.027}
# The lecture's CSV columns: two inputs, then the class
CSV_COLUMNS = ("x1", "x2", "y")


# %%
class NN:
    """The lecture's network: n_features -> n_hidden (ReLU) -> n_classes (softmax)."""

    def __init__(self, n_features, n_hidden, n_classes, engine=None):
        self.ops = purenn.get_engine(engine)
        self.d = n_features
        self.h = n_hidden
        self.n = n_classes
        # Small random weights (0.01 * standard normal) and zero biases, W1 drawn first
        self.W1 = self.ops.multiply(0.01, self.ops.array(purenn.random.randn(self.d, self.h)))
        self.b1 = self.ops.zeros(1, self.h)
        self.W2 = self.ops.multiply(0.01, self.ops.array(purenn.random.randn(self.h, self.n)))
        self.b2 = self.ops.zeros(1, self.n)

    def __repr__(self):
        return f"NN(n_features={self.d}, n_hidden={self.h}, n_classes={self.n}, ops={self.ops!r})"

    def fwd_prop(self, X):
        """X (m, d) -> (A1 (m, h) the hidden ReLU outputs, A2 (m, n) the probabilities)."""
        ops = self.ops
        Z1 = ops.add(ops.dot(X, self.W1), self.b1)
        # ReLU
        A1 = ops.maximum(0, Z1)
        Z2 = ops.add(ops.dot(A1, self.W2), self.b2)
        # Softmax. Differs from book: no subtraction of each row's largest score before exp
        # (the book's guard against overflow); the probabilities are the same until a score
        # is large enough for exp to overflow.
        Z2 = ops.exp(Z2)
        A2 = ops.divide(Z2, ops.sum(Z2, axis=1, keepdims=True))
        return A1, A2

    def cce_loss(self, y, probs):
        """The mean cross-entropy of the probabilities ``probs`` for the classes ``y``."""
        ops = self.ops
        num_examples = len(y)
        # Differs from book: no clipping to [1e-7, 1 - 1e-7]; a probability of 0 for the
        # correct class would make the loss infinite
        correct_logprobs = ops.negative(ops.log(ops.pick(probs, y)))
        loss = ops.divide(ops.sum(correct_logprobs), num_examples)
        return loss

    def back_prop(self, X, A1, A2, y):
        """The gradients of the data loss: (dW1, db1, dW2, db2)."""
        ops = self.ops
        num_examples = len(y)
        # Softmax with cross-entropy: dL/dZ2 = A2 - one_hot(y), averaged over the examples
        dZ2 = ops.subtract_at(A2, y, 1)
        dZ2 = ops.divide(dZ2, num_examples)
        dW2 = ops.dot(ops.transpose(A1), dZ2)
        db2 = ops.sum(dZ2, axis=0, keepdims=True)
        dA1 = ops.dot(dZ2, ops.transpose(self.W2))
        # Through the ReLU: no gradient where A1 <= 0 (dA1[A1 <= 0] = 0)
        dZ1 = ops.relu_gradient(dA1, A1)
        dW1 = ops.dot(ops.transpose(X), dZ1)
        db1 = ops.sum(dZ1, axis=0, keepdims=True)
        return dW1, db1, dW2, db2

    def fit(self, X, y, lr, reg, max_iters, log=print, done=None):
        """Full-batch gradient descent for ``max_iters`` iterations, logging every 1,000.

        Differs from lecture: the labels ``y`` are an argument (the lecture's fit reads the
        notebook's global y). ``done(iterations_finished)``, if given, is called after every
        iteration (the progress line). Returns the logged lines.
        """
        ops = self.ops
        lines = []
        for i in range(max_iters):
            # Forward prop
            A1, A2 = self.fwd_prop(X)
            # Calculate loss: data loss + the L2 penalty. Differs from book: 0.5 * reg, so
            # that the gradient below is reg * W (the book's is 2 * l2 * W)
            data_loss = self.cce_loss(y, A2)
            reg_loss = ops.add(ops.multiply(0.5 * reg, ops.sum(ops.multiply(self.W1, self.W1))),
                               ops.multiply(0.5 * reg, ops.sum(ops.multiply(self.W2, self.W2))))
            loss = ops.add(data_loss, reg_loss)
            if i % 1000 == 0:
                line = "iteration %d: loss %f" % (i, loss)
                lines.append(line)
                log(line)
            dW1, db1, dW2, db2 = self.back_prop(X, A1, A2, y)
            # Add the regularization gradient contribution (the biases are not regularized)
            dW2 = ops.add(dW2, ops.multiply(reg, self.W2))
            dW1 = ops.add(dW1, ops.multiply(reg, self.W1))
            # Perform a parameter update
            self.W1 = ops.add(self.W1, ops.multiply(-lr, dW1))
            self.b1 = ops.add(self.b1, ops.multiply(-lr, db1))
            self.W2 = ops.add(self.W2, ops.multiply(-lr, dW2))
            self.b2 = ops.add(self.b2, ops.multiply(-lr, db2))
            if done is not None:
                done(i + 1)
        return lines

    def predict(self, X):
        """The class with the highest score for each row of X (a list of ints)."""
        ops = self.ops
        A1 = ops.maximum(0, ops.add(ops.dot(X, self.W1), self.b1))
        Z2 = ops.add(ops.dot(A1, self.W2), self.b2)
        return ops.to_list(ops.argmax(Z2, axis=1))


# %%
def read_csv(path):
    """X (rows of [x1, x2]) and y (class numbers) from a CSV file with columns x1, x2, y.

    Raises ValueError naming the file, and the line for a bad cell: a missing column, a
    cell that is not a number, a label that is not a class number 0, 1, 2, ..., a class
    number with no row of each class below it (a typo such as 1000000 would make a million
    classes), or a file that is not text.
    """
    try:
        return _read_csv(path)
    except UnicodeDecodeError as error:
        raise ValueError(f"{path}: not a text CSV file (byte {error.start} is "
                         f"0x{error.object[error.start]:02X}, not UTF-8 text)") from None
    except csv.Error as error:
        raise ValueError(f"{path}: not a CSV file ({error})") from None


def _read_csv(path):
    with open(path, newline="", encoding="utf-8") as file:
        reader = csv.reader(file)
        header = [name.strip() for name in next(reader, [])]
        missing = [name for name in CSV_COLUMNS if name not in header]
        if missing:
            raise ValueError(f"{path}, line 1: the header {','.join(header) or '(empty)'} has "
                             f"no column {', '.join(missing)} (expected {','.join(CSV_COLUMNS)})")
        where = [header.index(name) for name in CSV_COLUMNS]
        X, y, lines = [], [], []
        for number, row in enumerate(reader, start=2):
            if not row:
                continue
            if len(row) != len(header):
                raise ValueError(f"{path}, line {number}: {len(row)} cells under a header of "
                                 f"{len(header)} columns")
            point = []
            for name, column in zip(CSV_COLUMNS[:2], where[:2]):
                try:
                    point.append(float(row[column]))
                except ValueError:
                    raise ValueError(f"{path}, line {number}: {name} is {row[column]!r}, "
                                     f"not a number") from None
            label = row[where[2]].strip()
            if not label.isdigit():
                raise ValueError(f"{path}, line {number}: y is {label!r}, not a class "
                                 f"number (0, 1, 2, ...)")
            X.append(point)
            y.append(int(label))
            lines.append(number)
    if not y:
        raise ValueError(f"{path}: no rows of data under the header")
    # Every class from 0 to the largest has a row: else the largest is likely a typo
    present = set(y)
    for label in sorted(present):
        if label > 0 and label - 1 not in present:
            where = lines[y.index(label)]
            raise ValueError(f"{path}, line {where}: y is {label}, but no row has class "
                             f"{label - 1}: the classes must be 0, 1, 2, ... with a row of "
                             f"each (a typo?)")
    return X, y


# %%
def run_example(engine, iterations, csv_path=None, plot=None, hidden=100, lr=1, reg=1e-3,
         dtype="float64"):
    # The lecture's NumPy works in float64 (no nnfs.init()); seed 0, as the CS231n code.
    # In float64 the two engines' dot products may differ in the last bits (NumPy's BLAS
    # adds in another order), so late log lines may differ in the 6th decimal; in float32
    # (--dtype float32) they agree bit for bit.
    ops = purenn.init(seed=0, dtype=dtype, engine=engine)
    if csv_path is None:
        X, y = purenn.datasets.cs231n_spiral_data(samples=100, classes=3)
        y = ops.to_list(y)
    else:
        X, y = read_csv(csv_path)
    X = ops.array(X)
    n_classes = max(y) + 1
    if iterations < LECTURE_ITERATIONS:
        print(f"({iterations:,} iterations; the lecture trains {LECTURE_ITERATIONS:,}: "
              f"--iterations {LECTURE_ITERATIONS})")
    # How far the run has got, on a terminal (stderr)
    status = Progress(iterations, "iteration", seconds_each=SECONDS_EACH[engine])

    def log(line):
        """Print the lecture's line (the progress line cleared first)."""
        status.clear()
        print(line, flush=True)

    nn_model = NN(n_features=2, n_hidden=hidden, n_classes=n_classes)
    nn_model.fit(X, y, lr=lr, reg=reg, max_iters=iterations, log=log, done=status.update)
    status.clear()
    # The share of training points whose predicted class is their own
    predictions = nn_model.predict(X)
    matches = 0
    for predicted, label in zip(predictions, y):
        if predicted == label:
            matches += 1
    print("training accuracy: %.2f" % (matches / len(y)))
    if plot:
        # The lecture's picture: a grid with step 0.02 over the data's range +- 1
        plotting.plot_decision_boundary(nn_model.predict, ops.to_list(X), y, plot, n_classes,
                                        title="lecture network", margin=1, step=0.02)
        print(f"wrote {plot}")
    return nn_model


# %%
def parse_args(argv=None):
    parser = example_parser(__doc__, plot="the decision boundary")
    add_length_option(parser, "--iterations", DEFAULT_ITERATIONS)
    parser.add_argument("--dtype", choices=["float64", "float32"], default="float64",
                        help="float64: the lecture's NumPy (default); float32: as after "
                             "purenn.init(), where both engines agree bit for bit")
    parser.add_argument("--csv", metavar="FILE",
                        help="train on FILE (columns x1, x2, y) instead of the CS231n spiral")
    args = parse_example_args(parser, argv, require_plotting=plotting.require_matplotlib)
    if args.iterations is None:
        args.iterations = DEFAULT_ITERATIONS[args.engine]
    if args.csv is not None:
        # Read the file now, so that a bad file is a usage error naming the line
        try:
            read_csv(args.csv)
        except (OSError, ValueError) as error:
            parser.error(f"argument --csv: {error}")
    return args


# %%
def main(argv=None):
    """Run as a script, with the command line's options (in a notebook, the defaults)."""
    args = parse_args(argv)
    run_example(args.engine, args.iterations, args.csv, args.plot, dtype=args.dtype)


if __name__ == "__main__":
    main(script_argv())
