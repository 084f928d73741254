"""Shared fixtures and helpers for the browser tests (a pytest plugin module).

Test modules import the fixtures they use *and every fixture those depend on* (pytest finds
imported fixtures by name in the test module only)::

    from .browser import _contexts, browser, page_audit, page_for, site_dir, site_server  # noqa: F401

    site_dir -> site_server -> page_for, page_audit;  browser -> _contexts -> page_for;  browser -> page_audit

Every authority's site is built once per run (tests/sites.py, never the possibly stale
site/), served on 127.0.0.1 on a free port with the security headers the build wrote (`_headers`,
as `make serve` sends them: every browser test runs under the site's policy), and driven with
Debian's Chromium through Playwright (`make browser`; Playwright cannot download its own browsers
here): its headless shell, the same Blink without the desktop browser around it, which took a quarter
less CPU for the same page audit than `chromium --headless` (docs/testing.md).
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .sites import DEFAULT_AUTHORITY, sites_for

ROOT = Path(__file__).resolve().parent.parent
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium-headless-shell"))
VISITORS_CHROMIUM = os.environ.get("VISITORS_CHROMIUM", "/usr/bin/chromium")  # the desktop browser a visitor runs
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
DEFAULT_VIEWPORT = (1280, 800)
AUTHORITIES = sorted(p.parent.name for p in (ROOT / "tariffs").glob("*/authority.yaml"))


# --- the built site -------------------------------------------------------------------------------

@functools.cache
def built_sites() -> dict[str, Path]:
    """Every authority's site as on today, side by side in tmp/sites/<id>/ (each on its own address).

    The folders link to the run's shared builds (tests/sites.py). A plain function (not only a
    fixture) so that test modules can list the pages while collecting, to parametrise over them;
    the `site_dir` fixture returns the default site.
    """
    tmp = Path(tempfile.mkdtemp(prefix="jatetaksa-sites-"))
    atexit.register(shutil.rmtree, tmp, ignore_errors=True)
    (tmp / "sites").mkdir()
    sites = {}
    for authority, built in sites_for(AUTHORITIES).items():
        sites[authority] = tmp / "sites" / authority
        sites[authority].symlink_to(built, target_is_directory=True)
    return sites


def built_site() -> Path:
    """The default authority's site."""
    return built_sites()[DEFAULT_AUTHORITY]


def other_authorities_pages() -> list[str]:
    """Pages of the other authorities' sites, as paths from the default site ("../<id>/…")."""
    return [f"../{a}/{page}" for a in AUTHORITIES if a != DEFAULT_AUTHORITY for page in html_pages(built_sites()[a])]


def audited_pages() -> list[str]:
    """Every page of every authority's site, as the page audit visits them (the tools add FAULT_PAGE)."""
    return html_pages(built_site()) + other_authorities_pages()


def html_pages(site: Path) -> list[str]:
    """URL paths ("", "maksut/.../") of every page of the built site: each index.html, not 404.html."""
    pages = []
    for index in site.rglob("index.html"):
        rel = index.parent.relative_to(site).as_posix()
        pages.append("" if rel == "." else rel + "/")
    return sorted(pages)


def page_file(site: Path, path: str) -> Path:
    """The index.html file behind a URL path from html_pages() ("../<id>/…" is the site beside `site`,
    resolved by name: the sites are links to the shared builds)."""
    return Path(os.path.normpath(site / path / "index.html"))


class _Shared:
    """One value per process, handed out by the same fixture imported into several test modules.

    pytest makes a separate session fixture for each module that imports it, so the browser and
    the server are counted out and back in here: started by the first user, stopped by the last.
    """

    def __init__(self, start: Callable[..., object], stop: Callable[[object], None]) -> None:
        self._start, self._stop = start, stop
        self._users = 0
        self._value: object = None

    @contextlib.contextmanager
    def use(self, *args) -> Iterator:
        if self._users == 0:
            self._value = self._start(*args)
        self._users += 1
        try:
            yield self._value
        finally:
            self._users -= 1
            if self._users == 0:
                value, self._value = self._value, None
                self._stop(value)


@pytest.fixture(scope="session")
def site_dir() -> Path:
    return built_site()


# --- the local server -----------------------------------------------------------------------------

def site_headers(site: Path, path: str) -> dict[str, str]:
    """The headers the site's `_headers` gives `path`, as sitebuild/serve.mjs applies them (none without it)."""
    found: dict[str, str] = {}
    rules = site / "_headers"
    matching = False
    for line in rules.read_text(encoding="utf-8").splitlines() if rules.is_file() else []:
        if not line.strip() or line.startswith("#"):
            continue
        if not line[0].isspace():
            matching = re.fullmatch(".*".join(map(re.escape, line.strip().split("*"))), path) is not None
        elif matching and line.strip().startswith("!"):
            found.pop(line.strip()[1:].strip(), None)
        elif matching:
            name, _, value = line.strip().partition(":")
            found[name] = value.strip()
    return found


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serves sites side by side (/<id>/…), each response with its site's security headers."""

    def end_headers(self) -> None:
        site, _, path = urlsplit(self.path).path.lstrip("/").partition("/")
        for name, value in site_headers(Path(self.directory) / site, "/" + path).items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@dataclass(frozen=True)
class SiteServer:
    root: Path
    base_url: str  # ends with "/"

    def url(self, path: str) -> str:
        return self.base_url + path.lstrip("/")


def _start_server() -> tuple[ThreadingHTTPServer, threading.Thread, SiteServer]:
    site = built_site()  # served with the other authorities' sites beside it: ../<id>/
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site.parent)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    return server, thread, SiteServer(site, f"http://127.0.0.1:{server.server_address[1]}/{site.name}/")


def _stop_server(running: tuple[ThreadingHTTPServer, threading.Thread, SiteServer]) -> None:
    server, thread, _ = running
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


_SERVER = _Shared(_start_server, _stop_server)


@pytest.fixture(scope="session")
def site_server(site_dir: Path) -> Iterator[SiteServer]:
    """The built site served on 127.0.0.1, on a free port."""
    with _SERVER.use() as (_, _, served):
        yield served


# --- Chromium -------------------------------------------------------------------------------------

def _start_browser():
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
    except BaseException:
        playwright.stop()
        raise
    return playwright, chromium


def _stop_browser(running) -> None:
    playwright, chromium = running
    try:
        chromium.close()
    finally:
        playwright.stop()


_BROWSER = _Shared(_start_browser, _stop_browser)


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for the whole session (Playwright's sync API)."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} not found: run `make browser` (Debian's chromium-headless-shell package)",
                    pytrace=False)
    with _BROWSER.use() as (_, chromium):
        yield chromium


def is_local(url: str) -> bool:
    """True for URLs that stay on this machine's server (or carry no host at all: data:, blob:, about:)."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https", "ws", "wss"}:
        return True
    return (parts.hostname or "") in LOCAL_HOSTS


# Matched inside the browser, so only requests to other hosts come to Python (and are aborted).
EXTERNAL_URL = re.compile(r"^(?!https?://(127\.0\.0\.1|localhost|\[::1\])[:/])https?://")


# Every violation of the site's Content-Security-Policy goes to the console as an error ("CSP: …"):
# every context of tests/browser.py reports them, and a Visit records every console error.
REPORT_VIOLATIONS = """document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP: ${event.effectiveDirective} ${event.blockedURI}`);
});"""


@dataclass
class Visit:
    """An open page, every request it tried to make to another host (each was aborted), and every
    console error and uncaught exception (policy violations among them) in the order they came."""

    page: object  # playwright.sync_api.Page
    external_requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def _record(self, url: str) -> None:
        if not is_local(url) and url not in self.external_requests:
            self.external_requests.append(url)


def watch(page) -> Visit:
    """Record every request of the page to a host other than the local server, and abort it."""
    visit = Visit(page)

    def abort(route) -> None:
        visit._record(route.request.url)
        route.abort()

    page.route(EXTERNAL_URL, abort)
    page.on("request", lambda request: visit._record(request.url))
    page.on("websocket", lambda websocket: visit._record(websocket.url))
    page.on("console", lambda message: visit.errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: visit.errors.append(str(error)))
    return visit


class Contexts:
    """Browser contexts shared by the whole session, one per (colour scheme, viewport)."""

    def __init__(self, browser) -> None:
        self.browser = browser
        self._contexts: dict[tuple[str, tuple[int, int]], object] = {}

    def get(self, color_scheme: str = "light", viewport: tuple[int, int] = DEFAULT_VIEWPORT):
        key = (color_scheme, (viewport[0], viewport[1]))
        if key not in self._contexts:
            self._contexts[key] = self.browser.new_context(
                color_scheme=color_scheme,
                viewport={"width": viewport[0], "height": viewport[1]},
                service_workers="block",
            )
            self._contexts[key].add_init_script(REPORT_VIOLATIONS)
        return self._contexts[key]

    def close(self) -> None:
        for context in self._contexts.values():
            with contextlib.suppress(Exception):  # the browser may be gone already
                context.close()
        self._contexts.clear()


_CONTEXTS = _Shared(Contexts, Contexts.close)


@pytest.fixture(scope="session")
def _contexts(browser) -> Iterator[Contexts]:
    """Browser contexts shared across tests and test modules, one per (colour scheme, viewport)."""
    with _CONTEXTS.use(browser) as contexts:
        yield contexts


def _check_response(path: str, response) -> None:
    status = response.status if response is not None else None
    if status != 200:
        raise AssertionError(f"/{path}: HTTP {status}")


@pytest.fixture
def page_for(site_server: SiteServer, _contexts: Contexts) -> Iterator[Callable[..., Visit]]:
    """open(path, color_scheme="light", viewport=(w, h), wait_until="networkidle") -> Visit.

    Pages are closed after the test; contexts are shared by tests with the same colour scheme and
    viewport. Every request to a host other than 127.0.0.1/localhost is recorded and aborted.
    """
    opened: list = []

    def open_page(path: str, color_scheme: str = "light", viewport: tuple[int, int] = DEFAULT_VIEWPORT,
                  wait_until: str = "networkidle") -> Visit:
        page = _contexts.get(color_scheme, viewport).new_page()
        opened.append(page)
        visit = watch(page)
        _check_response(path, page.goto(site_server.url(path), wait_until=wait_until))
        page.evaluate("document.fonts.ready.then(() => true)")
        return visit

    yield open_page
    for page in opened:
        page.close()


# --- axe-core -------------------------------------------------------------------------------------

# Every rule of AXE_TAGS runs on every page in the light scheme at both widths (a rule's result can
# change with the layout: Material shows and hides parts of a page by width). In the dark scheme only
# the rules whose result can change with the scheme run, at both widths: the colour rules, and
# `region`, which sees the theme's scheme toggle (one label for each scheme). Which rules those are was
# measured over every page of every site against the full matrix (each rule in each scheme and
# width, each on a fresh load): `python -m tests.axe_matrix` (docs/testing.md).
SCHEME_RULES = ("color-contrast", "link-in-text-block", "region")
WIDTHS = (375, 1280)
# (scheme, width) in the order one page visits them, the width and the scheme changed in place.
CONDITIONS = (("light", 375), ("light", 1280), ("dark", 1280), ("dark", 375))

_AXE_START = """(options) => {
    window.__axeViolations = axe.run(document, options).then(result =>
        result.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            targets: v.nodes.map(n => n.target.join(' ')),
        })));
}"""
_AXE_RESULT = "() => window.__axeViolations"
# Two animation frames (the layout and the theme's resize handlers have run), then every CSS
# transition the new layout started on a rendered element has ended or been cancelled (colours
# mid-transition fail the contrast rules). Not rendered: a closed <details>' content is skipped
# (content-visibility), so its transitions stand still until it opens; a cancelled transition's
# `finished` is a new promise that never settles, so its cancel event counts.
_SETTLED = """() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))
    .then(() => Promise.all(document.getAnimations()
        .filter(a => a instanceof CSSTransition && a.playState !== "idle"
            && !(a.effect.target instanceof Element && !a.effect.target.checkVisibility()))
        .map(a => new Promise(ended => {
            a.addEventListener("cancel", ended);
            a.finished.then(ended, ended);
        }))))
    .then(() => true)"""


def axe_options(tags: list[str] | None = None, rules: tuple[str, ...] | None = None) -> dict:
    """axe.run options for a tag set (default AXE_TAGS) or for some rules only; only violations are
    detailed (axe's resultTypes: the other results keep one node each, which saves time)."""
    run_only = {"type": "rule", "values": list(rules)} if rules else {"type": "tag", "values": tags or AXE_TAGS}
    return {"runOnly": run_only, "resultTypes": ["violations"]}


def load_axe(page) -> None:
    if not AXE_JS.is_file():
        pytest.fail(f"{AXE_JS} not found: run `npm ci` (`make setup` does it)", pytrace=False)
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))  # not a script element: the site's policy refuses those


def _start_axe(page, options: dict) -> None:
    load_axe(page)
    page.evaluate(_AXE_START, options)


def _axe_lines(violations: list[dict], max_targets: int = 3) -> list[str]:
    lines = []
    for v in violations:
        targets = v["targets"]
        shown = ", ".join(targets[:max_targets]) + (", …" if len(targets) > max_targets else "")
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}; {len(targets)} node(s): {shown}")
    return lines


def axe_violations(page, tags: list[str] = AXE_TAGS, rules: tuple[str, ...] | None = None) -> list[dict]:
    """axe-core's violations on the page: [{id, impact, help, targets}]."""
    _start_axe(page, axe_options(tags, rules))
    return page.evaluate(_AXE_RESULT)


def run_axe(page, tags: list[str] = AXE_TAGS, max_targets: int = 3, rules: tuple[str, ...] | None = None) -> list[str]:
    """axe-core's violations on the page as readable lines: "rule (impact): help; n node(s): selectors"."""
    return _axe_lines(axe_violations(page, tags, rules), max_targets)


def set_width(page, width: int) -> None:
    """Resize the page's viewport in place and wait until it has laid itself out again."""
    page.set_viewport_size({"width": width, "height": DEFAULT_VIEWPORT[1]})
    page.evaluate(_SETTLED)


# --- every page at once ---------------------------------------------------------------------------

@dataclass
class PageAudit:
    """One page checked with axe-core in each of CONDITIONS, loaded once until the network was idle,
    under the site's security headers; the requests it tried to make to other hosts and its console
    errors; its width, its keyboard path and its tables at NARROWEST, and its tables on paper."""

    path: str
    violations: dict[tuple[str, int], list[str]]  # (scheme, width) -> lines
    external_requests: list[str]
    scroll_width: int  # document.documentElement.scrollWidth at NARROWEST px: more is a sideways scroll
    errors: list[str]  # console errors, policy violations ("CSP: …") and uncaught exceptions
    # PHONE_CHECKS' findings at NARROWEST px ("focus", "tables") and print_problems' on paper ("print"): lines
    findings: dict[str, list[str]] = field(default_factory=dict)


# The narrowest phone the site is made for. Its sideways-scroll check runs on the audit's page, the
# width changed in place after the audit's last condition (measured equal to a fresh load at this
# width on every page: `python -m tests.sideways_matrix`).
NARROWEST = 320


def scroll_width_at(page, width: int) -> int:
    set_width(page, width)
    return page.evaluate("document.documentElement.scrollWidth")


# On the narrowest phone, in one evaluation on the audit's page (its width changed in place, as for the
# sideways-scroll check):
# - focus: the first Tab stop is a skip link to an element holding the page's heading and all its content's
#   controls; no control that takes focus is out of sight, off the screen's side (the theme's closed drawer)
#   or above the page, but in a table's own scroll box, which scrolls it into view (tests/test_keyboard_browser.py
#   walks the Tab key through pages to check these findings);
# - tables: on a phone the label, the price a resident pays (VAT included: `.alv`; in the changes view old → new
#   and the change) and its unit show without scrolling: a unit column's (`.yksikko`) cell of the first priced
#   row, or else a unit (€, %) in the caption, the visible column heads or the row; the caption is never cut;
#   each table has one scroll box, which says so when it scrolls.
PHONE_CHECKS = """() => {
    const BOXES = '.table-scroll, .md-typeset__scrollwrap';
    const shown = el => el.checkVisibility({visibilityProperty: true});
    // A control drawn by another element (the theme's scheme toggle: a radio button with no box, drawn by
    // the label after it) is where that element is.
    const box = el => {
        const own = el.getBoundingClientRect();
        const drawn = [el.nextElementSibling, ...(el.labels || [])]
            .filter(d => d && d.tagName === 'LABEL').map(d => d.getBoundingClientRect()).find(r => r.width || r.height);
        return own.width || own.height || !drawn ? own : drawn;
    };
    // One Tab stop per group of radio buttons: the chosen one, or the first.
    const radioStop = el => {
        const group = el.form ? [...el.form.elements].filter(r => r.type === 'radio' && r.name === el.name)
            : [...document.getElementsByName(el.name)];
        return el === (group.find(r => r.checked) || group[0]);
    };
    const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' ' + JSON.stringify(
        (el.textContent || el.getAttribute('aria-label') || '').trim().replace(/\\s+/g, ' ').slice(0, 40));
    const tabbable = [...document.querySelectorAll(
        'a[href], button, input, select, textarea, summary, iframe, [tabindex], [contenteditable="true"]')]
        .filter(el => el.tabIndex >= 0 && !el.disabled && !el.closest('[inert]') && shown(el)
            && (el.type !== 'radio' || !el.name || radioStop(el)));
    const focus = [];
    const first = tabbable[0];
    const target = first && first.hash && document.getElementById(decodeURIComponent(first.hash.slice(1)));
    const content = document.querySelector('.md-content');
    const heading = content && content.querySelector('h1');
    const firstControl = tabbable.find(el => content && content.contains(el));
    if (!target) {
        focus.push('the first Tab stop is no skip link: ' + (first ? name(first) : 'nothing'));
    } else if (!heading || !target.contains(heading) || (firstControl && !target.contains(firstControl))) {
        focus.push('the skip link ' + name(first) + ' goes past the start of the content');
    }
    for (const el of tabbable) {
        const r = box(el);
        const scrolled = el.closest(BOXES);
        if (!r.width && !r.height) {
            focus.push(name(el) + ' takes focus but has no box');
        } else if (!scrolled && (r.left < -1 || r.right > innerWidth + 1)) {
            focus.push(name(el) + ' takes focus off the screen');
        } else if (r.bottom + scrollY <= 0) {
            focus.push(name(el) + ' takes focus above the page');
        }
    }
    const right = el => el ? el.getBoundingClientRect().right : 0;
    const inView = el => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.left >= -0.5 && r.right <= innerWidth + 0.5;
    };
    const tables = [...document.querySelectorAll('.md-content table')].filter(shown).map(table => {
        const scroll = table.closest(BOXES);
        const rows = [...table.querySelectorAll('tbody tr')];
        const first = rows.find(tr => tr.querySelector(':scope > .alv')) || rows.find(tr => tr.children.length > 2);
        const wanted = first ? [...first.children].filter(c => c.classList.contains('alv')) : [];
        const unit = first && first.querySelector('.yksikko');
        const seen = [table.caption, ...table.querySelectorAll('thead th'), ...(first ? first.children : [])]
            .filter(el => el && inView(el)).map(el => el.textContent).join(' ');
        const scrolls = scroll && scroll.scrollWidth > scroll.clientWidth + 1;
        const problems = [
            [(scroll ? (scroll.parentElement.closest(BOXES) ? 2 : 1) : 0) !== 1, 'not in one scroll box'],
            [table.caption && right(table.caption) > innerWidth + 0.5, 'caption cut off'],
            [wanted.some(cell => right(cell) > innerWidth + 0.5), 'price a resident pays is off-screen'],
            [first && table.querySelector('.alv') && !first.children[1].classList.contains('alv'),
             'price is not the first value'],
            [wanted.length && (unit ? !inView(unit) : !/[€%]/.test(seen)), 'its unit is off-screen'],
            [scrolls && !(scroll.classList.contains('vierittyy') && scroll.tabIndex === 0),
             'scrolls without a visible cue'],
        ].filter(([bad]) => bad).map(([, what]) => what);
        const caption = table.caption ? JSON.stringify(table.caption.textContent.trim().slice(0, 60)) : 'a table';
        return problems.map(what => caption + ': ' + what);
    }).flat();
    return {focus, tables};
}"""


# A page with the calculator is checked once it shows its first result and the theme's script, held
# until then, has started (window.document$ is the theme's): before that, what it shows depends on timing.
_CALCULATOR_SETTLED = """() => !document.getElementById("laskuri")
    || (!document.getElementById("tulos").hidden && "document$" in window)"""


def _loaded(page) -> None:
    page.wait_for_load_state("networkidle")
    page.wait_for_function(_CALCULATOR_SETTLED, timeout=120_000)
    page.evaluate(_SETTLED)
    page.evaluate("document.fonts.ready.then(() => true)")


# The theme's palette follows the system's scheme when a page loads (the palette input whose media
# matches); in place, the same input is chosen as a visitor's click would choose it, and the choice the
# theme keeps in localStorage is forgotten, so that the next page loads by the system's scheme again.
_PALETTE_FOR_SCHEME = """() => {
    const input = [...document.querySelectorAll("input[data-md-color-media]")]
        .find(option => matchMedia(option.getAttribute("data-md-color-media")).matches);
    if (input && !input.checked) {
        input.checked = true;
        input.dispatchEvent(new Event("change", {bubbles: true}));
    }
    for (const key of Object.keys(localStorage)) if (key.endsWith("__palette")) localStorage.removeItem(key);
    return document.body.getAttribute("data-md-color-scheme");
}"""


def set_scheme(page, scheme: str) -> None:
    """Switch the page's colour scheme in place: the system's preference, then the theme's palette."""
    page.emulate_media(color_scheme=scheme)
    page.evaluate(_PALETTE_FOR_SCHEME)
    page.evaluate(_SETTLED)


def check_conditions(page, check: Callable = run_axe, dark_rules: tuple[str, ...] | None = SCHEME_RULES) -> dict:
    """`check(page, rules=...)` in each of CONDITIONS, in their order, on a page open in the light scheme
    at WIDTHS[0]: the width and the scheme change in place. Every rule is checked in the light scheme,
    `dark_rules` in the dark (None: every rule). Returns {(scheme, width): what check returned}."""
    found = {}
    for scheme, width in CONDITIONS:
        if page.viewport_size["width"] != width:
            set_width(page, width)
        if scheme != "light":
            set_scheme(page, scheme)
        found[(scheme, width)] = check(page, rules=None if scheme == "light" else dark_rules)
    return found


# On paper: the width of an A4 page inside the margins of site.css's @page (210 mm - 2 × 12 mm), in CSS px.
PRINT_WIDTH = round((210 - 2 * 12) / 25.4 * 96)
# Laid out for print at PRINT_WIDTH (what Chromium does for an A4 page): every table's last column is inside the
# page and no box cuts a table; nothing is fixed or sticky (a bar or a header would be printed over the content of
# every page); every link that prints its address prints a full one (site.js gives it; a relative one means
# nothing on paper).
_PRINT_PROBLEMS = """() => {
    const shown = el => el.checkVisibility({visibilityProperty: true});
    const problems = [];
    const content = document.querySelector('.md-content');
    const edge = Math.min(innerWidth, content ? content.getBoundingClientRect().right : innerWidth);
    for (const table of document.querySelectorAll('.md-content table')) {
        if (!shown(table)) continue;
        const name = table.caption ? JSON.stringify(table.caption.textContent.trim().slice(0, 60)) : 'a table';
        const last = [...table.rows].map(row => [...row.cells].filter(shown).pop()).filter(Boolean);
        if (last.some(cell => cell.getBoundingClientRect().right > edge + 0.5)) {
            problems.push(name + ': its last column is off the paper');
        }
        for (let box = table.parentElement; box && box !== content; box = box.parentElement) {
            if (box.scrollWidth > box.clientWidth + 1 && getComputedStyle(box).overflowX !== 'visible') {
                problems.push(name + ': cut by its box (' + box.className + ')');
            }
        }
    }
    for (const el of document.body.querySelectorAll('*')) {
        const position = getComputedStyle(el).position;
        if ((position === 'fixed' || position === 'sticky') && shown(el) && el.getBoundingClientRect().height > 0) {
            problems.push(el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ')[0] : '') +
                ' is ' + position + ': it would be printed over the content');
        }
    }
    for (const link of document.querySelectorAll('.md-content a[href]:not([href^="#"])')) {
        const after = getComputedStyle(link, '::after').content;
        if (shown(link) && after !== 'none' && !/^"\\s*\\((https?|mailto|tel):/.test(after)) {
            problems.push(JSON.stringify(link.textContent.trim().slice(0, 40)) + ' prints its address as ' + after);
        }
    }
    return problems;
}"""


def print_problems(page) -> list[str]:
    """What the page gets wrong on A4 portrait paper (_PRINT_PROBLEMS), laid out as Chromium prints it (print
    media, the page's width; the layout is made when the checks measure it: no frame to wait for), then put
    back on the screen as it was."""
    size = page.viewport_size
    page.emulate_media(media="print")
    try:
        page.set_viewport_size({"width": PRINT_WIDTH, "height": size["height"]})
        return page.evaluate(_PRINT_PROBLEMS)
    finally:
        page.emulate_media(media="screen")
        page.set_viewport_size(size)


# A copy of a real page with one axe violation of each kind the audit must tell apart: in every
# condition (an image without alt text), only in the dark scheme (contrast), only in the dark scheme
# at the phone width, and only at the wide width (a button without a name); on phones only, a box
# wider than NARROWEST (no axe rule: the audit's sideways-scroll check must find it), a link off the
# screen's side and a table whose unit scrolls out of sight (PHONE_CHECKS must find them); a table too wide
# for the paper (print_problems must find it); and, served with a policy that refuses images (FAULT_POLICY), a
# policy violation on every load.
FAULT_PAGE = "vikasivu/"
FAULT_PAGE_FROM = "hinnasto/"  # at the same depth, so its relative links still work
FAULTS = """<style>
.vika-tumma { color: #202020; }
[data-md-color-scheme="slate"] .vika-tumma { color: #3b3f4a; }
@media (min-width: 600px) { .vika-puhelin { display: none; } }
@media (max-width: 599px) { .vika-leveä { display: none; } }
@media print { .vika-paperilla { min-width: 900px !important; } }
</style>
<img id="vika-kuva" src="../assets/images/favicon.png" width="16" height="16">
<p id="vika-tumma" class="vika-tumma">Vain tummassa teemassa liian vähän kontrastia.</p>
<p id="vika-puhelin" class="vika-tumma vika-puhelin">Vain puhelimella tummassa teemassa liian vähän kontrastia.</p>
<button id="vika-leveä" class="vika-leveä"></button>
<div id="vika-liian-leveä" class="vika-puhelin" style="width: 400px; height: 1px"></div>
<a id="vika-sivussa" href="#vika-kuva" style="position: absolute; left: -300px">Ruudun ulkopuolella</a>
<div class="table-scroll"><table class="taulukko"><caption>Vikataulukko</caption>
<thead><tr><th scope="col">Palvelu</th><th scope="col" class="hinta alv">Hinta, € (sis. alv)</th>
<th scope="col">Selite</th><th scope="col">Yksikkö</th></tr></thead>
<tbody><tr><th scope="row">Rivi</th><td class="price alv">1,00</td>
<td class="vika-paperilla" style="min-width: 400px">Pitkä selite</td><td class="yksikko">€/kpl</td></tr></tbody>
</table></div>
"""
FAULT_POLICY = "img-src 'none'"
FAULT_VIOLATION = "CSP: img-src"  # how the audit's errors report the refused image
# What the audit must report for FAULTS: (scheme, width) -> {(rule, target)}.
FAULTS_FOUND = {
    ("light", 375): {("image-alt", "#vika-kuva")},
    ("light", 1280): {("image-alt", "#vika-kuva"), ("button-name", "#vika-leveä")},
    ("dark", 1280): {("color-contrast", "#vika-tumma")},
    ("dark", 375): {("color-contrast", "#vika-tumma"), ("color-contrast", "#vika-puhelin")},
}

# What PHONE_CHECKS (at NARROWEST px) and print_problems must report for FAULTS: PageAudit.findings.
FAULT_FINDINGS = {
    "focus": ['a#vika-sivussa "Ruudun ulkopuolella" takes focus off the screen'],
    "tables": ['"Vikataulukko": its unit is off-screen'],
    "print": ['"Vikataulukko": its last column is off the paper'],
}


def route_fault_page(context, server: SiteServer) -> None:
    """Serve FAULT_PAGE (FAULT_PAGE_FROM with FAULTS added) in `context`, beside the real site."""
    html = page_file(server.root, FAULT_PAGE_FROM).read_text(encoding="utf-8")
    assert html.count("</article>") == 1
    html = html.replace("</article>", FAULTS + "</article>")
    context.route(server.url(FAULT_PAGE), lambda route: route.fulfill(
        body=html, content_type="text/html", headers={"Content-Security-Policy": FAULT_POLICY}))


def audit_page(contexts: Contexts, server: SiteServer, path: str, **check) -> PageAudit:
    """Load `path` once, in the light scheme at WIDTHS[0], check it in each of CONDITIONS (`check`:
    check_conditions' check and dark_rules), then measure its width at NARROWEST."""
    visit = watch(contexts.get("light", (WIDTHS[0], DEFAULT_VIEWPORT[1])).new_page())
    try:
        _check_response(path, visit.page.goto(server.url(path), wait_until="commit"))
        _loaded(visit.page)
        found = check_conditions(visit.page, **check)
        width = scroll_width_at(visit.page, NARROWEST)
        findings = visit.page.evaluate(PHONE_CHECKS) | {"print": print_problems(visit.page)}
        return PageAudit(path, found, visit.external_requests, width, visit.errors, findings)
    finally:
        visit.page.close()


@pytest.fixture(scope="session")
def page_audit(browser, site_server: SiteServer) -> Iterator[Callable[[str], PageAudit]]:
    """audit(path) -> PageAudit. Its contexts are its own, so what other tests leave in their pages'
    storage cannot change its results."""
    contexts = Contexts(browser)
    try:
        yield functools.partial(audit_page, contexts, site_server)
    finally:
        contexts.close()
