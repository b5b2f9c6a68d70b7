"""One rule for the caller's data in all four modes, and warnings that name the caller's line.

- A list passed to ``forward`` is converted into the engine's own array (np.asarray of a
  list makes a new array): changing the list afterwards changes nothing the object keeps.
  The python engine in float64 used to keep the caller's list itself (issue 9, item 3).
- A RuntimeWarning of the python engine (overflow in exp, log of 0, ...) points at the
  line that called purenn, as NumPy's warnings point at the line that called NumPy, not at
  a line inside purenn (issue 9, item 14).
"""
import warnings

import pytest

import purenn

DTYPES = ["float32", "float64"]


@pytest.mark.parametrize("dtype", DTYPES)
def test_layer_dense_does_not_keep_the_callers_list(engine, dtype):
    purenn.init(engine=engine, dtype=dtype)
    X = [[1., 2.], [3., 4.]]
    dense = purenn.Layer_Dense(2, 3)
    dense.forward(X)
    # The caller changes its list after the forward pass
    X[0][0] = 100.
    dense.backward([[1., 1., 1.], [1., 1., 1.]])
    # dweights = inputs.T . dvalues: each weight of the first input adds 1. + 3.
    mine, gold = dense.ops.to_list(dense.dweights)[0], [4., 4., 4.]
    assert mine == gold, f"mine {mine} gold {gold}"
    assert dense.ops.to_list(dense.inputs) == [[1., 2.], [3., 4.]]


@pytest.mark.parametrize("dtype", DTYPES)
def test_activation_relu_does_not_keep_the_callers_list(engine, dtype):
    purenn.init(engine=engine, dtype=dtype)
    inputs = [[1., -2.], [3., 4.]]
    activation = purenn.Activation_ReLU()
    activation.forward(inputs)
    # The caller makes the first input negative after the forward pass
    inputs[0][0] = -1.
    activation.backward([[1., 1.], [1., 1.]])
    mine, gold = activation.ops.to_list(activation.dinputs), [[1., 0.], [1., 1.]]
    assert mine == gold, f"mine {mine} gold {gold}"


def _caller_line(function):
    """(warnings, file and line of the call in ``function``): the line is the one below
    the comment ``# the call`` in ``function``'s source."""
    import inspect
    lines, first = inspect.getsourcelines(function)
    line = first + next(i for i, text in enumerate(lines) if "# the call" in text) + 1
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        function()
    return caught, (inspect.getsourcefile(function), line)


def test_overflow_in_exp_points_at_the_callers_line():
    purenn.init(engine="python")
    sigmoid = purenn.Activation_Sigmoid()

    def call():
        # the call
        sigmoid.forward([[-1000., 0.]])

    caught, where = _caller_line(call)
    runtime = [w for w in caught if issubclass(w.category, RuntimeWarning)]
    assert [str(w.message) for w in runtime] == ["overflow encountered in exp"]
    assert (runtime[0].filename, runtime[0].lineno) == where


@pytest.mark.parametrize("dtype", DTYPES)
def test_log_of_zero_points_at_the_callers_line(dtype):
    ops = purenn.init(engine="python", dtype=dtype)

    def call():
        # the call
        ops.log([0., 1.])

    caught, where = _caller_line(call)
    assert [str(w.message) for w in caught] == ["divide by zero encountered in log"]
    assert (caught[0].filename, caught[0].lineno) == where


def test_none_is_not_taken_for_an_array_the_engine_made():
    # The lookup of the arrays the engine made must not match None (dict.get's default)
    purenn.init(engine="python")
    dense = purenn.Layer_Dense(3, 2)
    with pytest.raises((TypeError, ValueError)):
        dense.forward(None)
