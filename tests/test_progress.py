"""What Model.train shows: Keras' bar on a (fake) terminal, plain lines elsewhere, and the
book's chapter 19 log by default."""
import io
import re

import pytest

import purenn
from purenn.tools.progress import BookLog, PlainLines, ProgressBar, bar, make_reporter, timing

from test_model import chapter10_model


class FakeTerminal(io.StringIO):
    """Text output that says it is a terminal, and keeps everything written to it."""

    def isatty(self):
        return True


class FakeClock:
    """A clock that reads the times it is given, one per call."""

    def __init__(self, times):
        self.times = list(times)

    def __call__(self):
        return self.times.pop(0)


# Control characters: everything below a space but the newline, and DEL
CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")


def test_bar_draws_keras_steps():
    assert bar(1, 2) == "1/2 [" + "=" * 14 + ">" + "." * 15 + "]"
    assert bar(2, 2) == "2/2 [" + "=" * 30 + "]"
    assert bar(0, 10) == " 0/10 [" + "." * 30 + "]"
    assert bar(3, 10) == " 3/10 [" + "=" * 8 + ">" + "." * 21 + "]"
    assert timing(0.064, 2) == "0s 32ms/step"
    assert timing(3.5, 2) == "3s 2s/step"
    assert timing(0.0005, 10) == "0s 50us/step"


def test_progress_bar_on_a_fake_terminal_redraws_one_line_per_epoch():
    terminal = FakeTerminal()
    # Clock readings: epoch start, after step 0, at the epoch's end
    reporter = ProgressBar(epochs=1, file=terminal, clock=FakeClock([10.0, 10.032, 10.064]))
    reporter.start_epoch(1, 2)
    reporter.end_step(0, 2, {"epoch_loss": 1.2, "epoch_accuracy": 0.5})
    reporter.end_step(1, 2, {"epoch_loss": 1.1073, "epoch_accuracy": 0.6667})
    reporter.end_epoch(1, {"loss": 1.1073, "accuracy": 0.6667, "steps": 2})
    first = "1/2 [" + "=" * 14 + ">" + "." * 15 + "] - ETA: 0s - loss: 1.2000 - accuracy: 0.5000"
    last = "2/2 [" + "=" * 30 + "] - 0s 32ms/step - loss: 1.1073 - accuracy: 0.6667"
    # The last line is drawn over the first (\r), padded where the first was longer
    assert terminal.getvalue() == ("Epoch 1/1\n\r" + first + "\r" + last
                                   + " " * (len(first) - len(last)) + "\n")


def test_progress_bar_shows_the_validation_figures():
    terminal = FakeTerminal()
    reporter = ProgressBar(epochs=3, file=terminal, clock=FakeClock([0.0, 1.5]))
    reporter.start_epoch(2, 1)
    reporter.end_step(0, 1, {"epoch_loss": 0.5, "epoch_accuracy": 0.75})
    reporter.end_epoch(2, {"loss": 0.5, "accuracy": 0.75, "steps": 1},
                       {"loss": 0.625, "accuracy": 0.5})
    assert terminal.getvalue() == ("Epoch 2/3\n\r1/1 [" + "=" * 30 + "] - 1s 2s/step - "
                                   "loss: 0.5000 - accuracy: 0.7500 - val_loss: 0.6250 - "
                                   "val_accuracy: 0.5000\n")


def test_train_with_the_bar_on_a_terminal(engine):
    purenn.init(engine=engine)
    X, y = purenn.spiral_data(samples=100, classes=3)
    model = chapter10_model(purenn.Optimizer_Adam(learning_rate=0.05))
    terminal = FakeTerminal()
    model.train(X, y, epochs=2, batch_size=128, progress="bar", file=terminal)
    text = terminal.getvalue()
    epochs = text.split("Epoch ")[1:]
    assert len(epochs) == 2
    for epoch, drawn in enumerate(epochs):
        head, *redraws = drawn.split("\r")
        assert head == f"{epoch + 1}/2\n"
        # Steps 1 and 2 of 3 in progress, then the finished bar with the epoch's figures
        assert [r[:5] for r in redraws] == ["1/3 [", "2/3 [", "3/3 ["]
        finished = redraws[-1].rstrip(" \n")
        assert re.fullmatch(r"3/3 \[={30}\] - \d+s \d+(us|ms|s)/step - loss: \d\.\d{4} - "
                            r"accuracy: \d\.\d{4}", finished), finished
        assert finished.endswith(f"loss: {model.history['loss'][epoch]:.4f} - accuracy: "
                                 f"{model.history['accuracy'][epoch]:.4f}")


def test_the_bar_becomes_plain_lines_when_not_a_terminal(engine):
    purenn.init(engine=engine)
    X, y = purenn.spiral_data(samples=100, classes=3)
    model = chapter10_model(purenn.Optimizer_Adam(learning_rate=0.05))
    output = io.StringIO()
    model.train(X, y, epochs=3, batch_size=32, progress="bar", validation_data=(X, y),
                file=output)
    text = output.getvalue()
    assert not CONTROL.search(text), repr(text)
    lines = text.splitlines()
    assert len(lines) == 3
    for epoch, line in enumerate(lines):
        assert re.fullmatch(rf"Epoch {epoch + 1}/3: 10/10 - \d+s \d+(us|ms|s)/step - "
                            r"loss: \d\.\d{4} - accuracy: \d\.\d{4} - val_loss: \d\.\d{4} - "
                            r"val_accuracy: \d\.\d{4}", line), line
        assert f"val_loss: {model.history['validation_loss'][epoch]:.4f}" in line


def test_the_book_log_is_the_default():
    purenn.init()
    X, y = purenn.spiral_data(samples=100, classes=3)
    model = chapter10_model(purenn.Optimizer_Adam(learning_rate=0.05))
    output = io.StringIO()
    model.train(X, y, epochs=2, batch_size=64, print_every=2, validation_data=(X, y),
                file=output)
    lines = output.getvalue().splitlines()
    assert not CONTROL.search(output.getvalue())
    # 300 samples in batches of 64: steps 0-4; printed every 2 steps and at the last
    assert [line.split(",")[0] for line in lines] == [
        "epoch: 1", "step: 0", "step: 2", "step: 4", "training", "validation",
        "epoch: 2", "step: 0", "step: 2", "step: 4", "training", "validation"]
    assert re.fullmatch(r"training, acc: \d\.\d{3}, loss: \d\.\d{3} \(data_loss: \d\.\d{3}, "
                        r"reg_loss: 0\.000\), lr: 0\.05", lines[4]), lines[4]
    assert lines[5] == (f"validation, acc: {model.history['validation_accuracy'][0]:.3f}, "
                        f"loss: {model.history['validation_loss'][0]:.3f}")


def test_silent_shows_nothing_and_keeps_the_history():
    purenn.init()
    X, y = purenn.spiral_data(samples=20, classes=3)
    model = chapter10_model(purenn.Optimizer_SGD())
    output = io.StringIO()
    model.train(X, y, epochs=3, progress="silent", file=output)
    assert output.getvalue() == ""
    assert model.history["epoch"] == [1, 2, 3]


def test_reporter_choice():
    assert isinstance(make_reporter("book", 1, file=FakeTerminal()), BookLog)
    assert isinstance(make_reporter("bar", 1, file=FakeTerminal()), ProgressBar)
    assert type(make_reporter("bar", 1, file=io.StringIO())) is PlainLines
    assert type(make_reporter("lines", 1, file=FakeTerminal())) is PlainLines
    with pytest.raises(ValueError, match=r"progress must be one of 'book', 'chapter18', 'bar', "
                                         r"'lines', 'silent', not 'keras'"):
        make_reporter("keras", 1)


# --- issue 18: notebooks -------------------------------------------------------------------

class FakeJupyterStream(io.StringIO):
    """Stands for ipykernel's OutStream (a notebook cell's output): not a terminal."""
    __module__ = "ipykernel.iostream"

    def isatty(self):
        return False


def test_lines_show_no_time_unless_asked(engine):
    # The same text every run (a notebook's stored output compares), time per step on request
    purenn.init(engine=engine)
    X, y = purenn.spiral_data(samples=100, classes=3)
    texts = []
    for timing_on in (False, True):
        purenn.random.seed(0)
        model = chapter10_model(purenn.Optimizer_Adam(learning_rate=0.05))
        output = io.StringIO()
        model.train(X, y, epochs=2, batch_size=32, progress="lines", file=output,
                    timing=timing_on)
        texts.append(output.getvalue().splitlines())
    plain, timed = texts
    assert re.fullmatch(r"Epoch 1/2: 10/10 - loss: \d\.\d{4} - accuracy: \d\.\d{4}",
                        plain[0]), plain[0]
    assert re.fullmatch(r"Epoch 1/2: 10/10 - \d+s \d+(us|ms|s)/step - loss: \d\.\d{4} - "
                        r"accuracy: \d\.\d{4}", timed[0]), timed[0]


def test_the_bar_is_drawn_in_place_in_jupyter(engine):
    purenn.init(engine=engine)
    X, y = purenn.spiral_data(samples=100, classes=3)
    model = chapter10_model(purenn.Optimizer_Adam(learning_rate=0.05))
    output = FakeJupyterStream()
    assert type(make_reporter("bar", 1, file=output)) is ProgressBar
    model.train(X, y, epochs=1, batch_size=32, progress="bar", file=output)
    text = output.getvalue()
    # One line redrawn with "\r" at each step (Jupyter shows the last), then a newline
    assert text.startswith("Epoch 1/1\n\r 1/10 [==>")
    assert text.count("\r") == 10 and text.endswith("\n")
