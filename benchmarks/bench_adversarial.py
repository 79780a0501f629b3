"""Time `claimcheck lint` on the hostile inputs of issue 7, in seconds per MB.

Every input is written to a temporary file and linted end to end in a fresh
`claimcheck lint --format json` process (start-up included), so what is timed
is exactly what a CI job pays. Each input is also run at half its size: the
ratio of the two s/MB figures shows whether the cost grows faster than the
input (about 1.0 is linear; start-up makes small inputs look a little slower).

    cd /work/main   # the repository root
    .venv/bin/python benchmarks/bench_adversarial.py            # every input
    .venv/bin/python benchmarks/bench_adversarial.py digits nul  # some of them
    .venv/bin/python benchmarks/bench_adversarial.py --no-half  # full size only

Target (issue 7): under 2 s per MB on CI's 2-core machine. The tests in
`tests/test_hardening.py` lint the same inputs (from `INPUTS` below) and
assert completion and sane output, never wall time.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable

MB = 1024 * 1024


def _fill(unit: str, size: int) -> str:
    """Return `unit` repeated to about `size` bytes of UTF-8."""
    n = max(1, size // len(unit.encode("utf-8")))
    return unit * n


def digits(scale: float = 1.0) -> tuple[str, bytes]:
    """A single line of 1,000,000 digits."""
    return "digits.txt", ("7" * int(1_000_000 * scale) + "\n").encode()


def dollar_comma(scale: float = 1.0) -> tuple[str, bytes]:
    """Lines of 100,000 repetitions of "$1," filling about 1 MB (3.5 such lines)."""
    line = "$1," * 100_000 + "\n"
    full, rest = divmod(int(MB * scale), len(line))
    return "dollar-comma.txt", (line * full + "$1," * (rest // 3) + "\n").encode()


def nested_lists(scale: float = 1.0) -> tuple[str, bytes]:
    """Markdown bullet and ordered lists nested as deep as 1 MB allows (about 1,000 levels)."""
    lines = []
    size = 0
    depth = 0
    while size < MB * scale:
        marker = "- " if depth % 2 == 0 else "1. "
        line = "  " * depth + marker + f"level {depth} revenue rose 5% to ${depth + 1}.2 million\n"
        lines.append(line)
        size += len(line)
        depth += 1
    return "nested-lists.md", "".join(lines).encode()


def nested_quotes(scale: float = 1.0) -> tuple[str, bytes]:
    """Markdown blockquotes nested 5,000 deep, repeated to 1 MB."""
    block = "> " * 5_000 + "sales of $4.5 billion, up 12% from $4 billion\n\n"
    return "nested-quotes.md", _fill(block, int(MB * scale)).encode()


def nested_html(scale: float = 1.0) -> tuple[str, bytes]:
    """HTML nested 10,000 elements deep, each level with a figure; such trees fill about 1 MB (two of them)."""
    depth = min(10_000, int(20_000 * scale))
    opening = "".join(f'<div class="l{i % 7}"><span>${i}.5 million, up {i % 90}% </span>' for i in range(depth))
    tree = opening + "<p>Revenue was $5 million.</p>" + "</div>" * depth
    trees = [tree]
    while len(tree) * (len(trees) + 1) <= MB * scale * 1.2:
        trees.append(tree)
    body = "".join(trees)
    return "nested.html", f"<!doctype html><html><head><title>t</title></head><body>{body}</body></html>\n".encode()


def wide_table(scale: float = 1.0) -> tuple[str, bytes]:
    """A Markdown table of 10,000 columns, rows of figures to about 1 MB."""
    cols = 10_000
    header = "|" + "|".join(f"c{i}" for i in range(cols)) + "|\n"
    rule = "|" + "|".join("---" for _ in range(cols)) + "|\n"
    row = "|" + "|".join(f"${i % 97}m" for i in range(cols)) + "|\n"
    rows = max(1, int((MB * scale - len(header) - len(rule)) // len(row)))
    return "wide-table.md", (header + rule + row * rows).encode()


def many_figures(scale: float = 1.0) -> tuple[str, bytes]:
    """100,000 figures in one paragraph (one sentence: no full stop ends it)."""
    units = ["$1.5 million", "12%", "RMB 700 million", "3.2 times", "about 40 per cent", "2,450 staff",
             "€4–5 billion", "up 6 percentage points", "14 months", "half"]
    n = int(100_000 * scale)
    body = ", ".join(f"then {units[i % len(units)]}" for i in range(n))
    return "many-figures.txt", (body + "\n").encode()


def nul_bytes(scale: float = 1.0) -> tuple[str, bytes]:
    """A file of NUL bytes (expected: CC902)."""
    return "nul.txt", b"\x00" * int(MB * scale)


def mixed_encodings(scale: float = 1.0) -> tuple[str, bytes]:
    """UTF-8 prose followed by Latin-1, CP1252 and UTF-16 pieces (expected: CC902 with the byte offset)."""
    good = _fill("Revenue rose 5% to €12.4 million — a record. ", int(MB * scale) // 2).encode("utf-8")
    bad = ("Café revenue of €5 million, 12% more. " * 2000)
    data = good + bad.encode("latin-1", errors="replace") + bad.encode("cp1252") + bad.encode("utf-16")
    return "mixed.txt", data


def bidi_zero_width(scale: float = 1.0) -> tuple[str, bytes]:
    """Right-to-left marks, overrides and zero-width characters inside numbers."""
    unit = ("Revenue was $1\u200b000\u200c000, up 1\u200d2% and \u202e$4.5 billion\u202c "
            "or \u200f12\u200e.5% of \u2067RMB 700\u2069 million\ufeff, \u061c3.2 times. ")
    return "bidi.txt", _fill(unit, int(MB * scale)).encode()


def fullwidth_digits(scale: float = 1.0) -> tuple[str, bytes]:
    """Full-width digits and signs (１２３, ％, ＄)."""
    unit = ("Revenue rose from ＄１２３ million to ＄１５６．５ million, up ２７％; "
            "売上高は１２３億円、前年比１５％増。 The ratio is ７５０ times. ")
    return "fullwidth.txt", _fill(unit, int(MB * scale)).encode()


def unicode_separators(scale: float = 1.0) -> tuple[str, bytes]:
    """Unicode minus signs and thin / narrow no-break spaces as thousand separators."""
    unit = ("Profit fell \u22125% to \u2212$3\u2009200\u2009000 and 1\u202f234\u202f567 euros; "
            "margin \u2212\u200912.5%, change \u20121.5 points, loss of \u2013$4 billion, "
            "1\u00a0000\u00a0000 users, 2\u2009450.75 yuan. ")
    return "separators.txt", _fill(unit, int(MB * scale)).encode()


INPUTS: dict[str, Callable[[float], tuple[str, bytes]]] = {
    "digits": digits,
    "dollar-comma": dollar_comma,
    "nested-lists": nested_lists,
    "nested-quotes": nested_quotes,
    "nested-html": nested_html,
    "wide-table": wide_table,
    "many-figures": many_figures,
    "nul": nul_bytes,
    "mixed-encodings": mixed_encodings,
    "bidi-zero-width": bidi_zero_width,
    "fullwidth": fullwidth_digits,
    "unicode-separators": unicode_separators,
}


def lint_seconds(name: str, data: bytes, claimcheck: str) -> tuple[float, int]:
    """Return (wall seconds, exit code) of `claimcheck lint --format json` on `data` saved as `name`."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, name)
        with open(path, "wb") as fh:
            fh.write(data)
        start = time.perf_counter()
        proc = subprocess.run([claimcheck, "lint", "--isolated", "--format", "json", "--jobs", "1", path],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
        elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1, 2):
        sys.stderr.write(proc.stderr.decode("utf-8", "replace")[-2000:])
    return elapsed, proc.returncode


def main(argv: list[str] | None = None) -> int:
    """Print a table of seconds per MB for each hostile input; return 1 if any is over the target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help=f"inputs to run (default all: {', '.join(INPUTS)})")
    parser.add_argument("--no-half", action="store_true", help="skip the half-size run")
    parser.add_argument("--target", type=float, default=2.0, help="seconds per MB target (default 2)")
    args = parser.parse_args(argv)
    claimcheck = os.path.join(os.path.dirname(sys.executable), "claimcheck")
    start = time.perf_counter()
    sum(range(10**7))
    print(f"calibration sum(range(10**7)): {time.perf_counter() - start:.3f} s; cpus: {os.cpu_count()}")
    baseline, _ = lint_seconds("empty.txt", b"", claimcheck)
    print(f"start-up (lint of an empty file): {baseline:.2f} s")
    print(f"{'input':<20} {'bytes':>10} {'exit':>4} {'seconds':>8} {'s/MB':>6} {'half s/MB':>9} {'ratio':>5}")
    over = False
    for name in args.names or list(INPUTS):
        filename, data = INPUTS[name](1.0)
        seconds, code = lint_seconds(filename, data, claimcheck)
        per_mb = seconds / (len(data) / MB)
        half = ratio = ""
        if not args.no_half:
            _, half_data = INPUTS[name](0.5)
            half_seconds, _ = lint_seconds(filename, half_data, claimcheck)
            half_per_mb = half_seconds / (len(half_data) / MB)
            half, ratio = f"{half_per_mb:.2f}", f"{per_mb / half_per_mb:.2f}"
        flag = "  OVER" if per_mb > args.target else ""
        over = over or bool(flag)
        print(f"{name:<20} {len(data):>10} {code:>4} {seconds:>8.2f} {per_mb:>6.2f} {half:>9} {ratio:>5}{flag}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
