"""A tariff's calendar is data: the form's seasons, deadlines and choices come from the versions' rules
and rows, and no date is written in the templates or the page's scripts."""

import dataclasses
import datetime as dt
import re
from types import SimpleNamespace

import yaml

from calculator.api import run_estimate
from calculator.catalog import catalog_from_data
from calculator.loading import read_version
from calculator.rules import Rules, read_rule
from calculator.scenario import SLUDGE_TYPES_FI
from calculator.schema import Fields, FileProblems
from sitebuild import urls
from sitebuild.export import calculator_catalog_data
from sitebuild.pages.calculator_page import Calendar
from sitebuild.presets import Presets
from sitebuild.render import Renderer

from .conftest import LAKEUS, ROOT

# A day written in a template or a script: "30.4.", "1.5.–30.9.", "1.4.2026" (not a section such as
# "2.1.5.1"), or a day of the year "04-01" in quotes.
DATE_LITERAL = re.compile(r"(?<![\d.])\d{1,2}\.\d{1,2}\.(?:\d{4}(?!\d)|(?![\d.]))|[\"']\d\d-\d\d[\"']")


def date_literals(root):
    """Every date-like literal in the shared templates and the page's scripts, as `file:line: text`."""
    files = sorted((root / "content" / "templates").glob("*.j2")) + sorted((root / "content" / "assets").glob("*.js"))
    return [
        f"{path.relative_to(root)}:{n}: {found[0]}"
        for path in files
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        for found in DATE_LITERAL.finditer(line)
    ]


def test_no_date_is_written_in_the_templates_or_the_page_scripts():
    assert date_literals(ROOT) == []


def test_the_scan_finds_the_dates_main_had_in_the_calculator_template(tmp_path):
    """The lines of the calculator template before the calendar was data: the scan names each date."""
    (tmp_path / "content" / "templates").mkdir(parents=True)
    (tmp_path / "content" / "assets").mkdir()
    (tmp_path / "content" / "templates" / "laskuri.md.j2").write_text(
        "Pesemme astiat itse (automaattinen pesu perutaan 30.4. mennessä)\n"
        '<option value="season">Kausimaksu (1.5.–30.9.)</option>\n',
        encoding="utf-8",
    )
    (tmp_path / "content" / "assets" / "laskuri-form.js").write_text(
        'const SEASONS = [{from: "04-01", to: "09-30"}];  // version 2.1 of 1.4.2026\n', encoding="utf-8"
    )
    assert date_literals(tmp_path) == [
        "content/templates/laskuri.md.j2:1: 30.4.",
        "content/templates/laskuri.md.j2:2: 1.5.",
        "content/templates/laskuri.md.j2:2: 30.9.",
        'content/assets/laskuri-form.js:1: "04-01"',
        'content/assets/laskuri-form.js:1: "09-30"',
        "content/assets/laskuri-form.js:1: 1.4.2026",
    ]


def test_the_form_takes_its_calendar_from_the_rules(current, proposal):
    calendar = Calendar((current, proposal))
    assert calendar.seasons() == [
        {"field": "summer", "from": "04-01", "to": "09-30"},
        {"field": "winter", "from": "10-01", "to": "03-31"},
    ]  # the days of the links made before (#s=…"schedule":[{"from":"04-01","to":"09-30",…)
    assert [calendar.season_label(s) for s in calendar.seasons()] == [
        "Kesäkaudella 1.4.–30.9.",
        "Talvikaudella 1.10.–31.3.",
    ]
    assert calendar.day("self_washing_notice", "by") == "30.4."
    assert calendar.area_collection() == [("season", "Kausimaksu (1.5.–30.9.)"), ("year", "Vuosimaksu")]
    assert calendar.offered("eco_fee", "housing") == ["holiday", "other", "permanent"]
    sludge = calendar.labelled(SLUDGE_TYPES_FI, "sludge_treatment", "sludge")
    assert list(sludge) == ["septic", "grey_water", "closed_tank"]


def without(version, *rule_ids):
    kept = {i: rule for i, rule in version.rules.by_id.items() if i not in rule_ids}
    return dataclasses.replace(version, rules=Rules(kept, version.rules.source))


def test_versions_without_the_seasonal_rule_get_no_seasonal_choice_and_no_deadline(current, proposal):
    calendar = Calendar(tuple(without(v, "emptying_seasons", "self_washing_notice", "area_collection_season")
                              for v in (current, proposal)))  # fmt: skip
    assert calendar.seasons() == []
    assert calendar.day("self_washing_notice", "by") is None
    assert calendar.area_collection() == [("season", "Kausimaksu"), ("year", "Vuosimaksu")]


def test_when_the_versions_disagree_the_form_asks_the_seasons_in_force(current, proposal):
    """One form asks one set of seasons: the version in force's, or the proposal's where only it has them."""
    seasons = {"seasons": {"summer": {"from": "05-15", "to": "09-15"}, "winter": {"from": "09-16", "to": "05-14"}}}
    rule = read_rule("emptying_seasons", Fields(FileProblems("v.yaml"), {"quote": "kesäkausi", **seasons}))
    other = dataclasses.replace(proposal, rules=Rules({**proposal.rules.by_id, rule.id: rule}))
    assert Calendar((current, other)).seasons()[0] == {"field": "summer", "from": "04-01", "to": "09-30"}
    only_proposal = Calendar((without(current, "emptying_seasons"), other))
    assert only_proposal.seasons()[0] == {"field": "summer", "from": "05-15", "to": "09-15"}
    assert only_proposal.season_label(only_proposal.seasons()[0]) == "Kesäkaudella 15.5.–15.9."


def test_seasons_that_leave_a_day_out_or_cover_one_twice_are_data_errors():
    data = yaml.safe_load((LAKEUS / "versions" / "lakeus-2026-04-01.yaml").read_text(encoding="utf-8"))
    rules = data["rules"]
    rules["emptying_seasons"]["seasons"]["winter"] = {"from": "10-02", "to": "03-31"}
    rules["self_washing_notice"]["by"] = "04-31"
    _, problems = read_version(data, "v.yaml")
    fields = {p.field: p.message for p in problems}
    assert "1.10. is not covered by any season" in fields["rules.emptying_seasons.seasons"]
    assert "'04-31' is not a day of the year" in fields["rules.self_washing_notice.by"]
    rules["emptying_seasons"]["seasons"] = {"summer": {"from": "04-01", "to": "09-30"}}
    _, problems = read_version(data, "v.yaml")
    assert "expected the seasons summer and winter" in {p.field: p.message for p in problems}[
        "rules.emptying_seasons.seasons"
    ]


def test_the_browser_data_carries_the_calendar_rules(catalog, current, proposal):
    shipped = catalog_from_data(calculator_catalog_data(catalog, (current, proposal)))
    for version in (current, proposal):
        for rule_id in ("emptying_seasons", "self_washing_notice"):
            rule = version.rules.get(rule_id)
            assert shipped.get(version.id).rules.get(rule_id).params == rule.params


def test_the_self_washing_note_words_the_rules_day(catalog):
    scenario = {
        "date": "2026-06-01",
        "household": {"kind": "permanent", "apartments": 3},
        "containers": [{"waste": "mixed", "volume_l": 240, "interval_weeks": 2}],
        "extras": {"self_washing": True},
    }
    notes = {n["id"]: n for n in run_estimate(scenario, catalog)["notes"]}
    assert notes["washing-auto"]["text"].endswith("Peruutus ilmoitetaan jäteyhtiölle 30.4. mennessä.")
    assert notes["washing-auto"]["rule"]["id"] == "self_washing_notice"
    assert notes["washing-auto"]["rule"]["section"] == "2.1.5.1"


def calculator_form(calendar, current, proposal):
    """The calculator page's Markdown for the calendar (other settings left empty)."""
    status = SimpleNamespace(label=lambda v: v.id)
    return Renderer(dt.date(2026, 1, 1), status=status, status_fi=lambda v: "").render(
        "laskuri.md.j2", urls.CALCULATOR, current=current, proposal=proposal, households=[], presets=Presets(),
        wastes={}, sludge_types={}, areas=[], intervals=[(2, "joka 2. viikko")],
        seasons=[(s["field"], calendar.season_label(s)) for s in calendar.seasons()],
        housing_kinds=calendar.offered("eco_fee", "housing"), area_collection=calendar.area_collection(),
        self_washing_notice=calendar.day("self_washing_notice", "by"), hints=calendar.hints(), config_yaml="{}",
        modules_yaml="[]",
    )  # fmt: skip


def test_the_page_offers_a_seasonal_interval_only_where_a_version_gives_the_seasons(current, proposal):
    page = calculator_form(Calendar((current, proposal)), current, proposal)
    assert '<option value="kausi">' in page and "Kesäkaudella 1.4.–30.9." in page
    assert "automaattinen pesu perutaan 30.4. mennessä" in page
    bare = tuple(without(v, "emptying_seasons", "self_washing_notice") for v in (current, proposal))
    page = calculator_form(Calendar(bare), *bare)
    assert '<option value="kausi">' not in page and "Kesäkaudella" not in page
    assert "Pesemme astiat itse</label>" in page


HINT_RULES = ("eco_fee_vacancy", "automatic_washing", "carry_distance", "extra_pickup_detour", "sludge_billing_step",
              "sludge_hourly_minimum")  # fmt: skip


def test_the_forms_hints_give_the_rules_numbers(current, proposal):
    """Each hint's numbers come from its rule (the eco fee's from its rows: 1-2 and 3- dwellings, table 1)."""
    calendar = Calendar((current, proposal))
    assert calendar.hints() == {
        "apartments": "Ekomaksu asuntoa kohden on pienempi, kun asuntoja on vähintään 3.",
        "vacancy_months": "Kun kiinteistöllä on enintään 2 asuntoa, vähintään 6 kuukautta kokonaan tyhjillään olevan"
                          " asunnon ekomaksu voidaan jättää perimättä (taksan kohta 1.1).",
        "washings": "Kun kiinteistöllä on vähintään 3 asuntoa tai se on kunnan kiinteistö, osa sen astioista pestään"
                    " automaattisesti kerran vuodessa (taksan kohta 2.1.5.1); laskuri lisää pesun itse.",
        "carry_distance_m": "Yli 10 metrin siirrosta peritään lisämaksu jokaiselta alkavalta 5 metriltä.",
        "extra_detour_km": "Kilometrimaksu peritään, jos reitti pitenee vähintään 4 km, 4 km ylittävältä osalta.",
        "sludge_volume": "Laskutetaan 0,5 m³:n tarkkuudella, esimerkiksi 4,5.",
        "sludge_hours": "Vähimmäisveloitus on 30 minuuttia.",
    }  # fmt: skip
    page = calculator_form(calendar, current, proposal)
    for text in calendar.hints().values():
        assert text in page
    described = re.findall(r'aria-describedby="([^"]+)"', page)
    assert len(described) >= 5 and all(f'id="{target}"' in page for target in described)
    carry = dataclasses.replace(current.rules.get("carry_distance"), params={"free_m": 15, "step_m": 2})
    moved = dataclasses.replace(current, rules=Rules({**current.rules.by_id, "carry_distance": carry}))
    assert Calendar((moved, proposal)).hints()["carry_distance_m"] == (
        "Yli 15 metrin siirrosta peritään lisämaksu jokaiselta alkavalta 2 metriltä.")  # the version in force's


def test_without_the_rules_the_form_says_none_of_their_numbers(current, proposal):
    bare = tuple(without(v, *HINT_RULES) for v in (current, proposal))
    calendar = Calendar(bare)
    assert list(calendar.hints()) == ["apartments"]  # from the rows
    page = calculator_form(calendar, *bare)
    for words in ("tyhjillään olevan", "pestään automaattisesti", "metrin siirrosta", "Kilometrimaksu",
                  "tarkkuudella", "Vähimmäisveloitus"):  # fmt: skip
        assert words not in page, words
    assert all(f'id="{target}"' in page for target in re.findall(r'aria-describedby="([^"]+)"', page))
    assert not re.findall(r"\b(?:10 metri|4 km|0,5 m³|puolen kuution|30 minuutti)", page)
