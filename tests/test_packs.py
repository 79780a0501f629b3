"""Tests for the rule-pack loader (`claimcheck.packs`) and the shipped packs."""

from __future__ import annotations

import math
import os
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.errors import PackError
from claimcheck.expr import Equation, SolveError
from claimcheck.packs import LEXICON, Identity, Metric, PackSet, load_packs, normalise_phrase
from claimcheck.resources import packs_dir

GOOD_METRIC = """
[metrics.widgets]
label = "widgets"
phrases = ["widgets", "widget count"]
kinds = ["count"]
unit = "count"
range = [0, 1000]
source = "test"
"""


def write(tmp_path: Path, text: str, name: str = "bad.toml") -> Path:
    path = tmp_path / name
    path.write_text(text.lstrip("\n"), encoding="utf-8")
    return path


def pack_error(path: Path) -> str:
    with pytest.raises(PackError) as info:
        load_packs((str(path),))
    return str(info.value)


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


# --------------------------------------------------------------------------
# The shipped packs


@pytest.fixture(scope="module")
def packs() -> PackSet:
    return load_packs()


def test_shipped_packs_load(packs: PackSet) -> None:
    assert {"revenue", "valuation", "price_to_sales", "retention_rate", "arr", "mrr"} <= set(packs.metrics)
    assert all(isinstance(m, Metric) for m in packs.metrics.values())
    assert all(isinstance(i, Identity) and isinstance(i.equation, Equation) for i in packs.identities)
    assert not any(f.endswith(LEXICON) for f in packs.files)


def test_every_shipped_formula_uses_defined_metrics(packs: PackSet) -> None:
    assert packs.identities
    for identity in packs.identities:
        undefined = identity.equation.names() - set(packs.metrics)
        assert not undefined, f"{identity.name}: {undefined}"


def test_every_shipped_identity_solves_for_each_name(packs: PackSet) -> None:
    for identity in packs.identities:
        for name in identity.names():
            try:
                identity.equation.solve_for(name)
            except SolveError as exc:  # pragma: no cover - the assertion explains
                pytest.fail(f"{identity.name}: {exc}")


def test_shipped_identities_the_design_names(packs: PackSet) -> None:
    formulas = {str(identity.equation) for identity in packs.identities}
    assert "valuation = revenue * price_to_sales" in formulas
    assert "valuation = share_price * shares_outstanding" in formulas
    assert "profit = revenue - costs" in formulas
    assert "margin = profit / revenue * 100" in formulas
    assert "share = part / whole * 100" in formulas
    assert "arr = mrr * 12" in formulas


def test_shipped_metrics_are_well_formed(packs: PackSet) -> None:
    for metric in packs.metrics.values():
        assert metric.source.strip(), metric.id
        assert metric.kinds, metric.id
        assert metric.generic or metric.phrases, f"{metric.id} has no phrases"
        if metric.is_rate:
            assert metric.kinds == ["percent"], metric.id
            assert metric.unit == "%", metric.id
            assert metric.range is not None, metric.id
        for phrase in metric.phrases:
            assert phrase == normalise_phrase(phrase)
    for identity in packs.identities:
        assert identity.source.strip(), identity.name


def test_rates_have_the_design_ranges(packs: PackSet) -> None:
    assert packs.range_for("retention_rate") == (0, 100)
    assert packs.range_for("churn_rate") == (0, 100)
    assert packs.range_for("market_share") == (0, 100)
    assert packs.range_for("float_share") == (0, 100)
    assert packs.range_for("net_revenue_retention") == (0, 300)
    assert packs.range_for("growth_rate") == (-100, math.inf)
    assert packs.range_for("margin") == (-math.inf, 100)
    assert packs.range_for("unemployment_rate") == (0, 100)
    assert packs.range_for("profit") is None
    assert packs.range_for("no_such_metric") is None
    assert packs.metrics["arr"].per_period == "year"
    assert packs.metrics["mrr"].per_period == "month"


def test_generic_identities_are_marked(packs: PackSet) -> None:
    by_name = {identity.name: identity for identity in packs.identities}
    assert by_name["share-of-whole"].generic
    assert not by_name["valuation-from-price-to-sales"].generic
    assert {i.name for i in packs.identities_with("price_to_sales")} == {"valuation-from-price-to-sales"}


# --------------------------------------------------------------------------
# The phrase index


def phrases_in(packs: PackSet, text: str) -> list[tuple[str, str]]:
    lower = text.lower()
    return [(lower[start:end], metric) for start, end, metric in packs.find_metric_phrases(lower)]


def test_find_the_worked_example(packs: PackSet) -> None:
    text = (
        "It trades at a price-to-sales ratio of 750 times and forecasted revenue of RMB 700 million. "
        "Its market value has reached RMB 550 billion. Customer retention rate rose by 94%."
    )
    assert phrases_in(packs, text) == [
        ("price-to-sales ratio", "price_to_sales"),
        ("forecasted revenue", "revenue"),
        ("market value", "valuation"),
        ("customer retention rate", "retention_rate"),
    ]


def test_longest_match_wins(packs: PackSet) -> None:
    assert phrases_in(packs, "net revenue retention of 120%") == [("net revenue retention", "net_revenue_retention")]
    assert phrases_in(packs, "gross profit margin") == [("gross profit margin", "gross_margin")]
    assert phrases_in(packs, "annual recurring revenue") == [("annual recurring revenue", "arr")]
    assert phrases_in(packs, "earnings per share") == [("earnings per share", "eps")]


def test_whole_words_only(packs: PackSet) -> None:
    assert phrases_in(packs, "salesforce and wholesale prices") == []
    assert phrases_in(packs, "arrows and marrow") == []
    assert phrases_in(packs, "(revenue)") == [("revenue", "revenue")]


def test_spaces_hyphens_and_line_breaks_are_interchangeable(packs: PackSet) -> None:
    assert phrases_in(packs, "price to sales") == [("price to sales", "price_to_sales")]
    assert phrases_in(packs, "market\ncap") == [("market\ncap", "valuation")]
    assert phrases_in(packs, "top-line") == [("top-line", "revenue")]


def test_falls_back_to_shorter_phrase_at_a_word_boundary(packs: PackSet) -> None:
    # "market cap" is a phrase, "market capital" is not: no match inside a word.
    assert phrases_in(packs, "market capital") == []
    assert phrases_in(packs, "gross margins.") == [("gross margins", "gross_margin")]


def test_metric_for_phrase(packs: PackSet) -> None:
    assert packs.metric_for_phrase("Market-Cap").id == "valuation"
    assert packs.metric_for_phrase("P/S").id == "price_to_sales"
    assert packs.metric_for_phrase("nonsense") is None


@settings(max_examples=200)
@given(st.text(alphabet=st.sampled_from(list("abcdeilmnoprstuvwxy -/\n%.")), max_size=200))
def test_phrase_matches_are_sorted_disjoint_and_known(text: str) -> None:
    packs = load_packs()
    spans = packs.find_metric_phrases(text)
    previous_end = 0
    for start, end, metric in spans:
        assert previous_end <= start < end <= len(text)
        assert packs.phrases[normalise_phrase(text[start:end])] == metric
        previous_end = end


# --------------------------------------------------------------------------
# Severities


def test_severity_overrides(tmp_path: Path) -> None:
    path = write(tmp_path, '[severities]\nCC301 = "error"\nCC2xx = "info"\n', "sev.toml")
    packs = load_packs((str(path),))
    assert packs.severity_for("CC301") == "error"
    assert packs.severity_for("CC205") == "info"
    assert packs.severity_for("CC101") is None


# --------------------------------------------------------------------------
# User packs


def test_user_pack_adds_metrics_and_identities(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        GOOD_METRIC
        + """
[[identities]]
name = "widget-revenue"
formula = "revenue = widgets * per_unit"
severity = "warning"
source = "test"
""",
        "widgets.toml",
    )
    packs = load_packs((str(path),))
    assert packs.metrics["widgets"].origin == str(path)
    assert packs.range_for("widgets") == (0, 1000)
    assert any(identity.name == "widget-revenue" for identity in packs.identities)
    assert phrases_in(packs, "the widget count") == [("widget count", "widgets")]


def test_user_pack_replaces_a_shipped_metric(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
[metrics.revenue]
phrases = ["takings"]
kinds = ["money"]
source = "house style"

[metrics.sales_volume]
phrases = ["sales"]
kinds = ["count"]
source = "house style"
""",
        "house.toml",
    )
    packs = load_packs((str(path),))
    assert packs.metrics["revenue"].phrases == ["takings"]
    assert phrases_in(packs, "sales and takings") == [("sales", "sales_volume"), ("takings", "revenue")]


def test_folder_of_packs_skips_the_lexicon(tmp_path: Path) -> None:
    write(tmp_path, GOOD_METRIC, "a.toml")
    write(tmp_path, "this is not a pack", LEXICON)
    packs = load_packs((str(tmp_path),))
    assert "widgets" in packs.metrics
    assert str(tmp_path / "a.toml") in packs.files


def test_missing_path(tmp_path: Path) -> None:
    message = pack_error(tmp_path / "nope.toml")
    assert "nope.toml" in message and "no such rule pack" in message


def test_cache_and_reload(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD_METRIC, "cached.toml")
    first = load_packs((str(path),))
    assert load_packs((str(path),)) is first
    path.write_text(GOOD_METRIC.replace("1000", "2000"), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10_000_000))
    second = load_packs((str(path),))
    assert second is not first
    assert second.range_for("widgets") == (0, 2000)


def test_shipped_folder_is_not_a_user_pack_conflict() -> None:
    # Passing the shipped folder again (a source checkout) replaces like for like.
    packs = load_packs((str(packs_dir()),))
    assert packs.metrics["revenue"].phrases == load_packs().metrics["revenue"].phrases


# --------------------------------------------------------------------------
# Malformed packs: the message names the file, the line and the key


def assert_names(message: str, path: Path, line: int, key: str) -> None:
    assert f"{path}:{line}: {key}:" in message, message


def test_toml_syntax_error(tmp_path: Path) -> None:
    path = write(tmp_path, '[metrics.revenue]\nlabel = "revenue"\nkinds = ["money"\nsource = "x"\n')
    message = pack_error(path)
    assert re.search(rf"{re.escape(str(path))}:4: TOML syntax error: .*\(column \d+\)", message), message


def test_toml_error_at_end_of_document(tmp_path: Path) -> None:
    path = write(tmp_path, 'a = 1\nb = "unterminated\n')
    message = pack_error(path)
    assert f"{path}:" in message and "TOML syntax error" in message


def test_range_is_not_a_pair(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD_METRIC.replace("range = [0, 1000]", "range = [0, 1000, 5]"))
    message = pack_error(path)
    assert_names(message, path, line_of(path, "range ="), "metrics.widgets.range")
    assert "expected a list of two numbers" in message


@pytest.mark.parametrize("bad", ['"0-100"', "[100, 0]", '[0, "high"]', "[true, 1]", "[nan, 1]"])
def test_range_values(tmp_path: Path, bad: str) -> None:
    path = write(tmp_path, GOOD_METRIC.replace("range = [0, 1000]", f"range = {bad}"))
    message = pack_error(path)
    assert_names(message, path, line_of(path, "range ="), "metrics.widgets.range")


def test_unknown_key(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD_METRIC + 'colour = "red"\n')
    message = pack_error(path)
    assert_names(message, path, line_of(path, "colour"), "metrics.widgets.colour")
    assert "unknown key" in message and "phrases" in message


def test_unknown_top_level_table(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD_METRIC + "\n[metric.typo]\nlabel = 'x'\n")
    message = pack_error(path)
    assert_names(message, path, line_of(path, "[metric.typo]"), "metric")


def test_missing_key_points_at_the_table(tmp_path: Path) -> None:
    path = write(tmp_path, "# a comment\n\n" + GOOD_METRIC.replace('kinds = ["count"]\n', ""))
    message = pack_error(path)
    assert_names(message, path, line_of(path, "[metrics.widgets]"), "metrics.widgets.kinds")
    assert "missing required key" in message


def test_ill_typed_key(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD_METRIC + 'is_rate = "yes"\n')
    message = pack_error(path)
    assert_names(message, path, line_of(path, "is_rate"), "metrics.widgets.is_rate")
    assert "expected true or false" in message


def test_bad_kind_in_list(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD_METRIC.replace('kinds = ["count"]', 'kinds = ["count", "money", "weight"]'))
    message = pack_error(path)
    assert_names(message, path, line_of(path, "kinds ="), "metrics.widgets.kinds[3]")
    assert "'weight'" in message


def test_bad_metric_id(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD_METRIC.replace("[metrics.widgets]", "[metrics.Widget-Count]"))
    message = pack_error(path)
    assert f"{path}:1: metrics.Widget-Count: invalid key" in message, message


def test_function_name_is_not_a_metric_id(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD_METRIC.replace("[metrics.widgets]", "[metrics.max]"))
    message = pack_error(path)
    assert_names(message, path, 1, "metrics.max")


def test_inline_table_metric(tmp_path: Path) -> None:
    path = write(tmp_path, '[metrics]\nok = { kinds = ["count"], source = "x" }\nbad = { kinds = ["count"] }\n')
    message = pack_error(path)
    assert_names(message, path, 3, "metrics.bad.source")


IDENTITIES = (
    GOOD_METRIC
    + """
[[identities]]
name = "first"
formula = "widgets = users * 2"
severity = "warning"
source = "test"

[[identities]]
name = "second"
formula = "widgets = revenue / gadgets"
severity = "warning"
source = "test"
"""
)


def test_formula_with_undefined_metric(tmp_path: Path) -> None:
    path = write(tmp_path, IDENTITIES)
    message = pack_error(path)
    assert_names(message, path, line_of(path, "gadgets"), "identities[2].formula")
    assert "unknown metric 'gadgets'" in message
    assert "column 21" in message


def test_formula_syntax_error(tmp_path: Path) -> None:
    path = write(tmp_path, IDENTITIES.replace("users * 2", "users ** 2"))
    message = pack_error(path)
    assert_names(message, path, line_of(path, "users **"), "identities[1].formula")
    assert "column" in message


def test_formula_without_equals(tmp_path: Path) -> None:
    path = write(tmp_path, IDENTITIES.replace("widgets = users * 2", "users * 2"))
    message = pack_error(path)
    assert_names(message, path, line_of(path, '"users * 2"'), "identities[1].formula")


def test_bad_identity_severity(tmp_path: Path) -> None:
    path = write(tmp_path, IDENTITIES.replace('severity = "warning"', 'severity = "fatal"', 1))
    message = pack_error(path)
    assert_names(message, path, line_of(path, '"fatal"'), "identities[1].severity")
    assert "'error'" in message


def test_identity_missing_source(tmp_path: Path) -> None:
    text = IDENTITIES.replace('source = "test"\n\n[[identities]]\nname = "second"', '\n[[identities]]\nname = "second"')
    path = write(tmp_path, text)
    message = pack_error(path)
    assert_names(message, path, line_of(path, 'name = "first"') - 1, "identities[1].source")


def test_duplicate_identity_name(tmp_path: Path) -> None:
    path = write(tmp_path, IDENTITIES.replace('name = "second"', 'name = "first"').replace("gadgets", "users"))
    message = pack_error(path)
    assert_names(message, path, line_of(path, 'formula = "widgets = revenue') - 1, "identities[2].name")


def test_phrase_claimed_by_two_metrics(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD_METRIC.replace('"widget count"', '"widget count", "turnover"'))
    message = pack_error(path)
    assert_names(message, path, line_of(path, "phrases ="), "metrics.widgets.phrases[3]")
    assert "'turnover' already belongs to metric 'revenue'" in message


def test_generic_metric_takes_no_phrases(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD_METRIC + "generic = true\n")
    message = pack_error(path)
    assert_names(message, path, line_of(path, "[metrics.widgets]"), "metrics.widgets")


def test_bad_severity_code(tmp_path: Path) -> None:
    path = write(tmp_path, '\n\n[severities]\nCC301 = "error"\nE501 = "error"\n')
    message = pack_error(path)
    assert_names(message, path, line_of(path, "E501"), "severities.E501")


def test_every_error_of_a_file_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD_METRIC + 'is_rate = "yes"\ncolour = 1\n')
    message = pack_error(path)
    assert len(message.splitlines()) == 2


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes("label = 'caf\xe9'\n".encode("latin-1"))
    message = pack_error(path)
    assert f"{path}:1:" in message and "UTF-8" in message


def test_per_share_names_an_unknown_metric(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD_METRIC + 'per_share = "widgets_per_shar"\n')
    message = pack_error(path)
    assert_names(message, path, line_of(path, "per_share"), "metrics.widgets.per_share")
    assert "unknown metric 'widgets_per_shar'" in message


def test_qualifier_claimed_by_two_metrics(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD_METRIC + 'qualifiers = ["a share"]\n')
    message = pack_error(path)
    assert_names(message, path, line_of(path, "qualifiers"), "metrics.widgets.qualifiers[1]")
    assert "'a share' already belongs to metric 'share_price'" in message


def test_per_share_qualifier_picks_the_per_share_metric() -> None:
    from claimcheck.extract import extract
    from claimcheck.interpret import interpret
    from claimcheck.readers import parse

    text = ("Net income was $312 million, or $1.20 per share. The board proposed a dividend of €0.85 per "
            "share. Acme's market value of $15 billion, or $48 a share, rose. At $48 a share and 310 million "
            "shares, Acme is worth roughly $15 billion.")
    doc = parse(text, "x", "text")
    got = [(r.figure.text, r.metric) for r in interpret(doc, extract(doc), load_packs()).readings]
    assert got == [
        ("$312 million", "profit"), ("$1.20", "eps"), ("€0.85", "dividend_per_share"),
        ("$15 billion", "valuation"), ("$48", "share_price"), ("$48", "share_price"),
        ("310 million", None), ("$15 billion", None),
    ]
