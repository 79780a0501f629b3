"""The extract stage: find every figure in a document's prose.

`extract(doc)` returns the document's `Figure`s sorted by start and never
overlapping; `extract_text(text)` does the same for a bare string. Extraction
reads `doc.text` only (the readers have already dropped code, URLs in markup,
comments) and never raises on any text.

Decisions a reader of the output should know:

- Surface text: a figure's `text` includes its currency marker, minus sign,
  scale word and unit word ("$4.3 billion", "RMB 700 million", "18.9 per cent",
  "14 months", "60-fold") but NOT its hedge ("about", "more than"), which is
  reported in `hedge`; the counted noun of a count is in `noun`, not in `text`
  ("240,000" + noun "developers"). A range is one figure from the first
  end's start to the second end's end ("$4–5 billion", "10 to 12 percent";
  "between" is not part of it).
- Ranges and changes: two ends never join into a range when they carry
  different units ("by 3 percentage points to 11.5%", "3 months to 2 years").
  "from A to B" is always two figures (a change), and a bare end takes the
  unit, currency or counted noun of the other ("from 10 to 12 percent" -> 10%
  and 12%; "from $4 to 5 billion" -> $4 billion and $5 billion), and its
  scale only when the two numerals are within a factor of ten ("from 500 to 1
  million users" keeps 500). "by A to B" is a change and a level (two
  figures) when A has its own unit or is far from B ("rose by 2 to 12
  percent"); a bare A close to B ("grew by 10 to 12 percent") reads as a
  range. A year range's short second end is a year: "2019–20", "2019/20" ->
  2019 and 2020 (text "20"); never the number 20.
- Invisible and look-alike characters: zero-width spaces and joiners,
  direction marks, bidi embeddings and isolates, the byte-order mark and the
  soft hyphen are read as absent ("$1\u200b000\u200c000" is $1,000,000; the
  figure's `text` keeps them, so its position is exact). Full-width forms,
  the decimal digits of other scripts and the Arabic percent sign and
  separators read as their ASCII twins ("＄１５６．５ million" is $156.5
  million, "١٢٫٥٪" is 12.5%).
- Counted nouns: the head of a short noun phrase after the number, with up to
  two modifiers ("three river systems" -> "systems", "12 new stores"), across
  one line break; a part takes the noun of its whole ("40 of its 610
  branches": both "branches").
- Values are in base units: money in currency units ("RMB 700 million" ->
  700000000.0 CNY; "50 cents" -> 0.5 USD), percent as written (18.9, unit "%";
  percentage points and basis points unit "pp", "50 basis points" -> 0.5),
  multiples with unit "x", durations in the stated pint unit ("14 months" ->
  14 month; "two decades" -> 20 year), dates as `date.toordinal()` with `iso`.
- Precision: `low`/`high` are half a unit of the last non-zero digit of an
  integer ("700 million" -> 650–750 million) or of the last written digit of
  a decimal ("18.9%" -> 18.85–18.95); `strict_low`/`strict_high` are half a
  unit of the last written digit. Number words follow the same rule on their
  value ("one trillion" -> 0.5–1.5 trillion); fractions in words ("two
  thirds", "a half") and digit fractions ("3/4") are exact. Hedges widen both
  intervals with the factors in `rules/lexicon.toml`; ranges span both ends,
  and both ends take the finer precision of the two ("$180–200 million" ->
  175–205 million, "$45-50 million" -> 44.5–50.5 million). A hedge may
  stand on the line before its figure ("about\n$180 million"), never across a
  blank line. "as much as"/"as many as" are ceilings, "as little as"/"as few
  as" floors; "near" is "about".
- Tolerances: "±2%", "+/- 2%", "plus or minus 2%" give the positive figure
  2% with hedge "±"; the tolerance does not widen its interval (the figure is
  the tolerance itself, not a value near 2%).
- Currency: a bare "$" is USD unless the document names exactly one other
  qualified dollar ("HK$", "S$", ...) and never US$/USD; "¥" is CNY unless the
  document says "yen" or "JPY". "pounds" is money only after a scale word or
  a currency context ("361 million pounds"); "two pounds" is a count.
- Not figures: list markers ("1. " at a line start), ranks and ordinals ("1st",
  "No. 1", "#1", "third place"), versions ("v2.3.1", "1.2.3", "Python 3.11"),
  IP addresses, URLs, e-mail addresses, footnote markers ("[1]", "^2"), and
  digits glued to letters ("COVID-19", "A380", "4G", "B2B", "MP3", "180ml").
  A numeral after a separate word is kept ("iPhone 15" -> 15), except a bare
  integer after a label word from `rank_prefixes` ("page 12", "tier 1
  capital", "type 2 diabetes", "flight 370"); "page views of 12 million"
  keeps its figure. Form names ("10-K", "10-Q", "20-F") are identifiers.
  Fraction words that name a period or a rank are not fractions
  ("second-half", "first half", "third quarter", "in a quarter", "the past
  two quarters", "a third party"); "a third of", "a quarter point", "three
  quarters" are. "fourfold", "tenfold" are multiples like "five-fold". Glued letters
  are accepted only when they are a scale ("10k", "RMB15bn"), a marker
  ("750x", "18.9pct") or a currency/fiscal prefix ("US$5", "FY2024").
- Years: a plain four-digit integer in 1800–2100 with no unit is a `year`
  unless a plural noun follows ("2025 employees" is a count). Dates without a
  year ("end of May") have `iso` "--05" and a value in year 1.
"""

from __future__ import annotations

from claimcheck.document import Document, plain_document
from typing import NamedTuple

from claimcheck.extract.scanner import scan
from claimcheck.gcpause import gc_paused
from claimcheck.models import Figure
from claimcheck.options import DEFAULT_MAX_FIGURE_RUN

__all__ = ["DEFAULT_MAX_RUN", "Extraction", "extract", "extract_runs", "extract_text"]

DEFAULT_MAX_RUN = DEFAULT_MAX_FIGURE_RUN


class Extraction(NamedTuple):
    """The figures of a document and the spans of its prose that were not read."""

    figures: list[Figure]
    # (start, end) offsets in `Document.text`: the rest of a run of figures
    # with no word between them, from just after the last figure read to the last one skipped.
    skipped: list[tuple[int, int]]


@gc_paused
def extract_runs(doc: Document, max_run: int = DEFAULT_MAX_RUN) -> Extraction:
    """Return the figures of `doc` and the spans skipped after `max_run` figures in a row with no word between them.

    `max_run=0` reads every figure. The cyclic garbage collector is paused
    during the scan (see `claimcheck.gcpause`).
    """
    return Extraction(*scan(doc, max_run))


def extract(doc: Document, max_run: int = 0) -> list[Figure]:
    """Return the figures in `doc.text`, sorted by start, non-overlapping, with positions set.

    Every figure is read unless `max_run` is given (see `extract_runs`).
    """
    return extract_runs(doc, max_run).figures


def extract_text(text: str) -> list[Figure]:
    """Return the figures of a bare string (as `extract` on a plain-text document named "<text>")."""
    return extract(plain_document("<text>", text))
