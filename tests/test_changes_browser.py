"""The four change colours meet 4.5:1 against their own background, in light and dark schemes; the changes
bar steps through the changes; the current change is marked clearly, its changed cell in view."""

import re

import pytest

from .browser import _contexts, browser, load_axe, page_for, site_dir, site_server  # noqa: F401

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
    current = page.locator("tr.muutos-valittu")
    assert current.evaluate(MARKED) and current.evaluate(CHANGED_CELL_SHOWN)
    page.get_by_role("button", name="Edellinen").click()
    assert f"Muutos {count}/{count}" in bar.inner_text() and first
    box = bar.bounding_box()
    assert box["height"] < 60, box  # one line, also on a phone
    if viewport[0] < 720:  # phones: at the bottom of the screen, over no table header
        assert box["y"] + box["height"] == pytest.approx(viewport[1], abs=1)
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport[0]


# The row's first changed cell: whether it is in view beside the row's label (which stays put on a phone).
CHANGED_CELL_SHOWN = """(row) => {
    const cell = [...row.cells].find(c => c.tagName === 'TD' && c.querySelector('ins, del'));
    const r = cell.getBoundingClientRect(), label = row.cells[0].getBoundingClientRect();
    return r.left >= label.right - 1 && r.right <= innerWidth + 1 && r.bottom > 0 && r.top < innerHeight;
}"""
# How the current change looks: each cell tinted (not the page's background) and a bar at the row's start.
MARKED = """(row) => {
    const page = getComputedStyle(document.body).backgroundColor;
    return [...row.cells].every(c => getComputedStyle(c).backgroundColor !== page
        && getComputedStyle(c).backgroundColor !== 'rgba(0, 0, 0, 0)')
        && getComputedStyle(row.cells[0]).boxShadow.includes('inset');
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_linked_change_is_marked_clearly_with_its_changed_cell_in_view(page_for, scheme):
    """A link to a changed row (#row) makes it the current change: tinted with a bar at its start (its text still
    4.5:1, axe), counted in the bar, and when its table has been scrolled sideways its first changed cell comes
    back beside the row's label."""
    path = "muutokset/kunnan-jatteenkuljetus/"
    page = page_for(path + "#tyhjennys-poltettava--astia-360", color_scheme=scheme, viewport=(320, 640)).page
    row = page.locator("#tyhjennys-poltettava--astia-360")
    assert "muutos-valittu" in row.get_attribute("class")
    assert row.evaluate(MARKED)
    assert re.search(r"Muutos \d+/\d+\.", page.locator("nav.muutosnavi").inner_text())
    load_axe(page)
    assert page.evaluate("""() => axe.run('.muutos-valittu', {runOnly: ['color-contrast']})
        .then(result => result.violations.map(v => v.nodes.map(n => n.target.join(' '))))""") == []
    # The reader scrolls the table to its right end, then follows a link to the next row.
    row.evaluate("row => { row.closest('.table-scroll').scrollLeft = 10000; }")
    following = page.locator("#tyhjennys-poltettava--astia-660")
    assert not following.evaluate(CHANGED_CELL_SHOWN)
    page.evaluate("() => { location.hash = '#tyhjennys-poltettava--astia-660'; }")
    page.wait_for_function("() => document.querySelector('#tyhjennys-poltettava--astia-660.muutos-valittu') !== null")
    assert following.evaluate(CHANGED_CELL_SHOWN) and following.evaluate(MARKED)
    assert "muutos-valittu" not in row.get_attribute("class")
