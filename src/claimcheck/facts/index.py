"""`FactIndex`: every fact of a store or file in memory, looked up by entity and metric.

A lint run loads its facts once (see `claimcheck.facts.load_facts`) and each
claim is then two dictionary lookups, so linting against a store of 100,000
facts costs little more than linting without one. Rows read from a store are
kept as tuples and become `Fact`s only when a claim asks for their entity and
metric: loading stays a fraction of a second per 100,000 facts.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from claimcheck.facts.model import ALIAS_SEPARATOR, Fact, cached_entity_key


class FactIndex:
    """Facts by (entity key, metric id), each list sorted by `as_of`; aliases resolve to entities."""

    def __init__(self, facts: Iterable[Fact] = (), location: str = "", rows: Iterable[tuple] = ()) -> None:
        """Index `facts` and/or store `rows` (tuples in `claimcheck.facts.store.COLUMNS` order)."""
        self.location = location
        # (entity key, metric) -> facts, or store rows until first asked for
        self._groups: dict[tuple[str, str], list | tuple] = {}
        self._ready: set[tuple[str, str]] = set()
        self._entities: dict[str, str] = {}  # entity key -> the name as written
        names: dict[str, set[str]] = {}
        aliases: dict[str, set[str]] = {}
        groups = self._groups
        count = 0
        items = [(f.entity, f.key[0], f.metric, ALIAS_SEPARATOR.join(f.aliases), f) for f in facts]
        items += [(r[0], r[1], r[2], r[7], r) for r in rows]
        seen = None
        key = ""
        for entity, folded, metric, alias_text, item in items:
            # Store rows come sorted by entity: the entity's key and aliases
            # are worked out once per entity, not once per row.
            if (entity, alias_text) != seen:
                seen = (entity, alias_text)
                key = cached_entity_key(entity)
                self._entities.setdefault(key, entity)
                names.setdefault(key, set()).add(folded)
                for alias in alias_text.split(ALIAS_SEPARATOR) if alias_text else ():
                    alias_key = cached_entity_key(alias)
                    if alias_key and alias_key != key:
                        aliases.setdefault(alias_key, set()).add(key)
            group = groups.get((key, metric))
            if group is None:
                groups[(key, metric)] = [item]
            else:
                group.append(item)
            count += 1
        # NOTE: an alias shared by two entities is ambiguous and matches neither;
        # so is a key two differently named entities share ("Lumina AI" and
        # "Lumina Labs" are both "lumina" to `entity_key`): claims about it are
        # not checked rather than checked against the wrong company.
        self._aliases = {a: next(iter(keys)) for a, keys in aliases.items() if len(keys) == 1}
        # NOTE: tuples of store rows (text and numbers) drop out of the cyclic
        # garbage collector's scans; 100,000 lists would be rescanned on every
        # full collection of the lint run.
        self._groups = {k: tuple(v) for k, v in self._groups.items()}
        self.ambiguous = frozenset(k for k, n in names.items() if len(n) > 1)
        self._count = count

    def __len__(self) -> int:
        return self._count

    def _group(self, key: tuple[str, str]) -> list[Fact]:
        """Return the facts of one (entity key, metric), oldest first, as `Fact`s."""
        found = self._groups.get(key)
        if found is None:
            return []
        if key not in self._ready:
            from claimcheck.facts.store import fact_from_row

            found = sorted((f if isinstance(f, Fact) else fact_from_row(f) for f in found), key=lambda f: f.as_of)
            self._groups[key] = found
            self._ready.add(key)
        return found

    def resolve(self, name: str) -> str | None:
        """Return the entity key `name` (a name, key or alias) stands for, or None if unknown."""
        key = cached_entity_key(name)
        if key in self._entities:
            return key
        return self._aliases.get(key)

    def name_of(self, key: str) -> str:
        """Return the entity's name as written in the facts."""
        return self._entities.get(key, key)

    def facts_for(self, entity: str, metric: str) -> list[Fact]:
        """Return the facts of `entity` (a name, key or alias) for metric id `metric`, oldest first."""
        key = self.resolve(entity)
        if key is None or key in self.ambiguous:
            return []
        return self._group((key, metric))

    def select(self, entity: str | None = None, metric: str | None = None) -> list[Fact]:
        """Return the facts matching an optional entity (name or alias) and metric id, sorted."""
        if entity is not None:
            key = self.resolve(entity)
            if key is None:
                return []
            keys = [k for k in self._groups if k[0] == key]
        else:
            keys = list(self._groups)
        return [f for k in sorted(keys) if metric is None or k[1] == metric for f in self._group(k)]

    def valid_during(self, entity: str, metric: str, start: date, end: date) -> tuple[list[Fact], list[Fact]]:
        """Return (facts in force at some time in [start, end], older facts replaced before `start`).

        A fact is in force from its `as_of` until the next fact of the same
        entity and metric; the last one has no end.
        """
        found = self.facts_for(entity, metric)
        current: list[Fact] = []
        replaced: list[Fact] = []
        for i, fact in enumerate(found):
            until = found[i + 1].as_of if i + 1 < len(found) else None
            if fact.as_of > end:
                break
            if until is not None and until <= start:
                replaced.append(fact)
            else:
                current.append(fact)
        return current, replaced
