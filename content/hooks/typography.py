"""MkDocs hook: a per cent sign stays on its number's line in every text of a page, the authority's and the
sources' texts too (the site's own numbers come so from calculator/finnish.py): "30 %" gets a no-break space."""

from __future__ import annotations

import re

TAG = re.compile(r"(<[^>]*>)")
PER_CENT = re.compile(r"(\d) %")


def on_page_content(html: str, **_: object) -> str:
    parts = TAG.split(html)
    parts[::2] = [PER_CENT.sub("\\1\u00a0%", text) for text in parts[::2]]
    return "".join(parts)
