"""GFM tables for the Markdown reader: markdown-it-py's grammar, one token per row.

markdown-it-py's own table rule pushes three tokens per cell (th/td open and
close around an inline token) and splits rows with a character-by-character
loop; on a table of 10,000 columns that was half of the reading time. `table`
accepts exactly the same tables (detection, escaped pipes, the delimiter row,
the column count, the limit on autocompleted cells, what ends a table) but
pushes `table_open`, one `table_row` token per row and `table_close`. A row
token's `map` is its source line and `meta["cells"]` the
contents of its cells, as the stock rule's inline tokens would hold them: the
header's cells, then `column_count` cells for every body row (missing cells
empty, extra cells dropped). Alignment is not kept: the reader has no use for it.

`tests/test_markdown_tables.py` holds the rule to markdown-it-py's.
"""

# Adapted from markdown-it-py 4.3.0, markdown_it/rules_block/table.py
# (https://github.com/executablebooks/markdown-it-py), itself a port of
# markdown-it's lib/rules_block/table.mjs (https://github.com/markdown-it/markdown-it).
#
# markdown-it-py: Copyright (c) 2020 ExecutableBookProject.
# markdown-it: Copyright (c) 2014 Vitaly Puzrin, Alex Kocharin.
#
# Permission is hereby granted, free of charge, to any person obtaining a copy
# of this software and associated documentation files (the "Software"), to deal
# in the Software without restriction, including without limitation the rights
# to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
# copies of the Software, and to permit persons to whom the Software is
# furnished to do so, subject to the following conditions:
#
# The above copyright notice and this permission notice shall be included in all
# copies or substantial portions of the Software.
#
# THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
# IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
# FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
# AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
# LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
# OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
# SOFTWARE.

from __future__ import annotations

import re

from markdown_it.rules_block.state_block import StateBlock

# The characters markdown-it-py's `mdTrim` strips (JavaScript's `String.trim`
# set minus U+FEFF), spelled out because markdown-it-py exports no such constant.
TRIM_CHARS = "".join(chr(code) for code in sorted(
    {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0xA0, 0x1680, 0x202F, 0x205F, 0x3000}
    | set(range(0x2000, 0x200B)) | {0x2028, 0x2029}
))

# Limit on the empty cells added to short rows (markdown-it issue 1000): the
# stock rule's MAX_AUTOCOMPLETED_CELLS.
MAX_AUTOCOMPLETED_CELLS = 0x10000

# A delimiter-row cell once trimmed: the stock rule's `^:?-+:?$` (a trimmed
# cell holds no newline, so `$` cannot match before one).
_DELIMITER_CELL = re.compile(r":?-+:?")
# The delimiter row after its first two characters: only pipes, dashes,
# colons, spaces and tabs.
_DELIMITER_REST = re.compile(r"[-:| \t]*")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def split_row(text: str) -> list[str]:
    """Return the cells of row `text` as the stock `escapedSplit` does.

    A pipe right after a backslash does not split, and that backslash is
    dropped (whatever precedes it: in `\\\\|` the pipe is escaped too).
    """
    if "\\|" not in text:
        return text.split("|")
    return [part.replace("\\|", "|") for part in _UNESCAPED_PIPE.split(text)]


def _line(state: StateBlock, line: int) -> str:
    """Return `line` of the block without its indentation (the stock `getLine`)."""
    return state.src[state.bMarks[line] + state.tShift[line]:state.eMarks[line]]


def _delimiter_columns(text: str) -> int:
    """Return the column count delimiter row `text` defines, or 0 if its cells are not all `:?-+:?`."""
    columns = text.split("|")
    last = len(columns) - 1
    count = 0
    for i, column in enumerate(columns):
        cell = column.strip(TRIM_CHARS)
        if not cell:
            # Empty columns are allowed before and after the table, not between columns.
            if i == 0 or i == last:
                continue
            return 0
        if _DELIMITER_CELL.fullmatch(cell) is None:
            return 0
        count += 1
    return count


def _row_columns(text: str) -> list[str]:
    """Return the untrimmed cells of a trimmed row, without the empty cells of outer pipes."""
    columns = split_row(text)
    if columns and columns[0] == "":
        columns.pop(0)
    if columns and columns[-1] == "":
        columns.pop()
    return columns


def table(state: StateBlock, startLine: int, endLine: int, silent: bool) -> bool:
    """Block rule: return whether a GFM table starts at `startLine` and, unless `silent`, push its tokens."""
    if startLine + 2 > endLine:
        return False
    line = startLine + 1
    if state.sCount[line] < state.blkIndent or state.is_code_block(line):
        return False
    src = state.src
    pos = state.bMarks[line] + state.tShift[line]
    maximum = state.eMarks[line]
    # NOTE: this rule is tried on every line of every paragraph (a table may
    # interrupt one), so these checks, which turn nearly all lines down, come
    # first and without a function call. They are the stock rule's character
    # loop, i.e. /^[-:|][-:|\s]*$/ on at least two characters, where a leading
    # "-" must not be followed by a space (a list item).
    if maximum - pos < 2:
        return False
    first, second = src[pos], src[pos + 1]
    if first not in "|-:" or second not in "|-: \t" or (first == "-" and second in " \t"):
        return False
    if _DELIMITER_REST.fullmatch(src, pos + 2, maximum) is None:
        return False
    delimiter_columns = _delimiter_columns(src[pos:maximum])
    if not delimiter_columns:
        return False
    text = _line(state, startLine).strip(TRIM_CHARS)
    if "|" not in text:
        return False
    if state.is_code_block(startLine):
        return False
    columns = _row_columns(text)
    # The header row defines the column count of the whole table, and the
    # delimiter row must have exactly as many (other rows may differ).
    column_count = len(columns)
    if column_count == 0 or column_count != delimiter_columns:
        return False
    if silent:
        return True

    old_parent_type = state.parentType
    state.parentType = "table"
    # The stock rule ends a table where a blockquote would end: same terminators.
    terminator_rules = state.md.block.ruler.getRules("blockquote")

    token = state.push("table_open", "table", 1)
    token.map = table_lines = [startLine, 0]
    token = state.push("table_row", "tr", 0)
    token.map = [startLine, startLine + 1]
    token.meta = {"cells": [column.strip(TRIM_CHARS) for column in columns]}

    autocompleted_cells = 0
    next_line = startLine + 2
    while next_line < endLine:
        if state.sCount[next_line] < state.blkIndent:
            break
        if any(rule(state, next_line, endLine, True) for rule in terminator_rules):
            break
        text = _line(state, next_line).strip(TRIM_CHARS)
        if not text:
            break
        if state.is_code_block(next_line):
            break
        columns = _row_columns(text)
        # NOTE: the count goes down on rows longer than the header, as in the
        # stock rule; the limit only has to bound the expansion.
        autocompleted_cells += column_count - len(columns)
        if autocompleted_cells > MAX_AUTOCOMPLETED_CELLS:
            break
        if len(columns) >= column_count:
            cells = [column.strip(TRIM_CHARS) for column in columns[:column_count]]
        else:
            cells = [column.strip(TRIM_CHARS) for column in columns]
            cells.extend([""] * (column_count - len(columns)))
        token = state.push("table_row", "tr", 0)
        token.map = [next_line, next_line + 1]
        token.meta = {"cells": cells}
        next_line += 1

    state.push("table_close", "table", -1)
    table_lines[1] = next_line
    state.parentType = old_parent_type
    state.line = next_line
    return True
