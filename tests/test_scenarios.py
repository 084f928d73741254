"""Scenario files (data, in the style of OpenFisca's YAML tests): each case priced under each version."""

import pytest
import yaml

from calculator.api import estimate_to_json
from calculator.estimate import estimate
from calculator.scenario import parse_scenario

from .conftest import ROOT

SCENARIO_FILES = sorted((ROOT / "tariffs" / "lakeus" / "scenarios").glob("*.yaml"))


def cases(path) -> list[dict]:
    """A scenario file's cases: a list, or the calculator's examples under `examples` (presets.yaml)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data["examples"] if isinstance(data, dict) else data


CASES = [
    pytest.param(case, version_id, expected, id=f"{path.stem}: {case['name'][:40]} @ {version_id}")
    for path in SCENARIO_FILES
    for case in cases(path)
    for version_id, expected in case["expected"].items()
]


def test_there_are_scenario_cases():
    assert len(CASES) >= 16


@pytest.mark.parametrize("case,version_id,expected", CASES)
def test_scenario(catalog, case, version_id, expected):
    result = estimate_to_json(estimate(parse_scenario(case["scenario"]), catalog, catalog.get(version_id)))
    totals = {name: value for name, value in expected.items() if name not in ("lines", "absent", "notes")}
    assert {name: result[name] for name in totals} == totals
    assert [t["id"] for t in result["tariffs"]] == [version_id]
    lines = {line["id"]: line for line in result["lines"]}
    for line_id, fields in expected.get("lines", {}).items():
        line = lines[line_id]
        shown = {name: line["rule"]["id"] if name == "rule" else line[name] for name in fields}
        assert shown == fields, line_id
    assert not set(expected.get("absent", [])) & set(lines)
    assert {note["id"] for note in result["notes"]} >= set(expected.get("notes", []))
