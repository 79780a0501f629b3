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


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return (start, end) spans of the sentences of `text`, in order, whitespace-trimmed.

    A sentence longer than `MAX_SENTENCE` characters is cut into pieces of that
    size so that per-sentence work stays bounded.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(text):
        if m.group(0)[0] == ".":
            w = _WORD_BEFORE.search(text, max(0, m.start() - 12), m.start() + 1)
            if w and (w.group(1).lower() in ABBREVIATIONS or len(w.group(1)) == 1):
                continue
        end = m.end() if m.group(0)[0] in ".!?" else m.start()
        _add(text, start, end, spans)
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
