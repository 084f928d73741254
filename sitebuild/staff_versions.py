"""Staff commands `new-version` (a proposal from a version) and `prices` (price changes as the board states them)."""

from __future__ import annotations

import argparse
import datetime as dt
from decimal import Decimal

from calculator.catalog import Catalog
from calculator.model import StatedChange, TariffVersion
from calculator.money import HUNDRED, parse_amount, round_cents

from .price_edit import RowRef, cents, editable, input_columns, reprice, row_paths
from .staff_args import (
    act,
    add_authority,
    day,
    key_values,
    loaded,
    print_changes,
    refuse,
    version_file,
    version_in,
)  # fmt: skip
from .staged import check_and_write
from .yaml_edit import YamlText
from .yamlfile import shown_path

NEW_VERSION = """\
Make a proposal from a version (default: the one in force): the same sections, tables, rows, ids,
rules and prices, with `status: proposal`, `replaces`, `valid_from`, the title, and a
`lifecycle.proposal` block (the act that set the proposal out), in versions/ID.yaml; its `source` is
the proposal's document (`transcribed: false`: its prices are entered with these commands, so rows
name no source line). Also writes consultations/ID.yaml as a skeleton (only `version`) for
`consultation` to fill. Prices change only with `prices` or `import`.

example:
  python -m sitebuild new-version taksa-2027-01-01 --valid-from 2027-01-01 \\
    --title "Jätemaksutaksan maksuliite 1.1.2027 alkaen (ehdotus)" \\
    --proposed 2026-11-25 --section "§ 30" --document "Jätelautakunnan pöytäkirja 25.11.2026, § 30"
"""

PRICES = """\
Change a version's prices as the board states them. A stated change (--percent with --id,
--description, --source and what it covers: --where, --table, --row) sets each covered row's VAT 0
prices to the replaced version's prices x (1 + percent), rounded half up to cents, and records the
change in `stated_changes` (the same --id again replaces it). --set gives a row an absolute VAT 0
price. Totals and VAT-inclusive prices are computed by the tariff's rounding; every check of
`build.py --check` runs before the file is written, and the consistency report is printed.

examples:
  python -m sitebuild prices taksa-2027-01-01 --percent 4 --id korotus-4 \\
    --description "Poltettavan jätteen tyhjennysmaksuihin 4 %:n korotus." \\
    --source "Jätelautakunnan pöytäkirja 25.11.2026, § 30" --where "service=emptying waste=mixed"
  python -m sitebuild prices taksa-2027-01-01 --set paperilasku/paperilasku=1.70 \\
    --set tyhjennys-bio/astia-140/treatment=1.20
"""


def add_command(commands: argparse._SubParsersAction) -> None:
    raw = argparse.RawDescriptionHelpFormatter
    new = commands.add_parser(
        "new-version", help="a proposal from a version", description=NEW_VERSION, formatter_class=raw
    )
    add_authority(new)
    new.add_argument("id", help="the new version's id (and file name), e.g. taksa-2027-01-01")
    new.add_argument("--from", dest="base", metavar="VERSION", help="the version to start from (default: in force)")
    new.add_argument("--valid-from", type=day, required=True, metavar="DAY", help="planned start, YYYY-MM-DD")
    new.add_argument("--title", required=True, help="the proposal's title as its document gives it")
    new.add_argument("--proposed", type=day, required=True, metavar="DAY", help="date of the act setting it out")
    new.add_argument("--document", required=True, help="the document of that act (minutes and §)")
    new.add_argument("--section", help='its section, e.g. "§ 30"')
    new.add_argument("--body", help="the body that set it out (default: the authority's board)")
    new.add_argument(
        "--checked", type=day, default=dt.date.today(), metavar="DAY", help="data checked (default: today)"
    )
    new.add_argument("--source-document", help="the document its prices come from (default: --document)")
    new.add_argument("--source-title", help="that document's title (default: --title)")
    new.set_defaults(run=new_version)

    prices = commands.add_parser(
        "prices", help="price changes: +N %% or absolute", description=PRICES, formatter_class=raw
    )
    add_authority(prices)
    prices.add_argument("version", metavar="VERSION", help="the version to change (a proposal)")
    prices.add_argument("--percent", help="the stated change in per cent, e.g. 4 or -2.5")
    prices.add_argument("--id", dest="change_id", help="the stated change's id, e.g. korotus-4")
    prices.add_argument("--description", help="the change in the board's words (Finnish)")
    prices.add_argument("--source", help="where the board states it (minutes, §)")
    prices.add_argument(
        "--where", action="append", default=[], metavar="KEY=VALUES",
        help='rows whose key matches, e.g. "service=emptying waste=mixed,dual volume_l=240" (repeatable: any)',
    )  # fmt: skip
    prices.add_argument("--table", action="append", default=[], metavar="TABLE", help="every row of a table")
    prices.add_argument("--row", action="append", default=[], metavar="TABLE/ROW", help="one row")
    prices.add_argument(
        "--set", action="append", default=[], metavar="TABLE/ROW[/COLUMN]=PRICE",
        help="an absolute VAT 0 price (COLUMN: which input column, where a table has several)",
    )  # fmt: skip
    prices.set_defaults(run=change_prices)


def new_version(args: argparse.Namespace) -> int:
    authority, catalog = loaded(args)
    base = version_in(catalog, args.base) if args.base else catalog.current_and_proposal()[0]
    if base is None:
        raise refuse("--from", "no version is in force: name the version to start from")
    target = authority.versions / f"{args.id}.yaml"
    if target.exists() or any(v.id == args.id for v in catalog.versions):
        raise refuse("ID", f"version {args.id!r} exists already ({shown_path(target)})")
    text = YamlText.read(version_file(authority, base), base.file)
    text.set_header(
        f"{args.title}\n\nMade by `python -m sitebuild new-version` from {base.id} on {dt.date.today()}: the same\n"
        "tables, rows and ids; prices change with `python -m sitebuild prices` or `import`."
    )
    for key, value in (("id", args.id), ("title", args.title), ("status", "proposal"), ("valid_from", args.valid_from)):
        text.set((), key, value)
    text.set((), "replaces", base.id, after="valid_from")
    text.remove((), "valid_until")
    text.remove((), "stated_changes")  # the base's own changes; this proposal's come with `prices`
    proposal = act(args.proposed, args.body or authority.board, args.document, args.section)
    lifecycle = {"checked": args.checked, "proposal": proposal}
    text.set((), "lifecycle", lifecycle, after="valid_from")
    source = {"document": args.source_document or args.document, "title": args.source_title or args.title}
    text.set((), "source", {**source, "transcribed": False})  # prices from here on come from the commands
    for path in row_paths(text).values():
        text.remove(path, "source_line")  # the base's lines in its document
    skeleton = authority.consultations / f"{args.id}.yaml"
    files = {target: text.result()}
    if not skeleton.exists():
        files[skeleton] = (
            f"# The public-comment period of {args.id}: fill it with\n"
            f"#   python -m sitebuild consultation {args.id} --start DAY --end DAY --how-to-comment TEXT ...\n"
            "# (see `python -m sitebuild consultation --help`). While this file gives only `version`, the\n"
            "# site shows no consultation for the proposal.\n"
            f"version: {args.id}\n"
        )
    check_and_write(authority, files)
    for path in files:
        print(f"wrote {shown_path(path)}")
    print(f"{args.id}: a proposal from {base.id}, prices as in {base.id}")
    return 0


def change_prices(args: argparse.Namespace) -> int:
    authority, catalog = loaded(args)
    version = version_in(catalog, args.version)
    text = YamlText.read(version_file(authority, version), version.file)
    inputs: dict[RowRef, dict[str, Decimal]] = {}
    if args.percent is not None:
        change = _stated_change(args, version, catalog)
        inputs.update(_stated_inputs(change, version, catalog.baseline_of(version)))
        _record(text, version, change)
    elif args.change_id or args.where or args.table or args.row:
        raise refuse("--percent", "a stated change needs its --percent")
    for item in args.set:
        ref, column, price = _absolute(item, version)
        inputs.setdefault(ref, dict(_inputs_of(version, ref)))[column] = price
    if not inputs:
        raise refuse("--percent/--set", "nothing to change: give a stated change or --set")
    changes = reprice(version, text, inputs)
    path = version_file(authority, version)
    print_changes(check_and_write(authority, {path: text.result()}), path, changes)
    return 0


def _stated_change(args: argparse.Namespace, version: TariffVersion, catalog: Catalog) -> StatedChange:
    for option, value in (("--id", args.change_id), ("--description", args.description), ("--source", args.source)):
        if not value:
            raise refuse(option, "a stated change needs its id, the board's description and its source")
    if catalog.baseline_of(version) is None:
        raise refuse(
            "--percent", f"{version.id} replaces no version: a stated change is relative to the one it replaces"
        )
    try:
        percent = parse_amount(args.percent)
    except ValueError as exc:
        raise refuse("--percent", str(exc)) from None
    selectors = [_selector(text) for text in args.where] + [{"table": t} for t in args.table]
    for ref in args.row:
        table, _, row = ref.partition("/")
        selectors.append({"table": table, "row": row})
    if not selectors:
        raise refuse("--where/--table/--row", "say which rows the stated change covers")
    return StatedChange(args.change_id, percent, args.description, args.source, tuple(selectors))


def _selector(text: str) -> dict[str, object]:
    """ "service=emptying waste=mixed,dual volume_l=240" as a key selector."""
    try:
        return key_values(text)
    except ValueError as exc:
        raise refuse("--where", str(exc)) from None


def _stated_inputs(change: StatedChange, version: TariffVersion, baseline: TariffVersion) -> dict:
    """The covered rows' input prices: the replaced version's x (1 + percent), half up to cents."""
    inputs = {}
    for table in version.tables:
        for row in table.rows:
            if not editable(row) or not change.covers(row.key, table.id, row.id):
                continue
            try:
                old = baseline.table(table.id).row(row.id)
            except KeyError:
                print(f"not changed: {table.id}/{row.id} has no price in {baseline.id} to change")
                continue
            if editable(old):
                factor = (HUNDRED + change.percent) / HUNDRED
                inputs[(table.id, row.id)] = {
                    c.id: round_cents(old.values[c.id] * factor) for c in input_columns(table)
                }
    if not inputs:
        raise refuse("--where/--table/--row", "the stated change covers no priced row")
    return inputs


def _record(text: YamlText, version: TariffVersion, change: StatedChange) -> None:
    """The stated change in the version's `stated_changes` (replacing one with the same id)."""
    entry = {
        "id": change.id, "percent": change.percent, "description": change.description,
        "source": change.source, "applies_to": list(change.applies_to),
    }  # fmt: skip
    index = next((i for i, c in enumerate(version.stated_changes) if c.id == change.id), None)
    if index is not None:
        for key, value in entry.items():
            text.set(("stated_changes", index), key, value)
    elif version.stated_changes:
        text.append(("stated_changes",), entry)
    else:
        text.set((), "stated_changes", [entry], after="source")


def _inputs_of(version: TariffVersion, ref: RowRef) -> dict[str, Decimal]:
    table = version.table(ref[0])
    return {c.id: table.row(ref[1]).values[c.id] for c in input_columns(table)}


def _absolute(item: str, version: TariffVersion) -> tuple[RowRef, str, Decimal]:
    """ "TABLE/ROW[/COLUMN]=PRICE" read and checked against the version."""
    where, sep, price_text = item.partition("=")
    parts = where.split("/")
    if not sep or len(parts) not in (2, 3):
        raise refuse("--set", f"{item!r}: write TABLE/ROW=PRICE or TABLE/ROW/COLUMN=PRICE")
    try:
        table = version.table(parts[0])
        row = table.row(parts[1])
    except KeyError:
        raise refuse("--set", f"{item!r}: no row {parts[1]!r} in table {parts[0]!r} of {version.id}") from None
    inputs = [c.id for c in input_columns(table)]
    if not editable(row):
        raise refuse("--set", f"{item!r}: the row has no prices to set")
    column = parts[2] if len(parts) == 3 else inputs[0] if len(inputs) == 1 else None
    if column not in inputs:
        raise refuse("--set", f"{item!r}: name one of the VAT 0 columns {', '.join(inputs)}")
    try:
        return (table.id, row.id), column, cents(price_text)
    except ValueError as exc:
        raise refuse("--set", f"{item!r}: {exc}") from None
