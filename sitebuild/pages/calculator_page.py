"""The calculator page: its form, the worker's snapshot, wheel and data (SHA-256 in the page), and no-JS examples."""

from __future__ import annotations

import hashlib
import json
import math

import yaml

from calculator.estimate import available_volumes
from calculator.finnish import interval_fi, number_fi, range_fi, volume_fi
from calculator.model import TariffVersion
from calculator.rules import EMPTYING_SEASONS_FI, Rule, rule_data
from calculator.scenario import AREA_COLLECTION, CUSTOMERS, MAX_CONTAINERS, MAX_LINK_CHARS, SLUDGE_TYPES_FI, WASTES_FI
from calculator.worker import text_handler

from .. import urls
from ..bundle import build_wheel, runtime_version, sha256_of
from ..export import calculator_catalog_data
from ..precompress import compressed
from ..site_docs import SiteDocs
from ..snapshot import make_snapshot
from .home import households

INTERVAL_CHOICES = (1, 2, 3, 4, 6, 8, 10, 12, 16, 26)
NEW_CONTAINER = {"waste": "mixed", "volume_l": "240", "interval_weeks": "2"}  # the form's text for a new container


def build(site: SiteDocs) -> None:
    if site.data.compared is None:
        return
    current, proposal = site.data.compared
    presets = site.data.presets.examples
    page = urls.CALCULATOR
    here = lambda target: urls.relative(page, target)  # noqa: E731 - one-line address helper
    wheel = build_wheel(site.docs / urls.CALCULATOR_DATA)
    data = site.docs / urls.CALCULATOR_DATA / "taksat.json"
    shipped = calculator_catalog_data(site.catalog, (current, proposal))
    data.write_text(
        json.dumps(shipped, ensure_ascii=False, separators=(",", ":")),
        encoding="utf-8",
    )
    offered: dict[str, dict[str, set[int]]] = {customer: {} for customer in CUSTOMERS}
    for customer, by_waste in offered.items():
        for version in (current, proposal):
            for waste, sizes in available_volumes(version, customer).items():
                by_waste.setdefault(waste, set()).update(sizes)
    area_rules = [r for v in (current, proposal) if (r := v.rules.get("private_transport_areas"))]
    areas = {area.id: area.name for rule in area_rules for area in rule["areas"]}
    check = self_check(data, presets, proposal.valid_from.isoformat())
    snapshot = make_snapshot(wheel, data, json.dumps(check["request"]), check.pop("answer"), data.parent)
    runtime = urls.pyodide(runtime_version())
    calendar = Calendar((current, proposal))
    examples = households(site)
    config = {
        "worker": here(urls.asset("laskuri-worker.js")),
        "pyodide": here(runtime),
        "serviceWorker": here(urls.SERVICE_WORKER),
        "priceList": here(urls.PRICE_LIST),
        "root": urls.root(page),
        "labels": {v.id: site.status.label(v) for v in (current, proposal)},
        "shortLabels": {v.id: site.status.short_label(v) for v in (current, proposal)},
        "history": {
            urls.table_anchor(t.id, r.id): here(url)
            for v in (current, proposal) for t, r in v.priced_rows() if (url := site.history.url(v, t, r))
        },
        "wheel": {"url": here(urls.CALCULATOR_DATA + wheel.name), "sha256": sha256_of(wheel)},
        "data": {"url": here(urls.CALCULATOR_DATA + data.name), "sha256": sha256_of(data)},
        # The snapshot as received with Content-Encoding, and the size of its gzip copy (".gz"), which the
        # worker fetches where the host sends files as they are (sitebuild/snapshot.py).
        "snapshot": {"url": here(urls.CALCULATOR_DATA + snapshot.file.name), "sha256": sha256_of(snapshot.file),
                     "bytes": snapshot.file.stat().st_size,
                     "gzipBytes": len(compressed(snapshot.file.read_bytes(), ".gz"))},
        "stdlib": {"fallback": here(urls.CALCULATOR_DATA + snapshot.stdlib.name),
                   "snapshot": here(urls.CALCULATOR_DATA + snapshot.empty_stdlib.name)},
        "check": check,
        "offered": {
            customer: {w: [[str(v), volume_fi(v)] for v in sorted(by_waste[w])] for w in WASTES_FI if w in by_waste}
            for customer, by_waste in offered.items()
        },
        "newContainer": NEW_CONTAINER,
        "containerLabels": [f"Jäteastia {number_fi(n)}" for n in range(1, MAX_CONTAINERS + 1)],
        "alternativeLabels": [f"Vaihtoehdon jäteastia {number_fi(n)}" for n in range(1, MAX_CONTAINERS + 1)],
        "seasons": calendar.seasons(),
        "presets": [{"name": e["name"], "scenario": e["scenario"], "note": e["note"]} for e in examples],
        "limits": {"containers": MAX_CONTAINERS, "linkChars": MAX_LINK_CHARS},
        "linkProblems": {
            "damaged": "linkin laskelma on virheellinen tai vaurioitunut",
            "tooLong": f"linkki on liian pitkä (yli {number_fi(MAX_LINK_CHARS)} merkkiä)",
            "tooMany": f"linkissä on enemmän astioita kuin laskuri ottaa (enintään {number_fi(MAX_CONTAINERS)})",
        },
    }
    file = site.render(
        page, "laskuri.md.j2", current=current, proposal=proposal, households=examples, presets=site.data.presets,
        wastes={w: label for w, label in WASTES_FI.items() if any(w in by_waste for by_waste in offered.values())},
        sludge_types=calendar.labelled(SLUDGE_TYPES_FI, "sludge_treatment", "sludge"),
        areas=list(areas.items()),
        intervals=[(w, interval_fi(w)) for w in INTERVAL_CHOICES],
        seasons=[(season["field"], calendar.season_label(season)) for season in calendar.seasons()],
        housing_kinds=calendar.offered("eco_fee", "housing"), area_collection=calendar.area_collection(),
        self_washing_notice=calendar.day("self_washing_notice", "by"), hints=calendar.hints(),
        config_yaml=front_matter_value(config),
        modules_yaml=front_matter_value([here(module) for module in urls.CALCULATOR_MODULES]),
    )  # fmt: skip
    site.nav.append({"Laskuri": file})


class Calendar:
    """The calendar and choices of the form, from the versions it compares: rows' keys and rules.

    A rule comes from the version in force, or from the proposal when only it gives one: one form
    asks one set of seasons, and the household's schedule is the one in force (old links were made
    with it). A version pair without `emptying_seasons` gets no seasonal interval.
    """

    def __init__(self, versions: tuple[TariffVersion, TariffVersion]):
        self.versions = versions

    def rule(self, rule_id: str) -> Rule | None:
        return next((rule for v in self.versions if (rule := v.rules.get(rule_id))), None)

    def seasons(self) -> list[dict[str, str]]:
        """The seasons as the form and its link carry them: {"field": "summer", "from": "04-01", "to": "09-30"}."""
        rule = self.rule("emptying_seasons")
        if rule is None:
            return []
        return [{"field": name, **days} for name, days in rule_data(rule)["seasons"].items()]

    def season_label(self, season: dict[str, str]) -> str:
        """"Kesäkaudella 1.4.–30.9."."""
        days = self.rule("emptying_seasons")["seasons"][season["field"]]
        return f"{EMPTYING_SEASONS_FI[season['field']]} {range_fi(str(days.start), str(days.end))}"

    def day(self, rule_id: str, name: str) -> str | None:
        """A rule's day of the year in Finnish ("30.4."), or None when neither version gives the rule."""
        rule = self.rule(rule_id)
        return str(rule[name]) if rule else None

    def offered(self, service: str, key: str) -> list[str]:
        """The values of `key` in the rows of `service` that either version prices."""
        return sorted({r.key[key] for v in self.versions for _, r in v.find(service=service) if key in r.key})

    def labelled(self, labels: dict[str, str], service: str, key: str) -> dict[str, str]:
        """The labels (in their order) of the values of `key` that either version prices."""
        offered = self.offered(service, key)
        return {value: label for value, label in labels.items() if value in offered}

    def hints(self) -> dict[str, str]:
        """The form's hints that give a rule's numbers, each worded from its rule (or the eco fee's rows) and
        left out when neither version gives it."""
        hints = {}
        if step := self.apartments_step():
            hints["apartments"] = f"Ekomaksu asuntoa kohden on {step[1]}, kun asuntoja on vähintään {step[0]}."
        if rule := self.rule("eco_fee_vacancy"):
            hints["vacancy_months"] = (
                f"Kun kiinteistöllä on enintään {rule['max_apartments']} asuntoa, vähintään {rule['min_months']} "
                f"kuukautta kokonaan tyhjillään olevan asunnon ekomaksu voidaan jättää perimättä{_see(rule)}."
            )
        if rule := self.rule("automatic_washing"):
            who = " tai se on kunnan kiinteistö" if "municipal" in rule["customers"] else ""
            hints["washings"] = (
                f"Kun kiinteistöllä on vähintään {rule['min_apartments']} asuntoa{who}, osa sen astioista pestään "
                f"automaattisesti kerran vuodessa{_see(rule)}; laskuri lisää pesun itse."
            )
        if rule := self.rule("carry_distance"):
            hints["carry_distance_m"] = (
                f"Yli {number_fi(rule['free_m'])} metrin siirrosta peritään lisämaksu jokaiselta alkavalta "
                f"{number_fi(rule['step_m'])} metriltä."
            )
        if rule := self.rule("extra_pickup_detour"):
            km = number_fi(rule["min_km"])
            hints["extra_detour_km"] = (
                f"Kilometrimaksu peritään, jos reitti pitenee vähintään {km} km, {km} km ylittävältä osalta."
            )
        if rule := self.rule("sludge_billing_step"):
            step = rule["m3"]
            hints["sludge_volume"] = (
                f"Laskutetaan {number_fi(step)} m³:n tarkkuudella, esimerkiksi {number_fi(4 + step)}."
            )
        if rule := self.rule("sludge_hourly_minimum"):
            hints["sludge_hours"] = f"Vähimmäisveloitus on {number_fi(rule['hours'] * 60)} minuuttia."
        return hints

    def apartments_step(self) -> tuple[int, str] | None:
        """Where the eco fee per dwelling changes with the number of dwellings: (from how many, "pienempi" or
        "suurempi"), from the first version whose rows price a second band; None when one price covers all."""
        for version in self.versions:
            rows = sorted((r for _, r in version.find(service="eco_fee", housing="permanent")
                           if "apartments_min" in r.key and r.price_vat0 is not None),
                          key=lambda r: r.key["apartments_min"])  # fmt: skip
            if len(rows) > 1 and rows[1].price_vat0 != rows[0].price_vat0:
                lower = rows[1].price_vat0 < rows[0].price_vat0
                return rows[1].key["apartments_min"], "pienempi" if lower else "suurempi"
        return None

    def area_collection(self) -> list[tuple[str, str]]:
        """The area-collection fees priced: (period, the option's text); a season with its days."""
        rule = self.rule("area_collection_season")
        season = f" ({range_fi(str(rule['from']), str(rule['to']))})" if rule else ""
        words = {"season": "Kausimaksu" + season, "year": "Vuosimaksu"}
        periods = self.offered("area_collection", "period")
        return [(period, words[period]) for period in AREA_COLLECTION if period in periods]


def _see(rule: Rule) -> str:
    """" (taksan kohta 2.1.3)": where the tariff gives the rule's conditions in full."""
    return f" (taksan kohta {rule.section})" if rule.section else ""


class _PlainDumper(yaml.SafeDumper):
    def ignore_aliases(self, data: object) -> bool:
        return True  # each value written out in full: the template turns it back into JSON


def front_matter_value(value: object) -> str:
    """`value` as one line of YAML for the page's front matter (content/overrides/laskuri.html reads it)."""
    text = yaml.dump(value, Dumper=_PlainDumper, default_flow_style=True, allow_unicode=True, width=math.inf).strip()
    if yaml.safe_load(text) != value:
        raise ValueError("the calculator's settings do not survive the page's YAML front matter")
    return text


def self_check(data, presets: list, day: str) -> dict:
    """The request the snapshot step answers to warm up and the worker answers to check its start,
    with CPython's answer and that answer's SHA-256: a fixed day, so the answer never changes."""
    scenario = dict(presets[0].scenario if presets else {}, date=day)
    request = {"action": "compare", "scenario": scenario}
    answer = text_handler(data.read_text(encoding="utf-8"))(json.dumps(request))
    return {"request": request, "answer": answer, "sha256": hashlib.sha256(answer.encode()).hexdigest()}
