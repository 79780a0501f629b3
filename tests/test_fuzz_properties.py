"""Property tests (hypothesis): arbitrary input never raises anything but the project's documented errors.

Every parser that reads what a user wrote is driven with arbitrary text or
bytes and with structured near-misses (Markdown/HTML/TOML/CSV/YAML built from
the syntax's own tokens): the readers, the extractor, the whole lint, the
formula parser, the config loader, the rule-pack loader and the fact
importers. Anything other than a `ClaimcheckError` subclass is a bug.
"""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimcheck.api import lint_text
from claimcheck.errors import ClaimcheckError, ConfigError, FactsError, InputError, PackError
from claimcheck.expr import ExpressionError, parse_equation
from claimcheck.extract import extract_text
from claimcheck.readers import parse, read_bytes

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FASTER = settings(max_examples=80, deadline=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
FORMATS = ("markdown", "html", "text")

# Tokens of the syntaxes and of the extractor's vocabulary: random text built
# from them reaches far more code than uniformly random characters.
PROSE = ["Revenue", " rose", " fell", " from ", " to ", " up ", " by ", " of which ", "about ", "more than ",
         "$", "US$", "HK$", "RMB ", "€", "£", "¥", "１２３", "４５％", "1", "0", "7", "2026", "12.5", "1,234",
         "1\u2009000", "\u2212", "\u2013", "-", "%", " per cent", " percentage points", " million", " billion",
         "bn", "k", " times", "-fold", " doubled", "half", "a dozen", "two thirds", "3/4", " 20 January 2026",
         "Q3", "FY2024", ".", ",", ";", ":", " ", "\n", "\n\n", "\t", "\u200b", "\u200f", "\u202e", "\ufeff",
         "\x00", "\r", "'s", "(", ")", "retention rate", "valuation", "margin", "price-to-sales ratio"]
MARKDOWN = ["# ", "## ", "- ", "* ", "1. ", "> ", "    ", "```\n", "`", "**", "_", "[", "](", "http://x",
            ")", "![", "<!--", "-->", "<!-- claimcheck: ignore CC301 -->", "| a | b |\n", "|---|---|\n", "|",
            "\\", "&amp;", "&#36;", "&#x1F600;", "<div>", "</div>", "---\n", "title: x\n", "[^1]", "~~~\n"]
HTML = ["<p>", "</p>", "<div>", "</div>", "<script>", "</script>", "<style>", "</style>", "<nav>", "</nav>",
        "<br>", "<table><tr><td>", "</td></tr></table>", "<!--", "-->", "<![CDATA[", "]]>", "&amp;", "&#36;",
        "&#xFFFFFF;", "&nbsp;", "&", "<", ">", "\"", "'", "<a href='x'>", "</a>", "<li>", "<ul>", "<pre>",
        "<code>", "</code>", "<!doctype html>", "<meta charset=latin-1>", "<title>", "</title>"]


def token_text(tokens: list[str], max_size: int = 60) -> st.SearchStrategy[str]:
    """Return a strategy of strings concatenated from `tokens` and arbitrary text."""
    piece = st.one_of(st.sampled_from(tokens), st.text(max_size=6))
    return st.lists(piece, max_size=max_size).map("".join)


DOC_TEXT = st.one_of(
    st.text(max_size=300),
    token_text(PROSE),
    token_text(PROSE + MARKDOWN),
    token_text(PROSE + HTML),
)


def check_figures(text: str, figures) -> None:
    """Assert the extractor's invariants on `figures` of `text`."""
    end = 0
    for f in figures:
        assert 0 <= f.start <= f.end <= len(text)
        assert f.start >= end, "figures overlap"
        end = f.end
        assert text[f.start:f.end] == f.text
        if all(math.isfinite(x) for x in (f.low, f.value, f.high)):
            tol = 1e-9 * max(1.0, abs(f.value))
            assert f.low - tol <= f.value <= f.high + tol, (f.text, f.low, f.value, f.high)


# ---------------------------------------------------------------- readers


@FAST
@given(DOC_TEXT, st.sampled_from(FORMATS))
def test_parse_raises_only_input_errors(text, fmt):
    try:
        doc = parse(text, "fuzz", fmt)
    except InputError:
        return
    assert isinstance(doc.text, str)
    for pos in {0, len(doc.text) // 2, max(0, len(doc.text) - 1)}:
        line, col = doc.position(pos)
        assert line >= 1 and col >= 1


@FAST
@given(st.one_of(st.binary(max_size=400), DOC_TEXT.map(lambda t: t.encode("utf-8", "surrogatepass"))),
       st.sampled_from(FORMATS))
def test_read_bytes_raises_only_input_errors(data, fmt):
    try:
        doc = read_bytes(data, "fuzz", fmt)
    except InputError as err:
        assert err.code in {"CC902", "CC904", "CC906"}
        assert err.line >= 1 and err.col >= 1
        return
    assert "\x00" not in doc.source


# ---------------------------------------------------------------- extractor


@FAST
@given(DOC_TEXT)
def test_extract_text_never_raises_and_keeps_spans(text):
    check_figures(text, extract_text(text))


# ---------------------------------------------------------------- whole lint


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOC_TEXT, st.sampled_from(FORMATS), st.booleans())
def test_lint_text_raises_only_documented_errors(text, fmt, strict):
    try:
        findings = lint_text(text, fmt=fmt, path="fuzz", strict=strict, show_passed=True)
    except ClaimcheckError:
        return
    lines = text.count("\n") + text.count("\r") + 1
    for f in findings:
        assert f.line >= 1 and f.col >= 1
        assert f.line <= lines + 1, (f.code, f.line, lines)
        assert f.status in ("fail", "ambiguous", "pass")


# ---------------------------------------------------------------- formulas

FORMULA = ["revenue", "valuation", "price_to_sales", " = ", "=", "*", "/", "+", "-", "(", ")", "100", "1e308",
           "0", "abs(", "min(", "max(", ",", " ", "x", "_", "1.5", "**", "^", "Revenue", "é", "\x00", "1e999"]


@FAST
@given(st.one_of(st.text(max_size=80), token_text(FORMULA, 40), st.just("(" * 5000 + "x" + ")" * 5000 + " = y"),
                 st.just("a = " + "-" * 10000 + "b"), st.just("a = " + "b*" * 5000 + "c")))
def test_parse_equation_raises_only_expression_errors(src):
    try:
        eq = parse_equation(src)
    except ExpressionError:
        return
    assert eq is not None


# ---------------------------------------------------------------- TOML files

_NAMES = itertools.count()

TOML_KEYS = ["select", "ignore", "fail-on", "strict", "tolerance", "rules", "per-file-ignores", "date", "currency",
             "facts", "max-bytes", "time-budget", "max-figure-run", "jobs", "show-passed", "format", "dollar", "bogus", "pack", "name",
             "description", "metrics", "identities", "formula", "phrases", "kinds", "unit", "range", "typical",
             "severity", "source", "label", "tool", "claimcheck", "revenue", "gmv"]
TOML_VALUES = ["true", "false", "0", "-1", "1e999", "inf", "nan", "-inf", "0.5", "\"\"", "\"ALL\"", "\"CC1\"",
               "\"error\"", "\"2026-01-20\"", "2026-01-20", "[]", "[\"x\"]", "[0, inf]", "[inf, 0]", "[1, 2, 3]",
               "{}", "{ dollar = \"HKD\" }", "{ dollar = 5 }", "\"revenue = gmv * take_rate / 100\"",
               "\"a = \"", "\"money\"", "[\"money\"]", "\"nope.toml\"", "'''\nx\n'''", "\"\\u0000\"", "99999999999999999999"]
TOML_STRUCT = ["[tool.claimcheck]\n", "[tool]\n", "[pack]\n", "[metrics.", "]\n", "[[identities]]\n",
               "[tool.claimcheck.per-file-ignores]\n", "[currency]\n", "\n", " = ", "=", ".", "\"", "[", "]", "#"]


@st.composite
def toml_documents(draw) -> str:
    """Return TOML-like text: mostly well-formed tables of known keys with odd values, sometimes broken."""
    if draw(st.integers(0, 4)) == 0:
        return draw(st.one_of(st.text(max_size=200), token_text(TOML_STRUCT + TOML_KEYS + TOML_VALUES, 40)))
    lines = []
    for _ in range(draw(st.integers(0, 6))):
        header = draw(st.sampled_from(TOML_STRUCT[:7] + ["[metrics.gmv]\n", "[metrics.revenue]\n", ""]))
        lines.append(header)
        for _ in range(draw(st.integers(0, 5))):
            lines.append(f"{draw(st.sampled_from(TOML_KEYS))} = {draw(st.sampled_from(TOML_VALUES))}\n")
    return "".join(lines)


@FASTER
@given(toml_documents(), st.sampled_from(["claimcheck.toml", "pyproject.toml", ".claimcheck.toml"]))
def test_load_config_raises_only_config_errors(tmp_path, text, name):
    from claimcheck.config import load_config

    folder = tmp_path / f"c{next(_NAMES)}"
    folder.mkdir()
    path = folder / name
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        load_config(path)
    except ConfigError as exc:
        assert str(path) in str(exc) or path.name in str(exc), str(exc)


@FASTER
@given(toml_documents())
def test_load_packs_raises_only_pack_errors(tmp_path, text):
    from claimcheck.packs import load_packs

    path = tmp_path / f"pack{next(_NAMES)}.toml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        load_packs((str(path),))
    except PackError as exc:
        assert path.name in str(exc), str(exc)


# ---------------------------------------------------------------- fact files

CSV = ["entity,metric,value,unit,as_of,source,aliases,note\n", "Lumina AI", "valuation", "revenue", "45000000000",
       "1e999", "nan", "-0", "USD", "CNY", "%", "x", "2025-06-01", "2025-13-45", "https://example.com", ",", "\"",
       "\n", "\r\n", "|", "\x00", "\ufeff", "é", " "]
YAML = ["- entity: ", "  metric: ", "  value: ", "  unit: ", "  as_of: ", "  source: ", "Lumina AI", "valuation",
        "45e9", ".nan", "USD", "2025-06-01", "!!python/object/apply:os.system ['true']", "&a [*a]", "*a", "{", "}",
        "[", "]", "\n", "- ", ": ", "'", "\"", "---\n", "%YAML 1.1\n", "!!binary aGVsbG8=", "<<: *a", "? "]
JSONL = ["{", "}", "\"entity\": ", "\"metric\": ", "\"value\": ", "\"unit\": ", "\"as_of\": ", "\"source\": ",
         "\"Lumina AI\"", "\"valuation\"", "45e9", "1e999", "NaN", "Infinity", "\"USD\"", "\"2025-06-01\"", ", ", "\n",
         "[", "]", "null", "true", "\"\\ud800\"", "[" * 50]


@FASTER
@given(st.sampled_from([("csv", CSV), ("yaml", YAML), ("jsonl", JSONL)]).flatmap(
    lambda kt: st.tuples(st.just(kt[0]), st.one_of(token_text(kt[1], 50), st.binary(max_size=200)))))
def test_fact_importers_raise_only_facts_errors(tmp_path, case):
    import claimcheck.facts as facts
    kind, content = case
    path = tmp_path / f"facts{next(_NAMES)}.{kind}"
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", errors="surrogatepass")
    else:
        path.write_bytes(content)
    try:
        found = facts.read_fact_files([str(path)])
    except (FactsError, PackError) as exc:
        assert path.name in str(exc), str(exc)
        return
    assert isinstance(found, list)
