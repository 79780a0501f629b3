"""Repetition family (CC5xx): one fact stated twice, enumeration counts, dates and ages.

CC501 compares the statements of one fact (entity, metric, period and
qualifiers, through `facts_index`) and flags values whose intervals do not
overlap. CC502 counts the items of the list or headings that follow "three
reasons:" and similar. CC503 checks durations between stated dates ("in just
14 months", "a year later"), ages and anniversaries against a founding year,
and "last year" / "this year" against the article's date.
"""

from __future__ import annotations

import bisect
import re
from datetime import date

from claimcheck import arith
from claimcheck.interpret import Reading, contains_any
from claimcheck.interpret.dates import ArticleDate
from claimcheck.models import Computation, FigureRef
from claimcheck.rules.context import Context, finding, grade, operand, readings_of, ref
from claimcheck.rules.facts_index import build_index
from claimcheck.rules.registry import rule

SCALE_FACTORS = (1e3, 1e-3)


def _label(ctx: Context, metric: str | None) -> str:
    m = ctx.packs.metrics.get(metric) if metric else None
    return (getattr(m, "label", None) or (metric or "figure")).replace("_", " ")


@rule(code="CC501", name="repetition.conflicting-repeat", severity="error")
def conflicting_repeat(ctx: Context):
    """The same fact is stated twice with values that cannot both be true.

    ## What it does
    Files every plain level (not a change amount, not a from/to of a change,
    not a part or share) under its fact: entity, metric, period (year,
    "forecast", "a few weeks ago"…) and the words that narrow it ("Series B",
    "monthly", "cloud revenue", "in March"). Statements of one fact in
    different sentences are compared with their rounding intervals; values
    that cannot overlap are reported. Different facts that share a number or a
    word — a "$500 million surge in valuation" and a "$500 million funding
    round", a valuation "a few weeks ago" and one now, figures of different
    years — are never compared. Values 1,000 times apart are left to CC403 and
    values in two currencies to CC401.

    ## Why is this bad?
    Readers notice when the round is $512 million in one paragraph and $634
    million in another; at least one of them is wrong.

    ## Example
    Acme raised $512 million in its Series C, led by Summit Partners.
    According to a filing, Acme's Series C brought in $634 million.

    ## Use instead
    Acme raised $512 million in its Series C, led by Summit Partners.
    According to a filing, Acme's Series C brought in $512 million.
    """
    index = build_index(ctx.interp, ctx.packs, ctx.article_date())
    show_passed = ctx.options.show_passed
    plain = ctx.plain_intervals
    kinds = ctx.interp.kinds
    for key, group in index.groups.items():
        if len(group) < 2:
            continue
        # unit class -> [first statement, its interval, (its operand, its reference, its interval text) once cited]
        firsts: dict[str | None, list] = {}
        label = what = None
        for r in group:
            f = r.figure
            uc = "count" if kinds[r.index] in ("count", "number") else f.unit  # counts and bare numbers compare
            found = firsts.get(uc)
            if found is None:
                firsts[uc] = [r, ctx.interval(r), None]
                continue
            first, a_iv, cited = found
            if first.sentence == r.sentence:
                continue  # two figures of one sentence are two items, not one fact twice
            if plain:
                low, high = f.low, f.high
                if not show_passed and a_iv[0] <= high and low <= a_iv[1]:
                    continue  # NOTE: `arith.overlaps` of the interval, inline for the restatements not shown
                b_iv = (low, high)
            else:
                b_iv = ctx.interval(r)
            overlap = arith.overlaps(a_iv, b_iv)
            if overlap and not show_passed:
                continue  # NOTE: passes are only built when shown; long articles repeat many facts
            if not overlap and _scale_slip(a_iv, b_iv):
                continue  # a scale slip: CC403 reports it
            fa, fb = first.figure, r.figure
            if cited is None:
                # NOTE: built once per first statement, which many later ones are compared with;
                # the models are frozen, so findings can share them.
                cited = found[2] = (operand("first", first, a_iv), ref(first, "first statement"),
                                    arith.interval_text(a_iv, fa.unit))
            first_input, first_ref, first_text = cited
            inputs = [first_input, operand("later", r, b_iv)]
            if label is None:
                label, what = _label(ctx, key.metric), key.label()
            if overlap:
                yield finding(
                    ctx, conflicting_repeat.rule, r, f"'{fb.text}' restates '{fa.text}' ({label})",
                    status="pass", severity="info", related=[first_ref],
                    computation=Computation(
                        expression="first = later", inputs=inputs, result=fa.value, stated=fb.value,
                        verdict="consistent",
                        summary=f"{what}: {first_text} and {arith.interval_text(b_iv, fb.unit)} overlap"),
                )
                continue
            verdict, gap = grade(a_iv, b_iv, fb.value)
            diff = arith.relative_difference(fb.value, fa.value)
            yield finding(
                ctx, conflicting_repeat.rule, r,
                f"'{fb.text}' contradicts '{fa.text}' stated earlier for the same {label}",
                status="fail", severity=ctx.severity("CC501", verdict), related=[first_ref],
                computation=Computation(
                    expression="first = later", inputs=inputs, result=fa.value, result_low=a_iv[0],
                    result_high=a_iv[1], stated=fb.value, stated_low=b_iv[0], stated_high=b_iv[1],
                    difference=diff, verdict="inconsistent",
                    summary=f"{what}: first {fa.text} ({first_text}, line {fa.line}), "
                            f"later {fb.text} ({arith.interval_text(b_iv, fb.unit)}, line {fb.line}); "
                            f"difference {arith.percent_text(diff)}"),
                suggestion=f"Use one value for the {label} throughout, or say what changed between the two.",
            )


def _scale_slip(a_iv: tuple[float, float], b_iv: tuple[float, float]) -> bool:
    """Return True when `b_iv` overlaps `a_iv` multiplied or divided by 1,000."""
    for k in SCALE_FACTORS:
        if arith.overlaps((a_iv[0] * k, a_iv[1] * k), b_iv):
            return True
    return False


# --------------------------------------------------------------------------
# CC502 enumerations

NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "a couple of": 2, "a dozen": 12,
}
ENUMERATION_NOUNS = frozenset(
    """reasons challenges ways steps things factors lessons risks questions points tips ideas trends areas goals
    priorities problems issues takeaways principles pillars rules options changes features benefits advantages
    disadvantages drivers strategies mistakes signs categories types stages phases parts sections pieces
    takeaways measures actions obstacles hurdles threats opportunities concerns components elements markets
    products segments players companies criteria conditions scenarios principles recommendations findings
    priorities sectors pillars moves bets questions areas""".split()
)
_ANNOUNCES = re.compile(r"(?::\s*$|\bfollowing\b|\bas follows\b|\bbelow\b)")
_LIST_LINE = re.compile(r"^([ \t]*)(?:[-*•–]|\d{1,2}[.)]|\(?[a-z]\))[ \t]+\S", re.M)
_NUMBERED_HEADING = re.compile(
    r"^\s*(?:\d{1,2}[.):]|#\d|\(?\d{1,2}\)|(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\b|"
    r"(?:reason|step|challenge|lesson|part|chapter|number)\s+\w+)", re.I)
MAX_ENUMERATION = 20
_COUNTS = frozenset({"count", "number"})


class _BlockFinder:
    """Find the block that holds a text offset, in O(log n)."""

    def __init__(self, blocks) -> None:
        self.blocks = [b for b in blocks if b.end > b.start or b.kind == "list_item"]
        self.starts = [b.start for b in self.blocks]

    def at(self, pos: int) -> int | None:
        k = bisect.bisect_right(self.starts, pos) - 1
        while k >= 0 and self.blocks[k].start <= pos:
            if pos < self.blocks[k].end:
                return k
            k -= 1
            if k >= 0 and self.blocks[k].end <= pos:
                break
        return None


def _items_after(ctx: Context, finder: _BlockFinder, k: int):
    """Return (items, how) for the list or headings right after block `k`: items as (start, end) spans."""
    blocks = finder.blocks
    intro = blocks[k]
    if k + 1 >= len(blocks):
        return [], ""
    nxt = blocks[k + 1]
    items: list[tuple[int, int]] = []
    if nxt.kind == "list_item" and (intro.kind != "list_item" or nxt.depth > intro.depth):
        list_id, depth = nxt.list_id, nxt.depth
        base = intro.depth if intro.kind != "list_item" else 0
        # NOTE: indices, not `blocks[k + 1:]`: copying the rest of the document for
        # every count made the rule quadratic in the number of blocks.
        for j in range(k + 1, len(blocks)):
            b = blocks[j]
            if b.kind == "list_item" and b.list_id == list_id:
                items.append((b.start, b.end))
            elif b.kind == "list_item" and b.depth > depth:
                continue  # a nested list: its items belong to an item
            elif b.kind not in ("list_item", "heading") and b.depth > base and intro.kind != "list_item":
                continue  # a paragraph inside an item
            else:
                break
        return items, "numbered list" if nxt.ordered else "bulleted list"
    if nxt.kind == "heading":
        level = nxt.level
        section = None
        for j in range(k, -1, -1):
            b = blocks[j]
            if b.kind == "heading" and b is not intro:
                section = b.level
                break
        if section is not None and level <= section:
            return [], ""
        text = ctx.interp.doc.text
        numbered = bool(_NUMBERED_HEADING.match(text[nxt.start:nxt.end]))
        for j in range(k + 1, len(blocks)):
            b = blocks[j]
            if b.kind != "heading":
                continue
            if b.level < level:
                break
            if b.level > level:
                continue
            if numbered and not _NUMBERED_HEADING.match(text[b.start:b.end]):
                break
            items.append((b.start, b.end))
        return items, "headings"
    return [], ""


def _text_items(text: str, start: int, blocks, k: int) -> list[tuple[int, int]]:
    """Return the marker lines ("- ", "1. ") that follow `start` in plain text, outermost level only."""
    items: list[tuple[int, int]] = []
    indent = None
    region_blocks = [(start, blocks[k].end)] + [(b.start, b.end) for b in blocks[k + 1:k + 1 + MAX_ENUMERATION * 2]]
    for n, (s, e) in enumerate(region_blocks):
        chunk = text[s:e]
        lines = chunk.split("\n")
        pos = s
        started_block = False
        for line in lines:
            if not line.strip():
                pos += len(line) + 1
                continue
            m = _LIST_LINE.match(line)
            if m is None:
                if not started_block and n > 0:
                    return items  # a block that does not open with an item ends the list
                if line[:1] not in (" ", "\t") and items and n == 0:
                    return items
                pos += len(line) + 1
                started_block = True
                continue
            started_block = True
            width = len(m.group(1).expandtabs(4))
            if indent is None:
                indent = width
            if width == indent:
                items.append((pos + len(m.group(1)), pos + len(line)))
            elif width < indent:
                return items
            pos += len(line) + 1
        if n == 0 and not items and k + 1 < len(blocks):
            continue
    return items


def _block_ref(ctx: Context, span: tuple[int, int], role: str) -> FigureRef:
    doc = ctx.interp.doc
    line, col, end_line, end_col = doc.span(*span)
    text = " ".join(doc.text[span[0]:span[1]].split())
    return FigureRef(text=text[:60] + ("…" if len(text) > 60 else ""), line=line, col=col, end_line=end_line,
                     end_col=end_col, role=role)


def _announced(ctx: Context, r: Reading) -> tuple[int, str] | None:
    """Return (count, noun) when figure `r` announces an enumeration ("two main reasons:"), else None."""
    f = r.figure
    if f.kind not in ("count", "number") or f.hedge or f.value != int(f.value) or not 2 <= f.value <= MAX_ENUMERATION:
        return None
    if any(c in f.text for c in ".,%$") or len(f.text) > 12:
        return None
    text = ctx.interp.doc.text
    s, e = ctx.interp.sentences[r.sentence]
    tail = text[f.end:e].lower()
    m = re.match(r"\s+(?:(?:main|key|major|big|biggest|primary|principal|important|core|basic|simple|"
                 r"new|other|broad|distinct|separate|crucial|critical|common|practical|essential|"
                 r"[a-z]+-[a-z]+)\s+){0,2}([a-z]+s)\b", tail)
    noun = f.noun.lower().split()[-1] if f.noun else (m.group(1) if m else None)
    if noun is None:
        return None
    line_end = text.find("\n", f.end, e)
    announces = (bool(_ANNOUNCES.search(text[s:e].lower())) or text[e - 1:e] == ":"
                 or (line_end >= 0 and text[line_end - 1:line_end] == ":"))
    if not announces and noun not in ENUMERATION_NOUNS:
        return None
    return int(f.value), noun


@rule(code="CC502", name="repetition.enumeration-count", severity="warning")
def enumeration_count(ctx: Context):
    """A stated count ("three main reasons:") does not match the items listed after it.

    ## What it does
    Finds a count that announces an enumeration — "two main reasons:", "three
    challenges", "the following four…", in digits or words — at the end of a
    paragraph, heading or list item, and counts the items of the numbered or
    bulleted list, or the run of headings, that follows it. Items of nested
    lists belong to their parent item and are not counted; the list ends where
    it ends. In plain text, lines starting with "-", "*", "•" or "1." are
    items.

    ## Why is this bad?
    "Three reasons" followed by four is a sign that an item was added or
    dropped in editing; readers notice and stop trusting the rest.

    ## Example
    Analysts give three reasons for the slowdown:

    - weaker demand
    - higher costs
    - new rivals
    - tighter credit

    ## Use instead
    Analysts give four reasons for the slowdown:

    - weaker demand
    - higher costs
    - new rivals
    - tighter credit
    """
    interp = ctx.interp
    doc = interp.doc
    if not doc.blocks:
        return
    finder = blocks = None
    for r in readings_of(interp, _COUNTS):  # NOTE: as `_announced` checks first: a table of amounts has no count
        announced = _announced(ctx, r)
        if announced is None:
            continue
        if finder is None:
            finder = _BlockFinder(doc.blocks)
            blocks = finder.blocks
        k = finder.at(r.figure.start)
        if k is None:
            continue
        s, e = interp.sentences[r.sentence]
        block = blocks[k]
        count, noun = announced
        if doc.fmt == "text":
            # In plain text the list may follow the count's line in the same paragraph.
            line_end = doc.text.find("\n", r.figure.end, block.end)
            if line_end < 0 or not _LIST_LINE.match(doc.text, line_end + 1):
                if doc.text[e:block.end].strip():
                    continue
                line_end = e
            items, how = _text_items(doc.text, line_end, blocks, k), "list"
        else:
            if doc.text[e:block.end].strip():
                continue  # the count must be in the last sentence before the list
            items, how = _items_after(ctx, finder, k)
        if not items:
            continue
        if len(items) == count and not ctx.options.show_passed:
            continue  # NOTE: passes are only built when shown
        f = r.figure
        related = [_block_ref(ctx, items[0], "first item"), _block_ref(ctx, items[-1], "last item")]
        first_line = related[0].line
        last_line = related[1].line
        summary = (f"'{f.text} {noun}' announces {count}; the {how} after it (lines {first_line}–{last_line}) "
                   f"counts {len(items)} item{'s' if len(items) != 1 else ''}")
        comp = Computation(expression="announced = items", result=float(len(items)), stated=float(count),
                           verdict="consistent" if len(items) == count else "inconsistent", summary=summary)
        if len(items) == count:
            yield finding(ctx, enumeration_count.rule, r, f"'{f.text} {noun}' matches the {len(items)} items listed",
                          status="pass", severity="info", related=related, computation=comp)
        else:
            yield finding(
                ctx, enumeration_count.rule, r,
                f"'{f.text} {noun}' is followed by {len(items)} item{'s' if len(items) != 1 else ''}",
                status="fail", severity=ctx.severity("CC502", "warning"), related=related, computation=comp,
                suggestion=f"Say '{_number_word(len(items))} {noun}', or list {count}.",
            )


def _number_word(n: int) -> str:
    words = {v: k for k, v in NUMBER_WORDS.items() if " " not in k}
    return words.get(n, str(n))


# --------------------------------------------------------------------------
# CC503 dates and ages

DAYS_PER_MONTH = 365.2425 / 12
_SPAN = re.compile(r"\b(?:from|between|since)\s+(?:\w+\s+){0,2}?\ue000(\d+)\ue001[^\ue000]{0,20}?"
                   r"\b(?:to|and|until|till|through|thru)\s+(?:\w+\s+){0,2}?\ue000(\d+)\ue001")
# Every match of `_SPAN` holds one of these, every match of `_FOUNDED` one of those.
_SPAN_WORDS = ("from", "between", "since")
_FOUNDED_WORDS = ("founded", "established", "started", "launched", "incorporated", "set up", "created", "formed",
                  "born", "opened", "began operating", "spun off")
_WORD_DURATION = re.compile(r"\b(a|one|a single|half a)\s+(year|month|decade|week)\b")
_LATER = re.compile(r"^\s*(?:later|afterwards|after that|on)\b")
_AGO = re.compile(r"^\s*ago\b")
_OLD = re.compile(r"-years?-old\b|\byears?\s+old\b")
_FOUNDED = re.compile(r"\b(?:founded|established|started|launched|incorporated|set up|created|formed|born|"
                      r"opened|began operating|spun off)\s+(?:[\w'’]+\s+){0,3}?(?:in|back in)\s+(?:\w+\s+)?"
                      r"\ue000(\d+)\ue001")
# An age that belongs to the founded organisation, not to a person or a rule in the same sentence.
_COMPANY_AGE = re.compile(
    r"-year-old\s+(?:[\w-]+\s+){0,2}?(?:company|firm|start-?up|business|group|brand|bank|lab|maker|developer|"
    r"platform|venture|outfit|unicorn|retailer|insurer|chain|app|organi[sz]ation|charity|newspaper|"
    r"magazine|manufacturer|producer|provider|operator|publisher|studio|institute|\w*maker)s?\b"
    r"|\b(?:it|company|firm|start-?up|business)\s+(?:is|was|turns|turned)\s+\S+\s+years?\s+old\b"
)
_ANNIVERSARY = re.compile(r"\b(\d{1,3})(?:st|nd|rd|th)\s+(?:anniversary|birthday)\b|\b(first|second|third|fourth|"
                          r"fifth|sixth|seventh|eighth|ninth|tenth|fifteenth|twentieth|twenty-fifth|thirtieth|"
                          r"fortieth|fiftieth|hundredth)\s+(?:anniversary|birthday)\b")
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
            "ninth": 9, "tenth": 10, "fifteenth": 15, "twentieth": 20, "twenty-fifth": 25, "thirtieth": 30,
            "fortieth": 40, "fiftieth": 50, "hundredth": 100}
_RELATIVE_YEAR = re.compile(r"\b(last|this|next|the previous|the coming|the past)\s+year\b")
RELATIVE_OFFSET = {"last": -1, "the previous": -1, "the past": -1, "this": 0, "next": 1, "the coming": 1}
# The figure kinds `_when` and `_duration_months` read.
_DATE_KINDS = frozenset({"year", "date", "duration"})
UNIT_MONTHS = {"year": 12.0, "month": 1.0, "week": 12 / 52.1775, "day": 1 / DAYS_PER_MONTH, "decade": 120.0}


def _when(r: Reading) -> tuple[str, float, float] | None:
    """Return (precision, low, high) of a date or year figure: ("year", y, y) or ("month"/"day", months)."""
    f = r.figure
    if f.kind == "year":
        return "year", f.value, f.value
    if f.kind == "date" and f.iso and not f.iso.startswith("-"):
        y, m = int(f.iso[:4]), int(f.iso[5:7])
        if len(f.iso) == 7:
            idx = y * 12 + m - 1
            return "month", float(idx), float(idx)
        d = date.fromisoformat(f.iso)
        months = (d.toordinal() - date(1, 1, 1).toordinal()) / DAYS_PER_MONTH
        return "day", months, months
    return None


def _span_between(a: tuple, b: tuple) -> tuple[float, tuple[float, float], tuple[float, float], str]:
    """Return (point, exact interval, loose interval, unit) of the time from `a` to `b` in months."""
    if a[0] == "year" or b[0] == "year":
        ya = a[1] if a[0] == "year" else _year_of(a)
        yb = b[1] if b[0] == "year" else _year_of(b)
        d = (yb - ya) * 12
        return d, (d, d), (d - 12, d + 12), "year"
    d = b[1] - a[1]
    if a[0] == "month" or b[0] == "month":
        return d, (d, d), (d - 1, d + 1), "month"
    return d, (d - 0.5, d + 0.5), (d - 0.5, d + 0.5), "day"


def _year_of(w: tuple) -> float:
    if w[0] == "month":
        return float(int(w[1]) // 12)
    return float(date.fromordinal(int(round(w[1] * DAYS_PER_MONTH)) + date(1, 1, 1).toordinal()).year)


def _duration_months(r: Reading) -> tuple[float, float, float] | None:
    """Return (value, low, high) of a duration figure in months, or None."""
    f = r.figure
    if f.kind != "duration" or f.unit not in UNIT_MONTHS:
        return None
    k = UNIT_MONTHS[f.unit]
    return f.value * k, f.low * k, f.high * k


def _months_text(m: float, unit: str) -> str:
    if unit == "year":
        return f"{arith.num(m / 12)} year{'s' if abs(m) != 12 else ''}"
    return f"{arith.num(m)} month{'s' if abs(m) != 1 else ''}"


@rule(code="CC503", name="repetition.dates-and-ages", severity="warning")
def dates_and_ages(ctx: Context):
    """A duration, age or relative year does not match the dates stated in the text.

    ## What it does
    Checks three kinds of date arithmetic:

    - a duration stated with its two ends: "in just 14 months, from March
      2024 to November 2025", or "a year later, in 2021" after the previous
      date of the story (2019);
    - an age or anniversary against a founding year and the article's date:
      "the five-year-old company, founded in 2019" in a piece dated 2026;
      "N years ago, in 2019";
    - "last year", "this year", "next year" next to an explicit year, against
      the article's date.

    The article's date comes from the front matter or HTML meta, a dateline,
    or `--date`; checks that need it are skipped without one. Years alone are
    read loosely: 2019 to 2021 is two years, but could be as little as one.

    ## Why is this bad?
    Date arithmetic is easy to check and often wrong after an edit moved a
    date or the piece was updated a year later.

    ## Example
    The company went from prototype to profit in just 14 months, from March 2024 to November 2025.

    ## Use instead
    The company went from prototype to profit in just 20 months, from March 2024 to November 2025.
    """
    interp = ctx.interp
    dated = ctx.article_date()
    # NOTE: only a sentence with a date, a year or a duration has anything to check;
    # the others behave as sentences without figures (a table of amounts has
    # thousands), so only the readings of the former are grouped.
    date_sentences = {r.sentence for r in readings_of(interp, _DATE_KINDS)}
    by_sentence: dict[int, list[Reading]] = {}
    if date_sentences:
        for r in interp.readings:
            if r.sentence in date_sentences:
                by_sentence.setdefault(r.sentence, []).append(r)
    last_when: Reading | None = None  # the latest date or year stated before the current sentence
    last_when_sentence = -10
    last_founded: Reading | None = None  # "founded in 2019" of a recent sentence
    last_founded_sentence = -10
    text = interp.doc.text
    sentences = interp.sentences
    # Without the article's date, a sentence without dates or durations has nothing to check.
    for k in range(len(sentences)) if dated is not None else sorted(by_sentence):
        s, e = sentences[k]
        rs = by_sentence.get(k)
        if rs is None:
            # A sentence without figures can still hold an anniversary ("its 10th anniversary").
            if dated is not None and last_founded is not None and k - last_founded_sentence <= 3:
                lower = text[s:e].lower()
                if "anniversary" in lower or "birthday" in lower:
                    yield from _ages(ctx, dated, lower, [], [], last_founded)
            continue
        whens: list[Reading] = []
        durations: list[Reading] = []
        any_when = any_year = False
        for r in rs:
            if _when(r) is not None:
                any_when = True
                any_year = any_year or r.figure.kind == "year"
                if not (dated and dated.figure == r.index):
                    whens.append(r)
            elif _duration_months(r) is not None:
                durations.append(r)
        # NOTE: the skeleton and the lower-cased sentence are built only for a sentence
        # that has a date, a year or a duration to check: a table of amounts has none.
        # The skeleton serves `_SPAN` and `_FOUNDED` only, whose words stand in the
        # prose between the figures and so in the lower-cased sentence (the test of
        # `statements.skeleton`): without them no skeleton is built.
        sk = lower = None
        if any_when or durations:
            lower = text[s:e].lower()
            if (rs[0].figure.start < s or rs[-1].figure.end > e
                    or (durations and contains_any(lower, _SPAN_WORDS))
                    or (any_when and contains_any(lower, _FOUNDED_WORDS))):
                sk = _skeleton(text, s, e, rs)
        if durations and sk is not None:
            yield from _spans(ctx, sk, rs, durations)
        prior = last_when if k - last_when_sentence <= 3 else None
        if prior is not None and whens:
            lower = text[s:e].lower()
            yield from _later(ctx, k, lower, rs, whens, durations, prior)
        founded_here = _founded(sk, rs) if any_when and sk is not None else None  # "founded in" needs a date or year
        founded = founded_here or (last_founded if k - last_founded_sentence <= 3 else None)
        if founded_here is not None:
            last_founded, last_founded_sentence = founded_here, k
        if dated is not None and (durations or founded is not None or any_year):
            if lower is None:
                lower = text[s:e].lower()
            yield from _ages(ctx, dated, lower, rs, durations, founded)
            yield from _relative_years(ctx, dated, s, lower, rs)
        if whens:
            last_when, last_when_sentence = whens[-1], k


def _skeleton(text: str, s: int, e: int, rs: list[Reading]) -> str:
    """Return sentence [s, e) lower-cased with figure i replaced by `\\ue000i\\ue001` (i = position in rs)."""
    parts, pos = [], s
    for i, r in enumerate(rs):
        parts.append(text[pos:r.figure.start].lower())
        parts.append(f"\ue000{i}\ue001")
        pos = r.figure.end
    parts.append(text[pos:e].lower())
    return "".join(parts)


def _duration_finding(ctx: Context, primary: Reading, stated: tuple[float, float, float], stated_text: str,
                      a: Reading, b: Reading, extra_related=()):
    """Yield the CC503 finding comparing a stated duration with the time between `a` and `b`."""
    wa, wb = _when(a), _when(b)
    point, exact, loose, unit = _span_between(wa, wb)
    s_iv = (stated[1], stated[2])
    if not ctx.options.show_passed and arith.overlaps(exact, s_iv):
        return  # NOTE: passes are only built when shown
    related = [ref(a, "from"), ref(b, "to"), *extra_related]
    summary = (f"{a.figure.text} → {b.figure.text} = {_months_text(point, unit)}; stated {stated_text} "
               f"({_months_text(stated[0], unit)})")
    comp = dict(expression="duration = to - from", result=point / (12 if unit == "year" else 1),
                result_low=exact[0], result_high=exact[1], stated=stated[0], stated_low=s_iv[0],
                stated_high=s_iv[1])
    if arith.overlaps(exact, s_iv):
        yield finding(ctx, dates_and_ages.rule, primary, f"'{stated_text}' matches {a.figure.text} to {b.figure.text}",
                      status="pass", severity="info", related=related,
                      computation=Computation(**comp, verdict="consistent", summary=summary))
        return
    severity = "warning" if arith.overlaps(loose, s_iv) else "error"
    if severity == "warning":
        summary += "; possible only at the far ends of the stated years"
    yield finding(
        ctx, dates_and_ages.rule, primary,
        f"'{stated_text}' does not match the time from {a.figure.text} to {b.figure.text}",
        status="fail", severity=ctx.severity("CC503", severity), related=related,
        computation=Computation(**comp, verdict="inconsistent", summary=summary),
        suggestion=f"The dates are {_months_text(point, unit)} apart.",
    )


def _spans(ctx: Context, sk: str, rs: list[Reading], durations: list[Reading]):
    """Check a duration against "from D1 to D2" / "between D1 and D2" in the same sentence."""
    if not durations:
        return
    m = _SPAN.search(sk)
    if m is None:
        return
    a, b = rs[int(m.group(1))], rs[int(m.group(2))]
    if _when(a) is None or _when(b) is None:
        return
    text = ctx.interp.doc.text
    spans = [d for d in durations  # an age ("five-year-old") is not the length of a span
             if not _OLD.search((d.figure.text + text[d.figure.end:d.figure.end + 6]).lower())]
    if not spans:
        return
    d = min(spans, key=lambda r: min(abs(r.figure.end - a.figure.start), abs(r.figure.start - b.figure.end)))
    yield from _duration_finding(ctx, d, _duration_months(d), d.figure.text, a, b)


def _later(ctx: Context, k: int, lower: str, rs, whens, durations, prior: Reading | None):
    """Check "a year later, in 2021" / "two years later" against the previous date of the story."""
    if prior is None or not whens:
        return
    text = ctx.interp.doc.text
    s = ctx.interp.sentences[k][0]
    b = whens[0]
    for d in durations:
        if _LATER.match(text[d.figure.end:d.figure.end + 16].lower()):
            yield from _duration_finding(ctx, d, _duration_months(d), d.figure.text, prior, b)
            return
    for m in _WORD_DURATION.finditer(lower):
        if not _LATER.match(lower[m.end():m.end() + 16]):
            continue
        n = {"a": 1.0, "one": 1.0, "a single": 1.0, "half a": 0.5}[m.group(1)]
        months = n * UNIT_MONTHS[m.group(2)]
        half = 0.5 * UNIT_MONTHS[m.group(2)] if n >= 1 else 0.25 * UNIT_MONTHS[m.group(2)]
        primary = min(rs, key=lambda r: abs(r.figure.start - (s + m.start())))
        yield from _duration_finding(ctx, primary, (months, months - half, months + half),
                                     m.group(0) + " later", prior, b)
        return


def _founded(sk: str, rs: list[Reading]) -> Reading | None:
    """Return the year or date figure of "founded in 2019" in a sentence skeleton, or None."""
    fm = _FOUNDED.search(sk)
    if fm is not None:
        cand = rs[int(fm.group(1))]
        if _when(cand) is not None:
            return cand
    return None


def _ages(ctx: Context, dated: ArticleDate, lower: str, rs, durations, founded: Reading | None):
    """Check "the five-year-old company, founded in 2019" (founding in this or a recent sentence),
    anniversaries and "N years ago, in 2019"."""
    text = ctx.interp.doc.text
    ay = dated.day.year
    for d in durations:
        f = d.figure
        if f.unit != "year":
            continue
        after = text[f.end:f.end + 12].lower()
        if founded is not None and _OLD.search(f.text.lower() + after[:6]) and _COMPANY_AGE.search(lower):
            stated_text = f.text + ("-old" if after.startswith("-old") else "")
            fy = int(_year_of(_when(founded)) if _when(founded)[0] != "year" else founded.figure.value)
            possible = (ay - fy - 1, ay - fy)
            yield from _age_finding(ctx, d, stated_text, f.value, possible, founded, dated,
                                    f"{dated.day.isoformat()} − {founded.figure.text}: "
                                    f"age {possible[0]} or {possible[1]}")
        elif _AGO.match(after):
            later = [w for w in rs if w.figure.start > f.end and _when(w) is not None and _when(w)[0] == "year"]
            if later:
                y = int(later[0].figure.value)
                possible = (ay - y - 1, ay - y)  # from some day in Y to the article's date
                yield from _age_finding(ctx, d, f.text + " ago", f.value, possible, later[0], dated,
                                        f"{dated.day.isoformat()} − {y}: {possible[0]} to {possible[1]} years",
                                        role="year")
    if founded is not None:
        m = _ANNIVERSARY.search(lower)
        if m is not None:
            n = int(m.group(1)) if m.group(1) else ORDINALS[m.group(2)]
            fy = int(founded.figure.value) if founded.figure.kind == "year" else int(_year_of(_when(founded)))
            primary = founded
            yield from _age_finding(ctx, primary, m.group(0), float(n), (ay - fy, ay - fy), founded, dated,
                                    f"{ay} − {fy} = {ay - fy} years")


def _age_finding(ctx: Context, primary: Reading, stated_text: str, stated: float, possible: tuple[int, int],
                 anchor: Reading, dated: ArticleDate, arithmetic: str, role: str = "founded"):
    """Yield the CC503 finding for an age/anniversary `stated` against the `possible` ages."""
    if not ctx.options.show_passed and possible[0] <= stated <= possible[1]:
        return  # NOTE: passes are only built when shown
    related = [ref(anchor, role)]
    summary = f"article dated {dated.day.isoformat()} ({dated.source}); {arithmetic}; stated {stated_text}"
    comp = dict(expression="age = article_year - founding_year", result=float(possible[1]),
                result_low=float(possible[0]), result_high=float(possible[1]), stated=stated)
    if possible[0] <= stated <= possible[1]:
        yield finding(ctx, dates_and_ages.rule, primary, f"'{stated_text}' matches {anchor.figure.text}",
                      status="pass", severity="info", related=related,
                      computation=Computation(**comp, verdict="consistent", summary=summary))
        return
    yield finding(
        ctx, dates_and_ages.rule, primary,
        f"'{stated_text}' does not match {anchor.figure.text} in a piece dated {dated.day.isoformat()}",
        status="fail", severity=ctx.severity("CC503", "warning"), related=related,
        computation=Computation(**comp, verdict="inconsistent", summary=summary),
        suggestion=f"From {anchor.figure.text} to {dated.day.year} is "
                   f"{possible[1] if possible[0] == possible[1] else f'{possible[0]}–{possible[1]}'} years.",
    )


def _relative_years(ctx: Context, dated: ArticleDate, s: int, lower: str, rs):
    """Check "last year (2025)", "this year, in 2026" against the article's date."""
    years = [r for r in rs if r.figure.kind == "year"]
    if not years:
        return
    for m in _RELATIVE_YEAR.finditer(lower):
        start, end = s + m.start(), s + m.end()
        near = None
        for r in years:
            f = r.figure
            if f.start >= end and re.fullmatch(r"[\s,(]*(?:in\s+|i\.e\.\s*|or\s+)?", lower[end - s:f.start - s]):
                near = r
                break
            if f.end <= start and re.fullmatch(r"[\s,(]*(?:or\s+)?", lower[f.end - s:start - s]):
                near = r
        if near is None:
            continue
        expected = dated.day.year + RELATIVE_OFFSET[m.group(1)]
        stated = int(near.figure.value)
        if expected == stated and not ctx.options.show_passed:
            continue  # NOTE: passes are only built when shown
        summary = (f"article dated {dated.day.isoformat()} ({dated.source}): '{m.group(0)}' is {expected}; "
                   f"stated {near.figure.text}")
        comp = dict(expression=f"year = article_year {RELATIVE_OFFSET[m.group(1)]:+d}", result=float(expected),
                    stated=float(stated))
        if expected == stated:
            yield finding(ctx, dates_and_ages.rule, near, f"'{m.group(0)}' is {near.figure.text}",
                          status="pass", severity="info",
                          computation=Computation(**comp, verdict="consistent", summary=summary))
        else:
            yield finding(
                ctx, dates_and_ages.rule, near,
                f"'{m.group(0)}' is {expected} in a piece dated {dated.day.isoformat()}, not {near.figure.text}",
                status="fail", severity=ctx.severity("CC503", "warning"),
                related=[_date_ref(ctx, dated)] if _date_ref(ctx, dated) else [],
                computation=Computation(**comp, verdict="inconsistent", summary=summary),
                suggestion=f"Write '{m.group(0)}' only for {expected}, or give the year alone.",
            )


def _date_ref(ctx: Context, dated: ArticleDate) -> FigureRef | None:
    """Return a reference to the dateline figure (None when the date came from metadata or --date)."""
    if dated.figure is None or dated.figure >= len(ctx.interp.readings):
        return None
    return ref(ctx.interp.readings[dated.figure], "article date")


RULES = (conflicting_repeat, enumeration_count, dates_and_ages)
