"""Conformance of the extractor against the Recognizers-Text English cases.

The suite lives beside the checkout in `../shared/conformance` (CI puts
`../shared` next to the repository). Cases are scored with the suite's own
rule (`score_extract.score_case`, imported from the shared file) by calling the
Python API directly, which is much faster than the CLI. Per file the test
prints the pass rate, item recall and item precision and asserts them against
the floors in `tests/conformance_floor.json`. Floors only ever rise: when the
extractor improves, raise them in the same change.

en-dimension is scored for information only; the Chinese files are not scored
(claimcheck does not read Chinese numerals yet).
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from claimcheck.extract import extract_text

ROOT = Path(__file__).resolve().parents[1]
SUITE = ROOT.parent / "shared" / "conformance"
FLOORS = json.loads((Path(__file__).with_name("conformance_floor.json")).read_text(encoding="utf-8"))
SCORED = sorted(FLOORS["files"])
INFORMATION = ["en-dimension"]


def _scorer():
    path = SUITE / "score_extract.py"
    assert path.is_file(), f"conformance suite not found at {SUITE} (CI puts ../shared beside the checkout)"
    spec = importlib.util.spec_from_file_location("claimcheck_conformance_scorer", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def score_file(name: str) -> dict[str, float]:
    """Return pass rate, item recall and item precision (percentages) of one conformance file."""
    scorer = _scorer()
    path = SUITE / "recognizers-text" / f"{name}.jsonl"
    assert path.is_file(), f"conformance file missing: {path}"
    cases = scorer.load_cases([path])
    passed = required = found = extracted = spurious = 0
    for _, case in cases:
        got = [{"text": f.text, "kind": f.kind, "value": f.value, "unit": f.unit}
               for f in extract_text(case["input"])]
        result = scorer.score_case(case, got, False)
        passed += result["pass"]
        required += result["required"]
        found += result["found"]
        extracted += result["extracted"]
        spurious += len(result["spurious"])
    return {
        "cases": len(cases),
        "pass": 100.0 * passed / len(cases),
        "recall": 100.0 * found / required if required else 100.0,
        "precision": 100.0 * (extracted - spurious) / extracted if extracted else 100.0,
    }


@pytest.mark.parametrize("name", SCORED)
def test_conformance_floor(name: str) -> None:
    got = score_file(name)
    floor = FLOORS["files"][name]
    print(f"\n{name}: {got['cases']} cases, pass {got['pass']:.1f}%, recall {got['recall']:.1f}%, "
          f"precision {got['precision']:.1f}% (floors {floor})")
    for metric in ("pass", "recall", "precision"):
        assert got[metric] + 1e-9 >= floor[metric], f"{name} {metric} {got[metric]:.1f}% fell below {floor[metric]}%"


@pytest.mark.parametrize("name", INFORMATION)
def test_conformance_information(name: str) -> None:
    got = score_file(name)
    print(f"\n{name} (information): {got['cases']} cases, pass {got['pass']:.1f}%, "
          f"recall {got['recall']:.1f}%, precision {got['precision']:.1f}%")
