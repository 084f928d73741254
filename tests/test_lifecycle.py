"""Time-true pages: the site built for a day in each phase of the proposal, from lifecycle data.

The sources record the proposal (26.11.2025, § 23), its comment period (3.12.2025-11.1.2026), the
planned decision month (February 2026) and the planned start (1.4.2026), but no decision. The phases
after a decision use a fixture: a copy of the data with a decision added, never the real data.
"""

import datetime as dt
import re
import shutil

import pytest

import build
from calculator.model import Outcome
from sitebuild.lifecycle import Phase, lifecycle_problems
from sitebuild.site_data import load_site_data, load_versions
from sitebuild.status_wording import StatusWording

from .conftest import LAKEUS, calculator_settings
from .sites import DEFAULT_AUTHORITY, site_for
from .test_validation import problems_of

PROPOSAL, CURRENT = "lakeus-2026-04-01", "lakeus-2025-05-01"
MINUTES = "Lakeuden jätelautakunnan pöytäkirja 26.11.2025, § 23 Jätemaksutaksa 1.4.2026"  # the consultation's minutes
DECISION = """  decision:
    date: 2026-02-18
    body: Lakeuden jätelautakunta
    section: "§ 5"
    outcome: {outcome}
    document: Lakeuden jätelautakunnan pöytäkirja 18.2.2026 (testiaineisto)
"""


def decided_copy(tmp_path, outcome="adopted"):
    """A copy of the authority's data with a decision on the proposal (a fixture: the sources have none)."""
    folder = tmp_path / "lakeus"
    shutil.copytree(LAKEUS, folder)
    path = folder / "versions" / f"{PROPOSAL}.yaml"
    text = path.read_text(encoding="utf-8")
    marker = "    document: Lakeuden jätelautakunnan pöytäkirja 26.11.2025, § 23 Jätemaksutaksa 1.4.2026\n"
    assert marker in text
    path.write_text(text.replace(marker, marker + DECISION.format(outcome=outcome)), encoding="utf-8")
    return folder


def text_of(site, page):
    html = (site / page / "index.html").read_text(encoding="utf-8")
    article = html[html.index("<article") : html.index("</article>")]
    return " ".join(re.sub(r"<[^>]+>", " ", article).split())


def calculator_labels(site):
    return calculator_settings(site)["labels"]


def built(day, authority=None):
    """The site built as on `day` (shared by the whole run: tests/sites.py)."""
    return site_for(authority or DEFAULT_AUTHORITY, day)


@pytest.fixture(scope="module")
def wording():
    data = load_site_data("lakeus")
    return lambda day: StatusWording.on(data, dt.date.fromisoformat(day))


@pytest.mark.parametrize(
    "day,phase",
    [
        ("2025-11-30", Phase.PROPOSED),
        ("2025-12-03", Phase.CONSULTATION),
        ("2026-01-11", Phase.CONSULTATION),
        ("2026-01-12", Phase.AWAITING_DECISION),
        ("2026-03-31", Phase.AWAITING_DECISION),
        ("2026-04-01", Phase.NO_DECISION_RECORDED),
        ("2026-11-30", Phase.NO_DECISION_RECORDED),
    ],
)
def test_phase_of_the_real_proposal_follows_the_build_date(wording, day, phase):
    timeline = wording(day).timeline
    assert timeline.phase(timeline.catalog.get(PROPOSAL)) is phase
    assert timeline.phase(timeline.catalog.get(CURRENT)) is Phase.IN_FORCE
    assert timeline.phase(timeline.catalog.get("lakeus-2019")) is Phase.ENDED


@pytest.mark.parametrize("day,current,proposal", [
    ("2025-12-15", "Nyt (taksa 1.5.2025)", "Ehdotus 1.4.2026"),
    ("2026-11-30", "Päätetty taksa 1.5.2025", "Ehdotus 1.4.2026"),  # the proposal's start passed, no decision
])  # fmt: skip
def test_short_labels_name_the_tariff_and_its_first_day(wording, day, current, proposal):
    """The calculator's bar and the example cards: "Nyt" only while nothing after it is undecided and late."""
    status = wording(day)
    catalog = status.timeline.catalog
    assert (status.short_label(catalog.get(CURRENT)), status.short_label(catalog.get(PROPOSAL))) == (current, proposal)
    assert status.short_label(catalog.get("lakeus-2019")).startswith("Hinnasto ")


def test_planned_decision_month_in_the_right_tense(wording):
    proposal = wording("2026-01-20").timeline.catalog.get(PROPOSAL)
    before = wording("2026-02-28").sentence(proposal)
    assert f"Taksasta on tarkoitus päättää helmikuussa 2026 (lähde: {MINUTES})." in before
    after = wording("2026-03-01").sentence(proposal)
    assert (
        f"Taksasta oli tarkoitus päättää helmikuussa 2026 (lähde: {MINUTES}), mutta tämän sivuston"
        " aineistoon ei ole kirjattu päätöstä"
        in after
    )
    assert "Ehdotus, ei voimassa." in before and "Ehdotus, ei voimassa." in after


@pytest.mark.site
def test_site_before_the_consultation():
    site = built("2025-11-30")
    text = text_of(site, f"maksut/{PROPOSAL}")
    assert (
        "Ehdotus, ei voimassa. Lakeuden jätelautakunta asetti sen nähtäville 26.11.2025 (§ 23). "
        "Lausuntoaika on 3.12.2025–11.1.2026. Sen on suunniteltu tulevan voimaan 1.4.2026, jos Lakeuden "
        "jätelautakunta hyväksyy sen." in text
    )
    assert "voit antaa lausunnon" not in text and "Lausuntoaika päättyi" not in text
    assert "Voimassa oleva taksa, voimassa 1.5.2025 alkaen." in text_of(site, f"maksut/{CURRENT}")
    assert calculator_labels(site) == {
        CURRENT: "Voimassa oleva taksa 1.5.2025 alkaen",
        PROPOSAL: "Ehdotus 1.4.2026 alkaen",
    }


@pytest.mark.site
def test_site_during_the_consultation():
    site = built("2025-12-15")
    text = text_of(site, f"maksut/{PROPOSAL}")
    assert "Ehdotus, ei voimassa. Ehdotus on nähtävillä ja lausunnoille avoinna 3.12.2025–11.1.2026." in text
    assert "Ehdotus on nähtävillä 3.12.2025–11.1.2026: voit antaa lausunnon" in text
    assert "Tila ehdotus, ei voimassa" in text and "Suunniteltu voimaantulo 1.4.2026 alkaen" in text


@pytest.mark.site
def test_site_after_the_consultation_before_the_planned_start():
    site = built("2026-01-20")
    text = text_of(site, f"maksut/{PROPOSAL}")
    assert "Ehdotus, ei voimassa. Lausuntoaika päättyi 11.1.2026." in text
    assert f"Taksasta on tarkoitus päättää helmikuussa 2026 (lähde: {MINUTES})." in text
    assert "voit antaa lausunnon" not in text


@pytest.mark.site
def test_site_after_the_planned_start_without_a_recorded_decision():
    site = built("2026-11-30")
    text = text_of(site, f"maksut/{PROPOSAL}")
    assert (
        f"Ehdotus. Taksasta oli tarkoitus päättää helmikuussa 2026 (lähde: {MINUTES}) ja sen suunniteltu "
        "voimaantulopäivä 1.4.2026 on ohi, mutta tämän sivuston aineistoon ei ole kirjattu päätöstä (tiedot "
        "tarkistettu viimeksi 30.11.2026)." in text
    )
    # Said once in the box's label, once in its account, and (fee appendix) once in the facts list; the
    # consultation notice and the facts list's proposal line do not repeat it (issue 27 item 10: six times before).
    pages = (f"maksut/{PROPOSAL}", f"tekstiosa/{PROPOSAL}")
    said = {page: text_of(site, page).count("ei ole kirjattu") for page in pages}
    assert said == {f"maksut/{PROPOSAL}": 3, f"tekstiosa/{PROPOSAL}": 2}
    assert "Tarkista voimassa oleva taksa taksan päättäjältä (Lakeuden jätelautakunta)." in text
    assert "Tila ehdotus, päätöstä ei ole kirjattu" in text
    current = text_of(site, f"maksut/{CURRENT}")
    assert "Viimeisin taksa, jonka päätös on kirjattu tämän sivuston aineistoon: voimassa 1.5.2025 alkaen." in current
    assert "Lakeuden jätelautakunta hyväksyi taksan 5.3.2025." in current
    assert calculator_labels(site) == {
        CURRENT: "Viimeisin päätetty taksa 1.5.2025 alkaen",
        PROPOSAL: "Ehdotus 1.4.2026 alkaen (päätöstä ei ole kirjattu)",
    }
    for page in site.rglob("*.html"):  # no page says the decision is still ahead or the proposal is in force
        html = page.read_text(encoding="utf-8")
        for stale in ("päätetään jätelautakunnan kokouksessa", "ei ole vielä voimassa", "tulisi voimaan"):
            assert stale not in html, (page, stale)


@pytest.mark.site
def test_site_after_a_decision_before_and_after_the_start(tmp_path):
    data = decided_copy(tmp_path)
    site = built("2026-03-01", data)
    text = text_of(site, f"maksut/{PROPOSAL}")
    assert (
        "Hyväksytty taksa, ei vielä voimassa. Lakeuden jätelautakunta hyväksyi ehdotuksen 18.2.2026 (§ 5). "
        "Taksa tulee voimaan 1.4.2026." in text
    )
    assert "oli tarkoitus päättää" not in text and "on tarkoitus päättää" not in text
    assert calculator_labels(site)[PROPOSAL] == "Hyväksytty taksa 1.4.2026 alkaen"
    site = built("2026-05-01", data)
    assert "Voimassa oleva taksa, voimassa 1.4.2026 alkaen. Lakeuden jätelautakunta hyväksyi ehdotuksen 18.2.2026" in (
        text_of(site, f"maksut/{PROPOSAL}")
    )
    assert "Aiempi taksa, voimassa 1.5.2025–31.3.2026. Ei enää voimassa." in text_of(site, f"maksut/{CURRENT}")
    assert calculator_labels(site) == {
        CURRENT: "Aiempi taksa, voimassa 1.5.2025–31.3.2026",
        PROPOSAL: "Voimassa oleva taksa 1.4.2026 alkaen",
    }


@pytest.mark.parametrize("outcome,phase,words", [
    ("adopted_with_changes", Phase.IN_FORCE, "hyväksyi ehdotuksen muutettuna 18.2.2026 (§ 5). Tämän sivuston hinnat"),
    ("rejected", Phase.REJECTED, "Hylätty ehdotus, ei voimassa. Lakeuden jätelautakunta hylkäsi ehdotuksen 18.2.2026"),
])  # fmt: skip
def test_other_outcomes(tmp_path, outcome, phase, words):
    data = load_site_data(decided_copy(tmp_path, outcome))
    catalog = data.catalog
    wording = StatusWording.on(data, dt.date(2026, 5, 1))
    proposal = catalog.get(PROPOSAL)
    assert proposal.lifecycle.decision.outcome is Outcome(outcome)
    assert wording.timeline.phase(proposal) is phase
    assert words in wording.sentence(proposal)
    assert wording.short_label(proposal) == ("Nyt (taksa 1.4.2026)" if phase is Phase.IN_FORCE
                                             else "Hylätty ehdotus 1.4.2026")
    assert wording.short_label(catalog.get(CURRENT)) == ("Aiempi taksa 1.5.2025" if phase is Phase.IN_FORCE
                                                         else "Nyt (taksa 1.5.2025)")
    current = Phase.ENDED if phase is Phase.IN_FORCE else Phase.IN_FORCE
    assert wording.timeline.phase(catalog.get(CURRENT)) is current


def test_every_page_names_its_sources_and_when_they_were_checked(built_site, catalog):
    pages = list(built_site.rglob("index.html"))
    assert len(pages) > 50
    for page in pages:
        html = page.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in html:  # a redirect of a moved address
            continue
        assert 'class="tietolahteet"' in html, page
        assert "Tiedot tarkistettu lähteistä viimeksi 30.11.2026." in html, page
    home = (built_site / "index.html").read_text(encoding="utf-8")
    for version in catalog.versions:  # each by its document's title; the transcript's file name is no reader's
        assert f"{version.title}: {version.source.title}. Tiedot tarkistettu" in home
        assert version.source.document not in home


def test_lifecycle_problems_name_the_file_and_field(tmp_path):
    data = decided_copy(tmp_path, "maybe")
    with pytest.raises(Exception) as error:
        load_versions(data)
    assert "lifecycle.decision.outcome: unknown outcome 'maybe'" in str(error.value.problems[0])
    assert re.match(r"versions/lakeus-2026-04-01\.yaml:\d+: ", str(error.value.problems[0]))
    catalog = load_versions(decided_copy(tmp_path / "b", "rejected"))
    assert lifecycle_problems(catalog) == []
    text = (LAKEUS / "versions" / f"{CURRENT}.yaml").read_text(encoding="utf-8")
    (tmp_path / "c").mkdir()
    problems = problems_of(tmp_path / "c", text.replace("    outcome: adopted\n", "    outcome: rejected\n", 1))
    assert any("lifecycle.decision.outcome: a version in force cannot have a rejected decision" in p for p in problems)


def test_consultation_problems_name_the_file_line_and_field(tmp_path, capsys):
    data = tmp_path / "lakeus"
    shutil.copytree(LAKEUS, data)
    path = data / "consultations" / f"{PROPOSAL}.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("planned_decision: 2026-02", "planned_decision: helmikuu"), encoding="utf-8")
    with pytest.raises(Exception) as error:
        load_site_data(data)
    line = text.splitlines().index("planned_decision: 2026-02") + 1
    message = f"consultations/{PROPOSAL}.yaml:{line}: planned_decision: expected a month YYYY-MM, found 'helmikuu'"
    assert str(error.value.problems[0]).endswith(message)
    assert build.main(["--authority", str(data), "--check"]) == 1  # --check validates consultations too
    assert message in capsys.readouterr().err


def test_a_decision_without_its_date_is_a_problem_not_a_crash(tmp_path):
    text = (LAKEUS / "versions" / f"{CURRENT}.yaml").read_text(encoding="utf-8")
    problems = problems_of(tmp_path, text.replace("    date: 2025-03-05\n", "", 1))
    assert any(re.search(r":\d+: lifecycle\.decision\.date: missing required field", p) for p in problems), problems
