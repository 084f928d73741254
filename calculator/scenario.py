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

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .finnish import date_fi
from .money import parse_amount
from .schedules import MonthDay, Schedule, Season

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


class _Reader:
    def __init__(self) -> None:
        self.problems: list[InputProblem] = []

        self.more = 0

    def fail(self, path: str, message: str, message_fi: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(InputProblem(path, message, message_fi))
        else:
            self.more += 1

    def all_problems(self) -> list[InputProblem]:
        if not self.more:
            return self.problems
        return [*self.problems, InputProblem("", f"and {self.more} more problems", f"ja {self.more} muuta virhettä")]

    def mapping(self, value: Any, path: str, known: set[str]) -> dict:
        if not isinstance(value, dict):
            self.fail(path or "scenario", "must be a JSON object", "tiedot puuttuvat tai ovat väärässä muodossa")
            return {}
        for name in value:
            if name not in known:
                self.fail(_join(path, _cut(str(name))), "unknown field", "tuntematon kenttä")
        return value

    def whole(self, node: dict, name: str, path: str, low: int, high: int, default: int | None = None) -> int | None:
        where = _join(path, name)
        value = node.get(name, default)
        if value is None:
            self.fail(where, "is required", "täytä tämä kenttä")
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            text = " (a number, not text in quotes)" if isinstance(value, str) else ""
            self.fail(where, f"must be a whole number{text}, not {_shown(value)}", "anna kokonaisluku")
            return None
        if not low <= value <= high:
            self.fail(where, f"must be between {low} and {high}, not {value}", f"anna luku väliltä {low}–{high}")
            return None
        return value

    def amount(self, node: dict, name: str, path: str, high: Decimal, default: Decimal | None = None) -> Decimal | None:
        """A decimal from 0 to `high`: a JSON number read exactly, or text such as "4.5" or "4,5"."""
        where = _join(path, name)
        value = node.get(name)
        if value is None:
            if default is None:
                self.fail(where, "is required", "täytä tämä kenttä")
            return default
        if isinstance(value, float):
            self.fail(
                where, f'must be exact: read JSON numbers as Decimal or write "{value}"', "anna luku, esimerkiksi 4,5"
            )
            return None
        text = value.strip() if isinstance(value, str) else value
        if isinstance(text, str) and DECIMAL_TEXT.fullmatch(text.lstrip("-")):
            text = text.replace(",", ".")
        elif isinstance(text, str):
            self.fail(where, f"must be a number such as 4.5, not {_shown(value)}", "anna luku, esimerkiksi 4,5")
            return None
        try:
            amount = parse_amount(text)
        except ValueError:
            self.fail(where, f"must be a number such as 4.5, not {_shown(value)}", "anna luku, esimerkiksi 4,5")
            return None
        if amount < 0:
            self.fail(where, "must not be negative", "luku ei voi olla negatiivinen")
            return None
        if amount > high:
            self.fail(where, f"must be at most {high}, not {_shown(value)}", f"anna luku väliltä 0–{high}")
            return None
        return amount

    def day(self, node: dict, name: str, path: str) -> dt.date | None:
        value = node.get(name)
        if value is None:
            return None
        try:
            if isinstance(value, str) and DATE_TEXT.fullmatch(value):
                return dt.date.fromisoformat(value)
        except ValueError:
            pass
        self.fail(
            _join(path, name),
            f'must be a date as text "YYYY-MM-DD", not {_shown(value)}',
            "anna päivämäärä muodossa pp.kk.vvvv",
        )
        return None

    def flag(self, node: dict, name: str, path: str) -> bool:
        value = node.get(name, False)
        if not isinstance(value, bool):
            self.fail(_join(path, name), "must be true or false", "valitse kyllä tai ei")
            return False
        return value

    def choice(self, node: dict, name: str, path: str, allowed, required: bool = True) -> str | None:
        value = node.get(name)
        if value is None and not required:
            return None
        if value not in allowed:
            self.fail(
                _join(path, name),
                f"must be one of {', '.join(allowed)}, not {_shown(value)}",
                "valitse jokin vaihtoehdoista",
            )
            return None
        return value


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _shown(value: Any) -> str:
    """A value in a message: numbers as written, the rest as Python shows them, cut short."""
    return _cut(str(value) if isinstance(value, Decimal | int) and not isinstance(value, bool) else repr(value))


def _cut(text: str) -> str:
    """Input may be megabytes long; a message quotes at most 40 characters of it."""
    return text if len(text) <= 40 else text[:37] + "..."


def _items(r: _Reader, value: Any, path: str, high: int, message_fi: str) -> list:
    """A list of at most `high` items (more are refused before any is read)."""
    if not isinstance(value, list):
        r.fail(path, "must be a list", message_fi)
        return []
    if len(value) > high:
        r.fail(path, f"at most {high} items, not {len(value)}", f"enintään {high} riviä")
        return []
    return value


def parse_scenario(data: Any, today: dt.date | None = None, require_date: bool = False) -> Scenario:
    """Check a scenario (parsed JSON) and build it; raise ScenarioError with every problem.

    Without a date the scenario is priced on `today` (default: the clock's), unless `require_date`.
    """
    r = _Reader()
    top = r.mapping(data, "", {"date", "year", "customer", "area", "household", "containers", "extras"})
    if require_date and isinstance(data, dict) and data.get("date") is None:
        r.fail("date", 'is required: the day whose tariff applies, as "YYYY-MM-DD"', "anna päivämäärä")
    date = r.day(top, "date", "") or today or dt.date.today()
    year = r.whole(top, "year", "", 2000, 2100) if "year" in top else None
    customer = r.choice(top, "customer", "", CUSTOMERS, required=False) or "housing"
    area = top.get("area")
    if area is not None and (not isinstance(area, str) or not area):
        r.fail("area", f"must be the id of an area, not {area!r}", "valitse alue")
    household = _household(r, top.get("household"))
    if household is not None and customer == "municipal":
        r.fail(
            "household",
            "a municipal customer pays no eco fee: leave household out or set customer to housing",
            "kunnan hallinto- ja palvelutoiminta ei maksa ekomaksua: valitse asumismuodoksi ei asumista",
        )
    containers_raw = _items(r, top.get("containers", []), "containers", MAX_CONTAINERS, "liikaa astioita")
    containers = tuple(c for i, node in enumerate(containers_raw) if (c := _container(r, node, f"containers[{i}]")))
    extras = _extras(r, top.get("extras", {}))
    if r.problems:
        raise ScenarioError(r.all_problems())
    return Scenario(date, year, household, containers, extras, customer, area)


def _household(r: _Reader, node: Any) -> Household | None:
    if node is None:
        return None
    node = r.mapping(node, "household", {"kind", "apartments", "places", "vacancy_months"})
    kind = r.choice(node, "kind", "household", HOUSING_KINDS)
    if kind == "permanent":
        return Household(
            kind,
            apartments=r.whole(node, "apartments", "household", 1, MAX_COUNT, default=1) or 1,
            vacancy_months=r.whole(node, "vacancy_months", "household", 0, 12, default=0) or 0,
        )
    if kind == "other":
        return Household(kind, places=r.whole(node, "places", "household", 1, MAX_PLACES) or 1)
    return Household(kind) if kind else None


def _container(r: _Reader, node: Any, path: str) -> Container | None:
    known = {
        "waste", "volume_l", "count", "interval_weeks", "schedule", "first_emptying", "carry_distance_m",
        "extra_emptyings", "extra_detour_km",
    }  # fmt: skip
    node = r.mapping(node, path, known)
    waste = r.choice(node, "waste", path, tuple(WASTES_FI))
    volume = r.whole(node, "volume_l", path, 1, MAX_VOLUME_L)
    count = r.whole(node, "count", path, 1, MAX_COUNT, default=1)
    schedule = _schedule(r, node, path)
    first = r.day(node, "first_emptying", path)
    carry = r.amount(node, "carry_distance_m", path, MAX_CARRY_M, default=Decimal(0))
    extra = r.whole(node, "extra_emptyings", path, 0, MAX_TIMES, default=0)
    detour = r.amount(node, "extra_detour_km", path, MAX_DETOUR_KM, default=Decimal(0))
    if None in (waste, volume, count, schedule, carry, extra, detour):
        return None
    return Container(waste, volume, count, schedule, first, carry, extra, detour)


def _schedule(r: _Reader, node: dict, path: str) -> Schedule | None:
    if ("interval_weeks" in node) == ("schedule" in node):
        r.fail(
            _join(path, "interval_weeks"),
            "give either interval_weeks or schedule",
            "valitse tyhjennysväli",
        )
        return None
    if "interval_weeks" in node:
        weeks = r.whole(node, "interval_weeks", path, 1, MAX_TIMES)
        return Schedule.every(weeks) if weeks else None
    periods = node["schedule"]
    where = _join(path, "schedule")
    if not isinstance(periods, list) or not periods:
        r.fail(where, "must be a non-empty list of periods", "anna vähintään yksi kausi")
        return None
    if len(periods) > MAX_PERIODS:
        r.fail(where, f"at most {MAX_PERIODS} periods, not {len(periods)}", f"enintään {MAX_PERIODS} kautta")
        return None
    seasons = []
    for i, period in enumerate(periods):
        ppath = f"{where}[{i}]"
        period = r.mapping(period, ppath, {"from", "to", "interval_weeks"})
        weeks = r.whole(period, "interval_weeks", ppath, 1, MAX_TIMES)
        try:
            start, end = MonthDay.parse(period.get("from")), MonthDay.parse(period.get("to"))
        except ValueError as exc:
            r.fail(ppath, str(exc), "anna kauden alku ja loppu muodossa pp.kk.")
            continue
        if weeks:
            seasons.append(Season(start, end, weeks))
    if len(seasons) != len(periods):
        return None
    try:
        return Schedule(tuple(seasons))
    except ValueError as exc:
        r.fail(where, f"the periods must cover the whole year once: {exc}", "kausien pitää kattaa koko vuosi kerran")
        return None


def _extras(r: _Reader, node: Any) -> Extras:
    known = {"paper_invoices", "washings", "self_washing", "area_collection", "block_collection", "sludge"}
    node = r.mapping(node, "extras", known)
    block, self_washing = r.flag(node, "block_collection", "extras"), r.flag(node, "self_washing", "extras")
    sludge_raw = _items(r, node.get("sludge", []), "extras.sludge", MAX_SLUDGE, "lietetiedot ovat väärässä muodossa")
    sludge = [s for i, item in enumerate(sludge_raw) if (s := _sludge(r, item, f"extras.sludge[{i}]"))]
    return Extras(
        paper_invoices=r.whole(node, "paper_invoices", "extras", 0, MAX_TIMES, default=0) or 0,
        washings=r.whole(node, "washings", "extras", 0, MAX_TIMES, default=0) or 0,
        self_washing=self_washing,
        area_collection=r.choice(node, "area_collection", "extras", AREA_COLLECTION, required=False),
        block_collection=block,
        sludge=tuple(sludge),
    )


def _sludge(r: _Reader, item: Any, path: str) -> SludgeEmptying | None:
    item = r.mapping(item, path, {"type", "volume_m3", "tanks", "emptyings", "extra_work_hours"})
    if "tanks" in item and ("type" in item or "volume_m3" in item):
        r.fail(f"{path}.tanks", "give either tanks or type and volume_m3", "anna joko säiliöt tai yksi säiliö")
        return None
    if "tanks" in item:
        raw = _items(r, item["tanks"], f"{path}.tanks", MAX_TANKS, "liikaa säiliöitä")
        if not raw:
            if item["tanks"] == []:
                r.fail(f"{path}.tanks", "must be a non-empty list of tanks", "anna vähintään yksi säiliö")
            return None
        wheres = [f"{path}.tanks[{j}]" for j in range(len(raw))]
        nodes = [(r.mapping(t, where, {"type", "volume_m3"}), where) for t, where in zip(raw, wheres, strict=True)]
    else:
        nodes = [(item, path)]
    tanks = []
    for node, where in nodes:
        kind = r.choice(node, "type", where, tuple(SLUDGE_TYPES_FI))
        volume = r.amount(node, "volume_m3", where, MAX_SLUDGE_M3)
        if kind and volume is not None:
            tanks.append(Tank(kind, volume))
    times = r.whole(item, "emptyings", path, 1, MAX_TIMES, default=1)
    hours = r.amount(item, "extra_work_hours", path, MAX_WORK_HOURS, default=Decimal(0))
    if len(tanks) != len(nodes) or not times or hours is None:
        return None
    return SludgeEmptying(tuple(tanks), times, hours)
