"""The one Finnish formatter: dates, numbers, euros, per cents, ranges and interval labels.

Templates use these as Jinja filters, the CLI prints them, and the browser worker
returns results with `localize`, so the page shows exactly what Python formatted.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .money import PERCENT_STEP, round_cents

MINUS = "\u2212"
NBSP = "\u00a0"
PERCENT = NBSP + "%"  # a per cent sign stays on its number's line


def date_fi(day: dt.date) -> str:
    return f"{day.day}.{day.month}.{day.year}"


MONTHS_IN_FI = (
    "tammikuussa", "helmikuussa", "maaliskuussa", "huhtikuussa", "toukokuussa", "kesäkuussa",
    "heinäkuussa", "elokuussa", "syyskuussa", "lokakuussa", "marraskuussa", "joulukuussa",
)  # fmt: skip


def month_in_fi(year: int, month: int) -> str:
    """When, to the month: "helmikuussa 2026"."""
    return f"{MONTHS_IN_FI[month - 1]} {year}"


MONTHS_FI = (
    "Tammikuu", "Helmikuu", "Maaliskuu", "Huhtikuu", "Toukokuu", "Kesäkuu",
    "Heinäkuu", "Elokuu", "Syyskuu", "Lokakuu", "Marraskuu", "Joulukuu",
)  # fmt: skip
# (short, full), Monday first as in ISO 8601 and in Finnish calendars
WEEKDAYS_FI = (
    ("ma", "maanantai"), ("ti", "tiistai"), ("ke", "keskiviikko"), ("to", "torstai"),
    ("pe", "perjantai"), ("la", "lauantai"), ("su", "sunnuntai"),
)  # fmt: skip


def month_fi(year: int, month: int) -> str:
    """A month as a calendar's heading: "Tammikuu 2026"."""
    return f"{MONTHS_FI[month - 1]} {year}"


def number_fi(value: Decimal | int | str) -> str:
    """A plain number without trailing zeros: 4,5; 10."""
    return f"{Decimal(value).normalize():f}".replace(".", ",")


def rate_fi(value: Decimal | int | str) -> str:
    """A rate as written, with a no-break space before the sign (never a line break there): 25,5 %, 24 %."""
    return number_fi(value) + PERCENT


def count_fi(n: int, one: str, many: str) -> str:
    """A count with its noun: "1 käynti", "2 käyntiä"."""
    return f"{n} {one if n == 1 else many}"


def eur_fi(amount: Decimal | str) -> str:
    """Two decimals, decimal comma, no-break space between thousands: 1 234,50."""
    text = f"{round_cents(Decimal(amount)):,.2f}"
    return text.replace(",", NBSP).replace(".", ",")


def percent_fi(value: Decimal | str, places: int = 1) -> str:
    """A per cent with `places` decimals (half up), a no-break space before the sign: 4,0 %."""
    step = PERCENT_STEP if places == 1 else Decimal(1).scaleb(-places)
    return f"{Decimal(value).quantize(step, rounding=ROUND_HALF_UP):f}".replace(".", ",") + PERCENT


def signed_fi(value: Decimal | str, unit: str, places: int = 1) -> str:
    """A change with its sign and unit: +1,20 €, −4,0 % (`places` decimals for per cents), ±0,00 €."""
    value = Decimal(value)
    sign = "+" if value > 0 else (MINUS if value < 0 else "±")
    amount = eur_fi(abs(value)) + " €" if unit == "€" else percent_fi(abs(value), places)
    return sign + amount


def list_fi(items: list[str]) -> str:
    """Words in a Finnish list: "a", "a ja b", "a, b ja c"."""
    return " ja ".join(filter(None, (", ".join(items[:-1]), items[-1])))


def range_fi(low: str, high: str) -> str:
    return low if low == high else f"{low}–{high}"


def eur_range_fi(data: dict, prefix: str) -> str:
    """A JSON result's `<prefix>_min_eur`–`<prefix>_max_eur` in Finnish; one amount when they are equal."""
    return range_fi(*(eur_fi(data[f"{prefix}_{end}_eur"]) for end in ("min", "max")))


def interval_fi(weeks: int) -> str:
    """An emptying interval: "joka viikko", "joka 2. viikko"."""
    return "joka viikko" if weeks == 1 else f"joka {weeks}. viikko"


def volume_fi(litres: int) -> str:
    """A container size: "240 l"; a cubic-metre container also in m³: "1,5 m³ (1500 l)"."""
    return f"{number_fi(Decimal(litres) / 1000)} m³ ({litres} l)" if litres >= 1000 else f"{litres} l"


def localize(result: Any) -> Any:
    """A JSON result (or any part of it) with a Finnish display string beside every number.

    `<p>_min_eur`/`<p>_max_eur` get `<p>_fi` (an amount or a range, with €) and `<p>_average_fi`
    when they differ; `unit_price_eur` gets `unit_price_fi`; `quantity_min`/`quantity_max` get
    `quantity_fi`; `<p>_percent` gets `<p>_percent_fi` (signed); an ISO `date` gets `date_fi`,
    `iso_week` gets `week_fi` and `table_number` gets `table_fi`; `errors` gets `errors_fi`, their count
    in a sentence; a line whose table splits its price gets `unit_price_split_fi` ("Kuljetus 3,95 € +
    Käsittely 2,84 € = …"). An estimate line also gets `formula_fi`: "unit price × quantity = amount".
    """
    if isinstance(result, list):
        return [localize(item) for item in result]
    if not isinstance(result, dict):
        return result
    shown = {key: localize(value) for key, value in result.items()}
    for key, value in result.items():
        if key.endswith("_min_eur"):
            prefix = key[: -len("_min_eur")]
            low, high = eur_fi(value), eur_fi(result[f"{prefix}_max_eur"])
            shown[f"{prefix}_fi"] = range_fi(low, high) + " €"
            if low != high:
                shown[f"{prefix}_average_fi"] = eur_fi(result[f"{prefix}_eur"]) + " €"
        elif key == "unit_price_eur":
            shown["unit_price_fi"] = eur_fi(value) + " €"
        elif key == "quantity_min":
            shown["quantity_fi"] = range_fi(number_fi(value), number_fi(result["quantity_max"]))
        elif key.endswith("_percent") and value is not None:
            shown[f"{key}_fi"] = signed_fi(value, "%")
        elif key == "date" and isinstance(value, str):
            shown["date_fi"] = date_fi(dt.date.fromisoformat(value))
        elif key == "iso_week":
            shown["week_fi"] = f"viikko {value}"
        elif key == "table_number":
            shown["table_fi"] = f"Taulukko {value}"
        elif key == "errors" and isinstance(value, list):
            shown["errors_fi"] = f"Lomakkeessa on {count_fi(len(value), 'virhe', 'virhettä')}."
    if "unit_price_parts" in result and "unit_price_vat0_eur" in result:
        parts = " + ".join(f"{part['label']} {eur_fi(part['vat0_eur'])} €" for part in result["unit_price_parts"])
        total = eur_fi(result["unit_price_vat0_eur"])
        shown["unit_price_split_fi"] = f"{parts} = {total} € (alv {rate_fi(0)}), {shown['unit_price_fi']} sis. alv"
    if {"unit_price_fi", "quantity_fi", "amount_fi"} <= shown.keys():
        shown["formula_fi"] = f"{shown['unit_price_fi']} × {shown['quantity_fi']} = {shown['amount_fi']}"
    return shown
