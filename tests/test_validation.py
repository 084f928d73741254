"""Broken tariff files give `file:line: field: what is wrong` for every problem, and stop the build."""

import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

import build
from calculator.problems import TariffDataError
from sitebuild.site_data import load_catalog

from .conftest import LAKEUS

VALID = """\
id: testi-2026
title: Testitaksa
authority: Testilautakunta
operator: Testi Oy
status: in_force
valid_from: 2026-01-01
vat_percent: 25.5
source: {document: testi.txt, title: Testiasiakirja}
column_sets:
  emptying:
    - {id: transport, label: Kuljetus}
    - {id: treatment, label: Käsittely}
    - {id: total, label: Yhteensä, sum_of: [transport, treatment]}
    - {id: total_vat, label: Yhteensä, vat_of: [total]}
sections:
  - id: tyhjennykset
    number: "1"
    title: Tyhjennysmaksut
    tables:
      - id: poltettava
        number: 1
        title: Poltettava jäte
        row_header: Astia
        unit: €/kpl
        columns: emptying
        rows:
          - id: astia-240
            label: 240 l astia
            key: {service: emptying, waste: mixed, container: bin, volume_l: 240}
            values: {transport: 4.26, treatment: 3.09, total: 7.35, total_vat: 9.22}
          - id: astia-660
            label: 660 l astia
            values: {transport: 4.99, treatment: 7.59, total: 12.58, total_vat: 15.79}
"""


def problems_of(tmp_path: Path, text: str) -> list[str]:
    folder = tmp_path / "tariffs"
    folder.mkdir(exist_ok=True)
    (folder / "testi.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(TariffDataError) as caught:
        load_catalog(folder)
    return [str(p) for p in caught.value.problems]


def line_of(text: str, fragment: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if fragment in line)


def test_valid_file_loads(tmp_path):
    folder = tmp_path / "tariffs"
    folder.mkdir()
    (folder / "testi.yaml").write_text(VALID, encoding="utf-8")
    [version] = load_catalog(folder).versions
    assert version.table("poltettava").row("astia-240").price_vat == Decimal("9.22")


def test_yaml_syntax_error(tmp_path):
    text = VALID.replace("title: Poltettava jäte", "title: [Poltettava jäte")
    [problem] = problems_of(tmp_path, text)
    assert problem.startswith("tariffs/testi.yaml:")
    assert "YAML syntax error" in problem
    line = int(problem.split(":")[1])
    assert line_of(text, "[Poltettava") <= line <= line_of(text, "[Poltettava") + 2


def test_missing_field(tmp_path):
    text = VALID.replace("        row_header: Astia\n", "")
    [problem] = problems_of(tmp_path, text)
    assert problem == (
        f"tariffs/testi.yaml:{line_of(text, '- id: poltettava')}: "
        "sections[0].tables[0].row_header: missing required field"
    )


def test_unknown_column(tmp_path):
    text = VALID.replace("total_vat: 9.22}", "totl_vat: 9.22}")
    problems = problems_of(tmp_path, text)
    line = line_of(text, "totl_vat")
    assert (
        f"tariffs/testi.yaml:{line}: sections[0].tables[0].rows[0].values.totl_vat: unknown column 'totl_vat'"
        in (problems[0])
    )
    assert any("missing column(s) total_vat" in p for p in problems)


def test_unknown_field(tmp_path):
    text = VALID.replace("        unit: €/kpl", "        unti: €/kpl")
    problems = problems_of(tmp_path, text)
    assert f"tariffs/testi.yaml:{line_of(text, 'unti:')}: sections[0].tables[0].unti: unknown field" in problems


def test_duplicate_id(tmp_path):
    text = VALID.replace("- id: astia-660", "- id: astia-240")
    [problem] = problems_of(tmp_path, text)
    first, second = [i for i, line in enumerate(text.splitlines(), 1) if "- id: astia-240" in line]
    assert problem == (
        f"tariffs/testi.yaml:{second}: sections[0].tables[0].rows[1].id: "
        f"duplicate row id 'astia-240' (first used on line {first})"
    )


def test_non_numeric_price(tmp_path):
    text = VALID.replace("treatment: 3.09", 'treatment: "3,09"')
    [problem] = problems_of(tmp_path, text)
    assert problem.startswith(
        f"tariffs/testi.yaml:{line_of(text, '3,09')}: sections[0].tables[0].rows[0].values.treatment:"
    )
    assert "'3,09' is not a number (use a dot as the decimal separator)" in problem


def test_vat_price_that_does_not_match(tmp_path):
    text = VALID.replace("total_vat: 9.22", "total_vat: 9.23")
    [problem] = problems_of(tmp_path, text)
    assert problem == (
        f"tariffs/testi.yaml:{line_of(text, '- id: astia-240')}: poltettava.astia-240.total_vat: "
        "VAT-inclusive price 9.23 does not match 7.35 x (1 + 25.5 %) = 9.22 (taulukko 1, 240 l astia)"
    )


def test_total_that_is_not_transport_plus_treatment(tmp_path):
    text = VALID.replace("total: 12.58, total_vat: 15.79", "total: 12.48, total_vat: 15.66")
    [problem] = problems_of(tmp_path, text)
    assert problem == (
        f"tariffs/testi.yaml:{line_of(text, '- id: astia-660')}: poltettava.astia-660.total: "
        "total 12.48 is not 4.99 + 7.59 = 12.58 (taulukko 1, 660 l astia)"
    )


def test_documented_source_inconsistency_is_accepted_and_must_be_real(tmp_path):
    documented = VALID.replace(
        "values: {transport: 4.26, treatment: 3.09, total: 7.35, total_vat: 9.22}",
        "values: {transport: 4.26, treatment: 3.09, total: 7.35, total_vat: 9.23}\n"
        "            source_inconsistency: printed so in the source",
    )
    folder = tmp_path / "ok"
    folder.mkdir()
    (folder / "testi.yaml").write_text(documented, encoding="utf-8")
    load_catalog(folder)
    clean = VALID.replace(
        "            values: {transport: 4.26",
        "            source_inconsistency: none really\n            values: {transport: 4.26",
    )
    [problem] = problems_of(tmp_path, clean)
    assert "source_inconsistency: declared, but the row's arithmetic is correct" in problem


def test_every_problem_is_reported_not_only_the_first(tmp_path):
    text = (
        VALID.replace("treatment: 3.09", "treatment: abc")
        .replace("        row_header: Astia\n", "")
        .replace("status: in_force", "status: voimassa")
        .replace("total: 12.58, total_vat: 15.79", "total: 12.48, total_vat: 15.66")
    )
    problems = problems_of(tmp_path, text)
    assert len(problems) == 4
    assert all(p.startswith("tariffs/testi.yaml:") for p in problems)


BROKEN = {
    "syntax": VALID.replace("title: Poltettava jäte", "title: [Poltettava jäte"),
    "missing field": VALID.replace("        row_header: Astia\n", ""),
    "unknown column": VALID.replace("total_vat: 9.22}", "totl_vat: 9.22}"),
    "duplicate id": VALID.replace("- id: astia-660", "- id: astia-240"),
    "non-numeric price": VALID.replace("treatment: 3.09", 'treatment: "3,09"'),
    "VAT mismatch": VALID.replace("total_vat: 9.22", "total_vat: 9.23"),
    "total mismatch": VALID.replace("total: 12.58, total_vat: 15.79", "total: 12.48, total_vat: 15.66"),
}


@pytest.mark.parametrize("kind", BROKEN)
def test_failed_build_leaves_site_untouched(tmp_path, capsys, kind):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous build", encoding="utf-8")
    authority = tmp_path / "lakeus"
    shutil.copytree(LAKEUS, authority, ignore=shutil.ignore_patterns("versions"))
    folder = authority / "tariffs"
    folder.mkdir()
    (folder / "testi.yaml").write_text(BROKEN[kind], encoding="utf-8")
    folder.rename(authority / "versions")
    assert build.main(["--authority", str(authority), "--site", str(site)]) == 1
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == "previous build"
    err = capsys.readouterr().err
    assert re.search(r"versions/testi\.yaml:\d+:", err), err
    assert "was not changed" in err
