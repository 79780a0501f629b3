"""Run the registered rules over one document: read → extract → interpret → check.

This is the per-document function shared by every mode (one file, `--jobs`,
batch). It never raises for a document's content: problems become findings.
"""

from __future__ import annotations

from claimcheck.document import Document
from claimcheck.gcpause import gc_paused
from claimcheck.models import FINDING_ORDER, Finding
from claimcheck.options import LintOptions


def load_resources(options: LintOptions) -> tuple:
    """Return (packs, facts or None) of `options`, each loaded once per process.

    Raises `PackError` or `FactsError`: a run calls it before reading any
    input, so a malformed pack or an unreadable fact file stops it at once.
    """
    from claimcheck.packs import load_packs

    packs = load_packs(tuple(options.rules))
    facts = None
    if options.facts:  # imported only when asked for: the facts package costs start-up time
        from claimcheck.facts import load_facts

        facts = load_facts(options.facts, tuple(options.rules))
    return packs, facts


def skipped_run_finding(doc: Document, span: tuple[int, int], max_run: int) -> Finding:
    """Return the CC908 finding for a span of `doc.text` whose figures were not read."""
    line, col, end_line, end_col = doc.span(*span)
    return Finding(
        code="CC908", severity="warning", status="fail", path=doc.path, line=line, col=col,
        end_line=end_line, end_col=end_col, rule="inputs.figure-run",
        message=f"a run of figures with no word between them is data, not prose: the first {max_run:,} "
                f"were checked and the rest, up to line {end_line}, were not read",
        suggestion=f"Raise the limit with --max-figure-run (now {max_run:,}; 0 reads every figure) "
                   "or give the figures the words that say what they are.",
    )


@gc_paused
def run_rules(doc: Document, options: LintOptions) -> list[Finding]:
    """Return the sorted findings of every selected rule on `doc`."""
    import time

    from claimcheck.config import code_selected
    from claimcheck.extract import extract_runs
    from claimcheck.interpret import interpret
    from claimcheck.rules.context import Context
    from claimcheck.rules.registry import all_rules

    # NOTE: the budget covers extraction and interpretation too; it is checked
    # between rules, so a slow extraction skips the rules instead of adding to them.
    started = time.monotonic()
    packs, facts = load_resources(options)
    figures, skipped = extract_runs(doc, options.max_figure_run)
    interp = interpret(doc, figures, packs)
    ctx = Context(interp, packs, options, facts)
    findings: list[Finding] = []
    if skipped and code_selected("CC908", options.select, options.ignore):
        findings.extend(skipped_run_finding(doc, span, options.max_figure_run) for span in skipped)
    for r in all_rules():
        if r.fn is None or not code_selected(r.code, options.select, options.ignore):
            continue
        if time.monotonic() - started > options.time_budget:
            findings.append(Finding(
                code="CC905", severity="error", status="fail", path=doc.path, line=1, col=1,
                message=f"checks stopped after the time budget of {options.time_budget:g} s; "
                        f"rules from {r.code} on did not run", rule="inputs.time-budget",
            ))
            break
        for f in r.fn(ctx):
            if f.status == "pass" and not options.show_passed:
                continue
            findings.append(f)
    findings.sort(key=FINDING_ORDER)
    return findings
