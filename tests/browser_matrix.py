"""Does the tests' browser find what the desktop browser finds? The page audit in both, compared.

Run as `python -m tests.browser_matrix [PATH …]` (about 15 minutes for every page). The suite drives
Debian's Chromium headless shell (CHROMIUM in tests/browser.py); a visitor runs the desktop Chromium
(`/usr/bin/chromium`, VISITORS_CHROMIUM). For every page of every authority's site and the deliberate-
fault page, it runs the suite's audit (`audit_page`: one load, the width and the scheme changed in
place) in each browser, with every rule of AXE_TAGS in every condition (not only SCHEME_RULES in the
dark), and compares, per page and condition, everything axe reports node by node (passes, violations,
needs-review: `tests.axe_matrix.fingerprint`), then the rest of the audit: the width at NARROWEST px,
the phone and print findings, the console errors and the requests to other hosts. It prints every
difference; exit status 1 if the two browsers' violations or findings differ on any page. On 8.12.2026
(109 pages, 8 min): the same violations and findings on every page in every condition; the only node-level
difference was axe's `region` rule (passes and needs-review, never a violation) on 8 page-conditions of
price history pages in the light scheme.
"""

from __future__ import annotations

import collections
import concurrent.futures
import multiprocessing
import os
import sys
import time

from .axe_matrix import fingerprint, violations
from .browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    CONDITIONS,
    DEFAULT_VIEWPORT,
    FAULT_PAGE,
    VISITORS_CHROMIUM,
    Contexts,
    _start_server,
    _stop_server,
    audit_page,
    audited_pages,
    built_site,
    route_fault_page,
)

WORKERS = 2


def _audit_all(args: tuple[str, str, str, list[str]]) -> tuple[str, dict]:
    """(name, {path: PageAudit with fingerprints}) for `paths` in the browser `executable`."""
    name, executable, base_url, paths = args
    from playwright.sync_api import sync_playwright

    from .browser import SiteServer

    server = SiteServer(built_site(), base_url)
    results = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        contexts = Contexts(browser)
        for scheme, width in CONDITIONS:
            route_fault_page(contexts.get(scheme, (width, DEFAULT_VIEWPORT[1])), server)
        for path in paths:
            results[path] = audit_page(contexts, server, path, check=fingerprint, dark_rules=None)
            print(f"  {os.path.basename(executable)} /{path}", file=sys.stderr, flush=True)
        browser.close()
    return name, results


def summary(audit) -> dict:
    """What the audit fails a page for: the violations per condition and the rest of its findings."""
    return {
        "axe violations": {condition: sorted(violations(audit.violations[condition])) for condition in CONDITIONS},
        # The console's distinct messages: on the fault page (images refused) the browsers report the same
        # ones in another order and repeat the theme's refused icons a different number of times.
        "width": audit.scroll_width, "findings": audit.findings, "errors": sorted(set(audit.errors)),
        "other hosts": audit.external_requests,
    }


def main() -> int:
    started = time.perf_counter()
    paths = sys.argv[1:] or [*audited_pages(), FAULT_PAGE]
    browsers = {"tests": str(CHROMIUM), "visitors": VISITORS_CHROMIUM}
    running = _start_server()
    try:
        jobs = [(name, executable, running[2].base_url, paths[i::WORKERS])
                for name, executable in browsers.items() for i in range(WORKERS) if paths[i::WORKERS]]
        with concurrent.futures.ProcessPoolExecutor(WORKERS, mp_context=multiprocessing.get_context("fork")) as pool:
            parts = list(pool.map(_audit_all, jobs))
    finally:
        _stop_server(running)
    audits = {name: {} for name in browsers}
    for name, part in parts:
        audits[name].update(part)
    nodes_differ, found_differ = collections.defaultdict(list), {}
    for path in paths:
        ours, theirs = audits["tests"][path], audits["visitors"][path]
        for condition in CONDITIONS:
            a, b = ours.violations[condition], theirs.violations[condition]
            for rule in sorted(set(a) | set(b)):
                if a.get(rule) != b.get(rule):
                    nodes_differ[rule].append(f"/{path} {condition}")
        found, other = summary(ours), summary(theirs)
        differing = {key: (found[key], other[key]) for key in found if found[key] != other[key]}
        if differing:
            found_differ[path] = differing
    print(f"{len(paths)} pages, {len(CONDITIONS)} conditions, two browsers, in {time.perf_counter() - started:.0f} s")
    print(f"\nRules whose nodes differ between {browsers['tests']} and {browsers['visitors']}: {len(nodes_differ)}")
    for rule, where in sorted(nodes_differ.items()):
        print(f"  {rule}: {len(where)}: {', '.join(where[:3])}{', …' if len(where) > 3 else ''}")
    print(f"\nPages where violations, width, findings, errors or requests differ: {len(found_differ)}")
    for path, differing in found_differ.items():
        for key, (ours, theirs) in differing.items():
            print(f"  /{path} {key}: tests {str(ours)[:300]} / visitors {str(theirs)[:300]}")
    return 1 if found_differ else 0


if __name__ == "__main__":
    sys.exit(main())
