"""Statements that relate figures: changes and compositions.

Each sentence is rewritten as a *skeleton* in which every figure is replaced by
a placeholder `\ue000N\ue001` (N = the figure's index), so that the patterns
below read like the prose they match: "from F to F", "F of which F",
"accounting for F of revenue". Sentences are bounded in length
(`sentences.MAX_SENTENCE`) and every quantifier is either bounded or, as in
`HEDGE` ("about", "nearly", ... repeated), repeats whole words followed by
white space, which one position can start in only one way; so a pattern tries
a bounded amount of work per position of a bounded sentence, and matching is
linear in the document.

Most sentences state no change and no composition. Before running a pattern,
a sentence is tested (`contains_any`) for the words every match of that
pattern contains, and so, once, is the whole document; the `*_WORDS` tuples
below must stay in step with their patterns. The change amounts of
VERB_AMOUNT and NOUN_OF are first looked for backwards from the figures
(`AMOUNT_REVERSED`), which is built from the same words.
"""

from __future__ import annotations

import re

from claimcheck.interpret import Change, Composition, Interpretation, Reading, contains_any, word_regex

F = r"\ue000(\d+)\ue001"
W = r"(?:[\w'’$-]+\s+)"  # one word and its trailing space
HEDGES = ("about", "around", "nearly", "almost", "roughly", "some", "approximately", "more than", "over", "just",
          "only", "a", "an", "the", "another")
HEDGE = rf"(?:(?:{'|'.join(HEDGES)})\s+)*"

FROM = word_regex("from")  # `\bfrom`
FROM_WORDS = ("from",)  # of FROM_TO, TO_FROM and FROM_ONLY
FROM_TO = re.compile(rf"{FROM}\s+{W}{{0,3}}?{F}\s*{W}{{0,3}}?to\s+{W}{{0,3}}?{F}")
# "$1.5 billion, up from $600 million": the first figure is the new level.
LEVEL_UP_FROM = re.compile(rf"{F}\s*,?\s+(?:up|down)\s+from\s+{W}{{0,3}}?{F}")
TO_FROM = re.compile(rf"{word_regex('to')}\s+{W}{{0,3}}?{F}[^.;\ue000]{{0,60}}?\bfrom\s+{W}{{0,3}}?{F}")
# "F, up X% from F": the first figure is the new level.
LEVEL_THEN_CHANGE = re.compile(
    rf"{F}(?:\s+(?:for|in)\s+(?:fy\s*)?(?:\ue000\d+\ue001|[a-z]+(?:\s[a-z]+){{0,2}}))?"
    rf"\s*,?\s+(?:(?:an?|or)\s+)?(?:up|down|higher|lower|(?:an? )?(?:increase|rise|gain|decline|drop|fall)\s+of)\s+{HEDGE}{F}"
)
TO_ONLY = re.compile(rf"{word_regex('to', 'reach(?:ed|ing)?', 'hit(?:ting)?')}\s+{W}{{0,2}}?{F}")
TO_ONLY_WORDS = ("to", "reach", "hit")
FROM_ONLY = re.compile(rf"{FROM}\s+{W}{{0,3}}?{F}")

# Neither list nests an alternation, so splitting them at "|" gives their alternatives.
UP_WORDS = (r"up|higher|increas\w*|rose|rise[sn]?|rising|gr[eo]w\w*|jump\w*|climb\w*|surg\w*|soar\w*|"
            r"gain\w*|expand\w*|add\w*|boost\w*|improv\w*")
DOWN_WORDS = r"down|lower|fell|fall\w*|drop\w*|declin\w*|decreas\w*|slid\w*|slump\w*|plung\w*|shr[aiu]nk\w*|lost|los[ei]\w*|cut\w*|reduc\w*"
_DOWN = re.compile(DOWN_WORDS)
VERBS = (*UP_WORDS.split("|"), *DOWN_WORDS.split("|"))
VERB_AMOUNT = re.compile(rf"({word_regex(*VERBS)})\s+(?:by\s+)?{HEDGE}{F}")
NOUN_AMOUNT = re.compile(
    rf"{F}[\s-]+(increase|rise|jump|gain|growth|surge|improvement|decline|drop|decrease|fall|reduction|cut|slump|plunge)\b"
)
OF_NOUNS = ("increase", "rise", "growth", "jump", "gain", "decline", "drop", "fall", "decrease", "reduction")
NOUN_OF = re.compile(rf"({word_regex(*OF_NOUNS)})\s+of\s+{HEDGE}{F}")
_REGEX_ATOM = re.compile(r"(?:\[[a-z]+\]|[a-z ])\??")


def reversed_regex(fragment: str) -> str:
    r"""Return a regex matching the reverse of each string that `fragment` matches.

    `fragment` may hold only lower-case letters, spaces and classes of letters
    (`[sn]`), each optionally followed by `?`; its reverse is the same atoms in
    reverse order.
    """
    atoms = _REGEX_ATOM.findall(fragment)
    if "".join(atoms) != fragment:
        raise ValueError(f"cannot reverse {fragment!r}")
    return "".join(reversed(atoms))


def _reversed_words(words) -> str:
    r"""Return a regex matching, in a reversed text, a whole word of `words` reversed (before a non-word).

    Each of `words` is a fragment for `reversed_regex`, or a stem followed by
    `\w*` (a word that starts with the stem). Reversed, the stem ends the word:
    the word is read whole and a fixed-width look-behind tests its end.
    """
    exact = [reversed_regex(w) for w in words if not w.endswith(r"\w*")]
    stems = [reversed_regex(w[:-3]) for w in words if w.endswith(r"\w*")]
    return rf"(?:(?:{'|'.join(exact)})(?!\w)|\w++(?:{'|'.join(f'(?<={stem})' for stem in stems)}))"


# NOTE: most clauses state no change, yet the regex engine tries VERB_AMOUNT and
# NOUN_OF at nearly every letter of them. Both patterns end with a figure, so
# this one, their reverse, opens with the character that closes a placeholder,
# which the engine skips to: the reversed clause holds a match of it exactly
# when the clause holds a match of either (`(?!\w)` is the reverse of the
# start-of-word test in `word_regex`). A clause without one skips both scans.
AMOUNT_REVERSED = re.compile(
    rf"\ue001\d+\ue000(?:\s+(?:{'|'.join(map(reversed_regex, HEDGES))}))*"
    rf"(?:(?:\s+yb)?\s+{_reversed_words(VERBS)}|\s+fo\s+(?:{'|'.join(map(reversed_regex, OF_NOUNS))})(?!\w))"
)
# "$52 million, 4.6% more than last year's $48 million", "$2.33 billion, 3.4% below the $2.41 billion
# reported": the amount and the base it is compared with; the level is the nearest figure before.
COMPARE = re.compile(
    rf"{F}\s+((?:more|higher|greater|larger|bigger|less|lower|smaller|fewer)\s+than|above|below)"
    rf"\s+(?:(?:the|its|their|a|an|last|this|previous|prior)\s+)?{W}{{0,3}}?{F}"
)
COMPARE_WORDS = ("than", "above", "below")
_PLACEHOLDER = re.compile(F)
_COMPARE_DOWN = frozenset(("less", "lower", "smaller", "below", "fewer"))
FACTOR = re.compile(
    r"\b(?:(more than|over|nearly|almost|roughly|about|around|approximately|at least)\s+)?"
    r"(doubl(?:e|ed|es|ing)|tripl(?:e|ed|es|ing)|quadrupl(?:e|ed|es|ing)|halv(?:e|ed|es|ing)|cut in half)\b"
)
FACTOR_WORDS = ("doubl", "tripl", "quadrupl", "halv", "cut in half")
FACTOR_VALUE = {"doub": 2.0, "trip": 3.0, "quad": 4.0, "halv": 0.5, "cut ": 0.5}
ADDED = re.compile(rf"{F}\s+(?:more|additional|extra)\b|\b(?:another|an additional|a further|additional)\s+{F}")
ADDED_WORDS = ("more", "additional", "extra", "another", "a further")

# A part, its share and the whole: "$190 million, or 12% of the $1.8 billion budget", "$190 million
# (12%) of the $1.8 billion", "12% ($190 million) of the $1.8 billion", "the $190 million is 12% of the
# city's $1.8 billion budget", "600 jobs, 9% of its workforce of 6,700", "40% of the 2,300 staff, or
# 920", "of the $2.4 billion raised, $510 million (21%) …".
_SHARE_LINK = (r"\s*[,(]?\s*(?:(?:or|is|was|are|were|which is|which was|about|around|roughly|nearly|almost|some|"
               r"just|only|accounting for|accounts? for|accounted for|represent(?:s|ed|ing)?|making up|makes up|"
               r"made up|equal to|equals|equivalent to|amounting to)\s+)*")
_OF_WHOLE = rf"\)?\s+of\s+(?:(?:the|its|their|our|his|her|this|that|a|an|all)\s+)?{W}{{0,2}}?{F}"
PART_SHARE_WHOLE = re.compile(rf"{F}(?:\s+[a-z][\w'’-]*)?{_SHARE_LINK}{F}{_OF_WHOLE}")  # the part's noun: "600 jobs"
SHARE_PART_WHOLE = re.compile(rf"{F}\s*\(\s*{HEDGE}{F}{_OF_WHOLE}")
# "40% of the 2,300 staff, or 920 people": the share, the whole, then the part.
SHARE_WHOLE_PART = re.compile(rf"{F}{_OF_WHOLE}(?:\s+[a-z][\w'’-]*)?\s*,?\s+or\s+{HEDGE}{F}")
# "Of the $2 billion raised, $500 million (25%) came from …": the whole, the part, its share.
WHOLE_PART_SHARE = re.compile(rf"\bof\s+(?:the|its|their|our)\s+{F}[^\ue000.;]{{0,30}}?,\s+{F}\s*\(\s*{HEDGE}{F}\s*\)")
OF_WHICH = re.compile(rf"{F}[^.;\ue000]{{0,80}}?\bof (?:which|whom)\s+{HEDGE}{F}")
OF_WHICH_WORDS = ("of which", "of whom")
PART_OF = re.compile(rf"{F}\s+(?:of|out of)\s+(?:the|its|their|all|a)?\s*{W}{{0,1}}?{F}")
SHARE_VERB = re.compile(r"\b(?:account(?:s|ed|ing)? for|represent(?:s|ed|ing)?|make up|makes up|made up|"
                        r"contribut(?:es|ed|ing) |comprise[sd]?|constitut\w+)\b")
SHARE_OF = re.compile(rf"{F}\s+of\s+(?:(?:the|its|their|total|all|overall|group)\s+)*([a-z][a-z -]{{1,40}}?)"
                      r"(?=[,.;:)]|\s+(?:and|while|with|in|for|from|came|come|is|was|were|are)\b|$)")
TOTAL_BEFORE = re.compile(rf"\b(?:a total of|totall?ing|in total|altogether|a combined|combined)\s+{HEDGE}{F}")
TOTAL_AFTER = re.compile(rf"{F}\s+(?:in total|in all|altogether|combined)\b")
TOTAL_WORDS = ("total", "altogether", "combined", "in all")  # of TOTAL_BEFORE and TOTAL_AFTER
INCOMPLETE = re.compile(r"\b(?:including|includes|among|such as|other|others|rest|remaining|remainder|e\.g\.)\b")


# The word lists tested against the whole document first.
_CUES = (FROM_WORDS, TO_ONLY_WORDS, FACTOR_WORDS, ADDED_WORDS, OF_WHICH_WORDS, TOTAL_WORDS)


def skeleton(interp: Interpretation, k: int, readings: list[Reading]) -> str:
    """Return sentence `k` in lower case with each figure replaced by its placeholder."""
    s, e = interp.sentences[k]
    text = interp.doc.text
    if len(readings) == 1:  # the most common case, without the list
        f = readings[0].figure
        return f"{text[s:f.start]}\ue000{readings[0].index}\ue001{text[f.end:e]}".lower()
    parts, pos = [], s
    for r in readings:
        f = r.figure
        parts.append(text[pos:f.start])
        parts.append(f"\ue000{r.index}\ue001")
        pos = f.end
    parts.append(text[pos:e])
    # NOTE: one lower() of the whole skeleton equals lowering each piece of
    # prose on its own: lowering maps character by character except for a
    # capital sigma, whose final form depends on its neighbours, and a
    # placeholder's characters are neither cased nor case-ignorable, so they
    # end that context just as the end of a piece does.
    return "".join(parts).lower()


def _compatible(a: Reading, b: Reading) -> bool:
    """Return True when two figures measure the same kind of thing in the same unit."""
    fa, fb = a.figure, b.figure
    if fa.kind == "year" or fb.kind == "year" or fa.kind == "date" or fb.kind == "date":
        return False
    if fa.unit != fb.unit:
        return fa.kind in ("number", "count") and fb.kind in ("number", "count")
    return fa.kind == fb.kind or {fa.kind, fb.kind} <= {"number", "count", "money"}


def find_statements(interp: Interpretation, packs, groups: list[tuple[int, list[Reading]]], doc_lower: str) -> None:
    """Find changes and compositions in every sentence and record figure roles (in place).

    `groups` pairs each sentence that holds figures with its readings, in order;
    `doc_lower` is the document's text in lower case.
    """
    readings = interp.readings
    # NOTE: words missing from the whole document are missing from each of its
    # sentences (lowering maps character by character, and a capital sigma never
    # lowers to ASCII), so one test per document spares every sentence its tests.
    cues = frozenset(words for words in _CUES if contains_any(doc_lower, words))
    previous: list[Reading] = []
    text = interp.doc.text
    for k, rs in groups:
        # Every pattern needs a word: skip a sentence without a letter (a run of
        # figures) before building its skeleton, and one whose letters are all
        # inside its figures ("$5m") after.
        if _LETTER_BEFORE_LOWER.search(text, *interp.sentences[k]) is not None:
            sk = skeleton(interp, k, rs)
            if _LETTER.search(sk) is not None:
                for clause in _split_clauses(sk):
                    _changes(interp, k, clause, readings, rs, previous, packs, cues)
                _compositions(interp, k, sk, readings, rs, cues)
        previous = rs


def _has_cue(sk: str, words: tuple[str, ...], cues: frozenset[tuple[str, ...]]) -> bool:
    """Return True when `sk` holds one of `words`; False at once when the document (`cues`) holds none."""
    return words in cues and contains_any(sk, words)


_LETTER = re.compile(r"[a-z]")
# The characters whose lower case holds a letter of `_LETTER`: "İ" and the Kelvin sign besides A-Z.
_LETTER_BEFORE_LOWER = re.compile("[A-Za-z\u0130\u212a]")

# Clause boundaries: each clause states at most one change.
CLAUSE = re.compile(r";|,\s+(?:and|while|but|whereas)\s|\s(?:while|whereas)\s")
# `CLAUSE` for a skeleton holding neither "while" nor "whereas": the same matches, but the
# search skips to the commas and semicolons instead of trying every space.
_CLAUSE_WITHOUT_WHILE = re.compile(r";|,\s+(?:and|but)\s")


def _split_clauses(sk: str) -> list[str]:
    """Return the clauses of a sentence skeleton (a clause without a figure is dropped)."""
    # Every boundary holds ";", "while", "whereas" or a comma before "and"/"but".
    if "while" in sk or "whereas" in sk:
        return [c for c in CLAUSE.split(sk) if "\ue000" in c] or [sk]
    if ";" in sk or ("," in sk and ("and" in sk or "but" in sk)):
        return [c for c in _CLAUSE_WITHOUT_WHILE.split(sk) if "\ue000" in c] or [sk]
    return [sk]


def _changes(interp, k, sk, readings, rs, previous, packs, cues) -> None:
    """Record the change statement of sentence `k`, if it has one; `cues` as in `_has_cue`."""
    before = after = multiple = None
    found = False
    if _has_cue(sk, FROM_WORDS, cues):
        # The first pattern that matches compatible figures gives the levels.
        for rx, level_first in _FROM_PATTERNS:
            m = rx.search(sk)
            if m:
                a, b = readings[int(m.group(1))], readings[int(m.group(2))]
                if level_first:
                    a, b = b, a
                if _compatible(a, b):
                    before, after, found = a, b, True
                    break
    amounts: list[Reading] = []
    direction = 0
    compared = _comparison(sk, readings) if not found and contains_any(sk, COMPARE_WORDS) else None
    if compared is not None:
        # The compared amount is the clause's only amount: in "up 20% from a year earlier and
        # 5% above the $10 billion expected", the 20% is a change from another level.
        before, after, amount, direction = compared
        amounts.append(amount)
        found = True
        patterns = ()
    elif AMOUNT_REVERSED.search(sk[::-1]) is not None:
        patterns = _AMOUNT_PATTERNS
    else:
        patterns = _NOUN_AMOUNT_ONLY
    for rx in patterns:
        for m in rx.finditer(sk):
            word, idx = (m.group(1), m.group(2)) if rx is not NOUN_AMOUNT else (m.group(2), m.group(1))
            r = readings[int(idx)]
            if r in amounts or r is before or r is after or r.figure.kind in ("year", "date", "duration"):
                continue
            amounts.append(r)
            if not direction:
                direction = -1 if _DOWN.fullmatch(word) else 1
    for r in amounts:
        if r.figure.kind == "multiple" and multiple is None:
            multiple = r
    ch_amounts = [r for r in amounts if r.figure.kind != "multiple"]
    fm = FACTOR.search(sk) if _has_cue(sk, FACTOR_WORDS, cues) else None
    if not found and not fm and not ch_amounts and multiple is None:
        return
    ch = Change(sentence=k, start=interp.sentences[k][0], end=interp.sentences[k][1],
                before=before, after=after, multiple=multiple, compared=compared is not None)
    if fm:
        ch.factor_word = fm.group(2)
        ch.factor = FACTOR_VALUE[fm.group(2)[:4]]
        ch.factor_hedge = fm.group(1)
    # An added amount ("$3 million more") counts only next to a factor or a change amount.
    am = ADDED.search(sk) if (fm or ch_amounts or multiple) and _has_cue(sk, ADDED_WORDS, cues) else None
    if am:
        idx = int(am.group(1) or am.group(2))
        added = readings[idx]
        base = None
        for r in reversed([x for x in rs if x.index < idx]):
            if _compatible(r, added):
                base = r
                break
        if base is None:
            for r in reversed(previous):
                if _compatible(r, added):
                    base = r
                    break
        if base is not None and ch.before is None:
            ch.added, ch.before = added, base
            added.role = "more"
            ch_amounts = [r for r in ch_amounts if r is not added]
    if ch.after is None:
        m = LEVEL_THEN_CHANGE.search(sk)
        if m:
            cand = readings[int(m.group(1))]
            if cand.figure.kind not in ("year", "date", "percent") or cand.figure.unit == "%":
                if ch.before is None or _compatible(cand, ch.before):
                    if cand is not ch.before and not any(cand is a for a in ch_amounts):
                        ch.after = cand
    if ch.after is None and ch.before is None:
        m = TO_ONLY.search(sk) if _has_cue(sk, TO_ONLY_WORDS, cues) else None
        if m:
            cand = readings[int(m.group(1))]
            if not any(cand is a for a in ch_amounts) and cand is not ch.multiple \
                    and cand.figure.kind not in ("year", "date"):
                ch.after = cand
    if ch.before is None:
        m = FROM_ONLY.search(sk) if _has_cue(sk, FROM_WORDS, cues) else None
        if m:
            cand = readings[int(m.group(1))]
            if not any(cand is a for a in ch_amounts) and cand is not ch.multiple and cand is not ch.after \
                    and cand.figure.kind not in ("year", "date"):
                if ch.after is None or _compatible(cand, ch.after):
                    ch.before = cand
    ch.direction = direction or 1
    ch.amounts = ch_amounts
    for r in ch_amounts:
        r.role = "change"
    if ch.multiple is not None:
        ch.multiple.role = "change"
    if ch.before is not None and ch.before.role == "level":
        ch.before.role = "from"
        if ch.before.period is None:
            ch.before.period = "before"
            ch.before.figure.period = "before"
    if ch.after is not None and ch.after.role == "level":
        ch.after.role = "to"
    ch.metric = _change_metric(interp, k, ch, packs)
    interp.changes.append(ch)


def _comparison(sk: str, readings: list[Reading]) -> tuple[Reading, Reading, Reading, int] | None:
    """Return (base, level, amount, direction) of a comparison "L, X% more than B" in clause `sk`, or None.

    The level L is the nearest figure before the amount, in the clause, that
    is compatible with the base and at most 80 characters before the amount.
    """
    m = COMPARE.search(sk)
    if m is None:
        return None
    amount, before = readings[int(m.group(1))], readings[int(m.group(3))]
    if before.role != "level":
        return None
    if not (amount.figure.unit == "%" and amount.figure.kind == "percent") and not _compatible(amount, before):
        return None
    head = sk[max(0, m.start() - 80):m.start()]
    if "." in head or ";" in head:
        head = head[max(head.rfind("."), head.rfind(";")) + 1:]
    for idx in reversed(_PLACEHOLDER.findall(head)):
        after = readings[int(idx)]
        if _compatible(after, before):
            if after.role != "level":
                return None
            return before, after, amount, -1 if m.group(2).split()[0] in _COMPARE_DOWN else 1
    return None


# The patterns that state both levels, in the order they are tried, each with
# True when its first figure is the new level ("to B from A", "B, up from A").
_FROM_PATTERNS = ((FROM_TO, False), (TO_FROM, True), (LEVEL_UP_FROM, True))

# The patterns of change amounts, in the order their matches are taken; without a match
# of `AMOUNT_REVERSED` only NOUN_AMOUNT can match.
_AMOUNT_PATTERNS = (VERB_AMOUNT, NOUN_AMOUNT, NOUN_OF)
_NOUN_AMOUNT_ONLY = (NOUN_AMOUNT,)


def _change_metric(interp, k, ch: Change, packs) -> str | None:
    """Return the metric whose change `ch` states."""
    for r in (ch.after, ch.before):
        if r is not None and r.metric:
            return r.metric
    for r in ch.amounts:
        if r.metric:
            return r.metric
    phrases = interp.metric_phrases(k, packs)
    return phrases[0][2] if phrases else None


def _compositions(interp, k, sk, readings, rs, cues) -> None:
    """Record part/whole, total and share statements of sentence `k`; `cues` as in `_has_cue`."""
    if len(rs) < 2:
        return  # every composition relates two figures or more
    first = len(interp.compositions)
    if _has_cue(sk, OF_WHICH_WORDS, cues):
        for m in OF_WHICH.finditer(sk):
            whole, part = readings[int(m.group(1))], readings[int(m.group(2))]
            if _compatible(whole, part) and whole.role == "level":
                parts = [part]
                for r in rs:
                    if r.index > part.index and _compatible(r, part) and r.role == "level":
                        parts.append(r)
                comp = Composition(k, "of-which", whole, parts, complete=False)
                whole.role = "whole"
                for p in parts:
                    p.role = "part"
                interp.compositions.append(comp)
    if "of" in sk:
        for m in PART_OF.finditer(sk):
            part, whole = readings[int(m.group(1))], readings[int(m.group(2))]
            if part.figure.kind in ("count", "number", "money") and _compatible(part, whole) \
                    and part.role == "level" and whole.role == "level":
                part.role, whole.role = "part", "whole"
                interp.compositions.append(Composition(k, "part-of", whole, [part]))
    if len(rs) >= 3 and "of " in sk:
        _share_of(interp, k, sk, readings)
    if len(rs) >= 3 and _has_cue(sk, TOTAL_WORDS, cues):  # a total and two parts
        _totals(interp, k, sk, readings, rs)
    if len(interp.compositions) > first and "(" in sk:
        _paren_shares(interp, k, sk, readings, interp.compositions[first:])
    shares = [r for r in rs if r.figure.kind == "percent" and r.figure.unit == "%" and r.role == "level"]
    if len(shares) >= 2 and SHARE_VERB.search(sk):
        sm = SHARE_OF.search(sk)
        phrase = sm.group(2).strip() if sm else None
        for r in shares:
            r.role = "share"
        interp.compositions.append(Composition(k, "shares", None, shares, whole_phrase=phrase))


# A part with its share in parentheses: "$4 million (44%)".
PART_PAREN_SHARE = re.compile(rf"{F}\s*\(\s*{HEDGE}{F}\s*\)")


def _paren_shares(interp, k, sk, readings, found: list[Composition]) -> None:
    """Record a share-of statement for each part of `found` that has its share in parentheses.

    "A total of $9 million: $4 million (44%) from pension funds and $5 million
    (56%) from family offices": each share is checked against its part and the
    whole of the composition the part belongs to.
    """
    whole_of = {p.index: c.whole for c in found if c.whole is not None and c.kind != "share-of" for p in c.parts}
    for m in PART_PAREN_SHARE.finditer(sk):
        part = readings[int(m.group(1))]
        whole = whole_of.get(part.index)
        if whole is not None:
            _record_share(interp, k, part, readings[int(m.group(2))], whole)


# Each pattern with the groups of its (part, share, whole) figures.
_SHARE_PATTERNS = ((PART_SHARE_WHOLE, (1, 2, 3)), (SHARE_PART_WHOLE, (2, 1, 3)), (SHARE_WHOLE_PART, (3, 1, 2)),
                   (WHOLE_PART_SHARE, (2, 3, 1)))


def _share_of(interp, k, sk, readings) -> None:
    """Record each part stated with its percentage share of a stated whole in sentence `k`."""
    for rx, groups in _SHARE_PATTERNS:
        for m in rx.finditer(sk):
            _record_share(interp, k, *(readings[int(m.group(g))] for g in groups))


def _record_share(interp, k, part: Reading, share: Reading, whole: Reading) -> None:
    """Record that `share` is the percentage of `whole` that `part` is, when the figures can say so.

    A part may be a change amount ("cut 600 jobs, 9% of its workforce of
    6,700") or a part of a total already recorded; it keeps that role.
    """
    if part.figure.kind not in ("money", "count", "number") or not _compatible(part, whole):
        return
    if share.figure.kind != "percent" or share.figure.unit != "%" or share.role != "level":
        return
    if part.role not in ("level", "change", "part") or whole.role not in ("level", "whole", "total"):
        return
    if part.role == "level":
        part.role = "part"
    if whole.role == "level":
        whole.role = "whole"
    share.role = "share"
    interp.compositions.append(Composition(k, "share-of", whole, [part], share=share))


# What opens the list of parts after a total: "a total of $9m: …", "… of which", "including".
_LIST_OPENER = re.compile(r"^[^\ue000]{0,40}?(?::|—|–|, of which| of which|, including| including| from)")


def _totals(interp, k, sk, readings, rs) -> None:
    """Record a stated total and the parts listed with it in sentence `k`."""
    m = TOTAL_BEFORE.search(sk) or TOTAL_AFTER.search(sk)
    if not m:
        return
    total = readings[int(m.group(1))]
    if total.role != "level" or total.figure.kind not in ("money", "count", "number"):
        return
    before = [r for r in rs if r.index < total.index and r.role == "level" and _compatible(r, total)]
    after = [r for r in rs if r.index > total.index and r.role == "level" and _compatible(r, total)]
    tail = sk[m.end():]
    if after and _LIST_OPENER.match(tail):
        parts, complete = after, not INCOMPLETE.search(tail)
    elif before and len(before) >= 2:
        parts, complete = before, not INCOMPLETE.search(sk[: m.start()])
    else:
        return
    if len(parts) < 2:
        return
    total.role = "total"
    for p in parts:
        p.role = "part"
    interp.compositions.append(Composition(k, "total", total, parts, complete=complete))
