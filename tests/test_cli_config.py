"""Configuration, suppressions and baselines, end to end through the CLI on temporary projects."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimcheck.cli import main

BAD = "Revenue rose from $41.2 million to $52.4 million, up 40%.\n"
CHURN = "The churn rate hit 130% in May.\n"


@pytest.fixture
def runner(monkeypatch) -> CliRunner:
    monkeypatch.setenv("COLUMNS", "80")
    return CliRunner()


def _codes(result) -> list[tuple[str, int, str]]:
    return [(Path(f["path"]).name, f["line"], f["code"]) for f in json.loads(result.output)["findings"]]


def test_pyproject_config_is_found_walking_up(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.claimcheck]\nignore = ["CC201"]\n', encoding="utf-8")
    drafts = tmp_path / "drafts" / "2026"
    drafts.mkdir(parents=True)
    (drafts / "a.md").write_text(BAD + "\n" + CHURN, encoding="utf-8")
    result = runner.invoke(main, ["lint", "--format", "json", str(drafts / "a.md")])
    assert _codes(result) == [("a.md", 3, "CC302")]
    # A flag overrides the file.
    result = runner.invoke(main, ["lint", "--format", "json", "--ignore", "CC302", str(drafts / "a.md")])
    assert _codes(result) == [("a.md", 1, "CC201")]


def test_claimcheck_toml_fail_on_and_per_file_ignores(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "claimcheck.toml").write_text(
        'fail-on = "error"\n[per-file-ignores]\n"archive/*.md" = ["CC2"]\n', encoding="utf-8")
    (tmp_path / "archive").mkdir()
    (tmp_path / "archive" / "old.md").write_text(BAD, encoding="utf-8")
    (tmp_path / "new.md").write_text(BAD, encoding="utf-8")
    result = runner.invoke(main, ["lint", "--format", "json", str(tmp_path)])
    assert _codes(result) == [("new.md", 1, "CC201")]
    assert result.exit_code == 1


def test_misspelled_key_is_an_error_naming_file_key_and_suggestion(runner: CliRunner, tmp_path: Path) -> None:
    config = tmp_path / "claimcheck.toml"
    config.write_text('select = ["ALL"]\nfail_on = "error"\n', encoding="utf-8")
    (tmp_path / "a.md").write_text(BAD, encoding="utf-8")
    result = runner.invoke(main, ["lint", str(tmp_path / "a.md")])
    assert result.exit_code == 2
    assert str(config) in result.output and ":2:" in result.output
    assert "fail_on" in result.output and "did you mean 'fail-on'" in result.output


def test_inline_suppressions_and_unused_report(runner: CliRunner, tmp_path: Path) -> None:
    article = tmp_path / "a.md"
    article.write_text(
        "<!-- claimcheck: ignore CC201 -->\n" + BAD + "\n" + CHURN.rstrip("\n") + " <!-- claimcheck: ignore CC101 -->\n",
        encoding="utf-8",
    )
    before = article.read_bytes()
    result = runner.invoke(main, ["lint", "--isolated", "--format", "json", str(article)])
    assert _codes(result) == [("a.md", 4, "CC302")]
    result = runner.invoke(main, ["lint", "--isolated", "--format", "json", "--report-unused-ignores", str(article)])
    assert _codes(result) == [("a.md", 4, "CC302"), ("a.md", 4, "CC910")]
    assert article.read_bytes() == before


def test_disable_enable_region(runner: CliRunner, tmp_path: Path) -> None:
    article = tmp_path / "a.md"
    article.write_text("<!-- claimcheck: disable CC2 -->\n" + BAD + "<!-- claimcheck: enable -->\n\n" + BAD,
                       encoding="utf-8")
    result = runner.invoke(main, ["lint", "--isolated", "--format", "json", str(article)])
    assert _codes(result) == [("a.md", 5, "CC201")]


def test_baseline_reports_only_new_findings_after_edits_above(runner: CliRunner, tmp_path: Path) -> None:
    article = tmp_path / "a.md"
    article.write_text(BAD, encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    result = runner.invoke(main, ["lint", "--isolated", "--write-baseline", str(baseline), str(article)])
    assert result.exit_code == 1 and baseline.exists()
    # Lines inserted above the known finding, and a new problem below.
    article.write_text("# A new title\n\nSome new context.\n\n" + BAD + "\n" + CHURN, encoding="utf-8")
    result = runner.invoke(main, ["lint", "--isolated", "--format", "json", "--baseline", str(baseline), str(article)])
    assert _codes(result) == [("a.md", 7, "CC302")]


def test_bad_rule_pack_names_file_line_and_key(runner: CliRunner, tmp_path: Path) -> None:
    pack = tmp_path / "house.toml"
    pack.write_text('[metrics.gmv]\nphrases = ["gmv"]\nkinds = ["money"]\nrange = [1]\nsource = "x"\n',
                    encoding="utf-8")
    (tmp_path / "a.md").write_text(BAD, encoding="utf-8")
    result = runner.invoke(main, ["lint", "--isolated", "--rules", str(pack), str(tmp_path / "a.md")])
    assert result.exit_code == 2
    assert f"{pack}:4:" in result.output and "metrics.gmv.range" in result.output


def test_user_pack_from_readme_adds_a_metric_and_identity(runner: CliRunner, tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    block = readme.split('[pack]\nname = "house"', 1)[1].split("```", 1)[0]
    pack = tmp_path / "house.toml"
    pack.write_text('[pack]\nname = "house"' + block, encoding="utf-8")
    article = tmp_path / "a.md"
    article.write_text("Shopwell's gross merchandise value reached $812 million, and its take rate is 12.5%. "
                       "Shopwell's revenue was $140 million.\n", encoding="utf-8")
    result = runner.invoke(main, ["lint", "--isolated", "--format", "json", "--rules", str(pack), str(article)])
    assert result.exit_code == 1, result.output
    assert [f["code"] for f in json.loads(result.output)["findings"]] == ["CC101"]
