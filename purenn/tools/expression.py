"""Safe expressions in x for the calculator's ``derivative EXPR --at X`` (book chapter 7).

    f = parse_expression("2*x**2")
    f(1.0)        # 2.0
    f.text        # '2 * x ** 2' (the canonical text)

The text is read by Python's own parser (``ast.parse``, which only builds a syntax tree)
and then checked against a short whitelist: numbers, the name ``x``, the constants
``pi`` and ``e``, the operators + - * / ** and unary minus, parentheses, and calls of
the functions in FUNCTIONS by name with plain arguments. Anything else (other names,
attributes, keywords, strings, comprehensions, lambdas, comparisons, ...) raises
ExpressionError naming what was found and where. Evaluation walks the checked tree
itself: the text is never given to ``eval`` or ``exec``, and reaches ``compile`` only
inside ``ast.parse``, which asks it for a syntax tree (PyCF_ONLY_AST), not for code.

All arithmetic is in float64, so ``9**9**9`` overflows at once instead of building a
huge integer; constant exponents beyond MAX_EXPONENT and texts longer than MAX_LENGTH or
nested deeper than MAX_DEPTH are refused before anything is evaluated. A chain of one
operator level (x + x + ... + x) counts as one level of nesting, as it reads.
"""
import ast
import math
import warnings

MAX_LENGTH = 256     # characters in an expression
MAX_DEPTH = 40       # levels of nesting in its syntax tree
MAX_EXPONENT = 1000  # largest |constant exponent| after **

CONSTANTS = {"pi": math.pi, "e": math.e}
VARIABLE = "x"


def _sigmoid(value):
    """1 / (1 + e**-value), without overflow for large negative values."""
    if value >= 0:
        return 1.0 / (1.0 + math.exp(-value))
    exp_value = math.exp(value)
    return exp_value / (1.0 + exp_value)


# name: (function, fewest arguments, most arguments (None: any number))
FUNCTIONS = {
    "abs": (abs, 1, 1),
    "acos": (math.acos, 1, 1),
    "asin": (math.asin, 1, 1),
    "atan": (math.atan, 1, 1),
    "cos": (math.cos, 1, 1),
    "cosh": (math.cosh, 1, 1),
    "exp": (math.exp, 1, 1),
    "log": (math.log, 1, 2),         # log(v): natural log; log(v, base)
    "log10": (math.log10, 1, 1),
    "log2": (math.log2, 1, 1),
    "max": (max, 2, None),           # max(x, 0) is the ReLU
    "min": (min, 2, None),
    "sigmoid": (_sigmoid, 1, 1),
    "sin": (math.sin, 1, 1),
    "sinh": (math.sinh, 1, 1),
    "sqrt": (math.sqrt, 1, 1),
    "tan": (math.tan, 1, 1),
    "tanh": (math.tanh, 1, 1),
}

_BINARY_OPERATORS = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
    ast.Pow: lambda a, b: a ** b,
}

# What a learner may have meant, for the operators and nodes that are refused
_REFUSED_OPERATORS = {
    ast.BitXor: "'^' is not a power here: write x**2 for x squared",
    ast.Mod: "'%' (remainder) is not allowed",
    ast.FloorDiv: "'//' (floor division) is not allowed: use /",
    ast.MatMult: "'@' (matrix product) is not allowed",
    ast.BitAnd: "'&' is not allowed", ast.BitOr: "'|' is not allowed",
    ast.LShift: "'<<' is not allowed", ast.RShift: "'>>' is not allowed",
    ast.Not: "'not' is not allowed", ast.Invert: "'~' is not allowed",
}
_REFUSED_NODES = {
    "Attribute": "attribute access ('.') is not allowed",
    "Subscript": "indexing ('[...]') is not allowed",
    "Compare": "comparisons are not allowed",
    "BoolOp": "'and' / 'or' are not allowed",
    "IfExp": "'... if ... else ...' is not allowed",
    "Lambda": "lambda is not allowed",
    "ListComp": "comprehensions are not allowed",
    "SetComp": "comprehensions are not allowed",
    "DictComp": "comprehensions are not allowed",
    "GeneratorExp": "comprehensions are not allowed",
    "NamedExpr": "assignment (':=') is not allowed",
    "Tuple": "tuples (a, b) are not allowed: an expression gives one number",
    "List": "lists are not allowed", "Set": "sets are not allowed",
    "Dict": "dictionaries are not allowed",
    "JoinedStr": "strings are not allowed", "FormattedValue": "strings are not allowed",
    "Starred": "'*' unpacking is not allowed",
    "Await": "'await' is not allowed", "Yield": "'yield' is not allowed",
    "YieldFrom": "'yield' is not allowed",
}


class ExpressionError(ValueError):
    """An expression that cannot be read, is not allowed, or cannot be evaluated at x."""


def _allowed_names():
    return (f"the variable {VARIABLE}, the constants {', '.join(CONSTANTS)}, and the functions "
            f"{', '.join(sorted(FUNCTIONS))}")


def _where(node):
    return f" (column {node.col_offset + 1})" if hasattr(node, "col_offset") else ""


def _refuse(node, problem):
    raise ExpressionError(f"{problem}{_where(node)}")


def _constant_value(node):
    """The number a Constant holds (ints and floats only; bools, strings, ... refused)."""
    value = node.value
    if isinstance(value, (str, bytes)):
        _refuse(node, "strings are not allowed: an expression is numbers and names")
    # type(), not isinstance(): True and False are ints to isinstance
    if type(value) not in (int, float):
        _refuse(node, f"{value!r} is not allowed: use numbers, {_allowed_names()}")
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        _refuse(node, "a number is too large for float64 (it reads as inf)")
    return number


def _check(tree):
    """Walk the whole tree (without recursion) and refuse every node off the whitelist."""
    stack = [(tree.body, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            _refuse(node, f"the expression is nested too deeply (more than {MAX_DEPTH} levels)")
        if isinstance(node, ast.Constant):
            _constant_value(node)
        elif isinstance(node, ast.Name):
            if node.id in FUNCTIONS:
                _refuse(node, f"{node.id} is a function: call it, as in {node.id}(x)")
            if node.id != VARIABLE and node.id not in CONSTANTS:
                _refuse(node, f"the name {node.id!r} is not allowed: use {_allowed_names()}")
        elif isinstance(node, ast.UnaryOp):
            if not isinstance(node.op, (ast.UAdd, ast.USub)):
                _refuse(node, _REFUSED_OPERATORS[type(node.op)])
            stack.append((node.operand, depth + 1))
        elif isinstance(node, ast.BinOp):
            if type(node.op) not in _BINARY_OPERATORS:
                _refuse(node, _REFUSED_OPERATORS.get(type(node.op), "the operator is not allowed"))
            # A chain of one operator level (x + x + ... + x, 2*x/3) is flat as written:
            # only its first link counts as a level
            stack.extend([(node.left, depth + (not _continues_chain(node, node.left))),
                          (node.right, depth + (not _continues_chain(node, node.right)))])
        elif isinstance(node, ast.Call):
            _check_call(node)
            stack.extend((argument, depth + 1) for argument in node.args)
        else:
            kind = type(node).__name__
            _refuse(node, _REFUSED_NODES.get(kind, f"{kind} is not allowed"))


# Operators of one precedence level, which Python chains without parentheses
_LEVELS = {ast.Add: 0, ast.Sub: 0, ast.Mult: 1, ast.Div: 1, ast.Pow: 2}


def _continues_chain(parent, child):
    """True if ``child`` is the next link of ``parent``'s chain: the left operand of the same
    level (a + b - c is (a + b) - c), or for ** the right one (a ** b ** c is a ** (b ** c))."""
    if not isinstance(child, ast.BinOp) or type(child.op) not in _LEVELS:
        return False
    level = _LEVELS[type(parent.op)]
    if _LEVELS[type(child.op)] != level:
        return False
    return child is (parent.right if isinstance(parent.op, ast.Pow) else parent.left)


def _check_exponents(tree):
    """Refuse a power whose exponent, without x in it, is beyond MAX_EXPONENT: 2**100000.

    Runs after _check, so the exponents evaluated here are known to be safe to evaluate.
    """
    for node in ast.walk(tree):
        if not (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow)):
            continue
        if any(isinstance(inner, ast.Name) and inner.id == VARIABLE
               for inner in ast.walk(node.right)):
            continue
        try:
            exponent = _evaluate(node.right, 0.0)
        except OverflowError:
            exponent = math.inf
        except (ArithmeticError, ValueError) as error:
            _refuse(node.right, f"the exponent {ast.unparse(node.right)} has no value: {error}")
        if not abs(exponent) <= MAX_EXPONENT:
            _refuse(node.right, f"the exponent {ast.unparse(node.right)} is too large (at most "
                                f"{MAX_EXPONENT} in size)")


def _check_call(node):
    if isinstance(node.func, ast.Attribute):
        _refuse(node.func, _REFUSED_NODES["Attribute"])
    if not isinstance(node.func, ast.Name):
        _refuse(node, "only the listed functions may be called, by name, as in sin(x)")
    name = node.func.id
    if name not in FUNCTIONS:
        _refuse(node, f"the function {name!r} is not allowed: use {_allowed_names()}")
    if node.keywords:
        _refuse(node, f"{name}() takes no keyword arguments (name=value)")
    if any(isinstance(argument, ast.Starred) for argument in node.args):
        _refuse(node, _REFUSED_NODES["Starred"])
    _, fewest, most = FUNCTIONS[name]
    count = len(node.args)
    if count < fewest or (most is not None and count > most):
        expected = (f"{fewest}" if fewest == most else
                    f"at least {fewest}" if most is None else f"{fewest} or {most}")
        _refuse(node, f"{name}() takes {expected} argument{'s' if expected != '1' else ''}, "
                      f"not {count}")


def parse_expression(text):
    """Read ``text`` as an expression in x and return it as an Expression (callable f(x)).

    Raises ExpressionError, with what is wrong and where, for anything not allowed.
    """
    if not isinstance(text, str):
        raise ExpressionError(f"an expression must be text (str), not {type(text).__name__}")
    source = text.strip()
    if not source:
        raise ExpressionError("the expression is empty: write one in x, such as 2*x**2")
    if len(source) > MAX_LENGTH:
        raise ExpressionError(f"the expression is too long ({len(source)} characters; at most "
                              f"{MAX_LENGTH})")
    try:
        # Only a syntax tree is built: ast.parse runs no code. Python's warnings about
        # the text (e.g. "invalid decimal literal") are left out: errors say it all.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SyntaxWarning)
            warnings.simplefilter("ignore", DeprecationWarning)
            tree = ast.parse(source, mode="eval")
    except SyntaxError as error:
        column = f" at column {error.offset}" if error.offset else ""
        raise ExpressionError(f"cannot read {source!r} as an expression{column}: {error.msg} "
                              f"(write products with * (2*x) and powers with ** (x**2))") from None
    except (ValueError, RecursionError, MemoryError) as error:
        raise ExpressionError(f"cannot read {source!r} as an expression: {error}") from None
    _check(tree)
    _check_exponents(tree)
    return Expression(source, ast.unparse(tree), tree)


class Expression:
    """A checked expression in x: call it with a number to get a float.

    source: the text as given (stripped); text: the canonical text (spaces around
    operators, as ``ast.unparse`` writes it); tree: the checked syntax tree.
    """

    def __init__(self, source, text, tree):
        self.source = source
        self.text = text
        self.tree = tree

    def __repr__(self):
        return f"Expression({self.text!r})"

    def __call__(self, x):
        """The value at a finite x, a float; ExpressionError where there is no finite value
        (log(0), 1/x at 0, exp(1000), ...)."""
        try:
            x = float(x)
        except (TypeError, ValueError, OverflowError):
            raise ExpressionError(f"x must be a number, not {x!r}") from None
        if not math.isfinite(x):
            raise ExpressionError(f"x must be a finite number, not {x!r}")
        try:
            value = _evaluate(self.tree.body, x)
        except OverflowError:
            raise ExpressionError(f"{self.text} cannot be evaluated at x = {x!r}: the "
                                  f"calculation overflows float64") from None
        except (ArithmeticError, ValueError) as error:
            # ZeroDivisionError, math domain errors, a negative number ** a fraction
            raise ExpressionError(f"{self.text} cannot be evaluated at x = {x!r}: "
                                  f"{error}") from None
        # float64 arithmetic overflows to inf (1e308 * 10) without an error: make it one
        if not math.isfinite(value):
            raise ExpressionError(f"{self.text} cannot be evaluated at x = {x!r}: the "
                                  f"calculation overflows float64 (it gives {value!r})")
        return value


def _evaluate(node, x):
    """The value of a checked node at x (every number a float)."""
    if isinstance(node, ast.Constant):
        return float(node.value)
    if isinstance(node, ast.Name):
        return x if node.id == VARIABLE else CONSTANTS[node.id]
    if isinstance(node, ast.UnaryOp):
        operand = _evaluate(node.operand, x)
        return -operand if isinstance(node.op, ast.USub) else +operand
    if isinstance(node, ast.BinOp):
        left, right = _evaluate(node.left, x), _evaluate(node.right, x)
        result = _BINARY_OPERATORS[type(node.op)](left, right)
        # Python gives a complex number for a negative number to a fractional power
        if isinstance(result, complex):
            raise ValueError(f"{left!r} ** {right!r} is not a real number")
        return result
    # A call of one of FUNCTIONS (the only node left after _check)
    function = FUNCTIONS[node.func.id][0]
    return float(function(*(_evaluate(argument, x) for argument in node.args)))
