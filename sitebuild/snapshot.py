"""The calculator's Python memory snapshot and its small standard library, made at build time by the
pinned Pyodide in Node.

Pyodide's snapshot API (`_makeSnapshot`, `makeMemorySnapshot()`, `_loadSnapshot`) is experimental, and
so is its `createPyodideModule` option, which the worker uses to fill the snapshot (below): this step is
pinned to the runtime version it was written and tested for (SNAPSHOT_RUNTIME), and any other installed
version stops the build until someone checks the API and moves the pin.

The snapshot is not byte-for-byte reproducible: it is the interpreter's memory, which holds
entropy-seeded state (the hash seed, `random`'s state, libc's ChaCha state) and the clock times of
the start. So a finished snapshot is kept in .cache/snapshots/ under the hash of everything it is
made from (runtime, wheel, tariff data, warm-up request, the Node script, the file format below)
and reused: the same inputs give the same files, and a change to any of them makes new ones.

What the file leaves out of Python's 31 MB of memory (measured in docs/performance.md):
  - blocks all zero (the unused stack and heap; before the snapshot, sitebuild/snapshot.mjs zeroes
    the allocator's free chunks, where Python's freed objects were);
  - blocks as the runtime starts: most of the first 4 MB is the wasm's own data, which the browser
    has anyway. The worker fills those blocks from the runtime's memory once it is instantiated,
    before Pyodide puts the snapshot in (content/assets/laskuri-worker.js), and checks the SHA-256
    of the memory's start so filled. Only blocks below the heap that two starts in Node gave alike,
    and the snapshot still holds, are left out.
The format, integers little-endian uint32: "PSN2", the memory's length, the block size, the length N
of the memory's start that the runtime helps to fill, the SHA-256 of those N bytes once filled (32
bytes), one byte per block (0 all zero, 1 kept in the file, 2 as the runtime starts), then the kept
blocks in order (the last one may be short). The file travels with the server's Content-Encoding
(brotli or gzip); beside it the build's gzip copy (`.gz`, sitebuild/precompress.py) serves a host that
sends files as they are, and the worker inflates that copy itself.

The standard library: Pyodide's python_stdlib.zip is 2.5 MB of sources. The start and the warm-up
import about 130 of its modules; the ordinary start gets just those, compiled in Pyodide (`stdlib.zip`: no
sources, so Python compiles nothing; 0.9 MB as brotli). The start from the snapshot gets an empty zip:
every module it uses is in its memory. The build checks both starts in Node: the warm-up must give
CPython's answer from the snapshot and from the ordinary start on the small library.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import struct
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .bundle import PYODIDE, PYODIDE_FILES, ROOT, runtime_version, sha256_of

SNAPSHOT_RUNTIME = "314.0.7"
SCRIPT = Path(__file__).with_name("snapshot.mjs")
CACHE = ROOT / ".cache" / "snapshots"
NODE_SECONDS = 300
MAGIC = b"PSN2"
BLOCK = 4096
ZERO, KEPT, RUNTIME = 0, 1, 2
HEADER = struct.Struct("<4sIII32s")


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


def _modules_key(modules: list[str]) -> str:
    """The key of the standard library zip of `modules`, compiled by this runtime and this script."""
    digest = hashlib.sha256()
    for path in [*(PYODIDE / name for name in PYODIDE_FILES), SCRIPT]:
        digest.update(path.read_bytes())
    digest.update("\n".join(modules).encode())
    return "modules-" + digest.hexdigest()


def _empty_zip() -> bytes:
    with zipfile.ZipFile(buffer := io.BytesIO(), "w"):
        pass
    return buffer.getvalue()


EMPTY_ZIP = _empty_zip()


def pack(raw: bytes, starts: tuple[bytes, ...] = (), heap_base: int = 0) -> bytes:
    """The snapshot `raw` in the format above. `starts`: the runtime's memory as it starts, from two
    starts; blocks below `heap_base` that equal both are left to the runtime."""
    offset = struct.unpack_from("<I", raw, 4)[0] if starts else 0  # Pyodide's own header before the memory
    kinds, kept, filled = bytearray(), [], 0
    for start in range(0, len(raw), BLOCK):
        block = raw[start:start + BLOCK]
        at = start - offset
        if block.count(0) == len(block):
            kinds.append(ZERO)
        elif starts and 0 <= at and at + len(block) <= heap_base and all(
                block == memory[at:at + len(block)] for memory in starts):
            kinds.append(RUNTIME)
            filled = start + len(block)
        else:
            kinds.append(KEPT)
            kept.append(block)
    digest = hashlib.sha256(raw[:filled]).digest()
    return b"".join([HEADER.pack(MAGIC, len(raw), BLOCK, filled, digest), kinds, *kept])


def node() -> str:
    """The `node` command; checked on every build, so that a build never depends on what is cached."""
    found = shutil.which("node")
    if found is None:
        raise SystemExit("Node.js (`node`) not found: the build makes the calculator's Python snapshot with it; "
                         "install Node 20 (apt-get install nodejs npm) and run `make setup`")
    return found


def _run_node(wheel: Path, data: Path, warm_up: str, work: Path) -> None:
    """The files snapshot.mjs writes into `work` (its header says which)."""
    request, empty = work / "warm-up.json", work / "empty.zip"
    request.write_text(warm_up, encoding="utf-8")
    empty.write_bytes(EMPTY_ZIP)
    command = [node(), str(SCRIPT), str(PYODIDE), str(wheel), str(data), str(request), str(empty), str(work)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=NODE_SECONDS)
    except subprocess.TimeoutExpired:
        raise SystemExit(f"making the Python snapshot took over {NODE_SECONDS} s in Node; stopped") from None
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["no message"])[-1]
        hint = ("; the small standard library holds only the modules that the start and the warm-up request "
                "imported (sitebuild/snapshot.py)") if "ModuleNotFoundError" in reason else ""
        raise SystemExit(f"making the Python snapshot failed in Node (Pyodide {runtime_version()}): {reason}{hint}")


def _checked_answers(work: Path, expected_answer: str) -> None:
    answers = json.loads((work / "answers.json").read_text(encoding="utf-8"))
    for name, answer in [("when made", answers["made"]),
                         *((f"started from it ({n})", a) for n, a in enumerate(answers["restored"], 1)),
                         ("started the ordinary way on the small standard library", answers["fallback"])]:
        if answer != expected_answer:
            raise SystemExit(f"the Python snapshot step answered its warm-up request {name} differently in "
                             "Pyodide than in CPython; the snapshot was not made")


@dataclass(frozen=True)
class Snapshot:
    """The build's files for the calculator worker: the packed snapshot, and the standard library zips."""

    file: Path
    stdlib: Path  # the ordinary start's
    empty_stdlib: Path  # the start from the snapshot's


def make_snapshot(wheel: Path, data: Path, warm_up: str, expected_answer: str, folder: Path) -> Snapshot:
    """The snapshot and the standard library zips in `folder`, named by their hashes; fails the build if
    Pyodide answers the warm-up request differently from CPython (`expected_answer`) on either start."""
    node()
    check_runtime()
    key = _inputs_key(wheel, data, warm_up)
    cached, cached_stdlib = CACHE / f"{key}.snapshot", CACHE / f"{key}.stdlib.zip"
    if not (cached.is_file() and cached_stdlib.is_file()):
        CACHE.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=".snapshot-", dir=CACHE) as tmp:
            work = Path(tmp)
            _run_node(wheel, data, warm_up, work)
            _checked_answers(work, expected_answer)
            layout = json.loads((work / "layout.json").read_text(encoding="utf-8"))
            starts = tuple((work / f"runtime-{n}.bin").read_bytes() for n in (1, 2))
            packed = pack((work / "snapshot.bin").read_bytes(), starts, layout["heapBase"])
            (work / "packed").write_bytes(packed)
            # The same modules give the same zip, whatever the data: its compressed copies are made once.
            same = CACHE / f"{_modules_key(layout['modules'])}.stdlib.zip"
            if not same.is_file():
                os.replace(work / "stdlib.zip", same)
            shutil.copyfile(same, work / "stdlib.zip")
            os.replace(work / "stdlib.zip", cached_stdlib)
            os.replace(work / "packed", cached)
    named = {cached: "python-{}.snapshot", cached_stdlib: "python-stdlib-{}.zip"}
    targets = [folder / pattern.format(sha256_of(source)[:16]) for source, pattern in named.items()]
    for source, target in zip(named, targets, strict=True):
        shutil.copyfile(source, target)
    empty = folder / f"python-stdlib-{hashlib.sha256(EMPTY_ZIP).hexdigest()[:16]}.zip"
    empty.write_bytes(EMPTY_ZIP)
    return Snapshot(targets[0], targets[1], empty)
