from pathlib import Path

import pytest

from calculator.yaml_source import load_catalog

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "tariffs" / "sources"


@pytest.fixture(scope="session")
def catalog():
    return load_catalog(ROOT / "tariffs")


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
def built_site(tmp_path_factory):
    """The whole site, built once per test session into a temporary folder."""
    import build

    site = tmp_path_factory.mktemp("site") / "site"
    assert build.main(["--site", str(site)]) == 0
    return site
