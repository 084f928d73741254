"""Annual cost of a scenario under a tariff: a line per item, a total, as ranges.

Amounts are VAT-inclusive published prices times quantities; each line's amount
is rounded once, half up to cents, and the total is the sum of the lines. A
range (fewest, most, long-run average) comes from schedules whose emptying count
depends on the week of the first emptying.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from .catalog import Catalog
from .finnish import number_fi
from .model import Row, Table, TariffVersion
from .scenario import (
    SLUDGE_TYPES_FI,
    WASTES_FI,
    Container,
    InputProblem,
    Scenario,
    ScenarioError,
    SludgeEmptying,
    no_tariff_on,
)
from .schedules import ZERO_SPAN, Span

ZERO = Decimal(0)


@dataclass(frozen=True)
class Line:
    id: str
    label: str
    version: TariffVersion
    table: Table
    row: Row
    unit: str
    quantity: Span
    dates: tuple[dt.date, ...] = ()

    @property
    def unit_price(self) -> Decimal:
        return self.row.price_vat

    @property
    def unit_price_vat0(self) -> Decimal | None:
        return self.row.price_vat0

    @property
    def amount(self) -> Span:
        return (self.quantity * self.unit_price).cents()

    @property
    def amount_vat0(self) -> Span | None:
        if self.unit_price_vat0 is None:
            return None
        return (self.quantity * self.unit_price_vat0).cents()


@dataclass(frozen=True)
class Estimate:
    scenario: Scenario
    lines: tuple[Line, ...]

    @property
    def total(self) -> Span:
        return sum((line.amount for line in self.lines), ZERO_SPAN)

    @property
    def total_vat0(self) -> Span | None:
        parts = [line.amount_vat0 for line in self.lines]
        if any(p is None for p in parts):
            return None
        return sum(parts, ZERO_SPAN)

    @property
    def versions(self) -> tuple[TariffVersion, ...]:
        seen: dict[str, TariffVersion] = {}
        for line in self.lines:
            seen.setdefault(line.version.id, line.version)
        return tuple(seen.values())


class _Pricer:
    """Builds the lines of one estimate, collecting every input problem."""

    def __init__(self, scenario: Scenario, catalog: Catalog, forced: TariffVersion | None):
        self.scenario, self.catalog, self.forced = scenario, catalog, forced
        self.problems: list[InputProblem] = []
        self.lines: list[Line] = []
        self.base = forced or catalog.for_date(scenario.date)
        if self.base is None:
            self.problems.append(no_tariff_on("date", scenario.date))

    def fail(self, field: str, message: str, message_fi: str) -> None:
        self.problems.append(InputProblem(field, message, message_fi))

    def version_on(self, day: dt.date, field: str) -> TariffVersion | None:
        if self.forced:
            return self.forced
        version = self.catalog.for_date(day)
        if version is None:
            self.problems.append(no_tariff_on(field, day))
        return version

    def row(self, version: TariffVersion, field: str, missing: tuple[str, str], **key) -> tuple[Table, Row] | None:
        found = version.find(**key)
        if len(found) == 1:
            return found[0]
        self.fail(field, f"{missing[0]} (tariff {version.id})", missing[1])
        return None

    def add(self, line_id: str, label: str, version: TariffVersion, found, quantity: Span, dates=()) -> None:
        table, row = found
        unit = table.unit_of(row)
        self.lines.append(Line(line_id, label, version, table, row, unit, quantity, tuple(dates)))

    # -- containers ---------------------------------------------------------

    def containers(self) -> None:
        year = self.scenario.calendar_year
        for i, container in enumerate(self.scenario.containers):
            path = f"containers[{i}]"
            label = (
                f"{WASTES_FI[container.waste]} {container.volume_l} l, {container.count} kpl, "
                f"{container.schedule.describe()}"
            )
            if container.first_emptying and year is not None:
                self.dated_container(i, path, label, container, year)
            elif self.base is not None:
                found = self.container_row(self.base, path, container)
                if found:
                    emptyings = container.schedule.count() * container.count
                    self.add(f"container-{i}", label, self.base, found, emptyings)
                    self.carrying(i, path, container, self.base, emptyings)

    def dated_container(self, i: int, path: str, label: str, container: Container, year: int) -> None:
        dates = [d for d in container.schedule.dates(container.first_emptying, dt.date(year, 12, 31)) if d.year == year]
        if not dates:
            self.fail(f"{path}.first_emptying", f"no emptying falls in {year}", f"vuodelle {year} ei osu tyhjennyksiä")
            return
        by_version: dict[str, tuple[TariffVersion, list[dt.date]]] = {}
        for day in dates:
            version = self.version_on(day, f"{path}.first_emptying")
            if version is None:
                return
            by_version.setdefault(version.id, (version, []))[1].append(day)
        for version, days in by_version.values():
            found = self.container_row(version, path, container)
            if not found:
                continue
            line_id = f"container-{i}" if len(by_version) == 1 else f"container-{i}@{version.id}"
            emptyings = Span.exact(len(days) * container.count)
            self.add(line_id, label, version, found, emptyings, days)
            self.carrying(i, path, container, version, emptyings, suffix=line_id[len(f"container-{i}") :])

    def container_row(self, version: TariffVersion, path: str, container: Container):
        found = version.find(service="emptying", waste=container.waste, volume_l=container.volume_l, segment="housing")
        if len(found) == 1:
            return found[0]
        offered = available_volumes(version).get(container.waste, [])
        if not offered:
            self.fail(
                f"{path}.waste",
                f"tariff {version.id} has no containers for waste {container.waste!r}",
                "tällä taksalla ei ole astioita tälle jätelajille",
            )
        else:
            sizes = ", ".join(str(v) for v in offered)
            self.fail(
                f"{path}.volume_l",
                f"tariff {version.id} has no {container.volume_l} l container for {container.waste}"
                f" (available: {sizes})",
                f"tälle jätelajille ei ole {container.volume_l} litran astiaa; valitse jokin näistä: {sizes} l",
            )
        return None

    def carrying(
        self, i: int, path: str, container: Container, version: TariffVersion, emptyings: Span, suffix: str = ""
    ) -> None:
        rules = version.rules
        if container.carry_distance_m <= (rules.carry_free_m or ZERO):
            return
        if rules.carry_free_m is None or rules.carry_step_m is None:
            self.fail(
                f"{path}.carry_distance_m",
                f"tariff {version.id} gives no carrying-distance rule",
                "tällä taksalla siirtomatkaa ei voi laskea",
            )
            return
        beyond = container.carry_distance_m - rules.carry_free_m
        steps = (beyond / rules.carry_step_m).to_integral_value(rounding=ROUND_CEILING)
        found = self.row(
            version,
            f"{path}.carry_distance_m",
            ("the tariff prices no carrying distance", "taksassa ei ole siirtomatkan maksua"),
            service="carry_distance",
        )
        if found:
            label = (
                f"Astian siirto {number_fi(container.carry_distance_m)} m: {steps} × alkava "
                f"{number_fi(rules.carry_step_m)} m yli {number_fi(rules.carry_free_m)} m:n, joka tyhjennyksellä"
            )
            self.add(f"carry-{i}{suffix}", label, version, found, emptyings * steps)

    # -- basic fee and extras ------------------------------------------------

    def household(self) -> None:
        household = self.scenario.household
        if household is None or self.base is None:
            return
        if household.kind == "permanent":
            n = household.apartments
            label = f"Ekomaksu, vakituinen asuminen, {n} {'asunto' if n == 1 else 'asuntoa'}"
            self.monthly(
                "eco-fee", label, n, "household.apartments", lambda v: self.eco_row(v, "permanent", "apartments", n)
            )
        else:
            count_key = "places" if household.kind == "other" else None
            found = self.eco_row(self.base, household.kind, count_key, household.places)
            if found:
                label = (
                    "Ekomaksu, vapaa-ajan asunto"
                    if household.kind == "holiday"
                    else f"Ekomaksu, muu asuminen, {household.places} asukaspaikkaa"
                )
                self.add("eco-fee", label, self.base, found, Span.exact(1))

    def eco_row(self, version: TariffVersion, kind: str, count_key: str | None, n: int):
        candidates = version.find(service="eco_fee", housing=kind)
        if count_key:
            candidates = [
                (t, r)
                for t, r in candidates
                if r.key.get(f"{count_key}_min", 0) <= n <= r.key.get(f"{count_key}_max", n)
            ]
        if len(candidates) == 1:
            return candidates[0]
        self.fail(
            "household",
            f"tariff {version.id} has no eco fee for this household",
            "tälle asumismuodolle ei löydy ekomaksua",
        )
        return None

    def monthly(self, line_id: str, label: str, per_month: int, field: str, find) -> None:
        """A fee per month: priced month by month in a calendar year, else 12 months at the base tariff."""
        year = self.scenario.calendar_year
        months = [dt.date(year, m, 1) for m in range(1, 13)] if year is not None else None
        groups: dict[str, tuple[TariffVersion, int]] = {}
        if months is None:
            groups[self.base.id] = (self.base, 12)
        else:
            for first in months:
                version = self.version_on(first, field)
                if version is None:
                    return
                groups[version.id] = (version, groups.get(version.id, (version, 0))[1] + 1)
        for version, count in groups.values():
            found = find(version)
            if found:
                suffix = "" if len(groups) == 1 else f"@{version.id}"
                self.add(line_id + suffix, f"{label}, {count} kk", version, found, Span.exact(count * per_month))

    def extras(self) -> None:
        extras, version = self.scenario.extras, self.base
        if version is None:
            return
        if extras.paper_invoices:
            found = self.row(
                version,
                "extras.paper_invoices",
                ("the tariff has no paper-invoice fee", "taksassa ei ole paperilaskun lisämaksua"),
                service="paper_invoice",
            )
            if found:
                self.add(
                    "paper-invoice",
                    f"Paperilaskun lisämaksu, {extras.paper_invoices} laskua",
                    version,
                    found,
                    Span.exact(extras.paper_invoices),
                )
        if extras.washings:
            found = self.row(
                version,
                "extras.washings",
                ("the tariff has no washing fee", "taksassa ei ole pesumaksua"),
                service="washing",
            )
            if found:
                self.add(
                    "washing", f"Jäteastian pesu, {extras.washings} kertaa", version, found, Span.exact(extras.washings)
                )
        if extras.area_collection:
            period = extras.area_collection
            found = self.row(
                version,
                "extras.area_collection",
                ("the tariff has no area-collection fee", "taksassa ei ole aluekeräysmaksua"),
                service="area_collection",
                period=period,
            )
            if found:
                label = "Aluekeräyksen kausimaksu" if period == "season" else "Aluekeräyksen vuosimaksu"
                self.add("area-collection", label, version, found, Span.exact(1))
        if extras.block_collection:
            household = self.scenario.household
            n = household.apartments if household and household.kind == "permanent" else 1
            self.monthly(
                "block-collection",
                f"Korttelikeräysmaksu, {n} huoneisto(a)",
                n,
                "extras.block_collection",
                lambda v: self.row(
                    v,
                    "extras.block_collection",
                    ("the tariff has no block-collection fee", "taksassa ei ole korttelikeräysmaksua"),
                    service="block_collection",
                ),
            )
        for i, sludge in enumerate(extras.sludge):
            self.sludge(i, sludge, version)

    def sludge(self, i: int, sludge: SludgeEmptying, version: TariffVersion) -> None:
        path = f"extras.sludge[{i}]"
        rules = version.rules
        volume = sludge.volume_m3
        if rules.sludge_volume_step_m3:
            step = rules.sludge_volume_step_m3
            volume = (volume / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step
        name = SLUDGE_TYPES_FI[sludge.type]
        transport = self.row(
            version,
            path,
            ("the tariff has no sludge transport fee", "taksassa ei ole lietemaksua"),
            service="sludge_transport",
        )
        treatment = self.row(
            version,
            f"{path}.type",
            (f"the tariff has no treatment fee for {sludge.type}", "taksassa ei ole tämän lietteen käsittelymaksua"),
            service="sludge_treatment",
            sludge=sludge.type,
        )
        if not (transport and treatment):
            return
        times = sludge.emptyings
        self.add(
            f"sludge-{i}-transport",
            f"Lietteen kuljetusmaksu ({name}), {times} käyntiä",
            version,
            transport,
            Span.exact(times),
        )
        self.add(
            f"sludge-{i}-treatment",
            f"Lietteen käsittelymaksu ({name}), {number_fi(volume)} m³ × {times}",
            version,
            treatment,
            Span.exact(volume * times),
        )
        included = rules.sludge_included_m3.get(sludge.type)
        if included is not None and volume > included:
            extra = self.row(
                version,
                f"{path}.volume_m3",
                ("the tariff has no extra-work fee per m³", "taksassa ei ole ylimääräisen työn maksua"),
                service="sludge_extra_work_m3",
            )
            if extra:
                self.add(
                    f"sludge-{i}-extra",
                    f"Ylimääräinen työ: {number_fi(volume - included)} m³ yli "
                    f"{number_fi(included)} m³:n, {times} käyntiä",
                    version,
                    extra,
                    Span.exact((volume - included) * times),
                )


def estimate(scenario: Scenario, catalog: Catalog, version: TariffVersion | None = None) -> Estimate:
    """Price a scenario; with `version` every item is priced under that version only."""
    pricer = _Pricer(scenario, catalog, version)
    if pricer.base is not None:
        pricer.household()
        pricer.containers()
        pricer.extras()
    if pricer.problems:
        raise ScenarioError(pricer.problems)
    return Estimate(scenario, tuple(pricer.lines))


def available_volumes(version: TariffVersion) -> dict[str, list[int]]:
    """Container sizes (litres) the tariff offers households, by waste key."""
    offered: dict[str, set[int]] = {}
    for _, row in version.find(service="emptying", segment="housing"):
        if "volume_l" in row.key:
            offered.setdefault(row.key["waste"], set()).add(row.key["volume_l"])
    return {waste: sorted(sizes) for waste, sizes in offered.items()}
