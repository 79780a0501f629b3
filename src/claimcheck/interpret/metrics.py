"""Attach a metric, an entity and a period to every figure.

The metric is the pack phrase nearest to the figure in its sentence whose
metric accepts the figure's kind; a phrase right after the figure ("$5m in
revenue", "240,000 developers") or the figure's own counted noun wins. The
entity is the nearest possessive mention before the figure, else the first
entity named in the sentence before it, else the document's main subject.
"""

from __future__ import annotations

import re

from claimcheck.interpret import Interpretation, Reading

BEFORE_WINDOW = 90
AFTER_WINDOW = 40
# Connectors that bind a figure to the metric phrase right after it: "$5m in revenue",
# "$5m of annual recurring revenue", "$5m revenue".
_LINK_AFTER = re.compile(r"^\s*(?:in|of|worth of|in new|in total|in annual|in monthly)?\s*$")
_CLAUSE_BREAK = re.compile(r"[;:]|\b(?:while|whereas|but|compared with|compared to|versus|vs)\b")

PERIOD_MARKERS = (
    (re.compile(r"\b(?:forecasts?|forecasted|expected|projected|projects|estimated|targets?|guidance|"
                r"by (?:the end of )?(?:19|20)\d\d|next year|will)\b"), "forecast"),
    (re.compile(r"\b(?:last year|a year earlier|a year ago|year-ago|previous year|prior year|"
                r"the year before)\b"), "prior-year"),
    (re.compile(r"\b(?:a few (?:weeks|months|days) ago|weeks ago|months ago|earlier this year|previously|"
                r"at the time|last round|initially|originally|back then|in its previous)\b"), "earlier"),
)
_YEAR = re.compile(r"\b(?:fy\s?|q[1-4]\s)?((?:19|20)\d\d)\b")
MARKER_WINDOW = 60


def _accepts(metric, kind: str) -> bool:
    """Return True when `metric` can be measured by a figure of `kind`."""
    kinds = metric.kinds
    if kind in kinds:
        return True
    # A bare number can stand for money or a count whose unit was left out.
    return kind == "number" and bool({"money", "count"} & set(kinds))


def assign(interp: Interpretation, packs) -> None:
    """Fill metric, entity and period of every reading in `interp` (in place)."""
    doc = interp.doc
    text = doc.text
    by_sentence: dict[int, list[Reading]] = {}
    for r in interp.readings:
        by_sentence.setdefault(r.sentence, []).append(r)
    mention_index = 0
    mentions = interp.mentions
    subject = interp.subject
    subject_head = subject.split()[0] if subject else None
    for k, readings in by_sentence.items():
        s, e = interp.sentences[k]
        lower = text[s:e].lower()
        phrases = packs.find_metric_phrases(lower)
        while mention_index < len(mentions) and mentions[mention_index].end <= s:
            mention_index += 1
        sentence_mentions = []
        j = mention_index
        while j < len(mentions) and mentions[j].start < e:
            sentence_mentions.append(mentions[j])
            j += 1
        years = [(m.start(), m.group(1)) for m in _YEAR.finditer(lower)]
        markers = [(m.start(), label) for rx, label in PERIOD_MARKERS for m in rx.finditer(lower)]
        for r in readings:
            f = r.figure
            fs, fe = f.start - s, f.end - s
            r.metric = _best_metric(packs, phrases, lower, fs, fe, f)
            r.entity = _entity(sentence_mentions, f.start, subject, subject_head)
            if f.kind not in ("year", "date"):
                r.period = _period(years, markers, fs, fe, f.text)
            f.metric, f.entity, f.period = r.metric, r.entity, r.period


def _best_metric(packs, phrases, lower: str, fs: int, fe: int, f) -> str | None:
    """Return the id of the metric phrase that best fits the figure at [fs, fe)."""
    if f.kind in ("year", "date", "duration"):
        return None
    best, best_score = None, None
    if f.noun:
        for _, _, mid in packs.find_metric_phrases(f.noun.lower()):
            if _accepts(packs.metrics[mid], f.kind):
                return mid
    for ps, pe, mid in phrases:
        metric = packs.metrics[mid]
        if not _accepts(metric, f.kind):
            continue
        if ps < fe and pe > fs:
            score = 0.0  # the phrase overlaps the figure's text ("8 times sales")
        elif pe <= fs:
            gap = fs - pe
            if gap > BEFORE_WINDOW or _CLAUSE_BREAK.search(lower, pe, fs):
                continue
            score = float(gap)
        elif ps >= fe:
            gap = ps - fe
            if gap > AFTER_WINDOW or _CLAUSE_BREAK.search(lower, fe, ps):
                continue
            score = 0.5 if _LINK_AFTER.match(lower[fe:ps]) else gap * 2.0 + 5
        else:
            continue
        if best_score is None or score < best_score:
            best, best_score = mid, score
    return best


def _entity(mentions, start: int, subject: str | None, subject_head: str | None) -> str | None:
    """Return the entity key a figure at `start` belongs to."""
    before = [m for m in mentions if m.end <= start]
    chosen = None
    for m in reversed(before):
        if m.name.endswith(("'s", "’s")):
            chosen = m
            break
    if chosen is None and before:
        chosen = before[0]
    if chosen is None:
        return subject
    key = chosen.key
    if subject_head and key.split()[0] == subject_head:
        return subject
    return key


def _period(years, markers, fs: int, fe: int, text: str) -> str | None:
    """Return the period of a figure: the nearest year in its sentence, else a period marker."""
    best, dist = None, None
    for pos, year in years:
        if fs <= pos < fe:
            continue
        d = fs - pos if pos < fs else pos - fe
        if dist is None or d < dist:
            best, dist = year, d
    if best is not None:
        return best
    for pos, label in markers:
        d = fs - pos if pos < fs else pos - fe
        if abs(d) <= MARKER_WINDOW:
            return label
    return None
