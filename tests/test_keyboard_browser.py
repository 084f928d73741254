"""By keyboard alone, as a person with the Tab key: the skip link first, to the start of the content; no focus
off the screen (on a phone the closed side menu takes none, and once opened its links do); the calculator's
first field a few key presses from the top of the page on a wide screen.

These walk a few pages key by key; the audit (tests/test_site_browser.py, PHONE_CHECKS) checks the same on
every page from the page's controls in one evaluation.
"""

from __future__ import annotations

import contextlib

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .browser import _SETTLED as SETTLED
from .browser import _contexts, browser, page_for, site_dir, site_server  # noqa: F401 - fixtures are found by name
from .test_calculator_browser import open_calculator, theme_started

PHONE = (375, 700)
# The focused control, or where it is drawn (the theme's scheme toggle is a radio button drawn by the label after
# it), and whether its box is in the screen (the browser scrolls a focused control into view).
FOCUSED = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    let r = el.getBoundingClientRect();
    const drawn = el.nextElementSibling;
    if (!r.width && !r.height && drawn && drawn.tagName === 'LABEL') r = drawn.getBoundingClientRect();
    return {
        name: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' ' +
            JSON.stringify((el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 40)),
        box: [r.left, r.top, r.right, r.bottom].map(Math.round).join(' ') + ' in ' + innerWidth + '×' + innerHeight,
        inView: (r.width > 0 || r.height > 0) && r.left >= -1 && r.right <= innerWidth + 1
            && r.bottom > 0 && r.top < innerHeight,
        inContent: !!el.closest('.md-content'),
        skip: el.matches('a.md-skip'),
        field: !!el.closest('#laskuri') && ['INPUT', 'SELECT'].includes(el.tagName),
    };
}"""
MOST_STOPS = 400
SLIDE_MS = 2000  # the theme's transitions take 250 ms


def walk(page) -> list[dict]:
    """Every Tab stop from the top of the page until the focus leaves the page (or MOST_STOPS). As a person
    would, the next key after a stop in or just after the page's header waits until what the stop started has
    moved (the theme's search slides in when its field takes the focus, and out when the focus leaves it; until
    it is out, the page does not scroll), and a stop out of sight gets up to SLIDE_MS to come into sight."""
    stops = []
    for _ in range(MOST_STOPS):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUSED)
        if stop is not None and not (stop["inContent"] and stops and stops[-1]["inContent"]):
            page.evaluate(SETTLED)
            stop = page.evaluate(FOCUSED)
        if stop is not None and not stop["inView"]:
            with contextlib.suppress(PlaywrightTimeout):
                page.wait_for_function(f"() => ({FOCUSED})().inView", timeout=SLIDE_MS)
            stop = page.evaluate(FOCUSED)
        if stop is None or (stops and stop["skip"]):
            break
        stops.append(stop)
    return stops


@pytest.mark.parametrize("path", ["", "hinnasto/"], ids=["/", "/hinnasto/"])
def test_on_a_phone_the_skip_link_comes_first_and_no_focus_is_off_the_screen(page_for, path):  # noqa: F811
    page = page_for(path, viewport=PHONE).page
    stops = walk(page)
    assert stops and stops[0]["skip"], stops[:1]
    off = [f"{stop['name']} at {stop['box']}" for stop in stops if not stop["inView"]]
    assert not off, f"/{path}: {len(off)} of {len(stops)} Tab stops out of sight at {PHONE[0]} px: {off[:5]}"
    # The skip link goes to the content's start: the next stop is the content's first control (on the
    # front page its first action, "Laske jätemaksusi").
    page.goto(page.url.split("#")[0], wait_until="load")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "paasisalto"
    page.keyboard.press("Tab")
    first = page.evaluate("""() => {
        const controls = '.md-content :is(a[href], button, summary, [tabindex="0"])';
        const first = [...document.querySelectorAll(controls)]
            .find(el => el.checkVisibility({visibilityProperty: true}));
        return {isFirst: document.activeElement === first, text: document.activeElement.textContent.trim()};
    }""")
    assert first["isFirst"] and page.evaluate(FOCUSED)["inView"], first
    if path == "":
        assert first["text"] == "Laske jätemaksusi"

def test_on_a_phone_the_opened_side_menu_takes_focus(page_for):  # noqa: F811
    """Closed, the drawer's links take no focus (above); opened, they do, and they are on the screen."""
    page = page_for("hinnasto/", viewport=PHONE).page
    page.click("label.md-header__button[for='__drawer']")
    link = page.locator(".md-sidebar--primary .md-nav__link[href]").first
    link.focus()
    page.wait_for_function("() => document.activeElement.closest('.md-sidebar--primary') !== null")
    page.wait_for_function("""() => { const r = document.activeElement.getBoundingClientRect();
        return r.left >= 0 && r.right <= innerWidth; }""")


def test_the_calculators_first_field_is_a_few_keys_away_on_a_wide_screen(page_for):  # noqa: F811
    """Before the skip link, 103 Tab presses at 1280 px (the side menu's links first); now Tab, Enter and a few."""
    page = open_calculator(page_for).page
    theme_started(page)
    presses = 0
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["skip"]
    page.keyboard.press("Enter")
    presses = 2
    while not page.evaluate(FOCUSED)["field"] and presses < MOST_STOPS:
        page.keyboard.press("Tab")
        presses += 1
    assert presses <= 10, presses
