"""Every value of every version stands in its source row (sitebuild/source_rows.py)."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from calculator.problems import TariffDataError
from sitebuild.report import consistency_report
from sitebuild.site_data import load_catalog
from sitebuild.source_rows import printed_values, source_documents, source_row_check

from .conftest import LAKEUS, SOURCES

PRICE_LIST_2019 = SOURCES / "003_83e9ed14451aad5e.txt"
MINUTES = SOURCES / "002_ea051a5be0ce889f.txt"
GLASS_660 = "        values: {transport: 9.56, treatment: 0.00, total: 9.56, total_vat: 12.00}\n"


def seed_line(path: Path, number: int) -> str:
    return path.read_text(encoding="utf-8").splitlines()[number - 1]


def check(catalog):
    return source_row_check(catalog, source_documents(catalog, SOURCES))


def test_every_value_of_every_version_stands_in_its_source_row(catalog):
    problems, coverage = check(catalog)
    assert problems == []
    found = {c.version.id: (c.rows, c.values) for c in coverage}
    # The issue counted 1,454 values in the two current versions and 160 in the 2019 list.
    assert found["lakeus-2025-05-01"][1] + found["lakeus-2026-04-01"][1] == 1454
    assert found["lakeus-2019"][1] == 160
    for c in coverage:
        assert c.rows == sum(1 for t in c.version.tables for _ in t.rows), c.version.id
        assert not c.read
    proposal = next(c for c in coverage if c.version.id == "lakeus-2026-04-01")
    assert proposal.paired > 200  # most rows: checked against the old/new pairs of the minutes


def test_rows_read_by_hand_name_their_seed_line(catalog):
    """Read from the seeds by hand: the 2019 list's first row, and a pair of the minutes' table 12."""
    line = seed_line(PRICE_LIST_2019, 11)
    assert line.startswith("| Jäteastia 140 l") and "| 4,45" in line and "<b>5,52</b>" in line
    row = catalog.get("lakeus-2019").table("poltettava-tyhjennys").row("astia-140")
    assert row.source_lines == (11, 11) and row.price_vat == Decimal("5.52")
    assert seed_line(MINUTES, 1655) == "660 l astia 8,73 9,95 0,00 8,73 9,95 10,96 12,49"
    for version_id, vat0, vat in (("lakeus-2025-05-01", "8.73", "10.96"), ("lakeus-2026-04-01", "9.95", "12.49")):
        row = catalog.get(version_id).table("tyhjennys-metalli").row("astia-660")
        assert row.source_lines == (1655, 1655)
        assert (row.price_vat0, row.price_vat) == (Decimal(vat0), Decimal(vat))


def test_printed_numbers_and_dashes():
    assert printed_values("Lasipakkaukset -0,00 - 0,00") == [None, Decimal("0"), None, Decimal("0")]
    assert printed_values("| Pikakontti enintään 4 m <sup>3</sup> | 78,03 | <b>96,76</b> |")[-2:] == [
        Decimal("78.03"),
        Decimal("96.76"),
    ]
    assert printed_values("Sähkö- ja elektroniikkalaitteet, m3") == []


def versions_with(tmp_path: Path, name: str, old: str, new: str) -> Path:
    folder = tmp_path / "versions"
    shutil.copytree(LAKEUS / "versions", folder)
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


def problems_with(tmp_path: Path, name: str, old: str, new: str) -> list[str]:
    return [str(p) for p in check(load_catalog(versions_with(tmp_path, name, old, new)))[0]]


def test_a_row_pointing_at_another_line_is_a_data_error_at_its_line(tmp_path):
    text = (LAKEUS / "versions" / "lakeus-2019.yaml").read_text(encoding="utf-8")
    row_line = text[: text.index("      source_line: 11\n")].count("\n") - 1  # the "- id: astia-140" line
    [problem] = problems_with(tmp_path, "lakeus-2019.yaml", "source_line: 11\n", "source_line: 12\n")
    assert problem.startswith(
        f"versions/lakeus-2019.yaml:{row_line}: poltettava-tyhjennys.astia-140.source_line: values 4,45 5,52 "
        "do not stand in source line 12: '| Jäteastia 240 l"
    )


def test_the_new_values_copied_into_the_old_version_break_the_printed_pairs(tmp_path):
    """Seed line 1595 "660 l astia 9,56 9,95 0,00 9,56 9,95 12,00 12,49": each value of the copy stands in the
    line in order, but old and new are no longer the pairs printed."""
    copied = GLASS_660.replace("9.56", "9.95").replace("12.00", "12.49")
    [problem] = problems_with(tmp_path, "lakeus-2025-05-01.yaml", GLASS_660, copied)
    assert "lakeus-2026-04-01.yaml:" in problem
    assert "tyhjennys-lasipakkaus.astia-660.source_line: old 9,95 0,00 9,95 12,49 and new 9,95 0,00" in problem
    assert "are not the pairs printed on source line 1595" in problem


def test_a_row_without_a_source_line_is_a_data_error(tmp_path):
    [problem] = problems_with(tmp_path, "lakeus-2019.yaml", "      source_line: 11\n", "")
    assert "poltettava-tyhjennys.astia-140.source_line: no source_line" in problem


def test_a_row_with_a_reading_is_reported_as_read_not_refused(tmp_path):
    """The 2019 list's extra-bag row records a reading; pointed elsewhere, the report lists it as read."""
    catalog = load_catalog(versions_with(tmp_path, "lakeus-2019.yaml", "source_line: 19\n", "source_line: 18\n"))
    problems, coverage = check(catalog)
    assert problems == []
    [(table, row)] = next(c for c in coverage if c.version.id == "lakeus-2019").read
    assert (table.id, row.id) == ("poltettava-tyhjennys", "ylimaaraiset-sakit")
    report = consistency_report(catalog, source_documents(catalog, SOURCES))
    assert "lakeus-2019 (003_83e9ed14451aad5e.txt): 79 of 80 rows, 158 values" in report
    assert "- read, not as printed: table 1 (poltettava-tyhjennys), row 'Ylimääräiset jätessäkit 10–150 l'" in report


def test_a_row_without_values_has_its_text_on_its_lines(tmp_path):
    """Seed line 2684: "Öljyllä pilaantuneet maat eräkohtainen hinnoittelu"; line 2683 is the group's header."""
    assert seed_line(MINUTES, 2684) == "Öljyllä pilaantuneet maat eräkohtainen hinnoittelu"
    versions = versions_with(tmp_path, "lakeus-2025-05-01.yaml", "source_line: 2684\n", "source_line: 2683\n")
    catalog = load_catalog(versions)
    assert [(t.id, r.id) for c in check(catalog)[1] for t, r in c.read] == [
        ("ser-ja-vaaralliset", "oljylla-pilaantuneet-maat")
    ]  # the row records a reading: read, not refused


def test_a_source_line_must_be_a_line_or_a_range(tmp_path):
    with pytest.raises(TariffDataError) as caught:
        load_catalog(versions_with(tmp_path, "lakeus-2019.yaml", "source_line: 11\n", "source_line: 12-11\n"))
    assert "expected a line number or lines 'first-last'" in str(caught.value)
