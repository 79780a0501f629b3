"""Interpret: attach meaning to figures and find the statements that relate them.

For every figure: the metric it measures (from the rule packs' vocabulary), the
entity it belongs to, the period it refers to, and its role in a statement
(a level, the "from" or "to" of a change, a change amount, a part or a share).
Statements are changes ("from A to B, up X%", "doubled"), and compositions
("of which", "accounting for X%", "a total of").
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from claimcheck.document import Document
from claimcheck.interpret.entities import Mention, find_all_mentions, main_subject
from claimcheck.interpret.sentences import split_sentences
from claimcheck.models import Figure


@dataclass(slots=True, eq=False)
class Reading:
    """One figure with its meaning in context."""

    index: int
    figure: Figure
    sentence: int
    metric: str | None = None
    entity: str | None = None
    period: str | None = None
    role: str = "level"  # level, from, to, change, more, part, whole, share, total


@dataclass(slots=True, eq=False)
class Change:
    """A stated change: from/to levels and the stated amount, factor or word."""

    sentence: int
    start: int
    end: int
    direction: int = 1
    before: Reading | None = None
    after: Reading | None = None
    amounts: list[Reading] = field(default_factory=list)  # percent, pp or absolute amounts
    factor: float | None = None  # from a word: doubled → 2, halved → 0.5
    factor_word: str | None = None
    factor_hedge: str | None = None
    multiple: Reading | None = None  # "60-fold", "increase by 60 times"
    added: Reading | None = None  # "5.76% more"
    metric: str | None = None
    compared: bool = False  # "L, X% more than B": a comparison of two figures, not a move in time


@dataclass(slots=True, eq=False)
class Composition:
    """A whole and its parts or shares, as stated in one sentence or list."""

    sentence: int
    kind: str  # "of-which", "part-of", "total", "shares", "share-of"
    whole: Reading | None
    parts: list[Reading] = field(default_factory=list)
    complete: bool = False
    whole_phrase: str | None = None
    share: Reading | None = None  # "share-of": the stated percentage of the whole that the part is


@dataclass(slots=True, eq=False)
class Interpretation:
    """Everything the rules need: the document, its readings and its statements."""

    doc: Document
    sentences: list[tuple[int, int]]
    readings: list[Reading]
    changes: list[Change]
    compositions: list[Composition]
    mentions: list[Mention]
    subject: str | None
    # Structures derived from this interpretation by several rules (built once
    # per document, e.g. the fact index); never shared between documents.
    derived: dict = field(default_factory=dict)
    # Sentence index -> its metric phrases, as `PackSet.find_metric_phrases`
    # returns them for the sentence in lower case (offsets in the sentence).
    # The interpret stage fills it for every sentence that holds figures.
    phrases: dict[int, list[tuple[int, int, str]]] = field(default_factory=dict)
    # The kind of each reading's figure, by reading index: rules that check some
    # kinds pick their readings from it without reading every figure.
    kinds: list[str] = field(default_factory=list)

    def sentence_text(self, k: int) -> str:
        """Return the text of sentence `k`."""
        s, e = self.sentences[k]
        return self.doc.text[s:e]

    def metric_phrases(self, k: int, packs) -> list[tuple[int, int, str]]:
        """Return (start, end, metric id) of the metric phrases of sentence `k`, offsets in the sentence.

        `packs` must be the packs the document was interpreted with; they are
        used only for a sentence without figures, whose phrases the interpret
        stage did not need. Treat the list as read-only: sentences share it.
        """
        found = self.phrases.get(k)
        if found is None:
            found = self.phrases[k] = packs.find_metric_phrases(self.sentence_text(k).lower())
        return found


def contains_any(text: str, words: tuple[str, ...]) -> bool:
    """Return True when one of `words` occurs in `text` (as a substring).

    The interpret stage tests a sentence for the words every match of a
    pattern contains before running the pattern: `in` is many times cheaper
    than a regex search, and most sentences hold none of the words.
    """
    for word in words:
        if word in text:
            return True
    return False


def word_regex(*alternatives: str) -> str:
    r"""Return a regex equal to `\b(?:alternative|…)`: one of `alternatives` starting a word.

    Each alternative is a regex fragment that opens with a literal letter. The
    start-of-word test is written after that letter as `(?<!\w.)` ("the
    character before it is not a word character") and the alternatives are
    grouped by their letter, which keeps their order wherever more than one
    can match.
    NOTE: a pattern that opens with an assertion makes the regex engine try
    every position of the text; one that opens with letters lets it skip to
    them (two to four times faster on prose).
    """
    by_letter: dict[str, list[str]] = {}
    for alternative in alternatives:
        if not alternative[:1].isalpha():
            raise ValueError(f"{alternative!r} does not open with a letter")
        by_letter.setdefault(alternative[0], []).append(alternative[1:])
    return "(?:" + "|".join(rf"{letter}(?<!\w.)(?:{'|'.join(rests)})" for letter, rests in by_letter.items()) + ")"


_PHRASE_WORDS: dict[int, frozenset[str]] = {}


def phrase_words(packs) -> frozenset[str]:
    """Return every word used in the packs' metric phrases (cached per pack set)."""
    key = id(packs)
    if key not in _PHRASE_WORDS:
        words = set()
        for metric in packs.metrics.values():
            for phrase in metric.phrases:
                words.update(phrase.lower().split())
        _PHRASE_WORDS[key] = frozenset(words)
    return _PHRASE_WORDS[key]


def interpret(doc: Document, figures: list[Figure], packs) -> Interpretation:
    """Return the `Interpretation` of `doc`'s figures using the vocabulary in `packs`.

    `figures` are sorted by start and do not overlap, as `extract` returns them.
    """
    from claimcheck.interpret.metrics import assign
    from claimcheck.interpret.statements import find_statements

    sentences = split_sentences(doc.text)
    mentions = find_all_mentions(doc.text, sentences, phrase_words(packs))
    subject = main_subject(mentions)
    readings: list[Reading] = []
    kinds: list[str] = []
    # The sentences that hold figures, each with its readings, in order.
    groups: list[tuple[int, list[Reading]]] = []
    group: list[Reading] = []
    group_sentence = -1
    ends = [e for _, e in sentences]
    last = len(sentences) - 1
    k = 0
    for i, fig in enumerate(figures):
        # A figure belongs to the first sentence ending after its start (the
        # last sentence takes the rest). Figures come in order: try the next
        # sentence, and bisect only when that one ends too early.
        start = fig.start
        if k < last and ends[k] <= start:
            k += 1
            if k < last and ends[k] <= start:
                k = min(bisect_right(ends, start, k), last)
        r = Reading(i, fig, k)
        readings.append(r)
        kinds.append(fig.kind)
        if k != group_sentence:
            group_sentence, group = k, [r]
            groups.append((k, group))
        else:
            group.append(r)
    interp = Interpretation(doc, sentences, readings, [], [], mentions, subject, kinds=kinds)
    doc_lower = doc.text.lower()
    assign(interp, packs, groups, doc_lower)
    find_statements(interp, packs, groups, doc_lower)
    return interp
