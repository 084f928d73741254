"""The browser worker's Python handler: any request text gets an answer with Finnish messages, never an exception."""

from __future__ import annotations

import json

import pytest

from calculator.worker import text_handler
from sitebuild.export import calculator_data

# The minutes' example: 240 l mixed waste every 2nd week, 230,62 € now and 239,72 € proposed (no basic fee).
GOOD = {"containers": [{"waste": "mixed", "volume_l": 240, "interval_weeks": 2}]}


@pytest.fixture(scope="module")
def handle(current, proposal):
    return text_handler(json.dumps([calculator_data(v) for v in (current, proposal)]))


def request(scenario, action="compare") -> str:
    return json.dumps({"action": action, "scenario": scenario})


BAD = {
    "not JSON": "{",
    "a list": "[]",
    "a number": "1",
    "deep nesting": "[" * 100_000 + "]" * 100_000,
    "NaN": '{"action": "compare", "scenario": {"extras": {"sludge": [{"type": "septic", "volume_m3": NaN}]}}}',
    "duplicate key": '{"action": "compare", "action": "estimate"}',
    "unknown action": json.dumps({"action": "delete"}),
    "unknown version": json.dumps({"action": "estimate", "version": "x", "scenario": GOOD}),
    "volume_m3 1e30": request({"extras": {"sludge": [{"type": "septic", "volume_m3": "1e30"}]}}),
    "carry 1e40": request({"containers": [dict(GOOD["containers"][0], carry_distance_m="1e40")]}),
    "2,000 containers": request({"containers": GOOD["containers"] * 2000}),
    "scenario a string": request("x"),
    "count 0": request({"containers": [dict(GOOD["containers"][0], count=0)]}),
}


@pytest.mark.parametrize("case", BAD)
def test_bad_requests_get_finnish_messages(handle, case):
    answer = json.loads(handle(BAD[case]))
    assert answer["errors"] and all(error["message_fi"] for error in answer["errors"]), answer


def test_a_good_request_is_priced(handle):
    answer = json.loads(handle(request(GOOD)))
    assert (answer["old"]["total_eur"], answer["new"]["total_eur"]) == ("230.62", "239.72")


def test_a_module_missing_from_the_browsers_standard_library_is_said_in_finnish(current, proposal, monkeypatch):
    """The browser's standard library holds only what the build saw imported (sitebuild/snapshot.py): a
    request that needs another module gets a Finnish message, not Python's traceback."""
    import calculator.worker

    def needs_a_module(catalog, request):
        import calculator_missing_module  # noqa: F401, PLC0415 - the import that fails

    monkeypatch.setattr(calculator.worker, "handle_request", needs_a_module)
    handle = text_handler(json.dumps([calculator_data(v) for v in (current, proposal)]))
    answer = json.loads(handle(request(GOOD)))
    assert answer["errors"] == [{"field": "", "message": "module calculator_missing_module missing from the runtime",
                                 "message_fi": calculator.worker.MISSING_MODULE_FI}]
