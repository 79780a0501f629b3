"""The `sarif` format: SARIF 2.1.0 (OASIS, errata 01) for code-scanning tools.

One run; `tool.driver.rules` lists every registered rule (so `ruleIndex` is
stable between runs) plus any code a finding carries that the registry does not
know. Columns count Unicode code points (`run.columnKind`), as the findings do,
and `endColumn` is exclusive, as in SARIF. A passed check becomes a result of
kind "pass" with level "none" (SARIF §3.27.9 requires "none" for non-failures);
an ambiguous one stays a failure at its severity.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import quote

from claimcheck import __version__
from claimcheck.document import Document
from claimcheck.models import Finding, LintReport
from claimcheck.report import FigureMark, figure_marks, rule_table

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
SRCROOT = "%SRCROOT%"


def artifact_location(path: str) -> dict[str, str]:
    """Return the SARIF `artifactLocation` of `path`.

    A relative path becomes a percent-encoded URI reference with forward
    slashes, relative to `%SRCROOT%`; an absolute path becomes a `file:` URI.
    """
    posix = path.replace("\\", "/")
    if PureWindowsPath(path).drive or posix.startswith("/"):
        absolute = PureWindowsPath(path).as_posix() if PureWindowsPath(path).drive else posix
        if not absolute.startswith("/"):
            absolute = "/" + absolute
        return {"uri": "file://" + quote(absolute, safe="/:")}
    relative = str(PurePosixPath(posix))
    return {"uri": quote(relative, safe="/"), "uriBaseId": SRCROOT}


def _region(mark: FigureMark, document: Document | None) -> dict[str, Any]:
    """Return the SARIF region of `mark`, with the figure's text as snippet when known."""
    region: dict[str, Any] = {
        "startLine": mark.line,
        "startColumn": mark.col,
        "endLine": mark.end_line,
        "endColumn": max(mark.end_col, 1),
    }
    snippet = mark.text
    if snippet is None and document is not None and mark.line == mark.end_line:
        snippet = document.line_text(mark.line)[mark.col - 1 : mark.end_col - 1] or None
    if snippet:
        region["snippet"] = {"text": snippet}
    return region


def _rule_descriptor(code: str, rule: Any | None) -> dict[str, Any]:
    """Return the `reportingDescriptor` of a rule (a bare id for an unregistered code)."""
    if rule is None:
        return {"id": code}
    descriptor: dict[str, Any] = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary or rule.code},
    }
    what = rule.section("What it does")
    if what:
        descriptor["fullDescription"] = {"text": what}
    if rule.doc.strip():
        descriptor["help"] = {"text": rule.doc.strip(), "markdown": rule.doc.strip()}
    descriptor["defaultConfiguration"] = {"level": LEVELS.get(rule.severity, "warning")}
    descriptor["properties"] = {"family": rule.family, "tags": [rule.family]}
    return descriptor


def _result(finding: Finding, rule_index: int, document: Document | None) -> dict[str, Any]:
    """Return the SARIF `result` of one finding."""
    result: dict[str, Any] = {"ruleId": finding.code, "ruleIndex": rule_index}
    if finding.status == "pass":
        result["kind"] = "pass"
        result["level"] = "none"
    else:
        result["kind"] = "fail"
        result["level"] = LEVELS[finding.severity]
    result["message"] = {"text": finding.message}
    location = artifact_location(finding.path)
    marks = figure_marks(finding)
    physical: dict[str, Any] = {"artifactLocation": location}
    primary = next((m for m in marks if m.primary), None)
    if primary is not None:
        physical["region"] = _region(primary, document)
    result["locations"] = [{"physicalLocation": physical}]
    related = []
    for mark in marks:
        if mark.primary:
            continue
        text = mark.text or ""
        label = f"{mark.role}: {text}" if mark.role else text
        related.append({
            "id": len(related),
            "physicalLocation": {"artifactLocation": dict(location), "region": _region(mark, document)},
            "message": {"text": label or "related figure"},
        })
    if related:
        result["relatedLocations"] = related
    properties: dict[str, Any] = {"status": finding.status, "severity": finding.severity}
    if finding.rule:
        properties["rule"] = finding.rule
    computation = finding.computation
    if computation is not None:
        if computation.summary:
            properties["computation"] = computation.summary
        if computation.expression:
            properties["expression"] = computation.expression
        if computation.verdict:
            properties["verdict"] = computation.verdict
    if finding.suggestion:
        properties["suggestion"] = finding.suggestion
    result["properties"] = properties
    return result


def sarif_log(
    report: LintReport, documents: Mapping[str, Document], rules: Sequence | None = None
) -> dict[str, Any]:
    """Return the SARIF log of `report` as a JSON-ready dict."""
    table = rule_table(rules)
    codes = list(table)
    for finding in report.findings:
        if finding.code not in table:
            table[finding.code] = None
            codes.append(finding.code)
    index = {code: i for i, code in enumerate(codes)}
    driver: dict[str, Any] = {
        "name": "claimcheck",
        "version": __version__,
        "semanticVersion": __version__,
        "rules": [_rule_descriptor(code, table[code]) for code in codes],
    }
    run: dict[str, Any] = {
        "tool": {"driver": driver},
        "columnKind": "unicodeCodePoints",
        "results": [
            _result(f, index[f.code], documents.get(f.path)) for f in report.findings
        ],
    }
    if any("uriBaseId" in artifact_location(f.path) for f in report.findings):
        run["originalUriBaseIds"] = {SRCROOT: {"description": {"text": "The directory claimcheck was run in."}}}
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def render(
    report: LintReport,
    documents: Mapping[str, Document],
    *,
    color: bool = False,
    show_source: bool = True,
    rules: Sequence | None = None,
) -> str:
    """Return the SARIF 2.1.0 log of `report` as indented JSON."""
    return json.dumps(sarif_log(report, documents, rules), indent=2, ensure_ascii=False) + "\n"
