"""The text part's changes marked from two plain texts (`critic.marked`, `python -m sitebuild mark-text`).

The key property: rejecting the marks gives the old text back and accepting them the new one, in normal
form (`critic.normal`: one blank line between blocks, no bare list markers, as the site reads the text).
"""

from __future__ import annotations

import datetime as dt
import re

import markdown
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from sitebuild import critic
from sitebuild.__main__ import main
from sitebuild.render import Renderer

from .conftest import ROOT

LAKEUS_TEXT = (ROOT / "content" / "lakeus" / "tekstiosa.md").read_text(encoding="utf-8")
LAHTI_TEXT = (ROOT / "content" / "lahti" / "tekstiosa.md").read_text(encoding="utf-8")
MACROS = Renderer(dt.date(2026, 1, 1)).macros
# The Markdown extensions of content/mkdocs.yml that shape a text part.
EXTENSIONS = ["attr_list", "md_in_html", "tables", "toc"]


def assert_round_trip(old: str, new: str) -> str:
    text = critic.marked(old, new)
    assert critic.normal(critic.resolve(text, accept=False)) == critic.normal(old)
    assert critic.normal(critic.resolve(text, accept=True)) == critic.normal(new)
    return text


def changes_view(text: str) -> str:
    return markdown.markdown(critic.mark(text, MACROS), extensions=EXTENSIONS)


def edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


# --- the real texts -------------------------------------------------------------------------------


def test_the_lakeus_text_marked_again_gives_both_texts_back():
    old, new = critic.resolve(LAKEUS_TEXT, accept=False), critic.resolve(LAKEUS_TEXT, accept=True)
    text = assert_round_trip(old, new)
    # What the document itself marks, marked the same way: a heading's words (its id outside the marks), a
    # table's cells, a date, a removed item of a list.
    assert ("#### 2.1.4 {~~Syväkeräyssäiliöiden ja suurten pintasäiliöiden~>Nostoperusteisten säiliöiden~~} "
            "tyhjennys {#kohta-2-1-4}\n") in text  # fmt: skip
    assert "| 140 l | 0,7 | {~~0,2~>–~~} | {~~0,8~>–~~} | 0,6 | 0,4 |\n" in text
    assert "Tämä taksa astuu voimaan {~~1.5.2025~>1.4.2026~~}. Samalla" in text
    assert "kuntien {--ja hyvinvointialueen --}hallinto- ja palvelutoiminnan" in text
    assert "- {--jos kaksilokeroastian biojätelokeroon on sijoitettu poltettavaa jätettä--}\n" in text
    assert not re.search(r"\{(\+\+|--|~~)[^}]*\{#", text)  # no heading id inside a mark


def test_the_changes_view_of_the_marked_lakeus_text_keeps_every_heading_and_table():
    new = critic.resolve(LAKEUS_TEXT, accept=True)
    text = critic.marked(critic.resolve(LAKEUS_TEXT, accept=False), new)
    view, proposal = changes_view(text), markdown.markdown(new, extensions=EXTENSIONS)
    ids = re.compile(r'<h\d id="([^"]+)"')
    assert ids.findall(view) == ids.findall(proposal)
    assert view.count("<table>") == proposal.count("<table>") and view.count("<tr>") == proposal.count("<tr>")
    for tag in ("del", "ins"):
        assert view.count(f"<{tag} ") == view.count(f"</{tag}>") > 10
    assert not critic.has_changes(view) and "{#" not in view


def test_the_lahti_text_unchanged_has_no_marks():
    assert critic.marked(LAHTI_TEXT, LAHTI_TEXT) == critic.normal(LAHTI_TEXT) + "\n"


def test_lahti_text_edited_a_moved_paragraph_a_new_section_a_renamed_heading_and_a_list():
    moved = "Kiinteistön haltija on velvollinen maksamaan kiinteistökohtaisen jäteastian tyhjennysmaksun."
    new = edit(LAHTI_TEXT, f"{moved}\n\n", "")
    new = edit(new, "### 6 § Kiinteistökohtaisen", f"{moved}\n\n### 6 § Kiinteistökohtaisen")
    new = edit(new, "perusmaksun määräytymisperusteet {#pykala-3}", "perusmaksun perusteet {#pykala-3}")
    new = edit(new, "- Luokka 1: Vakituinen asunto", "- Luokka 1: Vakituinen asunto tai asuntola")
    new = edit(new, "## 3 luku:", "### 4 a § Uusi pykälä {#pykala-4-a}\n\nUusi kappale.\n\n## 3 luku:")
    new = edit(new, "Sekajäteastian tyhjennysmaksu sekä aluekeräyspistepalvelun tyhjennysmaksu koostuu "
                    "kuljetus- ja käsittelymaksusta.\n\n", "")  # fmt: skip
    text = assert_round_trip(LAHTI_TEXT, new)

    assert f"{{--{moved}\n--}}" in text and f"{{++{moved}\n++}}" in text
    assert "### 3 § Jätehuollon perusmaksun {~~määräytymisperusteet~>perusteet~~} {#pykala-3}\n" in text
    assert "- Luokka 1: Vakituinen asunto {++tai asuntola ++}(Rakennusluokitus" in text
    assert "{++### 4 a § Uusi pykälä {#pykala-4-a}\n++}\n{++Uusi kappale.\n++}" in text
    assert "{--Sekajäteastian tyhjennysmaksu" in text

    view = changes_view(text)
    assert view.count('<del class="siirto-pois">') == view.count('<ins class="siirto-tanne">') == 1
    assert f'<ins class="siirto-tanne"><span class="visually-hidden">siirretty tähän: </span>{moved}</ins>' in view
    assert '<h3 id="pykala-4-a"><ins class="lisays"><span class="visually-hidden">lisätty: </span>4 a § Uusi' in view
    assert '<h3 id="pykala-3">3 § Jätehuollon perusmaksun <del class="poisto">' in view


# --- Markdown structures --------------------------------------------------------------------------

OLD_TABLE = """# Otsikko {#otsikko}

| Koko | Hinta |
| --- | --- |
| 140 l | 3,10 |
| 240 l | 4,20 |
| 360 l | 5,30 |

- yksi
- kaksi
- kolme
"""
NEW_TABLE = """# Otsikko {#otsikko}

## Uusi {#uusi}

| Koko | Hinta |
| --- | --- |
| 140 l | 3,10 |
| 360 l | 5,90 |
| 660 l | 8,00 |

- kaksi
- kolme
- yksi
- neljä
"""


def test_table_rows_list_items_and_headings_added_removed_and_moved_stay_markdown():
    text = assert_round_trip(OLD_TABLE, NEW_TABLE)
    assert "{++## Uusi {#uusi}\n++}" in text
    assert "{--| 240 l | 4,20 |\n--}" in text and "{++| 660 l | 8,00 |\n++}" in text
    assert "| 360 l | {~~5,30~>5,90~~} |\n" in text
    assert "- {--yksi--}\n" in text and "- {++yksi++}\n" in text and "- {++neljä++}\n" in text

    view = changes_view(text)
    assert view.count("<table>") == 1 and view.count("<tr>") == 5  # the header, 3 rows, the removed one
    assert re.search(r"<tr>\s*<td><del class=\"poisto\">.*?240 l</del></td>\s*<td><del", view)
    assert re.search(r"<li><del class=\"siirto-pois\">.*?yksi</del></li>", view)
    assert re.search(r"<li><ins class=\"siirto-tanne\">.*?yksi</ins></li>", view)
    assert '<h2 id="uusi"><ins class="lisays">' in view


def test_a_removed_heading_leaves_its_id_to_the_heading_that_stays():
    old, new = "## Maksut {#maksut}\n\nTeksti.\n", "## Hinnat ja maksut {#maksut}\n\nAivan muu teksti tässä.\n"
    view = changes_view(assert_round_trip(old, new))
    assert view.count('id="maksut"') == 1


# --- any two texts --------------------------------------------------------------------------------

WORDS = ["maksu", "jäte", "astia", "10", "1.5.2025.", "(mm.", "a,", "{", "}", "+", "-", "~", ">", "|", "#", "{#x}"]
LINE = st.lists(st.sampled_from(WORDS), min_size=1, max_size=5).map(" ".join)
LINES = st.one_of(
    LINE, LINE.map("- {}".format), LINE.map("    - {}".format), LINE.map("### {} {{#k}}".format),
    LINE.map("| {} | a |".format), st.just("| --- | --- |"), st.just("-"),
)  # fmt: skip


@st.composite
def two_texts(draw) -> tuple[str, str]:
    """Two texts of blocks made from one small set of lines, so that they share, move and change parts."""
    lines = draw(st.lists(LINES, min_size=1, max_size=8))

    def text() -> str:
        blocks = draw(st.lists(st.lists(st.sampled_from(lines), min_size=1, max_size=4), max_size=6))
        between = draw(st.sampled_from(["\n\n", "\n\n\n", "\n \n"]))
        return between.join("\n".join(block) for block in blocks) + draw(st.sampled_from(["", "\n"]))

    return text(), text()


RAW = st.text(alphabet="ab -|#{}+~>\n\t", max_size=40)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(two_texts(), st.tuples(RAW, RAW)))
def test_any_two_texts_come_back_from_their_marks(texts):
    old, new = texts
    assume(critic.first_delimiter(old) is None and critic.first_delimiter(new) is None)
    text = assert_round_trip(old, new)
    critic.mark(text, MACROS)  # the changes view reads every mark


# --- the command ----------------------------------------------------------------------------------


def test_mark_text_writes_the_marked_text_part(tmp_path, capsys):
    old, new, out = tmp_path / "old.md", tmp_path / "new.md", tmp_path / "tekstiosa.md"
    old.write_text("# T {#t}\n\nMaksu on 10 euroa.\n", encoding="utf-8")
    new.write_text("# T {#t}\n\nMaksu on 12 euroa.\n", encoding="utf-8")
    assert main(["mark-text", str(old), str(new)]) == 0
    assert capsys.readouterr().out == "# T {#t}\n\nMaksu on {~~10~>12~~} euroa.\n"
    out.write_text("vanha", encoding="utf-8")
    assert main(["mark-text", str(old), str(new), "--output", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == "# T {#t}\n\nMaksu on {~~10~>12~~} euroa.\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.md", "old.md", "tekstiosa.md"]


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "new.md:1: cannot read the file: No such file or directory"),
        (b"Rivi\nKolme \xe4\xe4\n", "new.md:2: not UTF-8 text: byte 0xE4 cannot be read"),
        (b"Rivi\n\nMaksu {~~10~>12~~} euroa.\n", "new.md:3: already holds CriticMarkup ('{~~')"),
        (b"Rivi --} toinen\n", "new.md:1: already holds CriticMarkup ('--}')"),
    ],
)
def test_bad_input_is_named_with_its_line_and_writes_nothing(tmp_path, capsys, content, message):
    old, new, out = tmp_path / "old.md", tmp_path / "new.md", tmp_path / "tekstiosa.md"
    old.write_text("Rivi\n", encoding="utf-8")
    if content is not None:
        new.write_bytes(content)
    out.write_text("ennallaan", encoding="utf-8")
    assert main(["mark-text", str(old), str(new), "--output", str(out)]) == 1
    error = capsys.readouterr().err
    assert message in error and "no file was changed" in error
    assert out.read_text(encoding="utf-8") == "ennallaan"


def test_an_output_that_cannot_be_written_leaves_nothing_behind(tmp_path, capsys):
    old = tmp_path / "old.md"
    old.write_text("Rivi\n", encoding="utf-8")
    assert main(["mark-text", str(old), str(old), "--output", str(tmp_path)]) == 1
    assert "cannot write: Is a directory" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["old.md"]
