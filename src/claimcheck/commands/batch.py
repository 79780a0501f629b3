"""`claimcheck batch`: lint an archive (folder, JSONL or Parquet) into a JSONL or Parquet findings table.

The logic lives in `claimcheck.batch`; this module only parses flags. Nothing
heavy is imported until the command runs (the CLI imports this module at start).
"""

from __future__ import annotations

import sys

import click


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
@click.option("--strict/--no-strict", default=False, help="Read figures as exact to their last written digit.")
@click.option("--tolerance", type=float, default=0.0, help="Relative slack added to every interval (e.g. 0.02).")
@click.option("--rules", "rule_packs", multiple=True, help="Extra rule pack (TOML file or folder); repeatable.")
@click.option("--date", default=None, help="Date of the articles (YYYY-MM-DD) when neither record nor text gives one.")
@click.option("--dollar", default=None, help="Currency a bare '$' means (default: USD).")
@click.option("--max-bytes", type=int, default=None, help="Per-document size limit in bytes (default: 20 MB).")
@click.option("--progress/--no-progress", default=None,
              help="Force or disable the progress bar (default: on a terminal, not in CI).")
def COMMAND(input_path, output, engine, scheduler, jobs, partition_size, default_format, select, ignore, strict,
            tolerance, rule_packs, date, dollar, max_bytes, progress) -> None:
    """Lint every article of INPUT (a folder, a JSONL file or a Parquet file of records) into OUT.

    Records have `id`, `text` and optionally `format` (text|markdown|html),
    `date` and `url`. OUT gets one row per finding (with the document `id`);
    OUT's stem + `.summary.jsonl`/`.parquet` gets one row of counts per document.
    A document that cannot be read is a CC9xx row; the run goes on.
    """
    from claimcheck.batch import DEFAULT_PARTITION_SIZE, run_batch
    from claimcheck.cli import EXIT_ERROR, _codes
    from claimcheck.errors import ClaimcheckError
    from claimcheck.options import LintOptions

    values = {"strict": strict, "tolerance": tolerance, "rules": tuple(rule_packs), "date": date}
    if _codes(select):
        values["select"] = _codes(select)
    if _codes(ignore):
        values["ignore"] = _codes(ignore)
    if dollar:
        values["dollar"] = dollar.upper()
    if max_bytes is not None:
        values["max_bytes"] = max_bytes
    try:
        options = LintOptions(**values)
    except ValueError as exc:
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
