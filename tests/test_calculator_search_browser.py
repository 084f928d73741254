"""The theme's script and the site search on the calculator page: they wait until Python has answered,
so that they do not compete with it for the CPU, and the search works all the same, also before Python
is ready."""

from .browser import _contexts, browser, site_dir, site_server  # noqa: F401

TIMEOUT = 120_000
INDEX = "search/search_index.json"
THEME = "assets/javascripts/bundle."  # Material's script
THEME_SCRIPT = f'script[src*="{THEME}"]'  # in the page, not in the template that holds it
WASM_FILE = "pyodide.asm.wasm"
WASM = f"**/pyodide/**/{WASM_FILE}"
# When the worker said it was ready (the page marks #laskuri with data-start then).
WATCH_READY = """
new MutationObserver((changes, observer) => {
  const root = document.getElementById("laskuri");
  if (root && root.hasAttribute("data-start")) { window.readyAt = performance.now(); observer.disconnect(); }
}).observe(document, {subtree: true, attributes: true, attributeFilter: ["data-start"]});
"""


def requested_at(page, name):
    return page.evaluate("name => (performance.getEntriesByType('resource').find(e => e.name.includes(name)) || {})"
                         ".startTime", name)


def search_finds(page, words):
    page.keyboard.press("/")  # Material's key for the search field
    page.keyboard.type(words)
    page.wait_for_selector(".md-search-result__item", timeout=TIMEOUT)


def test_the_index_waits_for_the_first_result_and_then_search_works(_contexts, site_server):
    page = _contexts.get().new_page()
    try:
        page.add_init_script(WATCH_READY)
        page.goto(site_server.url("laskuri/"))
        page.wait_for_function("() => window.laskuri && window.laskuri.firstResultAt", timeout=TIMEOUT)
        page.wait_for_function("name => performance.getEntriesByType('resource').some(e => e.name.endsWith(name))",
                               arg=INDEX, timeout=TIMEOUT)
        assert requested_at(page, INDEX) > page.evaluate("window.readyAt")
        assert requested_at(page, THEME) > page.evaluate("window.readyAt")
        page.wait_for_function("() => document.documentElement.classList.contains('js')")  # the theme has started
        # It found the first result drawn and left its tables as laskuri.js draws every result.
        assert page.evaluate("document.querySelectorAll('#tulos table').length") >= 2
        assert page.evaluate("document.querySelectorAll('#tulos table[class], #tulos .md-typeset__table').length") == 0
        search_finds(page, "biojäte")
    finally:
        page.close()


def test_going_to_the_search_field_fetches_the_index_at_once(_contexts, site_server):
    page = _contexts.get().new_page()
    try:
        page.route(WASM, lambda route: None)  # Python never gets ready
        with page.expect_request(lambda request: request.url.endswith(WASM_FILE), timeout=TIMEOUT):
            page.goto(site_server.url("laskuri/"))
        # The page has gone as far as it can without Python: it has loaded, the worker is waiting for Python's
        # WebAssembly, and the page has heard the worker's progress (the theme's hold hears the same messages).
        page.wait_for_function(
            "() => document.getElementById('laskuri-tila-teksti').textContent.includes('Ladataan laskuria')",
            timeout=TIMEOUT)
        assert page.locator(THEME_SCRIPT).count() == 0  # still held in its template
        assert requested_at(page, INDEX) is None
        assert requested_at(page, THEME) is None
        pressed = page.evaluate("performance.now()")
        page.keyboard.press("/")  # Material's key for the search field
        # The key opened the search field and started the theme at once, not the hold's 10 s fallback.
        assert page.evaluate("document.activeElement.matches('.md-search__input')")
        assert page.locator(THEME_SCRIPT).count() == 1
        page.keyboard.type("biojäte")
        page.wait_for_selector(".md-search-result__item", timeout=TIMEOUT)
        assert requested_at(page, THEME) >= pressed and requested_at(page, INDEX) >= pressed
        assert page.get_attribute("#laskuri", "data-start") is None
    finally:
        page.close()


def test_the_systems_dark_mode_shows_before_the_theme_has_loaded(_contexts, site_server):
    """The palette matching the system's mode is set before the first paint (partials/javascripts/palette.html),
    not only by the theme's script, which on this page waits for Python."""
    page = _contexts.get("dark").new_page()
    try:
        page.route(WASM, lambda route: None)  # Python never gets ready
        page.goto(site_server.url("laskuri/"))
        assert page.get_attribute("body", "data-md-color-scheme") == "slate"
        assert requested_at(page, THEME) is None
    finally:
        page.close()
