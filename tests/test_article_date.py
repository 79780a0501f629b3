"""The article's date: front matter, HTML meta, a dateline, `--date`, else None."""

from __future__ import annotations

from datetime import date

import pytest

from claimcheck.extract import extract
from claimcheck.interpret.dates import article_date, find_article_date
from claimcheck.options import LintOptions
from claimcheck.readers import parse


def _date(text: str, fmt: str = "text", **options) -> date | None:
    doc = parse(text, "<t>", fmt)
    return article_date(doc, extract(doc), LintOptions(**options))


@pytest.mark.parametrize("text", [
    "BEIJING, Jan. 20, 2026 — Zhipu raised $500 million.",
    "January 20, 2026\n\nZhipu raised $500 million.",
    "Published: 2026-01-20\n\nZhipu raised $500 million.",
    "San Francisco (Reuters) - January 20, 2026 - Zhipu raised $500 million.",
])
def test_dateline(text: str) -> None:
    assert _date(text) == date(2026, 1, 20)


def test_front_matter_wins_over_dateline_and_option() -> None:
    text = "---\ndate: 2025-06-02\n---\n\nBEIJING, Jan. 20, 2026 — Zhipu raised $500 million.\n"
    assert _date(text, "markdown", date="2024-01-01") == date(2025, 6, 2)


def test_html_meta() -> None:
    html = ('<html><head><meta property="article:published_time" content="2026-01-20T08:00:00Z">'
            "</head><body><p>Zhipu raised $500 million.</p></body></html>")
    assert _date(html, "html") == date(2026, 1, 20)


def test_option_then_none() -> None:
    text = "Zhipu raised $500 million on January 20, 2026, its biggest round."
    assert _date(text) is None  # a date inside a sentence is not a dateline
    assert _date(text, date="2026-02-01") == date(2026, 2, 1)


def test_dateline_figure_is_reported() -> None:
    doc = parse("BEIJING, Jan. 20, 2026 — Zhipu raised $500 million.", "<t>", "text")
    figures = extract(doc)
    found = find_article_date(doc, figures)
    assert found is not None and found.source == "dateline"
    assert figures[found.figure].text == "Jan. 20, 2026"


@pytest.mark.parametrize(("text", "fmt"), [
    ("BEIJING, Jan. 20, 2026 — Zhipu raised $500 million.", "text"),
    ("Revenue rose 5% in 2025.\n\nMarch 3, 2026\n\nZhipu raised $500 million on Jan. 20, 2026.", "markdown"),
    ("# Title\n\nStandfirst with $5 million and 12%.\n\nSAN JOSE, March 3, 2026 — Acme said.\n\n"
     "January 20, 2026\n\nMore.", "markdown"),
    ("$1, $2, $3 and 2024-05-06 then Published: 2026-01-20 | $4 million", "text"),
    ("Zhipu raised $500 million on January 20, 2026, its biggest round.", "text"),
    ("<p>$5 million</p><p>June 2, 2025</p><p>Mistral raised €600 million.</p>", "html"),
])
def test_dateline_from_the_date_figures_alone(text: str, fmt: str) -> None:
    # `dates` (the indices of the date figures) stand in for a scan of every figure.
    doc = parse(text, "<t>", fmt)
    figures = extract(doc)
    dates = [i for i, f in enumerate(figures) if f.kind == "date"]
    assert find_article_date(doc, figures, dates=dates) == find_article_date(doc, figures)
