"""The build's Python memory snapshot and small standard library: in the page with their SHA-256 and
addresses, small enough, pinned to the runtime, remade when an input changes, and a clear one-line stop
when Node is missing or a module is."""

import hashlib
import json
import os
import struct
import subprocess
import sys
import zipfile

import brotli
import pytest

from calculator.worker import text_handler
from sitebuild import snapshot as snapshot_step
from sitebuild.bundle import runtime_version, sha256_of
from sitebuild.snapshot import BLOCK, EMPTY_ZIP, HEADER, KEPT, RUNTIME, SNAPSHOT_RUNTIME, ZERO, _inputs_key, pack

from .bench import MAX_SNAPSHOT_BYTES, runtime_ranges
from .conftest import ROOT, calculator_settings


def test_snapshot_is_in_the_page_with_its_hash_and_small(built_site):
    snapshot = calculator_settings(built_site)["snapshot"]
    path = built_site / "laskuri" / snapshot["url"]
    assert sha256_of(path) == snapshot["sha256"]
    assert path.name == f"python-{snapshot['sha256'][:16]}.snapshot"
    assert path.read_bytes()[:4] == b"PSN2" and path.stat().st_size == snapshot["bytes"]
    copy = path.with_name(path.name + ".gz")  # for a host that sends files as they are
    assert copy.stat().st_size == snapshot["gzipBytes"]
    assert path.with_name(path.name + ".br").stat().st_size <= MAX_SNAPSHOT_BYTES


def test_the_standard_library_is_the_started_modules_compiled(built_site):
    """The ordinary start's zip: the modules Pyodide's start and the calculator import, compiled, no sources;
    the snapshot start's: empty. The runtime's own 2.5 MB zip is not on the site."""
    stdlib = calculator_settings(built_site)["stdlib"]
    fallback, empty = (built_site / "laskuri" / stdlib[name] for name in ("fallback", "snapshot"))
    assert fallback.name == f"python-stdlib-{sha256_of(fallback)[:16]}.zip"
    assert empty.read_bytes() == EMPTY_ZIP and empty.name == f"python-stdlib-{sha256_of(empty)[:16]}.zip"
    names = set(zipfile.ZipFile(fallback).namelist())
    assert {"decimal.pyc", "datetime.pyc", "json/__init__.pyc", "encodings/utf_8.pyc", "_pyodide/_base.pyc"} <= names
    assert all(name.endswith(".pyc") for name in names)
    assert not any(name.startswith(("unittest/", "xml/", "http/", "email/mime/", "pydoc")) for name in names)
    assert len(brotli.compress(fallback.read_bytes(), quality=5)) < 1_200_000
    assert not (built_site / "pyodide" / runtime_version() / "python_stdlib.zip").exists()


def test_self_check_is_cpythons_answer_on_a_fixed_day(built_site):
    check = calculator_settings(built_site)["check"]
    assert check["request"]["scenario"]["date"] == "2026-04-01"
    answer = text_handler((built_site / "laskuri-data" / "taksat.json").read_text(encoding="utf-8"))(
        json.dumps(check["request"]))
    assert hashlib.sha256(answer.encode()).hexdigest() == check["sha256"]
    proposed = json.loads(answer)["new"]  # the minutes' first example (presets.yaml): 42,72-49,84 € proposed
    assert (proposed["total_min_eur"], proposed["total_max_eur"]) == ("42.72", "49.84")


def unpacked(packed: bytes) -> tuple[bytes, bytes]:
    """The memory from a snapshot file, read as the format in sitebuild/snapshot.py says, with the blocks left
    to the runtime still zero; and the kind of each block."""
    magic, size, block, _, _ = HEADER.unpack_from(packed)
    assert magic == b"PSN2"
    count = -(-size // block)
    kinds, rest = packed[HEADER.size:HEADER.size + count], memoryview(packed)[HEADER.size + count:]
    memory = bytearray(size)
    for index in range(count):
        if kinds[index] == KEPT:
            length = min(block, size - index * block)
            memory[index * block:index * block + length], rest = rest[:length], rest[length:]
    assert not rest
    return bytes(memory), kinds


def test_pack_leaves_out_all_zero_blocks_and_those_the_runtime_starts_with():
    header = b"\x00snp" + struct.pack("<I", 16) + bytes(8)  # Pyodide's header: 16 bytes before the memory
    memory = b"\x05" * (BLOCK - 16) + b"\x06" * BLOCK + b"\x07" * BLOCK + bytes(BLOCK) + b"\x08" * 5
    start = memory  # the runtime's memory as it starts, equal to the snapshot's where the blocks are left out
    other = memory.replace(b"\x07", b"\x09")  # a second start, unlike in block 2
    raw = header + memory
    packed = pack(raw, (start, other), heap_base=3 * BLOCK)
    got, kinds = unpacked(packed)
    # block 0 holds the header; 1 is the runtime's; 2 differs between starts; 3 is zero; 4 lies above the heap's start
    assert list(kinds) == [KEPT, RUNTIME, KEPT, ZERO, KEPT]
    assert got[BLOCK:2 * BLOCK] == bytes(BLOCK)
    assert got[:BLOCK] == raw[:BLOCK] and got[2 * BLOCK:] == raw[2 * BLOCK:]
    magic, size, block, filled, digest = HEADER.unpack_from(packed)
    assert (size, block, filled) == (len(raw), BLOCK, 2 * BLOCK)
    assert digest == hashlib.sha256(raw[:2 * BLOCK]).digest()  # what the worker checks once it has filled block 1
    assert list(unpacked(pack(raw))[1]) == [KEPT, KEPT, KEPT, ZERO, KEPT]  # no runtime given


def test_the_built_snapshot_is_pyodides_memory_without_its_zero_blocks_and_the_runtimes(built_site):
    path = built_site / "laskuri" / calculator_settings(built_site)["snapshot"]["url"]
    packed = path.read_bytes()
    memory, kinds = unpacked(packed)
    assert memory[:4] == b"\x00snp"  # Pyodide's own snapshot header
    assert len(packed) < 0.4 * len(memory), (len(packed), len(memory))
    assert kinds.count(RUNTIME) * BLOCK > 3_000_000  # most of the wasm's own data


def test_bench_floor_page_starts_from_the_snapshots_memory(built_site, tmp_path):
    """`make bench`'s floor: a bare worker that starts Python from the snapshot's memory and asks the self-check."""
    from .bench import write_bench_pages

    config = calculator_settings(built_site)
    files = ("index.html", config["snapshot"]["url"], config["stdlib"]["snapshot"])
    for name in (f"laskuri/{file}" for file in files):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes((built_site / name).read_bytes())
    write_bench_pages(tmp_path)
    memory, kinds = unpacked((built_site / "laskuri" / config["snapshot"]["url"]).read_bytes())
    assert (tmp_path / "_bench" / "memory.bin").read_bytes() == memory
    worker = (tmp_path / "_bench" / "floor-worker.js").read_text(encoding="utf-8")
    assert json.dumps(json.dumps(config["check"]["request"])) in worker
    assert f"../pyodide/{runtime_version()}/pyodide.mjs" in worker
    assert json.dumps(runtime_ranges(kinds)) in worker
    assert (tmp_path / "pyodide" / runtime_version() / "python_stdlib.zip").is_file()  # the bare start's, in full


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


def test_a_module_missing_from_the_small_standard_library_stops_the_build_with_one_line(monkeypatch, tmp_path):
    failed = subprocess.CompletedProcess([], 1, "", "Traceback …\nthe ordinary start on the small standard library: "
                                         "ModuleNotFoundError: No module named 'zoneinfo'\n")
    monkeypatch.setattr(snapshot_step.subprocess, "run", lambda *args, **kwargs: failed)
    with pytest.raises(SystemExit) as stop:
        snapshot_step._run_node(tmp_path / "w.whl", tmp_path / "d.json", "{}", tmp_path)
    assert str(stop.value) == (
        f"making the Python snapshot failed in Node (Pyodide {runtime_version()}): the ordinary start on the small "
        "standard library: ModuleNotFoundError: No module named 'zoneinfo'; the small standard library holds only "
        "the modules that the start and the warm-up request imported (sitebuild/snapshot.py)")


def test_without_node_the_build_stops_with_one_line(tmp_path):
    env = dict(os.environ, PATH=os.path.dirname(sys.executable))
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "--site", str(tmp_path / "site")],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith("Node.js (`node`) not found")
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert not (tmp_path / "site").exists()
