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
from . import datasets, derivatives, gradcheck, neuron, random, training
from .tools import progress
from .tools.printing import array_str, show
# Jupyter (issue 18): purenn.notebook() and %load_ext purenn; IPython is imported only
# when they are called
from .tools.notebook import load_ipython_extension, notebook, unload_ipython_extension
from .accuracies import Accuracy, Accuracy_Categorical, Accuracy_Regression
from .activations import (Activation_Linear, Activation_ReLU, Activation_Sigmoid,
                          Activation_Softmax)
from .basics import (batch_output, dot_product, exponentiate, layer_output, matrix_product,
                     neuron_output, normalize, transpose, vector_add)
from .engine.config import get_engine, init, settings
from .datasets import sine_data, spiral_data, vertical_data
from .labels import to_categorical
from .layers import Layer_Dense, Layer_Dropout
from .losses import (Activation_Softmax_Loss_CategoricalCrossentropy, Loss,
                     Loss_BinaryCrossentropy, Loss_CategoricalCrossentropy, accuracy,
                     binary_accuracy)
# Chapter 17: regression
from .losses import Loss_MeanAbsoluteError, Loss_MeanSquaredError
from .model import Layer_Input, Model
from .optimizers import Optimizer_Adagrad, Optimizer_Adam, Optimizer_RMSprop, Optimizer_SGD
from .search import RandomSearch
from .engine.shapes import ShapeError
from .training import TwoLayerNetwork, train

__version__ = "0.1.0"

__all__ = [
    "Accuracy", "Accuracy_Categorical", "Activation_ReLU", "Activation_Sigmoid",
    "Activation_Softmax", "Layer_Dropout", "Layer_Input", "Loss_BinaryCrossentropy", "Model",
    "binary_accuracy", "progress", "to_categorical",
    "datasets", "derivatives", "gradcheck", "neuron", "training", "Activation_Softmax_Loss_CategoricalCrossentropy",
    "Layer_Dense", "Loss", "Loss_CategoricalCrossentropy", "Optimizer_Adagrad", "Optimizer_Adam",
    "Optimizer_RMSprop", "Optimizer_SGD", "RandomSearch", "ShapeError", "TwoLayerNetwork",
    "accuracy", "array_str", "batch_output", "dot_product", "exponentiate", "get_engine", "init",
    "layer_output", "load_ipython_extension", "matrix_product", "neuron_output", "normalize", "notebook",
    "unload_ipython_extension", "random", "settings", "show",
    "sine_data", "spiral_data", "train", "transpose", "vector_add", "vertical_data",
    # Chapter 17: regression
    "Accuracy_Regression", "Activation_Linear", "Loss_MeanAbsoluteError", "Loss_MeanSquaredError",
]

# The book's chapter 19 data loaders (Fashion-MNIST's folder of PNG images): purenn/fashion.py
from . import fashion  # noqa: E402
from .fashion import create_data_mnist, load_mnist_dataset  # noqa: E402

__all__ += ["fashion", "create_data_mnist", "load_mnist_dataset"]
