"""Markdown reader: prose of a CommonMark document mapped back to its source.

The document is parsed by markdown-it-py (CommonMark preset, YAML front matter
through mdit-py-plugins, GFM tables through `markdown_table`: markdown-it-py's
table grammar with one token per row). Prose comes from paragraphs, headings,
list items, blockquotes, table cells and link text. Nothing comes from fenced
or indented code, inline code, link destinations and titles, autolinks, image
alt text (it is not shown to the reader of the article), raw HTML or front
matter. HTML comments are kept in `Document.comments` because they carry
suppression directives; front matter is parsed into `Document.meta`.

markdown-it-py gives each block its source lines (`token.map`) but gives inline
tokens no columns, so every inline piece is located in the source of its block
with a cursor that only moves forward: a text piece is searched for from the
cursor, a piece of markup (emphasis delimiters, a link's `](url "title")`, a
code span) is skipped. A piece that is not found verbatim (an entity, a
backslash escape, a replaced NUL) is mapped to the markup it came from.
"""

from __future__ import annotations

import datetime as _dt
import re
from bisect import bisect_right
from functools import lru_cache
from itertools import islice
from operator import attrgetter, lt

from markdown_it import MarkdownIt
from markdown_it.helpers import parseLinkDestination, parseLinkTitle
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from claimcheck.document import Block, Document, DocumentBuilder, newline_starts
from claimcheck.errors import InputError
from claimcheck.readers.markdown_table import table as table_rows

_LINE_BREAK = re.compile(r"\r\n?|\n")
_COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)
# Characters that start an inline rule of the CommonMark preset; content
# without any of them is plain text and softbreaks only.
_INLINE_SPECIAL = re.compile(r"[\\`*_\[!<&]")
_MAX_GAP = 1024
_BLOCK_START = attrgetter("start")
_CONTAINER_OPEN = frozenset({"bullet_list_open", "ordered_list_open", "blockquote_open"})


def _stock_parser() -> MarkdownIt:
    """Return a new parser configured for reading, with markdown-it-py's own table rule."""
    # NOTE: the "inline" core rule is off: inline content is parsed here, per
    # block, and only when it holds markup (plain paragraphs skip it, which is
    # most of the parse time). "text_join" is off so that escapes and entities
    # stay separate `text_special` tokens whose markup can be found in the source.
    # "normalize" is off too: the reader parses `_Source.norm`, in which line
    # breaks and NULs are already replaced exactly as that rule would (two
    # regular-expression passes over the whole text saved).
    md = MarkdownIt("commonmark").enable("table").use(front_matter_plugin)
    md.disable(["inline", "text_join", "normalize"])
    # Link targets are never prose: skip markdown-it's URL normalisation (about
    # a tenth of the parse time in link-heavy text).
    md.normalizeLink = lambda url: url  # type: ignore[method-assign]
    return md


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    """Return the shared reading parser: `_stock_parser` with one token per table row."""
    md = _stock_parser()
    # The stock rule interrupts paragraphs and reference definitions; `at`
    # resets a rule's "alt" list unless it is given again.
    md.block.ruler.at("table", table_rows, {"alt": ["paragraph", "reference"]})
    return md


@lru_cache(maxsize=16)
def _backtick_run(n: int) -> re.Pattern[str]:
    return re.compile(r"(?<!`)`{%d}(?!`)" % n)


class _Source:
    """The source as markdown-it sees it (line breaks normalised) and the way back."""

    __slots__ = ("orig", "norm", "norm_starts", "orig_starts", "identity")

    def __init__(self, orig: str) -> None:
        self.orig = orig
        self.identity = "\r" not in orig and "\0" not in orig
        if self.identity:
            self.norm = orig
        else:
            self.norm = _LINE_BREAK.sub("\n", orig).replace("\0", "\ufffd")
        norm_starts = newline_starts(self.norm)
        self.norm_starts = norm_starts
        if self.identity:
            # Without a "\r" every line break is a "\n": the original lines
            # start where the normalised ones do (a regular-expression scan
            # of the whole text saved).
            self.orig_starts = norm_starts
        else:
            self.orig_starts = [0, *(m.end() for m in _LINE_BREAK.finditer(orig))]

    def line_start(self, line: int) -> int:
        """Return the normalised offset of 0-based `line` (or the end of the text)."""
        starts = self.norm_starts
        return starts[line] if line < len(starts) else len(self.norm)

    def to_orig(self, n: int) -> int:
        """Return the original offset of normalised offset `n`.

        Inside a line both texts have the same length, so only the line start
        differs; a normalised newline maps to the first character of the
        original line break.
        """
        if self.identity:
            return n
        k = bisect_right(self.norm_starts, n) - 1
        return self.orig_starts[k] + (n - self.norm_starts[k])


class _Reader:
    """One pass over the markdown-it token stream, filling a `DocumentBuilder`."""

    def __init__(self, source: str, path: str) -> None:
        self.path = path
        self.src = _Source(source)
        self.builder = DocumentBuilder()
        self.meta: dict[str, str] = {}
        self.comment_offsets: list[tuple[int, str]] = []
        self.md = _parser()
        self.env: dict = {}

    # -- emitting ---------------------------------------------------------

    def emit(self, piece: str, n: int) -> None:
        """Append `piece`, found at normalised offset `n`, mapped char by char if it matches."""
        orig = self.src.orig
        o = self.src.to_orig(n)
        if orig.startswith(piece, o):
            self.builder.append(piece, o, True)
            return
        append = self.builder.append
        for j, ch in enumerate(piece):
            k = o + j
            append(ch, min(k, len(orig)), k < len(orig) and orig[k] == ch)

    def emit_newline(self, n: int) -> None:
        """Append "\\n" for the line break at normalised offset `n`.

        A CRLF break maps (non-verbatim) to its "\\r", so the break sits at
        column len(line) + 1 whatever the line ending.
        """
        orig = self.src.orig
        o = min(self.src.to_orig(n), len(orig))
        self.builder.append("\n", o, o < len(orig) and orig[o] == "\n")

    def align(self, piece: str, cursor: int, end: int) -> int:
        """Append `piece` that is not in the source verbatim, one character at a time.

        Each character is looked for a short way ahead of the cursor (a
        backslash escape leaves the escaped character in place); one that is
        not found maps, non-verbatim, to the cursor. Returns the new cursor.
        """
        norm = self.src.norm
        for ch in piece:
            p = norm.find(ch, cursor, min(end, cursor + 8))
            if p >= 0:
                self.emit(ch, p)
                cursor = p + 1
            else:
                self.builder.append(ch, min(self.src.to_orig(cursor), max(len(self.src.orig) - 1, 0)), False)
        return cursor

    # -- inline -----------------------------------------------------------

    def inline(self, content: str, line: int, cursor: int, end: int) -> int:
        """Append the prose of inline `content` whose source lies in [cursor, end); return the cursor after it.

        `line` (0-based) is where the content starts, for a parse error.
        """
        if not content:
            return cursor
        if _INLINE_SPECIAL.search(content) is None:
            if "\n" not in content:
                # NOTE: one line of plain text (most table cells and headings):
                # what `walk` does with its single text token, without the token.
                norm = self.src.norm
                p = norm.find(content, cursor, min(end, cursor + len(content) + _MAX_GAP))
                if p < 0:
                    return self.align(content, cursor, end)
                self.emit(content, p)
                return p + len(content)
            children = _plain_children(content)
        else:
            children = []
            try:
                self.md.inline.parse(content, self.md, self.env, children)
            except Exception as exc:  # NOTE: a markdown-it failure is the file's error, not a crash.
                raise InputError("CC906", self.path, f"Markdown could not be parsed: {exc!r}", line + 1) from None
        return self.walk(children, cursor, end, True)

    def walk(self, children: list[Token], cursor: int, end: int, emitting: bool) -> int:
        """Append prose of inline `children` (when `emitting`); return the cursor after them."""
        norm = self.src.norm
        in_autolink = False
        for tok in children:
            kind = tok.type
            if kind == "text":
                if in_autolink:
                    continue
                content = tok.content
                # Only markup (delimiters, container prefixes) lies between the
                # cursor and the text, so a bounded search keeps misses linear.
                p = norm.find(content, cursor, min(end, cursor + len(content) + _MAX_GAP))
                if p >= 0:
                    if emitting:
                        self.emit(content, p)
                    cursor = p + len(content)
                elif emitting:
                    cursor = self.align(content, cursor, end)
            elif kind == "text_special":
                markup = tok.markup
                p = norm.find(markup, cursor, end) if markup else -1
                if p < 0:
                    if emitting:
                        cursor = self.align(tok.content, cursor, end)
                    continue
                if emitting:
                    if markup == tok.content:  # a backslash before a character it cannot escape
                        self.emit(markup, p)
                    elif tok.info == "escape" and markup[1:] == tok.content:
                        self.emit(tok.content, p + 1)
                    else:
                        self.builder.append(tok.content, self.src.to_orig(p), False)
                cursor = p + len(markup)
            elif kind == "softbreak" or kind == "hardbreak":
                p = norm.find("\n", cursor, end)
                if p >= 0:
                    if emitting:
                        self.emit_newline(p)
                    cursor = p + 1
                elif emitting:
                    self.builder.append("\n", self.src.to_orig(max(cursor - 1, 0)), False)
            elif kind == "code_inline":
                run = _backtick_run(len(tok.markup) or 1)
                m = run.search(norm, cursor, end)
                if m is not None:
                    close = run.search(norm, m.end(), end)
                    cursor = close.end() if close is not None else m.end()
            elif kind in ("em_open", "em_close", "strong_open", "strong_close"):
                p = norm.find(tok.markup, cursor, end) if tok.markup else -1
                if p >= 0:
                    cursor = p + len(tok.markup)
            elif kind == "link_open":
                if tok.markup == "autolink":
                    in_autolink = True
                    p = norm.find("<", cursor, end)
                    if p >= 0:
                        q = norm.find(">", p, end)
                        cursor = q + 1 if q >= 0 else p + 1
                else:
                    p = norm.find("[", cursor, end)
                    if p >= 0:
                        cursor = p + 1
            elif kind == "link_close":
                if in_autolink:
                    in_autolink = False
                else:
                    cursor = _skip_link_tail(norm, cursor, end)
            elif kind == "image":
                p = norm.find("![", cursor, end)
                if p >= 0:
                    cursor = self.walk(tok.children or [], p + 2, end, False)
                    cursor = _skip_link_tail(norm, cursor, end)
            elif kind == "html_inline":
                cursor = self.skip_html(tok.content, cursor, end)
        return cursor

    def skip_html(self, content: str, cursor: int, end: int) -> int:
        """Skip inline HTML `content` at the cursor; keep it if it is a comment."""
        norm = self.src.norm
        lines = content.split("\n")
        p = norm.find(lines[0], cursor, end)
        if p < 0:
            return cursor
        if content.startswith("<!--"):
            inner = content[4:-3] if len(content) >= 7 and content.endswith("-->") else ""
            self.comment_offsets.append((self.src.to_orig(p), inner))
        cursor = p + len(lines[0])
        for line in lines[1:]:
            line = line.lstrip()
            q = norm.find(line, cursor, end)
            if q >= 0:
                cursor = q + len(line)
        return cursor

    # -- blocks -----------------------------------------------------------

    def first_cursor(self, token: Token, start: int) -> int:
        """Return where the content of a paragraph or heading starts on its first line.

        The content's first line is the source line minus its container prefix
        (list marker, "> ", "#"), so it is found as a suffix; this keeps a
        number in the content from matching the list marker "1.".
        """
        norm = self.src.norm
        nl = norm.find("\n", start)
        line = norm[start:nl if nl >= 0 else len(norm)].rstrip()
        first = token.content.split("\n", 1)[0].rstrip()
        if first and line.endswith(first):
            return start + len(line) - len(first)
        return start

    def table_row(self, tok: Token, depth: int) -> None:
        """Append the cells of a `table_row` token, each non-empty one a `table_cell` block.

        Each cell is located from the end of the previous one (from the line
        start for the first), as any inline content is. Cells of plain text
        found verbatim are collected and appended by the builder in one call
        (a wide table is hundreds of thousands of them); any other cell goes
        through `inline` after them.
        """
        src = self.src
        builder = self.builder
        line = tok.map[0]
        cursor = src.line_start(line)
        end = src.line_start(line + 1)
        find = src.norm.find
        orig = src.orig
        identity = src.identity
        # Cells are substrings of their line (less escaping backslashes), so a
        # line without markup characters holds only plain cells.
        check = _INLINE_SPECIAL.search(src.norm, cursor, end) is not None
        special = _INLINE_SPECIAL.search
        pieces: list[str] = []
        offsets: list[int] = []
        # NOTE: an empty cell only calls `separate()`, which the next cell
        # calls again to no effect; it matters only when no cell follows.
        separate = False
        for content in tok.meta["cells"]:
            if not content:
                separate = True
                continue
            if not (check and special(content) is not None):
                limit = cursor + len(content) + _MAX_GAP
                p = find(content, cursor, limit if limit < end else end)
                if p >= 0:
                    o = p if identity else src.to_orig(p)
                    if identity or orig.startswith(content, o):
                        pieces.append(content)
                        offsets.append(o)
                        cursor = p + len(content)
                        separate = False
                        continue
            builder.append_blocks(pieces, offsets, "table_cell", depth)
            pieces, offsets = [], []
            builder.separate()
            text_start = len(builder)
            cursor = self.inline(content, line, cursor, end)
            separate = False
            if len(builder) > text_start:
                builder.blocks.append(Block(text_start, len(builder), "table_cell", depth=depth))
        builder.append_blocks(pieces, offsets, "table_cell", depth)
        if separate:
            builder.separate()

    def read(self) -> Document:
        """Parse the source and return the finished `Document`."""
        try:
            tokens = self.md.parse(self.src.norm, self.env)
        except Exception as exc:  # NOTE: a markdown-it failure is the file's error, not a crash.
            raise InputError("CC906", self.path, f"Markdown could not be parsed: {exc!r}") from None
        builder = self.builder
        blocks = builder.blocks
        src = self.src
        # Containers: ("list", list_id, ordered) | ("quote",) | ("item", state)
        containers: list[tuple] = []
        list_depth = 0
        next_list_id = 0
        pending: tuple | None = None
        first_title: tuple[int, int] | None = None
        for tok in tokens:
            kind = tok.type
            if kind == "inline":
                if pending is None or tok.map is None:
                    continue
                start_line, end_line = tok.map
                begin = src.line_start(start_line)
                end = src.line_start(end_line)
                what = pending[0]
                builder.separate()
                text_start = len(builder)
                self.inline(tok.content, start_line, self.first_cursor(tok, begin), end)
                text_end = len(builder)
                if what == "heading":
                    blocks.append(Block(text_start, text_end, "heading", depth=len(containers), level=pending[1]))
                    if pending[1] == 1 and first_title is None:
                        first_title = (text_start, text_end)
                else:
                    item = containers[-1][1] if containers and containers[-1][0] == "item" else None
                    if item is not None and not item["frozen"]:
                        if item["start"] is None:
                            item["start"] = text_start
                        item["end"] = text_end
                    else:
                        blocks.append(Block(text_start, text_end, "paragraph", depth=len(containers)))
                pending = None
            elif kind == "paragraph_open":
                pending = ("paragraph",)
            elif kind == "heading_open":
                level = int(tok.tag[1:]) if tok.tag[1:].isdigit() else 1
                pending = ("heading", level)
            elif kind == "table_row":
                self.table_row(tok, len(containers))
            elif kind in _CONTAINER_OPEN:
                if containers and containers[-1][0] == "item":
                    self.builder.record_list_item(containers[-1][1])
                if kind == "blockquote_open":
                    containers.append(("quote",))
                else:
                    next_list_id += 1
                    list_depth += 1
                    containers.append(("list", next_list_id, kind == "ordered_list_open"))
            elif kind in ("bullet_list_close", "ordered_list_close", "blockquote_close"):
                if containers:
                    if containers.pop()[0] == "list":
                        list_depth -= 1
            elif kind == "list_item_open":
                parent = containers[-1] if containers and containers[-1][0] == "list" else ("list", 0, False)
                containers.append(("item", {
                    "start": None, "end": None, "frozen": False, "recorded": False,
                    "list_id": parent[1], "ordered": parent[2], "depth": list_depth,
                }))
            elif kind == "list_item_close":
                if containers and containers[-1][0] == "item":
                    self.builder.record_list_item(containers.pop()[1])
            elif kind == "html_block":
                self.block_comments(tok)
            elif kind == "front_matter":
                self.front_matter(tok.content)
        # NOTE: list items are recorded when they close, after the blocks
        # inside them, so most documents need the sort; a table of 200,000
        # cells without a list skips it (its key tuples cost more than this test).
        starts = list(map(_BLOCK_START, blocks))
        if not all(map(lt, starts, islice(starts, 1, None))):
            blocks.sort(key=lambda b: (b.start, b.end))
        doc = builder.build(self.path, "markdown", src.orig, self.meta)
        if first_title is not None and not doc.meta.get("title"):
            # Without a front-matter title, the first level-1 heading is the title.
            doc.meta["title"] = " ".join(doc.text[first_title[0]:first_title[1]].split())
        doc.comments = [(*doc.source_position(o), inner) for o, inner in self.comment_offsets]
        return doc

    def block_comments(self, tok: Token) -> None:
        """Collect the HTML comments of a raw HTML block."""
        if tok.map is None or "<!--" not in tok.content:
            return
        begin = self.src.line_start(tok.map[0])
        end = self.src.line_start(tok.map[1])
        for m in _COMMENT.finditer(self.src.norm, begin, end):
            self.comment_offsets.append((self.src.to_orig(m.start()), m.group(1)))

    def front_matter(self, content: str) -> None:
        """Parse YAML front matter into `meta` (scalars as strings); ignore it if invalid."""
        import yaml  # imported here: most documents have no front matter, and yaml costs start-up time

        try:
            data = yaml.safe_load(content)
        except Exception:  # NOTE: any YAML failure (even ValueError on a bad date) means "no metadata".
            return
        if not isinstance(data, dict):
            return
        for key, value in data.items():
            if isinstance(value, (_dt.date, _dt.datetime)):
                self.meta[str(key)] = value.isoformat()
            elif isinstance(value, bool):
                self.meta[str(key)] = "true" if value else "false"
            elif isinstance(value, (str, int, float)):
                self.meta[str(key)] = str(value)


def _plain_children(content: str) -> list[Token]:
    """Return the inline tokens markdown-it would give content with no markup characters."""
    children: list[Token] = []
    lines = content.split("\n")
    last = len(lines) - 1
    for i, line in enumerate(lines):
        if i:
            line = line.lstrip(" \t")
        if i < last:
            line = line.rstrip(" ")
        if line:
            tok = Token("text", "", 0)
            tok.content = line
            children.append(tok)
        if i < last:
            children.append(Token("softbreak", "br", 0))
    return children


def _skip_ws(src: str, pos: int, end: int) -> int:
    while pos < end and src[pos] in " \t\n":
        pos += 1
    return pos


def _skip_link_tail(src: str, pos: int, end: int) -> int:
    """Return the offset after the `]`, `](dest "title")` or `][label]` that closes a link."""
    q = src.find("]", pos, end)
    if q < 0:
        return pos
    pos = q + 1
    if pos < end and src[pos] == "(":
        p = _skip_ws(src, pos + 1, end)
        res = parseLinkDestination(src, p, end)
        if res.ok:
            p = res.pos
            before = p
            p = _skip_ws(src, p, end)
            title = parseLinkTitle(src, p, end)
            if p != before and title.ok:
                p = _skip_ws(src, title.pos, end)
        if p < end and src[p] == ")":
            return p + 1
    if pos < end and src[pos] == "[":
        r = src.find("]", pos + 1, end)
        if r >= 0:
            return r + 1
    return pos


def read_markdown(source: str, path: str) -> Document:
    """Return the `Document` (fmt "markdown") holding the prose of Markdown `source`."""
    return _Reader(source, path).read()
