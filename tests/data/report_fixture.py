"""The one shared findings fixture every report renderer is tested with (ruff's emitter tests).

A small article, a second clean file, a missing file, and a hand-built list of
findings: an identity with related figures and a computation, an ambiguous
rate, a change with related figures, an info finding whose message holds
Markdown/HTML-ish characters, a passed check and an unreadable file. Positions
are looked up in the article so that editing it cannot leave them stale.

Loaded by path (`load_fixture()` in the tests), not imported as a package.
"""

from __future__ import annotations

from claimcheck.document import Document, plain_document
from claimcheck.models import Computation, ComputationInput, FigureRef, Finding, LintReport
from claimcheck.rules.registry import Rule

ARTICLE = """\
# Lumen Robotics prices its listing

Lumen trades at a price-to-sales ratio of 750 times and forecasted revenue of RMB 700 million for 2026, according to the prospectus it filed in Hong Kong.
Analysts called the valuation "aggressive" <b>but</b> fair & square.

Its market value has reached RMB 550 billion.

Customer retention rate rose by 94% last year.

Only 2.67% of shares are tradable; after the lock-up ends, 5.76% more will become available, doubling the trading volume.
"""

NOTES = "Nothing numeric here.\n"

LINES = ARTICLE.splitlines()


def at(line: int, text: str) -> dict[str, int]:
    """Return the 1-based position of the first `text` on article line `line`."""
    col = LINES[line - 1].index(text) + 1
    return {"line": line, "col": col, "end_line": line, "end_col": col + len(text)}


def ref(line: int, text: str, role: str | None = None, **values: float | str | None) -> FigureRef:
    """Return a `FigureRef` for `text` on article line `line`."""
    return FigureRef(text=text, role=role, **at(line, text), **values)


def build_findings() -> list[Finding]:
    """Return the fixture findings, sorted as the pipeline sorts them."""
    findings = [
        Finding(
            code="CC101", severity="error", status="fail", rule="identities.valuation",
            message='Valuation "RMB 550 billion" does not equal revenue × price-to-sales',
            path="article.md", **at(6, "RMB 550 billion"),
            related=[
                ref(3, "750 times", "price_to_sales", value=750.0, unit="x", low=749.5, high=750.5),
                ref(3, "RMB 700 million", "revenue", value=7e8, unit="CNY", low=6.5e8, high=7.5e8),
                ref(6, "RMB 550 billion", "valuation", value=5.5e11, unit="CNY", low=5.45e11, high=5.55e11),
            ],
            computation=Computation(
                expression="valuation = revenue * price_to_sales",
                inputs=[
                    ComputationInput(name="revenue", text="RMB 700 million", value=7e8, low=6.995e8,
                                     high=7.005e8, unit="CNY"),
                    ComputationInput(name="price_to_sales", text="750 times", value=750.0, low=749.5,
                                     high=750.5, unit="x"),
                ],
                result=5.25e11, result_low=5.2428e11, result_high=5.2573e11,
                stated=5.5e11, stated_low=5.495e11, stated_high=5.505e11,
                difference=-0.0455, tolerance=0.0,
                verdict="outside the intervals (strict)",
                summary="RMB 0.7 bn × 750 = RMB 525 bn; stated RMB 550 bn (-4.5%)",
            ),
            suggestion="At 750 times RMB 700 million the valuation is RMB 525 billion; check which figure is off.",
        ),
        Finding(
            code="CC301", severity="warning", status="ambiguous", rule="rates.percent-vs-points",
            message='Rate change "rose by 94%" reads as +94 pp or ×1.94; both are implausible',
            path="article.md", **at(8, "rose by 94%"),
            computation=Computation(
                expression="before + 0.94 | before * 1.94",
                inputs=[ComputationInput(name="change", text="94%", value=0.94, low=0.935, high=0.945, unit="%")],
                verdict="ambiguous",
                summary="+94 pp needs a base <= 6%; x1.94 needs a base <= 51.5%",
            ),
            suggestion='Write "retention rate was 94%" or "rose by 94 percentage points".',
        ),
        Finding(
            code="CC203", severity="error", status="fail", rule="changes.multiple-words",
            message='"doubling" does not match "2.67%" plus "5.76%"',
            path="article.md", **at(10, "doubling"),
            related=[
                ref(10, "2.67%", "before", value=0.0267, unit="%", low=0.02665, high=0.02675),
                ref(10, "5.76%", "added", value=0.0576, unit="%", low=0.05755, high=0.05765),
            ],
            computation=Computation(
                expression="(before + added) / before",
                result=3.157, result_low=3.15, result_high=3.163, stated=2.0,
                verdict="outside the intervals",
                summary="(2.67% + 5.76%) / 2.67% = 3.16x; stated 2x (doubling)",
            ),
            suggestion='Write "more than tripling the tradable shares".',
        ),
        Finding(
            code="CC105", severity="info", status="pass", rule="identities.shares-total",
            message='Shares "2.67%" and "5.76%" stay within 100%',
            path="article.md", **at(10, "2.67%"),
            computation=Computation(expression="before + added <= 100%", result=0.0843, verdict="consistent",
                                    summary="2.67% + 5.76% = 8.43% <= 100%"),
        ),
        Finding(
            code="CC601", severity="info", status="fail", rule="facts.matches-fact",
            message='"RMB 700 million" | matches <revenue> & {2026} `fact` *from* the prospectus',
            path="article.md", **at(3, "RMB 700 million"),
            computation=Computation(expression="revenue == fact", verdict="consistent",
                                    summary="fact: Lumen revenue 2026 = CNY 700,000,000 (source: prospectus)"),
        ),
        Finding(
            code="CC901", severity="error", status="fail", rule="inputs.unreadable",
            message="File could not be read: [Errno 2] No such file or directory: 'missing.md'",
            path="missing.md", line=1, col=1,
        ),
    ]
    return sorted(findings, key=Finding.sort_key)


def build_report() -> LintReport:
    """Return the fixture report: three files, counts filled as the pipeline fills them."""
    findings = build_findings()
    counts = {"error": 0, "warning": 0, "info": 0}
    for f in findings:
        if f.status != "pass":
            counts[f.severity] += 1
    return LintReport(findings=findings, files=3, counts=counts)


def build_documents() -> dict[str, Document]:
    """Return the documents by path (missing.md has none: it could not be read)."""
    return {
        "article.md": plain_document("article.md", ARTICLE, fmt="markdown"),
        "notes.md": plain_document("notes.md", NOTES, fmt="markdown"),
    }


def _rule(code: str, name: str, severity: str, summary: str) -> Rule:
    doc = (
        f"{summary}\n\n## What it does\nChecks {name}.\n\n## Why is this bad?\n"
        "Readers trust the numbers.\n\n## Example\nBad <sentence> | here.\n\n## Use instead\nGood sentence.\n"
    )
    return Rule(code=code, name=name, severity=severity, fn=None, doc=doc, family=name.split(".")[0])


# Fixed rules, so the goldens do not change when the registry grows.
RULES = (
    _rule("CC101", "identities.valuation", "error", "Valuation does not equal revenue times price-to-sales."),
    _rule("CC105", "identities.shares-total", "info", "Shares of one whole add up to more than 100%."),
    _rule("CC203", "changes.multiple-words", "error", "A multiple word disagrees with the numbers."),
    _rule("CC301", "rates.percent-vs-points", "warning", "Percent change of a rate reads two ways."),
    _rule("CC601", "facts.matches-fact", "info", "A figure matches a reference fact."),
    _rule("CC901", "inputs.unreadable", "error", "File could not be read."),
    _rule("CC902", "inputs.not-text", "error", "File is not UTF-8 text."),
)

HOSTILE_ARTICLE = """\
<script>window.__pwned = "script"; alert(1)</script> Revenue was $5 million.
<img src=x onerror="window.__pwned = 'img'; alert(2)"> It rose 40% to $7 million.
</script><script>window.__pwned = "close"</script> & \u2028 \u2029 done.
"""


def build_hostile() -> tuple[LintReport, dict[str, Document]]:
    """Return a report whose article and messages try to inject markup and script."""
    path = 'evil"<script>window.__pwned=1</script>.md'
    lines = HOSTILE_ARTICLE.splitlines()

    def pos(line: int, text: str) -> dict[str, int]:
        col = lines[line - 1].index(text) + 1
        return {"line": line, "col": col, "end_line": line, "end_col": col + len(text)}

    findings = [
        Finding(
            code="CC201", severity="error", status="fail",
            message='</script><script>window.__pwned = "message"</script> "$5 million" <img src=x onerror=alert(3)>',
            path=path, **pos(1, "<script>window.__pwned"),
            related=[
                FigureRef(text="<img src=x onerror=alert(4)>", role="</script><b>role</b>", **pos(2, "<img src=x")),
                FigureRef(text="$7 million", role="after", **pos(2, "$7 million")),
            ],
            computation=Computation(
                expression="<script>alert(5)</script>",
                summary='</script><script>window.__pwned = "summary"</script>',
                inputs=[ComputationInput(name="<i>x</i>", text="<img src=x onerror=alert(6)>")],
            ),
            suggestion="<a href=\"javascript:alert(7)\">click</a> \u2028",
        ),
        Finding(
            code="CC<b>9</b>", severity="warning", status="fail",
            message="Line with </script> and U+2028 \u2028 inside",
            path=path, **pos(3, "</script>"),
        ),
    ]
    report = LintReport(findings=sorted(findings, key=Finding.sort_key), files=1)
    return report, {path: plain_document(path, HOSTILE_ARTICLE, fmt="html")}
