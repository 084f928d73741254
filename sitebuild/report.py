"""The data-consistency report: readable text for the authority's staff."""

from __future__ import annotations

from collections.abc import Mapping

from calculator.catalog import Catalog
from calculator.finnish import date_fi, eur_fi, percent_fi, signed_fi
from calculator.model import TariffVersion

from .checks import documented_inconsistencies, stated_change_deviations
from .source_rows import source_row_check


def _where(version: TariffVersion, table_id: str, row_label: str | None = None) -> str:
    table = version.table(table_id)
    text = f"table {table.number} ({table.id})"
    return f"{text}, row '{row_label}'" if row_label else text


def consistency_report(catalog: Catalog, sources: Mapping[str, tuple[str, ...]] | None = None) -> str:
    """The report; with the source documents' lines, also how far every value was found in its source row."""
    lines = ["Tariff data consistency report", "=" * 30, ""]
    for version in catalog.versions:
        tables = list(version.tables)
        rows = [r for t in tables for r in t.rows]
        prices = sum(len(r.values) for r in rows)
        lines.append(
            f"{version.file}: {version.id} ({version.status.value}, valid from {date_fi(version.valid_from)}): "
            f"{len(tables)} tables, {len(rows)} rows, {prices} values"
        )
    lines += [
        "",
        "Arithmetic: every total equals the sum of its parts and every VAT-inclusive price equals",
        "the VAT 0 price x (1 + VAT rate), rounded half up to cents, except the rows listed below.",
    ]
    for version in catalog.versions:
        documented = documented_inconsistencies(version)
        lines += ["", f"Documented source inconsistencies in {version.id} ({len(documented)}):"]
        for table, row, problems in documented:
            lines.append(f"  - {_where(version, table.id, row.label)}: {row.source_inconsistency}")
            lines += [f"      {p.message}" for p in problems]
        flagged = [(t, r) for t in version.tables for r in t.rows if r.verify]
        lines += ["", f"Printed values to verify against the official document in {version.id} ({len(flagged)}):"]
        lines += [f"  - {_where(version, t.id, r.label)} [{r.id}]: {r.verify}" for t, r in flagged]
        readings = _readings(version)
        lines += ["", f"Readings of ambiguous source text in {version.id} ({len(readings)}):"]
        lines += [f"  - {where}: {text}" for where, text in readings]
    if sources is not None:
        lines += _source_rows(catalog, sources)
    for version in catalog.versions:
        baseline = catalog.baseline_of(version)
        if baseline is None or not version.stated_changes:
            continue
        deviations = stated_change_deviations(version, baseline)
        lines += [
            "",
            f"Rows of {version.id} whose change from {baseline.id} differs from the stated change ({len(deviations)}):",
        ]
        for change in version.stated_changes:
            lines.append(f"  stated: {percent_fi(change.percent)} - {change.source}")
        for d in sorted(deviations, key=lambda d: -abs(d.actual_percent - d.stated_percent)):
            lines.append(
                f"  - {_where(version, d.table.id, d.row.label)} [{d.row.id}]: "
                f"{eur_fi(d.old_vat0)} -> {eur_fi(d.new_vat0)} EUR (VAT 0), {signed_fi(d.actual_percent, '%', 2)}; "
                f"stated {signed_fi(d.stated_percent, '%')} would give {eur_fi(d.expected_vat0)}"
            )
    return "\n".join(lines) + "\n"


def _source_rows(catalog: Catalog, sources: Mapping[str, tuple[str, ...]]) -> list[str]:
    lines = ["", "Source rows: the values of every row stand in its source_line, in the printed column order."]
    for found in source_row_check(catalog, sources)[1]:
        version = found.version
        rows = sum(1 for t in version.tables for _ in t.rows)
        if not rows:
            continue
        paired = f"; {found.paired} as the old/new pairs printed beside {version.replaces}" if found.paired else ""
        lines.append(
            f"  {version.id} ({version.source.document}): {found.rows} of {rows} rows, {found.values} values"
            f"{paired}; {found.with_reading} of these rows record a reading"
        )
        lines += [f"    - read, not as printed: {_where(version, t.id, r.label)}: {' '.join(r.reading.split())}"
                  for t, r in found.read]  # fmt: skip
    return lines


def _readings(version: TariffVersion) -> list[tuple[str, str]]:
    found = []
    for section in version.sections:
        if section.reading:
            found.append((f"section {section.number} ({section.id})", section.reading))
        for table in section.tables:
            if table.reading:
                found.append((_where(version, table.id), table.reading))
            for group in table.groups:
                if group.reading:
                    found.append((f"{_where(version, table.id)}, group '{group.title}'", group.reading))
                for row in group.rows:
                    if row.reading:
                        found.append((_where(version, table.id, row.label), row.reading))
    return [(where, " ".join(text.split())) for where, text in found]
