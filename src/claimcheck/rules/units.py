"""Units family (CC4xx): one quantity in two currencies, scales or periods.

CC401 converts one fact stated in two currencies with the ECB reference rate
of the article's date; CC402 flags the same number under two currency labels;
CC403 a scale slip (million vs billion) between two statements of one fact;
CC404 a money figure that lost the currency its metric carries elsewhere;
CC405 a per-period amount (monthly, annual) restated at another period.

Pairs come from the fact index (`facts_index.build_index`): only statements
of the same entity, metric, period and qualifiers are compared, each against
the first statement of its group, so the work is linear in the text. A figure
followed by its conversion in parentheses ("$61.5 billion (RMB 440
billion)") is paired directly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from claimcheck import arith, fx
from claimcheck.interpret import Reading
from claimcheck.interpret.dates import ArticleDate
from claimcheck.models import Computation
from claimcheck.rules.context import Context, finding, grade, operand, readings_of, ref
from claimcheck.rules.facts_index import build_index, scale_word
from claimcheck.rules.registry import rule

# Relative slack on a currency conversion: the ECB reference rate is a
# mid-day fixing and writers convert with their own bank's or a rounded rate.
from claimcheck.fx import FX_TOLERANCE
# The factors a scale slip multiplies by: one scale word too many or too few.
SCALE_FACTORS = (1e3, 1e-3)
# "$61.5 billion (RMB 440 billion)", "$61.5 billion, or about RMB 440 billion".
_CONVERSION_BETWEEN = re.compile(
    r"^\s*(?:\(|\[|,|—|–|-)?\s*(?:or|i\.e\.|that is|equivalent to|equal to|worth)?\s*"
    r"(?:about|around|roughly|approximately|some|nearly|almost|over|more than|~|≈)?\s*$"
)
# Words that say which period an amount is stated per, read next to the figure.
_PER_PERIOD = (
    (re.compile(r"\b(?:monthly|per month|a month(?! (?:ago|earlier|later|before|after))|each month|every month|"
                r"month(?:ly)? recurring)\b"), "month"),
    (re.compile(r"\b(?:quarterly|per quarter|a quarter|each quarter)\b"), "quarter"),
    (re.compile(r"\b(?:annual|annually|annualised|annualized|yearly|per year|"
                r"a year(?! (?:ago|earlier|later|before|after))|each year|every year|"
                r"per annum|full-year|full year)\b"), "year"),
)
# Matches where any of `_PER_PERIOD` matches (each alternative is self-contained).
_ANY_PERIOD = re.compile("|".join(f"(?:{rx.pattern})" for rx, _ in _PER_PERIOD))
# Every marker of `_PER_PERIOD` contains one of these stems.
_PERIOD_STEMS = ("month", "quarter", "annu", "year")
PERIOD_MONTHS = {"month": 1, "quarter": 3, "year": 12}
PER_PERIOD_WINDOW = 30
_CLAUSE_BREAK = re.compile(r"[;:]|\.\s|\b(?:and|while|but|whereas)\b")
# Metrics that are one flow stated per different periods (ARR is 12 × MRR).
PERIOD_FAMILY = {"arr": "recurring revenue", "mrr": "recurring revenue"}


def _label(ctx: Context, metric: str | None) -> str:
    m = ctx.packs.metrics.get(metric) if metric else None
    return (getattr(m, "label", None) or (metric or "figure")).replace("_", " ")


@dataclass(slots=True)
class UnitPair:
    """Two statements of one fact in different units or scales, and what relates them."""

    first: Reading
    later: Reading
    relation: str  # converted, relabel, mismatch, scale, same-scale
    computation: Computation
    verdict: str  # pass, warning or error (from the interval gap)


# A value no cache holds (None is a cached answer).
_MISSING = object()
UNIT_KINDS = frozenset({"money", "count", "number"})
_MONEY = frozenset({"money"})
_NUMBER = frozenset({"number"})
_MONEY_OR_NUMBER = frozenset({"money", "number"})


def unit_pairs(ctx: Context) -> list[UnitPair]:
    """Return every pair of statements of one fact in two currencies or scales, classified.

    Built once per document (CC401–CC403 all read it); the garbage collector is
    paused while a document is checked (`gcpause`), so keeping the pairs is cheap.
    Passed checks are kept only with `--show-passed`, as the rules report them.
    """
    cached = ctx.interp.derived.get("unit-pairs")
    if cached is None:
        cached = ctx.interp.derived["unit-pairs"] = list(_unit_pairs(ctx))
    return cached


def _unit_pairs(ctx: Context):
    """Yield every reported pair of statements of one fact in two currencies or scales, classified.

    The candidates are, in each group of the fact index, a statement and the first
    statement of every other (unit, scale word) of its group in another sentence,
    then a figure and its conversion in parentheses ("$61.5 billion (RMB 440 billion)").
    """
    dated = ctx.article_date()
    pairs = _Pairs(ctx, dated)
    index = build_index(ctx.interp, ctx.packs, dated, UNIT_KINDS)
    scales: dict[str, str | None] = {}  # figure text -> its scale word: a long article repeats its amounts
    reported: set[int] = set()  # a.index << 32 | b.index of the pairs yielded: ints are not tracked by the GC
    for group in index.groups.values():
        firsts: dict[tuple[str | None, str | None], Reading] = {}
        for r in group:
            f = r.figure
            unit = f.unit
            scale = scales.get(f.text, _MISSING)
            if scale is _MISSING:
                scale = scales[f.text] = scale_word(f.text)
            r_iv = None
            for (first_unit, first_scale), first in firsts.items():
                if first.sentence == r.sentence:
                    continue
                if (first_unit is None) != (unit is None):
                    continue  # a bare number next to money is CC404's business
                if first_unit == unit and first_scale == scale:
                    continue  # same unit, same scale: a plain repetition (CC501)
                if r_iv is None:
                    r_iv = pairs.interval(r)
                pair = pairs.classify(first, r, r_iv)
                if pair is not None:
                    reported.add(first.index << 32 | r.index)
                    yield pair
            unit_key = (unit, scale)
            if unit_key not in firsts:
                firsts[unit_key] = r
    money = readings_of(ctx.interp, _MONEY)
    text = ctx.interp.doc.text
    for a, b in zip(money, money[1:]):  # two money figures, one right after the other
        if b.index != a.index + 1 or a.sentence != b.sentence:
            continue
        fa, fb = a.figure, b.figure
        if (fa.unit != fb.unit and fa.unit and fb.unit and _CONVERSION_BETWEEN.match(text[fa.end:fb.start])
                and a.index << 32 | b.index not in reported):
            # NOTE: only the reported pairs of the groups are remembered: a pair classified
            # there and not reported is classified alike here, and not reported again.
            pair = pairs.classify(a, b, pairs.interval(b))
            if pair is not None:
                yield pair


class _Pairs:
    """Classify candidate pairs of one document, with what pairs share computed once."""

    __slots__ = ("ctx", "dated", "show_passed", "kinds", "intervals", "conversions", "outcomes")

    def __init__(self, ctx: Context, dated: ArticleDate | None) -> None:
        self.ctx = ctx
        self.dated = dated
        self.show_passed = ctx.options.show_passed
        self.kinds = ctx.interp.kinds
        self.intervals: dict[int, tuple[float, float]] = {}  # reading index -> interval: a first is in many pairs
        # (first's index, later's currency) -> (rate, converted interval of the first) or None
        # without a rate: a first is compared with many later statements in one currency.
        self.conversions: dict[tuple[int, str | None], tuple | None] = {}
        # NOTE: a pair's class depends only on its first statement and the later one's
        # currency, interval and value: a first compared with many later statements of
        # one amount (a table, a repeated sentence) is classified once for all of them.
        self.outcomes: dict[tuple, tuple | None] = {}

    def interval(self, r: Reading) -> tuple[float, float]:
        """Return the interval of reading `r` (found once per reading)."""
        found = self.intervals.get(r.index)
        if found is None:
            found = self.intervals[r.index] = self.ctx.interval(r)
        return found

    def classify(self, a: Reading, b: Reading, b_iv: tuple[float, float]) -> UnitPair | None:
        """Return the pair of `a` and its later statement `b` (interval `b_iv`) in another unit or scale,
        or None when unreported."""
        a_iv = self.interval(a)
        fa, fb = a.figure, b.figure
        outcomes = self.outcomes
        if fa.unit == fb.unit or self.kinds[a.index] != "money":
            outcome_key = (a.index, b_iv)
            outcome = outcomes.get(outcome_key, _MISSING)
            if outcome is _MISSING:
                outcome = outcomes[outcome_key] = _scale_relation(a_iv, b_iv, self.show_passed)
            return None if outcome is None else _scale_pair(a, b, a_iv, b_iv, *outcome)
        ck = (a.index, fb.unit)
        conversion = self.conversions.get(ck, _MISSING)
        if conversion is _MISSING:
            conversion = self.conversions[ck] = _conversion(fa.value, fa.unit, fb.unit, a_iv, self.dated)
        if conversion is None:
            return None
        rate, c_iv = conversion
        outcome_key = (a.index, fb.unit, b_iv, fb.value)
        outcome = outcomes.get(outcome_key, _MISSING)
        if outcome is _MISSING:
            outcome = outcomes[outcome_key] = _currency_relation(fa.value, fb.value, c_iv, b_iv, self.dated,
                                                                 self.show_passed)
        return None if outcome is None else _currency_pair(a, b, a_iv, b_iv, self.dated, rate, c_iv, *outcome)


def _scaled(iv: tuple[float, float], k: float) -> tuple[float, float]:
    return iv[0] * k, iv[1] * k


def _scale_relation(a_iv: tuple[float, float], b_iv: tuple[float, float],
                    show_passed: bool) -> tuple[str, float | None] | None:
    """Return (relation, scale factor) of two statements in one unit: ("same-scale", None) for one amount in
    two scales (None when passes are not shown), ("scale", factor) for a scale slip, or None."""
    if arith.overlaps(a_iv, b_iv):
        # NOTE: passes are only built when shown; long articles have thousands
        return ("same-scale", None) if show_passed else None
    factor = _scale_factor(a_iv, b_iv)
    return ("scale", factor) if factor is not None else None


def _scale_pair(a: Reading, b: Reading, a_iv: tuple[float, float], b_iv: tuple[float, float],
                relation: str, k: float | None) -> UnitPair:
    """Return the pair of two statements in one unit (intervals `a_iv`, `b_iv`) as `_scale_relation` classified
    it: one amount in two scales, or a scale slip by factor `k`."""
    fa, fb = a.figure, b.figure
    unit = fa.unit
    if relation == "same-scale":
        comp = Computation(
            expression="first = later", inputs=[operand("first", a, a_iv), operand("later", b, b_iv)],
            result=fa.value, stated=fb.value, verdict="consistent",
            summary=f"{fa.text} = {arith.quantity(fa.value, unit)}; {fb.text} = {arith.quantity(fb.value, unit)}: "
                    f"the same amount in two scales")
        return UnitPair(a, b, "same-scale", comp, "pass")
    word = "× 1,000" if k > 1 else "÷ 1,000"
    comp = Computation(
        expression=f"later = first * {k:g}", inputs=[operand("first", a, a_iv), operand("later", b, b_iv)],
        result=fa.value * k, result_low=a_iv[0] * k, result_high=a_iv[1] * k, stated=fb.value,
        stated_low=b_iv[0], stated_high=b_iv[1], verdict="inconsistent",
        summary=f"{fb.text} = {fa.text} {word} ({arith.quantity(fb.value, unit)} vs "
                f"{arith.quantity(fa.value, unit)}): a scale word differs")
    return UnitPair(a, b, "scale", comp, "error")


def _scale_factor(a_iv: tuple[float, float], b_iv: tuple[float, float]) -> float | None:
    """Return the first of `SCALE_FACTORS` that makes `a_iv` overlap `b_iv`, or None."""
    for k in SCALE_FACTORS:
        if arith.overlaps(_scaled(a_iv, k), b_iv):
            return k
    return None


def _currency_relation(first: float, later: float, c_iv: tuple[float, float], b_iv: tuple[float, float],
                       dated: ArticleDate | None, show_passed: bool) -> tuple[str, str, float | None] | None:
    """Return (verdict, relation, scale factor) of one fact stated in two currencies, `first` converted to
    `c_iv` and `later` stated as `b_iv`: converted, relabelled, scale slip or mismatch; None when unreported."""
    verdict, _ = grade(c_iv, b_iv, later)
    # NOTE: classify before building the computation's text: most pairs of a long
    # article are unreported (passes not shown, mismatches of an undated article).
    if verdict == "pass":
        return (verdict, "converted", None) if show_passed else None
    if first == later:
        return verdict, "relabel", None
    factor = _scale_factor(c_iv, b_iv)
    if factor is not None:
        return verdict, "scale", factor
    if dated is None:
        return None  # NOTE: without the article's date no rate can judge a conversion (see CC401)
    return verdict, "mismatch", None


def _rate(a: str, b: str, dated: ArticleDate | None) -> fx.FxRate | None:
    """Return the ECB rate a→b of the article's date, or the latest bundled rate when undated."""
    return fx.rate(a, b, dated.day if dated is not None else date.max)


def _conversion(value: float, unit: str, to: str | None, iv: tuple[float, float],
                dated: ArticleDate | None) -> tuple[fx.FxRate, tuple[float, float]] | None:
    """Return (the rate `unit`→`to`, interval `iv` of an amount `value` converted with the FX tolerance),
    or None without a rate."""
    rate = _rate(unit, to, dated)
    if rate is None:
        return None
    slack = abs(value * rate.rate) * FX_TOLERANCE
    return rate, (iv[0] * rate.rate - slack, iv[1] * rate.rate + slack)


def _currency_pair(a: Reading, b: Reading, a_iv: tuple[float, float], b_iv: tuple[float, float],
                   dated: ArticleDate | None, rate: fx.FxRate, c_iv: tuple[float, float], verdict: str,
                   relation: str, factor: float | None) -> UnitPair:
    """Return the pair of one fact stated in two currencies (intervals `a_iv`, `b_iv`; the first converted
    at `rate` is `c_iv`) as classified by `_unit_pairs`: converted, relabelled, scale slip or mismatch."""
    fa, fb = a.figure, b.figure
    converted = fa.value * rate.rate
    when = (f"ECB rate of {rate.as_of.isoformat()}" if dated is not None
            else f"latest bundled ECB rate, {rate.as_of.isoformat()}; the article has no date")
    diff = arith.relative_difference(fb.value, converted)
    summary = (f"{fa.text} × {arith.num(rate.rate, 5)} {fb.unit}/{fa.unit} ({when}) = "
               f"{arith.quantity(converted, fb.unit)} (± {arith.num(FX_TOLERANCE * 100)}% FX tolerance: "
               f"{arith.interval_text(c_iv, fb.unit)}); stated {fb.text}"
               + (f" ({arith.percent_text(diff)})" if diff is not None else ""))
    base = dict(
        expression=f"later = first * rate({fa.unit}->{fb.unit}, {rate.as_of.isoformat()})",
        inputs=[operand("first", a, a_iv), operand("later", b, b_iv)],
        result=converted, result_low=c_iv[0], result_high=c_iv[1], stated=fb.value,
        stated_low=b_iv[0], stated_high=b_iv[1], difference=diff, tolerance=FX_TOLERANCE,
    )
    if relation == "converted":
        return UnitPair(a, b, relation, Computation(**base, verdict="consistent", summary=summary), "pass")
    if relation == "relabel":
        return UnitPair(a, b, relation, Computation(
            **base, verdict="inconsistent",
            summary=f"same number, two currencies; converted: {summary}"), "error")
    if relation == "scale":
        base.update(expression=base["expression"] + f" * {factor:g}")
        return UnitPair(a, b, relation, Computation(
            **base, verdict="inconsistent",
            summary=f"{summary}; off by a factor of {arith.num(1 / factor if factor < 1 else factor)}: "
                    f"a scale word differs"),
            "error")
    return UnitPair(a, b, relation, Computation(**base, verdict="inconsistent", summary=summary), verdict)


@rule(code="CC401", name="units.currency-conversion", severity="error")
def currency_conversion(ctx: Context):
    """One fact stated in two currencies disagrees at the exchange rate of the article's date.

    ## What it does
    Finds the same metric of the same entity and period stated in two
    currencies — in two places, or as a conversion in parentheses — converts
    the first with the ECB euro reference rate of the article's date (the
    nearest earlier business day; the rates ship offline), and checks that the
    two agree within their rounding plus an FX tolerance of 2%. The article's
    date comes from the front matter or HTML meta, a dateline, or `--date`;
    without one the conversion is not checked.

    ## Why is this bad?
    A conversion that is off by more than rounding and the spread between
    rates means one of the two amounts, or the currency, is wrong.

    ## Example
    SHANGHAI, Jan. 20, 2026 — Zhipu's valuation reached $6.15 billion (RMB 58.2 billion).

    ## Use instead
    SHANGHAI, Jan. 20, 2026 — Zhipu's valuation reached $6.15 billion (RMB 43.1 billion).
    """
    for pair in unit_pairs(ctx):
        if pair.relation == "converted":
            yield finding(ctx, currency_conversion.rule, pair.later,
                          f"'{pair.later.figure.text}' matches '{pair.first.figure.text}' at the exchange rate",
                          status="pass", severity="info", related=[ref(pair.first, "first statement")],
                          computation=pair.computation)
        elif pair.relation == "mismatch":
            a, b = pair.first, pair.later
            yield finding(
                ctx, currency_conversion.rule, b,
                f"'{b.figure.text}' and '{a.figure.text}' state the same {_label(ctx, b.metric or a.metric)} "
                f"in two currencies but disagree at the exchange rate",
                status="fail", severity=ctx.severity("CC401", pair.verdict), related=[ref(a, "first statement")],
                computation=pair.computation,
                suggestion=f"At the rate of the day {a.figure.text} is about "
                           f"{arith.quantity(pair.computation.result, b.figure.unit)}.",
            )


@rule(code="CC402", name="units.currency-relabel", severity="error")
def currency_relabel(ctx: Context):
    """The same number appears under two currencies: one currency label is probably wrong.

    ## What it does
    Finds one fact stated twice with the same numeral but different currencies
    ("$61.5 billion" and later "RMB 61.5 billion") where the exchange rate
    makes the two amounts different, and shows what the converted figure
    would be. Without an article date the latest bundled ECB rate is shown.

    ## Why is this bad?
    A number copied from a source in one currency and labelled with another is
    a common slip; at 7 yuan to the dollar the two readings differ sevenfold.

    ## Example
    Zhipu's valuation reached $61.5 billion last month. Investors said Zhipu's valuation of RMB 61.5 billion was rich.

    ## Use instead
    Zhipu's valuation reached $61.5 billion last month. Investors said Zhipu's valuation of $61.5 billion was rich.
    """
    for pair in unit_pairs(ctx):
        a, b = pair.first, pair.later
        if pair.relation == "converted" and a.figure.value != b.figure.value:
            yield finding(ctx, currency_relabel.rule, b,
                          f"'{b.figure.text}' is a conversion of '{a.figure.text}', not a relabelled copy",
                          status="pass", severity="info", related=[ref(a, "first statement")],
                          computation=pair.computation)
        elif pair.relation == "relabel":
            yield finding(
                ctx, currency_relabel.rule, b,
                f"'{b.figure.text}' repeats the number of '{a.figure.text}' in another currency: "
                f"the currency label is probably wrong",
                status="fail", severity=ctx.severity("CC402", "error"), related=[ref(a, "first statement")],
                computation=pair.computation,
                suggestion=f"Use one currency, or convert: {a.figure.text} is about "
                           f"{arith.quantity(pair.computation.result, b.figure.unit)}.",
            )


@rule(code="CC403", name="units.scale-slip", severity="error")
def scale_slip(ctx: Context):
    """Two statements of one fact differ by a factor of 1,000 (million vs billion).

    ## What it does
    Compares statements of the same metric, entity and period; when one is
    the other multiplied or divided by 1,000 (after currency conversion when
    the currencies differ), a scale word was swapped. The same amount written
    in two scales ("$1.2 billion", "$1,200 million") passes.

    ## Why is this bad?
    "Million" for "billion" is the most expensive typo in financial prose:
    the figure is off by three orders of magnitude.

    ## Example
    Acme's valuation reached $4.8 billion in March. Analysts said Acme's
    valuation of $4.8 million in March looked stretched.

    ## Use instead
    Acme's valuation reached $4.8 billion in March. Analysts said Acme's
    valuation of $4.8 billion in March looked stretched.
    """
    for pair in unit_pairs(ctx):
        a, b = pair.first, pair.later
        if pair.relation == "same-scale":
            yield finding(ctx, scale_slip.rule, b, f"'{b.figure.text}' is '{a.figure.text}' in another scale",
                          status="pass", severity="info", related=[ref(a, "first statement")],
                          computation=pair.computation)
        elif pair.relation == "scale":
            yield finding(
                ctx, scale_slip.rule, b,
                f"'{b.figure.text}' and '{a.figure.text}' state the same {_label(ctx, b.metric or a.metric)} "
                f"but differ by a factor of 1,000",
                status="fail", severity=ctx.severity("CC403", "error"), related=[ref(a, "first statement")],
                computation=pair.computation,
                suggestion="Check the scale word (thousand, million, billion) of one of the two figures.",
            )


@rule(code="CC404", name="units.missing-unit", severity="warning")
def missing_unit(ctx: Context):
    """A money figure lacks the currency that its metric carries elsewhere in the text.

    ## What it does
    Finds a bare number with a scale word ("4.8 billion") measuring a money
    metric (valuation, revenue, funding…) while the same metric is stated
    with a currency elsewhere ("$4.8 billion"). A bare number that continues
    a money figure of the same sentence ("from $3.2 billion to 4.8 billion")
    carries its currency and passes.

    ## Why is this bad?
    A reader cannot tell dollars from yuan; with several currencies in one
    piece the bare figure is ambiguous by a factor of seven or more.

    ## Example
    Acme's valuation reached $4.8 billion in March. By June the valuation soared to 6.2 billion.

    ## Use instead
    Acme's valuation reached $4.8 billion in March. By June the valuation soared to $6.2 billion.
    """
    interp = ctx.interp
    if not any(r.metric for r in readings_of(interp, _NUMBER)):
        return  # NOTE: only a bare number of a metric can lack its currency; most documents have none
    first_money: dict[str, Reading] = {}
    first_money_entity: dict[tuple[str | None, str], Reading] = {}
    for r in readings_of(interp, _MONEY):
        if r.metric:
            first_money.setdefault(r.metric, r)
            first_money_entity.setdefault((r.entity, r.metric), r)
    last_money_in_sentence: dict[int, Reading] = {}
    for r in readings_of(interp, _MONEY_OR_NUMBER):
        f = r.figure
        if f.kind == "money":
            last_money_in_sentence[r.sentence] = r
            continue
        if f.kind != "number" or not r.metric or scale_word(f.text) is None:
            continue
        metric = ctx.packs.metrics.get(r.metric)
        if metric is None or getattr(metric, "unit", None) != "currency":
            continue
        carried = last_money_in_sentence.get(r.sentence)
        if carried is not None and carried.metric in (None, r.metric):
            if not ctx.options.show_passed:
                continue  # NOTE: passes are only built when shown
            yield finding(ctx, missing_unit.rule, r,
                          f"'{f.text}' carries the currency of '{carried.figure.text}' in the same sentence",
                          status="pass", severity="info", related=[ref(carried, "currency from")],
                          computation=Computation(
                              expression="unit(figure) = unit(sentence)", verdict="consistent",
                              summary=f"{f.text} read as {arith.quantity(f.value, carried.figure.unit)}"))
            continue
        sibling = first_money_entity.get((r.entity, r.metric)) or first_money.get(r.metric)
        if sibling is None:
            continue
        unit = sibling.figure.unit
        yield finding(
            ctx, missing_unit.rule, r,
            f"'{f.text}' has no currency, but the {_label(ctx, r.metric)} is stated as "
            f"'{sibling.figure.text}' elsewhere",
            status="fail", severity=ctx.severity("CC404", "warning"), related=[ref(sibling, "stated with currency")],
            computation=Computation(
                expression="unit(figure) = unit(metric)", verdict="ambiguous",
                summary=f"{_label(ctx, r.metric)} elsewhere: {sibling.figure.text} ({unit}); here: {f.text} "
                        f"(no currency; read as {arith.quantity(f.value, unit)}?)"),
            suggestion=f"Write the currency: '{arith.quantity(f.value, unit)}'.",
        )


def per_period(ctx: Context, r: Reading, marked: dict[int | str, bool] | None = None) -> str | None:
    """Return the period a money figure is stated per ("month", "quarter", "year") where the text says so.

    `marked`, one dict per document, caches whether each sentence has a period word at all,
    by the sentence's index and by its text (documents repeat sentences).
    """
    metric = ctx.packs.metrics.get(r.metric) if r.metric else None
    declared = getattr(metric, "per_period", None)
    if declared:
        return str(declared)
    s, e = ctx.interp.sentences[r.sentence]
    f = r.figure
    text = ctx.interp.doc.text
    if marked is not None:
        has_word = marked.get(r.sentence)
        if has_word is None:
            sentence = text[s:e]
            has_word = marked.get(sentence)
            if has_word is None:
                lower = sentence.lower()
                has_word = marked[sentence] = any(stem in lower for stem in _PERIOD_STEMS)
            marked[r.sentence] = has_word
        if not has_word:
            return None  # NOTE: no marker can match in a sentence without their stems; most have none
    before = text[max(s, f.start - PER_PERIOD_WINDOW):f.start].lower()
    after = text[f.end:min(e, f.end + 12)].lower()
    # The nearest marker before the figure wins, unless a clause break separates them;
    # right after the figure only "a month", "per year"... count.
    best, best_end = None, -1
    if _ANY_PERIOD.search(before):  # NOTE: one search rules out all three for most figures
        for rx, label in _PER_PERIOD:
            for m in rx.finditer(before):
                if m.end() > best_end:
                    best, best_end = label, m.end()
    if best is not None and _CLAUSE_BREAK.search(before, best_end):
        best = None
    if best is None:
        after = after.lstrip(" ,")
        if _ANY_PERIOD.match(after):
            for rx, label in _PER_PERIOD:
                if rx.match(after):
                    return label
    return best


@rule(code="CC405", name="units.period-mixup", severity="error")
def period_mixup(ctx: Context):
    """A per-period amount is restated at another period with the same value (monthly vs annual).

    ## What it does
    Compares amounts of one flow that the text states per different periods —
    ARR and MRR, or "monthly revenue" and "annual revenue" of the same entity
    and currency. When the two are equal, one period label is wrong; when the
    longer-period amount is the shorter one times 12 (or 3, or 4) they agree.

    ## Why is this bad?
    An MRR reported as ARR understates the business twelvefold; an ARR
    reported as MRR overstates it twelvefold.

    ## Example
    Acme's monthly revenue reached $1.14 million in May, and its annual revenue now stands at $1.14 million.

    ## Use instead
    Acme's monthly revenue reached $1.14 million in May, and its annual revenue now stands at $13.7 million.
    """
    firsts: dict[tuple, dict[str, Reading]] = {}
    marked: dict[int | str, bool] = {}
    metrics = ctx.packs.metrics
    declares: dict[str, bool] = {}  # metric id -> its pack declares the period it is stated per
    for r in readings_of(ctx.interp, _MONEY):
        mid = r.metric
        if not mid or r.role in ("change", "share", "part"):
            continue
        f = r.figure
        declared = declares.get(mid)
        if declared is None:
            declared = declares[mid] = bool(getattr(metrics.get(mid), "per_period", None))
        if not declared and marked.get(r.sentence) is False:
            continue  # NOTE: what `per_period` answers for a sentence without a period word
        period = per_period(ctx, r, marked)
        if period is None:
            continue
        key = (r.entity, PERIOD_FAMILY.get(r.metric, r.metric), f.unit)
        seen = firsts.setdefault(key, {})
        for other_period, a in seen.items():
            if other_period == period:
                continue
            yield from _period_check(ctx, a, other_period, r, period)
        seen.setdefault(period, r)


def _period_check(ctx: Context, a: Reading, pa: str, b: Reading, pb: str):
    """Yield the CC405 finding for amount `a` per `pa` against amount `b` per `pb`."""
    a_iv, b_iv = ctx.interval(a), ctx.interval(b)
    k = PERIOD_MONTHS[pb] / PERIOD_MONTHS[pa]  # b = a * k when both are right
    expected_iv = (a_iv[0] * k, a_iv[1] * k)
    matches = arith.overlaps(expected_iv, b_iv)
    if matches:
        if a.metric != b.metric:
            return  # ARR against MRR: the pack identity (CC101) reports the agreement
        if not ctx.options.show_passed:
            return  # NOTE: passes are only built when shown
    elif not arith.overlaps(a_iv, b_iv):
        return  # different amounts at different periods: nothing to say
    fa, fb = a.figure, b.figure
    inputs = [operand(f"per {pa}", a, a_iv), operand(f"per {pb}", b, b_iv)]
    summary = (f"per {pb} = per {pa} × {arith.num(k)}: {fa.text} × {arith.num(k)} = "
               f"{arith.quantity(fa.value * k, fb.unit)}; stated {fb.text}")
    comp = dict(expression=f"per_{pb} = per_{pa} * {arith.num(k)}", inputs=inputs, result=fa.value * k,
                result_low=expected_iv[0], result_high=expected_iv[1], stated=fb.value,
                stated_low=b_iv[0], stated_high=b_iv[1])
    related = [ref(a, f"per {pa}")]
    if matches:
        yield finding(ctx, period_mixup.rule, b, f"'{fb.text}' per {pb} matches '{fa.text}' per {pa}",
                      status="pass", severity="info", related=related,
                      computation=Computation(**comp, verdict="consistent", summary=summary))
    else:
        yield finding(
            ctx, period_mixup.rule, b,
            f"'{fb.text}' per {pb} equals '{fa.text}' per {pa}: one period label is probably wrong",
            status="fail", severity=ctx.severity("CC405", "error"), related=related,
            computation=Computation(**comp, verdict="inconsistent", summary=summary + " (the same amount)"),
            suggestion=f"If {fa.text} is per {pa}, the amount per {pb} is about "
                       f"{arith.quantity(fa.value * k, fb.unit)}.",
        )


RULES = (currency_conversion, currency_relabel, scale_slip, missing_unit, period_mixup)
