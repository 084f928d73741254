"""What every staff command shares: the authority option, reading days and prices from the command
line, finding a version and its file, and problems that name the command line."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from calculator import schema
from calculator.catalog import Catalog
from calculator.model import TariffVersion
from calculator.problems import Problem, TariffDataError

from .authority import Authority, load_authority
from .report import consistency_report
from .site_data import load_versions
from .yamlfile import shown_path

COMMAND_LINE = "command line"


def refuse(option: str, message: str) -> TariffDataError:
    """A problem in the command's arguments, as the dispatcher prints it."""
    return TariffDataError([Problem(COMMAND_LINE, None, option, message)])


def add_authority(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--authority",
        metavar="ID",
        help="the authority: a folder under tariffs/ or a path to one (default: tariffs/default-authority)",
    )


def authority_of(args: argparse.Namespace) -> Authority:
    return load_authority(args.authority)


def loaded(args: argparse.Namespace) -> tuple[Authority, Catalog]:
    """The authority of the command line and its checked versions (the rest is checked with the command's files)."""
    authority = authority_of(args)
    return authority, load_versions(authority.folder)


def version_in(catalog: Catalog, version_id: str) -> TariffVersion:
    version = next((v for v in catalog.versions if v.id == version_id), None)
    if version is None:
        known = ", ".join(v.id for v in catalog.versions)
        raise refuse("VERSION", f"unknown version {version_id!r} (known: {known})")
    return version


def print_changes(catalog: Catalog, path: Path, changes: list) -> None:
    """What a price command changed, then the consistency report of the versions as written."""
    for change in changes:
        print(change)
    print(f"{shown_path(path)}: {len(changes)} row(s) changed\n")
    print(consistency_report(catalog), end="")


def version_file(authority: Authority, version: TariffVersion) -> Path:
    """The file a version was read from."""
    return next(p for p in sorted(authority.versions.glob("*.yaml")) if shown_path(p, authority.folder) == version.file)


def act(date: dt.date, body: str, document: str, section: str | None = None, **more: object) -> dict[str, object]:
    """A lifecycle act (proposal, decision, amendment) in the version files' field order, unset fields left out."""
    fields = {"date": date, "body": body, "section": section, "outcome": more.pop("outcome", None), **more}
    return {k: v for k, v in {**fields, "document": document}.items() if v is not None}


def key_values(text: str) -> dict[str, object]:
    """ "service=emptying waste=mixed,dual volume_l=240" as a mapping (whole numbers read as numbers, a
    comma-separated list where several values are given); ValueError naming the part that is not NAME=VALUE."""
    found: dict[str, object] = {}
    for part in text.split():
        name, sep, values = part.partition("=")
        if not sep or not name or not values:
            raise ValueError(f"{part!r}: write NAME=VALUE or NAME=VALUE,VALUE")
        read = [int(v) if v.isdigit() else v for v in values.split(",")]
        found[name] = read if len(read) > 1 else read[0]
    return found


def day(text: str) -> dt.date:
    """argparse type: a day YYYY-MM-DD."""
    try:
        return schema.date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def month(text: str) -> str:
    """argparse type: a month YYYY-MM (kept as written, as the data files have it)."""
    try:
        schema.month(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text
