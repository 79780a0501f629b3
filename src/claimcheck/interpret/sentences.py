"""Sentence and clause boundaries in a document's prose.

Sentences never cross a block boundary (the readers separate blocks with a
blank line). Abbreviations ("Inc.", "U.S.", "Jan.") and decimals do not end a
sentence.
"""

from __future__ import annotations

import re

# A candidate end: terminal punctuation, optional closing quote/bracket, then
# whitespace and something that can start a sentence; or a blank line.
_END = re.compile(r"[.!?][\"”’')\]]*(?=\s+[\"“‘(\[]?[A-Z0-9£$€¥])|\n[ \t]*\n")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")
ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof inc corp co ltd plc llc st no vs etc e.g i.e approx est jan feb mar apr jun jul "
    "aug sep sept oct nov dec fig figs p pp ca cf gov gen sen rep u.s u.k u.n a.m p.m bn mn".split()
)
MAX_SENTENCE = 4000
# The length of the longest abbreviation: a period after more ASCII letters ends none.
_LONGEST_ABBREVIATION = max(map(len, ABBREVIATIONS))


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return (start, end) spans of the sentences of `text`, in order, whitespace-trimmed.

    A sentence longer than `MAX_SENTENCE` characters is cut into pieces of that
    size so that per-sentence work stays bounded.
    """
    # NOTE: called once per document but runs once per sentence boundary, so
    # the trimming of `_add` is inlined: a table of 200,000 one-cell blocks
    # spent most of its time in the call.
    spans: list[tuple[int, int]] = []
    append = spans.append
    start = 0
    for m in _END.finditer(text):
        found, end = m.span()
        c = text[found]
        if c == "\n":  # a blank line: the sentence ends before it
            end = found
        elif c == ".":
            # An abbreviation does not end a sentence; a word longer than any abbreviation needs no test.
            before = text[found - _LONGEST_ABBREVIATION - 1:found] if found > _LONGEST_ABBREVIATION else ""
            if not (before.isascii() and before.isalpha()):
                w = _WORD_BEFORE.search(text, max(0, found - 12), found + 1)
                if w and (w.group(1).lower() in ABBREVIATIONS or len(w.group(1)) == 1):
                    continue
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end - start > MAX_SENTENCE:
            _add(text, start, end, spans)
        elif end > start:
            append((start, end))
        start = m.end()
    _add(text, start, len(text), spans)
    return spans


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    """Append the trimmed span [start, end) (split if too long) unless it is blank."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE:
        spans.append((start, start + MAX_SENTENCE))
        start += MAX_SENTENCE
    if end > start:
        spans.append((start, end))
