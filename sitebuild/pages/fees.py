"""The fee appendix: one page per version (facts and contents) and one per section with its tables."""

from __future__ import annotations

from calculator.finnish import eur_fi, number_fi
from calculator.model import Column, Row, Status, Table, TariffVersion

from .. import urls

ORDER = {Status.IN_FORCE: 0, Status.PROPOSAL: 1, Status.HISTORICAL: 2}


def has_row_units(table: Table) -> bool:
    """Does any row have a unit other than the table's? (then the unit gets its own column)."""
    return any(table.unit_of(row) != table.unit for row in table.rows)


def column_header(version: TariffVersion, table: Table, column: Column, row_units: bool) -> str:
    vat = number_fi(version.vat_percent) if column.vat_inclusive else "0"
    unit = "" if row_units else f" {table.unit}"
    return f"{column.label}{unit}, alv {vat} %"


def resident_first(columns: tuple[Column, ...] | list[Column]) -> list[Column]:
    """The price a resident pays (VAT included) first, then the VAT 0 breakdown, each in its own order."""
    return sorted(columns, key=lambda column: not column.vat_inclusive)


def cell(row: Row, column: Column) -> str:
    if row.shown_as_dash:
        return "–"
    value = row.values.get(column.id)
    return "" if value is None else eur_fi(value)


def other_version(site, version: TariffVersion) -> TariffVersion | None:
    return site.catalog.proposal_for(version) or site.catalog.baseline_of(version)


def build(site) -> None:
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
                has_row_units=has_row_units, column_header=column_header, cell=cell,
                resident_first=resident_first,
            )  # fmt: skip
            pages.append({f"{section.number}. {section.title}": file})
            for table in section.tables:
                site.anchors.anchor(page, table.id)
                for row in table.rows:
                    site.anchors.anchor(page, urls.table_anchor(table.id, row.id))
        site.nav.append({f"Maksut: {version.title}": pages})
