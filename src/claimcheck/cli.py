"""The `claimcheck` command line: a thin layer over `claimcheck.api`.

Exit codes: 0 nothing at or above `--fail-on`; 1 findings; 2 usage or input error.
"""

from __future__ import annotations

import os
import sys

import click

from claimcheck import __version__
from claimcheck.commands import max_figure_run_option
from claimcheck.options import DEFAULT_MAX_FIGURE_RUN

FORMATS = ("text", "json", "sarif", "github", "markdown", "html")
EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _codes(values: tuple[str, ...]) -> tuple[str, ...]:
    """Return codes from repeated and comma-separated option values, upper-cased."""
    out: list[str] = []
    for v in values:
        out.extend(c.strip().upper() for c in v.split(",") if c.strip())
    return tuple(out)


def _read_inputs(paths: tuple[str, ...], stdin_filename: str | None, max_bytes: int):
    """Yield (name, Document or InputError) for every input, in order."""
    from claimcheck.errors import InputError
    from claimcheck.readers import format_for, iter_inputs, read_bytes, read_path

    for name in iter_inputs(list(paths)):
        if name == "-":
            label = stdin_filename or "<stdin>"
            try:
                data = sys.stdin.buffer.read(max_bytes + 1 if max_bytes else -1)
                yield label, read_bytes(data, label, format_for(label) or "text", max_bytes)
            except InputError as err:
                yield label, err
            continue
        try:
            yield name, read_path(name, max_bytes=max_bytes)
        except InputError as err:
            yield name, err


def _emit(text: str | bytes, output: str | None) -> None:
    """Write `text` (or UTF-8 bytes) to `output` (a file) or standard output."""
    if output:
        if isinstance(text, bytes):
            with open(output, "wb") as fh:
                fh.write(text)
            return
        with open(output, "w", encoding="utf-8") as fh:
            fh.write(text)
    else:
        click.echo(text, nl=not text.endswith(b"\n" if isinstance(text, bytes) else "\n"))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="claimcheck")
def main() -> None:
    """claimcheck: a linter for the numbers in prose."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "table"]), default="table", show_default=True,
              help="jsonl: one JSON object per figure; table: aligned, for people.")
@click.option("--stdin-filename", help="Name (and so format) of the input read from '-'.")
@click.option("--max-bytes", type=int, default=20 * 1024 * 1024, show_default=True, help="Per-file size limit.")
@max_figure_run_option(DEFAULT_MAX_FIGURE_RUN)
def extract(paths: tuple[str, ...], fmt: str, stdin_filename: str | None, max_bytes: int,
            max_figure_run: int) -> None:
    """Print every figure found in PATHS (files, folders, or - for stdin).

    A run of figures cut by --max-figure-run is reported on standard error
    as a CC908 line naming where reading stopped.
    """
    from claimcheck.engine import skipped_run_finding
    from claimcheck.errors import InputError
    from claimcheck.extract import extract_runs
    from claimcheck.models import ExtractRecord

    failed = False
    out = sys.stdout
    for name, doc in _read_inputs(paths, stdin_filename, max_bytes):
        if isinstance(doc, InputError):
            click.echo(f"{doc.path}:{doc.line}:{doc.col}: {doc.code} {doc.message}", err=True)
            failed = True
            continue
        figures, skipped = extract_runs(doc, max_figure_run)
        for span in skipped:
            f = skipped_run_finding(doc, span, max_figure_run)
            click.echo(f"{f.path}:{f.line}:{f.col}: {f.code} {f.message}", err=True)
        if fmt == "jsonl":
            lines = []
            for f in figures:
                rec = ExtractRecord(
                    path=name, line=f.line, col=f.col, end_line=f.end_line, end_col=f.end_col,
                    text=f.text, kind=f.kind, value=f.value, unit=f.unit, low=f.low, high=f.high,
                    hedge=f.hedge, metric=f.metric, entity=f.entity,
                )
                lines.append(rec.model_dump_json(exclude_none=True))
            if lines:
                out.write("\n".join(lines) + "\n")
        else:
            from claimcheck.report.figures import figure_table

            out.write(figure_table(name, figures))
    sys.exit(EXIT_ERROR if failed else EXIT_OK)


def _load_settings(paths: tuple[str, ...], config_path: str | None, isolated: bool, overrides: dict):
    """Return the merged `Config`: the config file found (or given) with CLI flags over it."""
    from pathlib import Path

    from claimcheck.config import Config, find_config, load_config

    if isolated:
        base = Config()
    elif config_path:
        base = load_config(Path(config_path))
    else:
        first = next((p for p in paths if p != "-"), ".")
        start = Path(first)
        found = find_config(start if start.is_dir() else start.parent if str(start.parent) else Path("."))
        base = load_config(found) if found else Config()
    return base.merge(overrides)


def _use_color(color: bool | None, output: str | None) -> bool:
    """Return True when output should be coloured (a terminal, NO_COLOR unset)."""
    if color is not None:
        return color
    if output or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty() and os.environ.get("TERM") != "dumb"


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None, help="Output format (default: text).")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the report to FILE instead of stdout.")
@click.option("--show-passed", is_flag=True, default=None, help="Also report checks that passed (status 'pass').")
@click.option("--select", multiple=True, help="Codes or prefixes to check (e.g. CC1,CC301). Default: ALL.")
@click.option("--ignore", multiple=True, help="Codes or prefixes not to check.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default=None,
              help="Lowest severity that makes the exit code 1 (default: warning).")
@click.option("--strict/--no-strict", default=None, help="Read figures as exact to their last written digit.")
@click.option("--tolerance", type=float, default=None, help="Relative slack added to every interval (e.g. 0.02).")
@click.option("--rules", "rule_packs", multiple=True, help="Extra rule pack (TOML file or folder); repeatable.")
@click.option("--date", default=None, help="Date of the articles (YYYY-MM-DD) when they carry none.")
@click.option("--dollar", default=None, help="Currency a bare '$' means (default: USD).")
@click.option("--facts", default=None, help="Reference facts: a .sqlite store, a CSV/YAML/JSONL file, or a postgresql:// URL.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Use this config file.")
@click.option("--isolated", is_flag=True, help="Ignore configuration files.")
@click.option("--stdin-filename", help="Name (and so format) of the input read from '-'.")
@click.option("--max-bytes", type=int, default=None, help="Per-file size limit in bytes (default 20 MB).")
@click.option("--time-budget", type=float, default=None,
              help="Seconds of checking per document before the rest is skipped with CC905 (default 60).")
@max_figure_run_option(None)
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False), help="Report only findings not in this baseline.")
@click.option("--write-baseline", "write_baseline_path", type=click.Path(dir_okay=False),
              help="Write the current findings to a baseline file.")
@click.option("--report-unused-ignores", is_flag=True, help="Report suppression comments that matched nothing (CC910).")
@click.option("--color/--no-color", default=None, help="Force or disable colour (default: on a terminal, unless NO_COLOR).")
@click.option("--jobs", "-j", type=int, default=None, help="Worker processes (default: all cores; 1 = serial).")
def lint(paths, fmt, output, show_passed, select, ignore, fail_on, strict, tolerance, rule_packs, date, dollar,
         facts, config_path, isolated, stdin_filename, max_bytes, time_budget, max_figure_run, baseline_path,
         write_baseline_path, report_unused_ignores, color, jobs) -> None:
    """Check the figures in PATHS (files, folders, or - for stdin) and report findings."""
    from claimcheck.errors import ClaimcheckError
    from claimcheck.gcpause import collector_paused
    from claimcheck.lint import run_lint

    overrides = {
        "format": fmt, "show_passed": show_passed, "select": _codes(select) or None,
        "ignore": _codes(ignore) or None, "fail_on": fail_on, "strict": strict, "tolerance": tolerance,
        "rules": list(rule_packs) or None, "date": date, "currency": dollar, "facts": facts,
        "max_bytes": max_bytes, "time_budget": time_budget, "max_figure_run": max_figure_run, "jobs": jobs,
    }
    # NOTE: a run keeps every document's findings and source until its report
    # is written, and with the cyclic collector on, each full collection walks
    # all of them again: on the 20 MB benchmark corpus, 1.8 of the 4.3 s of CPU
    # of the main process of `--jobs 2` (unpickling the workers' results
    # triggers many), and 0.4 s between the last document and the report. A
    # linted document leaves no reference cycles (`gc.collect()` after each
    # finds none), so the collector is off until the report is out; `--jobs`
    # workers are forked with it off and keep it so.
    with collector_paused():
        try:
            settings = _load_settings(paths, config_path, isolated, overrides)
            result = run_lint(
                paths, settings, stdin_filename=stdin_filename, baseline_path=baseline_path,
                write_baseline_path=write_baseline_path, report_unused_ignores=report_unused_ignores,
            )
            from claimcheck.report import render

            if settings.format == "json":
                from claimcheck.report.jsonfmt import render_bytes

                text = render_bytes(result.report)
            else:
                text = render(settings.format, result.report, result.documents,
                              color=_use_color(color, output) and settings.format == "text")
        except ClaimcheckError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(EXIT_ERROR)
        _emit(text, output)
        code = result.exit_code(settings.fail_on)
        # Freed while the collector is off, so that turning it back on finds a
        # small heap instead of walking the whole run's objects once more.
        del result, text
    sys.exit(code)


@main.command()
def rules() -> None:
    """List every rule code with its name, default severity and summary."""
    from claimcheck.rules.registry import all_rules

    import shutil

    width = shutil.get_terminal_size((80, 24)).columns if sys.stdout.isatty() else 0
    for r in all_rules():
        line = f"{r.code}  {r.severity:<7}  {r.name:<34} {r.summary}"
        if width and len(line) > width:
            line = line[: width - 1] + "…"
        click.echo(line)


@main.command()
@click.argument("code")
def explain(code: str) -> None:
    """Print what rule CODE checks, why it matters, and a bad and a good example."""
    from claimcheck.rules.registry import get_rule

    r = get_rule(code)
    if r is None:
        click.echo(f"error: unknown rule code {code!r}; `claimcheck rules` lists them", err=True)
        sys.exit(EXIT_ERROR)
    click.echo(f"{r.code} ({r.name}) — default severity: {r.severity}\n")
    click.echo(r.doc)


def _add_commands() -> None:
    """Register the commands defined in `claimcheck.commands` modules."""
    import importlib

    from claimcheck.commands import COMMAND_MODULES

    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"claimcheck.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"claimcheck.commands.{name}":
                raise
            continue
        main.add_command(module.COMMAND)


_add_commands()

if __name__ == "__main__":  # pragma: no cover
    main()
