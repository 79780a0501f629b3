"""Extraction goldens: every article in tests/goldens/extract/ against its figures.

Each `<name>.md|.html|.txt` is read with the real reader and run through
`claimcheck.extract.extract`; the figures (position, surface text, kind, value,
unit, interval) must equal `<name>.figures.jsonl` beside it. The articles are
found with a directory glob. `pytest --update-goldens` rewrites the JSONL
files; review the diff like code.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimcheck.readers import FORMATS, read_path

GOLDEN_DIR = Path(__file__).parent / "goldens" / "extract"
ARTICLES = sorted(p for p in GOLDEN_DIR.iterdir() if p.suffix in FORMATS)
FIELDS = ("line", "col", "end_line", "end_col", "text", "kind", "value", "unit", "low", "high")


def golden_path(article: Path) -> Path:
    """Return the `.figures.jsonl` file that belongs to `article`."""
    return article.with_name(article.stem + ".figures.jsonl")


def figure_records(article: Path) -> list[dict]:
    """Return the extracted figures of `article` as golden records, in text order."""
    from claimcheck.extract import extract

    doc = read_path(article)
    records = []
    for figure in extract(doc):
        # The figure's span is in the prose; its position must come from the reader's map.
        assert doc.text[figure.start:figure.end] == figure.text
        span = doc.span(figure.start, figure.end)
        if figure.line:
            assert (figure.line, figure.col, figure.end_line, figure.end_col) == span
        record = dict(zip(("line", "col", "end_line", "end_col"), span))
        for name in FIELDS[4:]:
            value = getattr(figure, name)
            record[name] = value.value if hasattr(value, "value") else value
        records.append(record)
    return records


def test_goldens_exist() -> None:
    assert {p.suffix for p in ARTICLES} >= {".md", ".html", ".txt"}


@pytest.mark.parametrize("article", ARTICLES, ids=lambda p: p.name)
def test_extract_golden(article: Path, update_goldens: bool) -> None:
    records = figure_records(article)
    golden = golden_path(article)
    if update_goldens:
        lines = [json.dumps(r, ensure_ascii=False, sort_keys=False) for r in records]
        golden.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        return
    assert golden.exists(), f"missing {golden.name}: run pytest --update-goldens"
    expected = [json.loads(line) for line in golden.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert records == expected


def test_code_and_urls_yield_no_figures() -> None:
    """The Markdown golden's code block, inline code and link URL hold numbers; none is a figure."""
    article = GOLDEN_DIR / "northwind-results.md"
    texts = " ".join(r["text"] for r in figure_records(article))
    source = article.read_text(encoding="utf-8")
    for number in ("6_400_000_000", "0.125", "999", "0814", "77"):
        assert number in source
        assert number not in texts
