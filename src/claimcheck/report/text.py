"""The `text` format: findings for a writer's terminal, with source excerpts.

Each finding is a grep-able header `path:line:col: CODE severity message`,
then (like ruff and rustc) the source lines of its primary and related figures
in a numbered gutter with the figures underlined by `^` carets, then the
computation and the suggestion. Output fits in 80 columns: a long source line
is shown as a window around its figures, cut with "…". Characters that would
drive the terminal (escape sequences, other control characters, bidirectional
overrides) are shown as visible placeholders, never passed through.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata
from collections.abc import Mapping, Sequence
from functools import lru_cache
from itertools import accumulate

from claimcheck.document import Document
from claimcheck.models import Finding, LintReport
from claimcheck.report import FigureMark, figure_marks, severity_label, summary_sentence

WIDTH = 80
TAB_CELLS = 4
# Lines of one figure shown at most (a figure spanning more is cut in the middle).
MAX_FIGURE_LINES = 6

_ANSI = {
    "bold": "1",
    "dim": "2",
    "error": "1;31",
    "warning": "1;33",
    "info": "1;36",
    "pass": "1;32",
    "gutter": "1;34",
    "related": "1;36",
    "path": "1",
}

# NOTE: bidirectional embeddings, overrides and isolates reorder what a terminal
# shows ("Trojan Source", CVE-2021-42574); they are made visible instead.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Line and paragraph separators: some terminals break the line on them.
_SEPARATORS = frozenset("\u2028\u2029")
# Text that every character of is printed as itself in one cell (the fast path).
_PLAIN = re.compile(r"[\x20-\x7e]*")


@lru_cache(maxsize=4096)
def _display_char(ch: str) -> tuple[str, int]:
    """Return what to print for source character `ch` and how many terminal cells it takes."""
    code = ord(ch)
    if ch == "\t":
        return " " * TAB_CELLS, TAB_CELLS
    if code < 0x20:
        return chr(0x2400 + code), 1  # control pictures: ␀ … ␟
    if code == 0x7F:
        return "\u2421", 1
    if 0x80 <= code < 0xA0 or ch in _BIDI_CONTROLS or ch in _SEPARATORS:
        return "\ufffd", 1
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return ch, 0
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return ch, 2
    return ch, 1


class _CleanTable(dict):
    """`str.translate` table from a code point to what `_display_char` prints, filled as met."""

    def __missing__(self, code: int) -> str:
        shown = self[code] = _display_char(chr(code))[0]
        return shown


_CLEAN_TABLE = _CleanTable()


def clean(text: str) -> str:
    """Return `text` with control characters replaced by visible placeholders."""
    if _PLAIN.fullmatch(text):
        return text
    return text.translate(_CLEAN_TABLE)


def cells(text: str) -> int:
    """Return the number of terminal cells `text` takes once cleaned."""
    if _PLAIN.fullmatch(text):
        return len(text)
    return sum(_display_char(ch)[1] for ch in text)


class _Line:
    """A source line as display units (text, cells) per character, with running cell totals."""

    __slots__ = ("raw", "plain", "units", "offsets")

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.plain = _PLAIN.fullmatch(raw) is not None
        if self.plain:
            self.units = [(ch, 1) for ch in raw]
            self.offsets = range(len(raw) + 1)
        else:
            self.units = [_display_char(ch) for ch in raw]
            self.offsets = list(accumulate((w for _, w in self.units), initial=0))

    def shown(self, start: int, end: int) -> str:
        """Return what the terminal shows for characters [start, end)."""
        if self.plain:
            return self.raw[start:end]
        return "".join(t for t, _ in self.units[start:end])

    def width(self, start: int, end: int) -> int:
        """Return the cells taken by characters [start, end)."""
        offsets = self.offsets
        last = len(offsets) - 1
        return offsets[min(end, last)] - offsets[min(start, last)]


# NOTE: the findings of one document often share a line; its units are built once.
_line = lru_cache(maxsize=64)(_Line)


class _Style:
    """ANSI styling that is the identity when colour is off."""

    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, text: str, style: str) -> str:
        if not self.color or not text:
            return text
        return f"\x1b[{_ANSI[style]}m{text}\x1b[0m"


def _window(line: _Line, focus: tuple[int, int], room: int) -> tuple[int, int]:
    """Return the character range [start, end) of a line to show within `room` cells.

    The whole line when it fits; otherwise a window around `focus` (a character
    range), grown left and right in turn, leaving a cell for each "…" cut.
    """
    units = line.units
    n = len(units)
    total = line.width(0, n)
    if total <= room:
        return 0, n
    start, end = max(0, min(focus[0], n)), max(0, min(focus[1], n))
    end = max(end, start)
    used = line.width(start, end)
    # What fits is `used` plus one cell for each "…" cut (start > 0, end < n).
    # A focus wider than the room keeps its beginning.
    while end > start + 1 and used + (start > 0) + (end < n) > room:
        end -= 1
        used -= units[end][1]
    grown = True
    while grown:
        grown = False
        if start > 0 and used + units[start - 1][1] + (start > 1) + (end < n) <= room:
            start -= 1
            used += units[start][1]
            grown = True
        if end < n and used + units[end][1] + (start > 0) + (end + 1 < n) <= room:
            used += units[end][1]
            end += 1
            grown = True
    return start, end


def _line_spans(mark: FigureMark, line: int, length: int) -> tuple[int, int]:
    """Return the 0-based character range [start, end) that `mark` covers on `line`."""
    start = mark.col - 1 if line == mark.line else 0
    end = mark.end_col - 1 if line == mark.end_line else length
    return max(0, start), max(0, end)


def _excerpt(finding: Finding, document: Document, style: _Style) -> list[str]:
    """Return the gutter lines showing the figures of `finding` in `document`'s source."""
    marks = figure_marks(finding)
    by_line: dict[int, list[FigureMark]] = {}
    for mark in marks:
        lines = list(range(mark.line, mark.end_line + 1))
        if len(lines) > MAX_FIGURE_LINES:
            half = MAX_FIGURE_LINES // 2
            lines = lines[:half] + lines[-half:]
        for n in lines:
            by_line.setdefault(n, []).append(mark)
    line_count = len(document.line_starts)
    shown = sorted(n for n in by_line if 1 <= n <= line_count)
    if not shown:
        return []
    digits = len(str(shown[-1]))
    pad = " " * (digits + 1)
    bar = style(f"{pad}|", "gutter")
    out = [bar]
    previous: int | None = None
    room = WIDTH - digits - 3
    for n in shown:
        if previous is not None and n > previous + 1:
            out.append(style("...", "gutter"))
        previous = n
        raw = document.line_text(n)
        line = _line(raw)
        spans = sorted(
            ((*_line_spans(m, n, len(raw)), m) for m in by_line[n]),
            key=lambda item: (item[0], item[1]),
        )
        # Figures too far apart for one window get a window (a row) each.
        for group in _groups(spans, line, room):
            out.extend(_row(n, digits, line, group, room, bar, style, finding.severity))
    out.append(bar)
    return out


def _groups(
    spans: list[tuple[int, int, FigureMark]], line: _Line, room: int
) -> list[list[tuple[int, int, FigureMark]]]:
    """Return the spans of one line grouped so that each group fits one window."""
    groups: list[list[tuple[int, int, FigureMark]]] = []
    low = high = 0
    for span in spans:
        s, e = span[0], max(span[1], span[0] + 1)
        if groups:
            width = line.width(low, max(high, e)) + 2
            if width <= room:
                groups[-1].append(span)
                high = max(high, e)
                continue
        groups.append([span])
        low, high = s, e
    return groups


def _row(
    n: int, digits: int, line: _Line, spans: list[tuple[int, int, FigureMark]],
    room: int, bar: str, style: _Style, severity: str,
) -> list[str]:
    """Return the source row of line `n` windowed around `spans`, and its caret lines."""
    units = line.units
    length = len(units)
    focus = (min(s for s, _, _ in spans), max(max(e, s + 1) for s, e, _ in spans))
    start, end = _window(line, focus, room)
    left = "…" if start > 0 else ""
    right = "…" if end < length else ""
    body = left + line.shown(start, end) + right
    out = [style(f"{n:>{digits}} |", "gutter") + (" " + body if body else "")]
    # One caret per displayed cell, so wide characters and tabs stay aligned:
    # character k of the line is shown at cell base + offsets[k] of the row.
    offsets = line.offsets
    base = len(left) - offsets[start]
    carets: list[tuple[int, int, FigureMark]] = []
    for s, e, mark in spans:
        s = min(s, length)
        if s < start or s > end:
            continue
        e = min(max(e, s), end)
        begin = base + offsets[s]
        finish = base + offsets[e] if e > s else begin + 1
        carets.append((begin, finish, mark))
    if not carets:
        return out
    parts: list[str] = []
    cursor = 0
    for begin, finish, mark in carets:
        if finish <= cursor:
            continue
        begin = max(begin, cursor)
        parts.append(" " * (begin - cursor))
        parts.append(style("^" * (finish - begin), severity if mark.primary else "related"))
        cursor = finish
    out.extend(_caret_lines(carets, parts, cursor, n, bar, room, style))
    return out


def _caret_lines(
    carets: list[tuple[int, int, FigureMark]], parts: list[str], cursor: int, line: int,
    bar: str, room: int, style: _Style,
) -> list[str]:
    """Return the caret line and, rustc-style, the label lines hanging below it.

    The rightmost label follows its carets when it fits; every other label is
    hung under its carets with `|` connectors, right to left.
    """
    labelled = [(begin, clean(m.role)) for begin, _, m in carets if m.role and m.line == line]
    inline = ""
    if labelled and carets[-1][2].role and carets[-1][2].line == line and cells(labelled[-1][1]) <= room - cursor - 1:
        inline = labelled.pop()[1]
    lines = [bar + " " + "".join(parts) + (" " + style(inline, "related") if inline else "")]
    pending = [begin for begin, _ in labelled]
    for begin, label in reversed(labelled):
        pending.remove(begin)
        connectors = pending + [begin]
        lines.append(bar + " " + _hang(connectors, {}, style))
        if cells(label) > room - begin:
            label = label[: max(1, room - begin - 1)] + "…"
        lines.append(bar + " " + _hang(pending, {begin: label}, style))
    return lines


def _hang(connectors: list[int], labels: dict[int, str], style: _Style) -> str:
    """Return a line with `|` at each connector column and each label at its column."""
    out: list[str] = []
    cursor = 0
    for column in sorted(set(connectors) | set(labels)):
        if column < cursor:
            continue
        out.append(" " * (column - cursor))
        text = labels.get(column, "|")
        out.append(style(text, "related"))
        cursor = column + cells(text)
    return "".join(out)


def source_excerpt(finding: Finding, document: Document) -> str:
    """Return the plain gutter excerpt of `finding`'s figures in `document` ("" if none)."""
    lines = _excerpt(finding, document, _Style(False))
    return "\n".join(lines) + "\n" if lines else ""


def _note(prefix: str, text: str, indent: int, style: _Style) -> list[str]:
    """Return `= prefix: text` wrapped to the width, continuation lines aligned."""
    head = " " * indent + "= "
    label = f"{prefix}: "
    text = clean(text)
    one = head + label + text.rstrip(" ")
    if len(one) <= WIDTH and text.strip(" ") and _PLAIN.fullmatch(text):
        lines = [one]  # what textwrap returns for one short line of printable ASCII
    else:
        lines = textwrap.wrap(
            text, width=WIDTH, initial_indent=head + label,
            subsequent_indent=" " * (len(head) + len(label)),
            break_long_words=True, break_on_hyphens=False,
        )
    if lines and style.color:
        first = lines[0]
        lines[0] = first[: len(head)] + style(label.rstrip(), "bold") + " " + first[len(head) + len(label):]
    return lines


def render_finding(
    finding: Finding, document: Document | None, *, color: bool = False, show_source: bool = True
) -> str:
    """Return one finding as text: header, source excerpt, computation and suggestion."""
    style = _Style(color)
    word = severity_label(finding)
    where = clean(finding.path)
    if finding.line >= 1:
        where += f":{finding.line}:{finding.col}"
    header = (
        style(where, "path") + ": " + style(finding.code, word) + " " + style(word, word)
        + " " + clean(finding.message)
    )
    lines = [header]
    excerpt = _excerpt(finding, document, style) if (show_source and document is not None) else []
    lines.extend(excerpt)
    indent = 1
    if excerpt:
        indent = len(excerpt[0]) - 1 if not color else _plain_width(excerpt[0]) - 1
    computation = finding.computation
    if computation is not None:
        text = computation.summary or computation.expression
        if text:
            lines.extend(_note("computation", text, indent, style))
    if finding.suggestion:
        lines.extend(_note("suggestion", finding.suggestion, indent, style))
    return "\n".join(lines) + "\n"


def _plain_width(styled: str) -> int:
    """Return the length of `styled` without its ANSI sequences."""
    out, i = 0, 0
    while i < len(styled):
        if styled[i] == "\x1b":
            i = styled.index("m", i) + 1
            continue
        out += 1
        i += 1
    return out


def render(
    report: LintReport,
    documents: Mapping[str, Document],
    *,
    color: bool = False,
    show_source: bool = True,
    rules: Sequence | None = None,
) -> str:
    """Return every finding as text followed by the summary line."""
    blocks = [
        render_finding(f, documents.get(f.path), color=color, show_source=show_source)
        for f in report.findings
    ]
    summary = summary_sentence(report)
    if color:
        summary = _Style(True)(summary, "bold")
    if not blocks:
        return summary + "\n"
    separator = "\n" if show_source else ""
    return separator.join(blocks) + "\n" + summary + "\n"
