"""The emptying calendar (.ics): read back with a well-kept iCalendar library, every day and price checked."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import icalendar

from calculator.api import handle_request, run_calendar, run_estimate
from calculator.ics import MAX_OCTETS

STAMP = dt.datetime(2026, 12, 7, 12, 0, tzinfo=dt.UTC)
MIXED = {"waste": "mixed", "volume_l": 240, "interval_weeks": 4, "first_emptying": "2026-01-07"}
BIO = {"waste": "bio", "volume_l": 140, "count": 2, "first_emptying": "2026-01-14",
       "schedule": [{"from": "04-01", "to": "09-30", "interval_weeks": 2},
                    {"from": "10-01", "to": "03-31", "interval_weeks": 4}]}  # fmt: skip


def events(text: str) -> list:
    return [c for c in icalendar.Calendar.from_ical(text).walk("VEVENT")]


def test_every_fourth_wednesday_of_2026_at_the_price_of_its_tariff(catalog):
    text = run_calendar({"date": "2026-01-01", "containers": [MIXED]}, catalog, STAMP)["ics"]
    found = events(text)
    days = [dt.date(2026, 1, 7) + dt.timedelta(weeks=4 * k) for k in range(13)]  # 7.1. … 9.12.2026
    assert [e.decoded("DTSTART") for e in found] == days
    assert all(e.decoded("DTEND") - e.decoded("DTSTART") == dt.timedelta(days=1) for e in found)
    # 240 l mixed waste: 8,87 € in the tariff of 1.5.2025, 9,22 € from 1.4.2026 (the minutes' 230,62 / 239,72 € a year)
    prices = [str(e["SUMMARY"]) for e in found]
    assert prices[:3] == ["Tyhjennys: Poltettava jäte 240 l, 8,87 €"] * 3
    assert prices[3:] == ["Tyhjennys: Poltettava jäte 240 l, 9,22 €"] * 10
    calendar = icalendar.Calendar.from_ical(text)
    assert (str(calendar["VERSION"]), str(calendar["PRODID"])) == ("2.0", "-//jatetaksa//Jätemaksulaskuri//FI")
    assert all(e.decoded("DTSTAMP") == STAMP for e in found)


def test_a_seasonal_bin_pair_gets_every_emptying_the_estimate_lists(catalog):
    scenario = {"date": "2026-01-01", "containers": [MIXED, BIO]}
    listed = [d["date"] for line in run_estimate(scenario, catalog)["lines"] for d in line.get("dates", [])]
    found = events(run_calendar(scenario, catalog, STAMP)["ics"])
    assert sorted(e.decoded("DTSTART").isoformat() for e in found) == sorted(listed)
    bio = [str(e["SUMMARY"]) for e in found if "Biojäte" in str(e["SUMMARY"])]
    assert len(bio) == len(listed) - 13 and set(bio) == {"Tyhjennys: Biojäte 140 l, 2 kpl, 13,78 €"}  # 2 × 6,89


def test_the_file_is_folded_escaped_and_its_uids_stable(catalog):
    scenario = {"date": "2026-01-01", "containers": [MIXED, BIO, MIXED]}
    text = run_calendar(scenario, catalog, STAMP)["ics"]
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    physical = text.split("\r\n")[:-1]
    assert max(len(line.encode("utf-8")) for line in physical) <= MAX_OCTETS
    assert any(line.startswith(" ") for line in physical)  # the descriptions are long enough to fold
    assert "SUMMARY:Tyhjennys: Poltettava jäte 240 l\\, 8\\,87 €" in text  # commas escaped
    uids = [str(e["UID"]) for e in events(text)]
    assert len(uids) == len(set(uids))  # two equal bins still get their own events
    later = run_calendar(scenario, catalog, STAMP + dt.timedelta(days=3))["ics"]
    assert [str(e["UID"]) for e in events(later)] == uids


def test_without_a_first_emptying_there_is_nothing_to_list(catalog):
    result = run_calendar({"date": "2026-01-01", "containers": [dict(MIXED, first_emptying=None)]}, catalog, STAMP)
    assert result["errors"][0]["field"] == "containers"
    assert result["errors"][0]["message_fi"] == "anna astian ensimmäinen tyhjennyspäivä"


def test_the_worker_and_the_cli_give_the_same_file(catalog, tmp_path):
    scenario = {"date": "2026-01-01", "containers": [MIXED]}
    answer = handle_request(catalog, {"action": "calendar", "scenario": scenario})
    (tmp_path / "s.json").write_text(json.dumps(scenario), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "calculator", "calendar", str(tmp_path / "s.json")],
                          capture_output=True, timeout=60, check=True)  # fmt: skip
    cli = done.stdout.decode("utf-8")
    strip = lambda text: [line for line in text.split("\r\n") if not line.startswith("DTSTAMP:")]  # noqa: E731
    assert strip(cli) == strip(answer["ics"]) and answer["events"] == 13
