"""The docs are tests: every rule's Example triggers it and its Use instead does not.

Also: codes are unique and well formed, documentation is complete, and every
check code has a case file with failing and passing snippets.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from claimcheck.api import lint_text
from claimcheck.rules.registry import all_rules

CASES = Path(__file__).resolve().parent / "cases"
CHECKS = [r for r in all_rules() if r.fn is not None]
# The facts family checks claims against reference facts: its examples use the shipped sample facts.
SAMPLE_FACTS = Path(__file__).resolve().parent.parent / "samples" / "facts.csv"


def _codes(text: str, code: str, **options) -> list[str]:
    return [f.status for f in lint_text(text, show_passed=False, select=(code,), **options) if f.code == code]


def _options(r, cases: dict, tmp_path: Path) -> dict:
    """Return the lint options of a rule's cases: a case file's `facts:` rows and `date:`, if any."""
    options = {"facts": str(SAMPLE_FACTS)} if r.family == "facts" else {}
    if cases.get("facts"):
        facts = tmp_path / "facts.jsonl"
        facts.write_text("".join(json.dumps(row, default=str) + "\n" for row in cases["facts"]), encoding="utf-8")
        options["facts"] = str(facts)
    if cases.get("date"):
        options["date"] = str(cases["date"])
    return options


def test_codes_are_unique_and_well_formed() -> None:
    codes = [r.code for r in all_rules()]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"CC\d{3}", c) for c in codes)
    names = [r.name for r in all_rules()]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("r", all_rules(), ids=lambda r: r.code)
def test_rule_is_documented(r) -> None:
    assert r.summary
    for section in ("What it does", "Why is this bad?", "Example", "Use instead"):
        assert r.section(section), f"{r.code} lacks '## {section}'"
    if r.fn is not None:
        assert r.fn.__name__ == r.name.split(".", 1)[1].replace("-", "_")


@pytest.mark.parametrize("r", CHECKS, ids=lambda r: r.code)
def test_example_triggers_and_fix_does_not(r, tmp_path) -> None:
    options = _options(r, {}, tmp_path)
    assert _codes(r.section("Example"), r.code, **options), f"{r.code}: its Example raises nothing"
    assert not _codes(r.section("Use instead"), r.code, **options), f"{r.code}: its Use instead still fails"


@pytest.mark.parametrize("r", CHECKS, ids=lambda r: r.code)
def test_case_file(r, tmp_path) -> None:
    path = CASES / f"{r.code}.yml"
    assert path.exists(), f"missing {path.name}"
    cases = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert cases.get("fail") and cases.get("pass"), f"{path.name} needs fail: and pass: cases"
    options = _options(r, cases, tmp_path)
    for text in cases["fail"]:
        assert _codes(text, r.code, **options), f"{r.code} should fail on: {text}"
    for text in cases["pass"]:
        assert not _codes(text, r.code, **options), f"{r.code} should not fail on: {text}"
