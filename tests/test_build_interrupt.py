"""An interrupted build (Ctrl-C, `kill`) ends with one line, leaves no temporary folder and keeps site/ whole."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

import build
import sitebuild.site
from sitebuild.workspace import remove_abandoned

from .conftest import ROOT


def old_site(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous build", encoding="utf-8")
    return site


def assert_untouched(tmp_path, site):
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == "previous build"


def test_ctrl_c_during_mkdocs(tmp_path, capsys, monkeypatch):
    def interrupted(config):
        raise KeyboardInterrupt

    monkeypatch.setattr(sitebuild.site, "mkdocs_build", interrupted)
    site = old_site(tmp_path)
    assert build.main(["--site", str(site)]) == 130
    assert capsys.readouterr().err == f"Interrupted; {site} was not changed.\n"
    assert_untouched(tmp_path, site)


@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM], ids=["Ctrl-C", "kill"])
def test_signal_while_building(tmp_path, number):
    """The signal arrives once the build has made its temporary folder: one line, exit 130, nothing left."""
    site = old_site(tmp_path)
    process = subprocess.Popen(
        [sys.executable, "build.py", "--site", str(site)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # a background job ignores Ctrl-C
    )
    deadline = time.monotonic() + 120
    while not list(tmp_path.glob(".build-*")) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    process.send_signal(number)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 130, err
    assert err == f"Interrupted; {site} was not changed.\n"
    assert_untouched(tmp_path, site)


def test_folders_of_killed_builds_are_removed(tmp_path):
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    abandoned = tmp_path / f".build-{gone.stdout.strip()}-x1"
    running = tmp_path / f".build-{os.getpid()}-x2"
    for folder in (abandoned, running):
        (folder / "docs").mkdir(parents=True)
    remove_abandoned(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [running.name]
