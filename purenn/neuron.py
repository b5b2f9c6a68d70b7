"""One neuron with a ReLU, backpropagated by hand (book chapter 9, using chapter 8's rules).

Before the Dense layer gets a backward pass, the book walks through a single neuron,
ReLU(x[0]*w[0] + x[1]*w[1] + x[2]*w[2] + b), one atomic operation at a time: the
forward pass, the chain rule back through the ReLU, the sum and the multiplications,
a small step against the gradient, and a second forward pass whose output is smaller
(6.0 -> 5.985). NeuronWalkthrough does the same for a neuron with any number of inputs,
keeping every intermediate value under the book's name, with lists where the book
numbers its variables (the book's ``xw0`` is ``xw[0]`` here):

    neuron = NeuronWalkthrough(x=[1.0, -2.0, 3.0], w=[-3.0, -1.0, 2.0], b=1.0)
    neuron.forward()       # xw, z, y
    neuron.backward()      # drelu_dz, drelu_dxw, drelu_db, drelu_dx, drelu_dw (dx, dw, db)
    neuron.update()        # w[i] += -learning_rate * dw[i], b += -learning_rate * db
    neuron.forward()       # y is now 5.985
    for step in neuron.steps: ...   # every value computed, in order, with its formula

``backprop_neuron(x, w, b)`` runs those four calls. All arithmetic is Python float64, in
the book's order, so the printed values are the book's.
"""
from collections import namedtuple

from .engine.shapes import ShapeError, check_ndim, format_shape, raise_non_number
from .tools.notebook import neuron_text, pretty

# One computed value: the pass it belongs to ("forward", "backward", "update"), its name
# (xw[0], drelu_dz, ...), its formula in names and in numbers, and the value.
Step = namedtuple("Step", ["stage", "name", "formula", "numbers", "value"])


def _number_list(values, name):
    check_ndim(values, 1, name)
    raise_non_number(values, name, 1)
    return [float(v) for v in values]


def _number(value, name):
    raise_non_number(value, name, 0)
    return float(value)


class NeuronWalkthrough:
    """A single neuron followed by a ReLU, forward and backward in scalar steps.

    x (n_inputs,) the inputs, w (n_inputs,) the weights, b the bias; dvalue the
    gradient received from the next layer (the book makes up 1.0); learning_rate the
    fraction of the gradient that ``update`` subtracts (the book's 0.001). The caller's
    lists are copied, never modified.
    """

    def __init__(self, x, w, b, dvalue=1.0, learning_rate=0.001):
        x = _number_list(x, "x")
        w = _number_list(w, "w")
        if len(x) != len(w):
            raise ShapeError(f"x and w must have the same length (one weight per input), but "
                             f"have shapes {format_shape((len(x),))} and "
                             f"{format_shape((len(w),))}")
        if not x:
            raise ShapeError("x and w are empty: a neuron needs at least one input")
        self.x = x
        self.w = w
        self.b = _number(b, "b")
        self.dvalue = _number(dvalue, "dvalue")
        self.learning_rate = _number(learning_rate, "learning_rate")
        # Forward pass
        self.xw = None
        self.z = None
        self.y = None
        # Backward pass: the partial derivatives of each operation ...
        self.dsum_dxw = None
        self.dsum_db = None
        self.dmul_dx = None
        self.dmul_dw = None
        # ... and, chained with the ones after it, the derivatives of the ReLU's output
        self.drelu_dz = None
        self.drelu_dxw = None
        self.drelu_db = None
        self.drelu_dx = None
        self.drelu_dw = None
        # The gradients, gathered
        self.dx = None
        self.dw = None
        self.db = None
        # Every value computed so far, in order
        self.steps = []

    def __repr__(self):
        return (f"NeuronWalkthrough(x={self.x}, w={self.w}, b={self.b}, dvalue={self.dvalue}, "
                f"learning_rate={self.learning_rate}, z={self.z}, y={self.y}, "
                f"dx={self.dx}, dw={self.dw}, db={self.db})")

    # In a notebook: the repr, then the values computed so far
    _repr_pretty_ = pretty(neuron_text)

    def _record(self, stage, name, formula, numbers, value):
        self.steps.append(Step(stage, name, formula, numbers, value))

    def forward(self):
        """x, w, b -> xw (n_inputs,), z = sum(xw) + b, y = max(z, 0)."""
        # Multiplying inputs by weights
        self.xw = []
        for i, (x_i, w_i) in enumerate(zip(self.x, self.w)):
            self.xw.append(x_i * w_i)
            self._record("forward", f"xw[{i}]", f"x[{i}] * w[{i}]", f"{x_i} * {w_i}",
                         self.xw[i])
        # Adding weighted inputs and a bias (left to right, as xw0 + xw1 + xw2 + b)
        z = self.xw[0]
        for xw_i in self.xw[1:]:
            z += xw_i
        self.z = z + self.b
        self._record("forward", "z",
                     " + ".join(f"xw[{i}]" for i in range(len(self.xw))) + " + b",
                     " + ".join(str(v) for v in self.xw + [self.b]), self.z)
        # ReLU activation function
        # Differs from book: max(z, 0.0), so that y is 0.0 (a float) where the book's
        # max(z, 0) gives the int 0
        self.y = max(self.z, 0.0)
        self._record("forward", "y", "max(z, 0)", f"max({self.z}, 0)", self.y)

    def backward(self):
        """dvalue -> the derivatives of y with respect to z, each xw, b, each x and each w."""
        if self.z is None:
            raise RuntimeError("call forward() before backward(): there is no z yet")
        n_inputs = len(self.x)
        # Derivative of ReLU and the chain rule: 1 where z > 0, else 0, times dvalue
        self.drelu_dz = self.dvalue * (1. if self.z > 0 else 0.)
        self._record("backward", "drelu_dz", "dvalue * (1. if z > 0 else 0.)",
                     f"{self.dvalue} * {1. if self.z > 0 else 0.}", self.drelu_dz)
        # Partial derivatives of the sum (always 1), the chain rule
        self.dsum_dxw = [1] * n_inputs
        self.dsum_db = 1
        self.drelu_dxw = []
        for i in range(n_inputs):
            self.drelu_dxw.append(self.drelu_dz * self.dsum_dxw[i])
            self._record("backward", f"drelu_dxw[{i}]", f"drelu_dz * dsum_dxw[{i}]",
                         f"{self.drelu_dz} * {self.dsum_dxw[i]}", self.drelu_dxw[i])
        self.drelu_db = self.drelu_dz * self.dsum_db
        self._record("backward", "drelu_db", "drelu_dz * dsum_db",
                     f"{self.drelu_dz} * {self.dsum_db}", self.drelu_db)
        # Partial derivatives of the multiplication (the other input), the chain rule
        self.dmul_dx = list(self.w)
        self.dmul_dw = list(self.x)
        self.drelu_dx = []
        self.drelu_dw = []
        for i in range(n_inputs):
            self.drelu_dx.append(self.drelu_dxw[i] * self.dmul_dx[i])
            self._record("backward", f"drelu_dx[{i}]", f"drelu_dxw[{i}] * w[{i}]",
                         f"{self.drelu_dxw[i]} * {self.dmul_dx[i]}", self.drelu_dx[i])
            self.drelu_dw.append(self.drelu_dxw[i] * self.dmul_dw[i])
            self._record("backward", f"drelu_dw[{i}]", f"drelu_dxw[{i}] * x[{i}]",
                         f"{self.drelu_dxw[i]} * {self.dmul_dw[i]}", self.drelu_dw[i])
        # The gradients on inputs, on weights, and on the bias
        self.dx = list(self.drelu_dx)
        self.dw = list(self.drelu_dw)
        self.db = self.drelu_db

    def update(self):
        """w[i] += -learning_rate * dw[i], b += -learning_rate * db (a step downhill)."""
        if self.dw is None:
            raise RuntimeError("call backward() before update(): there are no gradients yet")
        # Apply a negative fraction of the gradient to each weight ...
        for i in range(len(self.w)):
            before = self.w[i]
            self.w[i] += -self.learning_rate * self.dw[i]
            self._record("update", f"w[{i}]", f"w[{i}] + -learning_rate * dw[{i}]",
                         f"{before} + {-self.learning_rate} * {self.dw[i]}", self.w[i])
        # ... and to the bias
        before = self.b
        self.b += -self.learning_rate * self.db
        self._record("update", "b", "b + -learning_rate * db",
                     f"{before} + {-self.learning_rate} * {self.db}", self.b)


def backprop_neuron(x, w, b, dvalue=1.0, learning_rate=0.001):
    """The book's whole walk-through: forward, backward, update, forward again.

    Returns the NeuronWalkthrough: its values are those after the second forward pass
    (w, b updated; y smaller); ``steps`` holds every value of the four passes in order.
    """
    neuron = NeuronWalkthrough(x, w, b, dvalue=dvalue, learning_rate=learning_rate)
    neuron.forward()
    neuron.backward()
    neuron.update()
    neuron.forward()
    return neuron
