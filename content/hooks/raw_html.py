"""MkDocs hook: generated HTML between <!--raw--> and <!--/raw--> skips Markdown.

The build's pages carry large generated tables (hundreds of rows, thousands with a big tariff) that
Markdown would only parse to pass through unchanged. Each such block is set aside before Markdown
and put back, byte for byte, into the page's HTML. Markers are written by the templates' macros.
"""

from __future__ import annotations

import re
import secrets

BLOCK = re.compile(r"<!--raw-->\n?(.*?)\n?<!--/raw-->", re.S)


def on_page_markdown(markdown: str, page, **_: object) -> str:
    blocks: list[str] = []
    token = secrets.token_hex(8)

    def set_aside(match: re.Match) -> str:
        blocks.append(match.group(1))
        return f"raw{token}x{len(blocks) - 1}x"

    markdown = BLOCK.sub(set_aside, markdown)
    page.raw_html_blocks = (token, blocks)
    return markdown


def on_page_content(html: str, page, **_: object) -> str:
    token, blocks = getattr(page, "raw_html_blocks", ("", []))
    if not blocks:
        return html
    # A placeholder on its own line becomes a paragraph; inside an HTML block it stays bare.
    placeholder = re.compile(rf"(?:<p>)?raw{token}x(\d+)x(?:</p>)?")
    found = [int(number) for number in placeholder.findall(html)]
    if sorted(found) != list(range(len(blocks))):
        raise ValueError(f"{page.file.src_uri}: generated HTML blocks were lost or repeated by Markdown")
    return placeholder.sub(lambda match: blocks[int(match.group(1))], html)
