"""Fuzzing (hypothesis): random and mutated input escapes only as the documented error types, each case in time.

- scenarios (`calculator.scenario`, `calculator.api`): random JSON and near-valid scenarios give a
  result or `{"errors": [...]}` with Finnish messages, never an exception; JSON text gives data or a
  ScenarioError;
- tariff data (`sitebuild.yamlfile`, `calculator.loading`, `sitebuild.checks`, links, presets): random
  mutations of the real files load or raise TariffDataError whose every problem names a file and a line.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculator.api import read_json, run_compare, run_estimate
from calculator.problems import TariffDataError
from calculator.scenario import ScenarioError, parse_scenario
from sitebuild.site_data import load_site_data

from .conftest import ROOT

# Per case: the slowest honest case (the largest scenario, a whole authority's YAML) takes well under a second.
DEADLINE = dt.timedelta(seconds=5)
FAST = settings(max_examples=400, deadline=DEADLINE, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(
    max_examples=60,
    deadline=DEADLINE,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# --- scenarios ------------------------------------------------------------------------------------

NASTY = [None, True, False, 0, -1, 1, 52, 53, 1000, 1001, 10**30, -(10**30), 2**63, "", " ", "0", "1", "-1",
         "4,5", "4.5", "1e30", "1E+999999", "NaN", "Infinity", "-0", "0x10", "٣", "2026-02-30", "2026-06-01",
         "20260601", "04-01", "13-01", "x" * 1000, "\x00", "\ud800", [], {}, [[]], {"": {}},
         Decimal("4.5"), Decimal("1E+400"), Decimal("-0.001"), Decimal("NaN"),
         4.5, float("nan"), float("inf")]  # fmt: skip
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20) | st.sampled_from(NASTY),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20,
)
GOOD = {
    "date": "2026-01-01",
    "year": 2026,
    "household": {"kind": "permanent", "apartments": 2},
    "containers": [
        {"waste": "mixed", "volume_l": 240, "count": 1, "interval_weeks": 2, "first_emptying": "2026-01-07",
         "carry_distance_m": "15"},
        {"waste": "dual", "volume_l": 240, "schedule": [{"from": "04-01", "to": "09-30", "interval_weeks": 2},
                                                        {"from": "10-01", "to": "03-31", "interval_weeks": 8}]},
    ],
    "extras": {"paper_invoices": 2, "washings": 1, "area_collection": "season", "block_collection": False,
               "sludge": [{"type": "septic", "volume_m3": "4.5", "emptyings": 1}]},
}  # fmt: skip


def paths(node, prefix=()):
    """Every (path, value) in a JSON value, the root included."""
    yield prefix, node
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in items:
        yield from paths(value, (*prefix, key))


def replaced(node, path, value):
    if not path:
        return value
    copy = dict(node) if isinstance(node, dict) else list(node)
    copy[path[0]] = replaced(node[path[0]], path[1:], value)
    return copy


@st.composite
def near_valid(draw):
    """The full scenario with one to three values replaced by random or nasty ones, or fields removed."""
    scenario = GOOD
    for _ in range(draw(st.integers(1, 3))):
        path, _ = draw(st.sampled_from(list(paths(scenario))))
        parent = dict(paths(scenario)).get(path[:-1]) if path else None
        if isinstance(parent, dict) and draw(st.booleans()):  # leave the field out
            scenario = replaced(scenario, path[:-1], {k: v for k, v in parent.items() if k != path[-1]})
        else:
            scenario = replaced(scenario, path, draw(JSON_VALUES))
    return scenario


def as_json(data) -> str:
    return json.dumps(data, default=str)  # decimals as text


def check_answer(answer: dict) -> None:
    json.dumps(answer)  # plain JSON, nothing else
    if "errors" in answer:
        assert answer["errors"]
        for error in answer["errors"]:
            assert isinstance(error["field"], str) and error["message"] and error["message_fi"]
        return
    estimates = [answer["old"], answer["new"]] if "old" in answer else [answer]
    for result in estimates:
        low, typical, high = (Decimal(result[f"total{s}_eur"]) for s in ("_min", "", "_max"))
        assert low <= typical <= high
        assert sum(Decimal(line["amount_min_eur"]) for line in result["lines"]) == low


@FAST
@given(st.one_of(JSON_VALUES, near_valid()))
def test_scenarios_give_a_result_or_errors(catalog, data):
    try:
        parse_scenario(data, require_date=True)
    except ScenarioError as exc:
        assert exc.problems
    check_answer(run_estimate(data, catalog))
    check_answer(run_compare(data, catalog))


@FAST
@given(st.one_of(st.text(max_size=200), near_valid().map(as_json),
                 st.tuples(near_valid().map(as_json), st.integers(0, 400), st.text(max_size=5)).map(
                     lambda t: t[0][: t[1]] + t[2] + t[0][t[1]:])))  # fmt: skip
def test_json_text_gives_data_or_a_scenario_error(text):
    try:
        read_json(text)
    except ScenarioError as exc:
        assert exc.problems and all(p.message for p in exc.problems)


# --- tariff data ----------------------------------------------------------------------------------

AUTHORITY = ROOT / "tariffs" / "lakeus"
FILES = sorted(str(p.relative_to(AUTHORITY)) for p in AUTHORITY.rglob("*.yaml")) + ["links/published-anchors.txt"]
SCALARS = ["", "~", "-", "x", "0", "-1", "1.5", ".nan", "-.inf", "1e400", "2025-13-01", "2025-02-30",
           "20250501", "yes", "[", "]", "{", "}", "*a", "&a x", "!!python/object:os.system {}", "|", ">",
           "'", '"', "#", "::", "- ", "\t", "\x00", "\x7f", "ä", "9" * 5000, "[" * 300]  # fmt: skip


@st.composite
def mutations(draw):
    """(file, its new bytes): lines dropped, doubled or swapped, a value replaced, bytes inserted, cut short."""
    name = draw(st.sampled_from(FILES))
    data = (AUTHORITY / name).read_bytes()
    for _ in range(draw(st.integers(1, 4))):
        lines = data.split(b"\n")
        at = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["drop", "double", "swap", "value", "insert", "bytes", "truncate"]))
        if kind == "drop":
            del lines[at]
        elif kind == "double":
            lines.insert(at, lines[at])
        elif kind == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif kind == "value" and b": " in lines[at]:
            head = lines[at].split(b": ")[0]
            lines[at] = head + b": " + draw(st.sampled_from(SCALARS)).encode()
        elif kind == "insert":
            lines.insert(at, draw(st.sampled_from(SCALARS)).encode())
        elif kind == "bytes":
            line = lines[at]
            cut = draw(st.integers(0, len(line)))
            lines[at] = line[:cut] + draw(st.binary(min_size=1, max_size=4)) + line[cut:]
        elif kind == "truncate":
            lines = lines[: at + 1]
        data = b"\n".join(lines)
    return name, data


@pytest.fixture(scope="module")
def authority_copy(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz") / "lakeus"
    shutil.copytree(AUTHORITY, folder)
    return folder


@SLOW
@given(mutations())
def test_mutated_tariff_files_load_or_name_file_and_line(authority_copy, mutation):
    name, data = mutation
    path = authority_copy / name
    original = path.read_bytes()
    path.write_bytes(data)
    try:
        load_site_data(authority_copy)
    except TariffDataError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.file and isinstance(problem.line, int) and problem.line >= 1, problem
    finally:
        path.write_bytes(original)
