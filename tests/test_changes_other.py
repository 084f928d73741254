"""The changes view shows every change the diff finds besides prices: numbers, titles, notes, units, dates, groups."""

import dataclasses
import re

from sitebuild.diff import diff_versions
from sitebuild.marks import old_group
from sitebuild.pages.changes import other_changes


def test_summary_lists_every_change_besides_prices(built_site, current, proposal):
    diff = diff_versions(current, proposal)
    holders = [s for s in diff.sections if s.old and s.new and s.changed_fields]
    for _, table in diff.tables():
        if table.status != "moved_away" and table.old and table.new:
            holders += [table] if table.changed_fields else []
            holders += [g for g in table.groups if g.old and g.new and g.changed_fields]
            holders += [r for r in table.rows if r.old and r.new and r.changed_fields]
    listed = other_changes(diff)
    assert len(listed) == len(holders) == 24
    html = (built_site / "muutokset" / "index.html").read_text(encoding="utf-8")
    text = " ".join(re.sub(r"<[^>]+>", "", html).split())
    for expected in (
        "Taulukko 20. Astiantoimitusmaksut: numero 26 → 20",
        "kartonkipakkausjäte: voimaantulopäivä 1.12.2025 → ei erillistä päivää",
        "Taulukko 27. Vastaanottomaksut RE-pisteillä ja jäteasemilla: huomautukset",
        "Osio 9. Jätehuoltokeskuksen maksut: numero 10 → 9, johdanto",
        "Taulukko 21. Raportointimaksu: Tilattavat raportit: nimi",
    ):
        assert expected in text, expected
    assert 'href="kunnan-jatteenkuljetus/#tyhjennys-kartonki"' in html


def test_a_row_moved_to_another_group_and_a_changed_unit(current, proposal):
    table = proposal.table("tyhjennys-kartonki")
    first, second = table.groups[0], table.groups[1]
    moved = first.rows[0]
    groups = (
        dataclasses.replace(first, rows=first.rows[1:]),
        dataclasses.replace(second, rows=(dataclasses.replace(moved, unit="€/tyhjennys"),) + second.rows),
    )
    new_table = dataclasses.replace(table, groups=groups)
    sections = tuple(
        dataclasses.replace(s, tables=tuple(new_table if t.id == table.id else t for t in s.tables))
        for s in proposal.sections
    )
    diff = diff_versions(current, dataclasses.replace(proposal, sections=sections))
    entry = next(e for e in other_changes(diff) if e[0].endswith(f"#tyhjennys-kartonki--{moved.id}"))
    assert entry[2] == "yksikkö €/kpl → €/tyhjennys, ryhmä"
    assert old_group(diff.table("tyhjennys-kartonki"), moved.id) == (first.title or "ilman ryhmää")
