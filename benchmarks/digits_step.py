"""Time one mini-batch step of an MNIST-sized network in each engine, against plain NumPy.

The step: 128 samples of 784 pixels (28 x 28, in [0, 1]) through Dense(784, 128) ->
Activation_Sigmoid -> Dense(128, 10) -> softmax with cross-entropy, forward and backward
(the blog's network at MNIST's size, with the book's batch of 128 from chapter 19). The
plain NumPy step is the same arithmetic written directly with float32 arrays, as the book's
code runs it. It prints each engine's time per step and its ratio to plain NumPy.

    python benchmarks/digits_step.py [--repeat 5] [--python-repeat 1] [--blas-threads N]
                                     [--clock cpu|wall]

NumPy's BLAS runs the products on every core by default; on a busy shared machine those
threads wait for each other and plain NumPy's step took 136 ms instead of 0.7 ms. So the
BLAS is limited to one thread (as the python engine runs on one), unless --blas-threads
says otherwise. Measured here (Python 3.11, one BLAS thread, a loaded 2-core machine):
plain NumPy 0.72 ms, the numpy engine 2.5 ms (3.4x: its float32 products are computed in
float64 and rounded once, as nnfs does), the python engine 2.9 s (about 4,000x).
"""
import argparse
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import purenn  # noqa: E402

N_SAMPLES, N_INPUTS, N_HIDDEN, N_CLASSES = 128, 784, 128, 10


def batch(seed=0):
    """128 pixel rows in [0, 1] (k / 255 for byte values k) and their labels, fixed by seed."""
    stream = purenn.random.RandomState(seed)
    X = [[min(255, int(abs(stream.standard_normal()) * 100)) / 255 for _ in range(N_INPUTS)]
         for _ in range(N_SAMPLES)]
    y = [i % N_CLASSES for i in range(N_SAMPLES)]
    return X, y


class PurennStep:
    """The network of one engine (float32, after purenn.init()), and its step."""

    def __init__(self, engine, X, y):
        ops = purenn.init(engine=engine)
        self.X, self.y = ops.array(X), ops.labels(y)
        self.dense1 = purenn.Layer_Dense(N_INPUTS, N_HIDDEN)
        self.activation1 = purenn.Activation_Sigmoid()
        self.dense2 = purenn.Layer_Dense(N_HIDDEN, N_CLASSES)
        self.loss_activation = purenn.Activation_Softmax_Loss_CategoricalCrossentropy()

    def __repr__(self):
        return f"PurennStep(ops={self.dense1.ops!r})"

    def step(self):
        # Forward pass
        self.dense1.forward(self.X)
        self.activation1.forward(self.dense1.output)
        self.dense2.forward(self.activation1.output)
        loss = self.loss_activation.forward(self.dense2.output, self.y)
        # Backward pass
        self.loss_activation.backward(self.loss_activation.output, self.y)
        self.dense2.backward(self.loss_activation.dinputs)
        self.activation1.backward(self.dense2.dinputs)
        self.dense1.backward(self.activation1.dinputs)
        return float(loss)


class NumpyStep:
    """The same step written directly in NumPy, float32, with the same starting weights."""

    def __init__(self, X, y, weights1, weights2):
        import numpy as np
        self.np = np
        self.X = np.array(X, dtype=np.float32)
        self.y = np.array(y)
        self.weights1 = np.array(weights1, dtype=np.float32)
        self.biases1 = np.zeros((1, N_HIDDEN), dtype=np.float32)
        self.weights2 = np.array(weights2, dtype=np.float32)
        self.biases2 = np.zeros((1, N_CLASSES), dtype=np.float32)

    def __repr__(self):
        return "NumpyStep(float32)"

    def step(self):
        np = self.np
        samples = len(self.X)
        # Forward: dense, sigmoid, dense, softmax, loss
        z1 = np.dot(self.X, self.weights1) + self.biases1
        a1 = 1 / (1 + np.exp(-z1))
        z2 = np.dot(a1, self.weights2) + self.biases2
        exp_values = np.exp(z2 - np.max(z2, axis=1, keepdims=True))
        probabilities = exp_values / np.sum(exp_values, axis=1, keepdims=True)
        clipped = np.clip(probabilities, 1e-7, 1 - 1e-7)
        loss = np.mean(-np.log(clipped[range(samples), self.y]))
        # Backward: (y_hat - y) / n, then each layer
        dz2 = probabilities.copy()
        dz2[range(samples), self.y] -= 1
        dz2 = dz2 / samples
        self.dweights2 = np.dot(a1.T, dz2)
        self.dbiases2 = np.sum(dz2, axis=0, keepdims=True)
        da1 = np.dot(dz2, self.weights2.T)
        dz1 = da1 * (1 - a1) * a1
        self.dweights1 = np.dot(self.X.T, dz1)
        self.dbiases1 = np.sum(dz1, axis=0, keepdims=True)
        self.dinputs = np.dot(dz1, self.weights1.T)
        return float(loss)


# --clock: this process's CPU time (the default: steadier on a busy machine, where the wall
# clock counts the time other jobs hold the cores) or the wall clock
CLOCKS = {"cpu": time.process_time, "wall": time.perf_counter}


def best_time(step, repeat, clock=time.process_time):
    """Seconds for one step, the fastest of ``repeat`` (after one untimed warm-up step)."""
    step()
    times = []
    for _ in range(repeat):
        start = clock()
        step()
        times.append(clock() - start)
    return min(times)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5,
                        help="timed steps for NumPy and the numpy engine (5)")
    parser.add_argument("--python-repeat", type=int, default=1,
                        help="timed steps for the python engine (1: each takes seconds)")
    parser.add_argument("--blas-threads", type=int, default=1,
                        help="threads for NumPy's BLAS (1; 0 leaves NumPy's default)")
    parser.add_argument("--clock", choices=sorted(CLOCKS), default="cpu",
                        help="cpu: this process's CPU time (default); wall: the wall clock")
    args = parser.parse_args(argv)
    if args.blas_threads > 0:
        # Read by the BLAS libraries when NumPy is first imported (below, not before)
        for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ[name] = str(args.blas_threads)
    if args.repeat < 1 or args.python_repeat < 1:
        parser.error("--repeat and --python-repeat must be at least 1")
    try:
        import numpy  # noqa: F401
    except ImportError:
        parser.error("the baseline is plain NumPy, which is not installed: pip install numpy")

    X, y = batch()
    steps = {"numpy engine": PurennStep("numpy", X, y)}
    first = steps["numpy engine"]
    baseline = NumpyStep(X, y, first.dense1.weights, first.dense2.weights)
    steps["python engine"] = PurennStep("python", X, y)
    # The same work: the numpy engine's loss and plain NumPy's agree closely
    loss, baseline_loss = first.step(), baseline.step()
    threads = args.blas_threads or "NumPy's default"
    print(f"Python {platform.python_version()}, BLAS threads: {threads}; one step of "
          f"{N_SAMPLES} samples, {N_INPUTS} -> {N_HIDDEN} sigmoid -> {N_CLASSES} softmax, "
          f"forward and backward, float32; loss {loss:.6f} (plain NumPy {baseline_loss:.6f})")
    clock = CLOCKS[args.clock]
    numpy_seconds = best_time(baseline.step, args.repeat, clock)
    print(f"{'':14} {args.clock + ' per step':>12} {'ratio to NumPy':>15}")
    print(f"{'plain NumPy':14} {numpy_seconds * 1e3:9.2f} ms {1.0:15.2f}")
    for name, runner in steps.items():
        repeat = args.python_repeat if name == "python engine" else args.repeat
        seconds = best_time(runner.step, repeat, clock)
        print(f"{name:14} {seconds * 1e3:9.2f} ms {seconds / numpy_seconds:15.2f}")


if __name__ == "__main__":
    main()
