"""The Markdown reader's table rule against markdown-it-py's own.

`claimcheck.readers.markdown_table.table` pushes one token per table row where
markdown-it-py's rule pushes six per cell. The reference here is the reader as
it was before: markdown-it-py's stock rule (its tokens regrouped by row) read
cell by cell with `_Reader.inline`. For every source the token streams and the
built `Document`s must be equal.
"""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it.rules_block.table import escapedSplit
from markdown_it.rules_block.table import table as stock_table
from markdown_it.token import Token

from claimcheck.document import Block, Document, DocumentBuilder
from claimcheck.readers import markdown
from claimcheck.readers.markdown_table import split_row


def _stock_rows(state, start_line: int, end_line: int, silent: bool) -> bool:
    """Run markdown-it-py's table rule; return its result with its tokens regrouped as `table_row` tokens."""
    first = len(state.tokens)
    if not stock_table(state, start_line, end_line, silent):
        return False
    if silent:
        return True
    stock = state.tokens[first:]
    del state.tokens[first:]
    level = state.level
    row: Token | None = None
    for tok in stock:
        if tok.type in ("table_open", "table_close"):
            out = Token(tok.type, tok.tag, tok.nesting)
            out.map, out.block, out.level = tok.map, True, level
            state.tokens.append(out)
        elif tok.type == "tr_open":
            row = Token("table_row", "tr", 0)
            row.map, row.block, row.level, row.meta = tok.map, True, level + 1, {"cells": []}
        elif tok.type == "inline":
            # The old reader located a cell from its inline token's line.
            assert row is not None and tok.map == row.map
            row.meta["cells"].append(tok.content)
        elif tok.type == "tr_close":
            state.tokens.append(row)
    return True


def _stock_parser():
    """Return the reader's parser configuration with markdown-it-py's table rule, regrouped by row."""
    md = markdown._stock_parser()
    md.block.ruler.at("table", _stock_rows, {"alt": ["paragraph", "reference"]})
    return md


STOCK = _stock_parser()


class _StockReader(markdown._Reader):
    """The reader with the stock table rule, each cell read by `inline` as before the row tokens."""

    def __init__(self, source: str, path: str) -> None:
        super().__init__(source, path)
        self.md = STOCK

    def table_row(self, tok: Token, depth: int) -> None:
        line = tok.map[0]
        cursor = self.src.line_start(line)
        end = self.src.line_start(tok.map[1])
        builder = self.builder
        for content in tok.meta["cells"]:
            builder.separate()
            start = len(builder)
            cursor = self.inline(content, line, cursor, end)
            if len(builder) > start:
                builder.blocks.append(Block(start, len(builder), "table_cell", depth=depth))


def _tokens(md, source: str) -> list[tuple]:
    """Return (type, map, level, content, cells) of every block token of `source`."""
    return [
        (t.type, t.map, t.level, t.content, t.meta.get("cells"))
        for t in md.parse(markdown._Source(source).norm, {})
    ]


def _fields(doc: Document) -> dict:
    return {f.name: getattr(doc, f.name) for f in dataclasses.fields(doc) if f.name != "_line_starts"}


def assert_same(source: str) -> None:
    """The new rule and reader give the stock tokens (regrouped) and the stock Document."""
    assert _tokens(markdown._parser(), source) == _tokens(STOCK, source)
    new = markdown.read_markdown(source, "t.md")
    old = _StockReader(source, "t.md").read()
    assert _fields(new) == _fields(old)


CASES = [
    "| a | b |\n|---|---|\n| 1 | 2 |\n",
    "a | b\n--|--\n1 | 2\n",
    "| a | b |\n| - | - |\n",  # a single "-" per column
    "|a|\n|-|\n|1|\n",
    # escaped pipes, a backslash before the escape, pipes inside inline code
    "| a \\| b | c |\n|---|---|\n| 1 \\| 2 | 30% |\n| \\\\| 4 | x\\\\\\|y |\n",
    "| code | n |\n|---|---|\n| `a|b` | 5% |\n| `x \\| y` | $2m |\n",
    # alignment rows
    "| l | c | r | n |\n|:---|:---:|---:|---|\n| 1 | 2 | 3 | 4 |\n",
    "| a | b |\n| :-: | -: |\n| 1 | 2 |\n",
    "a|b\n:-|-:\n1|2\n",
    # not tables: bad delimiter rows, a column count mismatch, no pipe in the header
    "| a | b |\n|---|\n| 1 | 2 |\n",
    "| a |\n|---|---|\n| 1 |\n",
    "a\n---\n1\n",
    "| a | b |\n|---||---|\n",
    "| a | b |\n|-x-|---|\n",
    "| a | b |\n- | -\n",
    "| a | b |\n|--- ---|---|\n",
    "| a |\n|\n",
    "| a |\n:\n",
    # rows with fewer and more cells than the header, empty cells
    "| a | b | c |\n|---|---|---|\n| 1 |\n| 1 | 2 | 3 | 4 | 5 |\n|  | 2 |  |\n||||\n",
    "| a | b |\n|---|---|\n| | |\n|x|\n",
    # header only
    "| Revenue | Profit |\n|---|---|\n",
    "| Revenue | Profit |\n|---|---|\n\nAfter the table, 5%.\n",
    # ended by a blank line, by a non-table line, by a heading, a list, a quote, a fence
    "| a | b |\n|---|---|\n| 1 | 2 |\n\n| 3 | 4 |\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\nplain line 7%\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\n# Heading 9\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\n- item 3%\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\n> quote 4%\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\n```\ncode 5\n```\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\n***\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\n<div>6%</div>\n",
    # interrupting a paragraph; after a paragraph
    "Revenue rose 4%.\n| a | b |\n|---|---|\n| 1 | 2 |\n",
    "Revenue rose 4%.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
    # inside a list item and a blockquote (and lazy continuation lines)
    "- item\n\n  | a | b |\n  |---|---|\n  | $1m | 2% |\n- next 3%\n",
    "- | a | b |\n  |---|---|\n  | 1 | 2 |\n",
    "1. | a | b |\n   |---|---|\n   | 1 | 2 |\n   | 3 | 4 |\n",
    "> | a | b |\n> |---|---|\n> | 1 | 2 |\n",
    "> | a | b |\n> |---|---|\n> | 1 | 2 |\n| 3 | 4 |\n",
    "> > | a | b |\n> > |---|---|\n> > | 1 | 2 |\n",
    "> - | a | b |\n>   |---|---|\n>   | 1% | 2% |\n",
    "- a\n  - | x | y |\n    |---|---|\n    | 1 | 2 |\n",
    # indentation: up to three spaces, a code block at four
    "   | a | b |\n   |---|---|\n   | 1 | 2 |\n",
    "| a | b |\n    |---|---|\n| 1 | 2 |\n",
    "    | a | b |\n    |---|---|\n",
    "| a | b |\n|---|---|\n    | 1 | 2 |\n",
    # CRLF and CR line endings
    "| a | b |\r\n|---|---|\r\n| 1 | $2m |\r\n| 3% | 4 |\r\n",
    "| a | b |\r|---|---|\r| 1 | 2 |\r",
    "> | a | b |\r\n> |---|---|\r\n> | 1 | 2 |\r\n",
    "|1|1|\r\n|-|-|\r\n|1|1|\r\n|11|1|\r\n|1|11|\r\n",
    # entity references, escapes, emphasis, links, images, HTML and comments in cells
    "| a | b |\n|---|---|\n| &amp; 5% | &#36;3m |\n| &nbsp;7 | &bogus; |\n",
    "| a | b |\n|---|---|\n| *up* 5% | **$3m** |\n| _x_ | ~~y~~ |\n",
    "| a | b |\n|---|---|\n| [link 5%](http://x \"t\") | ![img 3](y.png) |\n| <b>4%</b> | <!-- c --> 6 |\n",
    "| a | b |\n|---|---|\n| \\*not em\\* | \\$5 |\n| <http://x.y> | a\\\\b |\n",
    "| a | b |\n|---|---|\n| 5%  | 5% |\n| 5 % 5 | 5%5% |\n",
    # tabs and other white space
    "|\ta\t|\tb\t|\n|\t---\t|\t---\t|\n|\t1\t|\t2\t|\n",
    "| a | b |\n|---|---|\n|\u00a01\u00a0|\u20032\u3000|\n",
    "| a | b |\n|---|---|\n| \u2028x | y\u0085 |\n",
    "\t| a | b |\n\t|---|---|\n",
    # repeated and overlapping cell contents (the cursor search)
    "| 1 | 1 |\n|---|---|\n| 1 1 | 1 |\n| 11 | 1 |\n",
    "| a\\|b | a | b |\n|---|---|---|\n| a\\|b |a|b|\n",
    "| a | a |\n|---|---|\n| a | a a |\n",
    # front matter, a title heading, comments next to a table
    "---\ntitle: T\n---\n# Title 1\n\n| a | b |\n|---|---|\n| 1 | 2 |\n<!-- claimcheck: ignore CC301 -->\n",
    # two tables, one right after the other
    "| a |\n|---|\n| 1 |\n| b | c |\n|---|---|\n| 2 | 3 |\n",
    "| a |\n|---|\n\n| b |\n|---|\n",
    # a table at the very end without a newline, and a trailing empty cell
    "| a | b |\n|---|---|\n| 1 |",
    "| a | |\n|---|---|",
    "",
    "|",
    "||\n|-|",
    "| a | b |\n|---|---|\n| \0 | 2 |\n",
]


@pytest.mark.parametrize("source", CASES)
def test_table_cases_match_stock(source: str) -> None:
    assert_same(source)


@pytest.mark.parametrize(("rows", "kept"), [(["|1|"] * 256 + ["|1|"], 256), (["|1|"] * 255 + ["|", "|1|"], 255)])
def test_autocompleted_cell_limit_matches_stock(rows: list[str], kept: int) -> None:
    # 257 columns: a one-cell row adds 256 empty cells and a row of a lone
    # pipe (no cell) 257. 256 one-cell rows reach the stock limit of 65,536
    # and are kept; 255 of them and a lone pipe make 65,537: the table ends
    # before the pipe.
    header = "|" + "|".join(f"c{i}" for i in range(257)) + "|\n"
    rule = "|" + "|".join("-" for _ in range(257)) + "|\n"
    source = header + rule + "".join(row + "\n" for row in rows)
    assert_same(source)
    tokens = [t for t in markdown._parser().parse(source) if t.type == "table_row"]
    assert len(tokens) == 1 + kept


def test_wide_table_matches_stock() -> None:
    cols = 2000
    header = "|" + "|".join(f"c{i}" for i in range(cols)) + "|\n"
    rule = "|" + "|".join("---" for _ in range(cols)) + "|\n"
    row = "|" + "|".join(f"${i % 97}m" for i in range(cols)) + "|\n"
    assert_same(header + rule + row * 3)


# Table-like lines: pipes, escapes, delimiter-row characters, white space,
# figures, inline markup and container prefixes.
_PIECES = st.sampled_from([
    "|", "|", "|", "\\|", "\\", "-", "---", ":", ":--", "--:", " ", "  ", "\t", "a", "1", "5%", "$2m",
    "a b", "`", "`x|y`", "*", "_", "&amp;", "&#124;", "<b>", "<!-- c -->", "[l](u)", "!", "\u00a0", "\u3000",
])
_PREFIX = st.sampled_from(["", "", "", " ", "   ", "    ", "> ", ">", "- ", "  ", "1. ", "   ", "> > ", "\t"])
_DELIMITER = st.lists(st.sampled_from(["---", ":--", "--:", ":-:", "-", " --- ", ""]), min_size=1, max_size=5).map(
    lambda cells: "|" + "|".join(cells) + "|"
)
_LINE = st.one_of(
    st.lists(_PIECES, max_size=12).map("".join),
    _DELIMITER,
    st.sampled_from(["", "", "text 4%", "# h", "- x", "> q", "```", "***"]),
)


_CELL = st.lists(_PIECES.filter(lambda piece: piece != "|"), max_size=4).map("".join)


@st.composite
def _table_source(draw) -> str:
    """Return loose table-like lines or, half the time, a header, a delimiter row and rows of cells."""
    if draw(st.booleans()):
        lines = draw(st.lists(st.tuples(_PREFIX, _LINE), min_size=1, max_size=8))
    else:
        columns = draw(st.integers(1, 4))
        first, prefix = draw(st.sampled_from([
            ("", ""), ("", ""), ("  ", "  "), ("- ", "  "), ("1. ", "   "), ("> ", "> "), ("> ", ""),
            ("> - ", ">   "), ("    ", "    "), ("\t", "\t"), ("- ", ""),
        ]))
        outer = draw(st.sampled_from(["|", "", " | "]))

        def row(cells: list[str]) -> str:
            return outer + "|".join(cells) + outer

        header = row(draw(st.lists(_CELL, min_size=columns, max_size=columns)))
        delimiter = row(draw(st.lists(st.sampled_from(["---", ":--", "--:", ":-:", "-", " --- "]),
                                      min_size=columns, max_size=columns + 1)))
        body = [row(draw(st.lists(_CELL, max_size=columns + 2))) for _ in range(draw(st.integers(0, 4)))]
        lines = [(first, header)] + [(prefix, line) for line in (delimiter, *body)]
        lines += draw(st.lists(st.tuples(_PREFIX, _LINE), max_size=2))
    newline = draw(st.sampled_from(["\n", "\n", "\r\n", "\r"]))
    end = draw(st.sampled_from(["", newline]))
    return newline.join(prefix + line for prefix, line in lines) + end


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_table_source())
def test_table_like_sources_match_stock(source: str) -> None:
    assert_same(source)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["|", "\\", "a", " ", "\\|", "\\\\|"]), max_size=20).map("".join))
def test_split_row_is_escaped_split(text: str) -> None:
    assert split_row(text) == escapedSplit(text)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(["x", "ab", "\n\n", "a\n\n", "\n"]), st.integers(0, 12), st.booleans()),
             max_size=3),
    st.lists(st.tuples(st.sampled_from(["a", "bc", "d\n\n", "\n\n", "e\n"]), st.integers(0, 16)), max_size=6),
)
def test_append_blocks_is_separate_then_append(before: list, cells: list) -> None:
    # Table cells never end with the separator, but the builder's batch must
    # equal the per-piece calls for any pieces and any text before them.
    def builder() -> DocumentBuilder:
        made = DocumentBuilder()
        for piece, offset, verbatim in before:
            made.append(piece, offset, verbatim)
        return made

    batch, one_by_one = builder(), builder()
    batch.append_blocks([piece for piece, _ in cells], [offset for _, offset in cells], "table_cell", 2)
    for piece, offset in cells:
        one_by_one.separate()
        start = len(one_by_one)
        one_by_one.append(piece, offset, True)
        one_by_one.blocks.append(Block(start, len(one_by_one), "table_cell", depth=2))
    assert batch.build("t.md", "markdown", "") == one_by_one.build("t.md", "markdown", "")
