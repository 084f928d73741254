"""The proposal's changes view: per section (all rows, changed rows only), the text part, and a summary."""

from __future__ import annotations

from decimal import Decimal

from calculator.finnish import date_fi

from .. import urls
from ..chart import bar_widths
from ..checks import stated_change_deviations
from ..diff import VersionDiff, diff_versions
from ..marks import ChangeMarks, section_name
from ..site_docs import SiteDocs
from .text_part import marked_text


def build(site: SiteDocs) -> None:
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
                searched=not only_changed,  # the changed rows only: the full page is searched
                section=section, proposal=proposal, only_changed=only_changed, marks=marks,
                version_of=lambda t: proposal if t.new else current,
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


def summary(site: SiteDocs, diff: VersionDiff, deviations: dict, proposal, has_text_changes: bool) -> None:
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
        chart_rows=chart_rows, proposal=proposal, groups=groups,
        consultation=site.consultations.get(diff.new.id), deviations=deviations, other_changes=other_changes(diff),
        has_text_changes=has_text_changes,
    )  # fmt: skip


# What the diff can find besides prices, in the reader's words.
FIELDS_FI = {
    "number": "numero",
    "title": "otsikko",
    "description": "johdanto",
    "unit": "yksikkö",
    "row_header": "rivien otsikko",
    "columns": "sarakkeet",
    "notes": "huomautukset",
    "valid_from": "voimaantulopäivä",
    "label": "nimi",
    "text": "teksti",
    "group": "ryhmä",
}


def other_changes(diff: VersionDiff) -> list[tuple[str, str, str]]:
    """Every change besides prices and added or removed rows: (changes-view address, where, what changed)."""
    found = []
    for section in diff.sections:
        shown = section.new or section.old
        if section.old and section.new and section.changed_fields:
            where = f"Osio {shown.number}. {shown.title}"
            found.append(
                (urls.changes_section(section.id), where, _what(section.old, section.new, section.changed_fields))
            )
        for table in section.tables:
            if table.status == "moved_away" or not (table.old and table.new):
                continue
            target = f"{urls.changes_section(section.id)}#{table.id}"
            where = f"Taulukko {table.new.number}. {table.new.title}"
            if table.changed_fields:
                found.append((target, where, _what(table.old, table.new, table.changed_fields)))
            for group in table.groups:
                if group.old and group.new and group.changed_fields:
                    fields = ", ".join(f"ryhmän {FIELDS_FI[f]}" for f in group.changed_fields)
                    found.append((target, f"{where}, ryhmä {group.new.title or group.old.title}", fields))
                for row in group.rows:
                    if row.old and row.new and row.changed_fields:
                        anchor = f"{urls.changes_section(section.id)}#{urls.table_anchor(table.id, row.id)}"
                        what = _what(row.old, row.new, row.changed_fields, row.units)
                        found.append((anchor, f"{where}: {row.new.label}", what))
    return found


def _what(old, new, fields: tuple[str, ...], units: tuple | None = None) -> str:
    """The changed fields in Finnish; short values (numbers, units, dates) as "old → new".

    `units` gives a row's units as the reader sees them (its own, its group's or its table's).
    """
    return ", ".join(_field_fi(old, new, f, units) for f in fields)


def _field_fi(old, new, name: str, units: tuple | None) -> str:
    if name not in ("number", "unit", "valid_from"):
        return FIELDS_FI[name]
    values = units if name == "unit" and units else [getattr(v, name, None) for v in (old, new)]
    shown = [date_fi(v) if name == "valid_from" and v else (str(v) if v else "ei erillistä päivää") for v in values]
    return f"{FIELDS_FI[name]} {shown[0]} → {shown[1]}"
