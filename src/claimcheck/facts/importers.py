"""Read fact files (CSV, YAML, JSONL) into validated `Fact`s.

Every row is validated before anything is returned, so a caller that writes
the result to a store writes all of it or nothing. Errors name the file, the
line and the key (`facts.csv:7: value: '61.5bn' is not a plain number ...`);
up to `MAX_ERRORS` are reported at once.

`metric` may be a metric id of the rule packs (`valuation`) or any phrase of
its vocabulary (`market value`); it is stored as the id.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from claimcheck.errors import FactsError
from claimcheck.facts.model import FIELDS, REQUIRED, Fact, bulk_allocation

FORMATS = {".csv": "csv", ".yaml": "yaml", ".yml": "yaml", ".jsonl": "jsonl", ".ndjson": "jsonl"}
MAX_ERRORS = 20


@dataclass
class Row:
    """One record of a fact file: its fields and where each came from."""

    line: int
    data: dict[str, Any]
    key_lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, key: str | None) -> int:
        """Return the line of `key` in the file (the record's line when unknown)."""
        return self.key_lines.get(key, self.line) if key else self.line


def file_format(path: str | os.PathLike[str]) -> str | None:
    """Return "csv", "yaml" or "jsonl" for a fact file path by its extension, else None."""
    return FORMATS.get(Path(path).suffix.lower())


def read_fact_files(paths: Iterable[str | os.PathLike[str]], packs=None) -> list[Fact]:
    """Return the validated facts of every file, in order; raise `FactsError` listing the problems.

    Identical rows are kept once; two different facts for the same entity,
    metric and date are an error naming both places.
    """
    if packs is None:
        from claimcheck.packs import load_packs

        packs = load_packs(())
    with bulk_allocation():
        return _read(paths, packs)


def _read(paths: Iterable[str | os.PathLike[str]], packs) -> list[Fact]:
    facts: list[Fact] = []
    seen: dict[tuple, tuple[Fact, str]] = {}
    errors: list[str] = []
    for path in paths:
        display = str(path)
        try:
            rows = list(_rows(path))
        except FactsError as exc:
            errors.append(str(exc))
            continue
        for row in rows:
            fact = _validate(row, display, packs, errors)
            if fact is None:
                continue
            where = f"{display}:{row.line}"
            previous = seen.get(fact.key)
            if previous is not None:
                if previous[0] != fact:
                    errors.append(f"{where}: a different fact for {fact.entity!r}, {fact.metric!r} "
                                  f"as of {fact.as_of} is already given at {previous[1]}")
                continue
            seen[fact.key] = (fact, where)
            facts.append(fact)
    if errors:
        more = len(errors) - MAX_ERRORS
        shown = errors[:MAX_ERRORS] + ([f"... and {more} more"] if more > 0 else [])
        raise FactsError("invalid facts, nothing imported:\n  " + "\n  ".join(shown))
    return facts


def _validate(row: Row, display: str, packs, errors: list[str]) -> Fact | None:
    """Return the row as a `Fact` with its metric resolved to an id, or None after recording errors."""
    failed = False
    metric = row.data.get("metric")
    metric_id = resolve_metric(metric, packs) if isinstance(metric, str) and metric.strip() else None
    if isinstance(metric, str) and metric.strip() and metric_id is None:
        hint = difflib.get_close_matches(metric.lower(), [*packs.metrics, *packs.phrases], n=1)
        errors.append(f"{display}:{row.line_of('metric')}: metric: unknown metric {metric!r}"
                      + (f" (did you mean {hint[0]!r}?)" if hint else "; use a metric id or phrase of the rule packs"))
        failed = True
    try:
        fact = Fact.model_validate(row.data)
    except ValidationError as exc:
        for err in exc.errors():
            key = str(err["loc"][0]) if err["loc"] else None
            if err["type"] == "missing":
                message = f"missing (required: {', '.join(REQUIRED)})"
            elif err["type"] == "extra_forbidden":
                hint = difflib.get_close_matches(str(key), FIELDS, n=1)
                message = "unknown field" + (f" (did you mean {hint[0]!r}?)" if hint else f"; fields are {', '.join(FIELDS)}")
            else:
                message = err["msg"].removeprefix("Value error, ")
            errors.append(f"{display}:{row.line_of(key)}: {key}: {message}")
        return None
    if failed:
        return None
    return fact if metric_id == fact.metric else fact.model_copy(update={"metric": metric_id})


def resolve_metric(name: str, packs) -> str | None:
    """Return the metric id `name` stands for (an id or a phrase of the packs), or None."""
    metric = packs.metrics.get(name) or packs.metrics.get(name.strip().lower().replace(" ", "_").replace("-", "_"))
    if metric is None:
        metric = packs.metric_for_phrase(name)
    if metric is None or getattr(metric, "generic", False):
        return None
    return metric.id


def _rows(path: str | os.PathLike[str]) -> Iterator[Row]:
    """Yield the records of a fact file; raise `FactsError` when it cannot be read or parsed."""
    display = str(path)
    kind = file_format(path)
    if kind is None:
        raise FactsError(f"{display}: unknown fact file type; use .csv, .yaml/.yml or .jsonl")
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise FactsError(f"{display}: cannot read: {exc.strerror or exc}") from None
    yield from parse_rows(data, display, kind)


def parse_rows(data: bytes, display: str, kind: str) -> Iterator[Row]:
    """Yield the records of fact file content `data` in format `kind`; raise `FactsError`."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FactsError(f"{display}:{line}: not valid UTF-8 (byte offset {exc.start})") from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise FactsError(f"{display}:{line}: contains a NUL character; is this a text file?")
    if kind == "csv":
        return _csv_rows(text, display)
    if kind == "yaml":
        return iter(_yaml_rows(text, display))
    return _jsonl_rows(text, display)


def _csv_rows(text: str, display: str) -> Iterator[Row]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None or not any(h.strip() for h in header):
            raise FactsError(f"{display}:1: empty CSV file; the first line names the fields ({', '.join(FIELDS)})")
        names = [h.strip().lower() for h in header]
        for k in names:
            if k not in FIELDS:
                hint = difflib.get_close_matches(k, FIELDS, n=1)
                raise FactsError(f"{display}:1: {k or '(empty)'}: unknown column"
                                 + (f" (did you mean {hint[0]!r}?)" if hint else f"; columns are {', '.join(FIELDS)}"))
        duplicated = sorted({k for k in names if names.count(k) > 1})
        if duplicated:
            raise FactsError(f"{display}:1: {duplicated[0]}: column given twice")
        absent = [k for k in REQUIRED if k not in names]
        if absent:
            raise FactsError(f"{display}:1: {absent[0]}: missing column (required: {', '.join(REQUIRED)})")
        last = reader.line_num
        for cells in reader:
            start, last = last + 1, reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(names):
                raise FactsError(f"{display}:{start}: expected {len(names)} fields, found {len(cells)}")
            data = {k: c for k, c in zip(names, cells) if c.strip() != ""}
            yield Row(start, data)
    except csv.Error as exc:
        raise FactsError(f"{display}:{reader.line_num}: invalid CSV: {exc}") from None


class _Mapping(dict):
    """A YAML mapping that remembers the line of each key."""

    line = 0
    key_lines: dict[str, int]


class _LineLoader(yaml.SafeLoader):
    """PyYAML's safe loader, recording the line of every mapping and key."""

    def construct_mapping(self, node, deep=False):
        mapping = _Mapping(super().construct_mapping(node, deep=deep))
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = {
            str(k.value): k.start_mark.line + 1 for k, _ in node.value if isinstance(k, yaml.ScalarNode)
        }
        return mapping


_LineLoader.add_constructor("tag:yaml.org,2002:map", _LineLoader.construct_mapping)
# Dates stay text, so a bad one ("2025-02-30") is reported with its line by the model.
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_scalar)


def _yaml_rows(text: str, display: str) -> list[Row]:
    try:
        document = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise FactsError(f"{display}:{line}: invalid YAML: {exc.problem or exc.context}") from None
    except (yaml.YAMLError, RecursionError, ValueError, TypeError) as exc:
        # NOTE: PyYAML's constructors raise ValueError/TypeError on some scalars
        # (a timestamp out of range, an unhashable key) and recurse on deep nesting.
        raise FactsError(f"{display}: invalid YAML: {exc.__class__.__name__}: {exc}") from None
    if document is None:
        return []
    if isinstance(document, dict):
        if set(document) != {"facts"}:
            line = getattr(document, "line", 1)
            raise FactsError(f"{display}:{line}: expected a list of facts, or a mapping with one key 'facts'")
        document = document["facts"] or []
    if not isinstance(document, list):
        raise FactsError(f"{display}:1: expected a list of facts")
    rows = []
    for i, item in enumerate(document):
        if not isinstance(item, dict):
            raise FactsError(f"{display}: fact #{i + 1}: expected a mapping of fields, found {type(item).__name__}")
        rows.append(Row(getattr(item, "line", 1), {str(k): v for k, v in item.items()},
                        dict(getattr(item, "key_lines", {}))))
    return rows


def _jsonl_rows(text: str, display: str) -> Iterator[Row]:
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise FactsError(f"{display}:{number}: invalid JSON at column {exc.colno}: {exc.msg}") from None
        except (ValueError, RecursionError) as exc:
            raise FactsError(f"{display}:{number}: invalid JSON: {exc}") from None
        if not isinstance(item, dict):
            raise FactsError(f"{display}:{number}: expected a JSON object per line, found {type(item).__name__}")
        yield Row(number, item)
