"""The build's Python memory snapshot: in the page with its SHA-256, small enough, pinned to the runtime,
remade when an input changes, and a clear one-line stop when Node is missing."""

import hashlib
import json
import os
import re
import subprocess
import sys

from calculator.worker import text_handler
from sitebuild.bundle import runtime_version, sha256_of
from sitebuild.snapshot import SNAPSHOT_RUNTIME, _inputs_key

from .conftest import ROOT

MAX_SNAPSHOT_BYTES = 8 * 1024 * 1024


def page_config(site):
    html = (site / "laskuri" / "index.html").read_text(encoding="utf-8")
    found = re.search(r'<script type="application/json" id="laskuri-asetukset">(.*?)</script>', html, re.S)
    return json.loads(found[1])


def test_snapshot_is_in_the_page_with_its_hash_and_small(built_site):
    snapshot = page_config(built_site)["snapshot"]
    path = built_site / "laskuri" / snapshot["url"]
    assert sha256_of(path) == snapshot["sha256"]
    assert path.name == f"python-{snapshot['sha256'][:16]}.snapshot.gzip"
    assert path.read_bytes()[:2] == b"\x1f\x8b"
    assert path.stat().st_size <= MAX_SNAPSHOT_BYTES


def test_self_check_is_cpythons_answer_on_a_fixed_day(built_site):
    check = page_config(built_site)["check"]
    assert check["request"]["scenario"]["date"] == "2026-04-01"
    answer = text_handler((built_site / "laskuri-data" / "taksat.json").read_text(encoding="utf-8"))(
        json.dumps(check["request"]))
    assert hashlib.sha256(answer.encode()).hexdigest() == check["sha256"]
    proposed = json.loads(answer)["new"]  # the minutes' first example (presets.yaml): 42,72-49,84 € proposed
    assert (proposed["total_min_eur"], proposed["total_max_eur"]) == ("42.72", "49.84")


def test_snapshot_api_is_pinned_to_the_installed_runtime():
    pinned = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"]["pyodide"]
    message = ("Pyodide's snapshot API is experimental: after an upgrade check that the snapshot still starts "
               "(tests/test_calculator_start_browser.py), then move SNAPSHOT_RUNTIME in sitebuild/snapshot.py")
    assert pinned == SNAPSHOT_RUNTIME, message
    assert runtime_version() == SNAPSHOT_RUNTIME, message


def test_any_changed_input_makes_a_new_snapshot(built_site, tmp_path):
    wheel = next((built_site / "laskuri-data").glob("*.whl"))
    data = built_site / "laskuri-data" / "taksat.json"
    key = _inputs_key(wheel, data, "{}")
    changed = tmp_path / "taksat.json"
    changed.write_bytes(data.read_bytes().replace(b'"', b" ", 1))
    assert _inputs_key(wheel, changed, "{}") != key
    assert _inputs_key(wheel, data, '{"a": 1}') != key
    assert _inputs_key(wheel, data, "{}") == key


def test_without_node_the_build_stops_with_one_line(tmp_path):
    env = dict(os.environ, PATH=os.path.dirname(sys.executable))
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "--site", str(tmp_path / "site")],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith("Node.js (`node`) not found")
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert not (tmp_path / "site").exists()
