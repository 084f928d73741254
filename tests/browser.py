"""Shared fixtures and helpers for the browser tests (a pytest plugin module).

Test modules import the fixtures they use *and every fixture those depend on* (pytest finds
imported fixtures by name in the test module only)::

    from .browser import _contexts, browser, page_audits, page_for, site_dir, site_server  # noqa: F401

    site_dir -> site_server -> page_for, page_audits;  browser -> _contexts -> page_for;  browser -> page_audits

The site is built once per test process into a temporary folder (never the
possibly stale site/), served on 127.0.0.1 on a free port, and driven with
Debian's Chromium (/usr/bin/chromium, `make browser`) through Playwright:
Playwright cannot download its own browsers here.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import os
import re
import shutil
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
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
DEFAULT_AUTHORITY = (ROOT / "tariffs" / "default-authority").read_text(encoding="utf-8").strip()


# --- the built site -------------------------------------------------------------------------------

@functools.cache
def built_sites() -> dict[str, Path]:
    """Every authority's site, built once per process into tmp/sites/<id>/ (each on its own address).

    A plain function (not only a fixture) so that test modules can list the pages while
    collecting, to parametrise over them; the `site_dir` fixture returns the default site.
    """
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import build  # build.py at the repository root

    tmp = Path(tempfile.mkdtemp(prefix="jatetaksa-sites-"))
    atexit.register(shutil.rmtree, tmp, ignore_errors=True)
    sites = {}
    for authority in AUTHORITIES:
        site = tmp / "sites" / authority
        try:
            status = build.main(["--authority", authority, "--site", str(site)])
        except SystemExit as stop:  # a collection error for the modules that need the site, not an INTERNALERROR
            raise RuntimeError(f"build.py --authority {authority} stopped: {stop}") from None
        if status != 0 or not (site / "index.html").is_file():
            raise RuntimeError(f"build.py --authority {authority} failed with status {status}; see its output above")
        sites[authority] = site
    return sites


def built_site() -> Path:
    """The default authority's site."""
    return built_sites()[DEFAULT_AUTHORITY]


def other_authorities_pages() -> list[str]:
    """Pages of the other authorities' sites, as paths from the default site ("../<id>/…")."""
    return [f"../{a}/{page}" for a in AUTHORITIES if a != DEFAULT_AUTHORITY for page in html_pages(built_sites()[a])]


def html_pages(site: Path) -> list[str]:
    """URL paths ("", "maksut/.../") of every page of the built site: each index.html, not 404.html."""
    pages = []
    for index in site.rglob("index.html"):
        rel = index.parent.relative_to(site).as_posix()
        pages.append("" if rel == "." else rel + "/")
    return sorted(pages)


def page_file(site: Path, path: str) -> Path:
    """The index.html file behind a URL path from html_pages()."""
    return site / path / "index.html"


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

class _QuietHandler(SimpleHTTPRequestHandler):
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
        pytest.fail(f"{CHROMIUM} not found: run `make browser` (Debian's chromium package)", pytrace=False)
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


@dataclass
class Visit:
    """An open page, and every request it tried to make to another host (each was aborted)."""

    page: object  # playwright.sync_api.Page
    external_requests: list[str] = field(default_factory=list)

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

_AXE_START = """(tags) => {
    window.__axeViolations = axe.run(document, {runOnly: {type: 'tag', values: tags}}).then(result =>
        result.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            targets: v.nodes.map(n => n.target.join(' ')),
        })));
}"""
_AXE_RESULT = "() => window.__axeViolations"


def _start_axe(page, tags: list[str]) -> None:
    if not AXE_JS.is_file():
        pytest.fail(f"{AXE_JS} not found: run `npm ci` (`make setup` does it)", pytrace=False)
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    page.evaluate(_AXE_START, tags)


def _axe_lines(violations: list[dict], max_targets: int = 3) -> list[str]:
    lines = []
    for v in violations:
        targets = v["targets"]
        shown = ", ".join(targets[:max_targets]) + (", …" if len(targets) > max_targets else "")
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}; {len(targets)} node(s): {shown}")
    return lines


def run_axe(page, tags: list[str] = AXE_TAGS, max_targets: int = 3) -> list[str]:
    """axe-core's violations on the page as readable lines: "rule (impact): help; n node(s): selectors"."""
    _start_axe(page, tags)
    return _axe_lines(page.evaluate(_AXE_RESULT), max_targets)


# --- every page at once ---------------------------------------------------------------------------

@dataclass
class PageAudit:
    """One page loaded in one colour scheme and width until the network was idle, then checked with axe-core."""

    path: str
    color_scheme: str
    width: int
    violations: list[str]
    external_requests: list[str]


class PageAuditor:
    """Loads pages a few at a time in the shared browser and audits them; each (path, scheme, width) once.

    A page's load mostly waits (for the network to be idle for 500 ms), so several pages load and
    are checked side by side. `wanted` lists the (path, scheme, width) the session's tests will ask
    for, in test order; asking for one audits it together with the next few wanted ones.
    """

    def __init__(self, server: SiteServer, contexts: Contexts, wanted: list[tuple[str, str, int]],
                 concurrency: int = 6) -> None:
        self.server = server
        self.contexts = contexts
        self.wanted = wanted
        self.concurrency = max(1, concurrency)
        self._results: dict[tuple[str, str, int], PageAudit | BaseException] = {}

    def get(self, path: str, color_scheme: str = "light", width: int = DEFAULT_VIEWPORT[0]) -> PageAudit:
        key = (path, color_scheme, width)
        if key not in self._results:
            more = [k for k in self.wanted if k[1:] == key[1:] and k != key and k not in self._results]
            self._audit([key, *more[: self.concurrency - 1]])
        result = self._results[key]
        if isinstance(result, BaseException):
            raise result
        return result

    def _audit(self, keys: list[tuple[str, str, int]]) -> None:
        started: list[tuple[tuple[str, str, int], Visit]] = []
        try:
            for key in keys:  # start every navigation; none waits for another
                path, scheme, width = key
                visit = watch(self.contexts.get(scheme, (width, DEFAULT_VIEWPORT[1])).new_page())
                try:
                    _check_response(path, visit.page.goto(self.server.url(path), wait_until="commit"))
                    started.append((key, visit))
                except Exception as error:  # reported by the test that asks for this page
                    visit.page.close()
                    self._results[key] = error
            running = []
            for key, visit in started:
                try:
                    visit.page.wait_for_load_state("networkidle")
                    visit.page.evaluate("document.fonts.ready.then(() => true)")
                    _start_axe(visit.page, AXE_TAGS)
                    running.append((key, visit))
                except Exception as error:
                    self._results[key] = error
            for key, visit in running:
                try:
                    violations = _axe_lines(visit.page.evaluate(_AXE_RESULT))
                    self._results[key] = PageAudit(*key, violations, list(visit.external_requests))
                except Exception as error:
                    self._results[key] = error
        finally:
            for _, visit in started:
                visit.page.close()


@pytest.fixture(scope="session")
def page_audits(request, browser, site_server: SiteServer) -> Iterator[PageAuditor]:
    """A PageAuditor for the tests of this session that use this fixture and are parametrised by
    `path` (and `scheme`, "light" when absent, and `width`, 1280 when absent). It has contexts of its
    own, so what other tests leave in their pages' storage cannot change its results. BROWSER_TEST_CONCURRENCY sets how
    many pages load at once (default 8)."""
    wanted = []
    for item in request.session.items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        if "page_audits" in getattr(item, "fixturenames", ()) and "path" in params:
            key = (params["path"], params.get("scheme", "light"), params.get("width", DEFAULT_VIEWPORT[0]))
            if key not in wanted:
                wanted.append(key)
    concurrency = int(os.environ.get("BROWSER_TEST_CONCURRENCY", "8"))
    contexts = Contexts(browser)
    try:
        yield PageAuditor(site_server, contexts, wanted, concurrency)
    finally:
        contexts.close()
