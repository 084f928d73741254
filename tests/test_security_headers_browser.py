"""The site under its own security headers (sitebuild/headers.py), as `make serve` and the README's nginx
block send them: search, the palette, the calculator from its snapshot, the service worker and an offline
visit, with no policy violation and no console error; a policy too strict for the worker is said in Finnish.
Every page of every site is checked under the same headers by the audit (tests/test_site_browser.py:
`site_server` sends what `make serve` sends, tests/test_serve.py), the 404 pages here."""

import shutil

import pytest

from sitebuild import headers

from .browser import AUTHORITIES, REPORT_VIOLATIONS, browser, built_site, built_sites, watch  # noqa: F401
from .test_offline_browser import SUMMARY, TIMEOUT, kept
from .test_serve import make_serve, nginx


@pytest.fixture(params=[make_serve, nginx], ids=["make-serve", "nginx"])
def serve(request):
    return request.param


@pytest.fixture
def site(tmp_path):
    """A copy of the default site that a test may change and that its server may stop serving."""
    return shutil.copytree(built_site(), tmp_path / "site")


@pytest.fixture
def context(browser):  # noqa: F811
    context = browser.new_context(service_workers="allow")
    context.add_init_script(REPORT_VIOLATIONS)
    yield context
    context.close()


def watched(context):
    """A new tab and the list its console errors (policy violations included) go to."""
    visit = watch(context.new_page())
    return visit.page, visit.errors


@pytest.mark.parametrize("authority", AUTHORITIES)
def test_the_404_page_loads_under_the_policy(authority, context, tmp_path):
    """The 404 page through `make serve` (every other page: the audit; the status: tests/test_serve.py)."""
    with make_serve(built_sites()[authority], tmp_path) as base:
        page, errors = watched(context)
        page.goto(base + "404.html", wait_until="load")
        assert page.locator("h1").count() == 1
    assert errors == []


def test_search_and_palette_work_under_the_policy(serve, context, tmp_path):
    with serve(built_site(), tmp_path) as base:
        page, errors = watched(context)
        page.goto(base)
        scheme = page.get_attribute("body", "data-md-color-scheme")
        page.click("label.md-header__button[for^='__palette']:visible")
        assert page.get_attribute("body", "data-md-color-scheme") != scheme
        page.keyboard.press("/")
        page.keyboard.type("jäteastia")
        page.wait_for_selector(".md-search-result__item", timeout=30_000)
    assert errors == []


def test_the_calculator_starts_and_keeps_its_files_for_an_offline_visit(serve, context, site, tmp_path):
    """The snapshot arrives with brotli Content-Encoding (its gzip copy is not fetched), Python starts from it,
    and the service worker keeps it as received, for the offline visit."""
    with serve(site, tmp_path) as base:
        page, errors = watched(context)
        encodings = {}
        page.on("response", lambda response: encodings.update({response.url: response.headers.get("content-encoding")}))
        page.goto(base + "laskuri/")
        page.wait_for_selector(SUMMARY, timeout=TIMEOUT)
        assert page.get_attribute("#laskuri", "data-start") == "snapshot"
        assert [encoding for url, encoding in encodings.items() if ".snapshot" in url] == ["br"], encodings
        first = page.inner_text(SUMMARY)
        assert len(kept(page)) == 1
    offline, offline_errors = watched(context)
    offline.goto(base + "laskuri/")
    offline.wait_for_selector(SUMMARY, timeout=TIMEOUT)
    assert offline.inner_text(SUMMARY) == first
    assert offline.get_attribute("#laskuri", "data-start") == "snapshot"
    assert errors == []
    assert [error for error in offline_errors if error.startswith("CSP:")] == []  # the network is gone


def test_a_policy_that_stops_the_worker_is_said_in_finnish(context, site, tmp_path):
    """The worker's policy without 'wasm-unsafe-eval': the runtime cannot compile, and the page says so
    (before, Pyodide logged a warning and the page waited for ever)."""
    rules = (site / headers.HEADERS).read_text(encoding="utf-8")
    assert headers.WORKER_SCRIPTS in rules
    (site / headers.HEADERS).write_text(rules.replace(headers.WORKER_SCRIPTS, "'self'"), encoding="utf-8")
    with make_serve(site, tmp_path) as base:
        page = context.new_page()
        page.goto(base + "laskuri/")
        page.wait_for_selector("#laskuri[data-start='failed']", timeout=30_000)
        assert "suojausasetukset" in page.get_attribute("#laskuri", "data-start-reason")
        status = page.query_selector("#laskuri-tila-teksti")
        assert "Laskuri ei käynnistynyt" in status.inner_text()
        assert status.query_selector("a[href]") is not None  # the price list
