"""The text part: in force (changes rejected) and as proposed (changes accepted), from content/<id>/tekstiosa.md."""

from __future__ import annotations

import re

from .. import critic, urls
from ..site_docs import SiteDocs
from .fees import other_version

ANCHOR = re.compile(r"\{#([a-z0-9-]+)\}")


def build(site: SiteDocs) -> None:
    source = site.data.texts.text_part
    if source is None:
        return
    current, proposal = site.catalog.current_and_proposal()
    pages = []
    for version, accept in ((current, False), (proposal, True)):
        if version is None:
            continue
        page = urls.text_part(version.id)
        body = critic.resolve(source, accept)
        heading, rest = body.split("\n", 1)
        other = other_version(site, version)
        notice = site.renderer.render("text_notice.md.j2", page, version=version, other=other, title=title(version),
                                      other_title=title(other) if other else None)
        file = site.page(page, f"{heading}\n\n{notice}\n{rest}", versions=(version,))
        pages.append({title(version): file})
        for anchor in ANCHOR.findall(body):
            site.anchors.anchor(page, anchor)
    site.nav.append({"Tekstiosa": pages})


def title(version) -> str:
    """A version's name for its text part: the title names the fee appendix ("…maksuliite 1.4.2026 alkaen")."""
    return version.title.replace("maksuliite", "tekstiosa")


def marked_text(site: SiteDocs) -> str | None:
    """The text part with its proposed changes marked, or None if it has none."""
    source = site.data.texts.text_part
    if source is None:
        return None
    return critic.mark(source, site.renderer.macros) if critic.has_changes(source) else None
