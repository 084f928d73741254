"""Helpers of the staff-command tests: run `python -m sitebuild` in-process, and see which files changed."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

from sitebuild.__main__ import main


def run(*args: object) -> tuple[int, str, str]:
    """`python -m sitebuild ARGS`: (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main([str(a) for a in args])
    return status, out.getvalue(), err.getvalue()


def files(folder: Path) -> dict[str, bytes]:
    """Every file under a folder by its relative path, with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
