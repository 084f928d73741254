"""The suite's page audit on some pages, outside pytest: to time it, or to try another browser.

Run as `python -m tests.audit_run PATH …` (e.g. `hinnasto/ laskuri/`); `CHROMIUM=/usr/bin/chromium`
runs it in the desktop browser instead of the tests' headless shell. Each page is audited as
`test_site_browser.py` audits it (`audit_page`: one load, axe in every condition, the phone and print
checks) and its verdict printed, then the CPU time the whole machine was busy meanwhile (from /proc/stat:
the browser's processes are not this process's children, so its own accounting misses most of them;
on a quiet machine, nothing else counts).
"""

from __future__ import annotations

import os
import sys
import time

from .browser import NARROWEST, Contexts, _start_browser, _start_server, _stop_browser, _stop_server, audit_page
from .timeline import cpu_ticks


def main(paths: list[str]) -> int:
    (busy, _), started = cpu_ticks(), time.perf_counter()
    running, browser = _start_server(), _start_browser()
    contexts = Contexts(browser[1])
    failed = 0
    try:
        for path in paths:
            audit = audit_page(contexts, running[2], path)
            problems = (sum(map(len, audit.violations.values())) + sum(map(len, audit.findings.values()))
                        + len(audit.errors) + len(audit.external_requests) + (audit.scroll_width > NARROWEST))
            failed += bool(problems)
            print(f"/{path}: {problems or 'no'} problem(s)")
    finally:
        contexts.close()
        _stop_browser(browser)
        _stop_server(running)
    seconds = (cpu_ticks()[0] - busy) / os.sysconf("SC_CLK_TCK")
    print(f"{len(paths)} page(s) in {time.perf_counter() - started:.1f} s; the machine was busy {seconds:.1f} CPU-s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
