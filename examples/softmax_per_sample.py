# %%
"""The lecture notebook's softmax classifier, one sample at a time, and a check of its backward.

    python examples/softmax_per_sample.py
    python examples/softmax_per_sample.py --engine numpy

A "0-layer network": z = W x, a = softmax(z), loss = -sum(y log a), trained on one sample
at a time (learning rate 1e-3). As in the notebook, the data has one column per sample (5
features x 10 samples), a bias feature of ones is appended as a last row, and the bias is
absorbed into W as its last column: W is (3 labels, 5 + 1). For each sample it prints the
loss and the gradient on W at 2 decimals, as the notebook does.

The gradient goes through the full softmax Jacobian, (diag(a) - a a^T) times -y / a, and is
shown equal to the shortcut a - y (chapter 9's combined softmax and cross-entropy).

The notebook's own backward multiplies by (I - a^T) * a instead of the Jacobian, which makes
every row but the true class's come out as a_true * x (its printed gradients show it).
purenn.gradcheck.check_function finds this at once and names the wrong entries; the
Jacobian version passes. That is how to check any backward you write by hand.

Differs from the notebook: its W was drawn without a seed, so its losses cannot be
reproduced; here W comes from purenn's seeded stream (the same as np.random.seed(0);
np.random.randn(3, 5)). Everything is float64, as NumPy's default.
"""
import os
import sys

# The purenn of this clone, installed or not (no __file__, so that a notebook runs it too):
# the folder above examples/ (run as a script) or above the notebook's folder holds purenn/
# and examples/ (plotting.py)
for folder in (sys.path[0], os.getcwd()):
    root = os.path.dirname(os.path.abspath(folder or os.curdir))
    if os.path.isfile(os.path.join(root, "purenn", "__init__.py")):
        sys.path[:0] = [root, os.path.join(root, "examples")]
        break

import math

import purenn  # noqa: E402
from purenn.tools.cli import example_parser, parse_example_args, script_argv  # noqa: E402
from purenn.gradcheck import check_function  # noqa: E402

# The notebook's printed data: 5 features x 10 samples, one column per sample
X_COLUMNS = [[5, 5, 3, 9, 9, 4, 8, 4, 3, 8],
             [4, 9, 5, 9, 7, 4, 8, 8, 6, 6],
             [6, 3, 6, 9, 7, 9, 4, 4, 6, 3],
             [3, 4, 3, 3, 9, 4, 7, 8, 6, 3],
             [6, 7, 3, 5, 4, 8, 8, 5, 8, 9]]
# ... and its class labels, one per sample
LABELS = [2, 0, 2, 0, 1, 0, 1, 1, 1, 0]
N_LABELS = 3
LEARNING_RATE = 1e-3
# The notebook's first printed loss (its W cannot be reproduced, see above)
NOTEBOOK_FIRST_LOSS = 0.09276563687585779


# --- the notebook's functions, on plain lists ---

# %%
def softmax(z):
    """a = softmax(z) for one sample: exp(z - max z), normalized to add up to 1.

    (The notebook calls tf.nn.softmax, which also subtracts the largest value first.)
    """
    largest = max(z)
    exp_values = [math.exp(value - largest) for value in z]
    total = 0.0
    for value in exp_values:
        total += value
    return [value / total for value in exp_values]


# %%
def cce(y, a):
    """The categorical cross-entropy of one sample: -sum(y * log(a)) (no clipping)."""
    loss = 0.0
    for y_k, a_k in zip(y, a):
        # Terms with y_k = 0 add nothing (and would be 0 * -inf where a_k is 0)
        if y_k:
            loss -= y_k * math.log(a_k)
    return loss


# %%
def cce_gradient(y, a):
    """dL/da = -y / a."""
    return [-y_k / a_k for y_k, a_k in zip(y, a)]


# %%
def jacobian_backward(a, dvalues):
    """dL/dz = (diag(a) - a a^T) . dL/da: the softmax Jacobian times the gradient."""
    dinputs = []
    for i in range(len(a)):
        total = 0.0
        for j in range(len(a)):
            # Jacobian entry: a_i (1 - a_i) on the diagonal, -a_i a_j off it
            jacobian_ij = (a[i] if i == j else 0.0) - a[i] * a[j]
            total += jacobian_ij * dvalues[j]
        dinputs.append(total)
    return dinputs


# %%
def notebook_backward(a, dvalues):
    """The notebook's backward: ((I - a^T) * a) . dL/da, which is not the Jacobian.

    With a 1-D a, a^T is a, so entry (i, j) of the matrix is (delta_ij - a_j) * a_j: the
    transpose of the Jacobian's off-diagonal pattern, times the wrong a. Times -y / a this
    gives a_true - y_i for every row i, where the Jacobian gives a_i - y_i.
    """
    dinputs = []
    for i in range(len(a)):
        total = 0.0
        for j in range(len(a)):
            total += ((1.0 if i == j else 0.0) - a[j]) * a[j] * dvalues[j]
        dinputs.append(total)
    return dinputs


# %%
def outer(u, v):
    """u v^T: the gradient on W from dL/dz (u) and the sample x (v)."""
    return [[u_i * v_j for v_j in v] for u_i in u]


# --- the data and the weights ---

# %%
def samples_as_rows(columns):
    """The notebook's X (features x samples) transposed into purenn's rows (one per sample),
    with the bias feature 1 appended to each sample."""
    rows = [list(column) for column in zip(*columns)]
    return [[float(value) for value in row] + [1.0] for row in rows]


# %%
def one_hot(label, n_labels=N_LABELS):
    return [1.0 if k == label else 0.0 for k in range(n_labels)]


# %%
def initial_weights(n_features, n_labels=N_LABELS, seed=0):
    """W (labels, features + 1): N(0, 1) draws, with the bias column set to 0.01."""
    W = purenn.random.RandomState(seed).randn(n_labels, n_features)
    return [row + [0.01] for row in W]


# %%
def forward_sample(W, x):
    """z = W x, then a = softmax(z)."""
    z = []
    for w_row in W:
        total = 0.0
        for w, value in zip(w_row, x):
            total += w * value
        z.append(total)
    return z, softmax(z)


# %%
def train_per_sample(W, samples, labels, learning_rate=LEARNING_RATE, engine=None):
    """One pass over the samples, one update per sample; returns a record per sample.

    Each record: loss, a, the gradient on W through the Jacobian, through the shortcut
    a - y, through purenn's Activation_Softmax.backward (the book's Jacobian), and
    through the notebook's backward.
    """
    W = [list(row) for row in W]
    purenn_softmax = purenn.Activation_Softmax(engine=engine)
    records = []
    # Run over each sample: forward, loss, backward, update
    for x, label in zip(samples, labels):
        y = one_hot(label, len(W))
        # Forward step: raw scores z = W x, then the softmax activation
        z, a = forward_sample(W, x)
        loss = cce(y, a)
        # Backward step: dL/da, through the Jacobian to dL/dz, then times x^T for dL/dW
        grad_a = cce_gradient(y, a)
        grad_jacobian = outer(jacobian_backward(a, grad_a), x)
        # The shortcut: dL/dz = a - y
        grad_shortcut = outer([a_k - y_k for a_k, y_k in zip(a, y)], x)
        # purenn's softmax on a batch of one row (the book's layout), through its Jacobian
        purenn_softmax.forward([z])
        purenn_softmax.backward([grad_a])
        grad_purenn = outer(purenn_softmax.ops.to_list(purenn_softmax.dinputs)[0], x)
        grad_notebook = outer(notebook_backward(a, grad_a), x)
        records.append({"loss": loss, "a": a, "x": x, "y": y, "jacobian": grad_jacobian,
                        "shortcut": grad_shortcut, "purenn": grad_purenn,
                        "notebook": grad_notebook})
        # Gradient descent step: W = W + learning_rate * (-grad)
        W = [[w - learning_rate * g for w, g in zip(w_row, g_row)]
             for w_row, g_row in zip(W, grad_jacobian)]
    return W, records


# %%
def max_difference(a, b):
    largest = 0.0
    for a_row, b_row in zip(a, b):
        for u, v in zip(a_row, b_row):
            largest = max(largest, abs(u - v))
    return largest


# %%
def matrix_str(rows, decimals=2):
    """A matrix at ``decimals`` decimals, as np.set_printoptions(precision=2) prints it:
    scientific when the smallest nonzero |value| is below 1e-4 or the largest is more than
    1000 times it."""
    values = [abs(v) for row in rows for v in row if v != 0]
    scientific = bool(values) and (min(values) < 1e-4 or max(values) / min(values) > 1000)
    texts = [[f"{v:.{decimals}e}" if scientific else f"{v:.{decimals}f}" for v in row]
             for row in rows]
    width = max(len(text) for row in texts for text in row)
    lines = [" ".join(text.rjust(width) for text in row) for row in texts]
    return "[[" + "]\n [".join(lines) + "]]"


# --- checking a backward with purenn.gradcheck ---

# %%
def check_backward(backward, W, x, label):
    """Check ``backward`` (a, dL/da -> dL/dz) on one sample: the loss as a function of W.

    Returns purenn.gradcheck's GradientCheck of dL/dW.
    """
    y = one_hot(label, len(W))
    last = {}

    def forward(weights):
        # The loss of this sample for the weights given (W nudged by the check)
        _, a = forward_sample(weights, x)
        last["a"] = a
        return cce(y, a)

    def gradient(dloss):
        # The hand-written backward, from the loss (dloss = 1) down to dL/dW
        a = last["a"]
        grad_z = backward(a, cce_gradient(y, a))
        return [[dloss * g for g in row] for row in outer(grad_z, x)]

    return check_function(forward, gradient, W, name="dW")


# %%
def run_example(engine):
    purenn.init(dtype="float64", engine=engine)
    samples = samples_as_rows(X_COLUMNS)
    print("X, one column per sample, as the notebook has it (5 features x 10 samples):")
    print(purenn.array_str(X_COLUMNS))
    print("The same samples as purenn's rows (one per sample), bias feature 1 appended:")
    print(purenn.array_str([[int(v) for v in row] for row in samples]))
    print("labels:", purenn.array_str(LABELS))
    W = initial_weights(len(X_COLUMNS))
    print("W (3 labels x 6), bias absorbed as its last column:")
    print(purenn.array_str(W))
    print()

    # Train the 0-layer network one sample at a time, printing as the notebook does
    _, records = train_per_sample(W, samples, LABELS, engine=engine)
    for record in records:
        print(record["loss"])
        print(matrix_str(record["jacobian"]))
    largest = 0.0
    for record in records:
        largest = max(largest, max_difference(record["jacobian"], record["shortcut"]),
                      max_difference(record["jacobian"], record["purenn"]))
    print(f"\nThrough the Jacobian, through the shortcut (a - y) x^T and through purenn's "
          f"Activation_Softmax.backward: the same gradients, largest difference {largest:.1e}")

    # The notebook's first printed gradient, rebuilt from its printed loss: a_true * x
    a_true = math.exp(-NOTEBOOK_FIRST_LOSS)
    x = samples[0]
    rows = [[a_true * v for v in x], [a_true * v for v in x], [(a_true - 1) * v for v in x]]
    print(f"\nThe notebook's first gradient is its backward's: a_true = exp(-loss) = "
          f"{a_true:.4f}, rows a_true * x, a_true * x, (a_true - 1) * x:")
    print(matrix_str(rows))

    # The check, at weights where every class has a fair probability (W's draws / 10), so
    # that every wrong entry shows
    W_check = check_weights(W)
    x, label = samples[0], LABELS[0]
    _, a = forward_sample(W_check, x)
    print(f"\nChecking a backward on sample 1 (true class {label}) at W / 10 (bias 0.01), "
          f"where a = {purenn.array_str(a)}")
    print("The notebook's backward, (I - a^T) * a times dL/da:")
    print(check_backward(notebook_backward, W_check, x, label).report())
    print(f"(its rows for the other classes are a_true * x = {a[label]:.4f} * x; the true "
          f"gradient's rows are a_i * x)")
    print("The Jacobian backward, (diag(a) - a a^T) times dL/da:")
    print(check_backward(jacobian_backward, W_check, x, label).report())


# %%
def check_weights(W):
    """W's random draws divided by 10, its bias column kept: a point to check at."""
    return [[w / 10 for w in row[:-1]] + [row[-1]] for row in W]


# %%
def main(argv=None):
    """Run as a script, with the command line's options (in a notebook, the defaults)."""
    args = parse_example_args(example_parser(__doc__), argv)
    run_example(args.engine)


if __name__ == "__main__":
    main(script_argv())
