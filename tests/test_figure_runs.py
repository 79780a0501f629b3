"""Runs of figures with no word between them: read up to `--max-figure-run`, the rest reported as CC908.

A data dump ("$1,$1,$1,…", a table of thousands of unlabelled numeric cells)
is read up to the limit; the skipped span is a CC908 warning, never a silent
cut. Prose and labelled tables are never cut: every word ends a run.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimcheck.api import lint_text
from claimcheck.cli import main
from claimcheck.document import plain_document
from claimcheck.extract import DEFAULT_MAX_RUN, extract, extract_runs
from claimcheck.options import LintOptions


@pytest.fixture
def runner(monkeypatch) -> CliRunner:
    monkeypatch.setenv("COLUMNS", "80")
    return CliRunner()


def _series(n: int, unit: str = "${}", sep: str = ",") -> str:
    return sep.join(unit.format(i % 97) for i in range(n))


def test_a_long_data_run_is_read_up_to_the_limit_and_reported(runner, tmp_path) -> None:
    prefix = "Closing prices: "
    path = tmp_path / "ticks.txt"
    path.write_text(prefix + _series(1500) + "\n", encoding="utf-8")
    result = runner.invoke(main, ["lint", "--isolated", "--jobs", "1", "--format", "json", str(path)])
    assert result.exit_code == 1, result.output
    findings = json.loads(result.stdout)["findings"]
    assert [f["code"] for f in findings] == ["CC908"]
    f = findings[0]
    assert f["severity"] == "warning" and f["rule"] == "inputs.figure-run"
    # Reading stops just after the 1,000th figure and the span ends at the last figure.
    thousandth_end = len(prefix) + len(_series(1000))
    assert (f["line"], f["col"]) == (1, thousandth_end + 1)
    assert (f["end_line"], f["end_col"]) == (1, len(prefix) + len(_series(1500)) + 1)
    assert "the first 1,000 were checked" in f["message"]
    assert "--max-figure-run" in f["suggestion"]


def test_max_figure_run_zero_reads_every_figure(runner, tmp_path) -> None:
    path = tmp_path / "ticks.txt"
    path.write_text(_series(1500) + "\n", encoding="utf-8")
    result = runner.invoke(main, ["lint", "--isolated", "--jobs", "1", "--format", "json",
                                  "--max-figure-run", "0", str(path)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["findings"] == []
    extracted = runner.invoke(main, ["extract", "--format", "jsonl", "--max-figure-run", "0", str(path)])
    assert extracted.stdout.count("\n") == 1500 and extracted.stderr == ""


def test_extract_reports_the_cut_on_stderr_and_lists_the_figures_read(runner, tmp_path) -> None:
    path = tmp_path / "ticks.txt"
    path.write_text(_series(1200, "{}%", " | ") + "\n", encoding="utf-8")
    result = runner.invoke(main, ["extract", "--format", "jsonl", str(path)])
    assert result.exit_code == 0
    assert result.stdout.count("\n") == DEFAULT_MAX_RUN
    assert result.stderr.startswith(f"{path}:1:") and " CC908 " in result.stderr


def test_the_limit_comes_from_the_configuration_and_is_validated(runner, tmp_path) -> None:
    (tmp_path / "claimcheck.toml").write_text("max-figure-run = 50\n", encoding="utf-8")
    path = tmp_path / "ticks.txt"
    path.write_text(_series(60) + "\n", encoding="utf-8")
    result = runner.invoke(main, ["lint", "--jobs", "1", "--format", "json", str(path)])
    assert [f["code"] for f in json.loads(result.stdout)["findings"]] == ["CC908"]
    (tmp_path / "claimcheck.toml").write_text("max-figure-run = -5\n", encoding="utf-8")
    result = runner.invoke(main, ["lint", "--jobs", "1", "--format", "json", str(path)])
    assert result.exit_code == 2
    assert "max-figure-run" in result.stderr and "claimcheck.toml" in result.stderr


def test_cc908_can_be_ignored_like_any_code() -> None:
    text = _series(30)
    assert [f.code for f in lint_text(text, max_figure_run=10)] == ["CC908"]
    assert lint_text(text, max_figure_run=10, ignore=("CC908",)) == []


def test_words_end_a_run_so_prose_and_labelled_tables_are_never_cut(runner, tmp_path) -> None:
    # 400 rows of 5 figures each: 2,000 figures, but every row starts with a label.
    rows = "\n".join(f"| Region {i} | ${i}m | {i % 50}% | {i}.5x | {i},200 | ${i % 9}bn |" for i in range(400))
    table = "| Region | Revenue | Margin | Multiple | Staff | Assets |\n|---|---|---|---|---|---|\n" + rows + "\n"
    path = tmp_path / "regions.md"
    path.write_text(table, encoding="utf-8")
    result = runner.invoke(main, ["lint", "--isolated", "--jobs", "1", "--format", "json", str(path)])
    assert "CC908" not in [f["code"] for f in json.loads(result.stdout)["findings"]]
    prose = " and ".join(f"${i} million" for i in range(1500))
    assert extract_runs(plain_document("p.txt", prose), 10).skipped == []
    # A scale glued to a figure ("$17m") is not a word: a row of such cells is one run.
    cells = "|" + "|".join(f"${i % 97}m" for i in range(30)) + "|\n"
    assert len(extract_runs(plain_document("w.txt", cells), 10).skipped) == 1


def test_a_run_restarts_after_the_next_word() -> None:
    text = _series(25) + " then " + _series(25)
    figures, skipped = extract_runs(plain_document("t.txt", text), 10)
    assert len(skipped) == 2
    assert len(figures) == 20


_TOKENS = st.sampled_from(["$1", "12%", "4.5", "2,300", "€7", "-3", "$4m", "1.5x", "RMB 8", "0.25", "2026", "9",
                           "$1\u200b000", "１２％", "\u200e4.5", "2026f", "a dozen", "#36"])
_SEPS = st.sampled_from([",", ", ", " | ", "; ", " ", "\n", "|", " / ", ",\u200b", "\u200f "])
_WORDS = st.sampled_from(["", "Revenue was ", " and then ", " rose to ", "\n\nPrices: ", " up "])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(parts=st.lists(st.tuples(_WORDS, st.lists(st.tuples(_TOKENS, _SEPS), min_size=0, max_size=30)),
                      min_size=1, max_size=4),
       max_run=st.integers(min_value=1, max_value=12))
def test_the_limit_reads_the_same_figures_up_to_the_cut_and_none_inside_a_span(parts, max_run) -> None:
    text = "".join(word + "".join(token + sep for token, sep in run) for word, run in parts)
    doc = plain_document("p.txt", text)
    every = extract(doc)
    figures, skipped = extract_runs(doc, max_run)
    key = lambda f: (f.start, f.end, f.text, f.kind, f.value, f.unit, f.low, f.high, f.hedge)  # noqa: E731
    if not skipped:
        assert [key(f) for f in figures] == [key(f) for f in every]
        return
    # Up to the first cut the figures are those of an unlimited read; after a
    # span, reading starts afresh at its next word (the figure before the cut
    # may no longer take that word as its unit).
    cut = skipped[0][0]
    assert [key(f) for f in figures if f.end <= cut] == [key(f) for f in every if f.end <= cut]
    ends = {f.end for f in figures}
    for start, end in skipped:
        assert start in ends and start < end <= len(text)
        assert not any(start <= f.start < end for f in figures)
        assert any(start <= f.start < end for f in every), "a span with no figure in it"


def test_a_run_of_exactly_the_limit_is_read_whole_and_one_more_is_cut() -> None:
    assert extract_runs(plain_document("t.txt", _series(10) + ",2026f,#3"), 10).skipped == []
    text = _series(11)
    figures, skipped = extract_runs(plain_document("t.txt", text), 10)
    assert len(figures) == 10
    assert skipped == [(len(_series(10)), len(text))]


def test_no_figure_reaches_back_into_a_skipped_span() -> None:
    # Found by the fuzz target: "a dozen" after the cut started its figure at
    # the "a" inside the skipped span ("2026f" and "#36" are no figures and no words).
    doc = plain_document("f.txt", "Sales on January 20, 2026f #36a dozen;4-5 billion")
    figures, skipped = extract_runs(doc, 1)
    assert skipped
    for start, end in skipped:
        assert not any(start <= f.start < end for f in figures)


def test_options_default_matches_the_extractor_default() -> None:
    assert LintOptions().max_figure_run == DEFAULT_MAX_RUN
