"""`make bench`: build time, and the calculator's time to first result against bare Pyodide.

Run as `python -m tests.bench`. In one run and one Chromium it measures, with a cold cache
(a new browser context) and a warm one (the same context again):
  - bare:   navigation to a page whose module worker has finished `loadPyodide()`;
  - result: navigation to the calculator page until its first result is on screen;
and prints the medians and the ratio result / bare, which must stay within 1.3. It also
weighs the calculator page's own code and data (without the Pyodide runtime): under 200 KB,
and times a build of a synthetic table of 2,000 rows (tests/synthetic.py): under 10 s.
"""

from __future__ import annotations

import functools
import statistics
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5
MAX_RATIO = 1.3
MAX_OWN_BYTES = 200 * 1024
SYNTHETIC_ROWS = 2000
MAX_SYNTHETIC_SECONDS = 10
OWN_FILES = ("laskuri/index.html", "assets/laskuri.js", "assets/laskuri-worker.js", "laskuri-data/taksat.json")

BARE_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bare Pyodide</title></head><body>
<script>
const worker = new Worker("bare-worker.js", {type: "module"});
worker.onmessage = () => { window.bareReadyAt = performance.now(); };
</script></body></html>"""
BARE_WORKER = """const m = await import("../pyodide/314.0.7/pyodide.mjs");
await m.loadPyodide({indexURL: "../pyodide/314.0.7/"});
postMessage("ready");"""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def own_bytes(site: Path) -> dict[str, int]:
    sizes = {name: (site / name).stat().st_size for name in OWN_FILES}
    sizes.update({p.relative_to(site).as_posix(): p.stat().st_size for p in (site / "laskuri-data").glob("*.whl")})
    return sizes


def measure(context, url: str, expression: str) -> float:
    page = context.new_page()
    page.goto(url)
    page.wait_for_function(expression, timeout=180_000)
    value = page.evaluate(expression)
    page.close()
    return float(value)


def main() -> int:
    sys.path.insert(0, str(ROOT))
    import build
    from tests.browser import CHROMIUM, CHROMIUM_ARGS
    from tests.synthetic import synthetic_authority

    with tempfile.TemporaryDirectory() as tmp:
        authority = synthetic_authority(Path(tmp), SYNTHETIC_ROWS)
        started = time.perf_counter()
        assert build.main(["--authority", str(authority), "--site", str(Path(tmp) / "s"), "--update-anchors"]) == 0
        synthetic_seconds = time.perf_counter() - started

    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        started = time.perf_counter()
        assert build.main(["--site", str(site)]) == 0
        build_seconds = time.perf_counter() - started
        (site / "_bench").mkdir()
        (site / "_bench" / "index.html").write_text(BARE_PAGE, encoding="utf-8")
        (site / "_bench" / "bare-worker.js").write_text(BARE_WORKER, encoding="utf-8")
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        bare_js = "window.bareReadyAt"
        result_js = "window.laskuri && window.laskuri.firstResultAt"

        from playwright.sync_api import sync_playwright

        times: dict[str, list[float]] = {"bare cold": [], "result cold": [], "bare warm": [], "result warm": []}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
            for _ in range(RUNS):
                for name, url, expression in (("bare", base + "_bench/", bare_js),
                                              ("result", base + "laskuri/", result_js)):
                    context = browser.new_context()
                    times[f"{name} cold"].append(measure(context, url, expression))
                    times[f"{name} warm"].append(measure(context, url, expression))
                    context.close()
            browser.close()
        server.shutdown()
        sizes = own_bytes(site)

    median = {name: statistics.median(values) for name, values in times.items()}
    print(f"build: {build_seconds:.1f} s (python build.py, whole site)")
    slow = synthetic_seconds >= MAX_SYNTHETIC_SECONDS
    print(f"build with {SYNTHETIC_ROWS} more rows in one table of each version: {synthetic_seconds:.1f} s "
          f"(limit {MAX_SYNTHETIC_SECONDS} s) {'TOO SLOW' if slow else 'ok'}")
    print(f"calculator, {RUNS} runs each, median ms from navigation start (cold = new browser context):")
    for name in times:
        print(f"  {name:12s} {median[name]:8.0f}   runs: {', '.join(f'{v:.0f}' for v in times[name])}")
    failed = slow
    for cache in ("cold", "warm"):
        ratio = median[f"result {cache}"] / median[f"bare {cache}"]
        ok = ratio <= MAX_RATIO
        failed |= not ok
        verdict = "ok" if ok else "TOO SLOW"
        print(f"  ratio first result / bare loadPyodide ({cache}): {ratio:.2f}  (limit {MAX_RATIO}) {verdict}")
    total = sum(sizes.values())
    print("calculator page's own code and data (without Pyodide):")
    for name, size in sizes.items():
        print(f"  {name:45s} {size / 1024:7.1f} KB")
    print(f"  {'total':45s} {total / 1024:7.1f} KB  (limit {MAX_OWN_BYTES / 1024:.0f} KB) "
          f"{'ok' if total < MAX_OWN_BYTES else 'TOO BIG'}")
    failed |= total >= MAX_OWN_BYTES
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
