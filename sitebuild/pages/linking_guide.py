"""The linking guide for municipalities (content/<id>/linkitysohje.md), where the authority has one."""

from __future__ import annotations

from .. import urls
from ..site_docs import SiteDocs


def build(site: SiteDocs) -> None:
    text = site.data.texts.linking_guide
    if text is not None:
        site.nav.append({"Linkitysohje kunnille": site.page(urls.LINKING_GUIDE, text)})
