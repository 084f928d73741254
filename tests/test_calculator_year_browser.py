"""A resident's year in Chromium: the month grids of the emptying days, "Vertaa toiseen vaihtoehtoon" (both
set-ups under both tariffs, to the cent), its link both ways, and the bad dates and alternatives told on
their fields while the other set-up's result stays. Two page loads.

Hand-computed (seed 002: table 6 line 1407, mixed 240 l 8,87 → 9,22 €; table 7 line 1438, bio 140 l 6,89 €;
table 5 line 1362, dual 240 l 8,01 → 8,33 €; table 4 line 1328, paper invoice 2,02 €; table 17 line 1882,
washing 16,26 €; eco fee 3,75 €/month), the same figures `python -m calculator compare A.json --with B.json`
prints (asserted through its function, run_compare):
- A: mixed 240 l every 4th Wednesday from 7.1.2026 (13 emptyings) and bio 140 l every 2 weeks (26):
  45 + 13 × 8,87 + 26 × 6,89 = 339,45 €; 45 + 13 × 9,22 + 179,14 = 344,00 €.
- B: one dual 240 l every 2 weeks, 2 paper invoices, 1 washing: 45 + 26 × 8,01 + 4,04 + 16,26 = 273,56 €;
  45 + 26 × 8,33 + 20,30 = 281,88 €. B − A: −65,89 € (−19,4 %) and −62,12 € (−18,1 %).
"""

from __future__ import annotations

from calculator.api import run_compare
from sitebuild import urls

from .browser import _contexts, browser, page_for, run_axe, site_dir, site_server  # noqa: F401
from .test_calculator_browser import RESULT, TIMEOUT, open_calculator, settled

HOME = {"kind": "permanent", "apartments": 1}
MIXED = {"waste": "mixed", "volume_l": 240, "count": 1, "interval_weeks": 4, "first_emptying": "2026-01-07"}
A = {"containers": [MIXED, {"waste": "bio", "volume_l": 140, "count": 1, "interval_weeks": 2}], "household": HOME}
B = {"containers": [{"waste": "dual", "volume_l": 240, "count": 1, "interval_weeks": 2}],
     "extras": {"paper_invoices": 2, "washings": 1}}  # fmt: skip
B_UNPRICED = {"containers": [{"waste": "dual", "volume_l": 999, "count": 1, "interval_weeks": 2}]}  # an old link's size
TOTALS = [["Nykyinen", "339,45 €", "344,00 €"], ["Vaihtoehto", "273,56 €", "281,88 €"],
          ["Ero", "-65,89 € (−19,4 %)", "-62,12 € (−18,1 %)"]]  # fmt: skip
COMPARISON = ".vertailu table"
B_FIELD = "#field-alternative-containers-0-"
SHOWN_MONTH = ".kuukaudet table.kuukausi.valittu"


def comparison(page) -> list[list[str]]:
    """The comparison's rows as the reader sees them: the set-up, then a total under each tariff."""
    rows = page.locator(COMPARISON).first.locator("tbody tr")
    return [[" ".join(cell.split()) for cell in rows.nth(i).locator("th, td").all_inner_texts()]
            for i in range(rows.count())]  # fmt: skip


def wait_for(page, text, where=COMPARISON):
    page.wait_for_function("([where, text]) => { const found = document.querySelector(where); "
                           "return found && found.innerText.replace(/\\s+/g, ' ').includes(text); }",
                           arg=[where, text], timeout=TIMEOUT)  # fmt: skip


def visible_months(page) -> list[str]:
    return page.eval_on_selector_all(".kuukaudet table.kuukausi", "ts => ts.filter(t => t.offsetParent)"
                                     ".map(t => t.caption.textContent)")  # fmt: skip


def test_a_years_months_and_a_second_set_up_from_a_link_to_the_cent(page_for, catalog):
    """An old link's unpriceable alternative is told on its field with set-up A's result kept; the resident
    fixes it and changes B; the four totals; the month grids at 320 px, by keyboard and in print; the link."""
    page = open_calculator(page_for, urls.calculator_scenario(A, B_UNPRICED), viewport=(320, 800)).page
    error = page.locator(B_FIELD + "volume_l-virhe")
    error.wait_for(timeout=TIMEOUT)
    assert error.inner_text() == "Tälle jätelajille ei ole 999 litran astiaa; valitse jokin näistä: 240, 370, 660 l."
    assert page.get_attribute(B_FIELD + "volume_l", "aria-invalid") == "true"
    assert page.locator("#virheet a").inner_text().startswith("Astian koko: Tälle jätelajille ei ole 999")
    assert comparison(page) == [TOTALS[0], ["Vaihtoehto"] + ["ei laskettu: tarkista tiedot"] * 2]

    page.select_option(B_FIELD + "volume_l", "240")
    page.fill("#field-alternative-extras-paper_invoices", "2")
    page.fill("#field-alternative-extras-washings", "1")
    wait_for(page, "281,88 €")
    settled(page)
    assert page.locator("#virheet").is_hidden()
    assert comparison(page) == TOTALS
    day = {"date": "2026-12-07"}
    cli = run_compare(dict(A, **day), catalog, alternative=dict(A, **B, **day))  # `compare A.json --with B.json`
    assert [cli[s][t]["total_eur"] for s in ("a", "b") for t in ("old", "new")] == [
        "339.45", "344.00", "273.56", "281.88"]  # fmt: skip
    made_of = page.locator(COMPARISON).nth(1).locator("tbody tr", has_text="Biojäte 140 l").inner_text()
    assert " ".join(made_of.split()) == "Biojäte 140 l, 1 kpl, joka 2. viikko 179,14 € → 0,00 € -179,14 € " \
                                        "179,14 € → 0,00 € -179,14 €"
    # The page's link holds both set-ups, as the site's builder writes a prepared comparison.
    assert page.get_attribute("#jaa-linkki", "href").endswith("/" + urls.calculator_scenario(A, B))

    # The month grid: January first (the first emptying's month), its ISO weeks, the marked day.
    assert visible_months(page) == ["Tammikuu 2026: 1 tyhjennys"]
    january = page.locator(SHOWN_MONTH)
    assert january.locator("thead th [aria-hidden]").all_text_contents() == [
        "vk", "ma", "ti", "ke", "to", "pe", "la", "su"]  # fmt: skip
    assert january.locator("thead th .visually-hidden").all_text_contents()[:2] == ["viikko", "maanantai"]
    assert january.locator("tbody th [aria-hidden]").all_text_contents() == ["1", "2", "3", "4", "5"]
    assert january.locator("tbody th .visually-hidden").first.text_content() == "viikko 1"
    seventh = january.locator("td[data-date='2026-01-07']")
    assert seventh.get_attribute("class") == "merkitty"
    assert seventh.locator(".merkki").text_content() == "1"
    assert seventh.locator(".visually-hidden").text_content() == ": Jäteastia 1: Poltettava jäte 240 l"
    assert january.locator("td.merkitty").count() == 1
    assert january.locator("tbody tr").first.locator("td").all_text_contents()[:4] == ["", "", "", "1"]  # a Thursday
    previous, following = (page.get_by_role("button", name=name) for name in ("‹ Edellinen kuukausi",
                                                                               "Seuraava kuukausi ›"))  # fmt: skip
    assert previous.is_disabled()
    following.focus()  # the washings field's change, told as it loses the focus, is answered first
    settled(page)
    for _ in range(3):  # by keyboard to April
        page.keyboard.press("Enter")
    assert visible_months(page) == ["Huhtikuu 2026: 2 tyhjennystä, taksa vaihtuu"]
    wait_for(page, "Huhtikuu 2026: 2 tyhjennystä, taksa vaihtuu", "#ilmoitus")  # said to a screen reader
    start = page.locator(SHOWN_MONTH + " td[data-date='2026-04-01']")
    assert start.locator(".merkki").all_text_contents() == ["1", "T"]
    assert start.locator(".visually-hidden").text_content() == (
        ": Jäteastia 1: Poltettava jäte 240 l; Taksa vaihtuu: Ehdotus 1.4.2026 alkaen (päätöstä ei ole kirjattu)")
    assert [td.get_attribute("data-date") for td in page.locator(SHOWN_MONTH + " td.merkitty").all()] == [
        "2026-04-01", "2026-04-29"]  # fmt: skip
    for button in (previous, following):  # side by side on a 320 px phone, both in view
        box = button.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 320 and box["height"] >= 24
    assert previous.bounding_box()["y"] == following.bounding_box()["y"]
    page.fill("#field-alternative-extras-washings", "1")  # the next result keeps the month and the focus
    following.focus()
    settled(page)
    assert visible_months(page) == ["Huhtikuu 2026: 2 tyhjennystä, taksa vaihtuu"]
    assert page.evaluate("document.activeElement.id") == "kuukausi-seuraava"
    assert page.evaluate("document.documentElement.scrollWidth") == 320
    page.emulate_media(media="print")
    assert len(visible_months(page)) == 12 and following.is_hidden()  # the whole year on paper
    page.emulate_media(media="screen")
    assert run_axe(page) == []

    # A day the calendar lacks in B, then a first emptying under neither tariff in A: each on its field,
    # the other set-up's result kept.
    page.fill(B_FIELD + "first_emptying", "30.2.2026")
    message = page.locator(B_FIELD + "first_emptying-virhe")
    message.wait_for(timeout=TIMEOUT)
    assert message.inner_text() == "Päivää 30.2.2026 ei ole: helmikuussa 2026 on 28 päivää."
    assert comparison(page)[0] == TOTALS[0] and page.locator("#tulos table").first.is_visible()
    page.fill(B_FIELD + "first_emptying", "")
    wait_for(page, "281,88 €")
    page.fill("#field-containers-0-first_emptying", "3.1.2024")
    message = page.locator("#field-containers-0-first_emptying-virhe")
    message.wait_for(timeout=TIMEOUT)
    assert message.inner_text() == ("Päivälle 3.1.2024 ei ole vertailtavaa taksaa: taksat ovat voimassa "
                                    "1.5.2025 alkaen.")  # fmt: skip
    settled(page)
    assert comparison(page) == [["Nykyinen"] + ["ei laskettu: tarkista tiedot"] * 2, TOTALS[1]]
    assert page.locator(".kuukaudet").count() == 0


def test_the_link_opens_both_set_ups_and_b_starts_as_a_copy(page_for):
    """The link of the first test opens the same comparison (the round trip); without set-up B the link is
    the old single one; "Vertaa toiseen vaihtoehtoon" copies A, so B's totals are A's."""
    page = open_calculator(page_for, urls.calculator_scenario(A, B), viewport=(375, 800)).page
    page.wait_for_selector(RESULT, timeout=TIMEOUT)
    wait_for(page, "281,88 €")
    assert comparison(page) == TOTALS
    assert (page.input_value(B_FIELD + "volume_l"), page.input_value("#field-alternative-extras-washings")) == (
        "240", "1")  # fmt: skip
    assert page.input_value("#field-containers-0-first_emptying") == "7.1.2026"  # as Python writes a date
    page.get_by_role("button", name="Poista vaihtoehto").click()
    page.wait_for_selector(COMPARISON, state="detached", timeout=TIMEOUT)
    settled(page)
    assert page.evaluate("location.hash") == "#" + urls.calculator_scenario(A).split("#")[1]  # the old link form
    assert page.evaluate("document.activeElement.id") == "vertaa"
    page.keyboard.press("Enter")
    wait_for(page, "Vaihtoehto 339,45 € 344,00 €")
    assert page.evaluate("document.activeElement.id") == "field-alternative-containers-0-waste"
    assert comparison(page)[2] == ["Ero", "0,00 € (±0,0 %)", "0,00 € (±0,0 %)"]
    assert page.locator("#vaihtoehto-astiat .astia").count() == 2
