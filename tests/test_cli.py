"""`python -m calculator`: JSON and text output, and exit code 2 with one message per bad input."""

import json
import subprocess
import sys

import pytest

from .conftest import ROOT

GOOD = {
    "date": "2026-06-01",
    "household": {"kind": "permanent", "apartments": 1},
    "containers": [
        {"waste": "mixed", "volume_l": 240, "count": 1, "interval_weeks": 2},
        {
            "waste": "dual",
            "volume_l": 240,
            "count": 1,
            "schedule": [
                {"from": "04-01", "to": "09-30", "interval_weeks": 2},
                {"from": "10-01", "to": "03-31", "interval_weeks": 8},
            ],
        },
    ],
}


def run(tmp_path, *args, scenario=GOOD, raw=None):
    path = tmp_path / "scenario.json"
    path.write_text(raw if raw is not None else json.dumps(scenario), encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "calculator", *args[:1], str(path), *args[1:]], cwd=ROOT, capture_output=True, text=True
    )


def test_estimate_json(tmp_path):
    result = run(tmp_path, "estimate")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["total_eur"], data["total_min_eur"], data["total_max_eur"]) == ("420.08", "418.00", "426.33")
    assert [line["id"] for line in data["lines"]] == ["eco-fee", "container-0", "container-1"]
    assert data["lines"][1]["unit_price_eur"] == "9.22" and data["lines"][1]["table_number"] == 6


def test_estimate_text(tmp_path):
    result = run(tmp_path, "estimate", "--format", "text")
    assert result.returncode == 0, result.stderr
    assert "Poltettava jäte 240 l, 1 kpl, joka 2. viikko" in result.stdout
    assert "418,00–426,33" in result.stdout


def test_compare_to_a_date(tmp_path):
    scenario = dict(GOOD, date="2026-01-01")
    result = run(tmp_path, "compare", "--to", "2026-04-01", scenario=scenario)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["old"]["tariffs"][0]["id"] == "lakeus-2025-05-01"
    assert data["new"]["tariffs"][0]["id"] == "lakeus-2026-04-01"
    assert data["difference_min_eur"] == "14.22"  # 26 × 0,35 + 16 × 0,32


@pytest.mark.parametrize(
    "change,field,words",
    [
        ({"waste": "paper"}, "containers[0].waste", "must be one of"),
        ({"volume_l": 250}, "containers[0].volume_l", "has no 250 l container for mixed"),
        ({"interval_weeks": 0}, "containers[0].interval_weeks", "must be between 1 and 52, not 0"),
        ({"interval_weeks": -2}, "containers[0].interval_weeks", "must be between 1 and 52, not -2"),
        ({"count": 0}, "containers[0].count", "must be between 1 and 1000, not 0"),
    ],
)
def test_bad_container(tmp_path, change, field, words):
    scenario = dict(GOOD, containers=[dict(GOOD["containers"][0], **change)])
    result = run(tmp_path, "estimate", scenario=scenario)
    assert result.returncode == 2
    assert result.stdout == ""
    [message] = result.stderr.strip().splitlines()
    assert message.startswith(f"error: {field}: ") and words in message
    assert "Traceback" not in result.stderr


def test_date_without_tariff(tmp_path):
    result = run(tmp_path, "estimate", scenario=dict(GOOD, date="2023-05-01"))
    assert result.returncode == 2
    assert result.stderr.strip() == "error: date: no tariff is valid on 2023-05-01"


def test_every_problem_is_reported(tmp_path):
    bad = [dict(GOOD["containers"][0], waste="paper", count=0), dict(GOOD["containers"][0], interval_weeks=0)]
    result = run(tmp_path, "estimate", scenario=dict(GOOD, date="2023-05-01", containers=bad))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "error: date: no tariff is valid on 2023-05-01",
        "error: containers[0].waste: must be one of mixed, bio, dual, cardboard, glass, metal, plastic, packaging4,"
        " other_glass, not 'paper'",
        "error: containers[0].count: must be between 1 and 1000, not 0",
        "error: containers[1].interval_weeks: must be between 1 and 52, not 0",
    ]


def test_malformed_json(tmp_path):
    result = run(tmp_path, "estimate", raw='{"containers": [}')
    assert result.returncode == 2
    assert "malformed JSON" in result.stderr and "scenario.json:1:" in result.stderr
    assert "Traceback" not in result.stderr


def test_scenario_that_is_not_an_object(tmp_path):
    result = run(tmp_path, "estimate", raw="[1, 2]")
    assert result.returncode == 2
    assert result.stderr.strip() == "error: scenario: must be a JSON object"


def test_authority_by_id_or_by_folder(tmp_path):
    """`--authority` takes an id under tariffs/ or a folder, as build.py does: the same answer either way."""
    by_id = run(tmp_path, "estimate", "--authority", "lakeus")
    assert by_id.returncode == 0, by_id.stderr
    for folder in ("tariffs/lakeus", str(ROOT / "tariffs" / "lakeus")):
        by_folder = run(tmp_path, "estimate", "--authority", folder)
        assert (by_folder.returncode, by_folder.stdout) == (0, by_id.stdout), by_folder.stderr
    missing = run(tmp_path, "estimate", "--authority", "tariffs/ei-ole")
    assert missing.returncode != 0 and "tariffs/ei-ole/authority.yaml: no such authority" in missing.stderr
    assert "Traceback" not in missing.stderr
