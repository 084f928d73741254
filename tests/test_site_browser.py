"""Generic checks over every page of the built site: accessibility (axe-core, light and dark), no
requests to other hosts, internal links and fragments, table captions and header scopes, and no
horizontal scrolling of a page with wide tables.

The site is built once per test process (tests/browser.py); the link and table checks read the
built HTML with html.parser, the others drive Debian's Chromium through Playwright.
"""

from __future__ import annotations

import functools
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import pytest

from .browser import (  # noqa: F401 - fixtures are found by name
    CONDITIONS,
    DEFAULT_VIEWPORT,
    FAULT_FINDINGS,
    FAULT_PAGE,
    FAULT_VIOLATION,
    FAULTS_FOUND,
    NARROWEST,
    SCHEME_RULES,
    WIDTHS,
    Contexts,
    _contexts,
    audit_page,
    audited_pages,
    axe_violations,
    browser,
    built_site,
    html_pages,
    is_local,
    other_authorities_pages,
    page_audit,
    page_file,
    page_for,
    route_fault_page,
    site_dir,
    site_server,
)

PAGES = audited_pages()  # every authority's site
PAGE_IDS = ["/" + page.removeprefix("../") for page in PAGES]
WIDE_TABLE_PAGE = "maksut/lakeus-2026-04-01/kunnan-jatteenkuljetus/"
THIRD_PARTY_HOSTS = {
    "fonts.googleapis.com",
    "fonts.gstatic.com",
    "cdn.jsdelivr.net",
    "unpkg.com",
    "cdnjs.cloudflare.com",
}
SCOPES = {"col", "row", "colgroup", "rowgroup"}

each_page = pytest.mark.parametrize("path", PAGES, ids=PAGE_IDS)


def test_every_page_is_found():
    assert "" in PAGES and WIDE_TABLE_PAGE in PAGES, PAGES


# --- in the browser -------------------------------------------------------------------------------
# Each page is loaded once and checked with axe-core in each scheme and width (tests/browser.py:
# which rules run where); the test workers audit different pages side by side.

@each_page
def test_axe_finds_nothing_no_other_host_is_asked_and_nothing_scrolls_sideways(page_audit, path):  # noqa: F811
    """axe-core with WCAG 2.0-2.2 A/AA and best-practice rules, on a phone and a wide screen, light and
    dark (in the dark the rules whose result depends on the scheme: SCHEME_RULES), on one load that ran
    until the network was idle, width and scheme changed in place; every request to another host was
    refused; at 320 px (NARROWEST), with its
    scripts run (the calculator with its first result), the page does not scroll sideways, its first Tab
    stop skips to its content, no control off the screen takes focus, and every table shows its label, the
    price a resident pays and its unit first (PHONE_CHECKS); on paper every table has all its columns, nothing
    is printed over the content and links print full addresses (print_problems); under the site's security
    headers (as `make serve` sends them), no policy violation and no console error."""
    audit = page_audit(path)
    problems = [f"({scheme}, {width} px): {len(found)} axe violation(s):\n" + "\n".join(found)
                for (scheme, width), found in audit.violations.items() if found]
    if audit.external_requests:
        problems.append("asked other hosts for:\n" + "\n".join(audit.external_requests))
    if audit.scroll_width > NARROWEST:
        problems.append(f"scrolls sideways at {NARROWEST} px: {audit.scroll_width} px wide")
    if audit.errors:
        problems.append("console errors (policy violations: CSP):\n" + "\n".join(audit.errors))
    for kind, found in audit.findings.items():
        if found:
            where = "on paper" if kind == "print" else f"at {NARROWEST} px, {kind}"
            problems.append(f"{where}:\n" + "\n".join(found))
    assert sorted(audit.violations) == sorted(CONDITIONS)
    assert not problems, f"/{path}:\n" + "\n".join(problems)


def _fault_findings(browser, site_server, dark_rules):  # noqa: F811 - imported fixture
    contexts = Contexts(browser)
    try:
        route_fault_page(contexts.get("light", (WIDTHS[0], DEFAULT_VIEWPORT[1])), site_server)  # audit_page's
        audit = audit_page(contexts, site_server, FAULT_PAGE, check=axe_violations, dark_rules=dark_rules)
    finally:
        contexts.close()
    found = {condition: {(v["id"], target) for v in violations for target in v["targets"]}
             for condition, violations in audit.violations.items()}
    return found, audit.scroll_width, audit.errors, audit.findings


def test_the_audit_finds_each_kind_of_fault_where_it_is(browser, site_server):  # noqa: F811 - imported fixture
    """A page with a fault in every condition, one only in the dark scheme, one only there at 375 px
    and one only at 1280 px: the audit reports each exactly where it is, and nothing else; checking
    every rule in every condition finds no fault more (the dark scheme repeats the light one's)."""
    split, width, errors, findings = _fault_findings(browser, site_server, SCHEME_RULES)
    assert split == FAULTS_FOUND
    assert width > NARROWEST  # the phone-only box wider than the narrowest phone
    assert [e for e in errors if e.startswith(FAULT_VIOLATION)], errors  # the refused image, on each load
    assert findings == FAULT_FINDINGS
    full, _, _, _ = _fault_findings(browser, site_server, None)
    assert set().union(*full.values()) == set().union(*split.values())
    assert full[("dark", 375)] - split[("dark", 375)] == split[("light", 375)]
    assert full[("dark", 1280)] - split[("dark", 1280)] == split[("light", 1280)]


TABS = 4  # pages loading at once in the 320 px check


def test_no_page_scrolls_sideways_at_320_px_without_javascript(browser, site_server):  # noqa: F811
    """With scripts the audit checks this on every page (test_axe_finds_nothing_…); without them, here."""
    context = browser.new_context(viewport={"width": NARROWEST, "height": 700}, java_script_enabled=False,
                                  service_workers="block")
    wide = []
    tabs = [context.new_page() for _ in range(TABS)]
    try:
        for start in range(0, len(PAGES), TABS):  # a few pages load at once, each in its own tab
            batch = list(zip(tabs, PAGES[start : start + TABS], strict=False))
            for tab, path in batch:
                tab.goto(site_server.url(path), wait_until="commit")
            for tab, path in batch:
                tab.wait_for_load_state("load")
                width = tab.evaluate("document.documentElement.scrollWidth")
                if width > NARROWEST:
                    wide.append(f"/{path}: {width} px")
    finally:
        context.close()
    assert not wide, f"{len(wide)} page(s) scroll sideways at 320 px:\n" + "\n".join(wide)


# --- over the built HTML --------------------------------------------------------------------------

# Where a URL may sit: (tag, attribute). Links are a[href]; the rest are only checked for third-party hosts.
URL_ATTRIBUTES = {("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("iframe", "src"),
                  ("source", "src"), ("video", "src"), ("audio", "src"), ("form", "action")}


class PageParser(HTMLParser):
    """Collects ids/names, URLs, and the tables of the content area (article / .md-content)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.urls: list[tuple[str, str]] = []  # (tag, url)
        self.tables: list[dict] = []
        self._content: list[tuple[str, int]] = []  # (tag, depth) of open content-area elements
        self._depth: dict[str, int] = {}
        self._open_tables: list[dict] = []
        self._caption: dict | None = None
        self._first_header: dict | None = None  # the table whose first <th> is open

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        for key in ("id", "name"):
            if attributes.get(key):
                self.ids.add(attributes[key])
        for name, value in attrs:
            if value and (tag, name) in URL_ATTRIBUTES:
                self.urls.append((tag, value))
                if tag == "a":
                    self.links.append(value)
        if tag in {"article", "div", "main", "section"}:
            depth = self._depth.get(tag, 0) + 1
            self._depth[tag] = depth
            classes = (attributes.get("class") or "").split()
            if not self._content and (tag == "article" or "md-content" in classes):
                self._content.append((tag, depth))
        if not self._content:
            return
        if tag == "table":
            table = {"caption": None, "th": [], "first_header": "", "id": attributes.get("id")}
            self.tables.append(table)
            self._open_tables.append(table)
        elif tag == "caption" and self._open_tables:
            self._caption = self._open_tables[-1]
            self._caption["caption"] = ""
        elif tag == "th" and self._open_tables:
            self._open_tables[-1]["th"].append(attributes.get("scope"))
            if len(self._open_tables[-1]["th"]) == 1:
                self._first_header = self._open_tables[-1]

    def handle_endtag(self, tag: str) -> None:
        if tag in {"article", "div", "main", "section"}:
            depth = self._depth.get(tag, 0)
            if self._content and self._content[-1] == (tag, depth):
                self._content.pop()
            self._depth[tag] = max(depth - 1, 0)
        elif tag == "table" and self._open_tables:
            self._open_tables.pop()
        elif tag == "caption":
            self._caption = None
        elif tag == "th":
            self._first_header = None

    def handle_data(self, data: str) -> None:
        if self._caption is not None:
            self._caption["caption"] += data
        if self._first_header is not None:
            self._first_header["first_header"] += data


def parse_html(text: str) -> PageParser:
    parser = PageParser()
    parser.feed(text)
    parser.close()
    return parser


@functools.cache
def parsed_page(path: Path) -> PageParser:
    return parse_html(path.read_text(encoding="utf-8"))


@functools.cache
def fetch(url: str) -> tuple[int | str, str | None, frozenset[str]]:
    """(HTTP status, content type, ids and names if HTML) of a URL on the local server, once per URL."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            kind = response.headers.get_content_type()
            body = response.read()
            ids = frozenset(parse_html(body.decode("utf-8", "replace")).ids) if kind == "text/html" else frozenset()
            return response.status, kind, ids
    except urllib.error.HTTPError as error:
        return error.code, None, frozenset()
    except urllib.error.URLError as error:
        return f"unreachable ({error.reason})", None, frozenset()


@each_page
def test_internal_links_resolve(site_dir, site_server, path):  # noqa: F811 - imported fixture
    page_url = site_server.url(path)
    parser = parsed_page(page_file(site_dir, path))
    broken = []
    for tag, href in parser.urls:
        host = urlsplit(urljoin(page_url, href)).hostname
        if host in THIRD_PARTY_HOSTS:
            broken.append(f"{tag} {href}: third-party CDN or font host (serve it from the site itself)")
    origin = urlsplit(page_url)[:2]
    for href in parser.links:
        target = urljoin(page_url, href.strip())
        if urlsplit(target).scheme not in {"http", "https"} or not is_local(target):
            continue  # mailto:, tel:, javascript:, and external sites
        if urlsplit(target)[:2] != origin:
            broken.append(f"{href}: points at another local server, not at the site itself")
            continue
        url, fragment = urldefrag(target)
        status, kind, ids = fetch(url)
        if status != 200:
            broken.append(f"{href}: HTTP {status}")
        elif fragment and "=" not in fragment and kind == "text/html":  # "#s=…" is calculator state
            fragment = unquote(fragment)
            if fragment not in ids:
                broken.append(f"{href}: no element with id or name {fragment!r} on {urlsplit(url).path}")
    assert not broken, f"/{path}: {len(broken)} broken link(s):\n" + "\n".join(broken)


@each_page
def test_content_tables_have_caption_and_header_scopes(site_dir, path):  # noqa: F811 - imported fixture
    parser = parsed_page(page_file(site_dir, path))
    problems = []
    for number, table in enumerate(parser.tables, 1):
        name = f"table {number}" + (f" #{table['id']}" if table["id"] else "")
        if table["first_header"].strip():
            name += f" (first header {' '.join(table['first_header'].split())!r})"
        if not (table["caption"] or "").strip():
            problems.append(f"{name}: no caption" if table["caption"] is None else f"{name}: empty caption")
        missing = [scope for scope in table["th"] if scope not in SCOPES]
        if missing:
            found = sorted({"no scope" if scope is None else f"scope={scope!r}" for scope in missing})
            problems.append(f"{name}: {len(missing)} of {len(table['th'])} <th> without scope col/row/colgroup/"
                            f"rowgroup ({', '.join(found)})")
    assert not problems, f"/{path}:\n" + "\n".join(problems)
