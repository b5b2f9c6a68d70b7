"""purenn: the neural network of *Neural Networks from Scratch in Python*, chapters 2-10,
in plain Python lists and loops, with an optional NumPy engine that gives the same answers.
"""
from .config import get_engine, init, settings
