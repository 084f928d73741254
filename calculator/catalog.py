"""All tariff versions together: validation across versions and choice by date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from .checks import arithmetic_problems, undeclared_clean_rows
from .model import Status, TariffVersion
from .problems import Problem, TariffDataError


@dataclass(frozen=True)
class Catalog:
    versions: tuple[TariffVersion, ...]

    def get(self, version_id: str) -> TariffVersion:
        for version in self.versions:
            if version.id == version_id:
                return version
        raise KeyError(f"no tariff version {version_id!r}")

    def baseline_of(self, version: TariffVersion) -> TariffVersion | None:
        """The version a proposal would replace."""
        return self.get(version.replaces) if version.replaces else None

    def proposal_for(self, version: TariffVersion) -> TariffVersion | None:
        return next((v for v in self.versions if v.replaces == version.id), None)

    def for_date(self, day: dt.date) -> TariffVersion | None:
        """The version valid on a day: the latest one that has started and not ended.

        A proposal counts from its planned start date, so that "after the
        proposal" can be estimated before the decision.
        """
        candidates = [v for v in self.versions if v.in_force_on(day)]
        return max(candidates, key=lambda v: v.valid_from, default=None)

    def current_and_proposal(self) -> tuple[TariffVersion, TariffVersion | None]:
        current = next(v for v in self.versions if v.status is Status.IN_FORCE)
        return current, self.proposal_for(current)


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
    problems += catalog_problems(catalog)
    if problems:
        raise TariffDataError(problems)
    return catalog


def catalog_from_data(items: list) -> Catalog:
    """A validated catalog from JSON exports (the browser's way in: no YAML there)."""
    from .loading import read_version

    def name(i: int, data: object) -> str:
        return f"{data.get('id', f'version[{i}]')}.json" if isinstance(data, dict) else f"version[{i}].json"

    return validated_catalog((read_version(data, name(i, data)) for i, data in enumerate(items)), [])
