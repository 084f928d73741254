"""The tariff model: a version holds sections, sections hold tables, tables hold rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from functools import cached_property

from .rules import Rules

# How the data writes a free service shown as a dash in the document.
DASH = "-"


class Status(str, Enum):
    IN_FORCE = "in_force"
    PROPOSAL = "proposal"
    HISTORICAL = "historical"


class Outcome(str, Enum):
    ADOPTED = "adopted"
    ADOPTED_WITH_CHANGES = "adopted_with_changes"
    REJECTED = "rejected"


@dataclass(frozen=True)
class Act:
    """A recorded act of a body: a proposal set out for comment, or a decision on it."""

    date: dt.date
    body: str
    document: str
    section: str | None = None  # "§ 23"
    outcome: Outcome | None = None  # decisions only
    in_force_from: dt.date | None = None  # decisions only: when the decided tariff starts


@dataclass(frozen=True)
class Lifecycle:
    """A version's status history, as far as its sources record it."""

    checked: dt.date  # when the data was last checked against its sources
    proposal: Act | None = None
    decision: Act | None = None
    amendments: tuple[Act, ...] = ()
    superseded_by: str | None = None
    reading: str | None = None
    line: int | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Column:
    id: str
    label: str
    sum_of: tuple[str, ...] = ()
    vat_of: tuple[str, ...] = ()

    @property
    def vat_inclusive(self) -> bool:
        return bool(self.vat_of)


@dataclass(frozen=True)
class Source:
    """Where a version comes from: a document and the part of it that holds the fees. `transcribed`: its
    values were copied from the document in the authority's sources/ (each row names its `source_line`);
    false for prices entered with the staff's commands (`python -m sitebuild`), checked by arithmetic."""

    document: str
    title: str
    transcribed: bool = True


@dataclass(frozen=True)
class OperatorRole:
    """What a version's sources call its operator ("Jätehuollon järjestäjä"), and where they say so."""

    title: str
    source: str


@dataclass(frozen=True)
class Row:
    id: str
    label: str
    columns: tuple[Column, ...] = field(repr=False)
    values: dict[str, Decimal] = field(default_factory=dict)
    key: dict[str, object] | None = None
    unit: str | None = None
    text: str | None = None
    shown_as_dash: bool = False
    reading: str | None = None
    source_inconsistency: str | None = None
    credit: bool = False  # the row gives money back: its prices may be negative
    # A value published as printed that looks wrong: why to check it against the official document (Finnish).
    verify: str | None = None
    # The lines of the version's source document its values are printed on (first, last).
    source_lines: tuple[int, int] | None = None
    line: int | None = field(default=None, compare=False, repr=False)

    @property
    def price_column(self) -> Column:
        return next(c for c in self.columns if c.vat_inclusive)

    @property
    def price_vat(self) -> Decimal | None:
        """The VAT-inclusive price of the row, or None for a row without a price."""
        return self.values.get(self.price_column.id)

    @property
    def price_vat0(self) -> Decimal | None:
        """The VAT 0 price: the column (or sum of columns) the VAT price is computed from."""
        parts = [self.values.get(c) for c in self.price_column.vat_of]
        if any(p is None for p in parts):
            return None
        return sum(parts, Decimal(0))


@dataclass(frozen=True)
class RowGroup:
    id: str
    title: str | None
    rows: tuple[Row, ...]
    unit: str | None = None
    reading: str | None = None


@dataclass(frozen=True)
class Table:
    id: str
    number: int
    title: str
    unit: str
    row_header: str
    column_set: str
    columns: tuple[Column, ...]
    groups: tuple[RowGroup, ...]
    section_id: str
    description: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    valid_from: dt.date | None = None
    reading: str | None = None

    @property
    def rows(self) -> Iterator[Row]:
        for group in self.groups:
            yield from group.rows

    def row(self, row_id: str) -> Row:
        found = self._by_row_id.get(row_id)
        if found is None:
            raise KeyError(f"table {self.id} has no row {row_id!r}")
        return found[1]

    def group_of(self, row_id: str) -> RowGroup:
        """The group a row of this table stands in."""
        return self._by_row_id[row_id][0]

    @cached_property
    def _by_row_id(self) -> dict[str, tuple[RowGroup, Row]]:
        return {row.id: (group, row) for group in self.groups for row in group.rows}

    def unit_of(self, row: Row) -> str:
        """The unit a reader sees for a row: its own, its group's or the table's."""
        found = self._by_row_id.get(row.id)
        return row.unit or (found and found[0].unit) or self.unit


@dataclass(frozen=True)
class Section:
    id: str
    number: str
    title: str
    tables: tuple[Table, ...]
    description: tuple[str, ...] = ()
    reading: str | None = None


@dataclass(frozen=True)
class StatedChange:
    """A change the decision-maker states in words, e.g. "+4 % for 140–660 l bins"."""

    id: str
    percent: Decimal
    description: str
    source: str
    applies_to: tuple[dict[str, object], ...]

    def covers(self, key: dict[str, object] | None, table_id: str | None = None, row_id: str | None = None) -> bool:
        """Whether a selector of `applies_to` matches the row: its `table` and `row` name the table's and
        the row's ids, its other fields the row's key."""
        ids = {"table": table_id, "row": row_id}
        return any(_matches(selector, key or {}, ids) for selector in self.applies_to)


def _matches(selector: dict[str, object], key: dict[str, object], ids: dict[str, str | None]) -> bool:
    for name, wanted in selector.items():
        allowed = wanted if isinstance(wanted, list) else [wanted]
        if (ids[name] if name in ids else key.get(name)) not in allowed:
            return False
    return True


@dataclass(frozen=True)
class TariffVersion:
    id: str
    title: str
    authority: str
    operator: str
    status: Status
    valid_from: dt.date
    vat_percent: Decimal | None
    source: Source
    sections: tuple[Section, ...]
    valid_until: dt.date | None = None
    lifecycle: Lifecycle | None = None
    replaces: str | None = None
    stated_changes: tuple[StatedChange, ...] = ()
    rules: Rules = field(default_factory=lambda: Rules())
    operator_role: OperatorRole | None = None  # None: the sources give the operator no role to name
    file: str = ""
    field_lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def line_of(self, name: str) -> int | None:
        """The line of a top-level field in the version's file (None for data without lines)."""
        return self.field_lines.get(name)

    @property
    def tables(self) -> Iterator[Table]:
        for section in self.sections:
            yield from section.tables

    def table(self, table_id: str) -> Table:
        for table in self.tables:
            if table.id == table_id:
                return table
        raise KeyError(f"version {self.id} has no table {table_id!r}")

    def section(self, section_id: str) -> Section:
        for section in self.sections:
            if section.id == section_id:
                return section
        raise KeyError(f"version {self.id} has no section {section_id!r}")

    def priced_rows(self) -> Iterator[tuple[Table, Row]]:
        """Every row that carries a machine-readable key, with its table."""
        for table in self.tables:
            for row in table.rows:
                if row.key:
                    yield table, row

    def find(self, **query: object) -> list[tuple[Table, Row]]:
        """Rows whose key has every field of the query with the same value."""
        return [(t, r) for t, r in self.priced_rows() if _matches(query, r.key or {}, {})]

    def in_force_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)
