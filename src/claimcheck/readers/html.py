"""HTML reader: the visible prose of an HTML page mapped back to its source.

The page is tokenised by the standard library's `html.parser.HTMLParser`
(`convert_charrefs=False`, so every entity arrives on its own and keeps its
source position). The parser reports (line, column) for each event; with the
offsets of the line starts that gives the source offset of every piece of text.

Dropped: script, style, head, navigation and page furniture (nav, header,
footer, aside), forms and their controls, templates, svg, pre and code. The
`<title>`, `<meta name|property=... content=...>` and the first
`<time datetime=...>` go into `Document.meta` (`meta["date"]` is the article
date). Comments go into `Document.comments`. Block-level elements end a block
of prose. Everything is iterative: a page nested 10,000 deep is no problem.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

from claimcheck.document import Block, Document, DocumentBuilder
from claimcheck.errors import InputError

SKIPPED = frozenset({
    "script", "style", "nav", "header", "footer", "aside", "noscript", "template",
    "svg", "math", "form", "button", "select", "textarea", "head", "pre", "code",
    "iframe", "object",
})
VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
    "param", "source", "track", "wbr", "keygen",
})
# Elements that end a block of prose. Skipped inline elements (code, button,
# svg…) are not among them: "Use <code>x</code> now" stays one block.
BLOCK_LEVEL = frozenset({
    "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "tr", "br",
    "blockquote", "section", "article", "table", "thead", "tbody", "tfoot",
    "caption", "ul", "ol", "dl", "dd", "dt", "figure", "figcaption", "main", "hr",
    "body", "html", "address", "details", "summary", "center", "title",
    "script", "style", "nav", "header", "footer", "aside", "noscript", "template",
    "form", "head", "pre", "textarea", "iframe", "object",
})
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# Meta names whose content is the article date, best first.
DATE_META = (
    "article:published_time", "datepublished", "date", "pubdate", "publishdate",
    "publish-date", "dc.date", "dc.date.issued", "og:published_time",
)
META_TAGS = frozenset({"meta", "time", "html"})
NEW_CONTEXT = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "li", "ul", "ol", "blockquote"})
_CR = re.compile(r"\r\n|\r|[^\r]+")


class _Context:
    """What prose inside an element is: its block kind and list/quote nesting."""

    __slots__ = ("kind", "level", "depth", "list_depth", "list_id", "ordered", "item")

    def __init__(
        self, kind: str = "paragraph", level: int = 0, depth: int = 0, list_depth: int = 0,
        list_id: int | None = None, ordered: bool = False, item: dict | None = None,
    ) -> None:
        self.kind = kind
        self.level = level
        self.depth = depth
        self.list_depth = list_depth
        self.list_id = list_id
        self.ordered = ordered
        self.item = item


class _ProseParser(HTMLParser):
    """HTMLParser that appends visible prose to a `DocumentBuilder` as it goes."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        starts = [0]
        find = source.find
        pos = find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        self.line_starts = starts
        self.builder = DocumentBuilder()
        self.root = _Context()
        # Open elements: (tag, context, skipped).
        self.stack: list[tuple[str, _Context, bool]] = []
        self.open_count: dict[str, int] = {}
        self.skipping = 0
        # Text of the page's first <title> (not an svg icon's) is being collected.
        self.in_title = False
        self.title_seen = False
        self.next_list_id = 0
        self.block_start = -1
        # End of the last non-space prose of the open block: a block ends there.
        self.content_end = -1
        self.block_context: _Context | None = None
        self.title_parts: list[str] = []
        self.meta: dict[str, str] = {}
        self.time_datetime: str | None = None
        self.comment_list: list[tuple[int, int, str]] = []

    # -- positions and output ---------------------------------------------

    def source_offset(self) -> int:
        """Return the source offset of the event being handled."""
        # NOTE: HTMLParser counts lines by "\n", as `line_starts` does.
        return self.line_starts[self.lineno - 1] + self.offset

    def context(self) -> _Context:
        """Return the context of the innermost open element (the root outside all)."""
        return self.stack[-1][1] if self.stack else self.root

    def open_block(self) -> None:
        """Start a block of prose at the end of the text, after a separator."""
        if self.block_start < 0:
            self.builder.separate()
            self.block_start = self.content_end = len(self.builder)
            self.block_context = self.context()

    def boundary(self) -> None:
        """End the current block of prose, recording it."""
        if self.block_start < 0:
            return
        start, end = self.block_start, self.content_end
        ctx = self.block_context
        self.block_start = -1
        self.block_context = None
        if ctx is None or end <= start:
            return
        if ctx.kind == "list_item" and ctx.item is not None and not ctx.item["frozen"]:
            item = ctx.item
            if item["start"] is None:
                item["start"] = start
            item["end"] = end
            return
        kind = "paragraph" if ctx.kind == "list_item" else ctx.kind
        self.builder.blocks.append(Block(start, end, kind, depth=ctx.depth, level=ctx.level))

    def freeze(self, item: dict) -> None:
        """Record the list-item block of `item` once; later prose in it is a paragraph."""
        item["frozen"] = True
        if item["recorded"]:
            return
        item["recorded"] = True
        if item["start"] is None:
            # An item without prose of its own still counts as an item.
            item["start"] = item["end"] = len(self.builder)
        self.builder.blocks.append(Block(
            item["start"], item["end"], "list_item",
            depth=item["depth"], list_id=item["list_id"], ordered=item["ordered"],
        ))

    def emit(self, data: str, offset: int) -> None:
        """Append source text `data` found at `offset`; a CRLF or CR becomes "\\n"."""
        source = self.source
        append = self.builder.append
        if "\r" not in data:
            append(data, offset, source.startswith(data, offset))
            return
        for m in _CR.finditer(data):
            piece = m.group()
            at = offset + m.start()
            if piece == "\r\n" or piece == "\r":
                # Mapped to the "\r", so a break sits at column len(line) + 1 as with LF.
                append("\n", at, False)
            else:
                append(piece, at, source.startswith(piece, at))

    # -- elements ---------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in META_TAGS:
            self.read_meta(tag, attrs)
        if tag in BLOCK_LEVEL and self.block_start >= 0:
            self.boundary()
        if tag in VOID:
            return
        stack = self.stack
        parent = stack[-1][1] if stack else self.root
        ctx = self.new_context(tag, parent) if tag in NEW_CONTEXT else parent
        skipped = tag in SKIPPED
        if skipped:
            self.skipping += 1
        if tag == "title" and not self.title_seen and not self.open_count.get("svg"):
            self.in_title = self.title_seen = True
        stack.append((tag, ctx, skipped))
        count = self.open_count
        count[tag] = count.get(tag, 0) + 1

    def new_context(self, tag: str, parent: _Context) -> _Context:
        """Return the context of prose inside a heading, cell, list item, list or quote."""
        if tag in HEADINGS:
            return _Context("heading", HEADINGS[tag], parent.depth, parent.list_depth, parent.list_id, parent.ordered)
        if tag == "td" or tag == "th":
            return _Context("table_cell", 0, parent.depth, parent.list_depth, parent.list_id, parent.ordered)
        if tag == "li":
            list_depth = max(parent.list_depth, 1)
            item = {
                "start": None, "end": None, "frozen": False, "recorded": False,
                "list_id": parent.list_id if parent.list_id is not None else 0,
                "ordered": parent.ordered, "depth": list_depth,
            }
            return _Context("list_item", 0, parent.depth, list_depth, parent.list_id, parent.ordered, item)
        # ul, ol, blockquote: a nested container ends the enclosing item's own text.
        if parent.item is not None:
            self.freeze(parent.item)
        if tag == "blockquote":
            return _Context("paragraph", 0, parent.depth + 1, parent.list_depth, parent.list_id, parent.ordered)
        self.next_list_id += 1
        return _Context("paragraph", 0, parent.depth + 1, parent.list_depth + 1, self.next_list_id, tag == "ol")

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCK_LEVEL and self.block_start >= 0:
            self.boundary()
        count = self.open_count
        if not count.get(tag):
            return
        stack = self.stack
        while stack:
            open_tag, ctx, skipped = stack.pop()
            count[open_tag] -= 1
            if skipped:
                self.skipping -= 1
            if open_tag == "title":
                self.in_title = False
            if open_tag == "li" and ctx.item is not None:
                self.boundary()
                self.freeze(ctx.item)
            elif open_tag in BLOCK_LEVEL:
                self.boundary()
            if open_tag == tag:
                break

    def read_meta(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Record `<meta name|property|itemprop content>`, `<time datetime>` and `<html lang>`."""
        values = {name: value for name, value in attrs if value is not None}
        if tag == "time":
            if self.time_datetime is None and values.get("datetime", "").strip():
                self.time_datetime = values["datetime"].strip()
            return
        if tag == "html":
            if values.get("lang"):
                self.meta.setdefault("lang", values["lang"])
            return
        content = values.get("content")
        if content is None:
            return
        for key in ("name", "property", "itemprop"):
            name = values.get(key, "").strip().lower()
            if name:
                self.meta.setdefault(name, content)

    # -- text -------------------------------------------------------------

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title_parts.append(data)
        if self.skipping:
            return
        offset = self.line_starts[self.lineno - 1] + self.offset
        if self.block_start < 0:
            stripped = data.lstrip()
            if not stripped:
                return
            offset += len(data) - len(stripped)
            data = stripped
            self.open_block()
        builder = self.builder
        if "\r" in data:
            self.emit(data, offset)
            data = data.replace("\r\n", "\n").replace("\r", "\n")
        else:
            builder.append(data, offset, self.source.startswith(data, offset))
        kept = len(data.rstrip())
        if kept:
            self.content_end = len(builder) - (len(data) - kept)

    def reference(self, prefix: str, name: str) -> None:
        """Append the decoded text of an entity or character reference."""
        offset = self.source_offset()
        end = offset + len(prefix) + len(name)
        if self.source.startswith(";", end):
            end += 1
        raw = self.source[offset:end]
        if not raw.startswith(prefix):
            raw = prefix + name + ";"
        decoded = unescape(raw)
        if self.in_title:
            self.title_parts.append(decoded)
        if self.skipping:
            return
        if self.block_start < 0:
            if not decoded.strip():
                return
            self.open_block()
        self.builder.append(decoded, offset, decoded == raw)
        if decoded.strip():
            self.content_end = len(self.builder)

    def handle_entityref(self, name: str) -> None:
        self.reference("&", name)

    def handle_charref(self, name: str) -> None:
        self.reference("&#", name)

    def handle_comment(self, data: str) -> None:
        line, col = self.getpos()
        self.comment_list.append((line, col + 1, data))

    def parse_marked_section(self, i: int, report: int = 1) -> int:
        """Skip a marked section (`<![CDATA[...]]>`, `<![if IE]>`); an unknown one is skipped to ">"."""
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:  # NOTE: the stdlib raises it for an unknown keyword ("<![foo[").
            j = self.rawdata.find(">", i)
            return j + 1 if j >= 0 else -1

    # -- result -----------------------------------------------------------

    def finish(self, path: str) -> Document:
        """Close open elements and return the `Document`."""
        self.boundary()
        while self.stack:
            open_tag, ctx, _ = self.stack.pop()
            if open_tag == "li" and ctx.item is not None:
                self.freeze(ctx.item)
        title = " ".join("".join(self.title_parts).split())
        if title:
            self.meta.setdefault("title", title)
        for name in DATE_META:
            if self.meta.get(name, "").strip():
                self.meta.setdefault("date", self.meta[name].strip())
                break
        if self.time_datetime and not self.meta.get("date"):
            self.meta["date"] = self.time_datetime
        self.builder.blocks.sort(key=lambda b: (b.start, b.end))
        doc = self.builder.build(path, "html", self.source, self.meta)
        doc.comments = self.comment_list
        return doc


def read_html(source: str, path: str) -> Document:
    """Return the `Document` (fmt "html") holding the visible prose of HTML `source`.

    Raises `InputError` CC906 only if the HTML tokenizer itself fails.
    """
    parser = _ProseParser(source)
    try:
        parser.feed(source)
        parser.close()
    except Exception as exc:  # NOTE: the stdlib parser's failures are not one documented type.
        line, col = parser.getpos()
        raise InputError("CC906", path, f"HTML could not be parsed: {exc}", line, col + 1) from None
    return parser.finish(path)
