"""HTML reader: the visible prose of an HTML page mapped back to its source.

The page is split into tokens by a small HTML tokenizer (below) that follows
the HTML5 tokenizer where it matters for prose: comments (an unclosed one runs
to the end), tags with quoted attributes that may hold ">", bogus comments
("<!DOCTYPE…>", "<?…>", "</ …>"), raw-text elements (script, style, textarea,
title… end only at their end tag) and character references. Every token is
found by offset, so prose maps straight back to the source. It is iterative
and linear: a page nested 10,000 deep or a 1 MB page is no problem. (The
stdlib `html.parser` tokenizes the same way but is 3–4 times slower here.)

Dropped: script, style, head, navigation and page furniture (nav, header,
footer, aside), forms and their controls, templates, svg, pre and code. The
`<title>`, `<meta name|property=... content=...>` and the first
`<time datetime=...>` go into `Document.meta` (`meta["date"]` is the article
date). Comments go into `Document.comments`. Block-level elements end a block
of prose.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from html import unescape

from claimcheck.document import Block, Document, DocumentBuilder, newline_starts
from claimcheck.errors import InputError

SKIPPED = frozenset({
    "script", "style", "nav", "header", "footer", "aside", "noscript", "template",
    "svg", "math", "form", "button", "select", "textarea", "head", "pre", "code",
    "iframe", "object", "xmp", "noembed", "noframes",
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
# Elements whose content is raw text up to their end tag (HTML5 RAWTEXT/RCDATA).
RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript"})
_CR = re.compile(r"\r\n|\r|[^\r]+")
_TOKEN = re.compile(
    r"<!--(?:(-?>)|(.*?)--!?>|(.*))"  # comment: 1 empty, 2 text, 3 unclosed (runs to the end)
    r"|<(/?)([a-zA-Z][^\t\n\f\r />]*)((?:[^>\"']++|\"[^\"]*+\"|'[^']*+')*+)>"  # tag: 4 "/", 5 name, 6 attributes
    r"|<(/?)([a-zA-Z][^\t\n\f\r />]*)([^>]*+)>"  # the same with unbalanced quotes: 7, 8, 9
    r"|<[!?/][^>]*+>?"  # bogus comment: doctype, processing instruction, "</ x>", CDATA
    r"|&(?:#[0-9]++;?|#[xX][0-9a-fA-F]++;?|[a-zA-Z][a-zA-Z0-9]*+;?)",  # character reference
    re.DOTALL,
)
_REFERENCE = re.compile(r"&(?:#[0-9]++;?|#[xX][0-9a-fA-F]++;?|[a-zA-Z][a-zA-Z0-9]*+;?)")
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")


@lru_cache(maxsize=32)
def _raw_end(tag: str) -> re.Pattern[str]:
    return re.compile(r"</%s(?=[\s/>])[^>]*>?" % re.escape(tag), re.IGNORECASE)


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


class _ProseReader:
    """Tokenize an HTML page and append its visible prose to a `DocumentBuilder`."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.position = 0
        self.line_starts = newline_starts(source)
        self.builder = DocumentBuilder()
        self.root = _Context()
        # Open elements: (tag, context, skipped).
        self.stack: list[tuple[str, _Context, bool]] = []
        self.open_count: dict[str, int] = {}
        self.skipping = 0
        self.title_seen = False
        self.next_list_id = 0
        self.block_start = -1
        # End of the last non-space prose of the open block: a block ends there.
        self.content_end = -1
        self.block_context: _Context | None = None
        self.title = ""
        self.meta: dict[str, str] = {}
        self.time_datetime: str | None = None
        self.comment_list: list[tuple[int, int, str]] = []

    # -- positions and output ---------------------------------------------

    def line_col(self, offset: int) -> tuple[int, int]:
        """Return the 1-based (line, column) of a source offset."""
        k = bisect_right(self.line_starts, offset) - 1
        return k + 1, offset - self.line_starts[k] + 1

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

    def start_tag(self, tag: str, attributes: str) -> None:
        """Open element `tag` (lower case); `attributes` is the raw text after its name."""
        if tag in META_TAGS:
            self.read_meta(tag, attributes)
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
            self.builder.record_list_item(parent.item)
        if tag == "blockquote":
            return _Context("paragraph", 0, parent.depth + 1, parent.list_depth, parent.list_id, parent.ordered)
        self.next_list_id += 1
        return _Context("paragraph", 0, parent.depth + 1, parent.list_depth + 1, self.next_list_id, tag == "ol")

    def end_tag(self, tag: str) -> None:
        """Close the innermost open `tag` and everything inside it; ignore a stray end tag."""
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
            if open_tag == "li" and ctx.item is not None:
                self.boundary()
                self.builder.record_list_item(ctx.item)
            elif open_tag in BLOCK_LEVEL:
                self.boundary()
            if open_tag == tag:
                break

    def read_meta(self, tag: str, attributes: str) -> None:
        """Record `<meta name|property|itemprop content>`, `<time datetime>` and `<html lang>`."""
        values: dict[str, str] = {}
        for m in _ATTRIBUTE.finditer(attributes):
            value = m.group(2) if m.group(2) is not None else m.group(3) if m.group(3) is not None else m.group(4)
            if value is not None:
                values.setdefault(m.group(1).lower(), unescape(value))
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

    def text(self, data: str, offset: int) -> None:
        """Append text `data` found at source `offset` (nothing inside a dropped element)."""
        if self.skipping:
            return
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

    def reference(self, raw: str, offset: int) -> None:
        """Append the decoded text of character reference `raw` ("&amp;", "&#36;") at `offset`."""
        if self.skipping:
            return
        decoded = unescape(raw)
        if self.block_start < 0:
            if not decoded.strip():
                return
            self.open_block()
        self.builder.append(decoded, offset, decoded == raw)
        if decoded.strip():
            self.content_end = len(self.builder)

    def text_with_references(self, start: int, end: int) -> None:
        """Append source[start:end], text with character references but no tags."""
        source = self.source
        pos = start
        for m in _REFERENCE.finditer(source, start, end):
            if m.start() > pos:
                self.text(source[pos:m.start()], pos)
            self.reference(m.group(), m.start())
            pos = m.end()
        if end > pos:
            self.text(source[pos:end], pos)

    def raw_text(self, tag: str, start: int) -> int:
        """Skip the raw text of `tag` from `start` and its end tag; return the offset after.

        Raw text is never prose; only the first `<title>` is kept, for `meta`.
        """
        source = self.source
        end_tag = _raw_end(tag).search(source, start)
        stop = end_tag.start() if end_tag is not None else len(source)
        if tag == "title" and not self.title_seen and not self.open_count.get("svg"):
            self.title_seen = True
            self.title = " ".join(unescape(source[start:stop]).split())
        self.end_tag(tag)
        return end_tag.end() if end_tag is not None else len(source)

    # -- tokenizer ----------------------------------------------------------

    def run(self) -> None:
        """Tokenize the whole source, calling the handlers above in order."""
        source = self.source
        # NOTE: no tag can end after the last ">", so the tokenizer stops there
        # and the tail is plain text; this also keeps unclosed "<a…" linear.
        limit = source.rfind(">") + 1
        search = _TOKEN.search
        pos = 0
        while pos < limit:
            m = search(source, pos, limit)
            if m is None:
                break
            start = m.start()
            self.position = start
            if start > pos and not self.skipping:
                if source.find("&", pos, start) >= 0:
                    self.text_with_references(pos, start)
                else:
                    self.text(source[pos:start], pos)
            pos = m.end()
            # NOTE: lastindex names the alternative: 6 or 9 a tag, 1-3 a comment,
            # None a character reference or a bogus comment.
            kind = m.lastindex
            if kind is None:
                if source[start] == "&":
                    self.reference(m.group(), start)
                continue
            if kind >= 6:
                slash, name, attributes = m.group(kind - 2, kind - 1, kind)
                tag = name.lower()
                if slash:
                    self.end_tag(tag)
                    continue
                self.start_tag(tag, attributes)
                if attributes.endswith("/"):
                    # "<br/>", "<div/>": HTML ignores the slash but these never hold prose.
                    self.end_tag(tag)
                elif tag in RAW_TEXT:
                    pos = self.raw_text(tag, pos)
                continue
            if kind == 3:
                # An unclosed comment runs to the end of the page.
                self.comment(source[start + 4:], start)
                return
            self.comment(m.group(2) or "", start)
        if pos < len(source):
            self.position = pos
            comment = source.find("<!--", pos)
            if comment < 0:
                self.text_with_references(pos, len(source))
            else:
                self.text_with_references(pos, comment)
                self.comment(source[comment + 4:], comment)

    def comment(self, inner: str, offset: int) -> None:
        """Record an HTML comment (its text without the delimiters) found at `offset`."""
        self.comment_list.append((*self.line_col(offset), inner))

    # -- result -----------------------------------------------------------

    def finish(self, path: str) -> Document:
        """Close open elements and return the `Document`."""
        self.boundary()
        while self.stack:
            open_tag, ctx, _ = self.stack.pop()
            if open_tag == "li" and ctx.item is not None:
                self.builder.record_list_item(ctx.item)
        if self.title:
            self.meta.setdefault("title", self.title)
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

    Raises `InputError` CC906 only if the tokenizer itself fails.
    """
    reader = _ProseReader(source)
    try:
        reader.run()
        return reader.finish(path)
    except Exception as exc:  # NOTE: a tokenizer bug is this file's CC906, never a crash of the run.
        line, col = reader.line_col(min(reader.position, len(source)))
        raise InputError("CC906", path, f"HTML could not be parsed: {exc!r}", line, col) from None
