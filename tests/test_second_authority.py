"""A second authority's year, made with the staff's commands alone: the staff guide's, run as written.

Esimerkkilä (tests/fictional.py, tests/data/esimerkkila/) is made up: its tables have other numbers,
ids and sizes than the published authorities', VAT 24 % and a table the calculator does not price.
From its `authority.yaml` (the only YAML a person wrote) and a workbook of its tables in force, the
commands of docs/opas-henkilostolle.md (subprocesses, as staff run them) make the version in force, a
proposal with a stated +3 % and two absolute prices (one by `prices --set`, one through the exported
workbook), the text part's marks and the consultation, build the site, record the decision, build
again and put the new version in force. The prices below are computed by hand (VAT 24 %, half up).
"""

from __future__ import annotations

import re
import shlex
from html import unescape
from pathlib import Path

import pytest

from sitebuild.site_data import load_versions

from .browser import html_pages
from .conftest import ROOT
from .fictional import AUTHORITY, COMMANDS, CURRENT, PROPOSAL, Walk, walked_year
from .test_site_claims import FIXED_CLAIMS

# Hand-computed (VAT 24 %): the proposal's prices.
PROPOSED_PRICES = {  # table/row: VAT 0 inputs x 1.03 half up (emptyings), or --set; total and VAT-inclusive
    ("sekajate", "astia-190"): {"transport": "4.12", "treatment": "2.58", "total": "6.70", "total_vat": "8.31"},
    ("sekajate", "astia-600"): {"transport": "5.15", "treatment": "7.21", "total": "12.36", "total_vat": "15.33"},
    ("biojate", "astia-190"): {"transport": "3.91", "treatment": "1.75", "total": "5.66", "total_vat": "7.02"},
    ("perusmaksu-asunnot", "asunto"): {"vat0": "3.20", "vat": "3.97"},
    ("perusmaksu-mokit", "vuosimaksu"): {"vat0": "20.00", "vat": "24.80"},
    ("astiavuokra", "vuokra-190"): {"vat0": "1.60", "vat": "1.98"},
}


@pytest.fixture(scope="module")
def walked(tmp_path_factory) -> Walk:
    return walked_year(tmp_path_factory)


def test_the_guide_walks_the_year_and_is_linked():
    steps = [shlex.split(c)[3] if c.startswith("python -m sitebuild ") else "build" for c in COMMANDS]
    assert steps == [
        "first-version", "new-version", "prices", "prices", "export", "import", "mark-text", "consultation",
        "build", "build", "decision", "build", "in-force",
    ]  # fmt: skip
    assert "(docs/opas-henkilostolle.md)" in (ROOT / "README.md").read_text(encoding="utf-8")


def text_of(site: Path, path: str) -> str:
    html = (site / path / "index.html").read_text(encoding="utf-8")
    body = re.sub(r"<(script|style|template)\b.*?</\1>", " ", html[html.index("<body") :], flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", body)))


def test_a_person_wrote_only_authority_yaml():
    """The fixture holds one YAML file, authority.yaml; everything else of the year is made by commands."""
    yaml_files = [p.relative_to(ROOT).as_posix() for p in (ROOT / "tests" / "data" / "esimerkkila").rglob("*.yaml")]
    assert yaml_files == ["tests/data/esimerkkila/tariffs/esimerkkila/authority.yaml"]
    lines = (ROOT / yaml_files[0]).read_text(encoding="utf-8").splitlines()
    assert len([line for line in lines if line.strip() and not line.lstrip().startswith("#")]) == 15


@pytest.mark.site
def test_the_year_makes_versions_as_stated(walked):
    root, decided = walked.root, walked.decided
    current, proposal = decided.get(CURRENT), decided.get(PROPOSAL)
    assert (current.vat_percent, [t.number for t in current.tables]) == (24, [11, 12, 21, 22, 31])
    for (table, row), values in PROPOSED_PRICES.items():
        assert {c: str(v) for c, v in proposal.table(table).row(row).values.items()} == values
    assert [c.id for c in proposal.stated_changes] == ["korotus-3"]
    assert proposal.lifecycle.decision.outcome == "adopted"
    assert sorted(p.name for p in (root / AUTHORITY / "versions").iterdir()) == [f"{CURRENT}.yaml", f"{PROPOSAL}.yaml"]
    marked = (root / "content" / "esimerkkila" / "tekstiosa.md").read_text(encoding="utf-8")
    assert "{~~neljä~>kaksi~~}" in marked and "{--Paperilaskusta ei peritä lisämaksua." in marked
    now = load_versions(root / AUTHORITY)  # after `in-force`
    assert (now.get(CURRENT).status.value, now.get(PROPOSAL).status.value) == ("historical", "in_force")


@pytest.mark.site
def test_the_built_sites_have_prices_changes_history_and_calculator(walked):
    root, seconds = walked.root, walked.seconds
    proposed, decided = root / "sivusto-ehdotus", root / "sivusto-paatos"
    fees = text_of(proposed, f"maksut/{PROPOSAL}/tyhjennykset")
    assert "Taulukko 21" in fees and "8,31" in fees and "15,33" in fees
    assert "Taulukko 31" in text_of(proposed, f"maksut/{PROPOSAL}/vuokrat")  # a table Lakeus lacks
    assert "27.10.2026–27.11.2026" in text_of(proposed, "")
    changes = text_of(proposed, "muutokset/tyhjennykset")
    assert "8,06" in changes and "8,31" in changes
    assert "3,97" in text_of(proposed, "muutokset/perusmaksut") and "1,98" in text_of(proposed, "muutokset/vuokrat")
    assert "kaksi" in text_of(proposed, "muutokset/tekstiosa")
    history = text_of(proposed, "hintahistoria/sekajate")
    assert "8,06" in history and "8,31" in history
    form = (proposed / "laskuri" / "index.html").read_text(encoding="utf-8")
    assert "15.5.–15.9." in form and "16.9.–14.5." in form  # the fixture's own seasons, from its data
    assert "hyväksyi" in text_of(decided, "") and "15.12.2026" in text_of(decided, "")
    assert seconds < 300


@pytest.mark.site
def test_the_built_site_says_its_own_sources_or_nothing(walked):
    """What the site says of its sources comes from the commands' data: the operator's role and its section
    (first-version), the stated +3 % and its minutes (prices); no examples file and no main changes were
    given, so nothing is said of them."""
    site = walked.root / "sivusto-ehdotus"
    assert "Jätteenkuljetus ja laskutus Esimerkki Oy (lähde: taksan 2 §)" in text_of(site, f"maksut/{PROPOSAL}")
    minutes = "Esimerkkilän jätelautakunnan pöytäkirja 20.10.2026, § 30"
    changes = text_of(site, "muutokset")
    assert f"muutoksesta +3,0 % (lähde: {minutes}): 0" in changes and "Merkittävimmät muutokset" not in changes
    assert "Esimerkkitaloudet" not in text_of(site, "") and "Esimerkkitaloudet" not in text_of(site, "laskuri")
    assert "Valmiit esimerkit" not in text_of(site, "laskuri")
    form = (site / "laskuri" / "index.html").read_text(encoding="utf-8")  # its versions give no rule of a hint
    for words in ("asuntoa kohden", "tyhjillään olevan", "pestään automaattisesti", "metrin siirrosta",
                  "Kilometrimaksu", "tarkkuudella", "Vähimmäisveloitus"):  # fmt: skip
        assert words not in form, words
    assert all(f'id="{target}"' in form for target in re.findall(r'aria-describedby="([^"]+)"', form))
    for page in html_pages(site):
        assert not [claim for claim in FIXED_CLAIMS if claim in text_of(site, page)], page
