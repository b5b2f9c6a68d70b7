"""How far a learner steps from a book method to its arithmetic, in the python engine.

Each test traces one call of a book method with ``sys.settrace`` and counts the line events
(what pdb's ``s`` stops at, when it skips nothing) from the method's first line until the
line of the engine that does the arithmetic (the multiply, exp, log or comparison), and
the frame depth there (the method is 1, the engine method 2, a comprehension in it 3).
The bound is on the line events outside the machinery (the checks, the rounding, the
list bookkeeping: what purenn's stepper skips), since every input is checked at the public
boundary, however many lines that takes. The test fails if the depth or that count grows
past its bound; ``python tests/test_stepping_depth.py`` prints them all.
"""
import inspect
import platform
import sys

import pytest

import purenn
from purenn.engine import python_engine

ENGINE_FILE = python_engine.__file__

# The modules that are machinery, not the book's arithmetic: a debugger may skip them
MACHINERY = ("purenn.engine.lists", "purenn.engine.shapes", "purenn.engine.precision", "purenn.engine.config")

pytestmark = pytest.mark.skipif(
    platform.python_implementation() != "CPython",
    reason="line events and frames are CPython's (PyPy traces other lines)")


def _engine_lines(*snippets):
    """The line numbers of python_engine.py that hold any of the snippets."""
    lines = inspect.getsource(python_engine).splitlines()
    return {number for number, line in enumerate(lines, start=1)
            if any(snippet in line for snippet in snippets)}


def trace_to_arithmetic(call, snippets):
    """(line events, depth, line events outside MACHINERY) from the start of ``call()``
    until an engine line that holds one of the snippets."""
    targets = _engine_lines(*snippets)
    # The arithmetic of a comprehension runs in its own frame (until Python 3.12 inlines it)
    comprehension = any(" for " in snippet for snippet in snippets)
    assert targets, f"no line of python_engine.py holds {snippets}"
    found = []
    events = [0, 0]
    frames = []

    def tracer(frame, event, arg):
        if found:
            return None
        if event == "call":
            frames.append(frame)  # frames[0]: the lambda; frames[1]: the book method
        # Only purenn's own lines count: a garbage-collection callback that another
        # library installed (hypothesis does) may run in the middle of any call
        if (event == "line" and len(frames) > 1
                and frame.f_globals.get("__name__", "").startswith("purenn")):
            events[0] += 1
            if frame.f_globals.get("__name__") not in MACHINERY:
                events[1] += 1
            if (frame.f_code.co_filename == ENGINE_FILE and frame.f_lineno in targets
                    and (frame.f_code.co_name == "<listcomp>" or not comprehension
                         or sys.version_info >= (3, 12))):
                depth, outer = 1, frame
                while outer is not frames[1]:
                    outer, depth = outer.f_back, depth + 1
                found.append((events[0], depth, events[1]))
                return None
        return tracer

    sys.settrace(tracer)
    try:
        call()
    finally:
        sys.settrace(None)
    assert found, f"{call} never reached a line with {snippets}"
    return found[0]


def _network(dtype):
    """The book's chapter 10 objects after two forward and backward passes."""
    purenn.init(engine="python", dtype=dtype)
    X, y = purenn.spiral_data(samples=100, classes=3)
    dense1 = purenn.Layer_Dense(2, 64)
    activation1 = purenn.Activation_ReLU()
    dense2 = purenn.Layer_Dense(64, 3)
    loss_activation = purenn.Activation_Softmax_Loss_CategoricalCrossentropy()
    passes = 0
    while passes < 2:
        passes += 1
        dense1.forward(X)
        activation1.forward(dense1.output)
        dense2.forward(activation1.output)
        loss_activation.forward(dense2.output, y)
        loss_activation.backward(loss_activation.output, y)
        dense2.backward(loss_activation.dinputs)
        activation1.backward(dense2.dinputs)
        dense1.backward(activation1.dinputs)
    return dict(X=X, y=y, dense1=dense1, activation1=activation1, dense2=dense2,
                loss_activation=loss_activation)


DOT = ("neuron_output += sample[i] * neuron_weights[i]",)
DWEIGHTS = ("dweight += input_values[sample] * neuron_dvalues[sample]",)
# Each optimizer's first formula on one value
OPTIMIZER_UPDATES = {
    "Optimizer_SGD": ("weight_update = f32(learning_rate * dweight)",),
    "Optimizer_Adagrad": ("cache = f32(cache + f32(dweight * dweight))",),
    "Optimizer_RMSprop": ("cache = f32(f32(f32(rho) * cache)",),
    "Optimizer_Adam": ("momentum = f32(f32(f32(beta_1) * momentum)",),
}
COMPARISON = ("floor if x <= floor else x for x in row",)


def _cases(net):
    """(name, call, snippets of the arithmetic line) for each book method."""
    softmax = purenn.Activation_Softmax()
    loss = purenn.Loss_CategoricalCrossentropy()
    softmax.forward(net["dense2"].output)
    optimizers = [purenn.Optimizer_SGD(), purenn.Optimizer_SGD(decay=1e-3, momentum=0.9),
                  purenn.Optimizer_Adagrad(), purenn.Optimizer_RMSprop(), purenn.Optimizer_Adam()]
    cases = [
        ("Layer_Dense.forward", lambda: net["dense1"].forward(net["X"]), DOT),
        ("Layer_Dense.backward", lambda: net["dense2"].backward(net["loss_activation"].dinputs),
         DWEIGHTS),
        ("Activation_ReLU.forward",
         lambda: net["activation1"].forward(net["dense1"].output), COMPARISON),
        ("Activation_ReLU.backward",
         lambda: net["activation1"].backward(net["dense2"].dinputs),
         ("0.0 if x <= 0.0 else d for d, x in zip",)),
        ("Activation_Softmax.forward", lambda: softmax.forward(net["dense2"].output),
         ("[math.exp(x) for x in shifted]",)),
        ("Loss_CategoricalCrossentropy.forward", lambda: loss.forward(softmax.output, net["y"]),
         ("low if p < low else high if p > high else p for p in sample",)),
        ("Activation_Softmax_Loss_CategoricalCrossentropy.backward",
         lambda: net["loss_activation"].backward(net["loss_activation"].output, net["y"]),
         ("sample_dinputs[y] = f32(sample_dinputs[y] - 1)",)),
    ]
    for optimizer in optimizers:
        snippets = OPTIMIZER_UPDATES[type(optimizer).__name__]
        if getattr(optimizer, "momentum", 0):
            snippets = ("f32(momentum * weight_momentum)",)
        cases.append((f"{optimizer!r}.update_params",
                      lambda optimizer=optimizer: optimizer.update_params(net["dense1"]),
                      snippets))
    return cases


# The bounds, measured on CPython 3.11 (the numbers printed by running this file, plus 2):
# line events outside the machinery from the method's first line to the arithmetic
MAX_DEPTH = 3
MAX_LINE_EVENTS = {
    "Layer_Dense.forward": 14,
    "Layer_Dense.backward": 13,
    "Activation_ReLU.forward": 11,
    "Activation_ReLU.backward": 8,
    "Activation_Softmax.forward": 16,
    "Loss_CategoricalCrossentropy.forward": 13,
    "Activation_Softmax_Loss_CategoricalCrossentropy.backward": 14,
    "Optimizer_SGD": 16,
    "Optimizer_Adagrad": 16,
    "Optimizer_RMSprop": 14,
    "Optimizer_Adam": 13,
}


# CPython 3.9 predates PEP 626 (precise line numbers, 3.10): it reports a few more line
# events inside the machinery's multi-line statements (measured: 53 and 48 where 3.11 has 50
# and 45, the same counts outside the machinery), so its bounds are 3 higher
PRE_PEP_626_EXTRA = 3 if sys.version_info < (3, 10) else 0


def _bound(name):
    return MAX_LINE_EVENTS[name.split("(")[0]] + PRE_PEP_626_EXTRA


def measure(dtype):
    """[(method, line events, depth, line events outside MACHINERY)] for every book method."""
    net = _network(dtype)
    results = []
    for name, call, snippets in _cases(net):
        events, depth, outside = trace_to_arithmetic(call, snippets)
        results.append((name, events, depth, outside))
    return results


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_every_book_method_reaches_its_arithmetic_in_a_few_steps_and_frames(dtype):
    for name, events, depth, outside in measure(dtype):
        assert depth <= MAX_DEPTH, f"{name}: the arithmetic is {depth} frames deep"
        assert outside <= _bound(name), (
            f"{name}: {outside} line events outside the machinery to the arithmetic "
            f"(bound {_bound(name)}; {events} in all)")


def test_the_tracer_finds_the_dot_products_running_total():
    # The tracer itself: Layer_Dense.forward reaches the chapter 2 neuron's loop, 2 frames in
    net = _network("float32")
    events, depth, outside = trace_to_arithmetic(lambda: net["dense1"].forward(net["X"]), DOT)
    assert depth == 2 and events > outside > 3


if __name__ == "__main__":
    for dtype in ("float32", "float64"):
        for name, events, depth, outside in measure(dtype):
            name = name.split("(")[0] + ("" if "(" not in name else ".update_params")
            print(f"{dtype}  {name:58} {events:3} line events ({outside:2} outside "
                  f"the machinery), depth {depth}")
