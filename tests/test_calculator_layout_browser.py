"""The calculator's layout in Chromium: a shared link's total in the first screen, no layout shift, the
container buttons, the error summary, one announcement per update, and axe with a result and with an error."""

from __future__ import annotations

import base64
import json

import pytest

from .browser import _contexts, browser, page_for, run_axe, site_dir, site_server
from .test_calculator_browser import RESULT, TIMEOUT, open_calculator, settled, theme_started

ERRORS = "#virheet:not([hidden])"
# The minutes' 3-person household (no basic fee, as in the minutes): 263,90 € now, 274,30 € proposed.
SCENARIO = {"containers": [{"waste": "dual", "volume_l": 370, "count": 1, "interval_weeks": 2}]}
BAD = {"containers": [{"waste": "mixed", "volume_l": 240, "count": "kaksi", "interval_weeks": 2}]}
PHONE, WIDE = (375, 700), (1280, 800)
# Cumulative layout shift since the page started (the browser keeps the entries for a late observer,
# which has them at once).
CLS = """() => { const observer = new PerformanceObserver(() => {});
    observer.observe({type: 'layout-shift', buffered: true});
    const shifts = observer.takeRecords().filter(e => !e.hadRecentInput);
    observer.disconnect();
    return shifts.reduce((sum, e) => sum + e.value, 0); }"""


def link(scenario: dict) -> str:
    data = json.dumps(scenario).encode()
    return "laskuri/#s=" + base64.urlsafe_b64encode(data).decode().rstrip("=")


@pytest.mark.parametrize("viewport", [PHONE, WIDE], ids=["phone", "wide"])
def test_shared_link_total_in_the_first_screen_without_layout_shift(page_for, viewport):
    page = page_for(link(SCENARIO), viewport=viewport, wait_until="load").page
    page.wait_for_selector(RESULT, timeout=TIMEOUT)
    theme_started(page)  # the last thing that could move the page after its result
    # Phone: the compact summary at the foot of the screen; wide: the totals' rows beside the form.
    shown = page.locator("#tiivis-tulos") if viewport == PHONE else (
        page.locator("#tulos table").first.locator("tbody tr").nth(i) for i in range(2))
    shown = [shown] if viewport == PHONE else list(shown)
    for part in shown:
        box = part.bounding_box()
        assert box and box["y"] >= 0 and box["y"] + box["height"] <= viewport[1], box
    shown_text = " ".join(part.inner_text() for part in shown)
    assert "263,90 €" in shown_text and "274,30 €" in shown_text
    assert page.evaluate(CLS) < 0.1


def test_remove_button_and_at_least_one_container(page_for):
    page = open_calculator(page_for).page
    remove = page.locator("#astiat .poista-astia")
    assert remove.count() == 1 and not remove.first.is_visible()
    page.click("#lisaa-astia")
    assert remove.count() == 2 and remove.nth(0).is_visible() and remove.nth(1).is_visible()
    remove.nth(1).click()
    assert page.locator("#astiat .astia").count() == 1 and not remove.first.is_visible()
    assert page.evaluate("document.activeElement.id") == "lisaa-astia"


def test_error_summary_takes_focus_and_links_to_the_field(page_for):
    page = open_calculator(page_for).page
    page.wait_for_selector(RESULT, timeout=TIMEOUT)
    page.fill("#field-containers-0-count", "kaksi")
    page.click("button[type=submit]")
    page.wait_for_selector(ERRORS, timeout=TIMEOUT)
    page.wait_for_function("() => document.activeElement.id === 'virheet'")
    page.click("#virhelista a")
    assert page.evaluate("document.activeElement.id") == "field-containers-0-count"


def test_each_update_is_announced_once(page_for):
    page = open_calculator(page_for).page
    page.wait_for_selector(RESULT, timeout=TIMEOUT)
    page.evaluate("""() => { window.__said = [];
        new MutationObserver(() => window.__said.push(document.getElementById('ilmoitus').textContent))
            .observe(document.getElementById('ilmoitus'), {childList: true, characterData: true, subtree: true}); }""")
    before = page.locator("#tulos table").first.inner_text()
    page.click("button.esimerkki >> nth=2")
    page.wait_for_function("prev => document.querySelector('#tulos table').innerText !== prev", arg=before,
                           timeout=TIMEOUT)
    settled(page)  # the click's update has been answered, and no other waits: all it says, it has said
    said = page.evaluate("window.__said")
    assert len(said) == 1 and said[0].startswith("Esimerkki valittu:") and "239,72 €" in said[0], said


@pytest.mark.parametrize("state", ["result", "error"])
@pytest.mark.parametrize("viewport", [PHONE, WIDE], ids=["phone", "wide"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_calculator_axe_with_a_result_and_with_an_error(page_for, state, viewport, scheme):
    visit = page_for(link(SCENARIO if state == "result" else BAD), color_scheme=scheme, viewport=viewport,
                     wait_until="load")
    page = visit.page
    page.wait_for_selector(RESULT if state == "result" else ERRORS, timeout=TIMEOUT)
    violations = run_axe(page)
    assert not violations, f"calculator with {state} ({scheme}, {viewport[0]} px):\n" + "\n".join(violations)
    assert not visit.external_requests
