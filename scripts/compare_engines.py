"""Run the book's chapter 10 training in both engines and report where they first differ.

    python scripts/compare_engines.py                    # every optimizer, 10,001 epochs
    python scripts/compare_engines.py --optimizer adam --epochs 2001

For each optimizer the two engines train side by side, epoch by epoch, in book mode
(purenn.init(): seed 0, float32). The report gives the first logged line that differs and the
first epoch at which any weight or bias differs in any bit ("none" is the goal). The python
engine takes minutes per optimizer: this is a script, not a test.
"""
import argparse
import pathlib
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

import purenn  # noqa: E402
from purenn.training import BOOK_OPTIMIZERS, TwoLayerNetwork, log_line  # noqa: E402


def start(engine, optimizer_name):
    """The book's setup in one engine: data, network, optimizer (in the book's order)."""
    ops = purenn.init(engine=engine)
    X, y = purenn.spiral_data(samples=100, classes=3)
    network = TwoLayerNetwork(engine=ops)
    return X, y, network, BOOK_OPTIMIZERS[optimizer_name](engine=ops)


def parameters(network):
    ops = network.ops
    return [ops.to_list(array) for layer in network.layers for array in (layer.weights, layer.biases)]


def step(X, y, network, optimizer, epoch):
    """One epoch of the book's loop; returns its log line (every epoch, not every 100th)."""
    loss = network.forward(X, y)
    line = log_line(epoch, network.accuracy(y), loss, optimizer.current_learning_rate)
    network.backward(y)
    optimizer.pre_update_params()
    for layer in network.layers:
        optimizer.update_params(layer)
    optimizer.post_update_params()
    return line


def compare(optimizer_name, epochs):
    runs = {engine: start(engine, optimizer_name) for engine in ("python", "numpy")}
    first_line = first_bits = None
    for epoch in range(epochs):
        lines = {engine: step(*run, epoch) for engine, run in runs.items()}
        if first_line is None and not epoch % 100 and lines["python"] != lines["numpy"]:
            first_line = (epoch, lines["python"], lines["numpy"])
        if first_bits is None and parameters(runs["python"][2]) != parameters(runs["numpy"][2]):
            first_bits = epoch
        if first_line and first_bits is not None:
            break
    return first_line, first_bits


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--optimizer", choices=sorted(BOOK_OPTIMIZERS), action="append",
                        help="an optimizer to compare (repeatable; default: all)")
    parser.add_argument("--epochs", type=int, default=10001)
    args = parser.parse_args(argv)
    for name in args.optimizer or list(BOOK_OPTIMIZERS):
        began = time.time()
        first_line, first_bits = compare(name, args.epochs)
        elapsed = time.time() - began
        if first_line is None:
            report = f"all {args.epochs} epochs' log lines identical"
        else:
            epoch, python_line, numpy_line = first_line
            report = f"first different line at epoch {epoch}: python {python_line!r}, numpy {numpy_line!r}"
        bits = "never" if first_bits is None else f"after epoch {first_bits}"
        print(f"{name}: {report}; weights first differ in a bit: {bits} ({elapsed:.0f} s)",
              flush=True)


if __name__ == "__main__":
    main()
