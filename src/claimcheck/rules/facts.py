"""Facts family (CC6xx): claims checked against reference facts (`--facts`).

A claim is a level of a metric stated for an entity (a valuation, a revenue).
It is checked against the facts of the same entity (or alias) and metric that
were in force at the claim's time: its year when the sentence gives one (the
facts in force at some time that year), else the article's date, else today.
A fact is in force from its `as_of` date until the next fact of the same
entity and metric. Money in another currency is converted with the ECB
reference rate of the fact's date.

CC601 flags a claim that no fact in force allows, CC602 a claim with the
fact's number but another currency or unit, CC603 a claim presented as
current whose value a newer fact has replaced. Without `--facts` the family
checks nothing. Passed checks are only built with `--show-passed` (a corpus
linted against a large store has thousands).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from claimcheck import arith, fx
from claimcheck.fx import FX_TOLERANCE
from claimcheck.models import Computation, ComputationInput
from claimcheck.rules.context import Context, finding, operand
from claimcheck.rules.registry import rule
from claimcheck.units import is_currency

if TYPE_CHECKING:  # the facts package (YAML, SQLite) is imported only when --facts is given
    from claimcheck.facts.model import Fact

LEVEL_ROLES = ("level", "to", "total", "whole")
CHECKED_KINDS = ("money", "count", "percent", "multiple", "number")


# The ECB rate of a day never changes: look each (base, quote, day) up once per process.
_rate = fx.rate  # cached in fx


@dataclass(frozen=True)
class Expected:
    """A fact's value in the claim's unit: the point, the interval allowed, and the FX rate used."""

    value: float
    interval: tuple[float, float]
    rate: fx.FxRate | None = None


@dataclass(frozen=True)
class Check:
    """The outcome of comparing one claim with the facts: which verdict, against which fact."""

    verdict: str  # match, stale, unit, mismatch
    fact: Fact
    expected: Expected | None
    stated: tuple[float, float]
    entity: str
    current: bool  # the claim is presented as current (no period)
    replaced: bool  # older facts of this entity and metric exist
    newer: Fact | None = None
    newer_expected: Expected | None = None


def _span(r, today: date) -> tuple[date, date, bool] | None:
    """Return (start, end, presented as current) of the time a reading's claim is about, or None."""
    p = r.period
    if p is None:
        return today, today, True
    year = today.year - 1 if p == "prior-year" else int(p) if p.isdigit() and len(p) == 4 else None
    if year is None or not 1 <= year <= 9999:
        return None
    start, end = date(year, 1, 1), date(year, 12, 31)
    if start > today:
        return None  # a year after the article's date: a forecast, which no fact checks yet
    # The writer cannot know facts that postdate the article.
    return start, min(end, today), False


def _expected(fact, unit: str | None) -> Expected | None:
    """Return `fact`'s value in `unit` (converting currencies), or None when the units are not comparable."""
    if fact.unit == unit:
        return Expected(fact.value, (fact.value, fact.value))
    if is_currency(fact.unit) and is_currency(unit):
        rate = _rate(fact.unit, unit, fact.as_of)
        if rate is None:
            return None
        value = fact.value * rate.rate
        return Expected(value, arith.widen((value, value), value, FX_TOLERANCE), rate)
    return None


def _reference_day(ctx: Context) -> date:
    """Return the article's date (front matter, dateline, `--date`), else today."""
    found = ctx.article_date()
    return found.day if found is not None else date.today()


def _checks(ctx: Context) -> tuple:
    """Return (reading, Check) for every claim that has facts in force to compare with.

    Found once per document and run (the three rules of the family read the same
    comparisons) and kept with the document's derived structures.
    NOTE: an `lru_cache` on the context kept the last four documents alive (the
    context holds the interpretation), so each document's memory was freed
    during a later document's checks instead of after its own.
    """
    facts = getattr(ctx, "facts", None)
    if facts is None:
        return ()
    key = ("fact-checks", ctx.packs, ctx.options, facts)
    derived = ctx.interp.derived
    found = derived.get(key)
    if found is None:
        found = derived[key] = tuple(_compare(ctx))
    return found


def _named_entities(ctx: Context, facts) -> tuple[dict[int, set[str]], set[str]]:
    """Return (entity keys with facts named in each sentence, all of them in the document)."""
    interp = ctx.interp
    sentences = interp.sentences
    by_sentence: dict[int, set[str]] = {}
    k = 0
    for m in sorted(interp.mentions, key=lambda m: m.start):
        while k < len(sentences) - 1 and sentences[k][1] <= m.start:
            k += 1
        key = facts.resolve(m.key)
        if key is not None:
            by_sentence.setdefault(k, set()).add(key)
    return by_sentence, set().union(*by_sentence.values()) if by_sentence else set()


def _compare(ctx: Context):
    facts = getattr(ctx, "facts", None)
    if facts is None or not len(facts):
        return
    today = None
    named = None
    for r in ctx.interp.readings:
        f = r.figure
        if not r.metric or not r.entity or r.role not in LEVEL_ROLES or f.kind not in CHECKED_KINDS:
            continue
        if not facts.facts_for(r.entity, r.metric):
            continue
        if named is None:
            named = _named_entities(ctx, facts)
        key = facts.resolve(r.entity)
        # NOTE: a figure whose sentence names no entity belongs to the article's
        # subject; checking it against that subject's facts is only safe when
        # the article names no other entity that has facts.
        if key not in named[0].get(r.sentence, ()) and not named[1] <= {key}:
            continue
        today = today or _reference_day(ctx)
        span = _span(r, today)
        if span is None:
            continue
        start, end, current = span
        in_force, replaced = facts.valid_during(r.entity, r.metric, start, end)
        if not in_force:
            continue
        check = _check(ctx, r, in_force, replaced, current, facts.name_of(facts.resolve(r.entity)))
        if check is not None:
            yield r, check


def _check(ctx: Context, r, in_force, replaced, current: bool, entity: str) -> Check | None:
    """Return the verdict for reading `r` against the facts in force and the replaced ones."""
    unit = r.figure.unit
    stated = ctx.interval(r)
    base = {"stated": stated, "entity": entity, "current": current, "replaced": bool(replaced)}
    comparable = []
    for fact in reversed(in_force):
        exp = _expected(fact, unit)
        if exp is None:
            continue
        if arith.overlaps(stated, exp.interval):
            return Check("match", fact, exp, **base)
        comparable.append((fact, exp))
    newest = comparable[0] if comparable else (None, None)
    if current and newest[0] is not None:
        for fact in reversed(replaced):
            exp = _expected(fact, unit)
            if exp is not None and arith.overlaps(stated, exp.interval):
                return Check("stale", fact, exp, newer=newest[0], newer_expected=newest[1], **base)
    for fact in reversed(in_force):
        if fact.unit and unit and fact.unit != unit and arith.overlaps(stated, (fact.value, fact.value)):
            return Check("unit", fact, _expected(fact, unit), **base)
    if newest[0] is not None:
        return Check("mismatch", newest[0], newest[1], **base)
    return None


def _label(ctx: Context, metric: str) -> str:
    m = ctx.packs.metrics.get(metric)
    return getattr(m, "label", None) or metric.replace("_", " ")


def _fact_text(fact) -> str:
    return f"{arith.quantity(fact.value, fact.unit)} as of {fact.as_of.isoformat()} (source: {fact.source})"


def _fact_input(name: str, check_entity: str, fact) -> ComputationInput:
    return ComputationInput(
        name=name, text=f"{check_entity} {fact.metric.replace('_', ' ')}: {_fact_text(fact)}",
        value=fact.value, low=fact.value, high=fact.value, unit=fact.unit,
    )


def _rate_input(rate: fx.FxRate) -> ComputationInput:
    return ComputationInput(
        name="rate", text=f"1 {rate.base} = {arith.num(rate.rate, 5)} {rate.quote} (ECB, {rate.as_of.isoformat()})",
        value=rate.rate, low=rate.rate, high=rate.rate,
    )


def _converted_text(fact, exp: Expected, unit: str | None) -> str:
    """Return "$61.5 bn" or "$61.5 bn × 7.13 CNY/USD (ECB, 2026-01-08) = RMB 438 bn"."""
    text = arith.quantity(fact.value, fact.unit)
    if exp.rate is None:
        return text
    return (f"{text} × {arith.num(exp.rate.rate, 5)} {exp.rate.quote}/{exp.rate.base} "
            f"(ECB, {exp.rate.as_of.isoformat()}) = {arith.quantity(exp.value, unit)}")


def _finite(x: float) -> float | None:
    return x if math.isfinite(x) else None


def _comp(ctx: Context, r, check: Check, fact, exp: Expected, verdict: str, summary: str,
          extra: tuple[ComputationInput, ...] = ()) -> Computation:
    """Return the computation of a finding: the fact (and rate) against the stated interval."""
    f = r.figure
    inputs = [_fact_input("fact", check.entity, fact)]
    if exp.rate is not None:
        inputs.append(_rate_input(exp.rate))
    inputs.extend(extra)
    inputs.append(operand("stated", r, check.stated))
    return Computation(
        expression="stated = fact × rate" if exp.rate is not None else "stated = fact",
        inputs=inputs, result=exp.value, result_low=exp.interval[0], result_high=exp.interval[1],
        stated=f.value, stated_low=_finite(check.stated[0]), stated_high=_finite(check.stated[1]),
        difference=arith.relative_difference(exp.value, f.value),
        tolerance=ctx.options.tolerance + (FX_TOLERANCE if exp.rate is not None else 0.0),
        verdict=verdict, summary=summary,
    )


@rule(code="CC601", name="facts.contradicts-fact", severity="error")
def contradicts_fact(ctx: Context):
    """A figure contradicts the reference fact in force at its date.

    ## What it does
    With `--facts`, compares every stated level of a metric (a valuation, a
    revenue, a user count) with the reference facts of the same entity and
    metric in force at the claim's time: the sentence's year, else the
    article's date, else today. Money in another currency is converted with
    the ECB reference rate of the fact's date (2% tolerance). The check fails
    when the figure's interval excludes the fact's value; the finding gives
    the fact, its date and its source.

    ## Why is this bad?
    The newsroom has verified this figure: a draft that states another one is
    wrong, or needs a source that supersedes the fact base.

    ## Example
    Northwind Freight's revenue was $3.9 billion in 2024.

    ## Use instead
    Northwind Freight's revenue was $3.4 billion in 2024.

    ## Options
    `--facts PATH` names the fact store or file (or the `facts` config key);
    `--date` gives the article's date when it carries none.
    """
    rule_ = contradicts_fact.rule
    for r, check in _checks(ctx):
        if check.verdict not in ("match", "mismatch") or (check.verdict == "match" and not ctx.options.show_passed):
            continue
        fact, exp, unit = check.fact, check.expected, r.figure.unit
        label = _label(ctx, r.metric)
        off = arith.relative_difference(r.figure.value, exp.value)
        where = f"the reference fact for {check.entity} as of {fact.as_of.isoformat()}"
        agrees = check.verdict == "match"
        summary = (f"fact {_converted_text(fact, exp, unit)}"
                   f"{' ± ' + arith.num(FX_TOLERANCE * 100) + '%' if exp.rate else ''}"
                   f" (as of {fact.as_of.isoformat()}; source: {fact.source}); stated {r.figure.text}"
                   f"{' (' + arith.percent_text(off) + ' from the fact)' if off else ''}: "
                   f"{'agrees' if agrees else 'contradicts the fact'}")
        comp = _comp(ctx, r, check, fact, exp, "agrees" if agrees else "contradicts", summary)
        if agrees:
            yield finding(ctx, rule_, r, f"{label} '{r.figure.text}' agrees with {where}",
                          status="pass", severity="info", computation=comp)
            continue
        yield finding(
            ctx, rule_, r, f"{label} '{r.figure.text}' contradicts {where}",
            status="fail", severity=ctx.severity(rule_.code, "error"), computation=comp,
            suggestion=f"The reference value is {arith.quantity(exp.value, unit)}"
                       f"{' (' + arith.quantity(fact.value, fact.unit) + ')' if exp.rate else ''} "
                       f"as of {fact.as_of.isoformat()}, per {fact.source}.",
        )


@rule(code="CC602", name="facts.wrong-currency", severity="error")
def wrong_currency(ctx: Context):
    """A figure has the reference fact's number but another currency or unit.

    ## What it does
    With `--facts`, finds a claim whose number matches a reference fact in
    force while its currency (or unit) differs from the fact's and the
    converted fact does not match: a valuation given as "RMB 45 billion" when
    the fact is USD 45 billion. The finding shows what the figure would be in
    the stated currency, at the ECB reference rate of the fact's date.

    ## Why is this bad?
    The currency label is probably wrong: copied from a source in another
    currency, the figure is off by the exchange rate.

    ## Example
    Harbor Bank is valued at RMB 12 billion.

    ## Use instead
    Harbor Bank is valued at $12 billion.
    """
    rule_ = wrong_currency.rule
    for r, check in _checks(ctx):
        fact, unit = check.fact, r.figure.unit
        label = _label(ctx, r.metric)
        if check.verdict == "match" and check.expected.rate is not None and ctx.options.show_passed:
            exp = check.expected
            summary = (f"fact {_converted_text(fact, exp, unit)} ± {arith.num(FX_TOLERANCE * 100)}% "
                       f"(as of {fact.as_of.isoformat()}; source: {fact.source}); stated {r.figure.text}: "
                       f"the conversion from {fact.unit} agrees")
            comp = _comp(ctx, r, check, fact, exp, "agrees", summary)
            yield finding(ctx, rule_, r, f"{label} '{r.figure.text}' agrees with the reference fact for "
                          f"{check.entity} in {fact.unit}", status="pass", severity="info", computation=comp)
            continue
        if check.verdict != "unit":
            continue
        exp = check.expected
        same = Expected(fact.value, (fact.value, fact.value))
        if exp is not None:
            would = f"in {unit} that is {arith.quantity(exp.value, unit)}"
            summary = (f"stated {r.figure.text} has the number of the fact {arith.quantity(fact.value, fact.unit)} "
                       f"(as of {fact.as_of.isoformat()}; source: {fact.source}); {_converted_text(fact, exp, unit)}")
            comp = _comp(ctx, r, check, fact, exp, "wrong currency", summary)
        else:
            would = f"no {unit} rate is known to convert it"
            summary = (f"stated {r.figure.text} has the number of the fact {arith.quantity(fact.value, fact.unit)} "
                       f"(as of {fact.as_of.isoformat()}; source: {fact.source}) in another unit")
            comp = _comp(ctx, r, check, fact, same, "wrong unit", summary)
        yield finding(
            ctx, rule_, r,
            f"{label} '{r.figure.text}' has the number of the reference fact for {check.entity} "
            f"but not its {'currency' if is_currency(fact.unit) else 'unit'} ({fact.unit})",
            status="fail", severity=ctx.severity(rule_.code, "error"), computation=comp,
            suggestion=f"The fact is {arith.quantity(fact.value, fact.unit)} as of {fact.as_of.isoformat()} "
                       f"(per {fact.source}); {would}.",
        )


@rule(code="CC603", name="facts.outdated-fact", severity="warning")
def outdated_fact(ctx: Context):
    """A figure presented as current was replaced by a newer reference fact.

    ## What it does
    With `--facts`, finds a claim with no period of its own (so presented as
    true at the article's date) that matches an older reference fact of the
    same entity and metric, while a newer fact was in force at the article's
    date. The finding gives the newer value, its date and its source.

    ## Why is this bad?
    The figure was right once: a reader takes it as today's value, which it
    no longer is.

    ## Example
    Corvid Labs is valued at $800 million.

    ## Use instead
    Corvid Labs is valued at $1.2 billion.
    """
    rule_ = outdated_fact.rule
    for r, check in _checks(ctx):
        unit = r.figure.unit
        label = _label(ctx, r.metric)
        if check.verdict == "match" and check.current and check.replaced and ctx.options.show_passed:
            fact = check.fact
            summary = (f"fact {_converted_text(fact, check.expected, unit)} (as of {fact.as_of.isoformat()}; "
                       f"source: {fact.source}) is the newest in force; stated {r.figure.text}: current")
            comp = _comp(ctx, r, check, fact, check.expected, "current", summary)
            yield finding(ctx, rule_, r, f"{label} '{r.figure.text}' is the current reference value for "
                          f"{check.entity}", status="pass", severity="info", computation=comp)
            continue
        if check.verdict != "stale":
            continue
        old, newer, exp = check.fact, check.newer, check.newer_expected
        summary = (f"stated {r.figure.text} matches the fact {_fact_text(old)}, replaced on "
                   f"{newer.as_of.isoformat()} by {_converted_text(newer, exp, unit)} (source: {newer.source})")
        comp = _comp(ctx, r, check, newer, exp, "outdated", summary,
                     extra=(_fact_input("replaced", check.entity, old),))
        yield finding(
            ctx, rule_, r,
            f"{label} '{r.figure.text}' is presented as current, but the reference fact for {check.entity} "
            f"was replaced on {newer.as_of.isoformat()}",
            status="fail", severity=ctx.severity(rule_.code, "warning"), computation=comp,
            suggestion=f"Since {newer.as_of.isoformat()} the value is {arith.quantity(newer.value, newer.unit)} "
                       f"(per {newer.source}); update the figure or give its date "
                       f"({old.as_of.isoformat()}).",
        )


RULES = (contradicts_fact, wrong_currency, outdated_fact)
