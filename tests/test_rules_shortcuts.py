"""The rules' shortcuts give the answers of the computations they stand in for.

The guards in front of the fact index's look-behind patterns
(`facts_index._is_comparison_base`, `facts_index._word_before_match`) are held
to the plain searches on generated text; the guards rely on `\\s` meaning what
`str.isspace` and `str.rstrip` mean, which is checked for every code point.
"""

from __future__ import annotations

import random
import re
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.rules import facts_index

# Words of the patterns and their near misses, other scripts' letters and spaces.
TOKENS = (
    *facts_index._COMPARISON_WORDS, "vs.", "compared with", "compared to", "compared", "with", "to",
    "about", "around", "roughly", "nearly", "almost", "some", "just", "only", "a", "an", "the", "its",
    "From", "fromage", "xfrom", "_than", "than9", "data-center", "cloud", "revenue", "company's", "o’", "'s",
    "é", "ab-", "-", "$4.5 billion", "9", "(", ")", ",", ".", ";", "—", "Acme", "\u202e", "\u200b",
)
SEPARATORS = (" ", "  ", "\n", "\t", "", "\u00a0", "\u2009", "\u202f", "\u3000", ", ", "\n\n")


def _text(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(1, 14)):
        parts.append(rng.choice(TOKENS))
        parts.append(rng.choice(SEPARATORS))
    return "".join(parts)


def test_regex_whitespace_is_str_whitespace() -> None:
    for code in range(sys.maxunicode + 1):
        c = chr(code)
        assert (re.match(r"\s", c) is not None) == c.isspace() == (c.rstrip() == ""), hex(code)


def _comparison_base(text: str, start: int) -> bool:
    return facts_index._COMPARISON_BASE.search(text, max(0, start - 30), start) is not None


def test_comparison_base_guard_finds_a_match_exactly_when_the_pattern_does() -> None:
    rng = random.Random(20260202)
    found = 0
    for _ in range(4000):
        text = _text(rng)
        for start in range(len(text) + 1):
            expected = _comparison_base(text, start)
            found += expected
            assert facts_index._is_comparison_base(text, start) == expected, (text, start)
    assert found > 1000  # both answers were exercised


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(TOKENS), st.sampled_from(SEPARATORS), st.text(max_size=3)), max_size=16))
def test_comparison_base_guard_property(parts: list[str]) -> None:
    text = "".join(parts)
    for start in range(len(text) + 1):
        assert facts_index._is_comparison_base(text, start) == _comparison_base(text, start)


def _word_before(lower: str, end: int) -> tuple | None:
    m = facts_index._WORD_BEFORE.search(lower, max(0, end - 30), end)
    return None if m is None else (m.group(1), m.start(1))


def _guarded_word_before(lower: str, end: int) -> tuple | None:
    m = facts_index._word_before_match(lower, end)
    return None if m is None else (m.group(1), m.start(1))


def test_word_before_guard_finds_the_match_of_the_pattern() -> None:
    rng = random.Random(20260203)
    found = 0
    for _ in range(4000):
        lower = _text(rng).lower()
        for end in range(len(lower) + 1):
            expected = _word_before(lower, end)
            found += expected is not None
            assert _guarded_word_before(lower, end) == expected, (lower, end)
    assert found > 1000


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(TOKENS), st.sampled_from(SEPARATORS), st.text(max_size=3)), max_size=16))
def test_word_before_guard_property(parts: list[str]) -> None:
    lower = "".join(parts).lower()
    for end in range(len(lower) + 1):
        assert _guarded_word_before(lower, end) == _word_before(lower, end)


def test_cached_num_prints_as_the_plain_function() -> None:
    from claimcheck import arith

    plain = arith.num.__wrapped__
    rng = random.Random(20260204)
    values: list = [0, 0.0, -0.0, 1, 1.0, True, -5, 999.5, 1000, 1000.0, 0.0005, float("inf"), float("-inf"), None]
    values += [rng.uniform(-1e4, 1e4) for _ in range(2000)] + [rng.choice((1, -1)) * 10 ** rng.uniform(-6, 13)
                                                                  for _ in range(2000)]
    values += [float(round(v)) for v in values[14:200]] + [int(round(v)) for v in values[14:200]]
    for digits in (2, 3, 4, 5):
        for x in values + values:  # the second time from the cache, after equal values of other types
            assert arith.num(x, digits) == plain(x, digits), (x, digits)
            assert arith.num(x) == plain(x), x


def test_plain_intervals_are_the_figures_own() -> None:
    from claimcheck.extract import extract
    from claimcheck.interpret import interpret
    from claimcheck.options import LintOptions
    from claimcheck.packs import load_packs
    from claimcheck.readers import parse
    from claimcheck.rules.context import Context

    doc = parse("Revenue was about $4.5 billion, up 12% to RMB 700 million (more than 3.2 times).", "<t>", "text")
    packs = load_packs(())
    interp = interpret(doc, extract(doc), packs)
    for options in (LintOptions(), LintOptions(strict=True), LintOptions(tolerance=0.02)):
        ctx = Context(interp, packs, options)
        for r in interp.readings:
            if ctx.plain_intervals:
                assert ctx.interval(r) == (r.figure.low, r.figure.high)
            assert r.figure.kind == interp.kinds[r.index]
    assert Context(interp, packs, LintOptions()).plain_intervals
    assert not Context(interp, packs, LintOptions(strict=True)).plain_intervals


def test_cc503_skeleton_words_are_in_the_lower_cased_sentence() -> None:
    # `dates_and_ages` builds a sentence's skeleton only when its lower case holds a
    # word of `_SPAN` or `_FOUNDED`; every match of those patterns on the skeleton
    # must then hold one of the words in the lower-cased sentence.
    from types import SimpleNamespace

    from claimcheck.interpret import contains_any
    from claimcheck.rules import repetition

    words = (*repetition._SPAN_WORDS, *repetition._FOUNDED_WORDS, "FROM", "Founded", "SET UP", "Set  up", "to",
             "and", "until", "in", "back in", "the", "company", "\u212aelvin", "\u0130", "ΣΑΣ", "and then")
    rng = random.Random(20260205)
    hits = 0
    for _ in range(20000):
        parts, figures, pos = [], [], 0
        for _ in range(rng.randint(1, 10)):
            if rng.random() < 0.3:
                token = rng.choice(("2019", "$5 million", "14 months", "March 2024"))
                figures.append(SimpleNamespace(figure=SimpleNamespace(start=pos, end=pos + len(token))))
            else:
                token = rng.choice(words)
            parts.append(token)
            pos += len(token)
            sep = rng.choice((" ", "  ", ", ", "\n"))
            parts.append(sep)
            pos += len(sep)
        text = "".join(parts)
        if not figures:
            continue
        sk = repetition._skeleton(text, 0, len(text), figures)
        lower = text.lower()
        if repetition._SPAN.search(sk):
            hits += 1
            assert contains_any(lower, repetition._SPAN_WORDS), text
        if repetition._FOUNDED.search(sk):
            hits += 1
            assert contains_any(lower, repetition._FOUNDED_WORDS), text
    assert hits > 300
