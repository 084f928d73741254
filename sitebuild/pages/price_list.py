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


def _heading(title: str) -> str:
    """A table's title as a heading of its rows: the part after a colon ("…tyhjennysmaksut: kartonkipakkausjäte"
    gives "Kartonkipakkausjäte")."""
    part = title.split(": ")[-1]
    return part[:1].upper() + part[1:]


def build(site: SiteDocs) -> None:
    price_list = site.data.price_list
    current, proposal = site.catalog.current_and_proposal()
    if price_list is None or current is None:
        return
    groups = []
    for group in price_list.groups:
        parts = []  # (heading or None, rows): one part per table if the group is by table, else one in all
        for table_id in group.tables:
            table = current.table(table_id)
            rows = [
                (table, row, _row_or_none(proposal, table_id, row.id)) for row in table.rows
                if (row.key or {}).get("segment") != "municipal" and row.price_vat is not None
                and (group.rows is None or row.id in group.rows)
            ]
            if group.by_table:
                parts.append((_heading(table.title), rows))
            elif parts:
                parts[0][1].extend(rows)
            else:
                parts.append((None, rows))
        groups.append({"title": group.title, "parts": [part for part in parts if part[1]]})
    site.render(
        urls.PRICE_LIST, "hinnasto.md.j2", price_list=price_list, groups=groups, current=current, proposal=proposal,
    )  # fmt: skip
    site.nav.append({"Kotitalouksien hinnasto": urls.markdown_file(urls.PRICE_LIST)})
