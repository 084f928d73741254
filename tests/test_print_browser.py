"""On paper: Chromium prints three table pages to PDF (as its print dialog does: the page size and margins of
site.css's @page) on A4 portrait, in far fewer pages than before the print stylesheet, and laid out as on paper
they pass print_problems (every table's last column inside the page, nothing printed over the content, full link
addresses). The audit (tests/test_site_browser.py) runs print_problems on every page.
"""

from __future__ import annotations

import re

import pytest

from .browser import _contexts, browser, page_for, print_problems, site_dir, site_server  # noqa: F401

# Pages printed before the print stylesheet (main at bfa6571, 7.12.2026: Chromium page.pdf, A4): the price list
# in 39 pages (only its first price column on paper), a fee page in 10 and a changes page in 13 (their right-hand
# columns cut). The price list must now take at most a third of its pages; the others no more than before.
BEFORE = {
    "hinnasto/": 39,
    "maksut/lakeus-2026-04-01/kunnan-jatteenkuljetus/": 10,
    "muutokset/kunnan-jatteenkuljetus/": 13,
}
MOST_PAGES = BEFORE | {"hinnasto/": BEFORE["hinnasto/"] // 3}
A4 = (595, 842)  # points, portrait


def pdf_pages(pdf: bytes) -> list[tuple[float, float]]:
    """The size (points) of each page of a PDF as Chromium writes it (each page's own /MediaBox)."""
    number = rb"\s*([\d.]+)"
    boxes = re.findall(rb"/Type\s*/Page\b(?!s)(?:(?!endobj).)*?/MediaBox\s*\[" + number * 4, pdf, re.S)
    return [(float(x1) - float(x0), float(y1) - float(y0)) for x0, y0, x1, y1 in boxes]


@pytest.mark.parametrize("path", list(BEFORE), ids=[f"/{p}" for p in BEFORE])
def test_a_table_page_prints_every_column_on_a4_in_few_pages(page_for, path):  # noqa: F811 - imported fixture
    page = page_for(path).page
    pages = pdf_pages(page.pdf(prefer_css_page_size=True, print_background=True))
    assert pages, "no page found in the PDF"
    assert all(abs(w - A4[0]) < 1 and abs(h - A4[1]) < 1 for w, h in pages), pages
    assert len(pages) <= MOST_PAGES[path], f"/{path}: {len(pages)} pages (before {BEFORE[path]})"
    assert print_problems(page) == []
