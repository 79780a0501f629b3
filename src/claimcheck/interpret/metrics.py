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

# Period markers and how they attach: "back" to the figure just before them
# ("$1.1 billion a year earlier"), "forward" to the figures after them in the
# clause ("expects revenue of $8.8 billion"), "near" to the closest figure.
PERIOD_MARKERS = (
    (re.compile(r"\b(?:forecasts?|forecasted|expects?|expected|projects?|projected|projections?|"
                r"estimates?|estimated|targets?|guidance|consensus|outlook|will|would)\b"), "forecast", "forward"),
    (re.compile(r"\b(?:a year earlier|a year ago|year-ago|the previous year|the prior year|"
                r"the year before|last year's)\b"), "prior-year", "back"),
    (re.compile(r"\b(?:a few (?:weeks|months|days) ago|weeks ago|months ago|earlier this year|previously|"
                r"at the time|last round|initially|originally|back then|in its previous)\b"), "earlier", "near"),
)
_YEAR = re.compile(r"\b(?:fy\s?|q[1-4]\s)?((?:19|20)\d\d)\b")
_CLAUSE = re.compile(r";|,\s+(?:and|while|but|whereas)\b|\s+(?:while|whereas)\b")
_INHERIT = re.compile(r"\b(?:compared with|compared to|versus|vs\.?|against|up from|down from|from|to)\b")
MARKER_REACH = 40
INHERIT_LOOKBACK = 8
FORWARD_REACH = 80


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
        inside_dates = [(r.figure.start - s, r.figure.end - s) for r in readings if r.figure.kind == "date"]
        years = [(m.start(), m.group(1)) for m in _YEAR.finditer(lower)
                 if not any(ds <= m.start() < de for ds, de in inside_dates)]
        clauses = [0] + [m.start() for m in _CLAUSE.finditer(lower)] + [len(lower)]
        done: list[Reading] = []
        for r in readings:
            f = r.figure
            fs, fe = f.start - s, f.end - s
            r.metric = _best_metric(packs, phrases, lower, fs, fe, f)
            r.entity = _entity(sentence_mentions, f.start, subject, subject_head)
            if r.metric is None and f.kind not in ("year", "date", "duration"):
                source = _inherit_from(done, f, text)
                if source is not None:
                    r.metric, r.entity = source.metric, source.entity
            done.append(r)
        _periods(readings, s, lower, years, clauses)
        for r in readings:
            # NOTE: the fields are plain data; writing the model's __dict__ skips
            # pydantic's per-attribute __setattr__, which dominated dense documents.
            r.figure.__dict__.update(metric=r.metric, entity=r.entity, period=r.period)


def _inherit_from(done: list[Reading], f, text: str) -> Reading | None:
    """Return the earlier figure whose metric `f` shares ("$1.9 billion … compared with $1.1 billion").

    Looks back at most `INHERIT_LOOKBACK` figures, so a dense run of figures stays linear.
    """
    for prev in reversed(done[-INHERIT_LOOKBACK:]):
        p = prev.figure
        if f.start - p.end > 60:
            return None
        if not prev.metric or p.kind != f.kind or p.unit != f.unit:
            continue
        if p.value and f.value and not (0.01 <= abs(f.value / p.value) <= 100):
            continue
        return prev if _INHERIT.search(text, p.end, f.start) else None
    return None


def _clause_of(clauses: list[int], pos: int) -> int:
    """Return the index of the clause containing sentence offset `pos`."""
    k = 0
    while k + 1 < len(clauses) and clauses[k + 1] <= pos:
        k += 1
    return k


def _periods(readings, s: int, lower: str, years, clauses) -> None:
    """Set the period of each reading: a marker that attaches to it, else the nearest year in its clause."""
    figs = [r for r in readings if r.figure.kind not in ("year", "date", "duration")]
    spans = [(r.figure.start - s, r.figure.end - s) for r in figs]
    for rx, label, how in PERIOD_MARKERS:
        for m in rx.finditer(lower):
            ms, me = m.start(), m.end()
            clause = _clause_of(clauses, ms)
            before = [i for i, (fs, fe) in enumerate(spans) if fe <= ms and ms - fe <= MARKER_REACH
                      and _clause_of(clauses, fs) == clause]
            after = [i for i, (fs, fe) in enumerate(spans) if fs >= me and fs - me <= MARKER_REACH
                     and _clause_of(clauses, fs) == clause]
            chosen: list[int] = []
            if how == "back":
                chosen = before[-1:] or after[:1]
            elif how == "forward":
                chosen = [i for i, (fs, fe) in enumerate(spans) if fs >= me and fs - me <= FORWARD_REACH
                          and _clause_of(clauses, fs) == clause] or [i for i in before[-1:] if ms - spans[i][1] <= 25]
            else:
                near = before[-1:] + after[:1]
                if near:
                    chosen = [min(near, key=lambda i: min(abs(ms - spans[i][1]), abs(spans[i][0] - me)))]
            for i in chosen:
                if figs[i].period is None:
                    figs[i].period = label
    for i, r in enumerate(figs):
        if r.period is not None:
            continue
        fs, fe = spans[i]
        clause = _clause_of(clauses, fs)
        best, dist = None, None
        for pos, year in years:
            if fs <= pos < fe or _clause_of(clauses, pos) != clause:
                continue
            d = fs - pos if pos < fs else pos - fe
            if dist is None or d < dist:
                best, dist = year, d
        r.period = best


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
