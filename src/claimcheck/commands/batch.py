"""`claimcheck batch`: lint an archive (folder, JSONL or Parquet) into a JSONL or Parquet findings table.

The logic lives in `claimcheck.batch`; this module only parses flags. Nothing
heavy is imported until the command runs (the CLI imports this module at start).
"""

from __future__ import annotations

import sys

import click

from claimcheck.commands import max_figure_run_option


@click.command("batch")
@click.argument("input_path", metavar="INPUT")
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False),
              help="Findings table: .jsonl or .parquet. Per-document counts go to OUT's stem + .summary.<ext>.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: a process pool on this machine; dask: Dask distributed.")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Dask scheduler address (tcp://host:8786); without it --engine dask starts a local cluster.")
@click.option("--jobs", "-j", type=int, default=0,
              help="Worker processes (local engine, or local Dask cluster). Default: all cores.")
@click.option("--partition-size", type=int, default=None, help="Records per unit of work (default: 200).")
@click.option("--text-format", "default_format", type=click.Choice(["text", "markdown", "html"]), default="text",
              show_default=True, help="Format of records that carry no 'format'.")
@click.option("--select", multiple=True, help="Codes or prefixes to check (e.g. CC1,CC301). Default: ALL.")
@click.option("--ignore", multiple=True, help="Codes or prefixes not to check.")
@click.option("--strict/--no-strict", default=None, help="Read figures as exact to their last written digit.")
@click.option("--tolerance", type=float, default=None, help="Relative slack added to every interval (e.g. 0.02).")
@click.option("--rules", "rule_packs", multiple=True, help="Extra rule pack (TOML file or folder); repeatable.")
@click.option("--date", default=None, help="Date of the articles (YYYY-MM-DD) when neither record nor text gives one.")
@click.option("--dollar", default=None, help="Currency a bare '$' means (default: USD).")
@click.option("--facts", default=None,
              help="Reference facts: a .sqlite store, a CSV/YAML/JSONL file, or a postgresql:// URL "
                   "(with --scheduler, a location every worker can read).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="Use this config file (default: the one that applies to INPUT, as for `lint`).")
@click.option("--isolated", is_flag=True, help="Ignore configuration files.")
@click.option("--max-bytes", type=int, default=None, help="Per-document size limit in bytes (default: 20 MB).")
@click.option("--time-budget", type=float, default=None,
              help="Seconds of checking per document before the rest is skipped with CC905 (default 60).")
@max_figure_run_option(None)
@click.option("--progress/--no-progress", default=None,
              help="Force or disable the progress bar (default: on a terminal, not in CI).")
def COMMAND(input_path, output, engine, scheduler, jobs, partition_size, default_format, select, ignore, strict,
            tolerance, rule_packs, date, dollar, facts, config_path, isolated, max_bytes, time_budget,
            max_figure_run, progress) -> None:
    """Lint every article of INPUT (a folder, a JSONL file or a Parquet file of records) into OUT.

    Records have `id`, `text` and optionally `format` (text|markdown|html),
    `date` and `url`. OUT gets one row per finding (with the document `id`);
    OUT's stem + `.summary.jsonl`/`.parquet` gets one row of counts per document.
    A document that cannot be read is a CC9xx row; the run goes on.
    The configuration file is found and merged as for `lint`; its
    per-file-ignores do not apply (records have no paths).
    """
    from claimcheck.batch import DEFAULT_PARTITION_SIZE, run_batch
    from claimcheck.cli import EXIT_ERROR, _codes, _load_settings
    from claimcheck.errors import ClaimcheckError

    overrides = {
        "select": _codes(select) or None, "ignore": _codes(ignore) or None, "strict": strict,
        "tolerance": tolerance, "rules": list(rule_packs) or None, "date": date,
        "currency": dollar.upper() if dollar else None, "facts": facts, "max_bytes": max_bytes,
        "time_budget": time_budget, "max_figure_run": max_figure_run,
    }
    try:
        options = _load_settings((input_path,), config_path, isolated, overrides).to_options()
    except (ClaimcheckError, ValueError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    if scheduler and engine != "dask":
        click.echo("error: --scheduler needs --engine dask", err=True)
        sys.exit(EXIT_ERROR)
    try:
        stats = run_batch(input_path, output, options, engine=engine, scheduler=scheduler, jobs=jobs,
                          partition_size=partition_size or DEFAULT_PARTITION_SIZE,
                          default_format=default_format, progress=progress)
    except ClaimcheckError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    c = stats.counts
    click.echo(f"{stats.documents} documents, {stats.findings} finding rows "
               f"({c['error']} errors, {c['warning']} warnings, {c['info']} infos), "
               f"{stats.failed} documents not linted; wrote {output} and {stats.summary_path}", err=True)
