"""Property tests of the extract stage (hypothesis)."""

from __future__ import annotations

import math
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimcheck.extract import extract_text

SCALES = {"": 1, " thousand": 10**3, " million": 10**6, " billion": 10**9, "bn": 10**9, " trillion": 10**12}
PREFIXES = {"$": "USD", "US$": "USD", "HK$": "HKD", "€": "EUR", "£": "GBP", "RMB ": "CNY", "JPY ": "JPY"}
SUFFIXES = {" yuan": "CNY", " euros": "EUR", " RMB": "CNY", "%": "%", " per cent": "%", " percent": "%"}
HEDGES = ["", "about ", "more than ", "up to ", "nearly ", "at least ", "around "]
CONTEXTS = ["It reported {} last year.", "{}", "Revenue was {}, the filing said.", "(for {})"]

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def grouped(n: int) -> str:
    return f"{n:,}"


@st.composite
def amounts(draw):
    integer = draw(st.integers(min_value=1, max_value=999_999))
    decimals = draw(st.sampled_from(["", "", str(draw(st.integers(0, 9))), f"{draw(st.integers(0, 99)):02d}"]))
    numeral = grouped(integer) + ("." + decimals if decimals else "")
    scale = draw(st.sampled_from(list(SCALES)))
    if draw(st.booleans()):
        marker = draw(st.sampled_from(list(PREFIXES)))
        surface, unit = marker + numeral + scale, PREFIXES[marker]
    else:
        marker = draw(st.sampled_from(list(SUFFIXES)))
        if SUFFIXES[marker] == "%":
            scale = ""
        surface, unit = numeral + scale + marker, SUFFIXES[marker]
    hedge = draw(st.sampled_from(HEDGES))
    context = draw(st.sampled_from(CONTEXTS))
    return numeral, SCALES[scale], surface, unit, hedge.strip() or None, context.format(hedge + surface)


def expected_interval(numeral: str, scale: int) -> tuple[Decimal, Decimal, Decimal]:
    plain = numeral.replace(",", "")
    value = Decimal(plain)
    if "." in plain:
        half = Decimal("0.5").scaleb(-len(plain.split(".")[1]))
    else:
        zeros = len(plain) - len(plain.rstrip("0"))
        half = Decimal("0.5").scaleb(zeros)
    return value * scale, half * scale, Decimal("0.5").scaleb(Decimal(plain).as_tuple().exponent) * scale


def close(a: float, b: float) -> bool:
    if math.isinf(a) or math.isinf(b):
        return a == b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


@FAST
@given(amounts())
def test_rendered_amount_reads_back(case):
    numeral, scale, surface, unit, hedge, sentence = case
    figures = extract_text(sentence)
    assert len(figures) == 1, (sentence, [(f.text, f.kind) for f in figures])
    f = figures[0]
    assert f.text == surface
    assert f.unit == unit
    assert f.kind == ("percent" if unit == "%" else "money")
    assert f.hedge == hedge
    value, half, strict = expected_interval(numeral, scale)
    v = float(value)
    assert close(f.value, v)
    low, high = float(value - half), float(value + half)
    if hedge in ("about", "around"):
        low, high = low - 0.1 * v, high + 0.1 * v
    elif hedge == "nearly":
        low = min(low, 0.9 * v)
    elif hedge in ("more than", "at least"):
        high = math.inf
    elif hedge == "up to":
        low = 0.0
    assert close(f.low, low) and close(f.high, high), (sentence, f.low, f.high, low, high)
    assert f.strict_low <= f.value <= f.strict_high
    if hedge is None:
        assert close(f.strict_low, float(value - strict)) and close(f.strict_high, float(value + strict))


INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2066", "\u2069", "\ufeff", "\u00ad"]
FULL_WIDTH = {chr(c): chr(c - 0x21 + 0xFF01) for c in range(0x21, 0x7F)}


@FAST
@given(amounts(), st.data())
def test_invisible_characters_inside_a_figure_change_nothing_but_its_text(case, data):
    # Zero-width and direction marks inside a figure are read through: the
    # figure is the same, its text keeps the marks, and it still spans them.
    _numeral, _scale, surface, _unit, _hedge, sentence = case
    plain = extract_text(sentence)[0]
    cuts = sorted(data.draw(st.lists(st.integers(1, len(surface) - 1), min_size=1, max_size=3)))
    marked = surface
    for cut in reversed(cuts):
        marked = marked[:cut] + data.draw(st.sampled_from(INVISIBLE)) + marked[cut:]
    figures = extract_text(sentence.replace(surface, marked))
    assert len(figures) == 1, (marked, [(f.text, f.kind) for f in figures])
    f = figures[0]
    assert f.text == marked
    assert (f.kind, f.unit, f.value, f.low, f.high, f.hedge) == (
        plain.kind, plain.unit, plain.value, plain.low, plain.high, plain.hedge)


@FAST
@given(amounts())
def test_full_width_figure_reads_as_its_ascii_twin(case):
    _numeral, _scale, surface, _unit, _hedge, sentence = case
    plain = extract_text(sentence)[0]
    wide = "".join(FULL_WIDTH.get(ch, ch) if ch.isdigit() or ch in "$%.," else ch for ch in surface)
    figures = extract_text(sentence.replace(surface, wide))
    assert len(figures) == 1, (wide, [(f.text, f.kind) for f in figures])
    f = figures[0]
    assert f.text == wide
    assert (f.kind, f.unit, f.value, f.low, f.high) == (plain.kind, plain.unit, plain.value, plain.low, plain.high)


@FAST
@given(st.text(max_size=300))
def test_never_raises_and_spans_agree(text):
    figures = extract_text(text)
    last = -1
    for f in figures:
        assert text[f.start:f.end] == f.text
        assert f.start >= last
        last = f.end
        assert f.low <= f.value <= f.high
        assert f.strict_low <= f.value <= f.strict_high


NUMBERISH = st.text(alphabet="0123456789 ,.-–$€£¥%x/^eEkKmMbn\u2212\u2009\u202f\uff11abc()+:", max_size=120)
WORDISH = st.lists(st.sampled_from(
    ["one", "two", "hundred", "and", "a", "half", "thirds", "million", "point", "over", "minus", "dozen",
     "fifths", "twenty", "-", "of", "percent", "dollars", "about", "between", "to", "5", "$3", "1,000"]),
    max_size=25).map(" ".join)


@FAST
@given(st.one_of(NUMBERISH, WORDISH))
def test_never_raises_on_number_soup(text):
    for f in extract_text(text):
        assert text[f.start:f.end] == f.text
        assert f.low <= f.value <= f.high
        assert math.isfinite(f.value)
