"""Baselines: record today's findings so that only new ones are reported.

A baseline is JSON (`write_baseline` returns the text, the CLI writes it):

    {"version": 1, "tool": "claimcheck",
     "entries": [{"path": "docs/a.md", "code": "CC301", "fingerprint": "…",
                  "count": 1, "message": "…"}]}

A finding's fingerprint is the SHA-1 of its code, its path, the text of its
primary source line with whitespace collapsed, and the surface texts of its
related figures — never its line number — so lines added or removed above a
finding keep it matched, while changing the sentence or one of its figures
makes it new. Entries are counted: a baseline holding two findings with one
fingerprint hides two of them, and a third is reported (`Baseline.filter`).
`message` is for people reading the file and is ignored when loading.
Passed checks are never recorded and never filtered.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from claimcheck.document import Document
from claimcheck.errors import ConfigError
from claimcheck.models import FINDING_ORDER, Finding

BASELINE_VERSION = 1


class BaselineEntry(BaseModel):
    """One fingerprint of the baseline and how many findings carry it."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    path: str
    code: str
    fingerprint: str = Field(pattern=r"^[0-9a-f]{40}$")
    count: int = Field(1, ge=1)
    message: str | None = None


class BaselineFile(BaseModel):
    """The JSON document of a baseline file."""

    model_config = ConfigDict(extra="ignore")

    version: Literal[1]
    tool: str = "claimcheck"
    entries: list[BaselineEntry] = Field(default_factory=list)


def normalise_path(path: str) -> str:
    """Return `path` with forward slashes and without `./` or `a/../` steps."""
    if path in ("", "-"):
        return path
    return posixpath.normpath(path.replace("\\", "/"))


def _collapse(text: str) -> str:
    return " ".join(text.split())


def fingerprint(finding: Finding, document: Document | None) -> str:
    """Return the 40-hex-digit fingerprint of `finding`, located in `document`.

    Without the document (it was not read in this run) the source line is
    taken as empty, so the fingerprint still depends on the code, the path and
    the related figures.
    """
    line = _collapse(document.line_text(finding.line)) if document is not None else ""
    payload = json.dumps(
        [finding.code, normalise_path(finding.path), line, [_collapse(r.text) for r in finding.related]],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha1(payload.encode("utf-8")).hexdigest()


def _recorded(findings: Iterable[Finding]) -> list[Finding]:
    """Return the findings a baseline records or hides: failed and ambiguous ones."""
    return [f for f in findings if f.status != "pass"]


def write_baseline(findings: Iterable[Finding], documents: Mapping[str, Document]) -> str:
    """Return the JSON text of a baseline holding `findings` (passed checks left out).

    `documents` maps each finding's `path` to its `Document`. The entries are
    sorted by path, code and fingerprint so that the file diffs cleanly.
    """
    counts: Counter[tuple[str, str, str]] = Counter()
    messages: dict[tuple[str, str, str], str] = {}
    for f in sorted(_recorded(findings), key=FINDING_ORDER):
        key = (normalise_path(f.path), f.code, fingerprint(f, documents.get(f.path)))
        counts[key] += 1
        messages.setdefault(key, f.message)
    entries = [
        {"path": path, "code": code, "fingerprint": fp, "count": counts[(path, code, fp)],
         "message": messages[(path, code, fp)]}
        for path, code, fp in sorted(counts)
    ]
    data = {"version": BASELINE_VERSION, "tool": "claimcheck", "entries": entries}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


class Baseline:
    """A loaded baseline: how many findings of each fingerprint are known."""

    __slots__ = ("source_name", "entries", "counts")

    def __init__(self, entries: Iterable[BaselineEntry], source_name: str = "<baseline>") -> None:
        self.source_name = source_name
        self.entries = list(entries)
        self.counts: Counter[str] = Counter()
        for entry in self.entries:
            self.counts[entry.fingerprint] += entry.count

    def __len__(self) -> int:
        return sum(self.counts.values())

    def filter(self, findings: Iterable[Finding], documents: Mapping[str, Document]) -> list[Finding]:
        """Return the findings that are not in the baseline, in `Finding.sort_key` order.

        Each fingerprint hides at most as many findings as its count; the
        later ones in sort order are reported. Passed checks are always kept.
        """
        remaining = Counter(self.counts)
        out = []
        for f in sorted(findings, key=FINDING_ORDER):
            if f.status != "pass":
                fp = fingerprint(f, documents.get(f.path))
                if remaining[fp] > 0:
                    remaining[fp] -= 1
                    continue
            out.append(f)
        return out


def load_baseline(text: str, source_name: str) -> Baseline:
    """Return the `Baseline` parsed from JSON `text`; `source_name` names it in errors.

    Raises `ConfigError` naming the file (and line and column, or the key) when
    the text is not JSON or not a baseline.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{source_name}:{exc.lineno}:{exc.colno}: invalid baseline JSON: {exc.msg}") from None
    except (TypeError, ValueError, RecursionError) as exc:  # NOTE: over-long numbers, deep nesting
        raise ConfigError(f"{source_name}: invalid baseline JSON: {exc}") from None
    try:
        parsed = BaselineFile.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err["loc"]).lstrip(".")
        where = where or "top level"
        raise ConfigError(f"{source_name}: invalid baseline at {where!r}: {err['msg']}") from None
    return Baseline(parsed.entries, source_name)


__all__ = [
    "BASELINE_VERSION",
    "Baseline",
    "BaselineEntry",
    "fingerprint",
    "load_baseline",
    "write_baseline",
]
