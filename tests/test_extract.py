"""Unit cases of the extract stage: every form of figure, and every non-figure."""

from __future__ import annotations

import math
import time

import pytest

from claimcheck.document import DocumentBuilder, plain_document
from claimcheck.extract import extract, extract_text


def only(text: str):
    """Return the single figure of `text` (fails when there is not exactly one)."""
    figures = extract_text(text)
    assert len(figures) == 1, [(f.text, f.kind, f.value) for f in figures]
    return figures[0]


def approx(a: float, b: float) -> bool:
    if math.isinf(a) or math.isinf(b):
        return a == b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


# text, figure text, kind, value, unit, low, high
MONEY = [
    ("$4.3 billion", "$4.3 billion", 4.3e9, "USD", 4.25e9, 4.35e9),
    ("US$1.5 billion", "US$1.5 billion", 1.5e9, "USD", 1.45e9, 1.55e9),
    ("HK$700 billion", "HK$700 billion", 7e11, "HKD", 6.5e11, 7.5e11),
    ("RMB15bn", "RMB15bn", 1.5e10, "CNY", 1.45e10, 1.55e10),
    ("RMB 700 million", "RMB 700 million", 7e8, "CNY", 6.5e8, 7.5e8),
    ("¥3,000", "¥3,000", 3000.0, "CNY", 2500.0, 3500.0),
    ("10 billion RMB", "10 billion RMB", 1e10, "CNY", 5e9, 1.5e10),
    ("3 billion yuan", "3 billion yuan", 3e9, "CNY", 2.5e9, 3.5e9),
    ("€2.4m", "€2.4m", 2.4e6, "EUR", 2.35e6, 2.45e6),
    ("£300,000", "£300,000", 3e5, "GBP", 2.5e5, 3.5e5),
    ("JPY 1.2 trillion", "JPY 1.2 trillion", 1.2e12, "JPY", 1.15e12, 1.25e12),
    ("$ 75 million", "$ 75 million", 7.5e7, "USD", 7.45e7, 7.55e7),
    ("$94,000", "$94,000", 94000.0, "USD", 93500.0, 94500.0),
    ("5 dollars", "5 dollars", 5.0, "USD", 4.5, 5.5),
    ("three million dollars", "three million dollars", 3e6, "USD", 2.5e6, 3.5e6),
    ("RMB 550 billion", "RMB 550 billion", 5.5e11, "CNY", 5.45e11, 5.55e11),
    ("420 million finnish markka", "420 million finnish markka", 4.2e8, "FIM", 4.15e8, 4.25e8),
    ("hk $ 10.05 billion", "hk $ 10.05 billion", 1.005e10, "HKD", 1.0045e10, 1.0055e10),
    ("c $ 16.4 million", "c $ 16.4 million", 1.64e7, "CAD", 1.635e7, 1.645e7),
    ("50 cents", "50 cents", 0.5, "USD", 0.45, 0.55),
    ("361 million pounds", "361 million pounds", 3.61e8, "GBP", 3.605e8, 3.615e8),
    ("3 dollars 50 cents", "3 dollars 50 cents", 3.5, "USD", 3.495, 3.505),
    ("-$5 million", "-$5 million", -5e6, "USD", -5.5e6, -4.5e6),
]


@pytest.mark.parametrize("text,surface,value,unit,low,high", MONEY)
def test_money(text, surface, value, unit, low, high):
    f = only(f"It reported {text} last week.")
    assert (f.text, f.kind, f.unit) == (surface, "money", unit)
    assert approx(f.value, value) and approx(f.low, low) and approx(f.high, high)


def test_strict_interval_is_last_written_digit():
    f = only("RMB 700 million")
    assert (f.low, f.high) == (650e6, 750e6)
    assert (f.strict_low, f.strict_high) == (699.5e6, 700.5e6)
    f = only("18.9%")
    assert approx(f.strict_low, 18.85) and approx(f.strict_high, 18.95)
    f = only("240,000 paying developers")
    assert (f.low, f.high, f.strict_low, f.strict_high) == (235000, 245000, 239999.5, 240000.5)


def test_document_dollar_and_yen():
    figs = extract_text("The Singapore fund raised S$2 billion. Later it spent $300 million.")
    assert [f.unit for f in figs] == ["SGD", "SGD"]
    figs = extract_text("It raised US$2 billion and HK$3 billion, then $300 million.")
    assert [f.unit for f in figs] == ["USD", "HKD", "USD"]
    assert only("The fee was ¥3,000 (about 21 yen per user)".replace("(about 21 yen per user)", "in yen")).unit == "JPY"


PERCENT = [
    ("18.9%", 18.9, "%", 18.85, 18.95),
    ("18.9 per cent", 18.9, "%", 18.85, 18.95),
    ("18.9 percent", 18.9, "%", 18.85, 18.95),
    ("18.9 pct", 18.9, "%", 18.85, 18.95),
    ("-3.5%", -3.5, "%", -3.55, -3.45),
    ("\u22123.5%", -3.5, "%", -3.55, -3.45),
    ("3 percentage points", 3.0, "pp", 2.5, 3.5),
    ("3 pp", 3.0, "pp", 2.5, 3.5),
    ("50 basis points", 0.5, "pp", 0.45, 0.55),
]


@pytest.mark.parametrize("text,value,unit,low,high", PERCENT)
def test_percent(text, value, unit, low, high):
    f = only(f"Margins moved {text} in the year.")
    assert (f.text, f.kind, f.unit) == (text, "percent", unit)
    assert approx(f.value, value) and approx(f.low, low) and approx(f.high, high)


def test_points_after_a_percentage_are_percentage_points():
    figs = extract_text("The margin rose to 18.9%, or 3 points higher.")
    assert (figs[1].text, figs[1].kind, figs[1].unit) == ("3 points", "percent", "pp")
    assert extract_text("The team scored 3 points.")[0].kind != "percent"


@pytest.mark.parametrize("text,value", [
    ("750 times", 750.0), ("750x", 750.0), ("750×", 750.0), ("60-fold", 60.0),
    ("sixty-fold", 60.0), ("3.2 times", 3.2),
])
def test_multiple(text, value):
    f = only(f"It trades at {text} sales.")
    assert (f.text, f.kind, f.unit, f.value) == (text, "multiple", "x", value)


@pytest.mark.parametrize("text,surface,value,noun", [
    ("240,000 paying developers", "240,000", 240000.0, "developers"),
    ("3 million users", "3 million", 3e6, "users"),
    ("1,200 employees", "1,200", 1200.0, "employees"),
    ("twenty-six people", "twenty-six", 26.0, "people"),
    ("2025 employees", "2025", 2025.0, "employees"),
])
def test_count(text, surface, value, noun):
    f = only(f"The firm has {text} today.")
    assert (f.text, f.kind, f.value, f.noun, f.unit) == (surface, "count", value, noun, None)


@pytest.mark.parametrize("text,surface,value,unit,hedge", [
    ("14 months", "14 months", 14.0, "month", None),
    ("over 8 hours", "8 hours", 8.0, "hour", "over"),
    ("two years", "two years", 2.0, "year", None),
    ("3 weeks", "3 weeks", 3.0, "week", None),
    ("10 days", "10 days", 10.0, "day", None),
    ("two decades", "two decades", 20.0, "year", None),
])
def test_duration(text, surface, value, unit, hedge):
    f = only(f"It took {text} to finish.")
    assert (f.text, f.kind, f.value, f.unit, f.hedge) == (surface, "duration", value, unit, hedge)


@pytest.mark.parametrize("text,iso", [
    ("January 20, 2026", "2026-01-20"),
    ("20 January 2026", "2026-01-20"),
    ("Jan. 20, 2026", "2026-01-20"),
    ("2026-01-20", "2026-01-20"),
    ("May 2026", "2026-05"),
])
def test_date(text, iso):
    f = only(f"Filed on {text}.")
    assert (f.text, f.kind, f.iso) == (text, "date", iso)
    import datetime as dt

    y, m = int(iso[:4]), int(iso[5:7])
    d = int(iso[8:10]) if len(iso) == 10 else 1
    assert f.value == dt.date(y, m, d).toordinal()


def test_month_interval_and_month_without_year():
    f = only("in May 2026")
    assert f.low == f.value and f.high == f.value + 30
    f = only("by the end of May")
    assert (f.text, f.kind, f.iso) == ("May", "date", "--05")
    assert extract_text("It may rise.") == []


@pytest.mark.parametrize("text,surface", [("in 2025", "2025"), ("2019", "2019"), ("FY2024", "2024")])
def test_year(text, surface):
    f = only(f"Sales {text} were flat.")
    assert (f.text, f.kind, f.value, f.low, f.high) == (surface, "year", float(surface), float(surface), float(surface))


@pytest.mark.parametrize("text,value,low,high", [
    ("a dozen", 12.0, 11.5, 12.5),
    ("two-thirds", 2 / 3, 2 / 3, 2 / 3),
    ("half", 0.5, 0.5, 0.5),
    ("one trillion", 1e12, 0.5e12, 1.5e12),
    ("three", 3.0, 2.5, 3.5),
    ("1,234,567", 1234567.0, 1234566.5, 1234567.5),
    ("1\u202f234\u202f567.89", 1234567.89, 1234567.885, 1234567.895),
    ("\uff11\uff12\uff13", 123.0, 122.5, 123.5),
])
def test_number(text, value, low, high):
    f = only(f"We saw {text} of them.")
    assert f.text == text and f.kind == "number"
    assert approx(f.value, value) and approx(f.low, low) and approx(f.high, high)


@pytest.mark.parametrize("text,hedge,low,high", [
    ("about $5 million", "about", 4.0e6, 6.0e6),
    ("around 41%", "around", 36.4, 45.6),
    ("nearly 41%", "nearly", 36.9, 41.5),
    ("more than 41%", "more than", 40.5, math.inf),
    ("at least 41%", "at least", 40.5, math.inf),
    ("up to 41%", "up to", 0.0, 41.5),
    ("less than 41%", "less than", 0.0, 41.5),
    ("~41%", "~", 36.4, 45.6),
])
def test_hedges_widen_both_intervals(text, hedge, low, high):
    f = only(f"It was {text} in the end.")
    assert f.hedge == hedge
    assert not f.text.startswith(hedge)
    assert approx(f.low, low) and approx(f.high, high)
    assert f.strict_low <= f.low + 1e-9 or hedge in ("nearly",)
    assert f.strict_high == math.inf if math.isinf(high) else f.strict_high <= f.high


@pytest.mark.parametrize("text,value,unit,low,high", [
    ("$4–5 billion", 4.5e9, "USD", 3.5e9, 5.5e9),
    ("$4 billion to $5 billion", 4.5e9, "USD", 3.5e9, 5.5e9),
    ("4-5%", 4.5, "%", 3.5, 5.5),
    ("10 to 12 percent", 11.0, "%", 9.5, 12.5),
    ("$180–200 million", 1.9e8, "USD", 1.75e8, 2.05e8),
    ("$45-50 million", 4.75e7, "USD", 4.45e7, 5.05e7),
])
def test_range(text, value, unit, low, high):
    f = only(f"It expects {text} this year.")
    assert (f.text, f.unit) == (text, unit)
    assert approx(f.value, value) and approx(f.low, low) and approx(f.high, high)


def test_between_range_excludes_between():
    f = only("between 10 and 12 per cent")
    assert (f.text, f.value, f.unit) == ("10 and 12 per cent", 11.0, "%")


def test_from_to_is_two_figures():
    figs = extract_text("Revenue rose from $4 billion to $5 billion.")
    assert [f.text for f in figs] == ["$4 billion", "$5 billion"]


@pytest.mark.parametrize("text", [
    "1. First item",
    "She finished 1st and then 2nd.",
    "He came third place.",
    "The No. 1 seller, #1 in sales.",
    "Call +1-222-333-4444 or (555) 123-4567 or 555-123-4567.",
    "Upgrade to v2.3.1 or 1.2.3 or Python 3.11 today.",
    "Visit https://example.com/2024/05/report-100 now.",
    "Mail bob99@example.com please.",
    "Footnote[1] and claim^2 here.",
    "COVID-19 hit the A380, 4G, B2B and MP3 markets.",
    "Meet at 16:00 or 2:00 pm.",
    "The 180ml bottle.",
    "The one you mentioned is fine.",
])
def test_not_figures(text):
    assert [(f.text, f.kind) for f in extract_text(text)] == []


def test_positions_follow_the_source_map():
    text = "First line.\nIt raised $4.3 billion and 18.9% more.\n"
    figs = extract_text(text)
    assert [(f.line, f.col, f.end_line, f.end_col) for f in figs] == [(2, 11, 2, 23), (2, 28, 2, 33)]
    for f in figs:
        assert text[f.start:f.end] == f.text


def test_extract_uses_document_text_and_positions():
    b = DocumentBuilder()
    src = "# Title\n\nRevenue was **$5 million**."
    b.append("Title", 2)
    b.separate()
    b.append("Revenue was ", 9)
    b.append("$5 million", 23)
    b.append(".", 35)
    doc = b.build("a.md", "markdown", src)
    (f,) = extract(doc)
    assert f.text == "$5 million" and (f.line, f.col, f.end_col) == (3, 15, 25)
    assert doc.text[f.start:f.end] == f.text


def test_sorted_and_non_overlapping():
    figs = extract_text("In 2025 it had $4–5 billion, 3 million users and 18.9% margins over 14 months.")
    starts = [f.start for f in figs]
    assert starts == sorted(starts)
    assert all(a.end <= b.start for a, b in zip(figs, figs[1:]))


@pytest.mark.parametrize("text", [
    "1" * 1_000_000,
    "$1," * 100_000,
    " ".join(f"${i % 97}.{i % 10} million" for i in range(100_000)),
])
def test_linear_time_on_hostile_input(text):
    # NOTE: the budget is loose because CI machines are shared; the inputs are
    # the design's worst cases (one huge numeral, 100,000 figures).
    start = time.perf_counter()
    extract(plain_document("big.txt", text))
    assert time.perf_counter() - start < 20


def test_never_raises_on_odd_input():
    for text in ["", "$", "-", "1e99999", "9^999", "1/0", "0/0 1 0/0", "\u0130" * 10 + " 5%", "$-", "1e",
                 "½", "٣٤", "..1..", "1,", ",1", "1 over 0", "one over zero", "a", "an half"]:
        for f in extract_text(text):
            assert text[f.start:f.end] == f.text
            assert f.low <= f.value <= f.high


def rows(text: str) -> list[tuple]:
    return [(f.text, f.kind, f.unit) for f in extract_text(text)]


@pytest.mark.parametrize("text,expected", [
    ("Margins improved by 3 percentage points to 11.5%.",
     [("3 percentage points", "percent", "pp"), ("11.5%", "percent", "%")]),
    ("It rose by 4.5 percentage points to 41.2%.",
     [("4.5 percentage points", "percent", "pp"), ("41.2%", "percent", "%")]),
    ("It took 3 months to 2 years.", [("3 months", "duration", "month"), ("2 years", "duration", "year")]),
    ("Costs rose by 2 to 12 percent.", [("2", "number", None), ("12 percent", "percent", "%")]),
    # A bare first end close to the second: a range, as without "by".
    ("Sales grew by 10 to 12 percent.", [("10 to 12 percent", "percent", "%")]),
])
def test_ends_with_different_units_or_a_change_are_not_a_range(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("Sales rose from 10 to 12 percent.", [("10", "percent", "%", 10.0), ("12 percent", "percent", "%", 12.0)]),
    ("Sales rose from $4 to 5 billion.", [("$4", "money", "USD", 4e9), ("5 billion", "money", "USD", 5e9)]),
    ("Sales rose from 2019 to 2021.", [("2019", "year", None, 2019.0), ("2021", "year", None, 2021.0)]),
    ("Users rose from 500 to 1 million.", [("500", "number", None, 500.0), ("1 million", "number", None, 1e6)]),
])
def test_from_to_shares_units_with_a_bare_end(text, expected):
    assert [(f.text, f.kind, f.unit, f.value) for f in extract_text(text)] == expected


def test_form_names_are_not_figures():
    assert extract_text("It filed its form 10-Q, a 10-K and a 10-K/A; the 20-F came later.") == []


@pytest.mark.parametrize("text", [
    "second-half sales rose", "in the first half of 2024", "the second quarter", "a third quarter",
    "a third party", "earned $5m in a quarter", "the half-year results", "the past two quarters",
    "a half-hearted bid",
])
def test_periods_and_ordinals_are_not_fractions(text):
    assert [f.text for f in extract_text(text) if f.kind == "number"] == []


@pytest.mark.parametrize("text,value", [
    ("a third of sales", 1 / 3), ("a quarter of their value", 0.25), ("half of the staff", 0.5),
    ("a fifth of revenue", 0.2), ("cut by a quarter point", 0.25), ("three quarters of staff", 0.75),
])
def test_fractions_stay_fractions(text, value):
    f = only(text)
    assert f.kind == "number" and approx(f.value, value)


def test_hedge_on_the_previous_line():
    f = only("saving about\n$180 million a year")
    assert (f.text, f.hedge) == ("$180 million", "about")
    assert only("saving about\n\n$180 million").hedge is None


@pytest.mark.parametrize("text,surface,value,low,high,hedge", [
    ("almost fourfold", "fourfold", 4.0, 3.5, 4.5, "almost"),
    ("a fourfold rise", "fourfold", 4.0, 3.5, 4.5, None),
    ("a tenfold rise", "tenfold", 10.0, 5.0, 15.0, None),  # "ten": half a unit of its last digit
    ("five-fold", "five-fold", 5.0, 4.5, 5.5, None),
])
def test_fold_in_words(text, surface, value, low, high, hedge):
    f = only(text)
    assert (f.text, f.kind, f.unit, f.hedge) == (surface, "multiple", "x", hedge)
    assert f.value == value and f.high == high and (hedge is not None or f.low == low)


def test_a_fifth_and_mid_year():
    assert (only("a fifth of revenue").text, only("a fifth of revenue").value) == ("a fifth", 0.2)
    f = only("closing by mid-2025")
    assert (f.text, f.kind, f.value) == ("2025", "year", 2025.0)


@pytest.mark.parametrize("label", [
    "tier 1 capital", "level 3", "phase 2", "stage 4", "grade 5", "class 3", "type 2 diabetes", "version 4",
    "chapter 7", "section 230", "article 50", "page 12", "item 7", "No. 3", "number 5", "route 66", "gate 4",
    "flight 370", "room 101",
])
def test_labels_are_not_figures(label):
    assert extract_text(f"See {label} for details.") == []


def test_label_words_before_a_figure_with_a_scale_or_unit():
    figs = extract_text("page views of 12 million and 3 million page views; a level 3% higher")
    assert [(f.text, f.kind, f.noun) for f in figs] == [
        ("12 million", "number", None), ("3 million", "count", "views"), ("3%", "percent", None)]


@pytest.mark.parametrize("text,surface,noun", [
    ("close 40 of its 610 branches", "610", "branches"),
    ("close 40 of its 610 branches", "40", "branches"),
    ("three river systems", "three", "systems"),
    ("1,050\nemployees", "1,050", "employees"),
    ("12 new retail stores", "12", "stores"),
])
def test_counted_noun(text, surface, noun):
    (f,) = [f for f in extract_text(text) if f.text == surface]
    assert (f.kind, f.noun) == ("count", noun)


@pytest.mark.parametrize("text,hedge,low,high", [
    ("near €400 million", "near", 3.1e8, 4.9e8),
    ("roughly 500", "roughly", 400.0, 600.0),
    ("some 500", "some", 400.0, 600.0),
    ("circa 500", "circa", 400.0, 600.0),
    ("c. 500", "c.", 400.0, 600.0),
    ("~500", "~", 400.0, 600.0),
    ("an estimated 500", "an estimated", 400.0, 600.0),
    ("more or less 500", "more or less", 400.0, 600.0),
    ("as much as 500", "as much as", 0.0, 550.0),
    ("as many as 500", "as many as", 0.0, 550.0),
    ("as little as 500", "as little as", 450.0, math.inf),
    ("as few as 500", "as few as", 450.0, math.inf),
    ("just over 500", "just over", 450.0, math.inf),
    ("well over 500", "well over", 450.0, math.inf),
    ("just under 500", "just under", 450.0, 550.0),
])
def test_hedge_words(text, hedge, low, high):
    f = only(f"It was {text} in all.")
    assert f.hedge == hedge
    assert approx(f.low, low) and approx(f.high, high)


@pytest.mark.parametrize("text", ["plus or minus 2%", "\u00b12%", "+/- 2%", "+/-2%", "+-2%", "plus/minus 2%"])
def test_tolerance_is_a_positive_figure_with_hedge(text):
    f = only(f"Accurate to {text} in tests.")
    assert (f.text, f.value, f.unit, f.hedge) == ("2%", 2.0, "%", "\u00b1")
    assert (f.low, f.high) == (1.5, 2.5)


@pytest.mark.parametrize("text,years", [
    ("in 2019\u201320", [("2019", 2019.0), ("20", 2020.0)]),
    ("in 2019-2021", [("2019", 2019.0), ("2021", 2021.0)]),
    ("in 1999-00", [("1999", 1999.0), ("00", 2000.0)]),
    ("in FY2019/20", [("2019", 2019.0), ("20", 2020.0)]),
    ("in 2019-12", [("2019", 2019.0)]),
])
def test_year_range_second_end_is_a_year(text, years):
    figs = extract_text(text)
    assert [(f.text, f.value) for f in figs] == years
    assert all(f.kind == "year" for f in figs)
