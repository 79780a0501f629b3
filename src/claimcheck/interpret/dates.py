"""The article's date: front matter or HTML meta, a dateline, else the run's `--date`.

Date-dependent checks (ages, "last year", currency conversion at the rate of
the day) need to know when the piece was written. The sources, in order:

1. `doc.meta["date"]` (Markdown front matter, HTML `<meta>` or `<time>`);
2. a dateline: a full date (day, month, year) at the start of one of the first
   blocks, alone or after a place name ("BEIJING, Jan. 20, 2026 —",
   "January 20, 2026", "Published 2026-01-20");
3. `options.date` (`--date` or the config file);
4. otherwise None, and date-dependent checks are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from claimcheck.document import Document
from claimcheck.models import Figure

META_KEYS = ("date", "published", "pubdate", "publish_date", "datePublished", "article:published_time")
# How many blocks from the start may hold the dateline (title, standfirst, dateline).
DATELINE_BLOCKS = 4
# What may precede the date in its block: nothing, a place ("BEIJING,", "San Francisco (Reuters) -")
# or a "published"/"updated" label.
_BEFORE = re.compile(
    r"^(?:[A-Z][A-Za-z.'’ ]{0,40}(?:\([A-Za-z ]{1,20}\))?\s*[,—–-]\s*"
    r"|(?:published|updated|posted|dated|date)(?:\s+on)?\s*:?\s*)?$",
    re.IGNORECASE,
)
# What may follow it: the end of the block, or a dash/colon/pipe opening the story.
_AFTER = re.compile(r"^\s*(?:$|[—–:|]|--|-\s|\(|/|\n)")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True, slots=True)
class ArticleDate:
    """The article's date and where it came from ("front matter", "dateline", "--date")."""

    day: date
    source: str
    figure: int | None = None  # index of the dateline figure, when it came from the text


def _parse(value: str | None) -> date | None:
    """Return the date at the start of an ISO-like string ("2026-01-20T08:00"), or None."""
    if not value:
        return None
    m = _ISO.search(value)
    if m is None:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def find_article_date(doc: Document, figures: list[Figure], options=None,
                      dates: Iterable[int] | None = None) -> ArticleDate | None:
    """Return the `ArticleDate` of `doc` (see the module docstring for the order), or None.

    `dates`, when the caller knows them, are the indices in `figures` of the
    figures of kind "date", in order: only those can be the dateline.
    """
    for key in META_KEYS:
        day = _parse(doc.meta.get(key))
        if day is not None:
            return ArticleDate(day, "front matter" if doc.fmt == "markdown" else "metadata")
    dateline = _dateline(doc, figures, dates)
    if dateline is not None:
        return dateline
    day = _parse(getattr(options, "date", None))
    if day is not None:
        return ArticleDate(day, "--date")
    return None


def article_date(doc: Document, figures: list[Figure], options=None) -> date | None:
    """Return the date the article was written (front matter, dateline, `--date`), or None."""
    found = find_article_date(doc, figures, options)
    return found.day if found is not None else None


def _dateline(doc: Document, figures: list[Figure], dates: Iterable[int] | None = None) -> ArticleDate | None:
    """Return the dateline's date: a full date opening one of the first blocks, or None.

    `dates`: the indices of the date figures, in order (all figures are tried without them).
    """
    text = doc.text
    blocks = doc.blocks[:DATELINE_BLOCKS] or [_first_block(text)]
    limit = blocks[-1].end if doc.blocks else len(text)
    # NOTE: figures are sorted by start, so stopping at the first date past the
    # blocks stops where stopping at the first figure past them would.
    for i in range(len(figures)) if dates is None else dates:
        f = figures[i]
        if f.start >= limit:
            break
        if f.kind != "date" or not f.iso or len(f.iso) != 10 or f.iso.startswith("-"):
            continue
        block = next((b for b in blocks if b.start <= f.start < b.end), None)
        if block is None:
            continue
        if _BEFORE.match(text[block.start:f.start].strip()) and _AFTER.match(text[f.end:block.end]):
            day = _parse(f.iso)
            if day is not None:
                return ArticleDate(day, "dateline", i)
    return None


def _first_block(text: str):
    """Return a pseudo-block for the first 200 characters of a document without blocks."""
    from claimcheck.document import Block

    return Block(0, min(len(text), 200), "paragraph")
