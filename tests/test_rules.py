"""The text part's pricing rules as data: loading, bad input, and each line's address and rule."""

import json
import re

import pytest
import yaml

from calculator import cli
from calculator.api import run_compare, run_estimate
from calculator.catalog import catalog_from_data
from calculator.loading import read_version
from calculator.rules import RULE_PARAMETERS
from sitebuild import critic
from sitebuild.export import calculator_catalog_data

from .conftest import LAKEUS, ROOT
from .test_cli import run
from .test_scenarios import SCENARIO_FILES, cases

DAY = "2026-06-01"


def errors(catalog, scenario):
    return {e["field"]: e for e in run_estimate(dict(scenario, date=DAY), catalog).get("errors", [])}


def test_the_versions_give_every_rule_the_core_applies(current, proposal):
    for version in (current, proposal):
        assert set(version.rules.by_id) == set(RULE_PARAMETERS)
        for rule in version.rules.by_id.values():
            assert rule.quote and (rule.section or rule.reading), rule.id


def test_rule_quotes_are_the_words_of_the_text_part(current, proposal):
    """Every quoted passage (between […] cuts) stands in the version's text part, as the site shows it;
    a rule without a section quotes the minutes (the versions' source document) and says so in its reading."""
    source = (ROOT / "content" / "lakeus" / "tekstiosa.md").read_text(encoding="utf-8")
    minutes = folded((LAKEUS / "sources" / "002_ea051a5be0ce889f.txt").read_text(encoding="utf-8"))

    for version, accept in ((current, False), (proposal, True)):
        text = folded(critic.resolve(source, accept))
        for rule in version.rules.by_id.values():
            if rule.section is None:
                assert folded(rule.quote) in minutes and "minutes" in rule.reading, rule.id
                continue
            parts = [folded(p).strip(" .") for p in re.split(r"\[…\]|\(Taulukko 16:.*?\)", rule.quote)]
            assert any(parts), rule.id
            for words in filter(None, parts):
                assert words in text, (version.id, rule.id, words[:70])


def folded(text):
    return " ".join(text.replace("\n- ", " ").split()).lower()


def test_a_rule_with_an_unknown_id_or_without_a_quote_is_a_data_error(proposal):
    data = yaml.safe_load((LAKEUS / "versions" / "lakeus-2026-04-01.yaml").read_text(encoding="utf-8"))
    data["rules"]["sludge_discount"] = {"quote": "x", "section": "3.1"}
    del data["rules"]["sludge_large_volume"]["quote"]
    data["rules"]["sludge_included"]["m3"] = {"septic": "-5"}
    _, problems = read_version(data, "v.yaml")
    fields = {p.field: p.message for p in problems}
    assert "unknown rule" in fields["rules.sludge_discount"]
    assert "missing required field" in fields["rules.sludge_large_volume.quote"]
    assert "must be between 0" in fields["rules.sludge_included.m3"]


def test_municipal_customer_with_a_household_is_bad_input(catalog):
    found = errors(catalog, {"customer": "municipal", "household": {"kind": "permanent"}})
    assert "no eco fee" in found["household"]["message"]
    assert "ekomaksua" in found["household"]["message_fi"]


def test_unknown_customer_and_area_are_bad_input(catalog):
    assert "customer" in errors(catalog, {"customer": "company"})
    assert "area" in errors(catalog, {"area": "lapland"})


def test_more_than_three_tanks_without_the_hours_is_refused_with_the_reason(catalog):
    tanks = [{"type": "septic", "volume_m3": "1"}] * 4
    found = errors(catalog, {"extras": {"sludge": [{"tanks": tanks}]}})
    message = found["extras.sludge[0].extra_work_hours"]["message_fi"]
    assert "enemmän kuin 3" in message and "anna ylimääräisen työn aika" in message


def test_more_than_three_tanks_are_priced_by_the_hour_only_where_the_tariff_says_so(catalog):
    """The 2019 price list gives no hourly rule for many tanks: the hours given do not make it guess."""
    tanks = [{"type": "septic", "volume_m3": "1"}] * 4
    scenario = {"date": "2019-06-01", "extras": {"sludge": [{"tanks": tanks, "extra_work_hours": "1"}]}}
    found = {e["field"]: e for e in run_estimate(scenario, catalog)["errors"]}
    assert "ei voi arvioida" in found["extras.sludge[0].tanks"]["message_fi"]


def note_cases():
    dual = {"waste": "dual", "volume_l": 240, "count": 2, "interval_weeks": 4}
    detour = {"waste": "mixed", "volume_l": 240, "interval_weeks": 4, "extra_emptyings": 1, "extra_detour_km": "4"}
    carried = {"waste": "mixed", "volume_l": 240, "interval_weeks": 4, "carry_distance_m": "8"}
    return [
        pytest.param(
            {"date": "2025-06-01", "household": {"kind": "permanent", "apartments": 3}, "containers": [dual]},
            "washing-auto-excluded", "2.1.5.1", "Laskuri noudattaa rajausta", id="dual bins not washed",
        ),
        pytest.param(
            {"date": DAY, "containers": [detour]}, "container-0-detour", "2.1.3", "vain 4 km ylittävältä osalta",
            id="detour of exactly 4 km",
        ),
        pytest.param(
            {"date": DAY, "household": {"kind": "holiday", "vacancy_months": 8}}, "eco-fee-vacancy", "1.1",
            "8 kk tyhjillään ei muuta sitä", id="holiday home vacancy",
        ),
        pytest.param(
            {"date": DAY, "household": {"kind": "other", "places": 5, "vacancy_months": 8}}, "eco-fee-vacancy", "1.1",
            "vain omakoti- ja paritaloissa", id="other housing vacancy",
        ),
        pytest.param(
            {"date": DAY, "extras": {"sludge": [{"type": "septic", "volume_m3": "14.2"}]}}, "sludge-0-rounding",
            "3.1.1", "14,2 m³ laskutetaan 0,5 m³:n tarkkuudella: 14 m³", id="sludge rounded below 14 m3",
        ),
        pytest.param(
            {"date": DAY, "extras": {"sludge": [{"type": "septic", "volume_m3": "5.2"}]}}, "sludge-0-rounding",
            "3.1.1", "kuutiomaksua ei peritä", id="sludge rounded to the included 5 m3",
        ),
        pytest.param(
            {"date": DAY, "containers": [carried]}, "carry-0", "2.1.3", "siirtomatka 8 m ei ylitä 10 metriä",
            id="carrying within 10 m",
        ),
    ]  # fmt: skip


@pytest.mark.parametrize("scenario,note_id,section,words", note_cases())
def test_a_rule_that_withheld_or_changed_a_price_says_so_with_its_section_and_words(
    catalog, tmp_path, capsys, scenario, note_id, section, words
):
    note = {n["id"]: n for n in run_estimate(scenario, catalog)["notes"]}[note_id]
    assert words in note["text"]
    assert note["rule"]["section"] == section and note["rule"]["quote"]
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps(scenario), encoding="utf-8")
    assert cli.main(["estimate", str(path), "--format", "text"]) == 0
    shown = capsys.readouterr().out.split("Huomioitavaa:")[1]
    assert f'- {note["text"]}\n  Sääntö (tekstiosan kohta {section}): "{note["rule"]["quote"]}"' in shown


def test_the_sludge_rounding_is_stated_on_the_line_it_decides(catalog):
    scenario = {"date": DAY, "extras": {"sludge": [{"type": "septic", "volume_m3": "14.2"}]}}
    lines = {line["id"]: line for line in run_estimate(scenario, catalog)["lines"]}
    transport = lines["sludge-0-transport"]
    assert "(14,2 m³ laskutetaan 14 m³:nä)" in transport["label"]
    assert transport["rule"]["id"] == "sludge_billing_step" and transport["quantity"] == "1"
    exact = {"date": DAY, "extras": {"sludge": [{"type": "septic", "volume_m3": "14"}]}}
    assert "rule" not in {line["id"]: line for line in run_estimate(exact, catalog)["lines"]}["sludge-0-transport"]


@pytest.mark.parametrize(
    "scenario,table,row",
    [
        ({"date": DAY, "containers": [{"waste": "metal", "volume_l": 660, "interval_weeks": 4}]},
         "tyhjennys-metalli", "astia-660"),
        ({"date": "2025-06-01", "customer": "municipal",
          "containers": [{"waste": "plastic", "volume_l": 240, "interval_weeks": 4}]},
         "tyhjennys-muovi", "kunta-astia-240"),
        ({"date": DAY, "containers": [{"waste": "mixed", "volume_l": 240, "interval_weeks": 4,
                                        "carry_distance_m": "17"}]},
         "lisamaksut", "siirto"),
    ],
)  # fmt: skip
def test_a_flagged_value_carries_its_flag_into_the_line(catalog, tmp_path, capsys, scenario, table, row):
    result = run_estimate(scenario, catalog)
    line = next(line for line in result["lines"] if (line["table"], line["row"]) == (table, row))
    flag = catalog.get(line["tariff"]).table(table).row(row).verify
    assert flag and line["verify"] == flag
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps(scenario), encoding="utf-8")
    assert cli.main(["estimate", str(path), "--format", "text"]) == 0
    assert f"  ⚠ Tarkistettava: {flag}" in capsys.readouterr().out


def test_an_unflagged_value_has_no_flag(catalog):
    """The metal 660 l price of the tariff in force is printed once and clean; only the proposal's is flagged."""
    scenario = {"date": "2025-06-01", "containers": [{"waste": "metal", "volume_l": 660, "interval_weeks": 4}]}
    assert "verify" not in run_estimate(scenario, catalog)["lines"][0]


def test_a_detour_needs_extra_emptyings(catalog):
    container = {"waste": "mixed", "volume_l": 240, "interval_weeks": 4, "extra_detour_km": "9"}
    assert "containers[0].extra_detour_km" in errors(catalog, {"containers": [container]})


def test_a_tariff_without_the_rule_says_so_instead_of_guessing(catalog):
    """The 2019 price list has no vacancy rule: a vacancy cannot be priced under it."""
    scenario = {"date": "2019-06-01", "household": {"kind": "permanent", "vacancy_months": 8}}
    found = {e["field"]: e for e in run_estimate(scenario, catalog)["errors"]}
    assert "ei voi arvioida" in found["household.vacancy_months"]["message_fi"]


def test_municipal_customer_prices_the_municipal_rows_of_tables_10_to_14(catalog):
    containers = [{"waste": w, "volume_l": 360, "interval_weeks": 4} for w in ("plastic", "mixed")]
    for customer, plastic_row in (("municipal", "kunta-astia-360"), ("housing", "astia-360")):
        lines = run_estimate({"date": DAY, "customer": customer, "containers": containers}, catalog)["lines"]
        assert [(line["table_number"], line["row"]) for line in lines[:2]] == [(13, plastic_row), (6, "astia-360")]


def scenario_results(catalog):
    for path in SCENARIO_FILES:
        for case in cases(path):
            result = run_compare(dict(case["scenario"], date="2026-01-01"), catalog)
            yield case["name"], result


def test_every_line_names_its_row_and_rule_and_they_resolve_in_the_site(built_site, catalog):
    ids: dict[str, set[str]] = {}

    def resolves(url):
        path, _, fragment = url.partition("#")
        if path not in ids:
            page = built_site / path / "index.html"
            ids[path] = set(re.findall(r'\sid="([^"]+)"', page.read_text(encoding="utf-8"))) if page.exists() else set()
        return fragment in ids[path]

    lines = rules = 0
    for name, result in scenario_results(catalog):
        assert "errors" not in result, (name, result)
        for side in ("old", "new"):
            for line in result[side]["lines"] + result[side]["notes"]:
                if "url" in line:
                    lines += 1
                    assert resolves(line["url"]), (name, line["url"])
                else:
                    assert "text" in line, (name, line["id"])  # notes have no row
                if "rule" in line and "url" in line["rule"]:
                    rules += 1
                    assert resolves(line["rule"]["url"]), (name, line["rule"]["url"])
    assert lines > 50 and rules > 20


def test_the_browser_data_carries_the_same_addresses_and_rules(catalog, current, proposal):
    shipped = calculator_catalog_data(catalog, (current, proposal))
    browser = catalog_from_data(json.loads(json.dumps(shipped)))
    scenario = yaml.safe_load((LAKEUS / "scenarios" / "rules.yaml").read_text(encoding="utf-8"))[0]["scenario"]
    for day in ("2026-01-01", "2026-06-01"):
        data = dict(scenario, date=day)
        assert run_estimate(data, browser) == run_estimate(data, catalog)


def test_cli_text_explains_each_line(tmp_path):
    scenario = {"date": DAY, "extras": {"sludge": [{"type": "septic", "volume_m3": "15"}]}}
    result = run(tmp_path, "estimate", "--format", "text", scenario=scenario)
    assert result.returncode == 0, result.stderr
    assert "83,48 € × 2 = 166,96 €" in result.stdout
    assert "<maksut/lakeus-2026-04-01/lietteet/#lietteet-tyhjennys--kuljetusmaksu>" in result.stdout
    assert "Sääntö (tekstiosan kohta 3.1.3)" in result.stdout
    assert "<tekstiosa/lakeus-2026-04-01/#kohta-3-1-3>" in result.stdout


@pytest.mark.parametrize(
    "scenario,field",
    [
        ({"customer": "municipal", "household": {"kind": "holiday"}}, "household"),
        ({"customer": "shop"}, "customer"),
    ],
)
def test_cli_exits_2_naming_the_field(tmp_path, scenario, field):
    result = run(tmp_path, "estimate", scenario=dict(scenario, date=DAY))
    assert result.returncode == 2
    assert f"error: {field}:" in result.stderr
