"""All tariff versions of one authority together, and the choice of a version by date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .loading import read_version
from .model import Outcome, Row, Status, Table, TariffVersion
from .problems import Problem, TariffDataError
from .rules import Rule


@dataclass(frozen=True)
class Addresses:
    """Where the site shows a priced row and a section of the text part: templates the site builder gives.

    row: e.g. "maksut/{version}/{section}/#{table}--{row}"; rule: e.g. "tekstiosa/{version}/#kohta-{section}"
    (the section number with dashes for dots), for the versions in `text_parts` only.
    """

    row: str | None = None
    rule: str | None = None
    text_parts: tuple[str, ...] = ()

    def of_row(self, version: TariffVersion, table: Table, row: Row) -> str | None:
        if self.row is None:
            return None
        return self.row.format(version=version.id, section=table.section_id, table=table.id, row=row.id)

    def of_rule(self, version: TariffVersion, rule: Rule) -> str | None:
        if self.rule is None or rule.section is None or version.id not in self.text_parts:
            return None
        return self.rule.format(version=version.id, section=rule.section.replace(".", "-"))

    def to_data(self) -> dict:
        return {"row": self.row, "rule": self.rule, "text_parts": list(self.text_parts)}

    @classmethod
    def from_data(cls, data: object) -> Addresses:
        if not isinstance(data, dict) or not set(data) <= {"row", "rule", "text_parts"}:
            raise TariffDataError([Problem("addresses", None, "addresses", "expected {row, rule, text_parts}")])
        return cls(data.get("row"), data.get("rule"), tuple(data.get("text_parts") or ()))


@dataclass(frozen=True)
class Catalog:
    versions: tuple[TariffVersion, ...]
    addresses: Addresses = field(default_factory=Addresses)

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

    def changes(self) -> list[tuple[TariffVersion, TariffVersion]]:
        """Every change of tariff in date order, as (the version before, the version after).

        The version before is the one the later version `replaces`, else the one that started before
        it. A version whose decision rejected it changes nothing.
        """
        ordered = [v for v in sorted(self.versions, key=lambda v: v.valid_from) if not _rejected(v)]
        return [(self.baseline_of(after) or before, after) for before, after in zip(ordered, ordered[1:], strict=False)]

    def change_nearest(self, day: dt.date) -> tuple[TariffVersion, TariffVersion] | None:
        """The change a resident means on `day`: the one whose start is nearest to it (the later on a tie).

        This is how the command line and the browser choose the two tariffs to compare; the browser's
        data holds only the version in force and its proposal, so there it is always that pair."""
        return min(self.changes(), key=lambda c: (abs((c[1].valid_from - day).days), -c[1].valid_from.toordinal()),
                   default=None)  # fmt: skip

    def current_and_proposal(self) -> tuple[TariffVersion | None, TariffVersion | None]:
        """The version in force (if any) and the proposal that would replace it (or, with none in force, any)."""
        current = next((v for v in self.versions if v.status is Status.IN_FORCE), None)
        if current is not None:
            return current, self.proposal_for(current)
        return None, next((v for v in self.versions if v.status is Status.PROPOSAL), None)


def _rejected(version: TariffVersion) -> bool:
    decision = version.lifecycle.decision if version.lifecycle else None
    return decision is not None and decision.outcome is Outcome.REJECTED


def catalog_from_data(data: list | dict) -> Catalog:
    """A catalog from plain data (the browser's JSON): structure checked here, prices at build time.

    `data` is a list of versions, or {"versions": [...], "addresses": {...}}.
    """
    addresses = Addresses()
    if isinstance(data, dict):
        addresses = Addresses.from_data(data.get("addresses", {}))
        data = data.get("versions", [])
    items = data

    def name(i: int, data: object) -> str:
        return f"{data.get('id', f'version[{i}]')}.json" if isinstance(data, dict) else f"version[{i}].json"

    versions, problems = [], []
    for i, data in enumerate(items):
        version, found = read_version(data, name(i, data))
        versions.append(version)
        problems += found
    if problems:
        raise TariffDataError(problems)
    return Catalog(tuple(versions), addresses)
