"""How purenn's objects display in IPython and Jupyter (issue 18), without a kernel:
a layer shows its shapes and the first rows of its weights as NumPy prints them, a Model its
summary table (text and HTML), model.history its curves where matplotlib is installed."""
import pytest

import purenn
from purenn.tools.notebook import History, history_png

pretty = pytest.importorskip("IPython.lib.pretty").pretty


def small_model(engine):
    purenn.init(engine=engine)
    model = purenn.Model()
    model.add(purenn.Layer_Dense(2, 4))
    model.add(purenn.Activation_ReLU())
    model.add(purenn.Layer_Dense(4, 3))
    model.add(purenn.Activation_Softmax())
    model.set(loss=purenn.Loss_CategoricalCrossentropy(), optimizer=purenn.Optimizer_Adam(),
              accuracy=purenn.Accuracy_Categorical())
    model.finalize()
    return model


def test_layer_dense_shows_its_shapes_and_first_weights_as_numpy_prints_them(engine):
    purenn.init(engine=engine)
    dense1 = purenn.Layer_Dense(2, 3)
    mine = pretty(dense1).splitlines()
    assert mine[0] == repr(dense1)
    assert mine[1] == "weights (2, 3):"
    # purenn.init()'s first draws, as NumPy prints 0.01 * np.random.randn(2, 3) in float32
    assert mine[2:4] == ["[[ 0.01764052  0.00400157  0.00978738]",
                         " [ 0.02240893  0.01867558 -0.00977278]]"]
    assert mine[4:] == ["biases (1, 3):", "[[0. 0. 0.]]"]
    # A taller weight matrix shows its first rows only
    assert "weights (64, 3), first 3 rows:" in pretty(purenn.Layer_Dense(64, 3))


def test_model_shows_its_summary_as_text_and_as_an_html_table(engine):
    model = small_model(engine)
    lines = []
    model.summary(print_fn=lines.append)
    assert pretty(model) == "\n".join(lines)
    html = model._repr_html_()
    assert html.startswith("<table><thead><tr><th>Layer (type)</th><th>Output Shape</th>")
    assert "<td>dense_1 (Layer_Dense)</td><td>(None, 3)</td><td>15</td>" in html
    assert "Total params: 27" in html


def test_history_draws_its_curves_where_matplotlib_is_installed(engine):
    model = small_model(engine)
    assert isinstance(model.history, History) and model.history._repr_png_() is None
    X, y = purenn.spiral_data(samples=20, classes=3)
    model.train(X, y, epochs=3, progress="silent")
    assert model.history["epoch"] == [1, 2, 3]
    pytest.importorskip("matplotlib")
    png = history_png(model.history)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
