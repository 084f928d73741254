"""`python -m sitebuild consultation`, `decision` and `amendment`: the status sentences follow what they write."""

import datetime as dt

import pytest

from sitebuild.lifecycle import Phase
from sitebuild.site_data import load_site_data
from sitebuild.status_wording import StatusWording
from tests.conftest import LAKEUS
from tests.staff import copied, files, ran, run

CURRENT, PROPOSAL, NEW = "lakeus-2025-05-01", "lakeus-2026-04-01", "lakeus-2027-01-01"
CONSULTATION = (
    "--start", "2026-12-02", "--end", "2027-01-10", "--planned-decision", "2027-02",
    "--decision", "Lakeuden jätelautakunta päätti 25.11.2026 (§ 30) asettaa ehdotuksen nähtäville.",
    "--how-to-comment", "Lausunnot kirjallisesti Lakeuden jätelautakunnalle.",
    "--how-to-comment", "Sähköposti: kirjaamo@example.fi",
    "--contact-source", "Yhteystiedot ovat pöytäkirjan oikaisuvaatimusohjeessa.",
    "--minutes-title", "Lakeuden jätelautakunnan pöytäkirja 25.11.2026, § 30",
    "--minutes-published", "Pöytäkirja on nähtävänä 2.12.2026 alkaen.",
)  # fmt: skip
DECISION = (
    "--date",
    "2027-02-17",
    "--section",
    "§ 5",
    "--document",
    "Lakeuden jätelautakunnan pöytäkirja 17.2.2027, § 5",
)


def wording(folder, day):
    data = load_site_data(folder)
    return data, StatusWording.on(data, dt.date.fromisoformat(day))


@pytest.fixture(scope="module")
def proposed_once(tmp_path_factory):
    """The 2026 proposal adopted and in force, and a proposal for 1.4.2027 made from it."""
    folder = copied(LAKEUS, tmp_path_factory.mktemp("proposed"))
    ran("decision", PROPOSAL, "--authority", folder, "--date", "2026-02-18", "--outcome", "adopted",
        "--document", "Lakeuden jätelautakunnan pöytäkirja 18.2.2026")  # fmt: skip
    ran("in-force", PROPOSAL, "--authority", folder, "--title", "Maksuliite 1.4.2026 alkaen")
    ran("new-version", NEW, "--authority", folder, "--valid-from", "2027-04-01",
        "--title", "Maksuliite 1.4.2027 alkaen (ehdotus)", "--proposed", "2026-11-25", "--section", "§ 30",
        "--document", "Lakeuden jätelautakunnan pöytäkirja 25.11.2026, § 30")  # fmt: skip
    return folder


@pytest.fixture
def proposed(proposed_once, tmp_path):
    return copied(proposed_once, tmp_path)


def test_the_year_of_a_proposal_in_status_sentences(proposed):
    ran("consultation", NEW, "--authority", proposed, *CONSULTATION)
    expected = {
        "2026-11-30": (Phase.PROPOSED, "Ehdotus, ei voimassa. Lakeuden jätelautakunta asetti sen nähtäville 25.11.2026"
                       " (§ 30). Lausuntoaika on 2.12.2026–10.1.2027."),
        "2026-12-20": (Phase.CONSULTATION, "Ehdotus on nähtävillä ja lausunnoille avoinna 2.12.2026–10.1.2027."),
        "2027-01-20": (Phase.AWAITING_DECISION, "Lausuntoaika päättyi 10.1.2027. Taksasta on tarkoitus päättää"
                       " helmikuussa 2027 (lähde: Lakeuden jätelautakunnan pöytäkirja 25.11.2026, § 30)."),
    }  # fmt: skip
    for day, (phase, sentence) in expected.items():
        data, words = wording(proposed, day)
        version = data.catalog.get(NEW)
        assert words.timeline.phase(version) is phase, day
        assert sentence in words.sentence(version), day
    assert "Lausunnot kirjallisesti Lakeuden jätelautakunnalle." in data.consultations[NEW].how_to_comment

    ran("decision", NEW, "--authority", proposed, *DECISION, "--outcome", "adopted", "--in-force-from", "2027-04-01")
    data, words = wording(proposed, "2027-03-01")
    version = data.catalog.get(NEW)
    assert words.timeline.phase(version) is Phase.ADOPTED
    assert words.sentence(version) == (
        "Hyväksytty taksa, ei vielä voimassa. Lakeuden jätelautakunta hyväksyi ehdotuksen 17.2.2027 (§ 5)."
        " Taksa tulee voimaan 1.4.2027."
    )
    data, words = wording(proposed, "2027-05-01")
    assert words.timeline.phase(data.catalog.get(NEW)) is Phase.IN_FORCE
    assert words.timeline.phase(data.catalog.get(PROPOSAL)) is Phase.ENDED

    ran("amendment", NEW, "--authority", proposed, "--date", "2027-06-01", "--in-force-from", "2027-07-01",
        "--document", "Lakeuden jätelautakunnan päätös 1.6.2027")  # fmt: skip
    data, words = wording(proposed, "2027-06-15")
    assert words.sentence(data.catalog.get(NEW)).endswith(
        "Muutokset: Lakeuden jätelautakunta 1.6.2027, voimassa 1.7.2027 alkaen."
    )


def test_in_force_makes_the_adopted_version_current(proposed):
    catalog = load_site_data(proposed).catalog
    current, proposal = catalog.current_and_proposal()
    assert (current.id, proposal.id, proposal.replaces) == (PROPOSAL, NEW, PROPOSAL)  # new-version's default base
    assert (current.title, str(current.valid_from)) == ("Maksuliite 1.4.2026 alkaen", "2026-04-01")
    ended = catalog.get(CURRENT)
    assert (ended.status.value, str(ended.valid_until)) == ("historical", "2026-03-31")
    ran("decision", NEW, "--authority", proposed, *DECISION, "--outcome", "adopted", "--in-force-from", "2027-05-01")
    ran("in-force", NEW, "--authority", proposed)
    catalog = load_site_data(proposed).catalog
    assert catalog.current_and_proposal()[0].id == NEW and str(catalog.get(NEW).valid_from) == "2027-05-01"
    assert str(catalog.get(PROPOSAL).valid_until) == "2027-04-30"


def test_decision_writes_only_its_block(lakeus_copy):
    path = lakeus_copy / "versions" / f"{PROPOSAL}.yaml"
    before = path.read_text(encoding="utf-8")
    ran("decision", PROPOSAL, "--authority", lakeus_copy, "--date", "2026-02-18", "--section", "§ 5",
        "--outcome", "adopted_with_changes", "--document", "Pöytäkirja 18.2.2026, § 5")  # fmt: skip
    after = path.read_text(encoding="utf-8")
    added = [
        "  decision:", "    date: 2026-02-18", "    body: Lakeuden jätelautakunta", "    section: § 5",
        "    outcome: adopted_with_changes", "    document: Pöytäkirja 18.2.2026, § 5",
    ]  # fmt: skip
    lines = before.splitlines()
    at = lines.index("    document: Lakeuden jätelautakunnan pöytäkirja 26.11.2025, § 23 Jätemaksutaksa 1.4.2026") + 1
    assert after.splitlines() == lines[:at] + added + lines[at:]
    data, words = wording(lakeus_copy, "2026-03-01")
    assert words.sentence(data.catalog.get(PROPOSAL)).startswith(
        "Hyväksytty taksa, ei vielä voimassa. Lakeuden jätelautakunta hyväksyi ehdotuksen muutettuna 18.2.2026 (§ 5)."
    )


def test_a_rejected_proposal(lakeus_copy):
    ran(
        "decision",
        PROPOSAL,
        "--authority",
        lakeus_copy,
        *DECISION[:2],
        "--outcome",
        "rejected",
        "--document",
        "Pöytäkirja",
    )
    data, words = wording(lakeus_copy, "2027-03-01")
    assert words.timeline.phase(data.catalog.get(PROPOSAL)) is Phase.REJECTED
    assert words.timeline.phase(data.catalog.get(CURRENT)) is Phase.IN_FORCE


def test_consultation_changes_only_the_options_given(lakeus_copy):
    path = lakeus_copy / "consultations" / f"{PROPOSAL}.yaml"
    before = path.read_text(encoding="utf-8")
    ran("consultation", PROPOSAL, "--authority", lakeus_copy, "--end", "2026-01-18")
    assert path.read_text(encoding="utf-8") == before.replace("period_end: 2026-01-11", "period_end: 2026-01-18")


@pytest.mark.parametrize(
    ("command", "message"),
    [
        (("consultation", NEW, "--start", "2026-12-02"), "command line: --end: needed to open a consultation"),
        (("consultation", CURRENT, "--end", "2026-01-18"),
         "command line: VERSION: lakeus-2025-05-01 is not a proposal: only a proposal is set out for comment"),
        (("consultation", NEW, *CONSULTATION[:2], "--end", "2026-12-01", *CONSULTATION[4:]),
         f"{{folder}}/consultations/{NEW}.yaml:4: period_end: ends before period_start"),
        (("decision", NEW, "--date", "2026-11-01", "--document", "Pöytäkirja", "--outcome", "adopted"),
         f"{{folder}}/versions/{NEW}.yaml:17: lifecycle.decision.date: decision 2026-11-01 is before the"
         " proposal 2026-11-25"),
        (("in-force", NEW), f"command line: VERSION: {NEW} is no adopted proposal: record its decision with"
         " `decision` first"),
        (("amendment", PROPOSAL, "--date", "2025-01-01", "--document", "Päätös"),
         f"{{folder}}/versions/{PROPOSAL}.yaml:24: lifecycle.amendments[0].date: an amendment before the decision"
         " it amends"),
    ],
)  # fmt: skip
def test_bad_lifecycle_commands_change_no_file(proposed, command, message):
    before = files(proposed)
    status, _, err = run(*command[:2], "--authority", proposed, *command[2:])
    assert status == 1
    assert message.format(folder=proposed) in err and "no file was changed" in err
    assert files(proposed) == before
