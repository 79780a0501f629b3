"""Rates family (CC3xx): percent vs percentage points; impossible rates and shares.

CC301 reads a change of a metric that is itself a percentage (a retention rate,
a margin, a share) stated in "%" and shows both readings — percentage points
and relative percent — with the base each needs. CC302 flags rates and shares
outside their possible range and decreases of more than 100%.
"""

from __future__ import annotations

import math

from claimcheck import arith
from claimcheck.models import Computation
from claimcheck.rules.context import Context, finding, operand, readings_of, ref
from claimcheck.rules.registry import rule


# A value no cache holds (None is a cached answer).
_MISSING = object()
_PERCENT = frozenset({"percent"})


def _metric(ctx: Context, mid: str | None):
    return ctx.packs.metrics.get(mid) if mid else None


def _bounds(metric, key: str = "range") -> tuple[float, float]:
    """Return the (low, high) of a metric's range (or typical range), unbounded if unset."""
    rng = getattr(metric, key, None)
    if rng is None and key != "range":
        rng = getattr(metric, "range", None)
    if rng is None:
        return -math.inf, math.inf
    if isinstance(rng, (tuple, list)):
        return float(rng[0]), float(rng[1])
    return float(getattr(rng, "low", -math.inf)), float(getattr(rng, "high", math.inf))


@rule(code="CC301", name="rates.percent-vs-points", severity="warning")
def percent_vs_points(ctx: Context):
    """A change of a rate is given in percent where percentage points may be meant.

    ## What it does
    For a metric that is itself a percentage, "rose by X%" can mean +X
    percentage points or ×(1 + X/100). The rule shows both readings and the base
    rate each needs. With both levels stated it says which reading they support;
    without them it flags the ambiguity, as an error when either reading is
    impossible or outside the metric's typical range.

    ## Why is this bad?
    "Customer retention rate rose by 94%" needs a base of at most 6% read as
    points, or at most 51.5% read as percent — both implausible for a retention
    rate; the writer most likely meant the rate *was* 94%.

    ## Example
    Over the same period, the customer retention rate rose by 94%.

    ## Use instead
    Over the same period, the customer retention rate rose to 94%.
    """
    for ch in ctx.interp.changes:
        metric = _metric(ctx, ch.metric)
        levels_are_rates = (ch.before is not None and ch.after is not None
                            and ch.before.figure.unit == "%" and ch.after.figure.unit == "%")
        if not levels_are_rates and (metric is None or not getattr(metric, "is_rate", False)):
            continue
        lo, hi = _bounds(metric) if metric is not None else (0.0, 100.0)
        t_lo, t_hi = _bounds(metric, "typical") if metric is not None else (0.0, 100.0)
        for amt in ch.amounts:
            f = amt.figure
            if f.kind != "percent":
                continue
            x = f.value
            if f.unit == "pp":
                yield finding(ctx, percent_vs_points.rule, amt, f"change '{f.text}' is stated in percentage points",
                              status="pass", severity="info")
                continue
            if ch.before is not None and ch.after is not None and ch.before.figure.unit == "%":
                b_iv, a_iv = ctx.interval(ch.before), ctx.interval(ch.after)
                s_iv = ctx.interval(amt)
                sign = -1 if ch.direction < 0 else 1
                pp_iv = sorted(((a_iv[0] - b_iv[1]) * sign, (a_iv[1] - b_iv[0]) * sign))
                rel_lo = (a_iv[0] / b_iv[1] - 1) * 100 * sign if b_iv[1] > 0 else -math.inf
                rel_hi = (a_iv[1] / b_iv[0] - 1) * 100 * sign if b_iv[0] > 0 else math.inf
                rel_iv = (min(rel_lo, rel_hi), max(rel_lo, rel_hi))
                pp_ok, rel_ok = arith.overlaps(tuple(pp_iv), s_iv), arith.overlaps(rel_iv, s_iv)
                pp = ch.after.figure.value - ch.before.figure.value
                summary = (f"{ch.after.figure.text} − {ch.before.figure.text} = {arith.num(pp)} points; relative "
                           f"change {arith.percent_text((ch.after.figure.value / ch.before.figure.value - 1)) if ch.before.figure.value else '?'}; "
                           f"stated {f.text}")
                comp = Computation(expression="points = after - before; percent = (after / before - 1) * 100",
                                   inputs=[operand("before", ch.before, b_iv), operand("after", ch.after, a_iv),
                                           operand("change", amt, s_iv)],
                                   result=pp, stated=x, verdict="consistent" if rel_ok else "inconsistent", summary=summary)
                related = [ref(ch.before, "before"), ref(ch.after, "after")]
                if rel_ok:
                    yield finding(ctx, percent_vs_points.rule, amt, f"change '{f.text}' is a relative change, as written",
                                  status="pass", severity="info", related=related, computation=comp)
                elif pp_ok:
                    yield finding(
                        ctx, percent_vs_points.rule, amt,
                        f"'{f.text}' is a change in percentage points, not percent",
                        status="fail", severity=ctx.severity("CC301", "warning"), related=related, computation=comp,
                        suggestion=f"Write '{arith.num(abs(pp))} percentage points'.",
                    )
                continue
            # No base stated: both readings, and the base each one needs.
            if ch.direction >= 0:
                pp_base = (lo if not math.isinf(lo) else 0.0, hi - x)
                rel_base = (lo if not math.isinf(lo) else 0.0, hi / (1 + x / 100))
                pp_text = f"+{arith.num(x)} points" + (
                    f" needs a base of at most {arith.quantity(hi - x, '%')}" if not math.isinf(hi) else "")
                rel_text = f"×{arith.num(1 + x / 100)}" + (
                    f" needs a base of at most {arith.quantity(hi / (1 + x / 100), '%')}" if not math.isinf(hi) else "")
            else:
                pp_base = (x + max(lo, 0.0), hi)
                rel_base = (max(lo, 0.0), hi)
                pp_text = f"−{arith.num(x)} points needs a base of at least {arith.quantity(x, '%')}"
                rel_text = f"×{arith.num(max(0.0, 1 - x / 100))} works from any base"
            pp_possible = pp_base[0] <= pp_base[1]
            rel_possible = x < 100 or ch.direction >= 0
            pp_typical = pp_possible and arith.overlaps(pp_base, (t_lo, t_hi))
            rel_typical = rel_possible and arith.overlaps(rel_base, (t_lo, t_hi))
            severe = not (pp_typical and rel_typical)
            label = getattr(metric, "label", None) or ch.metric or "rate"
            summary = f"as points: {pp_text}; as percent: {rel_text}"
            if severe:
                summary += f"; typical {label}: {arith.num(t_lo)}–{arith.quantity(t_hi, '%')}"
            comp = Computation(expression="points: base + x <= high; percent: base * (1 + x/100) <= high",
                               inputs=[operand("change", amt, ctx.interval(amt))], stated=x,
                               verdict="ambiguous", summary=summary)
            word = "rose to" if ch.direction >= 0 else "fell to"
            yield finding(
                ctx, percent_vs_points.rule, amt,
                f"'{f.text}' change of {label}: percent or percentage points?"
                + (" Both readings are implausible." if not (pp_typical or rel_typical) else ""),
                status="ambiguous", severity=ctx.severity("CC301", "error" if not (pp_typical or rel_typical) else "warning"),
                computation=comp,
                suggestion=f"Write '{word} {arith.num(x)}%' if that is the new level, or give the change in "
                           f"percentage points with the base rate.",
            )


@rule(code="CC302", name="rates.impossible", severity="error")
def impossible(ctx: Context):
    """A rate or share lies outside its possible range, or a decrease exceeds 100%.

    ## What it does
    Checks every figure of a metric with a range in the rule packs (a retention
    rate lies in 0–100%, a churn rate too) and every decrease stated in percent
    of a quantity that cannot go below zero.

    ## Why is this bad?
    A 120% retention rate or revenue that "fell 130%" cannot happen; the
    figure or its metric is wrong.

    ## Example
    The company's churn rate reached 140% in the final quarter.

    ## Use instead
    The company's churn rate reached 14% in the final quarter.
    """
    metrics = ctx.packs.metrics
    plain = ctx.plain_intervals
    # metric id -> (the metric, its possible range), or None when the metric has no range
    ranged: dict[str, tuple | None] = {}
    for r in readings_of(ctx.interp, _PERCENT):
        mid = r.metric
        if not mid or r.role not in ("level", "from", "to", "share", "part"):
            continue
        found = ranged.get(mid, _MISSING)
        if found is _MISSING:
            metric = metrics.get(mid)
            found = ranged[mid] = (None if metric is None or getattr(metric, "range", None) is None
                                   else (metric, _bounds(metric)))
        if found is None:
            continue
        f = r.figure
        if f.unit != "%":
            continue
        metric, (lo, hi) = found
        iv = (f.low, f.high) if plain else ctx.interval(r)
        if iv[1] < lo or iv[0] > hi:
            label = getattr(metric, "label", r.metric)
            yield finding(
                ctx, impossible.rule, r, f"{label} '{f.text}' is outside its possible range",
                status="fail", severity=ctx.severity("CC302", "error"),
                computation=Computation(expression=f"{lo} <= {r.metric} <= {hi}", stated=f.value,
                                        stated_low=iv[0], stated_high=iv[1], verdict="inconsistent",
                                        summary=f"{label} must lie in {arith.num(lo)}–{arith.quantity(hi, '%')}; "
                                                f"stated {f.text}"),
                suggestion=f"Check the figure: a {label} lies between {arith.num(lo)}% and {arith.num(hi)}%.",
            )
    for ch in ctx.interp.changes:
        if ch.direction >= 0:
            continue
        for amt in ch.amounts:
            f = amt.figure
            if f.unit == "%" and (f.low if plain else ctx.interval(amt)[0]) > 100:
                metric = _metric(ctx, ch.metric)
                lo = _bounds(metric)[0] if metric is not None else 0.0
                if lo < 0:
                    continue
                yield finding(
                    ctx, impossible.rule, amt, f"a decrease of '{f.text}' would take the quantity below zero",
                    status="fail", severity=ctx.severity("CC302", "error"),
                    computation=Computation(expression="after = before * (1 - x/100) >= 0", stated=f.value,
                                            verdict="inconsistent",
                                            summary=f"before × (1 − {arith.num(f.value / 100)}) < 0"),
                    suggestion="A quantity that cannot be negative falls by at most 100%.",
                )


RULES = (percent_vs_points, impossible)
