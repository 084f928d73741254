"""Which axe-core rules depend on the colour scheme or the width: measured over every page of every site.

Run as `python -m tests.axe_matrix [PATH …]` (about 20 minutes for every page; PATHs such as
`laskuri/` check only those). For every page of every authority's site, and
for the deliberate-fault page of tests/browser.py, it runs every rule of AXE_TAGS
  - in the full matrix: each (scheme, width) of CONDITIONS on a fresh load, and
  - as the test suite visits a page: one load, the width and the colour scheme changed in place,
and compares, per page, condition and rule, everything axe reports (the nodes that pass, fail or need
review; each node named by its place in the document). It prints
  - the rules whose result differs between the light and the dark scheme at the same width, and
    between the widths in the same scheme;
  - any rule whose result on the in-place visit differs from the fresh load's;
  - whether the suite's split (every rule in the light scheme at both widths, SCHEME_RULES in the
    dark) finds exactly the violations of the full matrix, on every page.
Exit status 1 if a scheme-dependent rule is missing from SCHEME_RULES or the split finds other
violations than the matrix. In-place differences are listed for a person to read: on 7.12.2026 the
only one was a sidebar link that a fresh wide load scrolls to the sidebar's edge (axe: needs review)
and the in-place visit checks in full (pass).
"""

from __future__ import annotations

import collections
import concurrent.futures
import multiprocessing
import sys
import time

from .browser import (
    AXE_TAGS,
    CHROMIUM,
    CHROMIUM_ARGS,
    CONDITIONS,
    DEFAULT_VIEWPORT,
    FAULT_PAGE,
    SCHEME_RULES,
    WIDTHS,
    Contexts,
    _loaded,
    _start_server,
    _stop_server,
    audit_page,
    audited_pages,
    built_site,
    load_axe,
    route_fault_page,
)

WORKERS = 2
# Every result of every rule, node by node: {rule: sorted ["violation <path>", "pass <path>", …]}. A node
# is named by its place in the document (tag:position from the root), not by axe's selector, which
# may name the same node by other attributes after the page has changed them.
_FINGERPRINT = """(tags) => axe.run(document, {runOnly: {type: "tag", values: tags}, elementRef: true}).then(result => {
    const place = element => {
        const parts = [];
        for (let e = element; e && e.nodeType === 1; e = e.parentElement) {
            let position = 1;
            for (let s = e.previousElementSibling; s; s = s.previousElementSibling) position++;
            parts.unshift(e.tagName.toLowerCase() + ":" + position);
        }
        return parts.join(">");
    };
    const found = {};
    for (const [kind, rules] of [["violation", result.violations], ["incomplete", result.incomplete],
                                 ["pass", result.passes], ["inapplicable", result.inapplicable]])
        for (const rule of rules)
            (found[rule.id] ||= []).push(...rule.nodes.map(n => kind + " " + (n.element ? place(n.element)
                                                                                       : n.target.join(" "))));
    for (const id in found) found[id].sort();
    return found;
})"""


def fingerprint(page, rules=None) -> dict[str, list[str]]:
    load_axe(page)
    result = page.evaluate(_FINGERPRINT, AXE_TAGS)
    return {rule: nodes for rule, nodes in result.items() if rules is None or rule in rules}


def _measure(args: tuple[str, list[str]]) -> dict:
    """Fresh-load and in-place fingerprints of each page: {path: {"fresh"|"inplace": {condition: …}}}."""
    base_url, paths = args
    from playwright.sync_api import sync_playwright

    from .browser import SiteServer

    server = SiteServer(built_site(), base_url)
    results = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        contexts = Contexts(browser)  # one per condition (audit_page uses the first)
        for scheme, width in CONDITIONS:
            route_fault_page(contexts.get(scheme, (width, DEFAULT_VIEWPORT[1])), server)
        for path in paths:
            fresh = {}
            for scheme, width in CONDITIONS:
                page = contexts.get(scheme, (width, DEFAULT_VIEWPORT[1])).new_page()
                page.goto(server.url(path), wait_until="commit")
                _loaded(page)
                fresh[(scheme, width)] = fingerprint(page)
                page.close()
            inplace = audit_page(contexts, server, path, check=fingerprint, dark_rules=None).violations
            results[path] = {"fresh": fresh, "inplace": inplace}
            print(f"  /{path}", file=sys.stderr, flush=True)
        browser.close()
    return results


def violations(found: dict[str, list[str]], rules=None) -> set[tuple[str, str]]:
    return {(rule, node.removeprefix("violation ")) for rule, nodes in found.items()
            if rules is None or rule in rules for node in nodes if node.startswith("violation ")}


def main() -> int:
    started = time.perf_counter()
    paths = sys.argv[1:] or [*audited_pages(), FAULT_PAGE]
    running = _start_server()
    try:
        shards = [(running[2].base_url, paths[i::WORKERS]) for i in range(WORKERS) if paths[i::WORKERS]]
        with concurrent.futures.ProcessPoolExecutor(WORKERS, mp_context=multiprocessing.get_context("fork")) as pool:
            results = {path: r for part in pool.map(_measure, shards) for path, r in part.items()}
    finally:
        _stop_server(running)
    by_scheme, by_width, inplace_differs, split_differs = (collections.defaultdict(list) for _ in range(4))
    for path, result in results.items():
        fresh, inplace = result["fresh"], result["inplace"]
        rules = set().union(*(found.keys() for found in fresh.values()))
        for rule in rules:
            for width in WIDTHS:
                if fresh[("light", width)].get(rule) != fresh[("dark", width)].get(rule):
                    by_scheme[rule].append(f"/{path} at {width} px")
            for scheme in ("light", "dark"):
                if fresh[(scheme, WIDTHS[0])].get(rule) != fresh[(scheme, WIDTHS[1])].get(rule):
                    by_width[rule].append(f"/{path} ({scheme})")
            for condition in CONDITIONS:
                if fresh[condition].get(rule) != inplace[condition].get(rule):
                    inplace_differs[rule].append(f"/{path} {condition}")
        matrix = set().union(*(violations(found) for found in fresh.values()))
        split = set().union(*(violations(inplace[(s, w)], None if s == "light" else SCHEME_RULES)
                              for s, w in CONDITIONS))
        if matrix != split:
            split_differs[path] = sorted(matrix ^ split)
    print(f"{len(results)} pages, {len(CONDITIONS)} conditions, in {time.perf_counter() - started:.0f} s")
    for title, found in (("Rules whose result differs between the light and the dark scheme", by_scheme),
                         ("Rules whose result differs between the widths", by_width),
                         ("Rules whose result on the in-place visit differs from a fresh load", inplace_differs),
                         ("Pages where the split finds other violations than the full matrix", split_differs)):
        print(f"\n{title}: {len(found)}")
        for name, where in sorted(found.items()):
            print(f"  {name}: {len(where)}: {', '.join(map(str, where[:3]))}{', …' if len(where) > 3 else ''}")
    missing = set(by_scheme) - set(SCHEME_RULES)
    print(f"\nSCHEME_RULES = {SCHEME_RULES}; scheme-dependent rules missing from it: {sorted(missing) or 'none'}")
    return 1 if missing or split_differs else 0


if __name__ == "__main__":
    sys.exit(main())
