"""The household price list on a 375 × 800 phone: the first price on the first screen (before: 1,087 px down, under
a ten-line status paragraph, which is now one line that opens), the proposal's column head in a few lines (before:
eight), and the holiday homes' eco fee under its own heading. The audit checks every table's unit and price at
320 px (tests/browser.py, PHONE_CHECKS)."""

from __future__ import annotations

from .browser import _contexts, browser, page_for, site_dir, site_server  # noqa: F401 - fixtures are found by name

PHONE = (375, 800)
LINES = """th => { const range = document.createRange(); range.selectNodeContents(th);
    return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size; }"""


def test_on_a_phone_the_price_list_starts_with_prices(page_for):  # noqa: F811 - imported fixture
    page = page_for("hinnasto/", viewport=PHONE).page
    first = page.locator(".md-content tbody td.alv").first
    box = first.bounding_box()
    assert first.inner_text() == "3,75" and box["y"] + box["height"] <= PHONE[1], box
    status = page.locator(".md-content details.tilanne")
    assert status.count() == 1 and not status.evaluate("d => d.open")
    assert status.locator("summary").inner_text().startswith("Ehdotus 1.4.2026 alkaen (päätöstä ei ole kirjattu).")
    heads = page.locator(".md-content thead").first.locator("th.alv")
    assert heads.nth(1).inner_text().startswith("Ehdotus 1.4.2026, € sis. alv")
    assert heads.nth(1).evaluate(LINES) <= 4
    heading = page.locator("th[scope=rowgroup]", has_text="Ekomaksut vapaa-ajan asumisessa")
    holiday = page.locator(".md-content tbody", has=heading)
    assert holiday.locator("th[scope=row]").inner_text().startswith("Ekomaksu vuosimaksuna")


def test_on_a_phone_every_price_history_link_is_a_target_a_finger_can_hit(page_for):  # noqa: F811
    """WCAG 2.2's 2.5.8 size: at least 24 × 24 px (before: 78 × 16 px, kept only by axe's spacing exception)."""
    page = page_for("hinnasto/", viewport=PHONE).page
    boxes = page.locator(".md-content a.historia-linkki").evaluate_all(
        "links => links.map(a => a.getBoundingClientRect()).map(r => [r.width, r.height])")
    assert len(boxes) > 40 and all(w >= 24 and h >= 24 for w, h in boxes), sorted(boxes, key=lambda b: b[1])[:3]
