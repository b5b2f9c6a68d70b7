"""The book's chapter 22 picture pipeline: grey, resize to 28 x 28 by cv2.resize's rule,
invert, scale; and examples/fashion_mnist_predict.py. OpenCV is an optional oracle (pip
install opencv-python-headless): its tests skip without it. The example's end-to-end tests
save and load a model with Model.save / Model.load (chapter 21)."""
import sys
from pathlib import Path

import pytest

import purenn
from purenn.fashion import picture_to_sample, resize
from purenn.png import read_png, write_png

ROOT = Path(__file__).resolve().parents[1]
PICTURES = ROOT / "examples" / "pictures"
sys.path.insert(0, str(ROOT / "examples"))
import fashion_mnist  # noqa: E402
import fashion_mnist_predict  # noqa: E402

needs_fashion_mnist = pytest.mark.skipif(
    not (purenn.fashion.DEBIAN_FOLDER / "train-images-idx3-ubyte.gz").is_file(),
    reason="Fashion-MNIST is not installed here (apt-get install dataset-fashion-mnist)")


def test_resize_by_hand():
    # Two pixels to four: the source points -0.25, 0.25, 0.75, 1.25 (pixel centres aligned);
    # beyond the first and last centre, the edge pixel
    assert resize([[0, 100]], (4, 1)) == [[0, 25, 75, 100]]
    # Four to two: the points 0.5 and 2.5, each halfway between two pixels
    assert resize([[0, 100, 200, 250]], (2, 1)) == [[50, 225]]
    # Both directions at once: the mean of the four corners
    assert resize([[0, 100], [200, 60]], (1, 1)) == [[90]]
    image = [[(x * 7 + y * 13) % 256 for x in range(28)] for y in range(28)]
    assert resize(image, (28, 28)) == image


def test_resize_within_one_grey_level_of_opencv():
    cv2 = pytest.importorskip("cv2", reason="OpenCV (pip install opencv-python-headless) "
                                            "is the optional oracle")
    np = pytest.importorskip("numpy")
    generator = np.random.default_rng(0)
    for (height, width) in ((100, 80), (10, 7), (600, 450), (29, 57), (3, 1), (28, 28)):
        noise = generator.integers(0, 256, (height, width), dtype=np.uint8)
        for image in (noise, cv2.GaussianBlur(noise, (0, 0), 2)):
            gold = cv2.resize(image, (28, 28))
            mine = np.array(resize(image.tolist(), (28, 28)))
            difference = np.abs(gold.astype(int) - mine)
            assert difference.max() <= 1, (height, width, difference.max())


def test_picture_to_sample_is_the_books_opencv_pipeline(engine):
    cv2 = pytest.importorskip("cv2", reason="OpenCV (pip install opencv-python-headless) "
                                            "is the optional oracle")
    np = pytest.importorskip("numpy")
    ops = purenn.init(engine=engine)
    for path in sorted(PICTURES.glob("*.png")):
        # The book's chapter 22
        image_data = cv2.imread(str(path), cv2.IMREAD_GRAYSCALE)
        image_data = cv2.resize(image_data, (28, 28))
        image_data = 255 - image_data
        gold = (image_data.reshape(1, -1).astype(np.float32) - 127.5) / 127.5
        mine_image, X = picture_to_sample(path, engine=ops)
        assert np.abs(np.array(mine_image) - image_data.astype(int)).max() <= 1
        mine = np.array(ops.to_list(X), dtype=np.float32)
        assert mine.shape == (1, 784)
        # One grey level is 1 / 127.5 after scaling
        assert np.abs(mine - gold).max() <= 1 / 127.5 + 1e-6


def test_shipped_pictures_are_readable(tmp_path):
    trousers = read_png(PICTURES / "trousers.png")
    sneaker = read_png(PICTURES / "sneaker.png")
    assert (trousers.width, trousers.height, trousers.channels) == (112, 112, 3)
    assert (sneaker.width, sneaker.height, sneaker.channels) == (112, 112, 1)
    # Inverted: a light background (the corners are white)
    assert trousers.tolist()[0][0] == [255, 255, 255] and sneaker.tolist()[0][0] == 255


def test_picture_to_sample_scales_to_the_books_range(tmp_path):
    path = write_png(tmp_path / "white.png", [[255] * 50 for _ in range(40)])
    image, X = picture_to_sample(path, engine="python")
    # White becomes black (0) after inverting, and -1 after scaling
    assert image == [[0] * 28 for _ in range(28)]
    assert X == [[-1.0] * 784]


def test_predict_example_refuses_a_missing_model(tmp_path, capsys):
    with pytest.raises(SystemExit) as stop:
        fashion_mnist_predict.main([str(PICTURES / "trousers.png"), "--model",
                                    str(tmp_path / "none.model")])
    assert stop.value.code == 2
    message = capsys.readouterr().err
    assert "none.model: no such file" in message or "no Model.load" in message


def test_predict_example_prints_a_label_and_confidence(tmp_path, capsys):
    purenn.init()
    model = fashion_mnist.make_model(784, purenn.get_engine())
    path = tmp_path / "fashion_mnist.model"
    model.save(str(path))
    assert fashion_mnist_predict.main([str(PICTURES / "trousers.png"), "--model",
                                       str(path)]) == 0
    line = capsys.readouterr().out.strip()
    name = line.split(": ", 1)[1].split(" (confidence ")[0]
    assert name in purenn.fashion.fashion_mnist_labels.values()
    assert line.endswith(")")


@needs_fashion_mnist
@pytest.mark.slow
def test_trained_model_names_the_shipped_pictures(tmp_path):
    # The book's 10 epochs with the numpy engine (some 20 s of CPU)
    pytest.importorskip("numpy")
    result = fashion_mnist.run(purenn.fashion.DEBIAN_FOLDER, "numpy", progress="silent",
                               log=lambda line: None, save=str(tmp_path / "m.model"))
    model = purenn.Model.load(str(tmp_path / "m.model"))
    assert fashion_mnist_predict.predict_picture(model, PICTURES / "trousers.png")[0] == "Trouser"
    assert fashion_mnist_predict.predict_picture(model, PICTURES / "sneaker.png")[0] == "Sneaker"
    assert result["validation_accuracy"] > 0.85
