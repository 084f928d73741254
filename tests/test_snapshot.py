"""The build's Python memory snapshot: in the page with its SHA-256, small enough, pinned to the runtime,
remade when an input changes, and a clear one-line stop when Node is missing."""

import gzip
import hashlib
import json
import os
import struct
import subprocess
import sys

from calculator.worker import text_handler
from sitebuild.bundle import runtime_version, sha256_of
from sitebuild.snapshot import BLOCK, SNAPSHOT_RUNTIME, _inputs_key, pack

from .bench import MAX_SNAPSHOT_BYTES
from .conftest import ROOT, calculator_settings


def test_snapshot_is_in_the_page_with_its_hash_and_small(built_site):
    snapshot = calculator_settings(built_site)["snapshot"]
    path = built_site / "laskuri" / snapshot["url"]
    assert sha256_of(path) == snapshot["sha256"]
    assert path.name == f"python-{snapshot['sha256'][:16]}.snapshot.gzip"
    assert path.read_bytes()[:2] == b"\x1f\x8b"
    assert path.stat().st_size <= MAX_SNAPSHOT_BYTES


def test_self_check_is_cpythons_answer_on_a_fixed_day(built_site):
    check = calculator_settings(built_site)["check"]
    assert check["request"]["scenario"]["date"] == "2026-04-01"
    answer = text_handler((built_site / "laskuri-data" / "taksat.json").read_text(encoding="utf-8"))(
        json.dumps(check["request"]))
    assert hashlib.sha256(answer.encode()).hexdigest() == check["sha256"]
    proposed = json.loads(answer)["new"]  # the minutes' first example (presets.yaml): 42,72-49,84 € proposed
    assert (proposed["total_min_eur"], proposed["total_max_eur"]) == ("42.72", "49.84")


def unpacked(packed: bytes) -> bytes:
    """The memory from a snapshot file's content, read as the format in sitebuild/snapshot.py says."""
    assert packed[:4] == b"PSNP"
    size, block = struct.unpack("<II", packed[4:12])
    count = -(-size // block)
    kept, rest = packed[12:12 + count], memoryview(packed)[12 + count:]
    memory = bytearray(size)
    for index in range(count):
        if kept[index]:
            length = min(block, size - index * block)
            memory[index * block:index * block + length], rest = rest[:length], rest[length:]
    assert not rest
    return bytes(memory)


def test_pack_leaves_out_only_all_zero_blocks():
    raw = b"\x01" * BLOCK + bytes(BLOCK) + bytes(BLOCK - 1) + b"\x02" + bytes(10) + b"\x03" + bytes(BLOCK + 5)
    packed = pack(raw)
    assert packed[12:17] == bytes([1, 0, 1, 1, 0])
    assert len(packed) == 12 + 5 + 3 * BLOCK
    assert unpacked(packed) == raw


def test_the_built_snapshot_is_pyodides_memory_without_its_zero_blocks(built_site):
    path = built_site / "laskuri" / calculator_settings(built_site)["snapshot"]["url"]
    packed = gzip.decompress(path.read_bytes())
    memory = unpacked(packed)
    assert memory[:4] == b"\x00snp"  # Pyodide's own snapshot header
    assert len(packed) < 0.7 * len(memory), (len(packed), len(memory))


def test_bench_floor_page_starts_from_the_snapshots_memory(built_site, tmp_path):
    """`make bench`'s floor: a bare worker that starts Python from the snapshot's memory and asks the self-check."""
    from .bench import write_bench_pages

    config = calculator_settings(built_site)
    for name in ("laskuri/index.html", "laskuri/" + config["snapshot"]["url"]):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes((built_site / name).read_bytes())
    write_bench_pages(tmp_path)
    memory = (tmp_path / "_bench" / "memory.bin").read_bytes()
    assert pack(memory) == gzip.decompress((built_site / "laskuri" / config["snapshot"]["url"]).read_bytes())
    worker = (tmp_path / "_bench" / "floor-worker.js").read_text(encoding="utf-8")
    assert json.dumps(json.dumps(config["check"]["request"])) in worker
    assert f"../pyodide/{runtime_version()}/pyodide.mjs" in worker


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
