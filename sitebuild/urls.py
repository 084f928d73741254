"""The URL scheme: every page, anchor and file of a site, site-relative ("maksut/v/s/#t--r").

Pages are directories (MkDocs `use_directory_urls`); `relative` turns a site-relative
address into a link from a given page. Templates and the browser get addresses from here.
"""

from __future__ import annotations

import base64
import json
import posixpath

from calculator.catalog import Addresses
from calculator.model import TariffVersion

HOME = ""
CALCULATOR = "laskuri/"
PRICE_LIST = "hinnasto/"
LINKING_GUIDE = "linkitysohje/"
OPEN_DATA = "avoin-data/"
CHANGES = "muutokset/"
CHANGES_TEXT = "muutokset/tekstiosa/"
ASSETS = "assets/"
SERVICE_WORKER = "laskuri-sw.js"  # at the root: its scope is the whole site
# The scripts in content/assets/ that one page kind alone loads: a site without that page ships none of them.
PAGE_SCRIPTS = {CALCULATOR: "laskuri*.js", CHANGES: "lajittelu.js"}
CALCULATOR_DATA = "laskuri-data/"
HISTORY = "hintahistoria/"


def version(version_id: str) -> str:
    return f"maksut/{version_id}/"


def section(version_id: str, section_id: str) -> str:
    return f"maksut/{version_id}/{section_id}/"


def table_anchor(table_id: str, row_id: str | None = None) -> str:
    return f"{table_id}--{row_id}" if row_id else table_id


def table(version: TariffVersion, table_id: str, row_id: str | None = None) -> str | None:
    """A table (or row) of a version, or None if the version has no such table."""
    try:
        found = version.table(table_id)
    except KeyError:
        return None
    return f"{section(version.id, found.section_id)}#{table_anchor(table_id, row_id)}"


def history(table_id: str, row_id: str | None = None) -> str:
    """The price history of a table of today's tariff, or of one of its rows."""
    return f"{HISTORY}{table_id}/" + (f"#{row_id}" if row_id else "")


def history_data(extension: str) -> str:
    return f"data/hintahistoria.{extension}"


def text_part(version_id: str) -> str:
    return f"tekstiosa/{version_id}/"


# A section of the text part, e.g. 2.1.5.1 → "kohta-2-1-5-1" (the anchors of content/<id>/tekstiosa.md).
TEXT_SECTION_ANCHOR = "kohta-{section}"


def calculator_addresses(text_parts: list[str]) -> Addresses:
    """The calculator's templates for the address of a priced row and of a rule's section."""
    return Addresses(
        row=section("{version}", "{section}") + "#" + table_anchor("{table}", "{row}"),
        rule=text_part("{version}") + "#" + TEXT_SECTION_ANCHOR,
        text_parts=tuple(text_parts),
    )


def changes_section(section_id: str, only_changed: bool = False) -> str:
    return f"{CHANGES}{section_id}/" + ("muuttuneet/" if only_changed else "")


def data_file(version_id: str, extension: str) -> str:
    return f"data/{version_id}.{extension}"


def pyodide(version: str) -> str:
    """The Pyodide runtime's folder, by version: a new runtime gets new addresses (long-cached files)."""
    return f"pyodide/{version}/"


def asset(name: str) -> str:
    return f"{ASSETS}{name}"


# The calculator page's browser modules (content/assets/): its entry first, then every module it imports.
CALCULATOR_MODULES = tuple(
    asset(name)
    for name in ("laskuri.js", "laskuri-state.js", "laskuri-form.js", "laskuri-client.js", "laskuri-messages.js",
                 "laskuri-result.js", "laskuri-dom.js", "laskuri-months.js", "laskuri-compare.js")
)  # fmt: skip


def markdown_file(page: str, index: bool = False) -> str:
    """The Markdown file MkDocs turns into `page`: "a/b/" from "a/b.md", or from "a/b/index.md"."""
    if page == HOME:
        return "index.md"
    return f"{page}index.md" if index else f"{page.rstrip('/')}.md"


def calculator_scenario(scenario: dict, alternative: dict | None = None) -> str:
    """The calculator filled in with a scenario: its JSON in base64url without padding after "#s="
    (the form's own link format, content/assets/laskuri-state.js); compared with set-up B's own part
    (its containers, paper invoices and washings: calculator/form.py, alternative_of) after "&b="."""

    def encoded(value: dict) -> str:
        data = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")

    return CALCULATOR + "#s=" + encoded(scenario) + (f"&b={encoded(alternative)}" if alternative else "")


def root(here: str) -> str:
    """The site root as a link from page `here`: "../" per level, "./" on the front page."""
    return "../" * (here.rstrip("/").count("/") + 1) if here else "./"


def relative(here: str, target: str) -> str:
    """A link from page `here` to the site-relative `target` ("#x" stays on the page)."""
    path, hash_mark, anchor = target.partition("#")
    if not path:
        return target
    link = posixpath.relpath(path.rstrip("/") or ".", here.rstrip("/") or ".")
    if path.endswith("/") or link == ".":
        link = "./" if link == "." else link + "/"
    return link + hash_mark + anchor
