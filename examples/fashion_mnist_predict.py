"""The book's chapter 22: a saved Fashion-MNIST model names the clothing in a picture.

    python examples/fashion_mnist.py --save fashion_mnist.model     # train and save, once
    python examples/fashion_mnist_predict.py examples/pictures/trousers.png
    python examples/fashion_mnist_predict.py my_shirt.png --model fashion_mnist.model

As the book: the model is loaded with ``Model.load`` (chapter 21), the picture read in grey
(``cv2.imread(path, cv2.IMREAD_GRAYSCALE)``; here purenn's PNG reader, any 8-bit PNG, grey
or colour), resized to 28 x 28 (``cv2.resize``: bilinear with pixel centres aligned; here
in pure Python, ``purenn.fashion.resize``), inverted (Fashion-MNIST's clothes are light on
black, a photo's are usually dark on light) and scaled to [-1, 1]; then
``model.predict`` gives the confidences and the output activation's ``predictions`` the
label. It prints the label's name and its confidence.

The two pictures in examples/pictures/ are Fashion-MNIST test images (Zalando SE, MIT
licence) enlarged and inverted (scripts/make_fashion_pictures.py).
"""
# %%
import sys
from pathlib import Path

try:
    # The purenn next to this example, installed or not: the repository root holds purenn/
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
except NameError:  # in a notebook there is no __file__: purenn must be installed
    pass
import purenn  # noqa: E402
from purenn.fashion import fashion_mnist_labels, picture_to_sample  # noqa: E402

# The book's file name for the saved model (chapter 21)
MODEL_FILE = "fashion_mnist.model"


# %%
def predict_picture(model, path):
    """(label name, confidence, the 28 x 28 image the model saw) for the picture at ``path``."""
    # Read, resize, invert and scale the picture as the book does
    image_data, X = picture_to_sample(path, engine=model.ops)
    # Predict on the image
    confidences = model.predict(X)
    # Get prediction instead of confidence levels
    predictions = model.output_layer_activation.predictions(confidences)
    prediction = int(model.ops.to_list(predictions)[0])
    confidence = float(model.ops.to_list(confidences)[0][prediction])
    # Get label name from label index
    return fashion_mnist_labels[prediction], confidence, image_data


# %%
def main(argv=None):
    """The command line: python examples/fashion_mnist_predict.py IMAGE.png [--model FILE]."""
    import argparse

    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("images", nargs="+", metavar="IMAGE.png", help="pictures to name")
    parser.add_argument("--model", default=MODEL_FILE,
                        help=f"the saved model (default {MODEL_FILE}, as the book's)")
    args = parser.parse_args(argv)
    if not Path(args.model).is_file():
        parser.error(f"{args.model}: no such file; train and save the model first: python "
                     f"examples/fashion_mnist.py --save {args.model}")
    # Load the model
    model = purenn.Model.load(args.model)
    for path in args.images:
        try:
            name, confidence, _ = predict_picture(model, path)
        except (OSError, ValueError) as error:
            print(f"{path}: {error}", file=sys.stderr)
            return 1
        print(f"{path}: {name} (confidence {confidence:.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
