"""`python -m sitebuild new-version` and `prices`: a proposal from a version, stated and absolute price changes."""

from decimal import Decimal

import pytest

from calculator.model import Source
from sitebuild.checks import stated_change_deviations
from sitebuild.site_data import load_site_data, load_versions
from tests.conftest import LAKEUS
from tests.staff import copied, files, ran, run

BASE = "lakeus-2026-04-01"
NEW = "lakeus-2027-01-01"
NEW_VERSION = (
    "new-version", NEW, "--from", BASE, "--valid-from", "2027-01-01",
    "--title", "Maksuliite 1.1.2027 alkaen (ehdotus)", "--proposed", "2026-11-25", "--section", "§ 30",
    "--document", "Pöytäkirja 25.11.2026, § 30", "--checked", "2026-12-07",
)  # fmt: skip
STATED = (
    "--percent", "3", "--id", "korotus-3", "--description", "Poltettavan jätteen astioiden tyhjennysmaksuihin 3 %.",
    "--source", "Pöytäkirja 25.11.2026, § 30", "--where", "service=emptying waste=mixed container=bin",
)  # fmt: skip


@pytest.fixture(scope="module")
def proposed_once(tmp_path_factory):
    folder = copied(LAKEUS, tmp_path_factory.mktemp("proposed"))
    ran(*NEW_VERSION, "--authority", folder)
    return folder


@pytest.fixture
def proposed(proposed_once, tmp_path):
    """A copy of Lakeus with a proposal for 1.1.2027 made from the 2026 proposal."""
    return copied(proposed_once, tmp_path)


def test_new_version_is_the_base_as_a_proposal(proposed):
    catalog = load_versions(proposed)
    base, new = catalog.get(BASE), catalog.get(NEW)
    assert (new.status.value, new.replaces, str(new.valid_from)) == ("proposal", BASE, "2027-01-01")
    assert new.title == "Maksuliite 1.1.2027 alkaen (ehdotus)"
    proposal = new.lifecycle.proposal
    assert (str(proposal.date), proposal.body, proposal.section, proposal.document) == (
        "2026-11-25", "Lakeuden jätelautakunta", "§ 30", "Pöytäkirja 25.11.2026, § 30",
    )  # fmt: skip
    assert new.lifecycle.decision is None and str(new.lifecycle.checked) == "2026-12-07"
    assert new.stated_changes == ()  # the base's own changes are not this proposal's
    assert [(t.id, t.number, [(r.id, r.values, r.key) for r in t.rows]) for t in new.tables] == [
        (t.id, t.number, [(r.id, r.values, r.key) for r in t.rows]) for t in base.tables
    ]
    assert new.rules == base.rules
    # its prices are entered with the commands from now on, not transcribed from the minutes' lines
    assert new.source == Source("Pöytäkirja 25.11.2026, § 30", "Maksuliite 1.1.2027 alkaen (ehdotus)", False)
    assert all(row.source_lines is None for table in new.tables for row in table.rows)
    assert base.source.transcribed and all(row.source_lines for table in base.tables for row in table.rows)
    text = (proposed / "versions" / f"{NEW}.yaml").read_text(encoding="utf-8")
    assert "reading: Printed '370 l astia'" in text  # readings and comments travel with the rows


def test_new_version_writes_a_consultation_skeleton_the_site_skips(proposed):
    skeleton = (proposed / "consultations" / f"{NEW}.yaml").read_text(encoding="utf-8")
    assert [line for line in skeleton.splitlines() if not line.startswith("#")] == [f"version: {NEW}"]
    assert f"python -m sitebuild consultation {NEW}" in skeleton
    assert NEW not in load_site_data(proposed).consultations


def test_new_version_refuses_an_existing_id(lakeus_copy):
    before = files(lakeus_copy)
    status, _, err = run("new-version", BASE, "--authority", lakeus_copy, *NEW_VERSION[2:])
    assert status == 1
    assert f"command line: ID: version '{BASE}' exists already" in err
    assert files(lakeus_copy) == before


def test_stated_change_prices_covered_rows_from_the_replaced_version(proposed):
    status, out, err = run("prices", NEW, "--authority", proposed, *STATED)
    assert (status, err) == (0, "")
    catalog = load_versions(proposed)
    new = catalog.get(NEW)
    bin_140 = new.table("tyhjennys-poltettava").row("astia-140")
    # 4.26 x 1.03 = 4.3878 -> 4.39; 1.41 x 1.03 = 1.4523 -> 1.45; 5.84 x 1.255 = 7.3292 -> 7.33
    expected = {"transport": "4.39", "treatment": "1.45", "total": "5.84", "total_vat": "7.33"}
    assert bin_140.values == {k: Decimal(v) for k, v in expected.items()}
    assert (
        new.table("tyhjennys-bio").row("astia-140").values
        == catalog.get(BASE).table("tyhjennys-bio").row("astia-140").values
    )
    [change] = new.stated_changes
    assert (change.id, change.percent, change.applies_to) == (
        "korotus-3",
        Decimal(3),
        ({"service": "emptying", "waste": "mixed", "container": "bin"},),
    )
    assert stated_change_deviations(new, catalog.get(BASE)) == []
    assert "Rows of lakeus-2027-01-01 whose change from lakeus-2026-04-01 differs from the stated change (0)" in out


def test_the_same_stated_change_again_replaces_it_and_does_not_compound(proposed):
    run("prices", NEW, "--authority", proposed, *STATED)
    again = [a if a != "3" else "5" for a in STATED]
    assert run("prices", NEW, "--authority", proposed, *again)[0] == 0
    new = load_versions(proposed).get(NEW)
    assert [(c.id, c.percent) for c in new.stated_changes] == [("korotus-3", Decimal(5))]
    assert new.table("tyhjennys-poltettava").row("astia-140").values["transport"] == Decimal("4.47")  # 4.26 x 1.05


def test_a_table_and_a_row_as_what_a_stated_change_covers(proposed):
    status, _, err = run("prices", NEW, "--authority", proposed, *STATED[:8], "--table", "paperilasku",
                         "--row", "ekomaksut-vakituinen/asunnot-3-")  # fmt: skip
    assert (status, err) == (0, "")
    new = load_versions(proposed).get(NEW)
    assert new.table("paperilasku").row("paperilasku").values["vat0"] == Decimal("1.66")  # 1.61 x 1.03 = 1.6583
    assert new.table("ekomaksut-vakituinen").row("asunnot-3-").values["vat0"] == Decimal("2.55")  # 2.48 x 1.03
    assert new.table("ekomaksut-vakituinen").row("asunnot-1-2").values["vat0"] == Decimal("2.99")
    assert new.stated_changes[0].applies_to == (
        {"table": "paperilasku"},
        {"table": "ekomaksut-vakituinen", "row": "asunnot-3-"},
    )


def test_absolute_prices_and_the_deviation_they_make(proposed):
    absolute = ("--set", "tyhjennys-poltettava/astia-240/transport=4.50", "--set", "paperilasku/paperilasku=1.70")
    status, out, err = run("prices", NEW, "--authority", proposed, *STATED, *absolute)
    assert (status, err) == (0, "")
    new = load_versions(proposed).get(NEW)
    expected = {"transport": "4.50", "treatment": "3.18", "total": "7.68", "total_vat": "9.64"}  # 3.09 x 1.03; x 1.255
    assert new.table("tyhjennys-poltettava").row("astia-240").values == {k: Decimal(v) for k, v in expected.items()}
    assert new.table("paperilasku").row("paperilasku").values == {"vat0": Decimal("1.70"), "vat": Decimal("2.13")}
    assert "differs from the stated change (1)" in out and "[astia-240]" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--set", "paperilasku/paperilasku=1.655"),
         "--set: 'paperilasku/paperilasku=1.655': 1.655 has more than two decimals (prices are in cents)"),
        (("--set", "paperilasku/ei-ole=1.65"),
         "command line: --set: 'paperilasku/ei-ole=1.65': no row 'ei-ole' in table 'paperilasku' of lakeus-2027-01-01"),
        (("--set", "tyhjennys-poltettava/astia-240=4.50"),
         "--set: 'tyhjennys-poltettava/astia-240=4.50': name one of the VAT 0 columns transport, treatment"),
        (("--set", "paperilasku/paperilasku/vat=2.00"),
         "command line: --set: 'paperilasku/paperilasku/vat=2.00': name one of the VAT 0 columns vat0"),
        (STATED[:8], "command line: --where/--table/--row: say which rows the stated change covers"),
        (STATED[:2] + STATED[4:],
         "command line: --id: a stated change needs its id, the board's description and its source"),
        (("--set", "paperilasku/paperilasku=-1.00"), "lakeus-2027-01-01.yaml:"),  # the build's own check: no credit row
    ],
)  # fmt: skip
def test_bad_price_commands_change_no_file(proposed, args, message):
    before = files(proposed)
    status, _, err = run("prices", NEW, "--authority", proposed, *args)
    assert status == 1
    assert message in err and "no file was changed" in err
    assert files(proposed) == before
