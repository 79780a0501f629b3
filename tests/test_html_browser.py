"""The HTML report in a real browser: headless Chromium driven by Playwright.

Needs Debian's Chromium (`apt-get install chromium`, at /usr/bin/chromium or
$CLAIMCHECK_CHROMIUM) and `pip install 'playwright>=1.40'`; `playwright
install` is never run. These tests fail, never skip, when either is missing.
A screenshot is saved to tests/artifacts/html-report.png for review.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimcheck.models import FigureRef, Finding, LintReport
from claimcheck.document import plain_document
from claimcheck.report import render

TESTS = Path(__file__).parent
ARTIFACTS = TESTS / "artifacts"
CHROMIUM = Path(os.environ.get("CLAIMCHECK_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# Lines of filler before the article, so that every jump has to scroll.
FILLER = 80


def load_fixture():
    """Return the shared fixture module (tests/data/report_fixture.py), loaded by path."""
    spec = importlib.util.spec_from_file_location("report_fixture", TESTS / "data" / "report_fixture.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FIXTURE = load_fixture()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Return a headless Chromium; fail with instructions when it or Playwright is missing."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install it with `apt-get install -y chromium` "
            "(or point $CLAIMCHECK_CHROMIUM at a Chromium binary)",
            pytrace=False,
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Playwright is missing: `pip install 'playwright>=1.40'` "
                    "(do not run `playwright install`; Debian's chromium is used)", pytrace=False)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


class Opened:
    """A page with the report loaded, and what it did: console messages, requests, dialogs."""

    def __init__(self, browser, path: Path, height: int = 700) -> None:
        self.url = path.resolve().as_uri()
        self.page = browser.new_page(viewport={"width": 1280, "height": height})
        self.page.set_default_timeout(10_000)
        self.console: list[tuple[str, str]] = []
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.console.append((m.type, m.text)))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))

        def dismiss(dialog) -> None:
            self.dialogs.append(dialog.message)
            dialog.dismiss()

        self.page.on("dialog", dismiss)
        self.page.goto(self.url)
        self.page.wait_for_load_state("load")

    def assert_clean(self) -> None:
        """Assert no script errors, no console errors, no dialogs and no request but the page."""
        assert self.errors == []
        assert [m for m in self.console if m[0] in ("error", "warning")] == []
        assert self.dialogs == []
        assert self.requests == [self.url]

    def in_viewport(self, selector: str) -> bool:
        return self.page.eval_on_selector(
            selector,
            "el => { const r = el.getBoundingClientRect();"
            " return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight; }",
        )

    def close(self) -> None:
        self.page.close()


def shifted(finding: Finding, lines: int) -> Finding:
    """Return `finding` moved down by `lines` lines (its related figures too)."""
    related = [ref.model_copy(update={"line": ref.line + lines, "end_line": ref.end_line + lines})
               for ref in finding.related]
    update = {"line": finding.line + lines, "related": related}
    if finding.end_line is not None:
        update["end_line"] = finding.end_line + lines
    return finding.model_copy(update=update)


def long_report() -> tuple[LintReport, dict]:
    """Return the fixture with filler lines before the article, so jumps must scroll."""
    report = FIXTURE.build_report()
    findings = [shifted(f, FILLER) if f.path == "article.md" else f for f in report.findings]
    source = "".join(f"Filler line {n} without figures.\n" for n in range(1, FILLER + 1)) + FIXTURE.ARTICLE
    documents = FIXTURE.build_documents()
    documents["article.md"] = plain_document("article.md", source, fmt="markdown")
    return report.model_copy(update={"findings": findings}), documents


@pytest.fixture
def opened(browser, tmp_path) -> Iterator[Opened]:
    report, documents = long_report()
    path = tmp_path / "report.html"
    path.write_text(render("html", report, documents, rules=FIXTURE.RULES), encoding="utf-8")
    page = Opened(browser, path)
    yield page
    page.close()


def test_page_loads_without_errors_or_requests(browser, tmp_path) -> None:
    path = tmp_path / "report.html"
    report, documents = FIXTURE.build_report(), FIXTURE.build_documents()
    path.write_text(render("html", report, documents, rules=FIXTURE.RULES), encoding="utf-8")
    page = Opened(browser, path, height=800)
    try:
        assert page.page.evaluate("document.documentElement.classList.contains('js')")
        assert page.page.is_visible("#code-filter")
        page.page.click("#f1 summary")  # CC101: open it and jump to its line
        page.page.wait_for_timeout(200)
        ARTIFACTS.mkdir(exist_ok=True)
        page.page.screenshot(path=str(ARTIFACTS / "html-report.png"))
        page.assert_clean()
    finally:
        page.close()


def test_highlights_are_on_the_lines_the_findings_name(opened: Opened) -> None:
    report, _ = long_report()
    marks = opened.page.eval_on_selector_all(
        "mark.fig",
        "ms => ms.map(m => ({findings: m.dataset.findings.split(' '), primary: m.dataset.primary,"
        " line: m.dataset.line, row: m.closest('.line').dataset.line, text: m.textContent,"
        " top: m.getBoundingClientRect().top, rowTop: m.closest('.line').getBoundingClientRect().top,"
        " rowBottom: m.closest('.line').getBoundingClientRect().bottom}))",
    )
    assert marks
    for mark in marks:
        assert mark["line"] == mark["row"]
        assert mark["rowTop"] <= mark["top"] <= mark["rowBottom"]
    for index, finding in enumerate(report.findings):
        primary = [m for m in marks if str(index) in m["primary"].split()]
        if finding.path != "article.md":
            assert primary == []
            continue
        assert {m["line"] for m in primary} == {str(finding.line)}
        lines = {m["line"] for m in marks if str(index) in m["findings"]}
        assert lines == {str(finding.line)} | {str(r.line) for r in finding.related}
        texts = {m["text"] for m in marks if str(index) in m["findings"]}
        assert {r.text for r in finding.related} <= texts


def test_clicking_a_finding_scrolls_to_and_flashes_its_line(opened: Opened) -> None:
    report, _ = long_report()
    for index, finding in enumerate(report.findings):
        if finding.path != "article.md":
            continue
        opened.page.evaluate("window.scrollTo(0, 0)")
        target = f"#L0-{finding.line}"
        assert not opened.in_viewport(target)
        opened.page.click(f"#f{index} summary")
        assert opened.in_viewport(target), finding.code
        assert "flash" in opened.page.get_attribute(target, "class")
        assert opened.page.eval_on_selector(f"#f{index} details", "d => d.open")
        active = opened.page.eval_on_selector_all("mark.active", "ms => ms.map(m => m.dataset.findings)")
        assert active and all(str(index) in a.split() for a in active)
    opened.assert_clean()


def test_clicking_a_related_figure_jumps_to_it(opened: Opened) -> None:
    opened.page.click("#f1 summary")  # CC101, primary on line 6, related on line 3
    opened.page.evaluate("window.scrollTo(0, 0)")
    target = f"#L0-{3 + FILLER}"
    assert not opened.in_viewport(target)
    opened.page.click(f'#f1 a.jump[data-target="L0-{3 + FILLER}"] >> nth=0')
    assert opened.in_viewport(target)
    assert "flash" in opened.page.get_attribute(target, "class")
    opened.assert_clean()


def test_clicking_a_highlight_opens_its_finding(opened: Opened) -> None:
    assert not opened.page.eval_on_selector("#f2 details", "d => d.open")
    opened.page.click('mark.fig[data-primary="2"]')  # CC301 "rose by 94%"
    assert opened.page.eval_on_selector("#f2 details", "d => d.open")
    assert opened.in_viewport("#f2")


def test_filters_by_severity_and_code(opened: Opened) -> None:
    def visible() -> list[str]:
        return opened.page.eval_on_selector_all(
            "li.finding", "ls => ls.filter(l => !l.hidden).map(l => l.dataset.code)"
        )

    everything = visible()
    assert len(everything) == 6
    opened.page.uncheck('input.sev-filter[value="error"]')
    assert visible() == ["CC601", "CC301", "CC105"]
    assert opened.page.text_content("#shown") == "3 of 6 findings shown"
    # "RMB 550 billion" is only in the CC101 error: no longer highlighted.
    assert "off" in opened.page.get_attribute('mark.fig[data-primary="1"]', "class")
    opened.page.check('input.sev-filter[value="error"]')
    opened.page.select_option("#code-filter", "CC301")
    assert visible() == ["CC301"]
    assert opened.page.text_content("#shown") == "1 of 6 findings shown"
    opened.page.select_option("#code-filter", "")
    assert visible() == everything
    opened.assert_clean()


def test_hostile_article_executes_nothing(browser, tmp_path) -> None:
    report, documents = FIXTURE.build_hostile()
    path = tmp_path / "hostile.html"
    path.write_text(render("html", report, documents), encoding="utf-8")
    page = Opened(browser, path)
    try:
        for selector in ("#f0 summary", "#f1 summary", "mark.fig >> nth=0", "#f0 a.jump >> nth=1"):
            page.page.click(selector)
        page.page.wait_for_timeout(300)
        assert page.page.evaluate("typeof window.__pwned") == "undefined"
        assert page.page.evaluate("document.querySelectorAll('script').length") == 1
        assert page.page.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0
        text = page.page.text_content("#L0-1")
        assert '<script>window.__pwned = "script"; alert(1)</script>' in text
        page.assert_clean()
    finally:
        page.close()


def test_related_positions_match_the_fixture() -> None:
    # Guard for the tests above: the shifted fixture still points at its figures.
    report, documents = long_report()
    doc = documents["article.md"]
    for finding in report.findings:
        for ref in finding.related:
            assert isinstance(ref, FigureRef)
            assert doc.line_text(ref.line)[ref.col - 1 : ref.end_col - 1] == ref.text
