"""`FactIndex`: every fact of a store or file in memory, looked up by entity and metric.

A lint run loads its facts once (see `claimcheck.facts.load_facts`) and each
claim is then two dictionary lookups, so linting against a store of 100,000
facts costs little more than linting without one.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from claimcheck.facts.model import Fact
from claimcheck.interpret.entities import entity_key


class FactIndex:
    """Facts by (entity key, metric id), each list sorted by `as_of`; aliases resolve to entities."""

    def __init__(self, facts: Iterable[Fact], location: str = "") -> None:
        self.location = location
        self._facts: dict[tuple[str, str], list[Fact]] = {}
        self._entities: dict[str, str] = {}  # entity key -> the name as written
        names: dict[str, set[str]] = {}
        aliases: dict[str, set[str]] = {}
        count = 0
        for fact in facts:
            key = entity_key(fact.entity)
            self._facts.setdefault((key, fact.metric), []).append(fact)
            self._entities.setdefault(key, fact.entity)
            names.setdefault(key, set()).add(fact.key[0])
            for alias in fact.aliases:
                alias_key = entity_key(alias)
                if alias_key and alias_key != key:
                    aliases.setdefault(alias_key, set()).add(key)
            count += 1
        for found in self._facts.values():
            found.sort(key=lambda f: f.as_of)
        # NOTE: an alias shared by two entities is ambiguous and matches neither;
        # so is a key two differently named entities share ("Lumina AI" and
        # "Lumina Labs" are both "lumina" to `entity_key`): claims about it are
        # not checked rather than checked against the wrong company.
        self._aliases = {a: next(iter(keys)) for a, keys in aliases.items() if len(keys) == 1}
        self.ambiguous = frozenset(k for k, n in names.items() if len(n) > 1)
        self._count = count

    def __len__(self) -> int:
        return self._count

    def resolve(self, name: str) -> str | None:
        """Return the entity key `name` (a name, key or alias) stands for, or None if unknown."""
        key = entity_key(name)
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
        return self._facts.get((key, metric), [])

    def select(self, entity: str | None = None, metric: str | None = None) -> list[Fact]:
        """Return the facts matching an optional entity (name or alias) and metric id, sorted."""
        if entity is not None:
            key = self.resolve(entity)
            if key is None:
                return []
            keys = [k for k in self._facts if k[0] == key]
        else:
            keys = list(self._facts)
        out = [f for k in sorted(keys) if metric is None or k[1] == metric for f in self._facts[k]]
        return out

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
