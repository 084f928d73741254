"""Esimerkkilä, a made-up authority (tests/data/esimerkkila/): its staff's workbook and its year as commands.

Nothing here is a real authority's: the board, the company and every price are invented. Its tables
differ from those of the published authorities on purpose: other table numbers and ids, other sizes
(190, 300 and 600 l), VAT 24 %, and a table of container rents that the calculator does not price.
Only `authority.yaml` is YAML a person wrote; the rest is made by `python -m sitebuild`.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook, load_workbook

from calculator.catalog import Catalog
from sitebuild.site_data import load_versions

from .conftest import ROOT
from .sites import locked

FIXTURE = ROOT / "tests" / "data" / "esimerkkila"
AUTHORITY = "tariffs/esimerkkila"  # inside a copy of FIXTURE
CURRENT, PROPOSAL = "esimerkkila-2026-01-01", "esimerkkila-2027-01-01"
GUIDE = ROOT / "docs" / "opas-henkilostolle.md"  # its commands are the staff's year, run as written
COMMANDS = re.findall(r"^    (python .+)$", GUIDE.read_text(encoding="utf-8"), re.M)

# The sheet `taulukot`: section id, number, title; table id, number, title, unit; kind of prices.
TABLES = [
    ("osio", "osion numero", "osion otsikko", "taulukko", "numero", "otsikko", "yksikkö", "hinnat"),
    ("perusmaksut", "1", "Perusmaksut", "perusmaksu-asunnot", 11, "Perusmaksu asunnoilta", "€/kk/asunto", "hinta"),
    ("perusmaksut", "1", "Perusmaksut", "perusmaksu-mokit", 12, "Perusmaksu vapaa-ajan asunnoilta", "€/vuosi",
     "hinta"),
    ("tyhjennykset", "2", "Tyhjennysmaksut", "sekajate", 21, "Sekajätteen tyhjennys", "€/kpl", "tyhjennys"),
    ("tyhjennykset", "2", "Tyhjennysmaksut", "biojate", 22, "Biojätteen tyhjennys", "€/kpl", "tyhjennys"),
    ("vuokrat", "3", "Astiavuokrat", "astiavuokra", 31, "Jäteastioiden vuokra", "€/kk", "hinta"),
]  # fmt: skip
EMPTYING = "service=emptying container=bin"
ROWS = {
    "perusmaksu-asunnot": [
        ("id", "rivi", "avain", "hinta"),
        ("asunto", "Asunto", "service=eco_fee housing=permanent period=month apartments_min=1", 3.00),
    ],
    "perusmaksu-mokit": [
        ("id", "rivi", "avain", "hinta"),
        ("vuosimaksu", "Vapaa-ajan asunto", "service=eco_fee housing=holiday period=year", 20.00),
    ],
    "sekajate": [
        ("id", "rivi", "avain", "kuljetus", "käsittely"),
        ("astia-190", "190 l astia", f"{EMPTYING} waste=mixed volume_l=190", 4.00, 2.50),
        ("astia-300", "300 l astia", f"{EMPTYING} waste=mixed volume_l=300", 4.40, 3.60),
        ("astia-600", "600 l astia", f"{EMPTYING} waste=mixed volume_l=600", 5.00, 7.00),
    ],
    "biojate": [
        ("id", "rivi", "avain", "kuljetus", "käsittely"),
        ("astia-190", "190 l astia", f"{EMPTYING} waste=bio volume_l=190", 3.80, 1.70),
    ],
    "astiavuokra": [
        ("id", "rivi", "avain", "hinta"),
        ("vuokra-190", "190 l astian vuokra", None, 1.50),
        ("vuokra-600", "600 l astian vuokra", None, 4.00),
    ],
}


def write_workbook(path: Path) -> Path:
    """The staff's workbook of the tables in force, as a spreadsheet program saves it."""
    book = Workbook()
    book.active.title = "taulukot"
    for line in TABLES:
        book.active.append(line)
    for name, lines in ROWS.items():
        sheet = book.create_sheet(name)
        for line in lines:
            sheet.append(line)
    book.save(path)
    return path


def fixture_copy(parent: Path) -> Path:
    """A copy of the fixture's folders (tariffs/, content/ and the two plain texts) under `parent`."""
    root = parent / "esimerkkila"
    shutil.copytree(FIXTURE, root)
    return root


def run(command: str, cwd: Path) -> None:
    """A command of the guide as a shell runs it in `cwd`, with this Python as `python` and this
    checkout's build.py; it must succeed."""
    line = shlex.quote(sys.executable) + command.removeprefix("python").replace(" build.py ", f" {ROOT / 'build.py'} ")
    done = subprocess.run(line, shell=True, cwd=cwd, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"


def staff_edits_the_workbook(root: Path) -> None:
    """What staff do between `export` and `import`: one yellow VAT 0 price changed (a container's rent)."""
    book = load_workbook(root / "hinnat.xlsx")
    assert (book["astiavuokra"]["A3"].value, book["astiavuokra"]["C3"].value) == ("vuokra-190", 1.5)
    book["astiavuokra"]["C3"] = 1.60
    book.save(root / "hinnat.xlsx")


@dataclass(frozen=True)
class Walk:
    root: Path  # the fixture's copy after the guide's year: sivusto-ehdotus/ and sivusto-paatos/ built
    seconds: float  # the whole walk, two builds included
    decided: Catalog  # the versions before the last command (`in-force`)


def run_folder(tmp_path_factory) -> Path:
    """A temporary folder common to every worker of this test run (pytest-xdist's workers have theirs in it)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def walked_year(tmp_path_factory) -> Walk:
    """The guide's year on a copy of the fixture, once per test run: the first worker to ask walks it,
    the others wait for it and read what it left (the versions before `in-force` are kept aside)."""
    parent = run_folder(tmp_path_factory) / "esimerkkila"
    done, before = parent / "walked.txt", parent / "before-in-force" / Path(AUTHORITY).name
    with locked(parent.with_suffix(".lock")):
        if not done.is_file():
            shutil.rmtree(parent, ignore_errors=True)  # what a failed walk left
            parent.mkdir()
            root = fixture_copy(parent)
            started = time.perf_counter()
            write_workbook(root / "taksa.xlsx")
            for command in COMMANDS[:-1]:
                if " import " in command:
                    staff_edits_the_workbook(root)
                run(command, root)
            shutil.copytree(root / AUTHORITY, before)
            run(COMMANDS[-1], root)
            seconds = time.perf_counter() - started
            print(f"\nthe second authority's year by the guide's commands, two builds included: {seconds:.1f} s")
            done.write_text(f"{seconds}\n", encoding="utf-8")
    return Walk(parent / "esimerkkila", float(done.read_text(encoding="utf-8")), load_versions(before))
