"""The one build: validate the tariff data, render pages, run MkDocs, swap into site/.

python build.py            build site/ (nothing in site/ changes unless the whole build succeeds)
python build.py --check    print the data-consistency report; exit 1 on any data problem
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import jinja2
import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from calculator.catalog import Catalog
from calculator.export import version_to_data
from calculator.finnish import date_fi, eur_fi, number_fi
from calculator.model import Column, Row, Table, TariffVersion
from calculator.problems import TariffDataError
from calculator.report import consistency_report
from calculator.yaml_source import load_catalog

ROOT = Path(__file__).resolve().parent
STATUS_FI = {"in_force": "voimassa", "proposal": "ehdotus", "historical": "historiallinen"}


class PageRenderer:
    """Markdown pages for MkDocs, rendered from the tariff model with Jinja2."""

    def __init__(self, templates: Path):
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(templates),
            autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
        )
        self.env.filters["fi_date"] = date_fi

    def section_page(self, version: TariffVersion, section) -> str:
        template = self.env.get_template("section.md.j2")
        return template.render(
            version=version,
            section=section,
            version_notice=self.version_notice(version),
            column_header=lambda table, column: self.column_header(version, table, column),
            cell=self.cell,
            has_row_units=self.has_row_units,
            column_count=lambda table: len(table.columns) + 1 + int(self.has_row_units(table)),
        )

    @staticmethod
    def version_notice(version: TariffVersion) -> str:
        status = STATUS_FI[version.status.value]
        return f"*{version.title}. Tila: {status}, voimassa {date_fi(version.valid_from)} alkaen.*"

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


def render_docs(catalog: Catalog, docs: Path) -> None:
    shutil.copytree(ROOT / "content", docs, ignore=shutil.ignore_patterns("templates", "mkdocs.yml"))
    renderer = PageRenderer(ROOT / "content" / "templates")
    for version in catalog.versions:
        folder = docs / "maksut" / version.id
        folder.mkdir(parents=True)
        index = [f"# {version.title}", "", renderer.version_notice(version), ""]
        for section in version.sections:
            (folder / f"{section.id}.md").write_text(renderer.section_page(version, section), encoding="utf-8")
            index.append(f"- [{section.number}. {section.title}]({section.id}.md)")
        (folder / "index.md").write_text("\n".join(index) + "\n", encoding="utf-8")
    data = docs / "data"
    data.mkdir()
    for version in catalog.versions:
        text = json.dumps(version_to_data(version), ensure_ascii=False, indent=1)
        (data / f"{version.id}.json").write_text(text + "\n", encoding="utf-8")


def build_site(catalog: Catalog, site: Path) -> None:
    """Build into a temporary folder next to site/, then swap it in."""
    site.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".build-", dir=site.parent) as tmp:
        work = Path(tmp)
        render_docs(catalog, work / "docs")
        config = yaml.safe_load((ROOT / "content" / "mkdocs.yml").read_text(encoding="utf-8"))
        config.update(docs_dir=str(work / "docs"), site_dir=str(work / "site"))
        config_file = work / "mkdocs.yml"
        config_file.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
        mkdocs_build(load_config(str(config_file)))
        old = work / "previous-site"
        if site.exists():
            site.rename(old)
        (work / "site").rename(site)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="print the data-consistency report and stop")
    parser.add_argument("--tariffs", type=Path, default=ROOT / "tariffs", help="folder of tariff YAML files")
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="output folder")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        catalog = load_catalog(args.tariffs)
    except TariffDataError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(
            f"Stopped: {len(exc.problems)} problem(s) in the tariff data; {args.site} was not changed.", file=sys.stderr
        )
        return 1
    if args.check:
        print(consistency_report(catalog), end="")
        return 0
    build_site(catalog, args.site)
    print(f"Built {args.site} in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
