"""Fact-store benchmark: import 100,000 facts into SQLite, then lint with and without them.

1. Generates 100,000 facts (20,000 companies × valuation at two dates,
   revenue, users and funding) as a CSV file and times
   `claimcheck facts import` into a new SQLite store (validation included).
2. Generates a corpus of articles about those companies (every article
   restates facts, some of them wrong, outdated or in another currency) and
   times `claimcheck lint` on it without facts and with `--facts STORE`, both
   in-process (the API, facts loaded cold) and as a command (a fresh process,
   `--jobs 1`). The acceptance bound is 2× the time without facts.

Run: `.venv/bin/python benchmarks/bench_facts.py [--facts 100000] [--articles 200]`.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SYLLABLES = ("ba", "cor", "dex", "fen", "gal", "hy", "jor", "kel", "lum", "mar", "nex", "or", "pol", "quin",
             "ras", "sol", "tav", "ul", "ven", "wex", "yor", "zen")
METRICS_PER_COMPANY = 5
BOUND = 2.0


def company_names(n: int, rng: random.Random) -> list[str]:
    """Return `n` distinct invented company names ("Corlumven Systems") with distinct first words."""
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < n:
        word = "".join(rng.choice(SYLLABLES) for _ in range(4)).capitalize()
        if word not in seen:
            seen.add(word)
            out.append(f"{word} {rng.choice(('Systems', 'Labs', 'Robotics', 'Energy', 'Bank'))}")
    return out


def write_facts(path: Path, names: list[str], rng: random.Random) -> list[tuple]:
    """Write 5 facts per company to `path`; return (name, old valuation, valuation, revenue, users)."""
    truth = []
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["entity", "metric", "value", "unit", "as_of", "source", "aliases"])
        for name in names:
            old = rng.randint(2, 90) * 100_000_000
            new = old + rng.randint(1, 50) * 100_000_000
            revenue = rng.randint(10, 999) * 1_000_000
            users = rng.randint(10, 999) * 10_000
            funding = rng.randint(5, 95) * 1_000_000
            short = name.split()[0]
            writer.writerow([name, "valuation", old, "USD", "2024-03-01", "https://example.com/a", short])
            writer.writerow([name, "valuation", new, "USD", "2025-09-15", "https://example.com/b", short])
            writer.writerow([name, "revenue", revenue, "USD", "2024-12-31", "annual report 2024", short])
            writer.writerow([name, "users", users, "", "2025-12-31", "investor letter", short])
            writer.writerow([name, "funding", funding, "USD", "2025-09-15", "press release", short])
            truth.append((name, old, new, revenue, users))
    return truth


def article(rows: list[tuple], rng: random.Random) -> str:
    """Return a Markdown article restating the facts of `rows` (some wrong, outdated, converted)."""
    parts = ["---", "title: Market roundup", "date: 2026-02-10", "---", "", "# Market roundup", ""]
    for name, old, new, revenue, users in rows:
        stated = rng.choice((new, new, old, new * 1.3))
        parts.append(
            f"{name} is valued at ${stated / 1e9:.2f} billion. {name} reported revenue of "
            f"${revenue / 1e6:.0f} million in 2024, or about €{revenue * 0.96 / 1e6:.0f} million. "
            f"The company has {users / 1e6:.2f} million users and employs {rng.randint(50, 900)} people. "
            f"Its margin was {rng.randint(5, 30)}% last year."
        )
        parts.append("")
    return "\n".join(parts)


def lint_api(paths: list[Path], facts: str | None) -> float:
    """Return the seconds `lint_path` takes on `paths` (facts loaded cold)."""
    from claimcheck.api import lint_path
    from claimcheck.facts import _load
    from claimcheck.options import LintOptions

    _load.cache_clear()
    started = time.perf_counter()
    lint_path([str(p) for p in paths], LintOptions(facts=facts))
    return time.perf_counter() - started


def lint_command(folder: Path, facts: str | None) -> float:
    """Return the seconds `claimcheck lint FOLDER` takes in a fresh process."""
    cmd = [sys.executable, "-m", "claimcheck.cli", "lint", str(folder), "--isolated", "--jobs", "1",
           "--format", "json", "--output", os.devnull]
    if facts:
        cmd += ["--facts", facts]
    started = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"lint failed: {done.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, default=100_000, help="number of facts to generate")
    parser.add_argument("--articles", type=int, default=200, help="number of articles in the corpus")
    parser.add_argument("--companies-per-article", type=int, default=10)
    args = parser.parse_args()

    from claimcheck.facts import load_facts, open_store, read_fact_files

    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        names = company_names(args.facts // METRICS_PER_COMPANY, rng)
        truth = write_facts(root / "facts.csv", names, rng)
        store = str(root / "facts.sqlite")

        started = time.perf_counter()
        facts = read_fact_files([root / "facts.csv"])
        validated = time.perf_counter() - started
        with open_store(store, create=True) as db:
            db.add(facts)
            count = db.count()
        imported = time.perf_counter() - started
        print(f"import: {count:,} facts in {imported:.2f} s "
              f"(validate {validated:.2f} s, write {imported - validated:.2f} s)")

        started = time.perf_counter()
        load_facts(store)
        print(f"load into the in-memory index: {time.perf_counter() - started:.2f} s")

        corpus = root / "corpus"
        corpus.mkdir()
        paths = []
        for i in range(args.articles):
            path = corpus / f"article-{i:04d}.md"
            path.write_text(article(rng.sample(truth, args.companies_per_article), rng), encoding="utf-8")
            paths.append(path)
        size = sum(p.stat().st_size for p in paths)
        print(f"corpus: {len(paths)} articles, {size / 1024:.0f} KiB")

        from claimcheck.api import lint_path
        from claimcheck.options import LintOptions

        report = lint_path([str(p) for p in paths], LintOptions(facts=store, show_passed=True))
        checked = sum(1 for f in report.findings if f.code.startswith("CC6"))
        failed = sum(1 for f in report.findings if f.code.startswith("CC6") and f.status != "pass")
        print(f"fact checks: {checked:,} findings, {failed:,} failing")

        lint_api(paths[:5], None)  # warm imports, packs and the FX table
        without = min(lint_api(paths, None) for _ in range(2))
        with_facts = min(lint_api(paths, store) for _ in range(2))
        print(f"lint (API, facts loaded cold): without facts {without:.2f} s, with the store {with_facts:.2f} s, "
              f"ratio {with_facts / without:.2f}×")
        cmd_without = min(lint_command(corpus, None) for _ in range(2))
        cmd_with = min(lint_command(corpus, store) for _ in range(2))
        ratio = cmd_with / cmd_without
        print(f"lint (command, fresh process): without facts {cmd_without:.2f} s, with the store {cmd_with:.2f} s, "
              f"ratio {ratio:.2f}×")
        worst = max(ratio, with_facts / without)
        print(f"{'OK' if worst <= BOUND else 'TOO SLOW'}: bound {BOUND:g}×")
        sys.exit(0 if worst <= BOUND else 1)


if __name__ == "__main__":
    main()
