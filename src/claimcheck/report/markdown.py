"""The `markdown` format: a summary fit for a pull-request comment (GitHub-flavoured).

A heading with the counts, a table of findings (location, code, severity,
message), then one collapsible `<details>` per finding with its computation,
related figures, suggestion and source excerpt. Article and finding text is
escaped for where it lands: table cells and paragraphs escape Markdown
punctuation, `|` and HTML; `<summary>` is raw HTML and gets `html.escape`;
excerpts go in a code fence longer than any backtick run they contain. The
comment stays under GitHub's 65,536-character limit by leaving out the tail.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence

from claimcheck.document import Document
from claimcheck.models import Computation, Finding, LintReport
from claimcheck.report import (
    figure_marks,
    file_count,
    format_number,
    passed_count,
    plural,
    rule_table,
    severity_counts,
    severity_label,
)
from claimcheck.report.text import clean, source_excerpt

# GitHub rejects comments over 65,536 characters; keep room for a footer.
MAX_CHARS = 60_000
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]~#])")


def escape(text: str) -> str:
    """Return `text` safe inside a Markdown paragraph or table cell: no markup, no HTML, no `|`."""
    text = clean(text).replace("\u2028", " ").replace("\u2029", " ")
    text = _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)
    text = html.escape(text, quote=False)
    return text.replace("|", "\\|")


def code_span(text: str) -> str:
    """Return `text` as an inline code span whose fence outruns any backticks inside."""
    text = clean(text)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _fenced(text: str, info: str = "text") -> str:
    """Return `text` in a fenced code block whose fence outruns any backtick run inside."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{info}\n{text.rstrip(chr(10))}\n{fence}"


def _location(finding: Finding) -> str:
    """Return `path:line:col` (just the path when the finding has no position)."""
    if finding.line >= 1:
        return f"{finding.path}:{finding.line}:{finding.col}"
    return finding.path


def _heading(report: LintReport) -> str:
    """Return the heading line with the counts."""
    counts = severity_counts(report)
    files = plural(file_count(report), "file")
    if not any(counts.values()):
        head = f"### claimcheck: no problems found in {files}"
    else:
        parts = ", ".join(plural(counts[s], s) for s in ("error", "warning", "info"))
        head = f"### claimcheck: {parts} in {files}"
    passed = passed_count(report.findings)
    return head + (f" ({plural(passed, 'check')} passed)" if passed else "")


def _computation(computation: Computation) -> list[str]:
    """Return the Markdown lines that show a computation."""
    lines: list[str] = []
    if computation.summary:
        lines.append(f"**Computation:** {escape(computation.summary)}")
        lines.append("")
    if computation.expression:
        lines.append(f"Expression: {code_span(computation.expression)}")
        lines.append("")
    if computation.inputs:
        lines.append("| Input | Text | Value | Interval |")
        lines.append("| --- | --- | --- | --- |")
        for item in computation.inputs:
            value = format_number(item.value)
            unit = f" {item.unit}" if item.unit else ""
            interval = ""
            if item.low is not None and item.high is not None:
                interval = f"[{format_number(item.low)}, {format_number(item.high)}]{unit}"
            lines.append(
                f"| {escape(item.name)} | {escape(item.text)} | {escape(value + unit if value else '')} "
                f"| {escape(interval)} |"
            )
        lines.append("")
    if computation.verdict:
        lines.append(f"Verdict: {escape(computation.verdict)}")
        lines.append("")
    return lines


def _details(finding: Finding, document: Document | None, rules: dict, show_source: bool) -> str:
    """Return the collapsible block of one finding."""
    word = severity_label(finding)
    summary = (
        f"<summary><code>{html.escape(clean(_location(finding)))}</code> "
        f"<b>{html.escape(clean(finding.code))}</b> {html.escape(word)}: "
        f"{html.escape(clean(finding.message))}</summary>"
    )
    lines = ["<details>", summary, ""]
    rule = rules.get(finding.code)
    if rule is not None:
        lines.append(f"{code_span(rule.name)}: {escape(rule.summary)}")
        lines.append("")
    if finding.computation is not None:
        lines.extend(_computation(finding.computation))
    related = [m for m in figure_marks(finding) if not m.primary]
    if related:
        lines.append("Related figures:")
        lines.append("")
        for mark in related:
            role = f" ({escape(mark.role)})" if mark.role else ""
            lines.append(f"- line {mark.line}:{mark.col} {code_span(mark.text or '')}{role}")
        lines.append("")
    if finding.suggestion:
        lines.append(f"**Suggestion:** {escape(finding.suggestion)}")
        lines.append("")
    if show_source and document is not None:
        excerpt = source_excerpt(finding, document)
        if excerpt:
            lines.append(_fenced(excerpt))
            lines.append("")
    lines.append("</details>")
    return "\n".join(lines)


def render(
    report: LintReport,
    documents: Mapping[str, Document],
    *,
    color: bool = False,
    show_source: bool = True,
    rules: Sequence | None = None,
) -> str:
    """Return the pull-request comment for `report`."""
    table = rule_table(rules)
    parts = [_heading(report), ""]
    if not report.findings:
        return "\n".join(parts)
    rows = ["| Location | Code | Severity | Message |", "| --- | --- | --- | --- |"]
    budget = MAX_CHARS - len(parts[0])
    shown = 0
    for finding in report.findings:
        row = (
            f"| {escape(_location(finding))} | {escape(finding.code)} | {severity_label(finding)} "
            f"| {escape(finding.message)} |"
        )
        if budget - len(row) < MAX_CHARS // 3:
            break
        budget -= len(row) + 1
        rows.append(row)
        shown += 1
    parts.extend(rows)
    parts.append("")
    detailed = 0
    for finding in report.findings[:shown]:
        block = _details(finding, documents.get(finding.path), table, show_source)
        if len(block) + 2 > budget:
            break
        budget -= len(block) + 2
        parts.append(block)
        parts.append("")
        detailed += 1
    left = len(report.findings) - min(shown, detailed)
    if left:
        parts.append(
            f"_{plural(left, 'more finding')} not shown in full; "
            "see `claimcheck lint --format html` for the whole report._"
        )
        parts.append("")
    return "\n".join(parts)
