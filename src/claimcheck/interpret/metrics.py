"""Attach a metric, an entity and a period to every figure.

The metric is the pack phrase nearest to the figure in its sentence whose
metric accepts the figure's kind; a phrase right after the figure ("$5m in
revenue", "240,000 developers") or the figure's own counted noun wins. The
entity is the nearest possessive mention before the figure, else the first
entity named in the sentence before it, else the document's main subject.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from claimcheck.interpret import Interpretation, Reading, contains_any, word_regex

BEFORE_WINDOW = 90
AFTER_WINDOW = 40
# Connectors that bind a figure to the metric phrase right after it: "$5m in revenue",
# "$5m of annual recurring revenue", "$5m revenue".
_LINK_AFTER = re.compile(r"^\s*(?:in|of|worth of|in new|in total|in annual|in monthly)?\s*$")
_CLAUSE_BREAK = re.compile(
    ";|:|" + word_regex("while", "whereas", "but", "compared with", "compared to", "versus", "vs") + r"\b"
)

# Period markers and how they attach: "back" to the figure just before them
# ("$1.1 billion a year earlier"), "forward" to the figures after them in the
# clause ("expects revenue of $8.8 billion"), "near" to the closest figure.
# The last item lists words one of which every match contains: a sentence
# without any of them skips the regex (`contains_any`). Keep them in step.
PERIOD_MARKERS = (
    (re.compile(word_regex("forecasts?", "forecasted", "expects?", "expected", "projects?", "projected",
                           "projections?", "estimates?", "estimated", "targets?", "guidance", "consensus",
                           "outlook", "will", "would") + r"\b"), "forecast", "forward",
     ("forecast", "expect", "project", "estimat", "target", "guidance", "consensus", "outlook", "will", "would")),
    (re.compile(word_regex("a year earlier", "a year ago", "year-ago", "the previous year", "the prior year",
                           "the year before", "last year's") + r"\b"), "prior-year", "back",
     ("year",)),
    (re.compile(word_regex("a few (?:weeks|months|days) ago", "weeks ago", "months ago", "earlier this year",
                           "previously", "at the time", "last round", "initially", "originally", "back then",
                           "in its previous") + r"\b"), "earlier", "near",
     ("ago", "earlier", "previous", "at the time", "last round", "initially", "originally", "back then")),
)
# A year, alone or after "fy"/"q3 ": `\b(?:fy\s?|q[1-4]\s)?((?:19|20)\d\d)\b` written as one branch
# per first character, each followed by the start-of-word test `(?<!\w.)` (as in
# `word_regex`). After a prefix the year is group 1 or 2, alone it is the whole match.
_YEAR = re.compile(
    r"f(?<!\w.)y\s?((?:19|20)\d\d)\b|q(?<!\w.)[1-4]\s((?:19|20)\d\d)\b|1(?<!\w.)9\d\d\b|2(?<!\w.)0\d\d\b"
)
_CLAUSE = re.compile(r";|,\s+(?:and|while|but|whereas)\b|\s+(?:while|whereas)\b")
# `_CLAUSE` for a text holding neither "while" nor "whereas": the same matches, but the
# search skips to the commas and semicolons instead of trying every space.
_CLAUSE_WITHOUT_WHILE = re.compile(r";|,\s+(?:and|but)\b")
_INHERIT = re.compile(word_regex("compared with", "compared to", "versus", "vs\\.?", "against", "up from", "down from",
                                 "from", "to") + r"\b")
MARKER_REACH = 40
INHERIT_LOOKBACK = 8
FORWARD_REACH = 80
# Figures of these kinds measure no metric and take no period.
NO_METRIC_KINDS = ("year", "date", "duration")


def _accepts(metric, kind: str) -> bool:
    """Return True when `metric` can be measured by a figure of `kind`."""
    kinds = metric.kinds
    if kind in kinds:
        return True
    # A bare number can stand for money or a count whose unit was left out.
    return kind == "number" and bool({"money", "count"} & set(kinds))


def assign(interp: Interpretation, packs, groups: list[tuple[int, list[Reading]]], doc_lower: str) -> None:
    """Fill metric, entity and period of every reading in `interp` (in place).

    Records the metric phrases of each sentence in `groups` in `interp.phrases`.
    `groups` pairs each sentence that holds figures with its readings, in order;
    `doc_lower` is the document's text in lower case.
    """
    text = interp.doc.text
    sentences = interp.sentences
    meaning = _SentenceMeaning(interp, packs, doc_lower)
    find_phrases = packs.find_metric_phrases
    phrases_of = interp.phrases
    mentions = interp.mentions
    mention_count = len(mentions)
    mention_index = 0
    # NOTE: documents repeat sentences (tables, boilerplate, generated text). The
    # meaning of a sentence's figures depends only on the sentence's text, its
    # figures (offset in the sentence, kind, unit, value, counted noun) and its
    # mentions, so a repeated sentence reuses it. The key is built only for a
    # text seen before, so sentences that never repeat cost one dict lookup.
    # Its lower case and metric phrases depend on the text alone.
    memo: dict[str, tuple[str, list, dict[tuple, list[tuple]]]] = {}
    for k, readings in groups:
        s, e = sentences[k]
        while mention_index < mention_count and mentions[mention_index].end <= s:
            mention_index += 1
        j = mention_index
        while j < mention_count and mentions[j].start < e:
            j += 1
        sentence_mentions = mentions[mention_index:j]
        sentence = text[s:e]
        seen = memo.get(sentence)
        if seen is None:
            lower = sentence.lower()
            phrases = phrases_of[k] = find_phrases(lower)
            memo[sentence] = (lower, phrases, {})
            meaning.fill(lower, s, readings, sentence_mentions, phrases)
        else:
            lower, phrases, known = seen
            phrases_of[k] = phrases
            key = _memo_key(s, readings, sentence_mentions)
            found = known.get(key)
            if found is None:
                meaning.fill(lower, s, readings, sentence_mentions, phrases)
                known[key] = [(r.metric, r.entity, r.period) for r in readings]
            else:
                for r, (metric, entity, period) in zip(readings, found):
                    r.metric, r.entity, r.period = metric, entity, period
        for r in readings:
            # NOTE: the fields are plain data; writing the model's __dict__ skips
            # pydantic's per-attribute __setattr__, which dominated dense documents.
            fields = r.figure.__dict__
            fields["metric"], fields["entity"], fields["period"] = r.metric, r.entity, r.period


def _memo_key(s: int, readings: list[Reading], mentions: list) -> tuple:
    """Return what, besides its text, the meaning of a sentence at offset `s` depends on.

    That is, for each figure: its span in the sentence, kind, unit, value and
    counted noun; for each entity mention: its span, name and key.
    """
    figures = [(f.start - s, f.end - s, f.kind, f.unit, f.value, f.noun) for f in [r.figure for r in readings]]
    return tuple(figures), tuple([(m.start - s, m.end - s, m.name, m.key) for m in mentions])


class _SentenceMeaning:
    """Fill metric, entity and period of the readings of one sentence at a time, for one document."""

    def __init__(self, interp: Interpretation, packs, doc_lower: str) -> None:
        self.text = interp.doc.text
        self.packs = packs
        self.choice = _MetricChoice(packs)
        self.subject = interp.subject
        self.subject_head = interp.subject.split()[0] if interp.subject else None
        # NOTE: a word missing from the whole document is missing from each of its
        # sentences (lowering maps character by character, and a capital sigma never
        # lowers to ASCII), so one test per document spares every sentence its tests.
        self.markers = [marker for marker in PERIOD_MARKERS if contains_any(doc_lower, marker[3])]
        self.maybe_years = "19" in doc_lower or "20" in doc_lower  # a year needs one of them

    def fill(self, lower: str, s: int, readings: list[Reading], mentions: list, phrases: list) -> None:
        """Set metric, entity and period of `readings`, the figures of the sentence at offset `s`.

        `lower` is the sentence in lower case, `mentions` are the entity mentions
        inside it and `phrases` its metric phrases (`PackSet.find_metric_phrases`).
        """
        text, choice, subject, subject_head = self.text, self.choice, self.subject, self.subject_head
        phrase_ends = [pe for _, pe, _ in phrases]
        # The mentions ending before the current figure are mentions[:before];
        # figures come in order, so `before` only grows. The entity depends on them only.
        before = 0
        possessive = None  # the last of those written with "'s"
        entity = subject
        last_with_metric = -INHERIT_LOOKBACK - 1  # index in `readings` of the last figure given a metric
        mention_count = len(mentions)
        for i, r in enumerate(readings):
            f = r.figure
            if f.noun or phrases:
                r.metric = choice.best(lower, phrases, phrase_ends, f.start - s, f.end - s, f)
            if before < mention_count and mentions[before].end <= f.start:
                while before < mention_count and mentions[before].end <= f.start:
                    if mentions[before].name.endswith(("'s", "’s")):
                        possessive = mentions[before]
                    before += 1
                entity = _entity(possessive if possessive is not None else mentions[0], subject, subject_head)
            r.entity = entity
            # NOTE: only a figure with a metric within the look-back can be a source;
            # skipping the search otherwise keeps long runs of bare figures cheap.
            if r.metric is None and f.kind not in NO_METRIC_KINDS and last_with_metric >= i - INHERIT_LOOKBACK:
                source = _inherit_from(readings[max(0, i - INHERIT_LOOKBACK):i], f, text)
                if source is not None:
                    r.metric, r.entity = source.metric, source.entity
            if r.metric:
                last_with_metric = i
        years = _years(lower, readings, s) if self.maybe_years and ("19" in lower or "20" in lower) else []
        markers = [marker for marker in self.markers if contains_any(lower, marker[3])] if self.markers else ()
        if years or markers:
            _periods(readings, s, lower, years, markers)


def _years(lower: str, readings: list[Reading], s: int) -> list[tuple[int, str]]:
    """Return (sentence offset, year) of the years written in `lower`, outside date figures."""
    dates = [(r.figure.start - s, r.figure.end - s) for r in readings if r.figure.kind == "date"]
    years = []
    d = 0
    for m in _YEAR.finditer(lower):
        pos = m.start()
        # Dates are sorted and disjoint: only the first one ending after `pos` can hold it.
        while d < len(dates) and dates[d][1] <= pos:
            d += 1
        if d < len(dates) and dates[d][0] <= pos:
            continue
        years.append((pos, m.group(1) or m.group(2) or m.group(0)))
    return years


def _inherit_from(previous: list[Reading], f, text: str) -> Reading | None:
    """Return the earlier figure whose metric `f` shares ("$1.9 billion … compared with $1.1 billion").

    `previous` holds the figures just before `f` in its sentence (at most `INHERIT_LOOKBACK`),
    so a dense run of figures stays linear.
    """
    for prev in reversed(previous):
        p = prev.figure
        if f.start - p.end > 60:
            return None
        if not prev.metric or p.kind != f.kind or p.unit != f.unit:
            continue
        if p.value and f.value and not (0.01 <= abs(f.value / p.value) <= 100):
            continue
        return prev if _INHERIT.search(text, p.end, f.start) else None
    return None


def _clause_cuts(lower: str) -> list[int]:
    """Return where the clauses of a sentence after its first one start, then the sentence's length."""
    # Every break holds ";", "while", "whereas" or a comma before "and"/"but".
    if "while" in lower or "whereas" in lower:
        return [m.start() for m in _CLAUSE.finditer(lower)] + [len(lower)]
    if ";" in lower or ("," in lower and ("and" in lower or "but" in lower)):
        return [m.start() for m in _CLAUSE_WITHOUT_WHILE.finditer(lower)] + [len(lower)]
    return [len(lower)]


def _clause_span(cuts: list[int], pos: int) -> tuple[float, float]:
    """Return (low, high) of the clause holding sentence offset `pos`: an offset is in it when low <= offset < high.

    `cuts` are from `_clause_cuts`; offsets past the sentence's end form a last clause.
    """
    k = bisect_right(cuts, pos)
    return (cuts[k - 1] if k else float("-inf")), (cuts[k] if k < len(cuts) else float("inf"))


def _periods(readings, s: int, lower: str, years, markers) -> None:
    """Set the period of each reading: a marker that attaches to it, else the nearest year in its clause.

    `markers` are the `PERIOD_MARKERS` to look for (those whose words `lower`
    holds); `years` are from `_years`.
    """
    # Figures are sorted and disjoint, so both offset lists are sorted: candidates are found by bisection.
    figs: list[Reading] = []
    starts: list[int] = []
    ends: list[int] = []
    for r in readings:
        f = r.figure
        if f.kind not in NO_METRIC_KINDS:
            figs.append(r)
            starts.append(f.start - s)
            ends.append(f.end - s)
    if not figs:
        return
    count = len(figs)
    cuts = _clause_cuts(lower)
    for rx, label, how, _ in markers:
        for m in rx.finditer(lower):
            ms, me = m.span()
            low, high = _clause_span(cuts, ms)
            # The nearest figure ending before the marker, within reach and in its clause (-1: none).
            before = bisect_right(ends, ms) - 1
            if before >= 0 and (ms - ends[before] > MARKER_REACH or starts[before] < low):
                before = -1
            # The first figure starting after it, and the nearest within reach and in its clause.
            first = bisect_left(starts, me)
            after = first
            if after == count or starts[after] - me > MARKER_REACH or starts[after] >= high:
                after = -1
            if how == "forward":
                end = first
                while end < count and starts[end] - me <= FORWARD_REACH and starts[end] < high:
                    end += 1
                if end > first:
                    for i in range(first, end):
                        if figs[i].period is None:
                            figs[i].period = label
                    continue
                chosen = before if before >= 0 and ms - ends[before] <= 25 else -1
            elif how == "back":
                chosen = before if before >= 0 else after
            elif before >= 0 and after >= 0:  # "near": the closer one, the earlier on a tie
                closer = min(abs(ms - ends[after]), abs(starts[after] - me)) < min(abs(ms - ends[before]),
                                                                                 abs(starts[before] - me))
                chosen = after if closer else before
            else:
                chosen = before if before >= 0 else after
            if chosen >= 0 and figs[chosen].period is None:
                figs[chosen].period = label
    if not years:
        return
    positions = [pos for pos, _ in years]
    year_count = len(positions)
    for i, r in enumerate(figs):
        if r.period is not None:
            continue
        fs, fe = starts[i], ends[i]
        low, high = _clause_span(cuts, fs)
        # The nearest year in the clause is the last one before the figure or the
        # first one after it; on a tie the earlier wins.
        best, dist = None, None
        j = bisect_left(positions, fs) - 1
        if j >= 0 and positions[j] >= low:
            best, dist = years[j][1], fs - positions[j]
        j = bisect_left(positions, fe)
        if j < year_count and positions[j] < high and (dist is None or positions[j] - fe < dist):
            best = years[j][1]
        r.period = best


class _MetricChoice:
    """Choose the metric of a figure from its counted noun or the pack phrases near it.

    Caches, for one document, the metric each counted noun names and which
    metrics accept which figure kinds.
    """

    def __init__(self, packs) -> None:
        self.packs = packs
        self.noun_metric: dict[tuple[str, str], str | None] = {}
        # figure kind -> metric id -> whether the metric accepts figures of that kind
        self.accepted: dict[str, dict[str, bool]] = {}

    def accepts(self, metric_id: str, kind: str) -> bool:
        """Return True when metric `metric_id` can be measured by a figure of `kind` (cached)."""
        by_metric = self.accepted.get(kind)
        if by_metric is None:
            by_metric = self.accepted[kind] = {}
        found = by_metric.get(metric_id)
        if found is None:
            found = by_metric[metric_id] = _accepts(self.packs.metrics[metric_id], kind)
        return found

    def best(self, lower: str, phrases, phrase_ends: list[int], fs: int, fe: int, f) -> str | None:
        """Return the id of the metric that best fits the figure at [fs, fe) of the sentence `lower`.

        `phrases` are the sentence's metric phrases and `phrase_ends` their ends.
        None when the figure's counted noun names no metric and no phrase is near it.
        """
        kind = f.kind
        if kind in NO_METRIC_KINDS:
            return None
        if f.noun:
            key = (f.noun, kind)
            if key not in self.noun_metric:
                self.noun_metric[key] = next(
                    (mid for _, _, mid in self.packs.find_metric_phrases(f.noun.lower()) if self.accepts(mid, kind)),
                    None,
                )
            if self.noun_metric[key] is not None:
                return self.noun_metric[key]
        accepted = self.accepted.get(kind, {})  # what `accepts` found so far for this kind
        best, best_score = None, None
        before_best = None  # the best phrase before the figure
        qualified = False  # a qualifier ("a share") right after the figure
        is_qualifier = self.packs.is_qualifier
        last_start = fe + AFTER_WINDOW
        # Only phrases ending at most BEFORE_WINDOW before the figure and starting at
        # most AFTER_WINDOW after it can score; phrases are sorted and disjoint.
        # NOTE: a phrase whose score cannot beat the best so far (a tie keeps the
        # earlier phrase) is skipped before its clause-break search.
        for n in range(bisect_left(phrase_ends, fs - BEFORE_WINDOW), len(phrases)):
            ps, pe, mid = phrases[n]
            if ps > last_start:
                break
            ok = accepted.get(mid)
            if ok is None:
                ok = self.accepts(mid, kind)
            if not ok:
                continue
            if ps < fe and pe > fs:
                score = 0.0  # the phrase overlaps the figure's text ("8 times sales")
            elif pe <= fs:
                gap = fs - pe
                if gap > BEFORE_WINDOW or (best_score is not None and gap >= best_score) \
                        or _CLAUSE_BREAK.search(lower, pe, fs):
                    continue
                if is_qualifier(lower, ps, pe, mid):
                    continue  # "a share" names the figure before it only
                score = float(gap)
                before_best = mid
            elif ps >= fe:
                gap = ps - fe
                if gap > AFTER_WINDOW or (best_score is not None and best_score <= 0.5) \
                        or _CLAUSE_BREAK.search(lower, fe, ps):
                    continue
                linked = _LINK_AFTER.match(lower[fe:ps]) is not None
                if is_qualifier(lower, ps, pe, mid):
                    if not linked:
                        continue
                    qualified = True
                score = 0.5 if linked else gap * 2.0 + 5
            else:
                continue
            if best_score is None or score < best_score:
                best, best_score = mid, score
        if qualified and before_best is not None:
            # "net income of $1.20 per share": the per-share form of the metric named before.
            target = self.packs.metrics[before_best].per_share or (
                before_best if before_best in self.packs.per_share_metrics else None)
            if target is not None and self.accepts(target, kind):
                return target
        return best


def _entity(chosen, subject: str | None, subject_head: str | None) -> str | None:
    """Return the entity key of a figure whose chosen mention is `chosen` (None: the main subject)."""
    if chosen is None:
        return subject
    key = chosen.key
    if subject_head and key.split()[0] == subject_head:
        return subject
    return key
