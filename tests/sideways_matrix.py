"""Is the audit's in-place sideways-scroll check the same as a fresh load at the narrowest width?

Run as `python -m tests.sideways_matrix [PATH …]`. For every page of every authority's site and the
deliberate-fault page it measures `document.documentElement.scrollWidth` at NARROWEST px with scripts
run (a calculator page once it shows its first result)
  - on a fresh load at NARROWEST px, and
  - as the suite's audit does: the page visited as `audit_page` visits it (no axe rule run), then the
    width changed in place to NARROWEST px,
and prints every page where the two differ. Exit status 1 if any page differs.
"""

from __future__ import annotations

import sys

from .browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    DEFAULT_VIEWPORT,
    FAULT_PAGE,
    NARROWEST,
    WIDTHS,
    Contexts,
    _loaded,
    _start_server,
    _stop_server,
    audit_page,
    audited_pages,
    route_fault_page,
)


def _no_rules(page, rules=None) -> list:
    return []


def main(paths: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    paths = paths or [*audited_pages(), FAULT_PAGE]
    running = _start_server()
    server = running[2]
    differ = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        contexts = Contexts(browser)
        for scheme, width in (("light", WIDTHS[0]), ("dark", WIDTHS[1]), ("light", NARROWEST)):
            route_fault_page(contexts.get(scheme, (width, DEFAULT_VIEWPORT[1])), server)
        try:
            for path in paths:
                fresh_page = contexts.get("light", (NARROWEST, DEFAULT_VIEWPORT[1])).new_page()
                fresh_page.goto(server.url(path))
                _loaded(fresh_page)
                fresh = fresh_page.evaluate("document.documentElement.scrollWidth")
                fresh_page.close()
                in_place = audit_page(contexts, server, path, check=_no_rules).scroll_width
                print(f"{'same' if fresh == in_place else 'DIFFERS'} /{path}: fresh {fresh} px, in place {in_place} px")
                if fresh != in_place:
                    differ.append(path)
        finally:
            contexts.close()
            browser.close()
            _stop_server(running)
    print(f"{len(paths) - len(differ)} of {len(paths)} pages the same; differ: {differ or 'none'}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
