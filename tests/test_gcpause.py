"""The cyclic garbage collector is paused while a document is read, scanned and checked, then restored."""

from __future__ import annotations

import gc

import pytest

import claimcheck.extract.scanner as scanner
import claimcheck.readers.markdown as markdown
from claimcheck.api import lint_text
from claimcheck.extract import extract_text
from claimcheck.readers import parse


@pytest.fixture
def seen(monkeypatch) -> list[tuple[str, bool]]:
    """Record whether the collector was enabled inside the reader, the scanner and the rules."""
    calls: list[tuple[str, bool]] = []

    def spy(name, fn):
        def wrapper(*args, **kwargs):
            calls.append((name, gc.isenabled()))
            return fn(*args, **kwargs)
        return wrapper

    monkeypatch.setattr(markdown, "read_markdown", spy("read", markdown.read_markdown))
    monkeypatch.setattr(scanner, "scan", spy("scan", scanner.scan))
    monkeypatch.setattr("claimcheck.extract.scan", spy("scan", scanner.scan))
    return calls


def test_reading_and_scanning_pause_the_collector_and_restore_it(seen) -> None:
    assert gc.isenabled()
    parse("Revenue rose 5% to $10 million.", "a.md", "markdown")
    extract_text("Revenue rose 5% to $10 million.")
    assert ("read", False) in seen and ("scan", False) in seen
    assert gc.isenabled()


def test_a_disabled_collector_stays_disabled() -> None:
    gc.disable()
    try:
        parse("Revenue rose 5% to $10 million.", "a.md", "markdown")
        lint_text("Revenue rose 5% to $10 million from $8 million.")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_cli_run_keeps_the_collector_paused_until_its_report_is_built(tmp_path, monkeypatch) -> None:
    from click.testing import CliRunner

    import claimcheck.suppress as suppress
    from claimcheck.cli import main

    states: list[bool] = []
    real = suppress.apply_suppressions

    def spy(*args, **kwargs):
        states.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(suppress, "apply_suppressions", spy)
    for name in ("a.md", "b.md"):
        (tmp_path / name).write_text("Revenue rose from $41.2 million to $52.4 million, up 40%.\n", encoding="utf-8")
    assert gc.isenabled()
    result = CliRunner().invoke(main, ["lint", "--isolated", "--jobs", "1", str(tmp_path)])
    assert result.exit_code == 1 and "CC201" in result.output
    assert states == [False, False]
    assert gc.isenabled()
