"""The household price list's file (content/<id>/hinnasto.yaml): its groups of tables and rows, by id."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from calculator import schema
from calculator.model import TariffVersion
from calculator.schema import Fields, FileProblems

from .yamlfile import read_yaml, shown_path


@dataclass(frozen=True)
class PriceGroup:
    title: str
    tables: tuple[str, ...]
    rows: tuple[str, ...] | None  # None: every row of the tables
    by_table: bool  # the rows under a heading per table (its title): which table a row is from is part of its name


@dataclass(frozen=True)
class PriceList:
    title: str
    intro: str
    groups: tuple[PriceGroup, ...]


def read_price_list(file: Path, current: TariffVersion) -> PriceList:
    """The file, its table ids checked against the version in force; raise with every problem."""
    shown = shown_path(file)
    found = FileProblems(shown)
    fields = Fields(found, read_yaml(file, shown))
    title, intro = fields.get("title", schema.text), fields.get("intro", schema.text)
    tables = {t.id for t in current.tables}
    groups = []
    for i, item, line in schema.items(found, fields.get("groups", schema.a_list, default=[]), "groups"):
        group = Fields(found, item, f"groups[{i}]", line, "a group with 'title' and 'tables'")
        read = PriceGroup(
            title=group.get("title", schema.text),
            tables=group.get("tables", schema.idents, default=()),
            rows=group.get("rows", schema.idents, required=False),
            by_table=group.get("by_table", schema.flag, required=False, default=False),
        )
        for table_id in read.tables:
            if table_id not in tables:
                found.report(group.line("tables"), group.field_path("tables"), f"no table {table_id!r} in {current.id}")
        group.finish()
        groups.append(read)
    fields.finish()
    found.raise_any()
    return PriceList(title, intro, tuple(groups))
