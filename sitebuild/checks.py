"""Build-time checks of tariff data: arithmetic, declarations, key clashes, versions together."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from calculator.catalog import Catalog
from calculator.model import Row, StatedChange, Status, Table, TariffVersion
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


def _mismatch(version: TariffVersion, table: Table, row: Row, column, message: str):
    where = f"{table.id}.{row.id}.{column.id}"
    return table, row, Problem(version.file, row.line, where, f"{message} (taulukko {table.number}, {row.label})")


def _mismatches(version: TariffVersion):
    for table in version.tables:
        for row in table.rows:
            if not row.values or row.shown_as_dash:
                continue
            for column in table.columns:
                value = row.values.get(column.id)
                if value is None:
                    continue
                if column.sum_of:
                    parts = [row.values.get(c) for c in column.sum_of]
                    if None not in parts and sum(parts, Decimal(0)) != value:
                        terms = " + ".join(str(p) for p in parts)
                        total = sum(parts, Decimal(0))
                        yield _mismatch(version, table, row, column, f"total {value} is not {terms} = {total}")
                if column.vat_of:
                    parts = [row.values.get(c) for c in column.vat_of]
                    if None in parts:
                        continue
                    base = sum(parts, Decimal(0))
                    expected = add_vat(base, version.vat_percent)
                    if expected != value:
                        yield _mismatch(
                            version,
                            table,
                            row,
                            column,
                            f"VAT-inclusive price {value} does not match {base} x (1 + {version.vat_percent} %)"
                            f" = {expected}",
                        )


@dataclass(frozen=True)
class Deviation:
    """A proposal row whose change differs from the change the decision-maker states."""

    table: Table
    row: Row
    old_vat0: Decimal
    new_vat0: Decimal
    stated: StatedChange

    @property
    def stated_percent(self) -> Decimal:
        return self.stated.percent

    @property
    def actual_percent(self) -> Decimal:
        return round_cents((self.new_vat0 - self.old_vat0) / self.old_vat0 * HUNDRED)

    @property
    def expected_vat0(self) -> Decimal:
        return round_cents(self.old_vat0 * (HUNDRED + self.stated_percent) / HUNDRED)


def stated_change_deviations(proposal: TariffVersion, baseline: TariffVersion) -> list[Deviation]:
    """Rows covered by a stated change whose VAT 0 price moved by another amount."""
    deviations = []
    for table, row in ((t, r) for t in proposal.tables for r in t.rows):
        rule = next((c for c in proposal.stated_changes if c.covers(row.key, table.id, row.id)), None)
        if rule is None or row.price_vat0 is None:
            continue
        try:
            old = baseline.table(table.id).row(row.id)
        except KeyError:
            continue
        if old.price_vat0 is None or old.price_vat0 == 0:
            continue
        deviation = Deviation(table, row, old.price_vat0, row.price_vat0, rule)
        if abs(deviation.new_vat0 - deviation.expected_vat0) > STATED_CHANGE_TOLERANCE:
            deviations.append(deviation)
    return deviations


def version_problems(version: TariffVersion) -> list[Problem]:
    """Problems in one version's prices: arithmetic, declarations, signs, ambiguous keys."""
    if version.vat_percent is None:
        return []
    return (
        arithmetic_problems(version) + undeclared_clean_rows(version) + sign_problems(version) + _key_clashes(version)
    )


def sign_problems(version: TariffVersion) -> list[Problem]:
    """A price below zero is a typing mistake unless the row says it is a credit (`credit: true`)."""
    problems = []
    for table in version.tables:
        for row in table.rows:
            negative = [c for c, v in row.values.items() if v < 0]
            where = f"{table.id}.{row.id}"
            if negative and not row.credit:
                message = f"negative price in {', '.join(negative)}; a row that gives money back says `credit: true`"
                problems.append(Problem(version.file, row.line, f"{where}.values", message))
            if row.credit and row.values and not negative:
                message = "declared a credit, but no price is negative: remove the declaration"
                problems.append(Problem(version.file, row.line, f"{where}.credit", message))
    return problems


def catalog_problems(catalog: Catalog) -> list[Problem]:
    """Problems that need more than one version to see: ids, references and validity."""
    problems: list[Problem] = []
    if any(v.id is None for v in catalog.versions):
        return problems  # a version without a readable id: references cannot be checked yet
    seen: dict[str, str] = {}
    ids = {v.id for v in catalog.versions}
    for version in catalog.versions:
        if version.id in seen:
            message = f"version id {version.id!r} is also used in {seen[version.id]}"
            problems.append(Problem(version.file, version.line_of("id"), "id", message))
        seen[version.id] = version.file
        if version.replaces and version.replaces not in ids:
            message = f"unknown version {version.replaces!r}"
            problems.append(Problem(version.file, version.line_of("replaces"), "replaces", message))
    return problems + validity_problems(catalog)


def _dated(version: TariffVersion) -> bool:
    """Status and validity were read (a version whose dates have problems is left to those problems)."""
    unreadable_end = version.valid_until is None and version.line_of("valid_until") is not None
    return version.status is not None and version.valid_from is not None and not unreadable_end


def validity_problems(catalog: Catalog) -> list[Problem]:
    """Validity periods: never inverted; exactly one version in force on any day the versions cover.

    Versions in force and historical ones may not overlap, the version in force is the latest of them and
    a historical one has ended; a proposal starts after the version it would replace.
    """
    problems: list[Problem] = []
    versions = catalog.versions
    if not all(_dated(v) for v in versions):
        return problems

    def problem(version: TariffVersion, name: str, message: str) -> None:
        problems.append(Problem(version.file, version.line_of(name) or version.line_of("status"), name, message))

    for version in versions:
        if version.valid_until is not None and version.valid_until < version.valid_from:
            problem(version, "valid_until", f"{version.valid_until} is before valid_from {version.valid_from}")
    decided = sorted((v for v in versions if v.status is not Status.PROPOSAL), key=lambda v: v.valid_from)
    in_force = [v for v in decided if v.status is Status.IN_FORCE]
    if decided and not in_force:
        problem(decided[-1], "status", "no version has status in_force; set it on the version in force now")
    for extra in in_force[1:]:
        problem(extra, "status", f"in_force, and so is {in_force[0].id} ({in_force[0].file}): only one can be")
    for earlier, later in zip(decided, decided[1:], strict=False):
        if earlier.valid_until is None or earlier.valid_until >= later.valid_from:
            until = earlier.valid_until or "open end"
            problem(
                earlier,
                "valid_until" if earlier.valid_until else "valid_from",
                f"{earlier.valid_from}...{until} overlaps {later.id} from {later.valid_from}:"
                f" end it by {later.valid_from - dt.timedelta(days=1)}",
            )
    if in_force and decided[-1].status is not Status.IN_FORCE:
        problem(decided[-1], "valid_from", f"a {decided[-1].status.value} version starts after the one in force")
    for version in versions:
        base = next((v for v in versions if v.id == version.replaces), None)
        if base is not None and version.valid_from <= base.valid_from:
            problem(version, "valid_from", f"{version.valid_from} is not after {base.id}'s start {base.valid_from}")
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


def validated_catalog(read: Iterable[tuple[TariffVersion, list[Problem]]], unreadable: list[Problem]) -> Catalog:
    """A catalog of versions read as far as their data allowed; raise with every problem of every version.

    With a file that could not be read at all, checks across versions would only add noise: they wait.
    """
    problems = list(unreadable)
    versions = []
    for version, found in read:
        problems += found + version_problems(version)
        versions.append(version)
    catalog = Catalog(tuple(versions))
    if not unreadable:
        problems += catalog_problems(catalog) + lifecycle_problems(catalog)
    if problems:
        raise TariffDataError(problems)
    return catalog
