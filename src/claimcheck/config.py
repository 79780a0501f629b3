"""Configuration: `claimcheck.toml`, `.claimcheck.toml` or `[tool.claimcheck]` in `pyproject.toml`.

The file is found by walking up from the linted path (`find_config`), read with
`tomllib` and validated by the pydantic model `Config` (`load_config`). Keys use
dashes, as in ruff (`fail-on`, `per-file-ignores`); every error is a
`ConfigError` whose message names the file, the line when it can be found, and
the dotted key, and suggests the nearest known key for a misspelled one.

Code selection follows ruff: `select`/`ignore` hold codes or prefixes (`CC3`
matches CC301; `ALL` matches every code) and the most specific matching entry
wins, `ignore` winning a tie. `per-file-ignores` maps globs, relative to the
config file's folder, to codes that are never reported for matching files.
"""

from __future__ import annotations

import difflib
import os
import posixpath
import re
import tomllib
from collections.abc import Iterable, Mapping
from datetime import date as Date
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr, ValidationError, field_validator

from claimcheck.errors import ConfigError
from claimcheck.options import DEFAULT_MAX_FIGURE_RUN, LintOptions
from claimcheck.readers import DEFAULT_MAX_BYTES

CONFIG_NAMES = ("claimcheck.toml", ".claimcheck.toml")
PYPROJECT = "pyproject.toml"
PYPROJECT_TABLE = ("tool", "claimcheck")

FailOn = Literal["error", "warning", "info", "never"]
OutputFormat = Literal["text", "json", "sarif", "github", "markdown", "html"]

# A selector is a code, a code prefix ("CC", "CC3", "CC30", "CC301") or ALL.
SELECTOR_RE = re.compile(r"^(?:ALL|[A-Z]{1,8}[0-9]{0,4})$")
# A header line of a TOML table: [a.b] or [[a.b]].
_HEADER_RE = re.compile(r"^\s*\[\[?(?P<key>[^\]\n]*)\]\]?\s*(?:#.*)?$")
# One part of a TOML key: bare, "basic" or 'literal', followed by a dot or the end.
_KEY_PART_RE = re.compile(r"""\s*(?:(?P<bare>[A-Za-z0-9_-]+)|"(?P<basic>(?:[^"\\]|\\.)*)"|'(?P<lit>[^']*)')\s*""")
_BARE_KEY_RE = re.compile(r"^[A-Za-z0-9_-]+$")
_TOML_POSITION_RE = re.compile(r"\(at line (\d+), column (\d+)\)")
_PYPROJECT_HEADER_RE = re.compile(r"^\s*\[\s*tool\s*\.\s*(?:claimcheck|\"claimcheck\")\s*[\].]", re.M)


def _normalise_selector(value: Any) -> Any:
    """Return a selector upper-cased, or raise ValueError if it is no code, prefix or ALL."""
    if isinstance(value, str):
        value = value.strip().upper()
        if not SELECTOR_RE.match(value):
            raise ValueError(f"{value!r} is not a code, a code prefix or ALL")
    return value


def _one_or_many(value: Any) -> Any:
    """Return a lone string as a one-item list (`select = "CC3"`)."""
    return [value] if isinstance(value, str) else value


Selector = Annotated[str, BeforeValidator(_normalise_selector)]
Selectors = Annotated[list[Selector], BeforeValidator(_one_or_many)]


class CurrencyConfig(BaseModel):
    """The `[currency]` table: what an ambiguous currency marker means."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # The ISO 4217 code a bare "$" stands for.
    dollar: str = "USD"

    @field_validator("dollar", mode="before")
    @classmethod
    def _iso_code(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip().upper()
            if not re.fullmatch(r"[A-Z]{3}", value):
                raise ValueError(f"{value!r} is not an ISO 4217 currency code such as 'USD'")
        return value


class Config(BaseModel):
    """Validated claimcheck configuration; TOML keys are the dashed aliases.

    `path` is the file the configuration came from (None for the defaults) and
    `root` the folder that `per-file-ignores` globs and relative paths are
    resolved against. Paths in `rules` and `facts` are absolute after loading.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    select: Selectors = Field(default_factory=lambda: ["ALL"])
    ignore: Selectors = Field(default_factory=list)
    fail_on: FailOn = Field("warning", alias="fail-on")
    strict: bool = False
    tolerance: float = Field(0.0, ge=0.0, allow_inf_nan=False)
    rules: Annotated[list[Path], BeforeValidator(_one_or_many)] = Field(default_factory=list)
    per_file_ignores: dict[str, Selectors] = Field(default_factory=dict, alias="per-file-ignores")
    date: Date | None = None
    currency: CurrencyConfig = Field(default_factory=CurrencyConfig)
    facts: str | None = None
    max_bytes: int = Field(DEFAULT_MAX_BYTES, ge=0, alias="max-bytes")
    time_budget: float = Field(60.0, gt=0.0, allow_inf_nan=False, alias="time-budget")
    max_figure_run: int = Field(DEFAULT_MAX_FIGURE_RUN, ge=0, alias="max-figure-run")
    jobs: int = Field(0, ge=0)
    show_passed: bool = Field(False, alias="show-passed")
    format: OutputFormat = "text"  # an attribute, so it shadows no builtin

    _path: Path | None = PrivateAttr(default=None)

    @property
    def path(self) -> Path | None:
        """Return the configuration file this came from, or None for the defaults."""
        return self._path

    @property
    def root(self) -> Path:
        """Return the folder relative globs and paths are resolved against."""
        return self._path.parent if self._path is not None else Path.cwd()

    def merge(self, cli_overrides: Mapping[str, Any]) -> Config:
        """Return a copy with the command-line values applied over this configuration.

        Keys are field names or dashed aliases (`fail_on` or `fail-on`); a value
        of None means "not given" and keeps the configured value. `rules` are
        added to the configured packs (both sets are used); `extend_select` and
        `extend_ignore` append to `select`/`ignore`; a string `currency` is the
        meaning of a bare "$"; everything else replaces.
        Relative paths given on the command line are taken from the current folder.
        """
        data = self.model_dump(by_alias=False)
        for raw_key, value in cli_overrides.items():
            if value is None:
                continue
            key = raw_key.replace("-", "_")
            if key in ("extend_select", "extend_ignore"):
                target = key.removeprefix("extend_")
                data[target] = list(data[target]) + list(_as_list(value))
                continue
            key = _OVERRIDE_KEYS.get(key, "")
            if not key:
                raise ConfigError(f"unknown option {raw_key!r}")
            if key == "rules":
                data["rules"] = list(data["rules"]) + [Path(p).absolute() for p in _as_list(value)]
            elif key == "facts":
                data["facts"] = _resolve_facts(str(value), Path.cwd())
            elif key in ("select", "ignore"):
                data[key] = list(_as_list(value))
            elif key == "currency" and isinstance(value, str):
                data["currency"] = {"dollar": value}
            else:
                data[key] = value
        try:
            merged = Config.model_validate(data)
        except ValidationError as exc:
            err = exc.errors()[0]
            loc = err["loc"]
            option = _FIELD_ALIASES.get(str(loc[0]), str(loc[0])) if loc else "?"
            raise ConfigError(f"invalid value for --{option}: {_error_text(err)}") from None
        merged._path = self._path
        return merged

    def to_options(self) -> LintOptions:
        """Return the `LintOptions` of a lint run with this configuration."""
        return LintOptions(
            select=tuple(self.select),
            ignore=tuple(self.ignore),
            strict=self.strict,
            tolerance=self.tolerance,
            rules=tuple(str(p) for p in self.rules),
            show_passed=self.show_passed,
            date=self.date.isoformat() if self.date else None,
            dollar=self.currency.dollar,
            facts=self.facts,
            max_bytes=self.max_bytes,
            time_budget=self.time_budget,
            max_figure_run=self.max_figure_run,
        )

    def is_enabled(self, code: str, path: str | os.PathLike[str] | None = None) -> bool:
        """Return True when findings with `code` in file `path` should be reported."""
        if not code_selected(code, self.select, self.ignore):
            return False
        if path is not None and self.per_file_ignores:
            return not ignored_for_path(code, path, self.per_file_ignores, self.root)
        return True


_FIELD_ALIASES: dict[str, str] = {
    name: (field.alias or name) for name, field in Config.model_fields.items()
}
# `merge` accepts field names and aliases, with dashes or underscores.
_OVERRIDE_KEYS: dict[str, str] = {
    **{name: name for name in Config.model_fields},
    **{alias.replace("-", "_"): name for name, alias in _FIELD_ALIASES.items()},
}
# The keys a user may write, per table (the dotted path of the table).
KNOWN_KEYS: dict[tuple[str, ...], tuple[str, ...]] = {
    (): tuple(_FIELD_ALIASES.values()),
    ("currency",): tuple(CurrencyConfig.model_fields),
}


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, (str, os.PathLike)):
        return [value]
    return list(value)


def _resolve_facts(value: str, base: Path) -> str:
    """Return a facts location: URLs as given, file paths made absolute against `base`."""
    if "://" in value:
        return value
    return str((base / value).absolute()) if not os.path.isabs(value) else value


# ---------------------------------------------------------------- discovery


def find_config(start: Path) -> Path | None:
    """Return the configuration file that applies to `start`, or None.

    Walks up from `start` (a file starts at its folder) to the filesystem root.
    At each level the first of `claimcheck.toml`, `.claimcheck.toml` and a
    `pyproject.toml` that has a `[tool.claimcheck]` table wins.
    """
    here = Path(os.path.abspath(start))
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file():
                return candidate
        candidate = folder / PYPROJECT
        if candidate.is_file() and _pyproject_has_table(candidate):
            return candidate
    return None


def _pyproject_has_table(path: Path) -> bool:
    """Return True when `path` has a `[tool.claimcheck]` table.

    A pyproject.toml that does not parse counts only if it visibly declares the
    table (then `load_config` reports the syntax error); otherwise it is some
    other tool's broken file and the walk goes on.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return False
    if "claimcheck" not in text:
        return False
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError):
        return bool(_PYPROJECT_HEADER_RE.search(text))
    tool = data.get("tool")
    return isinstance(tool, dict) and "claimcheck" in tool


# ---------------------------------------------------------------- loading


def load_config(path: Path) -> Config:
    """Return the validated `Config` read from `path` (a claimcheck TOML file or pyproject.toml).

    Raises `ConfigError` naming the file, line and dotted key. A pyproject.toml
    without a `[tool.claimcheck]` table gives the defaults.
    """
    path = Path(os.path.abspath(path))
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(f"{path}: configuration file not found") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not valid UTF-8 (byte offset {exc.start})") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc.strerror or exc}") from None
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        where = _TOML_POSITION_RE.search(message)
        reason = _TOML_POSITION_RE.sub("", message).strip()
        if where:
            raise ConfigError(f"{path}:{where.group(1)}:{where.group(2)}: invalid TOML: {reason}") from None
        raise ConfigError(f"{path}: invalid TOML: {reason}") from None
    except RecursionError:  # NOTE: tomllib recurses into nested arrays and inline tables
        raise ConfigError(f"{path}: invalid TOML: values nested too deeply") from None

    prefix: tuple[str, ...] = ()
    table: Any = document
    scanner = _KeyLines(text)
    if path.name == PYPROJECT:
        prefix = PYPROJECT_TABLE
        tool = document.get("tool", {})
        table = tool.get("claimcheck", {}) if isinstance(tool, dict) else {}
        if not isinstance(table, dict):
            raise _error(path, scanner, prefix, (), "[tool.claimcheck] must be a table")

    _check_keys(path, scanner, prefix, (), table)
    data = dict(table)
    base = path.parent
    # Relative paths in the file mean "next to the file", whatever the current folder.
    if isinstance(data.get("rules"), (str, list)):
        data["rules"] = [
            (base / item).absolute() if isinstance(item, str) and not os.path.isabs(item) else item
            for item in _one_or_many(data["rules"])
        ]
    if isinstance(data.get("facts"), str):
        data["facts"] = _resolve_facts(data["facts"], base)
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(err["loc"])
        message = f"invalid value for {_dotted(loc)!r}: {_error_text(err)}"
        raise _error(path, scanner, prefix, loc, message) from None
    config._path = path
    return config


def _check_keys(path: Path, scanner: _KeyLines, prefix: tuple[str, ...], table_path: tuple[str, ...],
                table: Mapping[str, Any]) -> None:
    """Raise `ConfigError` for the first key in `table` that is not a known key."""
    known = KNOWN_KEYS[table_path]
    for key, value in table.items():
        if key not in known:
            where = "in [" + ".".join(prefix + table_path) + "]" if (prefix or table_path) else "at the top level"
            hint = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            if not hint and key.replace("_", "-") in known:
                hint = [key.replace("_", "-")]
            message = f"unknown key {key!r} {where}"
            if hint:
                message += f" (did you mean {hint[0]!r}?)"
            elif key == "tool" and not prefix:
                message += f" ({path.name} holds the keys themselves; [tool.claimcheck] belongs in pyproject.toml)"
            raise _error(path, scanner, prefix, table_path + (key,), message)
        sub = table_path + (key,)
        if sub in KNOWN_KEYS and isinstance(value, dict):
            _check_keys(path, scanner, prefix, sub, value)


def _error(path: Path, scanner: _KeyLines, prefix: tuple[str, ...], loc: tuple[Any, ...],
           message: str) -> ConfigError:
    """Return a `ConfigError` for `loc` (a key path inside the claimcheck table), with its line."""
    keys = prefix + tuple(str(p) for p in loc if isinstance(p, str))
    line = scanner.line_of(keys)
    return ConfigError(f"{path}:{line}: {message}" if line else f"{path}: {message}")


def _dotted(loc: Iterable[Any]) -> str:
    """Return a pydantic error location as a dotted TOML key: per-file-ignores."docs/*"[0]."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
            continue
        name = _FIELD_ALIASES.get(part, part) if not out else part
        piece = name if _BARE_KEY_RE.match(name) else '"' + name.replace('"', '\\"') + '"'
        out = f"{out}.{piece}" if out else piece
    return out


def _error_text(err: Mapping[str, Any]) -> str:
    """Return pydantic's message for one error without its 'Value error, ' prefix."""
    message = str(err.get("msg", "invalid value"))
    message = message.removeprefix("Value error, ")
    if "input" in err and err.get("type") != "missing":
        shown = repr(err["input"])
        if shown in message:
            return message
        if len(shown) > 60:
            shown = shown[:57] + "..."
        message += f" (got {shown})"
    return message


class _KeyLines:
    """Find the line that defines a dotted key in TOML text, by scanning key/value lines.

    NOTE: tomllib gives no positions, so this is a line scanner over text that
    already parsed: it tracks `[table]` headers and matches `key =` lines. Keys
    inside inline tables or multi-line values resolve to the line of the
    enclosing key, which is the best place to point at.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._entries: list[tuple[tuple[str, ...], int]] | None = None

    def _scan(self) -> list[tuple[tuple[str, ...], int]]:
        entries: list[tuple[tuple[str, ...], int]] = []
        table: tuple[str, ...] = ()
        for number, line in enumerate(self.text.split("\n"), start=1):
            header = _HEADER_RE.match(line)
            if header:
                parts = _parse_key(header.group("key"))
                if parts is not None:
                    table = parts
                    entries.append((table, number))
                continue
            if "=" not in line:
                continue
            parts = _parse_key(line.split("=", 1)[0]) if not line.lstrip().startswith("#") else None
            if parts:
                entries.append((table + parts, number))
        return entries

    def line_of(self, keys: tuple[str, ...]) -> int | None:
        """Return the line defining `keys` (or its nearest enclosing key), or None."""
        if self._entries is None:
            self._entries = self._scan()
        best, best_len = None, 0
        for full, number in self._entries:
            if full[: len(keys)] == keys:
                return number  # the key itself, or a table or dotted key inside it
            if len(full) > best_len and keys[: len(full)] == full:
                best, best_len = number, len(full)
        return best


def _parse_key(raw: str) -> tuple[str, ...] | None:
    """Return the parts of a dotted TOML key (`a."b.c".d`), or None if `raw` is not a key."""
    parts: list[str] = []
    pos = 0
    while True:
        m = _KEY_PART_RE.match(raw, pos)
        if not m or m.end() == pos:
            return None
        if m.group("bare") is not None:
            parts.append(m.group("bare"))
        elif m.group("basic") is not None:
            parts.append(re.sub(r"\\(.)", r"\1", m.group("basic")))
        else:
            parts.append(m.group("lit"))
        pos = m.end()
        if pos == len(raw):
            return tuple(parts)
        if raw[pos] != ".":
            return None
        pos += 1


# ---------------------------------------------------------------- selection


def _specificity(code: str, selectors: Iterable[str]) -> int:
    """Return the length of the longest selector matching `code` (0 for ALL), or -1."""
    best = -1
    for selector in selectors:
        selector = selector.upper()
        if selector == "ALL":
            best = max(best, 0)
        elif code.startswith(selector):
            best = max(best, len(selector))
    return best


def code_selected(code: str, select: Iterable[str], ignore: Iterable[str]) -> bool:
    """Return True when `code` is selected: some `select` entry matches it and no
    `ignore` entry at least as specific does (ruff's rule; `ALL` is least specific).

    `select=["CC3"], ignore=["CC301"]` drops CC301 only; `select=["CC301"],
    ignore=["CC3"]` keeps CC301, because the more specific entry wins.
    """
    code = code.upper()
    chosen = _specificity(code, select)
    return chosen >= 0 and chosen > _specificity(code, ignore)


def relative_posix(path: str | os.PathLike[str], root: str | os.PathLike[str]) -> str:
    """Return `path` relative to `root` with forward slashes, or normalised as given if outside it."""
    raw = os.fspath(path)
    absolute = os.path.abspath(raw)
    try:
        rel = os.path.relpath(absolute, os.path.abspath(root))
    except ValueError:  # another drive on Windows
        rel = raw
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        rel = raw
    return posixpath.normpath(rel.replace(os.sep, "/"))


def ignored_for_path(
    code: str,
    path: str | os.PathLike[str],
    per_file_ignores: Mapping[str, Iterable[str]],
    root: str | os.PathLike[str],
) -> bool:
    """Return True when `per_file_ignores` turns `code` off for the file at `path`.

    Globs (fnmatch: `*`, `?`, `[...]`; `*` also crosses `/`) are matched against
    the path relative to `root` with forward slashes; a glob without a `/` also
    matches the file name alone, and a leading `**/` also matches at the root.
    The codes are prefixes as in `select` (`ALL` allowed).
    """
    if not per_file_ignores:
        return False
    code = code.upper()
    rel = relative_posix(path, root)
    name = posixpath.basename(rel)
    for glob, codes in per_file_ignores.items():
        if _specificity(code, codes) < 0:
            continue
        if _glob_matches(glob, rel, name):
            return True
    return False


def _glob_matches(glob: str, rel: str, name: str) -> bool:
    glob = glob.replace("\\", "/").removeprefix("./")
    if fnmatchcase(rel, glob):
        return True
    if glob.startswith("**/") and fnmatchcase(rel, glob[3:]):
        return True
    return "/" not in glob and fnmatchcase(name, glob)


__all__ = [
    "Config",
    "CurrencyConfig",
    "KNOWN_KEYS",
    "code_selected",
    "find_config",
    "ignored_for_path",
    "load_config",
    "relative_posix",
]
