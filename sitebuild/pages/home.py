"""The front page: the authority's own text (content/<id>/index.md) and its facts from authority.yaml."""

from __future__ import annotations

from calculator.problems import Problem, TariffDataError

from .. import urls


def build(site) -> None:
    page = site.content_file("index.md")
    if page is None:
        raise TariffDataError([Problem(str(site.authority.content / "index.md"), None, "", "missing front page")])
    facts = site.renderer.render("authority_facts.md.j2", urls.HOME, versions=site.catalog.versions)
    site.nav.append({"Etusivu": site.page(urls.HOME, page.read_text(encoding="utf-8").rstrip() + "\n\n" + facts)})
