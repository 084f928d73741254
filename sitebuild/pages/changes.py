"""The proposal's changes view: per section (all rows, changed rows only), the text part, and a summary."""

from __future__ import annotations

from decimal import Decimal

from calculator.finnish import date_fi

from .. import urls
from ..chart import bar_widths
from ..checks import stated_change_deviations
from ..diff import SectionDiff, VersionDiff, diff_versions, paragraph_diff
from ..marks import ChangeMarks
from .fees import column_header, has_row_units
from .text_part import marked_text


def section_name(section: SectionDiff) -> str:
    """A section's number and title, and what the proposal does to it: "8. Muut kuljetuspalvelut (poistuu)"."""
    shown = section.new or section.old
    note = {"removed": " (poistuu)", "added": " (uusi)"}.get(section.status, "")
    if not note and section.old and section.new and section.number_changed:
        note = f" (ennen {section.old.number}.)"
    return f"{shown.number}. {shown.title}{note}"


def build(site) -> None:
    current, proposal = site.catalog.current_and_proposal()
    if current is None or proposal is None or not proposal.sections:
        return
    diff = diff_versions(current, proposal)
    deviations = {(d.table.id, d.row.id): d for d in stated_change_deviations(proposal, current)}
    marks = ChangeMarks(site.renderer.macros, deviations)
    pages = [{"Mikä muuttuu?": "muutokset/index.md"}]
    for section in diff.sections:
        for only_changed in (False, True):
            site.render(
                urls.changes_section(section.id, only_changed), "changes_section.md.j2",
                section=section, proposal=proposal, only_changed=only_changed, marks=marks,
                version_of=lambda t: proposal if t.new else current,
                paragraph_diff=paragraph_diff, column_header=column_header, has_row_units=has_row_units,
            )  # fmt: skip
        pages.append({section_name(section): urls.markdown_file(urls.changes_section(section.id))})
        for table in section.tables:
            site.anchors.anchor(urls.changes_section(section.id), table.id)
    text = marked_text(site)
    if text is not None:
        heading, rest = text.split("\n", 1)
        intro = site.renderer.render("changes_text.md.j2", urls.CHANGES_TEXT, proposal=proposal)
        body = f"{heading.replace('# ', '# Muutokset: ', 1)}\n\n{intro}\n{rest}"
        pages.append({"Tekstiosan muutokset": site.page(urls.CHANGES_TEXT, body, versions=(current, proposal))})
    summary(site, diff, deviations, proposal, has_text_changes=text is not None)
    site.nav.append({f"Mikä muuttuu? (ehdotus {date_fi(proposal.valid_from)})": pages})


def summary(site, diff: VersionDiff, deviations: dict, proposal, has_text_changes: bool) -> None:
    by_section: dict[str, tuple] = {}
    by_table: dict[str, tuple] = {}
    for section, table, row in diff.price_changes():
        by_section.setdefault(section.id, (section, []))[1].append((table, row))
        by_table.setdefault(table.id, (table, []))[1].append(row.price.percent)
    rows = []
    for table, percents in by_table.values():
        known = [p for p in percents if p is not None]
        if known:
            average = (sum(known) / len(known)).quantize(Decimal("0.1"))
            name = table.new.title.split(": ")[-1]
            label = f"{table.new.number}. {name[:1].upper()}{name[1:]}"
            rows.append((label, average, min(known), max(known), len(known)))
    chart_rows = [(*row, width) for row, width in zip(rows, bar_widths([row[1] for row in rows]), strict=True)]
    groups = {(t.id, r.id): g.title for _, t in diff.tables() if t.new for g in t.new.groups if g.title for r in g.rows}
    site.render(
        urls.CHANGES, "changes_summary.md.j2", index=True,
        diff=diff, counts=diff.counts(), sections=list(by_section.values()),
        chart_rows=chart_rows, proposal=proposal, groups=groups, section_name=section_name,
        consultation=site.consultations.get(diff.new.id), deviations=deviations,
        price_change=ChangeMarks.price_change, has_text_changes=has_text_changes,
    )  # fmt: skip
