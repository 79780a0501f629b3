"""Deterministic generator of article-like prose for benchmarking extraction.

The corpus mixes Markdown, HTML and plain-text articles written from
templates of financial news, at roughly the figure density of an earnings
story (about one figure per 90 characters of prose): money in many currency
forms, percentages, multiples, counts, durations, dates, years, ranges and
hedges, between sentences with no numbers at all.

    python benchmarks/corpus.py --size 5MB --out /tmp/corpus   # writes the files
    from benchmarks.corpus import generate; docs = generate(5_000_000)

The same size and seed always give the same documents.
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

DEFAULT_SIZE = 5_000_000
DEFAULT_SEED = 20260120

COMPANIES = [
    "Northwind Holdings", "Acme Robotics", "Blue Harbor Capital", "Zhongshan Data", "Kestrel Biotech",
    "Lumen Semiconductors", "Oakridge Retail", "Pacific Rim Shipping", "Helios Solar", "Granite Insurance",
    "Vantage Cloud", "Meridian Foods", "Aurora Motors", "Silverline Telecom", "Crescent Pharma",
]
NOUNS = ["employees", "customers", "paying developers", "stores", "subscribers", "users", "vehicles",
         "patents", "engineers", "partners", "units", "shareholders"]
METRICS = ["revenue", "net profit", "operating income", "free cash flow", "gross margin", "sales",
           "adjusted earnings", "capital expenditure", "annual recurring revenue"]
FILLER = [
    "Analysts said the outlook remained uncertain as the company integrates its recent acquisitions.",
    "The chief executive told reporters that demand in Europe had been stronger than expected.",
    "Management declined to comment on the details of the negotiations with regulators.",
    "The board reiterated its guidance and said it would continue to invest in research.",
    "Investors have been watching closely for signs that the slowdown is easing.",
    "People familiar with the matter said the talks could still collapse.",
    "The firm has been expanding into new markets in Southeast Asia and Latin America.",
    "Critics argue that the valuation leaves little room for error.",
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
HEDGES = ["about ", "around ", "nearly ", "more than ", "roughly ", "over ", "up to ", "at least ", "", "", "", ""]
SCALES = [" million", " billion", "m", "bn", " trillion", ",000", " thousand", ""]


def _num(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.4:
        return str(rng.randint(1, 999))
    if r < 0.8:
        return f"{rng.randint(1, 99)}.{rng.randint(0, 9)}"
    return f"{rng.randint(1, 9)}.{rng.randint(0, 99):02d}"


def _money(rng: random.Random) -> str:
    n = _num(rng)
    scale = rng.choice(SCALES)
    if scale == ",000":
        n = str(rng.randint(1, 999))
    form = rng.randrange(9)
    if form == 0:
        return f"${n}{scale}"
    if form == 1:
        return f"US${n}{scale}"
    if form == 2:
        return f"RMB {n}{scale}"
    if form == 3:
        return f"HK${n}{scale}"
    if form == 4:
        return f"€{n}{scale}"
    if form == 5:
        return f"£{n}{scale}"
    if form == 6:
        return f"{n}{scale} yuan"
    if form == 7:
        return f"$ {n}{scale}"
    return f"{n}{scale} dollars"


def _pct(rng: random.Random) -> str:
    n = _num(rng)
    return rng.choice([f"{n}%", f"{n} per cent", f"{n} percent", f"{n} pct"])


def _date(rng: random.Random) -> str:
    y = rng.randint(2015, 2027)
    m = rng.randrange(12)
    d = rng.randint(1, 28)
    return rng.choice([f"{MONTHS[m]} {d}, {y}", f"{d} {MONTHS[m]} {y}", f"{y}-{m + 1:02d}-{d:02d}",
                       f"{MONTHS[m]} {y}", f"the end of {MONTHS[m]}"])


def _sentence(rng: random.Random) -> str:
    c = rng.choice(COMPANIES)
    k = rng.randrange(20)  # 8 figure templates, 12 in 20 sentences without figures
    h = rng.choice(HEDGES)
    if k == 0:
        return (f"{c} reported {rng.choice(METRICS)} of {h}{_money(rng)} for the quarter ended {_date(rng)}, "
                f"up {_pct(rng)} from a year earlier.")
    if k == 1:
        return (f"The company now has {h}{rng.randint(2, 999):,}{rng.choice(['', ',000', ' million'])} "
                f"{rng.choice(NOUNS)} and expects to reach {rng.randint(1, 20)} million by {rng.randint(2025, 2030)}.")
    if k == 2:
        return (f"Shares trade at {rng.randint(2, 900)} times forecast earnings, giving {c} a market value of "
                f"{_money(rng)}.")
    if k == 3:
        return (f"Net profit rose {_pct(rng)} to {_money(rng)}, while the margin widened by "
                f"{rng.randint(1, 9)} percentage points.")
    if k == 4:
        lo = rng.randint(1, 20)
        return f"It expects {rng.choice(METRICS)} of ${lo}–{lo + rng.randint(1, 5)} billion in fiscal {rng.randint(2024, 2028)}."
    if k == 5:
        return (f"The deal, valued at {_money(rng)}, is expected to close within {rng.randint(2, 18)} months, "
                f"and the integration should take {rng.choice(['two', 'three', 'four'])} years.")
    if k == 6:
        return (f"Only {_pct(rng)} of shares are tradable; after the lock-up ends on {_date(rng)}, "
                f"{_pct(rng)} more will become available.")
    if k == 7:
        return (f"Its price-to-sales ratio of {rng.randint(10, 900)} times compares with an industry average of "
                f"{rng.randint(2, 9)}.{rng.randint(0, 9)}x, and the stock has risen {rng.randint(2, 60)}-fold since {rng.randint(2010, 2020)}.")
    return rng.choice(FILLER)


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(2, 6)))


def _article(rng: random.Random, fmt: str, target: int) -> str:
    title = f"{rng.choice(COMPANIES)} results: {rng.choice(METRICS)} {rng.choice(['jumps', 'falls', 'steadies'])}"
    paras: list[str] = []
    size = 0
    while size < target:
        p = _paragraph(rng)
        paras.append(p)
        size += len(p) + 2
    if fmt == "markdown":
        out = [f"# {title}", ""]
        for i, p in enumerate(paras):
            if i % 5 == 3:
                out += ["", "Highlights:", "", f"1. {_sentence(rng)}", f"2. {_sentence(rng)}",
                        f"- **{_sentence(rng)}**", ""]
            elif i % 7 == 4:
                out += [f"## {rng.choice(METRICS).capitalize()}", ""]
            if i % 6 == 2:
                p += f" See [the filing](https://example.com/filings/{rng.randint(1000, 9999)}) and `v{rng.randint(1, 9)}.{rng.randint(0, 9)}`."
            out += [p, ""]
        return "\n".join(out)
    if fmt == "html":
        out = ["<!DOCTYPE html><html><head><title>" + title + "</title>",
               "<script>var x = 12345; var y = 6789;</script><style>p { margin: 0 }</style></head><body>",
               f"<h1>{title}</h1>"]
        for i, p in enumerate(paras):
            if i % 5 == 3:
                out.append(f"<ul><li>{_sentence(rng)}</li><li>{_sentence(rng)}</li></ul>")
            out.append(f"<p>{p.replace('&', '&amp;')}</p>")
        out.append("</body></html>")
        return "\n".join(out)
    wrapped = []
    for p in paras:
        wrapped.append(re.sub(r"(.{60,78}) ", "\\1\n", p))
    return title + "\n\n" + "\n\n".join(wrapped) + "\n"


def generate(size: int = DEFAULT_SIZE, seed: int = DEFAULT_SEED) -> list[tuple[str, str, str]]:
    """Return [(path, fmt, source)] of about `size` characters in total, the same for the same arguments."""
    rng = random.Random(seed)
    docs: list[tuple[str, str, str]] = []
    total = 0
    fmts = [("markdown", ".md"), ("html", ".html"), ("text", ".txt")]
    i = 0
    while total < size:
        fmt, ext = fmts[i % 3]
        source = _article(rng, fmt, rng.randint(3000, 12000))
        docs.append((f"article_{i:05d}{ext}", fmt, source))
        total += len(source)
        i += 1
    return docs


def parse_size(text: str) -> int:
    """Return a size such as "5MB", "20mb", "500k" or "123456" in characters."""
    m = re.fullmatch(r"\s*([0-9.]+)\s*([kKmMgG]?)[bB]?\s*", text)
    if not m:
        raise argparse.ArgumentTypeError(f"not a size: {text!r}")
    factor = {"": 1, "k": 1_000, "m": 1_000_000, "g": 1_000_000_000}[m.group(2).lower()]
    return int(float(m.group(1)) * factor)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=parse_size, default=DEFAULT_SIZE, help="total characters (default 5MB)")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--out", type=Path, required=True, help="folder to write the articles to")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    docs = generate(args.size, args.seed)
    for path, _, source in docs:
        (args.out / path).write_text(source, encoding="utf-8")
    print(f"{len(docs)} files, {sum(len(s) for _, _, s in docs):,} characters in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
