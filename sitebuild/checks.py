"""Build-time checks of tariff data: arithmetic, declarations, key clashes, versions together."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from calculator.catalog import Catalog
from calculator.model import Row, Table, TariffVersion
from calculator.money import HUNDRED, add_vat, round_cents
from calculator.problems import Problem, TariffDataError

from .lifecycle import lifecycle_problems

# Components are rounded to cents one by one, so a total may differ from
# "old total x (1 + change)" rounded once by this much without anyone deviating.
STATED_CHANGE_TOLERANCE = Decimal("0.01")


def arithmetic_problems(version: TariffVersion) -> list[Problem]:
    """Every total that is not the sum of its parts and every VAT price that is off.

    Rows that declare `source_inconsistency` are left out: their mismatch is
    in the source document and is reported by `documented_inconsistencies`.
    """
    return [p for table, row, p in _mismatches(version) if not row.source_inconsistency]


def documented_inconsistencies(version: TariffVersion) -> list[tuple[Table, Row, list[Problem]]]:
    found: dict[tuple[str, str], tuple[Table, Row, list[Problem]]] = {}
    for table in version.tables:
        for row in table.rows:
            if row.source_inconsistency:
                found[(table.id, row.id)] = (table, row, [])
    for table, row, problem in _mismatches(version):
        if row.source_inconsistency:
            found[(table.id, row.id)][2].append(problem)
    return list(found.values())


def undeclared_clean_rows(version: TariffVersion) -> list[Problem]:
    """Rows that declare a source inconsistency although their arithmetic is right."""
    return [
        Problem(
            version.file,
            row.line,
            f"{table.id}.{row.id}.source_inconsistency",
            "declared, but the row's arithmetic is correct: remove the declaration",
        )
        for table, row, problems in documented_inconsistencies(version)
        if not problems
    ]


def _mismatches(version: TariffVersion):
    for table in version.tables:
        for row in table.rows:
            if not row.values or row.shown_as_dash:
                continue
            for column in table.columns:
                value = row.values.get(column.id)
                if value is None:
                    continue
                where = f"{table.id}.{row.id}.{column.id}"
                if column.sum_of:
                    parts = [row.values.get(c) for c in column.sum_of]
                    if None not in parts and sum(parts, Decimal(0)) != value:
                        yield (
                            table,
                            row,
                            Problem(
                                version.file,
                                row.line,
                                where,
                                f"total {value} is not {' + '.join(str(p) for p in parts)} = {sum(parts, Decimal(0))}"
                                f" (taulukko {table.number}, {row.label})",
                            ),
                        )
                if column.vat_of:
                    parts = [row.values.get(c) for c in column.vat_of]
                    if None in parts:
                        continue
                    base = sum(parts, Decimal(0))
                    expected = add_vat(base, version.vat_percent)
                    if expected != value:
                        yield (
                            table,
                            row,
                            Problem(
                                version.file,
                                row.line,
                                where,
                                f"VAT-inclusive price {value} does not match {base} x (1 + {version.vat_percent} %)"
                                f" = {expected} (taulukko {table.number}, {row.label})",
                            ),
                        )


@dataclass(frozen=True)
class Deviation:
    """A proposal row whose change differs from the change the decision-maker states."""

    table: Table
    row: Row
    old_vat0: Decimal
    new_vat0: Decimal
    stated_percent: Decimal

    @property
    def actual_percent(self) -> Decimal:
        return round_cents((self.new_vat0 - self.old_vat0) / self.old_vat0 * HUNDRED)

    @property
    def expected_vat0(self) -> Decimal:
        return round_cents(self.old_vat0 * (HUNDRED + self.stated_percent) / HUNDRED)


def stated_change_deviations(proposal: TariffVersion, baseline: TariffVersion) -> list[Deviation]:
    """Rows covered by a stated change whose VAT 0 price moved by another amount."""
    deviations = []
    for table, row in proposal.priced_rows():
        rule = next((c for c in proposal.stated_changes if c.covers(row.key)), None)
        if rule is None or row.price_vat0 is None:
            continue
        try:
            old = baseline.table(table.id).row(row.id)
        except KeyError:
            continue
        if old.price_vat0 is None or old.price_vat0 == 0:
            continue
        deviation = Deviation(table, row, old.price_vat0, row.price_vat0, rule.percent)
        if abs(deviation.new_vat0 - deviation.expected_vat0) > STATED_CHANGE_TOLERANCE:
            deviations.append(deviation)
    return deviations


def version_problems(version: TariffVersion) -> list[Problem]:
    """Problems in one version's prices: arithmetic, declarations, ambiguous keys."""
    if version.vat_percent is None:
        return []
    return arithmetic_problems(version) + undeclared_clean_rows(version) + _key_clashes(version)


def catalog_problems(catalog: Catalog) -> list[Problem]:
    """Problems that need more than one version to see."""
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    ids = {v.id for v in catalog.versions}
    for version in catalog.versions:
        if version.id in seen:
            problems.append(
                Problem(version.file, None, "id", f"version id {version.id!r} is also used in {seen[version.id]}")
            )
        seen[version.id] = version.file
        if version.replaces and version.replaces not in ids:
            problems.append(Problem(version.file, None, "replaces", f"unknown version {version.replaces!r}"))
    return problems


def _key_clashes(version: TariffVersion) -> list[Problem]:
    """Two rows with the same machine key would make a price lookup ambiguous."""
    problems = []
    seen: dict[tuple, str] = {}
    for table, row in version.priced_rows():
        ident = tuple(sorted((k, str(v)) for k, v in (row.key or {}).items()))
        if ident in seen:
            problems.append(Problem(version.file, row.line, f"{table.id}.{row.id}.key", f"same key as {seen[ident]}"))
        else:
            seen[ident] = f"{table.id}.{row.id}"
    return problems


def validated_catalog(read: Iterable[tuple[TariffVersion, list[Problem]]], problems: list[Problem]) -> Catalog:
    """A catalog of versions read as far as their data allowed; raise with every problem of every version."""
    versions = []
    for version, found in read:
        problems = problems + found + version_problems(version)
        versions.append(version)
    catalog = Catalog(tuple(versions))
    problems += catalog_problems(catalog) + lifecycle_problems(catalog)
    if problems:
        raise TariffDataError(problems)
    return catalog
