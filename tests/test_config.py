"""purenn.init(), the default engine and precision, and what a debugger shows."""
import os
import subprocess
import sys

import pytest

import purenn
from purenn.engine import config


def test_without_init_purenn_works_in_float64_with_the_python_engine():
    # A fresh interpreter: nothing has called init
    code = ("import purenn; d = purenn.Layer_Dense(2, 3); "
            "print(purenn.settings.dtype, d.ops.name, d.ops.dtype)")
    env = {k: v for k, v in os.environ.items() if k != "PURENN_ENGINE"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env=env, cwd=os.path.dirname(os.path.dirname(__file__)))
    assert out.stdout.split() == ["float64", "python", "float64"]


def test_purenn_engine_environment_variable_sets_the_default_engine():
    pytest.importorskip("numpy")
    code = "import purenn; purenn.init(); print(purenn.Layer_Dense(2, 3).ops)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "PURENN_ENGINE": "numpy"},
                         cwd=os.path.dirname(os.path.dirname(__file__)))
    assert out.stdout.strip() == "NumpyEngine(dtype='float32')"


def test_init_is_seed_0_and_float32_like_nnfs_init(engine):
    ops = purenn.init(engine=engine)
    assert (config.settings.dtype, ops.dtype, ops.name) == ("float32", "float32", engine)
    first = purenn.random.randn(3)
    purenn.init(engine=engine)
    assert purenn.random.randn(3) == first


def test_each_object_keeps_the_engine_it_was_created_with():
    pytest.importorskip("numpy")
    purenn.init(engine="python")
    layer = purenn.Layer_Dense(2, 3)
    purenn.init(engine="numpy", dtype="float64")
    softmax = purenn.Activation_Softmax()
    assert repr(layer.ops) == "PythonEngine(dtype='float32')"
    assert repr(softmax.ops) == "NumpyEngine(dtype='float64')"
    layer.forward([[1.0, 2.0]])
    assert isinstance(layer.output, list)


def test_objects_of_one_engine_and_precision_share_one_engine_object(engine):
    purenn.init(engine=engine)
    layer, relu = purenn.Layer_Dense(2, 3), purenn.Activation_ReLU()
    assert layer.ops is relu.ops is config.get_engine(engine, "float32")
    assert config.get_engine(engine, "float64") is not layer.ops


def test_every_class_has_a_readable_repr(engine):
    purenn.init(engine=engine)
    objects = [
        purenn.Layer_Dense(2, 3), purenn.Activation_ReLU(), purenn.Activation_Softmax(),
        purenn.Loss_CategoricalCrossentropy(),
        purenn.Activation_Softmax_Loss_CategoricalCrossentropy(), purenn.Optimizer_SGD(),
        purenn.Optimizer_Adagrad(), purenn.Optimizer_RMSprop(), purenn.Optimizer_Adam(),
        purenn.TwoLayerNetwork(), purenn.RandomSearch(), purenn.random.RandomState(1),
        config.settings, purenn.get_engine(),
    ]
    for obj in objects:
        text = repr(obj)
        assert text.startswith(type(obj).__name__ + "("), text
        assert " object at 0x" not in text


def test_state_is_declared_before_the_first_step(engine):
    # A debugger shows every attribute from the start, as None until it is computed
    purenn.init(engine=engine)
    layer = purenn.Layer_Dense(2, 3)
    for name in ("inputs", "output", "dweights", "dbiases", "dinputs", "weight_momentums",
                 "bias_momentums", "weight_cache", "bias_cache"):
        assert getattr(layer, name) is None, name
    assert purenn.Optimizer_SGD().iterations == 0
