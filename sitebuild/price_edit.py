"""New prices in a version file: staff set VAT 0 prices, the tariff's own arithmetic gives the rest.

A table's input columns are those computed from no other (transport, treatment, VAT 0 price);
totals (`sum_of`) and VAT-inclusive prices (`vat_of`: VAT 0 x (1 + rate), half up to cents) are
computed from them. Only the values that change are rewritten in the file's text (yaml_edit).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from calculator.model import Column, Row, Table, TariffVersion
from calculator.money import add_vat, parse_amount, round_cents

from .yaml_edit import Key, YamlText

RowRef = tuple[str, str]  # (table id, row id)


def input_columns(table: Table) -> tuple[Column, ...]:
    return tuple(c for c in table.columns if not c.sum_of and not c.vat_of)


def editable(row: Row) -> bool:
    """A row whose prices staff set: it has values and is not shown as a dash."""
    return bool(row.values) and not row.shown_as_dash


def cents(value: object) -> Decimal:
    """A price as staff write it: a number with at most two decimals (ValueError with the reason)."""
    amount = parse_amount(value)
    if amount != round_cents(amount):
        raise ValueError(f"{value} has more than two decimals (prices are in cents)")
    return round_cents(amount)


def computed(columns: tuple[Column, ...], inputs: Mapping[str, Decimal], vat_percent: Decimal) -> dict[str, Decimal]:
    """Every column of a row from its input columns, in the order of `columns` (a table's)."""
    values = dict(inputs)
    pending = [c for c in columns if c.id not in values]
    while pending:
        ready = [c for c in pending if all(part in values for part in c.sum_of + c.vat_of)]
        if not ready:
            raise ValueError(f"columns {', '.join(c.id for c in pending)} refer to each other")
        for column in ready:
            if column.sum_of:
                values[column.id] = sum((values[p] for p in column.sum_of), Decimal(0))
            else:
                values[column.id] = add_vat(sum((values[p] for p in column.vat_of), Decimal(0)), vat_percent)
            pending.remove(column)
    return {c.id: values[c.id] for c in columns}


@dataclass(frozen=True)
class PriceChange:
    table: Table
    row: Row
    new: dict[str, Decimal]

    @property
    def changed_columns(self) -> list[str]:
        return [c for c, value in self.new.items() if self.row.values.get(c) != value]

    def __str__(self) -> str:
        moved = ", ".join(f"{c} {self.row.values.get(c)} -> {self.new[c]}" for c in self.changed_columns)
        return f"table {self.table.number} ({self.table.id}) {self.row.id}: {moved}"


def row_paths(text: YamlText) -> dict[RowRef, tuple[Key, ...]]:
    """Where each row of a version file is: (table id, row id) -> the path of keys and indexes."""
    paths: dict[RowRef, tuple[Key, ...]] = {}
    sections = text.node("sections")
    for s in range(len(sections.value) if sections else 0):
        tables = text.node("sections", s, "tables")
        for t in range(len(tables.value) if tables else 0):
            table_id = text.node("sections", s, "tables", t, "id").value
            groups = text.node("sections", s, "tables", t, "groups")
            lists = [("groups", g, "rows") for g in range(len(groups.value))] if groups else [("rows",)]
            for inner in lists:
                base = ("sections", s, "tables", t, *inner)
                rows = text.node(*base)
                for r in range(len(rows.value) if rows else 0):
                    paths[(table_id, text.node(*base, r, "id").value)] = (*base, r)
    return paths


def reprice(
    version: TariffVersion, text: YamlText, inputs: Mapping[RowRef, Mapping[str, Decimal]]
) -> list[PriceChange]:
    """Write the rows' new input prices and everything computed from them into `text`; the changed rows.

    A repriced row documented as inconsistent in its source (`source_inconsistency`) is computed
    right from now on, so its declaration goes."""
    paths = row_paths(text)
    changes = []
    for (table_id, row_id), row_inputs in inputs.items():
        table = version.table(table_id)
        row = table.row(row_id)
        if all(row.values.get(c) == v for c, v in row_inputs.items()):
            continue  # a row staff left alone stays as it is, even one printed with its source's slip
        change = PriceChange(table, row, computed(table.columns, row_inputs, version.vat_percent))
        if not change.changed_columns:
            continue
        changes.append(change)
        path = paths[(table_id, row_id)]
        for column in change.changed_columns:
            text.replace_scalar(text.node(*path, "values", column), change.new[column])
        if row.source_inconsistency:
            text.remove(path, "source_inconsistency")
    return changes
