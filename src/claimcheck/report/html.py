"""The `html` format: one self-contained page with the annotated articles.

The page shows each article that has findings as numbered source lines, with
every figure a finding involves highlighted (coloured by severity; primary
figures solid, related figures dashed), and a list of findings beside it:
clicking a finding scrolls to its line and flashes it, expanding it shows the
computation and the figures (each a link that jumps too), and the list can be
filtered by severity and by code. Clicking a highlight opens its finding.

Safety: every piece of article and finding text is escaped with `html.escape`
on the way in; the script only reads data attributes and toggles classes and
`textContent` (no `innerHTML`, no `eval`). The page loads nothing: no URLs,
fonts or CDNs, and a Content-Security-Policy allows only the page's own inline
style and script, by hash, so even a missed escape could not run a script.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

from claimcheck import __version__
from claimcheck.document import Document
from claimcheck.models import SEVERITY_RANK, Finding, LintReport
from claimcheck.report import (
    FigureMark,
    figure_marks,
    file_count,
    format_number,
    passed_count,
    plural,
    rule_table,
    severity_counts,
    severity_label,
)

# Documents without findings are only named; at most this many names are listed.
MAX_CLEAN_NAMES = 50

STYLE = """
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --panel: #f6f8fa;
  --error: #cf222e; --error-bg: #ffebe9; --warning: #9a6700; --warning-bg: #fff8c5;
  --info: #0969da; --info-bg: #ddf4ff; --pass: #1a7f37; --pass-bg: #dafbe1;
  --flash: #ffd33d; --accent: #8250df;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #3d444d; --panel: #151b23;
    --error: #ff7b72; --error-bg: #4b1c1c; --warning: #d29922; --warning-bg: #3d2e00;
    --info: #58a6ff; --info-bg: #0c2d4b; --pass: #3fb950; --pass-bg: #0f3620;
    --flash: #9e6a03; --accent: #ab7df8;
  }
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
header.top { padding: 0.75rem 1.25rem; border-bottom: 1px solid var(--line); background: var(--panel); }
header.top h1 { margin: 0 0 0.25rem; font-size: 1.25rem; }
.counts { margin: 0; }
.count { font-weight: 600; margin-right: 0.5rem; }
.count.sev-error { color: var(--error); } .count.sev-warning { color: var(--warning); }
.count.sev-info { color: var(--info); } .count.sev-pass { color: var(--pass); }
.filters { display: none; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; margin-top: 0.5rem; }
.js .filters { display: flex; }
.filters label { white-space: nowrap; }
#shown { color: var(--muted); }
main { display: grid; grid-template-columns: minmax(18rem, 30rem) minmax(0, 1fr); gap: 0; }
nav.findings { position: sticky; top: 0; align-self: start; max-height: 100vh; overflow: auto;
  border-right: 1px solid var(--line); padding: 0.5rem 0.75rem; }
nav.findings h2, .doc h2 { font-size: 1rem; margin: 0.5rem 0; }
ol.finding-list { list-style: none; margin: 0; padding: 0; }
li.finding { border: 1px solid var(--line); border-left: 4px solid var(--muted); border-radius: 6px;
  margin: 0 0 0.5rem; background: var(--bg); }
li.finding.sev-error { border-left-color: var(--error); }
li.finding.sev-warning { border-left-color: var(--warning); }
li.finding.sev-info { border-left-color: var(--info); }
li.finding.sev-pass { border-left-color: var(--pass); }
li.finding summary { cursor: pointer; padding: 0.4rem 0.5rem; }
li.finding .loc { color: var(--muted); font-size: 0.85em; }
li.finding .a { color: var(--info); }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-weight: 600; }
li.finding .msg { display: block; }
.badge { display: inline-block; padding: 0 0.4em; border-radius: 1em; font-size: 0.8em; font-weight: 600; }
.badge.sev-error { background: var(--error-bg); color: var(--error); }
.badge.sev-warning { background: var(--warning-bg); color: var(--warning); }
.badge.sev-info { background: var(--info-bg); color: var(--info); }
.badge.sev-pass { background: var(--pass-bg); color: var(--pass); }
.detail { padding: 0 0.75rem 0.5rem; font-size: 0.9em; }
.detail dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 0.6rem; margin: 0.25rem 0; }
.detail dt { color: var(--muted); } .detail dd { margin: 0; }
.detail table { border-collapse: collapse; margin: 0.25rem 0; font-size: 0.95em; }
.detail th, .detail td { border: 1px solid var(--line); padding: 0.1rem 0.4rem; text-align: left; }
.detail ul.figures { margin: 0.25rem 0; padding-left: 1.2rem; }
.detail .role, .detail .pos, .nosource { color: var(--muted); }
a { color: var(--info); }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.92em; }
.sources { padding: 0.5rem 1.25rem 40vh; min-width: 0; }
.doc { margin-bottom: 2rem; }
.src { border: 1px solid var(--line); border-radius: 6px; overflow: hidden; }
.line { display: flex; min-height: 1.5em; }
.line .ln { flex: 0 0 3.5rem; text-align: right; padding-right: 0.75rem; color: var(--muted);
  background: var(--panel); user-select: none; font-family: ui-monospace, Menlo, Consolas, monospace;
  font-size: 0.85em; line-height: 1.76; }
.line .tx { flex: 1 1 auto; min-width: 0; padding-left: 0.75rem; white-space: pre-wrap;
  overflow-wrap: anywhere; tab-size: 4; }
.line.flash, li.finding.flash { animation: flash 1.6s ease-out; }
@keyframes flash { from { background: var(--flash); } to { background: transparent; } }
mark.fig { color: inherit; background: transparent; border-radius: 2px; cursor: pointer; }
mark.fig.sev-error { background: var(--error-bg); } mark.fig.sev-warning { background: var(--warning-bg); }
mark.fig.sev-info { background: var(--info-bg); } mark.fig.sev-pass { background: var(--pass-bg); }
mark.fig.primary { border-bottom: 2px solid; }
mark.fig.related { border-bottom: 2px dashed; }
mark.fig.sev-error { border-color: var(--error); } mark.fig.sev-warning { border-color: var(--warning); }
mark.fig.sev-info { border-color: var(--info); } mark.fig.sev-pass { border-color: var(--pass); }
mark.fig.point { display: inline-block; width: 0.5em; min-height: 1em; vertical-align: text-bottom; }
mark.fig.active { outline: 2px solid var(--accent); outline-offset: 1px; }
mark.fig.off { background: transparent; border-bottom-color: transparent; cursor: default; }
p.clean { color: var(--muted); }
footer { padding: 0.5rem 1.25rem; color: var(--muted); font-size: 0.85em; border-top: 1px solid var(--line); }
@media (max-width: 900px) {
  main { grid-template-columns: 1fr; }
  nav.findings { position: static; max-height: none; border-right: 0; border-bottom: 1px solid var(--line); }
}
"""

SCRIPT = """
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var list = document.getElementById("finding-list");
  var sources = document.getElementById("sources");
  var shown = document.getElementById("shown");
  var codeFilter = document.getElementById("code-filter");
  var items = Array.prototype.slice.call(document.querySelectorAll("li.finding"));
  var marks = Array.prototype.slice.call(document.querySelectorAll("mark.fig"));
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input.sev-filter"));

  function flash(el) {
    el.classList.remove("flash");
    void el.offsetWidth;
    el.classList.add("flash");
  }
  function jump(id) {
    var el = id ? document.getElementById(id) : null;
    if (!el) { return; }
    el.scrollIntoView({block: "center", inline: "nearest"});
    flash(el);
  }
  function words(el, name) {
    var value = el.getAttribute(name);
    return value ? value.split(" ") : [];
  }
  function activate(index) {
    marks.forEach(function (m) {
      m.classList.toggle("active", words(m, "data-findings").indexOf(index) >= 0);
    });
  }
  document.addEventListener("animationend", function (ev) {
    if (ev.target.classList) { ev.target.classList.remove("flash"); }
  });
  if (list) {
    list.addEventListener("click", function (ev) {
      var item = ev.target.closest("li.finding");
      if (!item) { return; }
      var link = ev.target.closest("a.jump");
      if (link) {
        ev.preventDefault();
        activate(item.getAttribute("data-index"));
        jump(link.getAttribute("data-target"));
      } else if (ev.target.closest("summary")) {
        activate(item.getAttribute("data-index"));
        jump(item.getAttribute("data-target"));
      }
    });
  }
  if (sources) {
    sources.addEventListener("click", function (ev) {
      var mark = ev.target.closest("mark.fig");
      if (!mark) { return; }
      var ids = words(mark, "data-findings");
      for (var k = 0; k < ids.length; k++) {
        var item = document.getElementById("f" + ids[k]);
        if (item && !item.hidden) {
          item.querySelector("details").open = true;
          item.scrollIntoView({block: "nearest"});
          flash(item);
          activate(ids[k]);
          return;
        }
      }
    });
  }
  function applyFilters() {
    var wanted = {};
    boxes.forEach(function (box) { wanted[box.value] = box.checked; });
    var code = codeFilter ? codeFilter.value : "";
    var visible = {};
    var count = 0;
    items.forEach(function (item) {
      var ok = wanted[item.getAttribute("data-filter-severity")] !== false &&
        (!code || item.getAttribute("data-code") === code);
      item.hidden = !ok;
      if (ok) { visible[item.getAttribute("data-index")] = true; count += 1; }
    });
    marks.forEach(function (m) {
      m.classList.toggle("off", !words(m, "data-findings").some(function (i) { return visible[i]; }));
    });
    if (shown) { shown.textContent = count + " of " + items.length + " findings shown"; }
  }
  boxes.forEach(function (box) { box.addEventListener("change", applyFilters); });
  if (codeFilter) { codeFilter.addEventListener("change", applyFilters); }
})();
"""


def _csp_hash(text: str) -> str:
    """Return the CSP source expression that allows exactly the inline block `text`."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


CSP = (
    "default-src 'none'; "
    f"style-src {_csp_hash(STYLE)}; "
    f"script-src {_csp_hash(SCRIPT)}; "
    "img-src 'none'; base-uri 'none'; form-action 'none'"
)

_RANK = {**SEVERITY_RANK, "pass": -1}


def _attr(text: object) -> str:
    """Return `text` escaped for a double-quoted attribute value."""
    return escape(str(text), quote=True).replace("\n", "&#10;")


def _text(text: str) -> str:
    """Return `text` escaped for element content; U+2028/2029 kept as characters."""
    return escape(text, quote=False)


def _line_id(doc_index: int, line: int) -> str:
    return f"L{doc_index}-{line}"


@dataclass(frozen=True, slots=True)
class _Span:
    """A figure's extent on one source line (0-based character range) for one finding."""

    start: int
    end: int
    finding: int
    primary: bool
    severity: str


def _spans_by_line(findings: list[tuple[int, Finding]], document: Document) -> dict[int, list[_Span]]:
    """Return, per line of `document`, the figure spans of the given (index, finding) pairs."""
    line_count = len(document.line_starts)
    out: dict[int, list[_Span]] = {}
    for index, finding in findings:
        word = severity_label(finding)
        for mark in figure_marks(finding):
            for line in range(mark.line, min(mark.end_line, line_count) + 1):
                length = len(document.line_text(line))
                start = mark.col - 1 if line == mark.line else 0
                end = mark.end_col - 1 if line == mark.end_line else length
                start = min(max(start, 0), length)
                end = min(max(end, start), length)
                out.setdefault(line, []).append(_Span(start, end, index, mark.primary, word))
    return out


def _mark(text: str, spans: list[_Span], line: int, start: int, end: int, titles: dict[int, str]) -> str:
    """Return a `<mark>` for `text` (line `line`, characters [start, end)) covered by `spans`."""
    worst = max((s.severity for s in spans), key=lambda w: _RANK.get(w, 0))
    primary = sorted({s.finding for s in spans if s.primary})
    indices = sorted({s.finding for s in spans})
    classes = f"fig sev-{worst} {'primary' if primary else 'related'}" + ("" if text else " point")
    title = "\n".join(titles[i] for i in indices)
    return (
        f'<mark class="{classes}" data-findings="{" ".join(map(str, indices))}"'
        f' data-primary="{" ".join(map(str, primary))}" data-line="{line}"'
        f' data-col="{start + 1}" data-end-col="{end + 1}" title="{_attr(title)}">{_text(text)}</mark>'
    )


def _line_html(text: str, line: int, spans: list[_Span], titles: dict[int, str]) -> str:
    """Return the escaped text of one line with its figure spans wrapped in `<mark>`s.

    Overlapping spans are cut at every span boundary, so each piece is marked
    with all the findings that cover it; a span with no characters (a position
    at the end of a line) becomes an empty point mark.
    """
    if not spans:
        return _text(text)
    points = [s for s in spans if s.start == s.end]
    ranges = [s for s in spans if s.start < s.end]
    cuts = sorted({0, len(text), *(s.start for s in ranges), *(s.end for s in ranges), *(s.start for s in points)})
    parts: list[str] = []
    for a, b in zip(cuts, cuts[1:] + [None]):
        here = [s for s in points if s.start == a]
        if here:
            parts.append(_mark("", here, line, a, a, titles))
        if b is None or b <= a:
            continue
        covering = [s for s in ranges if s.start <= a and s.end >= b]
        piece = text[a:b]
        parts.append(_mark(piece, covering, line, a, b, titles) if covering else _text(piece))
    return "".join(parts)


def _source_section(
    doc_index: int, document: Document, findings: list[tuple[int, Finding]], titles: dict[int, str]
) -> str:
    """Return the `<section>` with the numbered, highlighted source of one document."""
    spans = _spans_by_line(findings, document)
    count = len(document.line_starts)
    if count > 1 and document.source.endswith("\n"):
        count -= 1  # the empty "line" after the final newline
    rows = []
    for n in range(1, count + 1):
        body = _line_html(document.line_text(n), n, spans.get(n, []), titles)
        rows.append(
            f'<div class="line" id="{_line_id(doc_index, n)}" data-line="{n}">'
            f'<span class="ln" aria-hidden="true">{n}</span><span class="tx">{body}</span></div>'
        )
    return (
        f'<section class="doc" id="doc{doc_index}" data-path="{_attr(document.path)}">\n'
        f"<h2>{_text(document.path)}</h2>\n"
        f'<div class="src">\n' + "\n".join(rows) + "\n</div>\n</section>"
    )


def _figure_text(mark: FigureMark, document: Document | None) -> str:
    """Return a figure's surface text: the reference's own, else the source's characters."""
    if mark.text:
        return mark.text
    if document is not None and mark.line == mark.end_line:
        return document.line_text(mark.line)[mark.col - 1 : mark.end_col - 1]
    return ""


def _finding_item(
    index: int, finding: Finding, document: Document | None, doc_index: int | None, rules: dict
) -> str:
    """Return the `<li>` of one finding: summary line and expandable detail."""
    word = severity_label(finding)
    target = _line_id(doc_index, finding.line) if doc_index is not None and finding.line >= 1 else ""
    where = finding.path + (f":{finding.line}:{finding.col}" if finding.line >= 1 else "")
    detail: list[str] = []
    rule = rules.get(finding.code)
    if rule is not None:
        detail.append(f'<p class="rule"><code>{_text(rule.name)}</code> — {_text(rule.summary)}</p>')
    computation = finding.computation
    if computation is not None:
        rows = []
        if computation.summary:
            rows.append(f"<dt>Computation</dt><dd>{_text(computation.summary)}</dd>")
        if computation.expression:
            rows.append(f"<dt>Expression</dt><dd><code>{_text(computation.expression)}</code></dd>")
        if computation.verdict:
            rows.append(f"<dt>Verdict</dt><dd>{_text(computation.verdict)}</dd>")
        if rows:
            detail.append('<dl class="computation">' + "".join(rows) + "</dl>")
        if computation.inputs:
            cells = []
            for item in computation.inputs:
                unit = f" {item.unit}" if item.unit else ""
                interval = (
                    f"[{format_number(item.low)}, {format_number(item.high)}]{unit}"
                    if item.low is not None and item.high is not None else ""
                )
                value = f"{format_number(item.value)}{unit}" if item.value is not None else ""
                cells.append(
                    f"<tr><td>{_text(item.name)}</td><td>{_text(item.text)}</td>"
                    f"<td>{_text(value)}</td><td>{_text(interval)}</td></tr>"
                )
            detail.append(
                '<table class="inputs"><thead><tr><th>Input</th><th>Text</th><th>Value</th>'
                "<th>Interval</th></tr></thead><tbody>" + "".join(cells) + "</tbody></table>"
            )
    if finding.suggestion:
        detail.append(f'<p class="suggestion"><b>Suggestion:</b> {_text(finding.suggestion)}</p>')
    marks = figure_marks(finding)
    if marks:
        figures = []
        for mark in marks:
            role = ("primary" + (f" · {mark.role}" if mark.role else "")) if mark.primary else (mark.role or "related")
            text = _figure_text(mark, document) or f"line {mark.line}"
            if doc_index is not None:
                link_target = _line_id(doc_index, mark.line)
                link = f'<a class="jump" href="#{link_target}" data-target="{link_target}">{_text(text)}</a>'
            else:
                link = f"<span>{_text(text)}</span>"
            figures.append(
                f'<li>{link} <span class="role">{_text(role)}</span> '
                f'<span class="pos">{mark.line}:{mark.col}</span></li>'
            )
        detail.append('<ul class="figures">' + "".join(figures) + "</ul>")
    if document is None:
        detail.append('<p class="nosource">The source of this file is not available.</p>')
    filter_severity = "pass" if finding.status == "pass" else finding.severity
    return (
        f'<li class="finding sev-{word}" id="f{index}" data-index="{index}" data-code="{_attr(finding.code)}"'
        f' data-severity="{finding.severity}" data-status="{finding.status}"'
        f' data-filter-severity="{filter_severity}" data-path="{_attr(finding.path)}"'
        f' data-line="{finding.line}" data-col="{finding.col}" data-target="{target}">\n'
        f"<details><summary>"
        f'<span class="badge sev-{word}">{word}</span> <span class="code">{_text(finding.code)}</span> '
        f'<span class="loc">{_text(where)}</span><span class="msg">{_text(finding.message)}</span>'
        f"</summary>\n"
        f'<div class="detail">{"".join(detail)}</div></details>\n</li>'
    )


def _header(report: LintReport) -> str:
    """Return the page header: counts, severity and code filters."""
    counts = severity_counts(report)
    passed = passed_count(report.findings)
    files = plural(file_count(report), "file")
    spans = [
        f'<span class="count sev-{s}">{plural(counts[s], s)}</span>' for s in ("error", "warning", "info")
    ]
    if passed:
        spans.append(f'<span class="count sev-pass">{plural(passed, "check")} passed</span>')
    if not any(counts.values()):
        spans.insert(0, f'<span class="count">No problems found</span>')
    boxes = []
    present = {("pass" if f.status == "pass" else f.severity) for f in report.findings}
    for word in ("error", "warning", "info", "pass"):
        if word not in present:
            continue
        n = passed if word == "pass" else sum(
            1 for f in report.findings if f.status != "pass" and f.severity == word
        )
        boxes.append(
            f'<label><input type="checkbox" class="sev-filter" value="{word}" checked> {word} ({n})</label>'
        )
    codes: dict[str, int] = {}
    for f in report.findings:
        codes[f.code] = codes.get(f.code, 0) + 1
    options = ['<option value="">all codes</option>'] + [
        f'<option value="{_attr(code)}">{_text(code)} ({n})</option>' for code, n in sorted(codes.items())
    ]
    total = len(report.findings)
    return (
        '<header class="top">\n<h1>claimcheck report</h1>\n'
        f'<p class="counts">{" ".join(spans)} in {files}</p>\n'
        '<div class="filters" role="group" aria-label="Filter findings">'
        + "".join(boxes)
        + '<label>Code <select id="code-filter">' + "".join(options) + "</select></label>"
        + f'<span id="shown" aria-live="polite">{total} of {total} findings shown</span></div>\n'
        "</header>"
    )


def render(
    report: LintReport,
    documents: Mapping[str, Document],
    *,
    color: bool = False,
    show_source: bool = True,
    rules: Sequence | None = None,
) -> str:
    """Return the self-contained HTML page of `report`."""
    table = rule_table(rules)
    doc_order: dict[str, int] = {}
    by_doc: dict[str, list[tuple[int, Finding]]] = {}
    for index, finding in enumerate(report.findings):
        if finding.path in documents:
            doc_order.setdefault(finding.path, len(doc_order))
            by_doc.setdefault(finding.path, []).append((index, finding))
    titles = {
        i: f"{f.code} {severity_label(f)}: {f.message}" for i, f in enumerate(report.findings)
    }
    items = [
        _finding_item(i, f, documents.get(f.path), doc_order.get(f.path), table)
        for i, f in enumerate(report.findings)
    ]
    sections = [
        _source_section(doc_order[path], documents[path], by_doc[path], titles) for path in doc_order
    ]
    clean = sorted(path for path in documents if path not in doc_order)
    if clean:
        names = ", ".join(_text(p) for p in clean[:MAX_CLEAN_NAMES])
        more = len(clean) - MAX_CLEAN_NAMES
        if more > 0:
            names += f" and {more} more"
        sections.append(f'<p class="clean">No findings in {plural(len(clean), "file")}: {names}</p>')
    counts = severity_counts(report)
    title = "claimcheck: " + ", ".join(plural(counts[s], s) for s in ("error", "warning", "info"))
    findings_list = (
        '<ol class="finding-list" id="finding-list">\n' + "\n".join(items) + "\n</ol>"
        if items else "<p>No findings.</p>"
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="color-scheme" content="light dark">\n'
        f"<title>{_text(title)}</title>\n"
        f"<style>{STYLE}</style>\n"
        "</head>\n<body>\n"
        + _header(report)
        + "\n<main>\n"
        '<nav class="findings" aria-label="Findings">\n<h2>Findings</h2>\n'
        + findings_list
        + "\n</nav>\n"
        '<div class="sources" id="sources">\n'
        + "\n".join(sections)
        + "\n</div>\n</main>\n"
        f"<footer>Generated by claimcheck {_text(__version__)}.</footer>\n"
        f"<script>{SCRIPT}</script>\n"
        "</body>\n</html>\n"
    )
