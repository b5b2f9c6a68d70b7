"""``python -m purenn``: a calculator for checking the book's computations by hand.

Each command is one computation of the book, done by purenn's own code in float64 (the
python engine), and prints labelled lines with every number in full (Python's repr, the
shortest text that reads back as the same float64), so a hand calculation can be checked
digit for digit. ``--steps`` adds the intermediate values, in the order they are computed.

    softmax Z...                        chapter 4: max(z) subtracted, exponentials, their
                                        sum, the probabilities
    cross-entropy P... --target K       chapter 5: clipped probability, -log, the loss
    cross-entropy P... --one-hot Y...   (the same with a one-hot target)
    neuron --inputs --weights --bias    chapter 2: one neuron's output
    layer --inputs --weights ROW... --biases
                                        chapter 2: a layer, one weight row per neuron
    derivative EXPR --at X [--delta]    chapter 7: numerical derivative and tangent line
    backprop-neuron --inputs --weights --bias [--dvalue] [--lr]
                                        chapter 9: the single-neuron walk-through
    lr-decay [--lr] --decay [--until]   chapter 10: the 1/t decayed learning rate
    sigmoid Z...                        chapter 16: the sigmoid of each z
    binary-cross-entropy P... --target Y...
                                        chapter 16: binary cross-entropy, mean over values

Lists of numbers are separated by spaces or commas (``1 -2 3`` or ``1,-2,3``), and may be
pasted from the book with their brackets (``[2, 6, 12]``). Options follow the command.
Bad input (a word where a number belongs, lengths that differ, an expression that is not
allowed, a target out of range, a result that overflows float64, ...) gives a usage error
that says what is wrong, exit status 2.

Left out: batches of samples (one sample per command) and float32 (``purenn.init()``).
"""
import argparse
import math
import os
import sys
import warnings

from ..activations import Activation_Sigmoid, Activation_Softmax
from ..basics import layer_output, neuron_output
from ..engine.config import get_engine
from ..derivatives import P2_DELTA, tangent_line
from .expression import ExpressionError, parse_expression
from ..losses import Loss_BinaryCrossentropy, Loss_CategoricalCrossentropy
from ..neuron import NeuronWalkthrough
from ..optimizers import Optimizer_SGD
from ..engine.shapes import ShapeError

PROG = "python -m purenn"
MAX_STEPS = 100_000            # lr-decay: most steps printed
DISTRIBUTION_TOLERANCE = 0.01  # cross-entropy: predictions must add up to 1 within this
# The clipping bounds of Loss_CategoricalCrossentropy, as the book writes them
CLIP_LOW, CLIP_HIGH = 1e-7, 1 - 1e-7


class CalculatorError(ValueError):
    """Input that parses but cannot be computed with (lengths differ, out of range, ...)."""


def _engine():
    """The arithmetic of every command: purenn's python engine in float64."""
    return get_engine("python", "float64")


# ---------------------------------------------------------------------------
# Reading numbers from the command line
# ---------------------------------------------------------------------------

def _number(text):
    """One float64 from the command line; argparse reports the ArgumentTypeError."""
    word = text.strip()
    try:
        value = float(word)
    except ValueError:
        hint = " (nor an option of this command)" if word.startswith("--") else ""
        raise argparse.ArgumentTypeError(f"{word!r} is not a number{hint}") from None
    if math.isnan(value) or (math.isinf(value) and "inf" in word.lower()):
        raise argparse.ArgumentTypeError(f"{word!r} is not a finite number")
    if math.isinf(value):
        raise argparse.ArgumentTypeError(f"{word!r} is too large for float64")
    return value


# A list pasted from the book keeps its brackets: [2, 6, 12] or [[1, 2], [3, 4]]
_BRACKETS = str.maketrans("[]", "  ")


def _numbers(text):
    """Numbers separated by commas or spaces, as one list: '0.2,0.8,-0.5' -> [0.2, 0.8, -0.5].

    Brackets are read as spaces, so a list pasted from the book works: '[2,' '6,' '12]'.
    """
    words = text.translate(_BRACKETS).replace(",", " ").split()
    if not words:
        if text.strip() and not text.translate(_BRACKETS).replace(",", " ").strip():
            return []  # a lone bracket or comma of a pasted list: '[' or ']' or ','
        raise argparse.ArgumentTypeError(f"{text.strip()!r} holds no numbers")
    values = []
    for word in words:
        try:
            values.append(_number(word))
        except argparse.ArgumentTypeError as error:
            where = f" (in {text.strip()!r})" if len(words) > 1 else ""
            raise argparse.ArgumentTypeError(f"{error}{where}") from None
    return values


def _weight_rows(texts):
    """The --weights of ``layer``: one row per word (0.2,0.8 0.5,-0.9), or, for a list of
    lists pasted from the book ([[0.2, 0.8], [0.5, -0.9]]), one row per inner bracket."""
    text = " ".join(texts)
    if "[" not in text and "]" not in text:
        return [_numbers(word) for word in texts]
    inner = text.strip()
    if inner.startswith("[") and inner.endswith("]") and inner.count("[") > 1:
        inner = inner[1:-1]
    rows = []
    depth, row = 0, ""
    for character in inner:
        if character == "[":
            depth += 1
            row = ""
        elif character == "]":
            depth -= 1
            if depth < 0:
                raise CalculatorError(f"--weights {text!r}: a ']' without its '['")
            rows.append(_numbers(row) if row.strip() else [])
        elif depth:
            row += character
    if depth or not rows or any(not row for row in rows):
        raise CalculatorError(f"--weights {text!r} is not a list of rows: write "
                              f"[[0.2, 0.8], [0.5, -0.9]], or one row per word: 0.2,0.8 0.5,-0.9")
    return rows


def _class_index(text):
    """A class index: a whole number (its range is checked against the predictions)."""
    word = text.strip()
    try:
        return int(word)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{word!r} is not a class index (a whole number: "
                                         f"0, 1, 2, ...)") from None


def _last_step(text):
    """The last lr-decay step to print, inclusive: 0 to MAX_STEPS."""
    word = text.strip()
    try:
        step = int(word)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{word!r} is not a whole number (a step: 0, 1, "
                                         f"2, ...)") from None
    if not 0 <= step <= MAX_STEPS:
        raise argparse.ArgumentTypeError(f"the last step must be 0 to {MAX_STEPS}, not {step}")
    return step


def _flat(token_lists, name=None):
    """The numbers of every token, in order ([[1.0], [2.0, 3.0]] -> [1.0, 2.0, 3.0])."""
    values = [value for values in token_lists for value in values]
    if not values:
        raise CalculatorError(f"{name or 'the list'} holds no numbers")
    return values


def _mark_values(argv, options):
    """Mark command-line words that start with '-' but are values: -0.5, -1e-3, -x**2, --x.

    Before Python 3.13, argparse reads -1e-3 or -0.2,0.8 as an unknown option, and every
    Python reads --x (minus minus x) as one. A word that starts with a space is always a
    value to argparse, and every value is stripped when it is read; so each word that
    starts with a single '-' (other than -h, the only short option), and each word that
    starts with '--' but is no option of the calculator (``options``: every option string,
    which argparse also takes shortened: --one for --one-hot), gets a space in front.
    """
    marked = []
    for word in argv:
        if word.startswith("--"):
            name = word.split("=", 1)[0]
            is_value = word != "--" and not any(option.startswith(name) for option in options)
        else:
            is_value = word.startswith("-") and word not in ("-", "-h")
        marked.append(" " + word if is_value else word)
    return marked


def _option_strings(parser):
    """Every option string of ``parser`` and of its subcommands' parsers."""
    found = set()
    for sub in [parser, *_subcommands(parser).values()]:
        for action in sub._actions:
            found.update(action.option_strings)
    return found


# ---------------------------------------------------------------------------
# Printing
# ---------------------------------------------------------------------------

LABEL_WIDTH = 24


def _line(label, value):
    """A labelled result: 'label:' padded to one column, then the value (repr for numbers)."""
    text = value if isinstance(value, str) else repr(value)
    return f"{label + ':':<{LABEL_WIDTH}}{text}"


def _plus(values):
    """a + b + c, each value in full."""
    return " + ".join(repr(value) for value in values)


def _count(n, noun):
    """'1 value', '3 values'."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _check_same_length(values_a, values_b, name_a, name_b, what):
    if len(values_a) != len(values_b):
        raise CalculatorError(f"{name_a} has {_count(len(values_a), 'value')} but {name_b} "
                              f"has {len(values_b)}: {what}")


# ---------------------------------------------------------------------------
# The commands: each returns the lines it prints
# ---------------------------------------------------------------------------

def softmax(args):
    """Chapter 4: softmax of one row z, computed by Activation_Softmax.

    One story, the class's: the largest z is subtracted, then come the exponentials of
    that, their sum, and the division. (The chapter's first e**z / sum(e**z) gives the same
    probabilities up to rounding: e**max(z) cancels in the division; e**z alone overflows
    float64 above z = 709.78, which is why the class subtracts the maximum.)
    """
    ops = _engine()
    z = _flat(args.z, "Z")
    # The probabilities, from purenn's class
    activation = Activation_Softmax(engine=ops)
    activation.forward([z])
    probabilities = activation.output[0]
    # The same steps as Activation_Softmax.forward, with the same engine calls
    largest = ops.max([z], axis=1, keepdims=False)[0]
    shifted = ops.subtract(z, largest)
    exp_values = ops.exp(shifted)
    exp_sum = ops.sum(exp_values)
    lines = [_line("z", z), _line("max(z)", largest), _line("z - max(z)", shifted),
             _line("e**(z - max(z))", exp_values),
             _line("sum of exponentials", exp_sum)]
    if args.show_steps:
        lines.extend(_softmax_steps(ops, z, largest, shifted, exp_values, exp_sum,
                                    probabilities))
    lines.append(_line("probabilities", probabilities))
    return lines


def _softmax_steps(ops, z, largest, shifted, exp_values, exp_sum, probabilities):
    """The arithmetic of each value of softmax's lines, in the class's order."""
    order = "" if len(z) < 8 else " (NumPy's pairwise order)"
    lines = ["steps, as Activation_Softmax does them (subtracting max(z) keeps exp from",
             "overflowing; e**max(z) cancels in the division, so these are e**z / sum(e**z)",
             "up to rounding in the last digit):",
             f"  max(z) = {largest!r}"]
    lines += [f"  z[{i}] - max(z) = {z_i!r} - {largest!r} = {s!r}"
              for i, (z_i, s) in enumerate(zip(z, shifted))]
    lines += [f"  exp({s!r}) = {e!r}" for s, e in zip(shifted, exp_values)]
    lines.append(f"  sum{order} = {_plus(exp_values)} = {exp_sum!r}")
    lines += [f"  p[{i}] = {e!r} / {exp_sum!r} = {p!r}"
              for i, (e, p) in enumerate(zip(exp_values, probabilities))]
    lines.append(f"  sum of the probabilities = {ops.sum(probabilities)!r}")
    return lines


def cross_entropy(args):
    """Chapter 5: categorical cross-entropy of one sample, by Loss_CategoricalCrossentropy."""
    ops = _engine()
    predictions = _flat(args.p, "P")
    n_classes = len(predictions)
    _check_distribution(predictions)
    if args.one_hot is not None:
        one_hot = _flat(args.one_hot, "--one-hot")
        _check_same_length(one_hot, predictions, "--one-hot", "P (the predictions)",
                           "one 0 or 1 per class")
        _check_one_hot(one_hot)
        target = one_hot.index(1.0)
        y_true = [one_hot]
    else:
        target = args.target
        if not 0 <= target < n_classes:
            raise CalculatorError(f"--target {target} is out of range: there are {n_classes} "
                                  f"classes, so the target is a class index from 0 to "
                                  f"{n_classes - 1}")
        one_hot = ops.one_hot([target], n_classes)[0]
        y_true = [target]
    # The loss of this one sample, and the mean over the batch of one, from purenn's class
    loss_function = Loss_CategoricalCrossentropy(engine=ops)
    sample_loss = loss_function.forward([predictions], y_true)[0]
    loss = loss_function.calculate([predictions], y_true)
    clipped = ops.clip(predictions, CLIP_LOW, CLIP_HIGH)
    lines = [_line("predictions p", predictions)]
    if args.one_hot is not None:
        lines.append(_line("target y (one-hot)", f"{one_hot!r} (class {target})"))
    else:
        lines.append(_line("target class", target))
    lines.append(_line(f"clipped p[{target}]",
                       f"{clipped[target]!r} (p clipped to [{CLIP_LOW!r}, {CLIP_HIGH!r}])"))
    lines.append(_line(f"-log(p[{target}])", sample_loss))
    if args.show_steps:
        lines.extend(_cross_entropy_steps(ops, clipped, one_hot))
    lines.append(_line("loss", loss))
    return lines


def _check_distribution(predictions):
    for i, p in enumerate(predictions):
        if not 0 <= p <= 1:
            raise CalculatorError(f"the predictions must be probabilities from 0 to 1, but "
                                  f"p[{i}] is {p!r} (softmax turns scores into probabilities)")
    total = math.fsum(predictions)
    if abs(total - 1) > DISTRIBUTION_TOLERANCE:
        raise CalculatorError(f"the predictions add up to {total!r}, not 1: they are not a "
                              f"probability distribution (allowed: 1 +- "
                              f"{DISTRIBUTION_TOLERANCE}, for rounded values)")


def _check_one_hot(one_hot):
    if any(y not in (0.0, 1.0) for y in one_hot) or one_hot.count(1.0) != 1:
        raise CalculatorError(f"--one-hot must be a single 1 and 0s elsewhere (the correct "
                              f"class is 1), not {one_hot!r}")


def _cross_entropy_steps(ops, clipped, one_hot):
    """-sum(y * log(p)), term by term; for one-hot y it equals the class's -log(p[target])."""
    logs = ops.log(clipped)
    terms = ops.multiply(one_hot, logs)
    # Add the terms up left to right from 0.0
    total = 0.0
    for term in terms:
        total += term
    lines = ["steps, the loss as -sum(y * log(p)) over the classes (p clipped first; every",
             "term but the target's is 0, so this is -log(p[target]), the class's formula):",
             f"  p clipped to [{CLIP_LOW!r}, {CLIP_HIGH!r}] = {clipped!r}"]
    lines += [f"  y[{i}] * log(p[{i}]) = {y!r} * log({p!r}) = {y!r} * {log!r} = {term!r}"
              for i, (y, p, log, term) in enumerate(zip(one_hot, clipped, logs, terms))]
    lines.append(f"  -sum = -({_plus(terms)}) = {-total!r}")
    lines.append(f"  loss = mean over the 1 sample = {-total!r}")
    return lines


def neuron(args):
    """Chapter 2: one neuron, inputs . weights + bias, by purenn.basics.neuron_output."""
    inputs, weights = _flat(args.inputs, "--inputs"), _flat(args.weights, "--weights")
    _check_same_length(inputs, weights, "--inputs", "--weights", "one weight per input")
    output = neuron_output(inputs, weights, args.bias)
    lines = [_line("inputs", inputs), _line("weights", weights), _line("bias", args.bias)]
    if args.show_steps:
        lines.append("steps, each input times its weight, added up from 0.0, then the bias:")
        lines.extend(_neuron_steps(inputs, weights, args.bias, "weights"))
    lines.append(_line("output", output))
    return lines


def _neuron_steps(inputs, weights, bias, weights_name):
    """The loop of neuron_output, one line per product, with the running sum."""
    lines = []
    output = 0.0
    for i, (n_input, weight) in enumerate(zip(inputs, weights)):
        product = n_input * weight
        output += product
        lines.append(f"  inputs[{i}] * {weights_name}[{i}] = {n_input!r} * {weight!r} = "
                     f"{product!r}   (sum so far {output!r})")
    lines.append(f"  sum + bias = {output!r} + {bias!r} = {output + bias!r}")
    return lines


def layer(args):
    """Chapter 2: a layer on one sample, one weight row and bias per neuron (layer_output)."""
    inputs, biases = _flat(args.inputs, "--inputs"), _flat(args.biases, "--biases")
    try:
        weights = _weight_rows(args.weights)
    except argparse.ArgumentTypeError as error:
        raise CalculatorError(f"argument --weights: {error}") from None
    for j, row in enumerate(weights):
        if len(row) != len(inputs):
            raise CalculatorError(
                f"--weights row {j} has {_count(len(row), 'value')} but there are "
                f"{_count(len(inputs), 'input')}: "
                f"give one row per neuron, one weight per input, the row's values separated "
                f"by commas (--weights 0.2,0.8,-0.5,1 0.5,-0.91,0.26,-0.5)")
    if len(weights) != len(biases):
        raise CalculatorError(f"--weights has {_count(len(weights), 'row')} (neurons) but "
                              f"--biases has {_count(len(biases), 'value')}: one bias per "
                              f"neuron")
    outputs = layer_output(inputs, weights, biases)
    lines = [_line("inputs", inputs)]
    for j, (row, bias, output) in enumerate(zip(weights, biases, outputs)):
        lines.append(_line(f"neuron {j}", f"weights {row!r}, bias {bias!r} -> {output!r}"))
        if args.show_steps:
            lines.extend(_neuron_steps(inputs, row, bias, f"weights[{j}]"))
    lines.append(_line("outputs", outputs))
    return lines


def derivative(args):
    """Chapter 7: the numerical derivative of EXPR at x, and the tangent line it gives."""
    f = parse_expression(args.expr)
    line = tangent_line(f, args.at, args.delta)
    slope, b = line.approximate_derivative, line.b
    _check_finite_line(line, args.delta)
    sign = f"- {-b!r}" if math.copysign(1.0, b) < 0 else f"+ {b!r}"
    lines = [_line("f(x)", f.text), _line("x", line.x1), _line("delta", args.delta)]
    if args.show_steps:
        lines += [
            "steps, the slope from (x, f(x)) to a point delta away, and the line through both:",
            f"  x1 = x = {line.x1!r}",
            f"  y1 = f(x1) = {line.y1!r}",
            f"  x2 = x1 + delta = {line.x1!r} + {args.delta!r} = {line.x2!r}",
            f"  y2 = f(x2) = {line.y2!r}",
            f"  y2 - y1 = {line.y2 - line.y1!r}",
            f"  x2 - x1 = {line.x2 - line.x1!r}",
            f"  approximate derivative = (y2 - y1) / (x2 - x1) = {slope!r}",
            f"  b = y2 - approximate_derivative * x2 = {line.y2!r} - {slope!r} * {line.x2!r} "
            f"= {b!r}",
        ]
    lines += [_line("approximate derivative", slope), _line("intercept b", b),
              _line("tangent line", f"y = {slope!r} * x {sign}")]
    return lines


def _check_finite_line(line, delta):
    """Refuse a slope or intercept that overflows float64 (inf is refused as input too)."""
    values = [("x2 = x1 + delta", line.x2), ("y2 - y1", line.y2 - line.y1),
              ("the approximate derivative (y2 - y1) / (x2 - x1)", line.approximate_derivative),
              ("the intercept b = y2 - approximate_derivative * x2", line.b)]
    for name, value in values:
        if not math.isfinite(value):
            raise CalculatorError(
                f"{name} overflows float64 (it gives {value!r}) with x1 = {line.x1!r}, "
                f"y1 = {line.y1!r}, x2 = {line.x2!r}, y2 = {line.y2!r}: try a smaller --delta "
                f"than {delta!r}, or a smaller function")


def backprop_neuron(args):
    """Chapter 9: forward, backward, update and forward again, by NeuronWalkthrough."""
    inputs, weights = _flat(args.inputs, "--inputs"), _flat(args.weights, "--weights")
    _check_same_length(inputs, weights, "--inputs", "--weights", "one weight per input")
    walkthrough = NeuronWalkthrough(inputs, weights, args.bias, dvalue=args.dvalue,
                                    learning_rate=args.lr)
    walkthrough.forward()
    z, y = walkthrough.z, walkthrough.y
    walkthrough.backward()
    walkthrough.update()
    walkthrough.forward()
    lines = [_line("x (inputs)", inputs), _line("w (weights)", weights),
             _line("b (bias)", args.bias), _line("dvalue", args.dvalue),
             _line("learning rate", args.lr)]
    if args.show_steps:
        lines.extend(_backprop_steps(walkthrough.steps))
    lines += [_line("z = x.w + b", z), _line("y = max(z, 0)", y),
              _line("dx", walkthrough.dx), _line("dw", walkthrough.dw),
              _line("db", walkthrough.db),
              _line("w after the update", walkthrough.w),
              _line("b after the update", walkthrough.b),
              _line("z after the update", walkthrough.z),
              _line("y after the update", walkthrough.y)]
    return lines


def _backprop_steps(steps):
    """Every value of the walk-through, under the name the book gives it."""
    titles = iter(["forward pass:", "backward pass (the chain rule, from the ReLU back):",
                   "update (w += -learning_rate * dw, b += -learning_rate * db):",
                   "forward pass with the updated w and b:"])
    lines = ["steps:"]
    previous = None
    for step in steps:
        # A new pass starts where the stage changes (forward, backward, update, forward)
        if step.stage != previous:
            lines.append(f"  {next(titles)}")
            previous = step.stage
        lines.append(f"    {step.name} = {step.formula} = {step.numbers} = {step.value!r}")
    return lines


def lr_decay(args):
    """Chapter 10: the 1/t decayed learning rate, step by step, as Optimizer_SGD decays it."""
    optimizer = Optimizer_SGD(learning_rate=args.lr, decay=args.decay, engine=_engine())
    lines = [_line("learning rate", args.lr), _line("decay", args.decay),
             "current_learning_rate = learning_rate * (1. / (1. + decay * step)):"]
    # Steps 0 to --until, both included
    for step in range(args.until + 1):
        # The training loop's order: decay before the update, count the step after it
        optimizer.pre_update_params()
        rate = optimizer.current_learning_rate
        optimizer.post_update_params()
        if args.show_steps:
            denominator = 1. + args.decay * step
            factor = 1. / denominator
            lines.append(f"  step {step}: {args.lr!r} * (1. / (1. + {args.decay!r} * {step})) "
                         f"= {args.lr!r} * (1. / {denominator!r}) = {args.lr!r} * {factor!r} "
                         f"= {rate!r}")
        else:
            lines.append(f"  step {step}: {rate!r}")
    return lines


# ---------------------------------------------------------------------------
# Chapter 16: sigmoid and binary cross-entropy
# ---------------------------------------------------------------------------

def sigmoid(args):
    """Chapter 16: the sigmoid 1 / (1 + e**-z) of each z, by Activation_Sigmoid, and its
    backward pass for dvalues of 1: (1 - s) * s."""
    ops = _engine()
    z = _flat(args.z, "Z")
    activation = Activation_Sigmoid(engine=ops)
    # np.exp overflows to inf below z = -709.78 with a RuntimeWarning; the line below says so
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        # The output, from purenn's class, and its steps with the same engine calls
        activation.forward([z])
        exp_values = ops.exp(ops.negative(z))
        denominators = ops.add(1, exp_values)
    outputs = activation.output[0]
    # The backward pass's local gradient: dvalues * (1 - output) * output, for dvalues 1
    activation.backward([[1.0] * len(z)])
    gradients = activation.dinputs[0]
    lines = [_line("z", z), _line("e**-z", exp_values)]
    if math.inf in exp_values:
        lines.append("(e**-z overflows float64 below z = -709.78: 1 / (1 + inf) is 0.0, as "
                     "the book's NumPy gives with a warning)")
    if args.show_steps:
        lines.append("steps, as Activation_Sigmoid does them: 1 / (1 + np.exp(-z)) for each "
                     "value:")
        lines += [f"  sigmoid({z_i!r}) = 1 / (1 + exp({-z_i!r})) = 1 / (1 + {e!r}) = "
                  f"1 / {d!r} = {s!r}"
                  for z_i, e, d, s in zip(z, exp_values, denominators, outputs)]
        lines.append("  backward, dvalues 1: dinputs = dvalues * (1 - output) * output")
        lines += [f"    1.0 * (1 - {s!r}) * {s!r} = 1.0 * {1. - s!r} * {s!r} = {g!r}"
                  for s, g in zip(outputs, gradients)]
    lines += [_line("sigmoid", outputs), _line("derivative (1 - s) * s", gradients)]
    return lines


def binary_cross_entropy(args):
    """Chapter 16: -(y log p + (1 - y) log(1 - p)) for each value, then their mean, by
    Loss_BinaryCrossentropy (one sample with a value per output)."""
    ops = _engine()
    predictions = _flat(args.p, "P")
    targets = _flat(args.target, "--target")
    _check_same_length(targets, predictions, "--target", "P (the predictions)",
                       "one 0 or 1 per prediction")
    for i, p in enumerate(predictions):
        if not 0 <= p <= 1:
            raise CalculatorError(f"the predictions must be probabilities from 0 to 1, but "
                                  f"p[{i}] is {p!r} (the sigmoid turns scores into "
                                  f"probabilities)")
    for i, y in enumerate(targets):
        if y not in (0.0, 1.0):
            raise CalculatorError(f"--target must be 0s and 1s (one binary label per "
                                  f"prediction), but y[{i}] is {y!r}")
    # The loss, from purenn's class: the mean over the values of the one sample, then over
    # the batch of one
    loss_function = Loss_BinaryCrossentropy(engine=ops)
    loss = loss_function.calculate([predictions], [targets])
    # Its steps, with the same engine calls: clip both sides (the book's 1e-7 and 1 - 1e-7),
    # then the sample-wise loss of each value, and their sum
    clipped = ops.clip(predictions, CLIP_LOW, CLIP_HIGH)
    log_p, log_q = ops.log(clipped), ops.log(ops.subtract(1, clipped))
    sample_losses = ops.negative(ops.add(ops.multiply(targets, log_p),
                                         ops.multiply(ops.subtract(1, targets), log_q)))
    total = ops.sum(sample_losses)
    n_values = len(sample_losses)
    lines = [_line("predictions p", predictions), _line("targets y", targets),
             f"(p is clipped to [{CLIP_LOW!r}, {CLIP_HIGH!r}], so that log(0) never occurs)",
             _line("clipped p", clipped),
             _line("sample losses", sample_losses)]
    if args.show_steps:
        lines.append("steps, as Loss_BinaryCrossentropy does them: -(y * log(p) + (1 - y) * "
                     "log(1 - p)) for each value:")
        for i, (y, p, lp, lq, value) in enumerate(zip(targets, clipped, log_p, log_q,
                                                      sample_losses)):
            lines.append(f"  loss[{i}] = -({y!r} * log({p!r}) + {1. - y!r} * log({1. - p!r})) "
                         f"= -({y!r} * {lp!r} + {1. - y!r} * {lq!r}) = {value!r}")
        order = "" if n_values < 8 else " (NumPy's pairwise order)"
        lines.append(f"  mean = ({_plus(sample_losses)}) / {n_values}{order} = "
                     f"{total!r} / {n_values} = {loss!r}")
    lines.append(_line("loss (mean)", loss))
    return lines


# ---------------------------------------------------------------------------
# The command line
# ---------------------------------------------------------------------------

EXAMPLES = f"""examples:
  {PROG} softmax 2 6 12 --steps
  {PROG} cross-entropy 0.7 0.1 0.2 --one-hot 1 0 0
  {PROG} neuron --inputs 1 2 3 2.5 --weights 0.2 0.8 -0.5 1 --bias 2
  {PROG} layer --inputs 1 2 3 2.5 --weights 0.2,0.8,-0.5,1 0.5,-0.91,0.26,-0.5 \\
      -0.26,-0.27,0.17,0.87 --biases 2 3 0.5
  {PROG} derivative "2*x**2" --at 1
  {PROG} backprop-neuron --inputs 1 -2 3 --weights -3 -1 2 --bias 1
  {PROG} lr-decay --learning-rate 1 --decay 0.1 --until 20
  {PROG} sigmoid -1 0 2 --steps
  {PROG} binary-cross-entropy 0.8 0.3 --target 1 0

Numbers are float64, printed in full. Lists take spaces, commas or the book's brackets:
1 -2 3, 1,-2,3 or [1, -2, 3]. Options follow the command.

Not a calculation: {PROG} step SCRIPT [ARGS...] runs a script under the debugger
with purenn's checks and rounding skipped (README: Stepping through the code)."""


def _show_steps_flag(parser):
    parser.add_argument("--steps", "--show-steps", dest="show_steps", action="store_true",
                        help="also print every intermediate value")


def _number_list(parser, name, help_text, metavar="N"):
    parser.add_argument(name, nargs="+", action="extend", type=_numbers, required=True,
                        metavar=metavar, help=help_text)


def build_parser():
    """The argparse parser: one subcommand per computation."""
    parser = argparse.ArgumentParser(
        prog=PROG, description="A calculator for checking the book's computations by hand\n"
        "(Neural Networks from Scratch in Python, chapters 2-10 and 16), in float64.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(name, function, help_text):
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(function=function, parser=sub)
        return sub

    sub = command("softmax", softmax, "softmax of scores z (chapter 4): max(z) subtracted, "
                  "the exponentials, their sum, the probabilities")
    sub.add_argument("z", nargs="+", type=_numbers, metavar="Z", help="the scores")
    _show_steps_flag(sub)

    sub = command("cross-entropy", cross_entropy, "categorical cross-entropy of one sample "
                  "(chapter 5): the clipped probability, -log, the loss")
    sub.add_argument("p", nargs="+", type=_numbers, metavar="P",
                     help="the predicted probabilities (adding up to 1)")
    target = sub.add_mutually_exclusive_group(required=True)
    target.add_argument("--target", type=_class_index, metavar="K",
                        help="the correct class, an index from 0 (sparse target)")
    target.add_argument("--one-hot", nargs="+", action="extend", type=_numbers, metavar="Y",
                        help="the target as a one-hot row: 1 for the correct class, 0 elsewhere")
    _show_steps_flag(sub)

    sub = command("neuron", neuron, "one neuron (chapter 2): inputs . weights + bias")
    _number_list(sub, "--inputs", "the inputs")
    _number_list(sub, "--weights", "one weight per input")
    sub.add_argument("--bias", type=_number, required=True, metavar="B", help="the bias")
    _show_steps_flag(sub)

    sub = command("layer", layer, "a layer of neurons on one sample (chapter 2)")
    _number_list(sub, "--inputs", "the inputs")
    sub.add_argument("--weights", nargs="+", action="extend", type=str.strip, required=True,
                     metavar="ROW", help="one row per neuron, its weights separated by commas "
                     "(0.2,0.8,-0.5,1); or repeat --weights ROW; or the book's list of lists "
                     "([[0.2, 0.8, -0.5, 1], [0.5, -0.91, 0.26, -0.5]])")
    _number_list(sub, "--biases", "one bias per neuron", metavar="B")
    _show_steps_flag(sub)

    sub = command("derivative", derivative, "the numerical derivative of f at x and its "
                  "tangent line (chapter 7)")
    sub.add_argument("expr", metavar="EXPR", help="f(x), e.g. \"2*x**2\": numbers, x, pi, e, "
                     "+ - * / ** and functions such as exp, log, sin, sqrt, max (never eval'd)")
    sub.add_argument("--at", type=_number, required=True, metavar="X", help="the point x")
    sub.add_argument("--delta", type=_number, default=P2_DELTA, metavar="D",
                     help=f"the distance to the second point (default {P2_DELTA}, the book's)")
    _show_steps_flag(sub)

    sub = command("backprop-neuron", backprop_neuron, "backpropagation through one neuron "
                  "with a ReLU (chapter 9): every partial derivative, the update, the new output")
    _number_list(sub, "--inputs", "the inputs x")
    _number_list(sub, "--weights", "the weights w, one per input")
    sub.add_argument("--bias", type=_number, required=True, metavar="B", help="the bias b")
    sub.add_argument("--dvalue", type=_number, default=1.0, metavar="D",
                     help="the gradient from the next layer (default 1.0, the book's)")
    sub.add_argument("--lr", type=_number, default=0.001, metavar="LR",
                     help="the learning rate of the update (default 0.001, the book's)")
    _show_steps_flag(sub)

    sub = command("lr-decay", lr_decay, "the 1/t decayed learning rate at each step "
                  "(chapter 10)")
    sub.add_argument("--learning-rate", "--lr", dest="lr", type=_number, default=1.0,
                     metavar="LR", help="the starting learning rate (default 1.0)")
    sub.add_argument("--decay", type=_number, required=True, metavar="D",
                     help="the decay rate, 0 or more (the book's 0.1)")
    sub.add_argument("--until", type=_last_step, default=19, metavar="STEP",
                     help="the last step to print, included (default 19: steps 0 to 19, the "
                          "book's loop; --until 20 also gives the book's step 20)")
    _show_steps_flag(sub)

    sub = command("sigmoid", sigmoid, "the sigmoid 1 / (1 + e**-z) of scores z (chapter 16), "
                  "and its derivative")
    sub.add_argument("z", nargs="+", type=_numbers, metavar="Z", help="the scores")
    _show_steps_flag(sub)

    sub = command("binary-cross-entropy", binary_cross_entropy, "binary cross-entropy "
                  "(chapter 16): each value's -(y log p + (1-y) log(1-p)), their mean")
    sub.add_argument("p", nargs="+", type=_numbers, metavar="P",
                     help="the predicted probabilities, each from 0 to 1 (sigmoid outputs)")
    sub.add_argument("--target", nargs="+", action="extend", type=_numbers, required=True,
                     metavar="Y", help="one label per prediction, 0 or 1")
    _show_steps_flag(sub)
    return parser


def _check_arguments(args):
    """Range checks argparse's types cannot make alone."""
    if args.function in (backprop_neuron, lr_decay) and args.lr <= 0:
        args.parser.error(f"argument --lr: must be more than 0, not {args.lr!r}")
    if args.function is lr_decay and args.decay < 0:
        args.parser.error(f"argument --decay: must be 0 or more, not {args.decay!r}")


def _check_order(parser, argv):
    """A usage error for options given before the command (--learning-rate 1 lr-decay)."""
    commands = _subcommands(parser)
    for index, word in enumerate(argv):
        if word in commands:
            return
        if word.startswith("-") and word not in ("-h", "--help"):
            place = next((i for i in range(index + 1, len(argv)) if argv[i] in commands),
                         None)
            command = "COMMAND" if place is None else argv[place]
            # The option and its value, if the next word is one (not the command: --steps is
            # a flag, and "--steps softmax" does not give it the value softmax)
            option = argv[index:index + (1 if index + 1 == place else 2)]
            here = ""
            if place is not None:
                # The same words with the command moved to the front
                here = f"; here: {PROG} {' '.join([command] + argv[:place] + argv[place + 1:])}"
            parser.error(f"{word.split('=', 1)[0]} comes before the command: options follow "
                         f"it, as in {PROG} {command} {' '.join(option)} ...{here} ({PROG} "
                         f"{command} --help lists its options)")


def _check_lr_decay_steps(parser, argv):
    """lr-decay's --steps took a count before it became the flag of every command."""
    for word, after in zip(argv, argv[1:]):
        if word == "--steps" and after.strip().lstrip("-").isdigit():
            parser.error(f"--steps is a flag (print the arithmetic of each step), as in "
                         f"every command; to print steps 0 to {after}, write --until {after}")


def _subcommands(parser):
    """{command name: its parser} (argparse keeps them in its subparsers action)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def main(argv=None):
    """Run the calculator on ``argv`` (default: sys.argv[1:]); returns the exit status 0.

    Bad input exits through argparse's ``parser.error``: a message and status 2.
    """
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser()
    _check_order(parser, argv)
    commands = _subcommands(parser)
    if "lr-decay" in argv:
        _check_lr_decay_steps(commands["lr-decay"], argv)
    args = parser.parse_args(_mark_values(argv, _option_strings(parser)))
    _check_arguments(args)
    try:
        lines = args.function(args)
    # What the commands raise for input they cannot compute with (the first three are
    # ValueErrors too; purenn's own checks raise ValueError and TypeError)
    except (CalculatorError, ExpressionError, ShapeError, ValueError, TypeError,
            ArithmeticError) as error:
        args.parser.error(str(error))
    try:
        for line in lines:
            print(line)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader stopped early (python -m purenn lr-decay --until 1000 | head): send
        # what is still buffered nowhere, as the Python docs advise, instead of a traceback
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return 0
