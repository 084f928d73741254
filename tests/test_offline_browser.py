"""Repeat and offline visits: the calculator's service worker keeps this build's files, for this site only."""

import contextlib
import functools
import re
import shutil
import threading
from http.server import ThreadingHTTPServer

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from .browser import _QuietHandler, browser, built_sites  # noqa: F401
from .conftest import calculator_settings

TIMEOUT = 120_000
SUMMARY = "#tulos:not([hidden]) table"


@contextlib.contextmanager
def serving(folder):
    """`folder` on a free port of 127.0.0.1 until the block ends; then nothing answers there."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def build_of(site):
    return re.match(r'var BUILD = "([0-9a-f]+)";', (site / "laskuri-sw.js").read_text(encoding="utf-8"))[1]


def kept(page):
    """The names of the caches the page's origin holds, once its service worker is active."""
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    return page.evaluate("caches.keys()")


# Whether the origin holds just the caches `wanted`. caches.keys() answers later, and wait_for_function
# does not await a promise (it is truthy at once): each poll asks anew and looks at the last answer.
CACHES_ARE = """wanted => {
  caches.keys().then(names => { window.cachesNow = names; });
  return JSON.stringify(window.cachesNow) === JSON.stringify(wanted);
}"""


def wait_for_caches(page, wanted, timeout):
    """Waits until the page's origin holds just the caches `wanted`; fails naming those it holds."""
    try:
        page.wait_for_function(CACHES_ARE, arg=wanted, timeout=timeout)
    except PlaywrightTimeoutError:
        assert page.evaluate("caches.keys()") == wanted


def kept_snapshot_url(base, site):
    return base + "lakeus/laskuri/" + calculator_settings(site)["snapshot"]["url"]


# The first four bytes of the kept snapshot. With `damage`, its last byte is changed in the cache;
# with `replaceFrom`, the file at that address takes its place.
KEPT_SNAPSHOT = """async ([url, damage, replaceFrom]) => {
  const cache = await caches.open((await caches.keys())[0]);
  const bytes = new Uint8Array(await (await cache.match(url)).arrayBuffer());
  if (damage) { bytes[bytes.length - 1] ^= 1; await cache.put(url, new Response(bytes)); }
  if (replaceFrom) { await cache.put(url, await fetch(replaceFrom)); }
  return String.fromCharCode(...bytes.subarray(0, 4));
}"""


@pytest.fixture
def sites(tmp_path):
    """A copy of every authority's built site, side by side, that a test may change."""
    copy = tmp_path / "sites"
    shutil.copytree(next(iter(built_sites().values())).parent, copy)
    return copy


@pytest.fixture
def context(browser):  # noqa: F811
    context = browser.new_context(service_workers="allow")
    yield context
    context.close()


def calculator_visit(context, base):
    """A new tab on the calculator page once it shows a result; returns the tab and the result."""
    page = context.new_page()
    page.goto(base + "lakeus/laskuri/")
    page.wait_for_selector(SUMMARY, timeout=TIMEOUT)
    return page, page.inner_text(SUMMARY)


def test_second_visit_computes_with_the_network_off(sites, context):
    with serving(sites) as base:
        page, online = calculator_visit(context, base)
        assert kept(page) == [f"laskuri {base}lakeus/ {build_of(sites / 'lakeus')}"]
        # the snapshot is kept inflated ("PSN2", sitebuild/snapshot.py), though this server sent its gzip copy
        assert page.evaluate(KEPT_SNAPSHOT, [kept_snapshot_url(base, sites / "lakeus"), False, None]) == "PSN2"
        other = context.new_page()
        other.goto(base + "lahti/")  # another authority's site beside it: not this worker's
        assert other.evaluate("navigator.serviceWorker.controller") is None
        page.close()
        other.close()
    page, offline = calculator_visit(context, base)
    assert offline == online
    assert page.get_attribute("#laskuri", "data-start") == "snapshot"
    with pytest.raises(Exception, match="ERR_CONNECTION_REFUSED"):
        page.goto(base + "lakeus/hinnasto/")  # tariff pages are not kept: nothing answers offline


def test_a_damaged_kept_snapshot_is_noticed_and_python_starts_the_ordinary_way(sites, context):
    with serving(sites) as base:
        page, first = calculator_visit(context, base)
        kept(page)
        assert page.evaluate(KEPT_SNAPSHOT, [kept_snapshot_url(base, sites / "lakeus"), True, None]) == "PSN2"
        page.close()
        page, second = calculator_visit(context, base)
        assert second == first
        assert page.get_attribute("#laskuri", "data-start") == "fallback"
        assert "tarkistussumma ei täsmää" in page.get_attribute("#laskuri", "data-start-reason")
        page.close()


def test_a_snapshot_kept_as_its_gzip_copy_is_fetched_again(sites, context):
    """A service worker in a browser without DecompressionStream kept the gzip copy as it is: Python still
    starts from the snapshot, fetched again."""
    site = sites / "lakeus"
    shutil.copyfile(site / "laskuri" / (calculator_settings(site)["snapshot"]["url"] + ".gz"), site / "vanha-kopio.bin")
    with serving(sites) as base:
        page, first = calculator_visit(context, base)
        kept(page)
        url = kept_snapshot_url(base, site)
        page.evaluate(KEPT_SNAPSHOT, [url, False, base + "lakeus/vanha-kopio.bin"])
        page.close()
        page, second = calculator_visit(context, base)
        assert second == first
        assert page.get_attribute("#laskuri", "data-start") == "snapshot", page.get_attribute(
            "#laskuri", "data-start-reason")
        assert page.evaluate(KEPT_SNAPSHOT, [url, False, None]) == "\x1f\x8b\x08\x00"  # still the gzip file
        page.close()


def test_a_new_build_replaces_the_old_cache(sites, context):
    site = sites / "lakeus"
    with serving(sites) as base:
        page = context.new_page()
        page.goto(base + "lakeus/laskuri/")
        page.wait_for_selector(SUMMARY, timeout=TIMEOUT)
        old = build_of(site)
        assert kept(page) == [f"laskuri {base}lakeus/ {old}"]
        worker = site / "laskuri-sw.js"
        worker.write_text(worker.read_text(encoding="utf-8").replace(old, "0" * 16, 1), encoding="utf-8")
        page.goto(base + "lakeus/laskuri/")  # the browser sees the changed service worker and installs it
        wait_for_caches(page, [f"laskuri {base}lakeus/ {'0' * 16}"], timeout=60_000)
        page.close()


def test_tariff_pages_load_no_runtime_and_keep_nothing(sites, context):
    with serving(sites) as base:
        page = context.new_page()
        fetched = []
        page.on("request", lambda request: fetched.append(request.url))
        page.goto(base + "lakeus/hinnasto/", wait_until="networkidle")
        assert [url for url in fetched if "/pyodide/" in url or "/laskuri" in url] == []
        assert page.evaluate("navigator.serviceWorker.getRegistrations().then(r => r.length)") == 0
        assert page.evaluate("caches.keys()") == []
        page.close()
