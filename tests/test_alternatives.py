"""What if: two set-ups under both tariffs, priced by hand from the seed (002, table 5 line 1362: dual
240 l 8,01 → 8,33; table 6 line 1407: mixed 240 l 8,87 → 9,22; table 7 line 1438: bio 140 l 6,89, unchanged;
eco fee 1–2 apartments 3,75 €/month). 26 emptyings a year every second week."""

from __future__ import annotations

import json
import subprocess
import sys

from calculator.api import handle_request, run_compare

HOME = {"kind": "permanent", "apartments": 1}
A = {"date": "2026-06-01", "household": HOME, "containers": [
    {"waste": "mixed", "volume_l": 240, "interval_weeks": 2}, {"waste": "bio", "volume_l": 140, "interval_weeks": 2}]}
B = {"date": "2026-06-01", "household": HOME, "containers": [{"waste": "dual", "volume_l": 240, "interval_weeks": 2}]}


def test_two_set_ups_under_two_tariffs(catalog):
    result = run_compare(A, catalog, alternative=B)
    totals = [result[side][tariff]["total_eur"] for side in ("a", "b") for tariff in ("old", "new")]
    assert totals == ["454.76", "463.86", "253.26", "261.58"]  # 45 + 26 × (8,87 + 6,89) … 45 + 26 × 8,33
    assert (result["switch_old"]["difference_eur"], result["switch_new"]["difference_eur"]) == ("-201.50", "-202.28")
    made_of = {line["label"]: line["difference_eur"] for line in result["switch_new"]["lines"]}
    assert made_of == {
        "Ekomaksu, vakituinen asuminen, 1 asunto, 12 kk": "0.00",
        "Poltettava jäte 240 l, 1 kpl, joka 2. viikko": "-239.72",
        "Biojäte 140 l, 1 kpl, joka 2. viikko": "-179.14",
        "Kaksilokeroastia (bio- ja poltettava jäte) 240 l, 1 kpl, joka 2. viikko": "216.58",
    }


def test_the_worker_prices_an_alternative_and_names_its_faults(catalog):
    answer = handle_request(catalog, {"action": "compare", "scenario": A, "alternative": B})
    assert answer["b"]["new"]["total_eur"] == "261.58"
    bad = dict(B, containers=[{"waste": "dual", "volume_l": 999, "interval_weeks": 2}])
    answer = handle_request(catalog, {"action": "compare", "scenario": A, "alternative": bad})
    assert [e["field"] for e in answer["errors"]] == ["alternative.containers[0].volume_l"]


def test_the_cli_compares_with_another_set_up(tmp_path):
    for name, data in (("a.json", A), ("b.json", B)):
        (tmp_path / name).write_text(json.dumps(data), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "calculator", "compare", "a.json", "--with", "b.json",
                           "--format", "text"], cwd=tmp_path, capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "B − A                          -201,50            -202,28" in done.stdout
    assert "- Biojäte 140 l, 1 kpl, joka 2. viikko: A 179,14, B 0,00 (-179,14)" in done.stdout
