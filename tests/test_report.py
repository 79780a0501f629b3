"""Report renderers: one shared findings fixture, one golden per format (ruff's emitter tests).

Run `pytest tests/test_report.py --update-goldens` to rewrite the goldens and
the committed `schemas/lint-report.schema.json`; review the diff like code.
"""

from __future__ import annotations

import importlib.util
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest

from claimcheck import __version__
from claimcheck.document import plain_document
from claimcheck.models import FigureRef, Finding, LintReport
from claimcheck.report import FORMATS, render
from claimcheck.report import html as html_report
from claimcheck.report.github import escape_data, escape_property
from claimcheck.report.markdown import MAX_CHARS
from claimcheck.report.schema import lint_report_schema, schema_text
from claimcheck.report.text import cells

TESTS = Path(__file__).parent
ROOT = TESTS.parent
GOLDENS = TESTS / "goldens" / "report"
SARIF_SCHEMA = TESTS / "data" / "sarif-schema-2.1.0.json"
REPORT_SCHEMA = ROOT / "schemas" / "lint-report.schema.json"
GOLDEN_NAMES = {
    "text": "findings.txt",
    "json": "findings.json",
    "sarif": "findings.sarif",
    "github": "findings.github.txt",
    "markdown": "findings.md",
    "html": "findings.html",
}
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def load_fixture():
    """Return the shared fixture module (tests/data/report_fixture.py), loaded by path."""
    spec = importlib.util.spec_from_file_location("report_fixture", TESTS / "data" / "report_fixture.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FIXTURE = load_fixture()


@pytest.fixture
def report() -> LintReport:
    return FIXTURE.build_report()


@pytest.fixture
def documents():
    return FIXTURE.build_documents()


def render_fixture(fmt: str, **options) -> str:
    """Return the shared fixture rendered in `fmt` with the fixture's fixed rules."""
    return render(fmt, FIXTURE.build_report(), FIXTURE.build_documents(), rules=FIXTURE.RULES, **options)


def normalise(fmt: str, text: str) -> str:
    """Return `text` with the volatile tool version replaced by a placeholder."""
    if fmt == "sarif":
        log = json.loads(text)
        driver = log["runs"][0]["tool"]["driver"]
        driver["version"] = driver["semanticVersion"] = "<version>"
        return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
    if fmt == "html":
        return text.replace(f"claimcheck {__version__}.", "claimcheck <version>.")
    return text


def sarif_validator() -> jsonschema.protocols.Validator:
    """Return a validator for the official SARIF schema, picked by its `$schema` dialect."""
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    assert "draft-04" in schema["$schema"]
    cls = jsonschema.validators.validator_for(schema)
    assert cls is jsonschema.Draft4Validator
    cls.check_schema(schema)
    return cls(schema)


# --- the shared fixture and the goldens --------------------------------------


def test_formats() -> None:
    assert FORMATS == ("text", "json", "sarif", "github", "markdown", "html")
    with pytest.raises(ValueError, match="unknown report format 'yaml'"):
        render("yaml", LintReport(), {})


def test_fixture_findings_are_sorted(report: LintReport) -> None:
    assert report.findings == sorted(report.findings, key=Finding.sort_key)
    assert {f.status for f in report.findings} == {"fail", "ambiguous", "pass"}


def test_fixture_positions_point_at_their_figures(report: LintReport, documents) -> None:
    for finding in report.findings:
        doc = documents.get(finding.path)
        if doc is None:
            continue
        for ref in finding.related:
            assert doc.line_text(ref.line)[ref.col - 1 : ref.end_col - 1] == ref.text


@pytest.mark.parametrize("fmt", FORMATS)
def test_golden(fmt: str, update_goldens: bool) -> None:
    out = normalise(fmt, render_fixture(fmt))
    path = GOLDENS / GOLDEN_NAMES[fmt]
    if update_goldens:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(out, encoding="utf-8", newline="\n")
    assert path.exists(), f"missing golden {path}; run pytest --update-goldens"
    assert out == path.read_text(encoding="utf-8"), f"{fmt} output differs from {path}"


@pytest.mark.parametrize("fmt", FORMATS)
def test_render_is_stable(fmt: str) -> None:
    assert render_fixture(fmt) == render_fixture(fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_empty_report_renders(fmt: str) -> None:
    out = render(fmt, LintReport(files=4), {}, rules=FIXTURE.RULES)
    # No findings, no annotations; every other format says so.
    assert out == "" if fmt == "github" else out.endswith("\n")


@pytest.mark.parametrize("fmt", FORMATS)
def test_real_registry_renders(fmt: str, report: LintReport, documents) -> None:
    # Without `rules=`, the renderers use the registry; fixture codes it lacks still render.
    assert render(fmt, report, documents)


# --- text ---------------------------------------------------------------------


def test_text_header_excerpt_and_notes() -> None:
    out = render_fixture("text")
    block = out.split("\n\n")[1]
    lines = block.splitlines()
    assert lines[0] == (
        'article.md:6:30: CC101 error Valuation "RMB 550 billion" does not equal revenue × price-to-sales'
    )
    # Related figures on line 3 and the primary figure on line 6, each underlined.
    assert any(line.startswith("3 | ") for line in lines)
    assert any(line.startswith("6 | Its market value") for line in lines)
    row = lines.index("6 | Its market value has reached RMB 550 billion.")
    carets = lines[row + 1]
    start = lines[row].index("RMB 550 billion")
    assert carets.index("^") == start and carets.count("^") == len("RMB 550 billion")
    assert "  = computation: RMB 0.7 bn × 750 = RMB 525 bn; stated RMB 550 bn (-4.5%)" in lines
    assert any(line.startswith("  = suggestion: At 750 times") for line in lines)


def test_text_summary_line() -> None:
    out = render_fixture("text")
    assert out.endswith("\nFound 3 errors, 1 warning, 1 info in 3 files; 1 check passed.\n")
    assert render("text", LintReport(files=4), {}) == "No problems found in 4 files.\n"
    single = LintReport(findings=[_finding(1, 1, 2)], files=1)
    assert render("text", single, {}).endswith("\nFound 0 errors, 1 warning, 0 info in 1 file.\n")


def test_text_fits_80_columns() -> None:
    out = render_fixture("text")
    for line in out.splitlines():
        if re.match(r"^ *(\d+ \||\||=|\.\.\.)", line) or line.startswith(" "):
            assert cells(line) <= 80, line
    assert "…" in out


def test_text_without_document_has_no_excerpt() -> None:
    out = render_fixture("text")
    block = next(b for b in out.split("\n\n") if b.startswith("missing.md"))
    assert block.splitlines() == [
        "missing.md:1:1: CC901 error File could not be read: [Errno 2] No such file or directory: 'missing.md'",
    ]


def test_text_show_source_false_is_concise() -> None:
    out = render_fixture("text", show_source=False)
    assert not any(re.match(r"^ *\d* \|", line) for line in out.splitlines())
    assert "= computation:" in out
    assert "\n\n" not in out.rstrip("\n").rsplit("\n", 1)[0]


def test_text_colour_only_when_asked() -> None:
    plain = render_fixture("text")
    coloured = render_fixture("text", color=True)
    assert "\x1b" not in plain
    assert "\x1b[1;31mCC101\x1b[0m" in coloured
    assert ANSI.sub("", coloured) == plain


def _finding(line: int, col: int, end_col: int, **extra) -> Finding:
    fields = {"code": "CC301", "severity": "warning", "status": "fail", "message": "m", "path": "a.md"}
    fields.update(extra)
    return Finding(line=line, col=col, end_line=line, end_col=end_col, **fields)


def _excerpt_rows(source: str, finding: Finding) -> list[str]:
    report = LintReport(findings=[finding], files=1)
    out = render("text", report, {"a.md": plain_document("a.md", source)})
    return out.splitlines()


def test_text_long_line_is_windowed_with_ellipses() -> None:
    source = "x" * 300 + " RMB 550 billion " + "y" * 300 + "\n"
    col = source.index("RMB") + 1
    rows = _excerpt_rows(source, _finding(1, col, col + 15))
    body = next(r for r in rows if r.startswith("1 | "))
    carets = rows[rows.index(body) + 1]
    assert body.startswith("1 | …") and body.endswith("…")
    assert cells(body) <= 80
    assert carets.index("^") == body.index("RMB") and carets.count("^") == 15


def test_text_figures_far_apart_get_a_window_each() -> None:
    source = "Only 2.67% " + "z" * 200 + " doubling it.\n"
    a = source.index("2.67%") + 1
    b = source.index("doubling") + 1
    finding = _finding(1, b, b + 8, related=[FigureRef(text="2.67%", line=1, col=a, end_line=1, end_col=a + 5)])
    rows = _excerpt_rows(source, finding)
    bodies = [r for r in rows if r.startswith("1 | ")]
    assert len(bodies) == 2
    assert "2.67%" in bodies[0] and "doubling" in bodies[1]


def test_text_wide_characters_tabs_and_controls_stay_aligned() -> None:
    source = "\t公司市值达到\x1b[31m 5500亿元。\n"
    col = source.index("5500") + 1
    rows = _excerpt_rows(source, _finding(1, col, col + 6))
    body = next(r for r in rows if r.startswith("1 | "))
    carets = rows[rows.index(body) + 1]
    assert "\x1b" not in "\n".join(rows)
    prefix = body[: body.index("5500")]
    assert cells(carets[: carets.index("^")]) == cells(prefix)
    assert carets.count("^") == cells("5500亿元")


def test_text_position_past_the_end_of_a_line() -> None:
    rows = _excerpt_rows("short\n", _finding(1, 6, 7))
    assert rows[2] == "1 | short"
    assert rows[3] == "  |      ^"


# --- json ---------------------------------------------------------------------


def test_json_is_the_model_and_matches_the_schema(report: LintReport, documents) -> None:
    out = render("json", report, documents)
    data = json.loads(out)
    assert data["version"] == "1" and data["tool"] == "claimcheck"
    assert LintReport.model_validate_json(out) == report
    schema = json.loads(REPORT_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validators.validator_for(schema)(schema).validate(data)


def test_schema_file_is_up_to_date(update_goldens: bool) -> None:
    if update_goldens:
        REPORT_SCHEMA.parent.mkdir(parents=True, exist_ok=True)
        REPORT_SCHEMA.write_text(schema_text(), encoding="utf-8", newline="\n")
    assert REPORT_SCHEMA.read_text(encoding="utf-8") == schema_text(), (
        "schemas/lint-report.schema.json is stale: "
        "run `python -m claimcheck.report.schema > schemas/lint-report.schema.json`"
    )
    assert lint_report_schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


# --- sarif --------------------------------------------------------------------


def test_sarif_validates_against_the_official_schema(report: LintReport, documents) -> None:
    validator = sarif_validator()
    validator.validate(json.loads(render_fixture("sarif")))
    # With the real registry too.
    validator.validate(json.loads(render("sarif", report, documents)))
    validator.validate(json.loads(render("sarif", LintReport(), {})))


def test_sarif_results_rules_and_locations() -> None:
    log = json.loads(render_fixture("sarif"))
    run = log["runs"][0]
    assert log["version"] == "2.1.0" and run["columnKind"] == "unicodeCodePoints"
    driver = run["tool"]["driver"]
    assert driver["name"] == "claimcheck" and driver["version"] == __version__
    assert "informationUri" not in driver
    rules = driver["rules"]
    assert [r["id"] for r in rules] == [r.code for r in FIXTURE.RULES]
    cc101 = rules[0]
    assert cc101["shortDescription"]["text"] == FIXTURE.RULES[0].summary
    assert cc101["defaultConfiguration"]["level"] == "error"
    assert "## Example" in cc101["help"]["text"]
    levels = {r["id"]: r["defaultConfiguration"]["level"] for r in rules}
    assert levels["CC601"] == "note" and levels["CC301"] == "warning"
    results = run["results"]
    assert len(results) == len(FIXTURE.build_findings())
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    by_code = {r["ruleId"]: r for r in results}
    identity = by_code["CC101"]
    assert identity["level"] == "error" and identity["kind"] == "fail"
    location = identity["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "article.md", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {
        "startLine": 6, "startColumn": 30, "endLine": 6, "endColumn": 45,
        "snippet": {"text": "RMB 550 billion"},
    }
    related = identity["relatedLocations"]
    assert [r["id"] for r in related] == [0, 1]
    assert [r["message"]["text"] for r in related] == ["price_to_sales: 750 times", "revenue: RMB 700 million"]
    assert related[0]["physicalLocation"]["region"]["startLine"] == 3
    assert identity["properties"]["status"] == "fail"
    assert identity["properties"]["computation"].startswith("RMB 0.7 bn × 750")
    assert by_code["CC301"]["properties"]["status"] == "ambiguous"
    assert by_code["CC301"]["level"] == "warning"
    assert by_code["CC105"]["kind"] == "pass" and by_code["CC105"]["level"] == "none"
    assert by_code["CC601"]["level"] == "note"


def test_sarif_paths_and_unknown_codes() -> None:
    findings = [
        _finding(1, 1, 2, path="sub\\dir\\a b.md", code="CC999"),
        _finding(1, 1, 2, path="/abs/path/x.md"),
    ]
    log = json.loads(render("sarif", LintReport(findings=findings), {}, rules=FIXTURE.RULES))
    sarif_validator().validate(log)
    results = log["runs"][0]["results"]
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in results]
    assert uris[0] == {"uri": "sub/dir/a%20b.md", "uriBaseId": "%SRCROOT%"}
    assert uris[1] == {"uri": "file:///abs/path/x.md"}
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert rules[results[0]["ruleIndex"]] == {"id": "CC999"}


# --- github -------------------------------------------------------------------


def test_github_annotations() -> None:
    lines = render_fixture("github").splitlines()
    # One per non-passing finding.
    assert len(lines) == len([f for f in FIXTURE.build_findings() if f.status != "pass"])
    assert lines[1].startswith("::error file=article.md,line=6,col=30,endLine=6,endColumn=45,title=CC101::")
    assert "%0ARMB 0.7 bn × 750 = RMB 525 bn; stated RMB 550 bn (-4.5%25)%0A" in lines[1]
    assert lines[0].startswith("::notice ") and lines[2].startswith("::warning ")


def test_github_escaping() -> None:
    assert escape_data("50% up\r\nnext") == "50%25 up%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    finding = Finding(
        code="CC101", severity="error", status="fail", message="100% wrong\nreally", path="dir\\a,b:c.md",
        line=2, col=3, end_line=4, end_col=5,
    )
    line = render("github", LintReport(findings=[finding]), {}).rstrip("\n")
    # A multi-line span has no columns (GitHub accepts columns on one line only).
    assert line == "::error file=dir/a%2Cb%3Ac.md,line=2,endLine=4,title=CC101::100%25 wrong%0Areally"


# --- markdown -----------------------------------------------------------------


def _cells(row: str) -> list[str]:
    """Return the cells of a GFM table row, honouring escaped pipes."""
    return [c.strip() for c in re.split(r"(?<!\\)\|", row.strip())[1:-1]]


def test_markdown_summary_table_and_details() -> None:
    out = render_fixture("markdown")
    lines = out.splitlines()
    assert lines[0] == "### claimcheck: 3 errors, 1 warning, 1 info in 3 files (1 check passed)"
    rows = [line for line in lines if line.startswith("| article.md") or line.startswith("| missing.md")]
    assert len(rows) == 6 and all(len(_cells(r)) == 4 for r in rows)
    first = _cells(rows[0])
    assert first[:3] == ["article.md:3:79", "CC601", "info"]
    assert "\\|" in first[3] and "&lt;revenue&gt;" in first[3] and "<revenue>" not in out.split("<details>")[0]
    assert out.count("<details>") == out.count("</details>") == 6
    assert "**Computation:** RMB 0.7 bn × 750 = RMB 525 bn; stated RMB 550 bn (-4.5%)" in out
    assert "```text\n" in out


def test_markdown_escapes_and_fences() -> None:
    source = "Revenue ```x``` of $5 million | <b>bold</b>\n"
    col = source.index("$5") + 1
    finding = _finding(1, col, col + 10, message="a | b <script>x</script> *c*")
    out = render("markdown", LintReport(findings=[finding], files=1),
                 {"a.md": plain_document("a.md", source)}, rules=())
    row = next(line for line in out.splitlines() if line.startswith("| a.md"))
    assert _cells(row)[3] == "a \\| b &lt;script&gt;x&lt;/script&gt; \\*c\\*"
    assert "<script>" not in out.split("```")[0]
    assert "````text\n" in out  # the fence outruns the triple backticks in the source


def test_markdown_stays_under_the_comment_limit() -> None:
    findings = [_finding(n, 1, 2, message="x" * 400) for n in range(1, 600)]
    out = render("markdown", LintReport(findings=findings, files=1), {}, rules=())
    assert len(out) < 65_536 and len(out) <= MAX_CHARS + 200
    assert "not shown in full" in out


def test_markdown_without_findings() -> None:
    assert render("markdown", LintReport(files=2), {}) == "### claimcheck: no problems found in 2 files\n"


# --- html ---------------------------------------------------------------------


class _Page(HTMLParser):
    """Collect tags, attributes, script bodies and the text of `<mark>` elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self.marks: list[dict] = []
        self._stack: list[str] = []
        self._mark: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        self._stack.append(tag)
        if tag == "mark":
            self._mark = {**attributes, "text": ""}
            self.marks.append(self._mark)

    def handle_endtag(self, tag):
        if self._stack and self._stack[-1] == tag:
            self._stack.pop()
        if tag == "mark":
            self._mark = None

    def handle_data(self, data):
        if self._stack and self._stack[-1] == "script":
            self.scripts.append(data)
        elif self._stack and self._stack[-1] == "style":
            self.styles.append(data)
        elif self._mark is not None:
            self._mark["text"] += data


def parse_page(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    return page


def test_html_is_self_contained() -> None:
    out = render_fixture("html")
    page = parse_page(out)
    assert not re.search(r"(?i)\b(https?|ftp):|//[a-z0-9]|url\(|@import", out)
    for tag, attrs in page.tags:
        assert tag not in ("link", "img", "iframe", "object", "embed", "base", "form"), tag
        assert "src" not in attrs, tag
        href = attrs.get("href")
        assert href is None or href.startswith("#"), href
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
    assert page.scripts == [html_report.SCRIPT] and page.styles == [html_report.STYLE]
    assert "innerHTML" not in html_report.SCRIPT and "eval(" not in html_report.SCRIPT
    csp = next(a["content"] for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert html_report._csp_hash(html_report.SCRIPT) in csp and html_report._csp_hash(html_report.STYLE) in csp
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp


def test_html_marks_are_on_the_findings_lines(report: LintReport, documents) -> None:
    page = parse_page(render_fixture("html"))
    items = {a["data-index"]: a for t, a in page.tags if t == "li" and "data-index" in a}
    assert len(items) == len(report.findings)
    for index, finding in enumerate(report.findings):
        item = items[str(index)]
        assert item["data-code"] == finding.code and item["data-line"] == str(finding.line)
        doc = documents.get(finding.path)
        primary = [m for m in page.marks if str(index) in m["data-primary"].split()]
        if doc is None:
            assert item["data-target"] == "" and not primary
            continue
        assert primary and all(m["data-line"] == str(finding.line) for m in primary)
        expected = doc.line_text(finding.line)[finding.col - 1 : finding.end_col - 1]
        assert "".join(m["text"] for m in primary) == expected
        for ref in finding.related:
            covering = [
                m for m in page.marks
                if str(index) in m["data-findings"].split() and m["data-line"] == str(ref.line)
                and int(m["data-col"]) >= ref.col and int(m["data-end-col"]) <= ref.end_col
            ]
            assert "".join(m["text"] for m in covering) == ref.text


def test_html_overlapping_figures_are_split_not_nested() -> None:
    source = "Sales of $4-5 billion rose.\n"
    a = source.index("$4-5 billion") + 1
    b = source.index("5 billion") + 1
    findings = [
        _finding(1, a, a + 12, code="CC101", severity="error"),
        _finding(1, b, b + 9, code="CC102", severity="info"),
    ]
    out = render("html", LintReport(findings=findings, files=1), {"a.md": plain_document("a.md", source)}, rules=())
    page = parse_page(out)
    assert [(m["text"], m["data-findings"]) for m in page.marks] == [("$4-", "0"), ("5 billion", "0 1")]
    assert "<mark" not in out.split("<mark", 1)[1].split("</mark>", 1)[0]


def test_html_hostile_article_is_inert() -> None:
    report, documents = FIXTURE.build_hostile()
    out = render("html", report, documents)
    page = parse_page(out)
    assert page.scripts == [html_report.SCRIPT]
    assert out.count("<script") == 1 and out.count("</script>") == 1
    assert "<img" not in out and "<b>" not in out.split("<body>")[1].replace("<b>Suggestion:</b>", "")
    assert '&lt;script&gt;window.__pwned</mark> = "script"; alert(1)&lt;/script&gt; Revenue' in out
    assert "&lt;img src=x onerror=" in out
    for _, attrs in page.tags:
        assert not any(name.startswith("on") for name in attrs)
    # The article text survives, escaped, in the source view.
    assert any("<script>window.__pwned" in m["text"] for m in page.marks)
