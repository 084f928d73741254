"""The front page: the authority's introduction (content/<id>/index.md up to its first "## "), the calculator
and the example households, the rest of the authority's text, then its facts from authority.yaml."""

from __future__ import annotations

from typing import Any

from calculator.finnish import localize

from .. import urls
from ..presets import Preset
from ..site_docs import SiteDocs


def households(site: SiteDocs) -> list[dict[str, Any]]:
    """The calculator's examples as the front page and the calculator show them (macro household_card):
    what such a household pays under each tariff, priced at build time by the pricing core, and `note`."""
    presets = site.data.presets
    return [
        {"name": preset.name, "scenario": preset.full_scenario, "result": localize(preset.full_comparison),
         "note": leaves_out_note(preset, presets.source)}
        for preset in presets.examples
    ]  # fmt: skip


def leaves_out_note(preset: Preset, source: str | None) -> str | None:
    """What the example's figures include that its source's example leaves out, and the source's figures
    without it (as the core prices the source's example); None when they leave out nothing or the data
    names no source (presets.yaml: `source`)."""
    lines = localize(preset.leaves_out)
    if not lines or not source:
        return None
    own = localize(preset.comparison)
    what = "; ".join(
        f"{line['label'][:1].lower()}{line['label'][1:]} ({line['old_amount_fi']}"
        + (f" → {line['new_amount_fi']})" if line["new_amount_fi"] != line["old_amount_fi"] else ")")
        for line in lines
    )
    which, it = ("jota", "sitä") if len(lines) == 1 else ("joita", "niitä")
    return (
        f"Mukana {what}, {which} lähteen esimerkissä ei ole. Ilman {it}, kuten lähteessä ({source}): "
        f"{own['old']['total_fi']} ja {own['new']['total_fi']}."
    )


def build(site: SiteDocs) -> None:
    intro, heading, rest = site.data.texts.front_page.rstrip().partition("\n## ")
    start = ""
    if site.data.compared:  # the calculator page exists
        current, proposal = site.data.compared
        start = site.renderer.render("home.md.j2", urls.HOME, current=current, proposal=proposal,
                                     households=households(site), presets=site.data.presets)  # fmt: skip
    facts = site.renderer.render("authority_facts.md.j2", urls.HOME, versions=site.catalog.versions)
    body = f"{intro}\n\n{start}\n{heading.lstrip()}{rest}\n\n{facts}"
    site.nav.append({"Etusivu": site.page(urls.HOME, body)})
