"""The one pint unit registry of claimcheck.

Each supported currency (ISO 4217 code) is its own base dimension, so an amount
times a multiple stays money and money divided by money in the same currency is
dimensionless; two currencies never convert into each other here. Exchange
rates come from the dated FX table, never from unit definitions.
Durations use pint's own time units (second … year).
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pint

# NOTE: pint is imported only when the registry is first built: importing it
# costs ~0.3 s (more when dask is installed, which pint probes for), and most
# lint runs never need it. `is_currency` and the tables below need no pint.

# NOTE: the codes the extractor can emit (see rules/lexicon.toml) plus the
# common ones a fact file may use. Historical codes (FIM, NLG, DEM, FRF, ESP,
# ITL) are kept so old articles still get a unit.
CURRENCIES: tuple[str, ...] = (
    "USD", "EUR", "GBP", "JPY", "CNY", "HKD", "CHF", "CAD", "AUD", "NZD", "SGD",
    "TWD", "INR", "KRW", "RUB", "BRL", "MXN", "ZAR", "SEK", "NOK", "DKK", "PLN",
    "TRY", "THB", "MYR", "IDR", "PHP", "VND", "ILS", "AED", "SAR", "NGN", "EGP",
    "PKR", "LKR", "CRC", "GEL", "LAK", "UAH", "KZT", "CZK", "HUF", "ARS", "CLP",
    "COP", "PEN", "FIM", "NLG", "DEM", "FRF", "ESP", "ITL",
)

DURATION_UNITS: tuple[str, ...] = ("second", "minute", "hour", "day", "week", "month", "year")


@cache
def registry() -> pint.UnitRegistry:
    """Return the process-wide unit registry, built on first use."""
    import pint

    ureg = pint.UnitRegistry(cache_folder=None)
    for code in CURRENCIES:
        # A dimension of its own per currency: [currency_USD], [currency_EUR], ...
        ureg.define(f"{code} = [currency_{code}]")
    return ureg


def quantity(value: float, unit: str | None) -> pint.Quantity:
    """Return `value` in `unit` (ISO code, pint unit name, '%' or 'x') as a pint quantity."""
    ureg = registry()
    if unit is None or unit == "x":
        return ureg.Quantity(value, "dimensionless")
    if unit == "%":
        return ureg.Quantity(value, "percent")
    return ureg.Quantity(value, unit)


def is_currency(unit: str | None) -> bool:
    """Return True when `unit` is one of the currencies defined in the registry."""
    return unit in _CURRENCY_SET


_CURRENCY_SET = frozenset(CURRENCIES)
