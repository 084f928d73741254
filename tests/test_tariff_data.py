"""The transcribed Lakeus fee appendix against the seed text, to the cent."""

import json
import subprocess
import sys

import pytest
import yaml

from calculator.finnish import eur_fi
from calculator.loading import load_version
from sitebuild.checks import stated_change_deviations
from sitebuild.export import version_to_data

from .conftest import ROOT

SAMPLES = yaml.safe_load((ROOT / "tests" / "data" / "seed_prices.yaml").read_text(encoding="utf-8"))


def test_sample_covers_every_table(current, proposal):
    sampled = {s[0] for s in SAMPLES}
    assert len(SAMPLES) >= 40
    assert sampled == {t.id for t in current.tables} | {t.id for t in proposal.tables}


@pytest.mark.parametrize("table_id,row_id,column,now,proposed,snippet", SAMPLES, ids=lambda v: str(v)[:30])
def test_price_matches_seed(current, proposal, seed_text, table_id, row_id, column, now, proposed, snippet):
    assert snippet in seed_text, "the snippet must be quoted from the seed"
    for version, expected in ((current, now), (proposal, proposed)):
        if expected is None:
            with pytest.raises(KeyError):
                version.table(table_id).row(row_id)
            continue
        assert expected in snippet
        assert eur_fi(version.table(table_id).row(row_id).values[column]) == expected


def test_tables_are_numbered_without_gaps(current, proposal):
    assert [t.number for t in current.tables] == list(range(1, 41))
    assert [t.number for t in proposal.tables] == list(range(1, 40))


def test_renumbered_and_moved_tables(current, proposal):
    moved = current.table("astiantoimitusmaksut"), proposal.table("astiantoimitusmaksut")
    assert [(t.number, t.section_id) for t in moved] == [(26, "muut-kuljetuspalvelut"), (20, "muut-kiinteistomaksut")]
    moved = current.table("ser-ja-vaaralliset"), proposal.table("ser-ja-vaaralliset")
    assert [(t.number, t.section_id) for t in moved] == [(40, "jatehuoltokeskus"), (31, "re-pisteet-ja-jateasemat")]
    assert current.section("re-pisteet-ja-jateasemat").number == "9"
    assert proposal.section("re-pisteet-ja-jateasemat").number == "8"
    assert (current.section("jatehuoltokeskus").number, proposal.section("jatehuoltokeskus").number) == ("10", "9")
    with pytest.raises(KeyError):
        proposal.section("muut-kuljetuspalvelut")
    with pytest.raises(KeyError):
        proposal.table("hyodynnettavat-muut-erat")


def test_amended_tables_carry_their_own_start_date(current):
    amended = {t.number for t in current.tables if t.valid_from}
    assert amended == {10, 11, 12, 14}


@pytest.mark.parametrize(
    "waste,volume,now,proposed",
    [
        # "Ehdotetut tyhjennysmaksut/kerta ovat 240l 8,33 euroa, 370l 10,55 euroa ja 660l 15,25 euroa."
        ("dual", 240, "8,01", "8,33"),
        ("dual", 370, "10,15", "10,55"),
        ("dual", 660, "14,66", "15,25"),
        # "140l 7,12 euroa, 240l 9,22 euroa, 360l 12,35 euroa ja 660l 15,79 euroa."
        ("mixed", 140, "6,85", "7,12"),
        ("mixed", 240, "8,87", "9,22"),
        ("mixed", 360, "11,87", "12,35"),
        ("mixed", 660, "15,19", "15,79"),
    ],
)
def test_proposed_emptying_prices_stated_in_minutes(current, proposal, waste, volume, now, proposed):
    for version, expected in ((current, now), (proposal, proposed)):
        [(_, row)] = version.find(service="emptying", waste=waste, container="bin", volume_l=volume)
        assert eur_fi(row.price_vat) == expected


@pytest.mark.parametrize(
    "waste,volume,cents",
    # "240 l jäteastian kohdalla tyhjennysmaksu nousisi 32 senttiä" etc.
    [
        ("dual", 240, 32),
        ("dual", 660, 59),
        ("mixed", 240, 35),
        ("mixed", 660, 60),
        ("glass", 240, 36),
        ("cardboard", 660, 32),
    ],
)
def test_rises_in_cents_stated_in_minutes(current, proposal, waste, volume, cents):
    key = dict(service="emptying", waste=waste, container="bin", volume_l=volume, segment="housing")
    [(_, old)], [(_, new)] = current.find(**key), proposal.find(**key)
    assert (new.price_vat - old.price_vat) * 100 == cents


def test_bio_and_lift_containers_do_not_change(current, proposal):
    for table, row in proposal.priced_rows():
        if row.key.get("waste") == "bio" or row.key.get("container") == "lift":
            assert current.table(table.id).row(row.id).values == row.values, (table.id, row.id)


def test_deviations_from_stated_changes(current, proposal):
    found = {(d.table.id, d.row.id) for d in stated_change_deviations(proposal, current)}
    assert ("tyhjennys-metalli", "astia-660") in found
    assert ("tyhjennys-muovi", "kunta-astia-240") in found
    assert not any(t == "tyhjennys-poltettava" or t == "tyhjennys-kaksilokero" for t, _ in found)


def test_consistency_report_command():
    result = subprocess.run([sys.executable, "build.py", "--check"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (
        "table 12 (tyhjennys-metalli), row '660 l astia' [astia-660]: 8,73 -> 9,95 EUR (VAT 0), +13,97\u00a0%"
        in result.stdout
    )
    assert "Readings of ambiguous source text in lakeus-2026-04-01" in result.stdout
    assert "  lakeus-2019 (003_83e9ed14451aad5e.txt): 80 of 80 rows, 160 values;" in result.stdout


@pytest.mark.parametrize("version_id", ["lakeus-2025-05-01", "lakeus-2026-04-01", "lakeus-2019"])
def test_json_export_reads_back_unchanged(catalog, version_id):
    version = catalog.get(version_id)
    data = json.loads(json.dumps(version_to_data(version)))
    assert load_version(data, version.file) == version
