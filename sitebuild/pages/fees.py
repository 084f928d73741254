"""The fee appendix: one page per version (facts and contents) and one per section with its tables."""

from __future__ import annotations

from calculator.model import Status, TariffVersion

from .. import urls
from ..site_docs import SiteDocs

ORDER = {Status.IN_FORCE: 0, Status.PROPOSAL: 1, Status.HISTORICAL: 2}


def other_version(site: SiteDocs, version: TariffVersion) -> TariffVersion | None:
    return site.catalog.proposal_for(version) or site.catalog.baseline_of(version)


def build(site: SiteDocs) -> None:
    for version in sorted(site.catalog.versions, key=lambda v: (ORDER[v.status], v.valid_from)):
        if not version.sections:
            continue
        other = other_version(site, version)
        pages = [{"Taksan tiedot": site.render(urls.version(version.id), "version.md.j2", index=True,
                                               version=version, other=other)}]  # fmt: skip
        for section in version.sections:
            page = urls.section(version.id, section.id)
            file = site.render(
                page, "section.md.j2", version=version, section=section, other=other,
            )  # fmt: skip
            pages.append({f"{section.number}. {section.title}": file})
            for table in section.tables:
                site.anchors.anchor(page, table.id)
                for row in table.rows:
                    site.anchors.anchor(page, urls.table_anchor(table.id, row.id))
        site.nav.append({f"Maksut: {version.title}": pages})
