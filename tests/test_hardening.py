"""Hardening: hostile input, limits, bad input and configuration, and safety guarantees.

- Adversarial inputs (the generators of `benchmarks/bench_adversarial.py`) are
  linted end to end through `claimcheck lint`; the tests assert completion and
  sane output, never wall time (the benchmark measures seconds per MB).
- Limits: `--max-bytes` (CC904) and the per-document time budget (CC905).
- Bad input and configuration end to end on temporary projects: every problem
  is a clear message naming the file, exit code 2, the other files still
  linted, and nothing the user wrote is modified.
- Safety: no eval/exec/unsafe loaders/shell in src/ (checked with `ast`), no
  network at run time, escaped HTML/Markdown reports, parameterised SQL.
- A bounded run of the atheris fuzz target (`tests/fuzz/fuzz_extract.py`).

`SECURITY.md` lists the guarantees and points here.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimcheck.cli import main

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "claimcheck"
SAMPLES = ROOT / "samples"


def _load_bench():
    spec = importlib.util.spec_from_file_location("bench_adversarial", ROOT / "benchmarks" / "bench_adversarial.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BENCH = _load_bench()

# NOTE: CI lints the dense inputs (one figure every 10-20 bytes) at a fraction
# of 1 MB so the suite stays within minutes on 2 cores; the sparse ones run at
# full size. CLAIMCHECK_ADVERSARIAL_SCALE=1 runs every input at 1 MB, as
# `benchmarks/bench_adversarial.py` always does. The 10,000-column table keeps
# its 10,000 columns at any scale (fewer rows).
CI_SCALE = {
    "digits": 1.0, "nested-lists": 1.0, "nested-quotes": 1.0, "nul": 1.0, "mixed-encodings": 1.0,
    "nested-html": 0.5, "dollar-comma": 0.3, "fullwidth": 0.5, "wide-table": 0.1, "many-figures": 0.1,
    "unicode-separators": 0.1, "bidi-zero-width": 0.05,
}


def _scale(name: str) -> float:
    forced = os.environ.get("CLAIMCHECK_ADVERSARIAL_SCALE")
    return float(forced) if forced else CI_SCALE[name]


@pytest.fixture
def runner(monkeypatch) -> CliRunner:
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.delenv("NO_COLOR", raising=False)
    return CliRunner()


def _digest(folder: Path) -> dict[str, str]:
    """Return {relative path: sha256} for every regular file under `folder` (links not followed)."""
    out = {}
    for root, _dirs, files in os.walk(folder):
        for name in files:
            p = Path(root) / name
            if p.is_symlink() or not p.is_file():
                continue
            try:
                out[str(p.relative_to(folder))] = hashlib.sha256(p.read_bytes()).hexdigest()
            except OSError:
                out[str(p.relative_to(folder))] = "unreadable"
    return out


def _lint_json(runner: CliRunner, *args: str):
    """Run `claimcheck lint --format json ARGS`; return (exit code, parsed report, stderr)."""
    result = runner.invoke(main, ["lint", "--isolated", "--jobs", "1", "--format", "json", *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    report = json.loads(result.stdout) if result.stdout.strip() else None
    return result.exit_code, report, result.stderr


# ---------------------------------------------------------------- adversarial inputs


@pytest.mark.parametrize("name", list(BENCH.INPUTS))
def test_adversarial_input_is_linted_end_to_end(runner, tmp_path, name):
    filename, data = BENCH.INPUTS[name](_scale(name))
    path = tmp_path / filename
    path.write_bytes(data)
    code, report, stderr = _lint_json(runner, str(path))
    assert report is not None, stderr
    findings = report["findings"]
    if name in ("nul", "mixed-encodings"):
        assert code == 2
        assert [f["code"] for f in findings] == ["CC902"]
        bad = data.find(b"\x00") if name == "nul" else _first_bad_utf8(data)
        assert f"byte offset {bad}" in findings[0]["message"]
        return
    assert code in (0, 1), (code, stderr)
    lines = data.count(b"\n") + 1
    for f in findings:
        assert f["path"] == str(path)
        assert 1 <= f["line"] <= lines and f["col"] >= 1
        assert f["code"] in DATA_RUN_CODES.get(name, ()) or not f["code"].startswith("CC9"), f
    # The data dumps (figures with no word between them) are read up to the
    # figure-run limit, and that is reported once per run.
    assert [f["code"] for f in findings if f["code"] == "CC908"] == list(DATA_RUN_CODES.get(name, ()))


# Inputs that are one run of more than 1,000 figures with no word between them.
DATA_RUN_CODES = {"dollar-comma": ("CC908",), "wide-table": ("CC908",)}


def _first_bad_utf8(data: bytes) -> int:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start
    raise AssertionError("input is valid UTF-8")


def test_huge_numeral_is_not_a_figure(runner, tmp_path):
    # A line of 1,000,000 digits is no figure anyone wrote: nothing is reported for it.
    path = tmp_path / "digits.txt"
    path.write_bytes(BENCH.digits()[1])
    result = runner.invoke(main, ["extract", "--format", "jsonl", str(path)])
    assert result.exit_code == 0
    assert result.stdout.strip() == ""


# ---------------------------------------------------------------- limits


def test_max_bytes_is_a_clear_error_not_truncation(runner, tmp_path):
    big = tmp_path / "big.md"
    big.write_text("Revenue rose from $41.2 million to $52.4 million, up 40%.\n" * 100, encoding="utf-8")
    small = tmp_path / "small.md"
    small.write_text("Revenue rose from $41.2 million to $52.4 million, up 40%.\n", encoding="utf-8")
    code, report, _ = _lint_json(runner, "--max-bytes", "1000", str(big), str(small))
    assert code == 2
    by_path = {}
    for f in report["findings"]:
        by_path.setdefault(f["path"], []).append(f)
    assert [f["code"] for f in by_path[str(big)]] == ["CC904"]
    assert f"{big.stat().st_size} bytes" in by_path[str(big)][0]["message"]
    assert "1000" in by_path[str(big)][0]["message"]
    assert any(f["code"] == "CC201" for f in by_path[str(small)])


def test_max_bytes_applies_to_stdin(runner):
    data = ("Revenue rose from $41.2 million to $52.4 million, up 40%.\n" * 100).encode()
    result = runner.invoke(main, ["lint", "--isolated", "--format", "json", "--max-bytes", "1000", "-"], input=data)
    assert result.exit_code == 2
    assert [f["code"] for f in json.loads(result.stdout)["findings"]] == ["CC904"]


def test_time_budget_zero_reports_cc905_through_the_api():
    from claimcheck.api import lint_text
    from claimcheck.options import LintOptions

    text = "Revenue rose from $41.2 million to $52.4 million, up 40%."
    findings = lint_text(text, options=LintOptions(time_budget=0))
    assert [f.code for f in findings] == ["CC905"]
    assert "time budget" in findings[0].message
    assert findings[0].severity == "error"


def test_time_budget_counts_extraction(monkeypatch):
    # A document whose extraction alone used up the budget must not then run
    # every rule: the budget is per document, not per rule phase.
    import time

    import claimcheck.extract
    from claimcheck.api import lint_text
    from claimcheck.options import LintOptions

    clock = [1000.0]
    real_extract = claimcheck.extract.extract_runs

    def slow_extract(doc, max_run):
        clock[0] += 60.0  # extraction "took" a minute
        return real_extract(doc, max_run)

    monkeypatch.setattr(time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(claimcheck.extract, "extract_runs", slow_extract)
    findings = lint_text("Revenue rose from $41.2 million to $52.4 million, up 40%.",
                         options=LintOptions(time_budget=10))
    assert "CC905" in [f.code for f in findings]


def test_time_budget_from_config_reaches_the_cli(runner, tmp_path):
    (tmp_path / "claimcheck.toml").write_text("time-budget = 1e-9\n", encoding="utf-8")
    article = tmp_path / "a.md"
    article.write_text("Revenue rose from $41.2 million to $52.4 million, up 40%.\n", encoding="utf-8")
    result = runner.invoke(main, ["lint", "--jobs", "1", "--format", "json", str(article)])
    codes = [f["code"] for f in json.loads(result.stdout)["findings"]]
    assert "CC905" in codes
    assert result.exit_code == 1


def test_time_budget_flag(runner, tmp_path):
    article = tmp_path / "a.md"
    article.write_text("Revenue rose from $41.2 million to $52.4 million, up 40%.\n", encoding="utf-8")
    code, report, stderr = _lint_json(runner, "--time-budget", "0.000000001", str(article))
    assert report is not None, stderr
    assert "CC905" in [f["code"] for f in report["findings"]]


# ---------------------------------------------------------------- bad input, end to end

GOOD = "Revenue rose from $41.2 million to $52.4 million, up 40%.\n"


@pytest.fixture
def messy_project(tmp_path):
    """A folder with one good article and every kind of unreadable input next to it."""
    project = tmp_path / "project"
    project.mkdir()
    (project / "good.md").write_text(GOOD, encoding="utf-8")
    (project / "empty.md").write_bytes(b"")
    (project / "binary.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (project / "latin1.txt").write_bytes("Café revenue of €5 million.\n".encode("utf-8") + "Caf\xe9\n".encode("latin-1"))
    (project / "folder.md").mkdir()
    os.symlink("loop.md", project / "loop.md")
    (project / "denied.md").write_text(GOOD, encoding="utf-8")
    (project / "unsupported.docx").write_bytes(b"PK\x03\x04")
    return project


def _deny_reads(monkeypatch, path: Path) -> None:
    """Make opening `path` fail with EACCES: chmod 000 when that works, else a patched `open`."""
    path.chmod(0)
    try:
        with open(path, "rb"):
            pass
    except PermissionError:
        return
    # NOTE: running as root, chmod 000 does not deny reads; emulate the
    # kernel's answer at the one call the reader makes.
    import builtins

    real_open = builtins.open

    def guarded_open(file, *args, **kwargs):
        if os.fspath(file) == os.fspath(path) if isinstance(file, (str, os.PathLike)) else False:
            raise PermissionError(13, "Permission denied", os.fspath(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded_open)


def test_every_bad_input_is_reported_and_the_rest_is_linted(runner, messy_project, monkeypatch):
    p = messy_project
    _deny_reads(monkeypatch, p / "denied.md")
    before = _digest(p)
    names = ["good.md", "empty.md", "binary.md", "latin1.txt", "folder.md", "loop.md", "denied.md",
             "missing.md", "unsupported.docx"]
    code, report, stderr = _lint_json(runner, *(str(p / n) for n in names))
    (p / "denied.md").chmod(0o644)
    assert code == 2, stderr
    by_path: dict[str, list[dict]] = {}
    for f in report["findings"]:
        by_path.setdefault(Path(f["path"]).name, []).append(f)
    expected = {
        "binary.md": ("CC902", "NUL byte at byte offset 8"),
        "latin1.txt": ("CC902", "byte 0xe9 at byte offset"),
        "loop.md": ("CC901", ""),
        "denied.md": ("CC901", "permission denied"),
        "missing.md": ("CC901", "no such file"),
        "unsupported.docx": ("CC903", "unsupported"),
    }
    for name, (want, words) in expected.items():
        got = by_path.get(name, [])
        assert [f["code"] for f in got] == [want], (name, got)
        assert words in got[0]["message"], (name, got[0]["message"])
    latin = by_path["latin1.txt"][0]
    assert (latin["line"], latin["col"]) == (2, 4)
    assert "empty.md" not in by_path  # an empty article is clean, not an error
    assert "folder.md" not in by_path  # a folder named on the command line is walked (it is empty)
    assert any(f["code"] == "CC201" for f in by_path["good.md"])  # the good file is still linted
    assert _digest(p) == before


def test_directory_read_as_a_file_is_cc901(tmp_path):
    from claimcheck.errors import InputError
    from claimcheck.readers import read_path

    (tmp_path / "folder.md").mkdir()
    with pytest.raises(InputError) as info:
        read_path(tmp_path / "folder.md")
    assert info.value.code == "CC901"
    assert "directory" in info.value.message


def test_folder_with_symlink_loops_and_fifo_does_not_hang(runner, tmp_path):
    project = tmp_path / "p"
    (project / "sub").mkdir(parents=True)
    (project / "good.md").write_text(GOOD, encoding="utf-8")
    os.symlink("..", project / "sub" / "up")  # a directory loop
    os.symlink("self.md", project / "self.md")  # a file loop
    os.mkfifo(project / "pipe.md")  # opening a FIFO for reading would block forever
    code, report, stderr = _lint_json(runner, str(project))
    assert report is not None, stderr
    names = {Path(f["path"]).name: f["code"] for f in report["findings"]}
    assert names.get("good.md") == "CC201"
    assert names.get("self.md") == "CC901"
    assert names.get("pipe.md") == "CC901"
    assert code == 2


def test_explicit_fifo_is_an_input_error(runner, tmp_path):
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    code, report, _ = _lint_json(runner, str(fifo))
    assert code == 2
    assert [f["code"] for f in report["findings"]] == ["CC901"]


def test_extract_reports_bad_inputs_and_goes_on(runner, messy_project):
    p = messy_project
    result = runner.invoke(main, ["extract", "--format", "jsonl", str(p / "binary.md"), str(p / "good.md"),
                                  str(p / "missing.md")])
    assert result.exit_code == 2
    assert "binary.md:3:1: CC902 binary file" in result.stderr  # line and column of the NUL
    assert "missing.md:1:1: CC901" in result.stderr
    texts = [json.loads(line)["text"] for line in result.stdout.splitlines()]
    assert "$41.2 million" in texts


# ---------------------------------------------------------------- bad configuration, end to end


@pytest.mark.parametrize(("pack", "words"), [
    ("[pack\nname = 'x'\n", ["bad.toml:1", "TOML"]),
    ("[pack]\nname = 'x'\n[metrics.gmv]\nlabel = 'g'\nphrases = ['gmv']\nkinds = ['money']\nunit = 'currency'\n"
     "range = [5, 1]\nsource = 's'\n", ["bad.toml:8", "range"]),
    ("[pack]\nname = 'x'\n[[identities]]\nname = 'i'\nformula = 'revenue = gmv * '\nseverity = 'warning'\n"
     "source = 's'\n", ["bad.toml:5", "formula"]),
    ("[pack]\nname = 'x'\n[[identities]]\nname = 'i'\nformula = 'revenue = nosuchmetric * 2'\n"
     "severity = 'warning'\nsource = 's'\n", ["bad.toml", "nosuchmetric"]),
    (b"[pack]\nname = '\xe9'\n", ["bad.toml", "UTF-8"]),
])
def test_malformed_rule_pack_is_a_clear_error(runner, tmp_path, pack, words):
    path = tmp_path / "bad.toml"
    path.write_bytes(pack if isinstance(pack, bytes) else pack.encode())
    article = tmp_path / "a.md"
    article.write_text(GOOD, encoding="utf-8")
    before = _digest(tmp_path)
    result = runner.invoke(main, ["lint", "--isolated", "--rules", str(path), str(article)])
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    for w in words:
        assert w in result.stderr, (w, result.stderr)
    assert "Traceback" not in result.stderr
    assert _digest(tmp_path) == before


def test_missing_rule_pack_is_a_clear_error(runner, tmp_path):
    result = runner.invoke(main, ["lint", "--isolated", "--rules", str(tmp_path / "nope.toml"), str(tmp_path)])
    assert result.exit_code == 2
    assert "nope.toml" in result.stderr


CONFIG_CASES = [
    ("[tool.claimcheck]\nselect = [\n", ["pyproject.toml:", "TOML"]),
    ("[tool.claimcheck]\nfail-on = 'sometimes'\n", ["pyproject.toml:2", "fail-on"]),
    ("[tool.claimcheck]\nselct = ['CC1']\n", ["pyproject.toml:2", "selct"]),
    ("[tool.claimcheck]\ntolerance = -1\n", ["pyproject.toml:2", "tolerance"]),
    ("[tool.claimcheck]\nmax-bytes = 'big'\n", ["pyproject.toml:2", "max-bytes"]),
    ("[tool.claimcheck]\ntime-budget = 0\n", ["pyproject.toml:2", "time-budget"]),
    ("[tool.claimcheck]\ncurrency = { dollar = 'DOLLARS' }\n", ["pyproject.toml:2", "currency"]),
]


def test_broken_claimcheck_toml_is_a_clear_error(runner, tmp_path):
    (tmp_path / "claimcheck.toml").write_text("select = [\"CC1\"\nstrict = \n", encoding="utf-8")
    article = tmp_path / "a.md"
    article.write_text(GOOD, encoding="utf-8")
    result = runner.invoke(main, ["lint", str(article)])
    assert result.exit_code == 2
    assert "claimcheck.toml:" in result.stderr and "TOML" in result.stderr, result.stderr


@pytest.mark.parametrize(("config", "words"), CONFIG_CASES)
def test_malformed_config_is_a_clear_error(runner, tmp_path, config, words):
    (tmp_path / "pyproject.toml").write_text(config, encoding="utf-8")
    article = tmp_path / "a.md"
    article.write_text(GOOD, encoding="utf-8")
    before = _digest(tmp_path)
    result = runner.invoke(main, ["lint", str(article)])
    assert result.exit_code == 2
    for w in words:
        assert w in result.stderr, (w, result.stderr)
    assert "Traceback" not in result.stderr
    assert _digest(tmp_path) == before


@pytest.mark.parametrize(("name", "content", "words"), [
    ("bad.csv", "entity,metric,value,unit,as_of,source\nLumina AI,valuation,lots,USD,2025-06-01,s\n",
     ["bad.csv:2", "value"]),
    ("bad.csv", "entity,metric\nLumina AI,valuation\n", ["bad.csv"]),
    ("bad.yaml", "- entity: Lumina AI\n  metric: valuation\n  value: [1\n", ["bad.yaml:4", "YAML"]),
    ("bad.yaml", "- !!python/object/apply:os.system ['touch pwned']\n", ["bad.yaml:1"]),
    ("bad.jsonl", '{"entity": "Lumina AI", "metric": "valuation", "value": 1e9, "unit": "USD",'
                  ' "as_of": "2025-06-01", "source": "s"}\n{"entity": \n', ["bad.jsonl:2"]),
    ("bad.jsonl", '{"entity": "Lumina AI", "metric": "valuation", "value": 1e9, "unit": "USD",'
                  ' "as_of": "2025-13-01", "source": "s"}\n', ["bad.jsonl:1", "as_of"]),
])
def test_malformed_fact_file_is_a_clear_error(runner, tmp_path, name, content, words):
    facts = tmp_path / name
    facts.write_text(content, encoding="utf-8")
    article = tmp_path / "a.md"
    article.write_text(GOOD, encoding="utf-8")
    before = _digest(tmp_path)
    result = runner.invoke(main, ["lint", "--isolated", "--jobs", "1", "--facts", str(facts), str(article)])
    assert result.exit_code == 2
    for w in words:
        assert w in result.stderr, (w, result.stderr)
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "pwned").exists()
    assert _digest(tmp_path) == before


def test_nothing_the_user_wrote_is_modified_by_a_normal_run(runner, tmp_path):
    import shutil

    project = tmp_path / "samples"
    shutil.copytree(SAMPLES, project)
    before = _digest(project)
    for fmt in ("text", "json", "sarif", "github", "markdown", "html"):
        result = runner.invoke(main, ["lint", "--isolated", "--jobs", "1", "--format", fmt,
                                      "--facts", str(project / "facts.csv"), str(project)])
        assert result.exit_code in (0, 1), result.stderr
    assert _digest(project) == before
    assert sorted(p.name for p in project.iterdir()) == sorted(p.name for p in SAMPLES.iterdir())


# ---------------------------------------------------------------- safety: source scan

DANGEROUS_BUILTINS = {"eval", "exec", "compile", "__import__", "breakpoint"}
DANGEROUS_CALLS = {
    ("pickle", "loads"), ("pickle", "load"), ("marshal", "loads"), ("marshal", "load"), ("shelve", "open"),
    ("os", "system"), ("os", "popen"), ("yaml", "unsafe_load"), ("yaml", "full_load"),
    ("yaml", "unsafe_load_all"), ("yaml", "full_load_all"), ("subprocess", "getoutput"),
    ("subprocess", "getstatusoutput"),
}
SAFE_YAML_LOADERS = {"SafeLoader", "CSafeLoader", "BaseLoader", "CBaseLoader"}


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


def _safe_loader_classes(tree: ast.Module) -> set[str]:
    """Return the names of classes in `tree` that derive from a safe PyYAML loader."""
    safe = set(SAFE_YAML_LOADERS)
    changed = True
    while changed:
        changed = False
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and node.name not in safe:
                if any(_dotted(b).split(".")[-1] in safe for b in node.bases):
                    safe.add(node.name)
                    changed = True
    return safe


def _unsafe_calls(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    safe_loaders = _safe_loader_classes(tree)
    problems = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _dotted(node.func)
        where = f"{path.name}:{node.lineno}"
        if isinstance(node.func, ast.Name) and name in DANGEROUS_BUILTINS:
            problems.append(f"{where}: {name}()")
        parts = tuple(name.split("."))
        if len(parts) >= 2 and parts[-2:] in DANGEROUS_CALLS:
            problems.append(f"{where}: {name}()")
        if parts[-1:] in (("load",), ("load_all",)) and parts[:-1] == ("yaml",):
            loader = next((k.value for k in node.keywords if k.arg == "Loader"),
                          node.args[1] if len(node.args) > 1 else None)
            if loader is None or _dotted(loader).split(".")[-1] not in safe_loaders:
                problems.append(f"{where}: {name}() without a safe Loader")
        for kw in node.keywords:
            if kw.arg == "shell" and not (isinstance(kw.value, ast.Constant) and kw.value.value is False):
                problems.append(f"{where}: {name}(shell=...)")
    return problems


def test_no_eval_exec_unsafe_loaders_or_shell_in_src():
    files = sorted(SRC.rglob("*.py"))
    assert len(files) > 20
    problems = [p for f in files for p in _unsafe_calls(f)]
    assert problems == []


def test_source_scan_catches_what_it_looks_for(tmp_path):
    # The scanner itself is tested: each forbidden form is reported.
    bad = tmp_path / "probe.py"
    bad.write_text(
        "import pickle, yaml, subprocess, os\n"
        "class L(yaml.SafeLoader): pass\n"
        "eval('1')\nexec('x=1')\ncompile('1', 'f', 'eval')\npickle.loads(b'')\n"
        "yaml.load('a')\nyaml.load('a', Loader=yaml.Loader)\nyaml.load('a', Loader=L)\n"
        "subprocess.run('ls', shell=True)\nos.system('ls')\nyaml.safe_load('a')\n",
        encoding="utf-8",
    )
    found = _unsafe_calls(bad)
    assert [p.split(": ", 1)[1] for p in found] == [
        "eval()", "exec()", "compile()", "pickle.loads()", "yaml.load() without a safe Loader",
        "yaml.load() without a safe Loader", "subprocess.run(shell=...)", "os.system()",
    ]


# ---------------------------------------------------------------- safety: no network


@pytest.fixture
def no_network(monkeypatch):
    """Make every attempt to open a network connection raise."""
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access attempted during a claimcheck run")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket.socket, "sendto", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


def test_whole_cli_runs_without_network(runner, tmp_path, no_network):
    project = tmp_path / "p"
    project.mkdir()
    for src in SAMPLES.iterdir():
        (project / src.name).write_bytes(src.read_bytes())
    (project / "page.html").write_text(
        "<html><body><p>Revenue rose from $41.2 million to $52.4 million, up 40%.</p>"
        "<img src='http://example.com/x.png'><script src='https://example.com/a.js'></script></body></html>",
        encoding="utf-8")
    for fmt in ("text", "json", "sarif", "github", "markdown", "html"):
        result = runner.invoke(main, ["lint", "--isolated", "--jobs", "1", "--format", fmt,
                                      "--facts", str(project / "facts.csv"), str(project)])
        assert result.exit_code == 1, (fmt, result.stderr, result.exception)
    for fmt in ("jsonl", "table"):
        result = runner.invoke(main, ["extract", "--format", fmt, str(project)])
        assert result.exit_code == 0, (fmt, result.stderr)
    store = tmp_path / "facts.sqlite"
    for args in (["facts", "import", "--store", str(store), str(project / "facts.csv")],
                 ["lint", "--isolated", "--jobs", "1", "--facts", str(store), str(project)],
                 ["rules"], ["explain", "CC301"]):
        result = runner.invoke(main, args)
        assert result.exit_code in (0, 1), (args, result.stdout, result.stderr)
    assert no_network == []


# ---------------------------------------------------------------- safety: escaped reports

HOSTILE = (
    "Revenue <script>alert(1)</script> rose from $41.2 million to $52.4 million, up 40% "
    "<img src=x onerror=alert(2)> </textarea></style><svg onload=alert(3)> ]]> `x` | cell | "
    "[click](javascript:alert(4)) ![x](http://evil.example/x.png) <!-- c --> &lt;b&gt; ```\n```html <b>.\n"
)


RAW_MARKUP = ("<script", "<img", "<svg", "</textarea", "</style", "<!--", "](javascript:", "](http://evil")


def _lint_hostile(runner, tmp_path, fmt: str) -> str:
    # The file name is hostile too: it is printed in every finding.
    article = tmp_path / "<img src=x onerror=alert(5)>.txt"
    article.write_text(HOSTILE, encoding="utf-8")
    result = runner.invoke(main, ["lint", "--isolated", "--jobs", "1", "--format", fmt, "--show-passed",
                                  str(article)])
    assert result.exit_code == 1, result.stderr
    assert "CC201" in result.stdout  # the article was linted
    return result.stdout


def test_html_report_escapes_hostile_article_text(runner, tmp_path):
    from html.parser import HTMLParser

    out = _lint_hostile(runner, tmp_path, "html")

    class Elements(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.tags: list[tuple[str, dict]] = []
            self.script = ""
            self._in_script = False

        def handle_starttag(self, tag, attrs):
            self.tags.append((tag, dict(attrs)))
            self._in_script = tag == "script"

        def handle_endtag(self, tag):
            self._in_script = False

        def handle_data(self, data):
            if self._in_script:
                self.script += data

    page = Elements()
    page.feed(out)
    names = {t for t, _ in page.tags}
    assert not names & {"img", "svg", "iframe", "object", "embed", "textarea", "base", "form"}, names
    for tag, attrs in page.tags:
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        assert "src" not in attrs or tag != "script", attrs
        for value in attrs.values():
            assert not (value or "").strip().lower().startswith("javascript:"), (tag, attrs)
    assert [t for t, _ in page.tags].count("script") <= 1
    assert "alert(" not in page.script
    csp = [a for t, a in page.tags if t == "meta" and a.get("http-equiv", "").lower() == "content-security-policy"]
    assert csp and "default-src 'none'" in csp[0]["content"], csp


def test_markdown_report_escapes_hostile_article_text(runner, tmp_path):
    out = _lint_hostile(runner, tmp_path, "markdown")
    # Article text may appear verbatim only inside fenced code blocks (source
    # excerpts), which a Markdown renderer shows as text; everywhere else it
    # must be escaped. Every excerpt line starts with a gutter, so article
    # text can never close the fence.
    outside, fenced = [], False
    for line in out.splitlines():
        if line.startswith("```"):
            fenced = not fenced
            continue
        if fenced:
            assert line == "" or line.lstrip().startswith(("|", "=")) or line.lstrip()[:1].isdigit(), line
        else:
            outside.append(line)
    assert not fenced, "unbalanced code fence"
    rest = "\n".join(outside)
    for raw in RAW_MARKUP:
        assert raw not in rest, raw


# ---------------------------------------------------------------- safety: parameterised SQL


def test_fact_store_sql_never_contains_fact_data(tmp_path):
    import claimcheck.facts as facts
    from claimcheck.facts.store import open_store

    marker = "Evil'); DROP TABLE facts; --"
    csv = tmp_path / "evil.csv"
    csv.write_text(
        "entity,metric,value,unit,as_of,source,aliases,note\n"
        f"\"{marker}\",valuation,45000000000,USD,2025-06-01,\"{marker} src\",\"{marker} alias\",\"{marker} note\"\n",
        encoding="utf-8")
    rows = facts.read_fact_files([str(csv)])
    statements: list[str] = []

    class Recorder:
        """Wrap a connection or cursor, recording the SQL text of every statement it is given."""

        def __init__(self, inner):
            self._inner = inner

        def __getattr__(self, name):
            return getattr(self._inner, name)

        def execute(self, sql, *args):
            statements.append(sql)
            return self._inner.execute(sql, *args)

        def executemany(self, sql, *args):
            statements.append(sql)
            return self._inner.executemany(sql, *args)

        def executescript(self, sql):
            statements.append(sql)
            return self._inner.executescript(sql)

        def cursor(self, *args):
            return Recorder(self._inner.cursor(*args))

    store = open_store(str(tmp_path / "f.sqlite"), create=True)
    try:
        store.conn = Recorder(store.conn)
        store.add(rows)
        assert store.count() == 1
        got = store.all_facts()
        assert got[0].entity == marker
        assert store.remove([marker]) == 1
        assert store.count() == 0
    finally:
        store.conn = store.conn._inner
        store.close()
    assert statements
    leaked = [s for s in statements if "Evil" in s or "DROP" in s]
    assert leaked == []


def test_sql_is_built_from_constants_only():
    # Every statement handed to execute/executemany/copy in the store is a
    # string constant, or an f-string whose holes are names bound in the same
    # function to column lists and placeholders: never a `%` or `.format` of
    # data, never a concatenation with a parameter.
    path = SRC / "facts" / "store.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    problems = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in {"execute", "executemany", "executescript", "copy"} and node.args):
            continue
        stmt = node.args[0]
        if isinstance(stmt, ast.BinOp):
            problems.append(f"store.py:{node.lineno}: SQL built with an operator")
        elif isinstance(stmt, ast.Call) and _dotted(stmt.func).endswith(".format"):
            problems.append(f"store.py:{node.lineno}: SQL built with .format")
        elif isinstance(stmt, ast.JoinedStr):
            holes = [v.value for v in stmt.values if isinstance(v, ast.FormattedValue)]
            for hole in holes:
                if not isinstance(hole, ast.Name) or hole.id not in {"names", "marks", "updates", "clause"}:
                    problems.append(f"store.py:{node.lineno}: SQL f-string interpolates {ast.unparse(hole)}")
    assert problems == []


# ---------------------------------------------------------------- coverage-guided fuzzing (bounded)


def test_atheris_bounded_run(tmp_path):
    import atheris  # noqa: F401  (a test dependency: the bounded fuzz run must not be skipped)

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for seed in (ROOT / "tests" / "fuzz" / "seeds").iterdir():
        (corpus / seed.name).write_bytes(seed.read_bytes())
    proc = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "fuzz" / "fuzz_extract.py"), "-runs=3000", "-max_total_time=20",
         "-timeout=20", f"-dict={ROOT / 'tests' / 'fuzz' / 'extract.dict'}", f"-artifact_prefix={tmp_path}/",
         str(corpus)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert proc.returncode == 0, proc.stderr[-4000:]
    assert "Done" in proc.stderr or "INITED" in proc.stderr
