"""The README's command-line examples run as written, with its example scenario as SCENARIO.json."""

from __future__ import annotations

import datetime as dt
import json
import re
import shlex
import subprocess
import sys
from decimal import Decimal

import pytest

from sitebuild.lifecycle import Phase
from sitebuild.site_data import load_site_data
from sitebuild.status_wording import StatusWording

from . import staff
from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = re.findall(r"^    (python -m calculator .+)$", README, re.M)
STAFF_COMMANDS = re.findall(r"^    python -m sitebuild (.+)$", README, re.M)
SCENARIO = re.search(r"```json\n(.*?)```", README, re.S)[1]


def run(command: str, cwd) -> subprocess.CompletedProcess:
    """A command as a shell runs it (redirections included), with this Python as `python`."""
    assert command.startswith("python ")
    line = shlex.quote(sys.executable) + command.removeprefix("python")
    return subprocess.run(line, shell=True, cwd=cwd, capture_output=True, text=True, timeout=120)


def test_the_readme_has_examples():
    assert len(COMMANDS) >= 3 and any("--to" in c for c in COMMANDS)
    assert json.loads(SCENARIO)["date"] == "2026-06-01"


@pytest.mark.parametrize("command", COMMANDS)
def test_a_readme_example_runs_as_written(tmp_path, command):
    (tmp_path / "SCENARIO.json").write_text(SCENARIO, encoding="utf-8")
    done = run(command, tmp_path)
    assert done.returncode == 0, done.stderr
    assert not done.stderr
    if "--format text" not in command and " compare " in command:
        result = json.loads(done.stdout)
        assert (result["old"]["tariffs"][0]["id"], result["new"]["tariffs"][0]["id"]) == (
            "lakeus-2025-05-01",
            "lakeus-2026-04-01",
        )  # the change nearest 1.6.2026 is the one of 1.4.2026
    if " calendar " in command:  # every second week from 3.6. to 30.12.2026: 16 emptyings
        ics = (tmp_path / "tyhjennykset.ics").read_bytes().decode("utf-8")
        assert ics.startswith("BEGIN:VCALENDAR\r\n") and ics.count("BEGIN:VEVENT") == 16
    if "--to 2025-06-01" in command:
        assert "lakeus-2026-04-01  lakeus-2025-05-01" in done.stdout


def test_a_comparison_within_one_tariff_says_so(tmp_path):
    (tmp_path / "SCENARIO.json").write_text(SCENARIO, encoding="utf-8")
    done = run("python -m calculator compare SCENARIO.json --to 2026-04-01", tmp_path)
    assert done.returncode == 2
    message = "error: to: 2026-06-01 and 2026-04-01 fall under the same tariff lakeus-2026-04-01: nothing to compare"
    assert done.stderr.strip() == message


def test_the_readme_staff_examples_run_in_order(lakeus_copy, tmp_path, monkeypatch):
    """The staff's year as the README gives it, on a copy of the authority (each line with --authority COPY)."""
    monkeypatch.chdir(tmp_path)
    assert [shlex.split(c)[0] for c in STAFF_COMMANDS] == [
        "new-version", "prices", "prices", "export", "import", "consultation", "decision", "in-force", "amendment",
    ]  # fmt: skip
    for command in STAFF_COMMANDS:
        name, *args = shlex.split(command)
        status, out, err = staff.run(name, "--authority", lakeus_copy, *args)
        assert (status, err) == (0, ""), f"{command}: {err}"
    data = load_site_data(lakeus_copy)
    new = data.catalog.get("lakeus-2027-04-01")
    assert new.table("paperilasku").row("paperilasku").values["vat0"] == Decimal("1.70")
    assert data.catalog.current_and_proposal()[0] is new
    assert StatusWording.on(data, dt.date(2027, 3, 1)).timeline.phase(new) is Phase.ADOPTED
    assert StatusWording.on(data, dt.date(2027, 4, 1)).timeline.phase(new) is Phase.IN_FORCE
