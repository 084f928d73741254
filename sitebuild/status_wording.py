"""What the pages say about a version's status, in Finnish, in the tense the build date calls for.

Every sentence comes from lifecycle data (see lifecycle.py) and the build date; nothing here
knows a date of its own.
"""

from __future__ import annotations

import datetime as dt

from calculator.finnish import date_fi, month_in_fi
from calculator.model import Act, Outcome, Status, TariffVersion

from .authority import Authority
from .consultations import Consultation
from .lifecycle import Phase, Timeline
from .site_data import SiteData


def _act(act: Act) -> str:
    """ "18.2.2026 (§ 5)"."""
    return date_fi(act.date) + (f" ({act.section})" if act.section else "")


class StatusWording:
    def __init__(self, timeline: Timeline, authority: Authority):
        self.timeline, self.authority = timeline, authority

    @classmethod
    def on(cls, data: SiteData, today: dt.date) -> StatusWording:
        """The wording of an authority's versions on `today`."""
        return cls(Timeline(data.catalog, data.consultations, today), data.authority)

    @property
    def today(self) -> dt.date:
        return self.timeline.today

    def _successor_undecided_late(self, version: TariffVersion) -> TariffVersion | None:
        """The proposal meant to replace this version, if its planned start passed without a recorded decision."""
        successor = self.timeline.successor(version)
        if successor and self.timeline.phase(successor) is Phase.NO_DECISION_RECORDED:
            return successor
        return None

    def where_to_check(self) -> str:
        """Whom to ask, and where the contact details are, if the sources give any."""
        contact = (
            "Yhteystiedot ovat sivuston etusivulla." if self.authority.contact
            else "Tämän sivuston lähteissä ei ole päättäjän yhteystietoja."
        )
        return (
            f"Tarkista voimassa oleva taksa taksan päättäjältä ({self.authority.board}). "
            f"{self.authority.official_documents} {contact}"
        )

    def checked(self, version: TariffVersion) -> str:
        if version.lifecycle is None:
            return "Tietojen tarkistuspäivää ei ole kirjattu."
        return f"Tiedot tarkistettu lähteistä viimeksi {date_fi(version.lifecycle.checked)}."

    def _checked_on(self, version: TariffVersion) -> str:
        lifecycle = version.lifecycle
        return f" (tiedot tarkistettu viimeksi {date_fi(lifecycle.checked)})" if lifecycle else ""

    def _planned_decision(self, consultation: Consultation | None) -> str:
        """ "Taksasta on/oli tarkoitus päättää helmikuussa 2026 (lähde: …)", without a full stop; empty if the
        minutes plan no decision or it is recorded."""
        if consultation is None or consultation.planned_decision is None:
            return ""
        version = self.timeline.catalog.get(consultation.version)
        if self.timeline.decision(version):
            return ""
        tense = "oli" if consultation.planned_decision_passed(self.today) else "on"
        when = month_in_fi(*consultation.planned_decision)
        return f"Taksasta {tense} tarkoitus päättää {when} (lähde: {consultation.minutes.title})"

    def decision(self, version: TariffVersion) -> str:
        """The recorded decision (and amendments) in one or two sentences; empty if none is recorded."""
        decision = self.timeline.decision(version)
        if decision is None:
            return ""
        what = "ehdotuksen" if version.status is Status.PROPOSAL else "taksan"
        if decision.outcome is Outcome.REJECTED:
            text = f"{decision.body} hylkäsi {what} {_act(decision)}."
        elif decision.outcome is Outcome.ADOPTED_WITH_CHANGES:
            text = (
                f"{decision.body} hyväksyi {what} muutettuna {_act(decision)}. Tämän sivuston hinnat ovat "
                f"ehdotuksen mukaiset; tarkista muutokset päätöksestä ({decision.document})."
            )
        else:
            text = f"{decision.body} hyväksyi {what} {_act(decision)}."
        for amendment in version.lifecycle.amendments:
            if amendment.date <= self.today:
                start = f", voimassa {date_fi(amendment.in_force_from)} alkaen" if amendment.in_force_from else ""
                text += f" Muutokset: {amendment.body} {_act(amendment)}{start}."
        return text

    def sentence(self, version: TariffVersion) -> str:
        """The status paragraph of a version's pages."""
        timeline, phase = self.timeline, self.timeline.phase(version)
        start = date_fi(timeline.start(version))
        consultation = timeline.consultations.get(version.id)
        proposal = version.lifecycle.proposal if version.lifecycle else None
        if_adopted = f"Sen on suunniteltu tulevan voimaan {start}, jos {self.authority.board} hyväksyy sen."
        if phase is Phase.PROPOSED:
            set_out = f"{proposal.body} asetti sen nähtäville {_act(proposal)}. " if proposal else ""
            period = f"{date_fi(consultation.period_start)}–{date_fi(consultation.period_end)}"
            return f"Ehdotus, ei voimassa. {set_out}Lausuntoaika on {period}. {if_adopted}"
        if phase is Phase.CONSULTATION:
            period = f"{date_fi(consultation.period_start)}–{date_fi(consultation.period_end)}"
            return f"Ehdotus, ei voimassa. Ehdotus on nähtävillä ja lausunnoille avoinna {period}. {if_adopted}"
        if phase is Phase.AWAITING_DECISION:
            closed = f"Lausuntoaika päättyi {date_fi(consultation.period_end)}. " if consultation else ""
            planned = self._planned_decision(consultation)
            if planned and consultation.planned_decision_passed(self.today):
                planned += ", mutta tämän sivuston aineistoon ei ole kirjattu päätöstä"
            return f"Ehdotus, ei voimassa. {closed}{planned + '. ' if planned else ''}{if_adopted}"
        if phase is Phase.NO_DECISION_RECORDED:
            # The label above this sentence already says that no decision is recorded: said once here, with why
            # it matters, and not again in the consultation notice or the facts list.
            planned = self._planned_decision(consultation)
            return (
                f"Ehdotus. {planned + ' ja sen' if planned else 'Sen'} suunniteltu voimaantulopäivä {start} on ohi, "
                f"mutta tämän sivuston aineistoon ei ole kirjattu päätöstä{self._checked_on(version)}. "
                "Sivusto ei siksi tiedä, tuliko ehdotus voimaan sellaisenaan, muutettuna vai ei lainkaan. "
                f"{self.where_to_check()}"
            )
        if phase is Phase.ADOPTED:
            return f"Hyväksytty taksa, ei vielä voimassa. {self.decision(version)} Taksa tulee voimaan {start}."
        if phase is Phase.REJECTED:
            return f"Hylätty ehdotus, ei voimassa. {self.decision(version)} Ehdotus ei tullut voimaan."
        if phase is Phase.ENDED:
            return f"{self.label(version)}. Ei enää voimassa.{self._decided(version)}"
        late = self._successor_undecided_late(version)
        if late:
            return (
                f"Viimeisin taksa, jonka päätös on kirjattu tämän sivuston aineistoon: voimassa {start} alkaen."
                f"{self._decided(version)} Sen tilalle ehdotetun taksan suunniteltu voimaantulopäivä "
                f"{date_fi(late.valid_from)} on ohi, mutta sen päätöstä ei ole kirjattu. {self.where_to_check()}"
            )
        return f"Voimassa oleva taksa, voimassa {start} alkaen.{self._decided(version)}"

    def _decided(self, version: TariffVersion) -> str:
        decided = self.decision(version)
        return f" {decided}" if decided else ""

    def undecided(self, version: TariffVersion) -> bool:
        return self.timeline.undecided(version)

    def start(self, version: TariffVersion) -> dt.date:
        return self.timeline.start(version)

    def in_force(self, version: TariffVersion) -> bool:
        """In force on the build date, with no later proposal whose fate is unknown."""
        return self.timeline.phase(version) is Phase.IN_FORCE and not self._successor_undecided_late(version)

    def word(self, version: TariffVersion) -> str:
        """The short status of the facts list: "voimassa", "ehdotus, ei voimassa", ..."""
        phase = self.timeline.phase(version)
        if phase is Phase.NO_DECISION_RECORDED:
            return "ehdotus, päätöstä ei ole kirjattu"
        if phase is Phase.ADOPTED:
            return f"hyväksytty, voimassa {date_fi(self.timeline.start(version))} alkaen"
        return {
            Phase.IN_FORCE: "voimassa",
            Phase.ENDED: "ei enää voimassa",
            Phase.REJECTED: "hylätty ehdotus",
        }.get(phase, "ehdotus, ei voimassa")

    def label(self, version: TariffVersion) -> str:
        """A version named by its status, for column heads and the calculator: "Ehdotus 1.4.2026 alkaen"."""
        return self._names(version)[0]

    def short_label(self, version: TariffVersion) -> str:
        """`label` in a few words, for a phone's result bar and the example cards: "Nyt (taksa 1.5.2025)",
        "Ehdotus 1.4.2026"; "Nyt" only while the version is in force with nothing undecided after it."""
        return self._names(version)[1]

    def _names(self, version: TariffVersion) -> tuple[str, str]:
        """(label, short_label)."""
        phase, start = self.timeline.phase(version), date_fi(self.timeline.start(version))
        if phase is Phase.NO_DECISION_RECORDED:
            return f"Ehdotus {start} alkaen (päätöstä ei ole kirjattu)", f"Ehdotus {start}"
        if phase in (Phase.PROPOSED, Phase.CONSULTATION, Phase.AWAITING_DECISION):
            return f"Ehdotus {start} alkaen", f"Ehdotus {start}"
        if phase is Phase.ADOPTED:
            return f"Hyväksytty taksa {start} alkaen", f"Hyväksytty taksa {start}"
        if phase is Phase.REJECTED:
            return f"Hylätty ehdotus {start} alkaen", f"Hylätty ehdotus {start}"
        if phase is Phase.ENDED:
            end = version.valid_until or self._day_before_successor(version)
            historical = version.status is Status.HISTORICAL
            kind = "Historiallinen hinnasto" if historical else "Aiempi taksa"
            named = f"{kind}, voimassa {start}–{date_fi(end)}" if end else f"{kind}, voimassa {start} alkaen"
            return named, f"{'Hinnasto' if historical else 'Aiempi taksa'} {start}"
        if self._successor_undecided_late(version):
            return f"Viimeisin päätetty taksa {start} alkaen", f"Päätetty taksa {start}"
        return f"Voimassa oleva taksa {start} alkaen", f"Nyt (taksa {start})"

    def _day_before_successor(self, version: TariffVersion) -> dt.date | None:
        successor = self.timeline.successor(version)
        if successor and self.timeline.phase(successor) in (Phase.IN_FORCE, Phase.ENDED):
            return self.timeline.start(successor) - dt.timedelta(days=1)
        return None
