"""The calculator page in Chromium: the Python core in Pyodide, driven as a user would."""

import base64
import json

import pytest
import yaml

from calculator.api import estimate_to_json
from calculator.estimate import estimate
from calculator.finnish import localize
from calculator.scenario import parse_scenario

from .browser import (  # noqa: F401
    _contexts,
    browser,
    page_for,
    print_problems,
    run_axe,
    set_scheme,
    site_dir,
    site_server,
)
from .conftest import ROOT

RESULT = "#tulos:not([hidden])"
TIMEOUT = 120_000
MINUTES = "Lakeuden jätelautakunnan pöytäkirja 26.11.2025, § 23"  # presets.yaml's source


def open_calculator(page_for, path="laskuri/", **kwargs):
    """The calculator once Python is ready and the page shows what its form asks (`settled`): a result
    read now is the first one, not an empty summary that the first result would look new against."""
    visit = page_for(path, wait_until="load", **kwargs)
    visit.page.wait_for_function("() => window.laskuri !== undefined")
    settled(visit.page)
    return visit


def totals(page):
    """(now, proposal, change) as the reader sees them in the summary table."""
    page.wait_for_selector(RESULT, timeout=TIMEOUT)
    cells = page.locator("#tulos table").first.locator("tbody td")
    return [cells.nth(i).inner_text().split("\n")[0].strip() for i in range(3)]


def wait_for_new_result(page, previous):
    page.wait_for_function(
        "prev => { const t = document.querySelector('#tulos:not([hidden]) table'); return t && t.innerText !== prev; }",
        arg=previous, timeout=TIMEOUT)


def settled(page):
    """Waits until Python is ready and the page shows what its form asks: no update waits for its moment and
    no question for its answer (laskuri.js marks #laskuri with data-updating until then)."""
    page.wait_for_selector("#laskuri[data-start]:not([data-updating])", state="attached", timeout=TIMEOUT)


def theme_started(page):
    """Waits until the theme's script, which this page holds until its first result is on its way
    (content/overrides/laskuri.html), has started, and two animation frames have been drawn since: what
    its start moves has moved by then. (Material's document$ emits once the theme has started.)"""
    page.wait_for_function("() => window.document$ !== undefined", timeout=TIMEOUT)
    page.evaluate("""() => new Promise(resolve => window.document$.subscribe(() =>
        requestAnimationFrame(() => requestAnimationFrame(() => resolve(true)))))""")


def summary_text(page):
    return page.evaluate("(document.querySelector('#tulos:not([hidden]) table') || {}).innerText || ''")


def test_form_gives_the_minutes_totals(page_for):
    page = open_calculator(page_for).page
    page.check("input[name=asuminen][value='']")
    page.select_option("#field-containers-0-waste", "mixed")
    page.select_option("#field-containers-0-volume_l", "140")
    before = summary_text(page)
    page.select_option("#field-containers-0-interval_weeks", "8")
    wait_for_new_result(page, before)
    assert totals(page)[:2] == ["41,10–47,95 €", "42,72–49,84 €"]
    summary = page.locator("#tulos table").first.locator("tbody th")
    assert summary.nth(1).inner_text().startswith("Ehdotus 1.4.2026 alkaen")  # labelled by its status, not "in force"
    link = page.locator("#tulos .historia-linkki").first
    assert link.get_attribute("href") == "../hintahistoria/tyhjennys-poltettava/#astia-140"
    link.click()
    page.wait_for_url("**/hintahistoria/tyhjennys-poltettava/#astia-140")
    assert page.locator("#astia-140 h2").inner_text().startswith("140 l astia")


def test_keyboard_only(page_for):
    """Dual 370 l every 2 weeks, entered with the keyboard alone: 263,90 € now, 274,30 € proposed."""
    page = open_calculator(page_for).page
    page.wait_for_selector(RESULT, timeout=TIMEOUT)
    page.focus("input[name=asuminen][value=permanent]")
    page.keyboard.press("ArrowDown")  # Vapaa-ajan asunto
    page.keyboard.press("ArrowDown")  # Muu asuminen
    page.keyboard.press("ArrowDown")  # Jätä ekomaksu pois
    assert page.is_checked("input[name=asuminen][value='']")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "field-containers-0-waste":
            break
    assert page.evaluate("document.activeElement.id") == "field-containers-0-waste"
    before = summary_text(page)
    page.keyboard.press("ArrowDown")  # Poltettava jäte -> Biojäte
    page.keyboard.press("ArrowDown")  # -> Kaksilokeroastia
    assert page.input_value("#field-containers-0-waste") == "dual"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "field-containers-0-volume_l"
    page.keyboard.press("ArrowDown")  # 240 l -> 370 l
    assert page.input_value("#field-containers-0-volume_l") == "370"
    wait_for_new_result(page, before)
    page.wait_for_function("() => document.querySelector('#tulos table').innerText.includes('263,90')",
                           timeout=TIMEOUT)
    assert totals(page)[:3] == ["263,90 €", "274,30 €", "10,40 € (+3,9\u00a0%)"]


@pytest.mark.parametrize("index,now,proposed,minutes", [
    (1, "173,16–181,17 €", "178,28–186,61 €", "128,16–136,17 € ja 133,28–141,61 €"),
    (2, "275,62 €", "284,72 €", "230,62 € ja 239,72 €")])  # fmt: skip
def test_presets(page_for, index, now, proposed, minutes):
    """An example as a household pays it: the minutes' example with the eco fee of a permanent home in a house
    of one home (table 1: 12 × 3,75 € = 45,00 € in both), which the minutes leave out, said with the minutes'
    figure beside, until the visitor changes the form."""
    page = open_calculator(page_for).page
    page.wait_for_selector(RESULT, timeout=TIMEOUT)
    page.click(f"button.esimerkki >> nth={index}")  # the third is the empty form's household: no new total
    page.wait_for_selector("#tulos-esimerkki:not([hidden])", timeout=TIMEOUT)
    settled(page)
    assert totals(page)[:2] == [now, proposed]
    assert "3,75 € × 12" in page.locator("#tulos tbody tr", has_text="Ekomaksu").inner_text()
    note = page.inner_text("#tulos-esimerkki")
    assert note.startswith("Esimerkki: " + page.locator("#laskuri .taloudet h3").nth(index).inner_text())
    assert note.endswith("Mukana ekomaksu, vakituinen asuminen, 1 asunto, 12 kk (45,00 €), jota lähteen esimerkissä "
                         f"ei ole. Ilman sitä, kuten lähteessä ({MINUTES}): {minutes}.")
    page.fill("#field-household-apartments", "2")
    page.wait_for_selector("#tulos-esimerkki", state="hidden", timeout=TIMEOUT)
    settled(page)
    assert totals(page)[:2] != [now, proposed]


def test_shared_link_reproduces_the_result(page_for):
    page = open_calculator(page_for).page
    page.wait_for_selector(RESULT, timeout=TIMEOUT)
    before = summary_text(page)
    page.click("button.esimerkki >> nth=3")
    wait_for_new_result(page, before)
    expected = totals(page)
    link = page.get_attribute("#jaa-linkki", "href")
    assert "#s=" in link
    other = open_calculator(page_for, "laskuri/" + link[link.index("#"):]).page
    other.wait_for_function("() => document.querySelector('#tulos:not([hidden]) table')", timeout=TIMEOUT)
    assert totals(other) == expected
    assert other.input_value("#field-containers-0-volume_l") == "370"


def link_of(scenario_json: str) -> str:
    return "#s=" + base64.urlsafe_b64encode(scenario_json.encode()).decode().rstrip("=")


def test_the_forms_link_is_the_text_it_has_always_been(page_for):
    """Typed with decimal commas and spaces, the form's link holds the very JSON text the page's JavaScript
    wrote before Python read the form (calculator/form.py): links made before and after mean the same."""
    page = open_calculator(page_for).page
    page.fill("#field-containers-0-carry_distance_m", " 12,5 ")
    page.fill("#field-containers-0-count", "02")
    page.select_option("#field-extras-sludge-0-type", "septic")
    page.fill("#field-extras-sludge-0-volume_m3", "4,5")
    page.fill("#field-extras-sludge-0-extra_work_hours", "0,5")
    settled(page)
    expected = link_of(
        '{"containers":[{"waste":"mixed","volume_l":240,"count":2,"interval_weeks":2,"carry_distance_m":"12.5"}],'
        '"extras":{"sludge":[{"type":"septic","volume_m3":"4.5","emptyings":1,"extra_work_hours":"0.5"}]},'
        '"household":{"kind":"permanent","apartments":1}}')
    assert page.evaluate("location.hash") == expected
    assert page.get_attribute("#jaa-linkki", "href").endswith("/laskuri/" + expected)
    assert page.input_value("#field-containers-0-carry_distance_m") == " 12,5 "  # what the visitor typed stays


def test_a_links_numbers_are_shown_as_python_writes_them(page_for):
    """A link's decimals written with a point, and a size no option has, are shown as Python writes them."""
    scenario = ('{"containers":[{"waste":"dual","volume_l":1500,"count":1,"interval_weeks":2,'
                '"carry_distance_m":"12.5"}],"extras":{"sludge":[{"tanks":[{"type":"septic","volume_m3":"3.5"},'
                '{"type":"closed_tank","volume_m3":"4"}],"emptyings":1}]}}')
    page = open_calculator(page_for, "laskuri/" + link_of(scenario)).page
    assert page.input_value("#field-containers-0-carry_distance_m") == "12,5"
    assert page.input_value("#field-extras-sludge-0-volume_m3") == "3,5"
    assert page.locator("#field-containers-0-volume_l option:checked").inner_text() == "1,5 m³ (1500 l)"
    assert page.evaluate("location.hash") == link_of(scenario)  # read back, the same link


def test_bad_input_shows_a_finnish_error_next_to_the_field(page_for):
    page = open_calculator(page_for).page
    page.wait_for_selector(RESULT, timeout=TIMEOUT)
    page.fill("#field-containers-0-count", "0")
    error = page.locator("#field-containers-0-count-virhe")
    error.wait_for(timeout=TIMEOUT)
    assert error.inner_text() == "Anna luku väliltä 1–1000."
    assert page.get_attribute("#field-containers-0-count", "aria-invalid") == "true"
    summary = page.locator("#virheet a[href='#field-containers-0-count']")
    assert summary.inner_text() == "Montako samanlaista astiaa: Anna luku väliltä 1–1000."
    page.fill("#field-containers-0-count", "1")
    page.wait_for_selector("#virheet", state="hidden", timeout=TIMEOUT)


def test_tampered_link_gives_an_error_and_an_empty_form(page_for):
    visit = open_calculator(page_for, "laskuri/#s=eyJjb250YWluZXJzIjpb")  # cut-off JSON
    page = visit.page
    page.wait_for_selector("#virheet:not([hidden])", timeout=TIMEOUT)
    assert "linkin laskelma on virheellinen" in page.inner_text("#virheet").lower()
    assert page.input_value("#field-containers-0-waste") == "mixed"


def test_calculator_page_accessibility_and_no_third_party_requests(page_for):
    """Every rule in the light and the dark scheme (changed in place) with the first result, with an error and
    with a result again."""
    visit = open_calculator(page_for)
    page = visit.page
    theme_started(page)  # the scheme is the theme's to change

    def violations() -> dict[str, list[str]]:
        found = {}
        for scheme in ("dark", "light"):  # the page is light when asked
            found[page.evaluate("document.body.getAttribute('data-md-color-scheme')")] = run_axe(page)
            set_scheme(page, scheme)
        return found

    clean = {"default": [], "slate": []}  # the theme's names for the light and the dark scheme
    assert violations() == clean
    page.wait_for_selector(RESULT, timeout=TIMEOUT)
    page.fill("#field-containers-0-count", "0")
    page.locator("#field-containers-0-count-virhe").wait_for(timeout=TIMEOUT)
    assert violations() == clean
    page.fill("#field-containers-0-count", "2")
    page.wait_for_selector(RESULT, timeout=TIMEOUT)
    assert violations() == clean
    assert visit.external_requests == []


def test_without_webassembly_a_message_and_the_price_list(browser, site_server):
    context = browser.new_context()
    context.add_init_script("delete window.WebAssembly;")
    page = context.new_page()
    page.goto(site_server.url("laskuri/"))
    message = page.locator("#laskuri .admonition")
    message.wait_for()
    assert "Selaimesi ei tue laskurin tarvitsemaa WebAssemblyä" in message.inner_text()
    assert page.get_attribute("#laskuri .admonition a", "href") == "../hinnasto/"
    page.wait_for_function("() => document.documentElement.classList.contains('js')")  # the theme's script ran
    context.close()


def test_breakdown_links_each_line_to_its_row_and_rule(page_for):
    """A municipal property with 15 m³ of sludge from a shared link: the lines name, link and explain, and
    print whole."""
    scenario = {"customer": "municipal", "containers": [{"waste": "plastic", "volume_l": 360, "interval_weeks": 4}],
                "extras": {"sludge": [{"type": "septic", "volume_m3": "15"}]}}
    encoded = base64.urlsafe_b64encode(json.dumps(scenario).encode()).decode().rstrip("=")
    page = open_calculator(page_for, "laskuri/#s=" + encoded).page
    page.wait_for_selector(RESULT, timeout=TIMEOUT)
    assert page.is_checked("input[name=customer][value=municipal]")
    assert page.is_hidden("fieldset[data-asiakas=housing]")
    transport = page.locator("#tulos tbody tr", has_text="Lietteen kuljetusmaksu")
    assert "83,48 € × 2" in transport.inner_text()
    link = transport.locator("a", has_text="Taulukko 26: Lietteen kuljetusmaksu")
    assert link.get_attribute("href") == "../maksut/lakeus-2026-04-01/lietteet/#lietteet-tyhjennys--kuljetusmaksu"
    rule = transport.locator("details.saanto")
    assert rule.locator("summary").inner_text() == "Peruste: Tekstiosan kohta 3.1.3"
    rule.locator("summary").click()
    assert "yli 14 m³" in rule.inner_text()
    assert rule.locator("a").get_attribute("href") == "../tekstiosa/lakeus-2026-04-01/#kohta-3-1-3"
    plastic = page.locator("#tulos tbody tr", has_text="Muovipakkausjäte 360 l")
    assert "Taulukko 13: 360 l astia" in plastic.inner_text() and "7,50 € × 13" in plastic.inner_text()
    # On paper: every column of the result's tables, no bar over it on every page, no relative address.
    assert print_problems(page) == []
    link.click()
    page.wait_for_url("**/maksut/lakeus-2026-04-01/lietteet/#lietteet-tyhjennys--kuljetusmaksu")
    assert page.locator("#lietteet-tyhjennys--kuljetusmaksu").is_visible()


def test_a_line_shows_its_flag_and_split_and_the_calendar_downloads(page_for, tmp_path):
    """The proposal's metal 660 l price carries its "⚠ Tarkistettava" reason; an emptying line shows one
    emptying's price split as table 6 splits it (seed 002 line 1407); "Lisää kalenteriin" saves the
    emptying days as an .ics file made by Python in the page (every fourth Wednesday from 7.1.2026)."""
    import datetime as dt

    import icalendar

    scenario = {"date": "2026-01-01", "containers": [
        {"waste": "mixed", "volume_l": 240, "interval_weeks": 4, "first_emptying": "2026-01-07"},
        {"waste": "metal", "volume_l": 660, "interval_weeks": 8}]}  # fmt: skip
    page = open_calculator(page_for, "laskuri/" + link_of(json.dumps(scenario))).page
    page.wait_for_selector(RESULT, timeout=TIMEOUT)
    breakdown = page.locator("#tulos table").nth(1).inner_text()
    assert "Tarkistettava: Ehdotuksessa painettu 8,73 → 9,95 €" in breakdown
    assert "Yksikköhinta: Kuljetus 4,26 € + Käsittely 3,09 € = 7,35 € (alv 0\u00a0%), 9,22 € sis. alv" in breakdown
    with page.expect_download(timeout=TIMEOUT) as saved:
        page.get_by_role("button", name="Lisää kalenteriin (.ics-tiedosto)").click()
    download = saved.value
    assert download.suggested_filename == "tyhjennykset.ics"
    path = tmp_path / "tyhjennykset.ics"
    download.save_as(path)
    events = icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    every_fourth_wednesday = [dt.date(2026, 1, 7) + dt.timedelta(weeks=4 * k) for k in range(13)]
    assert [e.decoded("DTSTART") for e in events] == every_fourth_wednesday
    page.wait_for_function("() => document.querySelector('.kalenteri-tila').textContent.includes('13 tyhjennystä')")
