"""The public scenario format: parse and check a household's situation.

    {"date": "2026-06-01", "year": 2026,
     "customer": "housing", "area": "jurva",
     "household": {"kind": "permanent", "apartments": 1, "vacancy_months": 0},
     "containers": [{"waste": "mixed", "volume_l": 240, "count": 1, "interval_weeks": 2,
                     "first_emptying": "2026-01-07", "carry_distance_m": 15,
                     "extra_emptyings": 1, "extra_detour_km": "6"}],
     "extras": {"paper_invoices": 2, "washings": 1, "self_washing": false, "area_collection": "season",
                "block_collection": false,
                "sludge": [{"type": "septic", "volume_m3": "4.5", "emptyings": 1, "extra_work_hours": "0.5"},
                           {"tanks": [{"type": "septic", "volume_m3": "3"},
                                      {"type": "closed_tank", "volume_m3": "4"}], "emptyings": 1}]}}

`customer` is "housing" (default) or "municipal" (municipal administration and services: its own
rows where the tariff has them, no eco fee, so no household). `area` names an area of the
tariff's `private_transport_areas` rule. A sludge item is one tank (`type`, `volume_m3`) or
several tanks of one building emptied on the same visit (`tanks`).

Every problem names its field, in English for the CLI and in Finnish for the page.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .finnish import date_fi, month_in_fi
from .money import parse_amount
from .schedules import MonthDay, Schedule, Season
from .schema import Fields, Invalid, join

WASTES_FI = {
    "mixed": "Poltettava jäte",
    "bio": "Biojäte",
    "dual": "Kaksilokeroastia (bio- ja poltettava jäte)",
    "cardboard": "Kartonkipakkausjäte",
    "glass": "Lasipakkausjäte",
    "metal": "Metallipakkausjäte",
    "plastic": "Muovipakkausjäte",
    "packaging4": "Pakkausjätteiden nelilokeroastia",
    "other_glass": "Muu lasijäte",
}
HOUSING_KINDS = ("permanent", "holiday", "other")
SLUDGE_TYPES_FI = {
    "septic": "Saostussäiliö tai pienpuhdistamo",
    "grey_water": "Harmaiden vesien saostussäiliö tai pienpuhdistamo",
    "closed_tank": "Umpisäiliö",
}
AREA_COLLECTION = ("season", "year")

# Input limits: beyond them a scenario is refused with a message (CLI exit 2, Finnish on the page), so
# that no input can make the calculator slow or overflow. Generous for any household or housing company.
MAX_CONTAINERS = 100  # container lines in one scenario
MAX_COUNT = 1000  # containers on one line; apartments
MAX_PLACES = 100_000  # places of a non-residential property
MAX_VOLUME_L = 20_000  # one container, litres
MAX_SLUDGE = 10  # sludge lines in one scenario
MAX_SLUDGE_M3 = Decimal(100)  # one sludge emptying, cubic metres
MAX_CARRY_M = Decimal(1000)  # carrying distance, metres
MAX_PERIODS = 12  # seasons of one schedule
MAX_TIMES = 52  # emptyings, invoices or washings a year; weeks between emptyings
MAX_FILE_BYTES = 1_000_000  # a scenario file (CLI)
MAX_LINK_CHARS = 32_000  # the scenario part of a calculator link (#s=...)
MAX_PROBLEMS = 20  # problems listed one by one; the rest are counted
# A decimal is written with digits, at most one separator and three decimals: no exponent, NaN or infinity.
DECIMAL_TEXT = re.compile(r"\d{1,7}(?:[.,]\d{1,3})?")
DATE_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}")
CUSTOMERS = ("housing", "municipal")
MAX_DETOUR_KM = Decimal(1000)  # an extra pickup's detour, kilometres
MAX_WORK_HOURS = Decimal(24)  # extra work at one sludge visit
MAX_TANKS = 10  # tanks of one building emptied on one visit


@dataclass(frozen=True)
class InputProblem:
    field: str
    message: str
    message_fi: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


def no_tariff_on(field: str, day: dt.date) -> InputProblem:
    return InputProblem(field, f"no tariff is valid on {day.isoformat()}", f"päivälle {date_fi(day)} ei ole taksaa")


class ScenarioError(Exception):
    def __init__(self, problems: list[InputProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class Household:
    kind: str
    apartments: int = 1
    places: int = 0
    vacancy_months: int = 0


@dataclass(frozen=True)
class Container:
    waste: str
    volume_l: int
    count: int
    schedule: Schedule
    first_emptying: dt.date | None = None
    carry_distance_m: Decimal = Decimal(0)
    extra_emptyings: int = 0
    extra_detour_km: Decimal = Decimal(0)


@dataclass(frozen=True)
class Tank:
    type: str
    volume_m3: Decimal


@dataclass(frozen=True)
class SludgeEmptying:
    """One visit (repeated `emptyings` times a year) emptying the tanks of one building."""

    tanks: tuple[Tank, ...]
    emptyings: int = 1
    extra_work_hours: Decimal = Decimal(0)

    @property
    def types(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(t.type for t in self.tanks))


@dataclass(frozen=True)
class Extras:
    paper_invoices: int = 0
    washings: int = 0
    self_washing: bool = False
    area_collection: str | None = None
    block_collection: bool = False
    sludge: tuple[SludgeEmptying, ...] = ()


@dataclass(frozen=True)
class Scenario:
    """A household's situation. `year` (or any first emptying date) asks for a calendar year."""

    date: dt.date
    year: int | None
    household: Household | None
    containers: tuple[Container, ...]
    extras: Extras = field(default_factory=Extras)
    customer: str = "housing"
    area: str | None = None

    @property
    def calendar_year(self) -> int | None:
        """The year to list emptying dates for: `year`, else the year of the first given first emptying."""
        if self.year is not None:
            return self.year
        return next((c.first_emptying.year for c in self.containers if c.first_emptying), None)


class _Problems:
    """A scenario's problems, in English and Finnish (no lines: it is JSON); at most MAX_PROBLEMS listed.
    The sink of `schema.Fields`, which reads every mapping of the scenario."""

    def __init__(self) -> None:
        self.problems: list[InputProblem] = []
        self.more = 0

    def report(self, line: int | None, path: str, message: str, message_fi: str = "") -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(InputProblem(path, message, message_fi))
        else:
            self.more += 1

    def missing(self, line: int | None, path: str) -> None:
        self.report(line, path, "is required", "täytä tämä kenttä")

    def unknown(self, line: int | None, path: str, name: object) -> None:
        self.report(line, join(path, _cut(str(name))), "unknown field", "tuntematon kenttä")

    def not_mapping(self, line: int | None, path: str, node: Any, what: str) -> None:
        self.report(line, path or "scenario", "must be a JSON object", "tiedot puuttuvat tai ovat väärässä muodossa")

    def all_problems(self) -> list[InputProblem]:
        if not self.more:
            return self.problems
        return [*self.problems, InputProblem("", f"and {self.more} more problems", f"ja {self.more} muuta virhettä")]


# --- converters: a value read, or Invalid with the message in English and Finnish ---------------


def _whole(low: int, high: int):
    def read(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            text = " (a number, not text in quotes)" if isinstance(value, str) else ""
            raise Invalid(f"must be a whole number{text}, not {_shown(value)}", "anna kokonaisluku")
        if not low <= value <= high:
            raise Invalid(f"must be between {low} and {high}, not {value}", f"anna luku väliltä {low}–{high}")
        return value

    return read


def _amount(high: Decimal):
    """A decimal from 0 to `high`: a JSON number read exactly, or text such as "4.5" or "4,5"."""

    def read(value: Any) -> Decimal:
        if isinstance(value, float):
            message = f'must be exact: read JSON numbers as Decimal or write "{value}"'
            raise Invalid(message, "anna luku, esimerkiksi 4,5")
        text = value.strip() if isinstance(value, str) else value
        not_a_number = Invalid(f"must be a number such as 4.5, not {_shown(value)}", "anna luku, esimerkiksi 4,5")
        if isinstance(text, str):
            if not DECIMAL_TEXT.fullmatch(text.lstrip("-")):
                raise not_a_number
            text = text.replace(",", ".")
        try:
            amount = parse_amount(text)
        except ValueError:
            raise not_a_number from None
        if amount < 0:
            raise Invalid("must not be negative", "luku ei voi olla negatiivinen")
        if amount > high:
            raise Invalid(f"must be at most {high}, not {_shown(value)}", f"anna luku väliltä 0–{high}")
        return amount

    return read


def _day(value: Any) -> dt.date:
    try:
        if isinstance(value, str) and DATE_TEXT.fullmatch(value):
            return dt.date.fromisoformat(value)
    except ValueError:
        year, month, day = (int(part) for part in value.split("-"))
        if year > 0:  # a day the calendar does not have: 30.2., 31.4., a 13th month
            given = f"{day}.{month}.{year}"
            why = (f"{month_in_fi(year, month)} on {calendar.monthrange(year, month)[1]} päivää" if 1 <= month <= 12
                   else "vuodessa on 12 kuukautta")  # fmt: skip
            raise Invalid(f"{value} is not a day of the calendar", f"päivää {given} ei ole: {why}") from None
    raise Invalid(f'must be a date as text "YYYY-MM-DD", not {_shown(value)}', "anna päivämäärä muodossa pp.kk.vvvv")


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Invalid("must be true or false", "valitse kyllä tai ei")
    return value


def _choice(allowed):
    def read(value: Any) -> str:
        if value not in allowed:
            raise Invalid(f"must be one of {', '.join(allowed)}, not {_shown(value)}", "valitse jokin vaihtoehdoista")
        return value

    return read


def _items(high: int, message_fi: str):
    """A list of at most `high` items (more are refused before any is read)."""

    def read(value: Any) -> list:
        if not isinstance(value, list):
            raise Invalid("must be a list", message_fi)
        if len(value) > high:
            raise Invalid(f"at most {high} items, not {len(value)}", f"enintään {high} riviä")
        return value

    return read


def _periods(value: Any) -> list:
    if not isinstance(value, list) or not value:
        raise Invalid("must be a non-empty list of periods", "anna vähintään yksi kausi")
    if len(value) > MAX_PERIODS:
        raise Invalid(f"at most {MAX_PERIODS} periods, not {len(value)}", f"enintään {MAX_PERIODS} kautta")
    return value


def _area(value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise Invalid(f"must be the id of an area, not {value!r}", "valitse alue")
    return value


def _shown(value: Any) -> str:
    """A value in a message: numbers as written, the rest as Python shows them, cut short."""
    return _cut(str(value) if isinstance(value, Decimal | int) and not isinstance(value, bool) else repr(value))


def _cut(text: str) -> str:
    """Input may be megabytes long; a message quotes at most 40 characters of it."""
    return text if len(text) <= 40 else text[:37] + "..."


def parse_scenario(data: Any, today: dt.date | None = None, require_date: bool = False) -> Scenario:
    """Check a scenario (parsed JSON) and build it; raise ScenarioError with every problem.

    Without a date the scenario is priced on `today` (default: the clock's), unless `require_date`.
    """
    found = _Problems()
    top = Fields(found, data)
    if require_date and top.ok and data.get("date") is None:
        found.report(None, "date", 'is required: the day whose tariff applies, as "YYYY-MM-DD"', "anna päivämäärä")
    date = top.get("date", _day, required=False) or today or dt.date.today()
    year = top.get("year", _whole(2000, 2100), required=False)
    customer = top.get("customer", _choice(CUSTOMERS), required=False) or "housing"
    area = top.get("area", _area, required=False)
    household = _household(found, top)
    if household is not None and customer == "municipal":
        found.report(
            None,
            "household",
            "a municipal customer pays no eco fee: leave household out or set customer to housing",
            "kunnan hallinto- ja palvelutoiminta ei maksa ekomaksua: valitse asumismuodoksi ei asumista",
        )
    listed = top.get("containers", _items(MAX_CONTAINERS, "liikaa astioita"), required=False, default=[])
    containers = tuple(c for i, node in enumerate(listed) if (c := _container(found, node, f"containers[{i}]")))
    extras = _extras(found, top.fields("extras", required=False))
    top.finish()
    if found.problems:
        raise ScenarioError(found.all_problems())
    return Scenario(date, year, household, containers, extras, customer, area)


def _household(found: _Problems, top: Fields) -> Household | None:
    f = top.fields("household", required=False)
    if f is None or not f.ok:
        return None
    kind = f.get("kind", _choice(HOUSING_KINDS))
    apartments = f.get("apartments", _whole(1, MAX_COUNT), required=False, default=1)
    vacancy = f.get("vacancy_months", _whole(0, 12), required=False, default=0)
    places = f.get("places", _whole(1, MAX_PLACES), required=kind == "other", default=1)
    f.finish()
    if kind == "permanent":
        return Household(kind, apartments=apartments, vacancy_months=vacancy)
    if kind == "other":
        return Household(kind, places=places, vacancy_months=vacancy)
    return Household(kind, vacancy_months=vacancy) if kind else None


def _container(found: _Problems, node: Any, path: str) -> Container | None:
    f = Fields(found, node, path)
    waste = f.get("waste", _choice(tuple(WASTES_FI)))
    volume = f.get("volume_l", _whole(1, MAX_VOLUME_L))
    count = f.get("count", _whole(1, MAX_COUNT), required=False, default=1)
    schedule = _schedule(found, f)
    first = f.get("first_emptying", _day, required=False)
    carry = f.get("carry_distance_m", _amount(MAX_CARRY_M), required=False, default=Decimal(0))
    extra = f.get("extra_emptyings", _whole(0, MAX_TIMES), required=False, default=0)
    detour = f.get("extra_detour_km", _amount(MAX_DETOUR_KM), required=False, default=Decimal(0))
    f.finish()
    if not f.ok or None in (waste, volume, schedule):
        return None
    return Container(waste, volume, count, schedule, first, carry, extra, detour)


def _schedule(found: _Problems, f: Fields) -> Schedule | None:
    if not f.ok:
        return None
    given = {name for name in ("interval_weeks", "schedule") if f.raw(name) is not None}
    if len(given) != 1:
        message = "give either interval_weeks or schedule"
        found.report(None, f.field_path("interval_weeks"), message, "valitse tyhjennysväli")
        return None
    if "interval_weeks" in given:
        weeks = f.get("interval_weeks", _whole(1, MAX_TIMES))
        return Schedule.every(weeks) if weeks else None
    where = f.field_path("schedule")
    periods = f.get("schedule", _periods)
    if periods is None:
        return None
    seasons = []
    for i, node in enumerate(periods):
        period = Fields(found, node, f"{where}[{i}]")
        weeks = period.get("interval_weeks", _whole(1, MAX_TIMES))
        start, end = period.raw("from"), period.raw("to")
        period.finish()
        if not period.ok:
            continue
        try:
            start, end = MonthDay.parse(start), MonthDay.parse(end)
        except ValueError as exc:
            found.report(None, period.path, str(exc), "anna kauden alku ja loppu muodossa pp.kk.")
            continue
        if weeks:
            seasons.append(Season(start, end, weeks))
    if len(seasons) != len(periods):
        return None
    try:
        return Schedule(tuple(seasons))
    except ValueError as exc:
        message = f"the periods must cover the whole year once: {exc}"
        found.report(None, where, message, "kausien pitää kattaa koko vuosi kerran")
        return None


def _extras(found: _Problems, f: Fields | None) -> Extras:
    if f is None or not f.ok:
        return Extras()
    listed = f.get("sludge", _items(MAX_SLUDGE, "lietetiedot ovat väärässä muodossa"), required=False, default=[])
    extras = Extras(
        paper_invoices=f.get("paper_invoices", _whole(0, MAX_TIMES), required=False, default=0),
        washings=f.get("washings", _whole(0, MAX_TIMES), required=False, default=0),
        self_washing=f.get("self_washing", _flag, required=False, default=False),
        area_collection=f.get("area_collection", _choice(AREA_COLLECTION), required=False),
        block_collection=f.get("block_collection", _flag, required=False, default=False),
        sludge=tuple(s for i, item in enumerate(listed) if (s := _sludge(found, item, f"extras.sludge[{i}]"))),
    )
    f.finish()
    return extras


def _sludge(found: _Problems, item: Any, path: str) -> SludgeEmptying | None:
    f = Fields(found, item, path)
    if not f.ok:
        return None
    if f.raw("tanks") is not None and (f.raw("type") is not None or f.raw("volume_m3") is not None):
        message = "give either tanks or type and volume_m3"
        found.report(None, f"{path}.tanks", message, "anna joko säiliöt tai yksi säiliö")
        f.finish()
        return None
    if f.raw("tanks") is not None:
        raw = f.get("tanks", _items(MAX_TANKS, "liikaa säiliöitä"))
        if raw == []:
            found.report(None, f"{path}.tanks", "must be a non-empty list of tanks", "anna vähintään yksi säiliö")
        tank_fields = [Fields(found, t, f"{path}.tanks[{j}]") for j, t in enumerate(raw or [])]
    else:
        tank_fields = [f]
    tanks = []
    for tank in tank_fields:
        kind = tank.get("type", _choice(tuple(SLUDGE_TYPES_FI)))
        volume = tank.get("volume_m3", _amount(MAX_SLUDGE_M3))
        if tank is not f:
            tank.finish()
        if kind and volume is not None:
            tanks.append(Tank(kind, volume))
    times = f.get("emptyings", _whole(1, MAX_TIMES), required=False, default=1)
    hours = f.get("extra_work_hours", _amount(MAX_WORK_HOURS), required=False, default=Decimal(0))
    f.finish()
    if not tank_fields or len(tanks) != len(tank_fields):
        return None
    return SludgeEmptying(tuple(tanks), times, hours)
