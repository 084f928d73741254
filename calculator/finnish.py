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
