"""The extraction vocabulary, loaded once from `rules/lexicon.toml`.

`lexicon()` returns a frozen `Lexicon`: plain lookup tables (word -> value)
and the few compiled regular expressions built from them. Every regex here is
linear: alternations of literal words (as a trie) and bounded repetitions.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from claimcheck.resources import data_path

DIGIT = "[0-9\uff10-\uff19]"
# Spaces that may separate tokens of one figure (no line breaks: a figure
# never spans a blank line, and rarely a line break).
SP = "[ \t\u00a0\u2009\u202f]"


def trie_pattern(words: list[str], space: str | None = None) -> str:
    """Return a regex alternation matching any of `words`, longest first, as a trie.

    A trie keeps the master pattern fast: Python's `re` tries alternatives one
    by one, so a shared prefix is tested once instead of once per word. With
    `space` (a regex), a space inside a word matches `space` instead of itself.
    """
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def render(node: dict) -> str:
        ends = "" in node
        branches = [(space if ch == " " and space is not None else re.escape(ch)) + render(child)
                    for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return "(?:" + body + ")?"
        return body

    return render(trie)


def phrase_trie_pattern(phrases: list[str]) -> str:
    """Return a regex matching any of `phrases` as a trie, a space inside a phrase matching a run of `SP`.

    The same strings as an alternation of the phrases (`_phrase`), without
    trying every phrase at every position.
    """
    return trie_pattern(phrases, SP + "+")


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Lookup tables and compiled patterns of the extraction vocabulary."""

    scale_words: dict[str, Decimal]
    scale_abbr: dict[str, Decimal]
    scale_attached: dict[str, Decimal]
    scale_money: dict[str, Decimal]
    cardinal: dict[str, int]
    multipliers: dict[str, int]
    denominators: dict[str, int]
    compound_ordinals: dict[str, int]
    negative_words: frozenset[str]
    pronoun_one: frozenset[str]
    symbols: dict[str, str]
    codes: dict[str, str]
    names: dict[str, str]
    money_words: dict[str, str]
    minor: dict[str, tuple[str, Decimal]]
    percent: frozenset[str]
    points: frozenset[str]
    context_points: frozenset[str]
    basis_points: frozenset[str]
    multiple: frozenset[str]
    duration: dict[str, tuple[str, Decimal]]
    months: dict[str, int]
    month_only_after: tuple[str, ...]
    year_prefixes: frozenset[str]
    min_year: int
    max_year: int
    hedges: dict[str, tuple[str, Decimal]]
    month_words: frozenset[str]
    rank_prefixes: frozenset[str]
    version_prefixes: frozenset[str]
    attached_prefixes: frozenset[str]
    stopwords: frozenset[str]
    # Compiled patterns.
    url_re: re.Pattern
    digits_re: re.Pattern
    words_re: re.Pattern
    hedge_last_words: frozenset[str]
    hedge_single: frozenset[str]
    hedge_pairs: frozenset[tuple[str, str]]
    suffix_first_words: frozenset[str]
    suffix_symbols: frozenset[str]
    suffix: re.Pattern
    # Whether `suffix` matches a "%" right after a number as the percent sign
    # alone (no other marker starts with "%").
    percent_sign_alone: bool
    hedge_before: re.Pattern
    hedge_before_ascii: re.Pattern
    number_words: frozenset[str]


def _decimal_map(table: dict) -> dict[str, Decimal]:
    return {k: Decimal(str(v)) for k, v in table.items()}


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _phrase(words) -> str:
    """Alternation of phrases whose inner spaces match any run of spaces."""
    return "|".join((SP + "+").join(re.escape(p) for p in w.split(" "))
                    for w in sorted(words, key=len, reverse=True))


@cache
def lexicon() -> Lexicon:
    """Return the extraction vocabulary, loaded from `lexicon.toml` on first use."""
    with open(data_path("lexicon.toml"), "rb") as fh:
        raw = tomllib.load(fh)
    scale = raw["scale"]
    numbers = raw["numbers"]
    cur = raw["currency"]
    pct = raw["percent"]
    dates = raw["dates"]
    notf = raw["not_figures"]

    scale_words = _decimal_map(scale["words"])
    cardinal = dict(numbers["cardinal"])
    multipliers = dict(numbers["multipliers"])
    denominators = dict(numbers["denominators"])
    compound = dict(numbers["compound_ordinals"])
    for word, value in list(compound.items()):
        compound.setdefault(word + "s", value)
    for word, value in list(denominators.items()):
        if not word.endswith("s") and word not in ("half",):
            denominators.setdefault(word + "s", value)

    months: dict[str, int] = {}
    for n, names in enumerate(dates["months"], 1):
        for name in names:
            months[name] = n

    hedges: dict[str, tuple[str, Decimal]] = {}
    hd = raw["hedges"]
    for w in hd["approximate"]["words"]:
        hedges[w] = ("approximate", Decimal(hd["approximate"]["widen"]))
    for w in hd["nearly"]["words"]:
        hedges[w] = ("nearly", Decimal(hd["nearly"]["low_factor"]))
    for w in hd["lower_bound"]["words"]:
        hedges[w] = ("lower_bound", Decimal(0))
    for w in hd["upper_bound"]["words"]:
        hedges[w] = ("upper_bound", Decimal(0))

    symbols = {k: v for k, v in cur["symbols"].items()}
    codes = {k.upper(): v for k, v in cur["codes"].items()}
    names = {k.lower(): v for k, v in cur["names"].items()}
    money_words = {k.lower(): v for k, v in cur["money_words"].items()}
    minor = {k.lower(): (v[0], Decimal(v[1])) for k, v in cur["minor"].items()}
    duration = {k.lower(): (v[0], Decimal(v[1])) for k, v in raw["duration"].items()}

    number_words = frozenset(cardinal) | frozenset(multipliers) | frozenset(denominators) \
        | frozenset(scale_words)
    anchor_words = sorted(set(cardinal) | set(multipliers) | set(scale_words)
                          | set(denominators))
    month_words = sorted(months)

    # Candidates are found by three linear patterns (each far faster than one
    # combined alternation under Python's `re`): URLs, and number words with
    # month names (one trie) on the ASCII-lowercased text; digit runs on the
    # text itself. The scanner keeps a month only when it is capitalised.
    # Everything else is decided by small anchored look-arounds.
    url_re = re.compile(r"(?:https?://|ftp://|www\.)[^\s<>\"'`]*")
    digits_re = re.compile(DIGIT + r"+")
    words_re = re.compile(
        r"\b(?:(?P<pctof>(?:per" + SP + r"?cents?|percents?)" + SP + r"+of" + SP + r"+)|"
        r"(?:" + trie_pattern(anchor_words + month_words) + r")(?:\b|(?=fold\b)))")

    cur_names = list(names) + list(cur["codes"]) + list(money_words)
    pct_points = list(pct["points"])
    sym_suffix = [s for s in symbols if not s.endswith("$")]
    word_end = r"(?![A-Za-z0-9])"
    suffix = re.compile(
        r"(?P<gap>" + SP + r"*(?:-" + SP + r"*)?)(?:"
        r"(?P<bp>(?i:" + _phrase(pct["basis_points"]) + r")" + word_end + r")"
        r"|(?P<pp>(?i:" + _phrase(pct_points) + r")" + word_end + r")"
        r"|(?P<pct>%|％|(?i:" + _phrase([p for p in pct["percent"] if p not in ("%", "％")]) + r")" + word_end + r")"
        r"|(?P<cpts>(?i:" + _phrase(pct["context_points"]) + r")" + word_end + r")"
        r"|(?P<mult>×|(?i:times|-?fold)" + word_end + r"|x(?![A-Za-z0-9]|" + SP + r"*" + DIGIT + r"))"
        r"|(?P<minor>(?i:" + _phrase(minor) + r")" + word_end + r")"
        r"|(?P<cur>(?i:" + _phrase(cur_names) + r")" + word_end + r"|" + _alt(sym_suffix) + r")"
        r"|(?P<dur>(?i:" + _phrase(duration) + r")" + word_end + r")"
        r")"
    )
    suffix_words = (list(pct["basis_points"]) + pct_points + list(pct["percent"]) + list(pct["context_points"])
                    + ["times", "fold", "x"] + list(minor) + cur_names + list(duration))
    suffix_first_words = frozenset(w.split(" ")[0].lower().lstrip("-") for w in suffix_words if w[:1].isalpha())
    suffix_symbols = frozenset(ch for w in suffix_words + sym_suffix + ["×"] for ch in w[:1] if not ch.isalpha()) \
        | frozenset(w[:1] for w in sym_suffix)
    percent_sign_alone = "%" in pct["percent"] and not any(
        w.startswith("%") and w != "%" for w in suffix_words + sym_suffix)
    hedge_words = sorted(hedges, key=len, reverse=True)
    hedge_before = re.compile(
        r"(?:^|(?<![A-Za-z]))(?P<h>" + "|".join(
            (SP + "+").join(re.escape(p) for p in w.split(" ")) for w in hedge_words)
        + r")" + SP + r"*(?:\r?\n" + SP + r"*)?\Z", re.I)
    # NOTE: `hedge_before` for ASCII text, searched in the lowercased text:
    # the same matches (ASCII letters are all that re.I folds there), with the
    # hedges as a trie, several times faster than the re.I alternation.
    hedge_before_ascii = re.compile(
        r"(?<![a-z])(?P<h>" + phrase_trie_pattern([w.lower() for w in hedge_words])
        + r")" + SP + r"*(?:\r?\n" + SP + r"*)?\Z")

    return Lexicon(
        scale_words=scale_words,
        scale_abbr=_decimal_map(scale["abbreviations"]),
        scale_attached=_decimal_map(scale["attached"]),
        scale_money=_decimal_map(scale["money_only"]),
        cardinal=cardinal,
        multipliers=multipliers,
        denominators=denominators,
        compound_ordinals=compound,
        negative_words=frozenset(numbers["negative"]["words"]),
        pronoun_one=frozenset(numbers["pronoun_one"]["words"]),
        symbols=symbols,
        codes=codes,
        names=names,
        money_words=money_words,
        minor=minor,
        percent=frozenset(p.lower() for p in pct["percent"]),
        points=frozenset(p.lower() for p in pct["points"]),
        context_points=frozenset(pct["context_points"]),
        basis_points=frozenset(pct["basis_points"]),
        multiple=frozenset(raw["multiple"]["words"]),
        duration=duration,
        months=months,
        month_only_after=tuple(dates["month_only_after"]),
        year_prefixes=frozenset(dates["year_prefixes"]),
        min_year=int(dates["min_year"]),
        max_year=int(dates["max_year"]),
        hedges=hedges,
        month_words=frozenset(month_words),
        rank_prefixes=frozenset(notf["rank_prefixes"]),
        version_prefixes=frozenset(notf["version_prefixes"]),
        attached_prefixes=frozenset(notf["attached_prefixes"]),
        stopwords=frozenset(raw["counts"]["stopwords"]),
        url_re=url_re,
        digits_re=digits_re,
        words_re=words_re,
        suffix_first_words=suffix_first_words,
        suffix_symbols=suffix_symbols,
        hedge_last_words=frozenset(w.split(" ")[-1].lower() for w in hedges),
        # NOTE: the last two words of every hedge, so the hedge pattern runs
        # only when they stand before the figure ("of", "to" alone are common).
        hedge_single=frozenset(w.lower() for w in hedges if " " not in w),
        hedge_pairs=frozenset(tuple(w.lower().split(" ")[-2:]) for w in hedges if " " in w),
        suffix=suffix,
        percent_sign_alone=percent_sign_alone,
        hedge_before=hedge_before,
        hedge_before_ascii=hedge_before_ascii,
        number_words=number_words,
    )
