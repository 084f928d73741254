"""Staff commands `consultation`, `decision`, `amendment` and `in-force`: the data the site words a
version's status from.

`consultation` writes consultations/VERSION.yaml (the comment period, how to comment, the planned
decision month); `decision` and `amendment` write `lifecycle.decision` and `lifecycle.amendments`
of the version file; `in-force` makes an adopted version the one in force (`status`), which the
calculator and the comparisons start from. The pages then say, for the build date, whether the proposal is set out, open
for comment, awaiting its decision, adopted, in force or rejected (sitebuild/status_wording.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from calculator.model import Outcome, Status

from .consultations import is_skeleton
from .staff_args import act, add_authority, day, loaded, month, refuse, version_file, version_in
from .staged import check_and_write
from .yaml_edit import YamlText, dump_block
from .yamlfile import read_yaml, shown_path

CONSULTATION = """\
Open (or change) a proposal's public-comment period: consultations/VERSION.yaml. A new file needs
--start, --end, --how-to-comment, --decision, --contact-source, --minutes-title and
--minutes-published; later runs change only the options given.

example:
  python -m sitebuild consultation taksa-2027-01-01 --start 2026-12-02 --end 2027-01-10 \\
    --planned-decision 2027-02 \\
    --decision "Jätelautakunta päätti 25.11.2026 (§ 30) asettaa ehdotuksen nähtäville." \\
    --how-to-comment "Lausunnot kirjallisesti jätelautakunnalle." \\
    --contact-source "Yhteystiedot ovat pöytäkirjan oikaisuvaatimusohjeessa." \\
    --minutes-title "Jätelautakunnan pöytäkirja 25.11.2026, § 30" \\
    --minutes-published "Pöytäkirja on nähtävänä 2.12.2026 alkaen."
"""

DECISION = """\
Record the decision on a version (`lifecycle.decision`): date, body, §, outcome, in force from,
document. The same command again replaces it.

example:
  python -m sitebuild decision taksa-2027-01-01 --date 2027-02-17 --section "§ 5" --outcome adopted \\
    --in-force-from 2027-04-01 --document "Jätelautakunnan pöytäkirja 17.2.2027, § 5"
"""

AMENDMENT = """\
Record an amendment of a decided version (`lifecycle.amendments`): date, body, §, in force from, document.

example:
  python -m sitebuild amendment taksa-2025-05-01 --date 2025-09-24 --in-force-from 2025-12-01 \\
    --document "Jätelautakunnan päätös 24.9.2025 (taulukot 10, 11, 12 ja 14)"
"""

IN_FORCE = """\
Make an adopted version the version in force: its `status: in_force` (and `valid_from` the day its
decision puts it in force), the version in force until then `status: historical` with `valid_until`
the day before. The calculator and the comparisons then start from it. Run it when it has come into
force (the pages' sentences follow the decision's dates already).

example:
  python -m sitebuild in-force taksa-2027-04-01 --title "Jätemaksutaksan maksuliite 1.4.2027 alkaen"
"""

# consultations/*.yaml fields: (option, field) in the file's order; minutes_* go under `minutes`.
CONSULTATION_FIELDS = (
    ("start", "period_start"), ("end", "period_end"), ("decision", "decision"),
    ("how_to_comment", "how_to_comment"), ("contact_source", "contact_source"),
    ("minutes_title", "title"), ("minutes_published", "published"), ("minutes_url", "url"),
    ("official_prevails", "official_prevails"), ("planned_decision", "planned_decision"),
    ("main_change", "main_changes"),
)  # fmt: skip
NEW_FILE_NEEDS = ("start", "end", "how_to_comment", "decision", "contact_source", "minutes_title", "minutes_published")


def add_command(commands: argparse._SubParsersAction) -> None:
    raw = argparse.RawDescriptionHelpFormatter
    consultation = commands.add_parser(
        "consultation", help="a proposal's comment period", description=CONSULTATION, formatter_class=raw
    )
    add_authority(consultation)
    consultation.add_argument("version", metavar="VERSION", help="the proposal")
    consultation.add_argument("--start", type=day, metavar="DAY", help="first day of the comment period")
    consultation.add_argument("--end", type=day, metavar="DAY", help="last day of the comment period")
    consultation.add_argument("--planned-decision", type=month, metavar="YYYY-MM", help="month of the decision")
    consultation.add_argument("--decision", help="the act that set the proposal out, in words (Finnish)")
    consultation.add_argument("--how-to-comment", action="append", metavar="TEXT", help="a paragraph (repeatable)")
    consultation.add_argument("--contact-source", help="where the contact details come from")
    consultation.add_argument("--minutes-title", help="the minutes that set the proposal out")
    consultation.add_argument("--minutes-published", help="where and when the minutes were published")
    consultation.add_argument("--minutes-url", help="the minutes' web address")
    consultation.add_argument("--official-prevails", help="the official-document notice (default: the authority's)")
    consultation.add_argument("--main-change", action="append", metavar="TEXT", help="a main change (repeatable)")
    consultation.set_defaults(run=record_consultation)

    acts = (
        ("decision", "the decision on a version", DECISION, record_decision),
        ("amendment", "an amendment of a decided version", AMENDMENT, record_amendment),
    )
    for name, short, text, run in acts:
        parser = commands.add_parser(name, help=short, description=text, formatter_class=raw)
        add_authority(parser)
        parser.add_argument("version", metavar="VERSION")
        parser.add_argument("--date", type=day, required=True, metavar="DAY", help=f"the {name}'s date")
        parser.add_argument("--document", required=True, help="the document: minutes or decision and §")
        parser.add_argument("--section", help='its section, e.g. "§ 5"')
        parser.add_argument("--body", help="the body that decided (default: the authority's board)")
        parser.add_argument("--in-force-from", type=day, metavar="DAY", help="the day it comes into force")
        parser.add_argument("--checked", type=day, metavar="DAY", help="also set lifecycle.checked to this day")
        if name == "decision":
            parser.add_argument("--outcome", required=True, choices=[o.value for o in Outcome])
        parser.set_defaults(run=run)

    in_force = commands.add_parser("in-force", help="an adopted version in force", description=IN_FORCE,
                                   formatter_class=raw)  # fmt: skip
    add_authority(in_force)
    in_force.add_argument("version", metavar="VERSION")
    in_force.add_argument("--title", help="its title as adopted (default: unchanged)")
    in_force.set_defaults(run=put_in_force)


def record_consultation(args: argparse.Namespace) -> int:
    authority, catalog = loaded(args)
    version = version_in(catalog, args.version)
    if version.status is not Status.PROPOSAL:
        raise refuse("VERSION", f"{version.id} is not a proposal: only a proposal is set out for comment")
    path = authority.consultations / f"{version.id}.yaml"
    shown = shown_path(path)
    given = {o: getattr(args, o) for o, _ in CONSULTATION_FIELDS if getattr(args, o) is not None}
    if path.exists() and not is_skeleton(read_yaml(path, shown)):
        text = YamlText.read(path, shown)
        for option, field in CONSULTATION_FIELDS:
            if option in given:
                inside = ("minutes",) if option.startswith("minutes_") else ()
                text.set(inside, field, given[option])
        content = text.result()
    else:
        for option in NEW_FILE_NEEDS:
            if option not in given:
                raise refuse(f"--{option.replace('_', '-')}", "needed to open a consultation")
        given.setdefault("official_prevails", authority.official_prevails)
        fields: dict[str, object] = {"version": version.id}
        minutes = {f: given[o] for o, f in CONSULTATION_FIELDS if o.startswith("minutes_") and o in given}
        for option, field in CONSULTATION_FIELDS:
            if option == "minutes_title":
                fields["minutes"] = minutes
            elif option in given and not option.startswith("minutes_"):
                fields[field] = given[option]
        content = f"# The public-comment period of {version.id} (python -m sitebuild consultation).\n"
        content += dump_block(fields)
    check_and_write(authority, {path: content})
    print(f"wrote {shown}")
    return 0


def record_decision(args: argparse.Namespace) -> int:
    return _record_act(args, "decision")


def record_amendment(args: argparse.Namespace) -> int:
    return _record_act(args, "amendments")


def _record_act(args: argparse.Namespace, field: str) -> int:
    authority, catalog = loaded(args)
    version = version_in(catalog, args.version)
    path = version_file(authority, version)
    text = YamlText.read(path, version.file)
    extra = {"outcome": args.outcome} if field == "decision" else {}
    recorded = act(args.date, args.body or authority.board, args.document, args.section, **extra,
                   in_force_from=args.in_force_from)  # fmt: skip
    if version.lifecycle is None:
        if args.checked is None:
            raise refuse("--checked", f"{version.id} has no lifecycle yet: give the day its data was checked")
        value = [recorded] if field == "amendments" else recorded
        text.set((), "lifecycle", {"checked": args.checked, field: value}, after="valid_from")
    else:
        if args.checked:
            text.set(("lifecycle",), "checked", args.checked)
        if field == "amendments" and version.lifecycle.amendments:
            text.append(("lifecycle", "amendments"), recorded)
        else:
            after = "decision" if field == "amendments" else "proposal" if version.lifecycle.proposal else "checked"
            text.set(("lifecycle",), field, [recorded] if field == "amendments" else recorded, after=after)
    check_and_write(authority, {path: text.result()})
    print(f"wrote {shown_path(Path(path))}: lifecycle.{field}")
    return 0


def put_in_force(args: argparse.Namespace) -> int:
    authority, catalog = loaded(args)
    version = version_in(catalog, args.version)
    decision = version.lifecycle.decision if version.lifecycle else None
    if version.status is not Status.PROPOSAL or decision is None or decision.outcome is Outcome.REJECTED:
        raise refuse("VERSION", f"{version.id} is no adopted proposal: record its decision with `decision` first")
    start = decision.in_force_from or version.valid_from
    path = version_file(authority, version)
    text = YamlText.read(path, version.file)
    text.set((), "status", Status.IN_FORCE.value)
    text.set((), "valid_from", start)
    if args.title:
        text.set((), "title", args.title)
    files = {path: text.result()}
    current = catalog.current_and_proposal()[0]
    if current is not None:
        current_path = version_file(authority, current)
        ended = YamlText.read(current_path, current.file)
        ended.set((), "status", Status.HISTORICAL.value)
        ended.set((), "valid_until", start - dt.timedelta(days=1), after="valid_from")
        files[current_path] = ended.result()
    check_and_write(authority, files)
    for written in files:
        print(f"wrote {shown_path(written)}")
    print(f"{version.id} is in force from {start}" + (f"; {current.id} ended the day before" if current else ""))
    return 0
