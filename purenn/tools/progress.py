"""What ``Model.train`` shows while it trains (book chapter 19; the lecture's Keras run).

The reporters, chosen by ``Model.train(..., progress=...)``:

    "book"    the book's chapter 19 log (the default): ``epoch: N``, then ``step: S, acc: ...``
              every ``print_every`` steps and at the last, then ``training, acc: ...`` and
              ``validation, acc: ...`` for the epoch
    "chapter18" the book's chapter 18 log: ``epoch: N, acc: ...`` every ``print_every``
              epochs, and ``validation, acc: ...`` once, after training
    "bar"     on a terminal or in Jupyter, Keras' bar per epoch, redrawn in place at every
              step: ``2/2 [=====...=====] - 0s 32ms/step - loss: 1.1073 - accuracy: 0.6667``;
              when the output is neither (a file, a pipe), "lines" instead
    "lines"   one plain line per epoch with the same figures (no control characters), and
              nothing that changes from run to run: the epoch's time and time per step only
              with ``timing=True``, so that a stored output (a notebook's) can be compared
    "silent"  nothing (the figures are still kept in ``model.history``)

Each reporter receives the same calls: ``start_epoch``, ``end_step`` after every step (the
step's figures, and the epoch's so far as ``epoch_loss`` and ``epoch_accuracy`` when the
reporter's ``shows_epoch_so_far`` is true: only the bar shows them, so the others do not
cost a step their sums), ``end_epoch`` with the epoch's figures (and the validation figures,
if any).
"""
import sys
import time

PROGRESS_CHOICES = ("book", "chapter18", "bar", "lines", "silent")

# Keras' bar: 30 characters wide
BAR_WIDTH = 30


def check_progress(progress):
    """Return ``progress`` if it names a reporter; raise ValueError otherwise."""
    if progress not in PROGRESS_CHOICES:
        raise ValueError(f"progress must be one of {', '.join(map(repr, PROGRESS_CHOICES))}, "
                         f"not {progress!r}")
    return progress


def make_reporter(progress, epochs, print_every=1, file=None, clock=time.perf_counter,
                  timing=False):
    """The reporter named by ``progress``, writing to ``file`` (default: sys.stdout);
    ``timing``: plain lines show the epoch's time and the time per step."""
    check_progress(progress)
    file = sys.stdout if file is None else file
    if progress == "book":
        return BookLog(print_every, file)
    if progress == "chapter18":
        return Chapter18Log(print_every, file)
    if progress == "silent":
        return Silent()
    if progress == "bar" and (_is_terminal(file) or _is_jupyter(file)):
        return ProgressBar(epochs, file, clock)
    return PlainLines(epochs, file, clock, timing=timing or progress == "bar")


def _is_terminal(file):
    isatty = getattr(file, "isatty", None)
    return bool(isatty and isatty())


def _is_jupyter(file):
    """A Jupyter kernel's output stream (ipykernel's OutStream), which shows "\\r" as a
    return to the start of the line, as a terminal does."""
    return type(file).__module__.startswith("ipykernel")


class Silent:
    """Shows nothing."""

    # Whether end_step's figures must hold the epoch's so far (epoch_loss, epoch_accuracy)
    shows_epoch_so_far = False

    def __repr__(self):
        return "Silent()"

    def start_epoch(self, epoch, steps):
        pass

    def end_step(self, step, steps, figures):
        pass

    def end_epoch(self, epoch, figures, validation=None):
        pass

    def end_training(self, validation):
        """After the last epoch, the validation figures (chapter 18 validates once)."""


class BookLog(Silent):
    """The book's chapter 19 lines, printed as its ``Model.train`` prints them."""

    def __init__(self, print_every=1, file=None):
        self.print_every = print_every
        self.file = sys.stdout if file is None else file

    def __repr__(self):
        return f"BookLog(print_every={self.print_every})"

    def _print(self, line):
        print(line, file=self.file)

    def start_epoch(self, epoch, steps):
        self._print(f"epoch: {epoch}")

    def end_step(self, step, steps, figures):
        # Print a summary every print_every steps, and at the last step
        if not step % self.print_every or step == steps - 1:
            self._print(f"step: {step}, {book_figures(figures)}")

    def end_epoch(self, epoch, figures, validation=None):
        self._print(f"training, {book_figures(figures)}")
        if validation is not None:
            self._print(validation_line(validation))


class Chapter18Log(BookLog):
    """The book's chapter 18 lines: ``epoch: N, acc: ...`` every ``print_every`` epochs,
    then ``validation, acc: ...`` once, after training."""

    def __repr__(self):
        return f"Chapter18Log(print_every={self.print_every})"

    def start_epoch(self, epoch, steps):
        pass

    def end_step(self, step, steps, figures):
        pass

    def end_epoch(self, epoch, figures, validation=None):
        # Print a summary
        if not epoch % self.print_every:
            self._print(f"epoch: {epoch}, {book_figures(figures)}")

    def end_training(self, validation):
        self._print(validation_line(validation))


def book_figures(figures):
    """``acc: A, loss: L (data_loss: D, reg_loss: R), lr: LR``, as the book prints them."""
    return (f"acc: {figures['accuracy']:.3f}, loss: {figures['loss']:.3f} "
            f"(data_loss: {figures['data_loss']:.3f}, "
            f"reg_loss: {figures['regularization_loss']:.3f}), "
            f"lr: {figures['learning_rate']}")


def validation_line(validation):
    """``validation, acc: A, loss: L``, as the book's ``Model.evaluate`` prints it."""
    return f"validation, acc: {validation['accuracy']:.3f}, loss: {validation['loss']:.3f}"


class PlainLines(Silent):
    """One line per epoch, Keras' figures without the bar: for files and pipes."""

    def __init__(self, epochs, file=None, clock=time.perf_counter, timing=True):
        self.epochs = epochs
        self.file = sys.stdout if file is None else file
        self.clock = clock
        # Whether a line shows the epoch's time and the time per step
        self.timing = timing
        # When the epoch started
        self.started = None

    def __repr__(self):
        return f"{type(self).__name__}(epochs={self.epochs}, timing={self.timing})"

    def start_epoch(self, epoch, steps):
        self.started = self.clock()

    def end_epoch(self, epoch, figures, validation=None):
        steps = figures["steps"]
        time_taken = f"{timing(self.clock() - self.started, steps)}" if self.timing else ""
        line = (f"Epoch {epoch}/{self.epochs}: {steps}/{steps}"
                f"{' - ' + time_taken if time_taken else ''}{metrics(figures, validation)}")
        print(line, file=self.file)


class ProgressBar(PlainLines):
    """Keras' progress bar, one per epoch, redrawn in place at every step (a terminal)."""

    shows_epoch_so_far = True

    def __init__(self, epochs, file=None, clock=time.perf_counter):
        super().__init__(epochs, file, clock)
        # How long the line drawn last was (a shorter one is padded over it)
        self.drawn_width = 0

    def _draw(self, text, end=""):
        # Back to the start of the line, the new text, spaces over what is left of the old
        padding = " " * max(0, self.drawn_width - len(text))
        self.file.write("\r" + text + padding + end)
        self.file.flush()
        self.drawn_width = 0 if end else len(text)

    def start_epoch(self, epoch, steps):
        self.file.write(f"Epoch {epoch}/{self.epochs}\n")
        self.drawn_width = 0
        super().start_epoch(epoch, steps)

    def end_step(self, step, steps, figures):
        done = step + 1
        if done == steps:
            # The finished bar is drawn by end_epoch, with the epoch's figures
            return
        elapsed = self.clock() - self.started
        eta = elapsed / done * (steps - done)
        # Keras shows the epoch's loss and accuracy so far, not the last batch's
        so_far = {"loss": figures["epoch_loss"], "accuracy": figures["epoch_accuracy"]}
        self._draw(f"{bar(done, steps)} - ETA: {duration(eta)}{metrics(so_far)}")

    def end_epoch(self, epoch, figures, validation=None):
        steps = figures["steps"]
        elapsed = self.clock() - self.started
        self._draw(f"{bar(steps, steps)} - {timing(elapsed, steps)}"
                   f"{metrics(figures, validation)}", end="\n")


def bar(done, steps, width=BAR_WIDTH):
    """``  3/10 [========>.....................]``: Keras' bar after ``done`` of ``steps``."""
    digits = len(str(steps))
    filled = width * done // steps
    drawn = ""
    if filled > 0:
        # The arrow's head while steps remain, '=' when the epoch is done
        drawn = "=" * (filled - 1) + (">" if done < steps else "=")
    drawn += "." * (width - filled)
    return f"{done:{digits}d}/{steps} [{drawn}]"


def duration(seconds):
    """A time left as Keras writes it: ``7s``, ``1:05``, ``1:00:05``."""
    seconds = int(seconds)
    if seconds >= 3600:
        return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    if seconds >= 60:
        return f"{seconds // 60}:{seconds % 60:02d}"
    return f"{seconds}s"


def timing(elapsed, steps):
    """``0s 32ms/step``: the epoch's time, then the time per step (s, ms or us)."""
    per_step = elapsed / steps
    if per_step >= 1:
        per_step_text = f"{per_step:.0f}s/step"
    elif per_step >= 1e-3:
        per_step_text = f"{per_step * 1e3:.0f}ms/step"
    else:
        per_step_text = f"{per_step * 1e6:.0f}us/step"
    return f"{int(elapsed)}s {per_step_text}"


def metrics(figures, validation=None):
    """`` - loss: 1.1073 - accuracy: 0.6667`` (the epoch so far), then the validation figures."""
    text = f" - loss: {figures['loss']:.4f} - accuracy: {figures['accuracy']:.4f}"
    if validation is not None:
        text += (f" - val_loss: {validation['loss']:.4f}"
                 f" - val_accuracy: {validation['accuracy']:.4f}")
    return text
