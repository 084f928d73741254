"""The Jinja2 environment of the site: Finnish filters, the URL scheme and the markup macros."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import jinja2

from calculator import finnish

from . import urls

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
            signed_fi=finnish.signed_fi,
            interval_fi=finnish.interval_fi,
        )
        self.env.globals.update(urls=urls, today=today, **site_globals)
        self.macros = self.env.get_template("_macros.j2").module

    def render(self, template: str, page: str, **context: object) -> str:
        """Render `template` for the page at site-relative address `page`; `href(target)` links from it."""
        return self.env.get_template(template).render(
            page=page, href=lambda target: urls.relative(page, target), **context
        )
