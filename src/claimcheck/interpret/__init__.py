"""Interpret: attach meaning to figures and find the statements that relate them.

For every figure: the metric it measures (from the rule packs' vocabulary), the
entity it belongs to, the period it refers to, and its role in a statement
(a level, the "from" or "to" of a change, a change amount, a part or a share).
Statements are changes ("from A to B, up X%", "doubled"), and compositions
("of which", "accounting for X%", "a total of").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from claimcheck.document import Document
from claimcheck.interpret.entities import Mention, find_mentions, main_subject
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


@dataclass(slots=True, eq=False)
class Composition:
    """A whole and its parts or shares, as stated in one sentence or list."""

    sentence: int
    kind: str  # "of-which", "total", "shares"
    whole: Reading | None
    parts: list[Reading] = field(default_factory=list)
    complete: bool = False
    whole_phrase: str | None = None


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

    def sentence_text(self, k: int) -> str:
        """Return the text of sentence `k`."""
        s, e = self.sentences[k]
        return self.doc.text[s:e]


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
    """Return the `Interpretation` of `doc`'s figures using the vocabulary in `packs`."""
    from claimcheck.interpret.metrics import assign
    from claimcheck.interpret.statements import find_statements

    sentences = split_sentences(doc.text)
    mentions: list[Mention] = []
    common = phrase_words(packs)
    for s, e in sentences:
        mentions.extend(find_mentions(doc.text, s, e, common))
    subject = main_subject(mentions)
    readings: list[Reading] = []
    k = 0
    for i, fig in enumerate(figures):
        while k < len(sentences) - 1 and sentences[k][1] <= fig.start:
            k += 1
        readings.append(Reading(index=i, figure=fig, sentence=k))
    interp = Interpretation(doc, sentences, readings, [], [], mentions, subject)
    assign(interp, packs)
    find_statements(interp, packs)
    return interp
