"""The linking guide for municipalities (content/<id>/linkitysohje.md), where the authority has one."""

from __future__ import annotations

from .. import urls


def build(site) -> None:
    page = site.content_file("linkitysohje.md")
    if page is not None:
        site.nav.append({"Linkitysohje kunnille": site.page(urls.LINKING_GUIDE, page.read_text(encoding="utf-8"))})
