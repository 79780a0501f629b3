"""Entities: the companies and other subjects that figures belong to.

An entity mention is a run of capitalised words that is not a sentence-opening
function word, a month, a currency or a metric word. The document's main
subject is its most frequently mentioned entity; a figure belongs to the
nearest entity named before it in its sentence, else to the main subject.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

_CAPITALISED = re.compile(
    r"\b[A-Z][A-Za-z0-9&\-]*(?:'s|’s)?(?:[ \t]+(?:of[ \t]+|&[ \t]+)?[A-Z][A-Za-z0-9&\-]*(?:'s|’s)?){0,4}"
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


@dataclass(frozen=True, slots=True)
class Mention:
    """An entity named in the text: span in `Document.text` and normalised key."""

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
        words = m.group(0).split()
        # Drop leading function words ("The Acme Corp" → "Acme Corp").
        skip = 0
        while skip < len(words) and _bare(words[skip]) in NOT_ENTITIES:
            skip += 1
        words = words[skip:]
        if not words:
            continue
        while words and _bare(words[-1]) in TRAILING_STOP:
            words.pop()
        if not words:
            continue
        name = " ".join(words)
        if len(words) > 1 and name.isupper():
            continue  # a dateline such as "SAN JOSE," is a place, not the subject
        key = entity_key(name)
        if not key or key in NOT_ENTITIES or len(key) < 2:
            continue
        offset = m.group(0).find(words[0])
        s = m.start() + offset
        if s == start and key in common:
            continue
        out.append(Mention(s, s + len(name), name, key))
    return out


def main_subject(mentions: list[Mention]) -> str | None:
    """Return the key of the most mentioned entity (ties: the earliest), or None."""
    if not mentions:
        return None
    counts = Counter(m.key for m in mentions)
    first: dict[str, int] = {}
    for m in mentions:
        first.setdefault(m.key, m.start)
    return max(counts, key=lambda k: (counts[k], -first[k]))
