"""A staff command's files, checked as the build checks them before any is written.

`check_and_write` copies the authority's folder to a temporary one (its content/ pages linked, not
copied), puts the new texts there,
loads it with `load_site_data` (every check of `build.py --check`) and only then writes the files
(yaml_edit.write_all: all or none). Problems name the real files, never the temporary copy.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from calculator.catalog import Catalog
from calculator.problems import TariffDataError

from .authority import CONTENT, TARIFFS, Authority
from .site_data import load_site_data
from .yaml_edit import write_all
from .yamlfile import shown_path


def check_and_write(authority: Authority, files: Mapping[Path, str]) -> Catalog:
    """Write `files` (paths inside the authority's folder) if the authority's data passes every check with them;
    the versions as written."""
    catalog = check(authority, files)
    write_all(files)
    return catalog


def check(authority: Authority, files: Mapping[Path, str]) -> Catalog:
    """The versions with `files` in place; raise with every problem the authority's data would have."""
    folder = authority.folder.resolve()
    with tempfile.TemporaryDirectory(prefix="staff-") as temporary:
        copy = Path(temporary) / TARIFFS.name / folder.name
        shutil.copytree(folder, copy)
        (Path(temporary) / CONTENT.name).symlink_to(authority.content.parent.resolve())  # its pages, as they are
        for path, text in files.items():
            target = copy / path.resolve().relative_to(folder)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        try:
            catalog = load_site_data(copy).catalog
        except TariffDataError as exc:
            raise TariffDataError([replace(p, file=_real(p.file, copy, folder)) for p in exc.problems]) from None
        return replace(catalog, versions=tuple(replace(v, file=_real(v.file, copy, folder)) for v in catalog.versions))


def _real(file: str, copy: Path, folder: Path) -> str:
    """A file named in a problem, as the real file's name."""
    path = Path(file)
    if path.is_absolute():
        return shown_path(folder / path.relative_to(copy)) if path.is_relative_to(copy) else file
    return shown_path(folder / path) if (copy / path).exists() else file
