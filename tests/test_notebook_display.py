"""How purenn's objects display in IPython and Jupyter (issue 18), without a kernel:
a layer shows its shapes and the first rows of its weights as NumPy prints them, a Model its
summary table (text and HTML), model.history its curves (SVG)."""
import pytest

import purenn
from purenn.tools.notebook import History, history_svg

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


def test_history_draws_its_curves_with_the_standard_library(engine):
    model = small_model(engine)
    assert isinstance(model.history, History) and model.history._repr_svg_() is None
    X, y = purenn.spiral_data(samples=20, classes=3)
    model.train(X, y, epochs=3, progress="silent")
    assert model.history["epoch"] == [1, 2, 3]
    svg = history_svg(model.history)
    assert svg.startswith("<?xml") and "<svg" in svg
    assert ">loss</text>" in svg and ">accuracy</text>" in svg
    assert svg.count("<polyline") >= 2


# --- every class: its repr, then what a learner wants at a glance, as NumPy prints it ------

INPUTS = [[1.0, -2.0], [0.5, 3.0], [-1.5, 0.25], [2.0, 2.0]]


@pytest.mark.parametrize("name, output", [
    ("Activation_ReLU", ["[[1.   0.  ]", " [0.5  3.  ]", " [0.   0.25]]"]),
    ("Activation_Linear", ["[[ 1.   -2.  ]", " [ 0.5   3.  ]", " [-1.5   0.25]]"]),
    ("Activation_Sigmoid", ["[[0.7310586  0.11920292]", " [0.62245935 0.95257413]",
                            " [0.18242553 0.5621765 ]]"]),
    ("Activation_Softmax", ["[[0.95257413 0.04742587]", " [0.07585818 0.9241418 ]",
                            " [0.1480472  0.85195273]]"]),
])
def test_an_activation_shows_its_last_output_and_gradient(engine, name, output):
    purenn.init(engine=engine)
    activation = getattr(purenn, name)()
    assert pretty(activation) == repr(activation)  # nothing computed yet
    activation.forward(INPUTS)
    lines = pretty(activation).splitlines()
    assert lines[0] == repr(activation)
    assert lines[1] == "output (4, 2), first 3 rows:"
    assert lines[2:5] == output
    assert len(lines) == 5
    activation.backward([[1.0, 1.0]] * 4)
    assert pretty(activation).splitlines()[5] == "dinputs (4, 2), first 3 rows:"


def test_dropout_shows_its_mask_and_output(engine):
    purenn.init(engine=engine)
    dropout = purenn.Layer_Dropout(0.5)
    dropout.forward([[1.0, 2.0, 3.0]])
    lines = pretty(dropout).splitlines()
    assert lines[0] == "Layer_Dropout(self.rate=0.5 (the share kept), ops=" + repr(dropout.ops) + ")"
    assert lines[1] == "binary_mask (1, 3):"
    # purenn.init()'s first binomial draws, as np.random.binomial(1, 0.5, (1, 3)) / 0.5
    assert lines[2:] == ["[[2. 2. 2.]]", "output (1, 3):", "[[2. 4. 6.]]"]


def test_layer_input_shows_the_data_it_passed_on():
    layer = purenn.Layer_Input()
    assert pretty(layer) == "Layer_Input()"
    layer.forward([[1, 2], [3, 4]])
    # A list of ints prints as NumPy prints an integer array
    assert pretty(layer) == "Layer_Input()\noutput (2, 2):\n[[1 2]\n [3 4]]"


@pytest.mark.parametrize("name", ["Loss_CategoricalCrossentropy", "Loss_BinaryCrossentropy",
                                  "Loss_MeanSquaredError", "Loss_MeanAbsoluteError"])
def test_a_loss_shows_its_mean_since_new_pass(engine, name):
    purenn.init(engine=engine)
    loss = getattr(purenn, name)()
    assert pretty(loss) == repr(loss)
    if name == "Loss_CategoricalCrossentropy":
        mean = loss.calculate([[0.7, 0.1, 0.2], [0.1, 0.5, 0.4]], [0, 1])
    else:
        mean = loss.calculate([[0.7], [0.2]], [[1], [0]])
    lines = pretty(loss).splitlines()
    assert lines == [repr(loss), "accumulated_count: 2",
                     "calculate_accumulated(): " + purenn.tools.printing.array_str(mean)]


def test_the_categorical_crossentropy_mean_prints_as_numpy_prints_float32(engine):
    purenn.init(engine=engine)
    loss = purenn.Loss_CategoricalCrossentropy()
    loss.calculate([[1 / 3, 1 / 3, 1 / 3]], [0])
    # -log(1/3) in float32, as print(np.float32) shows it (the book's 1.0986123)
    assert pretty(loss).splitlines()[2] == "calculate_accumulated(): 1.0986123"


def test_softmax_with_loss_shows_output_mean_loss_and_gradient(engine):
    purenn.init(engine=engine)
    combined = purenn.Activation_Softmax_Loss_CategoricalCrossentropy()
    combined.forward([[0.0, 0.0], [0.0, 0.0]], [0, 1])
    combined.backward(combined.output, [0, 1])
    assert pretty(combined).splitlines() == [
        repr(combined), "output (2, 2):", "[[0.5 0.5]", " [0.5 0.5]]",
        "loss.calculate_accumulated(): 0.6931472",
        "dinputs (2, 2):", "[[-0.25  0.25]", " [ 0.25 -0.25]]"]


def test_an_optimizer_shows_its_learning_rate_steps_and_hyperparameters(engine):
    purenn.init(engine=engine)
    optimizer = purenn.Optimizer_Adam(learning_rate=0.05, decay=5e-7)
    assert pretty(optimizer).splitlines() == [
        repr(optimizer), "current_learning_rate: 0.05", "iterations: 0", "learning_rate: 0.05",
        "decay: 5e-07", "epsilon: 1e-07", "beta_1: 0.9", "beta_2: 0.999"]
    sgd = purenn.Optimizer_SGD(momentum=0.9)
    sgd.post_update_params()
    assert pretty(sgd).splitlines()[1:] == [
        "current_learning_rate: 1.0", "iterations: 1", "learning_rate: 1.0", "decay: 0.0",
        "momentum: 0.9"]
    for name in ("Optimizer_Adagrad", "Optimizer_RMSprop"):
        optimizer = getattr(purenn, name)()
        assert pretty(optimizer).splitlines()[5] == "epsilon: 1e-07"


def test_an_accuracy_shows_its_running_counts_and_their_mean(engine):
    purenn.init(engine=engine)
    for accuracy in (purenn.Accuracy_Categorical(), purenn.Accuracy_Regression()):
        assert pretty(accuracy) == repr(accuracy)
    accuracy = purenn.Accuracy_Categorical()
    accuracy.calculate([0, 1, 1, 2], [0, 1, 2, 2])
    assert pretty(accuracy) == (
        "Accuracy_Categorical(binary=False, accumulated_sum=3, accumulated_count=4)\n"
        "calculate_accumulated(): 0.75")


def test_the_chapter_models_show_their_weights(engine):
    purenn.init(engine=engine)
    network = purenn.TwoLayerNetwork()
    lines = pretty(network).splitlines()
    assert lines[0] == repr(network)
    assert lines[1] == "dense1.weights (2, 64):"
    assert lines[2].startswith("[[ 0.01764052  0.00400157  0.00978738")
    assert "dense2.weights (64, 3), first 3 rows:" in lines
    network.forward(*purenn.spiral_data(samples=10, classes=3))
    assert "loss_activation.output (30, 3), first 3 rows:" in pretty(network)
    purenn.init(engine=engine)
    search = purenn.RandomSearch()
    assert pretty(search).splitlines()[:3] == [
        repr(search), "lowest_loss: 9999999", "dense1.weights (2, 3):"]


def test_the_neuron_walkthrough_shows_its_values_in_float64():
    purenn.init()
    neuron = purenn.neuron.NeuronWalkthrough([1.0, -2.0, 3.0], [-3.0, -1.0, 2.0], 1.0)
    assert pretty(neuron) == repr(neuron)
    neuron.forward()
    neuron.backward()
    assert pretty(neuron).splitlines()[1:] == [
        "xw (3,):", "[-3.  2.  6.]", "z: 6.0", "y: 6.0", "dx (3,):", "[-3. -1.  2.]",
        "dw (3,):", "[ 1. -2.  3.]", "db: 1.0"]


def test_an_idx_file_shows_its_first_image_rows_or_first_labels(tmp_path):
    purenn.idx.save_idx(tmp_path / "labels", [5, 0, 4, 1])
    labels = purenn.idx.load_idx(tmp_path / "labels")
    assert pretty(labels).splitlines()[1:] == ["values[:20] (4,):", "[5 0 4 1]"]
    images = [[[row * 4 + column for column in range(4)] for row in range(5)]] * 2
    purenn.idx.save_idx(tmp_path / "images", images)
    lines = pretty(purenn.idx.load_idx(tmp_path / "images")).splitlines()
    assert lines[1:] == ["item(0) (5, 4), first 3 rows:", "[[ 0  1  2  3]", " [ 4  5  6  7]",
                         " [ 8  9 10 11]]"]


def test_a_gradient_check_shows_its_verdict(engine):
    purenn.init(engine=engine)
    check = purenn.gradcheck.check_gradients(purenn.Activation_Sigmoid(), [[0.5, -1.0]])
    lines = pretty(check).splitlines()
    assert lines[0] == repr(check)
    # float64, the precision the check measures in, as print(np.float64) shows it
    assert lines[1] == "max_relative_error: " + purenn.tools.printing.array_str(
        check.max_relative_error, "float64")
    assert float(lines[1].split(": ")[1]) == check.max_relative_error
    assert lines[2] == "passed(): True"
    assert lines[3:] == ["notes: " + note for note in check.notes]


def test_an_engine_shows_its_name_and_dtype(engine):
    purenn.init(engine=engine)
    ops = purenn.Layer_Dense(1, 1).ops
    assert pretty(ops) == f"{ops!r}\nname: {engine}\ndtype: float32"


def test_a_tangent_line_and_a_png_show_their_numbers(tmp_path):
    from purenn.derivatives import TangentLine
    from purenn.png import read_png, write_png

    line = TangentLine(1.0, 2.0, 1.5, 3.0)
    assert pretty(line).splitlines()[1:] == ["approximate_derivative: 2.0", "b: 0.0"]
    write_png(tmp_path / "grey.png", [[row * 10 + column for column in range(3)]
                                      for row in range(4)])
    lines = pretty(read_png(tmp_path / "grey.png")).splitlines()
    assert lines[1:] == ["tolist() (3, 3):", "[[ 0  1  2]", " [10 11 12]", " [20 21 22]]"]


def test_a_display_never_fails_on_a_value_a_learner_edited(engine):
    purenn.init(engine=engine)
    activation = purenn.Activation_ReLU()
    activation.output = [[1.0, 2.0], [3.0]]  # ragged: shown as Python shows it
    assert pretty(activation).splitlines()[1] == "output: [[1.0, 2.0], [3.0]]"
    # A cycle shows the repr
    printer_text = []

    class Printer:
        def text(self, text):
            printer_text.append(text)

    activation._repr_pretty_(Printer(), True)
    assert printer_text == [repr(activation)]
