"""Chapter 18 of the book, Model Object: the chapter 15 network (dropout) put together as a
Model, trained with chapter 18's loop: a line every 100 epochs, one validation at the end.

    python examples/ch18_model.py                        # python engine, 20 epochs
    python examples/ch18_model.py --engine numpy         # the book's 10,000 epochs

As the book's chapter 18 file: spiral_data(samples=1000, classes=3) for training and
spiral_data(samples=100, classes=3) for validation, drawn one after the other; Dense(2, 512,
L2 5e-4 on weights and biases) -> ReLU -> Dropout(0.1) -> Dense(512, 3) -> Softmax,
categorical cross-entropy, Adam(learning_rate=0.05, decay=5e-5), Accuracy_Categorical.
``model.train(..., progress="chapter18")`` prints chapter 18's lines (``epoch: N, acc: ...,
loss: ... (data_loss: ..., reg_loss: ...), lr: ...``, then ``validation, acc: ..., loss:
...`` once); without it, ``train`` prints chapter 19's log.

The book's chapter 18 file prints no output to compare with. With the python engine (3,000
samples through 512 neurons, seconds an epoch) the default run is 20 epochs, a line every 10.
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
from purenn.tools.cli import (  # noqa: E402
    add_length_option, example_parser, parse_example_args, script_argv)

BOOK_EPOCHS = 10000
DEFAULT_EPOCHS = {"numpy": BOOK_EPOCHS, "python": 20}
BOOK_PRINT_EVERY = 100


# %%
def run(engine, epochs=BOOK_EPOCHS, print_every=BOOK_PRINT_EVERY, file=None):
    """The book's chapter 18 script; returns the trained model."""
    purenn.init(engine=engine)
    # Create dataset
    X, y = purenn.spiral_data(samples=1000, classes=3)
    X_test, y_test = purenn.spiral_data(samples=100, classes=3)
    # Instantiate the model
    model = purenn.Model()
    # Add layers
    model.add(purenn.Layer_Dense(2, 512, weight_regularizer_l2=5e-4, bias_regularizer_l2=5e-4))
    model.add(purenn.Activation_ReLU())
    model.add(purenn.Layer_Dropout(0.1))
    model.add(purenn.Layer_Dense(512, 3))
    model.add(purenn.Activation_Softmax())
    # Set loss, optimizer and accuracy objects
    model.set(loss=purenn.Loss_CategoricalCrossentropy(),
              optimizer=purenn.Optimizer_Adam(learning_rate=0.05, decay=5e-5),
              accuracy=purenn.Accuracy_Categorical())
    # Finalize the model
    model.finalize()
    # Train the model
    # Differs from book: progress="chapter18" asks for chapter 18's log (train's default
    # is chapter 19's)
    model.train(X, y, validation_data=(X_test, y_test), epochs=epochs,
                print_every=print_every, progress="chapter18", file=file)
    return model


# %%
def run_example(engine, epochs):
    print_every = BOOK_PRINT_EVERY if epochs >= BOOK_PRINT_EVERY else max(1, epochs // 2)
    if epochs < BOOK_EPOCHS:
        print(f"({epochs:,} epochs, a line every {print_every}; the book trains "
              f"{BOOK_EPOCHS:,}: --epochs {BOOK_EPOCHS})")
    run(engine, epochs, print_every)


# %%
def parse_args(argv=None):
    parser = example_parser(__doc__)
    add_length_option(parser, "--epochs", DEFAULT_EPOCHS)
    args = parse_example_args(parser, argv)
    if args.epochs is None:
        args.epochs = DEFAULT_EPOCHS[args.engine]
    return args


# %%
def main(argv=None):
    """Run as a script, with the command line's options (in a notebook, the defaults)."""
    args = parse_args(argv)
    run_example(args.engine, args.epochs)


if __name__ == "__main__":
    main(script_argv())
