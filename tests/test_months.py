"""The year's emptying days as month grids (calculator/months.py), the checks of a first emptying date, and
the answer the page gets for two set-ups: every date below is computed by hand from a 2026 wall calendar
(1.1.2026 is a Thursday, so 2026 has 53 ISO weeks; 28.12.2026 is the Monday of week 53)."""

from __future__ import annotations

import datetime as dt

import pytest

from calculator.api import handle_request, run_calendar, run_compare
from calculator.compare import validity_fi
from calculator.form import alternative_of, read_form
from calculator.months import month_weeks

from .test_calendar_file import BIO, MIXED, STAMP, events

D = dt.date
# Every fourth Wednesday from 7.1.2026 (container 1), and the seasonal bio pair from 14.1.2026
# (container 2: every 4 weeks in winter, every 2 weeks from the emptying of 8.4. to that of 23.9.).
MIXED_DAYS = [D(2026, 1, 7), D(2026, 2, 4), D(2026, 3, 4), D(2026, 4, 1), D(2026, 4, 29), D(2026, 5, 27),
              D(2026, 6, 24), D(2026, 7, 22), D(2026, 8, 19), D(2026, 9, 16), D(2026, 10, 14), D(2026, 11, 11),
              D(2026, 12, 9)]  # fmt: skip
BIO_DAYS = [D(2026, 1, 14), D(2026, 2, 11), D(2026, 3, 11), D(2026, 4, 8), D(2026, 4, 22), D(2026, 5, 6),
            D(2026, 5, 20), D(2026, 6, 3), D(2026, 6, 17), D(2026, 7, 1), D(2026, 7, 15), D(2026, 7, 29),
            D(2026, 8, 12), D(2026, 8, 26), D(2026, 9, 9), D(2026, 9, 23), D(2026, 10, 7), D(2026, 11, 4),
            D(2026, 12, 2), D(2026, 12, 30)]  # fmt: skip
TWO_BINS = {"date": "2026-06-01", "containers": [MIXED, BIO]}


def grid(catalog, scenario=TWO_BINS):
    return run_compare(scenario, catalog, months=True)["months"]


def marked(months) -> dict[str, list[str]]:
    return {day["date"]: day["marks"] for month in months["months"] for week in month["weeks"]
            for day in week["days"] if day and day["marks"]}  # fmt: skip


def test_a_month_is_its_iso_weeks_monday_first():
    assert [(w.number, [d and d.date.day for d in w.days]) for w in month_weeks(2026, 1, {})] == [
        (1, [None, None, None, 1, 2, 3, 4]),
        (2, [5, 6, 7, 8, 9, 10, 11]),
        (3, [12, 13, 14, 15, 16, 17, 18]),
        (4, [19, 20, 21, 22, 23, 24, 25]),
        (5, [26, 27, 28, 29, 30, 31, None]),
    ]
    december = month_weeks(2026, 12, {})
    assert [w.number for w in december] == [49, 50, 51, 52, 53]
    assert [d and d.date.day for d in december[-1].days] == [28, 29, 30, 31, None, None, None]
    assert [w.number for w in month_weeks(2021, 2, {})] == [5, 6, 7, 8]  # 1.2.2021 a Monday, 28 days: 4 rows
    assert [w.number for w in month_weeks(2027, 1, {})] == [53, 1, 2, 3, 4]  # 1.1.2027, a Friday, is in week 53


def test_the_grid_marks_each_emptying_by_its_container_and_the_tariffs_start(catalog):
    months = grid(catalog)
    assert (months["year"], months["first"]) == (2026, 0)
    assert [h["short"] for h in months["headers"]] == ["vk", "ma", "ti", "ke", "to", "pe", "la", "su"]
    assert months["marks"] == [
        {"id": "astia-1", "short": "1", "text": "Jäteastia 1: Poltettava jäte 240 l"},
        {"id": "astia-2", "short": "2", "text": "Jäteastia 2: Biojäte 140 l, 2 kpl"},
        {"id": "taksa-lakeus-2026-04-01", "short": "T", "text": "Taksa vaihtuu", "tariff": "lakeus-2026-04-01"},
    ]
    days = marked(months)
    assert sorted(days) == sorted(d.isoformat() for d in {*MIXED_DAYS, *BIO_DAYS})
    assert [D.fromisoformat(d) for d in sorted(days) if "astia-1" in days[d]] == MIXED_DAYS
    assert [D.fromisoformat(d) for d in sorted(days) if "astia-2" in days[d]] == BIO_DAYS
    assert days["2026-04-01"] == ["astia-1", "taksa-lakeus-2026-04-01"]  # an emptying on the tariff's first day
    april = months["months"][3]
    assert april["caption"] == "Huhtikuu 2026: 4 tyhjennystä, taksa vaihtuu"
    assert [w["week"] for w in april["weeks"]] == ["14", "15", "16", "17", "18"]
    assert april["weeks"][0]["days"][:3] == [None, None, {"date": "2026-04-01", "day": "1",
                                                          "marks": ["astia-1", "taksa-lakeus-2026-04-01"]}]
    assert [m["caption"] for m in months["months"]][11] == "Joulukuu 2026: 3 tyhjennystä"


def test_the_grid_and_the_calendar_file_list_the_same_days(catalog):
    ics = events(run_calendar(TWO_BINS, catalog, STAMP)["ics"])
    days = marked(grid(catalog))
    emptied = sorted(d for d, marks in days.items() for m in marks if m.startswith("astia-"))
    assert sorted(e.decoded("DTSTART").isoformat() for e in ics) == emptied


def test_the_grid_opens_at_the_first_emptying_and_without_a_date_there_is_none(catalog):
    later = dict(TWO_BINS, containers=[dict(MIXED, first_emptying="2026-03-04")])
    assert grid(catalog, later)["first"] == 2
    assert "months" not in run_compare(dict(TWO_BINS, containers=[dict(MIXED, first_emptying=None)]), catalog,
                                       months=True)  # fmt: skip
    assert "months" not in run_compare(TWO_BINS, catalog)  # only when asked


def test_a_day_the_calendar_does_not_have_is_named_in_finnish(catalog):
    bad = dict(TWO_BINS, containers=[dict(MIXED, first_emptying=day) for day in ("2026-02-30", "2026-13-01")])
    assert [(e["field"], e["message_fi"]) for e in run_compare(bad, catalog)["errors"]] == [
        ("containers[0].first_emptying", "päivää 30.2.2026 ei ole: helmikuussa 2026 on 28 päivää"),
        ("containers[1].first_emptying", "päivää 1.13.2026 ei ole: vuodessa on 12 kuukautta"),
    ]
    leap = dict(TWO_BINS, containers=[dict(MIXED, first_emptying="2025-02-29")])
    found = run_compare(leap, catalog)["errors"][0]["message_fi"]
    assert found == "päivää 29.2.2025 ei ole: helmikuussa 2025 on 28 päivää"


def test_a_first_emptying_under_neither_compared_tariff_is_refused(catalog):
    # The calendar year is 2025, of the first container's first emptying; 1.5.2025 is the first day compared.
    early = dict(TWO_BINS, containers=[dict(MIXED, first_emptying=day) for day in ("2025-05-06", "2025-03-05")])
    assert run_compare(early, catalog)["errors"] == [{
        "field": "containers[1].first_emptying",
        "message": "neither lakeus-2025-05-01 nor lakeus-2026-04-01 is valid on 2025-03-05",
        "message_fi": "päivälle 5.3.2025 ei ole vertailtavaa taksaa: taksat ovat voimassa 1.5.2025 alkaen",
    }]  # fmt: skip
    assert "errors" not in run_compare(dict(early, containers=early["containers"][:1]), catalog)
    # The list of 2019 ends on 31.12.2019; compared with 1.4.2026, the days between fall under neither.
    gap = {"date": "2019-06-01", "containers": [dict(MIXED, first_emptying="2025-08-06")]}
    found = run_compare(gap, catalog, to_day=D(2026, 6, 1))["errors"]
    assert found[0]["message_fi"] == (
        "päivälle 6.8.2025 ei ole vertailtavaa taksaa: taksat ovat voimassa 1.1.2019–31.12.2019 ja 1.4.2026 alkaen")


def test_the_validity_of_two_tariffs_is_told_as_one_span_where_they_meet(catalog):
    current, proposal, list_2019 = (catalog.get(v) for v in ("lakeus-2025-05-01", "lakeus-2026-04-01", "lakeus-2019"))
    assert validity_fi(proposal, current) == "1.5.2025 alkaen"
    assert validity_fi(list_2019, proposal) == "1.1.2019–31.12.2019 ja 1.4.2026 alkaen"


def test_the_form_reads_a_finnish_date():
    form = {"containers": [{"waste": "mixed", "volume_l": "240", "interval_weeks": "4", "first_emptying": " 7.1.2026 "},
                           {"waste": "mixed", "volume_l": "240", "interval_weeks": "4", "first_emptying": "30.2.2026"},
                           {"waste": "mixed", "volume_l": "240", "interval_weeks": "4", "first_emptying": "7.1.26"},
                           {"waste": "mixed", "volume_l": "240", "interval_weeks": "4", "first_emptying": " "}]}
    read = read_form(form)
    assert [c.get("first_emptying") for c in read.scenario["containers"]] == ["2026-01-07", "2026-02-30", "7.1.26",
                                                                             None]  # fmt: skip
    dates = {where: text for where, text in read.shown.items() if "first_emptying" in where}
    assert dates == {"containers[0].first_emptying": "7.1.2026"}


# Set-up A and B of tests/test_alternatives.py, B with 2 paper invoices (2,02 € each: table 4, seed 002
# line 1328) and one washing (16,26 €: table 17, line 1882) of its own, the same in both tariffs:
# A 454,76 / 463,86 €; B 253,26 + 4,04 + 16,26 = 273,56 € and 261,58 + 20,30 = 281,88 €.
A = {"household": {"kind": "permanent", "apartments": 1}, "containers": [
    {"waste": "mixed", "volume_l": 240, "interval_weeks": 2}, {"waste": "bio", "volume_l": 140, "interval_weeks": 2}]}
B_OWN = {"containers": [{"waste": "dual", "volume_l": 240, "interval_weeks": 2}],
         "extras": {"paper_invoices": 2, "washings": 1}}  # fmt: skip


def test_set_up_b_is_a_with_its_own_bins_washings_and_paper_invoices():
    a = dict(A, extras={"paper_invoices": 12, "self_washing": True})
    merged, problems = alternative_of(a, B_OWN)
    assert problems == []
    assert merged == {"household": A["household"], "containers": B_OWN["containers"],
                      "extras": {"self_washing": True, "paper_invoices": 2, "washings": 1}}  # fmt: skip
    assert alternative_of(a, {"containers": []})[0]["extras"] == {"self_washing": True}  # B's are B's own, or none
    _, problems = alternative_of(A, {"containers": [], "household": {"kind": "holiday"}, "extras": {"sludge": []}})
    assert [(p.field, p.message_fi) for p in problems] == [
        ("alternative.household", "vaihtoehdossa voi muuttaa vain astioita, pesuja ja paperilaskuja"),
        ("alternative.extras.sludge", "vaihtoehdossa voi muuttaa vain astioita, pesuja ja paperilaskuja"),
    ]


def form_of(scenario):
    """A scenario as the page's form sends it: every number as text."""
    if isinstance(scenario, dict):
        return {k: form_of(v) for k, v in scenario.items()}
    if isinstance(scenario, list):
        return [form_of(v) for v in scenario]
    return str(scenario) if isinstance(scenario, int) and not isinstance(scenario, bool) else scenario


def test_the_page_gets_both_set_ups_and_keeps_the_one_that_prices(catalog):
    answer = handle_request(catalog, {"action": "compare", "form": form_of(A), "alternative_form": form_of(B_OWN)})
    assert answer["alternative"] == B_OWN and answer["scenario"] == A  # what the link carries
    assert [answer[s][t]["total_eur"] for s in ("a", "b") for t in ("old", "new")] == [
        "454.76", "463.86", "273.56", "281.88"]  # fmt: skip
    assert (answer["switch_old"]["difference_eur"], answer["switch_new"]["difference_eur"]) == ("-181.20", "-181.98")
    assert answer["fields_fi"]["alternative.extras.washings"] == "1"
    bad = dict(form_of(B_OWN), containers=[{"waste": "dual", "volume_l": "999", "interval_weeks": "2"}])
    answer = handle_request(catalog, {"action": "compare", "form": form_of(A), "alternative_form": bad})
    assert [e["field"] for e in answer["errors"]] == ["alternative.containers[0].volume_l"]
    assert "b" not in answer and answer["a"]["new"]["total_eur"] == "463.86"  # set-up A's result is kept
    bad_a = dict(form_of(A), containers=[dict(form_of(A)["containers"][0], first_emptying="31.4.2026")])
    answer = handle_request(catalog, {"action": "compare", "form": bad_a, "alternative_form": form_of(B_OWN),
                                      "months": True})  # fmt: skip
    assert [(e["field"], e["message_fi"]) for e in answer["errors"]] == [
        ("containers[0].first_emptying", "päivää 31.4.2026 ei ole: huhtikuussa 2026 on 30 päivää")]
    assert "a" not in answer and "months" not in answer
    assert answer["b"]["new"]["total_eur"] == "281.88"  # and B's, when A's date is wrong


@pytest.mark.parametrize("own", [[], "text", {"extras": "x"}])
def test_a_damaged_alternative_is_refused_not_a_crash(catalog, own):
    answer = handle_request(catalog, {"action": "compare", "form": form_of(A), "alternative_form": own})
    assert answer["errors"] and all(e["field"].startswith("alternative") for e in answer["errors"])
