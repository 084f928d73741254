"""Every page of every authority's site is valid HTML: the Nu Html Checker (npm vnu-jar, Java: `make java`)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from .browser import ROOT, built_sites

pytestmark = pytest.mark.site  # the Nu Html Checker (Java) runs on the built sites

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_every_page_is_valid_html():
    if shutil.which("java") is None:
        pytest.fail("java not found: run `make java` (Debian's default-jre-headless)", pytrace=False)
    if not VNU.is_file():
        pytest.fail(f"{VNU} not found: run `npm ci` (`make setup` does it)", pytrace=False)
    sites = [str(site) for site in built_sites().values()]
    checked = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--skip-non-html", *sites],
                             capture_output=True, text=True, timeout=600)
    errors = [line for line in (checked.stdout + checked.stderr).splitlines() if line.strip()]
    assert checked.returncode == 0 and not errors, f"{len(errors)} HTML error(s):\n" + "\n".join(errors[:40])
