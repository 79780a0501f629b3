"""Changes family (CC2xx): stated changes against the levels they connect.

CC201 a percent change against its from/to values; CC202 an absolute change
against them; CC203 "doubled", "tripled", "halved", "-fold" against the
numbers; CC204 the ambiguous "increase by N times" and "N% increase" readings.
"""

from __future__ import annotations

import math

from claimcheck import arith
from claimcheck.models import Computation
from claimcheck.rules.context import Context, finding, grade, operand, ref
from claimcheck.rules.registry import rule

FACTOR_HEDGES = {
    None: (0.95, 1.05),
    "about": (0.85, 1.15), "around": (0.85, 1.15), "roughly": (0.85, 1.15), "approximately": (0.85, 1.15),
    "nearly": (0.85, 1.0), "almost": (0.85, 1.0),
    "more than": (1.0, math.inf), "over": (1.0, math.inf), "at least": (1.0, math.inf),
}


def ratio_interval(after: tuple[float, float], before: tuple[float, float]) -> tuple[float, float]:
    """Return the interval of after ÷ before (before assumed positive)."""
    lo_b, hi_b = before
    if lo_b <= 0:
        return (-math.inf, math.inf)
    cands = (after[0] / lo_b, after[0] / hi_b, after[1] / lo_b, after[1] / hi_b)
    return min(cands), max(cands)


def _levels(ctx: Context, ch):
    """Return (before, after, before_iv, after_iv, after_value, after_text) or None."""
    if ch.before is None:
        return None
    b_iv = ctx.interval(ch.before)
    if ch.added is not None:
        a_iv_add = ctx.interval(ch.added)
        a_iv = (b_iv[0] + a_iv_add[0], b_iv[1] + a_iv_add[1])
        value = ch.before.figure.value + ch.added.figure.value
        text = f"({ch.before.figure.text} + {ch.added.figure.text})"
        return ch.before, ch.added, b_iv, a_iv, value, text
    if ch.after is None:
        return None
    return ch.before, ch.after, b_iv, ctx.interval(ch.after), ch.after.figure.value, ch.after.figure.text


def _signed(ch, r, iv):
    """Return the stated change amount and interval with the direction's sign."""
    if ch.direction < 0 and r.figure.value > 0:
        return -r.figure.value, (-iv[1], -iv[0])
    return r.figure.value, iv


@rule(code="CC201", name="changes.percent-change", severity="error")
def percent_change(ctx: Context):
    """A stated percent change does not match its from and to values.

    ## What it does
    Reads "from A to B, up X%", "rose X% to B from A", comparisons such as
    "B, X% more than A" or "B, X% below A" and similar, computes (B − A) ÷ A
    with interval arithmetic, and compares it with X.

    ## Why is this bad?
    Readers trust the percentage and the levels equally; when they disagree
    one of them is wrong.

    ## Example
    Acme's quarterly revenue rose from $41.2 million to $52.4 million, an increase of 40%.

    ## Use instead
    Acme's quarterly revenue rose from $41.2 million to $52.4 million, an increase of 27%.
    """
    metrics = ctx.packs.metrics
    for ch in ctx.interp.changes:
        lv = _levels(ctx, ch)
        if lv is None:
            continue
        before, after, b_iv, a_iv, a_value, a_text = lv
        for amt in ch.amounts:
            if amt.figure.unit != "%" or before.figure.value <= 0:
                continue
            rate = metrics.get(ch.metric) if ch.metric else None
            stated, s_iv = _signed(ch, amt, ctx.interval(amt))
            r_iv = ratio_interval(a_iv, b_iv)
            computed_iv = ((r_iv[0] - 1) * 100, (r_iv[1] - 1) * 100)
            computed = (a_value / before.figure.value - 1) * 100
            verdict, _ = grade(computed_iv, s_iv, stated)
            is_rate = (rate is not None and getattr(rate, "is_rate", False)) or (
                before.figure.unit == "%" and after.figure.unit == "%")
            if verdict != "pass" and is_rate and before.figure.unit == "%":
                pp_iv = (a_iv[0] - b_iv[1], a_iv[1] - b_iv[0])
                if arith.overlaps(pp_iv, s_iv):
                    continue  # a change in points written as percent: CC301 reports it
            if verdict == "pass" and not ctx.options.show_passed:
                continue
            summary = (f"({a_text} − {before.figure.text}) ÷ {before.figure.text} = "
                       f"{arith.percent_text(computed / 100)}; stated {arith.percent_text(stated / 100)}; intervals "
                       f"{arith.interval_text(computed_iv, '%')} vs {arith.interval_text(s_iv, '%')}")
            related = [ref(before, "before"), ref(after, "after" if ch.added is None else "added")]
            yield _change_finding(
                ctx, percent_change.rule, amt, before, a_text, verdict, related,
                _change_computation("change = (after - before) / before * 100", (before, after, amt),
                                    (b_iv, a_iv, s_iv), computed, computed_iv, stated, verdict, summary),
                f"The levels give a change of {arith.percent_text(computed / 100)}.", ch.compared,
            )


def _change_computation(expression: str, figures, intervals, computed: float, computed_iv, stated: float,
                        verdict: str, summary: str) -> Computation:
    """Return the computation of a change check: `figures` and `intervals` are (before, after, change)."""
    (before, after, amt), (b_iv, a_iv, s_iv) = figures, intervals
    return Computation(
        expression=expression,
        inputs=[operand("before", before, b_iv), operand("after", after, a_iv), operand("change", amt, s_iv)],
        result=computed, result_low=computed_iv[0], result_high=computed_iv[1], stated=stated,
        stated_low=s_iv[0], stated_high=s_iv[1],
        verdict="consistent" if verdict == "pass" else "inconsistent", summary=summary,
    )


def _change_finding(ctx: Context, rule_, amt, before, a_text: str, verdict: str, related, comp: Computation,
                    suggestion: str, compared: bool = False):
    """Return the pass or fail finding of a stated change checked against its from and to values.

    `compared`: the change compares two figures ("L, X% more than B") rather than states a move.
    """
    if verdict == "pass":
        what = "the figures it compares" if compared else "its from and to values"
        return finding(ctx, rule_, amt, f"change '{amt.figure.text}' matches {what}",
                       status="pass", severity="info", related=related, computation=comp)
    what = (f"the comparison of '{a_text}' with '{before.figure.text}'" if compared
            else f"the move from '{before.figure.text}' to '{a_text}'")
    return finding(
        ctx, rule_, amt,
        f"change '{amt.figure.text}' does not match {what}",
        status="fail", severity=ctx.severity(rule_.code, verdict), related=related, computation=comp,
        suggestion=suggestion,
    )


@rule(code="CC202", name="changes.absolute-change", severity="error")
def absolute_change(ctx: Context):
    """A stated absolute change does not match its from and to values.

    ## What it does
    Reads "rose by $X from A to B" and similar, computes B − A with interval
    arithmetic, and compares it with the stated amount.

    ## Why is this bad?
    The difference between two stated levels is simple arithmetic a reader can
    redo; a wrong difference undermines both levels.

    ## Example
    Headcount rose by 350 employees, from 1,240 employees to 1,410 employees.

    ## Use instead
    Headcount rose by 170 employees, from 1,240 employees to 1,410 employees.
    """
    for ch in ctx.interp.changes:
        lv = _levels(ctx, ch)
        if lv is None:
            continue
        before, after, b_iv, a_iv, a_value, a_text = lv
        for amt in ch.amounts:
            f = amt.figure
            if f.unit in ("%", "pp", "x") or f.kind not in ("money", "count", "number"):
                continue
            if f.kind == "money" and f.unit != before.figure.unit:
                continue
            stated, s_iv = _signed(ch, amt, ctx.interval(amt))
            computed_iv = (a_iv[0] - b_iv[1], a_iv[1] - b_iv[0])
            computed = a_value - before.figure.value
            verdict, _ = grade(computed_iv, s_iv, stated)
            if verdict == "pass" and not ctx.options.show_passed:
                continue
            unit = before.figure.unit
            summary = (f"{a_text} − {before.figure.text} = {arith.quantity(computed, unit)}; stated "
                       f"{arith.quantity(stated, unit)}; intervals {arith.interval_text(computed_iv, unit)} vs "
                       f"{arith.interval_text(s_iv, unit)}")
            yield _change_finding(
                ctx, absolute_change.rule, amt, before, a_text, verdict, [ref(before, "before"), ref(after, "after")],
                _change_computation("change = after - before", (before, after, amt), (b_iv, a_iv, s_iv),
                                    computed, computed_iv, stated, verdict, summary),
                f"The levels differ by {arith.quantity(computed, unit)}.", ch.compared,
            )


def _factor_readings(ch) -> list[tuple[str, float]]:
    """Return the (description, factor) readings of a change's multiplier word or figure."""
    if ch.factor is not None:
        return [(f"×{arith.num(ch.factor)}", ch.factor)]
    if ch.multiple is not None:
        n = ch.multiple.figure.value
        return [(f"×{arith.num(n)}", n), (f"×{arith.num(n + 1)} (increase by {arith.num(n)} times)", n + 1)]
    return []


@rule(code="CC203", name="changes.multiplier", severity="error")
def multiplier(ctx: Context):
    """"Doubled", "tripled", "halved" or "N-fold" does not match the numbers.

    ## What it does
    Reads multiplier words and multiples ("doubling", "tripled", "halved",
    "a 60-fold increase") and checks them against the from and to values,
    including "A … X more … doubling", where the new level is A + X.

    ## Why is this bad?
    "2.67% of shares are tradable; 5.76% more will be released, doubling the
    float" — 2.67% + 5.76% = 8.43%, which is 3.2 times the float, not double.

    ## Example
    Only 2.67% of the shares are tradable; after the lock-up ends, 5.76% more will become available, doubling the float.

    ## Use instead
    Only 2.67% of the shares are tradable; after the lock-up ends, 5.76% more will become available, more than tripling the float.
    """
    for ch in ctx.interp.changes:
        readings = _factor_readings(ch)
        if not readings:
            continue  # NOTE: before `_levels`, which most changes (no multiplier) need not pay for
        lv = _levels(ctx, ch)
        if lv is None:
            continue
        before, after, b_iv, a_iv, a_value, a_text = lv
        if before.figure.value <= 0:
            continue
        r_iv = ratio_interval(a_iv, b_iv)
        ratio = a_value / before.figure.value
        lo_f, hi_f = FACTOR_HEDGES.get(ch.factor_hedge, (0.95, 1.05))
        matches = []
        for desc, factor in readings:
            f_iv = (factor * lo_f, factor * hi_f) if factor >= 1 else (factor / hi_f, factor / lo_f)
            if ch.multiple is not None:
                m_iv = ctx.interval(ch.multiple)
                f_iv = (m_iv[0] + (factor - ch.multiple.figure.value), m_iv[1] + (factor - ch.multiple.figure.value))
            if arith.overlaps(r_iv, f_iv):
                matches.append(desc)
        if matches and not ctx.options.show_passed:
            continue
        word = ch.factor_word or (ch.multiple.figure.text if ch.multiple is not None else "")
        primary = ch.multiple if ch.multiple is not None else (ch.added or ch.after or before)
        summary = (f"{a_text} ÷ {before.figure.text} = ×{arith.num(ratio)}; stated '{word}' = "
                   + " or ".join(d for d, _ in readings) + f": {'matches ' + matches[0] if matches else 'no reading matches'}")
        comp = Computation(
            expression="factor = after / before",
            inputs=[operand("before", before, b_iv), operand("after", after, a_iv)],
            result=ratio, result_low=r_iv[0], result_high=r_iv[1], stated=readings[0][1],
            verdict="consistent" if matches else "inconsistent", summary=summary,
        )
        related = [ref(before, "before"), ref(after, "after" if ch.added is None else "added")]
        related = [x for x in related if (x.line, x.col) != (primary.figure.line, primary.figure.col)]
        if matches:
            yield finding(ctx, multiplier.rule, primary, f"'{word}' matches the numbers",
                          status="pass", severity="info", related=related, computation=comp)
        else:
            yield finding(
                ctx, multiplier.rule, primary,
                f"'{word}' does not match the numbers: {a_text.strip('()')} is {arith.num(ratio)} times {before.figure.text}",
                status="fail", severity=ctx.severity("CC203", "error"), related=related, computation=comp,
                suggestion=f"The new level is {arith.num(ratio)} times the old one; say so, or correct the figures.",
            )


@rule(code="CC204", name="changes.ambiguous-multiple", severity="info")
def ambiguous_multiple(ctx: Context):
    """"Increased by N times" or "N% increase" can be read two ways.

    ## What it does
    Flags changes stated as "increased by N times", "grew N-fold" or an
    increase of 100% or more when no from and to values settle the reading:
    "increased by 60 times" is ×60 to some readers and ×61 to others; "a 400%
    increase" is ×5 by definition but is often written for ×4. When the levels
    are stated, it reports which reading they support.

    ## Why is this bad?
    Readers cannot tell which multiple is meant.

    ## Example
    Since the launch, monthly active users have increased by 60 times.

    ## Use instead
    Since the launch, monthly active users have grown to 60 times their level at launch.
    """
    for ch in ctx.interp.changes:
        if ch.direction < 0:
            continue
        candidates = []
        if ch.multiple is not None and ch.factor is None:
            n = ch.multiple.figure.value
            candidates.append((ch.multiple, f"×{arith.num(n)}", f"×{arith.num(n + 1)}", n, n + 1))
        for amt in ch.amounts:
            if amt.figure.unit == "%" and amt.figure.value >= 100:
                n = amt.figure.value / 100
                candidates.append((amt, f"×{arith.num(n + 1)}", f"×{arith.num(n)}", n + 1, n))
        if not candidates:
            continue  # NOTE: before `_levels`, which most changes (no multiple, under 100%) need not pay for
        lv = _levels(ctx, ch)
        for r, standard, other, f_std, f_other in candidates:
            if lv is not None and ch.added is None and lv[0].figure.value > 0:
                before, after, b_iv, a_iv, a_value, _ = lv
                r_iv = ratio_interval(a_iv, b_iv)
                m_iv = ctx.interval(r)
                scale = 1 if r.figure.unit == "x" else 0.01
                std_iv = (m_iv[0] * scale + (f_std - r.figure.value * scale), m_iv[1] * scale + (f_std - r.figure.value * scale))
                oth_iv = (m_iv[0] * scale + (f_other - r.figure.value * scale), m_iv[1] * scale + (f_other - r.figure.value * scale))
                std_ok, oth_ok = arith.overlaps(r_iv, std_iv), arith.overlaps(r_iv, oth_iv)
                if std_ok or not oth_ok:
                    continue  # standard reading holds, or neither does (CC201/CC203 report it)
                summary = (f"{after.figure.text} ÷ {before.figure.text} = ×{arith.num(a_value / before.figure.value)}: "
                           f"matches {other}, not the standard reading {standard}")
                yield finding(
                    ctx, ambiguous_multiple.rule, r,
                    f"'{r.figure.text}' is used for {other}; most readers take it as {standard}",
                    status="fail", severity=ctx.severity("CC204", "warning"),
                    related=[ref(before, "before"), ref(after, "after")],
                    computation=Computation(expression="factor = after / before", result=a_value / before.figure.value,
                                            verdict="ambiguous", summary=summary),
                    suggestion=f"Write the multiple plainly, e.g. 'to {other[1:]} times its earlier level'.",
                )
                continue
            if lv is not None:
                continue
            summary = f"'{r.figure.text}' reads as {standard} (standard) or {other}"
            yield finding(
                ctx, ambiguous_multiple.rule, r,
                f"'{r.figure.text}' is ambiguous: {standard} or {other}",
                status="ambiguous", severity=ctx.severity("CC204", "info"),
                computation=Computation(expression="after = before * factor", verdict="ambiguous", summary=summary),
                suggestion=f"State the levels, or write 'to {standard[1:]} times its earlier level'.",
            )


RULES = (percent_change, absolute_change, multiplier, ambiguous_multiple)
