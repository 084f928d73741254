"""The proposal's changes view in the built HTML: del/ins with the right numbers, moves, filters, notices."""

import re

import pytest

from .conftest import ROOT, SOURCES
from .sites import site_for

# (section, table, row, current VAT price, proposed VAT price) as printed side by side in the seed.
KNOWN_CHANGES = [
    ("kunnan-jatteenkuljetus", "tyhjennys-kaksilokero", "astia-240", "8,01", "8,33"),
    ("kunnan-jatteenkuljetus", "tyhjennys-kaksilokero", "astia-370", "10,15", "10,55"),
    ("kunnan-jatteenkuljetus", "tyhjennys-kaksilokero", "astia-660", "14,66", "15,25"),
    ("kunnan-jatteenkuljetus", "tyhjennys-poltettava", "astia-140", "6,85", "7,12"),
    ("kunnan-jatteenkuljetus", "tyhjennys-poltettava", "astia-240", "8,87", "9,22"),
    ("kunnan-jatteenkuljetus", "tyhjennys-poltettava", "astia-360", "11,87", "12,35"),
    ("kunnan-jatteenkuljetus", "tyhjennys-poltettava", "astia-660", "15,19", "15,79"),
    ("kunnan-jatteenkuljetus", "tyhjennys-kartonki", "astia-240", "6,41", "6,69"),
    ("kunnan-jatteenkuljetus", "tyhjennys-kartonki", "rullakko", "7,32", "7,69"),
    ("kunnan-jatteenkuljetus", "tyhjennys-kartonki", "kunta-astia-660", "7,78", "8,09"),
    ("kunnan-jatteenkuljetus", "tyhjennys-lasipakkaus", "astia-140", "8,76", "9,11"),
    ("kunnan-jatteenkuljetus", "tyhjennys-lasipakkaus", "astia-660", "12,00", "12,49"),
    ("kunnan-jatteenkuljetus", "tyhjennys-metalli", "astia-360", "9,16", "9,56"),
    ("kunnan-jatteenkuljetus", "tyhjennys-metalli", "astia-660", "10,96", "12,49"),
    ("kunnan-jatteenkuljetus", "tyhjennys-muovi", "astia-240", "7,02", "7,29"),
    ("kunnan-jatteenkuljetus", "tyhjennys-muovi", "astia-660", "7,78", "8,09"),
    ("kunnan-jatteenkuljetus", "tyhjennys-nelilokero", "astia-370", "13,23", "13,78"),
    ("kunnan-jatteenkuljetus", "tyhjennys-nelilokero", "kunta-astia-660", "15,50", "16,11"),
    ("kunnan-jatteenkuljetus", "tyhjennys-muu-lasi", "astia-240", "14,80", "15,39"),
    ("kunnan-jatteenkuljetus", "tyhjennys-muu-lasi", "astia-660", "28,04", "29,15"),
    ("re-pisteet-ja-jateasemat", "re-vastaanottomaksut", "tietoturvapaperi-5kg", "10,12", "12,00"),
    ("re-pisteet-ja-jateasemat", "re-vastaanottomaksut", "tietoturvapaperi-lisamaksu", "2,02", "2,40"),
]


def page(site, path):
    return (site / path / "index.html").read_text(encoding="utf-8")


def row_html(html, row_anchor):
    match = re.search(rf'<tr id="{re.escape(row_anchor)}"[^>]*>(.*?)</tr>', html, re.S)
    assert match, row_anchor
    return match.group(1)


def test_known_changes_are_numbers_of_the_seed(seed_text):
    for *_, old, new in KNOWN_CHANGES:
        assert re.search(rf"\b{old}\s+{new}\b", seed_text), (old, new)
    assert len(KNOWN_CHANGES) >= 20


@pytest.mark.parametrize("section,table,row,old,new", KNOWN_CHANGES, ids=lambda v: str(v)[:24])
def test_change_renders_as_del_old_and_ins_new(built_site, section, table, row, old, new):
    cells = row_html(page(built_site, f"muutokset/{section}"), f"{table}--{row}")
    assert (
        f'<del class="poisto"><span class="visually-hidden">poistettu: </span>{old}</del> '
        f'<ins class="lisays"><span class="visually-hidden">lisätty: </span>{new}</ins>'
    ) in cells


def test_change_in_euros_and_per_cent(built_site):
    cells = row_html(page(built_site, "muutokset/kunnan-jatteenkuljetus"), "tyhjennys-poltettava--astia-240")
    assert "+0,35 € (+3,9\u00a0%)" in cells


def test_unchanged_rows_carry_no_change_markup(built_site):
    html = page(built_site, "muutokset/kunnan-jatteenkuljetus")
    for anchor in ("tyhjennys-bio--astia-140", "tyhjennys-nostoperusteiset--poltettava-sailio-800",
                   "tyhjennys-poltettava--irtoroskat"):
        cells = row_html(html, anchor)
        assert "<del" not in cells and "<ins" not in cells and "poikkeama" not in cells


def test_moved_tables_at_both_places(built_site):
    here = page(built_site, "muutokset/muut-kiinteistomaksut")
    section = re.search(r'<section[^>]* id="astiantoimitusmaksut".*?</section>', here, re.S).group(0)
    assert '<ins class="siirto-tanne"><span class="visually-hidden">siirretty tähän: </span>' in section
    assert "Siirretty kohdasta 8. Muut kuljetuspalvelut (taulukko 26)." in section
    assert 'href="../muut-kuljetuspalvelut/#astiantoimitusmaksut"' in section
    away = page(built_site, "muutokset/muut-kuljetuspalvelut")
    section = re.search(r'<section[^>]* id="astiantoimitusmaksut".*?</section>', away, re.S).group(0)
    assert ('<del class="siirto-pois"><span class="visually-hidden">siirretty pois: </span>'
            "Taulukko 26. Astiantoimitusmaksut</del>") in section
    assert "kohtaan 5. Muut kiinteistöittäiseen jätteenkuljetukseen liittyvät maksut (taulukko 20)" in section
    assert 'href="../muut-kiinteistomaksut/#astiantoimitusmaksut"' in section

    here = page(built_site, "muutokset/re-pisteet-ja-jateasemat")
    assert "Siirretty kohdasta 10. Jätehuoltokeskuksen maksut (taulukko 40)." in here
    away = page(built_site, "muutokset/jatehuoltokeskus")
    assert re.search(r'<del class="siirto-pois">.*?Taulukko 40\. ', away)
    assert "kohtaan 8. RE-pisteiden ja jäteasemien maksut (taulukko 31)" in away


def test_removed_and_renumbered(built_site):
    html = page(built_site, "muutokset/jatehuoltokeskus")
    table = re.search(r'<section[^>]* id="hyodynnettavat-muut-erat".*?</section>', html, re.S).group(0)
    assert "Taulukko poistuu ehdotuksessa." in table
    assert re.search(r'<del class="poisto"><span class="visually-hidden">poistettu: </span>10,12</del>', table)
    html = page(built_site, "muutokset/muut-kiinteistomaksut")
    assert ('Taulukko <del class="poisto"><span class="visually-hidden">poistettu: </span>20.</del> '
            '<ins class="lisays"><span class="visually-hidden">lisätty: </span>21.</ins>') in html


def test_only_changed_rows_filter_is_its_own_url(built_site):
    full = page(built_site, "muutokset/kunnan-jatteenkuljetus")
    changed = page(built_site, "muutokset/kunnan-jatteenkuljetus/muuttuneet")
    assert 'href="muuttuneet/"' in full and 'href="../"' in changed
    assert 'id="tyhjennys-bio--astia-140"' in full and 'id="tyhjennys-bio--astia-140"' not in changed
    assert 'id="tyhjennys-poltettava--astia-240"' in changed
    assert len(re.findall(r'<tr id="', changed)) < len(re.findall(r'<tr id="', full))


def test_deviation_flag_is_shown(built_site):
    cells = row_html(page(built_site, "muutokset/kunnan-jatteenkuljetus"), "tyhjennys-metalli--astia-660")
    stated = "Lakeuden jätelautakunnan pöytäkirja 26.11.2025 § 23, valmisteluteksti"  # its stated_changes' source
    note = (f"Huomio: muutos on +14,0\u00a0% (alv 0\u00a0%), kun ehdotuksessa kerrottu muutos on +4,0\u00a0% "
            f"(lähde: {stated}).")
    assert note in cells


def test_every_changes_page_has_the_legend(built_site):
    pages = list((built_site / "muutokset").rglob("index.html"))
    assert len(pages) >= 20
    for path in pages:
        assert 'class="muutosselite"' in path.read_text(encoding="utf-8") or path.parent.name == "muutokset", path


def test_text_part_changes(built_site):
    html = page(built_site, "muutokset/tekstiosa")
    assert ('<del class="poisto"><span class="visually-hidden">poistettu: </span>toimituspäivästä</del>' in html)
    assert '<ins class="lisays"><span class="visually-hidden">lisätty: </span>tilauspäivästä</ins>' in html
    assert 'id="kohta-2-1-5-1"' in html and 'class="muutosselite"' in html


def test_summary_page(built_site):
    html = page(built_site, "muutokset")
    # The chart is bars in an HTML table with real text; the largest average gets the full bar.
    assert 'class="kaavio"' not in html and 'class="palkki" style="width: 100%"' in html
    assert "8. Muut kuljetuspalvelut (poistuu)" in html and "8. RE-pisteiden ja jäteasemien maksut (ennen 9.)" in html
    # Where labels repeat in a table, the group tells them apart.
    labels = re.findall(r'<th scope="row" data-arvo="\d+"><a [^>]+>([^<]+)</a>', html)
    assert len(labels) == len(set(labels)), sorted({x for x in labels if labels.count(x) > 1})
    assert "data-lajiteltava" in html
    assert 'href="kunnan-jatteenkuljetus/#tyhjennys-poltettava--astia-240"' in html
    assert "esitetään 4\u00a0%:n korotusta" in html  # no line break before the sign (content/hooks/typography.py)


@pytest.mark.site
def test_consultation_notice_only_while_the_period_is_open():
    site = site_for(today="2025-12-15")
    for path in ("maksut/lakeus-2026-04-01/ekomaksut", "tekstiosa/lakeus-2026-04-01", "muutokset"):
        html = page(site, path)
        assert "Ehdotus on nähtävillä 3.12.2025–11.1.2026: voit antaa lausunnon" in html, path
        assert "PL 20, 60801 Ilmajoki" in html
    assert "voit antaa lausunnon" not in page(site, "maksut/lakeus-2025-05-01/ekomaksut")
    html = page(site_for(today="2026-01-12"), "maksut/lakeus-2026-04-01/ekomaksut")
    assert "voit antaa lausunnon" not in html
    assert "Ehdotus oli nähtävillä ja lausunnoille avoinna 3.12.2025–11.1.2026." in html


def test_consultation_data_comes_from_the_minutes():
    text = " ".join((SOURCES / "002_ea051a5be0ce889f.txt").read_text(encoding="utf-8").split())
    assert "varten 3.12.2025 - 11.1.2026 väliseksi ajaksi" in text
    assert (ROOT / "tariffs" / "lakeus" / "consultations" / "lakeus-2026-04-01.yaml").exists()
