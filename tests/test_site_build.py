"""The built site: prices in the HTML, version notices, text part, open data, published links."""

import base64
import csv
import datetime as dt
import io
import json
import re
import shutil
from html.parser import HTMLParser

import pytest
import yaml

from calculator.finnish import eur_fi
from sitebuild.authority import load_authority
from sitebuild.bundle import build_wheel, sha256_of
from sitebuild.site import build_site, check_links
from sitebuild.site_data import load_site_data
from sitebuild.status_wording import StatusWording
from sitebuild.table_cells import has_row_units, resident_first

from .conftest import ROOT, calculator_settings

LAKEUS_AUTHORITY = load_authority("lakeus")
LAKEUS_DATA = load_site_data("lakeus")
BUILD_DAY = dt.date.today()

SAMPLES = yaml.safe_load((ROOT / "tests" / "data" / "seed_prices.yaml").read_text(encoding="utf-8"))


class RowCells(HTMLParser):
    """Text of the cells of the table row with a given id."""

    def __init__(self, row_id: str):
        super().__init__()
        self.row_id, self.inside, self.cells = row_id, False, []

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.inside = dict(attrs).get("id") == self.row_id
        elif self.inside and tag in ("td", "th"):
            self.cells.append("")

    def handle_endtag(self, tag):
        if tag == "tr":
            self.inside = False

    def handle_data(self, data):
        if self.inside and self.cells:
            self.cells[-1] += data


def page_of(site, version, table_id):
    section = version.table(table_id).section_id
    return (site / "maksut" / version.id / section / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("table_id,row_id,column,now,proposed,snippet", SAMPLES, ids=lambda v: str(v)[:30])
def test_prices_in_html_match_the_data(built_site, current, proposal, table_id, row_id, column, now, proposed, snippet):
    for version, expected in ((current, now), (proposal, proposed)):
        if expected is None:
            continue
        table = version.table(table_id)
        row = table.row(row_id)
        parser = RowCells(f"{table_id}--{row_id}")
        parser.feed(page_of(built_site, version, table_id))
        value_cells = [c.strip() for c in parser.cells[1:]]
        order = [c.id for c in resident_first(table.columns)]  # the price a resident pays first
        position = order.index(column) + (1 if has_row_units(table) and order.index(column) > 0 else 0)
        assert value_cells[position] == expected == eur_fi(row.values[column])


def test_every_page_is_finnish_and_says_which_version(built_site, catalog):
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert '<html lang="fi"' in html, page
    for version in catalog.versions:
        for section in version.sections:
            html = (built_site / "maksut" / version.id / section.id / "index.html").read_text(encoding="utf-8")
            assert version.title in html
            assert StatusWording.on(LAKEUS_DATA, BUILD_DAY).sentence(version) in html


def test_tables_link_to_the_same_table_in_the_other_version(built_site, current, proposal):
    html = page_of(built_site, proposal, "astiantoimitusmaksut")
    assert 'href="../../lakeus-2025-05-01/muut-kuljetuspalvelut/#astiantoimitusmaksut"' in html
    html = page_of(built_site, current, "hyodynnettavat-muut-erat")
    assert "Tätä taulukkoa ei ole versiossa" in html


def test_text_part_in_force_and_proposed_from_one_file(built_site):
    now = (built_site / "tekstiosa" / "lakeus-2025-05-01" / "index.html").read_text(encoding="utf-8")
    new = (built_site / "tekstiosa" / "lakeus-2026-04-01" / "index.html").read_text(encoding="utf-8")
    assert "astian tilauspäivästä alkaen" in new and "astian toimituspäivästä alkaen" in now
    assert 'id="kohta-2-1-5-1"' in now and 'id="kohta-2-1-5-1"' in new
    assert "2.1.4 Nostoperusteisten säiliöiden tyhjennys" in new
    assert "2.1.4 Syväkeräyssäiliöiden ja suurten pintasäiliöiden tyhjennys" in now
    assert "{++" not in now + new and "{--" not in now + new and "{~~" not in now + new


def test_the_text_part_names_itself_not_the_fee_appendix(built_site):
    """Its status box and its link to the other version's text part say "tekstiosa"; the fee appendix is a link."""
    new = (built_site / "tekstiosa" / "lakeus-2026-04-01" / "index.html").read_text(encoding="utf-8")
    box = new[new.index('version-notice') : new.index("</div>", new.index('version-notice'))]
    title = "Kuntavastuullisen jätteen jätemaksutaksan tekstiosa 1.4.2026 alkaen (ehdotus)"
    assert f'<p class="admonition-title">{title}</p>' in box
    assert re.search(r'<a href="../lakeus-2025-05-01/">Sama kohta, [^:]*: Kuntavastuullisen jätteen '
                     r'jätemaksutaksan tekstiosa 1.5.2025 alkaen</a>', box), box
    assert "maksuliite" not in box


def test_price_list_shows_both_versions_and_links_to_rows(built_site):
    html = (built_site / "hinnasto" / "index.html").read_text(encoding="utf-8")
    row = re.search(r'<tr><th scope="row">240 l astia<span class="yksikko">€/kpl</span> <a[^>]*>Hintahistoria.*?</th>'
                    r"(.*?)</tr>", html).group(1)  # the unit in the label's cell: in view with the price on a phone
    assert re.match(r'<td class="price alv">8,87</td><td class="price alv">9,22</td><td class="lahde">', row), row
    assert "maksut/lakeus-2025-05-01/kunnan-jatteenkuljetus/#tyhjennys-poltettava--astia-240" in row


def test_price_list_says_which_table_a_row_is_from_where_the_label_does_not(built_site):
    """The holiday homes' eco fee: its row's label ("Ekomaksu vuosimaksuna") is that of table 2, "Ekomaksut
    vapaa-ajan asumisessa" (seed 002, table 2; the 2019 price list: "Vapaa-ajan asuntojen ekomaksu")."""
    html = (built_site / "hinnasto" / "index.html").read_text(encoding="utf-8")
    group = html[html.index("<caption") : html.index("</table>")]
    assert [re.sub(r"<[^>]+>", "", h) for h in re.findall(r'<th scope="rowgroup"[^>]*>(.*?)</th>', group)] == [
        "Ekomaksut vakituisessa asumisessa", "Ekomaksut vapaa-ajan asumisessa"]
    holiday = group[group.index("Ekomaksut vapaa-ajan asumisessa") :]
    assert re.search(r'<th scope="row">Ekomaksu vuosimaksuna<span class="yksikko">€/vuosi/rakennus</span>.*?</th>'
                     r'<td class="price alv">15,01</td><td class="price alv">15,01</td>', holiday)


def test_open_data_json_and_csv(built_site, catalog):
    for version in catalog.versions:
        data = json.loads((built_site / "data" / f"{version.id}.json").read_text(encoding="utf-8"))
        assert data["id"] == version.id
        rows = list(csv.DictReader(io.StringIO((built_site / "data" / f"{version.id}.csv").read_text("utf-8"))))
        values = [r for r in rows if r["value"]]
        assert len(values) == sum(len(r.values) for t in version.tables for r in t.rows)
    rows = csv.DictReader(io.StringIO((built_site / "data" / "lakeus-2026-04-01.csv").read_text("utf-8")))
    found = [r for r in rows if r["table_id"] == "tyhjennys-poltettava" and r["row_id"] == "astia-240"]
    assert {r["column_id"]: r["value"] for r in found} == {
        "transport": "4.26",
        "treatment": "3.09",
        "total": "7.35",
        "total_vat": "9.22",
    }


def test_every_published_anchor_exists(built_site):
    """The committed list of published link targets all resolve in the build."""
    ids: dict[str, set[str]] = {}
    for anchor in LAKEUS_AUTHORITY.published_anchors.read_text(encoding="utf-8").split():
        path, _, fragment = anchor.partition("#")
        page = built_site / path / "index.html"
        assert page.exists(), anchor
        if fragment:
            if path not in ids:
                ids[path] = set(re.findall(r'\sid="([^"]+)"', page.read_text(encoding="utf-8")))
            assert fragment in ids[path], anchor


@pytest.mark.site  # a whole build
def test_a_published_anchor_cannot_disappear_unless_it_moved(tmp_path, catalog):
    folder = tmp_path / "lakeus"
    shutil.copytree(LAKEUS_AUTHORITY.folder, folder)
    authority = load_authority(folder)
    published, moved = authority.published_anchors, authority.moved_anchors
    published.write_text(
        published.read_text(encoding="utf-8") + "maksut/lakeus-2026-04-01/vanha-osio/#vanha-taulukko\n",
        encoding="utf-8",
    )
    moved.write_text("[]\n", encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "marker").write_text("old", encoding="utf-8")
    problems = build_site(load_site_data(folder), site, today=BUILD_DAY)
    assert check_links(load_site_data(folder), BUILD_DAY) == problems  # --check finds what the build finds
    assert [p.field for p in problems] == ["maksut/lakeus-2026-04-01/vanha-osio/#vanha-taulukko"]
    assert "declare where it moved" in problems[0].message
    assert (site / "marker").read_text(encoding="utf-8") == "old"

    target = "maksut/lakeus-2026-04-01/kunnan-jatteenkuljetus/#tyhjennys-poltettava"
    moved.write_text(
        yaml.safe_dump(
            [{"from": "maksut/lakeus-2026-04-01/vanha-osio/#vanha-taulukko", "to": target, "reason": "testi"}]
        ),
        encoding="utf-8",
    )
    assert build_site(load_site_data(folder), site, today=BUILD_DAY) == []
    script = (site / "assets" / "moved-anchors.js").read_text(encoding="utf-8")
    assert '"maksut/lakeus-2026-04-01/vanha-osio/#vanha-taulukko": "' + target + '"' in script
    assert not (site / "marker").exists()
    stub = (site / "maksut" / "lakeus-2026-04-01" / "vanha-osio" / "index.html").read_text(encoding="utf-8")
    assert 'content="0; url=../kunnan-jatteenkuljetus/#tyhjennys-poltettava"' in stub


def test_linking_guide_example_scenario(built_site, catalog):
    import base64

    from calculator.api import handle_request

    html = (built_site / "linkitysohje" / "index.html").read_text(encoding="utf-8")
    encoded = re.search(r'href="\.\./laskuri/#s=([A-Za-z0-9_-]+)"', html).group(1)
    scenario = json.loads(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))
    result = handle_request(catalog, {"action": "compare", "scenario": scenario})
    assert (result["old"]["total_eur"], result["new"]["total_eur"]) == ("230.62", "239.72")


def test_linking_guide_example_comparison(built_site, catalog):
    """The guide's prepared comparison: test_alternatives.py's set-ups, hand-computed (454,76 / 463,86 €
    and 253,26 / 261,58 €), its link as sitebuild/urls.py writes it."""
    import base64

    from calculator.api import handle_request
    from sitebuild import urls

    html = (built_site / "linkitysohje" / "index.html").read_text(encoding="utf-8")
    a, b = re.search(r'href="\.\./laskuri/#s=([A-Za-z0-9_-]+)&amp;b=([A-Za-z0-9_-]+)"', html).groups()
    scenario, own = (json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))) for part in (a, b))
    assert urls.calculator_scenario(scenario, own) == f"laskuri/#s={a}&b={b}"
    result = handle_request(catalog, {"action": "compare", "form": scenario, "alternative_form": own})
    assert [result[s][t]["total_eur"] for s in "ab" for t in ("old", "new")] == ["454.76", "463.86", "253.26", "261.58"]


def test_calculator_page_weight(built_site):
    """The calculator page's own code and data (without the runtime and the snapshot), as sent: at most 150 KB."""
    from .bench import MAX_OWN_BYTES, own_bytes

    assert sum(own_bytes(built_site).values()) <= MAX_OWN_BYTES


def test_every_module_of_the_calculator_page_is_preloaded_and_kept_offline(built_site):
    """The modules the page's script imports, followed from import to import, are those the page preloads
    and the service worker keeps: an offline visit needs every one (sitebuild/offline.py)."""
    html = (built_site / "laskuri" / "index.html").read_text(encoding="utf-8")
    [entry] = re.findall(r'<script type="module" src="\.\./([^"]+)">', html)
    imported, todo = set(), [entry]
    while todo:
        module = todo.pop()
        imported.add(module)
        text = (built_site / module).read_text(encoding="utf-8")
        todo += [f"assets/{name}" for name in re.findall(r'^import .* from "\./([^"]+)";$', text, re.M)]
    preloaded = re.findall(r'<link rel="modulepreload" href="\.\./([^"]+)">', html)
    kept = json.loads(re.search(r"^var FILES = (.*);$", (built_site / "laskuri-sw.js").read_text(), re.M)[1])
    assert len(imported) > 1 and set(preloaded) == imported and imported <= set(kept)


def test_wheel_is_reproducible_and_checked(built_site, tmp_path):
    config = calculator_settings(built_site)
    wheel = built_site / "laskuri" / config["wheel"]["url"]
    assert sha256_of(wheel) == config["wheel"]["sha256"]
    assert sha256_of(build_wheel(tmp_path)) == config["wheel"]["sha256"]
    data = built_site / "laskuri" / config["data"]["url"]
    assert sha256_of(data) == config["data"]["sha256"]
    assert not list((built_site / "pyodide").rglob("*.map"))


def test_tables_keep_their_structure(built_site, current, proposal):
    """Every table keeps its thead and every header cell its scope (the MkDocs hook must not break markup)."""
    tables = {}
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        tables[page] = html.count("<table")
        assert tables[page] == html.count("<thead>"), page
        assert not re.search(r"<th\s+scope=\"\w+\"ead", html), page
        assert not re.search(r"<th(?=[\s>])(?![^>]*\bscope=)", html), page
    # The pages checked include every fee page, each with every table of its section.
    for version in (current, proposal):
        for section in version.sections:
            page = built_site / "maksut" / version.id / section.id / "index.html"
            assert tables.get(page, 0) >= len(section.tables) > 0, page


def card_texts(html: str) -> list[str]:
    """The example households' cards (macro household_card) of a page, as text."""
    return [" ".join(re.sub(r"<[^>]+>", " ", card).split()) for card in re.findall(r"<li><h3>.*?</li>", html, re.S)]


def test_front_page_starts_with_the_calculator_and_the_minutes_households(built_site):
    """The minutes' worked examples, priced by the pricing core at build time, to the cent, as a household pays
    them: with the eco fee of a permanent home in a house of one home (table 1: 12 × 3,75 € = 45,00 € in both),
    which the minutes leave out, and the minutes' figure without it beside."""
    html = (built_site / "index.html").read_text(encoding="utf-8")
    html = html[html.index("<article"):]  # the page's own content, not the navigation
    start, households, tariffs = (html.index(s) for s in (">Laske jätemaksusi<", "Mitä ehdotus tarkoittaa", ">Taksat<"))
    assert start < households < tariffs < html.index("linkitysohje/")
    cards = card_texts(html)
    assert len(cards) == 4
    eco_fee = ("Mukana ekomaksu, vakituinen asuminen, 1 asunto, 12 kk (45,00 €), jota lähteen esimerkissä ei ole. "
               "Ilman sitä, kuten lähteessä (Lakeuden jätelautakunnan pöytäkirja 26.11.2025, § 23):")
    assert ("Päätetty taksa 1.5.2025 86,10–92,95 € Ehdotus 1.4.2026 87,72–94,84 € Muutos 1,62–1,89 € (+2,0 %) "
            f"{eco_fee} 41,10–47,95 € ja 42,72–49,84 €.") in cards[0]
    assert ("Päätetty taksa 1.5.2025 308,90 € Ehdotus 1.4.2026 319,30 € Muutos 10,40 € (+3,4 %) "
            f"{eco_fee} 263,90 € ja 274,30 €.") in cards[3]
    link = re.search(r'href="laskuri/#s=([A-Za-z0-9_-]+)"', html).group(1)
    scenario = json.loads(base64.urlsafe_b64decode(link + "=" * (-len(link) % 4)))
    assert scenario == {"containers": [{"waste": "mixed", "volume_l": 140, "count": 1, "interval_weeks": 8}],
                        "household": {"kind": "permanent", "apartments": 1}}
    # The calculator shows the same cards, each with a button that fills the form with its household.
    calculator = (built_site / "laskuri" / "index.html").read_text(encoding="utf-8")
    examples = card_texts(calculator[calculator.index('class="esimerkit"'):calculator.index('id="laskuri-lomake"')])
    assert [card.split(" Täytä lomake")[0] for card in examples] == [c.split(" Avaa laskurissa")[0] for c in cards]
    assert calculator_settings(built_site)["presets"][0]["scenario"] == scenario


# What a resident reads, on every page of every authority's site: one spelling of each unit, no file names or
# program words, and no line break before a per cent sign (a no-break space: calculator/finnish.py for the
# site's numbers, content/hooks/typography.py for the texts).
NOT_FOR_RESIDENTS = {
    r"\d\s?m3\b": "m3 (the site writes m³)",
    r"€/tn\b": "€/tn (the site writes €/tonni)",
    r"€/h\b": "€/h (the site writes €/tunti)",
    r"\d %": "a per cent sign after a breaking space",
    r"lähdetiedosto|\.txt\b": "a source file's name",
    r"hinnoittelukoodi|Python|Pyodide": "program words",
}


def residents_text(page) -> str:
    """The text of a page's content (its <article>), without scripts, styles, comments and tags."""
    html = page.read_text(encoding="utf-8")
    html = re.sub(r"<script.*?</script>|<style.*?</style>|<!--.*?-->", " ", html, flags=re.S)
    article = re.search(r"<article.*?</article>", html, re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", article.group(0) if article else "").split(" "))


def test_residents_read_one_spelling_of_each_unit_and_no_technical_words(built_site):
    from .browser import built_sites

    found = []
    for site in built_sites().values():
        for page in sorted(site.rglob("index.html")):
            text = residents_text(page)
            for pattern, what in NOT_FOR_RESIDENTS.items():
                for match in re.finditer(pattern, text):
                    context = " ".join(text[max(0, match.start() - 40) : match.end() + 20].split())
                    found.append(f"{page.relative_to(site.parent)}: {what}: …{context}…")
    assert not found, f"{len(found)} finding(s):\n" + "\n".join(found[:40])
