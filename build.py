"""The one build: validate the tariff data, render pages, run MkDocs, swap into site/.

python build.py                   build site/ (site/ changes only if the whole build succeeds)
python build.py --check           print the data-consistency report; exit 1 on any data problem
python build.py --update-anchors  also add newly published anchors to tariffs/links/published-anchors.txt
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import re
import shutil
import sys
import tempfile
import time
import tomllib
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import jinja2
import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from calculator.api import comparison_to_json
from calculator.catalog import Catalog
from calculator.compare import compare
from calculator.estimate import available_volumes
from calculator.export import calculator_data, version_to_csv, version_to_data
from calculator.finnish import date_fi, eur_fi, number_fi
from calculator.model import Column, Row, Status, Table, TariffVersion
from calculator.problems import Problem, TariffDataError
from calculator.report import consistency_report
from calculator.scenario import SLUDGE_TYPES_FI, WASTES_FI, parse_scenario
from calculator.yaml_source import load_catalog

ROOT = Path(__file__).resolve().parent
CONTENT = ROOT / "content"
PUBLISHED_ANCHORS = ROOT / "tariffs" / "links" / "published-anchors.txt"
MOVED_ANCHORS = ROOT / "tariffs" / "links" / "moved-anchors.yaml"
TEXT_PART = "tekstiosa.md"
LICENCE = "CC0 1.0"
PRESETS = ROOT / "tariffs" / "scenarios" / "minutes-examples.yaml"
PYODIDE = ROOT / "node_modules" / "pyodide"
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
INTERVAL_CHOICES = (1, 2, 3, 4, 6, 8, 10, 12, 16, 26)


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
        self.calculator_page()
        self.fee_pages()
        self.text_part_pages()
        self.price_list_page()
        self.open_data()
        self.nav.append({"Linkitysohje kunnille": "linkitysohje.md"})
        for page in ("./", "laskuri/", "hinnasto/", "linkitysohje/", "avoin-data/"):
            self.anchors.page(page)

    def calculator_page(self) -> None:
        """The calculator: its form, the Python wheel and the tariff data the worker checks and loads."""
        current, proposal = self.catalog.current_and_proposal()
        versions = [v for v in (current, proposal) if v is not None]
        wheel = build_wheel(self.docs / "laskuri-data")
        data = self.docs / "laskuri-data" / "taksat.json"
        data.write_text(
            json.dumps([calculator_data(v) for v in versions], ensure_ascii=False, separators=(",", ":")),
            encoding="utf-8",
        )
        offered: dict[str, set[int]] = {}
        for version in versions:
            for waste, sizes in available_volumes(version).items():
                offered.setdefault(waste, set()).update(sizes)
        presets = yaml.safe_load(PRESETS.read_text(encoding="utf-8"))
        config = {
            "worker": "../assets/laskuri-worker.js",
            "pyodide": "../pyodide/",
            "wheel": {"url": f"../laskuri-data/{wheel.name}", "sha256": sha256_of(wheel)},
            "data": {"url": "../laskuri-data/taksat.json", "sha256": sha256_of(data)},
            "offered": {waste: sorted(offered[waste]) for waste in WASTES_FI if waste in offered},
            "presets": [{"name": p["name"], "scenario": p["scenario"]} for p in presets],
        }
        examples = []
        for preset in presets:
            result = comparison_to_json(compare(parse_scenario(preset["scenario"]), self.catalog, current, proposal))
            examples.append(
                {
                    "name": preset["name"],
                    "old": _range_fi(result["old"], "total"),
                    "new": _range_fi(result["new"], "total"),
                    "difference": _range_fi(result, "difference"),
                }
            )
        page = self.renderer.render(
            "laskuri.md.j2",
            current=current,
            proposal=proposal,
            presets=presets,
            wastes=WASTES_FI,
            sludge_types=SLUDGE_TYPES_FI,
            intervals=INTERVAL_CHOICES,
            static_examples=examples,
            config_json=json.dumps(config, ensure_ascii=False).replace("</", "<\\/"),
        )
        self.write("laskuri.md", page)
        self.nav.append({"Laskuri": "laskuri.md"})

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


def _range_fi(data: dict, prefix: str) -> str:
    low, high = data[f"{prefix}_min_eur"], data[f"{prefix}_max_eur"]
    text = eur_fi(Decimal(low)) if low == high else f"{eur_fi(Decimal(low))}–{eur_fi(Decimal(high))}"
    return text


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build_wheel(folder: Path) -> Path:
    """A pure-Python wheel of the calculator package, byte-for-byte reproducible (fixed timestamps)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    name, version = project["name"], project["version"]
    dist_info = f"{name}-{version}.dist-info"
    entries = [(f"calculator/{p.name}", p.read_bytes()) for p in sorted((ROOT / "calculator").glob("*.py"))]
    entries.append((f"{dist_info}/METADATA", f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n".encode()))
    entries.append(
        (f"{dist_info}/WHEEL", b"Wheel-Version: 1.0\nGenerator: build.py\nRoot-Is-Purelib: true\nTag: py3-none-any\n")
    )
    record = "".join(
        f"{path},sha256={base64.urlsafe_b64encode(hashlib.sha256(data).digest()).decode().rstrip('=')},{len(data)}\n"
        for path, data in entries
    )
    entries.append((f"{dist_info}/RECORD", (record + f"{dist_info}/RECORD,,\n").encode()))
    folder.mkdir(parents=True, exist_ok=True)
    wheel = folder / f"{name}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        for path, data in entries:
            info = zipfile.ZipInfo(path, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return wheel


def copy_pyodide(site: Path) -> None:
    """The Pyodide runtime from the pinned npm package, served from our own origin."""
    missing = [name for name in PYODIDE_FILES if not (PYODIDE / name).is_file()]
    if missing:
        raise SystemExit(f"Pyodide runtime missing in {PYODIDE} ({', '.join(missing)}): run `make setup` (npm ci)")
    target = site / "pyodide"
    target.mkdir()
    for name in PYODIDE_FILES:
        shutil.copy2(PYODIDE / name, target / name)


def _row_or_none(version: TariffVersion, table_id: str, row_id: str) -> Row | None:
    try:
        return version.table(table_id).row(row_id)
    except KeyError:
        return None


def anchor_problems(published: set[str], update: bool) -> tuple[list[Problem], dict[str, str]]:
    """Published anchors must stay, unless tariffs/links/moved-anchors.yaml says where they went."""
    moved_list = yaml.safe_load(MOVED_ANCHORS.read_text(encoding="utf-8")) or []
    moved = {entry["from"]: entry["to"] for entry in moved_list}
    known = set(PUBLISHED_ANCHORS.read_text(encoding="utf-8").split()) if PUBLISHED_ANCHORS.exists() else set()
    problems = []
    file, moved_file = _shown(PUBLISHED_ANCHORS), _shown(MOVED_ANCHORS)
    for anchor in sorted(known - published):
        if anchor not in moved:
            problems.append(
                Problem(
                    file,
                    None,
                    anchor,
                    f"published link target disappeared; declare where it moved in {moved_file}",
                )
            )
    for old, new in sorted(moved.items()):
        if new not in published:
            problems.append(
                Problem(
                    moved_file,
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


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


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
        copy_pyodide(work / "site")
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
