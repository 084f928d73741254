"""Staff commands `export` (a version's price tables as a workbook or CSV) and `import` (its edited copy back)."""

from __future__ import annotations

import argparse
from pathlib import Path

from .price_edit import reprice
from .price_sheets import read_csv, read_workbook, write_csv, write_workbook
from .staff_args import add_authority, loaded, print_changes, refuse, version_file, version_in
from .staged import check_and_write
from .yaml_edit import YamlText, write_all

EXPORT = """\
Write a version's price tables to a workbook (.xlsx: a sheet per table, ids and labels protected,
VAT 0 prices editable in yellow, totals and VAT-inclusive prices as formulas) and/or a CSV file
(one line per row and column; `computed` marks the columns the tariff computes).

example:
  python -m sitebuild export taksa-2026-04-01 --xlsx hinnat.xlsx --csv hinnat.csv
"""

IMPORT = """\
Read an edited workbook (.xlsx) or CSV file back into the version: only the VAT 0 prices are read;
totals and VAT-inclusive prices are computed by the tariff's rounding, every check of
`build.py --check` runs, and only the changed price lines of the version file are rewritten. A
fault (text or a formula in a price, three decimals, a row deleted, added or with a changed id, a
sheet renamed or missing, merged cells) is reported as `sheet!cell: message` and changes nothing.

example:
  python -m sitebuild import taksa-2026-04-01 hinnat.xlsx
"""


def add_command(commands: argparse._SubParsersAction) -> None:
    raw = argparse.RawDescriptionHelpFormatter
    export = commands.add_parser("export", help="price tables to .xlsx / .csv", description=EXPORT, formatter_class=raw)
    add_authority(export)
    export.add_argument("version", metavar="VERSION")
    export.add_argument("--xlsx", type=Path, metavar="FILE", help="the workbook to write")
    export.add_argument("--csv", type=Path, metavar="FILE", help="the CSV file to write")
    export.set_defaults(run=export_prices)
    imported = commands.add_parser("import", help="edited prices back", description=IMPORT, formatter_class=raw)
    add_authority(imported)
    imported.add_argument("version", metavar="VERSION")
    imported.add_argument("file", type=Path, metavar="FILE", help="the edited .xlsx or .csv file")
    imported.set_defaults(run=import_prices)


def export_prices(args: argparse.Namespace) -> int:
    _, catalog = loaded(args)
    version = version_in(catalog, args.version)
    if not (args.xlsx or args.csv):
        raise refuse("--xlsx/--csv", "name the file(s) to write")
    files: dict[Path, str | bytes] = {}
    if args.xlsx:
        files[args.xlsx] = write_workbook(version)
    if args.csv:
        files[args.csv] = write_csv(version)
    write_all(files)
    for path in files:
        print(f"wrote {path}")
    return 0


def import_prices(args: argparse.Namespace) -> int:
    authority, catalog = loaded(args)
    version = version_in(catalog, args.version)
    suffix = args.file.suffix.lower()
    if suffix == ".xlsx":
        inputs = read_workbook(args.file, version)
    elif suffix == ".csv":
        inputs = read_csv(args.file, str(args.file), version)
    else:
        raise refuse("FILE", f"{args.file}: expected a .xlsx or .csv file")
    path = version_file(authority, version)
    text = YamlText.read(path, version.file)
    changes = reprice(version, text, inputs)
    print_changes(check_and_write(authority, {path: text.result()}) if changes else catalog, path, changes)
    return 0
