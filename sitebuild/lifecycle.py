"""Where each version stands on a given day: consultations, decisions and phases, from lifecycle data.

The data: `lifecycle:` in each version file (checked, proposal, decision, amendments, superseded_by)
and the consultations (consultations.py: the public-comment period and the planned decision month).
`Timeline` answers "which phase is this version in on the build date"; status.py words it in Finnish.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import TYPE_CHECKING

from calculator.catalog import Catalog
from calculator.model import Act, Outcome, Status, TariffVersion
from calculator.problems import Problem

if TYPE_CHECKING:
    from .consultations import Consultation


class Phase(Enum):
    PROPOSED = "proposed"  # set out, the comment period not yet open
    CONSULTATION = "consultation"  # open for comment
    AWAITING_DECISION = "awaiting_decision"  # comment period over (or none), planned start ahead
    NO_DECISION_RECORDED = "no_decision_recorded"  # planned start passed, no decision in the data
    ADOPTED = "adopted"  # decided, starts later
    IN_FORCE = "in_force"
    ENDED = "ended"  # its validity ended or a decided successor replaced it
    REJECTED = "rejected"


UNDECIDED = (Phase.PROPOSED, Phase.CONSULTATION, Phase.AWAITING_DECISION, Phase.NO_DECISION_RECORDED)


def lifecycle_problems(catalog: Catalog) -> list[Problem]:
    """Lifecycle facts that contradict each other or the version's status."""
    problems = []
    ids = {v.id for v in catalog.versions}
    for version in catalog.versions:
        lifecycle = version.lifecycle
        if lifecycle is None:
            continue

        def problem(field: str, message: str, version: TariffVersion = version) -> None:
            problems.append(Problem(version.file, version.lifecycle.line, f"lifecycle.{field}", message))

        proposal, decision = lifecycle.proposal, lifecycle.decision
        if proposal and decision and proposal.date and decision.date and decision.date < proposal.date:
            problem("decision.date", f"decision {decision.date} is before the proposal {proposal.date}")
        if decision and decision.outcome is Outcome.REJECTED:
            if decision.in_force_from:
                problem("decision.in_force_from", "a rejected proposal does not come into force")
            if version.status is Status.IN_FORCE:
                problem("decision.outcome", "a version in force cannot have a rejected decision")
        if version.status is Status.IN_FORCE and decision is None:
            problem("decision", "a version in force needs its decision (date, body, outcome, document)")
        if lifecycle.superseded_by == version.id:
            problem("superseded_by", "a version cannot supersede itself")
        elif lifecycle.superseded_by and lifecycle.superseded_by not in ids:
            problem("superseded_by", f"unknown version {lifecycle.superseded_by!r}")
        for i, amendment in enumerate(lifecycle.amendments):
            if decision and decision.date and amendment.date and amendment.date < decision.date:
                problem(f"amendments[{i}].date", "an amendment before the decision it amends")
    return problems


class Timeline:
    """The phase of every version of a catalog on one day."""

    def __init__(self, catalog: Catalog, consultations: dict[str, Consultation], today: dt.date):
        self.catalog, self.consultations, self.today = catalog, consultations, today

    def decision(self, version: TariffVersion) -> Act | None:
        """The version's decision, if the data records one made on or before today."""
        decision = version.lifecycle.decision if version.lifecycle else None
        return decision if decision and decision.date <= self.today else None

    def start(self, version: TariffVersion) -> dt.date:
        """The day the version starts (or would start): the decision's date if it gives one, else valid_from."""
        decision = self.decision(version)
        return (decision.in_force_from if decision else None) or version.valid_from

    def successor(self, version: TariffVersion) -> TariffVersion | None:
        lifecycle = version.lifecycle
        if lifecycle and lifecycle.superseded_by:
            return self.catalog.get(lifecycle.superseded_by)
        return self.catalog.proposal_for(version)

    def phase(self, version: TariffVersion) -> Phase:
        decision = self.decision(version)
        if decision and decision.outcome is Outcome.REJECTED:
            return Phase.REJECTED
        if decision or version.status is not Status.PROPOSAL:
            if self.today < self.start(version):
                return Phase.ADOPTED if decision else Phase.AWAITING_DECISION
            successor = self.successor(version)
            replaced = successor is not None and self.phase(successor) in (Phase.IN_FORCE, Phase.ENDED)
            ended = version.valid_until is not None and self.today > version.valid_until
            return Phase.ENDED if replaced or ended or version.status is Status.HISTORICAL else Phase.IN_FORCE
        consultation = self.consultations.get(version.id)
        if consultation and self.today < consultation.period_start:
            return Phase.PROPOSED
        if consultation and self.today <= consultation.period_end:
            return Phase.CONSULTATION
        return Phase.AWAITING_DECISION if self.today < version.valid_from else Phase.NO_DECISION_RECORDED

    def undecided(self, version: TariffVersion) -> bool:
        return self.phase(version) in UNDECIDED
