"""The calculator's service worker: the files a repeat or offline visit needs, hashed into the worker script.

The script goes to the site's root, so that its scope is the whole site (and only this site). The
calculator page registers it; tariff pages never do, and fetch nothing for it.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
from html.parser import HTMLParser
from pathlib import Path

from . import urls
from .authority import CONTENT
from .bundle import runtime_version, sha256_of

SOURCE = CONTENT / urls.SERVICE_WORKER  # the script without the build's two constants


class _LocalFiles(HTMLParser):
    """Addresses of the scripts and stylesheets a page loads."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        link = values.get("src") if tag == "script" else values.get("href") if tag == "link" else None
        if link and "://" not in link and not link.startswith(("data:", "#")):
            self.found.append(link.split("#")[0].split("?")[0])


def offline_files(site: Path) -> list[str]:
    """Site-relative addresses of the calculator page, what it loads, the runtime and the calculator's data."""
    parser = _LocalFiles()
    parser.feed((site / urls.CALCULATOR / "index.html").read_text(encoding="utf-8"))
    files = {urls.CALCULATOR, urls.asset("laskuri-worker.js"), *urls.CALCULATOR_MODULES}
    for link in parser.found:
        path = posixpath.normpath(posixpath.join(urls.CALCULATOR, link))
        if (site / path).is_file():
            files.add(path)
    for folder in (urls.pyodide(runtime_version()), urls.CALCULATOR_DATA):
        files.update(p.relative_to(site).as_posix() for p in (site / folder).iterdir() if p.is_file())
    return sorted(files)


def write_service_worker(site: Path) -> None:
    """The service worker with its file list and BUILD, a hash of those files: a new build, a new cache."""
    files = offline_files(site)
    digest = hashlib.sha256()
    for path in files:
        digest.update(f"{path} {sha256_of(site / (path + 'index.html' if path.endswith('/') else path))}\n".encode())
    header = f"var BUILD = {json.dumps(digest.hexdigest()[:16])};\nvar FILES = {json.dumps(files)};\n"
    (site / urls.SERVICE_WORKER).write_text(header + SOURCE.read_text(encoding="utf-8"), encoding="utf-8")
