"""Price history: each row's prices across an authority's versions, matched by stable id.

Versions that keep the ids (2025 and its 2026 proposal) match table by table and row by row.
A version whose ids differ has a map in `tariffs/<id>/history/<version>.yaml`: `from`/`to` as
"table/row", a Finnish `reading` where the match is not one-to-one, and the rows it leaves
`unmatched` with the reason. Changes are given per step and per year, VAT 0 and VAT included.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from pathlib import Path

from calculator import schema
from calculator.catalog import Catalog
from calculator.model import Row, Table, TariffVersion
from calculator.money import HUNDRED
from calculator.problems import TariffDataError
from calculator.schema import Fields, FileProblems, line_of

from . import urls
from .yamlfile import read_yaml, shown_path

Key = tuple[str, str]  # (table id, row id) in today's ids
DAYS_A_YEAR = Decimal("365.25")


@dataclass(frozen=True)
class RowMap:
    """How an older version's rows continue in the ids of `ids_of`."""

    version: str
    ids_of: str
    rows: dict[Key, tuple[Key, str | None]]  # old (table, row) -> (today's (table, row), reading)
    unmatched: dict[Key, str]


@dataclass(frozen=True)
class Point:
    """One version's price of a row."""

    version: TariffVersion
    table: Table
    row: Row
    start: dt.date  # the table's own start (an amendment) or the version's
    vat0: Decimal
    vat: Decimal
    reading: str | None = None  # how this row was matched to the next one, where not one-to-one

    @property
    def vat_percent(self) -> Decimal:
        return self.version.vat_percent


@dataclass(frozen=True)
class Change:
    """A move from one price to another: euros, per cent and per cent a year (compound)."""

    old: Decimal
    new: Decimal
    years: Decimal

    @property
    def euros(self) -> Decimal:
        return self.new - self.old

    @property
    def percent(self) -> Decimal | None:
        return None if not self.old else (self.new - self.old) / self.old * HUNDRED

    @cached_property  # a fractional power of a Decimal is slow, and pages ask for it several times
    def per_year(self) -> Decimal | None:
        if not self.old or self.years <= 0 or self.new <= 0:
            return None
        return ((self.new / self.old) ** (1 / self.years) - 1) * HUNDRED


@dataclass(frozen=True)
class Step:
    old: Point
    new: Point

    @property
    def years(self) -> Decimal:
        return Decimal((self.new.start - self.old.start).days) / DAYS_A_YEAR

    @property
    def years_shown(self) -> Decimal:
        return self.years.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def vat0(self) -> Change:
        return Change(self.old.vat0, self.new.vat0, self.years)

    @property
    def vat(self) -> Change:
        return Change(self.old.vat, self.new.vat, self.years)


@dataclass(frozen=True)
class Series:
    """A row's prices over time, oldest first; `key` is its (table, row) in today's ids."""

    key: Key
    points: tuple[Point, ...]

    @property
    def latest(self) -> Point:
        return self.points[-1]

    @property
    def steps(self) -> list[Step]:
        return [Step(a, b) for a, b in zip(self.points, self.points[1:], strict=False)]

    @property
    def whole(self) -> Step:
        return Step(self.points[0], self.points[-1])

    @property
    def vat_changed(self) -> bool:
        return len({p.vat_percent for p in self.points}) > 1

    def unit(self) -> str:
        return self.latest.table.unit_of(self.latest.row)


def _key(value: object) -> Key:
    parts = value.split("/") if isinstance(value, str) else ()
    if len(parts) != 2 or not all(parts):
        raise ValueError(f"expected table/row, found {value!r}")
    return parts[0], parts[1]


def read_row_map(path: Path, catalog: Catalog) -> RowMap:
    """One history/*.yaml file, checked against the versions it names; problems as `file:line: field`."""
    shown = shown_path(path)
    found = FileProblems(shown)
    fields = Fields(found, read_yaml(path, shown))
    known = {v.id: v for v in catalog.versions}

    def version(value: object) -> TariffVersion:
        if value not in known:
            raise ValueError(f"unknown version {value!r}")
        return known[value]

    old, today = fields.get("version", version), fields.get("ids_of", version)
    rows_node = fields.get("rows", _matches, required=False, default=[])
    unmatched_node = fields.get("unmatched", schema.mapping, required=False, default={})
    fields.finish()
    if old is None or today is None:
        found.raise_any()
    rows: dict[Key, tuple[Key, str | None]] = {}
    targets: dict[Key, int | None] = {}
    for i, item, line in schema.items(found, rows_node, "rows"):
        match = Fields(found, item, f"rows[{i}]", line, "from: table/row, to: table/row and an optional reading")
        source, target = match.get("from", _key), match.get("to", _key)
        reading = match.get("reading", schema.text, required=False)
        match.finish()
        if source is None or target is None:
            continue
        for name, version_, key in (("from", old, source), ("to", today, target)):
            if not _has_price(version_, key):
                found.report(line, f"rows[{i}].{name}", f"{version_.id} has no priced row {'/'.join(key)!r}")
        if source in rows:
            found.report(line, f"rows[{i}].from", f"{'/'.join(source)} is matched twice")
        if target in targets:
            found.report(line, f"rows[{i}].to", f"{'/'.join(target)} is already matched on line {targets[target]}")
        targets[target] = line
        rows[source] = (target, reading)
    unmatched = {}
    for text, reason in unmatched_node.items():
        key = _key(text) if isinstance(text, str) and text.count("/") == 1 and all(text.split("/")) else None
        line = line_of(unmatched_node, text)
        if key is None or not _has_price(old, key) or not isinstance(reason, str):
            found.report(line, f"unmatched.{text}", f"{old.id} has no priced row {text!r}")
        elif key in rows:
            found.report(line, f"unmatched.{text}", "is also matched under rows")
        else:
            unmatched[key] = reason
    missing = [f"{t.id}/{r.id}" for t, r in _priced(old) if (t.id, r.id) not in rows and (t.id, r.id) not in unmatched]
    if missing:
        found.report(fields.line(), "rows", f"rows of {old.id} neither matched nor unmatched: {', '.join(missing)}")
    found.raise_any()
    return RowMap(old.id, today.id, rows, unmatched)


def _matches(value: object) -> list:
    if not isinstance(value, list):
        raise ValueError(f"expected a list of matches (from, to, reading), found {schema.kind(value)}")
    return value


def _priced(version: TariffVersion):
    for table in version.tables:
        for row in table.rows:
            if row.price_vat is not None and row.price_vat0 is not None:
                yield table, row


def _has_price(version: TariffVersion, key: Key) -> bool:
    try:
        row = version.table(key[0]).row(key[1])
    except KeyError:
        return False
    return row.price_vat is not None and row.price_vat0 is not None


def read_row_maps(folder: Path, catalog: Catalog) -> dict[str, RowMap]:
    """Every map of an authority by the version it maps; all problems of all files at once."""
    maps, problems = {}, []
    for path in sorted(folder.glob("*.yaml")):
        try:
            row_map = read_row_map(path, catalog)
        except TariffDataError as exc:
            problems += exc.problems
            continue
        maps[row_map.version] = row_map
    if problems:
        raise TariffDataError(problems)
    return maps


def price_history(catalog: Catalog, maps: dict[str, RowMap]) -> list[Series]:
    """Every row priced in more than one version, in the order of the newest version's tables."""
    found: dict[Key, list[Point]] = {}
    for version in sorted(catalog.versions, key=lambda v: v.valid_from):
        row_map = maps.get(version.id)
        for table, row in _priced(version):
            if row_map is not None:
                if (table.id, row.id) not in row_map.rows:
                    continue
                key, reading = row_map.rows[(table.id, row.id)]
            else:
                key, reading = (table.id, row.id), None
            start = table.valid_from or version.valid_from
            point = Point(version, table, row, start, row.price_vat0, row.price_vat, reading)
            found.setdefault(key, []).append(point)
    return [Series(key, tuple(points)) for key, points in found.items() if len(points) > 1]


class PriceHistory:
    """An authority's price history: the series, the versions in them, and where each row's history is."""

    def __init__(self, catalog: Catalog, maps: dict[str, RowMap]):
        self.catalog, self.maps = catalog, maps
        self.series = price_history(catalog, maps)
        self._key = {(p.version.id, p.table.id, p.row.id): s.key for s in self.series for p in s.points}

    def url(self, version: TariffVersion, table: Table, row: Row) -> str | None:
        """The history address of a version's row, or None if the row has no history."""
        key = self._key.get((version.id, table.id, row.id))
        return urls.history(*key) if key else None

    @property
    def versions(self) -> list[TariffVersion]:
        found = {p.version.id: p.version for s in self.series for p in s.points}
        return sorted(found.values(), key=lambda v: v.valid_from)

    def by_table(self) -> dict[str, list[Series]]:
        """Series grouped by today's table id, in the order of the newest version that has the table."""
        positions: dict[str, tuple[int, dict[str, int]]] = {}  # table id: its number, and each row's place
        for version in self.versions:  # oldest first: the newest version that has the table wins
            for table in version.tables:
                positions[table.id] = (table.number, {row.id: i for i, row in enumerate(table.rows)})
        order: dict[str, tuple] = {}
        for item in self.series:
            table_id, row_id = item.key
            number, rows = positions[table_id]
            order[item.key] = (number, rows.get(row_id, len(rows)))
        grouped: dict[str, list[Series]] = {}
        for item in sorted(self.series, key=lambda s: order[s.key]):
            grouped.setdefault(item.key[0], []).append(item)
        return grouped
