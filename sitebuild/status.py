"""What a version's status means on a given day, in one Finnish sentence."""

from __future__ import annotations

import datetime as dt

from calculator.finnish import date_fi
from calculator.model import Status, TariffVersion


def version_status_fi(version: TariffVersion, today: dt.date) -> str:
    """Which version, its status and validity, in the tense the build date calls for."""
    if version.status is Status.PROPOSAL:
        if today >= version.valid_from:
            return (
                f"Ehdotus. Sen suunniteltu voimaantulopäivä {date_fi(version.valid_from)} on ohi, mutta tähän "
                "aineistoon ei ole kirjattu päätöstä. Tarkista voimassa oleva taksa jätelautakunnalta."
            )
        return (
            f"Ehdotus. Tulisi voimaan {date_fi(version.valid_from)}, jos jätelautakunta hyväksyy sen. "
            "Ehdotus ei ole vielä voimassa."
        )
    if version.status is Status.HISTORICAL:
        until = f"–{date_fi(version.valid_until)}" if version.valid_until else ""
        return f"Historiallinen hinnasto, voimassa {date_fi(version.valid_from)}{until}. Ei enää voimassa."
    return f"Voimassa oleva taksa, voimassa {date_fi(version.valid_from)} alkaen."


STATUS_WORD_FI = {Status.IN_FORCE: "voimassa", Status.PROPOSAL: "ehdotus", Status.HISTORICAL: "historiallinen"}
