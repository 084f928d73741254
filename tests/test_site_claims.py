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

from sitebuild.authority import Authority
from sitebuild.export import history_to_csv, history_to_data, version_to_csv
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
VERSION = {
    "id": "esimerkki-2025-01-01",
    "title": "Taksa 1.1.2025 alkaen (ehdotus)",
    "authority": "Esimerkkilautakunta",
    "operator": "Esimerkki Oy",
    "status": "proposal",
    "valid_from": dt.date(2025, 1, 1),
    "lifecycle": {"checked": dt.date(2026, 11, 30)},
    "source": {"document": "esimerkki.txt", "title": "Esimerkin taksaehdotus"},
    "sections": [],
}


def fixture_site(tmp_path: Path, monkeypatch, fields: dict) -> Path:
    folder, content = tmp_path / "tariffs" / "esimerkki", tmp_path / "content"
    for path, text in {
        folder / "authority.yaml": yaml.safe_dump(fields, allow_unicode=True),
        folder / "versions" / "esimerkki-2025-01-01.yaml": yaml.safe_dump(VERSION, allow_unicode=True),
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
    assert set(found) == {"", "linkitysohje"}
    text = " ".join(visible(html) for html in found.values())
    assert "Tämän sivuston lähteissä ei ole päättäjän yhteystietoja." in text  # where to ask: the data's words
    for claim in ("Yhteystiedot", "Kunnat", "Kuka hoitaa mitä", "järjestäjä", "pöytäkirja", " on voimassa"):
        assert claim not in text, claim
    assert not (site / "sitemap.xml").exists() and not (site / "sitemap.xml.gz").exists()
    assert not any('rel="canonical"' in html for html in found.values())
    assert sorted(p.name for p in (site / "assets").glob("*.js")) == ["moved-anchors.js", "site.js"]


@pytest.mark.site
def test_the_same_authority_with_its_optional_fields_says_each(tmp_path, monkeypatch):
    site = fixture_site(tmp_path, monkeypatch, REQUIRED | OPTIONAL)
    found = pages(site)
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
