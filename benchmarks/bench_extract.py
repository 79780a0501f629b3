"""Benchmark figure extraction on the generated corpus.

    .venv/bin/python benchmarks/bench_extract.py              # 5 MB
    .venv/bin/python benchmarks/bench_extract.py --size 20MB
    .venv/bin/python benchmarks/bench_extract.py --tracemalloc  # Python-heap peak (slower)

Reads every generated article with `claimcheck.readers.parse` (the real
Markdown/HTML readers when they exist), then times `extract` alone over the
prose. Prints characters of prose per second, figures per second, and the
peak memory (process max RSS, and with --tracemalloc the peak of the Python
heap during extraction).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import tracemalloc
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import DEFAULT_SEED, DEFAULT_SIZE, generate, parse_size  # noqa: E402

from claimcheck.extract import extract  # noqa: E402
from claimcheck.readers import parse  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Benchmark claimcheck.extract on a generated corpus.")
    ap.add_argument("--size", type=parse_size, default=DEFAULT_SIZE, help="corpus size (default 5MB)")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--repeat", type=int, default=1, help="extraction passes; the best is reported")
    ap.add_argument("--tracemalloc", action="store_true", help="also measure the Python-heap peak")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    docs = generate(args.size, args.seed)
    t1 = time.perf_counter()
    parsed = []
    for path, fmt, source in docs:
        try:
            parsed.append(parse(source, path, fmt))
        except Exception as exc:  # noqa: BLE001 - a reader failure must not stop the benchmark
            print(f"reader failed on {path}: {exc}", file=sys.stderr)
    t2 = time.perf_counter()
    source_chars = sum(len(s) for _, _, s in docs)
    prose_chars = sum(len(d.text) for d in parsed)

    best = None
    best_cpu = None
    kinds: Counter = Counter()
    figures = 0
    for _ in range(max(1, args.repeat)):
        kinds.clear()
        figures = 0
        start = time.perf_counter()
        cpu_start = time.process_time()
        for doc in parsed:
            found = extract(doc)
            figures += len(found)
            kinds.update(f.kind for f in found)
        cpu = time.process_time() - cpu_start
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
        best_cpu = cpu if best_cpu is None else min(best_cpu, cpu)

    heap_peak = None
    if args.tracemalloc:
        tracemalloc.start()
        for doc in parsed:
            extract(doc)
        heap_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    calib_start = time.perf_counter()
    sum(range(10**7))
    calibration = time.perf_counter() - calib_start

    print(f"corpus: {len(docs)} documents, {source_chars:,} source chars, {prose_chars:,} prose chars "
          f"(generated in {t1 - t0:.2f} s, read in {t2 - t1:.2f} s)")
    print(f"extract: {figures:,} figures in {best:.2f} s -> {prose_chars / best:,.0f} chars/s "
          f"({prose_chars / best / 1e6:.2f} MB/s), {figures / best:,.0f} figures/s, "
          f"one figure per {prose_chars / max(figures, 1):.0f} chars")
    # NOTE: on a shared machine wall time includes waiting for a core; the
    # process CPU time is the steadier number to compare runs with.
    print(f"extract CPU time: {best_cpu:.2f} s -> {prose_chars / best_cpu / 1e6:.2f} MB/s per core, "
          f"{best_cpu / max(figures, 1) * 1e6:.1f} us per figure")
    print("kinds: " + ", ".join(f"{k} {v:,}" for k, v in kinds.most_common()))
    print(f"peak RSS: {rss:.0f} MB" + (f"; Python heap peak during extraction: {heap_peak / 1e6:.1f} MB"
                                       if heap_peak is not None else ""))
    print(f"calibration: sum(range(10**7)) took {calibration:.3f} s (about 0.08 s on an idle modern core)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
