"""Save everything claimcheck outputs on a fixed set of inputs, and compare two saves.

Speed work must not change what the linter says. This script writes, for a
generated corpus, the hostile inputs of `bench_adversarial.py` and the shipped
samples:

- `lint.json`: `claimcheck lint --format json --show-passed` (every check, passed or not);
- `lint.txt`: the default text report;
- `extract.jsonl`: `claimcheck extract --format jsonl`;
- `interpret.txt`: the interpret stage's readings (metric, entity, period, role
  of every figure) and statements (changes, compositions), one line each;
- `document.txt`: a digest of each document the readers built (prose, source
  map segments and blocks).

    .venv/bin/python benchmarks/snapshot.py save /tmp/before          # at the old commit
    .venv/bin/python benchmarks/snapshot.py save /tmp/after           # at the new one
    .venv/bin/python benchmarks/snapshot.py compare /tmp/before /tmp/after

`compare` prints the first differing lines of each file and exits 1 when any
file differs. `--size` sets the corpus size (default 2MB) and `--hostile-scale`
the size of the hostile inputs (default 0.5 of 1 MB); both must match between
the two saves.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_adversarial import INPUTS  # noqa: E402
from corpus import DEFAULT_SEED, generate, parse_size  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FILES = ("lint.json", "lint.txt", "extract.jsonl", "interpret.txt", "document.txt")


def write_inputs(folder: Path, size: int, hostile_scale: float) -> None:
    """Write the corpus, the hostile inputs and a copy of the samples under `folder`."""
    for name, _fmt, source in generate(size, DEFAULT_SEED):
        path = folder / "corpus" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")
    hostile = folder / "hostile"
    hostile.mkdir(parents=True, exist_ok=True)
    for name, make in INPUTS.items():
        filename, data = make(hostile_scale)
        (hostile / f"{name}-{filename}").write_bytes(data)
    samples = folder / "samples"
    samples.mkdir(parents=True, exist_ok=True)
    for path in sorted((ROOT / "samples").iterdir()):
        if path.suffix in (".md", ".html", ".txt"):
            (samples / path.name).write_bytes(path.read_bytes())


def _cli(args: list[str], cwd: Path) -> str:
    """Return the standard output of `claimcheck ARGS` run in `cwd` (exit codes 0–2 accepted)."""
    exe = os.path.join(os.path.dirname(sys.executable), "claimcheck")
    env = dict(os.environ, COLUMNS="100", NO_COLOR="1")
    proc = subprocess.run([exe, *args], cwd=cwd, capture_output=True, text=True, env=env, check=False)
    if proc.returncode not in (0, 1, 2):
        raise SystemExit(f"claimcheck {' '.join(args)} exited {proc.returncode}:\n{proc.stderr[-2000:]}")
    return proc.stdout + "".join(f"stderr: {line}\n" for line in proc.stderr.splitlines())


def _interpret_dump(paths: list[Path], cwd: Path) -> tuple[str, str]:
    """Return (interpret dump, document dump) of `paths`, one line per reading, statement or document."""
    from claimcheck.extract import extract
    from claimcheck.interpret import interpret
    from claimcheck.packs import load_packs
    from claimcheck.errors import InputError
    from claimcheck.readers import read_path

    packs = load_packs(())
    lines: list[str] = []
    docs: list[str] = []

    def ref(r) -> str:
        return "-" if r is None else str(r.index)

    for path in paths:
        rel = str(path.relative_to(cwd))
        try:
            doc = read_path(rel)
        except InputError as exc:
            lines.append(f"{rel} error {exc}")
            docs.append(f"{rel} error {exc}")
            continue
        digest = hashlib.sha256()
        digest.update(doc.text.encode("utf-8", "surrogatepass"))
        digest.update(repr((doc.seg_text, doc.seg_source, doc.seg_verbatim)).encode())
        digest.update(repr([(b.start, b.end, b.kind, b.depth, b.list_id, b.ordered, b.level)
                            for b in doc.blocks]).encode())
        digest.update(repr((sorted(doc.meta.items()), doc.comments)).encode())
        docs.append(f"{rel} {len(doc.text)} chars {len(doc.seg_text)} segments {len(doc.blocks)} blocks "
                    f"{digest.hexdigest()}")
        interp = interpret(doc, extract(doc), packs)
        lines.append(f"{rel} subject={interp.subject} sentences={len(interp.sentences)} "
                     f"mentions={len(interp.mentions)}")
        for r in interp.readings:
            f = r.figure
            lines.append(f"  r{r.index} {f.start}:{f.end} {f.text!r} s{r.sentence} metric={r.metric} "
                         f"entity={r.entity} period={r.period} role={r.role}")
        for c in interp.changes:
            lines.append(f"  change s{c.sentence} {c.start}:{c.end} dir={c.direction} before={ref(c.before)} "
                         f"after={ref(c.after)} amounts={[a.index for a in c.amounts]} factor={c.factor} "
                         f"word={c.factor_word} hedge={c.factor_hedge} multiple={ref(c.multiple)} "
                         f"added={ref(c.added)} metric={c.metric} compared={c.compared}")
        for c in interp.compositions:
            lines.append(f"  composition s{c.sentence} {c.kind} whole={ref(c.whole)} "
                         f"parts={[p.index for p in c.parts]} complete={c.complete} "
                         f"phrase={c.whole_phrase} share={ref(c.share)}")
    return "\n".join(lines) + "\n", "\n".join(docs) + "\n"


def save(out: Path, size: int, hostile_scale: float) -> None:
    """Write the five output files for the fixed inputs into `out`."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="cc-snapshot-") as tmp:
        folder = Path(tmp)
        write_inputs(folder, size, hostile_scale)
        targets = ["corpus", "hostile", "samples"]
        common = ["--isolated", "--jobs", "1"]
        (out / "lint.json").write_text(
            _cli(["lint", *common, "--format", "json", "--show-passed", *targets], folder), encoding="utf-8")
        (out / "lint.txt").write_text(_cli(["lint", *common, *targets], folder), encoding="utf-8")
        (out / "extract.jsonl").write_text(
            _cli(["extract", "--format", "jsonl", *targets], folder), encoding="utf-8")
        paths = sorted(p for t in targets for p in (folder / t).rglob("*") if p.is_file())
        cwd = os.getcwd()
        os.chdir(folder)  # read by relative path: messages then name no temporary folder
        try:
            interp, docs = _interpret_dump(paths, folder)
        finally:
            os.chdir(cwd)
        (out / "interpret.txt").write_text(interp, encoding="utf-8")
        (out / "document.txt").write_text(docs, encoding="utf-8")
    for name in FILES:
        print(f"{out / name}: {(out / name).stat().st_size:,} bytes")


def compare(a: Path, b: Path, context: int) -> int:
    """Print the differences of the saves `a` and `b`; return 1 if any file differs.

    NOTE: GNU diff (with --speed-large-files), not difflib: difflib is
    quadratic on files of millions of lines with many changes.
    """
    differ = False
    for name in FILES:
        left, right = a / name, b / name
        if left.read_bytes() == right.read_bytes():
            lines = left.read_bytes().count(b"\n")
            print(f"{name}: identical ({lines:,} lines)")
            continue
        differ = True
        proc = subprocess.run(["diff", "--speed-large-files", "-U0", str(left), str(right)],
                              capture_output=True, text=True, errors="replace", check=False)
        diff = proc.stdout.splitlines()
        changed = sum(1 for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---")))
        print(f"{name}: DIFFERENT ({changed:,} changed lines); the first ones:")
        for line in diff[:context]:
            print("  " + line[:300])
    return 1 if differ else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sp = sub.add_parser("save", help="write the outputs of this checkout into a folder")
    sp.add_argument("out", type=Path)
    sp.add_argument("--size", type=parse_size, default=2_000_000, help="corpus size (default 2MB)")
    sp.add_argument("--hostile-scale", type=float, default=0.5, help="hostile input size in MB (default 0.5)")
    cp = sub.add_parser("compare", help="compare two saved folders")
    cp.add_argument("a", type=Path)
    cp.add_argument("b", type=Path)
    cp.add_argument("--lines", type=int, default=40, help="diff lines shown per file (default 40)")
    args = parser.parse_args(argv)
    if args.command == "save":
        save(args.out, args.size, args.hostile_scale)
        return 0
    return compare(args.a, args.b, args.lines)


if __name__ == "__main__":
    sys.exit(main())
