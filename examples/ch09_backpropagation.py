# %%
"""Chapter 9 of the book, Backpropagation: a single neuron by hand, then the gradients of
a layer, of ReLU, softmax and cross-entropy, and of the whole model, printing what the
book prints.

    python examples/ch09_backpropagation.py                  # lists and loops
    python examples/ch09_backpropagation.py --engine numpy   # NumPy arrays

The single neuron is plain Python floats (purenn.neuron), as in the book; the NumPy
snippets are float64, and the full model starts with purenn.init() (seed 0, float32) where
the book calls nnfs.init().
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

from timeit import timeit

import purenn  # noqa: E402
from purenn import show
from purenn.neuron import NeuronWalkthrough
from purenn.tools.cli import example_parser, parse_example_args, script_argv  # noqa: E402

# The layer of chapter 2: three neurons of four inputs; weights one column per neuron (.T)
weights_by_neuron = [[0.2, 0.8, -0.5, 1],
                     [0.5, -0.91, 0.26, -0.5],
                     [-0.26, -0.27, 0.17, 0.87]]
inputs = [[1, 2, 3, 2.5], [2., 5., -1., 2], [-1.5, 2.7, 3.3, -0.8]]
dvalues = [[1., 1., 1.], [2., 2., 2.], [3., 3., 3.]]
softmax_outputs = [[0.7, 0.1, 0.2], [0.1, 0.5, 0.4], [0.02, 0.9, 0.08]]
class_targets = [0, 1, 1]


# %%
def single_neuron():
    print("== Backpropagation: a single neuron, forward pass ==")
    neuron = NeuronWalkthrough(x=[1.0, -2.0, 3.0], w=[-3.0, -1.0, 2.0], b=1.0)
    neuron.forward()
    # The weighted inputs and the bias, their sum z, and the ReLU's output y
    print(*neuron.xw, neuron.b)
    print(neuron.z)
    print(neuron.y)

    print("== Backpropagation: a single neuron, backward pass ==")
    # From the next layer's gradient (1.0) back through the ReLU, the sum, the products
    neuron.backward()
    print(neuron.drelu_dz)
    print(*neuron.drelu_dxw, neuron.drelu_db)
    # Each input's partial derivative next to its weight's
    print(*[value for pair in zip(neuron.drelu_dx, neuron.drelu_dw) for value in pair])

    print("== Backpropagation: a single neuron, one step down the gradient ==")
    print(neuron.w, neuron.b)
    # w[i] += -0.001 * dw[i], b += -0.001 * db; the next forward pass gives a smaller output
    neuron.update()
    print(neuron.w, neuron.b)
    neuron.forward()
    print(neuron.y)


# %%
def layer_gradients(ops):
    print("== Backpropagation: a layer's gradients ==")
    weights = ops.transpose(ops.array(weights_by_neuron))
    # Gradient on the inputs of one sample, then of a batch of three: dvalues . weights.T
    show(ops.dot(ops.array(dvalues[0]), ops.transpose(weights)))
    show(ops.dot(ops.array(dvalues), ops.transpose(weights)))
    # Gradient on the weights: inputs.T . dvalues; on the biases: the column sums of dvalues
    show(ops.dot(ops.transpose(ops.array(inputs)), ops.array(dvalues)))
    show(ops.sum(ops.array(dvalues), axis=0, keepdims=True))

    print("== Backpropagation: the ReLU's derivative ==")
    z = ops.array([[1, 2, -3, -4], [2, -7, -1, 3], [-1, 2, 5, -1]])
    relu_dvalues = ops.array([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]])
    # 1 where z > 0, else 0; then chained with the gradient from the next layer
    show(ops.relu_gradient(ops.array([[1] * 4] * 3), z))
    show(ops.relu_gradient(relu_dvalues, z))

    print("== Backpropagation: a layer's forward pass, backward pass and update ==")
    dense = purenn.Layer_Dense(4, 3)
    dense.weights = weights
    dense.biases = ops.array([[2, 3, 0.5]])
    relu = purenn.Activation_ReLU()
    dense.forward(inputs)
    relu.forward(dense.output)
    # The book uses the ReLU's outputs as the gradient from the next layer
    relu.backward(relu.output)
    dense.backward(relu.dinputs)
    # weights += -0.001 * dweights; biases += -0.001 * dbiases
    purenn.Optimizer_SGD(learning_rate=0.001).update_params(dense)
    show(dense.weights)
    show(dense.biases)


# %%
def softmax_and_loss_gradients(ops):
    print("== Categorical Cross-Entropy loss derivative code implementation ==")
    # One-hot rows from an identity matrix: np.eye(5), its row 1 and its row 4
    show(ops.eye(5))
    show(ops.eye(5)[1])
    show(ops.eye(5)[4])

    print("== Softmax activation derivative ==")
    softmax_output = ops.transpose(ops.array([softmax_outputs[0]]))
    show(softmax_output)
    show(ops.eye(3))
    show(ops.multiply(softmax_output, ops.eye(3)))
    # The Jacobian matrix: diagflat(S) minus the outer product S . S.T
    show(ops.diagflat(softmax_outputs[0]))
    show(ops.outer(softmax_outputs[0], softmax_outputs[0]))
    show(ops.subtract(ops.diagflat(softmax_outputs[0]),
                      ops.outer(softmax_outputs[0], softmax_outputs[0])))

    print("== Common Categorical Cross-Entropy loss and Softmax activation derivative ==")
    # One-hot targets back to class indices
    show(ops.argmax(ops.array([[1, 0, 0], [0, 0, 1], [0, 1, 0]]), axis=1))

    def combined():
        softmax_loss = purenn.Activation_Softmax_Loss_CategoricalCrossentropy()
        softmax_loss.backward(softmax_outputs, class_targets)
        return softmax_loss.dinputs

    def separate():
        activation = purenn.Activation_Softmax()
        activation.output = ops.array(softmax_outputs)
        loss = purenn.Loss_CategoricalCrossentropy()
        loss.backward(softmax_outputs, class_targets)
        activation.backward(loss.dinputs)
        return activation.dinputs

    print("Gradients: combined loss and activation:")
    show(combined())
    # Differs from book: its separate gradients differ in the 8th digit (its np.dot was
    # nnfs's float32 one); here both are float64 and print the same
    print("Gradients: separate loss and activation:")
    show(separate())
    # How many times faster the combined gradient is (machine-dependent)
    print(timeit(separate, number=1000) / timeit(combined, number=1000))


# %%
def full_model(engine):
    print("== Backpropagation: the full model ==")
    purenn.init(engine=engine)
    # Create dataset
    X, y = purenn.spiral_data(samples=100, classes=3)
    # Create the model: Dense(2, 3) -> ReLU -> Dense(3, 3) -> softmax with the loss
    dense1 = purenn.Layer_Dense(2, 3)
    activation1 = purenn.Activation_ReLU()
    dense2 = purenn.Layer_Dense(3, 3)
    loss_activation = purenn.Activation_Softmax_Loss_CategoricalCrossentropy()
    # Forward pass
    dense1.forward(X)
    activation1.forward(dense1.output)
    dense2.forward(activation1.output)
    loss = loss_activation.forward(dense2.output, y)
    show(loss_activation.output[:5])
    show("loss:", loss)
    print("acc:", purenn.accuracy(loss_activation.output, y))
    # Backward pass
    loss_activation.backward(loss_activation.output, y)
    dense2.backward(loss_activation.dinputs)
    activation1.backward(dense2.dinputs)
    dense1.backward(activation1.dinputs)
    # Print gradients
    show(dense1.dweights)
    show(dense1.dbiases)
    show(dense2.dweights)
    show(dense2.dbiases)


# %%
def run_example(engine):
    single_neuron()
    # The NumPy snippets: float64, as without nnfs.init()
    ops = purenn.init(dtype="float64", engine=engine)
    layer_gradients(ops)
    softmax_and_loss_gradients(ops)
    full_model(engine)


# %%
def parse_args(argv=None):
    return parse_example_args(example_parser(__doc__), argv)


# %%
def main(argv=None):
    """Run as a script, with the command line's options (in a notebook, the defaults)."""
    run_example(parse_args(argv).engine)


if __name__ == "__main__":
    main(script_argv())
