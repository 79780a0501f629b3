"""The scanner: a few linear candidate patterns over the prose, small look-arounds per candidate.

Candidates come from three patterns run once each over the text (URLs when
the text has a URL marker, digit runs, number words and month names in one
trie; see `lexicon.py`), merged in text order. For
each candidate (a run of digits, a number word, a month name) the scanner
reads, in this order: a date; the numeral or number phrase; an attached or
following scale; what stands before it (currency marker, minus sign, hedge);
what follows it (percent, multiple, currency name, duration, counted noun); a
second end that makes it a range; and builds one `Figure`. Work per candidate
is bounded, so the whole pass is linear in the length of the text.
"""

from __future__ import annotations

import math
import re
import sys
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from itertools import accumulate
from operator import itemgetter

from pydantic import BaseModel

from claimcheck.document import Document
from claimcheck.extract.dates import date_at_digit, date_at_month
from claimcheck.extract.lexicon import DIGIT, SP, Lexicon, lexicon
from claimcheck.extract.numbers import (
    D0,
    D1,
    GROUP_SEPARATORS,
    HALF,
    MAX_DIGITS,
    NUMERAL_RE,
    Phrase,
    Token,
    division,
    integer_half,
    parse_digits,
    parse_phrase,
    phrase_follows,
    read_tokens,
)
from claimcheck.models import Figure

INF = math.inf
_ASCII_LOWER = {c: c + 32 for c in range(65, 91)}
# Errors that mean "this candidate is not a readable figure" (huge exponents,
# malformed numerals); anything else is a bug and is raised.
_CANDIDATE_ERRORS = (ArithmeticError, ValueError, OverflowError, IndexError)
_SPACES = " \t\u00a0\u2009\u202f"
_DIGITS = "0123456789\uff10\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff19"  # what `DIGIT` matches
_MINUS = "-\u2212"
# What may stand just before a word read by `_word_before`, other than a letter.
_WORD_BEFORE_FIRST = _SPACES + ".\n"
# What may stand just before a figure that has a tolerance, a sign or a word
# before it (other than a letter): see `_finish`.
_SIGN_OR_WORD_LAST = _WORD_BEFORE_FIRST + _MINUS + "\u00b1"
# NOTE: the last character of a tolerance marker ("±", "+/-", "plus or
# minus"): `_tolerance_before` is asked only when one of them stands before
# the figure, after spaces or none (it finds nothing otherwise), and a minus
# sign right before the figure only after "+" or "/".
_TOLERANCE_LAST = "\u00b1" + _MINUS + "s"
_TOLERANCE_LAST_OR_SPACE = _TOLERANCE_LAST + _SPACES
# What may follow a numeral that continues it or makes it a non-figure (see `_at_digit`), besides a letter.
_AFTER_NUMERAL = _SPACES + ".-)^/"
_NOUN_LEAD = _SPACES + "\r\n"  # what may stand before a counted noun (see `_NOUN_GAP`)
_SUFFIX_LEAD = _SPACES + "-"  # what may stand before a unit or marker, other than its first character

_ASCII_WORD_RE = re.compile(r"[a-z]+")
_SKIP_TOKEN_RE = re.compile(r"[\w.\-/]*")
_WORD_BEFORE_RE = re.compile(r"([A-Za-z][A-Za-z.]*)" + SP + r"*\Z")
_LETTERS_AFTER_RE = re.compile(r"[^\W\d_]+")
# The first letter of a word: not glued to a digit or letter before it ("m" in
# "$17m" is the figure's scale, not a word). A run of figures ends at one.
_WORD_START_RE = re.compile(r"\b[^\W\d_]")
_POWER_RE = re.compile(r"\^(?P<sign>[+\-]{0,2})(?P<exp>[0-9]{1,3})(?![0-9])")
_DIGIT_FRACTION_RE = re.compile(SP + r"*/" + SP + r"*(?P<den>" + DIGIT + r"{1,3})(?![0-9/.,])")
_MIXED_RE = re.compile(SP + r"+(?P<num>" + DIGIT + r"{1,2})/(?P<den>" + DIGIT + r"{1,2})(?![0-9/.,])")
_SPACED_SCALE_RE = re.compile(SP + r"+(?P<abbr>MM|mln|mil|bln|bn|Bn|BN|mn|tn|trn|tln|Tn|k|K|M)(?![A-Za-z0-9])")
# The counted noun: the head of a short noun phrase after the number, up to
# two modifiers before it ("three river systems"); a wrapped line may split them.
_NOUN_GAP = r"(?:" + SP + r"+(?:\r?\n" + SP + r"*)?|\r?\n" + SP + r"*)"
_NOUN_RE = re.compile(_NOUN_GAP + r"(?P<w1>[a-z][a-z\-]*[a-z])(?:" + SP + r"+(?P<w2>[a-z][a-z\-]*[a-z])(?:"
                      + SP + r"+(?P<w3>[a-z][a-z\-]*[a-z]))?)?")
# "40 of its 610 branches": the part takes the noun of its whole.
_OF_WHOLE_RE = re.compile(SP + r"+of" + SP + r"+(?:(?:its|the|their|our|his|her|these|those|all)" + SP + r"+)?"
                          + DIGIT + r"[0-9,.]*(?:" + SP + r"+(?:thousand|million|billion))?")
_RANGE_RE = re.compile(SP + r"*(?P<sep>[-\u2013\u2014]|to|through|and|or)" + SP + r"*", re.I)
_CENTS_RE = re.compile(SP + r"+(?:and" + SP + r"+)?")
_CENTS_WORD_RE = re.compile(SP + r"*cents?\b", re.I)
_PHONE_RE = re.compile(r"[0-9]{1,4}\)?(?:[-. /][0-9]{2,5}){2,5}(?![0-9])")
_TIME_RE = re.compile(r"[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?:" + SP + r"?[aApP]\.?[mM]\.?)?(?![0-9])")
_US_PHONE_RE = re.compile(r"[0-9]{3}[-.][0-9]{3}[-.][0-9]{4}(?![0-9])")
_ORDINAL_SUFFIXES = frozenset({"st", "nd", "rd", "th"})
_IRREGULAR_PLURALS = frozenset({
    "people", "children", "men", "women", "staff", "personnel", "police", "cattle", "data",
    "media", "sheep", "fish", "deer", "feet", "teeth", "mice", "geese", "aircraft", "crew",
    "livestock", "headcount", "employees",
})
_PERIOD_ORDINALS = frozenset({
    "first", "second", "third", "fourth", "1st", "2nd", "3rd", "4th", "last", "final", "latter", "former",
    "opening", "closing",
})
_PERIOD_AFTER_HYPHEN = frozenset({"year", "yearly", "end", "over", "on", "time", "century"})
_PERIOD_PLURAL_BEFORE = frozenset({
    "past", "last", "next", "previous", "prior", "coming", "consecutive", "recent", "first", "straight",
    "following", "those", "these", "the", "several", "few", "successive",
})
# Stopwords that may still modify a counted noun: "12 new stores", "3 more branches".
_NOUN_MODIFIERS = frozenset({"new", "old", "more", "other", "additional", "first", "last", "next"})
_PERIOD_BEFORE = frozenset({"in", "per", "within", "during", "for", "each", "every", "than"})
_COMPARATIVES = frozenset({
    "higher", "lower", "larger", "smaller", "bigger", "greater", "fewer", "cheaper", "faster", "slower",
})
_SUFFIX_LOOKUP_GROUPS = frozenset({"minor", "cur", "dur"})  # suffix groups whose word is looked up
_PHRASE_NEXT = _SPACES + "-"  # what may follow a numeral that continues a number phrase
_RANGE_FIRST = "-\u2013\u2014tTaAoO"  # first characters of the range separators
_RANGE_START = "-\u2013\u2014tTaA"  # those of the separators that can join a range (not "or": see `_range`)
_SCALE_OR_SPACE = "MmbBktT" + _SPACES
_LABELLED_KINDS = frozenset({"number", "count", "year"})
_YEAR_HYPHEN_PREFIXES = frozenset({"mid", "pre", "post", "early", "late", "end", "start", "fy"})
_YEAR_CONTEXT = frozenset({
    "in", "since", "by", "until", "till", "of", "from", "to", "during", "before", "after", "early",
    "late", "mid", "fiscal", "for", "year", "between", "through", "circa", "around",
})


@dataclass(slots=True)
class Amount:
    """One end of a figure while it is being read: a number with its markers."""

    start: int
    end: int
    raw: Decimal
    half: Decimal
    strict_half: Decimal
    scale: Decimal = D1
    has_scale: bool = False
    currency: str | None = None
    kind: str | None = None
    unit: str | None = None
    factor: Decimal = D1
    negative: bool = False
    exact: bool = False
    noun: str | None = None
    digits_only: bool = False
    plain_integer: bool = False
    words: bool = False
    dollar_word: bool = False
    tolerance: bool = False


class _Scanner:
    """State of one pass over a document's prose."""

    def __init__(self, text: str, lex: Lexicon, max_run: int = 0) -> None:
        self.text = text
        self.lex = lex
        # Figures read of a run with no word between them before the rest of
        # the run is skipped (0: no limit); see `_count_run`.
        self.max_run = max_run
        self.skipped: list[tuple[int, int]] = []
        self._run_count = 0  # figures in the current run (see `_count_run`)
        self._run_end = -1  # end of its last figure
        self._percent_at_limit = -10_000  # `last_percent_end` when the run reached the limit
        self.floor = 0  # end of the previous figure: look-behinds never cross it
        self.last_percent_end = -10_000
        self.dollar = _document_dollar(text, lex)
        self.yen = "yen" in text.lower() or "JPY" in text if "\u00a5" in text or "\uffe5" in text else False
        self.out: list = []
        self._wb_pos = self._wb_floor = self._wb_start = self._wb_cached_start = -1
        self._wb_word = ""
        low = text.lower()
        # NOTE: lower() may change the length of some non-ASCII text ("İ");
        # positions must agree, so fall back to ASCII-only lowering.
        self.low = low if len(low) == len(text) else text.translate(_ASCII_LOWER)
        self._in_range = False

    # ----------------------------------------------------------------- driver

    def run(self) -> list[tuple]:
        text = self.text
        lex = self.lex
        low = self.low
        # NOTE: each `finditer` below walks the whole text; a substring test
        # is far cheaper, so the URL pass runs only where a URL can be.
        if "://" in low or "www." in low:
            candidates = [(m.start(), m.end(), 0) for m in lex.url_re.finditer(low)]
            candidates += [(m.start(), m.end(), 1) for m in lex.digits_re.finditer(text)]
        else:
            candidates = [(m.start(), m.end(), 1) for m in lex.digits_re.finditer(text)]
        months = lex.month_words
        for m in lex.words_re.finditer(low):
            start, end = m.span()
            if m.group("pctof"):
                candidates.append((start, end, 3))
            elif low[start:end] not in months:
                candidates.append((start, end, 2))
            elif _capitalised_month(text, start, end):
                candidates.append((start, end, 4))
        candidates.sort()
        at_digit = self._at_digit
        pos = 0
        out = self.out
        max_run = self.max_run
        seen = 0  # rows of `out` already counted into a run
        for start, end, kind in candidates:
            if start < pos:
                continue
            if max_run and len(out) != seen:
                pos = self._count_run(seen, pos)
                seen = len(out)
                if start < pos:
                    continue
            try:
                if kind == 1:
                    resume = at_digit(start, end)
                elif kind == 2:
                    resume = self._at_word(start, end)
                elif kind == 4:
                    resume = self._at_month(start, end)
                elif kind == 3:
                    resume = self._at_percent_of(start, end)
                else:
                    resume = end
            except _CANDIDATE_ERRORS:
                # NOTE: a candidate that cannot be read is not a figure; the
                # scan goes on after it.
                resume = end
            pos = resume if resume > end else end
        if max_run and len(out) != seen:
            self._count_run(seen, pos)
        return self.out

    def _count_run(self, seen: int, pos: int) -> int:
        """Count the figures `out[seen:]` of one candidate into the current run; return where to read on.

        A run is broken by a word between two figures. The figures that would
        make a run longer than `max_run` are dropped with the rest of the run up
        to the next word: a data series, not prose. The span from the end of
        the last figure kept to the end of the last one skipped goes to
        `skipped` (`scan` reports it), and reading starts afresh at the word.
        Dropping a figure already read, rather than stopping before the next
        candidate, means a reported span always holds a figure.
        """
        out = self.out
        text = self.text
        # NOTE: the figures of one candidate (a range, "from A to B") are adjacent.
        if self._run_end < 0 or _WORD_START_RE.search(text, self._run_end, out[seen][0]) is not None:
            self._run_count = 0
        if self._run_count < self.max_run:
            self._run_count += len(out) - seen
            self._run_end = max(row[1] for row in out[seen:])
            if self._run_count >= self.max_run:
                self._percent_at_limit = self.last_percent_end
            return pos
        del out[seen:]
        self.last_percent_end = self._percent_at_limit
        lm = _WORD_START_RE.search(text, pos)
        resume = lm.start() if lm is not None else len(text)
        stop = resume
        while stop > pos and text[stop - 1].isspace():
            stop -= 1
        self.skipped.append((self._run_end, max(stop, pos)))
        self._run_count, self._run_end = 0, -1
        # NOTE: no look-behind (the "a" of "a dozen", a currency sign) may
        # reach back into the skipped span.
        self.floor = resume
        return resume

    # ------------------------------------------------------------ candidates

    def _skip_token(self, pos: int) -> int:
        return max(_SKIP_TOKEN_RE.match(self.text, pos).end(), pos + 1)

    def _at_month(self, start: int, end: int) -> int:
        if start < self.floor:
            return end
        d = date_at_month(self.text, start, self.lex)
        if d is None:
            return end
        self._emit_date(d)
        return d.end

    def _emit_date(self, d) -> None:
        self.out.append((d.start, d.end, "date", d.value, None, d.low, d.high, d.low, d.high, None, None, d.iso))
        self.floor = d.end

    def _at_digit(self, s: int, digits_end: int = -1) -> int:
        """Read the figure whose numeral starts at `s`; return the offset to resume scanning at.

        `digits_end` is the end of the digit run at `s` when the caller knows it.
        """
        text = self.text
        lex = self.lex
        n = len(text)
        start = s
        prev = text[s - 1] if s > 0 else ""
        if prev == "." and (s < 2 or not text[s - 2].isalnum()) and s - 1 >= self.floor:
            start = s - 1
            prev = text[start - 1] if start > 0 else ""
        attached_prefix = ""
        if prev == " " or prev == "$":
            pass  # the common case: none of the checks below applies
        elif prev.isalpha() or prev == "_" or (prev.isdigit() and start != s):
            k = start
            while k > 0 and text[k - 1].isalpha():
                k -= 1
            letters = text[k:start]
            if (k > 0 and (text[k - 1].isalnum() or text[k - 1] in "_-")) or not (
                    letters.lower() in lex.attached_prefixes or letters.upper() in lex.codes):
                return self._skip_token(s)
            attached_prefix = letters.lower()
        elif prev and prev in "@#/\\^_&\u00b0":
            return self._skip_token(s)
        elif prev and prev in _MINUS and start >= 2 and text[start - 2].isalpha() \
                and self._word_before(start - 1) not in _YEAR_HYPHEN_PREFIXES:
            return self._skip_token(s)  # "COVID-19", "SCP-173" (but "mid-2024")
        elif prev == "[" and _closing_bracket(text, s):
            return self._skip_token(s)  # footnote "[1]"

        # Cheap guards first: only a digit run followed by a separator can be
        # a phone number or a date.
        if digits_end > s:
            run_end = digits_end if digits_end - s < 5 else s + 5
        else:
            run_end = s
            while run_end < n and text[run_end].isdigit() and run_end - s < 5:
                run_end += 1
        after = text[run_end] if run_end < n else ""
        if after == ":":
            tm = _TIME_RE.match(text, s)
            if tm is not None:
                return tm.end()  # a clock time, "16:00", is not a figure
        phone_prefix = prev != "" and prev in "+("
        if (after and after in "-./ \t)") or phone_prefix:
            # Phone numbers: "+1-222-2222", "(555) 123-4567", "555-123-4567".
            nd = run_end - s
            pm = _PHONE_RE.match(text, s) if phone_prefix else None
            if pm is not None or (nd == 3 and after in "-." and _US_PHONE_RE.match(text, s)):
                return pm.end() if pm is not None else self._skip_token(s)
            # Dates first: "2026-01-20", "20 January 2026", "5/17/2018". Only
            # these shapes can start one: 4 digits and a separator, 1-2 digits
            # and "/", 1-2 digits, a space and a capital (or "of").
            day_then_word = after in " \t" and run_end + 1 < n and (
                text[run_end + 1].isupper() or text[run_end + 1] in " \to")
            if start == s and ((nd == 4 and after in "-/.") or (nd <= 2 and (after == "/" or day_then_word))):
                d = date_at_digit(text, s, lex)
                if d is not None:
                    self._emit_date(d)
                    return d.end

        # NOTE: at the start of a whole digit run (`digits_re` and NUMERAL_RE
        # share `DIGIT`), NUMERAL_RE matches just the run unless a digit
        # follows a "." (a fraction), "e"/"E" follows (an exponent) or a digit
        # follows a group separator after 1-3 digits ("1,234"); a fraction
        # is the run, the point and the next digit run unless "e"/"E" follows.
        # The pattern reads the other cases.
        r = digits_end
        e = -1
        if r > s:
            if r == n:
                e = r
            else:
                c = text[r]
                digit_next = r + 1 < n and text[r + 1] in _DIGITS
                if c == ".":
                    if not digit_next:
                        e = r
                    else:
                        f = r + 2
                        while f < n and text[f] in _DIGITS:
                            f += 1
                        if f == n or text[f] not in "eE":
                            e = f
                elif c not in "eE" and (r - s > 3 or c not in GROUP_SEPARATORS or not digit_next):
                    e = r
        if e < 0:
            nm = NUMERAL_RE.match(text, s)
            if nm is None:
                return s + 1
            e = nm.end()
            sep, frac, exp = nm.group("sep", "frac", "exp")
        elif e == r:
            sep = frac = exp = None
        else:
            sep = exp = None
            frac = text[r:e]
        if e - s > MAX_DIGITS:
            return self._skip_token(s)
        # NOTE: most numerals end before a space, "," or "%"; after a "quiet"
        # character none of the shapes tested on `nxt` below can follow.
        nxt = text[e] if e < n else ""
        quiet = not nxt or (nxt not in _AFTER_NUMERAL and not nxt.isalpha())
        # Versions and addresses: "1.2.3", "192.168.1.2".
        if nxt == "." and e + 1 < n and text[e + 1].isdigit():
            return self._skip_token(s)
        # Form names: "10-K", "10-Q", "20-F", "10-K/A" (digits, a hyphen, one capital).
        if nxt == "-" and e + 1 < n and "A" <= text[e + 1] <= "Z" and (
                e + 2 == n or not text[e + 2].isalnum()):
            return self._skip_token(s)
        numeral = text[start:e]
        value, half, strict = parse_digits(numeral if start == s else "0" + numeral)
        has_point = bool(frac or exp) or start != s
        plain_integer = not has_point and sep is None
        # (`_word_before` finds no word after a "$".)
        if has_point and prev != "$" and self._word_before(start) in lex.version_prefixes:
            return self._skip_token(s)
        # List markers: "1. " at the start of a line.
        if plain_integer and nxt and nxt in ".)" and e + 1 < n and text[e + 1] in " \t" and _line_start(text, start):
            return e + 1
        exact = False
        phrase: Phrase | None = None
        scale = D1
        has_scale = False
        end = e
        # Powers "1.1^23" and digit fractions "3/4", "2 1/4".
        if quiet:
            pass
        elif nxt == "^":
            pm = _POWER_RE.match(text, e)
            if pm is None:
                return e + 1
            exp = int(pm.group("exp"))
            if pm.group("sign").count("-") % 2:
                exp = -exp
            value = value ** exp
            half = strict = D0
            exact = True
            end = pm.end()
            plain_integer = False
        elif plain_integer and e < n and text[e] in "/ \t":
            fm = _DIGIT_FRACTION_RE.match(text, e) if text[e] != " " or "/" in text[e:e + 3] else None
            if fm is not None and text[e] == "/" and e - s == 4 and fm.end() - e == 3 \
                    and lex.min_year <= value <= lex.max_year:
                pass  # "2019/20": a fiscal year, read by `_year_tail`
            elif fm is not None and text[e] != "\t":
                den = int(fm.group("den"))
                if den == 0 or value >= den:
                    return fm.end()  # "24/7", "9/11", "1/0": not a fraction of a whole
                value = value / den
                half = strict = D0
                exact = True
                end = fm.end()
                plain_integer = False
            else:
                # NOTE: a mixed fraction ("2 1/4") needs spaces, then a digit.
                mm = _MIXED_RE.match(text, e) if text[e] != "/" and e + 1 < n and (
                    text[e + 1] in _SPACES or text[e + 1].isdigit()) else None
                if mm is not None and 0 < int(mm.group("num")) < int(mm.group("den")):
                    value = value + Decimal(int(mm.group("num"))) / Decimal(int(mm.group("den")))
                    half = strict = D0
                    exact = True
                    end = mm.end()
                    plain_integer = False
        # Letters glued to the numeral: a scale ("10k", "RMB15bn"), a marker
        # ("18.9pct", "750x"), an ordinal ("4th": a rank) or an identifier ("4G").
        money_prefix = self._currency_before(start)
        if quiet:
            pass
        elif end == e and nxt.isalpha():
            lm = _LETTERS_AFTER_RE.match(text, e)
            letters = lm.group()
            sc = lex.scale_abbr.get(letters) or lex.scale_attached.get(letters)
            if sc is None and (money_prefix is not None or attached_prefix):
                sc = lex.scale_money.get(letters.lower())
            if sc is not None:
                scale, has_scale, end = sc, True, lm.end()
            elif letters.lower() in _ORDINAL_SUFFIXES or (letters == "s" and plain_integer):
                return lm.end()
            else:
                sm = self._suffix_match(e)
                if sm is None or sm.group("gap") or sm.end() < lm.end():
                    return self._skip_token(s)
        if not has_scale and not exact and not quiet and (nxt in _PHRASE_NEXT or nxt.isalpha()):
            follow = phrase_follows(text, e, lex)
            if follow is not None:
                toks = read_tokens(text, e, lex, first=Token("", start, e, value, half, strict, has_point),
                                   next_match=follow)
            else:
                toks = ()
            if len(toks) > 1:
                phrase = parse_phrase(toks, lex)
                if phrase is not None:
                    div = division(toks, phrase, text, lex) if money_prefix is None else None
                    if div is not None:
                        phrase = div
                    if phrase.ntokens > 1:
                        end = toks[phrase.ntokens - 1].end
                        value, half, strict = phrase.raw, phrase.half, phrase.strict_half
                        scale, has_scale = phrase.scale, phrase.scale != 1
                        exact = phrase.exact
                        plain_integer = False
                    else:
                        phrase = None
            if phrase is None and end + 1 < n and text[end] in _SPACES and text[end + 1] in _SCALE_OR_SPACE:
                sm = _SPACED_SCALE_RE.match(text, end)
                if sm is not None:
                    scale, has_scale, end = lex.scale_abbr[sm.group("abbr")], True, sm.end()
                    plain_integer = False
        # NOTE: positional arguments, then attributes: a keyword call costs
        # twice as much as the whole construction.
        amount = Amount(start, end, value, half, strict, scale, has_scale)
        amount.exact, amount.digits_only, amount.plain_integer = exact, phrase is None, plain_integer
        if attached_prefix in lex.year_prefixes:
            amount.kind = "year"
        return self._finish(amount, money_prefix)

    def _at_word(self, start: int, end: int) -> int:
        text = self.text
        lex = self.lex
        if start < self.floor:
            return end
        if self.low.startswith("fold", end):
            return self._at_fold(start, end)
        begin = start
        wb = _WORD_BEFORE_RE.search(text, max(self.floor, start - 12), start)
        if wb is not None and wb.group(1).lower() in ("a", "an"):
            begin = wb.start(1)
        toks = read_tokens(text, begin, lex)
        phrase = parse_phrase(toks, lex) if toks else None
        if phrase is None and begin != start:
            begin = start
            toks = read_tokens(text, begin, lex)
            phrase = parse_phrase(toks, lex) if toks else None
        if phrase is None:
            return end
        div = division(toks, phrase, text, lex)
        if div is not None:
            phrase = div
        if phrase.ntokens == 1 and toks[0].word == "one":
            before = self._word_before(begin)
            if before in lex.pronoun_one:
                return end
        stop = toks[phrase.ntokens - 1].end
        if phrase.exact and toks[phrase.ntokens - 1].word in lex.denominators \
                and self._period_not_fraction(toks, phrase.ntokens, begin, stop):
            return stop
        amount = Amount(begin, stop, phrase.raw, phrase.half, phrase.strict_half, phrase.scale,
                        phrase.scale != 1, exact=phrase.exact, words=True)
        return self._finish(amount, self._currency_before(begin))

    def _at_fold(self, start: int, end: int) -> int:
        """Read "fourfold", "tenfold", "hundredfold" (one number word glued to "fold") as a multiple."""
        lex = self.lex
        word = self.low[start:end]
        v = lex.cardinal.get(word) or lex.multipliers.get(word)
        if v is None:
            sc = lex.scale_words.get(word)
            v = int(sc) if sc is not None else None
        stop = end + 4
        if not v or (stop < len(self.text) and self.text[stop].isalnum()):
            return stop
        raw = Decimal(v)
        amount = Amount(start, stop, raw, integer_half(raw), HALF, kind="multiple", unit="x", words=True)
        return self._finish(amount, None, allow_range=False)

    def _period_not_fraction(self, toks: list[Token], ntokens: int, begin: int, stop: int) -> bool:
        """Return whether a fraction word names a period or a rank ("second-half", "in a quarter", "a third party")."""
        text = self.text
        low = self.low
        last = toks[ntokens - 1].word
        # The word before, across a hyphen: "second-half", "first half", "Q3's third quarter".
        k = begin
        while k > self.floor and text[k - 1] in _SPACES:
            k -= 1
        if k > self.floor and text[k - 1] == "-":
            k -= 1
        e = k
        while k > self.floor and low[k - 1].isalnum() and e - k < 12:
            k -= 1
        before = low[k:e]
        if before in _PERIOD_ORDINALS:
            return True
        # The word after: "half of", "a third of" stay fractions.
        p = stop
        if p < len(text) and text[p] == "-":
            p += 1
        while p < len(text) and text[p] in _SPACES:
            p += 1
        wm = _ASCII_WORD_RE.match(low, p)
        after = wm.group() if wm is not None else ""
        if after == "of":
            return False
        if last in ("quarters", "halves"):
            # "the past two quarters" (a period); "three quarters" alone is a fraction.
            return before in _PERIOD_PLURAL_BEFORE
        if last in ("half", "quarter"):
            if p > stop and text[stop] == "-" and after and (
                    after in _PERIOD_AFTER_HYPHEN or after not in self.lex.number_words):
                return True  # "half-year results", "quarter-end", "half-hearted"
            if ntokens == 2 and toks[0].word in ("a", "an"):
                # "in a quarter", "per half": a period when nothing says "of".
                return self._word_before(begin) in _PERIOD_BEFORE
            return False
        # "a third party", "a fifth consecutive year": an ordinal, not a fraction.
        return (ntokens == 2 and toks[0].word in ("a", "an", "one") and p > stop and after != ""
                and after not in self.lex.stopwords and after not in self.lex.scale_words
                and after not in self.lex.multipliers
                and after not in _COMPARATIVES and self._suffix_match(stop) is None)

    def _at_percent_of(self, start: int, end: int) -> int:
        """"percent of 10" read as 10% (Recognizers' reading); only where no number precedes."""
        text = self.text
        before = text[max(0, start - 3):start].strip()
        if before[-1:].isdigit() or start < self.floor:
            return end
        toks = read_tokens(text, end, self.lex)
        phrase = parse_phrase(toks, self.lex) if toks else None
        if phrase is None:
            return end
        stop = toks[phrase.ntokens - 1].end
        amount = Amount(start, stop, phrase.raw, phrase.half, phrase.strict_half, phrase.scale,
                        phrase.scale != 1, kind="percent", unit="%", exact=phrase.exact)
        self._emit(amount, None)
        return stop

    # --------------------------------------------------------------- context

    def _word_before(self, pos: int) -> str:
        """Return the lowercased word (letters and dots) just before `pos`, or ""; sets `_wb_start`."""
        floor = self.floor
        if pos == self._wb_pos and floor == self._wb_floor:
            self._wb_start = self._wb_cached_start
            return self._wb_word
        low = self.low
        last = low[pos - 1] if pos > floor else ""
        if not last or (last not in _WORD_BEFORE_FIRST and not last.isalpha()) or (
                last == "\n" and pos - 1 > floor and low[pos - 2] == "\n"):
            # NOTE: the common cases, a figure after punctuation ("$1,$2") or
            # a blank line (a table's cells): no word.
            self._wb_start = pos
            return ""
        # Up to four spaces (`rstrip` of the last four characters, in C).
        window = low[pos - 4 if pos - 4 > floor else floor:pos]
        k = pos - len(window) + len(window.rstrip(_SPACES))
        if k > floor and low[k - 1] == "\n":
            # One line break (a wrapped line) may stand between a word and its
            # figure; a blank line may not.
            k -= 1
            if k > floor and low[k - 1] == "\r":
                k -= 1
            j = k
            while k > floor and low[k - 1] in _SPACES and j - k < 4:
                k -= 1
            if k > floor and low[k - 1] in "\r\n":
                k = pos
        e = k
        # `_run_start(low, e, floor)`, inlined: it runs for nearly every figure.
        lower = e - 24 if e - 24 > floor else floor
        k = low.rfind(" ", lower, e) + 1 or lower
        if not (k < e and low[k:e].isalpha()):
            k = e
            while k > floor and (low[k - 1].isalpha() or low[k - 1] == ".") and e - k < 24:
                k -= 1
        while k < e and low[k] == ".":
            k += 1
        self._wb_start = self._wb_cached_start = k
        self._wb_pos, self._wb_floor = pos, floor
        self._wb_word = low[k:e]
        return self._wb_word

    def _word_at_end(self, pos: int) -> str:
        """Return the lowercased word (letters and dots) ending just before `pos` after spaces, or ""."""
        low = self.low
        floor = self.floor
        k = pos
        while k > floor and low[k - 1] in _SPACES and pos - k < 4:
            k -= 1
        e = k
        return low[_run_start(low, e, floor):e]

    def _currency_before(self, pos: int) -> tuple[str, int] | None:
        """Return (currency, start) of a currency marker right before `pos` ("$", "HK$", "RMB ")."""
        text = self.text
        lex = self.lex
        floor = self.floor
        j = pos
        if j > floor and text[j - 1] in _SPACES:  # up to two spaces
            j -= 1
            if j > floor and text[j - 1] in _SPACES:
                j -= 1
        if j <= floor:
            return None
        ch = text[j - 1]
        if ch == "$":
            q_end = j - 1
            q = q_end
            if q <= floor or not (text[q - 1].isalpha() or text[q - 1] in ". "):
                return "$", q_end  # nothing qualifies it ("$1", "|$5m")
            if q > floor and text[q - 1] == " " and q - 1 > floor and text[q - 2].isalpha():
                q -= 1  # tokenised "hk $", "c $"
            q_letters_end = q
            # NOTE: the common case first, a plain word after a space ("of
            # $5"): one `rfind` and one `isalpha` find what the loops below do.
            k = text.rfind(" ", q - 6 if q - 6 > floor else floor, q) + 1
            if k and k < q and text[k:q].isalpha():
                q = k
            else:
                while q > floor and (text[q - 1].isalpha() or text[q - 1] == ".") and q_letters_end - q < 6:
                    q -= 1
                while q < q_letters_end and not text[q].isalpha():
                    q += 1
            qual = text[q:q_letters_end]
            if qual and (q == self.floor or q == 0 or not text[q - 1].isalnum()):
                key = qual.replace(".", "").replace(" ", "").upper()
                iso = _DOLLAR_QUALIFIERS.get(key)
                attached = q_letters_end == q_end
                if iso is not None and (len(key) > 1 or key == "C" or (attached and qual.isupper())):
                    return iso, q
            return "$", j - 1
        sym = lex.symbols.get(ch)
        if sym is not None:
            return sym, j - 1
        if ch.isalpha() or ch == ".":
            # NOTE: asked at `pos` (not `j`) so `_finish` finds the word cached.
            low_word = self._word_before(pos)
            if 2 <= len(low_word) <= 4 and self._wb_start + len(low_word) == j:
                start = self._wb_start
                word = text[start:start + len(low_word)]
                upper = word.upper()
                iso = lex.codes.get(upper) or (lex.codes.get(upper.rstrip(".")) if upper[-1] == "." else None)
                if iso is not None and (word.isupper() or len(word) == 3 or low_word.startswith("rs")):
                    return iso, start
        return None

    # ------------------------------------------------------------ assembling

    def _finish(self, a: Amount, money_prefix: tuple[str, int] | None, allow_range: bool = True) -> int:
        """Read the sign, markers and range around amount `a`, emit the figure; return the resume offset."""
        text = self.text
        lex = self.lex
        n = len(text)
        floor = self.floor
        # Sign and currency before: "-3.5%", "$-5", "-$5", "minus five".
        if money_prefix is not None:
            a.currency, a.start = money_prefix
            a.dollar_word = "$" in text[a.start:a.end]
        sign_at = a.start
        j = sign_at
        if j > floor and text[j - 1] in _SPACES:  # one space at most
            j -= 1
        left = text[sign_at - 1] if sign_at > floor else ""
        if not left or (left not in _SIGN_OR_WORD_LAST and not left.isalpha()):
            pass  # NOTE: the common case: no tolerance, sign or word can stand before it
        elif left != "\n" and (left == "\u00b1" or left == "s" or (
                left in _MINUS and sign_at - 2 >= floor and text[sign_at - 2] in "+/") or (
                left in _SPACES and sign_at - 1 > floor and text[sign_at - 2] in _TOLERANCE_LAST_OR_SPACE)) \
                and self._tolerance_before(a.start):  # (only a word may stand across a line break)
            a.tolerance = True  # "±2%", "plus or minus 2%": a positive tolerance, not -2%
        elif j > floor and text[j - 1] in _MINUS:
            k = j - 1
            while k > 0 and text[k - 1] in _SPACES:
                k -= 1
            spaced = k != j - 1
            before = text[k - 1] if k > 0 else ""
            gap = sign_at - j
            if (not before or not ((before.isalnum() and not spaced) or before.isdigit() or before in ")%]-\u2013\u2014")) \
                    and not (gap and money_prefix is not None):
                a.negative = True
                a.start = j - 1
        else:
            wb = self._word_before(a.start)
            if wb in lex.negative_words:
                a.negative = True
                a.start = self._wb_start
        if a.currency is None and a.negative:
            cb = self._currency_before(a.start)
            if cb is not None and a.start - cb[1] <= 3:
                a.currency, a.start = cb
        if a.kind is None and a.start > 0 and text[a.start - 1] == "#":
            return a.end
        self._suffix(a)
        # Labels: "page 12", "tier 1 capital", "type 2 diabetes" (a bare integer
        # after a label word); "page views of 12 million" keeps its figure.
        if a.kind in _LABELLED_KINDS and not a.has_scale and not a.negative and a.plain_integer \
                and self._word_before(a.start) in lex.rank_prefixes:
            return a.end
        resume = a.end
        after = text[resume] if resume < n else ""
        # Composite amounts: "3 dollars 50 cents", "thirteen dollars and forty-five cents".
        if a.kind == "money" and a.dollar_word and not a.has_scale and after and after in _SPACES:
            self._cents(a)
            resume = a.end
            after = text[resume] if resume < n else ""
        # NOTE: `_range` only when a separator may follow (spaces, a dash, "to",
        # "and"); after one space, only when a space or one of them follows it.
        rng = self._range(a) if allow_range and not self._in_range and after and (
            after in _RANGE_START or after in _SPACES and resume + 1 < n and (
                text[resume + 1] in _RANGE_START or text[resume + 1] in _SPACES)) else None
        if rng is not None:
            b, joined = rng
            if joined:
                self._emit(a, b)
            else:
                self._emit(a, None)
                self._emit(b, None)
            return b.end
        self._emit(a, None)
        if a.kind == "year" and not self._in_range:
            return self._year_tail(a, resume)
        return resume

    def _year_tail(self, a: Amount, resume: int) -> int:
        """Read the short second end of a year range ("2019–20", "2019/20") as a year; return the resume offset."""
        text = self.text
        p = a.end
        if p + 3 > len(text) or text[p] not in "-\u2013\u2014/" or not text[p + 1:p + 3].isdigit() \
                or (p + 3 < len(text) and (text[p + 3].isalnum() or text[p + 3] in "%.,")
                    and not (text[p + 3] in ".," and (p + 4 >= len(text) or not text[p + 4].isdigit()))):
            return resume
        first = int(a.raw)
        short = int(text[p + 1:p + 3])
        if short > first % 100:
            year = first // 100 * 100 + short
        elif first % 100 == 99 and short == 0:
            year = first + 1  # "1999-00"
        else:
            return p + 3  # "2019-12": not a later year; nothing (a month, or a typo)
        b = Amount(p + 1, p + 3, Decimal(year), D0, D0, kind="year")
        self._emit(b, None)
        return p + 3

    def _tolerance_before(self, pos: int) -> bool:
        """Return whether a tolerance marker ("±", "+/-", "plus or minus") stands right before `pos`."""
        k = pos
        floor = self.floor
        text = self.text
        while k > floor and text[k - 1] in _SPACES:
            k -= 1
        if k <= floor:
            return False
        ch = text[k - 1]
        if ch == "\u00b1":
            return True
        if ch in _MINUS:  # "+/-", "+/−", "+-"
            return self.text[max(floor, k - 3):k - 1] == "+/" or (k - 2 >= floor and self.text[k - 2] == "+")
        if ch == "s":
            tail = self.low[max(floor, k - 13):k]
            return tail.endswith(("plus or minus", "plus/minus", "plus-minus"))
        return False

    def _suffix_match(self, pos: int) -> re.Match | None:
        """Return the unit/marker after `pos` ("%", " per cent", " billion yuan"...), or None.

        NOTE: the suffix pattern is a long alternation; a dictionary look-up of
        the next word first keeps the common "no marker" case cheap.
        """
        text = self.text
        n = len(text)
        p = pos
        while p < n and text[p] in _SPACES:
            p += 1
        if p < n and text[p] == "-":
            p += 1
            while p < n and text[p] in _SPACES:
                p += 1
        if p >= n:
            return None
        ch = text[p]
        lex = self.lex
        if ch.isalpha():
            wm = _ASCII_WORD_RE.match(self.low, p)
            if wm is None:
                if ch not in lex.suffix_symbols:
                    return None
            elif wm.group() not in lex.suffix_first_words:
                return None
        elif ch not in lex.suffix_symbols:
            return None
        return lex.suffix.match(text, pos)

    def _suffix(self, a: Amount) -> None:
        text = self.text
        lex = self.lex
        end = a.end
        after = text[end] if end < len(text) else ""
        # NOTE: a "%" right after the number is what the suffix pattern would
        # match there (its percent alternative) when the lexicon says no other
        # marker starts with "%" (`Lexicon.percent_sign_alone`).
        if after == "%" and lex.percent_sign_alone:
            a.kind, a.unit = "percent", "%"
            a.end = end + 1
            sm = None
        # NOTE: `_suffix_match` only when a marker may follow: not after "," or "|".
        elif after and (after in _SUFFIX_LEAD or after.isalpha() or after in lex.suffix_symbols):
            sm = self._suffix_match(end)
        else:
            sm = None
        if sm is not None:
            g = sm.lastgroup
            word = sm.group(g)
            lw = " ".join(word.lower().split()) if g in _SUFFIX_LOOKUP_GROUPS else word
            if g == "pct":
                a.kind, a.unit = "percent", "%"
            elif g == "pp":
                a.kind, a.unit = "percent", "pp"
            elif g == "bp":
                a.kind, a.unit, a.factor = "percent", "pp", Decimal("0.01")
            elif g == "cpts":
                if a.end - self.last_percent_end < 400 and a.currency is None:
                    a.kind, a.unit = "percent", "pp"
                else:
                    g = None
            elif g == "mult":
                if a.currency is None:
                    a.kind, a.unit = "multiple", "x"
                else:
                    g = None
            elif g == "minor":
                cur, factor = lex.minor[lw]
                if a.currency is None:
                    a.currency, a.factor = cur, factor
                else:
                    g = None
            elif g == "cur":
                iso = lex.names.get(lw) or lex.codes.get(word.upper()) or lex.symbols.get(word)
                if iso is None and lw in lex.money_words:
                    iso = lex.money_words[lw] if a.has_scale or a.currency else None
                if iso is None or (a.currency is not None and a.currency != "$"):
                    g = None
                else:
                    if a.currency is None or a.currency == "$":
                        a.currency = iso
                    a.dollar_word = lw in ("dollar", "dollars")
            elif g == "dur":
                if a.currency is None:
                    unit, factor = lex.duration[lw]
                    a.kind, a.unit, a.factor = "duration", unit, factor
                else:
                    g = None
            if g is not None:
                a.end = sm.end()
        if a.currency is not None:
            a.kind = "money"
            a.unit = self.dollar if a.currency == "$" else self._resolve(a.currency)
            return
        if a.kind is not None:
            return
        # A counted noun: "240,000 paying developers", "3 million users".
        year_like = (a.plain_integer and a.digits_only and not a.has_scale and not a.negative
                     and a.end - a.start == 4 and lex.min_year <= a.raw <= lex.max_year)
        after = text[a.end] if a.end < len(text) else ""
        if after and after in _NOUN_LEAD:  # a noun stands after spaces or a line break
            noun = self._noun_at(a.end, a.raw * a.scale == 1, year_like)
            if noun is None and not year_like and text.startswith(" of ", a.end):
                om = _OF_WHOLE_RE.match(text, a.end)
                if om is not None:
                    noun = self._noun_at(om.end(), False, False)
        else:
            noun = None
        if year_like:
            if noun is None or self._word_before(a.start) in _YEAR_CONTEXT:
                a.kind = "year"
                a.half = a.strict_half = D0
                return
        if noun is not None:
            a.kind, a.noun = "count", noun
        else:
            a.kind = a.kind or "number"

    def _noun_at(self, pos: int, singular: bool, year_like: bool) -> str | None:
        """Return the counted noun of a number ending at `pos` ("developers", "river systems" -> "systems")."""
        nm = _NOUN_RE.match(self.text, pos)
        if nm is None:
            return None
        lex = self.lex
        stop = lex.stopwords
        w1, w2, w3 = nm.group("w1", "w2", "w3")
        if (w1 in stop and w1 not in _NOUN_MODIFIERS) or w1 in lex.number_words:
            return None
        if _plural(w1):
            return w1
        if w2 and w2 not in stop and not w1.endswith("ly"):
            if _plural(w2):
                return w2
            # NOTE: a year never reaches three words ahead ("2025 first quarter results").
            if w3 and not year_like and w3 not in stop and w2 not in lex.number_words and _plural(w3) \
                    and not w2.endswith("ly"):
                return w3
        if singular and not w1.endswith(("ly", "ed")):
            return w1
        return None

    def _resolve(self, currency: str) -> str:
        if currency == "$":
            return self.dollar
        if currency == "\u00a5":
            return "JPY" if self.yen else "CNY"
        return currency

    def _cents(self, a: Amount) -> None:
        """Extend "3 dollars" by "50 cents" / "and forty-five" (cents of that dollar)."""
        text = self.text
        if a.raw != a.raw.to_integral_value() or a.has_scale:
            return
        gm = _CENTS_RE.match(text, a.end)
        if gm is None:
            return
        # NOTE: a phrase led by a numeral of 100 or more is never under 100
        # without a scale (the words after it only add or multiply), so the
        # first token decides for "$3 200 000 and 1 234 567 euros".
        first = read_tokens(text, gm.end(), self.lex, limit=1)
        if not first or (not first[0].word and first[0].value >= 100):
            return
        toks = read_tokens(text, gm.end(), self.lex)
        if not toks:
            return
        ph = parse_phrase(toks, self.lex)
        if ph is None or ph.scale != 1 or ph.exact:
            return
        cents = ph.raw
        if not (0 < cents < 100) or cents != cents.to_integral_value():
            return
        stop = toks[ph.ntokens - 1].end
        cw = _CENTS_WORD_RE.match(text, stop)
        if cw is not None:
            stop = cw.end()
        elif not ph.words:
            return
        a.raw = a.raw + cents / 100
        a.half = a.strict_half = Decimal("0.005")
        a.end = stop

    def _range(self, a: Amount) -> tuple[Amount, bool] | None:
        """Return the second end of a range ("$4–5 billion", "10 to 12 percent") after `a`."""
        text = self.text
        p = a.end
        while p < len(text) and text[p] in _SPACES:
            p += 1
        if p >= len(text) or text[p] not in _RANGE_FIRST:
            return None
        # NOTE: a separator starting with "o" can only be "or", and one with
        # "a" only "and", which joins a range only after "between": the checks
        # below would return None for them, so the pattern is not needed.
        ch = text[p]
        if ch in "oO" or (ch in "aA" and self._word_before(a.start) != "between"):
            return None
        rm = _RANGE_RE.match(text, a.end)
        if rm is None:
            return None
        sep = rm.group("sep").lower()
        before = self._word_before(a.start)
        if sep == "and" and before != "between":
            return None
        if sep == "or":
            return None
        # "from A to B" is a change: two figures (sharing units, see `_from_to`).
        # "by A to B" is a change and a level ("rose by 3 points to 11.5%")
        # unless a bare A is close to B ("grew by 10 to 12 percent": a range).
        word_sep = sep in ("to", "through")
        from_to = word_sep and before == "from"
        by_to = word_sep and before == "by"
        if by_to and (a.kind not in (None, "number") or a.currency is not None or a.has_scale):
            return None
        if sep in "-\u2013\u2014" and a.words:
            return None  # "three-nought-four" is three numbers
        p = rm.end()
        if p >= len(text):
            return None
        ch = text[p]
        if not (ch.isdigit() or ch.isalpha() or ch in "$\u20ac\u00a3\u00a5"):
            return None
        saved = (self.out, self.floor)
        self.out = []
        self.floor = rm.start()
        try:
            q = p
            while q < len(text) and q - p < 4 and not text[q].isalnum():
                q += 1
            if q >= len(text):
                return None
            self._in_range = True
            if text[q].isdigit():
                self._at_digit(q)
            else:
                wm = self.lex.words_re.match(self.low, q)
                if wm is None or wm.group("pctof") or self.low[q:wm.end()] in self.lex.month_words:
                    return None
                self._at_word(q, wm.end())
            got = self.out
        finally:
            self.out, self.floor = saved
            self._in_range = False
        if len(got) != 1:
            return None
        b = got[0]
        if not isinstance(b, Amount) or b.negative and sep == "-":
            return None
        if from_to:
            return self._from_to(a, b)
        if by_to and not (a.raw > 0 and b.raw * b.scale <= 2 * a.raw * (a.scale if a.has_scale else b.scale)):
            return None
        return self._merge(a, b)

    def _from_to(self, a: Amount, b: Amount) -> tuple[Amount, bool] | None:
        """Share units between the ends of "from A to B" ("from 10 to 12 percent"); return (B, False).

        A bare end takes the unit, currency or counted noun of the other end,
        and the scale when the two numerals are within a factor of ten ("from
        $4 to 5 billion", but not "from 500 to 1 million users").
        """
        if a.kind in ("year", "date") or b.kind in ("year", "date"):
            return None
        a_bare = a.kind in (None, "number") and a.currency is None
        b_bare = b.kind in (None, "number") and b.currency is None
        if a_bare and not b_bare:
            a.currency, a.kind, a.unit, a.factor, a.noun = b.currency, b.kind, b.unit, b.factor, b.noun
        elif b_bare and not a_bare and a.kind != "count":
            b.currency, b.kind, b.unit, b.factor = a.currency, a.kind, a.unit, a.factor
        if a.has_scale != b.has_scale and a.raw > 0 and b.raw > 0 and (a_bare or b_bare) \
                and a.raw * 10 > b.raw and b.raw * 10 > a.raw:
            if a.has_scale:
                b.scale, b.has_scale = a.scale, True
            else:
                a.scale, a.has_scale = b.scale, True
        return b, False

    def _merge(self, a: Amount, b: Amount) -> tuple[Amount, bool] | None:
        if a.kind == "year" or b.kind == "year" or a.kind == "date" or b.kind == "date":
            return None
        if a.kind == b.kind and a.kind not in (None, "number", "count", "money") and a.unit != b.unit:
            return None  # "3 percentage points to 11.5%", "3 months to 2 years": two figures
        if a.kind not in (None, "number") and b.kind not in (a.kind,) and not (a.kind == "money" and b.kind in ("number", "money")):
            if not (a.kind in ("count",) and b.kind in ("count", "number")):
                return None
        # The scale and unit of the second end apply to the first when it has none.
        if not a.has_scale and b.has_scale:
            a.scale, a.has_scale = b.scale, True
        if a.currency is None and b.currency is not None:
            a.currency = b.currency
        if a.kind in (None, "number", "count") and b.kind not in (None, "number"):
            a.kind, a.unit, a.factor = b.kind, b.unit, b.factor
        if b.currency is None and a.currency is not None:
            b.currency, b.kind, b.unit = a.currency, "money", a.unit
        if a.kind == "money" and b.unit != a.unit:
            return None
        if b.kind in (None, "number", "count") and a.kind not in (None, "number", "count"):
            b.kind, b.unit, b.factor = a.kind, a.unit, a.factor
        if not b.has_scale and a.has_scale:
            b.scale = a.scale
        va = a.raw * a.scale * (-1 if a.negative else 1)
        vb = b.raw * b.scale * (-1 if b.negative else 1)
        if vb <= va:
            return None
        return b, True

    # -------------------------------------------------------------- emitting

    def _emit(self, a: Amount, b: Amount | None) -> None:
        if self._in_range:
            self.out.append(a)
            return
        if a.kind is None:
            a.kind = "number"
        end = a.end
        if b is None:
            interval = _interval(a.raw, a.half, a.strict_half, a.scale, a.factor, a.negative)
            if interval is None:
                return
            v, lo, hi, slo, shi = interval
        else:
            value, half, strict = _scaled(a)
            end = b.end
            # NOTE: both ends of a range take the finer precision of the two:
            # "$180–200 million" is 175–205 million, not 175–250.
            bsign = -1 if b.negative else 1
            bmult = b.scale * b.factor
            bv = b.raw * bmult * bsign
            bhalf, bstrict = b.half * bmult, b.strict_half * bmult
            if bhalf < half:
                half = bhalf
            if bstrict < strict:
                strict = bstrict
            low, slow = value - half, value - strict
            value = (value + bv) / 2
            high = bv + half
            shigh = bv + strict
            v = float(value)
            if not math.isfinite(v):
                return
            lo, hi, slo, shi = float(low), float(high), float(slow), float(shigh)
        hedge = None
        if a.tolerance:
            hedge = "\u00b1"  # a tolerance: reported, never widens the interval
        elif a.start > 0 and self.text[a.start - 1] == "~":
            hedge = "~"
        else:
            lex = self.lex
            last = self._word_before(a.start)
            if last in lex.hedge_last_words and (
                    last in lex.hedge_single or (self._word_at_end(self._wb_start), last) in lex.hedge_pairs):
                window = max(self.floor, a.start - 32)
                # NOTE: the hedge pattern's look-behind reads the character
                # before `window`: the whole stretch must be ASCII for the
                # lowercased text to be searched instead.
                if self.text[window - 1 if window else 0:a.start].isascii():
                    hm = lex.hedge_before_ascii.search(self.low, window, a.start)
                else:
                    hm = lex.hedge_before.search(self.text, window, a.start)
                if hm is not None:
                    hedge = " ".join(hm.group("h").lower().split())
        if hedge is not None and not a.tolerance:
            cls, param = self.lex.hedges.get(hedge, ("approximate", Decimal("0.1")))
            lo, hi = _widen(cls, param, v, lo, hi)
            slo, shi = _widen(cls, param, v, slo, shi)
        if a.kind == "percent":
            self.last_percent_end = end
        elif a.kind == "year":
            lo = hi = slo = shi = v
        unit = a.unit
        noun = a.noun if a.noun is not None or b is None else b.noun
        self.out.append((a.start, end, a.kind, v, unit, lo, hi, slo, shi, hedge, noun, None))
        self.floor = end


def _scaled(a: Amount) -> tuple[Decimal, Decimal, Decimal]:
    """Return (value, half, strict_half) of one end in base units, signed."""
    # NOTE: identity tests first: most figures carry neither scale nor factor.
    mult = D1 if a.scale is D1 and a.factor is D1 else a.scale * a.factor
    if mult is D1 or mult == 1:
        value, half, strict = a.raw, a.half, a.strict_half
    else:
        value, half, strict = a.raw * mult, a.half * mult, a.strict_half * mult
    if a.negative:
        value = -value
    return value, half, strict


@lru_cache(maxsize=8192)
def _interval(raw: Decimal, half: Decimal, strict: Decimal, scale: Decimal, factor: Decimal,
              negative: bool) -> tuple[float, float, float, float, float] | None:
    """Return (value, low, high, strict_low, strict_high) as floats of a single end (see `_scaled`).

    None when the value is not finite (the figure is dropped).

    Cached: `float(Decimal)` goes through a string and costs more than the
    rest of a figure's arithmetic, and figures repeat ("$1", "12%", "2025").
    NOTE: the key holds the Decimals that `parse_digits` and the lexicon
    share, whose hashes Python keeps; the result depends only on the numeric
    values, so equal keys give equal floats.
    """
    # `_scaled` of this end, inlined (an `Amount` costs more than the arithmetic).
    # NOTE: a decimal's two half-widths are one object (`parse_digits`): the
    # same operands give the same results, computed once.
    same = strict is half
    mult = D1 if scale is D1 and factor is D1 else scale * factor
    if not (mult is D1 or mult == 1):
        raw, half, strict = raw * mult, half * mult, strict * mult
    value = -raw if negative else raw
    v = float(value)
    if not math.isfinite(v):
        return None
    low, high = float(value - half), float(value + half)
    if same:
        return v, low, high, low, high
    return v, low, high, float(value - strict), float(value + strict)


def _widen(cls: str, param: Decimal, v: float, lo: float, hi: float) -> tuple[float, float]:
    """Return the interval [lo, hi] widened by a hedge of class `cls`."""
    if cls == "approximate":
        w = abs(v) * float(param)
        return lo - w, hi + w
    if cls == "nearly":
        return min(lo, v * float(param)) if v >= 0 else lo, hi
    if cls == "lower_bound":
        return lo, INF
    if cls == "upper_bound":
        return (0.0 if v >= 0 else -INF), hi
    return lo, hi


def _run_start(low: str, e: int, floor: int) -> int:
    """Return the start of the run of letters and dots ending at `e` (24 at most, never before `floor`)."""
    lower = e - 24 if e - 24 > floor else floor
    # NOTE: the common case first, a plain word after a space: one `rfind`
    # and one `isalpha` instead of a Python step per letter.
    k = low.rfind(" ", lower, e) + 1 or lower
    if k < e and low[k:e].isalpha():
        return k
    k = e
    while k > floor and (low[k - 1].isalpha() or low[k - 1] == ".") and e - k < 24:
        k -= 1
    return k


def _capitalised_month(text: str, start: int, end: int) -> bool:
    """Return whether the month name at text[start:end] is a whole word written "May" or "MARCH"."""
    if end < len(text) and (text[end].isalnum() or text[end] == "_"):
        return False  # "Mayfold": the number-word pattern also stops before "fold"
    word = text[start:end]
    if not ("A" <= word[0] <= "Z"):
        return False
    rest = word[1:]
    return rest.islower() or (rest.isupper() and len(word) > 3)


def _plural(word: str) -> bool:
    if word in _IRREGULAR_PLURALS:
        return True
    return len(word) > 2 and word.endswith("s") and not word.endswith(("ss", "us", "is", "ous"))


def _line_start(text: str, pos: int) -> bool:
    k = pos
    while k > 0 and text[k - 1] in " \t":
        k -= 1
    return k == 0 or text[k - 1] == "\n"


def _closing_bracket(text: str, s: int) -> bool:
    k = s
    while k < len(text) and text[k].isdigit() and k - s < 4:
        k += 1
    return k < len(text) and text[k] == "]"


_DOLLAR_QUALIFIERS: dict[str, str] = {}


def _dollar_qualifiers(lex: Lexicon) -> dict[str, str]:
    if not _DOLLAR_QUALIFIERS:
        for sym, iso in lex.symbols.items():
            if sym.endswith("$") and len(sym) > 1:
                _DOLLAR_QUALIFIERS[sym[:-1].replace(".", "").upper()] = iso
    return _DOLLAR_QUALIFIERS


_QUALIFIED_DOLLAR_RE = re.compile(r"(?<![A-Za-z])(US|U\.S\.|HK|C|A|S|NT|NZ|R|MEX|MX|SG|AU|CA|CAN)\$")


# A "$" after a word character or a dot: every "$" after a letter or a dot, and more.
# NOTE: the "$" first, so the pattern engine looks for it as a literal (a
# fast search) instead of testing every character for `[\w.]`.
_DOLLAR_AFTER_WORD_RE = re.compile(r"\$(?<=[\w.]\$)")


def _dollars_after_word(text: str) -> list[int]:
    """Return the positions of the "$" signs after a word character or a dot (a superset of those after a letter)."""
    count = text.count("$")
    # NOTE: a `finditer` costs a regex step per character, a `find` loop a
    # Python step per "$": the loop wins in prose, the pattern in "$1,$1,...".
    if count * 64 < len(text):
        find = text.find
        out = []
        pos = find("$", 1)
        while pos != -1:
            ch = text[pos - 1]
            if ch.isalnum() or ch in "_.":
                out.append(pos)
            pos = find("$", pos + 1)
        return out
    return [m.start() for m in _DOLLAR_AFTER_WORD_RE.finditer(text)]


def _document_dollar(text: str, lex: Lexicon) -> str:
    """Return the currency of a bare "$": USD, or the one other dollar the document names."""
    _dollar_qualifiers(lex)
    if "$" not in text:
        return "USD"
    found = set()
    for pos in _dollars_after_word(text):
        if text[pos - 1].isalpha() or text[pos - 1] == ".":
            for back in (1, 2, 3, 4):
                if pos - back < 0:
                    break
                m = _QUALIFIED_DOLLAR_RE.match(text, pos - back, pos + 1)
                if m is not None:
                    found.add(_DOLLAR_QUALIFIERS.get(m.group(1).replace(".", "").upper()))
                    break
    found.discard(None)
    if len(found) == 1 and "USD" not in found and "USD" not in text:
        return found.pop()
    return "USD"


# Invisible format characters: zero-width spaces and joiners, direction marks,
# embeddings, overrides and isolates, the byte-order mark, the soft hyphen. No
# reader sees them, so the scan reads the text without them ("$1\u200b000" is
# $1,000, not $1 and 000); positions are mapped back to the text with them.
_INVISIBLE_RE = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")
# Characters that may have an ASCII twin: no ASCII, Latin, Greek, Cyrillic
# or Hebrew letter, general punctuation or currency sign has one (a cheap
# character-class scan finds none in most prose).
_TWIN_CANDIDATE_RE = re.compile("[^\x00-\u065f\u2000-\u20cf]")
# Text with neither an invisible character nor a candidate twin (one scan
# instead of `_INVISIBLE_RE` and `_TWIN_CANDIDATE_RE` both; most non-ASCII prose).
_PLAIN_RE = re.compile("[\x00-\u00ac\u00ae-\u061b\u061d-\u065f\u2000-\u200a\u2010-\u2029\u202f-\u205f"
                       "\u2065\u2070-\u20cf]*")
_ARABIC_MARKS = {0x066A: 0x25, 0x066B: 0x2E, 0x066C: 0x2C, 0x3000: 0x20}
# Up to this many distinct look-alikes, `_scan_text` replaces them one by one.
_FEW_TWINS = 32


def _ascii_twins(text: str) -> dict[int, int]:
    """Return the one-for-one translation to ASCII of the look-alikes in `text`.

    Full-width forms, the ideographic space, the Arabic percent sign and
    decimal and thousands separators, and the decimal digits of every script:
    "＄１５６．５" reads as "$156.5", "２７％" as "27%", "٣٬٤٥٠" as "3,450",
    "३४" as "34". Each character stays one character, so positions do not move.
    """
    if _TWIN_CANDIDATE_RE.search(text) is None:
        return {}
    import unicodedata

    table: dict[int, int] = {}
    # NOTE: `set(text)` costs a C step per character; `findall` of the
    # candidates made a string per candidate (every CJK character), which
    # cost more in CJK text.
    for ch in set(text):
        if _TWIN_CANDIDATE_RE.match(ch) is None:
            continue
        cp = ord(ch)
        if 0xFF01 <= cp <= 0xFF5E:
            table[cp] = cp - 0xFF01 + 0x21
        elif cp in _ARABIC_MARKS:
            table[cp] = _ARABIC_MARKS[cp]
        elif ch.isdecimal():
            table[cp] = 0x30 + unicodedata.decimal(ch)
    return table


def _scan_text(text: str) -> tuple[str, list[int]]:
    """Return the text the scan reads and the scan positions of the characters it left out.

    ASCII text is read as it is. Otherwise invisible format characters are
    dropped and look-alikes read as ASCII (`_ascii_twins`); the second value
    lists, for each dropped character in order, the scan position it stood
    before (`scan` maps a scan position back).
    """
    if text.isascii() or _PLAIN_RE.fullmatch(text) is not None:
        return text, []
    dropped: list[int] = []
    if _INVISIBLE_RE.search(text) is not None:
        # NOTE: the k-th dropped character stood before scan position
        # len(parts[0]) + ... + len(parts[k]) (`split` and `accumulate` run in
        # C; a Python step per invisible character cost more).
        parts = _INVISIBLE_RE.split(text)
        dropped = list(accumulate(map(len, parts[:-1])))
        text = "".join(parts)
    if text.isascii():
        return text, dropped
    twins = _ascii_twins(text)
    if len(twins) <= _FEW_TWINS:
        # NOTE: `translate` looks every character up in the table; a few
        # `replace` passes (C searches) are far cheaper. Equivalent because
        # every twin is ASCII and no key is.
        for cp, ascii_cp in twins.items():
            text = text.replace(chr(cp), chr(ascii_cp))
        return text, dropped
    return text.translate(twins), dropped


_ALL_FIELDS_SET = set(Figure.model_fields)
_new = object.__new__
_setattr = object.__setattr__
# The setters of pydantic's per-instance slots (a little cheaper than `_setattr` by name).
_SET_FIELDS_SET, _SET_EXTRA, _SET_PRIVATE = (
    BaseModel.__dict__[slot].__set__
    for slot in ("__pydantic_fields_set__", "__pydantic_extra__", "__pydantic_private__"))


def _last_at_most(values: list[int], x: int, k: int) -> int:
    """Return the last index of sorted `values` whose value is at most `x`, given that `values[k]` is.

    A bisect of the next few values first: `scan` asks for the position
    just after the previous figure's.
    """
    hi = k + 8 if k + 8 < len(values) else len(values)
    i = bisect_right(values, x, k, hi) - 1
    if i == hi - 1 and hi < len(values) and values[hi] <= x:
        i = bisect_right(values, x, hi) - 1
    return i


def scan(doc: Document, max_run: int = 0) -> tuple[list[Figure], list[tuple[int, int]]]:
    """Return the figures of `doc` (sorted by start, non-overlapping) and the spans of prose not read.

    With `max_run`, a run of more than `max_run` figures with no word
    between any two of them is read up to its `max_run`-th figure; the rest,
    up to the next word, is skipped and returned as a (start, end) span of
    `doc.text`. Without it (0) every figure is read and no span is returned.
    """
    text = doc.text
    if not text:
        return [], []
    scanned, dropped = _scan_text(text)
    scanner = _Scanner(scanned, lexicon(), max_run)
    rows = scanner.run()
    rows = [r for r in rows if isinstance(r, tuple)]
    skipped = scanner.skipped
    if dropped and skipped:
        # A span runs from the end of the last figure read to the end of the
        # last one skipped: both map back as a figure's end does (see below).
        skipped = [(start - 1 + bisect_right(dropped, start - 1) + 1, end - 1 + bisect_right(dropped, end - 1) + 1)
                   for start, end in skipped]
    # NOTE: rows are sorted and checked for overlap in scan positions; the
    # map back to the text (below) is strictly increasing, so the order and
    # the overlaps are the same as in text positions.
    rows.sort(key=itemgetter(0))
    figures: list[Figure] = []
    append = figures.append
    new, setattr_, fields_set = _new, _setattr, _ALL_FIELDS_SET
    set_fields_set, set_extra, set_private = _SET_FIELDS_SET, _SET_EXTRA, _SET_PRIVATE
    # NOTE: `Document.span` inlined (it runs twice per figure): prose offset
    # -> source offset through the segments, then -> (line, col) through the
    # line starts. Same arithmetic as `Document.source_offset`/`source_position`.
    starts = doc.line_starts
    seg_text, seg_source, seg_verbatim = doc.seg_text, doc.seg_source, doc.seg_verbatim
    identity = seg_text == [0] and seg_source == [0] and seg_verbatim == [True] and doc.source is doc.text
    nsource = len(doc.source)
    nstarts, nsegments = len(starts), len(seg_text)
    # NOTE: rows come sorted by start, so a figure's segment and line are at
    # or just after the previous figure's: compare with the next entry, then
    # bisect a few entries ahead (`_last_at_most`), not the whole list (a
    # long table has 400,000 segments, and a bisect of them costs more).
    seg_k = line_k = 0
    line_start = line_end = -1  # the bounds of line `line_k` once known
    last_end = -1
    # The scan read the text without the `dropped` characters: a scan
    # position p is text position p + (dropped characters at or before p). A
    # dropped character before a figure's first character or after its last
    # one stays outside the figure; one inside it is part of its text.
    # NOTE: accepted rows have non-decreasing starts and ends, so each count
    # goes on from the previous one, usually by a step or two: a step costs
    # less than a bisect of all the positions, and all the steps together are
    # at most one per dropped character.
    ndropped = len(dropped)
    di = 0
    for (start, end, kind, value, unit, low, high, slow, shigh, hedge, noun, iso) in rows:
        if start < last_end:
            continue
        last_end = end
        if ndropped:
            while di < ndropped and dropped[di] <= start:
                di += 1
            if end > start:
                dj = di
                last = end - 1
                while dj < ndropped and dropped[dj] <= last:
                    dj += 1
                start, end = start + di, end + dj
                di = dj
            else:
                start = end = start + di
        last = end - 1 if end > start else start
        if identity:
            a, b = start, last
        elif not seg_text:
            a, b = min(start, nsource), min(last, nsource)
        else:
            k = seg_k if seg_text[seg_k] <= start else 0
            if seg_text[k] > start:
                k = -1
            elif k + 1 < nsegments and seg_text[k + 1] <= start:
                k = _last_at_most(seg_text, start, k + 1)
            seg_k = k if k > 0 else 0
            a = 0 if k < 0 else (seg_source[k] + (start - seg_text[k]) if seg_verbatim[k] else seg_source[k])
            if k < 0:
                k = bisect_right(seg_text, last) - 1
            elif k + 1 < nsegments and seg_text[k + 1] <= last:  # else it ends in its first segment
                k = _last_at_most(seg_text, last, k + 1)
            b = 0 if k < 0 else (seg_source[k] + (last - seg_text[k]) if seg_verbatim[k] else seg_source[k])
        # NOTE: most figures start on the line of the previous one and end on
        # it: two comparisons with that line's bounds instead of the look-ups.
        if line_start <= a < line_end:
            k = line_k
        else:
            k = line_k if starts[line_k] <= a else 0
            if k + 1 < nstarts and starts[k + 1] <= a:
                k = _last_at_most(starts, a, k + 1)
            line_k = k
            line_start = starts[k]
            line_end = starts[k + 1] if k + 1 < nstarts else sys.maxsize
        line, col = k + 1, a - line_start + 1
        if a <= b < line_end:
            end_line, end_col = line, b - line_start + 1
        else:
            if b < a:
                k = bisect_right(starts, b) - 1
            else:  # it ends on a later line (`starts[k + 1] <= b`)
                k = _last_at_most(starts, b, k + 1)
            end_line, end_col = k + 1, b - starts[k] + 1
        if end > start:
            end_col += 1
        else:
            end_line, end_col = line, col
        # NOTE: like `Figure.model_construct` but cheaper: every field is
        # given and already valid, and one shared fields-set serves all (every
        # field is set, so pydantic's `add` on assignment never changes it).
        # NOTE: a dict display of more than 15 entries compiles to one
        # `MAP_ADD` per entry (and resizes); 15 constant keys build in one step
        # (`BUILD_CONST_KEY_MAP`), and the last five are stored after them, in
        # the order of the model's fields.
        fields = {
            "text": text[start:end], "start": start, "end": end, "line": line, "col": col, "end_line": end_line,
            "end_col": end_col, "kind": kind, "value": value, "unit": unit,
            "low": low if low < value else value, "high": high if high > value else value,
            "strict_low": slow if slow < value else value, "strict_high": shigh if shigh > value else value,
            "hedge": hedge,
        }
        fields["noun"] = noun
        fields["iso"] = iso
        fields["metric"] = fields["entity"] = fields["period"] = None
        fig = new(Figure)
        setattr_(fig, "__dict__", fields)
        set_fields_set(fig, fields_set)
        set_extra(fig, None)
        set_private(fig, None)
        append(fig)
    return figures, skipped
