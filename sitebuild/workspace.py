"""A build's temporary folder beside the site: removed however the build ends, and the swap into place.

Ctrl-C or `kill` during the build removes the folder; during the swap or the clean-up it waits until
they are done, so `site/` is always either the old site or the new one, whole.
"""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PREFIX = ".build-"


@contextmanager
def _signals_handled_by(handler) -> Iterator[None]:
    """Ctrl-C and SIGTERM go to `handler` inside the block (in the main thread; elsewhere nothing changes)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {number: signal.signal(number, handler) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for number, kept in previous.items():
            signal.signal(number, kept)


def uninterrupted():
    """Ctrl-C and SIGTERM are ignored inside the block."""
    return _signals_handled_by(signal.SIG_IGN)


@contextmanager
def signals_after() -> Iterator[None]:
    """Ctrl-C and SIGTERM received inside the block act when it ends."""
    received: list[int] = []
    with _signals_handled_by(lambda number, _frame: received.append(number)):
        yield
    if received:
        signal.raise_signal(received[0])


@contextmanager
def work_folder(parent: Path) -> Iterator[Path]:
    """A new temporary folder in `parent`; folders left by killed builds are removed first. A signal that
    arrives while the folder is made acts once its name is known, so the folder is removed too."""
    remove_abandoned(parent)
    work = None
    try:
        with signals_after():
            work = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-", dir=parent))
        yield work
    finally:
        if work is not None:
            with uninterrupted():
                shutil.rmtree(work, ignore_errors=True)


def remove_abandoned(parent: Path) -> None:
    """Temporary folders whose build process no longer runs (it was killed with SIGKILL or lost power)."""
    for folder in parent.glob(f"{PREFIX}*-*"):
        pid = folder.name.removeprefix(PREFIX).split("-")[0]
        if pid.isdigit() and not _running(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def swap_in(new: Path, site: Path, old: Path) -> None:
    """Put `new` at `site`, moving the current site to `old` (which the caller removes)."""
    with uninterrupted():
        if site.exists():
            site.rename(old)
        new.rename(site)
