"""The `claimcheck extract --format table` view: aligned figure rows for people."""

from __future__ import annotations

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
    """Return a table of `figures` for `path`, each row within `width` columns."""
    if not figures:
        return f"{path}: no figures\n"
    rows = [f"{path}: {len(figures)} figure{'s' if len(figures) != 1 else ''}"]
    for f in figures:
        where = f"{f.line}:{f.col}"
        interval = f"[{_num(f.low)}, {_num(f.high)}]"
        head = f"  {where:<9} {f.kind:<8} "
        value = f"{_num(f.value)} {f.unit or ''}".strip()
        text = f.text.replace("\n", " ")
        room = width - len(head) - len(value) - len(interval) - 3
        if len(text) > max(room, 12):
            text = text[: max(room, 12) - 1] + "…"
        rows.append(f"{head}{text:<{max(room, 12)}} {value} {interval}"[: width + 40].rstrip())
    return "\n".join(rows) + "\n"
