"""Time one chapter 10 training epoch: purenn's two engines against the book's NumPy code.

An epoch is the body of ``purenn.training.train`` on ``spiral_data(100, 3)`` with the book's
network, Dense(2, 64) -> ReLU -> Dense(64, 3) -> softmax with cross-entropy, and
``Optimizer_SGD()``: forward pass and loss, accuracy, backward pass, one optimizer step.

The baseline (``BookNumpyEpoch``) does the same operations as the book's chapter 10 code
run after ``nnfs.init()``: float32 arrays, and every ``np.dot`` computed on float64 copies
and cast back to float32. It is our own minimal NumPy version of those operations; it does
not import nnfs and does not patch NumPy. It starts from the same data and weights as the
purenn rows.

All rows run in this one process, interleaved: each round times every row once (in a
rotating order), and the table shows the median over the rounds, and the spread (slowest
minus fastest round, as a percentage of the median): a large spread means a busy machine.
The last column is the loss after all the epochs each row ran: the two float32 purenn
rows must print the same digits (the engines agree bit for bit); the baseline's exp is
NumPy's float32 exp, which is not correctly rounded, so its last digits may differ.

``--clock cpu`` times this process's CPU time instead of the wall clock, which is steadier
when other programs compete for the processor. Without NumPy (on PyPy, say) only the python
engine rows run; ``--baseline-ms`` then gives the baseline's time from a CPython run of this
script, and the ratios are to it (PyPy's ceiling: the python engine at most 30x the book's
NumPy epoch on CPython, the figure accepted for the readable engine).

    python benchmarks/epoch.py [--epochs 20] [--rounds 7] [--clock wall|cpu]
    pypy3 benchmarks/epoch.py --baseline-ms 0.25     # the baseline's ms/epoch on CPython
"""
import argparse
import gc
import math
import platform
import statistics
import sys
import time
from operator import mul
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import purenn  # noqa: E402
from purenn.engine.python_engine import PythonEngine  # noqa: E402

try:
    import numpy as np
except ImportError:  # only the python engine rows can run
    np = None

N_SAMPLES, N_CLASSES, N_HIDDEN = 100, 3, 64

# On PyPy (no NumPy there), the python engine rows' target against a CPython baseline
PYPY = platform.python_implementation() == "PyPy"
PYPY_TARGET = 30


def book_dot(a, b):
    """np.dot as nnfs.init() replaces it: computed on float64 copies, cast back to float32."""
    return np.dot(a.astype(np.float64), b.astype(np.float64)).astype(np.float32)


class WrittenOutEpoch:
    """An epoch written out in this file: forward(), accuracy(), backward_and_step()."""

    def run(self, epochs):
        for _ in range(epochs):
            self.forward()
            self.accuracy()
            self.backward_and_step()

    def loss(self):
        return float(self.forward())


class BookNumpyEpoch(WrittenOutEpoch):
    """The book's chapter 10 epoch (SGD, learning rate 1, no decay) in float32 NumPy."""

    def __init__(self, X, y, weights1, weights2):
        self.X = np.array(X, dtype=np.float32)
        self.y = np.array(y, dtype=np.uint8)
        self.weights1 = np.array(weights1, dtype=np.float32)
        self.biases1 = np.zeros((1, N_HIDDEN), dtype=np.float32)
        self.weights2 = np.array(weights2, dtype=np.float32)
        self.biases2 = np.zeros((1, N_CLASSES), dtype=np.float32)
        self.learning_rate = 1.0
        self.iterations = 0

    def __repr__(self):
        return f"BookNumpyEpoch(iterations={self.iterations})"

    def forward(self):
        """Dense, ReLU, dense, softmax, mean cross-entropy; keeps what backward needs."""
        X, y = self.X, self.y
        self.hidden = book_dot(X, self.weights1) + self.biases1
        self.relu = np.maximum(0, self.hidden)
        scores = book_dot(self.relu, self.weights2) + self.biases2
        exp_values = np.exp(scores - np.max(scores, axis=1, keepdims=True))
        self.probabilities = exp_values / np.sum(exp_values, axis=1, keepdims=True)
        clipped = np.clip(self.probabilities, 1e-7, 1 - 1e-7)
        correct_confidences = clipped[range(len(clipped)), y]
        return np.mean(-np.log(correct_confidences))

    def accuracy(self):
        return np.mean(np.argmax(self.probabilities, axis=1) == self.y)

    def backward_and_step(self):
        """Combined softmax/cross-entropy gradient, both layers' gradients, one SGD step."""
        samples = len(self.probabilities)
        dscores = self.probabilities.copy()
        dscores[range(samples), self.y] -= 1
        dscores = dscores / samples
        dweights2 = book_dot(self.relu.T, dscores)
        dbiases2 = np.sum(dscores, axis=0, keepdims=True)
        drelu = book_dot(dscores, self.weights2.T)
        dhidden = drelu.copy()
        dhidden[self.hidden <= 0] = 0
        dweights1 = book_dot(self.X.T, dhidden)
        dbiases1 = np.sum(dhidden, axis=0, keepdims=True)
        book_dot(dhidden, self.weights1.T)  # dense1's dinputs: the book computes them too
        self.weights1 += -self.learning_rate * dweights1
        self.biases1 += -self.learning_rate * dbiases1
        self.weights2 += -self.learning_rate * dweights2
        self.biases2 += -self.learning_rate * dbiases2
        self.iterations += 1


class PurePythonFloorEpoch(WrittenOutEpoch):
    """Not purenn: the same float64 epoch as the leanest plain loops, for comparison.

    C-level idioms that the python engine gives up for loops a learner can step into (a
    row times a column as ``sum(map(mul, row, column))``, list comprehensions over rows),
    fused where purenn follows the book operation by operation: the bias is added inside
    each sum, softmax, loss and accuracy go row by row, and nothing is checked. The result is the same as the float64 purenn row's, so its
    time is about the least that pure CPython needs for this epoch on the machine at hand:
    an engine that keeps the book's steps and checks its inputs does more.
    """

    def __init__(self, X, y, weights1, weights2):
        self.X = [list(map(float, row)) for row in X]
        self.y = list(y)
        self.weights1 = [list(map(float, row)) for row in weights1]
        self.biases1 = [0.0] * N_HIDDEN
        self.weights2 = [list(map(float, row)) for row in weights2]
        self.biases2 = [0.0] * N_CLASSES
        self.mean = PythonEngine("float64").mean  # np.mean's pairwise sum
        self.iterations = 0

    def __repr__(self):
        return f"PurePythonFloorEpoch(iterations={self.iterations})"

    def forward(self):
        """Dense, ReLU, dense, softmax, mean cross-entropy; keeps what backward needs."""
        columns1, columns2 = list(zip(*self.weights1)), list(zip(*self.weights2))
        # Dense 1 (two inputs, written out) with its bias, then ReLU
        self.hidden = [[0.0 + x0 * w0 + x1 * w1 + b for (w0, w1), b in zip(columns1, self.biases1)]
                       for x0, x1 in self.X]
        self.relu = [[0.0 if x <= 0.0 else x for x in row] for row in self.hidden]
        # Dense 2: each row times each column, plus the bias
        scores = [[sum(map(mul, row, column), 0.0) + b
                   for column, b in zip(columns2, self.biases2)] for row in self.relu]
        # Softmax and the clipped cross-entropy, one sample at a time
        self.probabilities = []
        losses = []
        for row, target in zip(scores, self.y):
            largest = max(row)
            exp_values = [math.exp(x - largest) for x in row]
            total = 0.0
            for x in exp_values:
                total += x
            probabilities = [x / total for x in exp_values]
            self.probabilities.append(probabilities)
            losses.append(-math.log(min(max(probabilities[target], 1e-7), 1 - 1e-7)))
        return self.mean(losses)

    def accuracy(self):
        return sum(row.index(max(row)) == target
                   for row, target in zip(self.probabilities, self.y)) / len(self.y)

    def backward_and_step(self):
        """Combined softmax/cross-entropy gradient, both layers' gradients, one SGD step."""
        samples = len(self.probabilities)
        # The combined gradient: (y_hat - y) / n
        dscores = [list(row) for row in self.probabilities]
        for row, target in zip(dscores, self.y):
            row[target] -= 1
        dscores = [[x / samples for x in row] for row in dscores]
        # Dense 2: dweights = relu.T . dscores, dbiases = column sums
        dscore_columns = list(zip(*dscores))
        dweights2 = [[sum(map(mul, row, column), 0.0) for column in dscore_columns]
                     for row in zip(*self.relu)]
        dbiases2 = [sum(column, 0.0) for column in dscore_columns]
        # Back through dense 2's weights (dscores . weights2.T), then the ReLU mask
        drelu = [[0.0 + d0 * w0 + d1 * w1 + d2 * w2 for w0, w1, w2 in self.weights2]
                 for d0, d1, d2 in dscores]
        dhidden = [[0.0 if x <= 0.0 else d for d, x in zip(*rows)]
                   for rows in zip(drelu, self.hidden)]
        # Dense 1: dweights = X.T . dhidden, dbiases = column sums
        dhidden_columns = list(zip(*dhidden))
        dweights1 = [[sum(map(mul, row, column), 0.0) for column in dhidden_columns]
                     for row in zip(*self.X)]
        dbiases1 = [sum(column, 0.0) for column in dhidden_columns]
        # dense1's dinputs: the book computes them too
        [[sum(map(mul, row, w), 0.0) for w in self.weights1] for row in dhidden]
        # SGD with learning rate 1: each parameter minus its gradient
        self.weights1 = [[w - g for w, g in zip(*rows)] for rows in zip(self.weights1, dweights1)]
        self.biases1 = [b - g for b, g in zip(self.biases1, dbiases1)]
        self.weights2 = [[w - g for w, g in zip(*rows)] for rows in zip(self.weights2, dweights2)]
        self.biases2 = [b - g for b, g in zip(self.biases2, dbiases2)]
        self.iterations += 1


class PurennEpoch:
    """purenn's network and Optimizer_SGD, trained by purenn.train itself."""

    def __init__(self, engine, dtype):
        purenn.init(dtype=dtype, engine=engine)
        self.X, self.y = purenn.spiral_data(samples=N_SAMPLES, classes=N_CLASSES)
        self.network = purenn.TwoLayerNetwork(n_hidden=N_HIDDEN, n_classes=N_CLASSES)
        self.optimizer = purenn.Optimizer_SGD()

    def __repr__(self):
        return f"PurennEpoch(ops={self.network.ops!r})"

    def run(self, epochs):
        purenn.train(self.network, self.optimizer, self.X, self.y, epochs=epochs,
                     print_every=epochs, log=lambda line: None)

    def loss(self):
        return float(self.network.forward(self.X, self.y))


def make_rows():
    """(label, target ratio or None, runner) per row; the baseline first, when NumPy is there."""
    book_mode = PurennEpoch("python", "float32")
    float64 = PurennEpoch("python", "float64")
    floor = PurePythonFloorEpoch(float64.X, float64.y, float64.network.dense1.weights,
                                 float64.network.dense2.weights)
    rows = [
        ("purenn python engine, float64", 100, float64),
        ("purenn python engine, float32 (book mode)", 120, book_mode),
        ("pure-Python floor, float64 (fused, unchecked)", None, floor),
    ]
    if np is None:
        return rows
    baseline = BookNumpyEpoch(book_mode.X, book_mode.y, book_mode.network.dense1.weights,
                              book_mode.network.dense2.weights)
    return [("book's NumPy code, nnfs.init() mode (baseline)", None, baseline)] + rows + [
        ("purenn numpy engine, float32 (book mode)", 1.10, PurennEpoch("numpy", "float32")),
        ("purenn numpy engine, float64", None, PurennEpoch("numpy", "float64")),
    ]


CLOCKS = {"wall": time.perf_counter, "cpu": time.process_time}


def implementation():
    """"Python 3.11.7", or "PyPy 7.3.11 (Python 3.9.16)"."""
    if PYPY:
        version = ".".join(map(str, sys.pypy_version_info[:3]))
        return f"PyPy {version} (Python {platform.python_version()})"
    return f"Python {platform.python_version()}"


def time_epochs(runner, epochs, clock):
    """Seconds per epoch of ``epochs`` consecutive epochs, after one untimed epoch."""
    # The untimed epoch brings this row's data back into the caches (and wakes NumPy's
    # BLAS threads) after the other rows ran
    runner.run(1)
    gc.collect()
    start = clock()
    runner.run(epochs)
    return (clock() - start) / epochs


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=20, help="epochs per timing (20)")
    parser.add_argument("--rounds", type=int, default=7, help="timed rounds per row (7)")
    parser.add_argument("--clock", choices=sorted(CLOCKS), default="wall",
                        help="wall: elapsed time (default); cpu: this process's CPU time")
    parser.add_argument("--baseline-ms", type=float, metavar="MS",
                        help="without NumPy (on PyPy): the baseline's ms/epoch, as a CPython "
                             "run of this script prints it, for the ratios")
    args = parser.parse_args(argv)
    if args.epochs < 1 or args.rounds < 1:
        parser.error("--epochs and --rounds must be at least 1")
    if args.baseline_ms is not None and (np is not None or args.baseline_ms <= 0):
        parser.error("--baseline-ms is for a run without NumPy, and must be more than 0")

    rows = make_rows()
    times = [[] for _ in rows]
    # One untimed round first, then the timed rounds, each starting at a different row
    for runner in (row[2] for row in rows):
        runner.run(args.epochs)
    for round_number in range(args.rounds):
        for k in range(len(rows)):
            i = (round_number + k) % len(rows)
            times[i].append(time_epochs(rows[i][2], args.epochs, CLOCKS[args.clock]))

    total_epochs = args.epochs * (args.rounds + 1) + args.rounds
    print("One chapter 10 epoch: spiral_data(100, 3), Dense(2, 64) -> ReLU -> Dense(64, 3), "
          "softmax/cross-entropy, Optimizer_SGD()")
    if np:
        numpy_version = f"NumPy {np.__version__}"
    elif args.baseline_ms:
        numpy_version = (f"no NumPy here: ratios to --baseline-ms {args.baseline_ms:g} (the "
                         f"book's NumPy epoch measured on CPython)")
    else:
        numpy_version = ("no NumPy here (no baseline row): for ratios, run this script on "
                         "CPython with NumPy and pass its baseline ms/epoch as --baseline-ms")
    print(f"{implementation()}, {numpy_version}; {args.epochs} epochs per "
          f"timing, {args.rounds} rounds interleaved; median {args.clock} time per epoch")
    print()
    print(f"{'':48} {'ms/epoch':>9} {'spread':>7} {'ratio':>8} {'target':>8} {'met':>4}"
          f"  loss after {total_epochs} epochs")
    baseline = statistics.median(times[0]) if np else None
    if baseline is None and args.baseline_ms:
        baseline = args.baseline_ms / 1000
    for (label, target, runner), seconds in zip(rows, times):
        if PYPY and label.startswith("purenn python engine"):
            target = PYPY_TARGET
        median = statistics.median(seconds)
        spread = (max(seconds) - min(seconds)) / median * 100
        ratio_text = target_text = met = ""
        if baseline:
            ratio = median / baseline
            ratio_text = f"{ratio:.2f}x"
            if target:
                target_text = f"<={target:g}x"
                met = "yes" if ratio <= target else "NO"
        print(f"{label:48} {median * 1000:9.3f} {spread:6.0f}% {ratio_text:>8} "
              f"{target_text:>8} {met:>4}  {runner.loss():.9g}")
    if np:
        print()
        print("The numpy engine's target applies to float32 book mode, the baseline's own "
              "mode; its float64 row is shown for comparison.")


if __name__ == "__main__":
    main()
