"""The `Document`: the prose of a file plus a map back to the original source.

Readers build a document with `DocumentBuilder`: they append pieces of prose,
each tied to the source offset it came from. A piece copied verbatim maps
character by character; a piece that was decoded (an HTML entity, a Markdown
escape) or inserted (a block separator) maps every character to one source
offset. Positions are 1-based lines and columns counted in characters.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import deque
from dataclasses import dataclass, field, fields
from itertools import accumulate, repeat
from operator import add


def newline_starts(text: str) -> list[int]:
    """Return 0 and the offset after every "\\n" of `text`: where its lines start."""
    starts = [0]
    find = text.find
    pos = find("\n")
    while pos != -1:
        starts.append(pos + 1)
        pos = find("\n", pos + 1)
    return starts


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


# NOTE: a frozen dataclass's __init__ sets every field through
# object.__setattr__, which was most of the cost of a table cell in
# `DocumentBuilder.append_blocks`; the slots' own setters make the same
# assignments directly (unpacking them fails loudly if Block gains a field).
(_SET_START, _SET_END, _SET_KIND, _SET_DEPTH, _SET_LIST_ID, _SET_ORDERED, _SET_LEVEL) = (
    getattr(Block, f.name).__set__ for f in fields(Block)
)
_SEPARATOR = "\n\n"


def _new_block(start: int, end: int, kind: str, depth: int) -> Block:
    """Return `Block(start, end, kind, depth)`, made without the frozen dataclass's __init__."""
    block = object.__new__(Block)
    _SET_START(block, start)
    _SET_END(block, end)
    _SET_KIND(block, kind)
    _SET_DEPTH(block, depth)
    _SET_LIST_ID(block, None)
    _SET_ORDERED(block, False)
    _SET_LEVEL(block, 0)
    return block


def _new_blocks(starts: list[int], ends: list[int], kind: str, depth: int) -> list[Block]:
    """Return `[Block(start, end, kind, depth) for start, end in zip(starts, ends)]`.

    The blocks are made first and then filled one field at a time: each pass
    is a `map` of a slot setter, which runs without a Python frame per block
    (a quarter faster than `_new_block` per block).
    """
    blocks = list(map(object.__new__, repeat(Block, len(starts))))
    consume = deque(maxlen=0).extend
    consume(map(_SET_START, blocks, starts))
    consume(map(_SET_END, blocks, ends))
    consume(map(_SET_KIND, blocks, repeat(kind)))
    consume(map(_SET_DEPTH, blocks, repeat(depth)))
    consume(map(_SET_LIST_ID, blocks, repeat(None)))
    consume(map(_SET_ORDERED, blocks, repeat(False)))
    consume(map(_SET_LEVEL, blocks, repeat(0)))
    return blocks


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
            self._line_starts = newline_starts(self.source)
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

    def append_blocks(self, pieces: list[str], offsets: list[int], kind: str, depth: int) -> None:
        """Append non-empty `pieces` as blocks of `kind` at `depth`; return nothing.

        The result is that of calling, for each piece, `separate()`, then
        `append(piece, offset, True)`, then recording a `Block` of it, but
        after the first piece the segments come from list operations instead
        of a loop: a Markdown table can hold hundreds of thousands of cells.
        """
        if not pieces:
            return
        self.separate()
        start = self._length
        self.append(pieces[0], offsets[0], True)
        self.blocks.append(_new_block(start, self._length, kind, depth))
        rest = pieces[1:]
        if not rest:
            return
        if "\n\n\0" in "\0".join(pieces[:-1]) + "\0":
            # A piece ending with the separator: the next one gets none, so
            # the segments no longer follow the pattern below.
            for piece, offset in zip(rest, offsets[1:]):
                self.separate()
                start = self._length
                self.append(piece, offset, True)
                self.blocks.append(_new_block(start, self._length, kind, depth))
            return
        # Every later piece follows the separator "\n\n" (one non-verbatim
        # segment at the last character of the piece before) and opens a
        # verbatim segment of its own.
        lengths = list(map(len, pieces))
        ends = list(accumulate(map(add, lengths[1:], repeat(2)), initial=self._length))
        separators = ends[:-1]
        starts = list(map(add, separators, repeat(2)))
        count = 2 * len(rest)
        seg_text: list[int] = [0] * count
        seg_text[0::2] = separators
        seg_text[1::2] = starts
        seg_source: list[int] = [0] * count
        seg_source[0::2] = map(add, offsets[:-1], map(add, lengths[:-1], repeat(-1)))
        seg_source[1::2] = offsets[1:]
        parts = [_SEPARATOR] * count
        parts[1::2] = rest
        self._seg_text.extend(seg_text)
        self._seg_source.extend(seg_source)
        self._seg_verbatim.extend([False, True] * len(rest))
        self._parts.extend(parts)
        self.blocks.extend(_new_blocks(starts, ends[1:], kind, depth))
        self._length = ends[-1]

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
