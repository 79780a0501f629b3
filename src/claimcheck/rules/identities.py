"""Identities family (CC1xx): metric identities from the rule packs, parts and wholes.

CC101 checks every identity of the loaded packs (valuation = revenue ×
price-to-sales, margin = profit ÷ revenue × 100, …) over figures stated for
the same entity and a compatible period, wherever they stand in the article.
CC102–CC104 check compositions: a part larger than its whole, parts that do
not add up to their stated total, shares of one whole summing past 100%.
"""

from __future__ import annotations

import bisect
import re
import weakref
from dataclasses import dataclass

from claimcheck import arith
from claimcheck.models import Computation
from claimcheck.rules.context import Context, finding, grade, operand, ref
from claimcheck.rules.registry import rule

LEVEL_ROLES = ("level", "to", "total", "whole")
MAX_CANDIDATES = 50
_NAME = re.compile(r"\b[a-z_][a-z0-9_]*\b")


def _label(ctx: Context, metric: str) -> str:
    return _metric_label(ctx.packs, metric)


def _metric_label(packs, metric: str) -> str:
    m = packs.metrics.get(metric)
    return getattr(m, "label", None) or metric.replace("_", " ")


def _render_formula(formula: str, values: dict[str, str]) -> str:
    """Return `formula` with each metric name replaced by its printed value."""
    out = _NAME.sub(lambda m: values.get(m.group(0), m.group(0)), formula)
    return out.replace("*", "×").replace("/", "÷").replace(" - ", " − ")


@dataclass(frozen=True, slots=True)
class _Plan:
    """An identity of the packs as CC101 checks it: what depends on the packs alone."""

    identity: object
    target: str  # the one metric on the left side
    names: tuple[str, ...]  # every metric of the formula, sorted
    generic: bool  # a generic metric occurs: the interpret stage binds those figures itself
    expression: str  # the equation as written in a computation
    rhs: str  # its right side
    label: str  # the target's label
    words: str  # the right side in the metrics' labels


# NOTE: a pack set is read-only and shared by every document of a run: its identities
# are analysed (names sorted, formulas printed) once per pack set, not once per document.
_PLANS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _plans(packs) -> tuple[tuple[_Plan, ...], _Plan | None]:
    """Return (the plan of every identity with one metric on its left, in pack order; the plan of the
    share-of identity `share = part / whole * 100`, or None)."""
    found = _PLANS.get(packs)
    if found is None:
        plans = []
        share_of = None
        for ident in packs.identities:
            eq = ident.equation
            lhs_names = sorted(eq.lhs.names())
            if len(lhs_names) == 1:
                plans.append(_plan(packs, ident, lhs_names[0]))
            if share_of is None and lhs_names == ["share"] and sorted(eq.rhs.names()) == ["part", "whole"]:
                share_of = _plan(packs, ident, "share")
        found = _PLANS[packs] = (tuple(plans), share_of)
    return found


def _plan(packs, ident, target: str) -> _Plan:
    eq = ident.equation
    names = tuple(sorted(eq.names()))
    rhs = str(eq.rhs)
    return _Plan(
        identity=ident, target=target, names=names,
        generic=any(getattr(packs.metrics.get(n), "generic", False) for n in names),
        expression=str(eq), rhs=rhs, label=_metric_label(packs, target),
        words=_render_formula(rhs, {n: _metric_label(packs, n) for n in names}),
    )


@rule(code="CC101", name="identities.formula", severity="error")
def formula(ctx: Context):
    """Figures break an identity between metrics (valuation = revenue × price-to-sales, …).

    ## What it does
    Finds figures of one entity and a compatible period that an identity of the
    rule packs connects — anywhere in the article — and checks the identity with
    interval arithmetic on the precision each figure was stated with. The check
    fails when no values inside the figures' intervals satisfy it. A part stated
    with its share of a stated whole ("$190 million, or 12% of the $1.8 billion
    budget") is checked against the pack identity share = part ÷ whole × 100.

    ## Why is this bad?
    A valuation that its own revenue and multiple cannot produce tells the
    reader that at least one of the three figures is wrong.

    ## Example
    Acme's revenue reached $2 million this year, and the company trades at 50 times sales. Its valuation is $300 million.

    ## Use instead
    Acme's revenue reached $2 million this year, and the company trades at 50 times sales. Its valuation is $100 million.

    ## Options
    `--strict` reads every figure as exact to its last written digit;
    `--tolerance 0.05` adds 5% relative slack to every interval.
    """
    interp = ctx.interp
    index: dict[tuple[str | None, str], _Nearest] = {}
    entities_of: dict[str, list[str | None]] = {}  # metric -> entities with a figure of it, in text order
    kinds = interp.kinds
    for r in interp.readings:
        if r.metric and r.role in LEVEL_ROLES and kinds[r.index] != "number":
            key = (r.entity, r.metric)
            pool = index.get(key)
            if pool is None:
                pool = index[key] = _Nearest()
                entities_of.setdefault(r.metric, []).append(r.entity)
            pool.readings.append(r)
    seen: set[frozenset[int]] = set()
    plans, share_of = _plans(ctx.packs)
    for plan in plans:
        target = plan.target
        if target not in entities_of or plan.generic:
            continue
        names = plan.names
        for entity in sorted(entities_of[target], key=str):
            pools = [(n, index.get((entity, n))) for n in names if n != target]
            if any(pool is None for _, pool in pools):
                continue  # NOTE: a metric of the formula has no figure of this entity: no figure can be checked
            for lhs in index[(entity, target)].readings[:MAX_CANDIDATES]:
                combo = {target: lhs}
                for n, pool in pools:
                    nearest = pool.nearest(lhs)
                    if nearest is None:
                        combo = {}
                        break
                    combo[n] = nearest
                if not combo:
                    continue
                key = frozenset(r.index for r in combo.values())
                if key in seen or len(key) != len(combo):
                    continue
                seen.add(key)
                found = _check_identity(ctx, plan, combo)
                if found is not None:
                    yield found
    if share_of is None:
        return
    for comp in interp.compositions:
        if comp.kind == "share-of":
            combo = {"share": comp.share, "part": comp.parts[0], "whole": comp.whole}
            key = frozenset(r.index for r in combo.values())
            if key not in seen:
                seen.add(key)
                found = _check_identity(ctx, share_of, combo)
                if found is not None:
                    yield found


# Sentinels of `_Nearest`: any value, and the unit class of a figure that is not money.
_ANY = object()
_NOT_MONEY = object()


class _Nearest:
    """The readings of one entity and metric, and the one nearest a figure among those compatible with it.

    Compatible with figure `lhs`: a period that is None, or `lhs`'s, or any when
    `lhs` has none; and, when both are money, the same currency. The nearest is
    the closest by start offset, the earlier in text order on a tie.

    NOTE: filtering and scanning all the readings for each figure made CC101
    quadratic in the figures of one entity; instead the readings are split by
    (period, unit class) into lists sorted by offset, each built on first use,
    and each searched with bisect.
    """

    __slots__ = ("readings", "_lists")

    def __init__(self) -> None:
        self.readings: list = []  # in text order
        self._lists: dict[tuple, tuple[list[int], list]] = {}

    def nearest(self, lhs):
        """Return the reading nearest `lhs` among the compatible ones, or None."""
        f = lhs.figure
        periods = (_ANY,) if lhs.period is None else (None, lhs.period)
        units = (_NOT_MONEY, f.unit) if f.kind == "money" else (_ANY,)
        best = None
        for period in periods:
            for unit in units:
                found = self._nearest_in(period, unit, f.start)
                if found is not None and (best is None or found < best):
                    best = found
        return self.readings[best[1]] if best is not None else None

    def _nearest_in(self, period, unit, x: int) -> tuple[int, int] | None:
        """Return (distance, position in `readings`) of the nearest reading of one class to offset `x`, or None."""
        key = (period, unit)
        found = self._lists.get(key)
        if found is None:
            members = sorted(
                (r.figure.start, i) for i, r in enumerate(self.readings)
                if (period is _ANY or r.period == period)
                and (unit is _ANY or (r.figure.unit if r.figure.kind == "money" else _NOT_MONEY) == unit))
            found = self._lists[key] = ([start for start, _ in members], [i for _, i in members])
        starts, positions = found
        k = bisect.bisect_left(starts, x)
        best = None
        if k < len(starts):  # the first at or after x: the earliest of equal offsets
            best = (starts[k] - x, positions[k])
        if k > 0:  # the last before x; the earliest of equal offsets
            j = bisect.bisect_left(starts, starts[k - 1])
            before = (x - starts[j], positions[j])
            if best is None or before < best:
                best = before
        return best


def _check_identity(ctx: Context, plan: _Plan, combo: dict):
    """Return the finding for one identity over one set of figures (None for an unreported pass)."""
    ident = plan.identity
    eq = ident.equation
    target = plan.target
    lhs = combo[target]
    ivs = {n: ctx.interval(r) for n, r in combo.items()}
    points = {n: r.figure.value for n, r in combo.items()}
    computed = eq.rhs.evaluate(points)
    computed_iv = arith.widen(eq.rhs.interval(ivs), computed, getattr(ident, "tolerance", 0.0))
    stated_iv = ivs[target]
    verdict, rel = grade(computed_iv, stated_iv, lhs.figure.value)
    if verdict == "pass" and not ctx.options.show_passed:
        return None  # nothing to report: skip formatting the computation
    unit = lhs.figure.unit
    scale = arith.scale_for(lhs.figure.value) if unit not in ("%", "x", "pp") else None
    printed = {
        n: arith.quantity(r.figure.value, r.figure.unit, scale if r.figure.unit == unit else None)
        for n, r in combo.items()
    }
    diff = arith.relative_difference(computed, lhs.figure.value)
    rhs_text = _render_formula(plan.rhs, printed)
    summary = (
        f"{rhs_text} = {arith.quantity(computed, unit, scale)}"
        f"{' (' + arith.percent_text(diff) + ')' if diff is not None else ''} vs stated {printed[target]}; intervals "
        f"{arith.interval_text(computed_iv, unit, scale)} vs {arith.interval_text(stated_iv, unit, scale)}: "
        f"{'consistent within rounding' if verdict == 'pass' else 'inconsistent'}"
    )
    comp = Computation(
        expression=plan.expression, inputs=[operand(n, r, ivs[n]) for n, r in sorted(combo.items())],
        result=computed, result_low=computed_iv[0], result_high=computed_iv[1],
        stated=lhs.figure.value, stated_low=stated_iv[0], stated_high=stated_iv[1],
        difference=diff, tolerance=ctx.options.tolerance + getattr(ident, "tolerance", 0.0),
        verdict="consistent" if verdict == "pass" else "inconsistent", summary=summary,
    )
    others = [r for n, r in sorted(combo.items()) if n != target]
    label = plan.label
    formula_words = plan.words
    related = [ref(r, n) for n, r in sorted(combo.items()) if n != target]
    rule_ = formula.rule
    if verdict == "pass":
        return finding(ctx, rule_, lhs, f"{label} '{lhs.figure.text}' agrees with {formula_words}",
                       status="pass", severity="info", related=related, computation=comp)
    texts = ", ".join(f"'{r.figure.text}'" for r in others)
    return finding(
        ctx, rule_, lhs,
        f"{label} '{lhs.figure.text}' does not match {formula_words} ({texts})",
        status="fail", severity=ctx.severity(rule_.code, verdict if ident.severity == "error" else "warning"),
        related=related, computation=comp,
        suggestion=f"The other figures give {label} {arith.quantity(computed, unit, scale)}; "
                   f"correct '{lhs.figure.text}' or the figures it is computed from.",
    )


def _sum_interval(ctx: Context, parts) -> tuple[float, float]:
    lo = hi = 0.0
    for p in parts:
        a, b = ctx.interval(p)
        lo, hi = lo + a, hi + b
    return lo, hi


@rule(code="CC102", name="identities.part-exceeds-whole", severity="error")
def part_exceeds_whole(ctx: Context):
    """A part is larger than the whole it belongs to.

    ## What it does
    Reads "W, of which P" and "P of the W" statements and checks that the part
    can fit inside the whole given the precision of both figures.

    ## Why is this bad?
    A part cannot exceed its whole: one of the two figures is wrong, or they
    are not the part and whole the sentence says.

    ## Example
    The company hired 120 engineers last year, of which 150 work on the new chip.

    ## Use instead
    The company hired 120 engineers last year, of which 80 work on the new chip.
    """
    for comp in ctx.interp.compositions:
        if comp.kind not in ("of-which", "part-of") or comp.whole is None:
            continue
        whole_iv = ctx.interval(comp.whole)
        for part in comp.parts:
            part_iv = ctx.interval(part)
            ok = part_iv[0] <= whole_iv[1]
            if ok and not ctx.options.show_passed:
                continue
            unit = part.figure.unit
            summary = (f"part {arith.quantity(part.figure.value, unit)} vs whole "
                       f"{arith.quantity(comp.whole.figure.value, unit)}: "
                       f"{'fits' if ok else 'part exceeds whole'}")
            comp_ = Computation(
                expression="part <= whole", inputs=[operand("part", part, part_iv), operand("whole", comp.whole, whole_iv)],
                result=part.figure.value, stated=comp.whole.figure.value, stated_low=whole_iv[0],
                stated_high=whole_iv[1], verdict="consistent" if ok else "inconsistent", summary=summary,
            )
            yield finding(
                ctx, part_exceeds_whole.rule, part,
                f"part '{part.figure.text}' {'fits within' if ok else 'is larger than'} its whole '{comp.whole.figure.text}'",
                status="pass" if ok else "fail", severity="info" if ok else ctx.severity("CC102", "error"),
                related=[ref(comp.whole, "whole")], computation=comp_,
                suggestion=None if ok else "Check which figure is the whole; a part cannot exceed it.",
            )


@rule(code="CC103", name="identities.parts-vs-total", severity="error")
def parts_vs_total(ctx: Context):
    """Parts do not add up to their stated total.

    ## What it does
    Reads "a total of T: A, B and C" and "A and B, a combined T" and checks
    the sum of the parts against the total with interval arithmetic. Parts
    that exceed the total always fail; parts that fall short fail only when
    the list is complete (no "including", "other", "the rest").

    ## Why is this bad?
    Readers add the parts up. A total that the parts cannot make is a typo in
    one of them.

    ## Example
    The fund raised a total of $90 million: $40 million from pension funds and $70 million from family offices.

    ## Use instead
    The fund raised a total of $110 million: $40 million from pension funds and $70 million from family offices.
    """
    for comp in ctx.interp.compositions:
        if comp.kind != "total" or comp.whole is None:
            continue
        total_iv = ctx.interval(comp.whole)
        sum_iv = _sum_interval(ctx, comp.parts)
        unit = comp.whole.figure.unit
        point = sum(p.figure.value for p in comp.parts)
        if sum_iv[0] > total_iv[1]:
            ok, what = False, "the parts exceed the total"
        elif comp.complete and sum_iv[1] < total_iv[0]:
            ok, what = False, "the parts fall short of the total"
        else:
            ok, what = True, "consistent within rounding"
        if ok and not ctx.options.show_passed:
            continue
        summary = (" + ".join(arith.quantity(p.figure.value, unit) for p in comp.parts)
                   + f" = {arith.quantity(point, unit)}; stated total {arith.quantity(comp.whole.figure.value, unit)}: {what}")
        comp_ = Computation(
            expression="total = " + " + ".join(f"part{i + 1}" for i in range(len(comp.parts))),
            inputs=[operand(f"part{i + 1}", p, ctx.interval(p)) for i, p in enumerate(comp.parts)]
            + [operand("total", comp.whole, total_iv)],
            result=point, result_low=sum_iv[0], result_high=sum_iv[1], stated=comp.whole.figure.value,
            stated_low=total_iv[0], stated_high=total_iv[1],
            difference=arith.relative_difference(point, comp.whole.figure.value),
            verdict="consistent" if ok else "inconsistent", summary=summary,
        )
        yield finding(
            ctx, parts_vs_total.rule, comp.whole,
            f"total '{comp.whole.figure.text}' {'matches' if ok else 'does not match'} the sum of its parts",
            status="pass" if ok else "fail", severity="info" if ok else ctx.severity("CC103", "error"),
            related=[ref(p, "part") for p in comp.parts], computation=comp_,
            suggestion=None if ok else f"The parts add up to {arith.quantity(point, unit)}.",
        )


@rule(code="CC104", name="identities.shares-over-100", severity="error")
def shares_over_100(ctx: Context):
    """Shares of one whole add up to more than 100%.

    ## What it does
    Reads sentences that split one whole into shares ("A accounts for 60% of
    sales and B for 50%") and checks that the shares can sum to at most 100%.

    ## Why is this bad?
    Shares of a single whole cannot exceed 100% together.

    ## Example
    Cloud services account for 65% of revenue and hardware for 45%.

    ## Use instead
    Cloud services account for 65% of revenue and hardware for 35%.
    """
    for comp in ctx.interp.compositions:
        if comp.kind != "shares" or len(comp.parts) < 2:
            continue
        lo, hi = _sum_interval(ctx, comp.parts)
        point = sum(p.figure.value for p in comp.parts)
        ok = lo <= 100.0
        if ok and not ctx.options.show_passed:
            continue
        whole = f" of {comp.whole_phrase}" if comp.whole_phrase else ""
        summary = " + ".join(arith.quantity(p.figure.value, "%") for p in comp.parts) + \
            f" = {arith.quantity(point, '%')}{whole}: {'at most 100%' if ok else 'over 100%'}"
        comp_ = Computation(
            expression="sum(shares) <= 100", inputs=[operand(f"share{i + 1}", p, ctx.interval(p)) for i, p in enumerate(comp.parts)],
            result=point, result_low=lo, result_high=hi, stated=100.0, verdict="consistent" if ok else "inconsistent",
            summary=summary,
        )
        first = comp.parts[0]
        yield finding(
            ctx, shares_over_100.rule, first,
            f"shares{whole} {'fit within' if ok else 'add up to more than'} 100%",
            status="pass" if ok else "fail", severity="info" if ok else ctx.severity("CC104", "error"),
            related=[ref(p, "share") for p in comp.parts[1:]], computation=comp_,
            suggestion=None if ok else "Check the shares: they are of one whole and cannot exceed 100% together.",
        )


RULES = (formula, part_exceeds_whole, parts_vs_total, shares_over_100)
