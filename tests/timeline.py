"""Where a test run's time goes: every test's start and end on its worker, and the machine's CPU use.

With `TEST_TIMELINE=FILE` set, `make test` (any pytest run) writes one line per test phase to FILE —
worker, start, end (seconds since the epoch), phase, test id — and the controller adds the machine's
CPU time (busy and idle, from /proc/stat) at the start and the end of the run. Then

    python -m tests.timeline FILE

prints how busy the CPUs were, each worker's busy time and the idle gaps at its end, the test files
that took the most worker time, and the last tests to finish.
"""

from __future__ import annotations

import collections
import json
import os
import sys
import time
from pathlib import Path

ENV = "TEST_TIMELINE"


def cpu_ticks() -> tuple[int, int]:
    """(busy, idle) clock ticks of every CPU since boot; idle counts iowait too."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields[:8]) - idle, idle


def _write(record: dict) -> None:
    with open(os.environ[ENV], "a", encoding="utf-8") as out:
        out.write(json.dumps(record) + "\n")


def pytest_sessionstart(session) -> None:
    if os.environ.get(ENV) and not os.environ.get("PYTEST_XDIST_WORKER"):
        Path(os.environ[ENV]).write_text("", encoding="utf-8")
        busy, idle = cpu_ticks()
        _write({"event": "start", "time": time.time(), "busy": busy, "idle": idle, "cpus": os.cpu_count()})


def pytest_sessionfinish(session) -> None:
    if os.environ.get(ENV) and not os.environ.get("PYTEST_XDIST_WORKER"):
        busy, idle = cpu_ticks()
        _write({"event": "end", "time": time.time(), "busy": busy, "idle": idle})


def pytest_runtest_logreport(report) -> None:
    if os.environ.get(ENV) and os.environ.get("PYTEST_XDIST_WORKER"):
        _write({"event": "test", "worker": os.environ["PYTEST_XDIST_WORKER"], "id": report.nodeid,
                "phase": report.when, "start": report.start, "stop": report.stop})


def summary(path: Path, top: int = 15) -> str:
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    start = next(r for r in records if r["event"] == "start")
    end = next(r for r in records if r["event"] == "end")
    tests = [r for r in records if r["event"] == "test"]
    wall = end["time"] - start["time"]
    busy, idle = end["busy"] - start["busy"], end["idle"] - start["idle"]
    lines = [f"run: {wall:.0f} s wall; CPUs busy {100 * busy / (busy + idle):.0f} % of "
             f"{start['cpus']} × {wall:.0f} s"]
    by_worker: dict[str, list[dict]] = collections.defaultdict(list)
    for r in tests:
        by_worker[r["worker"]].append(r)
    for worker, runs in sorted(by_worker.items()):
        spent = sum(r["stop"] - r["start"] for r in runs)
        last = max(r["stop"] for r in runs) - start["time"]
        lines.append(f"{worker}: {spent:.0f} s in tests, last test ended at {last:.0f} s")
    by_file: dict[str, float] = collections.Counter()
    for r in tests:
        by_file[r["id"].split("::")[0]] += r["stop"] - r["start"]
    lines.append("worker time by file:")
    lines += [f"  {seconds:6.0f} s  {name}" for name, seconds in by_file.most_common(top)]
    spans: dict[str, tuple[str, float, float]] = {}  # test id -> worker, first start, last stop (all phases)
    for r in tests:
        worker, first, last = spans.get(r["id"], (r["worker"], r["start"], r["stop"]))
        spans[r["id"]] = worker, min(first, r["start"]), max(last, r["stop"])
    lines.append("the last tests to end (end of run, worker, duration with set-up):")
    for test_id, (worker, first, last) in sorted(spans.items(), key=lambda item: item[1][2])[-8:]:
        lines.append(f"  {last - start['time']:6.0f} s  {worker}  {last - first:5.1f} s  {test_id}")
    return "\n".join(lines)


if __name__ == "__main__":
    print(summary(Path(sys.argv[1])))
