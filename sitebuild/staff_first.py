"""Staff command `first-version`: an authority's first tariff version from a workbook of its tables.

The workbook (made by staff in any spreadsheet program, `.xlsx`):

- a sheet `taulukot`, one line per table after a heading line: the section's id, number and title,
  the table's id, number, title and unit, and its prices (`hinta`: one VAT 0 price a row;
  `tyhjennys`: transport and treatment, VAT 0, which make the total);
- one sheet per table, named by its id: a heading line `id, rivi, avain` and the table's VAT 0
  columns (`hinta`, or `kuljetus` and `käsittely`), then one line per row: its id, label, what the
  calculator prices with it (`service=emptying waste=mixed container=bin volume_l=240`, or empty) and
  its VAT 0 prices.

Every fault is `sheet!cell: message`; totals and VAT-inclusive prices are computed by the tariff's
rounding, and the version is checked as the build checks it before versions/ID.yaml is written.
"""

from __future__ import annotations

import argparse
import datetime as dt
import zipfile
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from calculator.model import Column
from calculator.money import parse_amount
from calculator.problems import Problem, TariffDataError
from calculator.schedules import MonthDay

from .price_edit import computed
from .price_sheets import price_problem
from .staff_args import act, add_authority, authority_of, day, key_values, refuse
from .staged import check_and_write
from .yaml_edit import dump_block
from .yamlfile import shown_path

HELP = """\
Write an authority's first version (versions/ID.yaml, the tariff in force) from a workbook of its
tables: a sheet `taulukot` (section id, number and title; table id, number, title, unit; prices
`hinta` or `tyhjennys`) and one sheet per table named by its id (id, rivi, avain, then the VAT 0
prices: `hinta`, or `kuljetus` and `käsittely`). Totals and VAT-inclusive prices are computed at the
authority's VAT rate; faults are reported as `sheet!cell: message` and nothing is written.

example:
  python -m sitebuild first-version taksa-2026-01-01 --workbook taksa.xlsx --valid-from 2026-01-01 \\
    --title "Jätemaksutaksan maksuliite 1.1.2026 alkaen" --operator "Jäteyhtiö Oy" \\
    --operator-role "Jätehuollon järjestäjä" --operator-source "taksan 2 §" \\
    --decided 2025-11-20 --section "§ 12" --document "Jätelautakunnan pöytäkirja 20.11.2025, § 12"
"""

TABLES = "taulukot"
TABLE_HEADINGS = ("osio", "osion numero", "osion otsikko", "taulukko", "numero", "otsikko", "yksikkö", "hinnat")
# The two kinds of price table: the VAT 0 columns staff fill (by their heading) and every column.
COLUMN_SETS: dict[str, tuple[dict[str, str], tuple[Column, ...]]] = {
    "hinta": (
        {"hinta": "vat0"},
        (Column("vat0", "Hinta"), Column("vat", "Hinta", vat_of=("vat0",))),
    ),
    "tyhjennys": (
        {"kuljetus": "transport", "käsittely": "treatment"},
        (
            Column("transport", "Kuljetus"),
            Column("treatment", "Käsittely"),
            Column("total", "Yhteensä", sum_of=("transport", "treatment")),
            Column("total_vat", "Yhteensä", vat_of=("total",)),
        ),
    ),
}
SET_IDS = {"hinta": "price", "tyhjennys": "emptying"}


def add_command(commands: argparse._SubParsersAction) -> None:
    first = commands.add_parser(
        "first-version", help="an authority's first version from a workbook of its tables",
        description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    add_authority(first)
    first.add_argument("id", help="the version's id (and file name), e.g. taksa-2026-01-01")
    first.add_argument("--workbook", type=Path, required=True, metavar="FILE", help="the tables, .xlsx")
    first.add_argument("--valid-from", type=day, required=True, metavar="DAY", help="in force from, YYYY-MM-DD")
    first.add_argument("--title", required=True, help="the fee appendix's title as its document gives it")
    first.add_argument("--operator", required=True, help="the company that runs the service")
    first.add_argument("--operator-role", metavar="TITLE",
                       help='what the sources call it, e.g. "Jätehuollon järjestäjä" (the version page names it)')
    first.add_argument("--operator-source", metavar="SECTION", help="where the sources say so, e.g. \"taksan 2 §\"")
    first.add_argument("--decided", type=day, required=True, metavar="DAY", help="date of the decision adopting it")
    first.add_argument("--document", required=True, help="the decision's document, where the prices come from")
    first.add_argument("--section", help='its section, e.g. "§ 12"')
    first.add_argument("--summer", type=_period, metavar="MM-DD:MM-DD", help="the summer season of emptyings")
    first.add_argument("--winter", type=_period, metavar="MM-DD:MM-DD", help="the winter season of emptyings")
    first.add_argument("--seasons-quote", metavar="TEXT", help="the tariff's words that give the two seasons")
    first.add_argument("--seasons-section", metavar="SECTION", help="their section of the text part")
    first.add_argument("--vat", metavar="PERCENT", help="the VAT rate (default: the authority's vat_percent)")
    first.add_argument(
        "--checked", type=day, default=dt.date.today(), metavar="DAY", help="data checked (default: today)"
    )
    first.set_defaults(run=first_version)


def first_version(args: argparse.Namespace) -> int:
    authority = authority_of(args)
    target = authority.versions / f"{args.id}.yaml"
    if target.exists():
        raise refuse("ID", f"version {args.id!r} exists already ({shown_path(target)})")
    vat = args.vat if args.vat is not None else authority.vat_percent
    if vat is None:
        raise refuse("--vat", "authority.yaml gives no vat_percent: give the VAT rate")
    try:
        vat = parse_amount(vat)
    except ValueError as exc:
        raise refuse("--vat", str(exc)) from None
    sections, kinds = read_tables(args.workbook, vat)
    decision = act(
        args.decided, authority.board, args.document, args.section, outcome="adopted", in_force_from=args.valid_from
    )
    version = {
        "id": args.id, "title": args.title, "authority": authority.board, "operator": args.operator,
        "status": "in_force", "valid_from": args.valid_from,
        "lifecycle": {"checked": args.checked, "decision": decision},
        "vat_percent": vat, "source": {"document": args.document, "title": args.title, "transcribed": False},
        "column_sets": {SET_IDS[k]: [_column(c) for c in COLUMN_SETS[k][1]] for k in COLUMN_SETS if k in kinds},
        "sections": sections,
    }  # fmt: skip
    if args.operator_role or args.operator_source:
        if not (args.operator_role and args.operator_source):
            raise refuse("--operator-role/--operator-source", "the operator's role needs its title and its source")
        version["operator_role"] = {"title": args.operator_role, "source": args.operator_source}
    if args.summer or args.winter or args.seasons_quote:
        if not (args.summer and args.winter and args.seasons_quote):
            raise refuse("--summer/--winter/--seasons-quote", "the seasons need the summer, the winter and the quote")
        rule = {"section": args.seasons_section, "quote": args.seasons_quote,
                "seasons": {"summer": args.summer, "winter": args.winter}}  # fmt: skip
        version["rules"] = {"emptying_seasons": {k: v for k, v in rule.items() if v is not None}}
    header = (
        f"# {args.title}\n#\n# Made by `python -m sitebuild first-version` from {args.workbook.name} on "
        f"{dt.date.today()};\n# prices change with `python -m sitebuild prices` or `import`.\n"
    )
    check_and_write(authority, {target: header + dump_block(version)})
    print(f"wrote {shown_path(target)}")
    tables = sum(len(s["tables"]) for s in sections)
    rows = sum(len(t["rows"]) for s in sections for t in s["tables"])
    print(f"{args.id}: {len(sections)} section(s), {tables} table(s), {rows} row(s) at VAT {vat} %")
    return 0


def _period(text: str) -> dict[str, str]:
    """argparse type: "05-15:09-15" as {from, to} (days of the year MM-DD)."""
    start, sep, end = text.partition(":")
    for part in (start, end):
        try:
            MonthDay.parse(part)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(f"{text!r}: {exc}") from None
    if not sep:
        raise argparse.ArgumentTypeError(f"{text!r}: write FROM:TO, e.g. 05-15:09-15")
    return {"from": start, "to": end}


def _column(column: Column) -> dict[str, object]:
    fields: dict[str, object] = {"id": column.id, "label": column.label}
    if column.sum_of:
        fields["sum_of"] = list(column.sum_of)
    if column.vat_of:
        fields["vat_of"] = list(column.vat_of)
    return fields


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def read_tables(path: Path, vat: Decimal) -> tuple[list[dict], set[str]]:
    """The sections with their tables and rows, and the kinds of table used; raise with every `sheet!cell` fault."""
    try:
        book = load_workbook(path)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise TariffDataError([Problem(str(path), None, "", f"cannot read the workbook: {exc}")]) from None
    problems: list[Problem] = []

    def problem(where: str, message: str) -> None:
        problems.append(Problem(where, None, "", message))

    if TABLES not in book.sheetnames:
        raise TariffDataError([Problem(f"{TABLES}!A1", None, "", "sheet missing: it lists the tables")])
    index = book[TABLES]
    for column, heading in enumerate(TABLE_HEADINGS, 1):
        if _text(index.cell(1, column).value).lower() != heading:
            problem(f"{TABLES}!{index.cell(1, column).coordinate}", f"the heading must be {heading!r}")
    sections: dict[str, dict] = {}
    kinds: set[str] = set()
    for line in range(2, index.max_row + 1):
        cells = [_text(index.cell(line, c).value) for c in range(1, len(TABLE_HEADINGS) + 1)]
        if not any(cells):
            continue
        section_id, section_number, section_title, table_id, number, title, unit, kind = cells
        missing = [h for h, v in zip(TABLE_HEADINGS, cells, strict=True) if not v]
        if missing:
            problem(f"{TABLES}!A{line}", f"fill in {', '.join(missing)}")
            continue
        if kind not in COLUMN_SETS:
            problem(f"{TABLES}!H{line}", f"{kind!r}: write {' or '.join(COLUMN_SETS)}")
            continue
        if not number.isdigit():
            problem(f"{TABLES}!E{line}", f"{number!r}: the table's number is a whole number")
            continue
        if table_id not in book.sheetnames:
            problem(f"{TABLES}!D{line}", f"no sheet {table_id!r}: each table has a sheet named by its id")
            continue
        kinds.add(kind)
        section = sections.setdefault(
            section_id, {"id": section_id, "number": section_number, "title": section_title, "tables": []}
        )
        rows = _read_rows(book[table_id], kind, vat, problem)
        section["tables"].append({
            "id": table_id, "number": int(number), "title": title, "row_header": title, "unit": unit,
            "columns": SET_IDS[kind], "rows": rows,
        })  # fmt: skip
    if not sections and not problems:
        problem(f"{TABLES}!A2", "no tables listed")
    if problems:
        raise TariffDataError(problems)
    return list(sections.values()), kinds


def _read_rows(sheet, kind: str, vat: Decimal, problem) -> list[dict]:
    inputs, columns = COLUMN_SETS[kind]
    headings = ("id", "rivi", "avain", *inputs)
    for column, heading in enumerate(headings, 1):
        if _text(sheet.cell(1, column).value).lower() != heading:
            problem(f"{sheet.title}!{sheet.cell(1, column).coordinate}", f"the heading must be {heading!r}")
    for merged in sheet.merged_cells.ranges:
        problem(f"{sheet.title}!{merged.coord}", "merged cells: unmerge them (every price has a cell of its own)")
    rows = []
    for line in range(2, sheet.max_row + 1):
        ident, label, key = (_text(sheet.cell(line, c).value) for c in (1, 2, 3))
        if not (ident or label or key):
            continue
        if not ident or not label:
            problem(f"{sheet.title}!A{line}", "a row needs its id and its label (rivi)")
            continue
        row: dict[str, object] = {"id": ident, "label": label}
        prices = {}
        for column, column_id in enumerate(inputs.values(), 4):
            cell = sheet.cell(line, column)
            prices[column_id], message = price_problem(cell.value)
            if message:
                problem(f"{sheet.title}!{cell.coordinate}", message)
        if None not in prices.values():
            row["values"] = computed(columns, prices, vat)
        if key:
            try:
                row["key"] = key_values(key)
            except ValueError as exc:
                problem(f"{sheet.title}!C{line}", str(exc))
        rows.append(row)
    if not rows:
        problem(f"{sheet.title}!A2", "no rows")
    return rows
