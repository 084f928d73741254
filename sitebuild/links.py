"""Published link targets: the registry of every page and anchor, the anchor lock and redirects.

An address in `links/published-anchors.txt` may never disappear unless
`links/moved-anchors.yaml` says where it went; the old address then still leads there.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import escape

from calculator import schema
from calculator.problems import Problem, TariffDataError
from calculator.schema import Fields, FileProblems

from .authority import Authority
from .urls import relative
from .yamlfile import read_text, read_yaml, shown_path


@dataclass
class Anchors:
    """Every page and anchor the build publishes, as site-relative "path/#id" strings."""

    published: set[str] = field(default_factory=set)

    def page(self, path: str) -> None:
        self.published.add(path or "./")

    def anchor(self, path: str, anchor: str) -> None:
        self.published.add(f"{path}#{anchor}")


ADDRESS = re.compile(r"[^\s\x00-\x1f\x7f]+")


@dataclass(frozen=True)
class LinkFiles:
    """The authority's links/ folder: the addresses published so far and the declared moves."""

    published_file: Path
    moved_file: Path
    listed: dict[str, int]  # address: its line in published-anchors.txt
    moved: dict[str, str]  # old address: new address
    move_lines: dict[str, int]


def _address(value: object) -> str:
    if not isinstance(value, str) or not ADDRESS.fullmatch(value):
        raise ValueError(f"expected a site address, found {value!r}")
    return value


def read_moves(file: Path) -> tuple[dict[str, str], dict[str, int], list[Problem]]:
    """The declared moves {old: new}, the line of each, and a problem for every malformed entry."""
    if not file.exists():
        return {}, {}, []
    shown = shown_path(file)
    found = FileProblems(shown)
    try:
        entries = read_yaml(file, shown)
    except TariffDataError as exc:
        return {}, {}, exc.problems
    moved: dict[str, str] = {}
    lines: dict[str, int] = {}
    what = "a list of moves, each {from: old address, to: new address, reason: why}"
    for i, entry, line in schema.items(found, entries, what=what):
        fields = Fields(found, entry, f"[{i}]", line, "a mapping with 'from', 'to' and 'reason'")
        old, new = fields.get("from", _address), fields.get("to", _address)
        fields.get("reason", schema.text, required=False)
        fields.finish()
        if old is None or new is None:
            continue
        if old == new:
            found.report(line, f"[{i}].to", "the same address as 'from'")
        elif old in moved:
            found.report(line, f"[{i}].from", f"{old!r} already moves on line {lines[old]}")
        else:
            moved[old], lines[old] = new, line
    return moved, lines, found.problems


def read_published(file: Path) -> tuple[dict[str, int], list[Problem]]:
    """The addresses listed as published, with their lines; a line that is no address is a problem."""
    if not file.exists():
        return {}, []
    shown = shown_path(file)
    try:
        text = read_text(file, shown)
    except TariffDataError as exc:
        return {}, exc.problems
    known: dict[str, int] = {}
    problems = []
    for number, line in enumerate(text.splitlines(), 1):
        address = line.strip()
        if not address:
            continue
        if ADDRESS.fullmatch(address):
            known.setdefault(address, number)
        else:
            problems.append(Problem(shown, number, "", f"not a site address (spaces or control characters): {line!r}"))
    return known, problems


def read_link_files(authority: Authority) -> LinkFiles:
    """Both files of the links/ folder, checked; raise with every problem of both."""
    moved, move_lines, problems = read_moves(authority.moved_anchors)
    listed, listing_problems = read_published(authority.published_anchors)
    if problems or listing_problems:
        raise TariffDataError(problems + listing_problems)
    return LinkFiles(authority.published_anchors, authority.moved_anchors, listed, moved, move_lines)


def anchor_problems(links: LinkFiles, published: set[str], update: bool) -> list[Problem]:
    """Published anchors must stay, unless the authority's moved-anchors.yaml says where they went."""
    problems = []
    file, moved_file = shown_path(links.published_file), shown_path(links.moved_file)
    for anchor in sorted(set(links.listed) - published):
        if anchor not in links.moved:
            message = f"published link target disappeared; declare where it moved in {moved_file}"
            problems.append(Problem(file, links.listed[anchor], anchor, message))
    for old, new in sorted(links.moved.items()):
        if new not in published:
            message = f"moves to {new!r}, which the build does not publish"
            problems.append(Problem(moved_file, links.move_lines[old], old, message))
    new_anchors = published - set(links.listed)
    if new_anchors and not update:
        problems.append(
            Problem(
                file,
                1,
                "",
                f"{len(new_anchors)} new link target(s) not yet listed, e.g. "
                f"{sorted(new_anchors)[0]!r}; run `python build.py --update-anchors`",
            )
        )
    if update and not problems:
        links.published_file.parent.mkdir(parents=True, exist_ok=True)
        links.published_file.write_text("\n".join(sorted(set(links.listed) | published)) + "\n", encoding="utf-8")
    return problems


def moved_anchors_script(moved: dict[str, str]) -> str:
    """assets/moved-anchors.js: site.js sends a visitor on an old anchor to its new place."""
    return f"window.MOVED_ANCHORS = {json.dumps(moved, ensure_ascii=False)};\n"


def write_redirect_pages(site: Path, moved: dict[str, str]) -> None:
    """A published page that no longer exists still answers: it sends the reader to the new place."""
    for old, new in moved.items():
        old_page = old.partition("#")[0]
        page = site / old_page / "index.html"
        if page.exists():
            continue  # the page is still there; assets/moved-anchors.js redirects its old anchor
        target = escape(relative(old_page, new))
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(
            f'<!doctype html><html lang="fi"><head><meta charset="utf-8"><title>Sivu on siirtynyt</title>'
            f'<meta http-equiv="refresh" content="0; url={target}"><link rel="canonical" href="{target}"></head>'
            f'<body><p>Sivu on siirtynyt: <a href="{target}">uusi osoite</a>.</p></body></html>\n',
            encoding="utf-8",
        )
