"""What a site says about its authority comes from the authority's data, or is not said.

A fixture authority with every optional field of authority.yaml empty (no roles, municipalities,
contact details or site address) gets pages that claim none of them; the same authority with those
fields gets each of them, so every check below can fail.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from html import unescape
from pathlib import Path

import pytest
import yaml

from calculator.finnish import localize
from sitebuild.authority import Authority
from sitebuild.export import history_to_csv, history_to_data, version_to_csv
from sitebuild.pages.home import leaves_out_note
from sitebuild.presets import Presets
from sitebuild.price_history import PriceHistory
from sitebuild.site import build_site
from sitebuild.site_data import load_site_data

TODAY = dt.date(2026, 12, 7)  # after the fixture proposal's planned start: the pages say whom to ask
REQUIRED = {
    "id": "esimerkki",
    "site_name": "Esimerkin jätetaksa",
    "site_description": "Testiaineisto",
    "board": {"name": "Esimerkkilautakunta", "source": "taksan 1 §"},
    "official_documents": "Lähteet eivät kerro, missä viralliset asiakirjat julkaistaan.",
    "official_prevails": "Virallinen asiakirja ratkaisee.",
}
OPTIONAL = {
    "roles": [{"who": "Esimerkki Oy", "says": "Esimerkki Oy laskuttaa maksut.", "source": "taksan 2 §"}],
    "municipalities": ["Esimerkkilä"],
    "contact": ["Esimerkkilautakunta, PL 1, 00001 Esimerkkilä"],
    "site_url": "https://taksa.example.fi/esimerkki/",
}
VERSION_OPTIONAL = {"operator_role": {"title": "Kuljetus ja laskutus", "source": "taksan 2 §"}}
VERSION_PAGE = "maksut/esimerkki-2025-01-01"
VERSION = {
    "id": "esimerkki-2025-01-01",
    "title": "Taksa 1.1.2025 alkaen (ehdotus)",
    "authority": "Esimerkkilautakunta",
    "operator": "Esimerkki Oy",
    "status": "proposal",
    "valid_from": dt.date(2025, 1, 1),
    "lifecycle": {"checked": dt.date(2026, 11, 30)},
    "source": {"document": "esimerkki.txt", "title": "Esimerkin taksaehdotus", "transcribed": False},
    "vat_percent": 24,
    "column_sets": {"price": [{"id": "vat0", "label": "Hinta"}, {"id": "vat", "label": "Hinta", "vat_of": ["vat0"]}]},
    "sections": [{"id": "maksut", "number": "1", "title": "Maksut", "tables": [{
        "id": "perusmaksu", "number": 1, "title": "Perusmaksu", "row_header": "Asunto", "unit": "€/vuosi",
        "columns": "price",
        "rows": [{"id": "asunto", "label": "Asunto", "values": {"vat0": "10.00", "vat": "12.40"}}]}]}],
}


def fixture_site(tmp_path: Path, monkeypatch, fields: dict, version: dict = VERSION) -> Path:
    folder, content = tmp_path / "tariffs" / "esimerkki", tmp_path / "content"
    for path, text in {
        folder / "authority.yaml": yaml.safe_dump(fields, allow_unicode=True),
        folder / "versions" / "esimerkki-2025-01-01.yaml": yaml.safe_dump(version, allow_unicode=True),
        folder / "links" / "published-anchors.txt": "",
        content / "index.md": "# Esimerkin jätetaksa\n\nTestisivusto.\n",
        content / "linkitysohje.md": "# Linkitysohje\n\nTestisivu.\n",
    }.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    monkeypatch.setattr(Authority, "content", property(lambda self: content))
    site = tmp_path / "site"
    assert build_site(load_site_data(folder), site, update_anchors=True, today=TODAY) == []
    return site


def pages(site: Path) -> dict[str, str]:
    """Every page's HTML by its site-relative address ("" for the front page)."""
    return {p.parent.relative_to(site).as_posix().removeprefix("."): p.read_text(encoding="utf-8")
            for p in sorted(site.rglob("index.html"))}


def visible(html: str) -> str:
    """A page's text as a visitor reads it (the search index's copy in the head left out)."""
    body = html[html.index("<body"):]
    body = re.sub(r"<(script|template|style)\b.*?</\1>", " ", body, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", body)))


@pytest.mark.site  # a whole build (no calculator: no Node)
def test_empty_optional_fields_make_no_claims(tmp_path, monkeypatch):
    site = fixture_site(tmp_path, monkeypatch, REQUIRED)
    found = pages(site)
    assert set(found) == {"", "linkitysohje", "avoin-data", VERSION_PAGE, VERSION_PAGE + "/maksut"}
    text = " ".join(visible(html) for html in found.values())
    assert "Tämän sivuston lähteissä ei ole päättäjän yhteystietoja." in text  # where to ask: the data's words
    assert "Päättäjä Esimerkkilautakunta" in visible(found[VERSION_PAGE])
    assert "Esimerkki Oy" not in text  # the version's operator is named only with its role and source
    for claim in ("Yhteystiedot", "Kunnat", "Kuka hoitaa mitä", "järjestäjä", "pöytäkirja", " on voimassa"):
        assert claim not in text, claim
    assert not (site / "sitemap.xml").exists() and not (site / "sitemap.xml.gz").exists()
    assert not any('rel="canonical"' in html for html in found.values())
    assert sorted(p.name for p in (site / "assets").glob("*.js")) == ["moved-anchors.js", "site.js"]


@pytest.mark.site
def test_the_same_authority_with_its_optional_fields_says_each(tmp_path, monkeypatch):
    site = fixture_site(tmp_path, monkeypatch, REQUIRED | OPTIONAL, VERSION | VERSION_OPTIONAL)
    found = pages(site)
    assert "Kuljetus ja laskutus Esimerkki Oy (lähde: taksan 2 §)" in visible(found[VERSION_PAGE])
    front = visible(found[""])
    assert "Yhteystiedot ovat sivuston etusivulla." in front and OPTIONAL["contact"][0] in front
    assert "Kunnat Esimerkkilä" in front
    assert "Kuka hoitaa mitä" in front and "Esimerkki Oy laskuttaa maksut. (Lähde: taksan 2 §.)" in front
    assert "Esimerkkilautakunta (lähde: taksan 1 §)" in front
    base = OPTIONAL["site_url"]
    for page, html in found.items():
        assert f'<link rel="canonical" href="{base}{page + "/" if page else ""}">' in html, page
    listed = re.findall(r"<loc>([^<]+)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8"))
    assert sorted(listed) == sorted(base + (page + "/" if page else "") for page in found)


@pytest.mark.parametrize("site_url", [None, "https://taksa.example.fi/"])
def test_open_data_gives_absolute_addresses_of_published_rows_when_the_site_address_is_known(site_url):
    """Every `url` of the version and history CSV and of the history JSON is the site's address plus a
    published link target; without the site's address there is no `url` (a relative one would lead nowhere
    from a downloaded file)."""
    data = load_site_data("lakeus")
    published = set(data.links.listed)
    history = PriceHistory(data.catalog, data.row_maps).series
    tables = [csv.DictReader(io.StringIO(version_to_csv(v, site_url))) for v in data.catalog.versions]
    tables.append(csv.DictReader(io.StringIO(history_to_csv(history, site_url))))
    rows = [row for table in tables for row in table]
    rows += [point for item in history_to_data(history, site_url) for point in item["points"]]
    assert len(rows) > 1000
    if site_url is None:
        assert not any("url" in row for row in rows)
        return
    for row in rows:
        target = row["url"].removeprefix(site_url)
        assert row["url"].startswith(site_url) and "--" in target.partition("#")[2] and target in published, target


# What the templates once said of every authority; each is Lakeus's own source, so no page may say it
# unless its data does.
FIXED_CLAIMS = ("Jätelautakunnan pöytäkirjan", "Pöytäkirjan esimerkkitaloudet", "kuten ei pöytäkirjassakaan",
                "Pöytäkirjan yhteenveto", "pöytäkirjassa kerrotusta", "asettaneen pöytäkirjan",
                "pöytäkirjan esimerkissä", "kuten pöytäkirjassa")


def test_an_example_gives_its_sources_figure_only_with_the_source():
    """An example is shown as a household pays it (its `household`: the eco fee the minutes leave out); the
    source's own figure beside it, and the word that the source leaves something out, only when presets.yaml
    names the source. Whether the examples leave out the eco fee is read from what the pages show."""
    presets = load_site_data("lakeus").presets
    example = presets.examples[2]  # 3 persons, 240 l every 2nd week: 230,62 € and 239,72 € in the minutes
    shown = localize(example.full_comparison)
    assert (shown["old"]["total_fi"], shown["new"]["total_fi"]) == ("275,62 €", "284,72 €")
    assert leaves_out_note(example, None) is None
    assert leaves_out_note(example, presets.source) == (
        "Mukana ekomaksu, vakituinen asuminen, 1 asunto, 12 kk (45,00 €), jota lähteen esimerkissä ei ole. Ilman"
        " sitä, kuten lähteessä (Lakeuden jätelautakunnan pöytäkirja 26.11.2025, § 23): 230,62 € ja 239,72 €.")
    assert not presets.without_basic_fee
    bare = [type(p)(p.name, p.scenario, p.comparison, p.scenario, p.comparison) for p in presets.examples]
    assert Presets(tuple(bare), presets.source).without_basic_fee  # without `household`: no eco fee shown
    assert leaves_out_note(bare[2], presets.source) is None  # and nothing left out to say


def test_lakeus_says_where_each_claim_comes_from(built_site):
    """The examples, the operator, the main changes, the stated change and the planned decision each carry
    the source their data gives (the minutes of 26.11.2025, seed 002)."""
    found = pages(built_site)
    minutes = "Lakeuden jätelautakunnan pöytäkirja 26.11.2025, § 23"
    front = visible(found[""])
    assert f"Esimerkkien lähde: {minutes}." in front
    assert ("sisältävät arvonlisäveron 25,5 %. Ekomaksu eli perusmaksu lisätään jäteastian tyhjennysten lisäksi"
            " jätehuollon todelliseen kokonaisvuosikustannukseen, eikä se sisälly pöytäkirjan esimerkkeihin."
            " Kun tyhjennysten") in front  # fmt: skip
    # The examples are priced as a household pays them, eco fee and all: nothing says they leave it out, and
    # each card gives the minutes' own figure beside, naming them.
    assert "ilman ekomaksua" not in front and "Esimerkeissä ei ole ekomaksua" not in front
    assert front.count(f"jota lähteen esimerkissä ei ole. Ilman sitä, kuten lähteessä ({minutes}):") == 4
    calculator = visible(found["laskuri"])
    assert (f"Esimerkkitaloudet (lähde: {minutes}). Ne on laskettu valmiiksi samalla laskurilla. Valinta täyttää"
            " lomakkeen") in calculator
    assert "ilman ekomaksua (perusmaksua)" not in calculator
    for version, source in (("lakeus-2026-04-01", "tekstiosan yleistiedot"), ("lakeus-2025-05-01", "tekstiosan"
                            " yleistiedot"), ("lakeus-2019", "hinnaston johdanto")):  # fmt: skip
        assert f"Jätehuollon järjestäjä Lakeuden Etappi Oy (lähde: {source})" in visible(found[f"maksut/{version}"])
    changes = visible(found["muutokset"])
    assert f"Merkittävimmät muutokset ovat nämä (lähde: {minutes} Jätemaksutaksa 1.4.2026): Poltettavan" in changes
    stated = "(lähde: Lakeuden jätelautakunnan pöytäkirja 26.11.2025 § 23, valmisteluteksti)"  # stated_changes
    assert f"Hintoja, joiden muutos poikkeaa ehdotuksessa kerrotusta muutoksesta +4,0 % {stated}: 10" in changes
    assert f"Hintoja, joiden muutos poikkeaa ehdotuksessa kerrotusta muutoksesta ±0,0 % {stated}: 0" in changes
    for page, html in found.items():
        assert not [claim for claim in FIXED_CLAIMS if claim in visible(html)], page
