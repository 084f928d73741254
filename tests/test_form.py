"""The calculator form's text read in Python (calculator/form.py): the scenario its link carries, byte for byte
as the page built it in JavaScript before, the Finnish text of every number read, and the worker's answer."""

from __future__ import annotations

import json

import pytest

from calculator.form import read_form
from calculator.worker import text_handler
from sitebuild.export import calculator_data

BIN = {"waste": "mixed", "volume_l": "240", "count": "1", "interval_weeks": "2",
       "carry_distance_m": "0", "extra_emptyings": "0", "extra_detour_km": "0"}  # fmt: skip
EXTRAS = {"paper_invoices": "0", "washings": "0"}

# What the page sends (laskuri-form.js: every field's text as typed) -> the scenario its link carries, as
# the JavaScript of the page wrote it before Python read the form (the same JSON text: old links stay valid).
CASES = {
    "the empty form": (
        {"containers": [BIN], "extras": EXTRAS, "household": {"kind": "permanent", "apartments": "1",
                                                               "vacancy_months": "0"}},
        '{"containers":[{"waste":"mixed","volume_l":240,"count":1,"interval_weeks":2}],'
        '"household":{"kind":"permanent","apartments":1}}',
    ),
    "spaces, leading zeros, decimal commas": (
        {"containers": [dict(BIN, count=" 007 ", carry_distance_m=" 12,5 ", extra_detour_km="4,5,6",
                             extra_emptyings="00")],
         "extras": dict(EXTRAS, paper_invoices=" 2 "), "household": {"kind": "other", "places": "-3"}},
        '{"containers":[{"waste":"mixed","volume_l":240,"count":7,"interval_weeks":2,"carry_distance_m":"12.5",'
        '"extra_emptyings":0,"extra_detour_km":"4.5,6"}],"extras":{"paper_invoices":2},'
        '"household":{"kind":"other","places":-3}}',
    ),
    "text that is no number stays for the checks": (
        {"containers": [dict(BIN, count="kaksi", volume_l='9"]', carry_distance_m="", extra_emptyings="")],
         "extras": EXTRAS, "customer": "municipal"},
        '{"containers":[{"waste":"mixed","volume_l":"9\\"]","count":"kaksi","interval_weeks":2,'
        '"extra_emptyings":""}],"customer":"municipal"}',
    ),
    "seasons, sludge with two tanks, extras": (
        {"containers": [{"waste": "dual", "volume_l": "240", "count": "1",
                         "schedule": [{"from": "04-01", "to": "09-30", "interval_weeks": "2"},
                                      {"from": "10-01", "to": "03-31", "interval_weeks": "8"}],
                         "first_emptying": "2026-04-07", "carry_distance_m": "0", "extra_emptyings": "0",
                         "extra_detour_km": "0"}],
         "extras": dict(EXTRAS, washings="1", self_washing=True,
                        sludge=[{"tanks": [{"type": "septic", "volume_m3": "4,5"},
                                           {"type": "closed_tank", "volume_m3": ""}],
                                 "emptyings": "1", "extra_work_hours": "0,5"}]),
         "household": {"kind": "holiday"}},
        '{"containers":[{"waste":"dual","volume_l":240,"count":1,"schedule":[{"from":"04-01","to":"09-30",'
        '"interval_weeks":2},{"from":"10-01","to":"03-31","interval_weeks":8}],"first_emptying":"2026-04-07"}],'
        '"extras":{"washings":1,"self_washing":true,"sludge":[{"tanks":[{"type":"septic","volume_m3":"4.5"},'
        '{"type":"closed_tank","volume_m3":""}],"emptyings":1,"extra_work_hours":"0.5"}]},'
        '"household":{"kind":"holiday"}}',
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_the_form_reads_as_its_link_always_has(case):
    form, link_json = CASES[case]
    assert json.dumps(read_form(form).scenario, ensure_ascii=False, separators=(",", ":")) == link_json


def test_each_number_read_gets_its_finnish_text_by_field():
    form, _ = CASES["seasons, sludge with two tanks, extras"]
    form = dict(form, containers=[dict(form["containers"][0], volume_l="1500", count="x", extra_detour_km="1,50")])
    assert read_form(form).shown == {
        "containers[0].volume_l": "1,5 m³ (1500 l)",  # a size as the form's options name it
        "containers[0].first_emptying": "7.4.2026",
        "containers[0].extra_detour_km": "1,5",
        "extras.washings": "1",
        "extras.sludge[0].tanks[0].volume_m3": "4,5",
        "extras.sludge[0].emptyings": "1",
        "extras.sludge[0].extra_work_hours": "0,5",
    }  # not the count, which is no number, nor the intervals, chosen from labelled options


def test_no_number_is_too_long_to_read():
    scenario = read_form({"containers": [dict(BIN, count="9" * 5000)]}).scenario
    assert scenario["containers"][0]["count"] == "9" * 5000  # Python's int() refuses 4,300 digits and more


@pytest.fixture(scope="module")
def handle(current, proposal):
    return text_handler(json.dumps([calculator_data(v) for v in (current, proposal)]))


def test_the_worker_answers_a_form_with_its_scenario_and_the_texts(handle):
    form, link_json = CASES["the empty form"]
    answer = json.loads(handle(json.dumps({"action": "compare", "form": form})))
    by_scenario = json.loads(handle(json.dumps({"action": "compare", "scenario": json.loads(link_json)})))
    assert answer.pop("scenario") == json.loads(link_json)
    assert answer.pop("fields_fi") == {"containers[0].volume_l": "240 l", "containers[0].count": "1",
                                       "household.apartments": "1"}
    assert answer == by_scenario
    assert answer["old"]["total_fi"] == "275,62 €"  # 230,62 € of the minutes and 12 × 3,75 € of eco fee


def test_a_form_with_errors_still_gives_its_scenario(handle):
    form, _ = CASES["text that is no number stays for the checks"]
    answer = json.loads(handle(json.dumps({"action": "compare", "form": form})))
    assert answer["scenario"]["containers"][0]["count"] == "kaksi"
    assert {error["field"] for error in answer["errors"]} >= {"containers[0].count", "containers[0].volume_l"}
    assert answer["errors_fi"] == f"Lomakkeessa on {len(answer['errors'])} virhettä."
