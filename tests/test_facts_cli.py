"""End-to-end: `claimcheck lint --facts` and `claimcheck facts` for every code,
every fact file format, and every backend (the file itself, SQLite, PostgreSQL).

PostgreSQL is a real server: `CLAIMCHECK_TEST_POSTGRES_URL`, else a throwaway
cluster started for the session (see tests/data/postgres_server.py). A missing
PostgreSQL fails these tests; it is not a skip.
"""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimcheck.cli import main

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
SAMPLES = ROOT / "samples"
GOLDEN = TESTS / "goldens" / "facts" / "fact-check.expected.json"
FORMATS = ("csv", "yaml", "jsonl")
BACKENDS = ("file", "sqlite", "postgres")
DATE = "2026-02-10"

# (code, failing sentence, passing sentence) against samples/facts.*
CASES = [
    ("CC601", "Northwind Freight's revenue was $3.9 billion in 2024.",
     "Northwind Freight's revenue was $3.4 billion in 2024."),
    ("CC602", "Harbor Bank is valued at RMB 12 billion.", "Harbor Bank is valued at RMB 85 billion."),
    ("CC603", "Corvid Labs is valued at $800 million.", "Corvid Labs is valued at $1.2 billion."),
]


def _server_module():
    spec = importlib.util.spec_from_file_location("postgres_server", TESTS / "data" / "postgres_server.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def postgres_server():
    """Return the URL of a PostgreSQL server for the session (fails when none can be had)."""
    server = _server_module()
    url = os.environ.get(server.ENV)
    if url:
        yield url
        return
    try:
        context = server.local_server()
        url = context.__enter__()
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    try:
        yield url
    finally:
        context.__exit__(None, None, None)


@pytest.fixture
def postgres_url(postgres_server):
    """Return the URL of an empty database, dropped after the test."""
    with _server_module().fresh_database(postgres_server) as url:
        yield url


@pytest.fixture
def runner(monkeypatch, tmp_path) -> CliRunner:
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.chdir(tmp_path)
    return CliRunner()


def _invoke(runner: CliRunner, *args: str):
    return runner.invoke(main, list(args), catch_exceptions=False)


def _location(backend: str, fmt: str, runner: CliRunner, tmp_path: Path, request) -> str:
    """Return a facts location holding samples/facts.<fmt> in `backend`."""
    source = str(SAMPLES / f"facts.{fmt}")
    if backend == "file":
        return source
    store = str(tmp_path / "facts.sqlite") if backend == "sqlite" else request.getfixturevalue("postgres_url")
    result = _invoke(runner, "facts", "import", source, "--store", store)
    assert result.exit_code == 0, result.output
    assert "7 new" in result.output
    return store


def _lint(runner: CliRunner, text: str, location: str, tmp_path: Path, *extra: str) -> tuple[int, list[dict]]:
    article = tmp_path / "article.md"
    article.write_text(text + "\n", encoding="utf-8")
    result = _invoke(runner, "lint", str(article), "--isolated", "--facts", location, "--date", DATE,
                     "--format", "json", "--show-passed", "--select", "CC6", *extra)
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.output)["findings"]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("code, failing, passing", CASES, ids=[c[0] for c in CASES])
def test_each_code_fails_and_passes(runner, tmp_path, request, backend, fmt, code, failing, passing) -> None:
    location = _location(backend, fmt, runner, tmp_path, request)
    exit_code, found = _lint(runner, failing, location, tmp_path)
    fails = [f for f in found if f["status"] == "fail"]
    assert [f["code"] for f in fails] == [code]
    assert exit_code == 1
    assert "source:" in fails[0]["computation"]["summary"]
    exit_code, found = _lint(runner, passing, location, tmp_path)
    assert exit_code == 0
    assert [f for f in found if f["status"] == "fail"] == []
    assert code in {f["code"] for f in found if f["status"] == "pass"}


def _sample_findings(runner, location: str) -> list[dict]:
    # NOTE: only the facts family, so the golden does not change with the other families' output
    # (samples/fact-check.expected.json holds those, without facts).
    result = _invoke(runner, "lint", str(SAMPLES / "fact-check.md"), "--isolated", "--facts", location,
                     "--format", "json", "--show-passed", "--select", "CC6")
    assert result.exit_code == 1, result.output
    findings = json.loads(result.output)["findings"]
    for f in findings:
        f["path"] = "samples/fact-check.md"
    return findings


def test_sample_article_matches_golden(runner, update_goldens: bool) -> None:
    got = _sample_findings(runner, str(SAMPLES / "facts.csv"))
    if update_goldens:
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(json.dumps({"findings": got}, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert GOLDEN.exists(), "missing golden; run pytest --update-goldens"
    assert got == json.loads(GOLDEN.read_text(encoding="utf-8"))["findings"]
    failing = {f["code"] for f in got if f["status"] == "fail"}
    passing = {f["code"] for f in got if f["status"] == "pass"}
    assert failing == passing == {"CC601", "CC602", "CC603"}


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_and_backend_give_the_golden(runner, tmp_path, request, backend, fmt) -> None:
    location = _location(backend, fmt, runner, tmp_path, request)
    assert _sample_findings(runner, location) == json.loads(GOLDEN.read_text(encoding="utf-8"))["findings"]


@pytest.mark.parametrize("fmt, text, where", [
    ("csv", "entity,metric,value,unit,as_of,source\nAcme,valuation,61.5bn,USD,2025-01-01,x\n", ":2: value:"),
    ("yaml", "- entity: Acme\n  metric: valuation\n  value: 1\n  as_of: 2025-02-30\n  source: x\n", ":4: as_of:"),
    ("jsonl", '{"entity": "Acme", "metric": "valuation", "value": 1, "as_of": "2025-01-01"}\n{oops\n', ":2: invalid JSON"),
])
def test_malformed_fact_files_exit_2(runner, tmp_path, fmt, text, where) -> None:
    path = tmp_path / f"bad.{fmt}"
    path.write_text(text, encoding="utf-8")
    result = _invoke(runner, "facts", "import", str(path), "--store", str(tmp_path / "s.sqlite"))
    assert result.exit_code == 2
    assert f"{path}{where}" in result.output
    assert not (tmp_path / "s.sqlite").exists(), "a failed import must not even create the store"
    article = tmp_path / "a.md"
    article.write_text("Acme is valued at $1 billion.\n", encoding="utf-8")
    result = _invoke(runner, "lint", str(article), "--isolated", "--facts", str(path))
    assert result.exit_code == 2
    assert f"{path}{where}" in result.output


def test_lint_with_a_missing_store_exits_2(runner, tmp_path) -> None:
    article = tmp_path / "a.md"
    article.write_text("Acme is valued at $1 billion.\n", encoding="utf-8")
    result = _invoke(runner, "lint", str(article), "--isolated", "--facts", str(tmp_path / "none.sqlite"))
    assert result.exit_code == 2
    assert "no fact store here" in result.output


def _manage(runner, store: str) -> None:
    """Exercise list, show, remove and the all-or-nothing import on `store`."""
    assert _invoke(runner, "facts", "import", str(SAMPLES / "facts.yaml"), "--store", store).exit_code == 0
    listed = _invoke(runner, "facts", "list", "--store", store, "--metric", "market value", "--format", "jsonl")
    assert listed.exit_code == 0
    assert [json.loads(line)["entity"] for line in listed.output.splitlines()] == [
        "Corvid Labs", "Corvid Labs", "Harbor Bank", "Lumina AI", "Lumina AI"]
    shown = _invoke(runner, "facts", "show", "Lumina", "--store", store)
    assert shown.exit_code == 0
    assert "Lumina AI (also: Lumina, Lumina Intelligence)" in shown.output
    assert "until 2026-01-08" in shown.output and "current" in shown.output
    bad = Path("bad.csv")
    bad.write_text("entity,metric,value,unit,as_of,source\nNew Co,valuation,5,USD,2025-01-01,x\n"
                   "Other Co,valuation,oops,USD,2025-01-01,x\n", encoding="utf-8")
    result = _invoke(runner, "facts", "import", str(SAMPLES / "facts.csv"), str(bad), "--store", store)
    assert result.exit_code == 2 and "bad.csv:3: value:" in result.output
    assert "New Co" not in _invoke(runner, "facts", "list", "--store", store).output
    removed = _invoke(runner, "facts", "remove", "Corvid", "--metric", "valuation", "--as-of", "2024-03-01",
                      "--store", store)
    assert removed.exit_code == 0 and "removed 1 fact" in removed.output
    assert _invoke(runner, "facts", "remove", "Nobody", "--store", store).exit_code == 1
    exported = _invoke(runner, "facts", "list", "--store", store, "--format", "csv")
    Path("export.csv").write_text(exported.output, encoding="utf-8")
    again = _invoke(runner, "facts", "import", "export.csv", "--store", store)
    assert again.exit_code == 0 and "0 new, 6 updated" in again.output


def test_manage_sqlite_store(runner, tmp_path) -> None:
    _manage(runner, str(tmp_path / "team.sqlite"))


def test_manage_postgres_store(runner, postgres_url) -> None:
    _manage(runner, postgres_url)


def test_default_store_comes_from_config(runner, tmp_path) -> None:
    Path("claimcheck.toml").write_text('facts = "shared/facts.sqlite"\n', encoding="utf-8")
    Path("shared").mkdir()
    result = _invoke(runner, "facts", "import", str(SAMPLES / "facts.csv"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "shared" / "facts.sqlite").exists()
    article = tmp_path / "a.md"
    article.write_text(CASES[0][1] + "\n", encoding="utf-8")
    result = _invoke(runner, "lint", str(article), "--date", DATE, "--format", "json")
    assert [f["code"] for f in json.loads(result.output)["findings"]] == ["CC601"]


def test_default_store_without_config(runner, tmp_path) -> None:
    assert _invoke(runner, "facts", "import", str(SAMPLES / "facts.jsonl")).exit_code == 0
    assert (tmp_path / "claimcheck-facts.sqlite").exists()


def test_postgres_schema_is_migrated_once_and_versioned(postgres_url) -> None:
    import psycopg

    from claimcheck.facts import open_store
    from claimcheck.facts.store import SCHEMA_VERSION

    open_store(postgres_url).close()
    open_store(postgres_url).close()
    with psycopg.connect(postgres_url) as conn:
        assert conn.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]


def test_postgres_unreachable_is_a_clear_error(runner, tmp_path) -> None:
    article = tmp_path / "a.md"
    article.write_text("Acme is valued at $1 billion.\n", encoding="utf-8")
    url = f"postgresql://nobody:secret@/nodb?host={tmp_path}&port=1"
    result = _invoke(runner, "lint", str(article), "--isolated", "--facts", url)
    assert result.exit_code == 2
    assert "cannot connect to PostgreSQL" in result.output and "secret" not in result.output
