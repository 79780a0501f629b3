"""Coverage-guided fuzz target (atheris/libFuzzer) for the readers and the extractor.

Each input is split by `FuzzedDataProvider` into a format (markdown, html,
text), a choice of entry point (raw bytes through `read_bytes`, or decoded
text through `parse`) and the document itself. The document is read, its
figures extracted, and the invariants every caller relies on are checked:

- nothing but a `ClaimcheckError` (the project's documented errors) escapes;
- every figure's `text` is the prose at its span, spans are sorted and do not
  overlap, `low <= value <= high` when all three are finite;
- every position maps to a line and column inside the source;
- with a figure-run limit (0 to 4, from the input), every skipped span lies
  in the prose, starts at the end of a figure read and holds none.

Run it as a script (any libFuzzer flag works):

    .venv/bin/python tests/fuzz/fuzz_extract.py -max_total_time=1800 \
        -dict=tests/fuzz/extract.dict -timeout=20 tests/fuzz/corpus

`tests/test_hardening.py::test_atheris_bounded_run` runs it in CI with
`-runs=N`. A crash makes libFuzzer write `crash-<sha1>` with the input.
"""

from __future__ import annotations

import math
import sys

import atheris

with atheris.instrument_imports(include=["claimcheck"]):
    # NOTE: the readers import their format modules lazily; import them here so
    # that they are instrumented (coverage-guided) too.
    import claimcheck.readers.html
    import claimcheck.readers.markdown
    import claimcheck.readers.text  # noqa: F401
    from claimcheck.errors import ClaimcheckError
    from claimcheck.extract import extract_runs
    from claimcheck.readers import parse, read_bytes

FORMATS = ("markdown", "html", "text")


def check_figures(doc, figures) -> None:
    """Raise AssertionError when the figures of `doc` break an extractor invariant."""
    previous_end = 0
    for f in figures:
        assert 0 <= f.start <= f.end <= len(doc.text), (f.start, f.end, len(doc.text))
        assert f.start >= previous_end, ("overlap", f.text, f.start, previous_end)
        previous_end = f.end
        assert doc.text[f.start:f.end] == f.text, (doc.text[f.start:f.end], f.text)
        if all(math.isfinite(x) for x in (f.low, f.value, f.high)):
            tol = 1e-9 * max(1.0, abs(f.value))
            assert f.low - tol <= f.value <= f.high + tol, (f.text, f.low, f.value, f.high)
        assert f.line >= 1 and f.col >= 1, (f.text, f.line, f.col)


def one_input(data: bytes) -> None:
    """Read and extract one fuzzed document; raise only on a broken invariant."""
    fdp = atheris.FuzzedDataProvider(data)
    fmt = FORMATS[fdp.ConsumeIntInRange(0, len(FORMATS) - 1)]
    raw = fdp.ConsumeBool()
    max_run = fdp.ConsumeIntInRange(0, 4)
    try:
        if raw:
            doc = read_bytes(fdp.ConsumeBytes(fdp.remaining_bytes()), "fuzz", fmt)
        else:
            doc = parse(fdp.ConsumeUnicodeNoSurrogates(fdp.remaining_bytes()), "fuzz", fmt)
    except ClaimcheckError:
        return
    try:
        figures, skipped = extract_runs(doc, max_run)
    except ClaimcheckError:
        return
    check_figures(doc, figures)
    ends = {f.end for f in figures}
    for start, end in skipped:
        assert 0 <= start < end <= len(doc.text) and start in ends, ("span", start, end, len(doc.text))
        assert not any(start <= f.start < end for f in figures), ("figure in span", start, end)


def main(argv: list[str]) -> None:
    """Run libFuzzer with `argv` (its usual flags)."""
    atheris.Setup(argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
