"""Fact stores: an embedded SQLite file (the default) or a shared PostgreSQL database.

Both hold the same schema, created and migrated by claimcheck itself: the
`schema_version` table records the last migration applied, and opening a store
applies the missing ones in one transaction (on PostgreSQL under an advisory
lock, so two processes never migrate at once). Every query is parameterised.

A fact's identity is (entity name folded to lower case, metric, as_of):
importing a fact again replaces the stored one, so re-importing an edited
file updates it. The key claims are matched by (`entity_key`) is computed
when the facts are loaded, so a change to its rules needs no migration.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from claimcheck.errors import FactsError
from claimcheck.facts.model import ALIAS_SEPARATOR, Fact

# (version, statements): append new migrations, never edit applied ones.
# `{real}` and `{date}` are the column types of the dialect.
MIGRATIONS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (1, (
        """CREATE TABLE facts (
            entity TEXT NOT NULL,
            entity_norm TEXT NOT NULL,
            metric TEXT NOT NULL,
            value {real} NOT NULL,
            unit TEXT NOT NULL DEFAULT '',
            as_of {date} NOT NULL,
            source TEXT NOT NULL,
            aliases TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (entity_norm, metric, as_of)
        )""",
        "CREATE INDEX facts_metric ON facts (metric)",
    )),
)
SCHEMA_VERSION = MIGRATIONS[-1][0]
COLUMNS = ("entity", "entity_norm", "metric", "value", "unit", "as_of", "source", "aliases", "note")
SQLITE_MAGIC = b"SQLite format 3\x00"
# An arbitrary constant: the key of the PostgreSQL advisory lock held while migrating.
MIGRATION_LOCK = 7_160_601


def is_postgres_url(location: str) -> bool:
    """Return True when `location` is a PostgreSQL connection URL."""
    return location.startswith(("postgresql://", "postgres://"))


def display_location(location: str) -> str:
    """Return `location` safe to print: a URL's password is masked."""
    return re.sub(r"^(postgres(?:ql)?://[^:/@]*):[^@]*@", r"\1:***@", location)


def _row(fact: Fact) -> tuple:
    return (fact.entity, fact.key[0], fact.metric, float(fact.value), fact.unit or "",
            fact.as_of, fact.source, ALIAS_SEPARATOR.join(fact.aliases), fact.note or "")


def fact_from_row(row: Sequence) -> Fact:
    """Return a stored row as a `Fact` (trusted: validated when imported)."""
    entity, _, metric, value, unit, as_of, source, aliases, note = row
    if not isinstance(as_of, date):
        as_of = date.fromisoformat(as_of)
    return Fact.model_construct(
        entity=entity, metric=metric, value=float(value), unit=unit or None, as_of=as_of, source=source,
        aliases=aliases.split(ALIAS_SEPARATOR) if aliases else [], note=note or None,
    )


class FactStore:
    """A database of facts; use `open_store()` to get the SQLite or PostgreSQL one."""

    placeholder = "?"
    types = {"real": "REAL", "date": "TEXT"}

    def __init__(self, location: str) -> None:
        self.location = location
        self.conn = None

    def __enter__(self) -> FactStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection."""
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def _sql(self, statement: str) -> str:
        return statement.replace("?", self.placeholder)

    def all_rows(self) -> list[tuple]:
        """Return every stored fact as a row of `COLUMNS`, ordered by entity, metric and date."""
        return self._fetch(f"SELECT {', '.join(COLUMNS)} FROM facts ORDER BY entity_norm, metric, as_of")

    def all_facts(self) -> list[Fact]:
        """Return every stored fact, ordered by entity, metric and date."""
        return [fact_from_row(r) for r in self.all_rows()]

    def count(self) -> int:
        """Return the number of stored facts."""
        return int(self._fetch("SELECT COUNT(*) FROM facts")[0][0])

    def add(self, facts: Sequence[Fact]) -> tuple[int, int]:
        """Store `facts` in one transaction; return (added, updated). Nothing is written on error."""
        raise NotImplementedError

    def remove(self, entities: Sequence[str], metric: str | None = None, as_of: date | None = None) -> int:
        """Delete the facts of `entities` as named in the store (optionally one metric, one date); return how many."""
        raise NotImplementedError

    def _fetch(self, statement: str, params: Sequence = ()) -> list:
        raise NotImplementedError

    def _where(self, entities: Sequence[str], metric: str | None, as_of: date | None) -> tuple[str, list]:
        marks = ", ".join("?" for _ in entities)
        clause, params = f"entity IN ({marks})", list(entities)
        if metric is not None:
            clause += " AND metric = ?"
            params.append(metric)
        if as_of is not None:
            clause += " AND as_of = ?"
            params.append(self._date(as_of))
        return self._sql(clause), params

    def _date(self, value: date):
        return value.isoformat()

    def _migration_statements(self, current: int) -> list[tuple[int, list[str]]]:
        if current > SCHEMA_VERSION:
            raise FactsError(f"{display_location(self.location)}: the fact store has schema version {current}, "
                             f"newer than this claimcheck knows ({SCHEMA_VERSION}); upgrade claimcheck")
        return [(v, [s.format(**self.types) for s in stmts]) for v, stmts in MIGRATIONS if v > current]


class SQLiteStore(FactStore):
    """Facts in an SQLite file: the embedded default."""

    def __init__(self, path: str, create: bool = False) -> None:
        super().__init__(path)
        exists = os.path.exists(path)
        if not exists and not create:
            raise FactsError(f"{path}: no fact store here; create one with `claimcheck facts import FILE --store {path}`")
        if exists:
            try:
                with open(path, "rb") as fh:
                    head = fh.read(len(SQLITE_MAGIC))
            except OSError as exc:
                raise FactsError(f"{path}: cannot read the fact store: {exc.strerror or exc}") from None
            if head and head != SQLITE_MAGIC:
                raise FactsError(f"{path}: not an SQLite fact store (nor a .csv, .yaml or .jsonl fact file)")
        elif Path(path).parent and not Path(path).parent.is_dir():
            raise FactsError(f"{path}: the folder does not exist")
        try:
            # NOTE: autocommit mode; transactions are opened explicitly with BEGIN.
            self.conn = sqlite3.connect(path, isolation_level=None)
            self._migrate()
        except sqlite3.Error as exc:
            self.close()
            raise FactsError(f"{path}: fact store error: {exc}") from None

    def _migrate(self) -> None:
        cur = self.conn.cursor()
        tables = {r[0] for r in cur.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if tables and "schema_version" not in tables:
            raise FactsError(f"{self.location}: an SQLite file that is not a claimcheck fact store")
        current = 0
        if "schema_version" in tables:
            current = cur.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] or 0
        steps = self._migration_statements(current)
        if not steps:
            return
        cur.execute("BEGIN IMMEDIATE")
        try:
            cur.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            for version, statements in steps:
                for statement in statements:
                    cur.execute(statement)
                cur.execute("INSERT INTO schema_version (version) VALUES (?)", (version,))
            cur.execute("COMMIT")
        except BaseException:
            cur.execute("ROLLBACK")
            raise

    def _fetch(self, statement: str, params: Sequence = ()) -> list:
        try:
            return self.conn.execute(statement, tuple(params)).fetchall()
        except sqlite3.Error as exc:
            raise FactsError(f"{self.location}: fact store error: {exc}") from None

    def add(self, facts: Sequence[Fact]) -> tuple[int, int]:
        """Store `facts` in one transaction; return (added, updated). Nothing is written on error."""
        names = ", ".join(COLUMNS)
        marks = ", ".join("?" for _ in COLUMNS)
        updates = ", ".join(f"{c} = excluded.{c}" for c in COLUMNS if c not in ("entity_norm", "metric", "as_of"))
        statement = (f"INSERT INTO facts ({names}) VALUES ({marks}) "
                     f"ON CONFLICT (entity_norm, metric, as_of) DO UPDATE SET {updates}")
        cur = self.conn.cursor()
        try:
            cur.execute("BEGIN IMMEDIATE")
            try:
                before = cur.execute("SELECT COUNT(*) FROM facts").fetchone()[0]
                cur.executemany(statement, ((*r[:5], r[5].isoformat(), *r[6:]) for r in map(_row, facts)))
                after = cur.execute("SELECT COUNT(*) FROM facts").fetchone()[0]
                cur.execute("COMMIT")
            except BaseException:
                cur.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise FactsError(f"{self.location}: could not import, nothing written: {exc}") from None
        added = after - before
        return added, len(facts) - added

    def remove(self, entities: Sequence[str], metric: str | None = None, as_of: date | None = None) -> int:
        """Delete the facts of `entities` as named in the store (optionally one metric, one date); return how many."""
        if not entities:
            return 0
        clause, params = self._where(entities, metric, as_of)
        try:
            cur = self.conn.cursor()
            cur.execute("BEGIN IMMEDIATE")
            removed = cur.execute(f"DELETE FROM facts WHERE {clause}", params).rowcount
            cur.execute("COMMIT")
        except sqlite3.Error as exc:
            raise FactsError(f"{self.location}: fact store error: {exc}") from None
        return removed


class PostgresStore(FactStore):
    """Facts in a PostgreSQL database (psycopg 3), shared by a team."""

    placeholder = "%s"
    types = {"real": "DOUBLE PRECISION", "date": "DATE"}

    def __init__(self, url: str) -> None:
        super().__init__(url)
        try:
            import psycopg
        except ImportError:
            raise FactsError("PostgreSQL fact stores need psycopg: pip install 'claimcheck[postgres]'") from None
        self._errors = psycopg.Error
        try:
            self.conn = psycopg.connect(url, connect_timeout=10, autocommit=True)
        except psycopg.Error as exc:
            raise FactsError(f"{display_location(url)}: cannot connect to PostgreSQL: {_first_line(exc)}") from None
        except Exception as exc:  # NOTE: libpq rejects a malformed URL with ProgrammingError or ValueError
            raise FactsError(f"{display_location(url)}: not a usable PostgreSQL URL: {_first_line(exc)}") from None
        try:
            self._migrate()
        except psycopg.Error as exc:
            self.close()
            raise FactsError(f"{display_location(url)}: fact store error: {_first_line(exc)}") from None

    def _date(self, value: date):
        return value

    def _migrate(self) -> None:
        with self.conn.transaction(), self.conn.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            cur.execute("SELECT to_regclass('schema_version') IS NOT NULL, to_regclass('facts') IS NOT NULL")
            has_version, has_facts = cur.fetchone()
            if has_facts and not has_version:
                raise FactsError(f"{display_location(self.location)}: the table 'facts' exists but is not "
                                 "a claimcheck fact store (no schema_version table)")
            current = 0
            if has_version:
                cur.execute("SELECT MAX(version) FROM schema_version")
                current = cur.fetchone()[0] or 0
            steps = self._migration_statements(current)
            if steps:
                cur.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            for version, statements in steps:
                for statement in statements:
                    cur.execute(statement)
                cur.execute("INSERT INTO schema_version (version) VALUES (%s)", (version,))

    def _fetch(self, statement: str, params: Sequence = ()) -> list:
        try:
            with self.conn.transaction(), self.conn.cursor() as cur:
                cur.execute(statement, tuple(params))
                return cur.fetchall()
        except self._errors as exc:
            raise FactsError(f"{display_location(self.location)}: fact store error: {_first_line(exc)}") from None

    def add(self, facts: Sequence[Fact]) -> tuple[int, int]:
        """Store `facts` in one transaction; return (added, updated). Nothing is written on error."""
        names = ", ".join(COLUMNS)
        updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in COLUMNS if c not in ("entity_norm", "metric", "as_of"))
        try:
            with self.conn.transaction(), self.conn.cursor() as cur:
                cur.execute("SELECT COUNT(*) FROM facts")
                before = cur.fetchone()[0]
                cur.execute("CREATE TEMP TABLE incoming (LIKE facts INCLUDING DEFAULTS) ON COMMIT DROP")
                with cur.copy(f"COPY incoming ({names}) FROM STDIN") as copy:
                    for row in map(_row, facts):
                        copy.write_row(row)
                cur.execute(f"INSERT INTO facts ({names}) SELECT {names} FROM incoming "
                            f"ON CONFLICT (entity_norm, metric, as_of) DO UPDATE SET {updates}")
                cur.execute("SELECT COUNT(*) FROM facts")
                after = cur.fetchone()[0]
        except self._errors as exc:
            raise FactsError(f"{display_location(self.location)}: could not import, nothing written: "
                             f"{_first_line(exc)}") from None
        added = after - before
        return added, len(facts) - added

    def remove(self, entities: Sequence[str], metric: str | None = None, as_of: date | None = None) -> int:
        """Delete the facts of `entities` as named in the store (optionally one metric, one date); return how many."""
        if not entities:
            return 0
        clause, params = self._where(entities, metric, as_of)
        try:
            with self.conn.transaction(), self.conn.cursor() as cur:
                cur.execute(f"DELETE FROM facts WHERE {clause}", params)
                return cur.rowcount
        except self._errors as exc:
            raise FactsError(f"{display_location(self.location)}: fact store error: {_first_line(exc)}") from None


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else exc.__class__.__name__


def open_store(location: str, create: bool = False) -> FactStore:
    """Return the store at `location`: a postgresql:// URL, else an SQLite file path.

    With `create`, a missing SQLite file is created; the schema is created or
    migrated in either case. Raises `FactsError`.
    """
    if is_postgres_url(location):
        return PostgresStore(location)
    return SQLiteStore(location, create=create)
