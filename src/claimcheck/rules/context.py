"""What a rule receives (`Context`) and the helpers rules share to build findings.

Rules are pure: they read the context and yield `Finding`s. Nothing here keeps
state between documents.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from claimcheck import arith
from claimcheck.interpret import Interpretation, Reading
from claimcheck.interpret.dates import ArticleDate, find_article_date
from claimcheck.models import Computation, ComputationInput, FigureRef, Finding
from claimcheck.options import LintOptions

# A gap between intervals larger than this share of the stated value is an
# error; a smaller one is a warning ("just outside": rounding or a slip?).
ERROR_GAP = 0.10
_DATE = frozenset({"date"})


@dataclass(frozen=True)
class Context:
    """The interpreted document, the loaded packs, the run's options and its reference facts."""

    interp: Interpretation
    packs: object
    options: LintOptions
    # The `claimcheck.facts.FactIndex` of `options.facts`, or None without `--facts`.
    facts: object | None = None

    @property
    def path(self) -> str:
        """Return the document's path as given by the user."""
        return self.interp.doc.path

    @property
    def plain_intervals(self) -> bool:
        """Return True when `interval(r)` is the figure's own (low, high): no `--strict`, no tolerance."""
        return not self.options.strict and self.options.tolerance <= 0

    def interval(self, r: Reading) -> tuple[float, float]:
        """Return the interval of a reading's figure under the run's options."""
        f = r.figure
        options = self.options
        if options.strict and f.strict_low is not None and f.strict_high is not None:
            iv = (f.strict_low, f.strict_high)
        else:
            iv = (f.low, f.high)
        tolerance = options.tolerance
        # NOTE: `arith.widen` returns `iv` itself without a tolerance (the default); the
        # rules ask for tens of thousands of intervals in a long article.
        return iv if tolerance <= 0 else arith.widen(iv, f.value, tolerance)

    def article_date(self) -> ArticleDate | None:
        """Return the article's date (front matter, dateline, `--date`) or None, found once per document."""
        date_option = getattr(self.options, "date", None)
        key = ("article-date", date_option)
        derived = self.interp.derived
        if key not in derived:
            interp = self.interp
            derived[key] = find_article_date(interp.doc, [r.figure for r in interp.readings], self.options,
                                             [r.index for r in readings_of(interp, _DATE)])
        return derived[key]

    def severity(self, code: str, default: str) -> str:
        """Return the severity configured for `code` in the packs, else `default`."""
        fn = getattr(self.packs, "severity_for", None)
        return (fn(code) if fn else None) or default


def readings_of(interp: Interpretation, kinds: frozenset[str]) -> list[Reading]:
    """Return the readings whose figure is of one of `kinds`, in text order (found once per document; read-only)."""
    derived = interp.derived
    key = ("readings-of", kinds)
    found = derived.get(key)
    if found is None:
        by_kind = derived.get("readings-by-kind")
        if by_kind is None:
            # One pass files every reading under its kind; the rules ask for several kinds.
            by_kind = derived["readings-by-kind"] = {}
            for r, kind in zip(interp.readings, interp.kinds):
                found = by_kind.get(kind)
                if found is None:
                    by_kind[kind] = [r]
                else:
                    found.append(r)
        lists = [by_kind[kind] for kind in kinds if kind in by_kind]
        if len(lists) == 1:
            found = lists[0]
        else:
            found = sorted((r for readings in lists for r in readings), key=_index)
        derived[key] = found
    return found


def _index(r: Reading) -> int:
    return r.index


def ref(r: Reading, role: str | None = None) -> FigureRef:
    """Return the `FigureRef` a finding cites for reading `r`."""
    f = r.figure
    return FigureRef(
        text=f.text, line=f.line, col=f.col, end_line=f.end_line, end_col=f.end_col,
        value=f.value, unit=f.unit, low=_finite(f.low), high=_finite(f.high), role=role or r.metric or r.role,
    )


def _finite(x: float) -> float | None:
    return None if x is None or math.isinf(x) or math.isnan(x) else x


def operand(name: str, r: Reading, iv: tuple[float, float]) -> ComputationInput:
    """Return a computation input for reading `r` with interval `iv`."""
    f = r.figure
    return ComputationInput(name=name, text=f.text, value=f.value, low=_finite(iv[0]), high=_finite(iv[1]), unit=f.unit)


def grade(computed: tuple[float, float], stated: tuple[float, float], stated_value: float) -> tuple[str, float]:
    """Return ("pass"|"warning"|"error", relative gap) for two intervals that should agree."""
    rel = arith.relative_gap(computed, stated, stated_value)
    if rel == 0:
        return "pass", 0.0
    return ("warning" if rel < ERROR_GAP else "error"), rel


def finding(ctx: Context, rule, primary: Reading, message: str, *, status: str, severity: str,
            related: Iterable[FigureRef] = (), computation: Computation | None = None,
            suggestion: str | None = None) -> Finding:
    """Return a finding of `rule` located at `primary`'s figure."""
    f = primary.figure
    return Finding(
        code=rule.code, severity=severity, status=status, message=message, path=ctx.path,
        line=f.line, col=f.col, end_line=f.end_line, end_col=f.end_col, related=list(related),
        computation=computation, suggestion=suggestion, rule=rule.name,
    )
