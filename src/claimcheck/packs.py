"""Load rule packs: the metrics, phrases, identities, ranges and severities in `rules/*.toml`.

A rule pack is TOML data (the Python rule modules are the engines that run
it)::

    [pack]
    name = "finance"
    description = "Company finance"

    [metrics.revenue]
    label = "revenue"
    phrases = ["revenue", "sales", "turnover"]
    kinds = ["money"]
    unit = "currency"
    range = [0, inf]
    source = "..."

    [[identities]]
    name = "valuation-from-price-to-sales"
    formula = "valuation = revenue * price_to_sales"
    severity = "error"
    source = "..."

    [severities]
    CC301 = "error"     # one code
    CC2xx = "warning"   # a whole family

`load_packs()` loads every shipped pack (all `*.toml` in `packs_dir()` except
`lexicon.toml`, which belongs to the extractor), then the user's packs, and
returns a `PackSet`. Everything is validated at load time: unknown keys, wrong
types and formulas that use undefined metrics raise `PackError` with a message
of the form `rules/bad.toml:12: metrics.revenue.range: expected a list of two
numbers`. List positions in keys count from 1 (`identities[2]` is the second
`[[identities]]` table of the file).

Later packs may redefine a metric or identity (same id or name) to replace a
shipped one; the shipped packs themselves must not define the same id twice.
A phrase may belong to one metric only.
"""

from __future__ import annotations

import json
import math
import os
import re
import tomllib
import types
import typing
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from claimcheck.errors import PackError
from claimcheck.expr import FUNCTIONS, Equation, ExpressionError, Name, parse_equation
from claimcheck.models import Severity
from claimcheck.resources import packs_dir

__all__ = [
    "LEXICON",
    "Identity",
    "Metric",
    "MetricKind",
    "PackSet",
    "Range",
    "RulePack",
    "load_packs",
]

# The extractor's vocabulary file lives next to the packs but is not a pack.
LEXICON = "lexicon.toml"

MetricKind = Literal["money", "percent", "multiple", "count", "number", "duration"]
UnitHint = Literal["currency", "%", "x", "count", "number", "duration"]
Period = Literal["year", "quarter", "month", "week", "day"]

METRIC_ID = r"^[a-z_][a-z0-9_]*$"
IDENTITY_NAME = r"^[a-z0-9][a-z0-9_.-]*$"
CODE_KEY = r"^CC[0-9](?:[0-9]{2}|xx)$"

MetricId = Annotated[str, StringConstraints(pattern=METRIC_ID)]
CodeKey = Annotated[str, StringConstraints(pattern=CODE_KEY)]

# A phrase's words may be separated in the text by any run of spaces or
# hyphens: "price to sales" also matches "price-to-sales".
_SEPARATOR = re.compile(r"[\s\-]+")
_SEPARATOR_PATTERN = r"[\s\-]+"


def normalise_phrase(phrase: str) -> str:
    """Return `phrase` lowercased, with runs of spaces and hyphens as one space."""
    return _SEPARATOR.sub(" ", phrase.strip().lower())


# --------------------------------------------------------------------------
# Pack models (one TOML file)


class _Table(BaseModel):
    """Strict, closed tables: TOML types are not coerced and unknown keys are errors."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class PackInfo(_Table):
    """The optional `[pack]` table: the pack's name and what it covers."""

    name: str
    description: str = ""
    source: str | None = None


class Range(BaseModel):
    """A plausible range for a metric's values, in the metric's unit (percent for rates)."""

    model_config = ConfigDict(frozen=True)

    low: float
    high: float


def _to_range(value: Any) -> Any:
    """Turn the TOML `range = [low, high]` into a `Range` (or raise a readable error)."""
    if isinstance(value, Range) or value is None:
        return value
    pair = isinstance(value, list) and len(value) == 2
    if not (pair and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)):
        raise ValueError("expected a list of two numbers [low, high] (use inf or -inf for no bound)")
    low, high = float(value[0]), float(value[1])
    if math.isnan(low) or math.isnan(high):
        raise ValueError("range bounds must not be nan")
    if low > high:
        raise ValueError(f"low ({value[0]}) is greater than high ({value[1]})")
    return Range(low=low, high=high)


class MetricTable(_Table):
    """A `[metrics.<id>]` table: what a metric is called and what values it takes.

    `phrases` are matched, as whole words and case-insensitively, in the
    sentence around a figure. `kinds` are the figure kinds the metric accepts.
    `is_rate` marks metrics that are themselves percentages (a retention rate,
    a margin); their values and ranges are in percent (94, not 0.94).
    `per_period` is the period a flow is stated per (ARR per year, MRR per
    month). `typical` is the range most real values fall in (used to judge
    whether a reading of an ambiguous change is plausible; defaults to `range`).
    `generic` metrics (part, whole, share, total, count) have no
    phrases: the interpret stage binds them to figures by the statement they
    appear in ("X% of Y").
    `qualifiers` are phrases that name the metric only of the figure right
    before them ("$48 a share", "$1.20 per share") and of no other figure.
    `per_share` is the metric a figure of this one measures when a
    per-share qualifier follows it: "net income of $1.20 per share" is
    earnings per share (profit → eps), not a profit of $1.20.
    """

    label: str | None = None
    phrases: list[str] = Field(default_factory=list)
    qualifiers: list[str] = Field(default_factory=list)
    per_share: str | None = None
    kinds: list[MetricKind] = Field(min_length=1)
    unit: UnitHint | None = None
    range: Range | None = None
    typical: Range | None = None
    is_rate: bool = False
    per_period: Period | None = None
    generic: bool = False
    source: str = Field(min_length=1)
    note: str | None = None

    @field_validator("range", "typical", mode="before")
    @classmethod
    def _range(cls, value: Any) -> Any:
        return _to_range(value)

    @field_validator("phrases", "qualifiers")
    @classmethod
    def _phrases(cls, value: list[str]) -> list[str]:
        normalised: list[str] = []
        for phrase in value:
            clean = normalise_phrase(phrase)
            if not clean:
                raise ValueError("phrases must not be empty")
            if clean in normalised:
                raise ValueError(f"phrase {phrase!r} is listed twice")
            normalised.append(clean)
        return normalised

    @model_validator(mode="after")
    def _generic_has_no_phrases(self) -> MetricTable:
        if self.generic and (self.phrases or self.qualifiers):
            raise ValueError("a generic metric takes no phrases (the interpret stage binds it)")
        duplicates = set(self.phrases) & set(self.qualifiers)
        if duplicates:
            raise ValueError(f"phrase {sorted(duplicates)[0]!r} is both a phrase and a qualifier")
        return self


class IdentityTable(_Table):
    """An `[[identities]]` table: a formula that must hold between metrics.

    `severity` is the severity of a clear failure (the identity engine may
    lower it for a near miss). `tolerance` is a relative slack added to the
    rounding intervals (0.02 = 2%) for identities that hold only roughly.
    """

    name: Annotated[str, StringConstraints(pattern=IDENTITY_NAME)]
    formula: str
    severity: Severity
    source: str = Field(min_length=1)
    tolerance: float = Field(default=0.0, ge=0.0, lt=1.0)
    note: str | None = None

    @field_validator("formula")
    @classmethod
    def _formula(cls, value: str) -> str:
        try:
            parse_equation(value)
        except ExpressionError as exc:
            raise ValueError(f"invalid formula {value!r}: {exc}") from None
        return value


class RulePack(_Table):
    """One rule-pack file, as written."""

    pack: PackInfo | None = None
    metrics: dict[MetricId, MetricTable] = Field(default_factory=dict)
    identities: list[IdentityTable] = Field(default_factory=list)
    severities: dict[CodeKey, Severity] = Field(default_factory=dict)


# --------------------------------------------------------------------------
# Loaded models (what the rest of claimcheck uses)


class Metric(MetricTable):
    """A metric as loaded: its table plus its `id` and the pack file (`origin`) defining it.

    `label` is always set once loaded (the id with spaces when the pack gave none).
    """

    id: str
    origin: str = ""


class Identity(IdentityTable):
    """An identity as loaded: its table plus the parsed `equation`.

    `generic` is True when the formula uses a generic metric (part, whole,
    share, total, count), whose figures the interpret stage binds itself.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    equation: Equation
    origin: str = ""
    generic: bool = False

    def names(self) -> set[str]:
        """Return the metric ids the formula uses."""
        return self.equation.names()


class PackSet:
    """All loaded packs merged: metrics, identities, severities and the phrase index.

    Build one with `load_packs()`; it is shared (and cached) per process, so
    treat it as read-only.
    """

    def __init__(
        self,
        metrics: dict[str, Metric],
        identities: list[Identity],
        severities: dict[str, str],
        files: tuple[str, ...] = (),
    ) -> None:
        self.metrics: dict[str, Metric] = metrics
        self.identities: list[Identity] = identities
        self.severities: dict[str, str] = severities
        self.files: tuple[str, ...] = files
        # normalised phrase (or qualifier) -> metric id
        self.phrases: dict[str, str] = {
            phrase: metric.id for metric in metrics.values() for phrase in (*metric.phrases, *metric.qualifiers)
        }
        self.qualifiers: frozenset[str] = frozenset(q for metric in metrics.values() for q in metric.qualifiers)
        self.qualifier_owners: frozenset[str] = frozenset(m.id for m in metrics.values() if m.qualifiers)
        # Metrics measured per share: the `per_share` targets and the owners of qualifiers.
        self.per_share_metrics: frozenset[str] = self.qualifier_owners | {
            m.per_share for m in metrics.values() if m.per_share
        }
        self._phrase_pattern = _compile_phrases(self.phrases)

    def __repr__(self) -> str:
        return f"PackSet({len(self.metrics)} metrics, {len(self.identities)} identities, files={list(self.files)})"

    def find_metric_phrases(self, text_lower: str) -> list[tuple[int, int, str]]:
        """Return (start, end, metric id) for every metric phrase in `text_lower`.

        `text_lower` must already be lowercase. Matches are whole words,
        non-overlapping, in order of position; where phrases overlap, the
        leftmost wins and, at one position, the longest ("net revenue
        retention" rather than "revenue"). Words of a phrase may be separated
        by spaces, hyphens or line breaks. One pass of one compiled regex
        (built from a trie of the phrases), so linear in the text.
        """
        if self._phrase_pattern is None:
            return []
        phrases = self.phrases
        found: list[tuple[int, int, str]] = []
        for match in self._phrase_pattern.finditer(text_lower):
            matched = match.group()
            # NOTE: most matches are written exactly as the (normalised) phrase;
            # look them up as they are before paying for `normalise_phrase`.
            metric_id = phrases.get(matched) or phrases.get(normalise_phrase(matched))
            if metric_id is not None:
                found.append((match.start(), match.end(), metric_id))
        return found

    def is_qualifier(self, text_lower: str, start: int, end: int, metric_id: str) -> bool:
        """Return True when the phrase of `metric_id` found at [start, end) of `text_lower` is a qualifier."""
        return metric_id in self.qualifier_owners and normalise_phrase(text_lower[start:end]) in self.qualifiers

    def metric_for_phrase(self, phrase: str) -> Metric | None:
        """Return the metric a phrase names ("market cap" → valuation), or None."""
        metric_id = self.phrases.get(normalise_phrase(phrase))
        return self.metrics[metric_id] if metric_id is not None else None

    def severity_for(self, code: str) -> str | None:
        """Return the packs' severity override for `code` ("CC301", then "CC3xx"), or None."""
        if code in self.severities:
            return self.severities[code]
        return self.severities.get(code[:3] + "xx")

    def range_for(self, metric: str) -> tuple[float, float] | None:
        """Return the plausible (low, high) of metric id `metric`, or None when it has none."""
        found = self.metrics.get(metric)
        if found is None or found.range is None:
            return None
        return (found.range.low, found.range.high)

    def identities_with(self, metric: str) -> list[Identity]:
        """Return the identities whose formula uses metric id `metric`."""
        return [identity for identity in self.identities if metric in identity.names()]


class _Trie:
    __slots__ = ("children", "terminal")

    def __init__(self) -> None:
        self.children: dict[str, _Trie] = {}
        self.terminal = False


def _compile_phrases(phrases: Iterable[str]) -> re.Pattern[str] | None:
    """Return one regex matching any phrase as whole words, longest first, or None."""
    root = _Trie()
    for phrase in phrases:
        node = root
        for ch in phrase:
            node = node.children.setdefault(ch, _Trie())
        node.terminal = True
    if not root.children:
        return None
    body = _trie_pattern(root)
    return re.compile(rf"(?<!\w){body}(?!\w)")


def _trie_pattern(node: _Trie) -> str:
    # NOTE: recursion depth is the length of the longest phrase.
    alternatives = []
    for ch in sorted(node.children):
        piece = _SEPARATOR_PATTERN if ch == " " else re.escape(ch)
        alternatives.append(piece + _trie_pattern(node.children[ch]))
    if not alternatives:
        return ""
    body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
    # A greedy optional tail tries the longer phrase first and falls back to
    # the shorter one when the longer does not end on a word boundary.
    return f"(?:{body})?" if node.terminal else body


# --------------------------------------------------------------------------
# Finding the line of a key in the TOML source


_KEY_PART = r"(?:[A-Za-z0-9_-]+|\"(?:[^\"\\]|\\.)*\"|'[^']*')"
_KEY_LINE = re.compile(rf"^\s*({_KEY_PART}(?:\s*\.\s*{_KEY_PART})*)\s*=")
_TABLE_LINE = re.compile(rf"^\s*\[\s*({_KEY_PART}(?:\s*\.\s*{_KEY_PART})*)\s*\]")
_ARRAY_LINE = re.compile(rf"^\s*\[\[\s*({_KEY_PART}(?:\s*\.\s*{_KEY_PART})*)\s*\]\]")
_KEY_SPLIT = re.compile(_KEY_PART)

Loc = tuple[str | int, ...]


def _split_key(dotted: str) -> tuple[str, ...]:
    parts = []
    for part in _KEY_SPLIT.findall(dotted):
        if part[0] in "\"'":
            part = part[1:-1]
        parts.append(part)
    return tuple(parts)


class _Locator:
    """Map dotted key paths of a TOML file to the line that defines them.

    A light scan of the source text, not a second parser: table headers,
    array-of-tables headers (indexed from 0, as pydantic reports them) and
    `key =` lines. Lines inside multi-line strings are skipped.
    """

    def __init__(self, text: str) -> None:
        self.lines: dict[Loc, int] = {}
        self.line_count = max(1, text.count("\n") + 1)
        arrays: dict[tuple[str, ...], int] = {}
        current: Loc = ()
        in_string: str | None = None
        for number, line in enumerate(text.splitlines(), start=1):
            if in_string is not None:
                if line.count(in_string) % 2 == 1:
                    in_string = None
                continue
            stripped = line.strip()
            if not stripped or stripped.startswith("#"):
                continue
            array = _ARRAY_LINE.match(line)
            table = None if array else _TABLE_LINE.match(line)
            if array or table:
                keys = _split_key((array or table).group(1))
                path: list[str | int] = []
                for i in range(len(keys)):
                    path.append(keys[i])
                    prefix = keys[: i + 1]
                    if prefix in arrays and not (array and i == len(keys) - 1):
                        path.append(arrays[prefix] - 1)
                if array:
                    index = arrays.get(keys, 0)
                    arrays[keys] = index + 1
                    path.append(index)
                current = tuple(path)
                # A header also defines its implicit parents ([a.b] defines a).
                for end in range(1, len(current) + 1):
                    self.lines.setdefault(current[:end], number)
                continue
            key = _KEY_LINE.match(line)
            if key:
                keys = _split_key(key.group(1))
                for i in range(1, len(keys) + 1):
                    self.lines.setdefault(current + keys[:i], number)
                rest = line[key.end() :]
                for quote in ('"""', "'''"):
                    if rest.count(quote) % 2 == 1:
                        in_string = quote
                        break

    def line_of(self, loc: Loc) -> int:
        """Return the line defining `loc`, or of its nearest defined parent (else 1)."""
        for end in range(len(loc), 0, -1):
            line = self.lines.get(tuple(loc[:end]))
            if line is not None:
                return line
        return 1


def _dotted(loc: Iterable[str | int]) -> str:
    """Return `loc` as a dotted key; list positions count from 1 (`identities[2].formula`)."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            text = part if re.fullmatch(r"[A-Za-z0-9_-]+", part) else json.dumps(part)
            out += f".{text}" if out else text
    return out or "(top level)"


def _model_at(loc: Loc) -> Any:
    """Return the pack model class reached by following `loc` from `RulePack` (or None)."""
    annotation: Any = RulePack
    for part in loc:
        while True:
            origin = typing.get_origin(annotation)
            if origin is Annotated:
                annotation = typing.get_args(annotation)[0]
            elif origin in (typing.Union, types.UnionType):
                options = [a for a in typing.get_args(annotation) if a is not type(None)]
                annotation = options[0] if len(options) == 1 else None
            else:
                break
        if isinstance(annotation, type) and issubclass(annotation, BaseModel) and isinstance(part, str):
            field = annotation.model_fields.get(part)
            annotation = field.annotation if field else None
        elif typing.get_origin(annotation) is list and isinstance(part, int):
            annotation = typing.get_args(annotation)[0]
        elif typing.get_origin(annotation) is dict and isinstance(part, str):
            annotation = typing.get_args(annotation)[1]
        else:
            return None
    if typing.get_origin(annotation) is typing.Union or isinstance(annotation, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        annotation = options[0] if len(options) == 1 else None
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


_TYPE_WORDS = {
    "string_type": "expected a string",
    "bool_type": "expected true or false",
    "float_type": "expected a number",
    "int_type": "expected a whole number",
    "list_type": "expected a list",
    "dict_type": "expected a table",
    "model_type": "expected a table",
    "model_attributes_type": "expected a table",
}


def _describe_error(error: Any) -> tuple[Loc, str]:
    """Return (key path, readable message) for one pydantic error."""
    loc: Loc = tuple(error["loc"])
    kind = error["type"]
    if loc and loc[-1] == "[key]":
        loc = loc[:-1]
        return loc, f"invalid key {loc[-1]!r}: {_key_rule(loc)}"
    if kind == "missing":
        return loc, "missing required key"
    if kind == "extra_forbidden":
        model = _model_at(loc[:-1])
        allowed = f" (allowed: {', '.join(model.model_fields)})" if model is not None else ""
        return loc, f"unknown key{allowed}"
    if kind == "value_error":
        return loc, str(error.get("ctx", {}).get("error", error["msg"]))
    if kind in _TYPE_WORDS:
        got = error.get("input")
        return loc, f"{_TYPE_WORDS[kind]}, got {_toml_repr(got)}"
    if kind == "literal_error":
        return loc, error["msg"].replace("Input should be", "expected") + f", got {_toml_repr(error.get('input'))}"
    if kind == "string_pattern_mismatch":
        return loc, f"{_toml_repr(error.get('input'))} does not match {error['ctx']['pattern']}"
    return loc, error["msg"][:1].lower() + error["msg"][1:]


def _key_rule(loc: Loc) -> str:
    if loc and loc[0] == "metrics":
        return "metric ids are lowercase letters, digits and underscores, starting with a letter or _"
    if loc and loc[0] == "severities":
        return "expected a code such as CC301 or a family such as CC3xx"
    return "invalid key"


def _toml_repr(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a table"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


# --------------------------------------------------------------------------
# Loading


@dataclass(frozen=True)
class _PackFile:
    display: str
    pack: RulePack
    locator: _Locator
    shipped: bool

    def where(self, loc: Loc) -> str:
        return f"{self.display}:{self.locator.line_of(loc)}: {_dotted(loc)}"


def _display(path: Path) -> str:
    """Return `path` relative to the working directory when it lies below it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel


def _read_pack(path: Path, display: str, shipped: bool) -> _PackFile:
    """Parse and validate one pack file (no cross-file checks)."""
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise PackError(f"{display}: cannot read rule pack: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise PackError(f"{display}:1: rule pack is not UTF-8 text ({exc.reason})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        at = re.search(r"\(at line (\d+), column (\d+)\)", message)
        if at:
            line = at.group(1)
            message = message[: at.start()].rstrip() + f" (column {at.group(2)})"
        else:
            line = str(max(1, text.count("\n") + (0 if text.endswith("\n") else 1)))
        raise PackError(f"{display}:{line}: TOML syntax error: {message}") from None
    locator = _Locator(text)
    try:
        pack = RulePack.model_validate(data)
    except ValidationError as exc:
        messages = []
        for error in exc.errors():
            loc, message = _describe_error(error)
            messages.append(f"{display}:{locator.line_of(loc)}: {_dotted(loc)}: {message}")
        raise PackError("\n".join(messages)) from None
    return _PackFile(display, pack, locator, shipped)


def _pack_paths(extra: tuple[str, ...]) -> list[tuple[Path, str, bool]]:
    """Return (path, display name, shipped?) for every pack to load, in load order."""
    found: list[tuple[Path, str, bool]] = []
    for path in sorted(packs_dir().glob("*.toml")):
        if path.name != LEXICON:
            found.append((path, _display(path), True))
    for item in extra:
        path = Path(item)
        if path.is_dir():
            for child in sorted(path.glob("*.toml")):
                if child.name != LEXICON:
                    found.append((child, str(path / child.name), False))
        elif path.is_file():
            found.append((path, str(item), False))
        else:
            raise PackError(f"{item}: no such rule pack file or folder")
    return found


def load_packs(extra: tuple[str, ...] = ()) -> PackSet:
    """Return the `PackSet` of the shipped packs plus the `extra` pack files or folders.

    Folders contribute their `*.toml` files (not recursively, sorted by
    name). The result is cached per process and reloaded when a file's
    modification time or size changes. Raises `PackError` naming the file,
    line and key for any malformed pack.
    """
    key = []
    for path, display, shipped in _pack_paths(tuple(str(p) for p in extra)):
        try:
            stat = path.stat()
        except OSError as exc:
            raise PackError(f"{display}: cannot read rule pack: {exc.strerror or exc}") from None
        key.append((str(path.resolve()), display, shipped, stat.st_mtime_ns, stat.st_size))
    return _load(tuple(key))


@cache
def _load(key: tuple[tuple[str, str, bool, int, int], ...]) -> PackSet:
    files = [_read_pack(Path(path), display, shipped) for path, display, shipped, _, _ in key]
    return _merge(files)


def _merge(files: list[_PackFile]) -> PackSet:
    """Merge validated pack files into one `PackSet`, with the cross-file checks."""
    errors: list[str] = []
    metrics: dict[str, Metric] = {}
    metric_file: dict[str, _PackFile] = {}
    identity_tables: dict[str, tuple[IdentityTable, _PackFile, int]] = {}
    severities: dict[str, str] = {}

    for file in files:
        for metric_id, table in file.pack.metrics.items():
            if metric_id in FUNCTIONS:
                errors.append(f"{file.where(('metrics', metric_id))}: {metric_id!r} is a function name in formulas")
                continue
            previous = metric_file.get(metric_id)
            if previous is not None and previous.shipped and file.shipped:
                errors.append(f"{file.where(('metrics', metric_id))}: metric already defined in {previous.display}")
                continue
            fields = dict(table)
            fields["label"] = table.label or metric_id.replace("_", " ")
            metrics[metric_id] = Metric(id=metric_id, origin=file.display, **fields)
            metric_file[metric_id] = file
        for index, table in enumerate(file.pack.identities):
            known = identity_tables.get(table.name)
            earlier = known[1] if known is not None else None
            if earlier is not None and (earlier is file or (earlier.shipped and file.shipped)):
                errors.append(
                    f"{file.where(('identities', index, 'name'))}: identity {table.name!r} "
                    f"already defined in {earlier.display}"
                )
                continue
            identity_tables[table.name] = (table, file, index)
        severities.update(file.pack.severities)

    # One metric per phrase (qualifiers included); `per_share` names a metric.
    owner: dict[str, str] = {}
    for metric_id, metric in metrics.items():
        for key, listed in (("phrases", metric.phrases), ("qualifiers", metric.qualifiers)):
            for position, phrase in enumerate(listed):
                other = owner.get(phrase)
                if other is not None:
                    where = metric_file[metric_id].where(("metrics", metric_id, key, position))
                    errors.append(f"{where}: phrase {phrase!r} already belongs to metric {other!r}")
                else:
                    owner[phrase] = metric_id
        if metric.per_share is not None and metric.per_share not in metrics:
            where = metric_file[metric_id].where(("metrics", metric_id, "per_share"))
            errors.append(f"{where}: unknown metric {metric.per_share!r}")

    identities: list[Identity] = []
    for table, file, index in identity_tables.values():
        equation = parse_equation(table.formula)
        unknown = [
            node
            for side in (equation.lhs, equation.rhs)
            for node in side.walk()
            if isinstance(node, Name) and node.id not in metrics
        ]
        if unknown:
            for node in unknown:
                errors.append(
                    f"{file.where(('identities', index, 'formula'))}: unknown metric {node.id!r} "
                    f"(column {node.position + 1} of the formula)"
                )
            continue
        generic = any(metrics[name].generic for name in equation.names())
        identities.append(Identity(**dict(table), equation=equation, origin=file.display, generic=generic))

    if errors:
        raise PackError("\n".join(errors))
    return PackSet(metrics, identities, severities, tuple(file.display for file in files))
