"""Broken data of every kind: `file:line: field: message` on stderr, exit 1, no traceback, site/ untouched.

Each fault is a small change to a copy of a real authority folder; the build runs in-process, so an
escaping exception fails the test with its traceback.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

import build
from calculator.problems import TariffDataError
from sitebuild.authority import Authority
from sitebuild.site_data import load_catalog

from .conftest import ROOT

IN_FORCE = "versions/lakeus-2025-05-01.yaml"
PROPOSAL = "versions/lakeus-2026-04-01.yaml"
OLD = "versions/lakeus-2019.yaml"
MOVED = "links/moved-anchors.yaml"
PUBLISHED = "links/published-anchors.txt"
PRESETS = "scenarios/presets.yaml"
CONSULTATION = "consultations/lakeus-2026-04-01.yaml"
HISTORY = "history/lakeus-2019.yaml"
# file:line: [field:] message
PROBLEM_LINE = re.compile(r"^[^\s:][^:]*:\d+: (\S+: )?\S.*$")


def replace(old: str, new: str, count: int = 1) -> Callable[[str], str]:
    def change(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, count)

    return change


def append(extra: str) -> Callable[[str], str]:
    return lambda text: text + extra


def on_bytes(change: Callable[[bytes], bytes]) -> Callable[[bytes], bytes]:
    change.binary = True  # type: ignore[attr-defined]
    return change


DEEP = 5000
# fault kind -> (file in the authority folder, change, a fragment the message must contain)
FAULTS: dict[str, tuple[str, Callable, str]] = {
    "section that is text": (IN_FORCE, append("- a section that is only words\n"), "sections[10]: expected a mapping"),
    "row that is text": (
        IN_FORCE,
        replace("    - id: asunnot-1-2\n", "    - a row that is only words\n    - id: asunnot-1-2\n"),
        "rows[0]: expected a mapping",
    ),  # fmt: skip
    "impossible month": (IN_FORCE, replace("valid_from: 2025-05-01", "valid_from: 2025-13-01"), "valid_from"),
    "impossible day": (IN_FORCE, replace("valid_from: 2025-05-01", "valid_from: 2025-02-30"), "valid_from"),
    "date that is not a date": (IN_FORCE, replace("valid_from: 2025-05-01", "valid_from: toukokuu"), "valid_from"),
    "date as a number": (IN_FORCE, replace("valid_from: 2025-05-01", "valid_from: 20250501"), "valid_from"),
    ".nan price": (IN_FORCE, replace("total_vat: 8.01", "total_vat: .nan"), "finite"),
    ".inf price": (IN_FORCE, replace("total_vat: 8.01", "total_vat: .inf"), "finite"),
    "-.inf price": (IN_FORCE, replace("total_vat: 8.01", "total_vat: -.inf"), "finite"),
    "price 1e400": (IN_FORCE, replace("total_vat: 8.01", "total_vat: 1.0e+400"), "price"),
    "price with a comma": (IN_FORCE, replace("total_vat: 8.01", 'total_vat: "8,01"'), "decimal separator"),
    "price as a word": (IN_FORCE, replace("total_vat: 8.01", "total_vat: yes"), "price"),
    "negative price": (
        IN_FORCE,
        replace(
            "{transport: 3.89, treatment: 2.49, total: 6.38, total_vat: 8.01}",
            "{transport: -3.89, treatment: 2.49, total: -1.40, total_vat: -1.76}",
        ),
        "negative",
    ),  # fmt: skip
    "non-UTF-8 byte": (
        IN_FORCE,
        on_bytes(lambda b: b.replace(b"title: Kuntavastuullisen", b"title: Kunt\xe4", 1)),
        "UTF-8",
    ),
    "NUL byte": (
        IN_FORCE,
        on_bytes(lambda b: b.replace(b"operator:", b"oper\x00ator:", 1)),
        "control character U+0000 is not allowed",
    ),
    "deep flow nesting": (IN_FORCE, append("extra: " + "[" * DEEP + "]" * DEEP + "\n"), "nested"),
    "deep block nesting": (
        IN_FORCE,
        append("extra:\n" + "".join(" " * i + "- \n" for i in range(1, 2000))),
        "nested more than 100 levels deep",
    ),
    "YAML syntax error": (IN_FORCE, replace("title: Kuntavastuullisen", "title: [Kuntavastuullisen"), "YAML"),
    "tab indentation": (IN_FORCE, replace("\nid: ", "\n\tid: "), "YAML"),
    "duplicate key": (IN_FORCE, replace("\nstatus: in_force\n", "\nstatus: in_force\nstatus: in_force\n"), "duplicate"),
    "python tag": (IN_FORCE, append("extra: !!python/object:os.system {}\n"), "YAML"),
    "alias bomb": (
        IN_FORCE,
        append(
            "a: &a [x, x, x, x, x, x, x, x, x]\n"
            + "".join(
                f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
                for p, c in zip("abcdefgh", "bcdefghi", strict=True)
            )
        ),
        "aliases (*name) are not allowed in tariff data",
    ),  # fmt: skip
    "empty file": (IN_FORCE, lambda text: "", "found nothing"),
    "a list, not a mapping": (IN_FORCE, lambda text: "- a\n- b\n", "found a list"),
    "missing title": (IN_FORCE, replace("\ntitle:", "\ntitel:"), "title"),
    "unknown status": (IN_FORCE, replace("status: in_force", "status: voimassa"), "status"),
    "VAT rate as text": (IN_FORCE, replace("vat_percent: 25.5", "vat_percent: paljon"), "vat_percent"),
    "VAT price off": (IN_FORCE, replace("total_vat: 8.01", "total_vat: 8.02"), "VAT-inclusive"),
    "values not in their source row": (
        OLD,
        replace("source_line: 11\n", "source_line: 12\n"),
        "astia-140.source_line: values 4,45 5,52 do not stand in source line 12",
    ),  # fmt: skip
    "duplicate row id": (IN_FORCE, replace("- id: astia-360", "- id: astia-240"), "duplicate row id"),
    "duplicate version id": (PROPOSAL, replace("id: lakeus-2026-04-01", "id: lakeus-2025-05-01"), "id"),
    "replaces an unknown version": (
        PROPOSAL,
        replace("replaces: lakeus-2025-05-01", "replaces: lakeus-2024"),
        "replaces: unknown version 'lakeus-2024'",
    ),
    "no version in force": (IN_FORCE, replace("status: in_force", "status: historical"), "in force"),
    "the 2019 version set in force": (OLD, replace("status: historical", "status: in_force"), "in_force"),
    "overlapping validity": (OLD, replace("valid_until: 2019-12-31", "valid_until: 2025-06-30"), "overlaps"),
    "valid_until before valid_from": (OLD, replace("valid_until: 2019-12-31", "valid_until: 2018-12-31"), "before"),
    "historical without an end": (OLD, replace("valid_until: 2019-12-31\n", ""), "overlaps"),
    "proposal starting before what it replaces": (
        PROPOSAL,
        replace("valid_from: 2026-04-01", "valid_from: 2025-01-01"),
        "valid_from",
    ),  # fmt: skip
    "moved anchor without 'to'": (MOVED, replace("[]", "- {from: maksut/#x}"), "to"),
    "moved anchors: YAML error": (MOVED, replace("[]", "- {from: maksut/#x"), "YAML"),
    "moved anchors: not a list": (MOVED, replace("[]", "from: x"), "list"),
    "moved anchors: 'to' not published": (MOVED, replace("[]", "- {from: maksut/#x, to: maksut/#y}"), "publish"),
    "moved anchors: unknown field": (MOVED, replace("[]", "- {from: maksut/#x, to: ./, why: x}"), "unknown"),
    "moved anchors: non-UTF-8": (MOVED, on_bytes(lambda b: b.replace(b"[]", b"- {from: \xff}")), "UTF-8"),
    "published anchors: byte 0xFF": (
        PUBLISHED,
        on_bytes(lambda b: b.replace(b"hinnasto/", b"hinnasto\xff/", 1)),
        "UTF-8",
    ),
    "published anchor disappeared": (PUBLISHED, append("maksut/#ei-ole\n"), "disappeared"),
    "published anchors: NUL byte": (
        PUBLISHED,
        append("maksut/#a\x00b\n"),
        "not a site address (spaces or control characters)",
    ),
    "preset with a bad scenario": (PRESETS, replace("volume_l: 140", "volume_l: -140"), "volume_l"),
    "preset without a scenario": (PRESETS, replace("    scenario:\n", "    skenaario:\n"), "scenario"),
    "preset file not a mapping": (PRESETS, lambda text: "- name: x\n", "expected the examples' 'examples'"),
    "preset examples not a list": (PRESETS, lambda text: "examples: {name: x}\n", "examples: expected a list"),
    "preset file without examples": (PRESETS, lambda text: "source: x\n", "examples: missing"),
    "preset with a bad household": (PRESETS, replace("household: {kind: permanent, apartments: 1}",
                                                     "household: {kind: permanent, apartments: 0}"), "household"),
    "preset with a household twice": (PRESETS, replace("      containers:\n        - {waste: mixed, volume_l: 140",
        "      household: {kind: holiday}\n      containers:\n        - {waste: mixed, volume_l: 140"), "household"),
    "authority.yaml: non-UTF-8": ("authority.yaml", on_bytes(lambda b: b"\xfe" + b), "UTF-8"),
    "authority.yaml: only a comment": ("authority.yaml", lambda text: "# nothing\n", "expected the authority's fields"),
    "authority.yaml: site address without https": (
        "authority.yaml", lambda text: text + "site_url: taksa.example.fi/\n", "site_url: expected an address"),
    "authority.yaml: site address not a folder": (
        "authority.yaml", lambda text: text + "site_url: https://taksa.example.fi/x\n", "ends with '/'"),
    "authority.yaml: board without its source": (
        "authority.yaml", replace("  source: tekstiosan kohta 7.1\n", ""), "board.source: missing required field"),
    "authority.yaml: a role without its source": (
        "authority.yaml", replace("    source: tekstiosan kohta 2\n", ""), "roles[1].source: missing required field"),
    "consultation for an unknown version": (
        CONSULTATION,
        replace("version: lakeus-2026-04-01", "version: lakeus-2030"),
        "unknown version",
    ),  # fmt: skip
    "consultation file empty": (CONSULTATION, lambda text: "", "expected a mapping"),
    "history file empty": (HISTORY, lambda text: "", "expected a mapping"),
}


def broken_authority(tmp_path: Path, kind: str) -> Path:
    folder = tmp_path / "lakeus"
    shutil.copytree(ROOT / "tariffs" / "lakeus", folder)
    file, change, _ = FAULTS[kind]
    path = folder / file
    if getattr(change, "binary", False):
        path.write_bytes(change(path.read_bytes()))
    else:
        path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    return folder


@pytest.mark.parametrize("kind", FAULTS)
def test_data_fault_stops_the_build_with_file_line_field(tmp_path, capsys, kind):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous build", encoding="utf-8")
    folder = broken_authority(tmp_path, kind)
    code = build.main(["--authority", str(folder), "--site", str(site), "--today", "2026-01-01"])
    err = capsys.readouterr().err
    assert code == 1, err
    *problems, summary = err.splitlines()
    assert build.main(["--authority", str(folder), "--check", "--today", "2026-01-01"]) == 1
    assert capsys.readouterr().err.splitlines()[:-1] == problems  # --check finds what the build finds
    assert problems and summary.startswith("Stopped:") and "was not changed" in summary, err
    for line in problems:
        assert PROBLEM_LINE.match(line), line
    assert FAULTS[kind][2] in err, err
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == "previous build"
    assert not list(tmp_path.glob(".build-*"))


def versions_with(tmp_path: Path, old: str, new: str) -> Path:
    folder = tmp_path / "versions"
    shutil.copytree(ROOT / "tariffs" / "lakeus" / "versions", folder)
    path = folder / Path(IN_FORCE).name
    path.write_text(replace(old, new)(path.read_text(encoding="utf-8")), encoding="utf-8")
    return folder


ROW = "      values: {transport: 3.89, treatment: 2.49, total: 6.38, total_vat: 8.01}\n"


def test_a_credit_row_may_be_negative(tmp_path):
    credit = ROW.replace("3.89", "-3.89").replace("6.38", "-1.40").replace("8.01", "-1.76") + "      credit: true\n"
    catalog = load_catalog(versions_with(tmp_path, ROW, credit))
    row = catalog.get("lakeus-2025-05-01").table("tyhjennys-kaksilokero").row("astia-240")
    assert row.price_vat == Decimal("-1.76") and row.credit


def test_a_credit_declared_on_a_positive_row_is_a_problem(tmp_path):
    with pytest.raises(TariffDataError) as caught:
        load_catalog(versions_with(tmp_path, ROW, ROW + "      credit: true\n"))
    [problem] = caught.value.problems
    text = (ROOT / "tariffs" / "lakeus" / IN_FORCE).read_text(encoding="utf-8")
    row_line = text[: text.rindex("- id: astia-240", 0, text.index(ROW))].count("\n") + 1
    assert str(problem) == (
        f"versions/lakeus-2025-05-01.yaml:{row_line}: tyhjennys-kaksilokero.astia-240.credit: "
        "declared a credit, but no price is negative: remove the declaration"
    )


PRICE_LIST_FAULTS = {
    "unknown table": (replace("tables: [tyhjennys-bio]", "tables: [tyhjennys-ei-ole]"), "no table 'tyhjennys-ei-ole'"),
    "group without tables": (
        replace("    tables: [tyhjennys-bio]\n", ""),
        "groups[2].tables: missing required field",
    ),
    "tables as text": (replace("tables: [tyhjennys-bio]", "tables: tyhjennys-bio"), "expected a list of ids"),
    "no groups": (lambda text: "title: x\nintro: y\n", "groups: missing required field"),
    "a group not a mapping": (replace("  - title: Lisämaksut\n", "  - Lisämaksut\n  - title: Lisämaksut\n"),
                              "expected a group with 'title' and 'tables'"),
}


@pytest.mark.parametrize("kind", PRICE_LIST_FAULTS)
def test_a_price_list_fault_stops_the_build_with_file_line_field(tmp_path, capsys, monkeypatch, kind):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content" / "lakeus", content)
    change, words = PRICE_LIST_FAULTS[kind]
    path = content / "hinnasto.yaml"
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    monkeypatch.setattr(Authority, "content", property(lambda self: content))
    site = tmp_path / "site"
    code = build.main(["--site", str(site), "--today", "2026-01-01"])
    *problems, summary = capsys.readouterr().err.splitlines()
    assert build.main(["--check", "--today", "2026-01-01"]) == 1
    assert capsys.readouterr().err.splitlines()[:-1] == problems  # --check finds what the build finds
    assert code == 1 and problems and summary.startswith("Stopped:")
    assert all(PROBLEM_LINE.match(line) and "hinnasto.yaml:" in line for line in problems), problems
    assert words in problems[0]
    assert not site.exists()
