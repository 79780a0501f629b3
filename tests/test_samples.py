"""Golden tests over samples/: each article's findings must equal its .expected.json.

Run `pytest --update-goldens` to rewrite the expected files, then review the
diff like code.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimcheck.api import lint_path
from claimcheck.options import LintOptions

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted(p for p in (ROOT / "samples").iterdir() if p.suffix in (".md", ".txt", ".html"))


def _expected_path(sample: Path) -> Path:
    return sample.with_name(sample.stem + ".expected.json")


def _findings(sample: Path, monkeypatch) -> list[dict]:
    monkeypatch.chdir(ROOT)
    report = lint_path([str(sample.relative_to(ROOT))], LintOptions(show_passed=True))
    return [f.model_dump(mode="json", exclude_none=True) for f in report.findings]


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.name for p in SAMPLES])
def test_sample_matches_golden(sample: Path, monkeypatch, update_goldens: bool) -> None:
    got = _findings(sample, monkeypatch)
    expected_file = _expected_path(sample)
    if update_goldens:
        expected_file.write_text(json.dumps({"findings": got}, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert expected_file.exists(), f"missing golden {expected_file.name}; run pytest --update-goldens"
    expected = json.loads(expected_file.read_text(encoding="utf-8"))["findings"]
    assert got == expected


@pytest.mark.parametrize("sample", [p for p in SAMPLES if p.name.startswith("clean-")],
                         ids=lambda p: p.name)
def test_clean_samples_raise_nothing(sample: Path, monkeypatch) -> None:
    got = _findings(sample, monkeypatch)
    problems = [f for f in got if f["status"] != "pass" and f["severity"] in ("error", "warning")]
    assert problems == []


def test_samples_cover_every_code_failing_and_passing(monkeypatch) -> None:
    """Every check code is demonstrated failing in one sample and passing in another."""
    from claimcheck.rules.registry import all_rules

    failing, passing = set(), set()
    for sample in SAMPLES:
        expected = json.loads(_expected_path(sample).read_text(encoding="utf-8"))["findings"]
        for f in expected:
            (passing if f["status"] == "pass" else failing).add(f["code"])
    families = ("identities", "changes", "rates", "units", "repetition")
    checks = {r.code for r in all_rules() if r.fn is not None and r.family in families}
    assert checks - failing == set(), "codes with no failing sample"
    assert checks - passing - {"CC204", "CC302"} == set(), "codes with no passing sample"
    at_least_three_clean = [p for p in SAMPLES if p.name.startswith("clean-")]
    assert len(at_least_three_clean) >= 3
