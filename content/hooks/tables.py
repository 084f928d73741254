"""MkDocs hook: Markdown tables get header scopes, and a caption from a "Taulukko: …" line before them."""

from __future__ import annotations

import re

CAPTIONED = re.compile(r"<p>Taulukko: (?P<caption>[^<]+)</p>\s*<table>")


def on_page_content(html: str, **_: object) -> str:
    def caption(match: re.Match) -> str:
        text = match.group("caption").strip()
        return f"<table>\n<caption>{text[:1].upper()}{text[1:]}</caption>"

    html = CAPTIONED.sub(caption, html)
    return re.sub(r"<th(?=[\s>])(?![^>]*\bscope=)", '<th scope="col"', html)
