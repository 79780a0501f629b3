"""Tests for baselines: write -> load -> filter round trips, fingerprints and counts."""

from __future__ import annotations

import json

import pytest

from claimcheck.baseline import Baseline, fingerprint, load_baseline, write_baseline
from claimcheck.document import Document, plain_document
from claimcheck.errors import ConfigError
from claimcheck.models import Finding, FigureRef

ARTICLE = (
    "# Kingsoft Cloud\n"
    "\n"
    "It trades at a price-to-sales ratio of 750 times and revenue of RMB 700 million.\n"
    "\n"
    "Its market value has reached RMB 550 billion.\n"
    "Customer retention rate rose by 94%.\n"
)


def ref(text: str, line: int) -> FigureRef:
    return FigureRef(text=text, line=line, col=1, end_line=line, end_col=1 + len(text))


def findings_for(doc: Document) -> list[Finding]:
    """Return findings located by the text they are about, as a rule would produce them."""
    lines = doc.source.split("\n")
    valuation = next(i for i, t in enumerate(lines, 1) if "market value" in t)
    ratio = next(i for i, t in enumerate(lines, 1) if "price-to-sales" in t)
    retention = next(i for i, t in enumerate(lines, 1) if "etention" in t)
    revenue_text = "RMB 700 million" if "RMB 700 million" in doc.source else "RMB 800 million"
    return [
        Finding(code="CC101", severity="warning", status="fail", message="valuation vs revenue x P/S",
                path=doc.path, line=valuation, col=26,
                related=[ref("RMB 550 billion", valuation), ref("750 times", ratio), ref(revenue_text, ratio)]),
        Finding(code="CC301", severity="error", status="ambiguous", message="rate rose by percent",
                path=doc.path, line=retention, col=32, related=[ref("94%", retention)]),
        Finding(code="CC102", severity="info", status="pass", message="a passed check",
                path=doc.path, line=retention, col=1),
    ]


def round_trip(before: Document, after: Document) -> list[Finding]:
    text = write_baseline(findings_for(before), {before.path: before})
    baseline = load_baseline(text, "claimcheck-baseline.json")
    return baseline.filter(findings_for(after), {after.path: after})


def test_write_format() -> None:
    doc = plain_document("docs/a.md", ARTICLE, fmt="markdown")
    data = json.loads(write_baseline(findings_for(doc), {doc.path: doc}))
    assert data["version"] == 1
    assert data["tool"] == "claimcheck"
    assert [(e["path"], e["code"], e["count"]) for e in data["entries"]] == [
        ("docs/a.md", "CC101", 1), ("docs/a.md", "CC301", 1)   # the passed check is not recorded
    ]
    assert all(len(e["fingerprint"]) == 40 for e in data["entries"])


def test_same_document_is_fully_baselined() -> None:
    doc = plain_document("a.md", ARTICLE)
    kept = round_trip(doc, doc)
    assert [f.code for f in kept] == ["CC102"]   # passed checks are never filtered


def test_lines_inserted_above_still_match() -> None:
    before = plain_document("a.md", ARTICLE)
    after = plain_document("a.md", "Editor's note: updated.\n\n\n" + ARTICLE.replace("\n\nIts", "\n\n\nIts"))
    assert [f.line for f in findings_for(after)] != [f.line for f in findings_for(before)]
    assert [f.code for f in round_trip(before, after)] == ["CC102"]


def test_whitespace_changes_still_match() -> None:
    before = plain_document("a.md", ARTICLE)
    after = plain_document("a.md", ARTICLE.replace("has reached", "has  reached").replace("\n", "  \n"))
    assert [f.code for f in round_trip(before, after)] == ["CC102"]


def test_changed_figure_text_is_new() -> None:
    before = plain_document("a.md", ARTICLE)
    after = plain_document("a.md", ARTICLE.replace("RMB 700 million", "RMB 800 million"))
    kept = round_trip(before, after)
    assert sorted(f.code for f in kept) == ["CC101", "CC102"]


def test_changed_sentence_is_new() -> None:
    before = plain_document("a.md", ARTICLE)
    after = plain_document("a.md", ARTICLE.replace("Customer retention rate rose", "Retention rate rose"))
    assert sorted(f.code for f in round_trip(before, after)) == ["CC102", "CC301"]


def test_other_path_is_new() -> None:
    before = plain_document("a.md", ARTICLE)
    after = plain_document("b.md", ARTICLE)
    assert sorted(f.code for f in round_trip(before, after)) == ["CC101", "CC102", "CC301"]


def test_path_spelling_is_normalised() -> None:
    before = plain_document("./docs/a.md", ARTICLE)
    after = plain_document("docs/sub/../a.md", ARTICLE)
    assert [f.code for f in round_trip(before, after)] == ["CC102"]


def test_counts_are_a_multiset() -> None:
    source = "Rate rose by 94%.\nRate rose by 94%.\nRate rose by 94%.\n"
    doc = plain_document("a.md", source)

    def same(line: int) -> Finding:
        return Finding(code="CC301", severity="warning", status="fail", message="m", path="a.md",
                       line=line, col=14, related=[ref("94%", line)])

    text = write_baseline([same(1), same(2)], {"a.md": doc})
    entries = json.loads(text)["entries"]
    assert [e["count"] for e in entries] == [2]
    baseline = load_baseline(text, "b.json")
    assert len(baseline) == 2
    kept = baseline.filter([same(1), same(2), same(3)], {"a.md": doc})
    assert [f.line for f in kept] == [3]
    assert baseline.filter([same(2)], {"a.md": doc}) == []
    # Filtering does not consume the baseline.
    assert len(baseline.filter([same(1), same(2), same(3)], {"a.md": doc})) == 1


def test_missing_document_still_fingerprints() -> None:
    finding = findings_for(plain_document("a.md", ARTICLE))[0]
    assert fingerprint(finding, None) == fingerprint(finding, None)
    text = write_baseline([finding], {})
    assert load_baseline(text, "b.json").filter([finding], {}) == []


def test_output_is_stable() -> None:
    doc = plain_document("a.md", ARTICLE)
    findings = findings_for(doc)
    assert write_baseline(findings, {"a.md": doc}) == write_baseline(list(reversed(findings)), {"a.md": doc})


def test_empty_baseline() -> None:
    baseline = load_baseline(write_baseline([], {}), "b.json")
    assert isinstance(baseline, Baseline) and len(baseline) == 0


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("{", "b.json:1:2: invalid baseline JSON"),
        ("", "b.json:1:1: invalid baseline JSON"),
        ("[]", "b.json: invalid baseline at 'top level'"),
        ('{"entries": []}', "'version'"),
        ('{"version": 2, "entries": []}', "'version'"),
        ('{"version": 1, "entries": [{"path": "a", "code": "CC1", "fingerprint": "xyz", "count": 1}]}',
         "'entries[0].fingerprint'"),
        ('{"version": 1, "entries": [{"path": "a", "code": "CC1", "fingerprint": "' + "a" * 40
         + '", "count": 0}]}', "'entries[0].count'"),
        ('{"version": 1, "entries": {}}', "'entries'"),
    ],
)
def test_malformed_baselines(text: str, fragment: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_baseline(text, "b.json")
    assert fragment in str(info.value)
    assert "b.json" in str(info.value)
