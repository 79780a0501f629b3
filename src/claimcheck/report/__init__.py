"""Report renderers: every output format is a projection of one `LintReport`.

`render(fmt, report, documents)` returns the whole output as a string. The
formats (ruff's emitters are the model) are:

- `text`: for a writer's terminal, with source excerpts and carets;
- `json`: the `LintReport` model dumped as is (schema in `schemas/`);
- `sarif`: SARIF 2.1.0 for code-scanning tools;
- `github`: GitHub Actions workflow commands (annotations);
- `markdown`: a pull-request comment;
- `html`: one self-contained page with the annotated articles.

A renderer never recomputes a check: it reads the findings (already sorted by
path, line, col, code), their figures and computations, and the documents'
source text for excerpts. The helpers below are the pieces several formats share.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from claimcheck.document import Document
from claimcheck.models import Finding, LintReport, severity_counts as count_findings

__all__ = ["FORMATS", "render", "FigureMark", "figure_marks", "severity_counts", "summary_sentence"]

# Format name -> module that holds its `render(report, documents, **options)`.
# Modules are imported on first use so `import claimcheck.report` stays cheap.
_MODULES: dict[str, str] = {
    "text": "claimcheck.report.text",
    "json": "claimcheck.report.jsonfmt",
    "sarif": "claimcheck.report.sarif",
    "github": "claimcheck.report.github",
    "markdown": "claimcheck.report.markdown",
    "html": "claimcheck.report.html",
}

FORMATS: tuple[str, ...] = tuple(_MODULES)

SEVERITIES: tuple[str, ...] = ("error", "warning", "info")


def render(
    fmt: str,
    report: LintReport,
    documents: Mapping[str, Document],
    *,
    color: bool = False,
    show_source: bool = True,
    rules: Sequence | None = None,
) -> str:
    """Return `report` rendered in format `fmt` (one of `FORMATS`) as one string.

    `documents` maps a finding's `path` to its `Document`; a finding whose path
    is missing (an unreadable file) is rendered without a source excerpt.
    `color` adds ANSI colours to `text` (the caller decides from isatty and
    NO_COLOR); `show_source` adds source excerpts to `text` and `markdown`.
    `rules` (default: the registry's `all_rules()`) supplies the rule names and
    documentation that `sarif`, `markdown` and `html` show.
    """
    module_name = _MODULES.get(fmt)
    if module_name is None:
        raise ValueError(f"unknown report format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    module = importlib.import_module(module_name)
    return module.render(report, documents, color=color, show_source=show_source, rules=rules)


def rule_table(rules: Sequence | None) -> dict[str, object]:
    """Return the rules (given, or the whole registry) keyed by code."""
    if rules is None:
        from claimcheck.rules.registry import all_rules

        rules = all_rules()
    return {r.code: r for r in rules}


@dataclass(frozen=True, slots=True)
class FigureMark:
    """One figure a finding points at, as a source span to underline or highlight.

    Positions are 1-based; `end_col` is exclusive (as in `Finding` and SARIF).
    `primary` is the finding's own position; the others are its related figures.
    """

    line: int
    col: int
    end_line: int
    end_col: int
    primary: bool
    role: str | None = None
    text: str | None = None


def figure_marks(finding: Finding) -> list[FigureMark]:
    """Return the primary figure of `finding` (if it has a position) and its related figures.

    A related figure at exactly the primary position is folded into the primary
    mark (its role becomes the primary's label) so nothing is drawn twice.
    A position without an end covers one character.
    """
    marks: list[FigureMark] = []
    primary: FigureMark | None = None
    if finding.line >= 1 and finding.col >= 1:
        end_line = finding.end_line if finding.end_line and finding.end_line >= finding.line else finding.line
        end_col = finding.end_col if finding.end_col else finding.col + 1
        if end_line == finding.line and end_col < finding.col:
            end_col = finding.col + 1
        primary = FigureMark(finding.line, finding.col, end_line, end_col, True)
    related: list[FigureMark] = []
    for ref in finding.related:
        if ref.line < 1 or ref.col < 1:
            continue
        end_line = ref.end_line if ref.end_line >= ref.line else ref.line
        end_col = ref.end_col if (ref.end_col > ref.col or end_line > ref.line) else ref.col + 1
        mark = FigureMark(ref.line, ref.col, end_line, end_col, False, ref.role, ref.text)
        if primary is not None and (mark.line, mark.col, mark.end_line, mark.end_col) == (
            primary.line, primary.col, primary.end_line, primary.end_col
        ):
            primary = FigureMark(
                primary.line, primary.col, primary.end_line, primary.end_col, True,
                primary.role or ref.role, ref.text,
            )
            continue
        related.append(mark)
    if primary is not None:
        marks.append(primary)
    marks.extend(related)
    return marks


def severity_counts(report: LintReport) -> dict[str, int]:
    """Return the number of non-passing findings per severity (error, warning, info).

    Uses `report.counts` when the producer filled it, so every format prints
    the same numbers; otherwise counts the findings.
    """
    if report.counts:
        return {s: int(report.counts.get(s, 0)) for s in SEVERITIES}
    return count_findings(report.findings)


def passed_count(findings: Iterable[Finding]) -> int:
    """Return how many findings are passed checks (`--show-passed`)."""
    return sum(1 for f in findings if f.status == "pass")


def file_count(report: LintReport) -> int:
    """Return the number of files checked: `report.files`, at least the files findings name."""
    return max(report.files, len({f.path for f in report.findings}))


def plural(n: int, word: str) -> str:
    """Return "1 error", "2 errors"; "info" has no plural."""
    if n == 1 or word == "info":
        return f"{n} {word}"
    return f"{n} {word}s"


def summary_sentence(report: LintReport) -> str:
    """Return the one-line summary, e.g. "Found 3 errors, 1 warning, 0 info in 2 files."."""
    counts = severity_counts(report)
    files = plural(file_count(report), "file")
    passed = passed_count(report.findings)
    tail = f"; {plural(passed, 'check')} passed." if passed else "."
    if not any(counts.values()):
        return f"No problems found in {files}{tail}"
    parts = ", ".join(plural(counts[s], s) for s in SEVERITIES)
    return f"Found {parts} in {files}{tail}"


def format_number(value: float | None) -> str:
    """Return a number for people: digit groups for large whole values, 6 significant digits otherwise."""
    if value is None:
        return ""
    if value != value or value in (float("inf"), float("-inf")):
        return str(value)
    if abs(value) >= 1e4 and abs(value) < 1e18 and value == int(value):
        return f"{int(value):,}"
    return f"{value:,.6g}" if abs(value) >= 1e4 else f"{value:.6g}"


def severity_label(finding: Finding) -> str:
    """Return the word shown for a finding's severity: its severity, or "pass" for a passed check."""
    return "pass" if finding.status == "pass" else finding.severity
