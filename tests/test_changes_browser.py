"""The four change colours meet 4.5:1 against their own background, in light and dark schemes."""

import pytest

from .browser import _contexts, browser, page_for, site_dir, site_server  # noqa: F401

CONTRAST = """() => {
  const channel = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
  const rgb = text => text.match(/[\\d.]+/g).map(Number);
  const luminance = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  const background = el => {
    for (; el; el = el.parentElement) {
      const c = rgb(getComputedStyle(el).backgroundColor);
      if (c.length < 4 || c[3] > 0) { return c.slice(0, 3); }
    }
    return [255, 255, 255];
  };
  const result = {};
  for (const selector of ["del.poisto", "ins.lisays", "ins.siirto-tanne", "del.siirto-pois"]) {
    const el = document.querySelector(".muutosselite " + selector);
    const [a, b] = [luminance(rgb(getComputedStyle(el).color).slice(0, 3)), luminance(background(el))];
    const style = getComputedStyle(el);
    result[selector] = {ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05),
                        line: style.textDecorationLine, style: style.textDecorationStyle};
  }
  return result;
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_change_colours_contrast_and_decoration(page_for, scheme):
    page = page_for("muutokset/kunnan-jatteenkuljetus/", color_scheme=scheme).page
    found = page.evaluate(CONTRAST)
    for selector, measured in found.items():
        assert measured["ratio"] >= 4.5, (scheme, selector, measured)
    # Removed and moved away differ by more than colour: one line or two (and a sign), also in grayscale print.
    assert (found["del.poisto"]["line"], found["del.poisto"]["style"]) == ("line-through", "solid")
    assert (found["del.siirto-pois"]["line"], found["del.siirto-pois"]["style"]) == ("line-through", "double")
    assert found["ins.lisays"]["line"] == "underline"
    assert (found["ins.siirto-tanne"]["line"], found["ins.siirto-tanne"]["style"]) == ("underline", "dashed")


def test_summary_tables_sort_by_column(page_for):
    page = page_for("muutokset/").page
    table = page.locator("table[data-lajiteltava]").first
    header = table.locator("thead th").nth(4)
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    values = [float(v) for v in table.locator("tbody td:nth-child(5)").evaluate_all(
        "cells => cells.map(c => c.getAttribute('data-arvo'))")]
    assert values == sorted(values)
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "descending"
    values = [float(v) for v in table.locator("tbody td:nth-child(5)").evaluate_all(
        "cells => cells.map(c => c.getAttribute('data-arvo'))")]
    assert values == sorted(values, reverse=True)


@pytest.mark.parametrize("viewport", [(320, 640), (1280, 800)], ids=["phone", "wide"])
def test_changes_page_counts_its_changes_and_steps_through_them(page_for, viewport):
    page = page_for("muutokset/kunnan-jatteenkuljetus/", viewport=viewport).page
    bar = page.locator("nav.muutosnavi")
    count = int(bar.locator("p").text_content().split(":")[1].split(".")[0])
    assert bar.locator("p").text_content().startswith(f"Muutoksia tällä sivulla: {count}.")
    marked = page.evaluate("document.querySelectorAll('.md-content tr:has(ins, del)').length")
    assert count >= marked > 10
    page.get_by_role("button", name="Seuraava").click()
    assert "Muutos 1/" in bar.inner_text()
    first = page.evaluate("document.activeElement.closest('.muutos-valittu') !== null")
    page.get_by_role("button", name="Edellinen").click()
    assert f"Muutos {count}/{count}" in bar.inner_text() and first
    box = bar.bounding_box()
    assert box["height"] < 60, box  # one line, also on a phone
    if viewport[0] < 720:  # phones: at the bottom of the screen, over no table header
        assert box["y"] + box["height"] == pytest.approx(viewport[1], abs=1)
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport[0]
