"""Command line: `python -m calculator [--authority ID] estimate|compare|calendar SCENARIO.json`.

Prints JSON (default) or a readable table (`--format text`). Bad input: one
message per problem on stderr, naming the field, and exit code 2. Prices come
from an authority's tariff YAML (read by the build tooling, which registers its
reader) or from a folder of JSON exports (`--tariffs`, standard library only).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from .api import read_json, run_calendar, run_compare, run_estimate
from .catalog import Catalog, catalog_from_data
from .finnish import eur_fi, eur_range_fi, localize, number_fi, range_fi, signed_fi
from .problems import TariffDataError
from .scenario import MAX_FILE_BYTES, InputProblem, ScenarioError

TARIFF_READERS = "jatetaksa.tariff_readers"
EXIT_BAD_INPUT = 2


def load_tariffs(authority: str | None, folder: Path | None) -> Catalog:
    """A folder of JSON exports, or an authority's YAML through the reader the build tooling registers
    (pyproject.toml, entry point group TARIFF_READERS): the core itself reads no YAML."""
    if folder is not None and not any(folder.glob("*.yaml")) and not (folder / "authority.yaml").is_file():
        return catalog_from_data([json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))])
    readers = entry_points(group=TARIFF_READERS)
    if not readers:
        raise SystemExit(
            "error: reading tariff YAML needs the build tooling (pip install -e '.[build]'); "
            "or give --tariffs a folder of JSON exports"
        )
    return next(iter(readers)).load()(folder if folder is not None else authority)


def read_scenario(path: Path) -> Any:
    """A scenario file: at most MAX_FILE_BYTES of UTF-8 JSON (read as `api.read_json` reads it)."""

    def refuse(message: str) -> ScenarioError:
        return ScenarioError([InputProblem("", message, "")])

    try:
        with path.open("rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise refuse(f"cannot read the file: {exc.strerror}") from None
    if len(data) > MAX_FILE_BYTES:
        raise refuse(f"larger than {MAX_FILE_BYTES} bytes: not a scenario")
    try:
        text = data.decode("utf-8-sig")  # a byte order mark, as some editors write, is fine
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise refuse(f"line {line}: not UTF-8 text (byte 0x{data[exc.start]:02X})") from None
    return read_json(text)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m calculator", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--authority", help="authority id under tariffs/, or its folder (a path with a /; "
                        "default: tariffs/default-authority)")
    parser.add_argument("--tariffs", type=Path, help="an authority folder, or a folder of JSON exports")
    parser.add_argument("--format", choices=("json", "text"), default="json")
    commands = parser.add_subparsers(dest="command", required=True)
    one = commands.add_parser("estimate", help="annual cost of a scenario")
    one.add_argument("scenario", type=Path)
    two = commands.add_parser("compare", help="the scenario under two tariff versions")
    two.add_argument("scenario", type=Path)
    two.add_argument("--with", dest="alternative", type=Path, metavar="B.json",
                     help="another set-up: both under both tariffs, and what changing to it would change")
    two.add_argument("--to", type=_date, help="compare with the tariff valid on this day "
                     "(default: the two tariffs of the change nearest the scenario's date)")  # fmt: skip
    days = commands.add_parser("calendar", help="the emptying days as an iCalendar file (.ics) on standard output")
    days.add_argument("scenario", type=Path)
    for sub in (one, two, days):
        sub.add_argument("--format", choices=("json", "text"), default=argparse.SUPPRESS)
        sub.add_argument("--tariffs", type=Path, default=argparse.SUPPRESS)
        sub.add_argument("--authority", default=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    try:
        data = read_scenario(args.scenario)
    except ScenarioError as exc:
        return _refused(args.scenario, exc.problems)
    try:
        catalog = load_tariffs(args.authority, args.tariffs)
    except TariffDataError as exc:
        print(exc, file=sys.stderr)
        return 1
    if args.command == "calendar":
        result = run_calendar(data, catalog, dt.datetime.now(dt.UTC))
    elif args.command == "estimate":
        result = run_estimate(data, catalog)
    elif args.alternative is not None:
        try:
            alternative = read_scenario(args.alternative)
        except ScenarioError as exc:
            return _refused(args.alternative, exc.problems)
        result = run_compare(data, catalog, to_day=args.to, alternative=alternative)
    else:
        result = run_compare(data, catalog, to_day=args.to)
    if "errors" in result:
        for error in result["errors"]:
            where = f"{error['field']}: " if error["field"] else ""
            print(f"error: {where}{error['message']}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.command == "calendar":
        sys.stdout.buffer.write(result["ics"].encode("utf-8"))
    elif args.format == "json":
        print(json.dumps(result, ensure_ascii=False, indent=2))
    elif args.command == "estimate":
        print(estimate_text(result))
    elif "switch_old" in result:
        print(alternatives_text(result))
    else:
        print(compare_text(result))
    return 0


def _refused(path: Path, problems: list[InputProblem]) -> int:
    for problem in problems:
        where = f"{path}:{problem.field}" if problem.field else str(path)
        print(f"error: {where}: {problem.message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def estimate_text(result: dict[str, Any]) -> str:
    tariffs = ", ".join(f"{t['title']} ({t['id']})" for t in result["tariffs"])
    rows = [("Erä", "Yksikköhinta €", "Määrä", "Yhteensä €")]
    for line in result["lines"]:
        low, high = line["quantity_min"], line["quantity_max"]
        quantity = range_fi(number_fi(low), number_fi(high))
        rows.append((line["label"], eur_fi(line["unit_price_eur"]), quantity, eur_range_fi(line, "amount")))
    rows.append(("Yhteensä vuodessa (sis. alv)", "", "", eur_range_fi(result, "total")))
    if result["total_min_eur"] != result["total_max_eur"]:
        rows.append(("  keskimäärin", "", "", eur_fi(result["total_eur"])))
    return f"Taksa: {tariffs}\n" + _table(rows) + explanations_text(result)


def explanations_text(result: dict[str, Any], heading: str = "Miten summat syntyvät") -> str:
    """Each line as unit price × quantity = amount, with the priced row and the rule, then the notes."""
    shown = localize(result)
    out = ["", f"{heading}:"]
    for line in shown["lines"]:
        out.append(f"- {line['label']}: {line['formula_fi']}")
        out.append(f"  Hinta: taulukko {line['table_number']}, {line['row_label']}" + _address(line))
        if "unit_price_split_fi" in line:
            out.append(f"  Yksikköhinta: {line['unit_price_split_fi']}")
        if "rule" in line:
            out.append(_rule_text(line["rule"]))
        if "verify" in line:
            out.append(f"  ⚠ Tarkistettava: {line['verify']}")
    if shown["notes"]:
        out += ["", "Huomioitavaa:"]
        for note in shown["notes"]:
            out += [f"- {note['text']}", _rule_text(note["rule"])]
    return "\n".join(out)


def _rule_text(rule: dict[str, Any]) -> str:
    where = f"tekstiosan kohta {rule['section']}" if "section" in rule else "hinnasto"
    return f'  Sääntö ({where}): "{rule["quote"]}"' + _address(rule)


def _address(item: dict[str, Any]) -> str:
    return f" <{item['url']}>" if "url" in item else ""


def compare_text(result: dict[str, Any]) -> str:
    old, new = result["old"]["tariffs"][0]["id"], result["new"]["tariffs"][0]["id"]
    rows = [("Erä", old, new, "Muutos €", "Muutos %")]
    for line in result["lines"]:
        percent = line["difference_percent"]
        rows.append(
            (
                line["label"],
                eur_range_fi(line, "old_amount"),
                eur_range_fi(line, "new_amount"),
                eur_range_fi(line, "difference"),
                "" if percent is None else signed_fi(percent, "%"),
            )
        )
    percent = result["difference_percent"]
    rows.append(
        (
            "Yhteensä vuodessa (sis. alv)",
            eur_range_fi(result["old"], "total"),
            eur_range_fi(result["new"], "total"),
            eur_range_fi(result, "difference"),
            "" if percent is None else signed_fi(percent, "%"),
        )
    )
    return _table(rows) + explanations_text(result["new"], f"Miten summat syntyvät ({new})")


def alternatives_text(result: dict[str, Any]) -> str:
    """Set-ups A and B under both tariffs, then the lines that make the difference of changing to B."""
    old, new = result["a"]["old"]["tariffs"][0]["id"], result["a"]["new"]["tariffs"][0]["id"]
    rows = [("Vuodessa (sis. alv)", old, new, "Muutos €")]
    for name, side in (("A: nykyinen", result["a"]), ("B: vaihtoehto", result["b"])):
        rows.append((name, eur_range_fi(side["old"], "total"), eur_range_fi(side["new"], "total"),
                     eur_range_fi(side, "difference")))  # fmt: skip
    rows.append(("B − A", eur_range_fi(result["switch_old"], "difference"),
                 eur_range_fi(result["switch_new"], "difference"), ""))  # fmt: skip
    out = [_table(rows), "", f"Mistä ero syntyy ({new}):"]
    for line in result["switch_new"]["lines"]:
        if line["difference_min_eur"] != "0.00" or line["difference_max_eur"] != "0.00":
            difference = eur_range_fi(line, "difference")
            out.append(f"- {line['label']}: A {eur_range_fi(line, 'old_amount')}, B {eur_range_fi(line, 'new_amount')}"
                       f" ({difference})")  # fmt: skip
    return "\n".join(out)


def _table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)
