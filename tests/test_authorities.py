"""Any authority from data alone: the code names none, the browser's package stays small and pure,
each authority gets its own site, and an authority without price tables gets no empty price pages."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile

import pytest

from sitebuild.authority import load_authority
from sitebuild.bundle import build_wheel, worker_modules

from .browser import AUTHORITIES, built_sites
from .conftest import ROOT


def code_files() -> list:
    """Every file of the code: the packages, the build, and content/ but for the authorities' own folders."""
    own = {ROOT / "content" / authority for authority in AUTHORITIES}
    found = [ROOT / "build.py", ROOT / "Makefile", ROOT / "pyproject.toml"]
    for folder in ("calculator", "sitebuild", "content"):
        found += [p for p in sorted((ROOT / folder).rglob("*"))
                  if p.is_file() and "__pycache__" not in p.parts and not own & set(p.parents)]
    return found


CODE = code_files()
# The pricing core with its rules, limits, field reader, calendar file, month grids and two set-ups (47.2 KB
# before the month grids and 52.5 KB after, 7.12.2026); the page's own budget is in tests/bench.py.
MAX_WHEEL_BYTES = 56 * 1024
MAX_BUILD_PY_LINES = 150


def authority_names() -> list[str]:
    """The names that identify an authority: id, municipalities, the first words of the board and of every
    role's `who` that is a proper name (capitalised: "kiinteistön haltija" names no one)."""
    names = set()
    for authority_id in AUTHORITIES:
        authority = load_authority(authority_id)
        proper = [role.who for role in authority.roles if role.who[0].isupper()]
        names |= {authority.id, *authority.municipalities, *(name.split()[0] for name in [authority.board, *proper])}
    return sorted(names)


@pytest.mark.parametrize("path", CODE, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_authority_is_named_in_code_or_templates(path):
    text = path.read_text(encoding="utf-8").lower()
    found = [name for name in authority_names() if re.search(rf"\b{re.escape(name.lower())}\b", text)]
    assert not found, f"{path.relative_to(ROOT)} names {found}: authority data belongs in tariffs/ or content/<id>/"


def test_the_wheel_holds_only_what_the_worker_needs(tmp_path):
    wheel = build_wheel(tmp_path)
    with zipfile.ZipFile(wheel) as archive:
        modules = sorted(n.removeprefix("calculator/").removesuffix(".py") for n in archive.namelist()
                         if n.startswith("calculator/"))
    assert modules == worker_modules() and "cli" not in modules and "schema" in modules
    assert wheel.stat().st_size <= MAX_WHEEL_BYTES, f"{wheel.stat().st_size} bytes"
    worker = (ROOT / "content" / "assets" / "laskuri-worker.js").read_text(encoding="utf-8")
    imported = set(re.findall(r"from calculator\.(\w+) import", worker))
    assert imported and imported <= set(worker_modules())


def test_build_py_is_arguments_and_orchestration():
    assert len((ROOT / "build.py").read_text(encoding="utf-8").splitlines()) <= MAX_BUILD_PY_LINES


@pytest.mark.site
def test_each_authority_gets_its_own_site_with_nothing_of_another():
    sites = built_sites()
    for authority_id, site in sites.items():
        others = [load_authority(a) for a in AUTHORITIES if a != authority_id]
        text = " ".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
        for other in others:
            for name in (other.board, *(role.who for role in other.roles if role.who[0].isupper())):
                assert name not in text, (authority_id, other.id, name)
        assert load_authority(authority_id).site_name in (site / "index.html").read_text(encoding="utf-8")


@pytest.mark.site
def test_an_authority_without_price_tables_gets_no_price_pages_and_no_calculator():
    site = built_sites()["lahti"]
    for missing in ("laskuri", "maksut", "muutokset", "hinnasto", "avoin-data", "pyodide", "laskuri-data"):
        assert not (site / missing).exists(), missing
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "ei ole hintataulukoita eikä maksulaskuria" in home
    assert 'href="laskuri/"' not in home and "Laskuri" not in home
    assert sorted(p.name for p in (site / "assets").glob("*.js")) == ["moved-anchors.js", "site.js"]


@pytest.mark.site
def test_the_lahti_site_says_what_the_proposal_says_of_roles_and_no_more():
    """The duty is the municipalities' (§ 1), Salpakierto Oy tenders "kuntien puolesta" (§ 2), the water
    utilities bill sludge reception (§ 17); the proposal is in force nowhere; no contact details exist."""
    site = built_sites()["lahti"]
    home = (site / "index.html").read_text(encoding="utf-8")
    for said in ("vastaa kuntien puolesta", "sekajäte vain Heinolan haja-asutusalueella",
                 "hoitavat vesihuoltolaitokset", "Ehdotus koskee Lahden seudun jätelautakunnan toimialuetta",
                 "Tämän sivuston lähteissä ei ole päättäjän yhteystietoja."):
        assert said in home, said
    assert "Jätetaksa on voimassa" not in home  # the text part quotes it from the proposal (§ 1)
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for overstated in ("Jätehuollon järjestäjä", "Palvelut järjestää", "Yhteystiedot ovat"):
            assert overstated not in text, (page, overstated)


@pytest.mark.site
def test_the_lahti_text_part_page_has_every_section_and_the_status_from_data():
    html = (built_sites()["lahti"] / "tekstiosa" / "lahti-2025-01-01" / "index.html").read_text(encoding="utf-8")
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    assert {f"pykala-{n}" for n in range(1, 23)} <= ids and {f"luku-{n}" for n in range(1, 8)} <= ids
    assert "liitteet" in ids and 'class="toc"' in html  # the table of contents
    assert (
        "Ehdotus. Sen suunniteltu voimaantulopäivä 1.1.2025 on ohi, mutta tämän sivuston aineistoon ei ole kirjattu "
        "päätöstä" in html
    )
    assert "Taksan hinnat ovat sen liitteissä" in html


def test_cli_chooses_the_authority(tmp_path):
    scenario = tmp_path / "s.json"
    scenario.write_text(json.dumps({"date": "2026-06-01", "containers": [
        {"waste": "mixed", "volume_l": 240, "count": 1, "interval_weeks": 2}]}), encoding="utf-8")

    def run(*args):
        return subprocess.run([sys.executable, "-m", "calculator", *args, "estimate", str(scenario)],
                              cwd=ROOT, capture_output=True, text=True)

    default, lakeus, lahti = run(), run("--authority", "lakeus"), run("--authority", "lahti")
    assert default.returncode == 0 and default.stdout == lakeus.stdout
    assert lahti.returncode == 2 and "Traceback" not in lahti.stderr, lahti.stderr
    unknown = run("--authority", "nobody")
    assert unknown.returncode == 1 and "no such authority" in unknown.stderr and "Traceback" not in unknown.stderr
