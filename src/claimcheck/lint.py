"""Orchestrate a lint run over many inputs: read, lint, filter, and collect.

`run_lint` is what `claimcheck lint` does between parsing flags and rendering:
read every input (unreadable ones become CC9xx findings), lint each document —
in worker processes with `--jobs` — then apply per-file ignores, suppression
comments and the baseline. Results keep the input order, so a parallel run is
byte-identical to a serial one.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field, replace

from claimcheck.document import Document
from claimcheck.errors import InputError
from claimcheck.models import FINDING_ORDER, SEVERITY_RANK, Finding, LintReport, severity_counts
from claimcheck.options import LintOptions

PARALLEL_MIN_BYTES = 512 * 1024


@dataclass
class LintResult:
    """The report of a run, the documents it read (for excerpts) and its input errors."""

    report: LintReport
    documents: dict[str, Document] = field(default_factory=dict)
    input_errors: int = 0

    def exit_code(self, fail_on: str) -> int:
        """Return 2 for input errors, 1 for findings at or above `fail_on`, else 0."""
        if self.input_errors:
            return 2
        if fail_on == "never":
            return 0
        floor = SEVERITY_RANK[fail_on]
        hit = any(f.status != "pass" and SEVERITY_RANK[f.severity] >= floor for f in self.report.findings)
        return 1 if hit else 0


def _lint_one(name: str, options: LintOptions, data: bytes | None = None) -> tuple[str, list[Finding], Document | None]:
    """Return (name, findings, document) for one input; never raises for the input's content."""
    from claimcheck.api import input_error_finding, lint_document
    from claimcheck.readers import format_for, read_bytes, read_path

    try:
        if data is not None:
            doc = read_bytes(data, name, format_for(name) or "text", options.max_bytes)
        else:
            doc = read_path(name, max_bytes=options.max_bytes)
    except InputError as err:
        return name, [input_error_finding(err)], None
    findings = lint_document(doc, options)
    # Reports, suppressions and baselines read only the source, its comments and
    # its format: drop the prose and its map, which would double what a worker
    # process sends back and what a large run keeps in memory.
    return name, findings, replace(doc, text="", seg_text=[], seg_source=[], seg_verbatim=[], blocks=[])


def _lint_star(args):
    return _lint_one(*args)


def _jobs(requested: int, names: list[str]) -> int:
    """Return the number of worker processes to use for `names`."""
    if requested == 1 or len(names) < 2:
        return 1
    cores = os.cpu_count() or 1
    if requested > 1:
        return min(requested, len(names))
    size = 0
    for n in names:
        try:
            size += os.path.getsize(n)
        except OSError:
            pass
    return min(cores, len(names)) if size >= PARALLEL_MIN_BYTES else 1


def lint_inputs(names: list[str], options: LintOptions, jobs: int = 0, stdin: bytes | None = None,
                stdin_name: str = "<stdin>"):
    """Yield (name, findings, document) for every input in order, using `jobs` processes."""
    tasks = [(stdin_name if n == "-" else n, options, stdin if n == "-" else None) for n in names]
    workers = _jobs(jobs, [n for n in names if n != "-"])
    if workers <= 1:
        for t in tasks:
            yield _lint_one(*t)
        return
    from concurrent.futures import ProcessPoolExecutor

    chunk = max(1, len(tasks) // (workers * 32))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(_lint_star, tasks, chunksize=chunk)


def run_lint(paths, settings, *, stdin_filename: str | None = None, baseline_path: str | None = None,
             write_baseline_path: str | None = None, report_unused_ignores: bool = False) -> LintResult:
    """Return the `LintResult` of linting `paths` with the merged configuration `settings`."""
    from claimcheck.baseline import load_baseline, write_baseline
    from claimcheck.config import ignored_for_path
    from claimcheck.engine import load_resources
    from claimcheck.progress import Progress
    from claimcheck.readers import iter_inputs
    from claimcheck.suppress import apply_suppressions

    options = settings.to_options()
    # A malformed pack or unreadable facts stop the run before any file is read;
    # loaded once here, forked workers inherit them.
    load_resources(options)
    names = iter_inputs(list(paths))
    # Read at most one byte over the limit: an endless stream becomes CC904, not unbounded memory.
    stdin = sys.stdin.buffer.read(options.max_bytes + 1 if options.max_bytes else -1) if "-" in names else None
    result = LintResult(LintReport())
    findings: list[Finding] = []
    with Progress(len(names), "linting", "files") as bar:
        for name, found, doc in lint_inputs(names, options, settings.jobs, stdin, stdin_filename or "<stdin>"):
            bar.advance()
            if doc is None:
                result.input_errors += 1
                findings.extend(found)
                continue
            result.documents[name] = doc
            if settings.per_file_ignores:
                found = [f for f in found
                         if not ignored_for_path(f.code, name, settings.per_file_ignores, settings.root)]
            kept = apply_suppressions(doc, found, report_unused=report_unused_ignores)
            findings.extend(f for f in kept if f.code != "CC910" or settings.is_enabled(f.code, name))
    findings.sort(key=FINDING_ORDER)
    if write_baseline_path:
        with open(write_baseline_path, "w", encoding="utf-8") as fh:
            fh.write(write_baseline(findings, result.documents))
    if baseline_path:
        try:
            with open(baseline_path, encoding="utf-8") as fh:
                baseline = load_baseline(fh.read(), baseline_path)
        except OSError as exc:
            from claimcheck.errors import ConfigError

            raise ConfigError(f"{baseline_path}: cannot read baseline: {exc.strerror or exc}") from None
        findings = baseline.filter(findings, result.documents)
    result.report = LintReport(findings=findings, files=len(names), counts=severity_counts(findings))
    return result
