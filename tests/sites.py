"""Built sites shared by the whole test run: each (authority data, build date) is built once.

A site is kept in .cache/test-sites/<key>/ under the SHA-256 of everything the build reads (the code,
the templates, the pinned packages, the authority's folder) and of the build date, so every test
module and every pytest-xdist worker gets the same folder, and a later run reuses it until an input
changes. A lock file makes concurrent workers wait for the one that builds. Tests read these folders
and never change them: a test that changes a site works on a copy.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import io
import os
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "test-sites"
# What every build reads besides the authority's own folder.
CODE = ["build.py", "pyproject.toml", "package-lock.json", "calculator", "sitebuild", "content",
        "tariffs/default-authority", "node_modules/pyodide/package.json"]
DEFAULT_AUTHORITY = (ROOT / "tariffs" / "default-authority").read_text(encoding="utf-8").strip()
UNUSED_FOR = dt.timedelta(days=2)  # entries not used for this long are removed when a new one is built


def _digest_tree(digest, path: Path) -> None:
    """Names and bytes of a file, or of every file under a folder."""
    files = sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts) if path.is_dir() else [
        path]
    for file in files:
        digest.update(file.relative_to(path).as_posix().encode() + b"\0")
        digest.update(file.read_bytes() if file.is_file() else b"(missing)")
        digest.update(b"\0")


def site_key(authority: str | Path, today: dt.date) -> str:
    """The cache key of one build: its inputs' SHA-256 and the build date."""
    folder = Path(authority) if isinstance(authority, Path) else ROOT / "tariffs" / authority
    digest = hashlib.sha256()
    for name in CODE:
        digest.update(name.encode() + b"\0")
        _digest_tree(digest, ROOT / name)
    digest.update(b"authority\0")
    _digest_tree(digest, folder)
    digest.update(today.isoformat().encode())
    return digest.hexdigest()[:32]


class Busy(Exception):
    """Another process holds the lock."""


@contextlib.contextmanager
def locked(path: Path, wait: bool = True) -> Iterator[None]:
    """Hold `path`'s lock; without `wait`, raise Busy if another process holds it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            raise Busy(path) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def site_for(authority: str | Path = DEFAULT_AUTHORITY, today: dt.date | str | None = None,
             wait: bool = True) -> Path:
    """The site of `authority` (an id under tariffs/ or a folder) built as on `today` (default: today).

    Built once for these inputs, then shared; raises RuntimeError with the build's own output if the
    build fails. Without `wait`, raises Busy while another process builds it.
    """
    day = dt.date.fromisoformat(today) if isinstance(today, str) else today or dt.date.today()
    key = site_key(authority, day)
    site = CACHE / key
    with locked(CACHE / f"{key}.lock", wait):
        if not (site / "index.html").is_file():
            _build(authority, day, site)
        os.utime(site)  # last used: entries nobody uses are pruned
    return site


def sites_for(authorities: list[str]) -> dict[str, Path]:
    """`site_for` of each authority as on today. A site another worker is building is left for later, so that
    the workers that start together build different sites side by side instead of queueing for one."""
    sites = {}
    for authority in authorities:
        with contextlib.suppress(Busy):
            sites[authority] = site_for(authority, wait=False)
    return {authority: sites.get(authority) or site_for(authority) for authority in authorities}


def _build(authority: str | Path, day: dt.date, site: Path) -> None:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import build  # build.py at the repository root

    _prune()
    output = io.StringIO()
    args = ["--authority", str(authority), "--site", str(site), "--today", day.isoformat()]
    try:
        with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
            status = build.main(args)
    except SystemExit as stop:  # a test failure for the modules that need the site, not an INTERNALERROR
        raise RuntimeError(f"build.py {' '.join(args)} stopped: {stop}\n{output.getvalue()}") from None
    if status != 0 or not (site / "index.html").is_file():
        raise RuntimeError(f"build.py {' '.join(args)} failed with status {status}:\n{output.getvalue()}")


def _prune() -> None:
    cutoff = time.time() - UNUSED_FOR.total_seconds()
    for entry in CACHE.iterdir():
        if entry.is_dir() and not entry.name.startswith(".") and entry.stat().st_mtime < cutoff:
            shutil.rmtree(entry, ignore_errors=True)
            entry.with_suffix(".lock").unlink(missing_ok=True)
