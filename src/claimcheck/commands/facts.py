"""`claimcheck facts`: import, list, show and remove reference facts.

The store is `--store` (an SQLite file or a postgresql:// URL), else the
`facts` key of the configuration file found from the current folder, else
`claimcheck-facts.sqlite` in the current folder. Nothing heavy is imported
until a command runs (the CLI imports this module at start).
"""

from __future__ import annotations

import sys

import click

STORE_HELP = ("Fact store: an SQLite file or a postgresql:// URL. Default: the `facts` config key, "
              "else ./claimcheck-facts.sqlite.")
READ_HELP = ("Where to read facts: a store (SQLite file, postgresql:// URL) or a CSV/YAML/JSONL fact file. "
             "Default: the `facts` config key, else ./claimcheck-facts.sqlite.")


def _default_location() -> str:
    """Return the `facts` location of the configuration found from the current folder, else the default file."""
    from pathlib import Path

    from claimcheck.config import find_config, load_config
    from claimcheck.facts import DEFAULT_STORE

    found = find_config(Path.cwd())
    configured = load_config(found).facts if found else None
    return configured or DEFAULT_STORE


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(2)


@click.group("facts", context_settings={"help_option_names": ["-h", "--help"]})
def COMMAND() -> None:
    """Manage the reference facts that `claimcheck lint --facts` checks claims against.

    \b
    A fact file (CSV with a header line, YAML list, or JSONL) has the fields
      entity   the company or subject ("Lumina AI")
      metric   a metric id or phrase of the rule packs ("valuation", "market value")
      value    a plain number in base units (61500000000)
      unit     ISO 4217 code for money (USD), %, x, pp, a unit name, or empty for a count
      as_of    the ISO date from which the value holds (2026-01-08)
      source   a URL or citation
      aliases  optional other names of the entity, separated by |
      note     optional free text

    \b
    The store is --store (an SQLite file or a postgresql:// URL), else the
    `facts` key of the configuration file (claimcheck.toml, .claimcheck.toml
    or [tool.claimcheck] in pyproject.toml) found from the current folder,
    else claimcheck-facts.sqlite in the current folder. The schema is created
    and migrated automatically. A fact is identified by entity, metric and
    as_of: importing it again replaces it.
    """


@COMMAND.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--store", default=None, metavar="PATH_OR_URL", help=STORE_HELP)
@click.option("--rules", "rule_packs", multiple=True, help="Extra rule pack whose metrics facts may name; repeatable.")
def import_facts(files: tuple[str, ...], store: str | None, rule_packs: tuple[str, ...]) -> None:
    """Validate FILES (CSV, YAML, JSONL) and add their facts to the store, all or nothing.

    Every row is checked first; any error (reported with file, line and field)
    imports nothing and exits with code 2.
    """
    from claimcheck.errors import ClaimcheckError
    from claimcheck.facts import display_location, is_file_location, open_store, read_fact_files
    from claimcheck.packs import load_packs

    try:
        location = store or _default_location()
        if is_file_location(location):
            _fail(f"{location} is a fact file, not a store; import into an SQLite file or a postgresql:// URL")
        facts = read_fact_files(files, load_packs(tuple(rule_packs)))
        with open_store(location, create=True) as db:
            added, updated = db.add(facts)
    except ClaimcheckError as exc:
        _fail(str(exc))
    click.echo(f"imported {len(facts)} fact{'s' if len(facts) != 1 else ''} into {display_location(location)}: "
               f"{added} new, {updated} updated")


def _select(location: str, entity: str | None, metric: str | None, rule_packs: tuple[str, ...]):
    """Return (index, facts) at `location` filtered by entity (name or alias) and metric (id or phrase)."""
    from claimcheck.errors import FactsError
    from claimcheck.facts import FactIndex, read_facts
    from claimcheck.facts.importers import resolve_metric
    from claimcheck.packs import load_packs

    index = FactIndex(read_facts(location, rule_packs))
    metric_id = None
    if metric is not None:
        metric_id = resolve_metric(metric, load_packs(tuple(rule_packs)))
        if metric_id is None:
            raise FactsError(f"unknown metric {metric!r}; `claimcheck rules` packs define the metric ids and phrases")
    return index, index.select(entity, metric_id)


def _table(facts) -> str:
    """Return facts as aligned columns for people."""
    from claimcheck import arith

    rows = [("ENTITY", "METRIC", "VALUE", "AS OF", "SOURCE")]
    for f in facts:
        rows.append((f.entity, f.metric, arith.quantity(f.value, f.unit), f.as_of.isoformat(), f.source))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r[:4], widths)) + "  " + r[4] for r in rows)


def _records(facts, fmt: str) -> str:
    """Return facts as CSV or JSONL that `claimcheck facts import` reads back."""
    import csv
    import io
    import json

    from claimcheck.facts.model import ALIAS_SEPARATOR, FIELDS

    def plain(f) -> dict:
        value = int(f.value) if f.value.is_integer() and abs(f.value) < 1e18 else f.value
        return {"entity": f.entity, "metric": f.metric, "value": value, "unit": f.unit or "",
                "as_of": f.as_of.isoformat(), "source": f.source,
                "aliases": ALIAS_SEPARATOR.join(f.aliases), "note": f.note or ""}

    if fmt == "jsonl":
        return "".join(json.dumps({k: v for k, v in plain(f).items() if v != ""}, ensure_ascii=False) + "\n"
                       for f in facts)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    for f in facts:
        writer.writerow(plain(f))
    return out.getvalue()


@COMMAND.command("list")
@click.option("--entity", default=None, help="Only this entity (its name or an alias).")
@click.option("--metric", default=None, help="Only this metric (an id or a phrase: 'market value').")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "jsonl"]), default="table", show_default=True,
              help="table: for people; csv/jsonl: a fact file `claimcheck facts import` reads back.")
@click.option("--store", default=None, metavar="LOCATION", help=READ_HELP)
@click.option("--rules", "rule_packs", multiple=True, help="Extra rule pack; repeatable.")
def list_facts(entity: str | None, metric: str | None, fmt: str, store: str | None,
               rule_packs: tuple[str, ...]) -> None:
    """List the stored facts, by entity, metric and date."""
    from claimcheck.errors import ClaimcheckError

    try:
        _, facts = _select(store or _default_location(), entity, metric, rule_packs)
    except ClaimcheckError as exc:
        _fail(str(exc))
    if fmt == "table":
        click.echo(_table(facts) if facts else "no facts")
    else:
        click.echo(_records(facts, fmt), nl=False)


@COMMAND.command("show")
@click.argument("entity")
@click.option("--store", default=None, metavar="LOCATION", help=READ_HELP)
@click.option("--rules", "rule_packs", multiple=True, help="Extra rule pack; repeatable.")
def show_facts(entity: str, store: str | None, rule_packs: tuple[str, ...]) -> None:
    """Show every fact of ENTITY (a name or an alias): each metric's history, the current value marked."""
    from claimcheck import arith
    from claimcheck.errors import ClaimcheckError

    try:
        index, facts = _select(store or _default_location(), entity, None, rule_packs)
    except ClaimcheckError as exc:
        _fail(str(exc))
    if not facts:
        click.echo(f"no facts for {entity!r}", err=True)
        sys.exit(1)
    key = index.resolve(entity)
    aliases = sorted({a for f in facts for a in f.aliases})
    click.echo(index.name_of(key) + (f" (also: {', '.join(aliases)})" if aliases else ""))
    metric = None
    for i, f in enumerate(facts):
        if f.metric != metric:
            metric = f.metric
            click.echo(f"  {metric}")
        latest = i + 1 == len(facts) or facts[i + 1].metric != f.metric
        marker = "current" if latest else f"until {facts[i + 1].as_of.isoformat()}"
        note = f" — {f.note}" if f.note else ""
        click.echo(f"    {f.as_of.isoformat()}  {arith.quantity(f.value, f.unit):<14} {marker:<17} {f.source}{note}")


@COMMAND.command("remove")
@click.argument("entity")
@click.option("--metric", default=None, help="Only this metric (an id or a phrase).")
@click.option("--as-of", "as_of", default=None, metavar="YYYY-MM-DD", help="Only the fact of this date.")
@click.option("--store", default=None, metavar="PATH_OR_URL", help=STORE_HELP)
@click.option("--rules", "rule_packs", multiple=True, help="Extra rule pack; repeatable.")
def remove_facts(entity: str, metric: str | None, as_of: str | None, store: str | None,
                 rule_packs: tuple[str, ...]) -> None:
    """Remove the facts of ENTITY (a name or an alias), optionally only one metric or one date.

    Exits with code 1 when nothing matched.
    """
    from datetime import date

    from claimcheck.errors import ClaimcheckError
    from claimcheck.facts import FactIndex, display_location, is_file_location, open_store
    from claimcheck.facts.importers import resolve_metric
    from claimcheck.packs import load_packs

    try:
        location = store or _default_location()
        if is_file_location(location):
            _fail(f"{location} is a fact file, not a store; edit the file instead")
        day = None
        if as_of is not None:
            try:
                day = date.fromisoformat(as_of)
            except ValueError:
                _fail(f"--as-of {as_of!r} is not an ISO date (YYYY-MM-DD)")
        metric_id = None
        if metric is not None:
            metric_id = resolve_metric(metric, load_packs(tuple(rule_packs)))
            if metric_id is None:
                _fail(f"unknown metric {metric!r}")
        with open_store(location) as db:
            names = sorted({f.entity for f in FactIndex(db.all_facts()).select(entity)})
            removed = db.remove(names, metric_id, day)
    except ClaimcheckError as exc:
        _fail(str(exc))
    click.echo(f"removed {removed} fact{'s' if removed != 1 else ''} from {display_location(location)}")
    if not removed:
        sys.exit(1)
