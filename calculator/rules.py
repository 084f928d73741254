"""Pricing rules of a tariff's text part, as data: parameters, the words they come from, their section.

A version's `rules:` block holds one entry per rule the pricing core applies, e.g.

    sludge_large_volume:
      section: 3.1.3
      quote: "Jos kiinteistöltä tyhjennetty lietemäärä on yli 14 m³, …"
      over_m3: [14, 21]

The core knows what each rule id means (RULE_PARAMETERS lists them with their parameters'
kinds); the data gives the numbers and the quote. A rule missing from a version is not applied,
and where a scenario needs it the calculator says that the tariff gives no such rule.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from . import schema
from .money import parse_amount
from .schedules import MonthDay, Schedule, Season
from .schema import Fields


@dataclass(frozen=True)
class Area:
    """An area where the property holder orders some transport services from private companies."""

    id: str
    name: str
    wastes: tuple[str, ...]  # container emptyings the tariff does not price there
    sludge_transport: bool  # True: the sludge transport fee is not the tariff's there


@dataclass(frozen=True)
class Period:
    """Days of every year, first and last included: "04-01" to "09-30", or over the new year."""

    start: MonthDay
    end: MonthDay


# The seasons an emptying interval may differ by, as the form asks them ("Kesäkaudella 1.4.–30.9.").
EMPTYING_SEASONS_FI = {"summer": "Kesäkaudella", "winter": "Talvikaudella"}


@dataclass(frozen=True)
class Rule:
    id: str
    quote: str
    params: dict[str, Any] = field(default_factory=dict)
    section: str | None = None
    reading: str | None = None
    # The reading said to the visitor (Finnish), where the rule's words point two ways.
    reading_fi: str | None = None

    def __getitem__(self, name: str) -> Any:
        return self.params[name]


@dataclass(frozen=True)
class Rules:
    by_id: dict[str, Rule] = field(default_factory=dict)
    source: str | None = None

    def get(self, rule_id: str) -> Rule | None:
        return self.by_id.get(rule_id)


MAX_PARAMETER = Decimal(1_000_000)  # no rule counts metres, m³ or hours beyond this


def _amount(value: Any) -> Decimal:
    amount = parse_amount(value)
    if not 0 <= amount <= MAX_PARAMETER:
        raise ValueError(f"must be between 0 and {MAX_PARAMETER}, not {value!r}")
    return amount


def _step(value: Any) -> Decimal:
    amount = _amount(value)
    if amount == 0:
        raise ValueError("a step must be more than 0")
    return amount


def _whole(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"expected a whole number, found {value!r}")
    return value


def _names(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ValueError(f"expected a list of names, found {value!r}")
    return tuple(value)


def _amounts(value: Any) -> tuple[Decimal, ...]:
    if not isinstance(value, list) or not value:
        raise ValueError(f"expected a non-empty list of numbers, found {value!r}")
    amounts = tuple(_amount(v) for v in value)
    if list(amounts) != sorted(set(amounts)):
        raise ValueError("the numbers must be in increasing order")
    return amounts


def _amount_map(value: Any) -> dict[str, Decimal]:
    if not isinstance(value, dict) or not value:
        raise ValueError(f"expected a mapping of names to numbers, found {value!r}")
    return {str(k): _amount(v) for k, v in value.items()}


def _month_day(value: Any) -> MonthDay:
    return MonthDay.parse(value)


def _period(value: Any) -> Period:
    if not isinstance(value, dict) or set(value) != {"from", "to"}:
        raise ValueError(f'expected {{from: "MM-DD", to: "MM-DD"}}, found {value!r}')
    return Period(MonthDay.parse(value["from"]), MonthDay.parse(value["to"]))


def _seasons(value: Any) -> dict[str, Period]:
    """Summer and winter, each {from, to}: together every day of the year, once."""
    if not isinstance(value, dict) or set(value) != set(EMPTYING_SEASONS_FI):
        raise ValueError(f"expected the seasons {' and '.join(EMPTYING_SEASONS_FI)}, found {value!r}")
    seasons = {name: _period(value[name]) for name in EMPTYING_SEASONS_FI}
    Schedule(tuple(Season(p.start, p.end, 1) for p in seasons.values()))  # ValueError: a day twice or never
    return seasons


def _areas(value: Any) -> tuple[Area, ...]:
    if not isinstance(value, list) or not value:
        raise ValueError("expected a non-empty list of areas {id, name, wastes, sludge_transport}")
    areas = []
    for item in value:
        if not isinstance(item, dict) or set(item) != {"id", "name", "wastes", "sludge_transport"}:
            raise ValueError(f"an area needs exactly id, name, wastes and sludge_transport, found {item!r}")
        if not isinstance(item["sludge_transport"], bool):
            raise ValueError("sludge_transport must be true or false")
        areas.append(Area(str(item["id"]), str(item["name"]), _names(item["wastes"]), item["sludge_transport"]))
    return tuple(areas)


# Every rule the pricing core applies, and how to read each of its parameters.
RULE_PARAMETERS: dict[str, dict[str, Callable[[Any], Any]]] = {
    # Emptying fees are charged per scheduled visit, also when the bin is empty.
    "empty_bin": {},
    # Carrying a bin: each started step_m beyond free_m, at every emptying.
    "carry_distance": {"free_m": _amount, "step_m": _step},
    # An extra pickup's kilometre fee: only for a detour of at least min_km, for the km beyond it.
    "extra_pickup_detour": {"min_km": _amount},
    # Bins washed every year without an order, at properties of min_apartments or more, and customers listed.
    "automatic_washing": {"min_apartments": _whole, "wastes": _names, "customers": _names},
    # The seasons whose emptying intervals may differ (the form then asks an interval for each).
    "emptying_seasons": {"seasons": _seasons},
    # The day by which the authority must be told that a property washes its bins itself.
    "self_washing_notice": {"by": _month_day},
    "holiday_home_season": {"from": _month_day, "to": _month_day},
    # A holiday home's eco fee is the same yearly fee however little it is used; a suspension may be
    # applied for when it is unused more than suspension_months.
    "holiday_home_eco_fee": {"suspension_months": _whole},
    "area_collection_season": {"from": _month_day, "to": _month_day},
    # The eco fee may be left uncharged for a dwelling empty at least min_months (houses of max_apartments).
    "eco_fee_vacancy": {"min_months": _whole, "max_apartments": _whole},
    # Sludge included in one transport fee, by sludge type, and "mixed" for kinds emptied together.
    "sludge_included": {"m3": _amount_map},
    "sludge_billing_step": {"m3": _step},
    "sludge_tanks_per_transport": {"tanks": _whole},
    # More than each volume in over_m3: one more transport fee, and no per-m³ extra work.
    "sludge_large_volume": {"over_m3": _amounts},
    "sludge_hourly_minimum": {"hours": _amount},
    # Extra work charged by the hour, e.g. for emptying more than over_tanks systems on one visit.
    "sludge_hourly_work": {"over_tanks": _whole},
    "private_transport_areas": {"areas": _areas},
}


def read_rule(rule_id: str, fields: Fields) -> Rule | None:
    """One rule (a known id) from the fields of its mapping; problems go to the fields' file."""
    if not fields.ok:
        return None
    quote = fields.get("quote", schema.text, default="")
    params = {
        name: value for name, read in RULE_PARAMETERS[rule_id].items() if (value := fields.get(name, read)) is not None
    }
    section = fields.get("section", schema.number_text, required=False)
    reading = fields.get("reading", schema.text, required=False)
    reading_fi = fields.get("reading_fi", schema.text, required=False)
    fields.finish()
    return Rule(rule_id, quote, params, section, reading, reading_fi)


def rule_data(rule: Rule) -> dict[str, Any]:
    """A rule as plain JSON data (read back by read_rule)."""
    data: dict[str, Any] = {"quote": rule.quote}
    if rule.section:
        data["section"] = rule.section
    if rule.reading:
        data["reading"] = rule.reading
    if rule.reading_fi:
        data["reading_fi"] = rule.reading_fi
    for name, value in rule.params.items():
        data[name] = _plain(value)
    return data


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, MonthDay):
        return f"{value.month:02d}-{value.day:02d}"
    if isinstance(value, Period):
        return {"from": _plain(value.start), "to": _plain(value.end)}
    if isinstance(value, Area):
        return {
            "id": value.id,
            "name": value.name,
            "wastes": list(value.wastes),
            "sludge_transport": value.sludge_transport,
        }
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value
