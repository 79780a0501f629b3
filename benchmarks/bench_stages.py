"""Where the time of `lint` goes: CPU seconds per MB of source for each stage.

    .venv/bin/python benchmarks/bench_stages.py                      # 2 MB generated corpus
    .venv/bin/python benchmarks/bench_stages.py --size 5MB
    .venv/bin/python benchmarks/bench_stages.py --folder drafts/     # files of a folder
    .venv/bin/python benchmarks/bench_stages.py --hostile wide-table dollar-comma

Runs the stages of `claimcheck.engine.run_rules` one by one on each document —
read (file to `Document`), extract, interpret, then every rule — and prints
the CPU time (`time.process_time`) of each per MB of source, the slowest first,
with the figure count and a calibration time (`sum(range(10**7))`: about
0.17 s on a quiet core of the reference machine) to compare runs on a loaded
machine. The garbage collector is paused per document, as in `run_rules`.
Use it to see which stage a change speeds up; `bench_lint.py` gives the
end-to-end figures.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_adversarial import INPUTS  # noqa: E402
from corpus import DEFAULT_SEED, generate, parse_size  # noqa: E402

from claimcheck.errors import InputError  # noqa: E402
from claimcheck.extract import extract  # noqa: E402
from claimcheck.interpret import interpret  # noqa: E402
from claimcheck.options import LintOptions  # noqa: E402
from claimcheck.packs import load_packs  # noqa: E402
from claimcheck.readers import read_path  # noqa: E402
from claimcheck.rules.context import Context  # noqa: E402
from claimcheck.rules.registry import all_rules  # noqa: E402


def calibration() -> float:
    """Return the seconds `sum(range(10**7))` takes here now."""
    started = time.perf_counter()
    sum(range(10**7))
    return time.perf_counter() - started


def stage_times(paths: list[str]) -> tuple[dict[str, float], int, int]:
    """Return (CPU seconds per stage, source bytes, figures) of linting `paths` stage by stage."""
    options = LintOptions()
    packs = load_packs(tuple(options.rules))
    rules = [r for r in all_rules() if r.fn is not None]
    times: dict[str, float] = defaultdict(float)
    size = figures = 0
    clock = time.process_time
    for path in paths:
        size += os.path.getsize(path)
        gc.disable()
        try:
            t = clock()
            try:
                doc = read_path(path)
            except InputError:  # a CC9xx input (NUL bytes, bad UTF-8): only its reading is timed
                times["read"] += clock() - t
                continue
            times["read"] += clock() - t
            t = clock()
            found = extract(doc)
            times["extract"] += clock() - t
            figures += len(found)
            t = clock()
            interp = interpret(doc, found, packs)
            times["interpret"] += clock() - t
            ctx = Context(interp, packs, options, None)
            for r in rules:
                t = clock()
                for _ in r.fn(ctx):
                    pass
                times[r.code] += clock() - t
        finally:
            gc.enable()
    return times, size, figures


def report(label: str, paths: list[str], top: int) -> None:
    """Print the per-stage table of `paths`."""
    times, size, figures = stage_times(paths)
    mb = size / 2**20
    total = sum(times.values())
    rules = sum(v for k, v in times.items() if k.startswith("CC"))
    print(f"{label}: {mb:.2f} MB, {len(paths)} files, {figures:,} figures; "
          f"{total / mb:.2f} s/MB = {mb / total:.2f} MB/s of CPU")
    print(f"  {'read':10} {times['read'] / mb:.3f} s/MB")
    print(f"  {'extract':10} {times['extract'] / mb:.3f} s/MB ({times['extract'] / max(figures, 1) * 1e6:.1f} µs per figure)")
    print(f"  {'interpret':10} {times['interpret'] / mb:.3f} s/MB")
    print(f"  {'rules':10} {rules / mb:.3f} s/MB, the slowest:")
    slowest = sorted(((v, k) for k, v in times.items() if k.startswith("CC")), reverse=True)[:top]
    for v, k in slowest:
        print(f"    {k:8} {v / mb:.3f} s/MB")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="CPU time per stage of claimcheck lint, in s/MB.")
    ap.add_argument("--size", type=parse_size, default=2_000_000, help="generated corpus size (default 2MB)")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--folder", help="time the files of this folder instead of a generated corpus")
    ap.add_argument("--hostile", nargs="*", metavar="NAME", choices=sorted(INPUTS),
                    help="time these hostile inputs of bench_adversarial.py (1 MB each) instead")
    ap.add_argument("--top", type=int, default=6, help="rules listed (default 6)")
    args = ap.parse_args(argv)

    print(f"calibration sum(range(10**7)): {calibration():.3f} s")
    with tempfile.TemporaryDirectory(prefix="cc-stages-") as tmp:
        if args.hostile is not None:
            for name in args.hostile or sorted(INPUTS):
                filename, data = INPUTS[name](1.0)
                path = Path(tmp) / filename
                path.write_bytes(data)
                report(name, [str(path)], args.top)
        else:
            if args.folder:
                root = Path(args.folder)
                paths = sorted(str(p) for p in root.rglob("*") if p.is_file())
            else:
                paths = []
                for name, _fmt, source in generate(args.size, args.seed):
                    path = Path(tmp) / name
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_text(source, encoding="utf-8")
                    paths.append(str(path))
            report(args.folder or f"corpus {args.size:,} characters", paths, args.top)
    print(f"calibration sum(range(10**7)): {calibration():.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
