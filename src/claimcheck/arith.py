"""Interval arithmetic helpers and number formatting for computations.

A relation between stated figures is *consistent* when some values inside
every figure's interval satisfy it. These helpers compare intervals, measure
the gap between them and print quantities the way a reader wrote them.
"""

from __future__ import annotations

import math
from functools import lru_cache

INF = math.inf

Interval = tuple[float, float]

# Currency codes printed as the prefix a reader knows.
CURRENCY_PREFIX = {"USD": "$", "EUR": "€", "GBP": "£", "CNY": "RMB ", "HKD": "HK$", "JPY": "JPY "}
SCALES = ((1e12, "tn"), (1e9, "bn"), (1e6, "m"))


def widen(iv: Interval, value: float, tolerance: float) -> Interval:
    """Return `iv` widened by `tolerance` × |value| on both sides."""
    if tolerance <= 0:
        return iv
    slack = abs(value) * tolerance
    return iv[0] - slack, iv[1] + slack


def overlaps(a: Interval, b: Interval) -> bool:
    """Return True when intervals `a` and `b` share at least one point."""
    return a[0] <= b[1] and b[0] <= a[1]


def gap(a: Interval, b: Interval) -> float:
    """Return the distance between two intervals (0 when they overlap)."""
    if overlaps(a, b):
        return 0.0
    return b[0] - a[1] if a[1] < b[0] else a[0] - b[1]


def relative_gap(a: Interval, b: Interval, reference: float) -> float:
    """Return the gap between `a` and `b` relative to |reference| (inf if reference is 0)."""
    g = gap(a, b)
    if g == 0:
        return 0.0
    return g / abs(reference) if reference else INF


def relative_difference(computed: float, stated: float) -> float | None:
    """Return (computed - stated) / stated: how far the computation lands from the
    stated figure (525 vs 550 → -4.5%), or None when stated is 0 or not finite."""
    if not stated or math.isinf(stated) or math.isnan(stated) or math.isinf(computed) or math.isnan(computed):
        return None
    return (computed - stated) / stated


# NOTE: the findings of a long article print the same few values many times (two
# thirds of the calls on the benchmark corpus repeat one); equal numbers print
# alike, an int as its float (tests/test_rules_shortcuts.py).
@lru_cache(maxsize=1 << 14)
def num(x: float, digits: int = 3) -> str:
    """Return `x` with at most `digits` significant decimals, no trailing zeros."""
    if x is None:
        return "?"
    if math.isinf(x):
        return "∞" if x > 0 else "−∞"
    if x == 0:
        return "0"
    mag = abs(x)
    if mag >= 1000:
        s = f"{x:,.0f}"
    else:
        decimals = max(0, digits - int(math.floor(math.log10(mag))) - 1)
        s = f"{x:.{decimals}f}"
        if "." in s:
            s = s.rstrip("0").rstrip(".")
    return s.replace("-", "−")


def scale_for(x: float) -> tuple[float, str]:
    """Return the (divisor, suffix) that prints `x` most readably (bn, m, k or none)."""
    mag = abs(x)
    for div, suffix in SCALES:
        if mag >= div:
            return div, suffix
    return 1.0, ""


def quantity(x: float, unit: str | None, scale: tuple[float, str] | None = None, digits: int = 3) -> str:
    """Return `x` printed with its unit: "RMB 525 bn", "18.9%", "750×", "3.2 m".

    `digits` significant decimals (3 suits computed values; a stated figure
    is printed with more so that "$156.5 million" does not read "$156 m").
    """
    if x is None:
        return "?"
    if unit == "%":
        return f"{num(x, digits)}%"
    if unit == "pp":
        return f"{num(x, digits)} pp"
    if unit == "x":
        return f"{num(x, digits)}×"
    if math.isinf(x):
        return num(x)
    div, suffix = scale or scale_for(x)
    body = f"{num(x / div, digits)}{(' ' + suffix) if suffix else ''}"
    if unit and unit.isupper() and len(unit) == 3:
        prefix = CURRENCY_PREFIX.get(unit, unit + " ")
        return f"{prefix}{body}"
    return f"{body}{(' ' + unit) if unit else ''}"


def interval_text(iv: Interval, unit: str | None, scale: tuple[float, str] | None = None, digits: int = 4) -> str:
    """Return an interval printed once with its unit: "RMB 488–563 bn", "14.4–50%", "≥ $5 m"."""
    lo, hi = iv
    if math.isinf(hi) and math.isinf(lo):
        return "any value"
    # A one-sided bound is printed as a single quantity, one digit shorter than the ends of a range.
    if math.isinf(hi):
        return f"≥ {quantity(lo, unit, scale, digits - 1)}"
    if math.isinf(lo):
        return f"≤ {quantity(hi, unit, scale, digits - 1)}"
    if unit in ("%", "pp", "x"):
        return f"{num(lo, digits)}–{num(hi, digits)}{'%' if unit == '%' else ' pp' if unit == 'pp' else '×'}"
    div, suffix = scale or scale_for(max(abs(lo), abs(hi)))
    body = f"{num(lo / div, digits)}–{num(hi / div, digits)}{(' ' + suffix) if suffix else ''}"
    if unit and unit.isupper() and len(unit) == 3:
        return f"{CURRENCY_PREFIX.get(unit, unit + ' ')}{body}"
    return f"{body}{(' ' + unit) if unit else ''}"


def percent_text(x: float | None) -> str:
    """Return a signed percentage such as "−4.5%" (empty for None)."""
    if x is None:
        return ""
    return f"{'+' if x > 0 else ''}{num(x * 100, 2)}%"
