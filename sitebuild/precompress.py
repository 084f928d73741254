"""Precompressed copies of the site's large text and wasm files, for hosts that serve them as they are.

Beside `file` the build writes `file.gz` (gzip) and `file.br` (brotli, Google's `brotli` library),
each only when it saves at least a tenth. A host that supports it (`make serve`, nginx's
gzip_static/brotli_static) sends a copy with Content-Encoding; any other host serves the files as
they are. Copies are made once per content: they are kept in .cache/compressed/ by the SHA-256 of
the file, so an unchanged runtime or page costs nothing on the next build.
"""

from __future__ import annotations

import concurrent.futures
import gzip
import hashlib
import os
import tempfile
from pathlib import Path

import brotli

from .bundle import ROOT

CACHE = ROOT / ".cache" / "compressed"
# With the calculator's snapshot and standard library (sitebuild/snapshot.py), which Content-Encoding shrinks.
EXTENSIONS = {".html", ".js", ".mjs", ".css", ".json", ".wasm", ".csv", ".svg", ".xml", ".txt", ".snapshot", ".zip"}
MIN_BYTES = 1024
MAX_RATIO = 0.9
# Brotli's best quality takes minutes for the 10 MB runtime and snapshot; level 9 stays within seconds and
# near it. Below 4 MB (the runtime's script, 1.2 MB, and the calculator's standard library, 3.2 MB) the best
# quality saves 10 % (24 and 111 KB) for about 10 and 30 s, once per content.
BEST_QUALITY_BELOW = 4 * 1024 * 1024


def _level(data: bytes, suffix: str) -> int:
    return 9 if suffix == ".gz" or len(data) >= BEST_QUALITY_BELOW else 11


ENCODINGS = {
    ".gz": lambda data, level: gzip.compress(data, compresslevel=level, mtime=0),
    ".br": lambda data, level: brotli.compress(data, quality=level),
}


def compressed(data: bytes, suffix: str) -> bytes:
    """The copy of `data` for `suffix`, from the cache when this content was compressed at this level before."""
    level = _level(data, suffix)
    cached = CACHE / f"{hashlib.sha256(data).hexdigest()}-{level}{suffix}"
    if cached.is_file():
        return cached.read_bytes()
    packed = ENCODINGS[suffix](data, level)
    CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=CACHE, delete=False) as tmp:
        tmp.write(packed)
    os.replace(tmp.name, cached)
    return packed


def _write_copies(path: Path) -> None:
    data = path.read_bytes()
    for suffix in ENCODINGS:
        packed = compressed(data, suffix)
        if len(packed) <= len(data) * MAX_RATIO:
            path.with_name(path.name + suffix).write_bytes(packed)


def precompress(site: Path) -> None:
    """Write the .gz and .br copies of every large enough text and wasm file under `site`, on every CPU (zlib
    and brotli let go of Python's lock while they compress), the largest files first."""
    files = [path for path in site.rglob("*")
             if path.suffix in EXTENSIONS and path.is_file() and path.stat().st_size >= MIN_BYTES]
    files.sort(key=lambda path: path.stat().st_size, reverse=True)
    with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 1) as pool:
        list(pool.map(_write_copies, files))  # list(): an exception in any file is raised here
