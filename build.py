"""The one build: validate the tariff data, render pages, run MkDocs, swap into site/.

python build.py                   build site/ (site/ changes only if the whole build succeeds)
python build.py --check           print the data-consistency report; exit 1 on any data problem
python build.py --update-anchors  also add newly published anchors to tariffs/links/published-anchors.txt
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from calculator.catalog import Catalog
from calculator.export import version_to_csv, version_to_data
from calculator.finnish import date_fi, eur_fi, number_fi
from calculator.model import Column, Row, Status, Table, TariffVersion
from calculator.problems import Problem, TariffDataError
from calculator.report import consistency_report
from calculator.yaml_source import load_catalog

ROOT = Path(__file__).resolve().parent
CONTENT = ROOT / "content"
PUBLISHED_ANCHORS = ROOT / "tariffs" / "links" / "published-anchors.txt"
MOVED_ANCHORS = ROOT / "tariffs" / "links" / "moved-anchors.yaml"
TEXT_PART = "tekstiosa.md"
LICENCE = "CC0 1.0"


def version_status_fi(version: TariffVersion) -> str:
    """One sentence: which version, its status and validity."""
    if version.status is Status.PROPOSAL:
        return (
            f"Ehdotus. Tulisi voimaan {date_fi(version.valid_from)}, jos jätelautakunta hyväksyy sen. "
            "Ehdotus ei ole vielä voimassa."
        )
    if version.status is Status.HISTORICAL:
        until = f"–{date_fi(version.valid_until)}" if version.valid_until else ""
        return f"Historiallinen hinnasto, voimassa {date_fi(version.valid_from)}{until}. Ei enää voimassa."
    return f"Voimassa oleva taksa, voimassa {date_fi(version.valid_from)} alkaen."


def resolve_critic(text: str, accept: bool) -> str:
    """The text with CriticMarkup changes accepted (proposal) or rejected (text in force)."""

    def pick(match: re.Match) -> str:
        added, removed, old, new = match.groups()
        if added is not None:
            return added if accept else ""
        if removed is not None:
            return "" if accept else removed
        return new if accept else old

    return re.sub(r"\{\+\+(.*?)\+\+\}|\{--(.*?)--\}|\{~~(.*?)~>(.*?)~~\}", pick, text, flags=re.S)


@dataclass
class Anchors:
    """Every page and anchor the build publishes, as site-relative "path/#id" strings."""

    published: set[str] = field(default_factory=set)

    def page(self, path: str) -> None:
        self.published.add(path)

    def anchor(self, path: str, anchor: str) -> None:
        self.published.add(f"{path}#{anchor}")


class PageRenderer:
    """Markdown pages for MkDocs, rendered from the tariff model with Jinja2."""

    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(CONTENT / "templates"),
            autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters.update(date_fi=date_fi, eur_fi=eur_fi)
        self.env.globals.update(
            status_fi=version_status_fi,
            column_header=self.column_header,
            cell=self.cell,
            has_row_units=self.has_row_units,
            table_url=self.table_url,
            licence=LICENCE,
        )

    def render(self, template: str, **context) -> str:
        return self.env.get_template(template).render(**context)

    def other_version(self, version: TariffVersion) -> TariffVersion | None:
        return self.catalog.proposal_for(version) or self.catalog.baseline_of(version)

    @staticmethod
    def section_url(version: TariffVersion, section_id: str) -> str:
        return f"maksut/{version.id}/{section_id}/"

    def table_url(self, version: TariffVersion, table_id: str) -> str | None:
        """Site-relative URL of a table in a version, or None if the version has no such table."""
        try:
            table = version.table(table_id)
        except KeyError:
            return None
        return f"{self.section_url(version, table.section_id)}#{table.id}"

    @staticmethod
    def column_header(version: TariffVersion, table: Table, column: Column) -> str:
        vat = number_fi(version.vat_percent) if column.vat_inclusive else "0"
        unit = "" if PageRenderer.has_row_units(table) else f" {table.unit}"
        return f"{column.label}{unit}, alv {vat} %"

    @staticmethod
    def has_row_units(table: Table) -> bool:
        return any(table.unit_of(row) != table.unit for row in table.rows)

    @staticmethod
    def cell(row: Row, column: Column) -> str:
        if row.shown_as_dash:
            return "–"
        value = row.values.get(column.id)
        return "" if value is None else eur_fi(value)


class SiteSource:
    """Writes the MkDocs docs folder: hand-written content plus pages generated from data."""

    def __init__(self, catalog: Catalog, docs: Path):
        self.catalog, self.docs = catalog, docs
        self.renderer = PageRenderer(catalog)
        self.anchors = Anchors()
        self.nav: list = []

    def write(self, path: str, text: str) -> None:
        target = self.docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def build(self) -> None:
        shutil.copytree(CONTENT, self.docs, ignore=shutil.ignore_patterns("templates", "*.yml", "*.yaml", TEXT_PART))
        self.nav.append({"Etusivu": "index.md"})
        self.fee_pages()
        self.text_part_pages()
        self.price_list_page()
        self.open_data()
        self.nav.append({"Linkitysohje kunnille": "linkitysohje.md"})
        for page in ("./", "hinnasto/", "linkitysohje/", "avoin-data/"):
            self.anchors.page(page)

    def fee_pages(self) -> None:
        order = {Status.IN_FORCE: 0, Status.PROPOSAL: 1, Status.HISTORICAL: 2}
        for version in sorted(self.catalog.versions, key=lambda v: (order[v.status], v.valid_from)):
            folder = f"maksut/{version.id}"
            pages = [{"Taksan tiedot": f"{folder}/index.md"}]
            self.write(
                f"{folder}/index.md",
                self.renderer.render("version.md.j2", version=version, other=self.renderer.other_version(version)),
            )
            self.anchors.page(f"{folder}/")
            for section in version.sections:
                self.write(
                    f"{folder}/{section.id}.md",
                    self.renderer.render(
                        "section.md.j2", version=version, section=section, other=self.renderer.other_version(version)
                    ),
                )
                pages.append({f"{section.number}. {section.title}": f"{folder}/{section.id}.md"})
                path = self.renderer.section_url(version, section.id)
                self.anchors.page(path)
                for table in section.tables:
                    self.anchors.anchor(path, table.id)
                    for row in table.rows:
                        self.anchors.anchor(path, f"{table.id}--{row.id}")
            self.nav.append({f"Maksut: {version.title}": pages})

    def text_part_pages(self) -> None:
        """The text part in force and as proposed, both from the one CriticMarkup file."""
        source = (CONTENT / TEXT_PART).read_text(encoding="utf-8")
        current, proposal = self.catalog.current_and_proposal()
        pages = []
        for version, accept in ((current, False), (proposal, True)):
            if version is None:
                continue
            body = resolve_critic(source, accept)
            heading, rest = body.split("\n", 1)
            notice = self.renderer.render(
                "text_notice.md.j2", version=version, other=self.renderer.other_version(version)
            )
            path = f"tekstiosa/{version.id}"
            self.write(f"{path}.md", f"{heading}\n\n{notice}\n{rest}")
            pages.append({version.title.replace("maksuliite", "tekstiosa"): f"{path}.md"})
            self.anchors.page(f"{path}/")
            for anchor in re.findall(r"\{#([a-z0-9-]+)\}", body):
                self.anchors.anchor(f"{path}/", anchor)
        self.nav.append({"Tekstiosa": pages})

    def price_list_page(self) -> None:
        config = yaml.safe_load((CONTENT / "hinnasto.yaml").read_text(encoding="utf-8"))
        current, proposal = self.catalog.current_and_proposal()
        groups = []
        for group in config["groups"]:
            rows = []
            for table_id in group["tables"]:
                table = current.table(table_id)
                for row in table.rows:
                    if (row.key or {}).get("segment") == "municipal" or row.price_vat is None:
                        continue
                    if "rows" in group and row.id not in group["rows"]:
                        continue
                    new_row = _row_or_none(proposal, table_id, row.id) if proposal else None
                    rows.append((table, row, new_row))
            groups.append({"title": group["title"], "rows": rows, "label_with_table": group.get("label_with_table")})
        self.write(
            "hinnasto.md",
            self.renderer.render("hinnasto.md.j2", config=config, groups=groups, current=current, proposal=proposal),
        )
        self.nav.append({"Kotitalouksien hinnasto": "hinnasto.md"})

    def open_data(self) -> None:
        for version in self.catalog.versions:
            text = json.dumps(version_to_data(version), ensure_ascii=False, indent=1)
            self.write(f"data/{version.id}.json", text + "\n")
            self.write(f"data/{version.id}.csv", version_to_csv(version))
        self.write("avoin-data.md", self.renderer.render("avoin-data.md.j2", versions=self.catalog.versions))
        self.nav.append({"Avoin data": "avoin-data.md"})


def _row_or_none(version: TariffVersion, table_id: str, row_id: str) -> Row | None:
    try:
        return version.table(table_id).row(row_id)
    except KeyError:
        return None


def anchor_problems(published: set[str], update: bool) -> tuple[list[Problem], dict[str, str]]:
    """Published anchors must stay, unless tariffs/moved-anchors.yaml says where they went."""
    moved_list = yaml.safe_load(MOVED_ANCHORS.read_text(encoding="utf-8")) or []
    moved = {entry["from"]: entry["to"] for entry in moved_list}
    known = set(PUBLISHED_ANCHORS.read_text(encoding="utf-8").split()) if PUBLISHED_ANCHORS.exists() else set()
    problems = []
    file = str(PUBLISHED_ANCHORS.relative_to(ROOT))
    for anchor in sorted(known - published):
        if anchor not in moved:
            problems.append(
                Problem(
                    file,
                    None,
                    anchor,
                    f"published link target disappeared; declare where it moved in {MOVED_ANCHORS.relative_to(ROOT)}",
                )
            )
    for old, new in sorted(moved.items()):
        if new not in published:
            problems.append(
                Problem(
                    str(MOVED_ANCHORS.relative_to(ROOT)),
                    None,
                    old,
                    f"moves to {new!r}, which the build does not publish",
                )
            )
    new_anchors = published - known
    if new_anchors and not update:
        problems.append(
            Problem(
                file,
                None,
                "",
                f"{len(new_anchors)} new link target(s) not yet listed, e.g. "
                f"{sorted(new_anchors)[0]!r}; run `python build.py --update-anchors`",
            )
        )
    if update and not problems:
        PUBLISHED_ANCHORS.write_text("\n".join(sorted(known | published)) + "\n", encoding="utf-8")
    return problems, moved


def mkdocs_config(work: Path, nav: list, moved: dict[str, str]) -> Path:
    config = yaml.safe_load((CONTENT / "mkdocs.yml").read_text(encoding="utf-8"))
    config.update(docs_dir=str(work / "docs"), site_dir=str(work / "site"), nav=nav)
    moved_script = work / "docs" / "assets" / "moved-anchors.js"
    moved_script.write_text(f"window.MOVED_ANCHORS = {json.dumps(moved, ensure_ascii=False)};\n", encoding="utf-8")
    config["extra_javascript"] = ["assets/moved-anchors.js", "assets/site.js"]
    config["extra_css"] = ["assets/site.css"]
    path = work / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def build_site(catalog: Catalog, site: Path, update_anchors: bool = False) -> list[Problem]:
    """Build into a temporary folder next to site/, then swap it in; return problems instead if any."""
    site = site.resolve()
    site.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".build-", dir=site.parent) as tmp:
        work = Path(tmp)
        source = SiteSource(catalog, work / "docs")
        source.build()
        problems, moved = anchor_problems(source.anchors.published, update_anchors)
        if problems:
            return problems
        mkdocs_build(load_config(str(mkdocs_config(work, source.nav, moved))))
        if site.exists():
            site.rename(work / "previous-site")
        (work / "site").rename(site)
    return []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="print the data-consistency report and stop")
    parser.add_argument("--update-anchors", action="store_true", help="publish new link targets")
    parser.add_argument("--tariffs", type=Path, default=ROOT / "tariffs", help="folder of tariff YAML files")
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="output folder")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        catalog = load_catalog(args.tariffs)
    except TariffDataError as exc:
        return _stop(exc.problems, args.site, "in the tariff data")
    if args.check:
        print(consistency_report(catalog), end="")
        return 0
    problems = build_site(catalog, args.site, args.update_anchors)
    if problems:
        return _stop(problems, args.site, "in the published links")
    print(f"Built {args.site} in {time.perf_counter() - started:.1f} s")
    return 0


def _stop(problems: list[Problem], site: Path, where: str) -> int:
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"Stopped: {len(problems)} problem(s) {where}; {site} was not changed.", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
