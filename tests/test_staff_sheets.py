"""`python -m sitebuild export` and `import`: the workbook and CSV round trip, and every bad spreadsheet."""

import csv
import difflib
import io
import shutil

import pytest
from openpyxl import load_workbook
from openpyxl.formula.translate import Translator

from tests.staff import files, ran, run

PROPOSAL = "lakeus-2026-04-01"
VERSION_FILE = f"versions/{PROPOSAL}.yaml"
SHEET = "tyhjennys-poltettava"  # table 6: transport, treatment, total, total_vat; rows astia-140, astia-240, ...


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """The proposal's workbook, exported once from the repository's data (export writes nothing there)."""
    path = tmp_path_factory.mktemp("export") / "hinnat.xlsx"
    assert run("export", "--authority", "lakeus", PROPOSAL, "--xlsx", path)[0] == 0
    return path


@pytest.fixture
def workbook(exported, tmp_path):
    path = tmp_path / "hinnat.xlsx"
    shutil.copyfile(exported, path)
    return path


def edited(path, change):
    book = load_workbook(path)
    change(book)
    book.save(path)
    return path


def test_workbook_layout(workbook):
    book = load_workbook(workbook)
    sheet = book[SHEET]
    assert book.sheetnames[0] == "tiedot" and book["tiedot"]["B1"].value == PROPOSAL
    assert [c.value for c in sheet[2]] == [
        "id", "rivi", "Kuljetus (transport)", "Käsittely (treatment)", "Yhteensä (total)", "Yhteensä (total_vat)",
    ]  # fmt: skip
    assert [c.value for c in sheet[3]] == [
        "astia-140", "140 l astia", 4.26, 1.41, "=C3+D3", "=ROUND((E3)*(100+25.5)/100,2)",
    ]  # fmt: skip
    assert sheet.protection.sheet
    assert sheet["A3"].protection.locked and sheet["E3"].protection.locked
    assert not sheet["C3"].protection.locked and not sheet["D3"].protection.locked


def test_import_rewrites_only_the_changed_price_lines(lakeus_copy, tmp_path):
    """The `git diff` of an import into a proposal made by new-version: the two edited rows' `values:` lines,
    every comment and reading kept."""
    new = "lakeus-2027-01-01"
    ran("new-version", new, "--authority", lakeus_copy, "--from", PROPOSAL, "--valid-from", "2027-01-01",
        "--title", "Maksuliite 1.1.2027 alkaen", "--proposed", "2026-11-25", "--document", "Pöytäkirja")  # fmt: skip
    workbook = tmp_path / "hinnat.xlsx"
    run("export", "--authority", lakeus_copy, new, "--xlsx", workbook)
    path = lakeus_copy / "versions" / f"{new}.yaml"
    before = path.read_text(encoding="utf-8")

    def change(book):
        book[SHEET]["C3"] = 4.30  # astia-140 transport 4.26 -> 4.30
        book["paperilasku"]["C3"] = 1.65  # 1.61 -> 1.65

    status, out, err = run("import", "--authority", lakeus_copy, new, edited(workbook, change))
    after = path.read_text(encoding="utf-8")
    diff = [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), n=0, lineterm="")
            if not line.startswith(("---", "+++", "@@"))]  # fmt: skip
    assert (status, err) == (0, "")
    assert diff == [
        "-      values: {vat0: 1.61, vat: 2.02}",
        "+      values: {vat0: 1.65, vat: 2.07}",  # 1.65 x 1.255 = 2.07075
        "-      values: {transport: 4.26, treatment: 1.41, total: 5.67, total_vat: 7.12}",
        "+      values: {transport: 4.30, treatment: 1.41, total: 5.71, total_vat: 7.17}",  # 5.71 x 1.255 = 7.16605
    ]
    assert "2 row(s) changed" in out and "Tariff data consistency report" in out
    assert f"{path}: {new} (proposal, valid from 1.1.2027)" in out  # the real file


def test_a_version_transcribed_from_its_source_keeps_the_printed_prices(lakeus_copy, workbook):
    """The 2026 proposal's prices stand in the minutes (source_line): an import may not change them."""
    edited(workbook, _set(SHEET, "C3", 4.30))
    before = files(lakeus_copy)
    text = (lakeus_copy / VERSION_FILE).read_text(encoding="utf-8").splitlines()
    table = next(n for n, words in enumerate(text) if words.endswith("id: tyhjennys-poltettava"))
    line = next(n for n, words in enumerate(text[table:], start=table + 1) if words.endswith("- id: astia-140"))
    status, _, err = run("import", "--authority", lakeus_copy, PROPOSAL, workbook)
    assert status == 1
    assert (
        f"{lakeus_copy}/{VERSION_FILE}:{line}: tyhjennys-poltettava.astia-140.source_line: values 4,30 1,41 5,71 7,17"
        " do not stand in source line 1406: '140 l astia  4,10 4,26 1,36 1,41 5,46 5,67 6,85  7,12'\n"
    ) in err
    assert files(lakeus_copy) == before


@pytest.mark.parametrize(
    ("version", "kind"),
    [("lakeus-2019", "xlsx"), ("lakeus-2025-05-01", "xlsx"), (PROPOSAL, "xlsx"), ("lakeus-2019", "csv")],
)
def test_untouched_export_imports_as_no_change(lakeus_copy, tmp_path, version, kind):
    """Printed slips of the source (source_inconsistency, 2019) survive a round trip too."""
    path = tmp_path / f"hinnat.{kind}"
    before = files(lakeus_copy)
    assert run("export", "--authority", lakeus_copy, version, f"--{kind}", path)[0] == 0
    status, out, err = run("import", "--authority", lakeus_copy, version, path)
    assert (status, err) == (0, "")
    assert "0 row(s) changed" in out
    assert files(lakeus_copy) == before


def test_csv_import(lakeus_copy, tmp_path):
    path = tmp_path / "hinnat.csv"
    run("export", "--authority", lakeus_copy, PROPOSAL, "--csv", path)
    text = path.read_text(encoding="utf-8")
    assert "paperilasku,paperilasku,Paperisena lähetetty lasku,vat0,1.61,\n" in text
    path.write_text(text.replace(",vat0,1.61,\n", ",vat0,1.70,\n"), encoding="utf-8")
    status, out, _ = run("import", "--authority", lakeus_copy, PROPOSAL, path)
    assert status == 0
    assert "paperilasku: vat0 1.61 -> 1.70, vat 2.02 -> 2.13" in out  # 1.70 x 1.255 = 2.1335


def test_csv_saved_by_a_spreadsheet_in_finnish(lakeus_copy, tmp_path):
    """`;` between fields and decimal commas, as a spreadsheet set to Finnish saves CSV."""
    path = tmp_path / "hinnat.csv"
    run("export", "--authority", lakeus_copy, PROPOSAL, "--csv", path)
    lines = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows([*line[:4], line[4].replace(".", ","), line[5]] for line in lines)
    text = out.getvalue()
    assert "paperilasku;paperilasku;Paperisena lähetetty lasku;vat0;1,61;\r\n" in text
    assert ";Irtoroskat alkavalta 0,5 m³:lta;transport;" in text  # a comma in a label is no decimal
    path.write_text(text.replace(";vat0;1,61;", ";vat0;1,70;"), encoding="utf-8-sig")
    status, out, err = run("import", "--authority", lakeus_copy, PROPOSAL, path)
    assert (status, err) == (0, "")
    assert "paperilasku: vat0 1.61 -> 1.70, vat 2.02 -> 2.13" in out and "1 row(s) changed" in out


def test_bad_csv_changes_no_file(lakeus_copy, tmp_path):
    path = tmp_path / "hinnat.csv"
    run("export", "--authority", lakeus_copy, PROPOSAL, "--csv", path)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(
        i for i, line in enumerate(lines, 1) if line.startswith("paperilasku,paperilasku,") and "vat0" in line
    )
    lines[number - 1] = lines[number - 1].replace("1.61", '"1,65"')  # quoted, as a spreadsheet saves it
    path.write_text("".join(lines), encoding="utf-8")
    before = files(lakeus_copy)
    status, _, err = run("import", "--authority", lakeus_copy, PROPOSAL, path)
    assert status == 1
    assert f"{path}:{number}: price: '1,65' is not a price: write a number such as 12.50\n" in err
    assert files(lakeus_copy) == before


def _delete_row_as_excel_does(book):
    """Delete astia-240 (row 4); like a spreadsheet, the formulas below move with their rows."""
    sheet = book[SHEET]
    sheet.delete_rows(4)
    for row in sheet.iter_rows(min_row=4):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                below = f"{cell.column_letter}{cell.row + 1}"
                cell.value = Translator(cell.value, origin=below).translate_formula(cell.coordinate)


def _add_row(book):
    book["paperilasku"].append(["uusi", "Uusi rivi", 1, "=ROUND((C4)*(100+25.5)/100,2)"])


def _set(sheet, cell, value):
    return lambda book: book[sheet].__setitem__(cell, value)


BAD_SPREADSHEETS = {
    "text in a price": (
        _set(SHEET, "C3", "4,30"),
        ["tyhjennys-poltettava!C3: text '4,30' where a price belongs: write a number such as 12.50"],
    ),
    "a number stored as text": (
        _set(SHEET, "C3", "4.30"),
        ["tyhjennys-poltettava!C3: text '4.30' where a price belongs: write a number such as 12.50"],
    ),
    "a deleted row": (
        _delete_row_as_excel_does,
        ["tyhjennys-poltettava!A4: row 'astia-240' is missing (deleted?): every row must stay"],
    ),
    "an added row": (
        _add_row,
        ["paperilasku!A4: an added row 'uusi': no such row in the tariff (rows are added in the version file)"],
    ),
    "a renamed sheet": (
        lambda book: setattr(book["paperilasku"], "title", "lasku"),
        [
            "lasku!A1: unknown sheet (renamed or added?): sheets are named by table id",
            "paperilasku!A1: sheet missing (renamed or deleted?): table 4, Paperilaskun lisämaksu",
        ],
    ),
    "a missing sheet": (
        lambda book: book.remove(book["paperilasku"]),
        ["paperilasku!A1: sheet missing (renamed or deleted?): table 4, Paperilaskun lisämaksu"],
    ),
    "a changed id": (
        _set(SHEET, "A3", "astia-141"),
        [
            "tyhjennys-poltettava!A3: the row id was changed from 'astia-140' to 'astia-141': ids cannot change"
            " (restore 'astia-140')"
        ],
    ),  # fmt: skip
    "a merged cell": (
        lambda book: book[SHEET].merge_cells("C3:D3"),
        [
            "tyhjennys-poltettava!C3:D3: merged cells: unmerge them (every price has a cell of its own)",
            "tyhjennys-poltettava!D3: no price: write the VAT 0 price",  # merging empties the cell
        ],
    ),
    "a formula where a value belongs": (
        _set(SHEET, "C3", "=4.26*1.04"),
        ["tyhjennys-poltettava!C3: a formula (=4.26*1.04) where a price belongs: write the price as a number"],
    ),
    "a price with three decimals": (
        _set(SHEET, "C3", 4.305),
        ["tyhjennys-poltettava!C3: 4.305 has more than two decimals (prices are in cents)"],
    ),
    "a computed cell overwritten": (
        _set(SHEET, "F3", 7.20),
        ["tyhjennys-poltettava!F3: computed: keep its formula =ROUND((E3)*(100+25.5)/100,2) (change the VAT 0 price)"],
    ),
}


@pytest.mark.parametrize("case", BAD_SPREADSHEETS)
def test_bad_spreadsheet_exits_1_and_changes_no_file(lakeus_copy, workbook, case):
    change, messages = BAD_SPREADSHEETS[case]
    edited(workbook, change)
    before = files(lakeus_copy)
    status, out, err = run("import", "--authority", lakeus_copy, PROPOSAL, workbook)
    assert status == 1
    assert err.splitlines() == [*messages, f"Stopped: {len(messages)} problem(s); no file was changed."]
    assert files(lakeus_copy) == before
