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

from claimcheck.interpret import Interpretation, Reading, contains_any
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
# Every match of `_COMPARISON_BASE` starts with one of these.
_COMPARISON_WORDS = ("from", "since", "versus", "vs", "compared", "against", "than")
_WORD_BEFORE = re.compile(r"(?<![\w'’])([a-z][a-z-]*)\s+$")
# The characters a match of `_WORD_BEFORE` can end its word with.
_WORD_END = frozenset("abcdefghijklmnopqrstuvwxyz-")


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
    """Indexed readings: `groups[key]` lists the readings stating that fact, in text order.

    Only facts whose entity, metric and period are stated in more than one sentence
    are indexed: the rules compare statements of different sentences only.
    """

    groups: dict[FactKey, list[Reading]] = field(default_factory=dict)


def build_index(interp: Interpretation, packs, dated: ArticleDate | None = None,
                kinds: frozenset[str] = INDEXED_KINDS) -> FactIndex:
    """Return the `FactIndex` of the plain levels of `kinds` in `interp` (linear in the text; once per document).

    Its groups are in the order of their first reading of `kinds`.
    """
    key = ("fact-index", dated, kinds)
    cached = interp.derived.get(key)
    if cached is not None:
        return cached
    index = interp.derived[key] = FactIndex()
    every = kinds | INDEXED_KINDS
    facts = _facts(interp, packs, dated, every)
    if kinds == every:
        index.groups.update(facts)
        return index
    # NOTE: a group of `kinds` opens at its first reading of `kinds`, which may come
    # after the first reading of the whole group: sort by it to keep text order.
    found = []
    kind_of = interp.kinds
    for fact, readings in facts:
        kept = [r for r in readings if kind_of[r.index] in kinds]
        if kept:
            found.append((kept[0].index, fact, kept))
    found.sort(key=_first_index)
    index.groups.update((fact, kept) for _, fact, kept in found)
    return index


def _first_index(entry: tuple) -> int:
    return entry[0]


def _facts(interp: Interpretation, packs, dated: ArticleDate | None,
           kinds: frozenset[str]) -> list[tuple[FactKey, list[Reading]]]:
    """Return (`FactKey`, its readings in text order) for the plain levels of `kinds` in `interp`,
    in the order of each key's first reading.

    NOTE: the units (CC4xx) and repetition (CC5xx) families index different kinds
    of one document; a key does not depend on the figure's kind, so the keys are
    computed once per document and date and each index filters them.
    """
    key = ("fact-keys", dated, kinds)
    cached = interp.derived.get(key)
    if cached is not None:
        return cached
    text = interp.doc.text
    metrics = packs.metrics
    sentences = interp.sentences
    kind_of = interp.kinds
    dateline_sentence = dateline_year = None
    if dated is not None and dated.figure is not None and dated.figure < len(interp.readings):
        dateline_sentence = interp.readings[dated.figure].sentence
        dateline_year = str(dated.day.year)
    usable: dict[str, bool] = {}  # metric id -> a known metric that is not generic
    # NOTE: statements of a fact are compared only across sentences (CC501, CC4xx): a
    # fact whose entity, metric and period are stated in one sentence is not indexed,
    # and its figures' qualifiers, places and modifiers are never looked for.
    candidates: list[tuple[Reading, str | None]] = []  # (reading, its period)
    spread: dict[tuple, int] = {}  # (entity, metric, period) -> its one sentence, or -1: several
    for r in interp.readings:
        if r.role != "level":
            continue
        mid = r.metric
        if not mid or kind_of[r.index] not in kinds:
            continue
        ok = usable.get(mid)
        if ok is None:
            metric = metrics.get(mid)
            ok = usable[mid] = metric is not None and not getattr(metric, "generic", False)
        if not ok:
            continue
        k = r.sentence
        period = r.period
        if k == dateline_sentence and period == dateline_year:
            period = None  # the dateline's year is when the piece was written, not the figure's period
        coarse = (r.entity, mid, period)
        first = spread.get(coarse)
        if first is None:
            spread[coarse] = k
        elif first != k:
            spread[coarse] = -1
        candidates.append((r, period))
    # fields of a key -> (the key, its readings): readings are grouped by the fields,
    # whose tuple hashes in C, and each `FactKey` is built once.
    groups: dict[tuple, tuple[FactKey, list[Reading]]] = {}
    # NOTE: without any of `_COMPARISON_WORDS` no figure of the document is a comparison's base.
    comparisons = contains_any(text, _COMPARISON_WORDS)
    place_after = _PLACE_AFTER.match
    # NOTE: what depends only on the sentence, or on the sentence and the metric, is
    # found once: a table row or a long list states many figures of one metric.
    # Readings come in sentence order, so the current sentence's state is kept in
    # locals; a sentence seen again would only be computed again. What depends on
    # the sentence's text alone (its lower case, qualifiers, phrase spans and
    # modifiers) is kept per text: documents repeat sentences (tables, boilerplate).
    # The places are looked for in the document's text, past the sentence's end.
    by_text: dict[str, tuple] = {}
    current = -1
    s = 0
    lower = ""
    quals: tuple[str, ...] = ()
    spans_of: dict[str, tuple[list[int], list[tuple[int, int]]]] = {}
    modifiers: dict = {}
    places: dict[str, tuple[str, ...]] = {}
    opened: tuple[str, ...] = ()
    for r, period in candidates:
        mid = r.metric
        if spread[(r.entity, mid, period)] != -1:
            continue
        f = r.figure
        if comparisons and _is_comparison_base(text, f.start):
            continue
        k = r.sentence
        if k != current:
            current = k
            s, e = sentences[k]
            sentence = text[s:e]
            known = by_text.get(sentence)
            if known is None:
                lower = sentence.lower()
                # NOTE: a modifier's case is read in the document's text at its offset in
                # the lower case, which is the sentence's text only when both are as long.
                known = by_text[sentence] = (
                    lower, tuple(sorted({m.group(0) for m in QUALIFIERS.finditer(lower)})),
                    _phrase_spans(lower, interp.metric_phrases(k, packs)),
                    {} if len(lower) == len(sentence) else None)
            lower, quals, spans_of, modifiers = known
            if modifiers is None:
                modifiers = {}
            opening = _PLACE_OPEN.match(text, s)
            opened = ("in " + opening.group(1).lower(),) if opening is not None else ()
            places = {}
        ends, spans = spans_of.get(mid, _NO_PHRASE)
        end = f.end
        # NOTE: `_PLACE_AFTER` opens with whitespace: most figures are followed by punctuation or a space.
        m = place_after(text, end) if text[end:end + 1].isspace() else None
        if m is not None:
            qualifiers = quals + ("in " + m.group(1).lower(),)
        else:
            place = places.get(mid)
            if place is None:
                place = places[mid] = opened or _place_after_phrase(text, s, ends)
            qualifiers = quals + place if place else quals
        fields = (r.entity, mid, period, qualifiers,
                  f.noun.lower() if f.noun else _modifier(text, s, lower, spans, modifiers, r))
        group = groups.get(fields)
        if group is None:
            group = groups[fields] = (FactKey(*fields), [])
        group[1].append(r)
    facts = interp.derived[key] = list(groups.values())
    return facts


def _is_comparison_base(text: str, start: int) -> bool:
    """Return True when `_COMPARISON_BASE` matches in the 30 characters before offset `start` of `text`.

    NOTE: a match ends in whitespace right before `start` and holds one of
    `_COMPARISON_WORDS`; the search runs only where both hold, which most
    figures fail (tests/test_rules_shortcuts.py).
    """
    if not text[start - 1:start].isspace():
        return False
    lo = max(0, start - 30)
    window = text[lo:start]
    return contains_any(window, _COMPARISON_WORDS) and _COMPARISON_BASE.search(text, lo, start) is not None


# The phrase spans of a metric that has no phrase in the sentence.
_NO_PHRASE: tuple[list[int], list[tuple[int, int]]] = ([], [])


def _phrase_spans(lower: str, phrases) -> dict[str, tuple[list[int], list[tuple[int, int]]]]:
    """Return, per metric with a phrase in a sentence (`lower`, its lower case), (the ends of its
    phrases, the (start, end) of those that can take a modifier), in one pass over the phrases."""
    found: dict[str, tuple[list[int], list[tuple[int, int]]]] = {}
    for ps, pe, mid in phrases:
        entry = found.get(mid)
        if entry is None:
            entry = found[mid] = ([], [])
        entry[0].append(pe)
        # A verb ("raised", "valued at") has a subject before it, not a modifier.
        if lower[pe - 2:pe] != "ed" and lower[pe - 3:pe] != " at":
            entry[1].append((ps, pe))
    return found


def _place_after_phrase(text: str, s: int, ends: list[int]) -> tuple[str, ...]:
    """Return ("in china",) for the first phrase of a metric, ending at `ends` in the sentence at `s`,
    that a place follows ("revenue in China"), else ()."""
    for pe in ends:
        m = _PLACE_AFTER.match(text, s + pe)
        if m is not None:
            return ("in " + m.group(1).lower(),)
    return ()


def _modifier(text: str, s: int, lower: str, spans: list[tuple[int, int]], found: dict,
              r: Reading) -> str | None:
    """Return the word modifying the nearest metric phrase (`spans`) of a figure without a counted noun, or None.

    `found` caches the answer per (phrase start, entity) for the sentence and metric:
    it depends on nothing else.
    """
    f = r.figure
    fs, fe = f.start - s, f.end - s
    best, dist = None, None
    for ps, pe in spans:
        d = abs(fs - pe if pe <= fs else ps - fe)
        if dist is None or d < dist:
            best, dist = ps, d
    if best is None:
        return None
    key = (best, r.entity)
    if key in found:
        return found[key]
    word = found[key] = _word_before(text, s, lower, best, r.entity)
    return word


def _word_before(text: str, s: int, lower: str, best: int, entity: str | None) -> str | None:
    """Return the word before the metric phrase at `best` of the sentence at `s` when it modifies the metric, else None."""
    m = _word_before_match(lower, best)
    if m is None:
        return None
    word, start = m.group(1), m.start(1)
    if text[s + start].isupper() and (start > 0 or word == entity):
        return None  # a name ("Acme revenue"), not a modifier ("Data-center revenue")
    if word in NOT_MODIFIERS or word.endswith(("'s", "’s")):
        return None
    return word


def _word_before_match(lower: str, end: int) -> re.Match | None:
    """Return the match of `_WORD_BEFORE` in the 30 characters of `lower` before `end`, or None.

    NOTE: a match is a word of [a-z-] and the whitespace after it up to `end`, so
    the last character before the trailing whitespace is one of `_WORD_END`; the
    search runs only then (tests/test_rules_shortcuts.py).
    """
    lo = max(0, end - 30)
    window = lower[lo:end]
    if not window[-1:].isspace() or window.rstrip()[-1:] not in _WORD_END:
        return None
    return _WORD_BEFORE.search(lower, lo, end)


def scale_word(text: str) -> str | None:
    """Return the scale word of a figure's text ("$4.8 billion" → "billion"), or None."""
    m = _SCALE.search(text.lower())
    if m is None:
        return None
    return _SCALE_NAMES.get(m.group(1), m.group(1))


_SCALE = re.compile(r"(?<![a-z])(thousand|million|billion|trillion|mn|bn|tn|k|m|b)(?![a-z])")
_SCALE_NAMES = {"k": "thousand", "m": "million", "mn": "million", "b": "billion", "bn": "billion", "tn": "trillion"}
