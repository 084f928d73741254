"""Schedules, choosing the tariff by date, calendar years across 1.4.2026, comparisons, properties."""

import ast
import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculator.api import run_compare, run_estimate
from calculator.estimate import estimate
from calculator.finnish import localize, percent_fi, rate_fi, signed_fi
from calculator.money import parse_amount
from calculator.scenario import ScenarioError, parse_scenario
from calculator.schedules import MonthDay, Schedule, Season

from .conftest import ROOT

SUMMER_WINTER = Schedule((Season(MonthDay(4, 1), MonthDay(9, 30), 2), Season(MonthDay(10, 1), MonthDay(3, 31), 8)))


@pytest.mark.parametrize("weeks,low,high", [(1, 52, 52), (2, 26, 26), (4, 13, 13), (8, 6, 7), (12, 4, 5), (52, 1, 1)])
def test_year_round_counts(weeks, low, high):
    count = Schedule.every(weeks).count()
    assert (count.min, count.max, count.typical) == (low, high, Decimal(52) / weeks)


def test_seasonal_count():
    count = SUMMER_WINTER.count()
    assert (count.min, count.max, count.typical) == (16, 17, Decimal("16.25"))


def test_seasons_must_cover_the_year_once():
    with pytest.raises(ValueError, match="1.10. is not covered"):
        Schedule((Season(MonthDay(4, 1), MonthDay(9, 30), 2), Season(MonthDay(10, 2), MonthDay(3, 31), 8)))
    with pytest.raises(ValueError, match="more than one season"):
        Schedule((Season(MonthDay(4, 1), MonthDay(10, 1), 2), Season(MonthDay(10, 1), MonthDay(3, 31), 8)))


def test_emptying_calendar_with_iso_weeks(catalog):
    scenario = {
        "date": "2027-01-01",
        "containers": [{"waste": "mixed", "volume_l": 140, "interval_weeks": 8, "first_emptying": "2027-01-07"}],
    }
    [line] = run_estimate(scenario, catalog)["lines"]
    assert line["dates"][:3] == [
        {"date": "2027-01-07", "iso_week": 1},
        {"date": "2027-03-04", "iso_week": 9},
        {"date": "2027-04-29", "iso_week": 17},
    ]
    assert len(line["dates"]) == 7 and line["dates"][-1] == {"date": "2027-12-09", "iso_week": 49}
    assert (line["quantity"], line["amount_eur"]) == ("7", "49.84")
    shown = localize(line)  # the page's text of each number: the browser formats none
    assert shown["dates"][-1] == {"date": "2027-12-09", "iso_week": 49, "date_fi": "9.12.2027", "week_fi": "viikko 49"}
    assert shown["table_fi"] == "Taulukko 6"


@pytest.mark.parametrize("count,sentence", [(1, "Lomakkeessa on 1 virhe."), (2, "Lomakkeessa on 2 virhettä.")])
def test_errors_are_counted_in_finnish(count, sentence):
    errors = [{"field": "count", "message": "is required", "message_fi": "täytä tämä kenttä"}] * count
    assert localize({"errors": errors})["errors_fi"] == sentence


def test_a_per_cent_sign_never_starts_a_line():
    """"4,0 %" does not break before its sign: a no-break space (U+00A0) in the one formatter."""
    assert percent_fi("4") == "4,0\u00a0%" and percent_fi("3.85") == "3,9\u00a0%"
    assert signed_fi("-4.04", "%") == "\u22124,0\u00a0%" and signed_fi("0", "%") == "±0,0\u00a0%"
    assert rate_fi(Decimal("25.5")) == "25,5\u00a0%" and rate_fi(24) == "24\u00a0%" and rate_fi(0) == "0\u00a0%"


def test_seasonal_calendar_takes_the_interval_of_the_season_of_each_emptying():
    dates = SUMMER_WINTER.dates(dt.date(2026, 9, 23), dt.date(2026, 12, 31))
    assert dates == [dt.date(2026, 9, 23), dt.date(2026, 10, 7), dt.date(2026, 12, 2)]


@pytest.mark.parametrize(
    "day,version_id",
    [
        ("2019-06-30", "lakeus-2019"),
        ("2025-05-01", "lakeus-2025-05-01"),
        ("2026-03-31", "lakeus-2025-05-01"),
        ("2026-04-01", "lakeus-2026-04-01"),
        ("2027-01-01", "lakeus-2026-04-01"),
    ],
)
def test_tariff_by_date(catalog, day, version_id):
    assert catalog.for_date(dt.date.fromisoformat(day)).id == version_id


def test_no_tariff_between_2019_and_2025(catalog):
    assert catalog.for_date(dt.date(2022, 6, 1)) is None
    result = run_estimate({"date": "2022-06-01", "containers": []}, catalog)
    assert result == {
        "errors": [
            {
                "field": "date",
                "message": "no tariff is valid on 2022-06-01",
                "message_fi": "päivälle 1.6.2022 ei ole taksaa",
            }
        ]
    }


def test_calendar_year_across_the_change_prices_each_emptying_on_its_date(catalog):
    scenario = {
        "date": "2026-01-01",
        "year": 2026,
        "household": {"kind": "permanent", "apartments": 1},
        "containers": [{"waste": "mixed", "volume_l": 240, "interval_weeks": 2, "first_emptying": "2026-01-07"}],
    }
    result = run_estimate(scenario, catalog)
    lines = {line["id"]: line for line in result["lines"]}
    before, after = lines["container-0@lakeus-2025-05-01"], lines["container-0@lakeus-2026-04-01"]
    assert before["dates"][-1]["date"] == "2026-03-18" and after["dates"][0]["date"] == "2026-04-01"
    assert (before["quantity"], before["unit_price_eur"], before["amount_eur"]) == ("6", "8.87", "53.22")
    assert (after["quantity"], after["unit_price_eur"], after["amount_eur"]) == ("20", "9.22", "184.40")
    assert lines["eco-fee@lakeus-2025-05-01"]["quantity"] == "3"
    assert lines["eco-fee@lakeus-2026-04-01"]["quantity"] == "9"
    assert result["total_eur"] == "282.62"  # 53,22 + 184,40 + 12 × 3,75


def test_compare_minutes_example(catalog):
    scenario = {"date": "2026-01-01", "containers": [{"waste": "mixed", "volume_l": 240, "interval_weeks": 2}]}
    result = run_compare(scenario, catalog)
    assert (result["old"]["total_eur"], result["new"]["total_eur"]) == ("230.62", "239.72")
    assert (result["difference_eur"], result["difference_percent"]) == ("9.10", "3.9")
    [line] = result["lines"]
    assert (line["difference_eur"], line["difference_percent"]) == ("9.10", "3.9")


def test_compare_to_a_date(catalog):
    scenario = {"date": "2019-03-01", "containers": [{"waste": "mixed", "volume_l": 240, "interval_weeks": 2}]}
    result = run_compare(scenario, catalog, to_day=dt.date(2026, 4, 1))
    assert (result["old"]["total_eur"], result["new"]["total_eur"]) == ("193.44", "239.72")  # 26 × 7,44 / 9,22
    assert result["difference_percent"] == "23.9"


def test_bad_volume_names_the_field_and_offers_the_sizes(catalog):
    result = run_estimate(
        {"date": "2026-01-01", "containers": [{"waste": "dual", "volume_l": 360, "interval_weeks": 2}]}, catalog
    )
    [error] = result["errors"]
    assert error["field"] == "containers[0].volume_l"
    assert "available: 240, 370, 660" in error["message"]
    assert error["message_fi"] == "tälle jätelajille ei ole 360 litran astiaa; valitse jokin näistä: 240, 370, 660 l"


WASTE_SIZES = [
    ("mixed", 140),
    ("mixed", 240),
    ("mixed", 660),
    ("dual", 240),
    ("dual", 370),
    ("bio", 140),
    ("glass", 240),
    ("metal", 360),
    ("plastic", 660),
    ("packaging4", 370),
    ("other_glass", 140),
]
container_st = st.fixed_dictionaries(
    {
        "waste_size": st.sampled_from(WASTE_SIZES),
        "count": st.integers(1, 4),
        "weeks": st.integers(1, 26),
        "carry": st.integers(0, 40),
    }
)


def _scenario(containers, apartments, invoices):
    return parse_scenario(
        {
            "date": "2026-06-01",
            "household": {"kind": "permanent", "apartments": apartments},
            "containers": [
                {
                    "waste": c["waste_size"][0],
                    "volume_l": c["waste_size"][1],
                    "count": c["count"],
                    "interval_weeks": c["weeks"],
                    "carry_distance_m": c["carry"],
                }
                for c in containers
            ],
            "extras": {"paper_invoices": invoices},
        }
    )


@settings(max_examples=60, deadline=None)
@given(st.lists(container_st, max_size=4), st.integers(1, 12), st.integers(0, 12))
def test_total_is_the_sum_of_the_lines_and_min_le_typical_le_max(catalog, containers, apartments, invoices):
    result = estimate(_scenario(containers, apartments, invoices), catalog)
    for span in [result.total] + [line.amount for line in result.lines]:
        assert span.min <= span.typical <= span.max
    for name in ("min", "max", "typical"):
        assert getattr(result.total, name) == sum(getattr(line.amount, name) for line in result.lines)
    assert all(isinstance(v, Decimal) for line in result.lines for v in vars(line.amount).values())


@settings(max_examples=60, deadline=None)
@given(container_st, st.integers(1, 25))
def test_more_emptyings_never_cost_less(catalog, container, weeks):
    frequent = dict(container, weeks=weeks)
    rare = dict(container, weeks=weeks + 1)
    cost = [estimate(_scenario([c], 1, 0), catalog).total for c in (frequent, rare)]
    assert cost[0].min >= cost[1].min and cost[0].max >= cost[1].max and cost[0].typical >= cost[1].typical


def test_money_rejects_floats():
    with pytest.raises(ValueError, match="not an exact decimal"):
        parse_amount(9.22)
    with pytest.raises(ScenarioError):
        parse_scenario({"extras": {"sludge": [{"type": "septic", "volume_m3": 4.5}]}})


def test_no_float_in_the_pricing_core():
    """No float() call, float literal or float annotation anywhere in calculator/."""
    for path in sorted((ROOT / "calculator").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            assert not (isinstance(node, ast.Constant) and isinstance(node.value, float)), f"{path.name}:{node.lineno}"
            assert not (isinstance(node, ast.Name) and node.id == "float" and not _is_type_check(path, node)), (
                f"{path.name}:{node.lineno}"
            )


def _is_type_check(path, node) -> bool:
    """`isinstance(value, float)` is allowed: it is how floats are refused."""
    line = path.read_text(encoding="utf-8").splitlines()[node.lineno - 1]
    return "isinstance(" in line


@pytest.mark.parametrize("day,pair", [
    ("2019-01-01", ("lakeus-2019", "lakeus-2025-05-01")),  # before any change: the first one
    ("2025-06-01", ("lakeus-2019", "lakeus-2025-05-01")),  # 31 days after 1.5.2025, 304 before 1.4.2026
    ("2025-10-15", ("lakeus-2019", "lakeus-2025-05-01")),  # 167 days after 1.5.2025, 168 before 1.4.2026
    ("2025-10-16", ("lakeus-2025-05-01", "lakeus-2026-04-01")),  # 168 after, 167 before
    ("2026-01-01", ("lakeus-2025-05-01", "lakeus-2026-04-01")),
    ("2026-06-01", ("lakeus-2025-05-01", "lakeus-2026-04-01")),
    ("2031-01-01", ("lakeus-2025-05-01", "lakeus-2026-04-01")),
])  # fmt: skip
def test_compare_chooses_the_change_nearest_the_date(catalog, day, pair):
    old, new = catalog.change_nearest(dt.date.fromisoformat(day))
    assert (old.id, new.id) == pair
    scenario = {"date": day, "containers": [{"waste": "mixed", "volume_l": 240, "interval_weeks": 2}]}
    result = run_compare(scenario, catalog)
    assert (result["old"]["tariffs"][0]["id"], result["new"]["tariffs"][-1]["id"]) == pair


def test_one_emptying_is_split_as_its_table_splits_it(catalog):
    """Seed 002, line 1407: "240 l astia 4,10 4,26 2,97 3,09 7,07 7,35 8,87 9,22" (transport, treatment,
    VAT 0 total, VAT-inclusive total; each old → new)."""
    scenario = {"date": "2026-01-01", "containers": [{"waste": "mixed", "volume_l": 240, "interval_weeks": 4,
                                                      "first_emptying": "2026-01-07"}]}  # fmt: skip
    lines = {line["tariff"]: localize(line) for line in run_estimate(scenario, catalog)["lines"]}
    old, new = lines["lakeus-2025-05-01"], lines["lakeus-2026-04-01"]
    parts = [{"label": "Kuljetus", "vat0_eur": "4.10"}, {"label": "Käsittely", "vat0_eur": "2.97"}]
    assert old["unit_price_parts"] == parts
    assert old["unit_price_split_fi"] == "Kuljetus 4,10 € + Käsittely 2,97 € = 7,07 € (alv 0\u00a0%), 8,87 € sis. alv"
    assert new["unit_price_split_fi"] == "Kuljetus 4,26 € + Käsittely 3,09 € = 7,35 € (alv 0\u00a0%), 9,22 € sis. alv"
    eco = next(line for line in run_estimate(dict(scenario, household={"kind": "permanent"}), catalog)["lines"]
               if line["id"].startswith("eco-fee"))  # fmt: skip
    assert "unit_price_parts" not in eco  # one price column: nothing to split
