"""Tests for the safe formula parser (`claimcheck.expr`)."""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from claimcheck.errors import ClaimcheckError
from claimcheck.expr import (
    MAX_DEPTH,
    MAX_LENGTH,
    Binary,
    Call,
    Equation,
    Expr,
    ExpressionError,
    Name,
    Number,
    SolveError,
    Unary,
    parse_equation,
    parse_expression,
)

INF = math.inf


# --------------------------------------------------------------------------
# Parsing


def test_precedence_and_associativity() -> None:
    assert parse_expression("a + b * c") == Binary("+", Name("a"), Binary("*", Name("b"), Name("c")))
    assert parse_expression("a - b - c") == Binary("-", Binary("-", Name("a"), Name("b")), Name("c"))
    assert parse_expression("a / b / c") == Binary("/", Binary("/", Name("a"), Name("b")), Name("c"))
    assert parse_expression("-a * b") == Binary("*", Unary("-", Name("a")), Name("b"))
    assert parse_expression("(a + b) * c") == Binary("*", Binary("+", Name("a"), Name("b")), Name("c"))
    assert parse_expression("+a") == Name("a")


def test_numbers() -> None:
    assert parse_expression("12") == Number(12.0)
    assert parse_expression("0.5") == Number(0.5)
    assert parse_expression(".5") == Number(0.5)
    assert parse_expression("1e3") == Number(1000.0)
    assert parse_expression("2.5E-2") == Number(0.025)


def test_functions() -> None:
    expr = parse_expression("max(a, 2, -b) + abs(c) - min(d)")
    assert expr.names() == {"a", "b", "c", "d"}
    assert isinstance(expr, Binary)
    assert expr.evaluate({"a": 1, "b": -5, "c": -3, "d": 4}) == 5 + 3 - 4


def test_positions_are_ignored_by_equality() -> None:
    assert parse_expression("a+b") == parse_expression("  a  +  b ")


def test_names_and_evaluate() -> None:
    expr = parse_expression("revenue * price_to_sales")
    assert expr.names() == {"revenue", "price_to_sales"}
    assert expr.evaluate({"revenue": 0.7e9, "price_to_sales": 750}) == pytest.approx(525e9)


def test_evaluate_missing_name_reports_position() -> None:
    with pytest.raises(ExpressionError) as info:
        parse_expression("a + bee").evaluate({"a": 1})
    assert info.value.position == 4
    assert info.value.column == 5
    assert "bee" in str(info.value)


def test_evaluate_division_by_zero_is_ieee() -> None:
    assert parse_expression("1 / x").evaluate({"x": 0}) == INF
    assert parse_expression("-1 / x").evaluate({"x": 0}) == -INF
    assert math.isnan(parse_expression("x / x").evaluate({"x": 0}))


@pytest.mark.parametrize(
    ("src", "column", "fragment"),
    [
        ("a +", 4, "end of formula"),
        ("a ^ b", 3, "'^'"),
        ("2x", 2, "after number"),
        ("Revenue", 1, "lowercase"),
        ("min(a", 6, "expected ')'"),
        ("abs(a, b)", 1, "exactly 1"),
        ("foo(a)", 1, "unknown function"),
        ("min + 1", 1, "is a function"),
        ("a b", 3, "unexpected 'b'"),
        ("a = b", 3, "unexpected '='"),
        ("()", 2, "expected a number"),
        ("", 1, "empty"),
        ("1" * 400, 1, "too large"),
    ],
)
def test_syntax_errors_carry_the_column(src: str, column: int, fragment: str) -> None:
    with pytest.raises(ExpressionError) as info:
        parse_expression(src)
    assert info.value.column == column
    assert fragment in str(info.value)
    assert str(info.value).startswith(f"column {column}:")


def test_expression_error_is_a_claimcheck_error() -> None:
    assert issubclass(ExpressionError, ClaimcheckError)
    assert issubclass(SolveError, ExpressionError)


def test_too_long_is_rejected() -> None:
    src = "+".join(["a"] * (MAX_LENGTH // 2 + 1))
    with pytest.raises(ExpressionError, match="longer than"):
        parse_expression(src)


@pytest.mark.parametrize(
    "src",
    [
        "(" * (MAX_DEPTH + 1) + "a" + ")" * (MAX_DEPTH + 1),
        "-" * (MAX_DEPTH + 1) + "a",
        "abs(" * (MAX_DEPTH + 1) + "a" + ")" * (MAX_DEPTH + 1),
        "+".join(["a"] * (MAX_DEPTH + 2)),
        "(" * 499 + ")" * 499,
        "-" * 999 + "a",
    ],
)
def test_deep_nesting_is_rejected_without_recursion_error(src: str) -> None:
    with pytest.raises(ExpressionError):
        parse_expression(src)


def test_nesting_at_the_limit_is_accepted() -> None:
    src = "(" * (MAX_DEPTH - 1) + "a" + ")" * (MAX_DEPTH - 1)
    assert parse_expression(src) == Name("a")


# --------------------------------------------------------------------------
# Equations


def test_parse_equation() -> None:
    eq = parse_equation("valuation = revenue * price_to_sales")
    assert isinstance(eq, Equation)
    assert eq.lhs == Name("valuation")
    assert eq.names() == {"valuation", "revenue", "price_to_sales"}
    assert str(eq) == "valuation = revenue * price_to_sales"


@pytest.mark.parametrize(("src", "column"), [("a + b", 6), ("a = b = c", 7), ("= b", 1), ("a =", 4)])
def test_bad_equations(src: str, column: int) -> None:
    with pytest.raises(ExpressionError) as info:
        parse_equation(src)
    assert info.value.column == column


def test_solve_for_the_worked_example() -> None:
    eq = parse_equation("valuation = revenue * price_to_sales")
    assert str(eq.solve_for("valuation")) == "revenue * price_to_sales"
    assert str(eq.solve_for("revenue")) == "valuation / price_to_sales"
    assert str(eq.solve_for("price_to_sales")) == "valuation / revenue"


@pytest.mark.parametrize(
    "formula",
    [
        "margin = profit / revenue * 100",
        "profit = revenue - costs",
        "arr = mrr * 12",
        "share = part / whole * 100",
        "a = -(b - c) / (d + e)",
        "a + b = c - d * e",
        "-a = b / (c - d)",
        "a * 2 = max(b, c) - d",
    ],
)
def test_solve_for_every_name_round_trips(formula: str) -> None:
    eq = parse_equation(formula)
    env = {name: 1.0 + 0.37 * i for i, name in enumerate(sorted(eq.names()))}
    solvable = sorted(name for name in eq.names() if eq.solvable_for(name))
    assert solvable
    # Make the equation hold by solving for one name, then check every other.
    env[solvable[0]] = eq.solve_for(solvable[0]).evaluate(env)
    for name in solvable:
        solved = eq.solve_for(name)
        assert name not in solved.names()
        assert solved.evaluate(env) == pytest.approx(env[name], rel=1e-9)
    assert ("max" in formula) == (len(solvable) < len(eq.names()))


def test_solve_for_errors() -> None:
    with pytest.raises(SolveError, match="does not occur"):
        parse_equation("a = b").solve_for("z")
    with pytest.raises(SolveError, match="2 times"):
        parse_equation("a = b * b").solve_for("b")
    with pytest.raises(SolveError, match=r"abs\(\)"):
        parse_equation("a = abs(b)").solve_for("b")
    assert not parse_equation("a = abs(b)").solvable_for("b")
    assert parse_equation("a = abs(b)").solvable_for("a")


# --------------------------------------------------------------------------
# Pretty printing


@pytest.mark.parametrize(
    "src",
    [
        "a - (b - c)",
        "a / (b * c)",
        "a * (b / c)",
        "-(a + b)",
        "-(-a)",
        "a * -b",
        "(a + b) * (c - d)",
        "max(a, b + 1) / 2",
        "a - -3",
        "0.0015 * x",
        "1e+20 * x",
    ],
)
def test_str_round_trips(src: str) -> None:
    expr = parse_expression(src)
    assert parse_expression(str(expr)) == expr
    assert str(parse_expression(str(expr))) == str(expr)


def test_str_drops_needless_brackets() -> None:
    assert str(parse_expression("((a)) + (b * c)")) == "a + b * c"
    assert str(parse_expression("(a - b) - c")) == "a - b - c"


# --------------------------------------------------------------------------
# Interval arithmetic


def test_interval_worked_example() -> None:
    expr = parse_expression("revenue * price_to_sales")
    low, high = expr.interval({"revenue": (650e6, 750e6), "price_to_sales": (749.5, 750.5)})
    assert low <= 550e9 <= high
    assert low == pytest.approx(650e6 * 749.5)
    assert high == pytest.approx(750e6 * 750.5)


def test_interval_with_negative_bounds() -> None:
    assert parse_expression("a * b").interval({"a": (-2, 3), "b": (-5, 4)}) == (-15, 12)
    assert parse_expression("a * b").interval({"a": (-2, -1), "b": (-5, -4)}) == (4, 10)
    assert parse_expression("a - b").interval({"a": (1, 2), "b": (-1, 5)}) == (-4, 3)
    assert parse_expression("-a").interval({"a": (1, 2)}) == (-2, -1)


def test_interval_division() -> None:
    assert parse_expression("a / b").interval({"a": (1, 2), "b": (-1, 1)}) == (-INF, INF)
    assert parse_expression("a / b").interval({"a": (1, 2), "b": (0, 1)}) == (-INF, INF)
    assert parse_expression("a / b").interval({"a": (1, 2), "b": (2, 4)}) == (0.25, 1)
    assert parse_expression("a / b").interval({"a": (-2, 1), "b": (-4, -2)}) == (-0.5, 1)


def test_interval_infinite_bounds() -> None:
    env = {"a": (0.0, INF), "b": (2.0, 3.0), "c": (-INF, -1.0)}
    assert parse_expression("a * b").interval(env) == (0, INF)
    assert parse_expression("a + c").interval(env) == (-INF, INF)
    assert parse_expression("a - c").interval(env) == (1, INF)
    assert parse_expression("a * c").interval(env) == (-INF, 0)
    assert parse_expression("b / a").interval(env) == (-INF, INF)
    assert parse_expression("a / c").interval(env) == (-INF, 0)
    assert parse_expression("c / c").interval(env) == (0, INF)


def test_interval_functions() -> None:
    env = {"a": (-3.0, 1.0), "b": (0.0, 2.0)}
    assert parse_expression("abs(a)").interval(env) == (0, 3)
    assert parse_expression("abs(-b - 1)").interval(env) == (1, 3)
    assert parse_expression("min(a, b)").interval(env) == (-3, 1)
    assert parse_expression("max(a, b)").interval(env) == (0, 2)


def test_interval_rejects_bad_input() -> None:
    with pytest.raises(ExpressionError, match="invalid interval"):
        parse_expression("a").interval({"a": (2, 1)})
    with pytest.raises(ExpressionError, match="no interval"):
        parse_expression("a").interval({})


# --------------------------------------------------------------------------
# Properties


@settings(max_examples=500)
@given(st.text(max_size=60))
def test_arbitrary_text_raises_only_expression_error(src: str) -> None:
    for parse in (parse_expression, parse_equation):
        try:
            parse(src)
        except ExpressionError:
            pass


FORMULA_ALPHABET = st.sampled_from(list("ab01.+-*/()=, e") + ["min(", "max(", "abs(", "x_1"])


@settings(max_examples=500)
@given(st.lists(FORMULA_ALPHABET, max_size=40).map("".join))
def test_formula_like_text_raises_only_expression_error(src: str) -> None:
    for parse in (parse_expression, parse_equation):
        try:
            result = parse(src)
        except ExpressionError:
            continue
        assert str(result)


@given(st.integers(min_value=0, max_value=1200), st.sampled_from(["(", "-", "abs(", "a+", "min(a,"]))
def test_long_and_deep_inputs_never_recurse(n: int, unit: str) -> None:
    try:
        parse_expression(unit * n + "a")
    except ExpressionError:
        pass


NAMES = ("a", "b", "c")
FINITE = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)


def expressions(
    numbers: st.SearchStrategy[float] = st.floats(min_value=-100, max_value=100, allow_nan=False),
) -> st.SearchStrategy[Expr]:
    leaves = st.one_of(st.sampled_from(NAMES).map(Name), numbers.map(lambda v: Number(float(v))))

    def extend(children: st.SearchStrategy[Expr]) -> st.SearchStrategy[Expr]:
        return st.one_of(
            st.builds(Binary, st.sampled_from("+-*/"), children, children),
            st.builds(Unary, st.just("-"), children),
            st.builds(Call, st.sampled_from(["min", "max"]), st.lists(children, min_size=1, max_size=3).map(tuple)),
            st.builds(Call, st.just("abs"), children.map(lambda c: (c,))),
        )

    return st.recursive(leaves, extend, max_leaves=12)


@st.composite
def bound_around(draw: st.DrawFn, point: float) -> tuple[float, float]:
    below = draw(st.one_of(st.just(0.0), st.floats(0, 1e3), st.just(INF)))
    above = draw(st.one_of(st.just(0.0), st.floats(0, 1e3), st.just(INF)))
    return (point - below, point + above)


@settings(max_examples=400)
@given(expressions(), st.data())
def test_point_value_lies_inside_interval(expr: Expr, data: st.DataObject) -> None:
    points = {name: data.draw(FINITE, label=name) for name in NAMES}
    env = {name: data.draw(bound_around(points[name]), label=f"{name}_interval") for name in NAMES}
    value = expr.evaluate(points)
    assume(not math.isnan(value))
    low, high = expr.interval(env)
    assert low <= value <= high


@settings(max_examples=300)
@given(expressions())
def test_str_round_trips_for_generated_trees(expr: Expr) -> None:
    assume(all(not isinstance(n, Number) or n.value >= 0 for n in expr.walk()))
    assume(expr.depth <= MAX_DEPTH)
    text = str(expr)
    if len(text) <= MAX_LENGTH:
        assert parse_expression(text) == expr


def solvable_for_a() -> st.SearchStrategy[Expr]:
    """Trees in which `a` occurs exactly once, outside min/max/abs."""
    others = st.recursive(
        st.one_of(st.sampled_from(("b", "c")).map(Name), st.integers(1, 9).map(lambda v: Number(float(v)))),
        lambda children: st.builds(Binary, st.sampled_from("+-*/"), children, children),
        max_leaves=4,
    )
    holder = st.deferred(
        lambda: st.one_of(
            st.just(Name("a")),
            st.just(Name("a")),
            st.builds(Unary, st.just("-"), holder),
            st.builds(Binary, st.sampled_from("+-*/"), holder, others),
            st.builds(Binary, st.sampled_from("+-*/"), others, holder),
        )
    )
    return holder


@settings(max_examples=300)
@given(solvable_for_a(), st.data())
def test_solve_for_agrees_with_evaluate(expr: Expr, data: st.DataObject) -> None:
    eq = Equation(Name("y"), expr)
    # Well-conditioned inputs: the test is about the algebra, not rounding.
    points = {n: float(data.draw(st.integers(min_value=1, max_value=20), label=n)) for n in NAMES}
    points["y"] = expr.evaluate(points)
    assume(math.isfinite(points["y"]))
    solved = eq.solve_for("a")
    assert "a" not in solved.names()
    value = solved.evaluate(points)
    assume(math.isfinite(value))
    # Either the solution recovers `a`, or (where `a` barely moves `y`, an
    # ill-conditioned tree) plugging it back in reproduces `y`.
    recovered = value == pytest.approx(points["a"], rel=1e-6, abs=1e-6)
    back = expr.evaluate({**points, "a": value})
    assert recovered or back == pytest.approx(points["y"], rel=1e-9)
