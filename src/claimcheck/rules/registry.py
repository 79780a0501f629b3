"""The rule registry: `@rule` marks a check function; families list theirs in `RULES`.

A rule is a pure function `fn(ctx) -> Iterable[Finding]` where `ctx` is a
`claimcheck.rules.context.Context` (the interpreted document, the packs and the
options). Its docstring's first line is the summary shown by `claimcheck rules`;
the body (ruff's sections: What it does / Why is this bad? / Example / Use
instead) is what `claimcheck explain CODE` prints.
"""

from __future__ import annotations

import importlib
import inspect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

FAMILIES = ("identities", "changes", "rates", "units", "repetition", "facts", "inputs")


@dataclass(frozen=True)
class Rule:
    """A registered check: its code, slug, default severity and documentation."""

    code: str
    name: str
    severity: str
    fn: Callable[..., Iterable] | None
    doc: str
    family: str

    @property
    def summary(self) -> str:
        """Return the first line of the rule's documentation."""
        return self.doc.strip().splitlines()[0].strip() if self.doc.strip() else ""

    def section(self, title: str) -> str:
        """Return the text of the docstring section `## title` (empty if absent)."""
        m = re.search(rf"^## {re.escape(title)}\s*\n(.*?)(?=^## |\Z)", self.doc, re.M | re.S)
        return m.group(1).strip() if m else ""


def rule(code: str, name: str, severity: str = "warning") -> Callable:
    """Mark `fn` as the check for `code`; the family module lists it in `RULES`."""

    def mark(fn: Callable) -> Callable:
        fn.rule = Rule(  # type: ignore[attr-defined]
            code=code,
            name=name,
            severity=severity,
            fn=fn,
            doc=inspect.cleandoc(fn.__doc__ or ""),
            family=name.split(".", 1)[0],
        )
        return fn

    return mark


@cache
def all_rules() -> tuple[Rule, ...]:
    """Return every registered rule, sorted by code; codes are unique (asserted)."""
    found: dict[str, Rule] = {}
    for family in FAMILIES:
        try:
            module = importlib.import_module(f"claimcheck.rules.{family}")
        except ModuleNotFoundError as exc:
            if exc.name == f"claimcheck.rules.{family}":
                continue
            raise
        for fn in getattr(module, "RULES", ()):
            r = fn.rule if callable(fn) and hasattr(fn, "rule") else fn
            if r.code in found:
                raise RuntimeError(f"duplicate rule code {r.code}: {found[r.code].name} and {r.name}")
            found[r.code] = r
    return tuple(sorted(found.values(), key=lambda r: r.code))


def get_rule(code: str) -> Rule | None:
    """Return the rule registered for `code` (case-insensitive), or None."""
    code = code.upper()
    for r in all_rules():
        if r.code == code:
            return r
    return None
