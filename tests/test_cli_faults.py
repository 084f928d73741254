"""Hostile and mistaken scenario files: `python -m calculator` exits 2 with one `error:` line per problem, fast.

The CLI runs in-process with the tariffs read once (an escaping exception fails the test with its
traceback); each case must finish within a time bound. tests/test_cli.py runs the real command.
"""

from __future__ import annotations

import json
import time

import pytest

from calculator import cli
from calculator.scenario import MAX_CONTAINERS, MAX_FILE_BYTES, MAX_PROBLEMS

SECONDS = 5  # per case
BIN = {"waste": "mixed", "volume_l": 240, "interval_weeks": 2}


def scenario(**fields) -> dict:
    return {"date": "2026-01-01", "household": {"kind": "permanent"}, "containers": [BIN], **fields}


def container(**fields) -> dict:
    return scenario(containers=[dict(BIN, **fields)])


def sludge(**fields) -> dict:
    return scenario(extras={"sludge": [dict({"type": "septic", "volume_m3": "4"}, **fields)]})


def raw_sludge(volume: str) -> str:
    return '{"date": "2026-01-01", "extras": {"sludge": [{"type": "septic", "volume_m3": ' + volume + "}]}}"


SEASONS = [{"from": "04-01", "to": "09-30", "interval_weeks": 2}, {"from": "10-01", "to": "03-31", "interval_weeks": 8}]

# case -> (scenario: dict, or JSON text, or bytes; the words the one or first message must contain)
REFUSED: dict[str, tuple[object, str]] = {
    "{}": ({}, "error: date: is required"),
    "no date": ({"containers": [BIN]}, "error: date: is required"),
    "date null": (scenario(date=None), "error: date: is required"),
    "date as a JSON number": (scenario(date=20260601), "error: date: must be a date as text"),
    "date 2026-02-30": (scenario(date="2026-02-30"), "error: date: 2026-02-30 is not a day of the calendar"),
    "date without zeros": (scenario(date="2026-6-1"), "error: date: must be a date"),
    "date with a time": (scenario(date="2026-06-01T10:00"), "error: date: must be a date"),
    "date without a tariff": (scenario(date="2022-06-01"), "error: date: no tariff is valid on 2022-06-01"),
    "first emptying 2026-13-01": (container(first_emptying="2026-13-01"),
                                  "containers[0].first_emptying: 2026-13-01 is not a day of the calendar"),
    "year 1999": (scenario(year=1999), "error: year: must be between 2000 and 2100"),
    "a 5,000-digit count": (
        '{"date": "2026-01-01", "containers": [{"waste": "mixed", "volume_l": 240, "interval_weeks": 2, "count": '
        + "9" * 5000
        + "}]}",
        "a number of more than 30 digits",
    ),
    "100,000 nested arrays": ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    "non-UTF-8 file": (b'{"date": "2026-01-01", "containers": [{"waste": "mixed\xe4"}]}', "not UTF-8"),
    "NUL in a string": ('{"date": "2026-01-01\x00"}', "malformed JSON"),
    "empty file": ("", "malformed JSON"),
    "trailing text": ('{"date": "2026-01-01"} x', "malformed JSON"),
    "file over the limit": ('{"date": "2026-01-01", "x": "' + "x" * MAX_FILE_BYTES + '"}', "larger than"),
    "duplicate key": ('{"date": "2026-01-01", "date": "2026-06-01"}', "key 'date' is given twice"),
    "duplicate key in a container": (
        '{"date": "2026-01-01", "containers": [{"waste": "mixed", "waste": "bio", "volume_l": 240}]}',
        "key 'waste' is given twice",
    ),
    "NaN literal": (raw_sludge("NaN"), "NaN is not a number JSON allows"),
    "Infinity literal": (raw_sludge("Infinity"), "Infinity is not a number JSON allows"),
    "-Infinity literal": (raw_sludge("-Infinity"), "-Infinity is not a number JSON allows"),
    'volume_m3 "1e30"': (sludge(volume_m3="1e30"), "extras.sludge[0].volume_m3: must be a number such as 4.5"),
    'volume_m3 "1E+999999"': (sludge(volume_m3="1E+999999"), "extras.sludge[0].volume_m3: must be a number"),
    'volume_m3 "NaN"': (sludge(volume_m3="NaN"), "extras.sludge[0].volume_m3: must be a number"),
    'volume_m3 "Infinity"': (sludge(volume_m3="Infinity"), "extras.sludge[0].volume_m3: must be a number"),
    'volume_m3 "4.5.1"': (sludge(volume_m3="4.5.1"), "extras.sludge[0].volume_m3: must be a number"),
    'volume_m3 "0x10"': (sludge(volume_m3="0x10"), "extras.sludge[0].volume_m3: must be a number"),
    "volume_m3 1e30 (a JSON number)": (raw_sludge("1e30"), "extras.sludge[0].volume_m3: must be at most 100"),
    "volume_m3 -1": (sludge(volume_m3="-1"), "extras.sludge[0].volume_m3: must not be negative"),
    "volume_m3 true": (sludge(volume_m3=True), "extras.sludge[0].volume_m3: must be a number"),
    "volume_m3 101": (sludge(volume_m3="101"), "extras.sludge[0].volume_m3: must be at most 100"),
    'carry_distance_m "1e40"': (container(carry_distance_m="1e40"), "containers[0].carry_distance_m: must be"),
    "carry_distance_m 1001": (container(carry_distance_m=1001), "containers[0].carry_distance_m: must be at most"),
    "count 0": (container(count=0), "containers[0].count: must be between 1 and 1000, not 0"),
    "count 1001": (container(count=1001), "containers[0].count: must be between 1 and 1000"),
    "count -1": (container(count=-1), "containers[0].count: must be between 1 and 1000"),
    'count "2" (text)': (container(count="2"), "containers[0].count: must be a whole number (a number, not text"),
    "count 4.5": (
        '{"date": "2026-01-01", "containers": [{"waste": "mixed", "volume_l": 240, "interval_weeks": 2,'
        ' "count": 4.5}]}',
        "containers[0].count: must be a whole number, not 4.5",
    ),  # fmt: skip
    "count true": (container(count=True), "containers[0].count: must be a whole number"),
    "volume_l 10**9": (container(volume_l=10**9), "containers[0].volume_l: must be between 1 and 20000"),
    "interval 53 weeks": (container(interval_weeks=53), "containers[0].interval_weeks: must be between 1 and 52"),
    f"{MAX_CONTAINERS + 1} containers": (
        scenario(containers=[BIN] * (MAX_CONTAINERS + 1)),
        f"containers: at most {MAX_CONTAINERS} items",
    ),
    "10,000 containers": (scenario(containers=[BIN] * 10_000), f"containers: at most {MAX_CONTAINERS} items"),
    "1,000 seasons": (
        scenario(containers=[{"waste": "dual", "volume_l": 240, "schedule": SEASONS * 500}]),
        "at most 12 periods",
    ),
    "seasons that miss days": (
        scenario(containers=[{"waste": "dual", "volume_l": 240, "schedule": SEASONS[:1]}]),
        "the periods must cover the whole year once",
    ),
    "season from 13-01": (
        scenario(containers=[{"waste": "dual", "volume_l": 240, "schedule": [dict(SEASONS[0], **{"from": "13-01"})]}]),
        "is not a day of the year",
    ),
    "11 sludge lines": (scenario(extras={"sludge": [{"type": "septic", "volume_m3": "4"}] * 11}), "at most 10"),
    "sludge type unknown": (sludge(type="lake"), "extras.sludge[0].type: must be one of"),
    "apartments 0": (scenario(household={"kind": "permanent", "apartments": 0}), "household.apartments: must be"),
    "places 10**6": (scenario(household={"kind": "other", "places": 10**6}), "household.places: must be between"),
    "household kind unknown": (scenario(household={"kind": "castle"}), "household.kind: must be one of"),
    "paper invoices 53": (scenario(extras={"paper_invoices": 53}), "extras.paper_invoices: must be between 0 and 52"),
    "block collection 'yes'": (scenario(extras={"block_collection": "yes"}), "must be true or false"),
    "area collection unknown": (scenario(extras={"area_collection": "x"}), "extras.area_collection: must be one of"),
    "extras not an object": (scenario(extras=[]), "error: extras: must be a JSON object"),
    "containers not a list": (scenario(containers={}), "error: containers: must be a list"),
    "a list, not an object": ([1, 2], "error: scenario: must be a JSON object"),
    "a string, not an object": ('"x"', "error: scenario: must be a JSON object"),
    "null": ("null", "error: scenario: must be a JSON object"),
    "unknown field": (scenario(colour="red"), "error: colour: unknown field"),
    "a megabyte of waste name": (container(waste="x" * 900_000), "must be one of"),
    "a lone surrogate": ('{"date": "2026-01-01", "containers": [{"waste": "\\ud800"}]}', "must be one of"),
}


@pytest.fixture(autouse=True)
def tariffs_read_once(monkeypatch, catalog):
    monkeypatch.setattr(cli, "load_tariffs", lambda authority, folder: catalog)


def run(tmp_path, capsys, content, *args):
    path = tmp_path / "scenario.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    started = time.perf_counter()
    code = cli.main([*(args or ("estimate",)), str(path)])
    seconds = time.perf_counter() - started
    out, err = capsys.readouterr()
    assert seconds < SECONDS, f"{seconds:.1f} s"
    return code, out, err


@pytest.mark.parametrize("case", REFUSED)
def test_refused_with_exit_2_and_one_line_per_problem(tmp_path, capsys, case):
    content, words = REFUSED[case]
    code, out, err = run(tmp_path, capsys, content)
    lines = err.splitlines()
    assert code == 2 and out == "", err
    assert lines and all(line.startswith("error: ") for line in lines), err
    assert words in lines[0], err
    assert len(err) < 5000  # quotes of the input are cut short


def test_problems_beyond_the_limit_are_counted(tmp_path, capsys):
    code, _, err = run(tmp_path, capsys, scenario(**{f"x{i}": 1 for i in range(50_000)}))
    lines = err.splitlines()
    assert code == 2 and len(lines) == MAX_PROBLEMS + 1
    assert lines[-1] == f"error: and {50_000 - MAX_PROBLEMS} more problems"


def test_a_json_number_is_read_exactly(tmp_path, capsys):
    code, out, err = run(tmp_path, capsys, raw_sludge("4.5"))
    assert code == 0, err
    assert "4.5" in [line["quantity"] for line in json.loads(out)["lines"]]


@pytest.mark.parametrize("written", ['"4,5"', '"4.5"', "4.50"])
def test_decimals_written_any_usual_way_give_the_same_result(tmp_path, capsys, written):
    code, out, err = run(tmp_path, capsys, raw_sludge(written))
    assert code == 0, err
    code, exact, _ = run(tmp_path, capsys, raw_sludge("4.5"))
    assert json.loads(out)["total_eur"] == json.loads(exact)["total_eur"]


def test_a_byte_order_mark_is_fine(tmp_path, capsys):
    code, _, err = run(tmp_path, capsys, b"\xef\xbb\xbf" + json.dumps(scenario()).encode())
    assert code == 0, err


def test_the_largest_scenario_is_priced_quickly(tmp_path, capsys):
    """Every limit at its maximum, with dates for every emptying: well within the time bound."""
    dated = dict(BIN, count=1000, interval_weeks=1, first_emptying="2026-01-01", carry_distance_m="1000")
    largest = scenario(
        year=2026,
        household={"kind": "permanent", "apartments": 1000},
        containers=[dated] * MAX_CONTAINERS,
        extras={"paper_invoices": 52, "washings": 52, "sludge": [{"type": "septic", "volume_m3": "100"}] * 10},
    )
    code, out, err = run(tmp_path, capsys, largest, "compare")
    assert code == 0, err
    assert len(json.loads(out)["old"]["lines"]) > MAX_CONTAINERS


@pytest.mark.parametrize("path", ["missing.json", "."])
def test_a_file_that_cannot_be_read(tmp_path, capsys, path):
    code = cli.main(["estimate", str(tmp_path / path)])
    [line] = capsys.readouterr().err.splitlines()
    assert code == 2 and line.startswith("error: ") and "cannot read the file" in line
