"""An index of stated facts keyed by (entity, metric, period, qualifiers).

The units (CC4xx) and repetition (CC5xx) families compare statements of the
same fact made in different places. Comparing every pair of figures would be
quadratic; instead each eligible figure is filed under the key of the fact it
states, and only figures under one key are compared (each against the first
statement of its group), so the work is linear in the number of figures.

The key is deliberately narrow, because two different facts that share a
number or a word must never be compared:

- only plain levels are indexed: the from/to values of a change (and any
    figure after "from", "compared with", "than"), change
  amounts ("a $500 million surge in valuation"), parts, shares and totals
  state other facts than a level does;
- the period is the year or period marker the interpret stage found
  ("2025", "forecast", "prior-year", "earlier" for "a few weeks ago"); a
  figure with no period is only compared with others that have none;
- qualifiers are the time and round words of the sentence ("now", "Q3",
  "March", "Series B", "post-money", "monthly"), a place after "in"
  ("revenue in China"), and the word that modifies the metric phrase
  ("cloud revenue" is not "revenue"), or the counted noun ("developers"
  are not "users").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from claimcheck.interpret import Interpretation, Reading
from claimcheck.interpret.dates import ArticleDate

INDEXED_KINDS = frozenset({"money", "number", "count", "percent", "multiple"})
# NOTE: every qualifier starts with a letter; the lookahead rejects word ends and
# digits before the alternation is tried (about a quarter faster on long sentences).
QUALIFIERS = re.compile(
    r"\b(?=[a-z])(?:now|today|currently|at present|so far|to date|this (?:week|month|quarter)|at launch|at the time|"
    r"by then|at its peak|at the end of|by the end of|q[1-4]|h[12]|(?:first|second|third|fourth|final|last) quarter|"
    r"(?:first|second) half|january|february|march|april|june|july|august|september|october|november|"
    r"december|series [a-h]|pre-seed|seed|angel|ipo|pre-money|post-money|pre-ipo|"
    r"monthly|quarterly|annual|annually|yearly|weekly|daily|per (?:month|year|quarter)|"
    r"(?:a|each|every) (?:month|quarter)|domestic|overseas|international|global|worldwide)\b"
)
# A place or segment right after the figure or its metric phrase ("revenue in China was",
# "$2.9 billion in Europe"), or opening the sentence ("In China, revenue was"): not the group's figure.
_PLACE_NAME = r"(?:in|across|outside)\s+(?:the\s+)?([A-Z][A-Za-z]+(?:\s+[A-Z][A-Za-z]+)?)"
_PLACE_AFTER = re.compile(r"\s+" + _PLACE_NAME)
_PLACE_OPEN = re.compile(r"(?:In|Across|Outside)\s+(?:the\s+)?([A-Z][A-Za-z]+(?:\s+[A-Z][A-Za-z]+)?)\s*,")
# Words before a metric phrase that do not make it another metric ("its revenue", "total revenue").
NOT_MODIFIERS = frozenset(
    """a an the its their his her our your my this that these those of in on at by for to from with and or as
    is was were are be been has have had total overall whole entire company firm group business combined
    reported stated current latest new record whose which what about around nearly roughly some only just
    over under than more less up down reached reach hit raised""".split()
)
# A level right after these words is the base of a comparison or of a change the interpret stage
# did not bind ("climbed from $3.2 billion to 6.15 billion"): an earlier value, not the fact itself.
_COMPARISON_BASE = re.compile(
    r"\b(?:from|since|versus|vs\.?|compared with|compared to|against|than)\s+"
    r"(?:(?:about|around|roughly|nearly|almost|some|just|only|a|an)\s+)?$"
)
_WORD_BEFORE = re.compile(r"(?<![\w'’])([a-z][a-z-]*)\s+$")


@dataclass(frozen=True, slots=True)
class FactKey:
    """What a figure states: entity, metric, period and the words that narrow it."""

    entity: str | None
    metric: str
    period: str | None
    qualifiers: tuple[str, ...] = ()
    modifier: str | None = None

    def label(self) -> str:
        """Return the key as a reader would say it ("acme valuation, 2025, series b")."""
        parts = [p for p in (self.entity, self.metric.replace("_", " "), self.period, self.modifier) if p]
        return ", ".join(parts + list(self.qualifiers))


@dataclass(slots=True)
class FactIndex:
    """Indexed readings: `groups[key]` lists the readings stating that fact, in text order."""

    groups: dict[FactKey, list[Reading]] = field(default_factory=dict)
    keys: dict[int, FactKey] = field(default_factory=dict)  # reading index -> key


def build_index(interp: Interpretation, packs, dated: ArticleDate | None = None,
                kinds: frozenset[str] = INDEXED_KINDS) -> FactIndex:
    """Return the `FactIndex` of the plain levels of `kinds` in `interp` (linear in the text; once per document)."""
    key = ("fact-index", dated, kinds)
    cached = interp.derived.get(key)
    if cached is not None:
        return cached
    index = interp.derived[key] = FactIndex()
    keys = index.keys
    # NOTE: `_facts` interns its keys, so readings are grouped by the key's identity;
    # hashing a FactKey runs Python code, once per group here instead of once per reading.
    groups: dict[int, tuple[FactKey, list[Reading]]] = {}
    for r, fact in _facts(interp, packs, dated, kinds | INDEXED_KINDS):
        if r.figure.kind in kinds:
            group = groups.get(id(fact))
            if group is None:
                group = groups[id(fact)] = (fact, [])
            group[1].append(r)
            keys[r.index] = fact
    index.groups.update(groups.values())
    return index


def _facts(interp: Interpretation, packs, dated: ArticleDate | None,
           kinds: frozenset[str]) -> list[tuple[Reading, FactKey]]:
    """Return (reading, its `FactKey`) for every plain level of `kinds` in `interp`, in text order.

    NOTE: the units (CC4xx) and repetition (CC5xx) families index different kinds
    of one document; a key does not depend on the figure's kind, so the keys are
    computed once per document and date and each index filters them.
    """
    key = ("fact-keys", dated, kinds)
    cached = interp.derived.get(key)
    if cached is not None:
        return cached
    facts: list[tuple[Reading, FactKey]] = []
    interp.derived[key] = facts
    text = interp.doc.text
    metrics = packs.metrics
    dateline_sentence = None
    if dated is not None and dated.figure is not None and dated.figure < len(interp.readings):
        dateline_sentence = interp.readings[dated.figure].sentence
    # NOTE: what depends only on the sentence, or on the sentence and the metric, is
    # found once: a table row or a long list states many figures of one metric.
    sentence_info: dict[int, tuple[int, str, tuple[str, ...], list]] = {}
    metric_info: dict[tuple[int, str], tuple[tuple[str, ...], list[tuple[int, int]], dict]] = {}
    interned: dict[tuple, FactKey] = {}
    for r in interp.readings:
        f = r.figure
        if r.role != "level" or not r.metric or f.kind not in kinds:
            continue
        metric = metrics.get(r.metric)
        if metric is None or getattr(metric, "generic", False):
            continue
        if _COMPARISON_BASE.search(text, max(0, f.start - 30), f.start):
            continue
        info = sentence_info.get(r.sentence)
        if info is None:
            s, e = interp.sentences[r.sentence]
            lower = text[s:e].lower()
            quals = tuple(sorted({m.group(0) for m in QUALIFIERS.finditer(lower)}))
            info = sentence_info[r.sentence] = (s, lower, quals, interp.metric_phrases(r.sentence, packs))
        s, lower, quals, phrases = info
        mkey = (r.sentence, r.metric)
        minfo = metric_info.get(mkey)
        if minfo is None:
            minfo = metric_info[mkey] = (_sentence_place(text, s, phrases, r.metric),
                                         _metric_phrases(lower, phrases, r.metric), {})
        m = _PLACE_AFTER.match(text, f.end)
        place = ("in " + m.group(1).lower(),) if m is not None else minfo[0]
        period = r.period
        if dated is not None and r.sentence == dateline_sentence and period == str(dated.day.year):
            period = None  # the dateline's year is when the piece was written, not the figure's period
        fields = (r.entity, r.metric, period, quals + place if place else quals,
                  _modifier(text, s, lower, minfo[1], minfo[2], r))
        fact = interned.get(fields)
        if fact is None:
            fact = interned[fields] = FactKey(*fields)
        facts.append((r, fact))
    return facts


def _sentence_place(text: str, s: int, phrases, metric: str) -> tuple[str, ...]:
    """Return ("in china",) when the sentence at `s` opens with a place or has one after a phrase of `metric`."""
    m = _PLACE_OPEN.match(text, s)
    if m is None:
        for ps, pe, mid in phrases:
            if mid == metric:
                m = _PLACE_AFTER.match(text, s + pe)
                if m is not None:
                    break
    return ("in " + m.group(1).lower(),) if m is not None else ()


def _metric_phrases(lower: str, phrases, metric: str) -> list[tuple[int, int]]:
    """Return the (start, end) of the phrases of `metric` in a sentence that can take a modifier."""
    # A verb ("raised", "valued at") has a subject before it, not a modifier.
    return [(ps, pe) for ps, pe, mid in phrases
            if mid == metric and lower[pe - 2:pe] != "ed" and lower[pe - 3:pe] != " at"]


def _modifier(text: str, s: int, lower: str, spans: list[tuple[int, int]], words: dict,
              r: Reading) -> str | None:
    """Return the counted noun, or the word modifying the figure's nearest metric phrase (`spans`), or None.

    `words` caches, per phrase start, the word before the phrase (or None) for the sentence.
    """
    f = r.figure
    if f.noun:
        return f.noun.lower()
    fs, fe = f.start - s, f.end - s
    best, dist = None, None
    for ps, pe in spans:
        d = abs(fs - pe if pe <= fs else ps - fe)
        if dist is None or d < dist:
            best, dist = ps, d
    if best is None:
        return None
    if best in words:
        found = words[best]
    else:
        m = _WORD_BEFORE.search(lower, max(0, best - 30), best)
        found = words[best] = (m.group(1), m.start(1)) if m is not None else None
    if found is None:
        return None
    word, start = found
    if text[s + start].isupper() and (start > 0 or word == r.entity):
        return None  # a name ("Acme revenue"), not a modifier ("Data-center revenue")
    if word in NOT_MODIFIERS or word.endswith(("'s", "’s")):
        return None
    return word


def scale_word(text: str) -> str | None:
    """Return the scale word of a figure's text ("$4.8 billion" → "billion"), or None."""
    m = _SCALE.search(text.lower())
    if m is None:
        return None
    return _SCALE_NAMES.get(m.group(1), m.group(1))


_SCALE = re.compile(r"(?<![a-z])(thousand|million|billion|trillion|mn|bn|tn|k|m|b)(?![a-z])")
_SCALE_NAMES = {"k": "thousand", "m": "million", "mn": "million", "b": "billion", "bn": "billion", "tn": "trillion"}
