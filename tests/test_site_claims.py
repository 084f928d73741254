"""What a site says about its authority comes from the authority's data, or is not said.

A fixture authority with every optional field of authority.yaml empty (no roles, municipalities,
or contact details) gets pages that claim none of them; the same authority with those
fields gets each of them, so every check below can fail.
"""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from pathlib import Path

import pytest
import yaml

from sitebuild.authority import Authority
from sitebuild.site import build_site
from sitebuild.site_data import load_site_data

pytestmark = pytest.mark.site  # whole builds (no calculator: no Node)

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


def test_empty_optional_fields_make_no_claims(tmp_path, monkeypatch):
    site = fixture_site(tmp_path, monkeypatch, REQUIRED)
    found = pages(site)
    assert set(found) == {"", "linkitysohje"}
    text = " ".join(visible(html) for html in found.values())
    assert "Tämän sivuston lähteissä ei ole päättäjän yhteystietoja." in text  # where to ask: the data's words
    for claim in ("Yhteystiedot", "Kunnat", "Kuka hoitaa mitä", "järjestäjä", "pöytäkirja", " on voimassa"):
        assert claim not in text, claim


def test_the_same_authority_with_its_optional_fields_says_each(tmp_path, monkeypatch):
    site = fixture_site(tmp_path, monkeypatch, REQUIRED | OPTIONAL)
    found = pages(site)
    front = visible(found[""])
    assert "Yhteystiedot ovat sivuston etusivulla." in front and OPTIONAL["contact"][0] in front
    assert "Kunnat Esimerkkilä" in front
    assert "Kuka hoitaa mitä" in front and "Esimerkki Oy laskuttaa maksut. (Lähde: taksan 2 §.)" in front
    assert "Esimerkkilautakunta (lähde: taksan 1 §)" in front
