"""Time chapter 9's two backward passes through softmax and cross-entropy, in each engine.

The book times, with timeit, 10,000 runs of each way to get the gradient of the loss with
respect to the softmax inputs, on its three samples (softmax outputs
[[0.7, 0.1, 0.2], [0.1, 0.5, 0.4], [0.02, 0.9, 0.08]], targets [0, 1, 1]):

- separate: ``Loss_CategoricalCrossentropy.backward``, then ``Activation_Softmax.backward``
  with the loss's gradient (a Jacobian matrix per sample);
- combined: ``Activation_Softmax_Loss_CategoricalCrossentropy.backward`` (y_hat - y, over n).

and prints how many times slower the separate way is (6.92 in the book, about 9 with its
code and today's NumPy). The ratio depends on the machine, so it is measured here and not
asserted by a test (``tests/test_book_ch09_10.py`` says so for ch09-timeit-ratio).

    python benchmarks/combined_backward.py [--number 10000] [--repeat 5]
"""
import argparse
import platform
import sys
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import purenn  # noqa: E402

SOFTMAX_OUTPUTS = [[0.7, 0.1, 0.2], [0.1, 0.5, 0.4], [0.02, 0.9, 0.08]]
CLASS_TARGETS = [0, 1, 1]
BOOK_RATIO = 6.922146504409747


class BackwardPasses:
    """The two ways to the softmax inputs' gradient, with objects of one engine."""

    def __init__(self, engine):
        ops = purenn.init(engine=engine)
        self.softmax_outputs = ops.array(SOFTMAX_OUTPUTS)
        self.activation = purenn.Activation_Softmax(engine=ops)
        self.activation.output = self.softmax_outputs
        self.loss = purenn.Loss_CategoricalCrossentropy(engine=ops)
        self.softmax_loss = purenn.Activation_Softmax_Loss_CategoricalCrossentropy(engine=ops)

    def __repr__(self):
        return f"BackwardPasses(ops={self.activation.ops!r})"

    def separate(self):
        self.loss.backward(self.softmax_outputs, CLASS_TARGETS)
        self.activation.backward(self.loss.dinputs)
        return self.activation.dinputs

    def combined(self):
        self.softmax_loss.backward(self.softmax_outputs, CLASS_TARGETS)
        return self.softmax_loss.dinputs


def best_time(function, number, repeat):
    """Seconds for ``number`` calls, the fastest of ``repeat`` timings."""
    return min(timeit.repeat(function, number=number, repeat=repeat))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--number", type=int, default=10000, help="calls per timing (10000)")
    parser.add_argument("--repeat", type=int, default=5, help="timings per way (5)")
    args = parser.parse_args(argv)
    if args.number < 1 or args.repeat < 1:
        parser.error("--number and --repeat must be at least 1")

    engines = ["python"]
    try:
        import numpy  # noqa: F401  (only to know whether the numpy engine can run)
        engines.append("numpy")
    except ImportError:
        pass
    print(f"Python {platform.python_version()}; {args.number} calls per timing, the fastest "
          f"of {args.repeat}; book mode (purenn.init())")
    print(f"{'engine':8} {'separate':>13} {'combined':>13} {'ratio':>7}  (per call)")
    for engine in engines:
        passes = BackwardPasses(engine)
        separate = best_time(passes.separate, args.number, args.repeat)
        combined = best_time(passes.combined, args.number, args.repeat)
        per_call = 1e6 / args.number  # microseconds per call
        print(f"{engine:8} {separate * per_call:10.1f} us {combined * per_call:10.1f} us "
              f"{separate / combined:7.2f}")
    print(f"The book's ratio: {BOOK_RATIO:.2f} (separate / combined; it depends on the machine)")


if __name__ == "__main__":
    main()
