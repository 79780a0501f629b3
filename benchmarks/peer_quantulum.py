"""Time quantulum3's parser on a list of texts; run by `bench_lint.py` in the peer venv.

Usage: benchmarks/.venv-peer/bin/python benchmarks/peer_quantulum.py TEXTS.json
TEXTS.json is a JSON list of strings. Prints one JSON object: the import time,
the parse time of every text, and the number of quantities found. This file
imports nothing from claimcheck: it runs in its own virtualenv.
"""

from __future__ import annotations

import json
import sys
import time
import warnings


def main() -> None:
    """Parse every text of argv[1] with quantulum3 and print the timings as JSON."""
    started = time.perf_counter()
    with open(sys.argv[1], encoding="utf-8") as fh:
        texts = json.load(fh)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "classifier dependencies not installed"
        from quantulum3 import parser

        imported = time.perf_counter()
        parser.parse("warm up: $5 million and 3%")  # the first call loads its unit tables
    warm = time.perf_counter()
    times, found = [], 0
    for text in texts:
        t = time.perf_counter()
        found += len(parser.parse(text))
        times.append(time.perf_counter() - t)
    print(json.dumps({
        "import_s": imported - started, "warmup_s": warm - imported, "parse_s": times, "quantities": found,
        "chars": sum(len(t) for t in texts), "total_s": time.perf_counter() - started,
    }))


if __name__ == "__main__":
    main()
