"""All tariff versions of one authority together, and the choice of a version by date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .loading import read_version
from .model import Status, TariffVersion
from .problems import TariffDataError


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

    def current_and_proposal(self) -> tuple[TariffVersion | None, TariffVersion | None]:
        """The version in force (if any) and the proposal that would replace it (or, with none in force, any)."""
        current = next((v for v in self.versions if v.status is Status.IN_FORCE), None)
        if current is not None:
            return current, self.proposal_for(current)
        return None, next((v for v in self.versions if v.status is Status.PROPOSAL), None)


def catalog_from_data(items: list) -> Catalog:
    """A catalog from plain data (the browser's JSON): structure checked here, prices at build time."""

    def name(i: int, data: object) -> str:
        return f"{data.get('id', f'version[{i}]')}.json" if isinstance(data, dict) else f"version[{i}].json"

    versions, problems = [], []
    for i, data in enumerate(items):
        version, found = read_version(data, name(i, data))
        versions.append(version)
        problems += found
    if problems:
        raise TariffDataError(problems)
    return Catalog(tuple(versions))
