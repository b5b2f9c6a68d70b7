"""The book's chapters 19-20: a model trained on the real Fashion-MNIST data set.

    python examples/fashion_mnist.py                          # numpy engine, the book's 10 epochs
    python examples/fashion_mnist.py --plot fashion.png       # and the history, test images
    python examples/fashion_mnist.py --engine python --limit 1000 --epochs 2
    python examples/fashion_mnist.py --data fashion_mnist_images    # the book's PNG folder
    python examples/fashion_mnist.py --save fashion_mnist.model     # for the chapter 22 example

As the book's chapter 19 file: the data (60,000 training and 10,000 test images of 28 x 28
grey pixels, 10 kinds of clothing), the training set's order shuffled with
``np.random.shuffle`` of its keys, the pixels scaled to [-1, 1], then Dense(784, 128),
ReLU, Dense(128, 128), ReLU, Dense(128, 10), Softmax, categorical cross-entropy,
``Optimizer_Adam(decay=1e-3)``, 10 epochs of batches of 128, the book's log every 100 steps
and a validation on the test set after every epoch.

The data: ``--data DIR`` is the book's folder (``train/0/0000.png`` ..., read with
``create_data_mnist``) or a folder of the four IDX files; without it, Debian's package's
files (``apt-get install dataset-fashion-mnist``) or ``fashion_mnist_images`` here. Read
from IDX files, the images come in the order the book's folder gives them (label after
label), so both sources train the same model.

The python engine takes some 20 s of CPU an epoch for every 1,000 training images (with
1,000 validation images; 784 inputs, 128 and 128 hidden units): give it ``--limit N`` (the
first N shuffled training images, and N test images spread over the test set).
"""
# %%
import sys
import time
from pathlib import Path

try:
    # The purenn next to this example, installed or not: the repository root holds purenn/
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
except NameError:  # in a notebook there is no __file__: purenn must be installed
    pass
import purenn  # noqa: E402
from purenn.fashion import (create_data_mnist, fashion_mnist_labels, find_fashion_mnist,  # noqa: E402
                            is_image_folder, load_idx_dataset, scale_images)
from purenn.tools.cli import script_argv  # noqa: E402

# The book's settings
EPOCHS = 10
BATCH_SIZE = 128
PRINT_EVERY = 100
# The python engine's time for one epoch on 1,000 training images and the validation on
# 1,000 test images: 19 s of CPU measured on the development machine (CPython 3.11)
PYTHON_SECONDS_PER_1000 = 20


# %% [markdown]
# ## The data: the book's folder of PNG images, or the IDX files

# %%
def load_data(folder, engine=None):
    """X, y, X_test, y_test as the book's ``create_data_mnist`` gives them (images 28 x 28
    of grey levels 0-255, labels), from the book's folder or the IDX files in ``folder``."""
    if is_image_folder(folder):
        return create_data_mnist(folder, engine=engine)
    X, y = load_idx_dataset("train", folder, engine=engine)
    X_test, y_test = load_idx_dataset("test", folder, engine=engine)
    return X, y, X_test, y_test


def prepare(X, y, X_test, y_test, limit=None, engine=None):
    """The book's shuffle and scaling; ``limit`` keeps the first ``limit`` shuffled training
    images and ``limit`` test images spread evenly over the test set."""
    ops = purenn.get_engine(engine)
    # Shuffle the training dataset
    # (the book: keys = np.array(range(X.shape[0])); np.random.shuffle(keys): the same draws)
    keys = purenn.random.permutation(len(X))
    if limit is not None:
        # Differs from book: a shorter run on the first ``limit`` shuffled images
        keys = keys[:limit]
        # and every (10,000 / limit)-th test image (the test set lies label after label)
        step = max(1, len(X_test) // limit)
        test_keys = list(range(0, len(X_test), step))[:limit]
        X_test, y_test = ops.take_rows(X_test, test_keys), ops.take_rows(y_test, test_keys)
    X = ops.take_rows(X, keys)
    y = ops.take_rows(y, keys)
    # Scale and reshape samples
    X = scale_images(X, ops)
    X_test = scale_images(X_test, ops)
    return X, y, X_test, y_test


# %% [markdown]
# ## The book's model

# %%
def make_model(n_inputs, engine=None):
    """Dense(784, 128)-ReLU-Dense(128, 128)-ReLU-Dense(128, 10)-Softmax, CCE, Adam."""
    # Instantiate the model
    model = purenn.Model(engine=engine)
    # Add layers
    model.add(purenn.Layer_Dense(n_inputs, 128, engine=engine))
    model.add(purenn.Activation_ReLU(engine=engine))
    model.add(purenn.Layer_Dense(128, 128, engine=engine))
    model.add(purenn.Activation_ReLU(engine=engine))
    model.add(purenn.Layer_Dense(128, 10, engine=engine))
    model.add(purenn.Activation_Softmax(engine=engine))
    # Set loss, optimizer and accuracy objects
    model.set(loss=purenn.Loss_CategoricalCrossentropy(engine=engine),
              optimizer=purenn.Optimizer_Adam(decay=1e-3, engine=engine),
              accuracy=purenn.Accuracy_Categorical(engine=engine))
    # Finalize the model
    model.finalize()
    return model


def run(folder, engine="numpy", epochs=EPOCHS, limit=None, plot=None, log=print,
        progress="book", save=None):
    """Load, shuffle, scale, train as the book's chapter 19 file; returns a dict of results."""
    ops = purenn.init(engine=engine)
    start = time.perf_counter()
    X, y, X_test, y_test = prepare(*load_data(folder, ops), limit=limit, engine=ops)
    loaded, loaded_cpu = time.perf_counter(), time.process_time()
    log(f"data: {len(X):,} training and {len(X_test):,} test images from {folder}, "
        f"engine {engine}, float32 ({loaded - start:.1f} s to load)")
    if engine == "python":
        estimate = PYTHON_SECONDS_PER_1000 * (len(X) + len(X_test)) / 2000
        log(f"the python engine takes about {PYTHON_SECONDS_PER_1000} s of CPU an epoch per "
            f"1,000 training images (with 1,000 to validate): about {estimate:,.0f} s an "
            f"epoch here")
    model = make_model(len(X[0]), ops)
    # Train the model
    # (Differs from book: fewer samples than a batch make one batch of them all; purenn
    # refuses a batch_size larger than the data)
    model.train(X, y, validation_data=(X_test, y_test), epochs=epochs,
                batch_size=min(BATCH_SIZE, len(X), len(X_test)), print_every=PRINT_EVERY,
                progress=progress)
    seconds = time.perf_counter() - loaded
    cpu_seconds = time.process_time() - loaded_cpu
    log(f"time: {seconds:.1f} s, {seconds / epochs:.2f} s an epoch (CPU {cpu_seconds:.1f} s, "
        f"{cpu_seconds / epochs:.2f} s an epoch)")
    if save:
        # The book's chapter 21: the whole model into a file
        model.save(save)
        log(f"saved the model to {save}")
    if plot:
        # 24 test images spread over the test set (it lies label after label)
        keys = list(range(0, len(X_test), max(1, len(X_test) // 24)))[:24]
        images, labels = ops.take_rows(X_test, keys), ops.take_rows(y_test, keys)
        confidences = model.predict(images)
        predictions = ops.to_list(model.output_layer_activation.predictions(confidences))
        plot_run(model.history, ops.to_list(images),
                 [int(label) for label in ops.to_list(labels)], predictions, plot)
        log(f"wrote {plot}")
    return {"model": model, "history": model.history, "seconds": seconds,
            "cpu_seconds": cpu_seconds,
            "validation_accuracy": model.history["validation_accuracy"][-1]}


# %% [markdown]
# ## Pictures: the history, and test images with their predicted labels

# %%
def plot_run(history, images, labels, predictions, path, columns=6):
    """Loss and accuracy per epoch (training and validation), next to the test images,
    each titled with its predicted label name (in red, with the true one, when wrong)."""
    import plotting  # examples/plotting.py, beside this file (matplotlib)

    Figure, FigureCanvasAgg = plotting.require_matplotlib()
    figure = Figure(figsize=(14.0, 5.5), layout="constrained")
    FigureCanvasAgg(figure)
    curves, grid_figure = figure.subfigures(1, 2, width_ratios=[1.3, 1.0])
    for axes, key in zip(curves.subplots(1, 2), ("loss", "accuracy")):
        axes.plot(history["epoch"], history[key], marker="o", label="training")
        axes.plot(history["epoch"], history[f"validation_{key}"], marker="o", linestyle="--",
                  label="validation")
        axes.set_xlabel("epoch")
        axes.set_title(key)
        axes.grid(True, alpha=0.3)
        axes.legend()
    rows = -(-len(images) // columns)
    wrong = 0
    for k, axes in enumerate(ax for row in grid_figure.subplots(rows, columns, squeeze=False)
                             for ax in row):
        axes.set_axis_off()
        if k >= len(images):
            continue
        side = round(len(images[k]) ** 0.5)
        axes.imshow([images[k][r * side:(r + 1) * side] for r in range(side)], cmap="gray",
                    vmin=-1, vmax=1)
        name = fashion_mnist_labels[predictions[k]]
        if predictions[k] == labels[k]:
            axes.set_title(name, fontsize=9)
        else:
            wrong += 1
            axes.set_title(f"{name}\n(is {fashion_mnist_labels[labels[k]]})", fontsize=9,
                           color="red")
    grid_figure.suptitle(f"test images, predicted labels ({wrong} wrong, in red)")
    figure.savefig(path)
    return path


# %%
def main(argv=None):
    """The command line: python examples/fashion_mnist.py [--engine E] [--epochs N] ..."""
    from purenn.tools.cli import count, example_parser, parse_example_args

    # Differs from the other examples: the numpy engine by default (60,000 images)
    parser = example_parser(__doc__, plot="the loss and accuracy history and a grid of "
                                          "test images with their predicted labels",
                            engine="numpy")
    parser.add_argument("--epochs", type=count, default=EPOCHS,
                        help=f"passes over the training data (default {EPOCHS}, the book's)")
    parser.add_argument("--limit", type=count, metavar="N",
                        help="train on the first N shuffled images and validate on N test "
                             "images (needed by the python engine)")
    parser.add_argument("--data", metavar="DIR",
                        help="the book's fashion_mnist_images folder, or a folder of the "
                             "four IDX files (default: Debian's, or ./fashion_mnist_images)")

    parser.add_argument("--save", metavar="FILE",
                        help="save the trained model (Model.save, the book's chapter 21), "
                             "for examples/fashion_mnist_predict.py")

    def require_plotting():
        import plotting
        return plotting.require_matplotlib()

    args = parse_example_args(parser, argv, require_plotting=require_plotting)
    if args.engine == "python" and args.limit is None:
        parser.error(f"the python engine needs --limit N: it takes about "
                     f"{PYTHON_SECONDS_PER_1000} s an epoch per 1,000 images (all 60,000: "
                     f"some {PYTHON_SECONDS_PER_1000 * 35:,} s an epoch); e.g. --limit 1000, "
                     f"or --engine numpy for all of them")
    try:
        folder = find_fashion_mnist(args.data)
    except FileNotFoundError as error:
        parser.error(str(error))
    run(folder, args.engine, args.epochs, args.limit, args.plot, save=args.save)
    return 0


if __name__ == "__main__":
    main(script_argv())
