"""The README's command-line examples run as written, with its example scenario as SCENARIO.json."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys

import pytest

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = re.findall(r"^    (python -m calculator .+)$", README, re.M)
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
