"""Price history: rows matched across versions by id (and the 2019 map), changes per step and year, pages, data."""

import csv
import io
import json
import re
import shutil
from decimal import Decimal

import pytest

import build
from calculator.finnish import eur_fi
from calculator.problems import TariffDataError
from sitebuild import urls
from sitebuild.authority import load_authority
from sitebuild.price_history import PriceHistory, read_row_maps
from sitebuild.site_data import load_site_data, load_versions

from .conftest import LAKEUS, calculator_settings


@pytest.fixture(scope="module")
def history():
    data = load_site_data("lakeus")
    return PriceHistory(data.catalog, data.row_maps)


def series_of(history, table, row):
    return next(s for s in history.series if s.key == (table, row))


def test_a_bin_from_2019_to_the_proposal_to_the_cent(history):
    item = series_of(history, "tyhjennys-poltettava", "astia-140")
    assert [p.version.id for p in item.points] == ["lakeus-2019", "lakeus-2025-05-01", "lakeus-2026-04-01"]
    assert [(p.vat0, p.vat, p.vat_percent) for p in item.points] == [
        (Decimal("4.45"), Decimal("5.52"), Decimal(24)),
        (Decimal("5.46"), Decimal("6.85"), Decimal("25.5")),
        (Decimal("5.67"), Decimal("7.12"), Decimal("25.5")),
    ]
    first, second = item.steps
    assert first.vat0.euros == Decimal("1.01") and first.vat.euros == Decimal("1.33")
    assert round(first.vat0.percent, 2) == Decimal("22.70") and round(first.vat.percent, 2) == Decimal("24.09")
    assert first.years_shown == Decimal("6.3")  # 1.1.2019 -> 1.5.2025: 2312 days
    assert round(first.vat0.per_year, 2) == Decimal("3.28")  # (5.46 / 4.45) ** (1 / 6.33) - 1
    assert second.vat0.euros == Decimal("0.21") and round(second.vat0.percent, 2) == Decimal("3.85")
    assert item.vat_changed and item.whole.vat.euros == Decimal("1.60")


def test_amended_tables_start_on_their_own_date(history):
    item = series_of(history, "tyhjennys-kartonki", "astia-240")
    assert [p.start.isoformat() for p in item.points] == ["2019-01-01", "2025-12-01", "2026-04-01"]


def test_every_2019_row_is_matched_or_explained(history):
    row_map = history.maps["lakeus-2019"]
    version = history.catalog.get("lakeus-2019")
    priced = {(t.id, r.id) for t in version.tables for r in t.rows if r.price_vat is not None}
    assert priced == set(row_map.rows) | set(row_map.unmatched)
    readings = [reading for _, reading in row_map.rows.values() if reading]
    assert any("1–9 asuntoa" in r for r in readings)
    eco = series_of(history, "ekomaksut-vakituinen", "asunnot-1-2")
    assert eco.points[0].row.label == "1–9 asuntoa" and "1–9 asuntoa" in eco.points[0].reading


def test_rows_in_one_version_only_have_no_history(history):
    keys = {s.key for s in history.series}
    assert ("tyhjennys-kaksilokero", "astia-240") in keys  # 2025 and 2026
    assert ("poltettava-tyhjennys", "pikakontti-4m3") not in keys
    assert all(len(s.points) > 1 for s in history.series)


def broken_map(tmp_path, old, new):
    folder = tmp_path / "lakeus"
    shutil.copytree(LAKEUS, folder)
    path = folder / "history" / "lakeus-2019.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(TariffDataError) as caught:
        read_row_maps(load_authority(folder).history, load_versions(folder))
    return [str(p) for p in caught.value.problems], text.splitlines().index(
        next(line for line in text.splitlines() if old.splitlines()[0] in line)
    ) + 1


def test_a_map_to_an_unknown_row_names_file_line_and_field(tmp_path):
    problems, line = broken_map(
        tmp_path,
        "  - {from: poltettava-tyhjennys/astia-240, to: tyhjennys-poltettava/astia-240}",
        "  - {from: poltettava-tyhjennys/astia-240, to: tyhjennys-poltettava/astia-241}",
    )
    assert f"history/lakeus-2019.yaml:{line}: rows[1].to: lakeus-2025-05-01 has no priced row" in problems[0]


def test_a_2019_row_left_out_is_a_problem(tmp_path, capsys):
    problems, _ = broken_map(tmp_path, "  lisamaksut/pyoraton-astia: Today's", "  # lisamaksut/pyoraton-astia: Today's")
    assert any("neither matched nor unmatched: lisamaksut/pyoraton-astia" in p for p in problems)
    assert build.main(["--authority", str(tmp_path / "lakeus"), "--check"]) == 1  # --check validates the maps too
    assert "neither matched nor unmatched: lisamaksut/pyoraton-astia" in capsys.readouterr().err


def page_text(site, path):
    return (site / path / "index.html").read_text(encoding="utf-8")


def test_history_page_of_a_row(built_site):
    html = page_text(built_site, "hintahistoria/tyhjennys-poltettava")
    section = html[html.index('id="astia-140"') : html.index("</section>", html.index('id="astia-140"'))]
    amounts = ("4,45", "5,52", "5,46", "6,85", "5,67", "7,12", "+1,01 €", "+22,7\u00a0%", "+1,33 €", "+24,1\u00a0%")
    for amount in amounts:
        assert amount in section, amount
    # The price a resident pays (VAT included) first, then VAT 0, as on every other table page.
    assert '<td class="price alv">5,52</td><td class="price">4,45</td><td>24\u00a0%</td><td>1.1.2019</td>' in section
    assert '<td class="price alv">+1,33 €</td><td class="price alv">+24,1\u00a0%</td>' in section
    assert "Koko aika: 1.1.2019 → 1.4.2026" in section
    svg = section[section.index("<svg") : section.index("</svg>")]
    assert 'role="img"' in svg and ">5,52</text>" in svg and ">1.4.2026</text>" in svg
    assert "Arvonlisäveron yleinen verokanta" in html and "24\u00a0%" in html and "25,5\u00a0%" in html
    # The label follows the status: in full once at the top, in each row without what the top says.
    assert "<p>Ehdotus 1.4.2026 alkaen (päätöstä ei ole kirjattu).</p>" in html
    assert ">Ehdotus 1.4.2026</a>" in section and "päätöstä" not in section


def test_every_history_page_shows_each_price_of_the_data_to_the_cent(built_site, history):
    """Each row's section on its table's history page: one line per version, its VAT 0 and VAT prices."""
    checked = 0
    for table_id, series in history.by_table().items():
        html = page_text(built_site, urls.history(table_id))
        for item in series:
            start = html.index(f'<section class="hintahistoria tariff" id="{item.key[1]}"')
            body = html[html.index("<tbody>", start) : html.index("</tbody>", start)]
            shown = [cells[:2] for cells in (re.findall(r"<td[^>]*>([^<]*)</td>", row)
                                          for row in body.split("</tr>")[:-1])]
            assert shown == [[eur_fi(p.vat), eur_fi(p.vat0)] for p in item.points], (table_id, item.key)
            checked += len(shown)
    assert checked == sum(len(item.points) for item in history.series) > 500, checked


def test_history_is_linked_from_tables_price_list_and_calculator(built_site):
    section = page_text(built_site, "maksut/lakeus-2025-05-01/kunnan-jatteenkuljetus")
    row = re.search(r'<tr id="tyhjennys-poltettava--astia-140">(.*?)</tr>', section, re.S).group(1)
    assert 'href="../../../hintahistoria/tyhjennys-poltettava/#astia-140"' in row
    assert 'href="../hintahistoria/tyhjennys-poltettava/#astia-140"' in page_text(built_site, "hinnasto")
    config = calculator_settings(built_site)
    assert config["history"]["tyhjennys-poltettava--astia-140"] == "../hintahistoria/tyhjennys-poltettava/#astia-140"
    old = page_text(built_site, "maksut/lakeus-2019/poltettavan-jatteen-jateastioiden-tyhjennysmaksut")
    assert "hintahistoria/tyhjennys-poltettava/#astia-140" in old
    quick_skip = re.search(r'<tr id="poltettava-tyhjennys--pikakontti-4m3">(.*?)</tr>', old, re.S).group(1)
    assert "historia-linkki" not in quick_skip  # a row in one version only has no history


def test_history_in_the_open_data(built_site, history):
    data = json.loads((built_site / "data" / "hintahistoria.json").read_text(encoding="utf-8"))
    item = next(s for s in data if (s["table"], s["row"]) == ("tyhjennys-poltettava", "astia-140"))
    assert [p["vat"] for p in item["points"]] == ["5.52", "6.85", "7.12"]
    assert item["steps"][0]["vat0"] == {"eur": "1.01", "percent": "22.70", "percent_per_year": "3.28"}
    assert len(data) == len(history.series)
    rows = list(csv.DictReader(io.StringIO((built_site / "data" / "hintahistoria.csv").read_text(encoding="utf-8"))))
    mine = [r for r in rows if (r["table_id"], r["row_id"]) == ("tyhjennys-poltettava", "astia-140")]
    assert [r["vat0"] for r in mine] == ["4.45", "5.46", "5.67"]
    assert mine[0]["vat0_change_eur"] == "" and mine[1]["vat_change_eur"] == "1.33"
    assert eur_fi(Decimal(mine[2]["vat"])) == "7,12"


@pytest.mark.parametrize("field,message", [("rows", "expected a list of matches"), ("unmatched", "expected a mapping")])
def test_a_map_field_of_the_wrong_kind_is_a_problem_not_a_crash(tmp_path, field, message):
    folder = tmp_path / "lakeus"
    shutil.copytree(LAKEUS, folder)
    path = folder / "history" / "lakeus-2019.yaml"
    text = path.read_text(encoding="utf-8").replace(f"{field}:\n", f"{field}: x\n", 1)
    path.write_text(text[: text.index(f"{field}: x\n") + len(f"{field}: x\n")], encoding="utf-8")
    with pytest.raises(TariffDataError) as caught:
        read_row_maps(load_authority(folder).history, load_versions(folder))
    line = text.splitlines().index(f"{field}: x") + 1
    assert f"history/lakeus-2019.yaml:{line}: {field}: {message}" in " ".join(str(p) for p in caught.value.problems)


def test_rows_with_the_same_label_get_unique_names_on_their_page(history):
    from sitebuild.pages.history import names

    series = history.by_table()["tyhjennys-kartonki"]
    shown = names(series)
    assert len(set(shown.values())) == len(series)
    assert shown[("tyhjennys-kartonki", "astia-240")] == "240 l astia, Asuminen (€/kpl)"
    municipal = shown[("tyhjennys-kartonki", "kunta-astia-240")]
    assert municipal.startswith("240 l astia, Kunnan hallinto- ja palvelutoiminta")
