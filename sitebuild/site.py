"""One authority's site: the MkDocs docs folder from data and content, then MkDocs, then the swap into place."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from calculator.model import TariffVersion
from calculator.problems import Problem

from . import urls
from .authority import CONTENT, Authority
from .bundle import copy_pyodide
from .links import Anchors, anchor_problems, moved_anchors_script, write_redirect_pages
from .offline import write_service_worker
from .precompress import precompress
from .price_history import PriceHistory
from .render import Renderer
from .site_data import SiteData
from .status_wording import StatusWording
from .workspace import swap_in, work_folder

LICENCE = "CC0 1.0"


def versions_in(context: dict) -> list[TariffVersion]:
    """The versions a page's template context names (a diff names its two), oldest first."""
    found = {v.id: v for v in context.values() if isinstance(v, TariffVersion)}
    found |= {v.id: v for v in context.get("versions", ()) if isinstance(v, TariffVersion)}
    for value in context.values():
        for version in (getattr(value, "old", None), getattr(value, "new", None)):
            if isinstance(version, TariffVersion):
                found[version.id] = version
    return sorted(found.values(), key=lambda v: v.valid_from)


class SiteDocs:
    """The docs folder being written from the site's data: pages, their navigation and the anchors they publish."""

    def __init__(self, data: SiteData, docs: Path, today: dt.date):
        self.data, self.docs, self.today = data, docs, today
        self.authority, self.catalog, self.consultations = data.authority, data.catalog, data.consultations
        self.status = StatusWording.on(data, today)
        self.history = PriceHistory(data.catalog, data.row_maps)
        self.renderer = Renderer(
            today,
            authority=data.authority,
            licence=LICENCE,
            status=self.status,
            status_word=self.status.word,
            status_fi=self.status.sentence,
            consultation_for=lambda version: self.consultations.get(version.id),
            history_url=self.history.url,
        )
        self.anchors = Anchors()
        self.nav: list = []

    def write(self, path: str, text: str) -> None:
        target = self.docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def page(
        self, page: str, text: str, index: bool = False, versions: Iterable[TariffVersion] = (), searched: bool = True
    ) -> str:
        """Write the Markdown of a page at site-relative address `page`; return its file for the nav.

        The page ends with where its data comes from: `versions` (default: every version). A page that
        repeats what other pages hold (`searched=False`) stays out of the search index.
        """
        file = urls.markdown_file(page, index)
        shown = list(versions) or sorted(self.catalog.versions, key=lambda v: v.valid_from)
        sources = self.renderer.env.get_template("data_sources.md.j2").render(versions=shown)
        if not searched:
            if text.startswith("---"):
                raise ValueError(f"{page}: a page with its own front matter sets search.exclude there")
            text = "---\nsearch:\n  exclude: true\n---\n" + text
        self.write(file, f"{text.rstrip()}\n\n{sources}\n")
        self.anchors.page(page)
        return file

    def render(self, page: str, template: str, index: bool = False, searched: bool = True, **context: object) -> str:
        text = self.renderer.render(template, page, **context)
        return self.page(page, text, index, versions_in(context), searched)


def render_docs(data: SiteData, docs: Path, today: dt.date) -> SiteDocs:
    """Every page's Markdown and the calculator's files into `docs`, from the data alone."""
    from .pages import BUILDERS

    site = SiteDocs(data, docs, today)
    shutil.copytree(CONTENT / "assets", docs / "assets")
    for build in BUILDERS:
        build(site)
    return site


def mkdocs_config(authority: Authority, work: Path, nav: list, moved: dict[str, str]) -> Path:
    config = yaml.safe_load((CONTENT / "mkdocs.yml").read_text(encoding="utf-8"))
    config.update(
        site_name=authority.site_name,
        site_description=authority.site_description,
        copyright=authority.official_prevails,
        docs_dir=str(work / "docs"),
        site_dir=str(work / "site"),
        nav=nav,
    )
    (work / "docs" / "assets" / "moved-anchors.js").write_text(moved_anchors_script(moved), encoding="utf-8")
    config["extra_javascript"] = ["assets/moved-anchors.js", "assets/site.js"]
    config["extra_css"] = ["assets/site.css"]
    config["hooks"] = [str(CONTENT / "hooks" / name) for name in ("raw_html.py", "tables.py")]
    config["theme"]["custom_dir"] = str(CONTENT / "overrides")
    path = work / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def check_links(data: SiteData, today: dt.date) -> list[Problem]:
    """What the build would say about the published link targets, from the pages' Markdown alone."""
    with tempfile.TemporaryDirectory() as work:
        docs = render_docs(data, Path(work) / "docs", today)
        return anchor_problems(data.links, docs.anchors.published, update=False)


def build_site(data: SiteData, site: Path, update_anchors: bool = False, today: dt.date | None = None) -> list[Problem]:
    """Build into a temporary folder next to `site`, then swap it in; return problems instead if any."""
    site = site.resolve()
    site.parent.mkdir(parents=True, exist_ok=True)
    with work_folder(site.parent) as work:
        docs = render_docs(data, work / "docs", today or dt.date.today())
        problems = anchor_problems(data.links, docs.anchors.published, update_anchors)
        if problems:
            return problems
        moved = data.links.moved
        mkdocs_build(load_config(str(mkdocs_config(data.authority, work, docs.nav, moved))))
        if (work / "docs" / urls.CALCULATOR_DATA).is_dir():
            copy_pyodide(work / "site")
            write_service_worker(work / "site")
        write_redirect_pages(work / "site", moved)
        precompress(work / "site")
        swap_in(work / "site", site, work / "previous-site")
    return []
