"""Pydantic models shared by every stage: figures, findings and the lint report.

A `Figure` is what the extractor found; a `Finding` is what a rule concluded.
Every output format is a projection of a list of `Finding`s.
"""

from __future__ import annotations

from operator import attrgetter
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Kind = Literal["money", "percent", "multiple", "count", "duration", "date", "year", "number"]
Severity = Literal["error", "warning", "info"]
Status = Literal["fail", "ambiguous", "pass"]

SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "error": 2}

REPORT_VERSION = "1"


class Figure(BaseModel):
    """One figure found in a document, with the interval its wording allows.

    `start`/`end` index `Document.text`; `line`/`col`/`end_line`/`end_col` are
    1-based positions in the original file (`end_col` is exclusive, as in SARIF).
    `low`/`high` follow the default precision rule (half a unit of the last
    non-zero digit, widened by hedges); `strict_low`/`strict_high` read the
    numeral as exact to its last written digit (for `--strict`).
    """

    model_config = ConfigDict(validate_assignment=False)

    text: str
    start: int
    end: int
    line: int = 0
    col: int = 0
    end_line: int = 0
    end_col: int = 0
    kind: Kind
    value: float
    unit: str | None = None
    low: float
    high: float
    strict_low: float | None = None
    strict_high: float | None = None
    hedge: str | None = None
    # The counted noun of a count ("developers"), the ISO date of a date
    # ("2026-01-20", "2026-05" for a month), the currency dollar ambiguity, etc.
    noun: str | None = None
    iso: str | None = None
    # Filled by the interpret stage.
    metric: str | None = None
    entity: str | None = None
    period: str | None = None


class FigureRef(BaseModel):
    """A figure as cited by a finding: where it is and what it says."""

    model_config = ConfigDict(frozen=True)

    text: str
    line: int
    col: int
    end_line: int
    end_col: int
    value: float | None = None
    unit: str | None = None
    low: float | None = None
    high: float | None = None
    role: str | None = None


class ComputationInput(BaseModel):
    """One operand of a check: its name in the formula and its interval."""

    model_config = ConfigDict(frozen=True)

    name: str
    text: str
    value: float | None = None
    low: float | None = None
    high: float | None = None
    unit: str | None = None


class Computation(BaseModel):
    """The arithmetic behind a finding, ready to print.

    `summary` is the one-line human reading (for example
    "RMB 0.7 bn × 750 = RMB 525 bn; stated RMB 550 bn (-4.5%)"); the numeric
    fields let other tools re-check it.
    """

    model_config = ConfigDict(frozen=True)

    expression: str
    inputs: list[ComputationInput] = Field(default_factory=list)
    result: float | None = None
    result_low: float | None = None
    result_high: float | None = None
    stated: float | None = None
    stated_low: float | None = None
    stated_high: float | None = None
    difference: float | None = None
    tolerance: float = 0.0
    verdict: str = ""
    summary: str = ""


class Finding(BaseModel):
    """The single result type of every rule and of every input error."""

    model_config = ConfigDict(frozen=True)

    code: str
    severity: Severity
    status: Status
    message: str
    path: str
    line: int
    col: int
    end_line: int | None = None
    end_col: int | None = None
    related: list[FigureRef] = Field(default_factory=list)
    computation: Computation | None = None
    suggestion: str | None = None
    rule: str | None = None

    def sort_key(self) -> tuple:
        """Return the key findings are ordered by: (path, line, col, code, message)."""
        return FINDING_ORDER(self)


# The order of findings in every report, as a key function; `sorted(findings,
# key=FINDING_ORDER)` runs without a Python call per finding.
FINDING_ORDER = attrgetter("path", "line", "col", "code", "message")


def severity_counts(findings) -> dict[str, int]:
    """Return the number of failing or ambiguous findings per severity (passed checks not counted)."""
    out = {"error": 0, "warning": 0, "info": 0}
    for f in findings:
        if f.status != "pass":
            out[f.severity] += 1
    return out


class ExtractRecord(BaseModel):
    """One line of `claimcheck extract --format jsonl`."""

    path: str
    line: int
    col: int
    end_line: int
    end_col: int
    text: str
    kind: Kind
    value: float
    unit: str | None
    low: float | None
    high: float | None
    hedge: str | None = None
    metric: str | None = None
    entity: str | None = None


class LintReport(BaseModel):
    """What `claimcheck lint --format json` prints."""

    version: str = REPORT_VERSION
    tool: str = "claimcheck"
    findings: list[Finding] = Field(default_factory=list)
    files: int = 0
    counts: dict[str, int] = Field(default_factory=dict)
