"""The interpret stage's shortcuts give the answers of the patterns they stand in for.

Cheaper forms of a pattern (`statements.AMOUNT_REVERSED`, the clause patterns
for a text without "while"/"whereas") and the metric phrases shared through
`Interpretation.phrases` are held to the plain computation on generated text.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.extract import extract
from claimcheck.interpret import interpret
from claimcheck.interpret import metrics, sentences, statements
from claimcheck.packs import load_packs
from claimcheck.readers import parse

# Words of the amount patterns and their near misses, placeholders (whole and
# broken), punctuation, other scripts' word characters and digits.
TOKENS = (
    *(w.replace(r"\w*", suffix) for w in statements.VERBS for suffix in ("", "ed", "ing")),
    "rise", "rises", "risen", "grew", "grow", "growth", "shrank", "shrunk", "lose", "losing",
    *statements.HEDGES, *statements.OF_NOUNS, "by", "of", "more", "than", "while", "whereas", "and", "but",
    "xup", "upx", "byx", "ofx", "up9", "9up", "_up", "increasé", "dropé", "abouté", "the_", "revenue", "from", "to",
    "'", "’", "-", "$", ",", ".", ";", "_", "é", "9", "x", "\ue000", "\ue001", "\ue0003",
)
SEPARATORS = (" ", "  ", "\n", "\t", "", "-", " \n ", "\u00a0", ", ", "; ")


def _text(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(1, 12)):
        parts.append(f"\ue000{rng.randint(0, 30)}\ue001" if rng.random() < 0.25 else rng.choice(TOKENS))
        parts.append(rng.choice(SEPARATORS))
    return "".join(parts)


def _amount_match(text: str) -> bool:
    return statements.VERB_AMOUNT.search(text) is not None or statements.NOUN_OF.search(text) is not None


def test_amount_reversed_finds_a_match_exactly_when_the_amount_patterns_do() -> None:
    rng = random.Random(20260125)
    found = 0
    for _ in range(20000):
        text = _text(rng)
        expected = _amount_match(text)
        found += expected
        assert (statements.AMOUNT_REVERSED.search(text[::-1]) is not None) == expected, text
    assert 2000 < found < 18000  # both answers were exercised


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(TOKENS), st.sampled_from(SEPARATORS),
                          st.integers(0, 99).map(lambda n: f"\ue000{n}\ue001")), max_size=16))
def test_amount_reversed_property(parts: list[str]) -> None:
    text = "".join(parts)
    assert (statements.AMOUNT_REVERSED.search(text[::-1]) is not None) == _amount_match(text)


@pytest.mark.parametrize(("fragment", "reverse"), [
    ("up", "pu"), ("rise[sn]?", "[sn]?esir"), ("shr[aiu]nk", "kn[aiu]rhs"), ("more than", "naht erom"),
])
def test_reversed_regex(fragment: str, reverse: str) -> None:
    assert statements.reversed_regex(fragment) == reverse


@pytest.mark.parametrize("fragment", [r"up\b", "(?:up)", "a|b", "up+"])
def test_reversed_regex_refuses_what_it_cannot_reverse(fragment: str) -> None:
    with pytest.raises(ValueError):
        statements.reversed_regex(fragment)


def test_clause_patterns_without_while() -> None:
    rng = random.Random(7)
    for _ in range(20000):
        text = _text(rng).lower()
        if "while" in text or "whereas" in text:
            continue
        assert [m.start() for m in metrics._CLAUSE_WITHOUT_WHILE.finditer(text)] == \
            [m.start() for m in metrics._CLAUSE.finditer(text)], text
        assert statements._CLAUSE_WITHOUT_WHILE.split(text) == statements.CLAUSE.split(text), text


ARTICLE = """Acme Corp's revenue rose 12% to $4.8 billion in 2025, while operating costs fell by about $200 million.

Net revenue retention was 118%. Analysts expect revenue of $5.5 billion next year, up from $4.8 billion.
The company, which was founded in 2012, has 3,400 employees. It did not comment."""


def test_interpretation_shares_the_metric_phrases_of_each_sentence() -> None:
    packs = load_packs(())
    doc = parse(ARTICLE, "<t>", "text")
    interp = interpret(doc, extract(doc), packs)
    with_figures = {r.sentence for r in interp.readings}
    assert set(interp.phrases) == with_figures
    for k in range(len(interp.sentences)):
        assert interp.metric_phrases(k, packs) == packs.find_metric_phrases(interp.sentence_text(k).lower())
    assert set(interp.phrases) == set(range(len(interp.sentences)))  # filled in on demand


def _plain_split(text: str) -> list[tuple[int, int]]:
    """The sentence rule of `split_sentences`, without its shortcuts."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in sentences._END.finditer(text):
        found = m.start()
        if text[found] == "\n":
            end = found
        else:
            if text[found] == ".":
                w = sentences._WORD_BEFORE.search(text, max(0, found - 12), found + 1)
                if w and (w.group(1).lower() in sentences.ABBREVIATIONS or len(w.group(1)) == 1):
                    continue
            end = m.end()
        sentences._add(text, start, end, spans)
        start = m.end()
    sentences._add(text, start, len(text), spans)
    return spans


SENTENCE_WORDS = ("Inc", "inc", "U.S", "e.g", "approx", "approxi", "Approximately", "revenue", "Acme", "Sept", "x",
                  "é", "ééééééé", "abcdeéf", "2025", "$5m", "A", "bn", "Mr", "Co")


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(SENTENCE_WORDS), st.sampled_from((". ", ".", " ", "\n\n", "! ", "? ", '." ', "."))),
                max_size=30))
def test_split_sentences_follows_the_plain_rule(parts: list[str]) -> None:
    text = "".join(parts)
    assert sentences.split_sentences(text) == _plain_split(text)
