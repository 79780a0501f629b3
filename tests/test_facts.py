"""Reference facts: the model, the importers, the SQLite store and the index.

End-to-end CLI tests (every code, every file format, SQLite and PostgreSQL)
are in test_facts_cli.py.
"""

from __future__ import annotations

import sqlite3
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimcheck.errors import ClaimcheckError, FactsError
from claimcheck.facts import FactIndex, load_facts, open_store, read_fact_files, read_facts
from claimcheck.facts.model import Fact
from claimcheck.facts.store import SCHEMA_VERSION

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
FORMATS = ("csv", "yaml", "jsonl")


def _fact(**kw) -> Fact:
    base = {"entity": "Acme", "metric": "valuation", "value": 100, "unit": "USD", "as_of": "2025-01-01",
            "source": "test"}
    return Fact.model_validate({**base, **kw})


def test_sample_fact_files_agree() -> None:
    loaded = [read_facts(str(SAMPLES / f"facts.{fmt}")) for fmt in FORMATS]
    assert loaded[0] == loaded[1] == loaded[2]
    assert len(loaded[0]) == 7
    # "market value" is a phrase of the valuation metric: stored as its id.
    assert {f.metric for f in loaded[0]} == {"valuation", "revenue", "users"}


@pytest.mark.parametrize("value, expected", [("61500000000", 61.5e9), ("61_500_000_000", 61.5e9),
                                             ("6.15e10", 61.5e9), (12, 12.0), ("-3.5", -3.5)])
def test_value_is_a_plain_number(value, expected) -> None:
    assert _fact(value=value).value == expected


@pytest.mark.parametrize("field, value", [("value", "61.5bn"), ("value", "nan"), ("value", True),
                                          ("unit", "dollars!"), ("unit", "XYZ"), ("unit", "_"), ("as_of", "2025-13-01"),
                                          ("entity", "The Company"), ("source", "")])
def test_invalid_fields_are_rejected(field, value) -> None:
    with pytest.raises(ValueError):
        _fact(**{field: value})


def test_units_and_aliases() -> None:
    assert _fact(unit="usd").unit == "USD"
    assert _fact(unit="").unit is None
    assert _fact(unit="%").unit == "%"
    assert _fact(unit="meter").unit == "meter"
    assert _fact(aliases="Acme Corp| ACME  |").aliases == ["Acme Corp", "ACME"]


BAD = {
    "csv": ("entity,metric,value,unit,as_of,source\n"
            "Acme,valuation,100,USD,2025-01-01,x\n"
            "Acme,valuation,12bn,USD,2025-02-01,x\n"
            "Bolt,worth,1,USD,2025-01-01,x\n", [":3: value:", ":4: metric: unknown metric 'worth'"]),
    "yaml": ("- entity: Acme\n  metric: valuation\n  value: 100\n  unit: USD\n  as_of: 2025-01-01\n  source: x\n"
             "- entity: Acme\n  metric: valuation\n  value: 12bn\n  unit: USD\n  as_of: 2025-02-01\n  source: x\n"
             "- entity: Bolt\n  metric: worth\n  value: 1\n  as_of: 2025-01-01\n  source: x\n",
             [":9: value:", ":14: metric: unknown metric 'worth'"]),
    "jsonl": ('{"entity": "Acme", "metric": "valuation", "value": 100, "unit": "USD", "as_of": "2025-01-01", "source": "x"}\n'
              '{"entity": "Acme", "metric": "valuation", "value": "12bn", "unit": "USD", "as_of": "2025-02-01", "source": "x"}\n'
              '{"entity": "Bolt", "metric": "worth", "value": 1, "as_of": "2025-01-01", "source": "x"}\n',
              [":2: value:", ":3: metric: unknown metric 'worth'"]),
}


@pytest.mark.parametrize("fmt", FORMATS)
def test_errors_name_file_line_and_key(tmp_path: Path, fmt: str) -> None:
    text, expected = BAD[fmt]
    path = tmp_path / f"bad.{fmt}"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FactsError) as err:
        read_fact_files([path])
    message = str(err.value)
    assert "nothing imported" in message
    for part in expected:
        assert f"{path}{part}" in message, message


@pytest.mark.parametrize("fmt, text, where", [
    ("csv", "entity,metric,value,as_of,source\nAcme,valuation,1,2025-01-01\n", ":2: expected 5 fields"),
    ("csv", "entity,metric,value,as_of,colour\n", ":1: colour: unknown column"),
    ("csv", "entity,metric,value,as_of\n", ":1: source: missing column"),
    ("csv", 'entity,metric,value,as_of,source\nAcme,"valuation,1,2025-01-01,x\n', ":2: invalid CSV"),
    ("yaml", "- entity: Acme\n  metric: [unclosed\n", ":3: invalid YAML"),
    ("yaml", "facts: 3\n", ":1: expected a list"),
    ("yaml", "- just text\n", "fact #1: expected a mapping"),
    ("yaml", "- entity: Acme\n  metrc: valuation\n", ":2: metrc: unknown field (did you mean 'metric'?)"),
    ("jsonl", '{"entity": "Acme"}\n[1, 2]\n', ":2: expected a JSON object"),
    ("jsonl", '\n{"entity": \n', ":2: invalid JSON"),
])
def test_malformed_files(tmp_path: Path, fmt: str, text: str, where: str) -> None:
    path = tmp_path / f"bad.{fmt}"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FactsError, match=None) as err:
        read_fact_files([path])
    assert f"{path}{where}" in str(err.value) or where in str(err.value), str(err.value)


def test_undecodable_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(b"entity,metric,value,as_of,source\nAcm\xff,valuation,1,2025-01-01,x\n")
    with pytest.raises(FactsError, match=r"bad\.csv:2: not valid UTF-8"):
        read_fact_files([path])


def test_duplicates_identical_kept_once_different_rejected(tmp_path: Path) -> None:
    row = "Acme,valuation,100,USD,2025-01-01,x\n"
    path = tmp_path / "dup.csv"
    path.write_text("entity,metric,value,unit,as_of,source\n" + row + row, encoding="utf-8")
    assert len(read_fact_files([path])) == 1
    path.write_text("entity,metric,value,unit,as_of,source\n" + row + row.replace("100", "200"), encoding="utf-8")
    with pytest.raises(FactsError, match=r"dup\.csv:3: a different fact .* already given at .*dup\.csv:2"):
        read_fact_files([path])


def test_sqlite_store_schema_upsert_and_remove(tmp_path: Path) -> None:
    path = str(tmp_path / "facts.sqlite")
    with pytest.raises(FactsError, match="no fact store here"):
        open_store(path)
    facts = read_fact_files([SAMPLES / "facts.csv"])
    with open_store(path, create=True) as store:
        assert store.add(facts) == (7, 0)
        assert store.add(facts[:2]) == (0, 2)
        assert store.count() == 7
        assert sorted(store.all_facts(), key=lambda f: f.key) == sorted(facts, key=lambda f: f.key)
        assert store.remove(["Corvid Labs"], "valuation") == 2
        assert store.remove(["Nobody"]) == 0
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()


def test_sqlite_store_refuses_foreign_and_newer_files(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE things (x)")
    conn.commit()
    conn.close()
    with pytest.raises(FactsError, match="not a claimcheck fact store"):
        open_store(str(other))
    newer = tmp_path / "newer.sqlite"
    open_store(str(newer), create=True).close()
    conn = sqlite3.connect(newer)
    conn.execute("INSERT INTO schema_version VALUES (999)")
    conn.commit()
    conn.close()
    with pytest.raises(FactsError, match="newer than this claimcheck knows"):
        open_store(str(newer))
    text = tmp_path / "notes.db"
    text.write_text("hello", encoding="utf-8")
    with pytest.raises(FactsError, match="not an SQLite fact store"):
        open_store(str(text))


def test_import_is_all_or_nothing(tmp_path: Path) -> None:
    path = str(tmp_path / "facts.sqlite")
    with open_store(path, create=True) as store:
        store.add(read_fact_files([SAMPLES / "facts.csv"]))
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD["csv"][0], encoding="utf-8")
    with pytest.raises(FactsError):
        read_fact_files([SAMPLES / "facts.yaml", bad])
    with open_store(path) as store:
        assert store.count() == 7


def test_index_periods_aliases_and_ambiguity() -> None:
    index = FactIndex([
        _fact(value=1, as_of="2024-01-01", aliases=["Acme Rockets"]),
        _fact(value=2, as_of="2025-01-01"),
        _fact(value=3, as_of="2026-01-01"),
        _fact(entity="Zeta Labs", value=9),
        _fact(entity="Zeta Bank", metric="revenue", value=9),
    ])
    assert [f.value for f in index.facts_for("acme", "valuation")] == [1, 2, 3]
    current, replaced = index.valid_during("acme", "valuation", date(2025, 1, 1), date(2025, 12, 31))
    assert [f.value for f in current] == [2] and [f.value for f in replaced] == [1]
    current, _ = index.valid_during("acme", "valuation", date(2024, 6, 1), date(2025, 6, 1))
    assert [f.value for f in current] == [1, 2]
    current, _ = index.valid_during("acme", "valuation", date(2023, 1, 1), date(2023, 12, 31))
    assert current == []
    # Two entities whose key is the same word are not guessed between.
    assert index.facts_for("zeta", "valuation") == []


def test_load_facts_is_cached_per_modification(tmp_path: Path) -> None:
    path = tmp_path / "facts.csv"
    path.write_bytes((SAMPLES / "facts.csv").read_bytes())
    first = load_facts(str(path))
    assert load_facts(str(path)) is first
    path.write_text((SAMPLES / "facts.csv").read_text(encoding="utf-8").rsplit("\n", 2)[0] + "\n", encoding="utf-8")
    assert len(load_facts(str(path))) == 6


@pytest.mark.parametrize("fmt", FORMATS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.one_of(st.binary(max_size=300), st.text(max_size=300).map(lambda t: t.encode("utf-8"))))
def test_importers_raise_only_project_errors(fmt: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input.{fmt}"
        path.write_bytes(data)
        try:
            read_fact_files([path])
        except ClaimcheckError:
            pass


_FIELD = st.sampled_from(["entity", "metric", "value", "unit", "as_of", "source", "aliases", "note", "x"])
_VALUE = st.one_of(st.text(max_size=20), st.integers(), st.floats(), st.none(), st.booleans(),
                   st.lists(st.text(max_size=5), max_size=3), st.sampled_from(["USD", "%", "2025-01-01", "valuation"]))


@settings(max_examples=150, deadline=None)
@given(rows=st.lists(st.dictionaries(_FIELD, _VALUE, max_size=8), max_size=4))
def test_jsonl_rows_raise_only_project_errors(rows) -> None:
    import json

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "input.jsonl"
        path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
        try:
            read_fact_files([path])
        except ClaimcheckError:
            pass


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=12))
def test_any_unit_text_is_a_unit_or_a_value_error(text: str) -> None:
    from claimcheck.facts.model import check_unit

    try:
        check_unit(text)
    except ValueError:
        pass
