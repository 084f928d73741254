"""The docs folder being written: pages as Markdown, their navigation and the anchors they publish."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from calculator.model import TariffVersion

from . import urls
from .links import Anchors
from .price_history import PriceHistory
from .render import Renderer
from .site_data import SiteData
from .status_wording import StatusWording

LICENCE = "CC0 1.0"


def versions_in(context: dict) -> list[TariffVersion]:
    """The versions a page's template context names (a diff names its two), oldest first."""
    found = {v.id: v for v in context.values() if isinstance(v, TariffVersion)}
    found |= {v.id: v for v in context.get("versions", ()) if isinstance(v, TariffVersion)}
    for value in context.values():
        for version in (getattr(value, "old", None), getattr(value, "new", None)):
            if isinstance(version, TariffVersion):
                found[version.id] = version
    return sorted(found.values(), key=lambda v: v.valid_from)


class SiteDocs:
    """The docs folder being written from the site's data: pages, their navigation and the anchors they publish."""

    def __init__(self, data: SiteData, docs: Path, today: dt.date):
        self.data, self.docs, self.today = data, docs, today
        self.authority, self.catalog, self.consultations = data.authority, data.catalog, data.consultations
        self.status = StatusWording.on(data, today)
        self.history = PriceHistory(data.catalog, data.row_maps)
        self.renderer = Renderer(
            today,
            authority=data.authority,
            licence=LICENCE,
            status=self.status,
            status_word=self.status.word,
            status_fi=self.status.sentence,
            consultation_for=lambda version: self.consultations.get(version.id),
            history_url=self.history.url,
        )
        self.anchors = Anchors()
        self.nav: list = []

    def write(self, path: str, text: str) -> None:
        target = self.docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def page(
        self, page: str, text: str, index: bool = False, versions: Iterable[TariffVersion] = (), searched: bool = True
    ) -> str:
        """Write the Markdown of a page at site-relative address `page`; return its file for the nav.

        The page ends with where its data comes from: `versions` (default: every version). A page that
        repeats what other pages hold (`searched=False`) stays out of the search index.
        """
        file = urls.markdown_file(page, index)
        shown = list(versions) or sorted(self.catalog.versions, key=lambda v: v.valid_from)
        sources = self.renderer.env.get_template("data_sources.md.j2").render(versions=shown)
        if not searched:
            if text.startswith("---"):
                raise ValueError(f"{page}: a page with its own front matter sets search.exclude there")
            text = "---\nsearch:\n  exclude: true\n---\n" + text
        self.write(file, f"{text.rstrip()}\n\n{sources}\n")
        self.anchors.page(page)
        return file

    def render(self, page: str, template: str, index: bool = False, searched: bool = True, **context: object) -> str:
        text = self.renderer.render(template, page, **context)
        return self.page(page, text, index, versions_in(context), searched)
