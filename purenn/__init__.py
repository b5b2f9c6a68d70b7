"""purenn: the neural network of *Neural Networks from Scratch in Python*, chapters 2-10 and
14-19, in plain Python lists and loops, with an optional NumPy engine that gives the same
answers.

    import purenn
    purenn.init()                      # as nnfs.init(): seed 0, float32
    X, y = purenn.spiral_data(samples=100, classes=3)
    dense1 = purenn.Layer_Dense(2, 3)
    dense1.forward(X)

Modules, one per concept: basics (chapter 2), layers, activations, losses, datasets,
random, printing, and the two engines (python_engine, numpy_engine, with lists: the list
bookkeeping the python engine inherits); for chapters 18-19, model (Model, Layer_Input),
accuracies, labels (to_categorical) and progress; idx (MNIST files and the UCI digits);
stepping (``python -m purenn step``) and calculator (``python -m purenn``).
"""
from . import datasets, derivatives, gradcheck, neuron, progress, random, training
from .printing import array_str, show
from .accuracies import Accuracy, Accuracy_Categorical
from .activations import Activation_ReLU, Activation_Sigmoid, Activation_Softmax
from .basics import (batch_output, dot_product, exponentiate, layer_output, matrix_product,
                     neuron_output, normalize, transpose, vector_add)
from .config import get_engine, init, settings
from .datasets import sine_data, spiral_data, vertical_data
from .labels import to_categorical
from .layers import Layer_Dense, Layer_Dropout
from .losses import (Activation_Softmax_Loss_CategoricalCrossentropy, Loss,
                     Loss_BinaryCrossentropy, Loss_CategoricalCrossentropy, accuracy,
                     binary_accuracy)
from .model import Layer_Input, Model
from .optimizers import Optimizer_Adagrad, Optimizer_Adam, Optimizer_RMSprop, Optimizer_SGD
from .search import RandomSearch
from .shapes import ShapeError
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
    "layer_output", "matrix_product", "neuron_output", "normalize", "random", "settings", "show",
    "sine_data", "spiral_data", "train", "transpose", "vector_add", "vertical_data",
]
