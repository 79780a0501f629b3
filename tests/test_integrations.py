"""The pre-commit hook and the GitHub Action run commands that exist and work."""

from __future__ import annotations

import shlex
from pathlib import Path

import yaml
from click.testing import CliRunner

from claimcheck.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_pre_commit_hook_runs_claimcheck_lint(tmp_path: Path) -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "claimcheck")
    argv = shlex.split(hook["entry"])
    assert argv[0] == "claimcheck"
    draft = tmp_path / "draft.md"
    draft.write_text("Revenue rose from $41.2 million to $52.4 million, up 40%.\n", encoding="utf-8")
    result = CliRunner().invoke(main, [*argv[1:], "--isolated", str(draft)])
    assert result.exit_code == 1 and "CC201" in result.output


def test_action_runs_github_format_and_sarif(tmp_path: Path) -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    scripts = " ".join(step["run"] for step in action["runs"]["steps"])
    assert "claimcheck lint --format github" in scripts
    assert "--format sarif" in scripts
    draft = tmp_path / "draft.md"
    draft.write_text("Revenue rose from $41.2 million to $52.4 million, up 40%.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["lint", "--isolated", "--format", "github", str(draft)])
    assert result.exit_code == 1
    assert result.output.startswith(f"::error file={draft},line=1,col=")
    assert "title=CC201::" in result.output
