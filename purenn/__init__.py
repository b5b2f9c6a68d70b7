"""purenn: the neural network of *Neural Networks from Scratch in Python*, chapters 2-10 and
14-19, in plain Python lists and loops, with an optional NumPy engine that gives the same
answers.

    import purenn
    purenn.init()                      # as nnfs.init(): seed 0, float32
    X, y = purenn.spiral_data(samples=100, classes=3)
    dense1 = purenn.Layer_Dense(2, 3)
    dense1.forward(X)

The book's concepts are the modules at this level, one per concept: basics (chapter 2's
neuron and layer in loops), layers, activations, losses, optimizers, derivatives (chapter
7), neuron (chapter 9's walk-through), search (chapter 6), training (chapter 10's loop),
model and accuracies (chapters 18-19), datasets, random, labels, gradcheck and idx (MNIST
files and the UCI digits). What they compute with is in ``purenn.engine`` (the python and
numpy engines, with their settings, checks and rounding); the tools around the book are in
``purenn.tools`` (``python -m purenn``'s calculator, the stepper, printing and progress).
"""
from . import datasets, derivatives, fashion, gradcheck, neuron, random, training
from .accuracies import Accuracy, Accuracy_Categorical, Accuracy_Regression
from .activations import (Activation_Linear, Activation_ReLU, Activation_Sigmoid,
                          Activation_Softmax)
from .basics import (batch_output, dot_product, exponentiate, layer_output, matrix_product,
                     neuron_output, normalize, transpose, vector_add)
from .datasets import sine_data, spiral_data, vertical_data
from .fashion import create_data_mnist, load_mnist_dataset
from .labels import to_categorical
from .layers import Layer_Dense, Layer_Dropout
from .losses import (Activation_Softmax_Loss_CategoricalCrossentropy, Loss,
                     Loss_BinaryCrossentropy, Loss_CategoricalCrossentropy,
                     Loss_MeanAbsoluteError, Loss_MeanSquaredError, accuracy, binary_accuracy)
from .model import Layer_Input, Model
from .optimizers import Optimizer_Adagrad, Optimizer_Adam, Optimizer_RMSprop, Optimizer_SGD
from .search import RandomSearch
from .training import TwoLayerNetwork, train
# The machinery the book's readers call: init (nnfs.init's counterpart), ShapeError, printing
from .engine.config import get_engine, init, settings
from .engine.shapes import ShapeError
from .tools import progress
from .tools.printing import array_str, show
# Jupyter: purenn.notebook() and %load_ext purenn (IPython is imported only when they are
# called)
from .tools.notebook import load_ipython_extension, notebook, unload_ipython_extension

__version__ = "0.1.0"

__all__ = [
    # The book's classes and functions, chapter by chapter
    "Layer_Dense", "Activation_ReLU", "Activation_Softmax", "Loss",
    "Loss_CategoricalCrossentropy", "Activation_Softmax_Loss_CategoricalCrossentropy",
    "Optimizer_SGD", "Optimizer_Adagrad", "Optimizer_RMSprop", "Optimizer_Adam",
    "Layer_Dropout", "Activation_Sigmoid", "Loss_BinaryCrossentropy", "Activation_Linear",
    "Loss_MeanSquaredError", "Loss_MeanAbsoluteError", "Accuracy", "Accuracy_Categorical",
    "Accuracy_Regression", "Layer_Input", "Model", "load_mnist_dataset", "create_data_mnist",
    # The chapters' computations in lists and loops, and their data
    "batch_output", "dot_product", "exponentiate", "layer_output", "matrix_product",
    "neuron_output", "normalize", "transpose", "vector_add", "accuracy", "binary_accuracy",
    "to_categorical", "RandomSearch", "TwoLayerNetwork", "train", "sine_data", "spiral_data",
    "vertical_data",
    # Modules
    "datasets", "derivatives", "fashion", "gradcheck", "neuron", "progress", "random",
    "training",
    # Settings, errors, printing, notebooks
    "init", "get_engine", "settings", "ShapeError", "array_str", "show", "notebook",
    "load_ipython_extension", "unload_ipython_extension",
]
