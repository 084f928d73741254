"""The Jinja2 environment of the site: Finnish filters, the URL scheme, the markup macros and the helpers
of the table and changes templates, registered once here."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import jinja2

from calculator import finnish

from . import marks, table_cells, urls
from .diff import paragraph_diff

TEMPLATES = Path(__file__).resolve().parent.parent / "content" / "templates"


class Renderer:
    def __init__(self, today: dt.date, **site_globals: object):
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES),
            autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters.update(
            date_fi=finnish.date_fi,
            eur_fi=finnish.eur_fi,
            number_fi=finnish.number_fi,
            percent_fi=finnish.percent_fi,
            rate_fi=finnish.rate_fi,
            signed_fi=finnish.signed_fi,
            interval_fi=finnish.interval_fi,
        )
        self.env.filters.update(percent_or_dash=table_cells.percent_or_dash)
        self.env.globals.update(
            urls=urls,
            today=today,
            # tables of prices
            cell=table_cells.cell,
            column_header=table_cells.column_header,
            has_row_units=table_cells.has_row_units,
            resident_first=table_cells.resident_first,
            # the changes view
            paragraph_diff=paragraph_diff,
            section_name=marks.section_name,
            old_group=marks.old_group,
            **site_globals,
        )
        self.macros = self.env.get_template("_macros.j2").module

    def render(self, template: str, page: str, **context: object) -> str:
        """Render `template` for the page at site-relative address `page`; `href(target)` links from it."""
        return self.env.get_template(template).render(
            page=page, href=lambda target: urls.relative(page, target), **context
        )
