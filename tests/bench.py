"""`make bench`: build time, and the calculator's time to first result against bare Pyodide.

Run as `python -m tests.bench`. It builds the site, serves it as `make serve` does (sitebuild/serve.mjs:
precompressed copies, cache headers) and, in one run, measures RUNS times each with a cold cache (a
Chromium with a new profile on disk) and a warm one (a second visit with that profile):
  - bare:     a page whose module worker has finished a bare `loadPyodide()`;
  - snapshot: the calculator page until its first result is on screen (Python from the snapshot);
  - fallback: the same on a copy of the site without the snapshot (the ordinary start; its service
              worker cannot keep the files, as one is missing, so its warm visit uses the HTTP cache);
  - floor:    the runtime's own limit, no target: a page with nothing but a module worker that starts
              Python from the snapshot's memory, unpacked and unchecked (from the HTTP cache when warm),
              and answers the self-check request; what the page, its checks and its service worker add
              is the difference between this and the snapshot line;
with the bytes the page and its workers received over the network (compressed, headers included)
until then. Then SLOW_RUNS cold visits of each over each of two slower links (SLOW_LINKS, Chromium's
network emulation, which covers the workers too), where the bytes to download weigh more than the CPU
(over the slowest the worker gives the snapshot up and starts Python the ordinary way).
It prints the medians, the ratios against bare `loadPyodide()` in the same run with their targets
(none for the slower link), the snapshot's size, the calculator page's own code and data (without the runtime and
the snapshot), and times a build with a synthetic table of 2,000 rows (tests/synthetic.py).
Exit status 1 if a target is missed.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sitebuild import urls

ROOT = Path(__file__).resolve().parent.parent
RUNS = 7
TARGETS = {"cold": 0.35, "warm": 0.25}  # first result via the snapshot / bare loadPyodide()
MAX_SNAPSHOT_BYTES = 8_000_000
MAX_OWN_BYTES = 150 * 1024
SYNTHETIC_ROWS = 2000
MAX_SYNTHETIC_SECONDS = 10
# Mobile links in the country, down and up in Mbit/s, 40 ms (Chromium takes bytes per second).
SLOW_LINKS = {
    f"{down} Mbit/s": {"offline": False, "latency": 40, "downloadThroughput": down * 125_000,
                       "uploadThroughput": down * 62_500}
    for down in (20, 5)
}
SLOW_RUNS = 5
SLOW_KINDS = ("bare", "snapshot", "fallback")  # not the floor: its raw 31 MB over a slow link say nothing
OWN_FILES = ("laskuri/index.html", *urls.CALCULATOR_MODULES, "assets/laskuri-worker.js", "laskuri-data/taksat.json")

BARE_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bare Pyodide</title></head><body>
<script>
const worker = new Worker("bare-worker.js", {type: "module"});
worker.onmessage = () => { window.bareReadyAt = performance.now(); };
</script></body></html>"""
BARE_WORKER = """const m = await import("../pyodide/%(version)s/pyodide.mjs");
await m.loadPyodide({indexURL: "../pyodide/%(version)s/"});
postMessage("ready");"""
FLOOR_PAGE = BARE_PAGE.replace("bare-worker.js", "floor-worker.js").replace("bareReadyAt", "floorReadyAt")
FLOOR_WORKER = """const memory = fetch("memory.bin").then(response => response.arrayBuffer());
const m = await import("../pyodide/%(version)s/pyodide.mjs");
const pyodide = await m.loadPyodide({indexURL: new URL("../pyodide/%(version)s/", location.href).href,
                                     _loadSnapshot: new Uint8Array(await memory)});
postMessage(pyodide.globals.get("handle")(%(request)s));"""
READY = {
    "bare": "window.bareReadyAt",
    "floor": "window.floorReadyAt",
    "snapshot": "window.laskuri && window.laskuri.firstResultAt",
    "fallback": "window.laskuri && window.laskuri.firstResultAt",
}


def write_bench_pages(site: Path) -> None:
    """The bare and the floor pages in site/_bench/, the floor with the snapshot's memory unpacked."""
    from sitebuild import headers
    from sitebuild.bundle import runtime_version
    from tests.conftest import calculator_settings
    from tests.test_snapshot import unpacked

    folder = site / "_bench"
    folder.mkdir()
    settings = calculator_settings(site)
    snapshot = site / "laskuri" / settings["snapshot"]["url"]
    (folder / "memory.bin").write_bytes(unpacked(gzip.decompress(snapshot.read_bytes())))
    request = json.dumps(json.dumps(settings["check"]["request"]))
    for name, html, script in (("bare", BARE_PAGE, BARE_WORKER), ("floor", FLOOR_PAGE, FLOOR_WORKER)):
        (folder / f"{name}.html").write_text(html, encoding="utf-8")
        (folder / f"{name}-worker.js").write_text(script % {"version": runtime_version(), "request": request},
                                                  encoding="utf-8")
    # The bench's own pages and workers run without the site's policy (an inline script, WebAssembly).
    with (site / headers.HEADERS).open("a", encoding="utf-8") as rules:
        rules.write("/_bench/*\n  ! Content-Security-Policy\n")


def own_files(site: Path) -> list[Path]:
    """The calculator page's own code and data: the page, its scripts, and the fallback's wheel and data."""
    return [site / name for name in OWN_FILES] + sorted((site / "laskuri-data").glob("*.whl"))


def sent(path: Path) -> int:
    """The bytes a host sends for `path`: its brotli copy where the build made one."""
    copy = path.with_name(path.name + ".br")
    return (copy if copy.exists() else path).stat().st_size


def own_bytes(site: Path) -> dict[str, int]:
    """The bytes sent for each of the calculator page's own files (without the runtime and the snapshot)."""
    return {path.relative_to(site).as_posix(): sent(path) for path in own_files(site)}


@contextlib.contextmanager
def serving(site: Path):
    """The site served by `make serve`'s server on a free port; yields its address."""
    command = ["node", str(ROOT / "sitebuild" / "serve.mjs"), str(site), "0"]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        line = server.stdout.readline()
        if not line.startswith("Serving "):
            raise SystemExit(f"the server did not start: {line!r}")
        yield line.split()[1]
    finally:
        server.terminate()
        server.wait(timeout=10)


def polled(page, expression: str, seconds: float):
    """The value of `expression` once it is truthy, asked from outside every 20 ms. Waiting this way adds
    no script to the page: Playwright's wait_for_function injects one, about 60 ms of the main thread."""
    deadline = time.monotonic() + seconds
    while not (value := page.evaluate(expression)):
        if time.monotonic() > deadline:
            raise SystemExit(f"{page.url}: {expression} did not hold within {seconds} s")
        time.sleep(0.02)
    return value


def visit(context, url: str, expression: str, keeps_files: bool, network: dict | None = None) -> tuple[float, int]:
    """Milliseconds from navigation start until `expression` holds, and the bytes received until then;
    over `network` (Network.emulateNetworkConditions) if given."""
    finished = []

    def keep(request) -> None:
        finished.append(request)

    context.on("requestfinished", keep)
    page = context.new_page()
    if network:
        session = context.new_cdp_session(page)
        session.send("Network.enable")
        session.send("Network.emulateNetworkConditions", network)
    page.goto(url)
    value = float(polled(page, expression, 180))
    context.remove_listener("requestfinished", keep)
    total = 0
    for request in finished:
        sizes = request.sizes()
        total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    if keeps_files:  # let the service worker finish keeping the files, as a visitor's browser would
        page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=60_000)
    page.close()
    return value, total


@contextlib.contextmanager
def fresh_profile(playwright):
    """A Chromium with a new browser profile on disk: a visitor's browser, with its HTTP cache and code
    cache. (A browser's new_context() is off the record: V8 keeps no wasm code cache there.)"""
    from tests.browser import CHROMIUM, CHROMIUM_ARGS

    with tempfile.TemporaryDirectory() as profile:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS, service_workers="allow")
        try:
            yield context
        finally:
            context.close()


def synthetic_build_seconds() -> tuple[float, float]:
    """A build with the synthetic table: the first (making its snapshot and compressed copies), and again."""
    import build
    from tests.synthetic import synthetic_authority

    seconds = []
    with tempfile.TemporaryDirectory() as tmp:
        authority = synthetic_authority(Path(tmp), SYNTHETIC_ROWS)
        for _ in range(2):
            started = time.perf_counter()
            assert build.main(["--authority", str(authority), "--site", str(Path(tmp) / "s"), "--update-anchors"]) == 0
            seconds.append(time.perf_counter() - started)
    return seconds[0], seconds[1]


def main() -> int:
    sys.path.insert(0, str(ROOT))
    import build

    first_synthetic, synthetic_seconds = synthetic_build_seconds()
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        started = time.perf_counter()
        assert build.main(["--site", str(site)]) == 0
        build_seconds = time.perf_counter() - started
        write_bench_pages(site)
        without = Path(tmp) / "without-snapshot"
        shutil.copytree(site, without, copy_function=os.link)
        snapshot = next((site / "laskuri-data").glob("*.snapshot.*"))
        (without / snapshot.relative_to(site)).unlink()
        snapshot_bytes = snapshot.stat().st_size
        sizes = own_bytes(site)
        raw_total = sum(path.stat().st_size for path in own_files(site))

        from playwright.sync_api import sync_playwright

        times: dict[str, list[float]] = {f"{k} {c}": [] for k in READY for c in ("cold", "warm")}
        received: dict[str, list[int]] = {name: [] for name in times}
        over_slow_links = {link: {kind: [] for kind in SLOW_KINDS} for link in SLOW_LINKS}
        with serving(site) as base, serving(without) as other, sync_playwright() as playwright:
            urls = {"bare": base + "_bench/bare.html", "snapshot": base + "laskuri/", "fallback": other + "laskuri/",
                    "floor": base + "_bench/floor.html"}
            for _ in range(RUNS):
                for kind, url in urls.items():
                    with fresh_profile(playwright) as context:
                        for cache in ("cold", "warm"):
                            ms, got = visit(context, url, READY[kind], kind == "snapshot")
                            times[f"{kind} {cache}"].append(ms)
                            received[f"{kind} {cache}"].append(got)
            for link, network in SLOW_LINKS.items():
                for _ in range(SLOW_RUNS):
                    for kind in SLOW_KINDS:
                        with fresh_profile(playwright) as context:
                            ms, _ = visit(context, urls[kind], READY[kind], False, network)
                            over_slow_links[link][kind].append(ms)

    median = {name: statistics.median(values) for name, values in times.items()}
    failed = False
    print(f"build: {build_seconds:.1f} s (python build.py, whole site)")
    slow = synthetic_seconds >= MAX_SYNTHETIC_SECONDS
    failed |= slow
    print(f"build with {SYNTHETIC_ROWS} more rows in one table of each version: {synthetic_seconds:.1f} s, "
          f"{synthetic_seconds / build_seconds:.2f} x the whole site's build "
          f"(limit {MAX_SYNTHETIC_SECONDS} s) {'TOO SLOW' if slow else 'ok'}; {first_synthetic:.1f} s the first "
          "time, which makes its Python snapshot in Node and its compressed copies")
    print(f"Chromium, served by sitebuild/serve.mjs, {RUNS} runs each; median ms from navigation start "
          "(cold = a new browser profile, warm = a second visit with it) and MB received until then (median):")
    for name in times:
        print(f"  {name:14s} {median[name]:7.0f} ms  {statistics.median(received[name]) / 1e6:6.2f} MB"
              f"   runs: {', '.join(f'{v:.0f}' for v in times[name])}")
    for cache, limit in TARGETS.items():
        for kind in ("snapshot", "fallback", "floor"):
            ratio = median[f"{kind} {cache}"] / median[f"bare {cache}"]
            target = f"(target {limit}) {'ok' if ratio <= limit else 'MISSED'}" if kind == "snapshot" else ""
            failed |= kind == "snapshot" and ratio > limit
            what = "the runtime's own limit (floor, no page)" if kind == "floor" else f"first result via the {kind}"
            print(f"  {what} / bare loadPyodide() ({cache}): {ratio:.2f} {target}")
    for link, over_slow_link in over_slow_links.items():
        bare = statistics.median(over_slow_link["bare"])
        print(f"cold over a slower link ({link} down, 40 ms; {SLOW_RUNS} runs each, no target): bare loadPyodide() "
              f"{bare:.0f} ms; " + "; ".join(
                  f"first result via the {kind} {statistics.median(over_slow_link[kind]):.0f} ms "
                  f"({statistics.median(over_slow_link[kind]) / bare:.2f})" for kind in ("snapshot", "fallback"))
              + "   runs: " + " / ".join(", ".join(f"{v:.0f}" for v in values) for values in over_slow_link.values()))
    print(f"snapshot: {snapshot_bytes / 1e6:.2f} MB gzip (limit {MAX_SNAPSHOT_BYTES / 1e6:.0f} MB) "
          f"{'ok' if snapshot_bytes <= MAX_SNAPSHOT_BYTES else 'TOO BIG'}")
    failed |= snapshot_bytes > MAX_SNAPSHOT_BYTES
    total = sum(sizes.values())
    print("calculator page's own code and data (without the runtime and the snapshot), as sent (brotli):")
    for name, size in sizes.items():
        print(f"  {name:45s} {size / 1024:7.1f} KB")
    print(f"  {'total':45s} {total / 1024:7.1f} KB  (limit {MAX_OWN_BYTES / 1024:.0f} KB) "
          f"{'ok' if total <= MAX_OWN_BYTES else 'TOO BIG'}; {raw_total / 1024:.1f} KB uncompressed; "
          "the wheel and taksat.json only on the fallback path")
    failed |= total > MAX_OWN_BYTES
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
