"""Differences between two versions of a tariff, matched by stable id.

`diff_versions(old, new)` walks both versions and returns a `VersionDiff`: the
sections in the order a reader of the new version meets them, each with the
tables shown on its page, their row groups, rows and cells. Things that exist
only in the old version are inserted where they stood (after whatever preceded
them in the old version), so the changes view can show them struck through in
place.

Matching is by id only: sections by section id, tables by table id anywhere in
the version, row groups and rows by id within their table. Numbers, titles and
section membership are data that may change.

A table whose section changed is *moved*. It appears twice: as `MOVED_HERE` in
its new section, carrying all its group and row diffs (so changed prices still
show), and as `MOVED_AWAY` in its old section at its old position, carrying no
groups or rows (only the pointer to where it went: `new_section`, `new.number`).
So every row of either version appears in exactly one `RowDiff`.

What counts as a change is what a reader sees: numbers, titles, texts, units,
column headers, validity dates, labels and prices, including a dash ("-",
free) turning into 0,00. Transcription metadata (`reading`, `line`,
`source_inconsistency`) and machine keys (`key`) are not compared.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from difflib import SequenceMatcher
from typing import Literal

from calculator.model import Column, Row, RowGroup, Section, Table, TariffVersion
from calculator.money import percent_change

ChangeStatus = Literal["unchanged", "changed", "added", "removed", "moved_here", "moved_away"]

UNCHANGED: ChangeStatus = "unchanged"
CHANGED: ChangeStatus = "changed"
ADDED: ChangeStatus = "added"
REMOVED: ChangeStatus = "removed"
MOVED_HERE: ChangeStatus = "moved_here"
MOVED_AWAY: ChangeStatus = "moved_away"


def _flag(name: str, doc: str | None = None) -> property:
    """A read-only flag: did `name` change? (reads the object's `changed_fields`)."""
    return property(lambda self: name in self.changed_fields, doc=doc or f"The {name} changed.")


@dataclass(frozen=True)
class CellDiff:
    """One column of one row in both versions (None: the row or the column does not exist there)."""

    column_id: str
    old: Decimal | None
    new: Decimal | None
    old_dash: bool = False
    new_dash: bool = False

    @property
    def amount_changed(self) -> bool:
        """The amount differs (a cell that appears or disappears counts too)."""
        return self.old != self.new

    @property
    def changed(self) -> bool:
        """The amount or its presentation differs: "-" (free) replaced by 0,00 is a change."""
        return self.amount_changed or self.old_dash != self.new_dash

    @property
    def difference(self) -> Decimal | None:
        """new − old; None when either is missing."""
        if self.old is None or self.new is None:
            return None
        return self.new - self.old

    @property
    def percent(self) -> Decimal | None:
        """Change in per cent to one decimal; None when either is missing or old is 0."""
        if self.old is None or self.new is None:
            return None
        return percent_change(self.old, self.new)


@dataclass(frozen=True)
class RowDiff:
    """One row in both versions. `changed_fields` names what changed besides the cells: label, unit, text, group."""

    id: str
    status: ChangeStatus
    old: Row | None = field(repr=False)
    new: Row | None = field(repr=False)
    cells: tuple[CellDiff, ...] = ()
    changed_fields: tuple[str, ...] = ()
    units: tuple[str | None, str | None] = (None, None)

    label_changed = _flag("label")

    unit_changed = _flag("unit", "The unit the reader sees for the row (its own, its group's or its table's) changed.")

    text_changed = _flag("text")

    @property
    def values_changed(self) -> bool:
        return any(cell.changed for cell in self.cells)

    def cell(self, column_id: str) -> CellDiff:
        for cell in self.cells:
            if cell.column_id == column_id:
                return cell
        raise KeyError(f"row {self.id} has no column {column_id!r}")

    @property
    def price(self) -> CellDiff | None:
        """The cell of the VAT-inclusive price (`Row.price_vat`), or None if the table has no such column."""
        column = _price_column(self.new) or _price_column(self.old)
        return self.cell(column.id) if column else None

    @property
    def price_changed(self) -> bool:
        """The row exists in both versions and its VAT-inclusive amount differs."""
        if self.old is None or self.new is None:
            return False
        return _price_vat(self.old) != _price_vat(self.new)


@dataclass(frozen=True)
class GroupDiff:
    """A row group (e.g. "Asuminen") in both versions, with its rows. `changed_fields`: title, unit."""

    id: str
    status: ChangeStatus
    old: RowGroup | None = field(repr=False)
    new: RowGroup | None = field(repr=False)
    rows: tuple[RowDiff, ...] = ()
    changed_fields: tuple[str, ...] = ()

    title_changed = _flag("title")

    unit_changed = _flag("unit")


@dataclass(frozen=True)
class TableDiff:
    """A table as shown on one section's page.

    `changed_fields` names what changed in the table itself: number, title, unit,
    row_header, columns, description, notes, valid_from. A `MOVED_AWAY` entry has
    no groups (its rows are in the `MOVED_HERE` entry); its `new` and
    `new_section` tell where the table went.
    """

    id: str
    status: ChangeStatus
    old: Table | None = field(repr=False)
    new: Table | None = field(repr=False)
    old_section: Section | None = field(repr=False)
    new_section: Section | None = field(repr=False)
    groups: tuple[GroupDiff, ...] = ()
    changed_fields: tuple[str, ...] = ()

    @property
    def rows(self) -> tuple[RowDiff, ...]:
        """All row diffs of the table in reading order (empty for `MOVED_AWAY`)."""
        return tuple(row for group in self.groups for row in group.rows)

    def row(self, row_id: str) -> RowDiff:
        for row in self.rows:
            if row.id == row_id:
                return row
        raise KeyError(f"table diff {self.id} ({self.status}) has no row {row_id!r}")

    @property
    def moved(self) -> bool:
        return self.status in (MOVED_HERE, MOVED_AWAY)

    number_changed = _flag("number")

    @property
    def only_renumbered(self) -> bool:
        """Changed, but only its number: the same table in the same section with the same content."""
        return self.status == CHANGED and self.changed_fields == ("number",) and not _any_changed(self.groups)

    title_changed = _flag("title")

    description_changed = _flag("description")


@dataclass(frozen=True)
class SectionDiff:
    """A section (a page of the tariff) in both versions, with the tables shown on it."""

    id: str
    status: ChangeStatus
    old: Section | None = field(repr=False)
    new: Section | None = field(repr=False)
    tables: tuple[TableDiff, ...] = ()
    changed_fields: tuple[str, ...] = ()

    number_changed = _flag("number")

    title_changed = _flag("title")

    description_changed = _flag("description")

    def table(self, table_id: str) -> TableDiff:
        for table in self.tables:
            if table.id == table_id:
                return table
        raise KeyError(f"section diff {self.id} shows no table {table_id!r}")


@dataclass(frozen=True)
class DiffCounts:
    """A summary of a diff. Moved tables count once; rows of moved tables count like any others."""

    changed_prices: int
    changed_rows: int
    added_rows: int
    removed_rows: int
    changed_tables: int
    added_tables: int
    removed_tables: int
    moved_tables: int
    added_sections: int
    removed_sections: int


@dataclass(frozen=True)
class VersionDiff:
    """Everything that differs between two tariff versions, in the new version's reading order."""

    old: TariffVersion = field(repr=False)
    new: TariffVersion = field(repr=False)
    sections: tuple[SectionDiff, ...] = ()

    def section(self, section_id: str) -> SectionDiff:
        for section in self.sections:
            if section.id == section_id:
                return section
        raise KeyError(f"no section {section_id!r} in either version")

    def tables(self) -> Iterator[tuple[SectionDiff, TableDiff]]:
        """Every table entry in reading order, `MOVED_AWAY` entries included."""
        for section in self.sections:
            for table in section.tables:
                yield section, table

    def table(self, table_id: str) -> TableDiff:
        """The entry of a table that carries its rows: in its new section, or in its old one if removed."""
        for _, table in self.tables():
            if table.id == table_id and table.status != MOVED_AWAY:
                return table
        raise KeyError(f"no table {table_id!r} in either version")

    def rows(self) -> Iterator[tuple[SectionDiff, TableDiff, RowDiff]]:
        """Every row of both versions exactly once, in reading order."""
        for section, table in self.tables():
            for row in table.rows:
                yield section, table, row

    def price_changes(self) -> list[tuple[SectionDiff, TableDiff, RowDiff]]:
        """Rows in both versions whose VAT-inclusive price changed, in reading order."""
        return [(s, t, r) for s, t, r in self.rows() if r.price_changed]

    @property
    def changed(self) -> bool:
        return any(section.status != UNCHANGED for section in self.sections)

    def counts(self) -> DiffCounts:
        rows = [r for _, _, r in self.rows()]
        tables = [t for _, t in self.tables()]
        return DiffCounts(
            changed_prices=sum(r.price_changed for r in rows),
            changed_rows=sum(r.status == CHANGED for r in rows),
            added_rows=sum(r.status == ADDED for r in rows),
            removed_rows=sum(r.status == REMOVED for r in rows),
            changed_tables=sum(t.status == CHANGED for t in tables),
            added_tables=sum(t.status == ADDED for t in tables),
            removed_tables=sum(t.status == REMOVED for t in tables),
            moved_tables=sum(t.status == MOVED_HERE for t in tables),
            added_sections=sum(s.status == ADDED for s in self.sections),
            removed_sections=sum(s.status == REMOVED for s in self.sections),
        )


def diff_versions(old: TariffVersion, new: TariffVersion) -> VersionDiff:
    """The differences from `old` to `new`, computed from the data by stable id."""
    old_sections = {s.id: s for s in old.sections}
    new_sections = {s.id: s for s in new.sections}
    old_tables = {t.id: (s, t) for s in old.sections for t in s.tables}
    new_tables = {t.id: (s, t) for s in new.sections for t in s.tables}
    order = _merge_order(
        [s.id for s in new.sections], [s.id for s in old.sections], keep=set(old_sections) - set(new_sections)
    )
    sections = []
    for section_id in order:
        old_section, new_section = old_sections.get(section_id), new_sections.get(section_id)
        old_ids = [t.id for t in old_section.tables] if old_section else []
        new_ids = [t.id for t in new_section.tables] if new_section else []
        tables = tuple(
            _table_diff(table_id, old_tables.get(table_id), new_tables.get(table_id), shown_in=section_id)
            for table_id in _merge_order(new_ids, old_ids, keep=set(old_ids) - set(new_ids))
        )
        changed = _changed_fields(old_section, new_section, ("number", "title", "description"))
        sections.append(
            SectionDiff(
                section_id,
                _status(old_section, new_section, changed, _any_changed(tables)),
                old_section,
                new_section,
                tables,
                changed,
            )
        )
    return VersionDiff(old, new, tuple(sections))


_TABLE_FIELDS = ("number", "title", "unit", "row_header", "columns", "description", "notes", "valid_from")


def _table_diff(
    table_id: str,
    old: tuple[Section, Table] | None,
    new: tuple[Section, Table] | None,
    shown_in: str,
) -> TableDiff:
    old_section, old_table = old or (None, None)
    new_section, new_table = new or (None, None)
    changed = _changed_fields(old_table, new_table, _TABLE_FIELDS)
    moved = old_section is not None and new_section is not None and old_section.id != new_section.id
    if moved and shown_in != new_section.id:
        return TableDiff(table_id, MOVED_AWAY, old_table, new_table, old_section, new_section, (), changed)
    groups = _group_diffs(old_table, new_table)
    status = MOVED_HERE if moved else _status(old_table, new_table, changed, _any_changed(groups))
    return TableDiff(table_id, status, old_table, new_table, old_section, new_section, groups, changed)


def _group_diffs(old: Table | None, new: Table | None) -> tuple[GroupDiff, ...]:
    old_groups = {g.id: g for g in old.groups} if old else {}
    new_groups = {g.id: g for g in new.groups} if new else {}
    old_rows = {r.id: (g, r) for g in old_groups.values() for r in g.rows}
    new_rows = {r.id: (g, r) for g in new_groups.values() for r in g.rows}
    removed_rows = set(old_rows) - set(new_rows)
    columns = _column_union(old, new)
    result = []
    for group_id in _merge_order(list(new_groups), list(old_groups), keep=set(old_groups) - set(new_groups)):
        old_group, new_group = old_groups.get(group_id), new_groups.get(group_id)
        row_ids = _merge_order(
            [r.id for r in new_group.rows] if new_group else [],
            [r.id for r in old_group.rows] if old_group else [],
            keep=removed_rows,
        )
        rows = tuple(_row_diff(old, new, old_rows.get(i), new_rows.get(i), columns) for i in row_ids)
        changed = _changed_fields(old_group, new_group, ("title", "unit"))
        result.append(
            GroupDiff(
                group_id,
                _status(old_group, new_group, changed, _any_changed(rows)),
                old_group,
                new_group,
                rows,
                changed,
            )
        )
    return tuple(result)


def _row_diff(
    old_table: Table | None,
    new_table: Table | None,
    old: tuple[RowGroup, Row] | None,
    new: tuple[RowGroup, Row] | None,
    columns: Sequence[str],
) -> RowDiff:
    old_group, old_row = old or (None, None)
    new_group, new_row = new or (None, None)
    cells = tuple(_cell_diff(column_id, old_row, new_row) for column_id in columns)
    changed: tuple[str, ...] = ()
    units: tuple[str | None, str | None] = (None, None)
    if old_table and new_table and old_group and new_group and old_row and new_row:
        changed = _changed_fields(old_row, new_row, ("label", "text"))
        units = (old_table.unit_of(old_row), new_table.unit_of(new_row))
        if units[0] != units[1]:
            changed += ("unit",)
        if old_group.id != new_group.id:
            changed += ("group",)
    row_id = new_row.id if new_row else old_row.id if old_row else ""
    status = _status(old_row, new_row, changed, any(cell.changed for cell in cells))
    return RowDiff(row_id, status, old_row, new_row, cells, changed, units)


def _cell_diff(column_id: str, old: Row | None, new: Row | None) -> CellDiff:
    old_value = old.values.get(column_id) if old else None
    new_value = new.values.get(column_id) if new else None
    return CellDiff(
        column_id,
        old_value,
        new_value,
        old_dash=bool(old and old.shown_as_dash and old_value is not None),
        new_dash=bool(new and new.shown_as_dash and new_value is not None),
    )


def _column_union(old: Table | None, new: Table | None) -> list[str]:
    """The new table's columns, then any column only the old one had."""
    ids = [c.id for c in new.columns] if new else []
    return ids + [c.id for c in (old.columns if old else ()) if c.id not in ids]


def _price_column(row: Row | None) -> Column | None:
    if row is None:
        return None
    return next((c for c in row.columns if c.vat_inclusive), None)


def _price_vat(row: Row) -> Decimal | None:
    column = _price_column(row)
    return row.values.get(column.id) if column else None


def _changed_fields(old: object | None, new: object | None, names: Iterable[str]) -> tuple[str, ...]:
    if old is None or new is None:
        return ()
    return tuple(name for name in names if getattr(old, name) != getattr(new, name))


def _status(
    old: object | None, new: object | None, changed_fields: tuple[str, ...], parts_changed: bool
) -> ChangeStatus:
    if old is None:
        return ADDED
    if new is None:
        return REMOVED
    return CHANGED if changed_fields or parts_changed else UNCHANGED


def _any_changed(parts: Iterable[SectionDiff | TableDiff | GroupDiff | RowDiff]) -> bool:
    return any(part.status != UNCHANGED for part in parts)


def _merge_order(new_ids: Sequence[str], old_ids: Sequence[str], keep: set[str]) -> list[str]:
    """The new order, with the old-only ids in `keep` inserted after what preceded them in the old order.

    Old ids that are neither in the new order nor kept (e.g. rows that moved to
    another group) are skipped and do not serve as anchors.
    """
    result = list(new_ids)
    after = -1  # insert after this index of `result`
    for item in old_ids:
        if item in result:
            after = result.index(item)
        elif item in keep:
            after += 1
            result.insert(after, item)
    return result


def paragraph_diff(old: Sequence[str], new: Sequence[str]) -> list[tuple[str, str]]:
    """Paragraphs of two texts as (old, new) pairs: equal, replaced, removed (new "") or added (old "")."""
    pairs: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(a=list(old), b=list(new), autojunk=False).get_opcodes():
        if op == "equal":
            pairs += [(p, p) for p in new[j1:j2]]
            continue
        olds, news = list(old[i1:i2]), list(new[j1:j2])
        width = max(len(olds), len(news))
        pairs += zip(olds + [""] * (width - len(olds)), news + [""] * (width - len(news)), strict=True)
    return pairs
