"""The front page: the authority's introduction (content/<id>/index.md up to its first "## "), the calculator
and the example households, the rest of the authority's text, then its facts from authority.yaml."""

from __future__ import annotations

from calculator.finnish import localize

from .. import urls
from ..site_docs import SiteDocs


def build(site: SiteDocs) -> None:
    intro, heading, rest = site.data.texts.front_page.rstrip().partition("\n## ")
    start = ""
    if site.data.compared:  # the calculator page exists
        current, proposal = site.data.compared
        households = [
            {"name": p.name, "scenario": p.scenario, "result": localize(p.comparison)} for p in site.data.presets
        ]
        start = site.renderer.render("home.md.j2", urls.HOME, current=current, proposal=proposal,
                                     households=households)  # fmt: skip
    facts = site.renderer.render("authority_facts.md.j2", urls.HOME, versions=site.catalog.versions)
    body = f"{intro}\n\n{start}\n{heading.lstrip()}{rest}\n\n{facts}"
    site.nav.append({"Etusivu": site.page(urls.HOME, body)})
