"""Tests for configuration discovery, loading, errors, merging and code selection."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimcheck.config import Config, code_selected, find_config, ignored_for_path, load_config
from claimcheck.errors import ConfigError


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------ discovery


def test_find_config_walks_up_from_a_file(tmp_path: Path) -> None:
    config = write(tmp_path / "claimcheck.toml", "strict = true\n")
    article = write(tmp_path / "docs" / "2026" / "a.md", "text\n")
    assert find_config(article) == config
    assert find_config(article.parent) == config


def test_find_config_nearest_level_wins(tmp_path: Path) -> None:
    write(tmp_path / "claimcheck.toml", "")
    inner = write(tmp_path / "docs" / ".claimcheck.toml", "")
    assert find_config(tmp_path / "docs" / "a.md") == inner


def test_find_config_order_within_a_level(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.claimcheck]\nstrict = true\n")
    hidden = write(tmp_path / ".claimcheck.toml", "")
    assert find_config(tmp_path) == hidden
    plain = write(tmp_path / "claimcheck.toml", "")
    assert find_config(tmp_path) == plain


def test_find_config_pyproject_needs_the_table(tmp_path: Path) -> None:
    outer = write(tmp_path / "pyproject.toml", "[tool.claimcheck]\nfail-on = 'error'\n")
    write(tmp_path / "pkg" / "pyproject.toml", "[project]\nname = 'x'\ndependencies = ['claimcheck']\n")
    assert find_config(tmp_path / "pkg" / "README.md") == outer


def test_find_config_skips_someone_elses_broken_pyproject(tmp_path: Path) -> None:
    outer = write(tmp_path / "claimcheck.toml", "")
    write(tmp_path / "pkg" / "pyproject.toml", "[project\nname = 'claimcheck'\n")
    assert find_config(tmp_path / "pkg" / "a.md") == outer


def test_find_config_broken_pyproject_with_the_table_is_found(tmp_path: Path) -> None:
    broken = write(tmp_path / "pyproject.toml", "[tool.claimcheck]\nstrict = \n")
    assert find_config(tmp_path / "a.md") == broken
    with pytest.raises(ConfigError, match="invalid TOML"):
        load_config(broken)


def test_find_config_none(tmp_path: Path) -> None:
    # NOTE: a claimcheck.toml above tmp_path on the test machine would be found.
    found = find_config(tmp_path / "a.md")
    assert found is None or tmp_path not in found.parents


# ------------------------------------------------------------------ loading


def test_load_claimcheck_toml(tmp_path: Path) -> None:
    path = write(tmp_path / "claimcheck.toml", """
select = ["cc3", "CC5"]
ignore = ["CC502"]
fail-on = "error"
strict = true
tolerance = 0.01
rules = ["packs/extra.toml"]
date = 2026-01-20
facts = "data/facts.sqlite"
max-bytes = 1000
time-budget = 2.5
max-figure-run = 5000
jobs = 4
show-passed = true
format = "sarif"

[currency]
dollar = "hkd"

[per-file-ignores]
"archive/*.md" = ["CC6"]
""")
    config = load_config(path)
    assert config.select == ["CC3", "CC5"]
    assert config.ignore == ["CC502"]
    assert config.fail_on == "error"
    assert config.strict is True
    assert config.tolerance == 0.01
    assert config.rules == [tmp_path / "packs" / "extra.toml"]
    assert config.date == datetime.date(2026, 1, 20)
    assert config.facts == str(tmp_path / "data" / "facts.sqlite")
    assert config.max_bytes == 1000
    assert config.time_budget == 2.5
    assert config.max_figure_run == 5000
    assert config.to_options().max_figure_run == 5000
    assert config.jobs == 4
    assert config.show_passed is True
    assert config.format == "sarif"
    assert config.currency.dollar == "HKD"
    assert config.per_file_ignores == {"archive/*.md": ["CC6"]}
    assert config.path == path
    assert config.root == tmp_path


def test_load_defaults_and_date_as_string(tmp_path: Path) -> None:
    config = load_config(write(tmp_path / "claimcheck.toml", 'date = "2025-12-31"\n'))
    assert config.date == datetime.date(2025, 12, 31)
    assert config.select == ["ALL"]
    assert config.fail_on == "warning"
    assert config.currency.dollar == "USD"


def test_facts_url_kept_as_given(tmp_path: Path) -> None:
    url = "postgresql://user@db.example/facts"
    assert load_config(write(tmp_path / "claimcheck.toml", f'facts = "{url}"\n')).facts == url


def test_load_pyproject_table(tmp_path: Path) -> None:
    path = write(tmp_path / "pyproject.toml", """
[project]
name = "newsroom"

[tool.claimcheck]
fail-on = "info"

[tool.claimcheck.currency]
dollar = "AUD"

[tool.other]
fail_on = 1
""")
    config = load_config(path)
    assert config.fail_on == "info"
    assert config.currency.dollar == "AUD"


def test_pyproject_without_table_gives_defaults(tmp_path: Path) -> None:
    config = load_config(write(tmp_path / "pyproject.toml", "[project]\nname = 'x'\n"))
    assert config.model_dump() == Config().model_dump()


def test_unknown_key_suggests_the_dashed_key(tmp_path: Path) -> None:
    path = write(tmp_path / "pyproject.toml", "[tool.claimcheck]\nstrict = true\nfail_on = 'error'\n")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    assert message == f"{path}:3: unknown key 'fail_on' in [tool.claimcheck] (did you mean 'fail-on'?)"


def test_unknown_key_misspelled(tmp_path: Path) -> None:
    path = write(tmp_path / "claimcheck.toml", "selcet = ['CC3']\n")
    with pytest.raises(ConfigError, match=r"claimcheck.toml:1: unknown key 'selcet' .*did you mean 'select'"):
        load_config(path)


def test_unknown_key_in_nested_table(tmp_path: Path) -> None:
    path = write(tmp_path / "claimcheck.toml", "strict = false\n\n[currency]\ndolar = 'EUR'\n")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(info.value) == f"{path}:4: unknown key 'dolar' in [currency] (did you mean 'dollar'?)"


def test_unknown_key_without_suggestion(tmp_path: Path) -> None:
    path = write(tmp_path / "claimcheck.toml", "zzz = 1\n")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert "did you mean" not in str(info.value)
    assert "unknown key 'zzz'" in str(info.value)


def test_bad_value_names_file_line_and_key(tmp_path: Path) -> None:
    path = write(tmp_path / "pyproject.toml", """[tool.black]
fail-on = "never"

[tool.claimcheck]
strict = true
fail-on = "sometimes"
""")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    assert message.startswith(f"{path}:6: invalid value for 'fail-on'")
    assert "sometimes" in message


def test_bad_value_in_list_and_nested_table(tmp_path: Path) -> None:
    path = write(tmp_path / "claimcheck.toml", """
[per-file-ignores]
"docs/*.md" = [
  "CC3",
  "rates!",
]
""")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert f"{path}:3: " in str(info.value)
    assert 'per-file-ignores."docs/*.md"' in str(info.value)

    path = write(tmp_path / "claimcheck.toml", "[currency]\ndollar = 'dollars'\n")
    with pytest.raises(ConfigError, match=r"claimcheck.toml:2: invalid value for 'currency.dollar'"):
        load_config(path)


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ("tolerance = -0.5", "tolerance"),
        ("tolerance = nan", "tolerance"),
        ("jobs = 'four'", "jobs"),
        ("date = 'yesterday'", "date"),
        ("select = 'CC 3'", "select"),
        ("format = 'pdf'", "format"),
        ("currency = 'USD'", "currency"),
    ],
)
def test_bad_values(tmp_path: Path, line: str, fragment: str) -> None:
    path = write(tmp_path / "claimcheck.toml", f"strict = false\n{line}\n")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(info.value).startswith(f"{path}:2: invalid value for '{fragment}")


def test_toml_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path / "claimcheck.toml", "strict = true\nfail-on = \n")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(info.value).startswith(f"{path}:2:11: invalid TOML: ")


def test_deeply_nested_toml(tmp_path: Path) -> None:
    path = write(tmp_path / "claimcheck.toml", "select = " + "[" * 50_000 + "\n")
    with pytest.raises(ConfigError, match="invalid TOML"):
        load_config(path)


def test_missing_and_undecodable_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "claimcheck.toml")
    bad = tmp_path / "bad" / "claimcheck.toml"
    bad.parent.mkdir()
    bad.write_bytes(b"strict = \xff\n")
    with pytest.raises(ConfigError, match="UTF-8"):
        load_config(bad)


# ------------------------------------------------------------------ merge


def test_cli_overrides_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "claimcheck.toml", """
fail-on = "error"
strict = true
tolerance = 0.02
rules = ["house.toml"]
select = ["CC1", "CC3"]
""")
    config = load_config(path)
    monkeypatch.chdir(tmp_path / ".")
    merged = config.merge({
        "fail_on": "info",        # field name
        "show-passed": True,      # alias
        "strict": None,           # not given: keep the file's value
        "tolerance": None,
        "rules": ["cli.toml"],
        "select": ["CC5"],
        "extend_ignore": ["CC502"],
        "currency": "EUR",
        "format": "json",
    })
    assert merged.fail_on == "info"
    assert merged.show_passed is True
    assert merged.strict is True
    assert merged.tolerance == 0.02
    assert merged.rules == [tmp_path / "house.toml", tmp_path / "cli.toml"]
    assert merged.select == ["CC5"]
    assert merged.ignore == ["CC502"]
    assert merged.currency.dollar == "EUR"
    assert merged.format == "json"
    assert merged.path == path
    # The original is unchanged (frozen).
    assert config.fail_on == "error"


def test_merge_rejects_bad_values_and_unknown_options() -> None:
    with pytest.raises(ConfigError, match="--fail-on"):
        Config().merge({"fail_on": "loudly"})
    with pytest.raises(ConfigError, match="unknown option"):
        Config().merge({"colour": "red"})


def test_to_options() -> None:
    config = Config.model_validate({"date": "2026-01-20", "currency": {"dollar": "SGD"}, "ignore": ["cc3"]})
    options = config.to_options()
    assert options.date == "2026-01-20"
    assert options.dollar == "SGD"
    assert options.ignore == ("CC3",)


# ------------------------------------------------------------------ selection


@pytest.mark.parametrize(
    ("code", "select", "ignore", "expected"),
    [
        ("CC301", ["ALL"], [], True),
        ("CC301", ["CC3"], [], True),
        ("CC301", ["CC30"], [], True),
        ("CC301", ["CC301"], [], True),
        ("CC301", ["CC302"], [], False),
        ("CC301", ["CC1", "CC2"], [], False),
        ("CC301", [], [], False),
        ("CC301", ["ALL"], ["CC3"], False),
        ("CC302", ["ALL"], ["CC301"], True),
        ("CC301", ["CC3"], ["CC301"], False),
        ("CC301", ["CC301"], ["CC3"], True),   # the more specific entry wins
        ("CC301", ["CC3"], ["CC3"], False),    # a tie goes to ignore
        ("CC301", ["ALL"], ["ALL"], False),
        ("cc301", ["cc3"], [], True),
    ],
)
def test_code_selected(code: str, select: list[str], ignore: list[str], expected: bool) -> None:
    assert code_selected(code, select, ignore) is expected


def test_ignored_for_path(tmp_path: Path) -> None:
    rules = {"archive/*.md": ["CC6"], "*.txt": ["ALL"], "**/drafts/*": ["CC301"]}
    root = tmp_path
    assert ignored_for_path("CC601", tmp_path / "archive" / "2020" / "a.md", rules, root)
    assert not ignored_for_path("CC501", tmp_path / "archive" / "a.md", rules, root)
    assert not ignored_for_path("CC601", tmp_path / "docs" / "a.md", rules, root)
    assert ignored_for_path("CC101", tmp_path / "deep" / "notes.txt", rules, root)  # file-name match
    assert ignored_for_path("CC301", tmp_path / "drafts" / "x.md", rules, root)
    assert ignored_for_path("CC301", tmp_path / "a" / "drafts" / "x.md", rules, root)
    assert not ignored_for_path("CC302", tmp_path / "drafts" / "x.md", rules, root)
    assert not ignored_for_path("CC601", tmp_path / "archive" / "a.md", {}, root)


def test_ignored_for_relative_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "archive").mkdir()
    assert ignored_for_path("CC601", "archive/a.md", {"archive/*": ["CC6"]}, tmp_path)
    assert ignored_for_path("CC601", "./archive/../archive/a.md", {"archive/*": ["CC6"]}, tmp_path)
    # A relative path is taken from the current folder, then made relative to root.
    monkeypatch.chdir(tmp_path / "archive")
    assert ignored_for_path("CC601", "a.md", {"archive/*": ["CC6"]}, tmp_path)


def test_is_enabled_combines_select_and_per_file_ignores(tmp_path: Path) -> None:
    path = write(tmp_path / "claimcheck.toml", 'ignore = ["CC5"]\n[per-file-ignores]\n"old/*" = ["CC3"]\n')
    config = load_config(path)
    assert config.is_enabled("CC301", tmp_path / "new" / "a.md")
    assert not config.is_enabled("CC301", tmp_path / "old" / "a.md")
    assert not config.is_enabled("CC501", tmp_path / "new" / "a.md")
    assert config.is_enabled("CC101")


# ------------------------------------------------------------------ robustness

_TOML_PIECES = st.sampled_from([
    "select", "ignore", "fail-on", "fail_on", "strict", "tolerance", "rules", "per-file-ignores",
    "date", "currency", "dollar", "facts", "max-bytes", "time-budget", "max-figure-run", "jobs", "show-passed", "format",
    "[tool.claimcheck]", "[currency]", "[per-file-ignores]", "[tool.claimcheck.currency]", "[[x]]",
    " = ", "=", "\n", '"', "'", "[", "]", "{", "}", ",", ".", "#", "true", "1", "-1", "0.5", "nan", "inf",
    "2026-01-20", "1979-05-27T07:32:00Z", '"CC3"', '"ALL"', '"error"', '"USD"', '"*.md"', '"""', "\\u0000",
])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_TOML_PIECES | st.text(max_size=6), max_size=30), st.booleans())
def test_loader_raises_only_config_error(tmp_path: Path, pieces: list[str], pyproject: bool) -> None:
    path = tmp_path / ("pyproject.toml" if pyproject else "claimcheck.toml")
    path.write_text("".join(pieces), encoding="utf-8", errors="surrogatepass")
    try:
        config = load_config(path)
    except ConfigError as exc:
        assert str(path) in str(exc)
    else:
        assert isinstance(config, Config)


def test_relative_config_path_is_made_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "claimcheck.toml", "")
    monkeypatch.chdir(tmp_path)
    config = load_config(Path("claimcheck.toml"))
    assert config.path is not None and config.path.is_absolute()
    assert config.root == Path(os.path.abspath(tmp_path))
