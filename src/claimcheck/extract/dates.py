"""Dates: "January 20, 2026", "20 January 2026", "Jan. 20, 2026", "2026-01-20", "May 2026".

A date's value is `datetime.date.toordinal()` of its day; a month ("May 2026")
is valued at its first day, with `low`/`high` spanning the month. A date
without a year ("end of May", "May 4") keeps `iso` as "--05" / "--05-04"
(the ISO 8601 truncated forms) and is valued in year 1, so only `iso` should be
read for it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from claimcheck.extract.lexicon import SP, Lexicon, lexicon, trie_pattern


@dataclass(slots=True)
class DateMatch:
    """A date found in the text, with its ordinal interval and ISO form."""

    start: int
    end: int
    value: float
    low: float
    high: float
    iso: str


@cache
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern]:
    names = sorted(lexicon().months)
    month = r"(?P<mon>" + trie_pattern([m.capitalize() for m in names] + [m.upper() for m in names]) + r")\b\.?"
    day = r"(?P<d>[0-9]{1,2})(?:st|nd|rd|th)?(?![0-9A-Za-z])"
    year = r"(?P<y>[0-9]{4})(?![0-9])"
    numeric = re.compile(
        r"(?P<y>[0-9]{4})(?P<s>[-/.])(?P<m>[0-9]{1,2})(?P=s)(?P<d>[0-9]{1,2})(?![0-9])"
        r"|(?P<m2>[0-9]{1,2})/(?P<d2>[0-9]{1,2})/(?P<y2>[0-9]{4})(?![0-9])"
    )
    day_month = re.compile(day + SP + r"+(?:of" + SP + r"+)?" + month + r"(?:,?" + SP + r"*" + year + r")?")
    month_day = re.compile(month + SP + r"*" + day + r"(?:," + SP + r"*|" + SP + r"+)?" + r"(?:" + year + r")?")
    month_year = re.compile(month + r",?" + SP + r"+(?:of" + SP + r"+)?" + year)
    return numeric, day_month, month_day, month_year


def _day(y: int | None, m: int, d: int | None, start: int, end: int) -> DateMatch | None:
    try:
        if d is None:
            first = dt.date(y or 1, m, 1)
            last = dt.date(y or 1, m, calendar.monthrange(y or 1, m)[1])
            iso = f"{y:04d}-{m:02d}" if y else f"--{m:02d}"
            return DateMatch(start, end, float(first.toordinal()), float(first.toordinal()),
                             float(last.toordinal()), iso)
        day = dt.date(y or 4, m, d)  # year 4 is a leap year: "February 29" without a year
        if not y:
            day = day.replace(year=1) if not (m == 2 and d == 29) else day
            iso = f"--{m:02d}-{d:02d}"
        else:
            iso = day.isoformat()
    except ValueError:
        return None
    v = float(day.toordinal())
    return DateMatch(start, end, v, v, v, iso)


def date_at_digit(text: str, pos: int, lex: Lexicon) -> DateMatch | None:
    """Return the date that starts with the digits at `pos` ("2026-01-20", "20 January 2026")."""
    numeric, day_month, _, _ = _patterns()
    m = numeric.match(text, pos)
    if m is not None:
        if m.group("y"):
            y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
        else:
            y, mo, d = int(m.group("y2")), int(m.group("m2")), int(m.group("d2"))
            if mo > 12 >= d:
                mo, d = d, mo
        if lex.min_year <= y <= lex.max_year:
            return _day(y, mo, d, m.start(), m.end())
        return None
    m = day_month.match(text, pos)
    if m is not None:
        mon = lex.months.get(m.group("mon").lower())
        if mon is None:
            return None
        y = int(m.group("y")) if m.group("y") else None
        if y is not None and not lex.min_year <= y <= lex.max_year:
            return None
        return _day(y, mon, int(m.group("d")), m.start(), m.end())
    return None


def date_at_month(text: str, pos: int, lex: Lexicon) -> DateMatch | None:
    """Return the date that starts with the month name at `pos` ("May 2026", "Jan. 20, 2026")."""
    _, _, month_day, month_year = _patterns()
    m = month_year.match(text, pos)
    if m is not None:
        mon = lex.months.get(m.group("mon").lower())
        y = int(m.group("y"))
        if mon and lex.min_year <= y <= lex.max_year:
            return _day(y, mon, None, m.start(), m.end())
        return None
    m = month_day.match(text, pos)
    if m is not None:
        mon = lex.months.get(m.group("mon").lower())
        if mon is None:
            return None
        y = int(m.group("y")) if m.group("y") else None
        if y is not None and not lex.min_year <= y <= lex.max_year:
            return None
        end = m.end("y") if y is not None else m.end("d")
        if y is None:
            # Keep an ordinal suffix ("May 4th") but not the trailing space or comma.
            end = m.end("d")
            while end < len(text) and text[end].isalpha():
                end += 1
        return _day(y, mon, int(m.group("d")), m.start(), end)
    # A month alone, after "end of", "in", "early", ...
    word_end = pos
    while word_end < len(text) and text[word_end].isalpha():
        word_end += 1
    name = text[pos:word_end]
    mon = lex.months.get(name.lower())
    if mon is None or len(name) < 3 or not _after(text, pos, lex):
        return None
    return _day(None, mon, None, pos, word_end)


def _after(text: str, pos: int, lex: Lexicon) -> bool:
    before = text[max(0, pos - 16):pos].lower().rstrip(" -\u00a0")
    return any(before.endswith(w) and (len(before) == len(w) or not before[-len(w) - 1].isalpha())
               for w in lex.month_only_after)
