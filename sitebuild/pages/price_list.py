"""The household price list: the rows of content/<id>/hinnasto.yaml, now and as proposed."""

from __future__ import annotations

from calculator.model import Row, TariffVersion

from .. import urls
from ..site_docs import SiteDocs


def _row_or_none(version: TariffVersion | None, table_id: str, row_id: str) -> Row | None:
    try:
        return version.table(table_id).row(row_id) if version else None
    except KeyError:
        return None


def build(site: SiteDocs) -> None:
    price_list = site.data.price_list
    current, proposal = site.catalog.current_and_proposal()
    if price_list is None or current is None:
        return
    groups = []
    for group in price_list.groups:
        rows = []
        for table_id in group.tables:
            table = current.table(table_id)
            for row in table.rows:
                if (row.key or {}).get("segment") == "municipal" or row.price_vat is None:
                    continue
                if group.rows is not None and row.id not in group.rows:
                    continue
                rows.append((table, row, _row_or_none(proposal, table_id, row.id)))
        groups.append({"title": group.title, "rows": rows, "label_with_table": group.label_with_table})
    site.render(
        urls.PRICE_LIST, "hinnasto.md.j2", price_list=price_list, groups=groups, current=current, proposal=proposal,
    )  # fmt: skip
    site.nav.append({"Kotitalouksien hinnasto": urls.markdown_file(urls.PRICE_LIST)})
