"""The `github` format: GitHub Actions workflow commands that annotate a pull request.

One command per failing or ambiguous finding (a passed check is not a problem
and gets none): `::error` for errors, `::warning` for warnings, `::notice` for
info. The message carries the computation and the suggestion on extra lines.
Escaping follows the Actions runner (`toolkit/packages/core/src/command.ts`):
data escapes `%`, CR and LF; property values also escape `:` and `,`.
GitHub accepts `col`/`endColumn` only when the annotation starts and ends on
one line, so a multi-line span gives lines only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from claimcheck.document import Document
from claimcheck.models import Finding, LintReport

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """Return `text` escaped for the message part of a workflow command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Return `text` escaped for a property value of a workflow command."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    """Return the workflow command that annotates `finding`."""
    properties: list[tuple[str, str]] = [("file", finding.path.replace("\\", "/"))]
    if finding.line >= 1:
        properties.append(("line", str(finding.line)))
        end_line = finding.end_line or finding.line
        one_line = end_line == finding.line
        if one_line and finding.col >= 1:
            properties.append(("col", str(finding.col)))
        if finding.end_line is not None:
            properties.append(("endLine", str(end_line)))
        if one_line and finding.end_col is not None and finding.col >= 1:
            properties.append(("endColumn", str(finding.end_col)))
    properties.append(("title", finding.code))
    body = [finding.message]
    if finding.computation is not None and (finding.computation.summary or finding.computation.expression):
        body.append(finding.computation.summary or finding.computation.expression)
    if finding.suggestion:
        body.append(finding.suggestion)
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    return f"::{COMMANDS[finding.severity]} {props}::{escape_data(chr(10).join(body))}"


def render(
    report: LintReport,
    documents: Mapping[str, Document],
    *,
    color: bool = False,
    show_source: bool = True,
    rules: Sequence | None = None,
) -> str:
    """Return one workflow command per non-passing finding, one per line."""
    lines = [annotation(f) for f in report.findings if f.status != "pass"]
    return "".join(line + "\n" for line in lines)
