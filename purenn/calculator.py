"""``python -m purenn``: a calculator for checking the book's computations by hand.

Each command is one computation of the book, done by purenn's own code in float64 (the
python engine), and prints labelled lines with every number in full (Python's repr, the
shortest text that reads back as the same float64), so a hand calculation can be checked
digit for digit. ``--steps`` adds the intermediate values, in the order they are computed.

    softmax Z...                        chapter 4: exponentials, their sum, probabilities
    cross-entropy P... --target K       chapter 5: clipped probability, -log, the loss
    cross-entropy P... --one-hot Y...   (the same with a one-hot target)
    neuron --inputs --weights --bias    chapter 2: one neuron's output
    layer --inputs --weights ROW... --biases
                                        chapter 2: a layer, one weight row per neuron
    derivative EXPR --at X [--delta]    chapter 7: numerical derivative and tangent line
    backprop-neuron --inputs --weights --bias [--dvalue] [--lr]
                                        chapter 9: the single-neuron walk-through
    lr-decay [--lr] --decay [--steps]   chapter 10: the 1/t decayed learning rate

Lists of numbers are separated by spaces or commas (``1 -2 3`` or ``1,-2,3``). Bad input
(a word where a number belongs, lengths that differ, an expression that is not allowed, a
target out of range, ...) gives a usage error that says what is wrong, exit status 2.

Left out: batches of samples (one sample per command) and float32 (``purenn.init()``).
"""
import argparse
import math
import os
import sys
import warnings

from .activations import Activation_Softmax
from .basics import layer_output, neuron_output
from .config import get_engine
from .derivatives import P2_DELTA, tangent_line
from .expression import ExpressionError, parse_expression
from .losses import Loss_CategoricalCrossentropy
from .neuron import NeuronWalkthrough
from .optimizers import Optimizer_SGD
from .shapes import ShapeError

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
        raise argparse.ArgumentTypeError(f"{word!r} is not a number") from None
    if math.isnan(value) or (math.isinf(value) and "inf" in word.lower()):
        raise argparse.ArgumentTypeError(f"{word!r} is not a finite number")
    if math.isinf(value):
        raise argparse.ArgumentTypeError(f"{word!r} is too large for float64")
    return value


def _numbers(text):
    """Numbers separated by commas or spaces, as one list: '0.2,0.8,-0.5' -> [0.2, 0.8, -0.5]."""
    words = text.replace(",", " ").split()
    if not words:
        raise argparse.ArgumentTypeError(f"{text.strip()!r} holds no numbers")
    values = []
    for word in words:
        try:
            values.append(_number(word))
        except argparse.ArgumentTypeError as error:
            where = f" (in {text.strip()!r})" if len(words) > 1 else ""
            raise argparse.ArgumentTypeError(f"{error}{where}") from None
    return values


def _class_index(text):
    """A class index: a whole number (its range is checked against the predictions)."""
    word = text.strip()
    try:
        return int(word)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{word!r} is not a class index (a whole number: "
                                         f"0, 1, 2, ...)") from None


def _step_count(text):
    """How many lr-decay steps to print: 1 to MAX_STEPS."""
    word = text.strip()
    try:
        count = int(word)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{word!r} is not a whole number of steps") from None
    if not 1 <= count <= MAX_STEPS:
        raise argparse.ArgumentTypeError(f"the number of steps must be 1 to {MAX_STEPS}, "
                                         f"not {count}")
    return count


def _flat(token_lists):
    """The numbers of every token, in order ([[1.0], [2.0, 3.0]] -> [1.0, 2.0, 3.0])."""
    return [value for values in token_lists for value in values]


def _mark_values(argv):
    """Mark command-line words that start with '-' but are values: -0.5, -1e-3, -x**2.

    Before Python 3.13, argparse reads -1e-3 or -0.2,0.8 as an unknown option. A word that
    starts with a space is always a value to argparse, and every value is stripped when it
    is read; so each word that starts with a single '-' (other than -h, the only short
    option) gets a space in front.
    """
    return [" " + word if word.startswith("-") and not word.startswith("--")
            and word not in ("-", "-h") else word
            for word in argv]


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
    """Chapter 4: softmax of one row z, computed by Activation_Softmax."""
    ops = _engine()
    z = _flat(args.z)
    # The probabilities, from purenn's class (which subtracts the row's largest value)
    activation = Activation_Softmax(engine=ops)
    activation.forward([z])
    probabilities = activation.output[0]
    # The raw exponentials e**z and their sum, as the chapter first computes them; they
    # overflow to inf above z = 709.78 (this is why the class subtracts the maximum)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        exp_values = ops.exp(z)
        exp_sum = ops.sum(exp_values)
    lines = [_line("z", z), _line("exponentials e**z", exp_values),
             _line("sum of exponentials", exp_sum)]
    if math.inf in exp_values:
        lines.append("(e**z overflows float64 above z = 709.78; the probabilities do not, as "
                     "max(z) is subtracted first: see --steps)")
    if args.show_steps:
        lines.extend(_softmax_steps(ops, z))
    lines.append(_line("probabilities", probabilities))
    return lines


def _softmax_steps(ops, z):
    """The steps of Activation_Softmax.forward, with the same engine calls."""
    largest = ops.max([z], axis=1, keepdims=False)[0]
    shifted = ops.subtract(z, largest)
    exp_values = ops.exp(shifted)
    exp_sum = ops.sum(exp_values)
    probabilities = ops.divide(exp_values, exp_sum)
    order = "" if len(z) < 8 else " (NumPy's pairwise order)"
    lines = ["steps, as Activation_Softmax does them: the largest z is subtracted before exp",
             "(exp cannot overflow, and e**max cancels in the division: the probabilities",
             "are e**z / sum(e**z), up to rounding in the last digit):",
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
    predictions = _flat(args.p)
    n_classes = len(predictions)
    _check_distribution(predictions)
    if args.one_hot is not None:
        one_hot = _flat(args.one_hot)
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
    inputs, weights = _flat(args.inputs), _flat(args.weights)
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
    inputs, weights, biases = _flat(args.inputs), args.weights, _flat(args.biases)
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


def backprop_neuron(args):
    """Chapter 9: forward, backward, update and forward again, by NeuronWalkthrough."""
    inputs, weights = _flat(args.inputs), _flat(args.weights)
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
    for step in range(args.steps):
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
  {PROG} lr-decay --lr 1 --decay 0.1 --steps 20

Numbers are float64, printed in full. Lists take spaces or commas: 1 -2 3 or 1,-2,3."""


def _show_steps_flag(parser, names=("--steps", "--show-steps")):
    parser.add_argument(*names, dest="show_steps", action="store_true",
                        help="also print every intermediate value")


def _number_list(parser, name, help_text, metavar="N"):
    parser.add_argument(name, nargs="+", action="extend", type=_numbers, required=True,
                        metavar=metavar, help=help_text)


def build_parser():
    """The argparse parser: one subcommand per computation."""
    parser = argparse.ArgumentParser(
        prog=PROG, description="A calculator for checking the book's computations by hand\n"
        "(Neural Networks from Scratch in Python, chapters 2-10), in float64.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(name, function, help_text):
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(function=function, parser=sub)
        return sub

    sub = command("softmax", softmax, "softmax of scores z (chapter 4): exponentials, their "
                  "sum, the probabilities")
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
    sub.add_argument("--weights", nargs="+", action="extend", type=_numbers, required=True,
                     metavar="ROW", help="one row per neuron, its weights separated by commas "
                     "(0.2,0.8,-0.5,1); or repeat --weights ROW")
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
    sub.add_argument("--lr", type=_number, default=1.0, metavar="LR",
                     help="the starting learning rate (default 1.0)")
    sub.add_argument("--decay", type=_number, required=True, metavar="D",
                     help="the decay rate, 0 or more (the book's 0.1)")
    sub.add_argument("--steps", type=_step_count, default=20, metavar="N",
                     help="how many steps to print (default 20, the book's loop)")
    # Here --steps counts the steps, so the intermediates flag is --show-steps only
    _show_steps_flag(sub, ("--show-steps",))
    return parser


def _check_arguments(args):
    """Range checks argparse's types cannot make alone."""
    if args.function in (backprop_neuron, lr_decay) and args.lr <= 0:
        args.parser.error(f"argument --lr: must be more than 0, not {args.lr!r}")
    if args.function is lr_decay and args.decay < 0:
        args.parser.error(f"argument --decay: must be 0 or more, not {args.decay!r}")


def main(argv=None):
    """Run the calculator on ``argv`` (default: sys.argv[1:]); returns the exit status 0.

    Bad input exits through argparse's ``parser.error``: a message and status 2.
    """
    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser().parse_args(_mark_values(argv))
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
        # The reader stopped early (python -m purenn lr-decay --steps 1000 | head): send
        # what is still buffered nowhere, as the Python docs advise, instead of a traceback
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return 0
