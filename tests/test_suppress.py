"""Tests for inline suppressions: ignore (end-of-line and next-line), disable/enable regions,
prefixes, plain-text markers and unused-suppression reporting (CC910)."""

from __future__ import annotations

import re

import pytest

from claimcheck.document import Document, plain_document
from claimcheck.models import Finding
from claimcheck.suppress import apply_suppressions, parse_directives

PATH = "a.md"


def finding(line: int, code: str = "CC301", col: int = 1, status: str = "fail", path: str = PATH) -> Finding:
    return Finding(code=code, severity="warning", status=status, message=f"{code} at {line}",
                   path=path, line=line, col=col)


def markdown(source: str) -> Document:
    """Return a Markdown document whose comments are found the way the reader reports them."""
    doc = plain_document(PATH, source, fmt="markdown")
    for m in re.finditer(r"<!--(.*?)-->", source, re.S):
        line, col = doc.source_position(m.start())
        doc.comments.append((line, col, m.group(1)))
    return doc


def codes_and_lines(findings: list[Finding]) -> list[tuple[str, int]]:
    return [(f.code, f.line) for f in findings]


# ------------------------------------------------------------------ ignore


def test_end_of_line_ignore_covers_its_own_line() -> None:
    doc = markdown(
        "Retention rose by 94%. <!-- claimcheck: ignore CC301 -->\n"
        "Margin rose by 5%.\n"
    )
    kept = apply_suppressions(doc, [finding(1), finding(2)])
    assert codes_and_lines(kept) == [("CC301", 2)]


def test_ignore_alone_covers_the_next_non_blank_line() -> None:
    doc = markdown(
        "Intro.\n"
        "<!-- claimcheck: ignore CC301 -->\n"
        "\n"
        "Retention rose by 94%.\n"
        "Margin rose by 5%.\n"
    )
    kept = apply_suppressions(doc, [finding(1), finding(2), finding(4), finding(5)])
    assert codes_and_lines(kept) == [("CC301", 1), ("CC301", 2), ("CC301", 5)]


def test_ignore_only_the_named_codes() -> None:
    doc = markdown("Revenue rose 94%. <!-- claimcheck: ignore CC301, CC502 -->\n")
    kept = apply_suppressions(doc, [finding(1, "CC301"), finding(1, "CC502"), finding(1, "CC101")])
    assert codes_and_lines(kept) == [("CC101", 1)]


def test_ignore_without_codes_or_with_all_covers_every_code() -> None:
    for directive in ("<!-- claimcheck: ignore -->", "<!-- claimcheck: ignore ALL -->"):
        doc = markdown(f"{directive}\nRevenue rose 94%.\n")
        assert apply_suppressions(doc, [finding(2, "CC301"), finding(2, "CC101")]) == []


def test_ignore_codes_are_prefixes_and_case_insensitive() -> None:
    doc = markdown("Revenue rose 94%. <!-- claimcheck: ignore cc3 -->\n")
    kept = apply_suppressions(doc, [finding(1, "CC301"), finding(1, "CC302"), finding(1, "CC401")])
    assert codes_and_lines(kept) == [("CC401", 1)]


def test_stacked_directives_skip_comment_only_lines() -> None:
    doc = markdown(
        "<!-- claimcheck: ignore CC301 -->\n"
        "<!-- claimcheck: ignore CC502 -->\n"
        "<!-- an editor's note -->\n"
        "Revenue rose 94%; it was stated twice.\n"
    )
    kept = apply_suppressions(doc, [finding(4, "CC301"), finding(4, "CC502")], report_unused=True)
    assert kept == []


def test_multi_line_comment_covers_the_line_after_it_ends() -> None:
    doc = markdown(
        "<!--\n"
        "claimcheck: ignore CC301 -- quoted from the filing\n"
        "-->\n"
        "Retention rose by 94%.\n"
    )
    assert apply_suppressions(doc, [finding(4)]) == []


def test_block_markers_are_not_prose() -> None:
    doc = markdown(
        "- <!-- claimcheck: ignore CC301 -->\n"
        "  Retention rose by 94%.\n"
        "> <p><!-- claimcheck: ignore CC101 --></p>\n"
        "> Revenue was $5m.\n"
    )
    assert apply_suppressions(doc, [finding(1, "CC301"), finding(2, "CC301"), finding(4, "CC101")]) == [
        finding(1, "CC301")
    ]


def test_reason_after_separator_is_not_a_code() -> None:
    doc = markdown("Revenue rose 94%. <!-- claimcheck: ignore CC301 ; the source says so -->\n")
    assert parse_directives(doc)[0].codes == ("CC301",)
    assert apply_suppressions(doc, [finding(1)], report_unused=True) == []


def test_related_lines_do_not_count() -> None:
    doc = markdown("<!-- claimcheck: ignore -->\nRevenue was RMB 700 million.\n\nValued at RMB 550 billion.\n")
    kept = apply_suppressions(doc, [finding(4, "CC101")])
    assert codes_and_lines(kept) == [("CC101", 4)]


def test_directive_at_end_of_file_covers_nothing() -> None:
    doc = markdown("Text.\n<!-- claimcheck: ignore -->\n\n")
    assert parse_directives(doc)[0].target is None
    kept = apply_suppressions(doc, [finding(1)], report_unused=True)
    assert codes_and_lines(kept) == [("CC301", 1), ("CC910", 2)]


def test_comment_that_is_not_a_directive_is_ignored() -> None:
    doc = markdown("<!-- remember claimcheck: ignore CC301 later -->\nRetention rose by 94%.\n")
    assert parse_directives(doc) == []
    assert len(apply_suppressions(doc, [finding(2)])) == 1


def test_directive_text_outside_comments_does_nothing_in_markdown() -> None:
    doc = markdown("Retention rose by 94%. claimcheck: ignore CC301\n")
    assert len(apply_suppressions(doc, [finding(1)])) == 1


# ------------------------------------------------------------------ regions


def test_disable_enable_region() -> None:
    doc = markdown(
        "Line one 5%.\n"                      # 1
        "<!-- claimcheck: disable CC5 -->\n"  # 2
        "Line three.\n"                       # 3
        "Line four.\n"                        # 4
        "<!-- claimcheck: enable -->\n"       # 5
        "Line six.\n"                         # 6
    )
    findings = [finding(n, "CC501") for n in (1, 3, 4, 6)] + [finding(3, "CC301")]
    kept = apply_suppressions(doc, findings)
    assert codes_and_lines(kept) == [("CC501", 1), ("CC301", 3), ("CC501", 6)]


def test_disable_without_enable_runs_to_the_end() -> None:
    doc = markdown("A.\n<!-- claimcheck: disable -->\nB.\n\nC.\n")
    kept = apply_suppressions(doc, [finding(1), finding(3, "CC101"), finding(5, "CC601")])
    assert codes_and_lines(kept) == [("CC301", 1)]


def test_enable_with_codes_closes_only_those_regions() -> None:
    doc = markdown(
        "<!-- claimcheck: disable CC3, CC501 -->\n"  # 1
        "A.\n"                                      # 2
        "<!-- claimcheck: enable CC5 -->\n"          # 3
        "B.\n"                                      # 4
        "<!-- claimcheck: enable CC3 -->\n"          # 5
        "C.\n"                                      # 6
    )
    findings = [finding(2, "CC301"), finding(2, "CC501"), finding(4, "CC301"), finding(4, "CC501"),
                finding(6, "CC301")]
    kept = apply_suppressions(doc, findings, report_unused=True)
    assert codes_and_lines(kept) == [("CC501", 4), ("CC301", 6)]


def test_enable_with_codes_does_not_close_disable_all() -> None:
    doc = markdown("<!-- claimcheck: disable -->\n<!-- claimcheck: enable CC3 -->\nA.\n")
    assert apply_suppressions(doc, [finding(3)]) == []


def test_many_regions_and_findings() -> None:
    lines = []
    for i in range(200):
        lines += ["<!-- claimcheck: disable CC1 -->", f"Sentence {i}.", "<!-- claimcheck: enable -->", "Free."]
    doc = markdown("\n".join(lines) + "\n")
    findings = [finding(n, "CC101") for n in range(1, len(lines) + 1)]
    kept = apply_suppressions(doc, findings, report_unused=True)
    # Lines from each disable to its enable are covered; the "Free." lines are not.
    assert [f.line for f in kept] == list(range(4, len(lines) + 1, 4))


# ------------------------------------------------------------------ plain text


def test_plain_text_markers() -> None:
    doc = plain_document("a.txt", (
        "Retention rose by 94%. [claimcheck: ignore CC301]\n"   # 1
        "# claimcheck: ignore CC502\n"                           # 2
        "\n"                                                     # 3
        "The fact was stated twice.\n"                           # 4
        "(claimcheck: disable CC1)\n"                            # 5
        "Revenue 5; valuation 9.\n"                              # 6
        "claimcheck: enable\n"                                   # 7
        "Revenue 5; valuation 9.\n"                              # 8
    ))
    findings = [finding(1, path="a.txt"), finding(4, "CC502", path="a.txt"),
                finding(6, "CC101", path="a.txt"), finding(8, "CC101", path="a.txt")]
    kept = apply_suppressions(doc, findings, report_unused=True)
    assert codes_and_lines(kept) == [("CC101", 8)]


def test_plain_text_marker_inside_html_comment() -> None:
    doc = plain_document("a.txt", "Rate rose 94%. <!-- claimcheck: ignore CC301 -->\n")
    assert parse_directives(doc)[0].codes == ("CC301",)
    assert apply_suppressions(doc, [finding(1, path="a.txt")]) == []


def test_plain_text_column_of_marker() -> None:
    doc = plain_document("a.txt", "Rate rose 94%. [claimcheck: ignore CC999]\n")
    unused = apply_suppressions(doc, [], report_unused=True)
    assert [(f.code, f.line, f.col) for f in unused] == [("CC910", 1, 17)]


# ------------------------------------------------------------------ unused


def test_unused_suppressions_are_reported() -> None:
    doc = markdown(
        "Revenue rose 94%. <!-- claimcheck: ignore CC301, CC502 -->\n"  # CC502 unused
        "<!-- claimcheck: ignore -->\n"                                  # nothing on line 3
        "Nothing wrong here.\n"
        "  <!-- claimcheck: disable CC6 -->\n"                           # unused region
        "<!-- claimcheck: enable -->\n"
        "Rate 3%. <!-- claimcheck: ignore XX1 -->\n"                     # unknown code
    )
    kept = apply_suppressions(doc, [finding(1, "CC301"), finding(6, "CC301")], report_unused=True)
    unused = [f for f in kept if f.code == "CC910"]
    assert [(f.line, f.col, f.message) for f in unused] == [
        (1, 19, "unused suppression 'ignore CC502'"),
        (2, 1, "unused suppression 'ignore'"),
        (4, 3, "unused suppression 'disable CC6'"),
        (6, 10, "unused suppression 'ignore XX1'"),
    ]
    assert all(f.severity == "warning" and f.status == "fail" for f in unused)
    assert all(f.rule == "inputs.unused-suppression" and f.path == PATH for f in unused)
    assert ("CC301", 6) in codes_and_lines(kept)
    assert kept == sorted(kept, key=Finding.sort_key)


def test_unused_not_reported_unless_asked() -> None:
    doc = markdown("<!-- claimcheck: ignore CC301 -->\nText.\n")
    assert apply_suppressions(doc, []) == []


def test_a_suppression_hiding_only_passed_checks_is_unused() -> None:
    doc = markdown("Revenue rose 94%. <!-- claimcheck: ignore CC301 -->\n")
    kept = apply_suppressions(doc, [finding(1, status="pass")], report_unused=True)
    assert codes_and_lines(kept) == [("CC910", 1)]


def test_findings_of_other_files_and_cc910_pass_through() -> None:
    doc = markdown("<!-- claimcheck: ignore -->\nText.\n")
    other = finding(2, path="b.md")
    own_cc910 = finding(2, "CC910")
    kept = apply_suppressions(doc, [other, own_cc910, finding(2)])
    assert kept == [own_cc910, other]


def test_output_is_sorted_and_stable() -> None:
    doc = markdown("A.\nB.\n")
    findings = [finding(2, "CC101", col=3), finding(1, "CC301"), finding(2, "CC101", col=1)]
    once = apply_suppressions(doc, findings, report_unused=True)
    assert once == sorted(findings, key=Finding.sort_key)
    assert apply_suppressions(doc, once, report_unused=True) == once


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_no_comments_no_change(fmt: str) -> None:
    doc = plain_document("a", "claimcheck: ignore\nA.\n", fmt=fmt)
    assert apply_suppressions(doc, [finding(2, path="a")]) == [finding(2, path="a")]


def test_with_the_markdown_reader() -> None:
    import claimcheck.readers as readers
    source = (
        "# Title\n"
        "\n"
        "Retention rose by 94%. <!-- claimcheck: ignore CC301 -->\n"
        "\n"
        "```\n"
        "<!-- claimcheck: ignore -->\n"
        "```\n"
        "Margin rose by 5%.\n"
    )
    doc = readers.parse(source, PATH, "markdown")
    assert doc.comments, "the Markdown reader must collect comments"
    kept = apply_suppressions(doc, [finding(3), finding(8)], report_unused=True)
    assert codes_and_lines(kept) == [("CC301", 8)]


def test_with_the_html_reader() -> None:
    import claimcheck.readers as readers
    source = (
        "<html><body>\n"
        "<p>Retention rose by 94%. <!-- claimcheck: ignore CC301 --></p>\n"
        "<!-- claimcheck: ignore -->\n"
        "<p>Margin rose by 5%.</p>\n"
        "<p>Revenue was $5m.</p>\n"
        "</body></html>\n"
    )
    doc = readers.parse(source, "a.html", "html")
    assert doc.comments, "the HTML reader must collect comments"
    findings = [finding(2, path="a.html"), finding(4, "CC101", path="a.html"), finding(5, path="a.html")]
    kept = apply_suppressions(doc, findings, report_unused=True)
    assert codes_and_lines(kept) == [("CC301", 5)]
