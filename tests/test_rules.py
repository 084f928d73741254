"""The text part's pricing rules as data: loading, bad input, and each line's address and rule."""

import json
import re

import pytest
import yaml

from calculator.api import run_compare, run_estimate
from calculator.catalog import catalog_from_data
from calculator.loading import read_version
from calculator.rules import RULE_PARAMETERS
from sitebuild import critic
from sitebuild.export import calculator_catalog_data

from .conftest import LAKEUS, ROOT
from .test_cli import run
from .test_scenarios import SCENARIO_FILES

DAY = "2026-06-01"


def errors(catalog, scenario):
    return {e["field"]: e for e in run_estimate(dict(scenario, date=DAY), catalog).get("errors", [])}


def test_the_versions_give_every_rule_the_core_applies(current, proposal):
    for version in (current, proposal):
        assert set(version.rules.by_id) == set(RULE_PARAMETERS)
        for rule in version.rules.by_id.values():
            assert rule.quote and rule.section, rule.id


def test_rule_quotes_are_the_words_of_the_text_part(current, proposal):
    """Every quoted passage (between […] cuts) stands in the version's text part, as the site shows it."""
    source = (ROOT / "content" / "lakeus" / "tekstiosa.md").read_text(encoding="utf-8")

    def folded(text):
        return " ".join(text.replace("\n- ", " ").split()).lower()

    for version, accept in ((current, False), (proposal, True)):
        text = folded(critic.resolve(source, accept))
        for rule in version.rules.by_id.values():
            parts = [folded(p).strip(" .") for p in re.split(r"\[…\]|\(Taulukko 16:.*?\)", rule.quote)]
            assert any(parts), rule.id
            for words in filter(None, parts):
                assert words in text, (version.id, rule.id, words[:70])


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


def test_more_than_three_tanks_is_not_guessed(catalog):
    tanks = [{"type": "septic", "volume_m3": "1"}] * 4
    found = errors(catalog, {"extras": {"sludge": [{"tanks": tanks}]}})
    message = found["extras.sludge[0].tanks"]["message_fi"]
    assert "enintään 3 säiliötä" in message and "ei voi arvioida" in message


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
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
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
