"""The public Python API: the same functions the CLI calls, returning pydantic models."""

from __future__ import annotations


from claimcheck.document import Document
from claimcheck.errors import InputError
from claimcheck.models import FINDING_ORDER, Figure, Finding, LintReport, severity_counts
from claimcheck.options import LintOptions


def extract_document(doc: Document) -> list[Figure]:
    """Return the figures of `doc`, sorted by position."""
    from claimcheck.extract import extract

    return extract(doc)


def extract_text(text: str, fmt: str = "text", path: str = "<text>") -> list[Figure]:
    """Return the figures of `text` read as `fmt` (text, markdown or html)."""
    from claimcheck.readers import parse

    return extract_document(parse(text, path, fmt))


def input_error_finding(err: InputError) -> Finding:
    """Return the CC9xx finding that reports an unreadable or unparsable input."""
    return Finding(
        code=err.code, severity="error", status="fail", message=err.message,
        path=err.path, line=err.line, col=err.col, rule=None,
    )


def lint_document(doc: Document, options: LintOptions | None = None) -> list[Finding]:
    """Return the sorted findings for one document (passed checks only with show_passed)."""
    from claimcheck.engine import run_rules

    return run_rules(doc, options or LintOptions())


def lint_text(text: str, fmt: str = "text", path: str = "<text>", options: LintOptions | None = None,
              **kwargs) -> list[Finding]:
    """Return the findings for `text` read as `fmt`; keyword arguments build `LintOptions`."""
    from claimcheck.readers import parse

    opts = options or LintOptions(**kwargs)
    return lint_document(parse(text, path, fmt), opts)


def lint_path(paths: list[str] | str, options: LintOptions | None = None, **kwargs) -> LintReport:
    """Return the `LintReport` for files and folders (unreadable files become CC9xx findings)."""
    from claimcheck.readers import iter_inputs, read_path

    opts = options or LintOptions(**kwargs)
    names = iter_inputs([paths] if isinstance(paths, str) else list(paths))
    findings: list[Finding] = []
    for name in names:
        try:
            doc = read_path(name, max_bytes=opts.max_bytes)
        except InputError as err:
            findings.append(input_error_finding(err))
            continue
        findings.extend(lint_document(doc, opts))
    findings.sort(key=FINDING_ORDER)
    return LintReport(findings=findings, files=len(names), counts=severity_counts(findings))
