"""A tariff version as plain JSON-ready data, in the same shape as the YAML files.

Money becomes strings ("3.89"), dates ISO strings, so `loading.load_version`
reads the export back unchanged (the browser does exactly that).
"""

from __future__ import annotations

import csv
import io
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from calculator.catalog import Catalog
from calculator.loading import KEY_DEFAULTS
from calculator.model import DASH, Act, Column, Lifecycle, Row, RowGroup, Table, TariffVersion
from calculator.rules import rule_data

from . import urls
from .price_history import Change, Series, Step


def version_to_data(version: TariffVersion) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": version.id,
        "title": version.title,
        "authority": version.authority,
        "operator": version.operator,
        "status": version.status.value,
        "valid_from": version.valid_from.isoformat(),
        "vat_percent": str(version.vat_percent),
        "source": {"document": version.source.document, "title": version.source.title},
    }
    role = version.operator_role
    _put(data, "operator_role", role and {"title": role.title, "source": role.source})
    _put(data, "valid_until", version.valid_until and version.valid_until.isoformat())
    if version.lifecycle:
        data["lifecycle"] = _lifecycle(version.lifecycle)
    _put(data, "replaces", version.replaces)
    data["column_sets"] = {name: [_column(c) for c in columns] for name, columns in _column_sets(version).items()}
    if version.stated_changes:
        data["stated_changes"] = [
            {
                "id": c.id,
                "percent": str(c.percent),
                "description": c.description,
                "source": c.source,
                "applies_to": [dict(s) for s in c.applies_to],
            }
            for c in version.stated_changes
        ]
    rules = version.rules
    if rules.source or rules.by_id:
        data["rules"] = {"source": rules.source} if rules.source else {}
        data["rules"].update({rule_id: rule_data(rule) for rule_id, rule in rules.by_id.items()})
    data["sections"] = []
    for section in version.sections:
        item: dict[str, Any] = {"id": section.id, "number": section.number, "title": section.title}
        _put(item, "description", list(section.description))
        _put(item, "reading", section.reading)
        item["tables"] = [_table(t) for t in section.tables]
        data["sections"].append(item)
    return data


def _put(target: dict, name: str, value: Any) -> None:
    if value:
        target[name] = value


def _lifecycle(lifecycle: Lifecycle) -> dict[str, Any]:
    item: dict[str, Any] = {"checked": lifecycle.checked.isoformat()}
    _put(item, "proposal", lifecycle.proposal and _act(lifecycle.proposal))
    _put(item, "decision", lifecycle.decision and _act(lifecycle.decision))
    _put(item, "amendments", [_act(a) for a in lifecycle.amendments])
    _put(item, "superseded_by", lifecycle.superseded_by)
    _put(item, "reading", lifecycle.reading)
    return item


def _act(act: Act) -> dict[str, Any]:
    item: dict[str, Any] = {"date": act.date.isoformat(), "body": act.body, "document": act.document}
    _put(item, "section", act.section)
    _put(item, "outcome", act.outcome and act.outcome.value)
    _put(item, "in_force_from", act.in_force_from and act.in_force_from.isoformat())
    return item


def _column_sets(version: TariffVersion) -> dict[str, tuple[Column, ...]]:
    return {t.column_set: t.columns for t in version.tables}


def _column(column: Column) -> dict[str, Any]:
    item: dict[str, Any] = {"id": column.id, "label": column.label}
    _put(item, "sum_of", list(column.sum_of))
    _put(item, "vat_of", list(column.vat_of))
    return item


def _table(table: Table) -> dict[str, Any]:
    item: dict[str, Any] = {"id": table.id, "number": table.number, "title": table.title}
    _put(item, "valid_from", table.valid_from and table.valid_from.isoformat())
    _put(item, "description", list(table.description))
    item.update({"row_header": table.row_header, "unit": table.unit, "columns": table.column_set})
    _put(item, "reading", table.reading)
    if len(table.groups) == 1 and table.groups[0].title is None and table.groups[0].id == "rivit":
        item["rows"] = [_row(r) for r in table.groups[0].rows]
    else:
        item["groups"] = [_group(g) for g in table.groups]
    _put(item, "notes", list(table.notes))
    return item


def _group(group: RowGroup) -> dict[str, Any]:
    item: dict[str, Any] = {"id": group.id}
    _put(item, "title", group.title)
    _put(item, "unit", group.unit)
    _put(item, "reading", group.reading)
    item["rows"] = [_row(r) for r in group.rows]
    return item


def _row(row: Row) -> dict[str, Any]:
    item: dict[str, Any] = {"id": row.id, "label": row.label}
    _put(item, "unit", row.unit)
    if row.values:
        item["values"] = {k: DASH if row.shown_as_dash else str(v) for k, v in row.values.items()}
    _put(item, "text", row.text)
    _put(item, "key", row.key and dict(row.key))
    _put(item, "reading", row.reading)
    _put(item, "source_inconsistency", row.source_inconsistency)
    _put(item, "credit", row.credit or None)
    _put(item, "verify", row.verify)
    if row.source_lines:
        first, last = row.source_lines
        item["source_line"] = first if first == last else f"{first}-{last}"
    return item


CSV_FIELDS = (
    "version_id",
    "status",
    "valid_from",
    "section_number",
    "section_id",
    "section_title",
    "table_number",
    "table_id",
    "table_title",
    "group",
    "row_id",
    "row_label",
    "unit",
    "column_id",
    "column_label",
    "vat_percent",
    "value",
    "note",
)


def row_url(site_url: str, version: TariffVersion, table_id: str, row_id: str) -> str:
    """A row's absolute address on the site (the open data's `url`, given only when the site's address is known)."""
    return site_url + urls.table(version, table_id, row_id)


def version_to_csv(version: TariffVersion, site_url: str | None = None) -> str:
    """One line per published value (long format): machine-readable, dot decimals, UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_FIELDS + ("url",) * bool(site_url))
    for section in version.sections:
        for table in section.tables:
            for group in table.groups:
                for row in group.rows:
                    base = (
                        version.id,
                        version.status.value,
                        version.valid_from.isoformat(),
                        section.number,
                        section.id,
                        section.title,
                        table.number,
                        table.id,
                        table.title,
                        group.title or "",
                        row.id,
                        row.label,
                        table.unit_of(row),
                    )
                    address = (row_url(site_url, version, table.id, row.id),) if site_url else ()
                    if not row.values:
                        writer.writerow(base + ("", "", "", "", row.text or "") + address)
                    for column in table.columns:
                        if column.id in row.values:
                            vat = str(version.vat_percent) if column.vat_inclusive else "0"
                            value = DASH if row.shown_as_dash else str(row.values[column.id])
                            writer.writerow(base + (column.id, column.label, vat, value, "") + address)
    return out.getvalue()


def calculator_catalog_data(catalog: Catalog, versions: tuple[TariffVersion, ...]) -> dict[str, Any]:
    """The browser calculator's catalog (taksat.json): the priced versions and the site's address templates."""
    return {"versions": [calculator_data(v) for v in versions], "addresses": catalog.addresses.to_data()}


def calculator_data(version: TariffVersion) -> dict[str, Any]:
    """What the calculator prices: the rows with a machine key, for every customer segment.

    Tables keep their ids, numbers, titles and units; readings and notes for staff are left out (a row's
    `verify` stays: the estimate's line carries it). The result is still a valid version (loading.load_version
    reads it), small enough for the browser.
    """
    data = version_to_data(version)
    data.pop("stated_changes", None)
    data.pop("lifecycle", None)  # the page gives the calculator its status labels
    for rule in data.get("rules", {}).values():
        if isinstance(rule, dict):
            rule.pop("reading", None)
    sections = []
    for section in data["sections"]:
        tables = [t for t in (_priced_rows(t) for t in section["tables"]) if t is not None]
        if tables:
            sections.append(
                {"id": section["id"], "number": section["number"], "title": section["title"], "tables": tables}
            )
    data["sections"] = sections
    return data


def _priced(key: dict[str, Any] | None) -> bool:
    """A row the calculator can price: it has a key, and an emptying row names its container size."""
    return bool(key) and (key["service"] != "emptying" or "volume_l" in key)


def _priced_rows(table: dict[str, Any]) -> dict[str, Any] | None:
    def keep(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        kept = [dict(r) for r in rows if _priced(r.get("key"))]
        for row in kept:
            for note in ("reading", "source_inconsistency", "source_line"):
                row.pop(note, None)
            defaults = KEY_DEFAULTS.get(row["key"]["service"], {})
            row["key"] = {k: v for k, v in row["key"].items() if defaults.get(k) != v}
        return kept

    slim = {k: v for k, v in table.items() if k not in ("reading", "notes", "description", "rows", "groups")}
    if "rows" in table:
        slim["rows"] = keep(table["rows"])
        return slim if slim["rows"] else None
    groups = [dict({k: v for k, v in g.items() if k != "reading"}, rows=keep(g["rows"])) for g in table["groups"]]
    slim["groups"] = [g for g in groups if g["rows"]]
    return slim if slim["groups"] else None


def _fixed(value: Decimal | None) -> str:
    """A per cent or year count for the open data: two decimals, or empty."""
    return "" if value is None else f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}"


def _change(change: Change) -> dict[str, str]:
    return {"eur": str(change.euros), "percent": _fixed(change.percent), "percent_per_year": _fixed(change.per_year)}


def history_to_data(series: list[Series], site_url: str | None = None) -> list[dict[str, Any]]:
    """The price history as plain data: per row its prices by version and the change of every step."""
    return [
        {
            "table": item.key[0],
            "row": item.key[1],
            "label": item.latest.row.label,
            "unit": item.unit(),
            "points": [
                {
                    "version": p.version.id,
                    "table": p.table.id,
                    "row": p.row.id,
                    "label": p.row.label,
                    "start": p.start.isoformat(),
                    "vat_percent": str(p.vat_percent),
                    "vat0": str(p.vat0),
                    "vat": str(p.vat),
                    **({"reading": p.reading} if p.reading else {}),
                    **({"url": row_url(site_url, p.version, p.table.id, p.row.id)} if site_url else {}),
                }
                for p in item.points
            ],
            "steps": [
                {
                    "from": s.old.version.id,
                    "to": s.new.version.id,
                    "years": _fixed(s.years),
                    "vat0": _change(s.vat0),
                    "vat": _change(s.vat),
                }
                for s in item.steps
            ],
        }
        for item in series
    ]


HISTORY_CSV_FIELDS = (
    "table_id", "row_id", "label", "unit", "version_id", "version_table_id", "version_row_id", "start",
    "vat_percent", "vat0", "vat", "years_since_previous", "vat0_change_eur", "vat0_change_percent",
    "vat0_change_percent_per_year", "vat_change_eur", "vat_change_percent", "vat_change_percent_per_year",
)  # fmt: skip


def history_to_csv(series: list[Series], site_url: str | None = None) -> str:
    """One line per row and version; the change columns compare with the row's previous version."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HISTORY_CSV_FIELDS + ("url",) * bool(site_url))
    for item in series:
        previous = None
        for point in item.points:
            base = (
                *item.key, item.latest.row.label, item.unit(), point.version.id, point.table.id, point.row.id,
                point.start.isoformat(), str(point.vat_percent), str(point.vat0), str(point.vat),
            )  # fmt: skip
            change: tuple[str, ...] = ("",) * 7
            if previous is not None:
                step = Step(previous, point)
                change = (_fixed(step.years), *_change(step.vat0).values(), *_change(step.vat).values())
            address = (row_url(site_url, point.version, point.table.id, point.row.id),) if site_url else ()
            writer.writerow(base + change + address)
            previous = point
    return out.getvalue()
