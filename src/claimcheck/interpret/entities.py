"""Entities: the companies and other subjects that figures belong to.

An entity mention is a run of capitalised words that is not a sentence-opening
function word, a month, a currency or a metric word. The document's main
subject is its most frequently mentioned entity; a figure belongs to the
nearest entity named before it in its sentence, else to the main subject.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from typing import NamedTuple

# A run of up to five capitalised words. The start-of-word test `\b` is written
# as `(?<!\w.)` after the first capital ("the character before it is not a
# word character"), the same test.
# NOTE: a pattern that opens with an assertion makes the regex engine try every
# position of the text; opening with `[A-Z]` lets it skip to capitals (twice as fast).
_CAPITALISED = re.compile(
    r"[A-Z](?<!\w.)[A-Za-z0-9&\-]*(?:'s|’s)?(?:[ \t]+(?:of[ \t]+|&[ \t]+)?[A-Z][A-Za-z0-9&\-]*(?:'s|’s)?){0,4}"
)
NOT_ENTITIES = frozenset(
    """a an the in on at it its this that these those but and or as after before by for from with since
    when while according last next meanwhile however analysts investors its their our we they he she his her
    there here what which who why how if then so yet still also only some many most more less about over
    under nearly almost around roughly approximately between both each every other another such all one two
    three four five six seven eight nine ten first second third new old early late today yesterday now
    january february march april may june july august september october november december jan feb mar apr
    jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday q1 q2 q3 q4
    h1 h2 fy rmb usd cny hkd eur gbp jpy us dollars yuan euros revenue sales arr mrr ceo cfo cto ipo
    series total note figure table chapter section source sources update updated read see i
    inc corp co ltd plc llc group holdings""".split()
)
SUFFIXES = frozenset("inc corp corporation co ltd limited plc llc group holdings technologies technology ag sa".split())
# Descriptive words that often precede a name ("Rival Orion Devices", "Chipmaker Veridian").
DESCRIPTORS = frozenset(
    """rival rivals chipmaker startup start-up company firm lender insurer retailer carmaker automaker maker
    chief executive president chairman chairwoman founder cofounder co-founder analyst analysts investor
    minister officials official spokesperson spokesman spokeswoman regulator regulators unit subsidiary
    parent brand platform app service data-center""".split()
)


class Mention(NamedTuple):
    """An entity named in the text: span in `Document.text` and normalised key."""

    # NOTE: a named tuple rather than a frozen dataclass: a document has tens of
    # thousands of mentions, and a frozen dataclass is three times slower to build.
    start: int
    end: int
    name: str
    key: str


# Words that cannot end a name (a trailing corporate suffix may).
TRAILING_STOP = NOT_ENTITIES - SUFFIXES


def _bare(word: str) -> str:
    """Return `word` in lower case without a possessive "'s"."""
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    return word.lower()


def entity_key(name: str) -> str:
    """Return the normalised key of an entity name: its first distinctive word.

    "Acme Corp's" → "acme"; "Veridian Semiconductor", "Chipmaker Veridian" and
    "Veridian's" → "veridian", so the variants of one name share a key.
    """
    words = [w.lower() for w in re.sub(r"('s|’s)\b", "", name).replace(".", " ").split()]
    kept = [w for w in words if w not in NOT_ENTITIES and w not in DESCRIPTORS and w not in SUFFIXES]
    return kept[0] if kept else ""


def find_mentions(text: str, start: int, end: int, common: frozenset[str] = frozenset()) -> list[Mention]:
    """Return the entity mentions inside text[start:end], in order.

    A single capitalised word that opens the sentence is dropped when its lower
    case is in `common` (words of the metric vocabulary: "Net", "Monthly").
    """
    out: list[Mention] = []
    for m in _CAPITALISED.finditer(text, start, end):
        _add_mention(out, m, start, common, _mention_parts(m.group(0)))
    return out


def find_all_mentions(
    text: str, sentences: list[tuple[int, int]], common: frozenset[str] = frozenset()
) -> list[Mention]:
    """Return the entity mentions of every sentence of `text`, in order.

    The same list as `find_mentions` over each sentence in turn, from one pass
    over the whole text: a match that lies inside a sentence is the match a
    scan of that sentence alone finds (the pattern has no look-ahead, and its
    start-of-word test sees the character before the sentence either way).
    A sentence that a match runs into or out of (a piece of an over-long
    sentence cut mid-word) is scanned on its own.
    """
    ends = [e for _, e in sentences]
    out: list[Mention] = []
    parts_of: dict[str, tuple[int, str, str] | None] = {}  # `_mention_parts` per matched text; names repeat
    k, start, end = -1, 0, 0  # the sentence of the previous match and its span
    first = 0  # index in `out` of that sentence's first mention
    rescanned = False  # whether that sentence was scanned on its own
    for m in _CAPITALISED.finditer(text):
        match_start, match_end = m.span()
        if match_start >= end:
            k = bisect_right(ends, match_start)  # the first sentence ending after the match starts
            if k == len(sentences):
                break
            start, end = sentences[k]
            first, rescanned = len(out), False
            if match_end <= start:
                continue  # between sentences (whitespace)
        if rescanned or match_start < start or match_end > end:
            if not rescanned:
                del out[first:]
                out.extend(find_mentions(text, start, end, common))
                rescanned = True
            while match_end > end and k + 1 < len(sentences) and sentences[k + 1][0] < match_end:
                k += 1
                start, end = sentences[k]
                out.extend(find_mentions(text, start, end, common))
            continue
        matched = m.group()
        parts = parts_of.get(matched, _UNSEEN)
        if parts is _UNSEEN:
            parts = parts_of[matched] = _mention_parts(matched)
        if parts is not None:
            offset, name, key = parts
            mention_start = match_start + offset
            if mention_start != start or key not in common:
                out.append(Mention(mention_start, mention_start + len(name), name, key))
    return out


_UNSEEN = object()


def _mention_parts(matched: str) -> tuple[int, str, str] | None:
    """Return (offset of the name in `matched`, name, key) for a capitalised run, or None if it names nothing."""
    words = matched.split()
    # Drop leading function words ("The Acme Corp" → "Acme Corp").
    skip = 0
    while skip < len(words) and _bare(words[skip]) in NOT_ENTITIES:
        skip += 1
    words = words[skip:]
    if not words:
        return None
    while words and _bare(words[-1]) in TRAILING_STOP:
        words.pop()
    if not words:
        return None
    name = " ".join(words)
    if len(words) > 1 and name.isupper():
        return None  # a dateline such as "SAN JOSE," is a place, not the subject
    key = entity_key(name)
    if not key or key in NOT_ENTITIES or len(key) < 2:
        return None
    return matched.find(words[0]), name, key


def _add_mention(out: list[Mention], m: re.Match, start: int, common: frozenset[str], parts) -> None:
    """Append the mention of match `m` (its `_mention_parts`) unless it is a common word opening the sentence."""
    if parts is None:
        return
    offset, name, key = parts
    s = m.start() + offset
    if s == start and key in common:
        return
    out.append(Mention(s, s + len(name), name, key))


def main_subject(mentions: list[Mention]) -> str | None:
    """Return the key of the most mentioned entity (ties: the earliest), or None."""
    if not mentions:
        return None
    counts = Counter(m.key for m in mentions)
    first: dict[str, int] = {}
    for m in mentions:
        first.setdefault(m.key, m.start)
    return max(counts, key=lambda k: (counts[k], -first[k]))
