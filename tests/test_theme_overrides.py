"""Copied theme templates (content/overrides) name the Material version they were copied from;
an upgrade of the theme must fail here until each copy is redone from the new version."""

import re
from importlib.metadata import version
from pathlib import Path

import pytest

OVERRIDES = Path(__file__).resolve().parent.parent / "content" / "overrides"
COPIES = sorted(p for p in OVERRIDES.rglob("*.html") if "changed only where marked" in p.read_text(encoding="utf-8"))


def test_copies_are_found():
    assert {p.relative_to(OVERRIDES).as_posix() for p in COPIES} >= {"base.html", "partials/search.html"}


@pytest.mark.parametrize("copy", COPIES, ids=lambda p: p.relative_to(OVERRIDES).as_posix())
def test_copy_matches_the_installed_theme(copy):
    header = re.match(r"\{#- Material (\S+) (\S+) ", copy.read_text(encoding="utf-8"))
    assert header, f"{copy}: first line must name the Material version and file it was copied from"
    copied_from, upstream = header.groups()
    assert copied_from == version("mkdocs-material"), (
        f"{copy}: copied from Material {copied_from}, installed {version('mkdocs-material')}; "
        f"redo the copy from the new {upstream} and keep the lines marked 'site:'"
    )
    assert upstream == copy.relative_to(OVERRIDES).as_posix()
