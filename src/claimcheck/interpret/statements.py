"""Statements that relate figures: changes and compositions.

Each sentence is rewritten as a *skeleton* in which every figure is replaced by
a placeholder `\ue000N\ue001` (N = the figure's index), so that the patterns
below read like the prose they match: "from F to F", "F of which F",
"accounting for F of revenue". Sentences are bounded in length
(`sentences.MAX_SENTENCE`) and every quantifier is bounded, so matching is
linear in the document.
"""

from __future__ import annotations

import re

from claimcheck.interpret import Change, Composition, Interpretation, Reading

F = r"\ue000(\d+)\ue001"
W = r"(?:[\w'’$-]+\s+)"  # one word and its trailing space
HEDGE = r"(?:(?:about|around|nearly|almost|roughly|some|approximately|more than|over|just|only|a|an|the|another)\s+)*"

FROM_TO = re.compile(rf"\bfrom\s+{W}{{0,3}}?{F}\s*{W}{{0,3}}?to\s+{W}{{0,3}}?{F}")
TO_FROM = re.compile(rf"\bto\s+{W}{{0,3}}?{F}[^.;\ue000]{{0,60}}?\bfrom\s+{W}{{0,3}}?{F}")
# "F, up X% from F": the first figure is the new level.
LEVEL_THEN_CHANGE = re.compile(
    rf"{F}(?:\s+(?:for|in)\s+(?:fy\s*)?(?:\ue000\d+\ue001|[a-z]+(?:\s[a-z]+){{0,2}}))?"
    rf"\s*,?\s+(?:(?:an?|or)\s+)?(?:up|down|higher|lower|(?:an? )?(?:increase|rise|gain|decline|drop|fall)\s+of)\s+{HEDGE}{F}"
)
TO_ONLY = re.compile(rf"\b(?:to|reach(?:ed|ing)?|hit(?:ting)?)\s+{W}{{0,2}}?{F}")
FROM_ONLY = re.compile(rf"\bfrom\s+{W}{{0,3}}?{F}")

UP_WORDS = (r"up|higher|increas\w*|rose|rise[sn]?|rising|gr[eo]w\w*|jump\w*|climb\w*|surg\w*|soar\w*|"
            r"gain\w*|expand\w*|add\w*|boost\w*|improv\w*")
DOWN_WORDS = r"down|lower|fell|fall\w*|drop\w*|declin\w*|decreas\w*|slid\w*|slump\w*|plung\w*|shr[aiu]nk\w*|lost|los[ei]\w*|cut\w*|reduc\w*"
VERB_AMOUNT = re.compile(rf"\b({UP_WORDS}|{DOWN_WORDS})\s+(?:by\s+)?{HEDGE}{F}")
NOUN_AMOUNT = re.compile(
    rf"{F}[\s-]+(increase|rise|jump|gain|growth|surge|improvement|decline|drop|decrease|fall|reduction|cut|slump|plunge)\b"
)
NOUN_OF = re.compile(rf"\b(increase|rise|growth|jump|gain|decline|drop|fall|decrease|reduction)\s+of\s+{HEDGE}{F}")
FACTOR = re.compile(
    r"\b(?:(more than|over|nearly|almost|roughly|about|around|approximately|at least)\s+)?"
    r"(doubl(?:e|ed|es|ing)|tripl(?:e|ed|es|ing)|quadrupl(?:e|ed|es|ing)|halv(?:e|ed|es|ing)|cut in half)\b"
)
FACTOR_VALUE = {"doub": 2.0, "trip": 3.0, "quad": 4.0, "halv": 0.5, "cut ": 0.5}
ADDED = re.compile(rf"{F}\s+(?:more|additional|extra)\b|\b(?:another|an additional|a further|additional)\s+{F}")

OF_WHICH = re.compile(rf"{F}[^.;\ue000]{{0,80}}?\bof (?:which|whom)\s+{HEDGE}{F}")
PART_OF = re.compile(rf"{F}\s+(?:of|out of)\s+(?:the|its|their|all|a)?\s*{W}{{0,1}}?{F}")
SHARE_VERB = re.compile(r"\b(?:account(?:s|ed|ing)? for|represent(?:s|ed|ing)?|make up|makes up|made up|"
                        r"contribut(?:es|ed|ing) |comprise[sd]?|constitut\w+)\b")
SHARE_OF = re.compile(rf"{F}\s+of\s+(?:(?:the|its|their|total|all|overall|group)\s+)*([a-z][a-z -]{{1,40}}?)"
                      r"(?=[,.;:)]|\s+(?:and|while|with|in|for|from|came|come|is|was|were|are)\b|$)")
TOTAL_BEFORE = re.compile(rf"\b(?:a total of|totall?ing|in total|altogether|a combined|combined)\s+{HEDGE}{F}")
TOTAL_AFTER = re.compile(rf"{F}\s+(?:in total|in all|altogether|combined)\b")
INCOMPLETE = re.compile(r"\b(?:including|includes|among|such as|other|others|rest|remaining|remainder|e\.g\.)\b")


def skeleton(interp: Interpretation, k: int, readings: list[Reading]) -> str:
    """Return sentence `k` in lower case with each figure replaced by its placeholder."""
    s, e = interp.sentences[k]
    text = interp.doc.text
    parts, pos = [], s
    for r in readings:
        f = r.figure
        parts.append(text[pos:f.start].lower())
        parts.append(f"\ue000{r.index}\ue001")
        pos = f.end
    parts.append(text[pos:e].lower())
    return "".join(parts)


def _compatible(a: Reading, b: Reading) -> bool:
    """Return True when two figures measure the same kind of thing in the same unit."""
    fa, fb = a.figure, b.figure
    if fa.kind == "year" or fb.kind == "year" or fa.kind == "date" or fb.kind == "date":
        return False
    if fa.unit != fb.unit:
        return fa.kind in ("number", "count") and fb.kind in ("number", "count")
    return fa.kind == fb.kind or {fa.kind, fb.kind} <= {"number", "count", "money"}


def find_statements(interp: Interpretation, packs) -> None:
    """Find changes and compositions in every sentence and record figure roles (in place)."""
    by_sentence: dict[int, list[Reading]] = {}
    for r in interp.readings:
        by_sentence.setdefault(r.sentence, []).append(r)
    readings = interp.readings
    previous: list[Reading] = []
    for k in sorted(by_sentence):
        rs = by_sentence[k]
        sk = skeleton(interp, k, rs)
        for clause in _split_clauses(sk):
            _changes(interp, k, clause, readings, rs, previous, packs)
        _compositions(interp, k, sk, readings, rs)
        previous = rs


# Clause boundaries: each clause states at most one change.
CLAUSE = re.compile(r";|,\s+(?:and|while|but|whereas)\s|\s(?:while|whereas)\s")


def _split_clauses(sk: str) -> list[str]:
    """Return the clauses of a sentence skeleton (a clause without a figure is dropped)."""
    return [c for c in CLAUSE.split(sk) if "\ue000" in c] or [sk]


def _changes(interp, k, sk, readings, rs, previous, packs) -> None:
    """Record the change statement of sentence `k`, if it has one."""
    ch = Change(sentence=k, start=interp.sentences[k][0], end=interp.sentences[k][1])
    found = False
    m = FROM_TO.search(sk)
    if m:
        a, b = readings[int(m.group(1))], readings[int(m.group(2))]
        if _compatible(a, b):
            ch.before, ch.after, found = a, b, True
    if not found:
        m = TO_FROM.search(sk)
        if m:
            b, a = readings[int(m.group(1))], readings[int(m.group(2))]
            if _compatible(a, b):
                ch.before, ch.after, found = a, b, True
    amounts: list[Reading] = []
    direction = 0
    for rx in (VERB_AMOUNT, NOUN_AMOUNT, NOUN_OF):
        for m in rx.finditer(sk):
            word, idx = (m.group(1), m.group(2)) if rx is not NOUN_AMOUNT else (m.group(2), m.group(1))
            r = readings[int(idx)]
            if r in amounts or r is ch.before or r is ch.after or r.figure.kind in ("year", "date", "duration"):
                continue
            amounts.append(r)
            if not direction:
                direction = -1 if re.fullmatch(DOWN_WORDS, word) else 1
    for r in amounts:
        if r.figure.kind == "multiple" and ch.multiple is None:
            ch.multiple = r
    ch_amounts = [r for r in amounts if r.figure.kind != "multiple"]
    fm = FACTOR.search(sk)
    if fm:
        ch.factor_word = fm.group(2)
        ch.factor = FACTOR_VALUE[fm.group(2)[:4]]
        ch.factor_hedge = fm.group(1)
        found = True
    am = ADDED.search(sk)
    if am and (fm or ch_amounts or ch.multiple):
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
            ch.added, ch.before, found = added, base, True
            added.role = "more"
            ch_amounts = [r for r in ch_amounts if r is not added]
    if not found and not ch_amounts and ch.multiple is None:
        return
    if ch.after is None:
        m = LEVEL_THEN_CHANGE.search(sk)
        if m:
            cand = readings[int(m.group(1))]
            if cand.figure.kind not in ("year", "date", "percent") or cand.figure.unit == "%":
                if ch.before is None or _compatible(cand, ch.before):
                    if cand is not ch.before and not any(cand is a for a in ch_amounts):
                        ch.after = cand
    if ch.after is None and ch.before is None:
        m = TO_ONLY.search(sk)
        if m:
            cand = readings[int(m.group(1))]
            if not any(cand is a for a in ch_amounts) and cand is not ch.multiple \
                    and cand.figure.kind not in ("year", "date"):
                ch.after = cand
    if ch.before is None:
        m = FROM_ONLY.search(sk)
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


def _change_metric(interp, k, ch: Change, packs) -> str | None:
    """Return the metric whose change `ch` states."""
    for r in (ch.after, ch.before):
        if r is not None and r.metric:
            return r.metric
    for r in ch.amounts:
        if r.metric:
            return r.metric
    s, e = interp.sentences[k]
    phrases = packs.find_metric_phrases(interp.doc.text[s:e].lower())
    return phrases[0][2] if phrases else None


def _compositions(interp, k, sk, readings, rs) -> None:
    """Record part/whole, total and share statements of sentence `k`."""
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
    for m in PART_OF.finditer(sk):
        part, whole = readings[int(m.group(1))], readings[int(m.group(2))]
        if part.figure.kind in ("count", "number", "money") and _compatible(part, whole) \
                and part.role == "level" and whole.role == "level":
            part.role, whole.role = "part", "whole"
            interp.compositions.append(Composition(k, "part-of", whole, [part]))
    _totals(interp, k, sk, readings, rs)
    if SHARE_VERB.search(sk):
        shares = [r for r in rs if r.figure.kind == "percent" and r.figure.unit == "%" and r.role == "level"]
        if len(shares) >= 2:
            sm = SHARE_OF.search(sk)
            phrase = sm.group(2).strip() if sm else None
            for r in shares:
                r.role = "share"
            interp.compositions.append(Composition(k, "shares", None, shares, whole_phrase=phrase))


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
    if after and re.match(r"^[^\ue000]{0,40}?(?::|—|–|, of which| of which|, including| including| from)", tail):
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
