"""Price history pages: one per table of today's tariff (a section per row), their index, and the open data."""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal

from calculator.finnish import date_fi, rate_fi

from .. import urls
from ..chart import price_history_svg
from ..export import history_to_csv, history_to_data
from ..price_history import Series
from ..site_docs import SiteDocs


def build(site: SiteDocs) -> None:
    history = site.history
    grouped = history.by_table()
    if not grouped:
        return
    site_url = site.authority.site_url
    site.write(urls.history_data("json"),
               json.dumps(history_to_data(history.series, site_url), ensure_ascii=False, indent=1))
    site.write(urls.history_data("csv"), history_to_csv(history.series, site_url))
    versions = history.versions
    index = site.render(
        urls.HISTORY, "history_index.md.j2", index=True, grouped=grouped, versions=versions,
        vat_note=vat_note(versions),
    )  # fmt: skip
    pages = [{"Hintahistoria": index}]
    for table_id, series in grouped.items():
        page = urls.history(table_id)
        in_pages = sorted({p.version.id: p.version for s in series for p in s.points}.values(), key=_start)
        table = series[0].latest.table
        file = site.render(
            page, "history.md.j2", index=True, searched=False, series=series, table=table, versions=in_pages,
            vat_note=vat_note(in_pages), charts={item.key: chart(item) for item in series}, names=names(series),
        )  # fmt: skip
        pages.append({f"{table.title}": file})
        for item in series:
            site.anchors.anchor(page, item.key[1])
    site.nav.append({"Hintahistoria": pages})


def _start(version) -> object:
    return version.valid_from


def vat_note(versions) -> str:
    """Which VAT rate each version uses, when they differ: the reader must know why VAT-inclusive prices moved more."""
    rates: dict[Decimal, list[str]] = {}
    for version in versions:
        rates.setdefault(version.vat_percent, []).append(version.title)
    if len(rates) < 2:
        return ""
    parts = [f"{rate_fi(rate)} ({', '.join(titles)})" for rate, titles in rates.items()]
    return (
        "Arvonlisäveron yleinen verokanta on muuttunut: " + "; ".join(parts) + ". Siksi verollinen hinta on "
        "muuttunut eri tavalla kuin veroton. Hinnan oma muutos näkyy alv " + rate_fi(0) + " -sarakkeista."
    )


def name(item: Series) -> str:
    """A row as the reader tells it apart on its table's page: its label, group and unit."""
    table, row = item.latest.table, item.latest.row
    group = table.group_of(row.id)
    return f"{row.label}{', ' + group.title if group.title else ''} ({item.unit()})"


def names(series: list[Series]) -> dict:
    """Every row's name on one page, unique (landmarks need unique names): the row id is added where needed."""
    found = {item.key: name(item) for item in series}
    counts = Counter(found.values())
    return {key: text if counts[text] == 1 else f"{text}, {key[1]}" for key, text in found.items()}


def chart(item: Series):
    title = f"{name(item)}: hinta taksoittain"
    return price_history_svg(item.key[1], title, [(date_fi(p.start), p.vat0, p.vat) for p in item.points])
