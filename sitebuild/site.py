"""One authority's site: its pages rendered from the data, then MkDocs, then the swap into place."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from calculator.problems import Problem

from . import urls
from .authority import CONTENT, Authority
from .bundle import copy_pyodide
from .headers import write_headers
from .links import anchor_problems, moved_anchors_script, write_redirect_pages
from .offline import write_service_worker
from .pages import BUILDERS
from .precompress import precompress
from .site_data import SiteData
from .site_docs import SiteDocs
from .workspace import swap_in, work_folder

SITEMAP = ("sitemap.xml", "sitemap.xml.gz")  # what MkDocs writes with or without the site's address


def render_docs(data: SiteData, docs: Path, today: dt.date) -> SiteDocs:
    """Every page's Markdown and the calculator's files into `docs`, from the data alone."""
    site = SiteDocs(data, docs, today)
    for build in BUILDERS:
        build(site)
    unused = [scripts for page, scripts in urls.PAGE_SCRIPTS.items() if page not in site.anchors.published]
    shutil.copytree(CONTENT / "assets", docs / "assets", ignore=shutil.ignore_patterns(*unused))
    return site


def mkdocs_config(authority: Authority, work: Path, nav: list, moved: dict[str, str]) -> Path:
    config = yaml.safe_load((CONTENT / "mkdocs.yml").read_text(encoding="utf-8"))
    config.update(
        site_name=authority.site_name,
        site_description=authority.site_description,
        copyright=authority.official_prevails,
        site_url=authority.site_url,  # with it, MkDocs writes the sitemap and every page's canonical address
        docs_dir=str(work / "docs"),
        site_dir=str(work / "site"),
        nav=nav,
    )
    (work / "docs" / "assets" / "moved-anchors.js").write_text(moved_anchors_script(moved), encoding="utf-8")
    config["extra_javascript"] = ["assets/moved-anchors.js", "assets/site.js"]
    config["extra_css"] = ["assets/site.css"]
    config["hooks"] = [str(CONTENT / "hooks" / name) for name in ("raw_html.py", "tables.py", "typography.py")]
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
        if not data.authority.site_url:  # a sitemap without addresses is of no use to anyone
            for name in SITEMAP:
                (work / "site" / name).unlink()
        write_redirect_pages(work / "site", moved)
        write_headers(work / "site")  # after every page is written: it hashes their inline scripts
        precompress(work / "site")
        swap_in(work / "site", site, work / "previous-site")
    return []
