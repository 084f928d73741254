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

from calculator.problems import Problem, TariffDataError

from .authority import Authority
from .sources import read_text, read_yaml, shown_path
from .urls import relative


@dataclass
class Anchors:
    """Every page and anchor the build publishes, as site-relative "path/#id" strings."""

    published: set[str] = field(default_factory=set)

    def page(self, path: str) -> None:
        self.published.add(path or "./")

    def anchor(self, path: str, anchor: str) -> None:
        self.published.add(f"{path}#{anchor}")


MOVE_FIELDS = ("from", "to", "reason")
ADDRESS = re.compile(r"[^\s\x00-\x1f\x7f]+")


def moved_anchors(authority: Authority) -> tuple[dict[str, str], dict[str, int], list[Problem]]:
    """The declared moves {old: new}, the line of each, and a problem for every malformed entry."""
    file = authority.moved_anchors
    if not file.exists():
        return {}, {}, []
    shown = shown_path(file)
    try:
        entries = read_yaml(file, shown)
    except TariffDataError as exc:
        return {}, {}, exc.problems
    if entries is None:
        return {}, {}, []
    if not isinstance(entries, list):
        message = "expected a list of moves, each {from: old address, to: new address, reason: why}"
        return {}, {}, [Problem(shown, getattr(entries, "line", 1), "", message)]
    moved: dict[str, str] = {}
    lines: dict[str, int] = {}
    problems = []
    for i, entry in enumerate(entries):
        line = entries.item_lines[i]
        if not isinstance(entry, dict):
            problems.append(Problem(shown, line, f"[{i}]", "expected a mapping with 'from', 'to' and 'reason'"))
            continue
        found = [
            Problem(shown, entry.key_lines[name], f"[{i}].{name}", "unknown field")
            for name in entry
            if name not in MOVE_FIELDS
        ]
        if "reason" in entry and not isinstance(entry["reason"], str):
            found.append(Problem(shown, entry.key_lines["reason"], f"[{i}].reason", "expected text"))
        for name in ("from", "to"):
            value = entry.get(name)
            if not isinstance(value, str) or not ADDRESS.fullmatch(value):
                where = entry.key_lines.get(name, line)
                wanted = "missing: the old address" if name == "from" else "missing: the new address"
                message = wanted if value is None else f"expected a site address, found {value!r}"
                found.append(Problem(shown, where, f"[{i}].{name}", message))
        if not found and entry["from"] == entry["to"]:
            found.append(Problem(shown, line, f"[{i}].to", "the same address as 'from'"))
        if not found and entry["from"] in moved:
            message = f"{entry['from']!r} already moves on line {lines[entry['from']]}"
            found.append(Problem(shown, line, f"[{i}].from", message))
        if found:
            problems += found
            continue
        moved[entry["from"]], lines[entry["from"]] = entry["to"], line
    return moved, lines, problems


def published_anchors(authority: Authority) -> tuple[dict[str, int], list[Problem]]:
    """The addresses listed as published, with their lines; a line that is no address is a problem."""
    file = authority.published_anchors
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


def anchor_problems(authority: Authority, published: set[str], update: bool) -> tuple[list[Problem], dict[str, str]]:
    """Published anchors must stay, unless the authority's moved-anchors.yaml says where they went."""
    moved, move_lines, problems = moved_anchors(authority)
    known, listing_problems = published_anchors(authority)
    problems += listing_problems
    if listing_problems and not known:
        return problems, moved  # the list could not be read: comparing with it would only add noise
    listed = authority.published_anchors
    file, moved_file = shown_path(listed), shown_path(authority.moved_anchors)
    for anchor in sorted(set(known) - published):
        if anchor not in moved:
            message = f"published link target disappeared; declare where it moved in {moved_file}"
            problems.append(Problem(file, known[anchor], anchor, message))
    for old, new in sorted(moved.items()):
        if new not in published:
            message = f"moves to {new!r}, which the build does not publish"
            problems.append(Problem(moved_file, move_lines[old], old, message))
    new_anchors = published - set(known)
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
        listed.parent.mkdir(parents=True, exist_ok=True)
        listed.write_text("\n".join(sorted(set(known) | published)) + "\n", encoding="utf-8")
    return problems, moved


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
