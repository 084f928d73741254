"""Published link targets: the registry of every page and anchor, the anchor lock and redirects.

An address in `links/published-anchors.txt` may never disappear unless
`links/moved-anchors.yaml` says where it went; the old address then still leads there.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import escape

from calculator.problems import Problem

from .authority import Authority
from .sources import read_yaml, shown_path
from .urls import relative


@dataclass
class Anchors:
    """Every page and anchor the build publishes, as site-relative "path/#id" strings."""

    published: set[str] = field(default_factory=set)

    def page(self, path: str) -> None:
        self.published.add(path or "./")

    def anchor(self, path: str, anchor: str) -> None:
        self.published.add(f"{path}#{anchor}")


def moved_anchors(authority: Authority) -> tuple[dict[str, str], list[Problem]]:
    """The declared moves {old: new}, with a problem for every malformed entry."""
    file = authority.moved_anchors
    if not file.exists():
        return {}, []
    entries = read_yaml(file) or []
    moved, problems = {}, []
    for i, entry in enumerate(entries if isinstance(entries, list) else [entries]):
        if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str) for k in ("from", "to")):
            line = getattr(entry, "line", None) or getattr(entries, "line", None)
            problems.append(Problem(shown_path(file), line, f"[{i}]", "expected a mapping with 'from' and 'to'"))
            continue
        moved[entry["from"]] = entry["to"]
    return moved, problems


def anchor_problems(authority: Authority, published: set[str], update: bool) -> tuple[list[Problem], dict[str, str]]:
    """Published anchors must stay, unless the authority's moved-anchors.yaml says where they went."""
    moved, problems = moved_anchors(authority)
    listed = authority.published_anchors
    known = set(listed.read_text(encoding="utf-8").split()) if listed.exists() else set()
    file, moved_file = shown_path(listed), shown_path(authority.moved_anchors)
    for anchor in sorted(known - published):
        if anchor not in moved:
            message = f"published link target disappeared; declare where it moved in {moved_file}"
            problems.append(Problem(file, None, anchor, message))
    for old, new in sorted(moved.items()):
        if new not in published:
            problems.append(Problem(moved_file, None, old, f"moves to {new!r}, which the build does not publish"))
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
        listed.parent.mkdir(parents=True, exist_ok=True)
        listed.write_text("\n".join(sorted(known | published)) + "\n", encoding="utf-8")
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
