"""The changes between two tariff versions, computed by stable id from the real data."""

from collections import Counter
from dataclasses import replace
from decimal import Decimal

import pytest

from sitebuild.diff import (
    ADDED,
    CHANGED,
    MOVED_AWAY,
    MOVED_HERE,
    REMOVED,
    UNCHANGED,
    CellDiff,
    VersionDiff,
    diff_versions,
)

D = Decimal


@pytest.fixture(scope="module")
def diff(current, proposal) -> VersionDiff:
    return diff_versions(current, proposal)


def _statuses(diff: VersionDiff) -> set[str]:
    found = {s.status for s in diff.sections}
    for _, table in diff.tables():
        found.add(table.status)
        found.update(g.status for g in table.groups)
        found.update(r.status for r in table.rows)
    return found


# --- prices ----------------------------------------------------------------------------------------------------------


def test_burnable_240_price_rises_by_35_cents(diff):
    row = diff.table("tyhjennys-poltettava").row("astia-240")
    assert row.status == CHANGED
    cell = row.cell("total_vat")
    assert (cell.old, cell.new) == (D("8.87"), D("9.22"))
    assert cell.difference == D("0.35")
    assert cell.percent == D("3.9")
    assert cell.changed and not cell.old_dash and not cell.new_dash
    assert row.price == cell
    assert row.price_changed


def test_dual_660_price(diff):
    row = diff.table("tyhjennys-kaksilokero").row("astia-660")
    assert (row.price.old, row.price.new) == (D("14.66"), D("15.25"))
    assert row.price.difference == D("0.59")


def test_security_paper_price(diff):
    row = diff.table("re-vastaanottomaksut").row("tietoturvapaperi-5kg")
    assert row.status == CHANGED
    assert (row.cell("vat").old, row.cell("vat").new) == (D("10.12"), D("12.00"))
    assert (row.cell("vat0").old, row.cell("vat0").new) == (D("8.06"), D("9.56"))
    assert row.cell("vat").difference == D("1.88")
    assert row.cell("vat").percent == D("18.6")


def test_cells_cover_every_column_of_the_table(diff, proposal):
    row = diff.table("tyhjennys-poltettava").row("astia-240")
    assert [c.column_id for c in row.cells] == [c.id for c in proposal.table("tyhjennys-poltettava").columns]
    assert [c.column_id for c in row.cells] == ["transport", "treatment", "total", "total_vat"]


def test_dash_replaced_by_zero_is_a_changed_presentation_of_the_same_amount(diff):
    row = diff.table("kierratettavat").row("lasipakkausjate")
    assert row.status == CHANGED
    for cell in row.cells:
        assert cell.old_dash and not cell.new_dash
        assert cell.changed and not cell.amount_changed
        assert cell.difference == D(0)
        assert cell.percent is None
    assert not row.price_changed
    assert row not in [r for _, _, r in diff.price_changes()]


def test_unchanged_row_has_no_changed_cells(diff):
    row = diff.table("tyhjennys-bio").row("astia-140")
    assert row.status == UNCHANGED
    assert row.changed_fields == ()
    assert not any(cell.changed for cell in row.cells)
    assert all(cell.difference == 0 for cell in row.cells)
    assert not row.price_changed


def test_cell_difference_and_percent_need_both_amounts():
    assert CellDiff("vat", None, D("1.00")).difference is None
    assert CellDiff("vat", None, D("1.00")).percent is None
    assert CellDiff("vat", D("1.00"), None).changed
    assert CellDiff("vat", D("0.00"), D("1.00")).percent is None
    assert CellDiff("vat", D("0.00"), D("1.00")).difference == D("1.00")
    assert CellDiff("vat", D("2.00"), D("1.00")).percent == D("-50.0")


# --- tables: moved, removed, renumbered, unchanged -------------------------------------------------------------------


def test_delivery_fees_moved_from_other_transport_services_to_other_property_fees(diff):
    away = diff.section("muut-kuljetuspalvelut").table("astiantoimitusmaksut")
    here = diff.section("muut-kiinteistomaksut").table("astiantoimitusmaksut")
    assert away.status == MOVED_AWAY and here.status == MOVED_HERE
    assert away.moved and here.moved
    for entry in (away, here):
        assert (entry.old.number, entry.new.number) == (26, 20)
        assert entry.number_changed
        assert (entry.old_section.id, entry.new_section.id) == ("muut-kuljetuspalvelut", "muut-kiinteistomaksut")
    assert away.new_section.number == "5"
    # The rows live in the new home only.
    assert away.rows == ()
    assert [r.id for r in here.rows] == [r.id for r in here.new.rows]
    assert diff.table("astiantoimitusmaksut") is here
    # Shown in its new section where the proposal puts it: after the sales prices, before reporting.
    assert [t.id for t in diff.section("muut-kiinteistomaksut").tables] == [
        "pesupalvelu",
        "kuljetusmaksut-puristimet",
        "astioiden-myyntihinnat",
        "astiantoimitusmaksut",
        "raportointimaksu",
    ]


def test_hazardous_waste_table_moved_to_re_points_and_renumbered_40_to_31(diff):
    away = diff.section("jatehuoltokeskus").table("ser-ja-vaaralliset")
    here = diff.section("re-pisteet-ja-jateasemat").table("ser-ja-vaaralliset")
    assert away.status == MOVED_AWAY and here.status == MOVED_HERE
    assert (here.old.number, here.new.number) == (40, 31)
    assert here.title_changed and here.description_changed
    assert away.rows == ()
    # Old position: last in the waste-management centre; new position: last on the RE-point page.
    assert diff.section("jatehuoltokeskus").tables[-1] is away
    assert diff.section("re-pisteet-ja-jateasemat").tables[-1] is here


def test_row_added_to_moved_table(diff):
    here = diff.section("re-pisteet-ja-jateasemat").table("ser-ja-vaaralliset")
    row = here.row("polttooljy-liuottimet")
    assert row.status == ADDED
    assert row.old is None and row.new.label == "Polttoöljy"
    assert row.cell("vat") == CellDiff("vat", None, D("1.00"))
    solvents = next(g for g in here.groups if g.id == "liuottimet")
    assert [r.id for r in solvents.rows] == ["liuottimet", "polttooljy-liuottimet"]


def test_groups_the_proposal_does_not_print_are_removed_with_their_rows(diff):
    # The proposal copy of table 31 prints no "Pilaantuneet maat" group: no empty shell is kept for it.
    here = diff.table("ser-ja-vaaralliset")
    soils = next(g for g in here.groups if g.id == "pilaantuneet-maat")
    assert soils.status == REMOVED and soils.new is None
    assert [(r.id, r.status) for r in soils.rows] == [("oljylla-pilaantuneet-maat", REMOVED)]
    assert soils.rows[0].new is None


def test_table_removed_where_it_stood(diff):
    table = diff.table("hyodynnettavat-muut-erat")
    assert table.status == REMOVED
    assert table.new is None and table.old.number == 34
    assert [r.status for r in table.rows] == [REMOVED] * 3
    ids = [t.id for t in diff.section("jatehuoltokeskus").tables]
    assert ids.index("hyodynnettavat-muut-erat") == ids.index("kierratettavat") + 1


def test_reporting_fee_renumbered_not_moved_and_its_label_changed(diff):
    table = diff.table("raportointimaksu")
    assert table.status == CHANGED
    assert not table.moved
    assert table.number_changed and (table.old.number, table.new.number) == (20, 21)
    assert not table.only_renumbered
    assert [t.status for _, t in diff.tables() if t.id == "raportointimaksu"] == [CHANGED]
    row = table.row("tilattavat-raportit")
    assert row.status == CHANGED
    assert row.label_changed
    assert (row.old.label, row.new.label) == ("Erikseen tilattavat raportit", "Tilattavat raportit")
    assert not row.values_changed


def test_table_only_renumbered(diff):
    table = diff.table("aluekerays-kausimaksu")
    assert table.status == CHANGED
    assert (table.old.number, table.new.number) == (21, 22)
    assert table.only_renumbered
    assert all(r.status == UNCHANGED for r in table.rows)


def test_unchanged_table(diff):
    table = diff.table("ekomaksut-vakituinen")
    assert table.status == UNCHANGED
    assert table.changed_fields == ()
    assert not table.moved
    assert all(r.status == UNCHANGED for r in table.rows)
    assert diff.section("ekomaksut").status == UNCHANGED
    assert diff.table("tyhjennys-bio").status == UNCHANGED


def test_group_title_change(diff):
    table = diff.table("tyhjennys-kartonki")
    municipal = next(g for g in table.groups if g.id == "kunta")
    assert municipal.title_changed
    assert (municipal.old.title, municipal.new.title) == (
        "Kunnan hallinto- ja palvelutoiminta sekä hyvinvointialue",
        "Kunnan hallinto- ja palvelutoiminta",
    )


# --- sections --------------------------------------------------------------------------------------------------------


def test_sections_in_new_reading_order_with_removed_section_where_it_stood(diff):
    assert [(s.id, s.status) for s in diff.sections] == [
        ("ekomaksut", UNCHANGED),
        ("paperilasku", UNCHANGED),
        ("kunnan-jatteenkuljetus", CHANGED),
        ("lisamaksut", UNCHANGED),
        ("muut-kiinteistomaksut", CHANGED),
        ("alue-ja-korttelikerays", CHANGED),
        ("lietteet", CHANGED),
        ("muut-kuljetuspalvelut", REMOVED),
        ("re-pisteet-ja-jateasemat", CHANGED),
        ("jatehuoltokeskus", CHANGED),
    ]
    removed = diff.section("muut-kuljetuspalvelut")
    assert removed.new is None and removed.old.number == "8"
    assert [(t.id, t.status) for t in removed.tables] == [("astiantoimitusmaksut", MOVED_AWAY)]


def test_section_numbers_changed(diff):
    for section_id, old, new in [("re-pisteet-ja-jateasemat", "9", "8"), ("jatehuoltokeskus", "10", "9")]:
        section = diff.section(section_id)
        assert section.number_changed and not section.title_changed
        assert (section.old.number, section.new.number) == (old, new)
    assert not diff.section("lietteet").number_changed


# --- summaries -------------------------------------------------------------------------------------------------------


def test_price_changes_in_reading_order(diff):
    changes = diff.price_changes()
    pairs = [(t.id, r.id) for _, t, r in changes]
    assert pairs[:3] == [
        ("tyhjennys-kaksilokero", "astia-240"),
        ("tyhjennys-kaksilokero", "astia-370"),
        ("tyhjennys-kaksilokero", "astia-660"),
    ]
    assert ("tyhjennys-poltettava", "astia-240") in pairs
    assert ("re-vastaanottomaksut", "tietoturvapaperi-5kg") in pairs
    assert ("tyhjennys-bio", "astia-140") not in pairs
    assert ("kierratettavat", "lasipakkausjate") not in pairs
    order = [(t.id, r.id) for _, t, r in diff.rows()]
    assert [order.index(p) for p in pairs] == sorted(order.index(p) for p in pairs)
    for _, _, row in changes:
        assert row.status == CHANGED and row.old.price_vat != row.new.price_vat


def test_counts(diff):
    counts = diff.counts()
    assert counts.changed_prices == len(diff.price_changes()) > 0
    assert counts.added_rows == 1  # ser-ja-vaaralliset / polttooljy-liuottimet
    assert counts.removed_rows == 5  # 3 in hyodynnettavat-muut-erat, 2 in ser-ja-vaaralliset
    assert counts.removed_tables == 1
    assert counts.added_tables == 0
    assert counts.moved_tables == 2
    assert counts.removed_sections == 1
    assert counts.added_sections == 0
    assert diff.changed


# --- whole-diff properties -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("version_id", ["lakeus-2019", "lakeus-2025-05-01", "lakeus-2026-04-01"])
def test_a_version_diffed_with_itself_is_unchanged(catalog, version_id):
    version = catalog.get(version_id)
    diff = diff_versions(version, version)
    assert _statuses(diff) == {UNCHANGED}
    assert not diff.changed
    assert diff.price_changes() == []
    assert all(not c.changed for _, _, r in diff.rows() for c in r.cells)
    assert set(vars(diff.counts()).values()) == {0}
    assert [s.id for s in diff.sections] == [s.id for s in version.sections]


@pytest.mark.parametrize(
    "old_id, new_id",
    [
        ("lakeus-2025-05-01", "lakeus-2026-04-01"),
        ("lakeus-2026-04-01", "lakeus-2025-05-01"),
        # 2019 has a different structure: many sections and tables added, removed and moved.
        ("lakeus-2019", "lakeus-2025-05-01"),
        ("lakeus-2025-05-01", "lakeus-2019"),
    ],
)
def test_every_row_and_table_of_both_versions_appears_exactly_once(catalog, old_id, new_id):
    old, new = catalog.get(old_id), catalog.get(new_id)
    diff = diff_versions(old, new)
    old_rows = Counter((t.id, r.old.id) for _, t, r in diff.rows() if r.old)
    new_rows = Counter((t.id, r.new.id) for _, t, r in diff.rows() if r.new)
    assert old_rows == Counter((t.id, r.id) for t in old.tables for r in t.rows)
    assert new_rows == Counter((t.id, r.id) for t in new.tables for r in t.rows)
    carrying = Counter(t.id for _, t in diff.tables() if t.status != MOVED_AWAY)
    assert carrying == Counter({t.id for t in old.tables} | {t.id for t in new.tables})
    for _, table in diff.tables():
        if table.status == MOVED_AWAY:
            assert table.rows == ()
            assert diff.table(table.id).status == MOVED_HERE


def test_reverse_diff_mirrors_the_forward_one(current, proposal):
    back = diff_versions(proposal, current)
    assert back.section("muut-kuljetuspalvelut").status == ADDED
    assert back.table("hyodynnettavat-muut-erat").status == ADDED
    assert back.section("muut-kuljetuspalvelut").table("astiantoimitusmaksut").status == MOVED_HERE
    assert back.section("muut-kiinteistomaksut").table("astiantoimitusmaksut").status == MOVED_AWAY
    assert back.table("ser-ja-vaaralliset").row("polttooljy-liuottimet").status == REMOVED
    cell = back.table("tyhjennys-poltettava").row("astia-240").cell("total_vat")
    assert (cell.old, cell.new, cell.difference) == (D("9.22"), D("8.87"), D("-0.35"))
    lasi = back.table("kierratettavat").row("lasipakkausjate").cell("vat")
    assert lasi.changed and not lasi.old_dash and lasi.new_dash and lasi.difference == 0
    assert back.counts().moved_tables == diff_versions(current, proposal).counts().moved_tables


def test_section_removed_at_the_start_is_shown_first(current):
    first, *rest = current.sections
    shorter = replace(current, id="without-first", sections=tuple(rest))
    diff = diff_versions(current, shorter)
    assert [s.id for s in diff.sections] == [s.id for s in current.sections]
    assert diff.sections[0].status == REMOVED
    assert {t.status for t in diff.sections[0].tables} == {REMOVED}
    assert all(s.status == UNCHANGED for s in diff.sections[1:])


def test_tables_reordered_within_a_section_follow_the_new_order(current):
    section = current.section("ekomaksut")
    reordered_section = replace(section, tables=tuple(reversed(section.tables)))
    sections = tuple(reordered_section if s.id == "ekomaksut" else s for s in current.sections)
    diff = diff_versions(current, replace(current, sections=sections))
    assert [t.id for t in diff.section("ekomaksut").tables] == [t.id for t in reversed(section.tables)]
    assert diff.section("ekomaksut").status == UNCHANGED
