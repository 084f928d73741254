"""Hostile links and failures in Chromium: a Finnish message every time, the form kept linear and honest.

Every case also asserts that the page does not say "ready" while it shows neither a result nor a message:
each page records every moment it does (WATCH_READY), and each case ends by waiting for the page to say
"ready" and checking that it then shows something and that no such moment was recorded
(assert_ready_only_when_showing_something).
"""

from __future__ import annotations

import base64
import json
import time

import pytest

from calculator.scenario import MAX_CONTAINERS, MAX_LINK_CHARS

from .browser import _contexts, browser, site_dir, site_server, watch  # noqa: F401
from .test_calculator_browser import settled

TIMEOUT = 120_000
READY = "#laskuri[data-start]"  # the worker has said that Python is ready
# The page says "ready" to the visitor in its status line: "Laskuri on valmis. …"
SAYS_READY = "document.getElementById('laskuri-tila-teksti').textContent.includes('valmis')"
SHOWS_SOMETHING = "!document.querySelector('#tulos').hidden || !document.querySelector('#virheet').hidden"
# Records each state of the page in which it says "ready" and shows neither a result nor a message. A
# MutationObserver's callback runs once the script that changed the page has finished, before the page
# can be painted again, so no state the visitor could see is missed.
WATCH_READY = f"""
window.readyShowingNothing = [];
new MutationObserver(() => {{
  if (!document.getElementById("laskuri-tila-teksti") || !document.getElementById("tulos")
      || !document.getElementById("virheet")) {{ return; }}
  if ({SAYS_READY} && !({SHOWS_SOMETHING})) {{
    window.readyShowingNothing.push(document.getElementById("laskuri-tila-teksti").textContent);
  }}
}}).observe(document, {{subtree: true, childList: true, characterData: true, attributes: true,
                       attributeFilter: ["hidden"]}});
"""
BIN = {"waste": "mixed", "volume_l": 240, "interval_weeks": 2}
PERMANENT = {"kind": "permanent", "apartments": 1}


def link(scenario) -> str:
    text = scenario if isinstance(scenario, str) else json.dumps(scenario)
    return "laskuri/#s=" + base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@pytest.fixture
def open_ready(_contexts, site_server):
    """open_ready(path) -> a page watched by WATCH_READY from its start, once Python is ready in it."""
    pages = []

    def open_page(path):
        page = _contexts.get().new_page()
        pages.append(page)
        watch(page)  # requests to other hosts are aborted, as with page_for
        page.add_init_script(WATCH_READY)
        response = page.goto(site_server.url(path), wait_until="load")
        assert response is not None and response.status == 200, path
        page.wait_for_selector(READY, state="attached", timeout=TIMEOUT)
        return page

    yield open_page
    for page in pages:
        page.close()


def shows_something(page) -> bool:
    return page.evaluate(SHOWS_SOMETHING)


def assert_ready_only_when_showing_something(page):
    """The page says "ready", and then shows a result or a message; it never said "ready" showing neither."""
    page.wait_for_function(f"() => {SAYS_READY}", timeout=TIMEOUT)
    assert shows_something(page)
    assert page.evaluate("window.readyShowingNothing") == []


def field_error(page, field: str) -> str:
    error = page.locator(f"#field-{field}-virhe")
    error.wait_for(timeout=TIMEOUT)
    return error.inner_text()


# link -> (the field whose Finnish message appears next to it, the message)
FIELD_ERRORS = {
    'sludge volume "1e30"': (
        {"household": PERMANENT, "containers": [BIN], "extras": {"sludge": [{"type": "septic", "volume_m3": "1e30"}]}},
        None,  # the sludge field is one for the whole form; its message is in the summary
        "Anna luku, esimerkiksi 4,5.",
    ),
    'carrying distance "1e40"': (
        {"household": PERMANENT, "containers": [dict(BIN, carry_distance_m="1e40")]},
        "containers-0-carry_distance_m",
        "Anna luku, esimerkiksi 4,5.",
    ),
    "carrying distance 5000 m": (
        {"household": PERMANENT, "containers": [dict(BIN, carry_distance_m=5000)]},
        "containers-0-carry_distance_m",
        "Anna luku väliltä 0–1000.",
    ),
    "count 0 stays 0": ({"household": PERMANENT, "containers": [dict(BIN, count=0)]}, "containers-0-count",
                        "Anna luku väliltä 1–1000."),  # fmt: skip
    "apartments 0 stays 0": ({"household": dict(PERMANENT, apartments=0), "containers": [BIN]},
                             "household-apartments", "Anna luku väliltä 1–1000."),  # fmt: skip
    "volume that no option has": ({"household": PERMANENT, "containers": [dict(BIN, volume_l='9"]')]},
                                  "containers-0-volume_l", "Anna kokonaisluku."),  # fmt: skip
}


@pytest.mark.parametrize("case", FIELD_ERRORS)
def test_a_bad_value_in_a_link_gets_a_finnish_message(open_ready, case):
    scenario, field, message = FIELD_ERRORS[case]
    page = open_ready(link(scenario))
    page.wait_for_selector("#virheet:not([hidden])", timeout=TIMEOUT)
    assert message in page.inner_text("#virheet")
    if field:
        assert field_error(page, field) == message
    assert page.is_hidden("#tulos")
    assert_ready_only_when_showing_something(page)


# link -> words of the message that replaces the form
BAD_LINKS = {
    "cut-off JSON": "laskuri/#s=eyJjb250YWluZXJzIjpb",
    "not base64": "laskuri/#s=%%%",
    "empty": "laskuri/#s=",
    "a list": link([1, 2]),
    "containers as text": link({"containers": "abc"}),
    "a schedule that is no list": link({"containers": [dict(BIN, schedule="x")]}),
    "not UTF-8": "laskuri/#s=" + base64.urlsafe_b64encode(b'{"a": "\xff"}').decode(),
    "2,000 containers": link({"household": PERMANENT, "containers": [BIN] * 2000}),
    f"{MAX_CONTAINERS + 1} containers": link({"household": PERMANENT, "containers": [BIN] * (MAX_CONTAINERS + 1)}),
    "too long": "laskuri/#s=" + "A" * (MAX_LINK_CHARS + 1),
}


@pytest.mark.parametrize("case", BAD_LINKS)
def test_a_bad_link_keeps_its_message_and_an_empty_form_until_the_user_acts(open_ready, case):
    path = BAD_LINKS[case]
    started = time.perf_counter()
    page = open_ready(path)
    assert time.perf_counter() - started < 60
    box = page.locator("#virheet")
    box.wait_for(timeout=TIMEOUT)
    message = box.inner_text()
    assert "joten lomake on tyhjennetty" in message
    if case == f"{MAX_CONTAINERS + 1} containers":
        assert f"Linkissä on enemmän astioita kuin laskuri ottaa (enintään {MAX_CONTAINERS})" in message
    if case in ("too long", "2,000 containers"):  # 2,000 containers do not fit in a link of the largest size
        assert f"Linkki on liian pitkä (yli {MAX_LINK_CHARS} merkkiä)" in message
    # Python is ready, the page says so, and it has asked nothing or had every answer: nothing may replace
    # the message now.
    page.wait_for_function(f"() => {SAYS_READY}", timeout=TIMEOUT)
    settled(page)
    assert box.is_visible() and box.inner_text() == message
    assert page.locator(".astia").count() == 1 and page.input_value("#field-containers-0-waste") == "mixed"
    assert page.evaluate("location.hash") == path[len("laskuri/") :]
    assert page.is_hidden("#tulos")
    page.select_option("#field-containers-0-interval_weeks", "4")  # the user acts
    page.wait_for_selector("#tulos:not([hidden])", timeout=TIMEOUT)
    assert page.is_hidden("#virheet")
    assert page.evaluate("location.hash") != path[len("laskuri/") :]
    assert_ready_only_when_showing_something(page)


def test_the_largest_link_builds_its_form_and_result(open_ready):
    containers = [dict(BIN, count=i % 5 + 1) for i in range(MAX_CONTAINERS)]
    started = time.perf_counter()
    page = open_ready(link({"household": PERMANENT, "containers": containers}))
    page.wait_for_selector("#tulos:not([hidden])", timeout=TIMEOUT)
    assert time.perf_counter() - started < 60
    assert page.locator(".astia").count() == MAX_CONTAINERS
    last = MAX_CONTAINERS - 1
    assert page.input_value(f"#field-containers-{last}-count") == str(last % 5 + 1)
    assert page.locator(".astia-otsikko").nth(last).inner_text() == f"Jäteastia {MAX_CONTAINERS}"
    assert page.is_hidden("#lisaa-astia")  # no more than the calculator takes
    assert_ready_only_when_showing_something(page)


def test_a_worker_exception_becomes_a_finnish_message_and_a_console_entry(open_ready):
    page = open_ready("laskuri/")
    page.wait_for_selector("#tulos:not([hidden])", timeout=TIMEOUT)
    console = []
    page.on("console", lambda message: console.append((message.type, message.text)))
    # The next request reaches Python as None: `read_json(None)` raises TypeError inside Pyodide.
    page.evaluate("""() => {
        const worker = window.laskuriTyontekija.worker, post = worker.postMessage.bind(worker);
        worker.postMessage = (message) => post(message.type === 'request' ? {...message, request: undefined} : message);
    }""")
    page.select_option("#field-containers-0-interval_weeks", "4")
    page.wait_for_selector("#virheet:not([hidden])", timeout=TIMEOUT)
    assert "Laskenta epäonnistui odottamattomasti" in page.inner_text("#virheet")
    assert page.get_attribute("#virheet a", "href") == "../hinnasto/"
    assert page.is_hidden("#tulos")
    assert "valmis" not in page.inner_text("#laskuri-tila-teksti")
    assert any(kind == "error" and "laskenta epäonnistui" in text and "TypeError" in text for kind, text in console)
    page.evaluate("() => { delete window.laskuriTyontekija.worker.postMessage; }")  # the worker's own again
    page.select_option("#field-containers-0-interval_weeks", "2")
    page.wait_for_selector("#tulos:not([hidden])", timeout=TIMEOUT)
    assert page.is_hidden("#virheet") and "valmis" in page.inner_text("#laskuri-tila-teksti")
    assert_ready_only_when_showing_something(page)


def test_never_ready_while_showing_nothing(open_ready):
    """A link whose only answer is a message: the page says "ready" only once the message is there."""
    page = open_ready(link({"household": PERMANENT, "containers": [dict(BIN, count=0)]}))
    assert_ready_only_when_showing_something(page)
    assert "Anna luku väliltä 1–1000." in page.inner_text("#virheet")
