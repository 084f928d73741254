import json
import re
from pathlib import Path

import pytest

from sitebuild.site_data import load_versions

from .timeline import pytest_runtest_logreport, pytest_sessionfinish, pytest_sessionstart  # noqa: F401 (TEST_TIMELINE)

ROOT = Path(__file__).resolve().parent.parent
LAKEUS = ROOT / "tariffs" / "lakeus"
SOURCES = LAKEUS / "sources"


def calculator_settings(site: Path) -> dict:
    """The calculator page's settings (its JSON script element) in a built site."""
    html = (site / "laskuri" / "index.html").read_text(encoding="utf-8")
    found = re.search(r'<script type="application/json" id="laskuri-asetukset">(.*?)</script>', html, re.S)
    return json.loads(found[1])


# What a test needs beyond Python, told by the fixtures it uses; `make test-fast` leaves both out.
# Tests that build a site without these fixtures carry @pytest.mark.site themselves.
BROWSER_FIXTURES = {"browser", "page_for", "page_audit", "_contexts"}
SITE_FIXTURES = {"built_site", "site_dir", "site_server"}


def pytest_collection_modifyitems(items):
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        if used & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
        if used & SITE_FIXTURES or used & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.site)


@pytest.fixture(scope="session")
def catalog():
    return load_versions("lakeus")


@pytest.fixture(scope="session")
def current(catalog):
    return catalog.get("lakeus-2025-05-01")


@pytest.fixture(scope="session")
def proposal(catalog):
    return catalog.get("lakeus-2026-04-01")


@pytest.fixture(scope="session")
def seed_text():
    """The minutes' text with whitespace folded, for snippet searches."""
    return " ".join((SOURCES / "002_ea051a5be0ce889f.txt").read_text(encoding="utf-8").split())


@pytest.fixture(scope="session")
def built_site():
    """The whole site, built once per test session into a temporary folder (shared with the browser tests)."""
    from .browser import built_site as build_once

    return build_once()


@pytest.fixture
def lakeus_copy(tmp_path):
    """A copy of the Lakeus authority's folder (named lakeus: its content/ pages are found) for commands to change."""
    from .staff import copied

    return copied(LAKEUS, tmp_path)
