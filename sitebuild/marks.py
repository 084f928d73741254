"""Change marks of the changes view: cells, row labels, price changes and deviation notes.

The markup itself comes from the `change` and `changed` macros (content/templates/_macros.j2).
"""

from __future__ import annotations

from decimal import Decimal

from markupsafe import Markup

from calculator.finnish import eur_fi, rate_fi, signed_fi

from .checks import Deviation
from .diff import RowDiff, SectionDiff, TableDiff


class ChangeMarks:
    def __init__(self, macros, deviations: dict[tuple[str, str], Deviation]):
        self.change, self.changed, self.deviations = macros.change, macros.changed, deviations

    @staticmethod
    def value(amount: Decimal | None, dash: bool) -> str:
        if amount is None:
            return ""
        return "–" if dash else eur_fi(amount)

    def cell(self, row: RowDiff, column_id: str) -> Markup | str:
        try:
            cell = row.cell(column_id)
        except KeyError:
            return ""
        old, new = self.value(cell.old, cell.old_dash), self.value(cell.new, cell.new_dash)
        if row.status == "added":
            return self.change("added", new) if new else ""
        if row.status == "removed":
            return self.change("removed", old) if old else ""
        return self.changed(old, new) if cell.changed else new

    def row_label(self, row: RowDiff) -> Markup:
        source = row.new or row.old
        text = Markup(" – {}").format(source.text) if source.text and not source.values else ""
        if row.text_changed:
            text = Markup(" – {}").format(self.changed(row.old.text or "", row.new.text or ""))
        if row.status == "added":
            return self.change("added", Markup("{}{}").format(row.new.label, text))
        if row.status == "removed":
            return self.change("removed", Markup("{}{}").format(row.old.label, text))
        if row.label_changed:
            return Markup("{}{}").format(self.changed(row.old.label, row.new.label), text)
        return Markup("{}{}").format(source.label, text)

    @staticmethod
    def price_change(row: RowDiff) -> str:
        if row.status == "added":
            return "uusi"
        if row.status == "removed":
            return "poistuu"
        if not row.price_changed:
            return ""
        cell = row.price
        percent = f" ({signed_fi(cell.percent, '%')})" if cell.percent is not None else ""
        return signed_fi(cell.difference, "€") + percent

    def deviation_note(self, table: TableDiff, row: RowDiff) -> Markup | str:
        found = self.deviations.get((table.id, row.id))
        if found is None:
            return ""
        return Markup(
            '<span class="poikkeama">Huomio: muutos on {} (alv {}), kun ehdotuksessa kerrottu muutos on {}'
            ' (lähde: {}).</span>'
        ).format(signed_fi(found.actual_percent, "%"), rate_fi(0), signed_fi(found.stated_percent, "%"),
                 found.stated.source)


def section_name(section: SectionDiff) -> str:
    """A section's number and title, and what the proposal does to it: "8. Muut kuljetuspalvelut (poistuu)"."""
    shown = section.new or section.old
    note = {"removed": " (poistuu)", "added": " (uusi)"}.get(section.status, "")
    if not note and section.old and section.new and section.number_changed:
        note = f" (ennen {section.old.number}.)"
    return f"{shown.number}. {shown.title}{note}"


def old_group(table: TableDiff, row_id: str) -> str:
    """The title of the group a row was in before it moved to another group of its table."""
    group = table.old.group_of(row_id)
    return group.title or "ilman ryhmää"
