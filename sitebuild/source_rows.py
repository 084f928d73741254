"""Every value stands in its source row: a row's `source_line` in the version's source document.

A row with values names the line (or lines "first-last") of the document they are printed on. The
numbers of those lines, in order, must hold the row's values in the printed column order. Where a
proposal is printed beside the version it replaces (an old and a new value side by side, one value
where they are equal) and both name the same one line, the two versions' values must interleave to
exactly the last numbers printed on it.
A row whose values do not stand there as printed is a data error, unless the row records a `reading:`
of the source: then the report lists it as read. A row without a `source_line` is an error; a row
without values (a text such as "eräkohtainen hinnoittelu") must have its text on its lines. A version
whose `source` says `transcribed: false` (prices entered with `python -m sitebuild` from the board's
own documents) has no source lines to check.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from calculator.catalog import Catalog
from calculator.model import Row, Table, TariffVersion
from calculator.problems import Problem

from .yamlfile import read_text

# A printed number ("4,45", "140") or a dash standing for a free service, also one glued to the next
# number ("-0,00": a dash, then 0,00); not a part of a word ("m3", "Sähkö- ja").
PRINTED = re.compile(r"(?<![\w,])(?:\d+(?:,\d+)?(?![\w,])|-(?![^\W\d_]|,))")
Value = Decimal | None  # None: printed as a dash


def printed_values(text: str) -> list[Value]:
    return [None if token == "-" else Decimal(token.replace(",", ".")) for token in PRINTED.findall(text)]


def row_values(row: Row) -> list[Value]:
    """A row's values in the printed column order (a dash as None)."""
    return [None if row.shown_as_dash else row.values[c.id] for c in row.columns if c.id in row.values]


def stands_in(values: list[Value], printed: list[Value]) -> bool:
    """The values appear among the printed ones in the same order."""
    rest = iter(printed)
    return all(any(p == v for p in rest) for v in values)


def pairs_printed(old: list[Value], new: list[Value], printed: list[Value]) -> bool:
    """The printed numbers end with each column's old and new value, or its one value where they are equal."""
    if len(old) != len(new):
        return False
    choices = [[(o,), (o, n)] if o == n else [(o, n)] for o, n in zip(old, new, strict=True)]
    for option in itertools.product(*choices):
        expected = [v for column in option for v in column]
        if printed[-len(expected) :] == expected:
            return True
    return False


@dataclass
class Coverage:
    """What the check found in one version."""

    version: TariffVersion
    rows: int = 0  # rows found in their source line (with values, or a text such as "eräkohtainen hinnoittelu")
    values: int = 0  # their values, each found in its source row
    paired: int = 0  # of them, checked against the old/new pairs of the version they replace
    with_reading: int = 0  # of them, rows that record a reading of their source
    read: list[tuple[Table, Row]] = field(default_factory=list)  # not as printed, with a reading


def source_documents(catalog: Catalog, folder: Path) -> dict[str, tuple[str, ...]]:
    """The lines of every source document the versions name, read once."""
    names = {v.source.document for v in catalog.versions if v.source}
    return {name: tuple(read_text(folder / name).splitlines()) for name in sorted(names) if (folder / name).is_file()}


def source_row_check(
    catalog: Catalog, documents: Mapping[str, tuple[str, ...]]
) -> tuple[list[Problem], list[Coverage]]:
    """Every value of every version in its source row; the problems and each version's coverage."""
    problems: list[Problem] = []
    coverage = []
    for version in catalog.versions:
        found = Coverage(version)
        coverage.append(found)
        if version.source and not version.source.transcribed:
            continue  # entered with the staff's commands: no document line to stand in
        lines = documents.get(version.source.document) if version.source else None
        if lines is None:
            if any(section.tables for section in version.sections):
                message = f"{version.source.document if version.source else 'no document'}: not in the sources folder"
                problems.append(Problem(version.file, version.line_of("source"), "source.document", message))
            continue
        base = catalog.baseline_of(version)
        beside = base if base and base.source and base.source.document == version.source.document else None
        for table, row, error in _row_errors(version, lines, beside, found):
            if row.reading and row.source_lines:
                found.read.append((table, row))
            else:
                problems.append(Problem(version.file, row.line, f"{table.id}.{row.id}.source_line", error))
    return problems, coverage


def _row_errors(
    version: TariffVersion, lines: tuple[str, ...], beside: TariffVersion | None, found: Coverage
) -> Iterator[tuple[Table, Row, str]]:
    for table in version.tables:
        for row in table.rows:
            if row.source_lines is None:
                yield table, row, "no source_line: give the line of the source document the row is printed on"
                continue
            first, last = row.source_lines
            if last > len(lines):
                yield table, row, f"line {last} is beyond the end of {version.source.document} ({len(lines)} lines)"
                continue
            text = " ".join(lines[first - 1 : last])
            if not row.values:
                if _folded(row.text or "") not in _folded(text):
                    yield table, row, f"text {row.text!r} does not stand in source line {first}: {text.strip()!r}"
                    continue
                found.rows += 1
                found.with_reading += row.reading is not None
                continue
            printed, values = printed_values(text), row_values(row)
            if not stands_in(values, printed):
                yield table, row, f"values {_shown(values)} do not stand in source line {first}: {text.strip()!r}"
                continue
            old = _same_row(beside, table, row)
            if old is not None and old.source_lines == row.source_lines and first == last:
                if not pairs_printed(row_values(old), values, printed):
                    yield (
                        table,
                        row,
                        (
                            f"old {_shown(row_values(old))} and new {_shown(values)} are not the pairs printed "
                            f"on source line {first}: {text.strip()!r}"
                        ),
                    )
                    continue
                found.paired += 1
            found.rows += 1
            found.values += len(values)
            found.with_reading += row.reading is not None


def _same_row(version: TariffVersion | None, table: Table, row: Row) -> Row | None:
    if version is None:
        return None
    try:
        return version.table(table.id).row(row.id)
    except KeyError:
        return None


def _folded(text: str) -> str:
    return " ".join(text.split()).lower()


def _shown(values: list[Value]) -> str:
    return " ".join("-" if v is None else f"{v}".replace(".", ",") for v in values)
