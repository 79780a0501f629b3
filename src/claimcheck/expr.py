"""A small, safe expression parser for the formulas in rule packs.

Rule packs state identities between metrics as text (`valuation = revenue *
price_to_sales`). This module turns such text into a tree that can be
evaluated on numbers, evaluated on intervals (for rounding-aware checks) and
rearranged for any one of its names. It never calls `eval`, `exec`,
`compile` or `ast`: a hand-written tokenizer feeds a Pratt parser.

Grammar::

    equation   := expression "=" expression
    expression := term (("+" | "-") term)*
    term       := unary (("*" | "/") unary)*
    unary      := "-" unary | "+" unary | atom
    atom       := NUMBER | NAME | FUNCTION "(" expression ("," expression)* ")"
                | "(" expression ")"
    NUMBER     := digits ["." digits] [("e" | "E") ["+" | "-"] digits]  (or ".5")
    NAME       := [a-z_][a-z0-9_]*          (not one of the function names)
    FUNCTION   := "min" | "max" | "abs"

Unary minus binds tighter than `*` and `/` (`-a * b` is `(-a) * b`); all
binary operators are left-associative. Inputs longer than `MAX_LENGTH`
characters, or whose brackets, unary signs, calls or syntax tree nest deeper
than `MAX_DEPTH` levels, are rejected with `ExpressionError`, so no input can
exhaust the stack.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

from claimcheck.errors import ClaimcheckError

__all__ = [
    "FUNCTIONS",
    "MAX_DEPTH",
    "MAX_LENGTH",
    "Binary",
    "Call",
    "Equation",
    "Expr",
    "ExpressionError",
    "Interval",
    "Name",
    "Number",
    "SolveError",
    "Unary",
    "parse_equation",
    "parse_expression",
]

MAX_LENGTH = 1000
MAX_DEPTH = 100

# name -> (minimum number of arguments, maximum number of arguments or None)
FUNCTIONS: dict[str, tuple[int, int | None]] = {"min": (1, None), "max": (1, None), "abs": (1, 1)}

INF = math.inf

Interval = tuple[float, float]


class ExpressionError(ClaimcheckError):
    """A formula could not be parsed, evaluated or rearranged.

    `position` is the 0-based offset of the problem in the formula text and
    `column` the same position counted from 1; the message starts with the
    column ("column 7: unknown character '^'").
    """

    def __init__(self, message: str, position: int = 0) -> None:
        self.message = message
        self.position = position
        self.column = position + 1
        super().__init__(f"column {self.column}: {message}")


class SolveError(ExpressionError):
    """`Equation.solve_for` cannot isolate the name: it is absent, occurs more
    than once, or sits inside `min`, `max` or `abs`."""


# --------------------------------------------------------------------------
# Tokens


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "num", "name", "op" or "end"
    text: str
    position: int
    value: float = 0.0


_OPERATORS = frozenset("+-*/(),=")


def _is_name_start(ch: str) -> bool:
    return ("a" <= ch <= "z") or ch == "_"


def _is_name_char(ch: str) -> bool:
    return ("a" <= ch <= "z") or ("0" <= ch <= "9") or ch == "_"


def _is_digit(ch: str) -> bool:
    return "0" <= ch <= "9"


def _tokenize(src: str) -> list[_Token]:
    """Return the tokens of `src`, ending with an "end" token."""
    tokens: list[_Token] = []
    i = 0
    n = len(src)
    while i < n:
        ch = src[i]
        if ch in " \t\r\n":
            i += 1
        elif _is_digit(ch) or (ch == "." and i + 1 < n and _is_digit(src[i + 1])):
            start = i
            while i < n and _is_digit(src[i]):
                i += 1
            if i < n and src[i] == ".":
                i += 1
                while i < n and _is_digit(src[i]):
                    i += 1
            if i < n and src[i] in "eE":
                j = i + 1
                if j < n and src[j] in "+-":
                    j += 1
                if j < n and _is_digit(src[j]):
                    i = j
                    while i < n and _is_digit(src[i]):
                        i += 1
            text = src[start:i]
            value = float(text)
            if math.isinf(value):
                raise ExpressionError(f"number {text[:20]!r} is too large", start)
            if i < n and _is_name_char(src[i]):
                raise ExpressionError(f"unexpected {src[i]!r} after number {text[:20]!r}", i)
            tokens.append(_Token("num", text, start, value))
        elif _is_name_start(ch):
            start = i
            while i < n and _is_name_char(src[i]):
                i += 1
            tokens.append(_Token("name", src[start:i], start))
        elif ch in _OPERATORS:
            tokens.append(_Token("op", ch, i))
            i += 1
        elif "A" <= ch <= "Z":
            raise ExpressionError(f"unexpected character {ch!r} (names are lowercase)", i)
        else:
            raise ExpressionError(f"unexpected character {ch!r}", i)
    tokens.append(_Token("end", "", n))
    return tokens


# --------------------------------------------------------------------------
# Syntax tree


@dataclass(frozen=True, eq=True)
class Expr:
    """Base class of expression nodes.

    Nodes are immutable and compare by structure (positions are ignored).
    `position` is the 0-based offset of the node's token in the source text
    (0 for nodes built by `solve_for`); `depth` is the height of the subtree.
    """

    position: int = field(default=0, compare=False, kw_only=True)
    # The height of the subtree (1 for a number or a name), computed once.
    depth: int = field(default=1, init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        height = 1 + max((c.depth for c in self.children()), default=0)
        object.__setattr__(self, "depth", height)

    # Overridden by every node type.
    def children(self) -> tuple[Expr, ...]:
        """Return the direct sub-expressions of this node."""
        return ()

    def names(self) -> set[str]:
        """Return the set of variable names this expression uses."""
        found: set[str] = set()
        for node in self.walk():
            if isinstance(node, Name):
                found.add(node.id)
        return found

    def walk(self) -> Iterator[Expr]:
        """Yield every node of the tree, this one first (iteratively, no recursion)."""
        stack: list[Expr] = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children()))

    def count(self, name: str) -> int:
        """Return how many times `name` occurs in this expression."""
        return sum(1 for node in self.walk() if isinstance(node, Name) and node.id == name)

    def evaluate(self, env: Mapping[str, float]) -> float:
        """Return the value of the expression with names bound by `env`.

        Arithmetic follows IEEE 754: dividing a non-zero number by zero gives
        ±inf and undefined results (0/0, inf - inf) give nan. A name missing
        from `env` raises `ExpressionError` at the name's position.
        """
        raise NotImplementedError

    def interval(self, env: Mapping[str, Interval]) -> Interval:
        """Return the (low, high) range of the expression when every name
        takes any value inside its interval in `env`.

        The result encloses every point value (`evaluate`) of inputs inside
        the intervals; bounds may be infinite. Division by an interval that
        contains 0 gives (-inf, inf). Endpoint products of 0 and an infinite
        bound count as 0. A missing name, or an interval with a nan bound or
        low > high, raises `ExpressionError`.
        """
        raise NotImplementedError

    def precedence(self) -> int:
        """Return the binding strength used to decide on brackets when printing."""
        return _ATOM


_ADD = 1
_MUL = 2
_UNARY = 3
_ATOM = 4


@dataclass(frozen=True)
class Number(Expr):
    """A numeric literal."""

    value: float

    def evaluate(self, env: Mapping[str, float]) -> float:
        return self.value

    def interval(self, env: Mapping[str, Interval]) -> Interval:
        return (self.value, self.value)

    def __str__(self) -> str:
        v = self.value
        if v == int(v) and abs(v) < 1e16:
            return str(int(v))
        return repr(v)


@dataclass(frozen=True)
class Name(Expr):
    """A variable: in rule packs, a metric id."""

    id: str

    def evaluate(self, env: Mapping[str, float]) -> float:
        try:
            return float(env[self.id])
        except KeyError:
            raise ExpressionError(f"no value for {self.id!r}", self.position) from None

    def interval(self, env: Mapping[str, Interval]) -> Interval:
        try:
            low, high = env[self.id]
        except KeyError:
            raise ExpressionError(f"no interval for {self.id!r}", self.position) from None
        low, high = float(low), float(high)
        if math.isnan(low) or math.isnan(high) or low > high:
            raise ExpressionError(f"invalid interval for {self.id!r}: ({low}, {high})", self.position)
        return (low, high)

    def __str__(self) -> str:
        return self.id


@dataclass(frozen=True)
class Unary(Expr):
    """Unary minus (`op` is "-"); unary plus is dropped by the parser."""

    op: str
    operand: Expr

    def children(self) -> tuple[Expr, ...]:
        return (self.operand,)

    def evaluate(self, env: Mapping[str, float]) -> float:
        return -self.operand.evaluate(env)

    def interval(self, env: Mapping[str, Interval]) -> Interval:
        low, high = self.operand.interval(env)
        return (-high, -low)

    def precedence(self) -> int:
        return _UNARY

    def __str__(self) -> str:
        inner = str(self.operand)
        # "-(-x)" rather than "--x"; "-(a + b)" keeps its brackets.
        if self.operand.precedence() <= _UNARY:
            inner = f"({inner})"
        return f"-{inner}"


@dataclass(frozen=True)
class Binary(Expr):
    """A binary operation: `op` is one of "+", "-", "*", "/"."""

    op: str
    left: Expr
    right: Expr

    def children(self) -> tuple[Expr, ...]:
        return (self.left, self.right)

    def evaluate(self, env: Mapping[str, float]) -> float:
        a = self.left.evaluate(env)
        b = self.right.evaluate(env)
        return _POINT_OPS[self.op](a, b)

    def interval(self, env: Mapping[str, Interval]) -> Interval:
        a = self.left.interval(env)
        b = self.right.interval(env)
        return _INTERVAL_OPS[self.op](a, b)

    def precedence(self) -> int:
        return _ADD if self.op in "+-" else _MUL

    def __str__(self) -> str:
        mine = self.precedence()
        left = str(self.left)
        if self.left.precedence() < mine:
            left = f"({left})"
        right = str(self.right)
        # Brackets on an equal-precedence right operand keep the tree shape
        # (a - (b - c)) and so make parse(str(e)) == e.
        if self.right.precedence() <= mine:
            right = f"({right})"
        return f"{left} {self.op} {right}"


@dataclass(frozen=True)
class Call(Expr):
    """A call of one of the built-in functions `min`, `max`, `abs`."""

    func: str
    args: tuple[Expr, ...]

    def children(self) -> tuple[Expr, ...]:
        return self.args

    def evaluate(self, env: Mapping[str, float]) -> float:
        values = [a.evaluate(env) for a in self.args]
        if self.func == "abs":
            return abs(values[0])
        if any(math.isnan(v) for v in values):
            return math.nan
        return min(values) if self.func == "min" else max(values)

    def interval(self, env: Mapping[str, Interval]) -> Interval:
        ivs = [a.interval(env) for a in self.args]
        if self.func == "abs":
            low, high = ivs[0]
            if low >= 0:
                return (low, high)
            if high <= 0:
                return (-high, -low)
            return (0.0, max(-low, high))
        if self.func == "min":
            return (min(iv[0] for iv in ivs), min(iv[1] for iv in ivs))
        return (max(iv[0] for iv in ivs), max(iv[1] for iv in ivs))

    def __str__(self) -> str:
        return f"{self.func}({', '.join(str(a) for a in self.args)})"


# --------------------------------------------------------------------------
# Point and interval arithmetic


def _div(a: float, b: float) -> float:
    if b == 0:
        if a == 0 or math.isnan(a):
            return math.nan
        return math.copysign(INF, a) * math.copysign(1.0, b)
    return a / b


_POINT_OPS: dict[str, Callable[[float, float], float]] = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": _div,
}


def _iv_add(a: Interval, b: Interval) -> Interval:
    low = a[0] + b[0]
    high = a[1] + b[1]
    # inf + -inf only happens with an infinite endpoint on each side: the
    # sum is then unbounded in that direction.
    return (-INF if math.isnan(low) else low, INF if math.isnan(high) else high)


def _iv_sub(a: Interval, b: Interval) -> Interval:
    return _iv_add(a, (-b[1], -b[0]))


def _bound_mul(x: float, y: float) -> float:
    # An endpoint 0 times an infinite endpoint: x = 0 exactly gives 0 for
    # every finite y, so 0 is the limit value that belongs in the hull.
    if x == 0 or y == 0:
        return 0.0
    return x * y


def _iv_mul(a: Interval, b: Interval) -> Interval:
    products = (_bound_mul(a[0], b[0]), _bound_mul(a[0], b[1]), _bound_mul(a[1], b[0]), _bound_mul(a[1], b[1]))
    return (min(products), max(products))


def _iv_div(a: Interval, b: Interval) -> Interval:
    if b[0] <= 0 <= b[1]:
        return (-INF, INF)
    quotients: list[float] = []
    for x in a:
        for y in b:
            if math.isinf(x) and math.isinf(y):
                # inf / inf: the quotient can be any value of that sign.
                sign = math.copysign(1.0, x) * math.copysign(1.0, y)
                quotients.extend((0.0, sign * INF))
            else:
                quotients.append(x / y)
    return (min(quotients), max(quotients))


_INTERVAL_OPS: dict[str, Callable[[Interval, Interval], Interval]] = {
    "+": _iv_add,
    "-": _iv_sub,
    "*": _iv_mul,
    "/": _iv_div,
}


# --------------------------------------------------------------------------
# Parser


_BINARY_POWER = {"+": _ADD, "-": _ADD, "*": _MUL, "/": _MUL}


class _Parser:
    """A Pratt parser over the token list; `nesting` bounds its recursion."""

    def __init__(self, src: str) -> None:
        self.src = src
        self.tokens = _tokenize(src)
        self.index = 0
        self.nesting = 0

    def peek(self) -> _Token:
        return self.tokens[self.index]

    def advance(self) -> _Token:
        token = self.tokens[self.index]
        if token.kind != "end":
            self.index += 1
        return token

    def expect(self, text: str) -> _Token:
        token = self.peek()
        if token.kind == "op" and token.text == text:
            return self.advance()
        raise ExpressionError(f"expected {text!r}, found {_describe(token)}", token.position)

    def enter(self, position: int) -> None:
        self.nesting += 1
        if self.nesting > MAX_DEPTH:
            raise ExpressionError(f"expression nests more than {MAX_DEPTH} levels", position)

    def leave(self) -> None:
        self.nesting -= 1

    def expression(self, min_power: int = _ADD) -> Expr:
        left = self.prefix()
        while True:
            token = self.peek()
            power = _BINARY_POWER.get(token.text) if token.kind == "op" else None
            if power is None or power < min_power:
                return left
            self.advance()
            # Left-associative: the right operand binds strictly tighter.
            right = self.expression(power + 1)
            node = Binary(token.text, left, right, position=token.position)
            if node.depth > MAX_DEPTH:
                raise ExpressionError(f"expression is more than {MAX_DEPTH} operations deep", token.position)
            left = node

    def prefix(self) -> Expr:
        token = self.advance()
        if token.kind == "num":
            return Number(token.value, position=token.position)
        if token.kind == "name":
            if token.text in FUNCTIONS:
                return self.call(token)
            nxt = self.peek()
            if nxt.kind == "op" and nxt.text == "(":
                raise ExpressionError(
                    f"unknown function {token.text!r} (known: {', '.join(sorted(FUNCTIONS))})", token.position
                )
            return Name(token.text, position=token.position)
        if token.kind == "op" and token.text in "+-":
            self.enter(token.position)
            operand = self.expression(_UNARY)
            self.leave()
            if token.text == "+":
                return operand
            node = Unary("-", operand, position=token.position)
            if node.depth > MAX_DEPTH:
                raise ExpressionError(f"expression nests more than {MAX_DEPTH} levels", token.position)
            return node
        if token.kind == "op" and token.text == "(":
            self.enter(token.position)
            inner = self.expression()
            self.expect(")")
            self.leave()
            return inner
        raise ExpressionError(f"expected a number, a name or '(', found {_describe(token)}", token.position)

    def call(self, name: _Token) -> Expr:
        nxt = self.peek()
        if not (nxt.kind == "op" and nxt.text == "("):
            raise ExpressionError(f"{name.text!r} is a function: write {name.text}(...)", name.position)
        self.advance()
        self.enter(name.position)
        args = [self.expression()]
        while self.peek().kind == "op" and self.peek().text == ",":
            self.advance()
            args.append(self.expression())
        self.expect(")")
        self.leave()
        low, high = FUNCTIONS[name.text]
        if len(args) < low or (high is not None and len(args) > high):
            wanted = f"exactly {low}" if low == high else f"at least {low}"
            raise ExpressionError(f"{name.text}() takes {wanted} argument(s), got {len(args)}", name.position)
        node = Call(name.text, tuple(args), position=name.position)
        if node.depth > MAX_DEPTH:
            raise ExpressionError(f"expression nests more than {MAX_DEPTH} levels", name.position)
        return node

    def finish(self) -> None:
        token = self.peek()
        if token.kind != "end":
            raise ExpressionError(f"unexpected {_describe(token)}", token.position)


def _describe(token: _Token) -> str:
    if token.kind == "end":
        return "end of formula"
    return repr(token.text[:20])


def _check_source(src: str) -> None:
    if not isinstance(src, str):
        raise ExpressionError(f"a formula must be a string, not {type(src).__name__}", 0)
    if len(src) > MAX_LENGTH:
        raise ExpressionError(f"formula is longer than {MAX_LENGTH} characters", MAX_LENGTH)
    if not src.strip():
        raise ExpressionError("empty formula", 0)


def parse_expression(src: str) -> Expr:
    """Return the syntax tree of the expression `src` (no `=` allowed).

    Raises `ExpressionError`, with the column of the problem, for any input
    that is not a valid expression.
    """
    _check_source(src)
    parser = _Parser(src)
    expr = parser.expression()
    parser.finish()
    return expr


# --------------------------------------------------------------------------
# Equations


@dataclass(frozen=True)
class Equation:
    """An equation `lhs = rhs` between two expressions."""

    lhs: Expr
    rhs: Expr
    source: str = field(default="", compare=False)

    def names(self) -> set[str]:
        """Return the names used on either side."""
        return self.lhs.names() | self.rhs.names()

    def __str__(self) -> str:
        return f"{self.lhs} = {self.rhs}"

    def solvable_for(self, name: str) -> bool:
        """Return True when `solve_for(name)` would succeed."""
        try:
            self.solve_for(name)
        except SolveError:
            return False
        return True

    def solve_for(self, name: str) -> Expr:
        """Return an expression for `name` in terms of the other names.

        The equation is rearranged through `+`, `-`, `*`, `/` and unary
        minus; for `valuation = revenue * price_to_sales`, solving for
        `revenue` gives `valuation / price_to_sales`. Solving for the name
        already alone on one side returns the other side unchanged.

        Raises `SolveError` (an `ExpressionError`) when `name` does not occur
        exactly once in the equation, or occurs inside `min`, `max` or `abs`.
        """
        count = self.lhs.count(name) + self.rhs.count(name)
        if count == 0:
            raise SolveError(f"cannot solve for {name!r}: it does not occur in {self}", 0)
        if count > 1:
            raise SolveError(f"cannot solve for {name!r}: it occurs {count} times in {self}", 0)
        if self.lhs.count(name):
            target, other = self.lhs, self.rhs
        else:
            target, other = self.rhs, self.lhs
        # Peel one operation off the side holding `name` per step; the loop
        # is iterative so deep trees cannot exhaust the stack.
        while not isinstance(target, Name):
            if isinstance(target, Unary):
                target, other = target.operand, Unary("-", other)
            elif isinstance(target, Binary):
                in_left = target.left.count(name) > 0
                a, b = target.left, target.right
                if target.op == "+":
                    target, other = (a, Binary("-", other, b)) if in_left else (b, Binary("-", other, a))
                elif target.op == "-":
                    target, other = (a, Binary("+", other, b)) if in_left else (b, Binary("-", a, other))
                elif target.op == "*":
                    target, other = (a, Binary("/", other, b)) if in_left else (b, Binary("/", other, a))
                else:
                    target, other = (a, Binary("*", other, b)) if in_left else (b, Binary("/", a, other))
            else:
                position = target.position
                func = target.func if isinstance(target, Call) else "?"
                raise SolveError(f"cannot solve for {name!r}: it occurs inside {func}()", position)
        return other


def parse_equation(src: str) -> Equation:
    """Return the `Equation` parsed from `src` ("lhs = rhs", exactly one `=`).

    Raises `ExpressionError`, with the column of the problem, when `src` is
    not a valid equation.
    """
    _check_source(src)
    parser = _Parser(src)
    lhs = parser.expression()
    token = parser.peek()
    if token.kind == "end":
        raise ExpressionError("expected '=' in equation, found end of formula", token.position)
    parser.expect("=")
    rhs = parser.expression()
    parser.finish()
    return Equation(lhs, rhs, source=src)
