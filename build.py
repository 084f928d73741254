"""The one build: validate the tariff data, render pages, run MkDocs, swap into site/.

python build.py                   build site/ (site/ changes only if the whole build succeeds)
python build.py --check           print the data-consistency report; exit 1 on any data problem
python build.py --update-anchors  also add newly published anchors to tariffs/links/published-anchors.txt
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
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
from markupsafe import Markup, escape
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from calculator.api import comparison_to_json
from calculator.catalog import Catalog
from calculator.checks import Deviation, stated_change_deviations
from calculator.compare import compare
from calculator.diff import RowDiff, TableDiff, VersionDiff, diff_versions
from calculator.estimate import available_volumes
from calculator.export import calculator_data, version_to_csv, version_to_data
from calculator.finnish import date_fi, eur_fi, eur_range_fi, number_fi
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
CONSULTATIONS = ROOT / "tariffs" / "consultations"
PYODIDE = ROOT / "node_modules" / "pyodide"
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
INTERVAL_CHOICES = (1, 2, 3, 4, 6, 8, 10, 12, 16, 26)
CRITIC_MARKUP = re.compile(r"\{\+\+(.*?)\+\+\}|\{--(.*?)--\}|\{~~(.*?)~>(.*?)~~\}", re.S)


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

    return CRITIC_MARKUP.sub(pick, text)


def mark_critic(text: str) -> str:
    """CriticMarkup as HTML change marks (the same marks as the fee appendix's changes view)."""

    def mark(match: re.Match) -> str:
        added_text, removed_text, old, new = match.groups()
        if added_text is not None:
            return str(added(Markup(added_text)))
        if removed_text is not None:
            return str(removed(Markup(removed_text)))
        return f"{removed(Markup(old))} {added(Markup(new))}"

    return CRITIC_MARKUP.sub(mark, text)


def load_consultations() -> dict[str, dict]:
    """Public-comment periods by the version they concern (tariffs/consultations/*.yaml)."""
    found = {}
    for path in sorted(CONSULTATIONS.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        found[data["version"]] = data
    return found


def percent_chart_svg(rows: list[tuple[str, Decimal, Decimal, Decimal, int]]) -> str:
    """Horizontal bars of the average per-cent change per table; the data table is the text alternative."""
    if not rows:
        return ""
    width, label_w, bar_h, gap = 760, 400, 20, 10
    top = max(max(r[1] for r in rows), Decimal(1))
    scale = Decimal(width - label_w - 90) / top
    height = len(rows) * (bar_h + gap) + gap
    parts = [
        f'<svg class="kaavio" viewBox="0 0 {width} {height}" width="100%" role="img" '
        'aria-labelledby="kaavio-otsikko" aria-describedby="kaavio-kuvaus" xmlns="http://www.w3.org/2000/svg">',
        '<title id="kaavio-otsikko">Hintojen keskimääräinen muutos prosentteina taulukoittain</title>',
        '<desc id="kaavio-kuvaus">Samat luvut ovat kaavion alla olevassa taulukossa.</desc>',
    ]
    for i, (label, average, *_range) in enumerate(rows):
        y = gap + i * (bar_h + gap)
        bar = max(int(average * scale), 1) if average > 0 else 1
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end" class="kaavio-teksti">'
            f"{escape(label if len(label) <= 56 else label[:55] + '…')}</text>"
        )
        parts.append(f'<rect x="{label_w}" y="{y}" width="{bar}" height="{bar_h}" class="kaavio-palkki"/>')
        parts.append(f'<text x="{label_w + bar + 6}" y="{y + 15}" class="kaavio-teksti">{signed(average, "%")}</text>')
    parts.append("</svg>")
    return "".join(parts)


@dataclass
class Anchors:
    """Every page and anchor the build publishes, as site-relative "path/#id" strings."""

    published: set[str] = field(default_factory=set)

    def page(self, path: str) -> None:
        self.published.add(path)

    def anchor(self, path: str, anchor: str) -> None:
        self.published.add(f"{path}#{anchor}")


def _mark(tag: str, css: str, hidden: str, text: object) -> Markup:
    return Markup('<{0} class="{1}"><span class="visually-hidden">{2}: </span>{3}</{0}>').format(tag, css, hidden, text)


def removed(text: object) -> Markup:
    return _mark("del", "poisto", "poistettu", text)


def added(text: object) -> Markup:
    return _mark("ins", "lisays", "lisätty", text)


def moved_away(text: object) -> Markup:
    return _mark("del", "siirto-pois", "siirretty pois", text)


def moved_here(text: object) -> Markup:
    return _mark("ins", "siirto-tanne", "siirretty tähän", text)


def signed(value: Decimal, unit: str) -> str:
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    amount = eur_fi(abs(value)) if unit == "€" else f"{abs(value):.1f}".replace(".", ",")
    return f"{sign}{amount} {unit}"


class ChangeMarks:
    """Cells, labels and notes of the changes view: old struck through in red, new underlined in green."""

    def __init__(self, deviations: dict[tuple[str, str], Deviation]):
        self.deviations = deviations

    @staticmethod
    def value(amount: Decimal | None, dash: bool) -> str:
        if amount is None:
            return ""
        return "–" if dash else eur_fi(amount)

    def cell(self, row: RowDiff, column_id: str) -> Markup | str:
        try:
            cell = row.cell(column_id)
        except KeyError:
            return ""
        old, new = self.value(cell.old, cell.old_dash), self.value(cell.new, cell.new_dash)
        if row.status == "added":
            return added(new) if new else ""
        if row.status == "removed":
            return removed(old) if old else ""
        if cell.changed:
            return Markup(" ").join(part for part in (old and removed(old), new and added(new)) if part)
        return new

    @staticmethod
    def row_label(row: RowDiff) -> Markup:
        source = row.new or row.old
        text = Markup(" – {}").format(source.text) if source.text and not source.values else ""
        if row.status == "added":
            return added(Markup("{}{}").format(row.new.label, text))
        if row.status == "removed":
            return removed(Markup("{}{}").format(row.old.label, text))
        if row.label_changed:
            return Markup("{} {}{}").format(removed(row.old.label), added(row.new.label), text)
        return Markup("{}{}").format(source.label, text)

    @staticmethod
    def price_change(row: RowDiff) -> str:
        if row.status == "added":
            return "uusi"
        if row.status == "removed":
            return "poistuu"
        if not row.price_changed:
            return ""
        cell = row.price
        percent = f" ({signed(cell.percent, '%')})" if cell.percent is not None else ""
        return signed(cell.difference, "€") + percent

    def deviation_note(self, table: TableDiff, row: RowDiff) -> Markup | str:
        found = self.deviations.get((table.id, row.id))
        if found is None:
            return ""
        return Markup(
            '<span class="poikkeama">Huomio: muutos on {} (alv 0 %), kun pöytäkirjan mukaan muutos on {}.</span>'
        ).format(signed(found.actual_percent, "%"), signed(found.stated_percent, "%"))


class PageRenderer:
    """Markdown pages for MkDocs, rendered from the tariff model with Jinja2."""

    def __init__(self, catalog: Catalog, consultations: dict[str, dict], today: dt.date):
        self.catalog, self.consultations, self.today = catalog, consultations, today
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(CONTENT / "templates"),
            autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters.update(date_fi=date_fi, eur_fi=eur_fi, number_fi=number_fi)
        self.env.globals.update(
            status_fi=version_status_fi,
            column_header=self.column_header,
            cell=self.cell,
            has_row_units=self.has_row_units,
            table_url=self.table_url,
            licence=LICENCE,
            removed=removed,
            added=added,
            moved_away=moved_away,
            moved_here_open=lambda: Markup(
                '<ins class="siirto-tanne"><span class="visually-hidden">siirretty tähän: </span>'
            ),
            moved_here_close=lambda: Markup("</ins>"),
            consultation_for=self.consultation_for,
            today=today,
        )

    def consultation_for(self, version: TariffVersion) -> dict | None:
        """The public-comment period of a version, if there is one."""
        return self.consultations.get(version.id)

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

    def __init__(self, catalog: Catalog, docs: Path, today: dt.date):
        self.catalog, self.docs = catalog, docs
        self.renderer = PageRenderer(catalog, load_consultations(), today)
        self.anchors = Anchors()
        self.nav: list = []

    def write(self, path: str, text: str) -> None:
        target = self.docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def build(self) -> None:
        shutil.copytree(
            CONTENT, self.docs, ignore=shutil.ignore_patterns("templates", "hooks", "*.yml", "*.yaml", TEXT_PART)
        )
        self.nav.append({"Etusivu": "index.md"})
        self.calculator_page()
        self.fee_pages()
        self.text_part_pages()
        self.changes_pages()
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
                    "old": eur_range_fi(result["old"], "total"),
                    "new": eur_range_fi(result["new"], "total"),
                    "difference": eur_range_fi(result, "difference"),
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

    def changes_pages(self) -> None:
        """The proposal's changes view: computed from the two versions, never hand-written."""
        current, proposal = self.catalog.current_and_proposal()
        if proposal is None:
            return
        diff = diff_versions(current, proposal)
        deviations = {(d.table.id, d.row.id): d for d in stated_change_deviations(proposal, current)}
        marks = ChangeMarks(deviations)
        notice = Markup(self.renderer.render("notice.md.j2", version=proposal, other=None, other_url=None))
        pages = [{"Mikä muuttuu?": "muutokset/index.md"}]
        for section in diff.sections:
            for only_changed in (False, True):
                path = f"muutokset/{section.id}" + ("/muuttuneet" if only_changed else "")
                page = self.renderer.render(
                    "changes_section.md.j2",
                    section=section,
                    notice=notice,
                    only_changed=only_changed,
                    up="../../" if only_changed else "../",
                    cell=marks.cell,
                    row_label=marks.row_label,
                    price_change=marks.price_change,
                    deviation_note=marks.deviation_note,
                    version_of=lambda t: proposal if t.new else current,
                )
                self.write(f"{path}.md", page)
                self.anchors.page(f"{path}/")
            shown = section.new or section.old
            pages.append({f"{shown.number}. {shown.title}": f"muutokset/{section.id}.md"})
            for table in section.tables:
                self.anchors.anchor(f"muutokset/{section.id}/", table.id)
        text = mark_critic((CONTENT / TEXT_PART).read_text(encoding="utf-8"))
        heading, rest = text.split("\n", 1)
        legend = self.renderer.render("legend.md.j2")
        self.write(
            "muutokset/tekstiosa.md", f"{heading.replace('# ', '# Muutokset: ', 1)}\n\n{notice}\n\n{legend}\n{rest}"
        )
        self.anchors.page("muutokset/tekstiosa/")
        pages.append({"Tekstiosan muutokset": "muutokset/tekstiosa.md"})
        self.write("muutokset/index.md", self.summary_page(diff, deviations, notice))
        self.anchors.page("muutokset/")
        self.nav.insert(2, {"Mikä muuttuu? (ehdotus 2026)": pages})

    def summary_page(self, diff: VersionDiff, deviations: dict, notice: str) -> str:
        by_section: dict[str, tuple] = {}
        by_table: dict[str, tuple] = {}
        for section, table, row in diff.price_changes():
            by_section.setdefault(section.id, (section, []))[1].append((table, row))
            by_table.setdefault(table.id, (table, []))[1].append(row.price.percent)
        chart_rows = []
        for table, percents in by_table.values():
            known = [p for p in percents if p is not None]
            if known:
                average = (sum(known) / len(known)).quantize(Decimal("0.1"))
                name = table.new.title.split(": ")[-1]
                chart_rows.append(
                    (f"{table.new.number}. {name[:1].upper()}{name[1:]}", average, min(known), max(known), len(known))
                )
        return self.renderer.render(
            "changes_summary.md.j2",
            diff=diff,
            counts=diff.counts(),
            sections=list(by_section.values()),
            chart=Markup(percent_chart_svg(chart_rows)),
            chart_rows=chart_rows,
            notice=notice,
            consultation=self.renderer.consultations.get(diff.new.id),
            deviations=deviations,
            price_change=ChangeMarks.price_change,
            signed=signed,
        )

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


def write_redirect_pages(site: Path, moved: dict[str, str]) -> None:
    """A published page that no longer exists still answers: it sends the reader to the new place."""
    for old, new in moved.items():
        page = site / old.partition("#")[0] / "index.html"
        if page.exists():
            continue  # the page is still there; assets/moved-anchors.js redirects its old anchor
        depth = len([part for part in old.partition("#")[0].split("/") if part])
        target = escape("../" * depth + new)
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(
            f'<!doctype html><html lang="fi"><head><meta charset="utf-8"><title>Sivu on siirtynyt</title>'
            f'<meta http-equiv="refresh" content="0; url={target}"><link rel="canonical" href="{target}"></head>'
            f'<body><p>Sivu on siirtynyt: <a href="{target}">uusi osoite</a>.</p></body></html>\n',
            encoding="utf-8",
        )


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
    config["hooks"] = [str(CONTENT / "hooks" / "tables.py")]
    path = work / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def build_site(
    catalog: Catalog, site: Path, update_anchors: bool = False, today: dt.date | None = None
) -> list[Problem]:
    """Build into a temporary folder next to site/, then swap it in; return problems instead if any."""
    site = site.resolve()
    site.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".build-", dir=site.parent) as tmp:
        work = Path(tmp)
        source = SiteSource(catalog, work / "docs", today or dt.date.today())
        source.build()
        problems, moved = anchor_problems(source.anchors.published, update_anchors)
        if problems:
            return problems
        mkdocs_build(load_config(str(mkdocs_config(work, source.nav, moved))))
        copy_pyodide(work / "site")
        write_redirect_pages(work / "site", moved)
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
    parser.add_argument("--today", type=dt.date.fromisoformat, help="build as if on this day (YYYY-MM-DD)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        catalog = load_catalog(args.tariffs)
    except TariffDataError as exc:
        return _stop(exc.problems, args.site, "in the tariff data")
    if args.check:
        print(consistency_report(catalog), end="")
        return 0
    problems = build_site(catalog, args.site, args.update_anchors, args.today)
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
