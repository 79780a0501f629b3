"""Scale: archive mode (`claimcheck batch`), `lint --jobs` determinism, progress and start-up imports.

Archives are generated from `samples/` (markdown, text and an HTML wrapping of
each), so the tests need no fixture files and stay fast on a 2-core CI runner.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimcheck import batch
from claimcheck.cli import main
from claimcheck.options import LintOptions

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted(p for p in (ROOT / "samples").iterdir() if p.suffix in (".md", ".txt"))


def _html(text: str) -> str:
    paras = "".join(f"<p>{p}</p>\n" for p in text.split("\n\n") if p.strip())
    return f"<html><head><title>t</title></head><body><nav>Home 2024</nav>\n{paras}</body></html>\n"


def _records() -> list[dict]:
    """Return a small deterministic archive: every sample as markdown/text and as HTML."""
    out = []
    for p in SAMPLES:
        text = p.read_text(encoding="utf-8")
        fmt = "markdown" if p.suffix == ".md" else "text"
        out.append({"id": p.stem, "text": text, "format": fmt, "url": f"https://example.com/{p.stem}"})
        out.append({"id": p.stem + "-html", "text": _html(text), "format": "html", "date": "2026-01-15"})
    return out


def _write_jsonl(path: Path, records: list[dict], extra: bytes = b"") -> Path:
    with open(path, "wb") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False).encode("utf-8") + b"\n")
        fh.write(extra)
    return path


def _rows(path: Path) -> list[dict]:
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        return pq.read_table(path).to_pylist()
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def runner(monkeypatch) -> CliRunner:
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("CI", "true")
    return CliRunner()


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    return _write_jsonl(tmp_path / "archive.jsonl", _records())


def test_jsonl_in_jsonl_out(runner: CliRunner, archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "findings.jsonl"
    result = runner.invoke(main, ["batch", str(archive), "--output", str(out), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    rows = _rows(out)
    summary = _rows(tmp_path / "findings.summary.jsonl")
    assert [s["id"] for s in summary] == [r["id"] for r in _records()]  # one per document, input order
    assert rows and {r["id"] for r in rows} <= {s["id"] for s in summary}
    assert set(rows[0]) == {name for name, _ in batch.FINDING_COLUMNS}
    churn = [r for r in rows if r["id"] == "churn"]
    assert any(r["code"] == "CC302" for r in churn)
    assert all(json.loads(r["related"]) is not None for r in rows)
    for s in summary:
        mine = [r for r in rows if r["id"] == s["id"] and r["status"] != "pass"]
        assert s["findings"] == len(mine) == s["errors"] + s["warnings"] + s["infos"]
        assert s["input_error"] is None
    # An HTML wrapping of a sample finds what the sample finds (same codes).
    assert {r["code"] for r in churn} == {r["code"] for r in rows if r["id"] == "churn-html"}


def test_parquet_in_parquet_out_matches_jsonl(archive: Path, tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    src = tmp_path / "archive.parquet"
    records = _records()
    columns = {name: [r.get(name) for r in records] for name in ("id", "text", "format", "date", "url")}
    pq.write_table(pa.table(columns), src, row_group_size=5)
    batch.run_batch(str(src), str(tmp_path / "out.parquet"), jobs=1, partition_size=3)
    batch.run_batch(str(archive), str(tmp_path / "out.jsonl"), jobs=1)
    assert _rows(tmp_path / "out.parquet") == _rows(tmp_path / "out.jsonl")
    assert _rows(tmp_path / "out.summary.parquet") == _rows(tmp_path / "out.summary.jsonl")
    schema = pq.read_schema(tmp_path / "out.parquet")
    assert schema.names == [name for name, _ in batch.FINDING_COLUMNS]
    assert str(schema.field("line").type) == "int32"


def test_bad_records_become_cc9xx_rows(runner: CliRunner, tmp_path: Path) -> None:
    good = _records()[:2]
    bad = (b'{"id": "broken", "text": \n'  # not JSON
           b'{"id": "latin", "text": "caf\xe9"}\n'  # not UTF-8
           b'{"id": "no-text"}\n'
           b'{"id": "pdf", "text": "x", "format": "pdf"}\n'
           b'["not", "an", "object"]\n'
           b'\n'
           b'{"id": "surrogate", "text": "a \\ud800 b"}\n'
           b'{"id": "nul", "text": "a \\u0000 b"}\n')
    src = _write_jsonl(tmp_path / "bad.jsonl", good, bad)
    out = tmp_path / "out.jsonl"
    result = runner.invoke(main, ["batch", str(src), "-o", str(out), "-j", "1"])
    assert result.exit_code == 0, result.output
    summary = {s["id"]: s for s in _rows(tmp_path / "out.summary.jsonl")}
    assert {k: s["input_error"] for k, s in summary.items() if s["input_error"]} == {
        "<line 3>": "CC906", "<line 4>": "CC902", "no-text": "CC906", "pdf": "CC903",
        "<line 7>": "CC906", "surrogate": "CC902", "nul": "CC902",
    }
    errors = {r["id"]: r for r in _rows(out) if r["code"].startswith("CC9")}
    assert errors["<line 4>"]["message"].startswith("line 4 is not valid UTF-8")
    assert errors["pdf"]["severity"] == "error" and errors["pdf"]["rule"] is None
    assert summary[good[0]["id"]]["input_error"] is None  # the good records were still linted


def test_internal_error_is_a_cc907_row_not_a_failed_job(monkeypatch, archive: Path, tmp_path: Path) -> None:
    import claimcheck.api

    real = claimcheck.api.lint_document

    def flaky(doc, options=None):
        if doc.path == "churn":
            raise ZeroDivisionError("boom")
        return real(doc, options)

    monkeypatch.setattr(claimcheck.api, "lint_document", flaky)
    stats = batch.run_batch(str(archive), str(tmp_path / "out.jsonl"), jobs=1)
    assert stats.failed == 1 and stats.documents == len(_records())
    row = next(r for r in _rows(tmp_path / "out.jsonl") if r["id"] == "churn")
    assert row["code"] == "CC907" and "ZeroDivisionError: boom" in row["message"]


def test_dead_partition_becomes_cc907_rows() -> None:
    records = [batch.Record(id="a", text="x"), batch.Record(id="b", text="y")]
    results = batch.failed_partition(records, "worker died")
    assert [s["input_error"] for _, s in results] == ["CC907", "CC907"]
    assert [rows[0]["id"] for rows, _ in results] == ["a", "b"]


def test_folder_input(tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    (folder / "sub").mkdir(parents=True)
    for p in SAMPLES[:4]:
        (folder / "sub" / p.name).write_bytes(p.read_bytes())
    (folder / "latin.txt").write_bytes("Caf\xe9 revenue was $5 million.\n".encode("latin-1"))
    (folder / "notes.docx").write_bytes(b"ignored: unsupported extension in a folder")
    stats = batch.run_batch(str(folder), str(tmp_path / "out.jsonl"), jobs=1)
    summary = _rows(tmp_path / "out.summary.jsonl")
    assert [s["id"] for s in summary] == ["latin.txt"] + [f"sub/{p.name}" for p in SAMPLES[:4]]
    assert summary[0]["input_error"] == "CC902" and stats.failed == 1
    assert summary[1]["format"] in ("markdown", "text") and summary[1]["chars"] > 0


def test_partitions_are_streamed_and_capped(monkeypatch, archive: Path) -> None:
    parts = batch.iter_partitions(str(archive), partition_size=4)
    first = next(parts)  # a generator: nothing past the first partition has been read
    assert len(first) == 4
    monkeypatch.setattr(batch, "PARTITION_MAX_CHARS", 1)
    assert {len(p) for p in batch.iter_partitions(str(archive), partition_size=100)} == {1}


def test_usage_errors_exit_2(runner: CliRunner, archive: Path, tmp_path: Path) -> None:
    bad_out = runner.invoke(main, ["batch", str(archive), "-o", str(tmp_path / "out.csv")])
    assert bad_out.exit_code == 2 and ".jsonl or .parquet" in bad_out.output
    missing = runner.invoke(main, ["batch", str(tmp_path / "nope.jsonl"), "-o", str(tmp_path / "o.jsonl")])
    assert missing.exit_code == 2
    orphan = runner.invoke(main, ["batch", str(archive), "-o", str(tmp_path / "o.jsonl"), "--scheduler", "tcp://x:1"])
    assert orphan.exit_code == 2 and "--engine dask" in orphan.output


def test_local_pool_and_dask_local_cluster_match_serial(archive: Path, tmp_path: Path) -> None:
    """`--engine local --jobs 2` and a 2-worker Dask LocalCluster give byte-identical output to a serial run."""
    options = LintOptions(tolerance=0.01)
    batch.run_batch(str(archive), str(tmp_path / "serial.jsonl"), options, jobs=1, partition_size=3)
    batch.run_batch(str(archive), str(tmp_path / "pool.jsonl"), options, jobs=2, partition_size=3)
    # Without --scheduler the dask engine starts LocalCluster(n_workers=2, threads_per_worker=1, processes=True).
    stats = batch.run_batch(str(archive), str(tmp_path / "dask.jsonl"), options, engine="dask", jobs=2,
                            partition_size=3)
    assert stats.partitions == -(-len(_records()) // 3)
    serial = (tmp_path / "serial.jsonl").read_bytes()
    assert serial and (tmp_path / "pool.jsonl").read_bytes() == serial
    assert (tmp_path / "dask.jsonl").read_bytes() == serial
    assert (tmp_path / "dask.summary.jsonl").read_bytes() == (tmp_path / "serial.summary.jsonl").read_bytes()


def _lint_folder(root: Path) -> Path:
    """Write ~40 articles (every sample as .md/.txt, as .html, and with a second figure set) under `root`."""
    for i, p in enumerate(SAMPLES):
        text = p.read_text(encoding="utf-8")
        sub = root / f"desk-{i % 3}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / p.name).write_text(text, encoding="utf-8")
        (sub / (p.stem + ".html")).write_text(_html(text), encoding="utf-8")
        (sub / (p.stem + "-v2" + p.suffix)).write_text(text.replace("million", "billion"), encoding="utf-8")
    return root


def test_lint_jobs_2_is_byte_identical_to_jobs_1(runner: CliRunner, tmp_path: Path) -> None:
    folder = _lint_folder(tmp_path / "articles")
    assert len(list(folder.rglob("*.*"))) >= 40
    outputs = []
    for jobs in ("1", "2"):
        result = runner.invoke(main, ["lint", "--isolated", "--format", "json", "--show-passed", "--jobs", jobs,
                                      str(folder)])
        assert result.exit_code == 1, result.output
        outputs.append(result.output)
    assert outputs[0] == outputs[1]
    assert json.loads(outputs[0])["files"] >= 40


def test_progress_is_silent_when_piped_or_in_ci(monkeypatch) -> None:
    from claimcheck.progress import Progress, progress_wanted

    class Tty:
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("TERM", raising=False)
    assert progress_wanted(Tty())
    monkeypatch.setenv("CI", "true")
    assert not progress_wanted(Tty())
    monkeypatch.setenv("CI", "false")
    assert progress_wanted(Tty())
    with Progress(10, enabled=True, delay=3600) as bar:  # a short run never draws the bar
        bar.advance(10)
        assert bar._bar is None and bar.done == 10


def test_cli_start_up_imports_nothing_heavy(tmp_path: Path) -> None:
    article = tmp_path / "a.md"
    article.write_text("# Q3\n\nRevenue rose from $41.2 million to $52.4 million, up 40%.\n", encoding="utf-8")
    code = (
        "import sys\n"
        "from claimcheck.cli import main\n"
        "try:\n"
        f"    main(['lint', '--isolated', {str(article)!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ('dask', 'distributed', 'pyarrow', 'pint', 'rich', 'currency_converter', 'numpy', 'yaml',\n"
        "         'claimcheck.facts')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"PATH": "", "CI": "true"})
    assert out.stdout.strip().splitlines()[-1] == "[]"


def _lint_codes(runner: CliRunner, *args: str) -> list[tuple[str, int]]:
    result = runner.invoke(main, ["lint", "--format", "json", *args])
    assert result.exit_code in (0, 1), result.output
    return sorted((f["code"], f["line"]) for f in json.loads(result.output)["findings"])


def test_batch_checks_reference_facts_like_lint(runner: CliRunner, tmp_path: Path) -> None:
    article = ROOT / "samples" / "fact-check.md"
    facts = ROOT / "samples" / "facts.csv"
    archive = _write_jsonl(tmp_path / "a.jsonl", [
        {"id": "fact-check", "text": article.read_text(encoding="utf-8"), "format": "markdown"}])
    out = tmp_path / "out.jsonl"
    done = runner.invoke(main, ["batch", str(archive), "-o", str(out), "--jobs", "1", "--isolated",
                                "--facts", str(facts)])
    assert done.exit_code == 0, done.output
    got = sorted((r["code"], r["line"]) for r in _rows(out))
    assert got == _lint_codes(runner, "--isolated", "--facts", str(facts), str(article))
    assert any(code.startswith("CC6") for code, _ in got)
    without = tmp_path / "without.jsonl"
    runner.invoke(main, ["batch", str(archive), "-o", str(without), "--jobs", "1", "--isolated"])
    assert not any(r["code"].startswith("CC6") for r in _rows(without))


def test_batch_reads_the_config_that_applies_to_its_input(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    folder.mkdir()
    (folder / "a.md").write_text((ROOT / "samples" / "ai-startup-profile.md").read_text(encoding="utf-8"),
                                 encoding="utf-8")
    (tmp_path / "claimcheck.toml").write_text('select = ["CC2"]\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert runner.invoke(main, ["batch", str(folder), "-o", str(out), "--jobs", "1"]).exit_code == 0
    codes = {r["code"] for r in _rows(out)}
    assert codes and all(c.startswith("CC2") for c in codes)
    isolated = tmp_path / "isolated.jsonl"
    assert runner.invoke(main, ["batch", str(folder), "-o", str(isolated), "--jobs", "1", "--isolated"]).exit_code == 0
    assert {r["code"] for r in _rows(isolated)} - codes


def test_batch_bad_facts_or_config_exit_2_naming_the_file(runner: CliRunner, archive: Path, tmp_path: Path) -> None:
    facts = tmp_path / "facts.csv"
    facts.write_text("entity,metric\nAcme,revenue,oops\n", encoding="utf-8")
    bad = runner.invoke(main, ["batch", str(archive), "-o", str(tmp_path / "o.jsonl"), "--isolated",
                               "--facts", str(facts)])
    assert bad.exit_code == 2 and "facts.csv" in bad.output
    config = tmp_path / "bad.toml"
    config.write_text("select = [\n", encoding="utf-8")
    broken = runner.invoke(main, ["batch", str(archive), "-o", str(tmp_path / "o.jsonl"), "--config", str(config)])
    assert broken.exit_code == 2 and "bad.toml" in broken.output
    assert not (tmp_path / "o.jsonl").exists()
