"""The `Fact` model: one verified figure with its date and source.

A fact file row and a store row both become a `Fact`. Values are plain numbers
in base units (61500000000, not "61.5 billion"); `unit` is an ISO 4217 code for
money, `%`, `x`, `pp`, a pint unit name, or empty for a plain count.
"""

from __future__ import annotations

import gc
import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from claimcheck.interpret.entities import entity_key

FIELDS = ("entity", "metric", "value", "unit", "as_of", "source", "aliases", "note")
REQUIRED = ("entity", "metric", "value", "as_of", "source")
# A plain number: digits with an optional sign, decimals, exponent and `_` or
# `,` thousands separators ("61500000000", "61_500_000_000", "6.15e10").
_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:[,_]\d{3})+|\d+)(?:\.\d+)?(?:[eE][+-]?\d+)?$")
_SIMPLE_UNIT = re.compile(r"^[A-Za-z][A-Za-z_]{0,39}$")
ALIAS_SEPARATOR = "|"


@contextmanager
def bulk_allocation() -> Iterator[None]:
    """Pause the cyclic garbage collector while 100,000s of acyclic objects are built.

    NOTE: each full collection rescans every live object, so building a large
    index with the collector on costs several times the work itself; fact
    rows and models hold no reference cycles, so nothing is left uncollected.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# NOTE: a fact file names each entity many times (one row per metric and date);
# caching its key keeps importing 100,000 facts within seconds.
cached_entity_key = lru_cache(maxsize=1 << 16)(entity_key)


class Fact(BaseModel):
    """A reference fact: `entity`'s `metric` was `value` `unit` as of `as_of`, per `source`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    entity: str = Field(min_length=1, max_length=200)
    metric: str = Field(min_length=1, max_length=200)
    value: float
    unit: str | None = None
    as_of: date
    source: str = Field(min_length=1, max_length=2000)
    aliases: list[str] = Field(default_factory=list)
    note: str | None = None

    @field_validator("entity", "metric", "source", mode="before")
    @classmethod
    def _text(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = " ".join(value.split())
        return value

    @field_validator("entity")
    @classmethod
    def _named(cls, value: str) -> str:
        if not cached_entity_key(value):
            raise ValueError(f"{value!r} has no distinctive word to match claims by (a name, not 'The Company')")
        return value

    @field_validator("value", mode="before")
    @classmethod
    def _plain_number(cls, value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError("expected a number, not a boolean")
        if isinstance(value, str):
            text = value.strip()
            if not _NUMBER.match(text):
                raise ValueError(f"{value!r} is not a plain number in base units (write 61500000000, not 61.5bn)")
            value = float(text.replace(",", "").replace("_", ""))
        if isinstance(value, (int, float)) and not math.isfinite(float(value)):
            raise ValueError("the value must be a finite number")
        return value

    @field_validator("unit", mode="before")
    @classmethod
    def _unit(cls, value: Any) -> Any:
        if value is None:
            return None
        if not isinstance(value, str):
            raise ValueError("expected a unit such as 'USD', '%', 'x' or a unit name")
        text = value.strip()
        if not text:
            return None
        return check_unit(text)

    @field_validator("as_of", mode="before")
    @classmethod
    def _iso_date(cls, value: Any) -> Any:
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                raise ValueError(f"{value!r} is not an ISO date (YYYY-MM-DD)") from None
        return value

    @field_validator("aliases", mode="before")
    @classmethod
    def _aliases(cls, value: Any) -> Any:
        if value is None:
            return []
        if isinstance(value, str):
            return list(_split_aliases(value))
        if isinstance(value, (list, tuple)):
            if not all(isinstance(item, str) for item in value):
                raise ValueError("aliases must be names (text)")
            return list(_split_aliases(ALIAS_SEPARATOR.join(value)))
        return value

    @field_validator("note", mode="before")
    @classmethod
    def _note(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip()
            return value or None
        return value

    @property
    def key(self) -> tuple[str, str, date]:
        """Return the identity of the fact in a store: (entity name in lower case, metric id, as_of)."""
        return " ".join(self.entity.casefold().split()), self.metric, self.as_of



@lru_cache(maxsize=1 << 14)
def _split_aliases(text: str) -> tuple[str, ...]:
    """Return the distinct usable names of a `|`-separated alias list, in order."""
    out: list[str] = []
    for item in text.split(ALIAS_SEPARATOR):
        name = " ".join(item.split())
        if name and cached_entity_key(name) and name not in out:
            out.append(name)
    return tuple(out)


@lru_cache(maxsize=256)
def check_unit(text: str) -> str:
    """Return `text` as a fact unit (ISO code, %, x, pp or pint unit name), or raise ValueError."""
    from claimcheck.units import CURRENCIES, registry

    if text in ("%", "x", "pp"):
        return text
    if re.fullmatch(r"[A-Za-z]{3}", text) and text.upper() in CURRENCIES:
        return text.upper()
    if re.fullmatch(r"[A-Z]{3}", text):
        raise ValueError(f"{text!r} is not a supported ISO 4217 currency code")
    # NOTE: only plain unit names go to pint, and even a name lookup can raise
    # assorted exception types ("_" raises AttributeError): any of them means
    # "not a unit".
    if _SIMPLE_UNIT.match(text):
        try:
            known = text in registry()
        except Exception:  # noqa: BLE001 - see the note above
            known = False
        if known:
            return text
    raise ValueError(f"{text!r} is not a unit: use an ISO 4217 code (USD), '%', 'x', 'pp' or a unit name")
