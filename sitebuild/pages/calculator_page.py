"""The calculator page: its form, the worker's snapshot, wheel and data (SHA-256 in the page), and no-JS examples."""

from __future__ import annotations

import hashlib
import json
import math

import yaml

from calculator.estimate import available_volumes
from calculator.finnish import eur_range_fi, interval_fi, number_fi, range_fi, volume_fi
from calculator.scenario import CUSTOMERS, MAX_CONTAINERS, MAX_LINK_CHARS, SLUDGE_TYPES_FI, WASTES_FI
from calculator.schedules import MonthDay
from calculator.worker import text_handler

from .. import urls
from ..bundle import build_wheel, runtime_version, sha256_of
from ..export import calculator_catalog_data
from ..site_docs import SiteDocs
from ..snapshot import gunzipped_sha256, make_snapshot

INTERVAL_CHOICES = (1, 2, 3, 4, 6, 8, 10, 12, 16, 26)
NEW_CONTAINER = {"waste": "mixed", "volume_l": "240", "interval_weeks": "2"}  # the form's text for a new container
# The seasons of a seasonal interval: the form's field, the first and the last day, the label's word.
SEASONS = (("summer", "04-01", "09-30", "Kesäkaudella"), ("winter", "10-01", "03-31", "Talvikaudella"))


def build(site: SiteDocs) -> None:
    if site.data.compared is None:
        return
    current, proposal = site.data.compared
    presets = site.data.presets
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
    seasons = [{"field": field, "from": start, "to": end} for field, start, end, _ in SEASONS]
    config = {
        "worker": here(urls.asset("laskuri-worker.js")),
        "pyodide": here(runtime),
        "serviceWorker": here(urls.SERVICE_WORKER),
        "priceList": here(urls.PRICE_LIST),
        "root": urls.root(page),
        "labels": {v.id: site.status.label(v) for v in (current, proposal)},
        "history": {
            urls.table_anchor(t.id, r.id): here(url)
            for v in (current, proposal) for t, r in v.priced_rows() if (url := site.history.url(v, t, r))
        },
        "wheel": {"url": here(urls.CALCULATOR_DATA + wheel.name), "sha256": sha256_of(wheel)},
        "data": {"url": here(urls.CALCULATOR_DATA + data.name), "sha256": sha256_of(data)},
        "snapshot": {"url": here(urls.CALCULATOR_DATA + snapshot.name), "sha256": sha256_of(snapshot),
                     "bytes": snapshot.stat().st_size, "gunzippedSha256": gunzipped_sha256(snapshot)},
        "check": check,
        "offered": {
            customer: {w: [[str(v), volume_fi(v)] for v in sorted(by_waste[w])] for w in WASTES_FI if w in by_waste}
            for customer, by_waste in offered.items()
        },
        "newContainer": NEW_CONTAINER,
        "containerLabels": [f"Jäteastia {number_fi(n)}" for n in range(1, MAX_CONTAINERS + 1)],
        "seasons": seasons,
        "presets": [{"name": p.name, "scenario": p.scenario} for p in presets],
        "limits": {"containers": MAX_CONTAINERS, "linkChars": MAX_LINK_CHARS},
        "linkProblems": {
            "damaged": "linkin laskelma on virheellinen tai vaurioitunut",
            "tooLong": f"linkki on liian pitkä (yli {number_fi(MAX_LINK_CHARS)} merkkiä)",
            "tooMany": f"linkissä on enemmän astioita kuin laskuri ottaa (enintään {number_fi(MAX_CONTAINERS)})",
        },
    }
    examples = [
        {
            "name": preset.name,
            "old": eur_range_fi(preset.comparison["old"], "total"),
            "new": eur_range_fi(preset.comparison["new"], "total"),
            "difference": eur_range_fi(preset.comparison, "difference"),
        }
        for preset in presets
    ]
    file = site.render(
        page, "laskuri.md.j2", current=current, proposal=proposal, presets=presets,
        wastes=WASTES_FI, sludge_types=SLUDGE_TYPES_FI, areas=list(areas.items()),
        intervals=[(w, interval_fi(w)) for w in INTERVAL_CHOICES], static_examples=examples,
        seasons=[(field, season_label(word, start, end)) for field, start, end, word in SEASONS],
        config_yaml=front_matter_value(config),
        modules_yaml=front_matter_value([here(module) for module in urls.CALCULATOR_MODULES]),
    )  # fmt: skip
    site.nav.append({"Laskuri": file})


def season_label(word: str, start: str, end: str) -> str:
    """"Kesäkaudella 1.4.–30.9." from the word and the season's first and last day ("MM-DD")."""
    return f"{word} {range_fi(str(MonthDay.parse(start)), str(MonthDay.parse(end)))}"


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
