"""purenn.tools.expression: allowed expressions agree with Python's math (exactly: same float64
operations in the same order); every forbidden construct is refused with a message that
names it; random text never raises anything but ExpressionError and never runs code.
"""
import ast
import builtins
import contextlib
import math
from unittest import mock

import pytest

from purenn.tools.expression import (MAX_DEPTH, MAX_EXPONENT, MAX_LENGTH, Expression, ExpressionError,
                               parse_expression)

# text, gold (the same formula written in Python), canonical text
AGREEING = [
    ("2*x**2", lambda x: 2 * x ** 2, "2 * x ** 2"),
    ("2*x", lambda x: 2 * x, "2 * x"),
    ("-x**2", lambda x: -x ** 2, "-x ** 2"),
    ("(-x)**2", lambda x: (-x) ** 2, "(-x) ** 2"),
    ("3*x**3 - x**2 + 5*x + 2", lambda x: 3 * x ** 3 - x ** 2 + 5 * x + 2,
     "3 * x ** 3 - x ** 2 + 5 * x + 2"),
    ("1e-3 * x / 4", lambda x: 1e-3 * x / 4, "0.001 * x / 4"),
    ("sin(x) + cos(x) * tan(x)", lambda x: math.sin(x) + math.cos(x) * math.tan(x),
     "sin(x) + cos(x) * tan(x)"),
    ("exp(-x) + log(x**2 + 1) + sqrt(abs(x))",
     lambda x: math.exp(-x) + math.log(x ** 2 + 1) + math.sqrt(abs(x)),
     "exp(-x) + log(x ** 2 + 1) + sqrt(abs(x))"),
    ("tanh(x) - sinh(x/10) + cosh(x/10)",
     lambda x: math.tanh(x) - math.sinh(x / 10) + math.cosh(x / 10),
     "tanh(x) - sinh(x / 10) + cosh(x / 10)"),
    ("pi * x + e", lambda x: math.pi * x + math.e, "pi * x + e"),
    ("e**x", lambda x: math.e ** x, "e ** x"),
    ("max(x, 0)", lambda x: float(max(x, 0.0)), "max(x, 0)"),
    ("min(x, 1, -1)", lambda x: float(min(x, 1.0, -1.0)), "min(x, 1, -1)"),
    ("log(x**2 + 1, 2) + log2(x**2 + 1) + log10(x**2 + 1)",
     lambda x: math.log(x ** 2 + 1, 2) + math.log2(x ** 2 + 1) + math.log10(x ** 2 + 1),
     "log(x ** 2 + 1, 2) + log2(x ** 2 + 1) + log10(x ** 2 + 1)"),
    ("atan(x) + asin(x/100) + acos(x/100)",
     lambda x: math.atan(x) + math.asin(x / 100) + math.acos(x / 100),
     "atan(x) + asin(x / 100) + acos(x / 100)"),
    ("3*(2*x**2)**5", lambda x: 3 * (2 * x ** 2) ** 5, "3 * (2 * x ** 2) ** 5"),
    ("+x - -x", lambda x: +x - -x, "+x - -x"),
    ("  x  ", lambda x: x, "x"),
]


@pytest.mark.parametrize("text, gold, canonical", AGREEING, ids=[a[0] for a in AGREEING])
def test_allowed_expressions_agree_with_math(text, gold, canonical):
    f = parse_expression(text)
    assert f.text == canonical
    assert f.source == text.strip()
    for x in (-3.5, -1.0, 0.25, 1.0, 1.0001, 2.0, 7.0):
        mine = f(x)
        # exact: the same float64 operations in the same order
        assert mine == gold(x), (x, mine, gold(x))
        assert type(mine) is float


def test_sigmoid_is_the_logistic_function():
    f = parse_expression("sigmoid(x)")
    for x in (-800.0, -5.0, 0.0, 2.0, 800.0):
        gold = 1 / (1 + math.exp(-x)) if x > -700 else 0.0
        # tolerance: 1 ulp-scale relative error (1e-15), the two formulas round differently
        assert math.isclose(f(x), gold, rel_tol=1e-15, abs_tol=1e-300)


def test_canonical_text_reads_back_the_same():
    for text, _, canonical in AGREEING:
        assert parse_expression(canonical).text == canonical


def test_repr_shows_the_canonical_text():
    assert repr(parse_expression("2*x**2")) == "Expression('2 * x ** 2')"
    assert isinstance(parse_expression("x"), Expression)


# text, a piece of the message that must name the problem
FORBIDDEN = [
    ("y + 1", "the name 'y' is not allowed"),
    ("X", "the name 'X' is not allowed"),
    ("__builtins__", "the name '__builtins__' is not allowed"),
    ("__import__('os').system('echo hi')", "attribute access"),
    ("__import__('os')", "the function '__import__' is not allowed"),
    ("open('f')", "the function 'open' is not allowed"),
    ("x.real", "attribute access ('.') is not allowed"),
    ("sin.__class__", "attribute access"),
    ("sin(x=1)", "no keyword arguments"),
    ("sin(*[x])", "unpacking"),
    ("[x for x in range(3)]", "comprehensions are not allowed"),
    ("sum(x for x in y)", "the function 'sum' is not allowed"),
    ("lambda: 1", "lambda is not allowed"),
    ("(lambda: 0)()", "by name"),
    ("sin(x)(1)", "by name"),
    ("'abc'", "strings are not allowed"),
    ("b'abc'", "strings are not allowed"),
    ("f'{x}'", "strings are not allowed"),
    ("2 ** 100000", f"the exponent 100000 is too large (at most {MAX_EXPONENT}"),
    ("9**9**9", "the exponent 9 ** 9 is too large"),
    ("x ** -1001", "the exponent -1001 is too large"),
    ("x ** (1/0)", "the exponent 1 / 0 has no value"),
    ("x" * (MAX_LENGTH + 1), f"too long ({MAX_LENGTH + 1} characters; at most {MAX_LENGTH})"),
    ("-" * (MAX_DEPTH + 5) + "x", f"nested too deeply (more than {MAX_DEPTH} levels)"),
    ("x ^ 2", "write x**2"),
    ("x % 2", "remainder"),
    ("x // 2", "floor division"),
    ("x @ x", "matrix product"),
    ("~x", "'~' is not allowed"),
    ("not x", "'not' is not allowed"),
    ("x < 1", "comparisons are not allowed"),
    ("x and 1", "'and' / 'or' are not allowed"),
    ("x if x else 1", "'... if ... else ...' is not allowed"),
    ("(x, 1)", "tuples"),
    ("[x]", "lists are not allowed"),
    ("{x}", "sets are not allowed"),
    ("{x: 1}", "dictionaries are not allowed"),
    ("x[0]", "indexing"),
    ("(y := 1)", "assignment"),
    ("await x", "'await' is not allowed"),
    ("(yield x)", "'yield' is not allowed"),
    ("True", "True is not allowed"),
    ("None", "None is not allowed"),
    ("...", "Ellipsis is not allowed"),
    ("1j", "1j is not allowed"),
    ("1e400", "too large for float64"),
    ("sin", "sin is a function: call it"),
    ("sin()", "sin() takes 1 argument, not 0"),
    ("sin(x, x)", "sin() takes 1 argument, not 2"),
    ("log(x, 2, 3)", "log() takes 1 or 2 arguments, not 3"),
    ("max(x)", "max() takes at least 2 arguments, not 1"),
    ("", "empty"),
    ("   ", "empty"),
    ("2x", "cannot read '2x' as an expression"),
    ("import os", "cannot read 'import os' as an expression"),
    ("x; 1", "cannot read"),
    ("x = 1", "cannot read"),
    ("x\x00", "cannot read"),
]


@pytest.mark.parametrize("text, message", FORBIDDEN, ids=[repr(f[0][:30]) for f in FORBIDDEN])
def test_forbidden_constructs_are_refused_with_a_clear_message(text, message):
    with pytest.raises(ExpressionError) as raised:
        parse_expression(text)
    assert message in str(raised.value)


def test_parentheses_add_no_nesting():
    # Parentheses group; they are not nodes of the syntax tree
    assert parse_expression("(" * 100 + "x" + ")" * 100).text == "x"


def test_a_chain_of_one_operator_level_is_not_nested():
    # 41 or 100 terms of one level read flat (x + x + ... + x); nesting is what is written
    for operator, gold in (("+", 100.0), ("-", -98.0), ("*", 1.0), ("/", 1.0)):
        assert parse_expression(operator.join(["x"] * 100))(1.0) == gold, operator
    # A right-nested sum is nested as written: 1+(1+(1+...)) past MAX_DEPTH is refused
    with pytest.raises(ExpressionError, match="nested too deeply"):
        parse_expression("1+(" * (MAX_DEPTH + 1) + "x" + ")" * (MAX_DEPTH + 1))


def test_errors_are_value_errors_and_say_where():
    assert issubclass(ExpressionError, ValueError)
    with pytest.raises(ExpressionError, match=r"\(column 5\)"):
        parse_expression("x + y")


def test_non_text_is_refused():
    with pytest.raises(ExpressionError, match="must be text"):
        parse_expression(42)


@pytest.mark.parametrize("text, x, message", [
    ("1/x", 0.0, "division by zero"),
    ("log(x)", 0.0, "math domain error"),
    ("sqrt(x)", -1.0, "math domain error"),
    ("x ** 0.5", -8.0, "is not a real number"),
    ("exp(x)", 1000.0, "overflows float64"),
    ("x * 1e308 * 10", 1.0, "overflows float64"),
    ("x * 1e308 * 10 - x * 1e308 * 10", 1.0, "overflows float64"),
    ("x ** x", 1000.0, "overflows float64"),
])
def test_undefined_values_raise_expression_error(text, x, message):
    f = parse_expression(text)
    with pytest.raises(ExpressionError, match=message) as raised:
        f(x)
    assert f"at x = {x!r}" in str(raised.value)


def test_x_must_be_a_finite_number():
    f = parse_expression("x")
    for bad in ("one", None, math.inf, math.nan):
        with pytest.raises(ExpressionError, match="x must be"):
            f(bad)
    assert f(3) == 3.0 and type(f(3)) is float


# --- never runs code --------------------------------------------------------------------

@contextlib.contextmanager
def no_code_execution():
    """eval and exec refuse; compile is allowed only to build a syntax tree (ast.parse)."""
    real_compile = builtins.compile

    def refuse(*args, **kwargs):
        raise AssertionError("eval/exec called")

    def tree_only_compile(source, filename, mode, flags=0, *args, **kwargs):
        assert flags & ast.PyCF_ONLY_AST, "compile called for code, not for a syntax tree"
        return real_compile(source, filename, mode, flags, *args, **kwargs)

    with mock.patch.object(builtins, "eval", refuse), \
            mock.patch.object(builtins, "exec", refuse), \
            mock.patch.object(builtins, "compile", tree_only_compile):
        yield


def test_parsing_and_evaluating_build_only_a_syntax_tree():
    with no_code_execution():
        # the guard is in force ...
        with pytest.raises(AssertionError):
            eval("1")
        with pytest.raises(AssertionError):
            compile("1", "<text>", "eval")
        # ... and parsing and evaluating never trip it
        f = parse_expression("sin(x) + 2*x**2")
        assert f(0.0) == 0.0
        with pytest.raises(ExpressionError):
            parse_expression("__import__('os').system('echo hi')")


def test_malicious_text_has_no_effect(tmp_path):
    marker = tmp_path / "ran"
    payloads = [
        f"__import__('os').system('touch {marker}')",
        f"open('{marker}', 'w').write('x')",
        f"[c for c in ().__class__.__base__.__subclasses__()] or open('{marker}', 'w')",
        f"exec(\"open('{marker}', 'w')\")",
        f"eval(\"open('{marker}', 'w')\")",
        f"(lambda: open('{marker}', 'w'))()",
    ]
    for payload in payloads:
        with pytest.raises(ExpressionError):
            parse_expression(payload)
    assert not marker.exists()


# --- fuzzing ----------------------------------------------------------------------------

hypothesis = pytest.importorskip("hypothesis")
st = hypothesis.strategies

EXPRESSION_ALPHABET = "x0123456789.e+-*/()^% ,_[]{}'\":=<>!~&|@;\\\n\tpisncotaxqrlgbhmy"
FUZZ = hypothesis.settings(max_examples=300, deadline=None)


def evaluate_or_refuse(text):
    """Parse text and evaluate it at a few x: floats or ExpressionError, nothing else."""
    try:
        f = parse_expression(text)
    except ExpressionError:
        return
    for x in (-2.0, 0.0, 0.5, 3.0):
        try:
            value = f(x)
        except ExpressionError:
            continue
        assert type(value) is float and math.isfinite(value)


@FUZZ
@hypothesis.given(st.text(max_size=300))
def test_random_text_raises_only_expression_error(text):
    with no_code_execution():
        evaluate_or_refuse(text)


@FUZZ
@hypothesis.given(st.text(alphabet=EXPRESSION_ALPHABET, max_size=80))
def test_random_expression_like_text_raises_only_expression_error(text):
    with no_code_execution():
        evaluate_or_refuse(text)


@FUZZ
@hypothesis.given(st.lists(st.sampled_from(
    ["x", "2", "0.5", "1e-3", "pi", "e", "+", "-", "*", "/", "**", "(", ")", ",", "sin(",
     "exp(", "log(", "sqrt(", "max(", "abs(", "tanh(", " "]), max_size=40))
def test_random_token_strings_raise_only_expression_error(tokens):
    with no_code_execution():
        evaluate_or_refuse("".join(tokens))


# Random well-formed expressions, built together with the same formula as a Python
# function: the parsed expression must give exactly the function's value, or
# ExpressionError exactly where the function has no finite real value.
UNARY = [("sin", math.sin), ("cos", math.cos), ("exp", math.exp), ("tanh", math.tanh),
         ("sqrt", math.sqrt), ("log", math.log), ("abs", abs)]
BINARY = [("+", lambda a, b: a + b), ("-", lambda a, b: a - b),
          ("*", lambda a, b: a * b), ("/", lambda a, b: a / b)]

leaves = st.one_of(
    st.just(("x", lambda x: x)),
    st.sampled_from([("pi", lambda x: math.pi), ("e", lambda x: math.e)]),
    st.sampled_from([0.5, 1.0, 2.0, 3.0, 0.001, 10.0, 1.5]).map(
        lambda c: (repr(c), lambda x, c=c: c)),
)


def extend(children):
    return st.one_of(
        st.tuples(st.sampled_from(BINARY), children, children).map(
            lambda t: (f"({t[1][0]}) {t[0][0]} ({t[2][0]})",
                       lambda x, t=t: t[0][1](t[1][1](x), t[2][1](x)))),
        st.tuples(st.sampled_from(UNARY), children).map(
            lambda t: (f"{t[0][0]}({t[1][0]})", lambda x, t=t: t[0][1](t[1][1](x)))),
        st.tuples(children, st.integers(-3, 4)).map(
            lambda t: (f"({t[0][0]}) ** {t[1]}", lambda x, t=t: t[0][1](x) ** t[1])),
        children.map(lambda c: (f"-({c[0]})", lambda x, c=c: -c[1](x))),
    )


expressions = st.recursive(leaves, extend, max_leaves=8)


def gold_value(function, x):
    """The Python function's value, or None where it has no finite real value."""
    try:
        value = function(x)
    except (ArithmeticError, ValueError):
        return None
    if isinstance(value, complex) or not math.isfinite(value):
        return None
    return float(value)


@FUZZ
@hypothesis.given(expressions, st.floats(-20, 20))
def test_random_expressions_agree_with_python(expression, x):
    text, function = expression
    # within the limits: every level of the tree opens a parenthesis here
    hypothesis.assume(len(text) <= MAX_LENGTH and text.count("(") + 3 <= MAX_DEPTH)
    f = parse_expression(text)
    gold = gold_value(function, x)
    if gold is None:
        with pytest.raises(ExpressionError):
            f(x)
    else:
        # exact: the same float64 operations in the same order
        assert f(x) == gold, (text, x)
