"""Finnish display of dates, numbers and euros (decimal comma)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from .money import round_cents


def date_fi(day: dt.date) -> str:
    return f"{day.day}.{day.month}.{day.year}"


def number_fi(value: Decimal) -> str:
    """A plain number without trailing zeros: 4,5; 10."""
    return f"{value.normalize():f}".replace(".", ",")


def eur_fi(amount: Decimal) -> str:
    """Two decimals, decimal comma, no-break space between thousands: 1 234,50."""
    text = f"{round_cents(amount):,.2f}"
    return text.replace(",", "\u00a0").replace(".", ",")


def eur_range_fi(data: dict, prefix: str) -> str:
    """A JSON result's `<prefix>_min_eur`–`<prefix>_max_eur` in Finnish; one amount when they are equal."""
    low, high = (Decimal(data[f"{prefix}_{end}_eur"]) for end in ("min", "max"))
    return eur_fi(low) if low == high else f"{eur_fi(low)}–{eur_fi(high)}"
