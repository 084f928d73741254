"""A version's price tables as a workbook (.xlsx) or a CSV file, and staff's edited copy read back.

The workbook: a sheet `tiedot` (the version and its VAT rate), then one sheet per table with priced
rows, named by the table's id. Row 1 names the table, row 2 the columns (label and id), then one
row per priced row: its id (column A) and label (B), protected; the VAT 0 prices staff set,
unlocked and yellow; totals and VAT-inclusive prices as formulas a spreadsheet recomputes
(VAT: ROUND(VAT 0 x (100 + rate) / 100; 2), which rounds half up as the tariff does).
The CSV file: one line per row and column (`table,row,label,column,price,computed`); read back,
it may also be as a spreadsheet set to Finnish saves it (`;` between fields, decimal commas).

Reading back gives the input prices of every row, or every problem as `sheet!cell: message`
(`file:line: field: message` for CSV): a sheet missing or unknown, a row deleted, added or with a
changed id, merged cells, a formula or text where a price belongs, a price with three decimals, a
changed label, heading or computed cell.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill, Protection
from openpyxl.utils import get_column_letter

from calculator.model import Column, Row, Table, TariffVersion
from calculator.problems import Problem, TariffDataError

from .price_edit import RowRef, cents, editable, input_columns

INFO = "tiedot"
FIRST_ROW = 3  # rows 1-2: the table's title and the column headings
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
CSV_FIELDS = ("table", "row", "label", "column", "price", "computed")
Inputs = dict[RowRef, dict[str, Decimal]]


def priced_tables(version: TariffVersion) -> list[tuple[str, Table, list[Row]]]:
    """The tables with rows staff price, each with its sheet name (the id, at most Excel's 31 characters)."""
    found = []
    for table in version.tables:
        rows = [r for r in table.rows if editable(r)]
        if rows:
            name = table.id if len(table.id) <= 31 else f"{table.id[:27]}-{table.number}"[:31]
            found.append((name, table, rows))
    return found


def _heading(column: Column) -> str:
    return f"{column.label} ({column.id})"


def _formula(table: Table, column: Column, line: int, vat_percent: Decimal) -> str:
    def cell(column_id: str) -> str:
        return f"{get_column_letter(3 + [c.id for c in table.columns].index(column_id))}{line}"

    if column.sum_of:
        return "=" + "+".join(cell(c) for c in column.sum_of)
    return f"=ROUND(({'+'.join(cell(c) for c in column.vat_of)})*(100+{vat_percent})/100,2)"


def write_workbook(version: TariffVersion) -> bytes:
    book = Workbook()
    info = book.active
    info.title = INFO
    info.append(["versio", version.id])
    info.append(["alv_prosentti", version.vat_percent])
    info.append(["ohje", "Muuta vain keltaisia ALV 0 -hintoja. Älä lisää, poista tai nimeä rivejä tai välilehtiä."])
    info.append(["tuonti", f"python -m sitebuild import {version.id} TIEDOSTO.xlsx"])
    info.column_dimensions["B"].width = 90
    info.protection.sheet = True
    for name, table, rows in priced_tables(version):
        sheet = book.create_sheet(name)
        sheet.append([f"Taulukko {table.number}: {table.title} ({table.unit})"])
        sheet["A1"].font = Font(bold=True)
        sheet.append(["id", "rivi", *(_heading(c) for c in table.columns)])
        inputs = {c.id for c in input_columns(table)}
        for line, row in enumerate(rows, FIRST_ROW):
            sheet.append([row.id, row.label])
            for index, column in enumerate(table.columns, 3):
                cell = sheet.cell(line, index)
                if column.id in inputs:
                    cell.value = row.values[column.id]
                    cell.protection, cell.fill = Protection(locked=False), INPUT_FILL
                else:
                    cell.value = _formula(table, column, line, version.vat_percent)
                cell.number_format = "0.00"
        sheet.column_dimensions["A"].width = 24
        sheet.column_dimensions["B"].width = 48
        sheet.protection.sheet = True
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write_csv(version: TariffVersion) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for _, table, rows in priced_tables(version):
        inputs = {c.id for c in input_columns(table)}
        for row in rows:
            for column in table.columns:
                computed = "" if column.id in inputs else "yes"
                writer.writerow([table.id, row.id, row.label, column.id, row.values[column.id], computed])
    return out.getvalue()


def price_problem(value: object, text: bool = False) -> tuple[Decimal | None, str | None]:
    """A price cell read: (price, None) or (None, what is wrong). `text`: every value is text (CSV)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, "no price: write the VAT 0 price"
    if isinstance(value, str) and value.startswith("="):
        return None, f"a formula ({value}) where a price belongs: write the price as a number"
    if isinstance(value, str) and not text:
        return None, f"text {value!r} where a price belongs: write a number such as 12.50"
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        return None, f"{value!r} is not a price: write a number such as 12.50"
    try:
        return cents(repr(value) if isinstance(value, float) else value), None
    except ValueError as exc:
        return None, f"{value!r} is not a price: write a number such as 12.50" if text else str(exc)


def _row_ids(found: list[tuple[int, object]], expected: list[str]) -> Iterator[tuple[int, str]]:
    """Problems with the rows' ids, as (line, message): changed, added, deleted (where it was)."""
    unknown = [(line, ident) for line, ident in found if ident not in expected]
    present = {ident for _, ident in found}
    missing = [ident for ident in expected if ident not in present]
    seen: set[object] = set()
    for line, ident in found:
        if ident in seen and ident in expected:
            yield line, f"row {ident!r} appears twice: delete the added copy"
        seen.add(ident)
    if len(unknown) == len(missing):
        for (line, ident), was in zip(unknown, missing, strict=True):
            yield line, f"the row id was changed from {was!r} to {ident!r}: ids cannot change (restore {was!r})"
        return
    for line, ident in unknown:
        what = f"an added row {ident!r}" if ident else "an added row without an id"
        yield line, f"{what}: no such row in the tariff (rows are added in the version file)"
    for ident in missing:
        yield FIRST_ROW + expected.index(ident), f"row {ident!r} is missing (deleted?): every row must stay"


def read_workbook(path: Path, version: TariffVersion) -> Inputs:
    """Every priced row's input prices from an edited workbook; raise with every problem."""
    try:
        book = load_workbook(path)  # formulas stay formulas: a formula where a price belongs is a problem
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise TariffDataError([Problem(str(path), None, "", f"cannot read the workbook: {exc}")]) from None
    problems: list[Problem] = []

    def problem(where: str, message: str) -> None:
        problems.append(Problem(where, None, "", message))

    tables = priced_tables(version)
    if INFO not in book.sheetnames:
        problem(f"{INFO}!A1", "sheet missing: the workbook must be one exported from this tariff")
    elif book[INFO]["B1"].value != version.id:
        problem(f"{INFO}!B1", f"a workbook of {book[INFO]['B1'].value!r}, not of {version.id!r}")
    names = {name for name, _, _ in tables}
    for name in book.sheetnames:
        if name not in names and name != INFO:
            problem(f"{name}!A1", "unknown sheet (renamed or added?): sheets are named by table id")
    inputs: Inputs = {}
    for name, table, rows in tables:
        if name not in book.sheetnames:
            problem(f"{name}!A1", f"sheet missing (renamed or deleted?): table {table.number}, {table.title}")
            continue
        _read_sheet(book[name], table, rows, version, inputs, problem)
    if problems:
        raise TariffDataError(problems)
    return inputs


def _read_sheet(sheet, table: Table, rows: list[Row], version: TariffVersion, inputs: Inputs, problem) -> None:
    name = sheet.title
    for merged in sheet.merged_cells.ranges:
        problem(f"{name}!{merged.coord}", "merged cells: unmerge them (every price has a cell of its own)")
    headings = ["id", "rivi", *(_heading(c) for c in table.columns)]
    for index, heading in enumerate(headings, 1):
        cell = sheet.cell(2, index)
        if cell.value != heading:
            problem(f"{name}!{cell.coordinate}", f"the heading {cell.value!r} was changed: it must be {heading!r}")
    found = [
        (line, sheet.cell(line, 1).value)
        for line in range(FIRST_ROW, sheet.max_row + 1)
        if any(sheet.cell(line, i).value not in (None, "") for i in range(1, len(headings) + 1))
    ]
    by_id = {r.id: r for r in rows}
    for line, message in _row_ids(found, list(by_id)):
        problem(f"{name}!A{line}", message)
    columns = {c.id for c in input_columns(table)}
    for line, ident in found:
        row = by_id.get(ident)
        if row is None:
            continue
        if sheet.cell(line, 2).value != row.label:
            problem(f"{name}!B{line}", f"the label was changed: it must be {row.label!r} (labels are not imported)")
        prices = {}
        for index, column in enumerate(table.columns, 3):
            cell = sheet.cell(line, index)
            if column.id in columns:
                prices[column.id], message = price_problem(cell.value)
                if message:
                    problem(f"{name}!{cell.coordinate}", message)
            elif cell.value != _formula(table, column, line, version.vat_percent):
                formula = _formula(table, column, line, version.vat_percent)
                problem(f"{name}!{cell.coordinate}", f"computed: keep its formula {formula} (change the VAT 0 price)")
        inputs[(table.id, row.id)] = prices


def read_csv(path: Path, shown: str, version: TariffVersion) -> Inputs:
    """Every priced row's input prices from an edited CSV file; raise with every problem."""
    try:
        text = path.read_text(encoding="utf-8-sig")
        finnish = text.split("\n", 1)[0].count(";") > 0  # a spreadsheet set to Finnish: `;` and decimal commas
        lines = list(csv.DictReader(io.StringIO(text), delimiter=";" if finnish else ","))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise TariffDataError([Problem(shown, None, "", f"cannot read the CSV file: {exc}")]) from None
    problems: list[Problem] = []
    if not lines or list(lines[0]) != list(CSV_FIELDS):
        raise TariffDataError([Problem(shown, 1, "", f"the first line must be {','.join(CSV_FIELDS)}")])
    expected = {
        (t.id, r.id, c.id): (r, c) for _, t, rows in priced_tables(version) for r in rows for c in t.columns
    }  # fmt: skip
    seen: dict[tuple, dict] = {}
    for number, line in enumerate(lines, 2):
        where = (line["table"], line["row"], line["column"])
        if where not in expected:
            problems.append(Problem(shown, number, "row", f"no {'/'.join(where)} in {version.id}: ids cannot change"))
            continue
        if where in seen:
            problems.append(Problem(shown, number, "row", f"{'/'.join(where)} appears twice"))
        seen[where] = line
        row, column = expected[where]
        if line["computed"]:
            if line["price"] not in (str(row.values[column.id]), str(row.values[column.id]).replace(".", ",")):
                problems.append(Problem(shown, number, "price", "computed by the tariff: change the VAT 0 price"))
            continue
        price, message = price_problem(line["price"].replace(",", ".") if finnish else line["price"], text=True)
        if message:
            problems.append(Problem(shown, number, "price", message))
        seen[where] = {**line, "read": price}
    for where in expected.keys() - seen.keys():
        problems.append(Problem(shown, None, "row", f"{'/'.join(where)} is missing (deleted?)"))
    if problems:
        raise TariffDataError(problems)
    inputs: Inputs = {}
    for (table_id, row_id, column_id), line in seen.items():
        if "read" in line:
            inputs.setdefault((table_id, row_id), {})[column_id] = line["read"]
    return inputs
