"""Plain-text reader: the prose is the whole file; blocks are blank-line paragraphs."""

from __future__ import annotations

import re

from claimcheck.document import Block, Document, plain_document

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r]*\n")


def read_text(source: str, path: str) -> Document:
    """Return a `Document` whose text is `source` itself, split into paragraph blocks."""
    doc = plain_document(path, source, "text")
    start = 0
    for m in _PARAGRAPH_BREAK.finditer(source):
        if source[start:m.start()].strip():
            doc.blocks.append(Block(start, m.start(), "paragraph"))
        start = m.end()
    if source[start:].strip():
        doc.blocks.append(Block(start, len(source), "paragraph"))
    return doc
