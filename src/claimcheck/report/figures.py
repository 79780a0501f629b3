"""The `claimcheck extract --format table` view: aligned figure rows for people."""

from __future__ import annotations

from claimcheck import arith
from claimcheck.models import Figure


def _num(x: float | None) -> str:
    """Return a compact rendering of a number (None and infinities included)."""
    if x is None:
        return "-"
    if x in (float("inf"), float("-inf")):
        return "∞" if x > 0 else "-∞"
    if x == int(x) and abs(x) < 1e15:
        return f"{int(x):,}"
    return f"{x:,.6g}"


def figure_table(path: str, figures: list[Figure], width: int = 80) -> str:
    """Return a table of `figures` for `path`, every row at most `width` columns wide.

    Columns: position, kind, surface text (shortened with "…" when needed),
    value with unit, and the interval the wording allows.
    """
    if not figures:
        return f"{path}: no figures\n"
    rows = [f"{path}: {len(figures)} figure{'s' if len(figures) != 1 else ''}"]
    for f in figures:
        head = f"  {f.line}:{f.col}".ljust(11) + f"{f.kind:<9}"
        if f.kind in ("date", "year"):
            tail = f" {f.iso or int(f.value)}"
        else:
            # NOTE: a stated figure keeps its written digits ("$156.5 m [$156.45–156.55 m]").
            tail = f" {arith.quantity(f.value, f.unit, digits=7)} " \
                   f"[{arith.interval_text((f.low, f.high), f.unit, digits=8)}]"
        room = max(8, width - len(head) - len(tail) - 1)
        text = " ".join(f.text.split())
        if len(text) > room:
            text = text[: room - 1] + "…"
        row = f"{head}{text:<{room}} {tail.strip()}"
        if len(row) > width:
            row = row[: width - 1] + "…"
        rows.append(row.rstrip())
    return "\n".join(rows) + "\n"
