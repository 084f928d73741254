"""`make bench`: build time, and the calculator's time to first result against bare Pyodide.

Run as `python -m tests.bench`. It builds the site, serves it as `make serve` does (sitebuild/serve.mjs:
precompressed copies, cache headers) and, in one run, measures RUNS times each with a cold cache (a
Chromium with a new profile on disk) and a warm one (a second visit with that profile):
  - bare:     a page whose module worker has finished a bare `loadPyodide()` of the whole runtime (the
              bench puts Pyodide's own 2.5 MB python_stdlib.zip back for it: the site has none);
  - snapshot: the calculator page until its first result is on screen (Python from the snapshot);
  - fallback: the same on a copy of the site without the snapshot (the ordinary start; its service
              worker cannot keep the files, as one is missing, so its warm visit uses the HTTP cache);
  - floor:    the runtime's own limit, no target of its own: a page with nothing but a module worker that
              starts Python from the snapshot's memory, unpacked and unchecked (from the HTTP cache when
              warm), and answers the self-check request; what the page, its checks and its service worker
              add is the difference between this and the snapshot line;
with the bytes the page and its workers received over the network (compressed, headers included)
until then. Then SLOW_RUNS cold visits of each over each of two slower links (SLOW_LINKS, Chromium's
network emulation, which covers the workers too), where the bytes to download weigh more than the CPU
(over the slowest the worker gives the snapshot up and starts Python the ordinary way).
It prints the load average (the machine's CPUs may be shared), the medians, the ratios against bare
`loadPyodide()` in the same run with their targets (TARGETS, SLOW_TARGETS; warm against the floor,
WARM_OVER_FLOOR), the bytes of each file received before the first result on each path (cold), the
snapshot's sizes, the calculator page's own code and data (without the runtime, the snapshot and the
standard library), and times a build with a synthetic table of 2,000 rows (tests/synthetic.py).
Exit status 1 if a target is missed.
"""

from __future__ import annotations

import contextlib
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
from sitebuild.snapshot import BLOCK, RUNTIME

ROOT = Path(__file__).resolve().parent.parent
RUNS = 7
# The calculator page's first result (the snapshot line) against bare loadPyodide() in the same run, cold, on
# the local link and over each slower one; warm against the floor line (issue 28).
TARGETS = {"cold": 0.35}
WARM_OVER_FLOOR = 1.15
SLOW_TARGETS = {"20 Mbit/s": 0.75, "5 Mbit/s": 0.90}
MAX_SNAPSHOT_BYTES = 4_000_000  # the snapshot as sent with brotli
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
# As the calculator worker does: the runtime's own start fills the blocks the file leaves to it; no checks.
FLOOR_WORKER = """const memory = fetch("memory.bin").then(got => got.arrayBuffer()).then(got => new Uint8Array(got));
const [m, runtime] = await Promise.all([import("../pyodide/%(version)s/pyodide.mjs"),
                                        import("../pyodide/%(version)s/pyodide.asm.mjs")]);
const pyodide = await m.loadPyodide({
  indexURL: new URL("../pyodide/%(version)s/", location.href).href,
  stdLibURL: new URL(%(stdlib)s, location.href).href,
  _loadSnapshot: memory,
  createPyodideModule: async (settings) => {
    const module = await runtime.default(settings), snapshot = await memory;
    const offset = new DataView(snapshot.buffer).getUint32(4, true);
    for (const [start, end] of %(ranges)s) { snapshot.set(module.HEAP8.subarray(start - offset, end - offset), start); }
    return module;
  },
});
postMessage(pyodide.globals.get("handle")(%(request)s));"""
READY = {
    "bare": "window.bareReadyAt",
    "floor": "window.floorReadyAt",
    "snapshot": "window.laskuri && window.laskuri.firstResultAt",
    "fallback": "window.laskuri && window.laskuri.firstResultAt",
}


def runtime_ranges(kinds: bytes) -> list[list[int]]:
    """The snapshot's stretches (start, end) that its file leaves to the runtime's own start (sitebuild/snapshot.py)."""
    ranges: list[list[int]] = []
    for index, kind in enumerate(kinds):
        if kind == RUNTIME:
            if ranges and ranges[-1][1] == index * BLOCK:
                ranges[-1][1] += BLOCK
            else:
                ranges.append([index * BLOCK, (index + 1) * BLOCK])
    return ranges


def write_bench_pages(site: Path) -> None:
    """The bare and the floor pages in site/_bench/, the floor with the snapshot's memory unpacked; the
    runtime's whole standard library, which the site leaves out, for the bare `loadPyodide()`."""
    from sitebuild import headers
    from sitebuild.bundle import PYODIDE, runtime_version
    from tests.conftest import calculator_settings
    from tests.test_snapshot import unpacked

    folder = site / "_bench"
    folder.mkdir()
    settings = calculator_settings(site)
    memory, kinds = unpacked((site / "laskuri" / settings["snapshot"]["url"]).read_bytes())
    (folder / "memory.bin").write_bytes(memory)
    runtime = site / urls.pyodide(runtime_version())
    runtime.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(PYODIDE / "python_stdlib.zip", runtime / "python_stdlib.zip")
    values = {"version": runtime_version(), "request": json.dumps(json.dumps(settings["check"]["request"])),
              "stdlib": json.dumps(settings["stdlib"]["snapshot"]), "ranges": json.dumps(runtime_ranges(kinds))}
    for name, html, script in (("bare", BARE_PAGE, BARE_WORKER), ("floor", FLOOR_PAGE, FLOOR_WORKER)):
        (folder / f"{name}.html").write_text(html, encoding="utf-8")
        (folder / f"{name}-worker.js").write_text(script % values, encoding="utf-8")
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


def visit(context, url: str, expression: str, keeps_files: bool,
          network: dict | None = None) -> tuple[float, dict[str, int]]:
    """Milliseconds from navigation start until `expression` holds, and the bytes received until then for
    each address (compressed, headers included); over `network` (Network.emulateNetworkConditions) if given."""
    started, ended = [], []

    def keep(request) -> None:
        started.append(request)

    def end(request) -> None:
        ended.append(request)

    context.on("request", keep)
    context.on("requestfinished", end)
    context.on("requestfailed", end)
    page = context.new_page()
    if network:
        session = context.new_cdp_session(page)
        session.send("Network.enable")
        session.send("Network.emulateNetworkConditions", network)
    page.goto(url, wait_until="commit", timeout=180_000)  # the page times itself; under load "load" came late
    value = float(polled(page, expression, 180))
    # The requests started before the first result, once they end: their events may come after the result, as
    # for a worker's request read from the HTTP cache while another still downloads it (seen in the fallback).
    # A download left open (a response nobody reads) is waited for 5 s at most; one given up counts nothing.
    # Body and headers together are the bytes on the network: Playwright gives a cached response a body of
    # minus its headers.
    until = page.evaluate("performance.timeOrigin") + value
    deadline = time.monotonic() + 5
    page.wait_for_timeout(300)
    while any(request not in ended for request in started) and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    for handler, event in ((keep, "request"), (end, "requestfinished"), (end, "requestfailed")):
        context.remove_listener(event, handler)
    files: dict[str, int] = {}
    for request in ended:
        if request.failure is None and 0 <= request.timing["startTime"] <= until:
            sizes = request.sizes()
            path = request.url.split("?")[0]
            name = path.rsplit("/", 1)[-1] or path.rstrip("/").rsplit("/", 1)[-1] + "/"
            files[name] = files.get(name, 0) + sizes["responseBodySize"] + sizes["responseHeadersSize"]
    if keeps_files:  # let the service worker finish keeping the files, as a visitor's browser would
        page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=60_000)
    page.close()
    return value, files


def print_files(title: str, files: dict[str, int]) -> None:
    """The bytes received for each file of one visit, largest first (files under 1 KB together)."""
    small = sum(size for size in files.values() if size < 1000)
    listed = sorted(((size, name) for name, size in files.items() if size >= 1000), reverse=True)
    print(f"  {title}: {sum(files.values()) / 1e6:.2f} MB: " + ", ".join(
        f"{name} {size / 1e3:.0f} KB" for size, name in listed) + f", {len(files) - len(listed)} files under 1 KB "
        f"{small / 1e3:.0f} KB")


@contextlib.contextmanager
def fresh_profile(playwright):
    """A Chromium with a new browser profile on disk: a visitor's browser, with its HTTP cache and code
    cache. (A browser's new_context() is off the record: V8 keeps no wasm code cache there.) The desktop
    browser, not the tests' headless shell: what a visitor runs."""
    from tests.browser import CHROMIUM_ARGS, VISITORS_CHROMIUM

    with tempfile.TemporaryDirectory() as profile:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=VISITORS_CHROMIUM, headless=True, args=CHROMIUM_ARGS, service_workers="allow")
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

    load = os.getloadavg()
    first_synthetic, synthetic_seconds = synthetic_build_seconds()
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        started = time.perf_counter()
        assert build.main(["--site", str(site)]) == 0
        build_seconds = time.perf_counter() - started
        write_bench_pages(site)
        without = Path(tmp) / "without-snapshot"
        shutil.copytree(site, without, copy_function=os.link)
        snapshot = next((site / "laskuri-data").glob("*.snapshot"))
        for copy in (site / "laskuri-data").glob("*.snapshot*"):
            (without / copy.relative_to(site)).unlink()
        snapshot_sizes = {suffix: (site / "laskuri-data" / (snapshot.name + suffix)).stat().st_size
                          for suffix in ("", ".gz", ".br")}
        sizes = own_bytes(site)
        raw_total = sum(path.stat().st_size for path in own_files(site))

        from playwright.sync_api import sync_playwright

        times: dict[str, list[float]] = {f"{k} {c}": [] for k in READY for c in ("cold", "warm")}
        received: dict[str, list[int]] = {name: [] for name in times}
        first_files: dict[str, dict[str, int]] = {}
        over_slow_links = {link: {kind: [] for kind in SLOW_KINDS} for link in SLOW_LINKS}
        slow_received = {link: {kind: [] for kind in SLOW_KINDS} for link in SLOW_LINKS}
        with serving(site) as base, serving(without) as other, sync_playwright() as playwright:
            urls = {"bare": base + "_bench/bare.html", "snapshot": base + "laskuri/", "fallback": other + "laskuri/",
                    "floor": base + "_bench/floor.html"}
            for _ in range(RUNS):
                for kind, url in urls.items():
                    with fresh_profile(playwright) as context:
                        for cache in ("cold", "warm"):
                            ms, files = visit(context, url, READY[kind], kind == "snapshot")
                            times[f"{kind} {cache}"].append(ms)
                            received[f"{kind} {cache}"].append(sum(files.values()))
                            first_files.setdefault(f"{kind} {cache}", files)
            for link, network in SLOW_LINKS.items():
                for _ in range(SLOW_RUNS):
                    for kind in SLOW_KINDS:
                        with fresh_profile(playwright) as context:
                            ms, files = visit(context, urls[kind], READY[kind], False, network)
                            over_slow_links[link][kind].append(ms)
                            slow_received[link][kind].append(sum(files.values()))

    median = {name: statistics.median(values) for name, values in times.items()}
    failed = False
    print(f"load average before the run: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; after: "
          + " ".join(f"{value:.2f}" for value in os.getloadavg()) + f" ({os.cpu_count()} CPUs)")
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
    warm = median["snapshot warm"] / median["floor warm"]
    failed |= warm > WARM_OVER_FLOOR
    print(f"  first result via the snapshot / the floor (warm): {warm:.2f} (target {WARM_OVER_FLOOR}) "
          f"{'ok' if warm <= WARM_OVER_FLOOR else 'MISSED'}; / bare loadPyodide() (warm): "
          f"{median['snapshot warm'] / median['bare warm']:.2f}")
    for link, over_slow_link in over_slow_links.items():
        bare = statistics.median(over_slow_link["bare"])
        ratio = statistics.median(over_slow_link["snapshot"]) / bare
        failed |= ratio > SLOW_TARGETS[link]
        print(f"cold over a slower link ({link} down, 40 ms; {SLOW_RUNS} runs each): bare loadPyodide() "
              f"{bare:.0f} ms; " + "; ".join(
                  f"first result via the {kind} {statistics.median(over_slow_link[kind]):.0f} ms "
                  f"({statistics.median(over_slow_link[kind]) / bare:.2f})" for kind in ("snapshot", "fallback"))
              + f"; the page (the snapshot line) target {SLOW_TARGETS[link]} "
              + ("ok" if ratio <= SLOW_TARGETS[link] else "MISSED")
              + "   runs: " + " / ".join(", ".join(f"{v:.0f}" for v in values) for values in over_slow_link.values())
              + "   MB received (median): " + ", ".join(
                  f"{kind} {statistics.median(values) / 1e6:.2f}" for kind, values in slow_received[link].items()))
    print("bytes received before the first result (cold, the first run of each):")
    for kind in ("bare", "snapshot", "fallback"):
        print_files(kind, first_files[f"{kind} cold"])
    print(f"snapshot: {snapshot_sizes[''] / 1e6:.2f} MB packed, {snapshot_sizes['.gz'] / 1e6:.2f} MB gzip, "
          f"{snapshot_sizes['.br'] / 1e6:.2f} MB brotli (limit {MAX_SNAPSHOT_BYTES / 1e6:.0f} MB) "
          f"{'ok' if snapshot_sizes['.br'] <= MAX_SNAPSHOT_BYTES else 'TOO BIG'}")
    failed |= snapshot_sizes[".br"] > MAX_SNAPSHOT_BYTES
    total = sum(sizes.values())
    print("calculator page's own code and data (without the runtime, the snapshot and the standard library), "
          "as sent (brotli):")
    for name, size in sizes.items():
        print(f"  {name:45s} {size / 1024:7.1f} KB")
    print(f"  {'total':45s} {total / 1024:7.1f} KB  (limit {MAX_OWN_BYTES / 1024:.0f} KB) "
          f"{'ok' if total <= MAX_OWN_BYTES else 'TOO BIG'}; {raw_total / 1024:.1f} KB uncompressed; "
          "the wheel and taksat.json only on the fallback path")
    failed |= total > MAX_OWN_BYTES
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
