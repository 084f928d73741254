"""The calculator's layout in Chromium: what is happening and a shared link's labelled total in a phone's
first screen, no layout shift, no focused control under the bar at the foot of a phone's screen, the page
while Python starts, the container buttons, the error summary, one announcement per update, and axe with a
result and with an error."""

from __future__ import annotations

import base64
import json

import pytest

from .browser import CONDITIONS, WIDTHS, _contexts, browser, check_conditions, page_for, site_dir, site_server
from .test_calculator_browser import RESULT, TIMEOUT, open_calculator, settled, theme_started

ERRORS = "#virheet:not([hidden])"
# The minutes' 3-person household (no basic fee, as in the minutes): 263,90 € now, 274,30 € proposed.
SCENARIO = {"containers": [{"waste": "dual", "volume_l": 370, "count": 1, "interval_weeks": 2}]}
BAD = {"containers": [{"waste": "mixed", "volume_l": 240, "count": "kaksi", "interval_weeks": 2}]}
PHONE, WIDE = (375, 800), (1280, 800)
NARROW = (320, 700)
RUNTIME = "**/pyodide.mjs"
# Each control the calculator's own keyboard order reaches (Tab from its first one), with its box, the top
# of the bar at the foot of a phone's screen and the bottom of the theme's header (both cover the page).
TAB_STOP = """() => { const el = document.activeElement, root = document.getElementById('laskuri');
    if (!root.contains(el)) { return null; }
    const box = el.getBoundingClientRect(), bar = document.getElementById('laskuri-palkki').getBoundingClientRect();
    return {name: el.id || el.getAttribute('name') || el.textContent.trim().slice(0, 40), top: box.top,
            bottom: box.bottom, barTop: el.closest('#laskuri-palkki') ? innerHeight : bar.top,
            headerBottom: document.querySelector('.md-header').getBoundingClientRect().bottom}; }"""
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
    if viewport == PHONE:  # labelled: which tariff (its status on the build date), per year, VAT included
        assert page.evaluate("""() => Array.from(document.querySelectorAll('#tiivis-teksti dt'),
            dt => [dt.textContent, dt.nextElementSibling.textContent])""") == [
            ["Päätetty taksa 1.5.2025", "263,90 €"], ["Ehdotus 1.4.2026", "274,30 €"],
            ["Muutos", "10,40 € (+3,9\u00a0%)"]]
        assert "Euroa vuodessa, sis. alv" in shown_text
        for width, height in (PHONE, NARROW):  # WCAG 2.2 2.4.11: no focused control under the bar or the header
            page.set_viewport_size({"width": width, "height": height})
            assert covered_tab_stops(page) == [], f"at {width} px"


def covered_tab_stops(page) -> list[dict]:
    """Tab from the calculator's first control to its last: the focused ones that the bar at the foot of the
    screen or the header covers, even in part (scrolling into view takes the time of a frame)."""
    page.focus("#laskuri button.esimerkki")
    covered, stops = [], 0
    while (stop := page.evaluate(TAB_STOP)) is not None:
        stops += 1
        page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
        stop = page.evaluate(TAB_STOP)
        if stop["bottom"] > stop["barTop"] + 0.5 or stop["top"] < stop["headerBottom"] - 0.5:
            covered.append(stop)
        page.keyboard.press("Tab")
    assert stops > 30  # the whole form and the result's controls
    return covered


def test_while_python_starts_the_phone_shows_progress_examples_and_a_working_form(_contexts, site_server):
    """Python's runtime held back: the first screen of a phone says that the calculator is loading, in plain
    Finnish; the examples' results (priced at build time) are on the page and the form works; when the start
    fails, the first screen says so, with the price list."""
    page = _contexts.get(viewport=PHONE).new_page()
    held = []
    try:
        page.route(RUNTIME, lambda route: held.append(route))
        page.goto(site_server.url("laskuri/"), wait_until="load")
        page.wait_for_function("() => document.getElementById('laskuri-tila-teksti').textContent"
                               ".startsWith('Ladataan laskuria')", timeout=TIMEOUT)
        status = page.locator("#laskuri-tila")
        assert in_view(page, status)
        assert not any(word in status.inner_text() for word in ("Python", "Pyodide"))
        assert page.locator("#laskuri .taloudet dd").all_inner_texts() == [
            "86,10–92,95 €", "87,72–94,84 €", "1,62–1,89 € (+2,0\u00a0%)",
            "173,16–181,17 €", "178,28–186,61 €", "5,12–5,44 € (+3,0\u00a0%)",
            "275,62 €", "284,72 €", "9,10 € (+3,3\u00a0%)",
            "308,90 €", "319,30 €", "10,40 € (+3,4\u00a0%)"]
        page.click("#lisaa-astia")  # the form works while Python starts
        page.select_option("#field-containers-1-waste", "bio")
        assert page.locator("#astiat .astia").count() == 2 and page.is_visible("#field-containers-1-count")
        assert held, "the runtime was not requested"
        held[0].fulfill(status=404, body="not found")
        page.wait_for_selector("#laskuri[data-start=failed]", state="attached", timeout=TIMEOUT)
        assert status.inner_text().startswith("Laskuri ei käynnistynyt") and in_view(page, status)
        assert page.get_attribute("#laskuri-tila a", "href") == "../hinnasto/"
    finally:
        page.close()


def in_view(page, locator) -> bool:
    box, size = locator.bounding_box(), page.viewport_size
    return bool(box) and box["y"] >= 0 and box["y"] + box["height"] <= size["height"] and box["width"] > 0


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
    page.click("button.esimerkki >> nth=3")
    page.wait_for_function("prev => document.querySelector('#tulos table').innerText !== prev", arg=before,
                           timeout=TIMEOUT)
    settled(page)  # the click's update has been answered, and no other waits: all it says, it has said
    said = page.evaluate("window.__said")
    assert len(said) == 1 and said[0].startswith("Esimerkki valittu: 3 henkilön") and "319,30 €" in said[0], said


@pytest.mark.parametrize("state", ["result", "error"])
def test_calculator_axe_with_a_result_and_with_an_error(page_for, state):
    """Every rule in each of CONDITIONS (phone and wide, light and dark), the width and the scheme changed in
    place on one page, as the site's audit does (tests/browser.py)."""
    visit = page_for(link(SCENARIO if state == "result" else BAD), viewport=(WIDTHS[0], PHONE[1]), wait_until="load")
    page = visit.page
    page.wait_for_selector(RESULT if state == "result" else ERRORS, timeout=TIMEOUT)
    found = check_conditions(page, dark_rules=None)
    violations = [f"{scheme}, {width} px: {line}" for (scheme, width), lines in found.items() for line in lines]
    assert list(found) == list(CONDITIONS) and not violations, f"calculator with {state}:\n" + "\n".join(violations)
    assert not visit.external_requests
