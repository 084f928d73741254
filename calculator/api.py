"""JSON in, JSON out: the interface the CLI and the browser worker share.

Money is written as strings with two decimals ("230.62"), quantities as plain
decimal strings ("6.5"). Errors come back as {"errors": [{field, message, message_fi}]}.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from decimal import Decimal
from typing import Any

from .catalog import Catalog
from .compare import Alternatives, Comparison, compare
from .emptyings import emptyings
from .estimate import Estimate, Line, Note, estimate
from .finnish import WEEKDAYS_FI
from .form import alternative_of, read_form
from .ics import emptying_calendar
from .model import TariffVersion
from .months import WEEK_HEADER, Day, YearGrid, year_grid
from .rules import Rule
from .scenario import MAX_FILE_BYTES, InputProblem, ScenarioError, no_tariff_on, parse_scenario
from .schedules import Span


def eur(value: Decimal) -> str:
    return f"{value:.2f}"


def number(value: Decimal) -> str:
    return f"{value.normalize():f}"


def percent(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.1f}"


def _span(prefix: str, span: Span, money: bool = True) -> dict[str, str]:
    put = eur if money else number
    suffix = "_eur" if money else ""
    return {
        f"{prefix}{suffix}": put(span.typical),
        f"{prefix}_min{suffix}": put(span.min),
        f"{prefix}_max{suffix}": put(span.max),
    }


def tariff_json(version: TariffVersion) -> dict[str, Any]:
    return {
        "id": version.id,
        "title": version.title,
        "status": version.status.value,
        "valid_from": version.valid_from.isoformat(),
        "vat_percent": number(version.vat_percent),
    }


def line_json(line: Line) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": line.id,
        "label": line.label,
        "tariff": line.version.id,
        "table": line.table.id,
        "table_number": line.table.number,
        "row": line.row.id,
        "row_label": line.row.label,
        "unit": line.unit,
        "unit_price_eur": eur(line.unit_price),
    }
    if line.unit_price_vat0 is not None:
        item["unit_price_vat0_eur"] = eur(line.unit_price_vat0)
    parts = [c for c in line.row.columns if not c.sum_of and not c.vat_of and c.id in line.row.values]
    if len(parts) > 1:  # the table splits the price, e.g. transport and treatment (VAT 0)
        item["unit_price_parts"] = [{"label": c.label, "vat0_eur": eur(line.row.values[c.id])} for c in parts]
    item.update(_span("quantity", line.quantity, money=False))
    item.update(_span("amount", line.amount))
    if line.amount_vat0 is not None:
        item.update(_span("amount_vat0", line.amount_vat0))
    if line.dates:
        item["dates"] = [{"date": d.isoformat(), "iso_week": d.isocalendar().week} for d in line.dates]
    if line.url:
        item["url"] = line.url
    if line.rule:
        item["rule"] = rule_json(line.rule, line.rule_url)
    if line.verify:
        item["verify"] = line.verify
    return item


def rule_json(rule: Rule, url: str | None) -> dict[str, Any]:
    """A rule of the text part as the reader sees it: its section, its words and where to read them."""
    item: dict[str, Any] = {"id": rule.id, "quote": rule.quote}
    if rule.section:
        item["section"] = rule.section
    if url:
        item["url"] = url
    return item


def note_json(note: Note) -> dict[str, Any]:
    return {"id": note.id, "text": note.text, "rule": rule_json(note.rule, note.url)}


def estimate_to_json(result: Estimate) -> dict[str, Any]:
    scenario = result.scenario
    data: dict[str, Any] = {
        "date": scenario.date.isoformat(),
        "tariffs": [tariff_json(v) for v in result.versions],
        "lines": [line_json(line) for line in result.lines],
        "notes": [note_json(note) for note in result.notes],
    }
    if scenario.customer != "housing":
        data["customer"] = scenario.customer
    if scenario.calendar_year is not None:
        data["year"] = scenario.calendar_year
    data.update(_span("total", result.total))
    if result.total_vat0 is not None:
        data.update(_span("total_vat0", result.total_vat0))
    return data


def comparison_to_json(result: Comparison, with_estimates: bool = True) -> dict[str, Any]:
    lines = []
    for change in result.lines:
        item = {"id": change.id, "label": change.label}
        item.update(_span("old_amount", change.old_amount))
        item.update(_span("new_amount", change.new_amount))
        item.update(_span("difference", change.difference))
        item["difference_percent"] = percent(change.percent)
        lines.append(item)
    data: dict[str, Any] = {"lines": lines}
    if with_estimates:
        data.update(old=estimate_to_json(result.old), new=estimate_to_json(result.new))
    data.update(_span("difference", result.difference))
    data["difference_percent"] = percent(result.percent)
    return data


def alternatives_to_json(result: Alternatives) -> dict[str, Any]:
    """Set-ups A and B, each under both tariffs, and the switch from A to B under each tariff."""
    return {
        "a": comparison_to_json(result.a),
        "b": comparison_to_json(result.b),
        "switch_old": comparison_to_json(result.switch_old, with_estimates=False),
        "switch_new": comparison_to_json(result.switch_new, with_estimates=False),
    }


def errors_json(problems: list[InputProblem]) -> dict[str, Any]:
    return {"errors": [{"field": p.field, "message": p.message, "message_fi": p.message_fi} for p in problems]}


MAX_DIGITS = 30  # digits of one JSON number: more is no count, volume or distance anyone means


def read_json(text: str) -> Any:
    """JSON text as the calculator reads it (a scenario file, a browser request); ScenarioError if it cannot.

    Numbers with a decimal point become exact Decimals, so `"volume_m3": 4.5` means 4.5. Refused with
    a clear message: malformed JSON, NaN and Infinity, numbers of more than MAX_DIGITS digits, a key
    given twice in one object, more than MAX_FILE_BYTES characters, nesting deeper than Python follows.
    """

    def refuse(message: str, message_fi: str = "tiedot ovat väärässä muodossa", where: str = "") -> ScenarioError:
        return ScenarioError([InputProblem(where, message, message_fi)])

    def number(text: str) -> Decimal | int:
        if len(text.lstrip("-")) > MAX_DIGITS:
            raise ValueError(f"a number of more than {MAX_DIGITS} digits ({text[:12]}...)")
        return Decimal(text) if any(c in text for c in ".eE") else int(text)

    def constant(name: str) -> None:
        raise ValueError(f"{name} is not a number JSON allows")

    def mapping(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                raise ValueError(f"key {key!r} is given twice in one object")
            result[key] = value
        return result

    if len(text) > MAX_FILE_BYTES:
        raise refuse(f"more than {MAX_FILE_BYTES} characters", "tiedot ovat liian suuret")
    try:
        return json.loads(
            text, parse_float=number, parse_int=number, parse_constant=constant, object_pairs_hook=mapping
        )
    except json.JSONDecodeError as exc:
        raise refuse(f"malformed JSON: {exc.msg}", where=f"{exc.lineno}:{exc.colno}") from None
    except RecursionError:
        raise refuse("nested too deeply") from None
    except ValueError as exc:
        raise refuse(str(exc)) from None


def _parse(data: Any, catalog: Catalog, today: dt.date | None):
    """Parse a scenario; a date without a tariff is reported together with the other problems.

    Without `today` the scenario must give its date."""
    try:
        return parse_scenario(data, today, require_date=today is None)
    except ScenarioError as exc:
        try:
            day = dt.date.fromisoformat(str(data.get("date"))) if isinstance(data, dict) else None
        except ValueError:
            day = None
        if day is not None and catalog.for_date(day) is None:
            exc.problems.insert(0, no_tariff_on("date", day))
        raise


def run_estimate(data: Any, catalog: Catalog, today: dt.date | None = None) -> dict[str, Any]:
    try:
        return estimate_to_json(estimate(_parse(data, catalog, today), catalog))
    except ScenarioError as exc:
        return errors_json(exc.problems)


def compared_versions(catalog: Catalog, day: dt.date, to_day: dt.date | None = None) -> tuple[TariffVersion, ...]:
    """The two tariffs to compare for a scenario dated `day`: those of the change nearest `day`
    (Catalog.change_nearest), or with `to_day` the tariff valid on `day` and the one valid on `to_day`."""
    if to_day is None:
        pair = catalog.change_nearest(day)
        if pair is None:
            raise ScenarioError([InputProblem("", "the data has one tariff only: nothing to compare",
                                              "vertailtavaa taksaa ei ole")])  # fmt: skip
        return pair
    old, new = catalog.for_date(day), catalog.for_date(to_day)
    if old is None:
        raise ScenarioError([no_tariff_on("date", day)])
    if new is None:
        raise ScenarioError([no_tariff_on("to", to_day)])
    if old is new:
        message = f"{day.isoformat()} and {to_day.isoformat()} fall under the same tariff {old.id}: nothing to compare"
        raise ScenarioError([InputProblem("to", message, "molempina päivinä on voimassa sama taksa")])
    return old, new


def run_compare(
    data: Any,
    catalog: Catalog,
    to_day: dt.date | None = None,
    today: dt.date | None = None,
    alternative: Any = None,
    months: bool = False,
) -> dict:
    """The scenario under the two tariffs of `compared_versions` (its date, and `to_day` if given);
    with an `alternative` set-up, both set-ups under both tariffs (`alternatives_to_json`), under the
    tariffs chosen for the first. A set-up that cannot be priced gives its errors (the alternative's
    fields named "alternative.…") and the other one's comparison is still answered ("a" or "b"). With
    `months`, the first set-up's emptying days as month grids ("months", `months_json`)."""
    priced: dict[str, Comparison] = {}
    problems: list[InputProblem] = []
    pair = None
    for side, given in (("a", data), ("b", alternative)) if alternative is not None else (("a", data),):
        try:
            scenario = _parse(given, catalog, today)
            pair = pair or compared_versions(catalog, scenario.date, to_day)
            priced[side] = compare(scenario, catalog, *pair)
        except ScenarioError as exc:  # the alternative's faults name it
            problems += [replace(p, field=f"alternative.{p.field}".rstrip(".")) if side == "b" else p
                         for p in exc.problems]  # fmt: skip
    if problems:
        answer = dict(errors_json(problems), **{side: comparison_to_json(c) for side, c in priced.items()})
    elif alternative is None:
        answer = comparison_to_json(priced["a"])
    else:
        answer = alternatives_to_json(Alternatives(priced["a"], priced["b"]))
    grid = year_grid(priced["a"].new, pair) if months and "a" in priced else None
    if grid is not None:
        answer["months"] = months_json(grid)
    return answer


def months_json(grid: YearGrid) -> dict[str, Any]:
    """Month grids as the page draws them: every text given, a day as {date, day, marks} or null."""

    def day(found: Day | None) -> dict[str, Any] | None:
        return None if found is None else {"date": found.date.isoformat(), "day": str(found.date.day),
                                           "marks": list(found.marks)}  # fmt: skip

    return {
        "year": grid.year,
        "first": grid.first,
        "headers": [{"short": short, "name": name} for short, name in (WEEK_HEADER, *WEEKDAYS_FI)],
        "marks": [
            {"id": m.id, "short": m.short, "text": m.text} | ({"tariff": m.tariff} if m.tariff else {})
            for m in grid.marks
        ],  # fmt: skip
        "months": [
            {
                "caption": month.caption,
                "weeks": [
                    {"iso_week": week.number, "week": str(week.number), "days": [day(d) for d in week.days]}
                    for week in month.weeks
                ],
            }
            for month in grid.months
        ],  # fmt: skip
    }


def run_calendar(data: Any, catalog: Catalog, stamp: dt.datetime, today: dt.date | None = None) -> dict[str, Any]:
    """The scenario's emptying days as an iCalendar file: {"ics": text, "events": count, "events_fi"}, or its errors."""
    try:
        result = estimate(_parse(data, catalog, today), catalog)
    except ScenarioError as exc:
        return errors_json(exc.problems)
    events = len(emptyings(result))
    if not events:
        message = "give a container its first_emptying date to list its emptyings"
        return errors_json([InputProblem("containers", message, "anna astian ensimmäinen tyhjennyspäivä")])
    events_fi = f"{events} tyhjennys" if events == 1 else f"{events} tyhjennystä"
    return {"ics": emptying_calendar(result, stamp), "events": events, "events_fi": events_fi}


def handle_request(catalog: Catalog, request: dict[str, Any]) -> dict[str, Any]:
    """One request from the browser worker: {"action": "estimate"|"compare", "scenario": {...}, ...}.

    "calendar" answers the emptying days as an iCalendar file (`run_calendar`);
    "estimate" takes an optional "version" id (default: the tariff valid on the scenario's date);
    "compare" takes "old" and "new" version ids (default: `compared_versions` on the scenario's date),
    or an "alternative" set-up to price beside the scenario and "months": true for the month grids
    (`run_compare`).
    Instead of "scenario" the page sends "form", the scenario as its fields give it (calculator.form);
    the answer then also has the "scenario" read, for the page's link, and "fields_fi", the Finnish
    text of each number read. With "alternative_form", set-up B's own fields (`alternative_of`), the
    answer has B's own part read as "alternative", for the link, and its numbers' text in "fields_fi"
    ("alternative.containers[0].count").
    """
    if not isinstance(request, dict):
        return errors_json([InputProblem("", "a request must be a JSON object", "tuntematon pyyntö")])
    if "form" in request:
        read = read_form(request["form"])
        asked = {key: value for key, value in request.items() if key not in ("form", "alternative_form")}
        if "alternative_form" not in request:
            answer = handle_request(catalog, dict(asked, scenario=read.scenario))
            return dict(answer, scenario=read.scenario, fields_fi=read.shown)
        own = read_form(request["alternative_form"])
        alternative, problems = alternative_of(read.scenario, own.scenario)
        answer = errors_json(problems) if problems else handle_request(
            catalog, dict(asked, scenario=read.scenario, alternative=alternative))  # fmt: skip
        shown = read.shown | {f"alternative.{where}": text for where, text in own.shown.items()}
        return dict(answer, scenario=read.scenario, alternative=own.scenario, fields_fi=shown)
    action = request.get("action")
    today = dt.date.today()  # the browser's day, when a scenario gives none
    try:
        if action == "estimate":
            scenario = _parse(request.get("scenario"), catalog, today)
            version = catalog.get(request["version"]) if request.get("version") else None
            return estimate_to_json(estimate(scenario, catalog, version))
        if action == "calendar":
            return run_calendar(request.get("scenario"), catalog, dt.datetime.now(dt.UTC), today)
        if action == "compare" and not (request.get("old") or request.get("new")):
            return run_compare(request.get("scenario"), catalog, today=today, alternative=request.get("alternative"),
                               months=bool(request.get("months")))  # fmt: skip
        if action == "compare":
            scenario = _parse(request.get("scenario"), catalog, today)
            old, new = compared_versions(catalog, scenario.date)
            old = catalog.get(request["old"]) if request.get("old") else old
            new = catalog.get(request["new"]) if request.get("new") else new
            return comparison_to_json(compare(scenario, catalog, old, new))
    except ScenarioError as exc:
        return errors_json(exc.problems)
    except KeyError as exc:
        return errors_json([InputProblem("version", str(exc), "tuntematon taksan versio")])
    return errors_json([InputProblem("action", f"unknown action {action!r}", "tuntematon pyyntö")])
