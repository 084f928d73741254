"""The front page: the authority's introduction (content/<id>/index.md up to its first "## "), the calculator
and the example households, the rest of the authority's text, then its facts from authority.yaml."""

from __future__ import annotations

from calculator.finnish import localize
from calculator.problems import Problem, TariffDataError

from .. import urls
from ..presets import read_presets
from .calculator_page import PRESETS


def build(site) -> None:
    page = site.content_file("index.md")
    if page is None:
        raise TariffDataError([Problem(str(site.authority.content / "index.md"), None, "", "missing front page")])
    text = page.read_text(encoding="utf-8").rstrip()
    intro, heading, rest = text.partition("\n## ")
    current, proposal = site.catalog.current_and_proposal()
    start = ""
    if current and proposal and current.sections and proposal.sections:  # the calculator page exists
        households = [
            {"name": p.name, "scenario": p.scenario, "result": localize(p.comparison)}
            for p in read_presets(site.authority.scenarios / PRESETS, site.catalog, current, proposal)
        ]
        start = site.renderer.render("home.md.j2", urls.HOME, current=current, proposal=proposal,
                                     households=households)  # fmt: skip
    facts = site.renderer.render("authority_facts.md.j2", urls.HOME, versions=site.catalog.versions)
    body = f"{intro}\n\n{start}\n{heading.lstrip()}{rest}\n\n{facts}"
    site.nav.append({"Etusivu": site.page(urls.HOME, body)})
