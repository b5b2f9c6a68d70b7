"""Time the numpy engine's chapter 14, 16 and 19 runs against the book's own NumPy code.

Each row runs one of purenn's examples in the numpy engine as the example runs it
(``examples/ch14_regularization.py``, ``examples/ch16_binary_logistic.py``, and for chapter
19 the Model of ``examples/lecture_keras_style.py`` trained in mini-batches of 32 with
validation), next to the same run written here as a minimal NumPy version of the book's
classes (float32, every ``np.dot`` on float64 copies cast back to float32, as after
``nnfs.init()``; our own code, it does not import nnfs and does not patch NumPy). Both run
in this one process, interleaved over several rounds; the table shows the median time of
each and their ratio (target: at most 1.2x, issue 15). Each side starts from its own
weights: the timing, not the digits, is compared.

    python benchmarks/chapters.py [--epochs 200] [--rounds 5] [--clock wall|cpu]
"""
import argparse
import gc
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "examples"))

import numpy as np  # noqa: E402

import purenn  # noqa: E402
import ch14_regularization  # noqa: E402
import ch16_binary_logistic  # noqa: E402
import lecture_keras_style  # noqa: E402

TARGET = 1.2


def book_dot(a, b):
    """np.dot as nnfs.init() replaces it: computed on float64 copies, cast back to float32."""
    return np.dot(a.astype(np.float64), b.astype(np.float64)).astype(np.float32)


# --- the book's classes, minimal -------------------------------------------------------------

class Dense:
    def __init__(self, n_inputs, n_neurons, l2_weights=0.0, l2_biases=0.0):
        self.weights = (0.01 * np.random.randn(n_inputs, n_neurons)).astype(np.float32)
        self.biases = np.zeros((1, n_neurons), dtype=np.float32)
        self.l2_weights, self.l2_biases = l2_weights, l2_biases

    def forward(self, inputs):
        self.inputs = inputs
        self.output = book_dot(inputs, self.weights) + self.biases

    def backward(self, dvalues):
        self.dweights = book_dot(self.inputs.T, dvalues)
        self.dbiases = np.sum(dvalues, axis=0, keepdims=True)
        if self.l2_weights > 0:
            self.dweights += 2 * self.l2_weights * self.weights
        if self.l2_biases > 0:
            self.dbiases += 2 * self.l2_biases * self.biases
        self.dinputs = book_dot(dvalues, self.weights.T)

    def regularization_loss(self):
        loss = 0
        if self.l2_weights > 0:
            loss += self.l2_weights * np.sum(self.weights * self.weights)
        if self.l2_biases > 0:
            loss += self.l2_biases * np.sum(self.biases * self.biases)
        return loss


class ReLU:
    def forward(self, inputs):
        self.inputs = inputs
        self.output = np.maximum(0, inputs)

    def backward(self, dvalues):
        self.dinputs = dvalues.copy()
        self.dinputs[self.inputs <= 0] = 0


class Sigmoid:
    def forward(self, inputs):
        self.output = 1 / (1 + np.exp(-inputs))

    def backward(self, dvalues):
        self.dinputs = dvalues * (1 - self.output) * self.output


class SoftmaxCrossEntropy:
    def forward(self, inputs, y):
        exp_values = np.exp(inputs - np.max(inputs, axis=1, keepdims=True))
        self.output = exp_values / np.sum(exp_values, axis=1, keepdims=True)
        clipped = np.clip(self.output, 1e-7, 1 - 1e-7)
        losses = -np.log(clipped[range(len(clipped)), y])
        return np.mean(losses), losses

    def backward(self, dvalues, y):
        samples = len(dvalues)
        self.dinputs = dvalues.copy()
        self.dinputs[range(samples), y] -= 1
        self.dinputs = self.dinputs / samples


class BinaryCrossEntropy:
    def forward(self, y_pred, y_true):
        clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)
        losses = -(y_true * np.log(clipped) + (1 - y_true) * np.log(1 - clipped))
        return np.mean(np.mean(losses, axis=-1))

    def backward(self, dvalues, y_true):
        samples, outputs = dvalues.shape
        clipped = np.clip(dvalues, 1e-7, 1 - 1e-7)
        self.dinputs = -(y_true / clipped - (1 - y_true) / (1 - clipped)) / outputs
        self.dinputs = self.dinputs / samples


class Adam:
    def __init__(self, learning_rate=0.001, decay=0., epsilon=1e-7, beta_1=0.9, beta_2=0.999):
        self.learning_rate = self.current_learning_rate = learning_rate
        self.decay, self.epsilon, self.beta_1, self.beta_2 = decay, epsilon, beta_1, beta_2
        self.iterations = 0

    def pre_update_params(self):
        if self.decay:
            self.current_learning_rate = self.learning_rate * (
                1. / (1. + self.decay * self.iterations))

    def update_params(self, layer):
        if not hasattr(layer, "weight_cache"):
            layer.weight_momentums = np.zeros_like(layer.weights)
            layer.weight_cache = np.zeros_like(layer.weights)
            layer.bias_momentums = np.zeros_like(layer.biases)
            layer.bias_cache = np.zeros_like(layer.biases)
        layer.weight_momentums = self.beta_1 * layer.weight_momentums + (
            1 - self.beta_1) * layer.dweights
        layer.bias_momentums = self.beta_1 * layer.bias_momentums + (
            1 - self.beta_1) * layer.dbiases
        weight_momentums_corrected = layer.weight_momentums / (
            1 - self.beta_1 ** (self.iterations + 1))
        bias_momentums_corrected = layer.bias_momentums / (
            1 - self.beta_1 ** (self.iterations + 1))
        layer.weight_cache = self.beta_2 * layer.weight_cache + (
            1 - self.beta_2) * layer.dweights ** 2
        layer.bias_cache = self.beta_2 * layer.bias_cache + (1 - self.beta_2) * layer.dbiases ** 2
        weight_cache_corrected = layer.weight_cache / (1 - self.beta_2 ** (self.iterations + 1))
        bias_cache_corrected = layer.bias_cache / (1 - self.beta_2 ** (self.iterations + 1))
        layer.weights += -self.current_learning_rate * weight_momentums_corrected / (
            np.sqrt(weight_cache_corrected) + self.epsilon)
        layer.biases += -self.current_learning_rate * bias_momentums_corrected / (
            np.sqrt(bias_cache_corrected) + self.epsilon)

    def post_update_params(self):
        self.iterations += 1


# --- the three runs in the book's NumPy -------------------------------------------------------

def _data(classes):
    X, y = purenn.datasets.spiral_data(samples=100, classes=classes)
    return np.array(X, dtype=np.float32), np.array(y, dtype=np.uint8)


def book_chapter14(epochs):
    """Chapter 14: Dense(2, 64, L2) -> ReLU -> Dense(64, 3), softmax/CE, Adam(0.02, 5e-7)."""
    X, y = _data(3)
    dense1, activation1 = Dense(2, 64, 5e-4, 5e-4), ReLU()
    dense2, loss_activation = Dense(64, 3), SoftmaxCrossEntropy()
    optimizer = Adam(learning_rate=0.02, decay=5e-7)
    for epoch in range(epochs):
        dense1.forward(X)
        activation1.forward(dense1.output)
        dense2.forward(activation1.output)
        data_loss, _ = loss_activation.forward(dense2.output, y)
        regularization_loss = dense1.regularization_loss() + dense2.regularization_loss()
        loss = data_loss + regularization_loss
        accuracy = np.mean(np.argmax(loss_activation.output, axis=1) == y)
        if not epoch % 100:
            f"epoch: {epoch}, acc: {accuracy:.3f}, loss: {loss:.3f}"
        loss_activation.backward(loss_activation.output, y)
        dense2.backward(loss_activation.dinputs)
        activation1.backward(dense2.dinputs)
        dense1.backward(activation1.dinputs)
        optimizer.pre_update_params()
        optimizer.update_params(dense1)
        optimizer.update_params(dense2)
        optimizer.post_update_params()


def book_chapter16(epochs):
    """Chapter 16: Dense(2, 64, L2) -> ReLU -> Dense(64, 1) -> sigmoid, BCE, Adam(5e-7)."""
    X, y = _data(2)
    y = y.reshape(-1, 1)
    dense1, activation1 = Dense(2, 64, 5e-4, 5e-4), ReLU()
    dense2, activation2, loss_function = Dense(64, 1), Sigmoid(), BinaryCrossEntropy()
    optimizer = Adam(decay=5e-7)
    for epoch in range(epochs):
        dense1.forward(X)
        activation1.forward(dense1.output)
        dense2.forward(activation1.output)
        activation2.forward(dense2.output)
        data_loss = loss_function.forward(activation2.output, y)
        regularization_loss = dense1.regularization_loss() + dense2.regularization_loss()
        loss = data_loss + regularization_loss
        accuracy = np.mean((activation2.output > 0.5) * 1 == y)
        if not epoch % 100:
            f"epoch: {epoch}, acc: {accuracy:.3f}, loss: {loss:.3f}"
        loss_function.backward(activation2.output, y)
        activation2.backward(loss_function.dinputs)
        dense2.backward(activation2.dinputs)
        activation1.backward(dense2.dinputs)
        dense1.backward(activation1.dinputs)
        optimizer.pre_update_params()
        optimizer.update_params(dense1)
        optimizer.update_params(dense2)
        optimizer.post_update_params()


def book_chapter19(epochs, batch_size=32, learning_rate=0.3):
    """Chapter 19's Model loop on the lecture's data: mini-batches of 32, SGD, validation on
    all the data in batches, then a prediction and a binary accuracy after every epoch."""
    X, y = purenn.datasets.cs231n_spiral_data(samples=100, classes=3)
    X, y = np.array(X, dtype=np.float32), np.array(y, dtype=np.uint8)
    one_hot = np.eye(3, dtype=np.float32)[y]
    dense1, activation1 = Dense(2, 100, 5e-4), ReLU()
    dense2, loss_activation = Dense(100, 3, 5e-4), SoftmaxCrossEntropy()
    layers = (dense1, dense2)
    steps = -(-len(X) // batch_size)

    def forward(batch_X, batch_y):
        dense1.forward(batch_X)
        activation1.forward(dense1.output)
        dense2.forward(activation1.output)
        return loss_activation.forward(dense2.output, batch_y)

    for epoch in range(epochs):
        order = np.random.permutation(len(X))
        X_shuffled, y_shuffled = X[order], y[order]
        accumulated = [0.0, 0, 0]
        for step in range(steps):
            batch_X = X_shuffled[step * batch_size:(step + 1) * batch_size]
            batch_y = y_shuffled[step * batch_size:(step + 1) * batch_size]
            _, losses = forward(batch_X, batch_y)
            regularization_loss = sum(layer.regularization_loss() for layer in layers)
            predictions = np.argmax(loss_activation.output, axis=1)
            accumulated[0] += np.sum(losses)
            accumulated[1] += np.sum(predictions == batch_y)
            accumulated[2] += len(losses)
            loss_activation.backward(loss_activation.output, batch_y)
            dense2.backward(loss_activation.dinputs)
            activation1.backward(dense2.dinputs)
            dense1.backward(activation1.dinputs)
            for layer in layers:
                layer.weights += -learning_rate * layer.dweights
                layer.biases += -learning_rate * layer.dbiases
        regularization_loss  # the epoch's summary line uses it
        # Validation on all the data, in batches; then a prediction and its binary accuracy
        for step in range(steps):
            _, losses = forward(X[step * batch_size:(step + 1) * batch_size],
                                y[step * batch_size:(step + 1) * batch_size])
            np.sum(losses)
            np.sum(np.argmax(loss_activation.output, axis=1)
                   == y[step * batch_size:(step + 1) * batch_size])
        outputs = []
        for step in range(steps):
            forward(X[step * batch_size:(step + 1) * batch_size],
                    y[step * batch_size:(step + 1) * batch_size])
            outputs.append(loss_activation.output)
        np.mean((np.vstack(outputs) > 0.5) * 1 == one_hot)


# --- purenn's examples, as they run ---------------------------------------------------------

def purenn_chapter14(epochs):
    ch14_regularization.run("numpy", epochs, log=lambda line: None)


def purenn_chapter16(epochs):
    ch16_binary_logistic.run("numpy", epochs, log=lambda line: None)


def purenn_chapter19(epochs):
    lecture_keras_style.run("numpy", 32, epochs, 0.3)


CHAPTERS = [("chapter 14 (regularization, Adam)", purenn_chapter14, book_chapter14, 1),
            ("chapter 16 (sigmoid, binary cross-entropy)", purenn_chapter16, book_chapter16, 1),
            ("chapter 19 (Model, mini-batches of 32)", purenn_chapter19, book_chapter19, 20)]

CLOCKS = {"wall": time.perf_counter, "cpu": time.process_time}


def timed(run, epochs, clock):
    gc.collect()
    start = clock()
    run(epochs)
    return clock() - start


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=200,
                        help="epochs of chapters 14 and 16 per timing (200); chapter 19 "
                             "runs a twentieth of them")
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds (5)")
    parser.add_argument("--clock", choices=sorted(CLOCKS), default="wall")
    args = parser.parse_args(argv)
    if args.epochs < 20 or args.rounds < 1:
        parser.error("--epochs must be at least 20 and --rounds at least 1")
    clock = CLOCKS[args.clock]
    print(f"The numpy engine's chapter runs against the book's NumPy code; Python "
          f"{sys.version.split()[0]}, NumPy {np.__version__}; {args.rounds} rounds, median "
          f"{args.clock} time")
    print()
    print(f"{'':44} {'epochs':>7} {'purenn s':>9} {'book s':>9} {'ratio':>7} {'target':>7} "
          f"{'met':>4}")
    for label, mine, book, divisor in CHAPTERS:
        epochs = max(1, args.epochs // divisor)
        mine(1)
        book(1)  # warm up both
        times = {"mine": [], "book": []}
        for round_number in range(args.rounds):
            pair = [("mine", mine), ("book", book)]
            for name, run in (pair if round_number % 2 == 0 else pair[::-1]):
                times[name].append(timed(run, epochs, clock))
        mine_s, book_s = statistics.median(times["mine"]), statistics.median(times["book"])
        ratio = mine_s / book_s
        print(f"{label:44} {epochs:7} {mine_s:9.3f} {book_s:9.3f} {ratio:6.2f}x "
              f"{'<=' + format(TARGET, 'g') + 'x':>7} {'yes' if ratio <= TARGET else 'NO':>4}")


if __name__ == "__main__":
    main()
