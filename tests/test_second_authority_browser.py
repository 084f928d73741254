"""The second authority's calculator in Chromium: Pyodide prices three hand-computed households to the cent.

The site is the one the staff guide's commands build for the made-up Esimerkkilä (tests/fictional.py):
its own sizes (190, 300, 600 l), VAT 24 % and a summer season of 15.5.-15.9.
"""

from __future__ import annotations

import functools
import threading
from http.server import ThreadingHTTPServer

import pytest

from .browser import _contexts, _QuietHandler, browser  # noqa: F401
from .fictional import walked_year

TIMEOUT = 120_000
# (scenario, total now, total proposed), computed by hand from the workbook's prices (VAT 24 %)
SCENARIOS = [
    # 12 x 3.72 + 13 x 8.06 = 149.42; 12 x 3.97 + 13 x 8.31 = 155.67
    ({"date": "2026-06-01", "household": {"kind": "permanent", "apartments": 1},
      "containers": [{"waste": "mixed", "volume_l": 190, "count": 1, "interval_weeks": 4}]},
     "149,42 €", "155,67 €"),
    # Summer 15.5.-15.9. weekly (18 of the 52 weeks by days), winter every 2nd week (34 weeks): 35 emptyings;
    # 44.64 + 35 x 6.82 = 283.34; 47.64 + 35 x 7.02 = 293.34
    ({"date": "2026-06-01", "household": {"kind": "permanent", "apartments": 1},
      "containers": [{"waste": "bio", "volume_l": 190, "count": 1,
                      "schedule": [{"from": "05-15", "to": "09-15", "interval_weeks": 1},
                                   {"from": "09-16", "to": "05-14", "interval_weeks": 2}]}]},
     "283,34 €", "293,34 €"),
    # A holiday home: 24.80 + 26 x 14.88 = 411.68; 24.80 + 26 x 15.33 = 423.38
    ({"date": "2026-06-01", "household": {"kind": "holiday"},
      "containers": [{"waste": "mixed", "volume_l": 600, "count": 1, "interval_weeks": 2}]},
     "411,68 €", "423,38 €"),
]  # fmt: skip


@pytest.fixture(scope="module")
def fixture_server(tmp_path_factory):
    """The proposal's site served on 127.0.0.1, on a free port."""
    root = walked_year(tmp_path_factory).root
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sivusto-ehdotus/"
    server.shutdown()
    server.server_close()


def test_the_calculator_prices_three_households_to_the_cent(_contexts, fixture_server):
    page = _contexts.get().new_page()
    try:
        page.goto(fixture_server + "laskuri/")
        page.wait_for_function("window.laskuri !== undefined", timeout=TIMEOUT)
        for scenario, now, proposed in SCENARIOS:
            answer = page.evaluate("scenario => window.laskuri.ask({action: 'compare', scenario})", scenario)
            assert (answer["old"]["total_fi"], answer["new"]["total_fi"]) == (now, proposed), answer
    finally:
        page.close()
