"""Generated HTML blocks skip Markdown (content/hooks/raw_html.py) and come back unchanged; pages that
repeat other pages stay out of the search index."""

import importlib.util
import json
from types import SimpleNamespace

import markdown
import pytest

from .conftest import ROOT

spec = importlib.util.spec_from_file_location("raw_html", ROOT / "content" / "hooks" / "raw_html.py")
raw_html = importlib.util.module_from_spec(spec)
spec.loader.exec_module(raw_html)

BLOCK = '<div class="table-scroll">\n<table><tr><td>*ei korostusta* 3,89 &amp; [ei linkki](x)</td></tr></table>\n</div>'


def through_mkdocs(text: str) -> str:
    """The hook's two steps around Markdown, as MkDocs runs them for one page."""
    page = SimpleNamespace(file=SimpleNamespace(src_uri="sivu.md"))
    converted = markdown.markdown(raw_html.on_page_markdown(text, page=page), extensions=["md_in_html"])
    return raw_html.on_page_content(converted, page=page)


@pytest.mark.parametrize(
    "around",
    ["Ennen.\n\n{}\n\nJälkeen *korostus*.", '<section markdown="1">\n\n{}\n\n</section>', "<section>\n{}\n</section>"],
    ids=["paragraphs", "markdown-block", "html-block"],
)
def test_a_block_comes_back_byte_for_byte(around):
    html = through_mkdocs(around.format(f"<!--raw-->\n{BLOCK}\n<!--/raw-->"))
    assert BLOCK in html
    assert "raw" not in html.replace(BLOCK, "").replace("<section>", "")


def test_text_outside_the_blocks_is_still_markdown():
    html = through_mkdocs(f"*a*\n\n<!--raw-->\n{BLOCK}\n<!--/raw-->\n\n*b*\n\n<!--raw-->\n<p>2</p>\n<!--/raw-->")
    assert "<em>a</em>" in html and "<em>b</em>" in html and "<p>2</p>" in html
    assert html.index("<em>a</em>") < html.index(BLOCK) < html.index("<em>b</em>") < html.index("<p>2</p>")


def test_a_lost_block_is_an_error_not_a_silent_gap():
    page = SimpleNamespace(file=SimpleNamespace(src_uri="sivu.md"))
    raw_html.on_page_markdown(f"<!--raw-->\n{BLOCK}\n<!--/raw-->", page=page)
    token = page.raw_html_blocks[0]
    for html in ("<p>kadonnut</p>", f"<p>raw{token}x0x</p><p>raw{token}x0x</p>", f"<p>raw{token}x1x</p>"):
        with pytest.raises(ValueError, match="sivu.md"):
            raw_html.on_page_content(html, page=page)


def test_the_built_tables_skip_markdown_and_stay_whole(built_site):
    page = (built_site / "hintahistoria" / "index.html").read_text(encoding="utf-8")
    assert "<!--raw" not in page and "<table" in page
    for html in built_site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert "<!--raw" not in text and "<!--/raw" not in text, html
        assert text.count("<table") == text.count("</table>"), html


def test_search_skips_pages_that_repeat_others(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    pages = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert "hintahistoria/" in pages  # the index of the price history is searched
    assert not [p for p in pages if p.startswith("hintahistoria/") and p != "hintahistoria/"]
    assert not [p for p in pages if p.endswith("/muuttuneet/")]
    assert [p for p in pages if p.startswith("muutokset/") and p.count("/") == 2]  # full changes pages
    assert [p for p in pages if p.startswith("maksut/")]  # the tables themselves
