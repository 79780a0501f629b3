"""Reference facts: the `Fact` model, fact files, fact stores and the in-memory index.

A facts location is one of:

- a fact file, `.csv`, `.yaml`/`.yml` or `.jsonl` (read into memory, never written);
- an SQLite store (any other path; `claimcheck facts import` creates it);
- a PostgreSQL store (`postgresql://user@host/db`).

`load_facts(location)` returns the `FactIndex` a lint run checks claims against;
it is loaded once per process and location (and file modification time).
"""

from __future__ import annotations

import os
from functools import cache

from claimcheck.errors import FactsError
from claimcheck.facts.importers import file_format, read_fact_files
from claimcheck.facts.index import FactIndex
from claimcheck.facts.model import Fact, bulk_allocation
from claimcheck.facts.store import FactStore, display_location, is_postgres_url, open_store

DEFAULT_STORE = "claimcheck-facts.sqlite"

__all__ = [
    "DEFAULT_STORE", "Fact", "FactIndex", "FactStore", "FactsError", "display_location", "is_file_location",
    "load_facts", "open_store", "read_facts", "read_fact_files",
]


def is_file_location(location: str) -> bool:
    """Return True when `location` names a fact file (CSV, YAML, JSONL) rather than a store."""
    return not is_postgres_url(location) and file_format(location) is not None


def read_facts(location: str, rules: tuple[str, ...] = ()) -> list[Fact]:
    """Return every fact at `location` (a fact file or a store), sorted by entity, metric and date."""
    if is_file_location(location):
        from claimcheck.packs import load_packs

        if not os.path.exists(location):
            raise FactsError(f"{location}: no such fact file")
        facts = read_fact_files([location], load_packs(tuple(rules)))
        return sorted(facts, key=lambda f: f.key)
    with open_store(location) as store:
        return store.all_facts()


def load_facts(location: str, rules: tuple[str, ...] = ()) -> FactIndex:
    """Return the `FactIndex` of `location`, loaded once per process (files: per modification time).

    Raises `FactsError` when the location cannot be read.
    """
    stamp: tuple[int, int] | None = None
    if not is_postgres_url(location):
        try:
            st = os.stat(location)
            stamp = (st.st_mtime_ns, st.st_size)
        except OSError:
            stamp = None
    return _load(location, stamp, tuple(rules))


@cache
def _load(location: str, stamp: tuple[int, int] | None, rules: tuple[str, ...]) -> FactIndex:
    # NOTE: a PostgreSQL store is read once per process; a long-lived process
    # that must see new facts calls `_load.cache_clear()`.
    if is_file_location(location):
        return FactIndex(read_facts(location, rules), display_location(location))
    with open_store(location) as store, bulk_allocation():
        return FactIndex(location=display_location(location), rows=store.all_rows())
