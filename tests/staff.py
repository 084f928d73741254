"""Helpers of the staff-command tests: run `python -m sitebuild` in-process, and see which files changed."""

from __future__ import annotations

import contextlib
import io
import shutil
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


def copied(folder: Path, parent: Path) -> Path:
    """A copy of an authority's folder under `parent`, with its name (its content/ pages are found by it)."""
    copy = parent / folder.name
    shutil.copytree(folder, copy)
    return copy


def ran(*args: object) -> str:
    """`python -m sitebuild ARGS`, which must succeed: its output."""
    status, out, err = run(*args)
    assert (status, err) == (0, ""), err
    return out
