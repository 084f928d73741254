"""`python -m sitebuild first-version`: an authority's first version from a workbook of its tables.

The workbook is the made-up Esimerkkilä's (tests/fictional.py); each bad workbook is that one with
one fault, which must be reported as `sheet!cell: message` with no file written.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from openpyxl import load_workbook

from sitebuild.site_data import load_versions

from . import staff
from .fictional import AUTHORITY, CURRENT, fixture_copy, write_workbook

ARGS = ("--valid-from", "2026-01-01", "--title", "Maksuliite 1.1.2026 alkaen", "--operator", "Esimerkki Oy",
        "--decided", "2025-11-20", "--document", "Pöytäkirja 20.11.2025, § 12", "--checked", "2026-10-01")  # fmt: skip


@pytest.fixture
def folder(tmp_path):
    root = fixture_copy(tmp_path)
    write_workbook(root / "taksa.xlsx")
    return root


def first_version(root, *more):
    return staff.run("first-version", CURRENT, "--authority", root / AUTHORITY, "--workbook", root / "taksa.xlsx",
                     *ARGS, *more)  # fmt: skip


def test_the_workbook_becomes_the_version_in_force(folder):
    status, out, err = first_version(folder)
    assert (status, err) == (0, ""), err
    assert "3 section(s), 5 table(s), 8 row(s) at VAT 24 %" in out
    version = load_versions(folder / AUTHORITY).get(CURRENT)
    decision = version.lifecycle.decision
    assert (version.status.value, version.vat_percent, decision.outcome) == ("in_force", 24, "adopted")
    row = version.table("sekajate").row("astia-300")
    assert row.values == {"transport": Decimal("4.40"), "treatment": Decimal("3.60"), "total": Decimal("8.00"),
                          "total_vat": Decimal("9.92")}  # fmt: skip
    assert row.key == {"service": "emptying", "container": "bin", "waste": "mixed", "volume_l": 300,
                       "segment": "housing"}  # fmt: skip
    assert version.table("astiavuokra").row("vuokra-600").key is None
    assert version.operator_role is None  # no role given: the version page does not name the operator
    again = first_version(folder)
    assert again[0] == 1 and "exists already" in again[2]


def _fault(cell: str, value: object):
    def change(book):
        sheet, _, where = cell.partition("!")
        book[sheet][where] = value

    return change


def _rename(book):
    book["biojate"].title = "bio"


BAD = {
    "price as text": (_fault("sekajate!D2", "neljä"), "sekajate!D2: text 'neljä' where a price belongs"),
    "three decimals": (_fault("biojate!E2", 1.705), "biojate!E2: 1.705 has more than two decimals"),
    "unknown kind": (_fault("taulukot!H2", "tunti"), "taulukot!H2: 'tunti': write hinta or tyhjennys"),
    "heading": (_fault("sekajate!D1", "kuljetusmaksu"), "sekajate!D1: the heading must be 'kuljetus'"),
    "key": (_fault("sekajate!C3", "volume_l 300"), "sekajate!C3: 'volume_l': write NAME=VALUE"),
    "no label": (_fault("astiavuokra!B2", None), "astiavuokra!A2: a row needs its id and its label"),
    "sheet renamed": (_rename, "taulukot!D5: no sheet 'biojate'"),
}


@pytest.mark.parametrize("fault", BAD)
def test_a_bad_workbook_writes_nothing(folder, fault):
    change, message = BAD[fault]
    book = load_workbook(folder / "taksa.xlsx")
    change(book)
    book.save(folder / "taksa.xlsx")
    status, _, err = first_version(folder)
    assert status == 1 and message in err, err
    assert not (folder / AUTHORITY / "versions").exists()


def test_the_operators_role_needs_its_source(folder):
    status, _, err = first_version(folder, "--operator-role", "Jätehuollon järjestäjä")
    assert status == 1 and "--operator-source: the operator's role needs its title and its source" in err
    assert not (folder / AUTHORITY / "versions").exists()
    status, _, err = first_version(folder, "--operator-role", "Jätehuollon järjestäjä", "--operator-source", "2 §")
    assert (status, err) == (0, "")
    role = load_versions(folder / AUTHORITY).get(CURRENT).operator_role
    assert (role.title, role.source) == ("Jätehuollon järjestäjä", "2 §")
