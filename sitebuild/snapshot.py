"""The calculator's Python memory snapshot, made at build time by the pinned Pyodide in Node.

Pyodide's snapshot API (`_makeSnapshot`, `makeMemorySnapshot()`, `_loadSnapshot`) is experimental:
this step is pinned to the runtime version it was written and tested for (SNAPSHOT_RUNTIME), and
any other installed version stops the build until someone checks the API and moves the pin.

The snapshot is not byte-for-byte reproducible: it is the interpreter's memory, which holds
entropy-seeded state (the hash seed, `random`'s state, libc's ChaCha state) and the clock times of
the start. So a finished snapshot is kept in .cache/snapshots/ under the hash of everything it is
made from (runtime, wheel, tariff data, warm-up request, the Node script, the file format below)
and reused: the same inputs give the same file, and a change to any of them makes a new one.

About half of the memory is zero, in whole 64 KiB blocks. The file leaves those out before gzip
(`pack`), so that the browser inflates half the bytes; the worker puts them back
(content/assets/laskuri-worker.js, `unpack`). The service worker keeps the file gunzipped for
repeat visits; the page has the SHA-256 of both forms. The format, all integers little-endian uint32:
  "PSNP", the raw length, the block size, then one byte per block (1 kept, 0 all zero),
  then the kept blocks in order (the last one may be short).
"""

from __future__ import annotations

import gzip
import hashlib
import os
import shutil
import struct
import subprocess
import tempfile
from pathlib import Path

from .bundle import PYODIDE, PYODIDE_FILES, ROOT, runtime_version, sha256_of

SNAPSHOT_RUNTIME = "314.0.7"
SCRIPT = Path(__file__).with_name("snapshot.mjs")
CACHE = ROOT / ".cache" / "snapshots"
NODE_SECONDS = 300
MAGIC = b"PSNP"
BLOCK = 65536


def check_runtime() -> None:
    version = runtime_version()
    if version != SNAPSHOT_RUNTIME:
        raise SystemExit(
            f"Pyodide {version} is installed, but the snapshot step (sitebuild/snapshot.py) is pinned to "
            f"{SNAPSHOT_RUNTIME}: its snapshot API is experimental; check it still works, then move SNAPSHOT_RUNTIME"
        )


def _inputs_key(wheel: Path, data: Path, warm_up: str) -> str:
    digest = hashlib.sha256()
    for path in [*(PYODIDE / name for name in PYODIDE_FILES), SCRIPT, wheel, data]:
        digest.update(path.read_bytes())
    digest.update(warm_up.encode())
    digest.update(MAGIC + struct.pack("<I", BLOCK))  # the file's format
    return digest.hexdigest()


def pack(raw: bytes) -> bytes:
    """The snapshot without its all-zero blocks, in the format above."""
    blocks = [raw[start:start + BLOCK] for start in range(0, len(raw), BLOCK)]
    kept = bytes(1 if block.count(0) != len(block) else 0 for block in blocks)
    header = MAGIC + struct.pack("<II", len(raw), BLOCK)
    return b"".join([header, kept, *(block for block, keep in zip(blocks, kept, strict=True) if keep)])


def gunzipped_sha256(snapshot: Path) -> str:
    """The SHA-256 of the snapshot file gunzipped: the form the service worker keeps for repeat visits."""
    return hashlib.sha256(gzip.decompress(snapshot.read_bytes())).hexdigest()


def node() -> str:
    """The `node` command; checked on every build, so that a build never depends on what is cached."""
    found = shutil.which("node")
    if found is None:
        raise SystemExit("Node.js (`node`) not found: the build makes the calculator's Python snapshot with it; "
                         "install Node 20 (apt-get install nodejs npm) and run `make setup`")
    return found


def _run_node(wheel: Path, data: Path, warm_up: str, work: Path) -> tuple[bytes, str]:
    """The raw snapshot and the warm-up answer from the pinned runtime in Node."""
    request, raw, answer = work / "warm-up.json", work / "snapshot.bin", work / "answer.json"
    request.write_text(warm_up, encoding="utf-8")
    command = [node(), str(SCRIPT), str(PYODIDE), str(wheel), str(data), str(request), str(raw), str(answer)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=NODE_SECONDS)
    except subprocess.TimeoutExpired:
        raise SystemExit(f"making the Python snapshot took over {NODE_SECONDS} s in Node; stopped") from None
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise SystemExit(f"making the Python snapshot failed in Node (Pyodide {runtime_version()}): {reason}")
    return raw.read_bytes(), answer.read_text(encoding="utf-8")


def make_snapshot(wheel: Path, data: Path, warm_up: str, expected_answer: str, folder: Path) -> Path:
    """The gzip snapshot in `folder`, named by its hash; fails the build if Pyodide answers the
    warm-up request differently from CPython (`expected_answer`)."""
    node()
    check_runtime()
    cached = CACHE / f"{_inputs_key(wheel, data, warm_up)}.gz"
    if not cached.is_file():
        CACHE.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=".snapshot-", dir=CACHE) as tmp:
            raw, answer = _run_node(wheel, data, warm_up, Path(tmp))
            if answer != expected_answer:
                raise SystemExit("the Python snapshot step answered its warm-up request differently in Pyodide "
                                 "than in CPython; the snapshot was not made")
            packed = Path(tmp) / "snapshot.gz"
            packed.write_bytes(gzip.compress(pack(raw), compresslevel=6, mtime=0))
            os.replace(packed, cached)
    target = folder / f"python-{sha256_of(cached)[:16]}.snapshot.gzip"  # not .gz: no host may add Content-Encoding
    shutil.copyfile(cached, target)
    return target
