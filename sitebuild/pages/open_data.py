"""Open data: every version with price tables as JSON and CSV, and the page that explains them."""

from __future__ import annotations

import json

from .. import urls
from ..export import version_to_csv, version_to_data
from ..site_docs import SiteDocs


def build(site: SiteDocs) -> None:
    versions = [v for v in site.catalog.versions if v.sections]
    if not versions:
        return
    for version in versions:
        text = json.dumps(version_to_data(version), ensure_ascii=False, indent=1)
        site.write(urls.data_file(version.id, "json"), text + "\n")
        site.write(urls.data_file(version.id, "csv"), version_to_csv(version, site.authority.site_url))
    page = site.render(urls.OPEN_DATA, "avoin-data.md.j2", versions=versions, history=bool(site.history.series))
    site.nav.append({"Avoin data": page})
