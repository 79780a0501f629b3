"""Compare `extract_text` of two source trees on many random figure-heavy texts.

Speed work on the extractor must not change a single figure. This script
builds the same random texts (seeded) in two worker processes, one importing
claimcheck from `--old` (a `src/` folder of another checkout, e.g. one made
with `git archive BASE src rules | tar -x -C /tmp/base`) and one from this
checkout, and compares every field of every figure, in order:

    .venv/bin/python benchmarks/differential.py --old /tmp/base/src --count 100000

The texts mix digits with every separator the numeral pattern knows, currency
signs and codes, scale words, percent and point markers, hedges, ranges,
dates, counted nouns, identifiers that are not figures, invisible marks,
full-width and other scripts' digits, Unicode minus signs and line breaks.
It prints the number of texts and figures compared and the first texts that
differ (exit 1), or "identical".
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

DIGITS = "0123456789"
SEPARATORS = [",", ".", " ", "\u2009", "\u202f", "\u00a0", "", "", "", ""]
WORDS = [
    # currency before
    "$", "$", "US$", "HK$", "C$", "S$", "A$", "NT$", "R$", "U.S.$", "hk $", "€", "£", "¥", "￥", "₹", "RMB ", "RMB",
    "USD ", "EUR ", "Rs. ", "Rs", "rs", "CHF ", "JPY ", "元",
    # scale, percent, unit words after
    " million", " billion", " trillion", " thousand", " lakh", " crore", "bn", "m", "mm", "k", "K", "M", "B",
    " bn", " mln", " MM", "%", "％", " per cent", " percent", "pct", " percentage points", " points", " pts",
    " basis points", " bps", "bp", " pp", " times", "x", "×", "-fold", " fold", " cents", " cent", " pence",
    " dollars", " dollar", " yuan", " euros", " pounds", " yen", " won", " rupees", " francs", " months",
    " years", " decades", " days", " weeks", " hours", " secs", " users", " employees", " stores", " staff",
    " new stores", " river systems", " people", " shares", " a share", " per share", " each share",
    # hedges and context
    "about ", "around ", "nearly ", "almost ", "more than ", "over ", "up to ", "under ", "less than ",
    "as much as ", "as little as ", "at least ", "~", "±", "+/- ", "+/-", "plus or minus ", "minus ",
    "negative ", "between ", " and ", " to ", " through ", " or ", "from ", "by ", "rose ", "fell ", "up ",
    "down ", " of ", " of its ", " of the ", "page ", "tier ", "type ", "flight ", "No. ", "#", "version ",
    "v", "Python ", "FY", "fy", "mid-", "pre-", "in ", "since ", "the ", "which ", "a ", "an ", "one ",
    "iPhone ", "COVID-", "A", "G", "th", "st", "nd", "s",
    # number words
    "one", "two", "three", "twenty", "twenty-one", "forty-five", "hundred", "a hundred", "dozen", "a dozen",
    "half", "a half", "a third", "two thirds", "three quarters", "a quarter", "quarter", "first half",
    "second-half", "point", " point five", "nought", "fourfold", "tenfold", "one and a half", "over three",
    "out of", "thirteen dollars and forty-five cents",
    # dates and times
    "January", "March", "May", "Sept", "jan", "2024", "2019", "2026", "1999", "2019-20", "2019/20",
    "2026-01-20", "5/17/2018", "20 January 2026", "January 5, 2024", "end of May", "Q3", "16:00", "9:30 a.m.",
    # separators, punctuation, invisible and look-alike characters
    " ", " ", " ", " ", "  ", "\t", "\n", "\n\n", "\r\n", ".", ",", ";", ":", "(", ")", "[", "]", "^", "/",
    "@", "&", "°", "_", "-", "–", "—", "\u2012", "\u2212", "\u2212 ", "+", "*", "|", "'s", "\"",
    "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202c", "\u202e", "\u2066", "\u2067",
    "\u2069", "\ufeff", "\u00ad", "\u061c", "\u2060", "\u3000", "、", "。", "億円", "増", "売上高は",
    "１２３", "４５％", "＄", "．", "，", "０", "７", "٣٬٤٥٠", "١٢٫٥٪", "٪", "३४", "İ", "ß", "é",
    "http://x.com/1", "www.a.com", "a@b.com", "v2.3.1", "1.2.3", "192.168.1.2", "10-K", "+1-222-2222",
    "(555) 123-4567", "555-123-4567", "1. ", "[1]", "^2", "1e10", "12.32e+14", "1.1^23", "3/4", "2 1/4",
    "24/7", "Revenue", " revenue", " margin", " rate", " retention rate", "Veridian",
    "About ", "MORE THAN ", "Up To ", "\u017fome ", "\u212a", "approx. ", "c. ", "some ", "in the region of ",
    "just   over ", "close\tto ", "nearly\n", "about\r\n", "Rs.", "rs ",
    "$3 and 50 cents", "$3 50 cents", "$12 and 100 cents", "$7 and 099", "$4 and forty-five", "$2 and 1e1 cents",
    "$5 dollars and 3 million", "$9 and 12.5 cents",
]


GAPS = ["  ", "\n", "\u00a0", "\u2009", "\u202f", "\t", "\u200b", "\ufeff", "\u3000", "\r\n", "\n\n"]


def numeral(rng: random.Random) -> str:
    """Return a random digit numeral: plain, grouped with one separator, decimal, with look-alike digits."""
    shape = rng.random()
    if shape < 0.3:
        s = "".join(rng.choice(DIGITS) for _ in range(rng.randint(1, 5)))
    elif shape < 0.6:
        sep = rng.choice(SEPARATORS)
        groups = [str(rng.randint(1, 999))] + ["".join(rng.choice(DIGITS) for _ in range(rng.choice((3, 3, 3, 2, 4))))
                                               for _ in range(rng.randint(1, 3))]
        s = sep.join(groups)
    else:
        s = str(rng.randint(0, 999)) + rng.choice((".", ".", ",", "\u066b")) + "".join(
            rng.choice(DIGITS) for _ in range(rng.randint(1, 3)))
    r = rng.random()
    if r < 0.05:
        s = "".join(chr(0xFF10 + int(c)) if c.isdigit() else c for c in s)
    elif r < 0.08:
        s = "".join(chr(0x0660 + int(c)) if c.isdigit() else c for c in s)
    elif r < 0.15:
        k = rng.randint(0, len(s))
        s = s[:k] + rng.choice(("\u200b", "\u200c", "\u200e", "\u200f", "\ufeff", "\u00ad", "\u2066")) + s[k:]
    return s


HEDGES = ["about ", "nearly ", "more than ", "up to ", "~", "±", "plus or minus ", "as much as ", "some ",
          "just under ", "in the region of ", "minus ", "-", "\u2212", "\u2212\u2009", "between ", "from ", "by "]
CURRENCIES = ["$", "US$", "HK$", "€", "£", "¥", "RMB ", "USD ", "Rs. ", "＄", "$ "]
SCALES = [" million", " billion", "bn", "m", "k", " thousand", " trillion", "M", " mln"]
SUFFIXES = ["%", " per cent", " percent", " percentage points", " points", " basis points", " times", "x",
            "-fold", " months", " years", " users", " staff", " euros", " yuan", " dollars", " cents", "％"]
RANGES = ["-", "\u2013", "\u2014", " to ", " and ", " through ", " or ", "–", " - "]


def phrase(rng: random.Random) -> str:
    """Return a figure as articles write it: hedge, currency, numeral, scale, unit, maybe a second end."""
    out = []
    if rng.random() < 0.3:
        out.append(rng.choice(HEDGES))
    if rng.random() < 0.4:
        out.append(rng.choice(CURRENCIES))
    out.append(numeral(rng) if rng.random() < 0.7 else str(rng.randint(0, 120)))
    if rng.random() < 0.2:
        out.append(rng.choice(RANGES))
        if rng.random() < 0.3:
            out.append(rng.choice(CURRENCIES))
        out.append(numeral(rng) if rng.random() < 0.5 else str(rng.randint(0, 200)))
    if rng.random() < 0.4:
        out.append(rng.choice(SCALES))
    if rng.random() < 0.5:
        out.append(rng.choice(SUFFIXES))
    return "".join(out)


def make_text(rng: random.Random) -> str:
    """Return one random figure-heavy text of a few dozen tokens."""
    parts = []
    for _ in range(rng.randint(1, 40)):
        r = rng.random()
        if r < 0.25:
            parts.append(numeral(rng))
        elif r < 0.45:
            parts.append(phrase(rng))
        else:
            parts.append(rng.choice(WORDS))
        r = rng.random()
        if r < 0.55:
            parts.append(" ")
        elif r < 0.6:
            parts.append(rng.choice(GAPS))
    return "".join(parts)


def worker(seed: int, count: int) -> None:
    """Print one digest line per text (and the figure count) for texts `seed`..`seed+count`."""
    from claimcheck.extract import extract_text

    out = sys.stdout
    for i in range(seed, seed + count):
        text = make_text(random.Random(i))
        figures = extract_text(text)
        rows = [(list(f.__dict__.items()), sorted(f.__pydantic_fields_set__), f.__pydantic_extra__,
                 f.__pydantic_private__) for f in figures]
        digest = hashlib.sha1(repr(rows).encode("utf-8", "surrogatepass")).hexdigest()[:16]
        out.write(f"{i} {len(figures)} {digest}\n")


def run(src: str, seed: int, count: int) -> list[str]:
    """Return the digest lines of a worker importing claimcheck from `src`."""
    env = dict(os.environ, PYTHONPATH=src, PYTHONHASHSEED="0")
    cmd = [sys.executable, __file__, "--worker", "--seed", str(seed), "--count", str(count)]
    return subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout.splitlines()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Compare extract_text of two source trees on random texts.")
    ap.add_argument("--old", help="the src/ folder of the reference checkout")
    ap.add_argument("--new", default=str(ROOT / "src"), help="the src/ folder to test (default: this checkout)")
    ap.add_argument("--count", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        worker(args.seed, args.count)
        return 0
    if not args.old:
        ap.error("--old is required")
    old = run(args.old, args.seed, args.count)
    new = run(args.new, args.seed, args.count)
    bad = [(a, b) for a, b in zip(old, new) if a != b]
    figures = sum(int(line.split()[1]) for line in old)
    print(f"{len(old):,} texts, {figures:,} figures compared")
    if len(old) != len(new) or bad:
        for a, b in bad[:10]:
            i = int(a.split()[0])
            print(f"differs: text {i}: {make_text(random.Random(i))!r}\n  old {a}\n  new {b}")
        return 1
    print("identical")
    return 0


if __name__ == "__main__":
    sys.exit(main())
