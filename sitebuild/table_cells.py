"""How a price table's cells and headers read: the helpers every table template uses (registered in render.py)."""

from __future__ import annotations

from decimal import Decimal

from markupsafe import Markup

from calculator.finnish import eur_fi, rate_fi, signed_fi
from calculator.model import Column, Row, Table, TariffVersion


def has_row_units(table: Table) -> bool:
    """Does any row have a unit other than the table's? (then the unit gets its own column)."""
    return any(table.unit_of(row) != table.unit for row in table.rows)


def column_header(version: TariffVersion, table: Table, column: Column, row_units: bool) -> Markup:
    """ "Hinta €/kk/asuinhuoneisto, alv 25,5 %": a long unit may break after a slash (a narrow column on a phone)."""
    vat = rate_fi(version.vat_percent if column.vat_inclusive else 0)
    unit = "" if row_units else Markup(" ") + Markup("/<wbr>").join(table.unit.split("/"))
    return Markup("{}{}, alv {}").format(column.label, unit, vat)


def resident_first(columns: tuple[Column, ...] | list[Column]) -> list[Column]:
    """The price a resident pays (VAT included) first, then the VAT 0 breakdown, each in its own order."""
    return sorted(columns, key=lambda column: not column.vat_inclusive)


def cell(row: Row, column: Column) -> str:
    if row.shown_as_dash:
        return "–"
    value = row.values.get(column.id)
    return "" if value is None else eur_fi(value)


def percent_or_dash(value: Decimal | None) -> str:
    return "–" if value is None else signed_fi(value, "%")
