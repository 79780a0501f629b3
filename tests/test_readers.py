"""Tests for the Markdown and HTML readers: prose, source positions, blocks, metadata."""

from __future__ import annotations

import bisect
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimcheck.document import Document
from claimcheck.errors import InputError
from claimcheck.readers import read_bytes
from claimcheck.readers.html import read_html
from claimcheck.readers.markdown import read_markdown


def assert_invariant(doc: Document) -> None:
    """Every verbatim prose character is the source character it maps to."""
    source, text = doc.source, doc.text
    for i, ch in enumerate(text):
        offset = doc.source_offset(i)
        assert 0 <= offset <= len(source)
        k = bisect.bisect_right(doc.seg_text, i) - 1
        if doc.seg_verbatim[k]:
            assert source[offset] == ch, (i, ch, offset, source[offset])
        line, col = doc.position(i)
        assert 1 <= line <= len(doc.line_starts)
        assert col >= 1
    for block in doc.blocks:
        assert 0 <= block.start <= block.end <= len(text)
    starts = [b.start for b in doc.blocks]
    assert starts == sorted(starts)


def where(source: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """Return the 1-based (line, col) of the `nth` occurrence of `needle` in `source`."""
    pos = -1
    for _ in range(nth + 1):
        pos = source.index(needle, pos + 1)
    line = source.count("\n", 0, pos) + 1
    return line, pos - (source.rfind("\n", 0, pos) + 1) + 1


def span_of(doc: Document, needle: str, nth: int = 0) -> tuple[int, int, int, int]:
    """Return the source span of the `nth` occurrence of `needle` in the prose."""
    pos = -1
    for _ in range(nth + 1):
        pos = doc.text.index(needle, pos + 1)
    return doc.span(pos, pos + len(needle))


def expect_span(source: str, needle: str, nth: int = 0) -> tuple[int, int, int, int]:
    line, col = where(source, needle, nth)
    return line, col, line, col + len(needle)


# -- Markdown -------------------------------------------------------------

MD_ARTICLE = """\
---
title: Acme quarterly results
date: 2024-05-02
author: Desk 7
---

# Acme lifts revenue *18.9%* in Q1

Acme Corp said **revenue** rose 18.9% to $4.2 billion,
while its __price-to-sales ratio__ reached 750 times.

## Three reasons

1. Cloud sales grew 41%.
2. Costs fell by $120 million.
   - Staff costs down 3%.
   - Rent down 2%.
3. A one-off gain of €35m.

> Analysts expected 15% growth.
> > Nested note: 2.5x the prior year.

| Segment | Revenue |
|---------|---------|
| Cloud   | $1.9bn  |
| Devices | $2.3bn  |

See [the 10-Q filing](https://example.com/filings/2024/q1-990.pdf "Filing 881") for *details*.
"""


def test_markdown_invariant_and_positions() -> None:
    doc = read_markdown(MD_ARTICLE, "a.md")
    assert doc.fmt == "markdown"
    assert_invariant(doc)
    for needle in ("18.9%", "$4.2 billion", "750 times", "41%", "$120 million", "3%", "2%",
                   "€35m", "15% growth", "2.5x", "$1.9bn", "$2.3bn", "the 10-Q filing"):
        nth = 1 if needle == "18.9%" else 0
        assert span_of(doc, needle, nth) == expect_span(MD_ARTICLE, needle, nth), needle
    # The heading's figure inside emphasis maps to its own place too.
    assert span_of(doc, "18.9%") == expect_span(MD_ARTICLE, "18.9%")


def test_markdown_markup_is_not_prose() -> None:
    doc = read_markdown(MD_ARTICLE, "a.md")
    for absent in ("990", "881", "https", "Desk 7", "title:", "**", "__", "|", "> >", "1. Cloud", "2. Costs"):
        assert absent not in doc.text, absent
    assert "Acme Corp said revenue rose 18.9% to $4.2 billion,\nwhile its price-to-sales ratio" in doc.text
    assert "See the 10-Q filing for details." in doc.text


def test_markdown_front_matter_meta() -> None:
    doc = read_markdown(MD_ARTICLE, "a.md")
    assert doc.meta["date"] == "2024-05-02"
    assert doc.meta["title"] == "Acme quarterly results"
    assert doc.meta["author"] == "Desk 7"


def test_markdown_title_from_first_heading() -> None:
    doc = read_markdown("Intro.\n\n## Sub\n\n# Main *title* 2024\n\n# Second\n", "a.md")
    assert doc.meta["title"] == "Main title 2024"
    assert "title" not in read_markdown("## Only a subheading\n", "a.md").meta


@pytest.mark.parametrize("front", [
    "---\ndate: [unclosed\n---\n",
    "---\ndate: 2023-02-30\n---\n",  # yaml raises ValueError for an impossible date
    "---\n- just\n- a list\n---\n",
    "---\n: :\n  - ]\n---\n",
])
def test_markdown_bad_front_matter_is_ignored(front: str) -> None:
    doc = read_markdown(front + "\nProfit rose 12%.\n", "a.md")
    assert "date" not in doc.meta
    assert doc.text == "Profit rose 12%."
    assert_invariant(doc)


def test_markdown_blocks_lists_headings() -> None:
    doc = read_markdown(MD_ARTICLE, "a.md")
    headings = [(b.level, doc.text[b.start:b.end]) for b in doc.blocks if b.kind == "heading"]
    assert headings == [(1, "Acme lifts revenue 18.9% in Q1"), (2, "Three reasons")]
    items = [b for b in doc.blocks if b.kind == "list_item"]
    outer = [b for b in items if b.depth == 1]
    inner = [b for b in items if b.depth == 2]
    assert [doc.text[b.start:b.end] for b in outer] == [
        "Cloud sales grew 41%.", "Costs fell by $120 million.", "A one-off gain of €35m."]
    assert [doc.text[b.start:b.end] for b in inner] == ["Staff costs down 3%.", "Rent down 2%."]
    assert len({b.list_id for b in outer}) == 1
    assert len({b.list_id for b in inner}) == 1
    assert outer[0].list_id != inner[0].list_id
    assert all(b.ordered for b in outer) and not any(b.ordered for b in inner)
    cells = [doc.text[b.start:b.end] for b in doc.blocks if b.kind == "table_cell"]
    assert cells == ["Segment", "Revenue", "Cloud", "$1.9bn", "Devices", "$2.3bn"]
    quotes = [(b.depth, doc.text[b.start:b.end]) for b in doc.blocks if b.kind == "paragraph" and b.depth]
    assert quotes == [(1, "Analysts expected 15% growth."), (2, "Nested note: 2.5x the prior year.")]


def test_markdown_blocks_do_not_touch() -> None:
    doc = read_markdown("First 10\n\nSecond 20\n\n- a 30\n- b 40\n", "a.md")
    assert doc.text == "First 10\n\nSecond 20\n\na 30\n\nb 40"
    assert [b.kind for b in doc.blocks] == ["paragraph", "paragraph", "list_item", "list_item"]


def test_markdown_loose_item_with_two_paragraphs_is_one_item() -> None:
    source = "Two reasons:\n\n1. Demand rose 9%.\n\n   It was broad.\n\n2. Prices rose 4%.\n"
    doc = read_markdown(source, "a.md")
    items = [doc.text[b.start:b.end] for b in doc.blocks if b.kind == "list_item"]
    assert items == ["Demand rose 9%.\n\nIt was broad.", "Prices rose 4%."]


def test_markdown_empty_item_still_counts() -> None:
    doc = read_markdown("- one\n-\n- three\n", "a.md")
    assert sum(b.kind == "list_item" for b in doc.blocks) == 3


def test_markdown_ordered_marker_not_prose() -> None:
    source = "1. 1 share\n2. 2 shares\n10. 10 shares\n"
    doc = read_markdown(source, "a.md")
    assert doc.text == "1 share\n\n2 shares\n\n10 shares"
    assert span_of(doc, "10 shares") == expect_span(source, "10 shares")
    assert span_of(doc, "2 shares") == expect_span(source, "2 shares")
    assert span_of(doc, "1 share") == expect_span(source, "1 share")


def test_markdown_code_is_not_prose() -> None:
    source = (
        "Intro 1.\n\n```python\nrevenue = 4321\n```\n\n    indented 5678\n\n"
        "Use `rate = 0.94` and ``x `9` y`` here, then 77%.\n"
    )
    doc = read_markdown(source, "a.md")
    for absent in ("4321", "5678", "0.94", "9"):
        assert absent not in doc.text
    assert "Use  and  here, then 77%." in doc.text
    assert span_of(doc, "77%") == expect_span(source, "77%")
    assert_invariant(doc)


def test_markdown_links_images_autolinks() -> None:
    source = (
        "Read [report 2024](http://x.com/555 'title 666') and [ref 12][r1], [13] too,\n"
        "<https://example.com/777> or ![chart 888](img/999.png) then 14%.\n\n"
        "[r1]: http://x.com/111\n[13]: http://x.com/222\n"
    )
    doc = read_markdown(source, "a.md")
    for absent in ("555", "666", "777", "888", "999", "111", "222"):
        assert absent not in doc.text
    assert span_of(doc, "report 2024") == expect_span(source, "report 2024")
    assert span_of(doc, "ref 12") == expect_span(source, "ref 12")
    assert span_of(doc, "13") == expect_span(source, "13")
    assert span_of(doc, "14%") == expect_span(source, "14%")
    assert_invariant(doc)


def test_markdown_escapes_and_entities() -> None:
    source = "Shares \\*rose\\* 5% &amp; fees &#36;3 &nbsp;cut; 2 \\\\ 3.\n"
    doc = read_markdown(source, "a.md")
    assert doc.text == "Shares *rose* 5% & fees $3 \xa0cut; 2 \\ 3."
    assert_invariant(doc)
    assert span_of(doc, "5%") == expect_span(source, "5%")
    # A decoded entity maps to the entity's first character.
    assert doc.position(doc.text.index("$")) == where(source, "&#36;")
    assert doc.position(doc.text.index("&")) == where(source, "&amp;")
    assert doc.position(doc.text.index("*")) == where(source, "*")


def test_markdown_html_comments_and_raw_html() -> None:
    source = (
        "<!-- claimcheck: ignore CC301 -->\n\n"
        "<div>\nraw 4444\n</div>\n\n"
        "Profit <span class=\"x\">rose</span> 9% <!-- claimcheck: ignore CC201 --> today.\n"
    )
    doc = read_markdown(source, "a.md")
    assert "4444" not in doc.text and "CC301" not in doc.text and "CC201" not in doc.text
    assert doc.comments == [
        (1, 1, " claimcheck: ignore CC301 "),
        (*where(source, "<!-- claimcheck: ignore CC201"), " claimcheck: ignore CC201 "),
    ]
    assert "Profit rose 9%  today." in doc.text
    assert_invariant(doc)


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_markdown_line_endings(newline: str) -> None:
    source = MD_ARTICLE.replace("\n", newline)
    doc = read_markdown(source, "a.md")
    assert_invariant(doc)
    lf = read_markdown(MD_ARTICLE, "a.md")
    assert doc.text == lf.text
    assert [doc.position(i) for i in range(len(doc.text))] == [lf.position(i) for i in range(len(lf.text))]


def test_markdown_softbreak_maps_to_newline() -> None:
    source = "Revenue rose 4%\r\nto $9bn.\r\n"
    doc = read_markdown(source, "a.md")
    i = doc.text.index("\n")
    assert doc.position(i) == (1, 16)  # just after the line, not on the "\r" column
    assert span_of(doc, "$9bn") == (2, 4, 2, 8)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab \r\n\0\t\u2028", max_size=40))
def test_markdown_source_is_normalised_as_markdown_it_would(source: str) -> None:
    # The reader turns markdown-it's "normalize" rule off because it hands
    # over text already normalised the same way; both texts' line starts.
    from markdown_it.rules_core.normalize import NEWLINES_RE, NULL_RE

    from claimcheck.readers.markdown import _Source

    src = _Source(source)
    assert src.norm == NULL_RE.sub("\ufffd", NEWLINES_RE.sub("\n", source))
    assert src.orig_starts == [0, *(m.end() for m in NEWLINES_RE.finditer(source))]
    assert src.norm_starts == [0, *(m.end() for m in NEWLINES_RE.finditer(src.norm))]


def test_markdown_nul_and_odd_characters() -> None:
    doc = read_markdown("Cash \x00 rose 3%\rthen\u2028 7%.", "a.md")
    assert "3%" in doc.text and "7%" in doc.text
    assert_invariant(doc)


def test_markdown_table_with_escaped_pipe() -> None:
    source = "| a | b |\n|---|---|\n| 1 \\| 2 | 30% |\n"
    doc = read_markdown(source, "a.md")
    cells = [doc.text[b.start:b.end] for b in doc.blocks if b.kind == "table_cell"]
    assert cells == ["a", "b", "1 | 2", "30%"]
    assert span_of(doc, "30%") == expect_span(source, "30%")
    assert_invariant(doc)


def test_markdown_heading_forms() -> None:
    source = "### Growth of 7% ###\n\nSetext 8%\nover two\n---------\n"
    doc = read_markdown(source, "a.md")
    levels = [(b.level, doc.text[b.start:b.end]) for b in doc.blocks]
    assert levels == [(3, "Growth of 7%"), (2, "Setext 8%\nover two")]
    assert span_of(doc, "7%") == expect_span(source, "7%")
    assert span_of(doc, "8%") == expect_span(source, "8%")


@pytest.mark.parametrize(("source", "offsets"), [
    ("[1](http://1) 1", [1, 14]),
    ("![5%](a.png) 5%", [13]),
    ('<span title="5%">5%</span>', [17]),
    ("`5%` 5%", [5]),
    ("<http://a.com/5> 5", [17]),
    ("a 1\\\nb 2", [2, 7]),
    ("-\t1 tab\n-\t2 tab", [2, 10]),
    ("> - 1 q\n>   - 2 q", [4, 14]),
    ("[a [b] 1](u 'x') 1", [7, 17]),
    ("[*1*](u) *1*", [2, 10]),
    ("**1** 1 __1__", [2, 6, 10]),
    ("x <!--\n1 -->1", [12]),
    ("[![7](i)](u) 7", [13]),
    ("Lazy\n> 1\ncontinuation 1", [7, 22]),
    ("1) 1\n2) 2", [3, 8]),
    ("  # 5 #  \n", [4]),
    ("\\5 5 \\$6", [1, 3, 7]),
    ("[x 1][ref] 2\n\n[ref]: http://x/3 '4'\n", [3, 11]),
])
def test_markdown_digits_map_to_their_source(source: str, offsets: list[int]) -> None:
    doc = read_markdown(source, "a.md")
    found = [doc.source_offset(i) for i, ch in enumerate(doc.text) if ch.isdigit()]
    assert found == offsets
    assert_invariant(doc)


def test_markdown_empty_and_blank() -> None:
    for source in ("", "\n\n", "   ", "---\n---\n", "```\n"):
        doc = read_markdown(source, "a.md")
        assert doc.text.strip() == ""
        assert_invariant(doc)


# -- HTML -----------------------------------------------------------------

HTML_ARTICLE = """\
<!DOCTYPE html>
<html lang="en">
<head>
  <title>Acme &amp; Co results 2024</title>
  <meta name="description" content="Revenue 99">
  <meta property="article:published_time" content="2024-05-02T08:00:00Z">
  <style>p { margin: 4242px }</style>
  <script>var views = 31337;</script>
</head>
<body>
<header><nav><a href="/">Home 1111</a></nav></header>
<main><article>
<h1>Acme lifts revenue 18.9%</h1>
<p class="lede"
   data-x="multi
line 2222">Revenue rose <b>18.9%</b> to &#36;4.2&nbsp;billion, up from
<a href="/q/3333">$3.5&nbsp;billion</a> &amp; margins hit 12%.</p>
<p>Three reasons:</p>
<ol>
  <li>Cloud grew 41%
    <ul><li>Europe 7%</li><li>Asia 9%</li></ul>
  </li>
  <li><p>Costs fell $120m.</p></li>
  <li>A gain of &euro;35m.
</ol>
<pre>table 5555</pre>
<p>Use <code>x = 6666</code> only.</p>
<table><tr><th>Segment<th>Revenue</tr><tr><td>Cloud<td>$1.9bn</tr></table>
<!-- claimcheck: ignore CC301 -->
<time datetime="2024-05-01">May 1</time>
</article></main>
<aside>Related: 7777</aside>
<footer>&copy; 8888</footer>
</body>
</html>
"""


def test_html_invariant_and_positions() -> None:
    doc = read_html(HTML_ARTICLE, "a.html")
    assert doc.fmt == "html"
    assert_invariant(doc)
    assert span_of(doc, "18.9%") == expect_span(HTML_ARTICLE, "18.9%")
    assert span_of(doc, "18.9%", 1) == expect_span(HTML_ARTICLE, "18.9%", 1)
    for needle in ("12%", "41%", "7%", "9%", "$120m", "$1.9bn", "Revenue rose"):
        assert span_of(doc, needle) == expect_span(HTML_ARTICLE, needle), needle
    # "$4.2\xa0billion": "$" and "\xa0" are entities mapped to their first character.
    i = doc.text.index("$4.2")
    assert doc.position(i) == where(HTML_ARTICLE, "&#36;")
    assert doc.position(i + 1) == where(HTML_ARTICLE, "4.2")
    assert doc.position(i + 4) == where(HTML_ARTICLE, "&nbsp;")


def test_html_dropped_content() -> None:
    doc = read_html(HTML_ARTICLE, "a.html")
    for absent in ("4242", "31337", "1111", "2222", "3333", "5555", "6666", "7777", "8888", "99", "CC301"):
        assert absent not in doc.text, absent
    assert "Revenue rose 18.9% to $4.2\xa0billion, up from\n$3.5\xa0billion & margins hit 12%." in doc.text
    assert "Use  only." in doc.text


def test_html_meta() -> None:
    doc = read_html(HTML_ARTICLE, "a.html")
    assert doc.meta["title"] == "Acme & Co results 2024"
    assert doc.meta["date"] == "2024-05-02T08:00:00Z"
    assert doc.meta["description"] == "Revenue 99"
    assert doc.meta["lang"] == "en"
    doc = read_html("<p>x</p><time datetime='2023-01-09'>9 Jan</time>", "b.html")
    assert doc.meta["date"] == "2023-01-09"
    doc = read_html("<title>Page 1</title><svg><title>icon 2</title></svg><title>late 3</title>", "c.html")
    assert doc.meta["title"] == "Page 1"
    doc = read_html("<body><svg><title>icon 2</title></svg><p>x</p>", "d.html")
    assert "title" not in doc.meta


def test_html_comments() -> None:
    doc = read_html(HTML_ARTICLE, "a.html")
    assert doc.comments == [(*where(HTML_ARTICLE, "<!-- claimcheck"), " claimcheck: ignore CC301 ")]


def test_html_blocks() -> None:
    doc = read_html(HTML_ARTICLE, "a.html")
    headings = [(b.level, doc.text[b.start:b.end]) for b in doc.blocks if b.kind == "heading"]
    assert headings == [(1, "Acme lifts revenue 18.9%")]
    items = [b for b in doc.blocks if b.kind == "list_item"]
    outer = [doc.text[b.start:b.end].strip() for b in items if b.depth == 1]
    inner = [doc.text[b.start:b.end] for b in items if b.depth == 2]
    assert outer == ["Cloud grew 41%", "Costs fell $120m.", "A gain of €35m."]
    assert inner == ["Europe 7%", "Asia 9%"]
    assert all(b.ordered for b in items if b.depth == 1)
    assert not any(b.ordered for b in items if b.depth == 2)
    assert len({b.list_id for b in items}) == 2
    cells = [doc.text[b.start:b.end] for b in doc.blocks if b.kind == "table_cell"]
    assert cells == ["Segment", "Revenue", "Cloud", "$1.9bn"]


def test_html_blocks_are_separated() -> None:
    doc = read_html("<div>1<div>2</div>3</div><p>4<br>5</p><td>6</td><td>7</td>", "a.html")
    assert doc.text == "1\n\n2\n\n3\n\n4\n\n5\n\n6\n\n7"
    doc = read_html("<p>4<b>5</b><i>6</i></p>", "a.html")
    assert doc.text == "456"


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_html_line_endings(newline: str) -> None:
    source = HTML_ARTICLE.replace("\n", newline)
    doc = read_html(source, "a.html")
    assert_invariant(doc)
    lf = read_html(HTML_ARTICLE, "a.html")
    assert doc.text == lf.text
    assert [doc.position(i) for i in range(len(doc.text))] == [lf.position(i) for i in range(len(lf.text))]


def test_html_entities() -> None:
    source = "<p>A&amp;B &#36;5 &#x24;6 &euro;7 &nbsp;8 &bogus; AT&T &amp 9 &#99999999;</p>"
    doc = read_html(source, "a.html")
    assert doc.text == "A&B $5 $6 €7 \xa08 &bogus; AT&T & 9 \ufffd"
    assert_invariant(doc)
    assert doc.position(doc.text.index("€")) == where(source, "&euro;")
    assert span_of(doc, "&bogus;") == expect_span(source, "&bogus;")


def test_html_malformed() -> None:
    cases = [
        "<p>Revenue 5% <b>bold <i>both</b> 6%</p></div></span>",
        "<p>unclosed <a href='x>7% ",
        "<<<>>> & &# &#x; </ > <!-- open comment 8%",
        "<![CDATA[ 9 ]]> <?php echo 1; ?> <!DOCTYPE x> text 10%",
        "<![foo[ x ]]> unknown marked section 14%",
        "<![if !IE]> conditional 15% <![endif]>",
        "<table><td>1<td>2<tr><td>3",
        "<ul><li>a<li>b<li>c</ul>",
        "</p></li></ul>orphan 11%",
        "<script>never closed 12%",
        "<p>" + "<b>" * 500 + "deep 13%",
    ]
    for source in cases:
        doc = read_html(source, "a.html")
        assert_invariant(doc)
    doc = read_html("<ul><li>a<li>b<li>c</ul>", "a.html")
    assert [doc.text[b.start:b.end] for b in doc.blocks if b.kind == "list_item"] == ["a", "b", "c"]


@pytest.mark.parametrize(("source", "text"), [
    ('<p title="a > 1">Up 2%</p>', "Up 2%"),
    ("<p title='x'>A</p><P CLASS=\"y\">B</P>", "A\n\nB"),
    ("<p>A <!-- c > 3 --> B</p>", "A  B"),
    ("<p>A</p><!-- never closed <p>4%</p>", "A"),
    ("<p>A</p><!--> B", "A\n\nB"),
    ("<p>A <script>if (a<b && c>d) { x = '</p>5%' }</script> B</p>", "A \n\nB"),
    ("<p>A</p><SCRIPT>6%</SCRIPT >B", "A\n\nB"),
    ("<p>A</p><style>p>b{}</style><p>B", "A\n\nB"),
    ("<p>A </ x> B <! x> C <?pi 7?> D</p>", "A  B  C  D"),
    ("<p>A <a href='x>B", "A B"),  # an unbalanced quote: the tag ends at the next ">"
    ("<p>A <a href='x> B</a> 8%</p>", "A  B 8%"),
    ("<p>1 < 2 and 3 > 2</p>", "1 < 2 and 3 > 2"),
    ("a <b", "a <b"),
    ("<textarea><p>9%</p></textarea><p>x</p>", "x"),
    ("<p>A<br/>B<div/>C</p>", "A\n\nB\n\nC"),
    ("<xmp><b>10%</b></xmp>ok", "ok"),
])
def test_html_tokenizer(source: str, text: str) -> None:
    doc = read_html(source, "a.html")
    assert doc.text == text
    assert_invariant(doc)


def test_html_unclosed_comment_is_kept() -> None:
    doc = read_html("<p>A</p>\n<!-- claimcheck: ignore CC301", "a.html")
    assert doc.comments == [(2, 1, " claimcheck: ignore CC301")]


def test_html_deep_nesting_and_size() -> None:
    source = "<div>" * 10000 + "Revenue 5%" + "</div>" * 10000
    doc = read_html(source, "a.html")
    assert doc.text == "Revenue 5%"
    source = "<span>" * 10000 + "x 6%" + "<p>" * 10000 + "y 7%"
    doc = read_html(source, "a.html")
    assert "x 6%" in doc.text and "y 7%" in doc.text
    big = ("<p>Revenue rose <b>18.9%</b> to &#36;4.2&nbsp;billion in 2023.</p>\n" * 16000)[: 1 << 20]
    began = time.perf_counter()
    doc = read_html(big, "a.html")
    # Only a guard against quadratic behaviour: ~0.5 s on an idle machine, far more on a loaded CI box.
    assert time.perf_counter() - began < 15.0
    assert doc.text.count("18.9%") >= 15000


def test_markdown_size() -> None:
    big = ("Revenue rose **18.9%** to $4.2 billion in [2023](http://x).\n\n- item 5\n\n" * 3000)[: 1 << 18]
    began = time.perf_counter()
    doc = read_markdown(big, "a.md")
    # A guard against quadratic behaviour only: markdown-it-py itself parses about 1 MB/s.
    assert time.perf_counter() - began < 15.0
    assert doc.text.count("18.9%") >= 2900


def test_dispatch_by_extension() -> None:
    assert read_bytes(b"# Up 5%\n", "x.md").fmt == "markdown"
    assert read_bytes(b"<p>Up 5%</p>", "x.html").fmt == "html"
    assert read_bytes(b"<p>Up 5%</p>", "x.htm").text == "Up 5%"


def test_parser_failure_is_cc906(monkeypatch: pytest.MonkeyPatch) -> None:
    from claimcheck.readers import html as html_reader
    from claimcheck.readers import markdown as markdown_reader

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("tokenizer exploded")

    monkeypatch.setattr(html_reader._ProseReader, "start_tag", boom)
    with pytest.raises(InputError) as info:
        read_html("text\n  <p>Up 5%</p>", "a.html")
    assert info.value.code == "CC906" and info.value.path == "a.html"
    assert (info.value.line, info.value.col) == (2, 3)
    monkeypatch.setattr(markdown_reader._parser(), "parse", boom)
    with pytest.raises(InputError) as info:
        read_markdown("Up 5%", "a.md")
    assert info.value.code == "CC906"


# -- properties -------------------------------------------------------------

MARKUP = st.sampled_from([
    "*", "**", "_", "`", "``", "[", "]", "(", ")", "![", "<", ">", "&amp;", "&#36;", "&", "\\", "#", "# ",
    "> ", "- ", "1. ", "|", "---", "\n", "\r\n", "\r", "\n\n", "    ", "\t", "<!--", "-->", "```\n",
    "<b>", "</b>", "<p>", "</p>", "<li>", "<ul>", "<code>", "<script>", "</script>", "<a href='x'>",
    "&nbsp;", "http://x.com/1", "12.5%", "$4bn", " ", "\x00", "\u00e9", "\U0001f600", "=", "\"",
])
ARBITRARY = st.lists(st.one_of(MARKUP, st.text(max_size=6)), max_size=40).map("".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ARBITRARY)
def test_markdown_never_raises_and_keeps_invariant(source: str) -> None:
    # CC906 is only for a failure inside markdown-it; none is known, so none is accepted here.
    doc = read_markdown(source, "h.md")
    assert_invariant(doc)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ARBITRARY)
def test_html_never_raises_and_keeps_invariant(source: str) -> None:
    try:
        doc = read_html(source, "h.html")
    except InputError as exc:
        assert exc.code == "CC906"
        return
    assert_invariant(doc)
