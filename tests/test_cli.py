"""End-to-end CLI tests through click's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from claimcheck.cli import main

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def runner(monkeypatch) -> CliRunner:
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.delenv("NO_COLOR", raising=False)
    return CliRunner()


def test_lint_exit_codes(runner: CliRunner, tmp_path: Path) -> None:
    clean = tmp_path / "clean.md"
    clean.write_text("Revenue rose from $41.2 million to $52.4 million, up 27%.\n", encoding="utf-8")
    bad = tmp_path / "bad.md"
    bad.write_text("Revenue rose from $41.2 million to $52.4 million, up 40%.\n", encoding="utf-8")
    assert runner.invoke(main, ["lint", "--isolated", str(clean)]).exit_code == 0
    result = runner.invoke(main, ["lint", "--isolated", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}:1:" in result.output and "CC201" in result.output
    assert runner.invoke(main, ["lint", "--isolated", "--fail-on", "never", str(bad)]).exit_code == 0


def test_unreadable_file_is_reported_and_others_still_linted(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.md"
    bad.write_text("Revenue rose from $41.2 million to $52.4 million, up 40%.\n", encoding="utf-8")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Caf\xe9 revenue was $5 million.\n".encode("latin-1"))
    result = runner.invoke(main, ["lint", "--isolated", "--format", "json", str(latin), str(bad), str(tmp_path / "missing.md")])
    assert result.exit_code == 2
    findings = json.loads(result.output)["findings"]
    codes = {(Path(f["path"]).name, f["code"]) for f in findings}
    assert ("latin.txt", "CC902") in codes
    assert ("missing.md", "CC901") in codes
    assert ("bad.md", "CC201") in codes
    latin_error = next(f for f in findings if f["code"] == "CC902")
    assert "byte offset 3" in latin_error["message"]
    assert bad.read_text(encoding="utf-8").startswith("Revenue rose")  # never modified


def test_json_output_validates_against_shipped_schema(runner: CliRunner) -> None:
    schema = json.loads((ROOT / "schemas" / "lint-report.schema.json").read_text(encoding="utf-8"))
    result = runner.invoke(main, ["lint", "--isolated", "--format", "json", "--show-passed", str(ROOT / "samples")])
    assert result.exit_code == 1
    report = json.loads(result.output)
    jsonschema.validate(report, schema)
    assert report["findings"], "the samples should produce findings"


def test_stdin_with_filename(runner: CliRunner) -> None:
    text = "# Results\n\nRevenue rose from $41.2 million to $52.4 million, up 40%.\n"
    result = runner.invoke(main, ["lint", "--isolated", "--format", "json", "--stdin-filename", "draft.md", "-"], input=text)
    findings = json.loads(result.output)["findings"]
    assert [(f["path"], f["line"], f["code"]) for f in findings] == [("draft.md", 3, "CC201")]


def test_select_and_ignore(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("Revenue rose from $41.2 million to $52.4 million, up 40%.\n\nThe churn rate hit 130% in May.\n",
                    encoding="utf-8")
    def codes(*args):
        out = runner.invoke(main, ["lint", "--isolated", "--format", "json", *args, str(path)]).output
        return sorted({f["code"] for f in json.loads(out)["findings"]})
    assert codes() == ["CC201", "CC302"]
    assert codes("--select", "CC3") == ["CC302"]
    assert codes("--ignore", "CC302") == ["CC201"]


def test_rules_and_explain(runner: CliRunner) -> None:
    listing = runner.invoke(main, ["rules"])
    assert listing.exit_code == 0
    assert "CC101" in listing.output and "CC301" in listing.output
    explained = runner.invoke(main, ["explain", "cc301"])
    assert explained.exit_code == 0
    assert "## Example" in explained.output and "retention" in explained.output
    unknown = runner.invoke(main, ["explain", "CC999"])
    assert unknown.exit_code == 2


def test_extract_jsonl(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("# Title\n\nRevenue of RMB 700 million, up 18.9%.\n\n```\n$5 billion\n```\n", encoding="utf-8")
    result = runner.invoke(main, ["extract", "--format", "jsonl", str(path)])
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [(r["text"], r["line"], r["col"], r["kind"], r["unit"]) for r in rows] == [
        ("RMB 700 million", 3, 12, "money", "CNY"),
        ("18.9%", 3, 32, "percent", "%"),
    ]
    assert rows[0]["value"] == 700e6 and rows[0]["low"] == 650e6 and rows[0]["high"] == 750e6
    assert all(set(r) >= {"path", "line", "col", "end_line", "end_col", "text", "kind", "value", "unit", "low", "high"}
               for r in rows)


def test_extract_table_fits_80_columns(runner: CliRunner) -> None:
    result = runner.invoke(main, ["extract", str(ROOT / "samples" / "ai-startup-profile.md")])
    assert result.exit_code == 0
    assert "RMB 700 million" in result.output
    assert max(len(line) for line in result.output.splitlines()) <= 80


def test_extract_table_keeps_the_written_digits(runner: CliRunner, tmp_path: Path) -> None:
    # A stated figure is shown with all its digits and its exact interval, not
    # rounded to three significant digits as a computed value would be.
    article = tmp_path / "digits.txt"
    article.write_text("Sales were $156.5 million, then $12.45 billion, and margins 12.345%.\n", encoding="utf-8")
    result = runner.invoke(main, ["extract", str(article)])
    assert result.exit_code == 0
    assert "$156.5 m [$156.45–156.55 m]" in result.output
    assert "$12.45 bn [$12.445–12.455 bn]" in result.output
    assert "12.345% [12.3445–12.3455%]" in result.output


def test_json_report_is_the_same_bytes_on_stdout_in_a_file_and_from_the_api(runner: CliRunner, tmp_path: Path) -> None:
    from claimcheck.api import lint_path

    article = tmp_path / "a.md"
    article.write_text("Revenue rose from €41.2 million to €52.4 million — up 40% (×1.4).\n", encoding="utf-8")
    out = tmp_path / "report.json"
    shown = runner.invoke(main, ["lint", "--isolated", "--format", "json", str(article)])
    written = runner.invoke(main, ["lint", "--isolated", "--format", "json", "-o", str(out), str(article)])
    assert shown.exit_code == written.exit_code == 1
    expected = lint_path(str(article)).model_dump_json(indent=2) + "\n"
    assert shown.stdout_bytes == out.read_bytes() == expected.encode("utf-8")
    assert json.loads(expected)["findings"][0]["code"] == "CC201"
