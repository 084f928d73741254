"""Annual cost of a scenario under a tariff: a line per item, a total, as ranges.

Amounts are VAT-inclusive published prices times quantities; each line's amount
is rounded once, half up to cents, and the total is the sum of the lines. A
range (fewest, most, long-run average) comes from schedules whose emptying count
depends on the week of the first emptying. A line names the text-part rule that set
its quantity; a note explains a rule that changed what is priced without a line of its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from .catalog import Catalog
from .finnish import count_fi, list_fi, number_fi
from .model import Row, Table, TariffVersion
from .rules import Area, Rule
from .scenario import (
    SLUDGE_TYPES_FI,
    WASTES_FI,
    Container,
    Household,
    InputProblem,
    Scenario,
    ScenarioError,
    SludgeEmptying,
    no_tariff_on,
)
from .schedules import ZERO_SPAN, Span

ZERO = Decimal(0)
MONTHS = 12
HOUSES_ONLY = (
    "Tyhjillään olevan asunnon ekomaksu voidaan jättää perimättä vain omakoti- ja paritaloissa, "
    "joten maksu peritään koko ajalta."
)


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
    rule: Rule | None = None
    url: str | None = None
    rule_url: str | None = None

    @property
    def verify(self) -> str | None:
        """Why the priced value should be checked against the official document (Finnish), if it should."""
        return self.row.verify

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
class Note:
    """What a rule means for this scenario where it adds no line of its own (in Finnish)."""

    id: str
    text: str
    rule: Rule
    url: str | None = None


@dataclass(frozen=True)
class Estimate:
    scenario: Scenario
    lines: tuple[Line, ...]
    notes: tuple[Note, ...] = ()

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


@dataclass(frozen=True)
class _Visit:
    """One sludge item as priced: volumes by kind after the billing step, and as measured."""

    i: int
    path: str
    kinds: str
    volumes: dict[str, Decimal]
    total: Decimal
    measured: Decimal
    times: int
    tanks: int


class _Pricer:
    """Builds the lines and notes of one estimate, collecting every input problem."""

    def __init__(self, scenario: Scenario, catalog: Catalog, forced: TariffVersion | None):
        self.scenario, self.catalog, self.forced = scenario, catalog, forced
        self.problems: list[InputProblem] = []
        self.lines: list[Line] = []
        self.notes: list[Note] = []
        self.base = forced or catalog.for_date(scenario.date)
        if self.base is None:
            self.problems.append(no_tariff_on("date", scenario.date))
        self.area = self.private_area() if self.base is not None else None

    def fail(self, field: str, message: str, message_fi: str) -> None:
        self.problems.append(InputProblem(field, message, message_fi))

    def note(self, note_id: str, text: str, rule: Rule, version: TariffVersion | None = None) -> None:
        """A note, once (items priced under two tariffs in a calendar year may give it twice)."""
        if any(n.id == note_id for n in self.notes):
            return
        url = self.catalog.addresses.of_rule(version or self.base, rule)
        self.notes.append(Note(note_id, text, rule, url))

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

    def rule(self, version: TariffVersion, rule_id: str, field: str | None = None) -> Rule | None:
        """A rule of the version; with `field`, its absence is a problem of that input field."""
        rule = version.rules.get(rule_id)
        if rule is None and field is not None:
            self.fail(
                field,
                f"tariff {version.id} gives no rule {rule_id!r} to price this",
                "taksa ei kerro, miten tämä hinnoitellaan, joten laskuri ei voi arvioida sitä",
            )
        return rule

    def add(self, line_id: str, label: str, version: TariffVersion, found, quantity: Span, dates=(), rule=None) -> None:
        table, row = found
        addresses = self.catalog.addresses
        rule_url = addresses.of_rule(version, rule) if rule else None
        self.lines.append(
            Line(
                line_id, label, version, table, row, table.unit_of(row), quantity, tuple(dates),
                rule, addresses.of_row(version, table, row), rule_url,
            )
        )  # fmt: skip

    def private_area(self) -> Area | None:
        """The scenario's area where some transport is bought privately, if it names one."""
        wanted = self.scenario.area
        if wanted is None:
            return None
        rule = self.rule(self.base, "private_transport_areas", "area")
        areas = rule["areas"] if rule else ()
        area = next((a for a in areas if a.id == wanted), None)
        if rule and area is None:
            names = ", ".join(a.id for a in areas)
            self.fail("area", f"unknown area {wanted!r} (known: {names})", "tuntematon alue")
        return area

    # -- containers ---------------------------------------------------------

    def containers(self) -> None:
        year = self.scenario.calendar_year
        for i, container in enumerate(self.scenario.containers):
            path = f"containers[{i}]"
            if self.area and container.waste in self.area.wastes:
                self.privately_emptied(i, container)
                continue
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
                    rule = self.rule(self.base, "empty_bin")
                    self.add(f"container-{i}", label, self.base, found, emptyings, rule=rule)
                    self.carrying(i, path, container, self.base, emptyings)
            self.extra_emptyings(i, path, container)
        self.automatic_washing()

    def privately_emptied(self, i: int, container: Container) -> None:
        rule = self.rule(self.base, "private_transport_areas")
        self.note(
            f"container-{i}-private",
            f"{WASTES_FI[container.waste]} {container.volume_l} l: {self.area.name} tilaa tyhjennykset "
            "yksityiseltä kuljetusyritykseltä, joka laskuttaa ne sopimuksensa mukaan. Ne eivät ole taksan "
            "maksuja eivätkä sisälly arvioon.",
            rule,
        )

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
            self.add(line_id, label, version, found, emptyings, days, rule=self.rule(version, "empty_bin"))
            self.carrying(i, path, container, version, emptyings, suffix=line_id[len(f"container-{i}") :])

    def emptying_rows(self, version: TariffVersion, container: Container) -> list:
        """The emptying rows for a container's waste and size in this customer's segment."""
        segment = segment_for(version, container.waste, self.scenario.customer)
        return version.find(service="emptying", waste=container.waste, volume_l=container.volume_l, segment=segment)

    def container_row(self, version: TariffVersion, path: str, container: Container):
        found = self.emptying_rows(version, container)
        if len(found) == 1:
            return found[0]
        offered = available_volumes(version, self.scenario.customer).get(container.waste, [])
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
        if container.carry_distance_m <= 0:
            return
        rule = self.rule(version, "carry_distance", f"{path}.carry_distance_m")
        if rule is None:
            return
        free, step = rule["free_m"], rule["step_m"]
        if container.carry_distance_m <= free:
            what = f"{WASTES_FI[container.waste]} {container.volume_l} l"
            self.note(
                f"carry-{i}",
                f"{what}: siirtomatka {number_fi(container.carry_distance_m)} m ei ylitä {number_fi(free)} metriä, "
                "joten siirtomaksua ei peritä.",
                rule,
                version,
            )
            return
        steps = ((container.carry_distance_m - free) / step).to_integral_value(rounding=ROUND_CEILING)
        found = self.row(
            version,
            f"{path}.carry_distance_m",
            ("the tariff prices no carrying distance", "taksassa ei ole siirtomatkan maksua"),
            service="carry_distance",
        )
        if found:
            label = (
                f"Astian siirto {number_fi(container.carry_distance_m)} m: {steps} × alkava "
                f"{number_fi(step)} m yli {number_fi(free)} m:n, joka tyhjennyksellä"
            )
            self.add(f"carry-{i}{suffix}", label, version, found, emptyings * steps, rule=rule)

    def extra_emptyings(self, i: int, path: str, container: Container) -> None:
        """Extra emptyings ordered by the customer, and the kilometre fee for a long detour."""
        times, km = container.extra_emptyings, container.extra_detour_km
        if km > 0 and not times:
            self.fail(
                f"{path}.extra_detour_km",
                "a detour needs extra_emptyings",
                "reitin pidennys koskee vain ylimääräisiä tyhjennyksiä: anna niiden määrä",
            )
        if not times or self.base is None:
            return
        version = self.base
        found = self.container_row(version, path, container)
        if not found:
            return
        what = f"{WASTES_FI[container.waste]} {container.volume_l} l"
        label = f"Ylimääräinen tyhjennys: {what}, {count_fi(times, 'kerta', 'kertaa')}"
        self.add(f"container-{i}-extra", label, version, found, Span.exact(times * container.count))
        if km <= 0:
            return
        rule = self.rule(version, "extra_pickup_detour", f"{path}.extra_detour_km")
        if rule is None:
            return
        if km <= rule["min_km"]:
            free = number_fi(rule["min_km"])
            text = (
                f"Reitin pidennys {number_fi(km)} km on alle {free} km, joten kilometrimaksua ei peritä."
                if km < rule["min_km"]
                else f"Reitin pidennys on {free} km. Kilometrimaksu peritään vain {free} km ylittävältä osalta, "
                "joten sitä ei peritä."
            )
            self.note(f"container-{i}-detour", text, rule)
            return
        found = self.row(
            version,
            f"{path}.extra_detour_km",
            ("the tariff has no kilometre fee for extra pickups", "taksassa ei ole ylimääräisen noudon km-maksua"),
            service="extra_pickup_km",
        )
        if found:
            beyond = km - rule["min_km"]
            label = (
                f"Ylimääräisen noudon kilometrimaksu: {number_fi(beyond)} km yli {number_fi(rule['min_km'])} km:n, "
                f"{count_fi(times, 'kerta', 'kertaa')}"
            )
            self.add(f"container-{i}-detour", label, version, found, Span.exact(beyond * times), rule=rule)

    def automatic_washing(self) -> None:
        """Bins washed once a year without an order, at the properties the text part names."""
        version, scenario = self.base, self.scenario
        rule = version and self.rule(version, "automatic_washing")
        if not rule:
            return
        household = scenario.household
        applies = scenario.customer in rule["customers"] or (
            household is not None and household.kind == "permanent" and household.apartments >= rule["min_apartments"]
        )
        bins, unwashed = 0, []
        for container in scenario.containers:
            found = self.emptying_rows(version, container)
            if (self.area and container.waste in self.area.wastes) or not (
                len(found) == 1 and found[0][1].key.get("container") == "bin"
            ):
                continue
            if container.waste in rule["wastes"]:
                bins += container.count
            else:
                unwashed.append(f"{WASTES_FI[container.waste]} {container.volume_l} l")
        if applies and unwashed and not scenario.extras.self_washing:
            names = list_fi([WASTES_FI[w].lower() for w in rule["wastes"]])
            text = f"{list_fi(unwashed)}: ei automaattista vuosipesua. Vuosipesu koskee vain näitä astioita: {names}."
            self.note("washing-auto-excluded", " ".join(filter(None, (text, rule.reading_fi))), rule)
        if not bins:
            return
        if not applies:
            if household is not None and household.kind == "other":
                self.note(
                    "washing-auto",
                    "Palveluasumisen kiinteistöjen jäteastiat pestään automaattisesti kerran vuodessa. "
                    "Jos kohde on sellainen, lisää pesukerrat kohtaan Jäteastioiden pesu.",
                    rule,
                )
            return
        if scenario.extras.self_washing:
            notice = self.rule(version, "self_washing_notice")
            deadline = f" Peruutus ilmoitetaan jäteyhtiölle {notice['by']} mennessä." if notice else ""
            text = "Automaattinen vuosipesu on peruttu: kiinteistö pesee astiansa itse." + deadline
            self.note("washing-auto", text, notice or rule)
            return
        found = self.row(
            version,
            "extras.self_washing",
            ("the tariff has no washing fee", "taksassa ei ole pesumaksua"),
            service="washing",
        )
        if found:
            label = f"Jäteastioiden automaattinen vuosipesu, {count_fi(bins, 'astia', 'astiaa')}"
            self.add("washing-auto", label, version, found, Span.exact(bins), rule=rule)

    # -- basic fee and extras ------------------------------------------------

    def household(self) -> None:
        household = self.scenario.household
        if household is None or self.base is None:
            return
        if household.kind == "permanent":
            n = household.apartments
            counts = self.vacancy_counts(n, household.vacancy_months)
            if counts is None:
                return
            label = f"Ekomaksu, vakituinen asuminen, {n} {'asunto' if n == 1 else 'asuntoa'}"
            rule = self.rule(self.base, "eco_fee_vacancy") if sum(counts) < n * MONTHS else None
            self.monthly(
                "eco-fee", label, counts, "household.apartments",
                lambda v: self.eco_row(v, "permanent", "apartments", n), rule,
            )  # fmt: skip
            return
        count_key = "places" if household.kind == "other" else None
        found = self.eco_row(self.base, household.kind, count_key, household.places)
        if found:
            label = (
                "Ekomaksu, vapaa-ajan asunto"
                if household.kind == "holiday"
                else f"Ekomaksu, muu asuminen, {household.places} asukaspaikkaa"
            )
            self.add("eco-fee", label, self.base, found, Span.exact(1))
        if household.vacancy_months:
            self.fee_despite_vacancy(household)
        if household.kind == "holiday":
            self.holiday_season()

    def fee_despite_vacancy(self, household: Household) -> None:
        """A holiday home's or other housing's vacancy leaves the eco fee as it is: say why."""
        field = "household.vacancy_months"
        if household.kind == "other":
            rule = self.rule(self.base, "eco_fee_vacancy", field)
            text = HOUSES_ONLY
        else:
            rule = self.rule(self.base, "holiday_home_eco_fee", field)
            text = rule and (
                f"Vapaa-ajan asunnon ekomaksu on vuosimaksu, joka peritään samansuuruisena riippumatta asunnon "
                f"käytöstä, joten {household.vacancy_months} kk tyhjillään ei muuta sitä. Jos asunto on täysin "
                f"käyttämättä yli {rule['suspension_months']} kk, ekomaksuun ja jätehuoltoon voi hakea keskeytystä "
                "jätelautakunnalta kirjallisella hakemuksella."
            )
        if rule:
            self.note("eco-fee-vacancy", text, rule)

    def vacancy_counts(self, apartments: int, vacant: int) -> list[int] | None:
        """Apartments charged each month (January first); a long vacancy leaves the last months uncharged."""
        counts = [apartments] * MONTHS
        if not vacant:
            return counts
        rule = self.rule(self.base, "eco_fee_vacancy", "household.vacancy_months")
        if rule is None:
            return None
        if vacant < rule["min_months"]:
            text = (
                f"Asunto on tyhjillään {vacant} kk. Ekomaksu voidaan jättää perimättä vain, jos asunto on "
                f"kokonaan tyhjillään vähintään {rule['min_months']} kuukautta, joten maksu peritään koko ajalta."
            )
        elif apartments > rule["max_apartments"]:
            text = HOUSES_ONLY
        else:
            for month in range(MONTHS - vacant, MONTHS):
                counts[month] -= 1
            text = (
                f"Yksi asunto on kokonaan tyhjillään {vacant} kk: sen ekomaksu jätetään perimättä, jos asunnon "
                "haltija ilmoittaa siitä etukäteen. Arvio jättää perimättä vuoden viimeiset kuukaudet."
            )
        self.note("eco-fee-vacancy", text, rule)
        return counts

    def holiday_season(self) -> None:
        rule = self.rule(self.base, "holiday_home_season")
        if rule is None:
            return
        season = f"{rule['from']}–{rule['to']}"
        extras = self.scenario.extras
        if self.scenario.containers or extras.area_collection:
            text = f"Vapaa-ajan asunnon jätehuolto on järjestettävä vähintään {season} väliseksi ajaksi."
        else:
            text = (
                f"Vapaa-ajan asunnon jätehuolto on järjestettävä vähintään {season} väliseksi ajaksi: lisää "
                "jäteastia tai aluekeräys, niin arvio sisältää myös sen."
            )
        self.note("holiday-season", text, rule)

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

    def monthly(self, line_id: str, label: str, counts: list[int], field: str, find, rule: Rule | None = None) -> None:
        """A fee per month (`counts` a month): month by month in a calendar year, else at the base tariff."""
        year = self.scenario.calendar_year
        groups: dict[str, tuple[TariffVersion, int, int]] = {}
        for month, count in enumerate(counts, start=1):
            version = self.base if year is None else self.version_on(dt.date(year, month, 1), field)
            if version is None:
                return
            _, months, quantity = groups.get(version.id, (version, 0, 0))
            groups[version.id] = (version, months + 1, quantity + count)
        for version, months, quantity in groups.values():
            found = find(version)
            if found:
                suffix = "" if len(groups) == 1 else f"@{version.id}"
                self.add(line_id + suffix, f"{label}, {months} kk", version, found, Span.exact(quantity), rule=rule)

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
                    f"Paperilaskun lisämaksu, {count_fi(extras.paper_invoices, 'lasku', 'laskua')}",
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
                    "washing",
                    f"Jäteastian pesu, {count_fi(extras.washings, 'kerta', 'kertaa')}",
                    version,
                    found,
                    Span.exact(extras.washings),
                )
        if extras.area_collection:
            self.area_collection(extras.area_collection, version)
        if extras.block_collection:
            household = self.scenario.household
            n = household.apartments if household and household.kind == "permanent" else 1
            self.monthly(
                "block-collection",
                f"Korttelikeräysmaksu, {n} huoneisto(a)",
                [n] * MONTHS,
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

    def area_collection(self, period: str, version: TariffVersion) -> None:
        found = self.row(
            version,
            "extras.area_collection",
            ("the tariff has no area-collection fee", "taksassa ei ole aluekeräysmaksua"),
            service="area_collection",
            period=period,
        )
        if not found:
            return
        if period == "season":
            rule = self.rule(version, "area_collection_season")
            season = f" {rule['from']}–{rule['to']}" if rule else ""
            self.add("area-collection", f"Aluekeräyksen kausimaksu{season}", version, found, Span.exact(1), rule=rule)
        else:
            self.add("area-collection", "Aluekeräyksen vuosimaksu", version, found, Span.exact(1))

    def sludge(self, i: int, sludge: SludgeEmptying, version: TariffVersion) -> None:
        """One visit's fees, `emptyings` times: transport, treatment by kind, extra work (text part 3.1)."""
        path = f"extras.sludge[{i}]"
        hourly = None
        if len(sludge.tanks) > 1:
            rule = self.rule(version, "sludge_tanks_per_transport", f"{path}.tanks")
            if rule and len(sludge.tanks) > rule["tanks"]:
                hourly = self.many_tanks(path, sludge, version)
                if hourly is None:
                    return
        step_rule = self.rule(version, "sludge_billing_step")
        volumes: dict[str, Decimal] = {}
        for tank in sludge.tanks:
            volume = tank.volume_m3
            if step_rule:
                step = step_rule["m3"]
                volume = (volume / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step
            volumes[tank.type] = volumes.get(tank.type, ZERO) + volume
        total = sum(volumes.values(), ZERO)
        measured = sum((tank.volume_m3 for tank in sludge.tanks), ZERO)
        times = sludge.emptyings
        kinds = ", ".join(SLUDGE_TYPES_FI[t].lower() if n else SLUDGE_TYPES_FI[t] for n, t in enumerate(volumes))
        private = self.area is not None and self.area.sludge_transport
        visit = _Visit(i, path, kinds, volumes, total, measured, times, len(sludge.tanks))
        transports = 1 if private else self.sludge_transport(visit, version, step_rule)
        if transports is None:
            return
        for kind, volume in volumes.items():
            found = self.row(
                version,
                f"{path}.type",
                (f"the tariff has no treatment fee for {kind}", "taksassa ei ole tämän lietteen käsittelymaksua"),
                service="sludge_treatment",
                sludge=kind,
            )
            if found:
                line_id = f"sludge-{i}-treatment" + ("" if len(volumes) == 1 else f"-{kind}")
                label = f"Lietteen käsittelymaksu ({SLUDGE_TYPES_FI[kind]}), {number_fi(volume)} m³ × {times}"
                self.add(line_id, label, version, found, Span.exact(volume * times), rule=step_rule)
        if step_rule and measured != total:
            self.sludge_rounding(visit, version, step_rule, None if private else transports)
        if private:
            self.note(
                f"sludge-{i}-private",
                f"{self.area.name}: kiinteistö tilaa lietteen tyhjennyksen itse kuljetusyritykseltä, joka laskuttaa "
                "kuljetuksen ja mahdollisen lisätyön sopimuksensa mukaan. Arvio sisältää vain taksan "
                "käsittelymaksun.",
                self.rule(version, "private_transport_areas"),
            )
            return
        if transports == 1:
            self.sludge_extra_volume(visit, version)
        if sludge.extra_work_hours > 0:
            self.sludge_extra_hours(visit, sludge.extra_work_hours, version, hourly)

    def many_tanks(self, path: str, sludge: SludgeEmptying, version: TariffVersion) -> Rule | None:
        """More tanks than one transport fee includes: extra work by the hour (text part 3.1.3), for the time given."""
        rule = self.rule(version, "sludge_hourly_work", f"{path}.tanks")
        if rule is None or len(sludge.tanks) <= rule["over_tanks"] or sludge.extra_work_hours > 0:
            return rule
        over = rule["over_tanks"]
        self.fail(
            f"{path}.extra_work_hours",
            f"more than {over} tanks: the tariff charges the extra work by the hour; give extra_work_hours",
            f"kun tyhjennettäviä säiliöitä on enemmän kuin {over}, taksa veloittaa ylimääräisen työn käytetyn ajan "
            "mukaan; anna ylimääräisen työn aika tunteina, niin laskuri voi arvioida käynnin",
        )
        return None

    def transport_count(self, version: TariffVersion, m3: Decimal) -> int:
        """Transport fees of one visit emptying `m3` (text part 3.1.3: more for a large volume)."""
        large = self.rule(version, "sludge_large_volume")
        return 1 + sum(1 for limit in large["over_m3"] if m3 > limit) if large else 1

    def sludge_transport(self, visit: _Visit, version: TariffVersion, step_rule: Rule | None) -> int | None:
        """The transport fees of one visit, on one line."""
        found = self.row(
            version,
            visit.path,
            ("the tariff has no sludge transport fee", "taksassa ei ole lietemaksua"),
            service="sludge_transport",
        )
        if not found:
            return None
        transports = self.transport_count(version, visit.total)
        label = f"Lietteen kuljetusmaksu ({visit.kinds}), {count_fi(visit.times, 'käynti', 'käyntiä')}"
        rule = None
        if transports > 1:
            label += f", {transports} kuljetusmaksua käynniltä ({number_fi(visit.total)} m³)"
            rule = self.rule(version, "sludge_large_volume")
        elif visit.tanks > 1:
            label += f", {visit.tanks} säiliötä samalla käynnillä"
            rule = self.rule(version, "sludge_tanks_per_transport")
        if transports != self.transport_count(version, visit.measured):
            label += f" ({number_fi(visit.measured)} m³ laskutetaan {number_fi(visit.total)} m³:nä)"
            rule = step_rule
        self.add(f"sludge-{visit.i}-transport", label, version, found, Span.exact(transports * visit.times), rule=rule)
        return transports

    def included_m3(self, visit: _Visit, version: TariffVersion) -> tuple[Rule, Decimal | None] | None:
        """The sludge one transport fee includes for this visit's kinds (text part 3.1.1)."""
        rule = self.rule(version, "sludge_included")
        if rule is None:
            return None
        kind = next(iter(visit.volumes)) if len(visit.volumes) == 1 else "mixed"
        return rule, rule["m3"].get(kind)

    def sludge_rounding(self, visit: _Visit, version: TariffVersion, step_rule: Rule, transports: int | None) -> None:
        """The billing step changed the volume: say how, and what that decided."""
        step, measured, total = number_fi(step_rule["m3"]), visit.measured, visit.total
        text = (
            f"Lietemäärä {number_fi(measured)} m³ laskutetaan {step} m³:n tarkkuudella: {number_fi(total)} m³. "
            f"Laskuri pyöristää kunkin säiliön määrän lähimpään {step} m³:iin (puoliväli ylöspäin)."
        )
        unrounded = self.transport_count(version, measured)
        if transports is not None and transports != unrounded:
            fees = count_fi(transports, "kuljetusmaksu", "kuljetusmaksua")
            text += f" Siksi käynniltä peritään {fees}, ei {unrounded}."
        included = self.included_m3(visit, version)
        if transports == 1 == unrounded and included and included[1] is not None:
            limit = included[1]
            if (measured > limit) != (total > limit):
                charged = "peritään" if total > limit else "ei peritä"
                text += (
                    f" Siksi ylimääräisen työn kuutiomaksua {charged}: kuljetusmaksuun sisältyy {number_fi(limit)} m³."
                )
        self.note(f"sludge-{visit.i}-rounding", text, step_rule, version)

    def sludge_extra_volume(self, visit: _Visit, version: TariffVersion) -> None:
        """Sludge beyond what one transport fee includes, per m³ (text part 3.1.1 and 3.1.3)."""
        found_included = self.included_m3(visit, version)
        if found_included is None:
            return
        rule, included = found_included
        if included is None:
            self.fail(
                f"{visit.path}.tanks",
                f"tariff {version.id} gives no included volume for {'/'.join(visit.volumes)} sludge",
                "taksa ei kerro, paljonko eri lietteitä yhdessä sisältyy kuljetusmaksuun",
            )
            return
        total, times = visit.total, visit.times
        if total <= included:
            return
        found = self.row(
            version,
            f"{visit.path}.volume_m3",
            ("the tariff has no extra-work fee per m³", "taksassa ei ole ylimääräisen työn maksua"),
            service="sludge_extra_work_m3",
        )
        if found:
            label = (
                f"Ylimääräinen työ: {number_fi(total - included)} m³ yli {number_fi(included)} m³:n, "
                f"{count_fi(times, 'käynti', 'käyntiä')}"
            )
            extra = Span.exact((total - included) * times)
            self.add(f"sludge-{visit.i}-extra", label, version, found, extra, rule=rule)

    def sludge_extra_hours(self, visit: _Visit, hours: Decimal, version: TariffVersion, hourly: Rule | None) -> None:
        """Extra work by the hour, at least the minimum; `hourly` is the rule that calls for it (many tanks)."""
        path = f"{visit.path}.extra_work_hours"
        rule = self.rule(version, "sludge_hourly_minimum", path)
        found = self.row(
            version,
            path,
            ("the tariff has no hourly extra-work fee", "taksassa ei ole ylimääräisen työn tuntimaksua"),
            service="sludge_extra_work_hour",
        )
        if not (rule and found):
            return
        billed = max(hours, rule["hours"])
        reason = f" ({visit.tanks} säiliötä)" if hourly else ""
        label = (
            f"Ylimääräinen työ tuntiveloituksena{reason}: {number_fi(billed)} h, "
            f"{count_fi(visit.times, 'käynti', 'käyntiä')}"
        )
        if billed > hours:
            label += f" (vähimmäisveloitus {number_fi(rule['hours'])} h)"
        elif hourly:
            rule = hourly
        self.add(f"sludge-{visit.i}-hours", label, version, found, Span.exact(billed * visit.times), rule=rule)


def estimate(scenario: Scenario, catalog: Catalog, version: TariffVersion | None = None) -> Estimate:
    """Price a scenario; with `version` every item is priced under that version only."""
    pricer = _Pricer(scenario, catalog, version)
    if pricer.base is not None and not pricer.problems:
        pricer.household()
        pricer.containers()
        pricer.extras()
    if pricer.problems:
        raise ScenarioError(pricer.problems)
    return Estimate(scenario, tuple(pricer.lines), tuple(pricer.notes))


def segment_for(version: TariffVersion, waste: str, customer: str) -> str:
    """The customer's own rows where the tariff has them for this waste, else the common (housing) rows."""
    if customer != "housing" and version.find(service="emptying", waste=waste, segment=customer):
        return customer
    return "housing"


def available_volumes(version: TariffVersion, customer: str = "housing") -> dict[str, list[int]]:
    """Container sizes (litres) the tariff offers a customer, by waste key."""
    offered: dict[str, set[int]] = {}
    for _, row in version.find(service="emptying"):
        waste = row.key["waste"]
        if "volume_l" in row.key and row.key.get("segment") == segment_for(version, waste, customer):
            offered.setdefault(waste, set()).add(row.key["volume_l"])
    return {waste: sorted(sizes) for waste, sizes in offered.items()}
