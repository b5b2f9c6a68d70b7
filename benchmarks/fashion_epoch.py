"""Time one chapter 19 training epoch on Fashion-MNIST: purenn's engines against the book's
NumPy code, in one run.

The epoch: the book's chapter 19 model, Dense(784, 128) -> ReLU -> Dense(128, 128) -> ReLU
-> Dense(128, 10) -> softmax with cross-entropy (the combined backward),
``Optimizer_Adam(decay=1e-3)``, batches of 128 over the shuffled training set scaled to
[-1, 1] (as examples/fashion_mnist.py prepares it): per batch the forward pass, loss,
accuracy, backward pass and one Adam step. No validation pass.

The baseline (``BookNumpyEpoch``) is our own minimal NumPy version of those operations as
the book's code runs them after ``nnfs.init()``: float32 arrays, each ``np.dot`` computed on
float64 copies and cast back to float32. It does not import nnfs or patch NumPy, and it
starts from the numpy engine model's weights.

Rows: the baseline and the numpy engine on ``--samples`` images (all 60,000 by default),
each timed ``--rounds`` times, interleaved (the median is shown); the python engine on
``--python-samples`` images (256 by default), once, with its time per 1,000 images. NumPy's
BLAS runs on one thread (``--blas-threads``): on a shared machine more threads only wait
for each other.

    python benchmarks/fashion_epoch.py [--samples 60000] [--rounds 3] [--python-samples 256]
"""
import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "examples"))

BATCH_SIZE = 128


class BookNumpyEpoch:
    """The book's chapter 19 training epoch, written out with NumPy in float32."""

    def __init__(self, np, X, y, parameters, learning_rate=0.001, decay=1e-3, epsilon=1e-7,
                 beta_1=0.9, beta_2=0.999):
        self.np = np
        self.X, self.y = X, y
        # [weights, biases] of the three dense layers, and Adam's slots for each
        self.parameters = [[np.array(w, dtype=np.float32), np.array(b, dtype=np.float32)]
                           for w, b in parameters]
        self.momentums = [[np.zeros_like(w), np.zeros_like(b)] for w, b in self.parameters]
        self.caches = [[np.zeros_like(w), np.zeros_like(b)] for w, b in self.parameters]
        self.learning_rate, self.decay, self.epsilon = learning_rate, decay, epsilon
        self.beta_1, self.beta_2 = beta_1, beta_2
        self.iterations = 0
        self.last_loss = None
        self.epoch_loss = None

    def __repr__(self):
        return f"BookNumpyEpoch(iterations={self.iterations})"

    def dot(self, a, b):
        """np.dot as nnfs.init() replaces it: on float64 copies, cast back to float32."""
        np = self.np
        return np.dot(a.astype(np.float64), b.astype(np.float64)).astype(np.float32)

    def run(self):
        steps = -(-len(self.X) // BATCH_SIZE)
        loss_sum = 0.0
        for step in range(steps):
            batch_X = self.X[step * BATCH_SIZE:(step + 1) * BATCH_SIZE]
            self.step(batch_X, self.y[step * BATCH_SIZE:(step + 1) * BATCH_SIZE])
            loss_sum += float(self.last_loss) * len(batch_X)
        # The epoch's loss, as the book's calculate_accumulated: over all its samples
        self.epoch_loss = loss_sum / len(self.X)

    def step(self, X, y):
        np = self.np
        # Forward: dense, ReLU, dense, ReLU, dense, softmax
        inputs, outputs = [], []
        values = X
        for k, (weights, biases) in enumerate(self.parameters):
            inputs.append(values)
            values = self.dot(values, weights) + biases
            outputs.append(values)
            if k < 2:
                values = np.maximum(0, values)
        exp_values = np.exp(values - np.max(values, axis=1, keepdims=True))
        probabilities = exp_values / np.sum(exp_values, axis=1, keepdims=True)
        # Loss (clipped cross-entropy) and accuracy
        clipped = np.clip(probabilities, 1e-7, 1 - 1e-7)
        self.last_loss = np.mean(-np.log(clipped[range(len(clipped)), y]))
        np.mean(np.argmax(probabilities, axis=1) == y)
        # Backward: the combined softmax / cross-entropy gradient, then each layer
        samples = len(probabilities)
        dvalues = probabilities.copy()
        dvalues[range(samples), y] -= 1
        dvalues = dvalues / samples
        gradients = [None, None, None]
        for k in (2, 1, 0):
            weights = self.parameters[k][0]
            gradients[k] = (self.dot(inputs[k].T, dvalues),
                            np.sum(dvalues, axis=0, keepdims=True))
            dvalues = self.dot(dvalues, weights.T)
            if k > 0:
                # Back through the ReLU before layer k
                dvalues = dvalues.copy()
                dvalues[outputs[k - 1] <= 0] = 0
        # Adam: decayed learning rate, momentums and caches, bias-corrected, the update
        current = self.learning_rate * (1. / (1. + self.decay * self.iterations))
        for k in range(3):
            for slot in range(2):
                gradient = gradients[k][slot]
                momentum = self.beta_1 * self.momentums[k][slot] + (1 - self.beta_1) * gradient
                cache = self.beta_2 * self.caches[k][slot] + (1 - self.beta_2) * gradient ** 2
                self.momentums[k][slot], self.caches[k][slot] = momentum, cache
                corrected_momentum = momentum / (1 - self.beta_1 ** (self.iterations + 1))
                corrected_cache = cache / (1 - self.beta_2 ** (self.iterations + 1))
                self.parameters[k][slot] += -current * corrected_momentum / (
                    np.sqrt(corrected_cache) + self.epsilon)
        self.iterations += 1


def purenn_model(engine, n_inputs):
    import fashion_mnist
    import purenn

    ops = purenn.init(engine=engine)
    return fashion_mnist.make_model(n_inputs, ops), ops


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=60000,
                        help="training images for the baseline and numpy engine rows (60000)")
    parser.add_argument("--python-samples", type=int, default=256,
                        help="training images for the python engine row (256; 0 skips it)")
    parser.add_argument("--rounds", type=int, default=3, help="timed epochs per NumPy row (3)")
    parser.add_argument("--blas-threads", type=int, default=1,
                        help="threads for NumPy's BLAS (1; 0 leaves NumPy's default)")
    parser.add_argument("--data", metavar="DIR", help="Fashion-MNIST's IDX files or the "
                        "book's image folder (default: Debian's)")
    args = parser.parse_args(argv)
    if args.blas_threads > 0:
        # Read by the BLAS libraries when NumPy is first imported (below, not before)
        for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ[name] = str(args.blas_threads)
    try:
        import numpy as np
    except ImportError:
        parser.error("the baseline is plain NumPy, which is not installed: pip install numpy")
    import fashion_mnist
    import purenn
    from purenn.fashion import find_fashion_mnist

    try:
        folder = find_fashion_mnist(args.data)
    except FileNotFoundError as error:
        parser.error(str(error))
    # The example's data: shuffled as the book, scaled to [-1, 1], float32
    ops = purenn.init(engine="numpy")
    X, y, _, _ = fashion_mnist.prepare(*fashion_mnist.load_data(folder, ops), engine=ops)
    X, y = X[:args.samples], y[:args.samples]
    model, ops = purenn_model("numpy", X.shape[1])
    baseline = BookNumpyEpoch(np, X, y, [(layer.weights, layer.biases)
                                         for layer in model.trainable_layers])
    rows = {"book's NumPy code": baseline.run,
            "purenn numpy engine": lambda: model.train(X, y, epochs=1, batch_size=BATCH_SIZE,
                                                       progress="silent")}
    times = {name: [] for name in rows}
    cpu = {name: [] for name in rows}
    names = list(rows)
    for round_number in range(args.rounds):
        # Interleaved, in a rotating order
        for name in names[round_number % 2:] + names[:round_number % 2]:
            start, start_cpu = time.perf_counter(), time.process_time()
            rows[name]()
            times[name].append(time.perf_counter() - start)
            cpu[name].append(time.process_time() - start_cpu)
    print(f"Python {platform.python_version()}, NumPy {np.__version__}, BLAS threads: "
          f"{args.blas_threads or 'default'}; one epoch of {len(X):,} images in batches of "
          f"{BATCH_SIZE}, the book's chapter 19 model and Adam(decay=1e-3)")
    baseline_cpu = statistics.median(cpu["book's NumPy code"])
    print(f"{'row':<28}{'wall s':>10}{'CPU s':>10}{'CPU / book':>12}")
    for name in names:
        wall, seconds = statistics.median(times[name]), statistics.median(cpu[name])
        print(f"{name:<28}{wall:>10.2f}{seconds:>10.2f}{seconds / baseline_cpu:>11.2f}x")
    print(f"loss of the last epoch (both trained {args.rounds} epochs from the same weights): "
          f"book's code {baseline.epoch_loss:.4f}, numpy engine "
          f"{float(model.history['data_loss'][-1]):.4f} (the book's code uses NumPy's float32 "
          f"exp and log, which are not correctly rounded, so the digits may differ)")
    if args.python_samples:
        X_python = ops.to_list(X[:args.python_samples])
        y_python = ops.to_list(y[:args.python_samples])
        python_model, python_ops = purenn_model("python", len(X_python[0]))
        start, start_cpu = time.perf_counter(), time.process_time()
        python_model.train(X_python, y_python, epochs=1,
                           batch_size=min(BATCH_SIZE, len(X_python)), progress="silent")
        wall, seconds = time.perf_counter() - start, time.process_time() - start_cpu
        per_1000 = seconds * 1000 / len(X_python)
        book_per_1000 = baseline_cpu * 1000 / len(X)
        print(f"python engine on {len(X_python):,} images: {wall:.1f} s wall, {seconds:.1f} s "
              f"CPU: {per_1000:.1f} s of CPU per 1,000 training images "
              f"({per_1000 / book_per_1000:,.0f}x the book's NumPy code's "
              f"{book_per_1000 * 1000:.1f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
