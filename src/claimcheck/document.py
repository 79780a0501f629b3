"""The `Document`: the prose of a file plus a map back to the original source.

Readers build a document with `DocumentBuilder`: they append pieces of prose,
each tied to the source offset it came from. A piece copied verbatim maps
character by character; a piece that was decoded (an HTML entity, a Markdown
escape) or inserted (a block separator) maps every character to one source
offset. Positions are 1-based lines and columns counted in characters.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Block:
    """A block of prose in `Document.text`: a paragraph, heading, list item, cell…

    `depth` is the nesting level of lists/blockquotes; `list_id` groups the
    items of one list; `ordered` says whether that list is numbered.
    """

    start: int
    end: int
    kind: str
    depth: int = 0
    list_id: int | None = None
    ordered: bool = False
    level: int = 0


@dataclass(slots=True)
class Document:
    """Prose text of one input with a map from each character to its source position."""

    path: str
    fmt: str
    source: str
    text: str
    # Segments (text_start, source_start, verbatim) sorted by text_start.
    seg_text: list[int]
    seg_source: list[int]
    seg_verbatim: list[bool]
    blocks: list[Block] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    # Comments found in the source (HTML comments in Markdown/HTML):
    # (line, col, comment text without the <!-- --> delimiters).
    comments: list[tuple[int, int, str]] = field(default_factory=list)
    _line_starts: list[int] | None = None

    def source_offset(self, i: int) -> int:
        """Return the source character offset of prose character `i`."""
        if not self.seg_text:
            return min(i, len(self.source))
        k = bisect_right(self.seg_text, i) - 1
        if k < 0:
            return 0
        if self.seg_verbatim[k]:
            return self.seg_source[k] + (i - self.seg_text[k])
        return self.seg_source[k]

    @property
    def line_starts(self) -> list[int]:
        """Return the source offsets at which each line starts."""
        if self._line_starts is None:
            starts = [0]
            find = self.source.find
            pos = find("\n")
            while pos != -1:
                starts.append(pos + 1)
                pos = find("\n", pos + 1)
            self._line_starts = starts
        return self._line_starts

    def source_position(self, offset: int) -> tuple[int, int]:
        """Return the 1-based (line, column) of a source character offset."""
        starts = self.line_starts
        k = bisect_right(starts, offset) - 1
        return k + 1, offset - starts[k] + 1

    def position(self, i: int) -> tuple[int, int]:
        """Return the 1-based (line, column) in the source of prose character `i`."""
        return self.source_position(self.source_offset(i))

    def span(self, start: int, end: int) -> tuple[int, int, int, int]:
        """Return (line, col, end_line, end_col) for prose span [start, end).

        `end_col` is exclusive: the column just after the last character.
        """
        line, col = self.position(start)
        if end <= start:
            return line, col, line, col
        end_line, last_col = self.position(end - 1)
        return line, col, end_line, last_col + 1

    def line_text(self, line: int) -> str:
        """Return source line `line` (1-based) without its line break."""
        starts = self.line_starts
        if line < 1 or line > len(starts):
            return ""
        begin = starts[line - 1]
        stop = starts[line] - 1 if line < len(starts) else len(self.source)
        return self.source[begin:stop].rstrip("\r")


class DocumentBuilder:
    """Accumulate prose pieces with their source offsets and build a `Document`."""

    __slots__ = ("_parts", "_length", "_seg_text", "_seg_source", "_seg_verbatim", "blocks")

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self._seg_text: list[int] = []
        self._seg_source: list[int] = []
        self._seg_verbatim: list[bool] = []
        self.blocks: list[Block] = []

    def __len__(self) -> int:
        return self._length

    def append(self, piece: str, source_offset: int, verbatim: bool = True) -> None:
        """Append `piece`, which starts at `source_offset` in the source.

        With `verbatim=False` every character maps to `source_offset` (used for
        decoded entities and inserted separators).
        """
        if not piece:
            return
        length = self._length
        seg_text = self._seg_text
        # A verbatim piece that continues the previous verbatim segment extends it.
        if not (
            verbatim
            and seg_text
            and self._seg_verbatim[-1]
            and self._seg_source[-1] + (length - seg_text[-1]) == source_offset
        ):
            seg_text.append(length)
            self._seg_source.append(source_offset)
            self._seg_verbatim.append(verbatim)
        self._parts.append(piece)
        self._length = length + len(piece)

    def separate(self, sep: str = "\n\n") -> None:
        """End the current block: append `sep` unless the text already ends with it."""
        if not self._length:
            return
        tail = self._parts[-1]
        if tail.endswith(sep):
            return
        last = self._seg_source[-1] + (
            (self._length - 1 - self._seg_text[-1]) if self._seg_verbatim[-1] else 0
        )
        self.append(sep, last, verbatim=False)

    def record_list_item(self, item: dict) -> None:
        """Record the `list_item` block of a reader's open list item once and freeze it.

        `item` holds start, end, depth, list_id, ordered, and the flags
        recorded/frozen; after this, later prose inside the item is a paragraph.
        An item without prose of its own still counts as an item.
        """
        item["frozen"] = True
        if item["recorded"]:
            return
        item["recorded"] = True
        if item["start"] is None:
            item["start"] = item["end"] = self._length
        self.blocks.append(Block(
            item["start"], item["end"], "list_item",
            depth=item["depth"], list_id=item["list_id"], ordered=item["ordered"],
        ))

    def build(self, path: str, fmt: str, source: str, meta: dict[str, str] | None = None) -> Document:
        """Return the finished `Document`."""
        return Document(
            path=path,
            fmt=fmt,
            source=source,
            text="".join(self._parts),
            seg_text=self._seg_text,
            seg_source=self._seg_source,
            seg_verbatim=self._seg_verbatim,
            blocks=self.blocks,
            meta=dict(meta or {}),
        )


def plain_document(path: str, source: str, fmt: str = "text") -> Document:
    """Return a document whose prose is the whole source, mapped one to one."""
    return Document(
        path=path, fmt=fmt, source=source, text=source,
        seg_text=[0], seg_source=[0], seg_verbatim=[True],
    )
