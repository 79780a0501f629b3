"""The three catches from the developers' guide, on an article written for this test."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from claimcheck.cli import main

ARTICLE = """\
# Quanta Mind's debut

Quanta Mind trades at a price-to-sales ratio of 750 times and forecasted revenue
of RMB 700 million for the year, analysts said.

Shares opened sharply higher on Monday.

Its market value has reached RMB 550 billion.

The customer retention rate rose by 94% in the same period.

Only 2.67% of shares are tradable; after the lock-up ends, 5.76% more will become
available, doubling the trading volume.
"""


def _lint(tmp_path: Path, *args: str) -> tuple[int, list[dict]]:
    path = tmp_path / "quanta.md"
    path.write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(main, ["lint", "--format", "json", "--isolated", *args, str(path)])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.output)["findings"]


def test_valuation_identity_passes_by_default_and_fails_strict(tmp_path: Path) -> None:
    _, findings = _lint(tmp_path, "--show-passed")
    checks = [f for f in findings if f["code"] == "CC101"]
    assert len(checks) == 1
    check = checks[0]
    assert check["status"] == "pass"
    assert check["line"] == 8  # RMB 550 billion
    assert sorted(r["line"] for r in check["related"]) == [3, 4]  # 750 times; RMB 700 million
    assert "525" in check["computation"]["summary"]

    _, strict = _lint(tmp_path, "--strict")
    failed = [f for f in strict if f["code"] == "CC101"]
    assert len(failed) == 1 and failed[0]["status"] == "fail"
    assert failed[0]["line"] == 8
    assert abs(failed[0]["computation"]["result"] - 525e9) < 1


def test_retention_rate_rose_by_94_percent(tmp_path: Path) -> None:
    _, findings = _lint(tmp_path)
    hits = [f for f in findings if f["code"] == "CC301"]
    assert len(hits) == 1
    assert hits[0]["line"] == 10
    summary = hits[0]["computation"]["summary"]
    assert "6%" in summary and "51.5%" in summary


def test_float_doubling_is_really_3_2_times(tmp_path: Path) -> None:
    _, findings = _lint(tmp_path)
    hits = [f for f in findings if f["code"] == "CC203"]
    assert len(hits) == 1
    assert hits[0]["status"] == "fail"
    assert hits[0]["computation"]["result"] == __import__("pytest").approx(8.43 / 2.67, rel=1e-3)
    assert {r["line"] for r in hits[0]["related"]} | {hits[0]["line"]} <= {12, 13}
