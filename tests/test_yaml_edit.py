"""sitebuild.yaml_edit: edits change only what they touch; write_all writes every file or none."""

from decimal import Decimal

import pytest

from calculator.problems import TariffDataError
from sitebuild.yaml_edit import YamlText, write_all

TEXT = """\
# A header.
id: a  # the id
values: {vat0: 1.61, vat: 2.02}
indented:
  - {id: x}
flush:
- id: y
  note: 'kept'
nested:
  # a comment inside
  first: 1
last: >-
  folded
  text
"""


def edited(edit) -> str:
    text = YamlText(TEXT, "test.yaml")
    edit(text)
    return text.result()


def test_a_scalar_in_place_keeps_its_comment_and_the_flow_mapping():
    def edit(text):
        text.set((), "id", "b")
        text.replace_scalar(text.node("values", "vat0"), Decimal("1.65"))

    assert edited(edit) == TEXT.replace("id: a  #", "id: b  #").replace("vat0: 1.61", "vat0: 1.65")


def test_new_keys_go_after_their_anchor_or_at_the_end_in_the_files_indentation():
    def edit(text):
        text.set(("nested",), "second", {"x": [1, 2]})
        text.set((), "added", "z", after="values")
        text.set((), "end", "§ 5")

    assert (
        edited(edit)
        == TEXT.replace("  first: 1\n", "  first: 1\n  second:\n    x:\n      - 1\n      - 2\n").replace(
            "values: {vat0: 1.61, vat: 2.02}\n", "values: {vat0: 1.61, vat: 2.02}\nadded: z\n"
        )
        + "end: § 5\n"
    )


def test_items_appended_as_the_list_indents_them():
    def edit(text):
        text.append(("indented",), {"id": "x2"})
        text.append(("flush",), {"id": "y2", "note": "n"})

    assert edited(edit) == TEXT.replace("  - {id: x}\n", "  - {id: x}\n  - id: x2\n").replace(
        "  note: 'kept'\n", "  note: 'kept'\n- id: y2\n  note: n\n"
    )


def test_a_block_replaced_and_a_key_removed_with_its_lines():
    def edit(text):
        text.set((), "nested", {"only": 2})
        text.remove((), "last")
        text.set_header("New header.")

    assert edited(edit) == TEXT.replace("# A header.", "# New header.").replace(
        "nested:\n  # a comment inside\n  first: 1\n", "nested:\n  only: 2\n"
    ).replace("last: >-\n  folded\n  text\n", "")


def test_a_syntax_error_is_a_problem_with_its_line():
    with pytest.raises(TariffDataError, match="test.yaml:3: YAML syntax error"):
        YamlText("a: 1\nb: [\n", "test.yaml")


def test_write_all_writes_nothing_when_one_file_cannot_be_written(tmp_path):
    good, blocker = tmp_path / "good.yaml", tmp_path / "blocker"
    good.write_text("old\n", encoding="utf-8")
    blocker.write_text("a file where a folder should be\n", encoding="utf-8")
    with pytest.raises(OSError):
        write_all({good: "new\n", blocker / "x.yaml": "never\n"})
    assert good.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blocker", "good.yaml"]  # no temporary file left
    write_all({good: "new\n", tmp_path / "sub" / "b.xlsx": b"PK"})
    assert good.read_text(encoding="utf-8") == "new\n" and (tmp_path / "sub" / "b.xlsx").read_bytes() == b"PK"
