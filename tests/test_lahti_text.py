"""The Lahti region's tariff text (content/lahti/tekstiosa.md) against its seed.

The seed is the PDF extraction kept under tariffs/lahti/sources/. Headings are
parsed from the seed's body (its own table of contents has no leading "#"), so
dropping a § or altering a title in the Markdown makes these tests fail.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tariffs" / "lahti" / "sources" / "004_4d3b444f945d78d3.txt"
TEXT = ROOT / "content" / "lahti" / "tekstiosa.md"

H1 = "# Lahden seudun jätetaksa: ehdotus 1.1.2025 alkaen {#tekstiosa}"
APPENDIX_NOTE = (
    "Liitteiden hinnat eivät ole tämän sivuston lähdeaineistossa; "
    "katso ne jätelautakunnan virallisesta asiakirjasta."
)

# Body headings of the seed: any level of "#", optional ** bold markers.
SEED_PARAGRAPH = re.compile(r"^#+\s+(?:\*\*)?(\d+) § (.+?)(?:\*\*)?\s*$", re.M)
SEED_CHAPTER = re.compile(r"^#+\s+(?:\*\*)?(\d+) Luku (.+?)(?:\*\*)?\s*$", re.M)
# Appendix list after § 22 (the table of contents has a tab after "Liite N.").
SEED_APPENDIX = re.compile(r"^Liite (\d)\. (\S.*?)\s*$", re.M)

MD_PARAGRAPH = re.compile(r"^### (\d+) § (.+?) \{#pykala-(\d+)\}$", re.M)
MD_CHAPTER = re.compile(r"^## (\d+) luku: (.+?) \{#luku-(\d+)\}$", re.M)
MD_HEADING = re.compile(r"^(#{1,6}) ", re.M)

# Sentences/paragraphs that must appear word for word in both files.
SPOT_CHECKS = [
    # § 1
    "Jätetaksa on voimassa Lahden seudun jätelautakunnan toimialueella.",
    # § 2 definitions (bold term kept)
    "**Aluekeräyspisteellä** Salpakierto Oy:n ylläpitämää alueellista jätteen keräyspaikkaa. "
    "Aluekeräyspisteet on tarkoitettu päivittäisille sekajätteille.",
    "**Monilokeroastialla** Salpakierto Oy:n kiinteistölle toimittamaa jäteastiaa, johon kerätään "
    "kahta tai useampaa jätelajia samanaikaisesti ja astia tyhjenetään yhdellä kertaa "
    "monilokeroiseen jäteautoon.",
    # § 3
    "Jätehuollon perusmaksuluokka määräytyy laskutushetkellä. Perusmaksu määrätään kalenterivuodeksi "
    "kerrallaan. Perusmaksua on velvollinen maksamaan se, joka omistaa asunnon laskutushetkellä.",
    # § 7 (joined across the page break after "ilman")
    "Salpakierto Oy poistaa maksun asiakkaan pyynnöstä kuluvalta vuodelta, ilman muutoksenhakua "
    "jätehuoltoviranomaiselta, kun tieto on korjattu Digi- ja väestötietoviraston "
    "väestötietojärjestelmän rakennus- ja huoneistorekisteriin.",
    "Aluekeräyspistemaksun on velvollinen maksamaan se, joka on asuinhuoneiston haltija tai "
    "vapaa-ajan asuinrakennuksen haltija laskutushetkellä.",
    # § 8
    "Peruutusmaksu peritään, jos tyhjennyspaikalla ei ole jäteautolle kääntömahdollisuutta ja "
    "jäteauto joutuu peruuttamaan yli 40 metrin matkan jäteastian tyhjennyksen suorittamiseksi.",
    "Vetomaksu veloitetaan keräysvälineen siirrosta jäteautolle kultakin alkavalta 10 metriltä, "
    "kun vetomatka ylittää tyhjennysmaksuun sisältyvän 10 metrin matkan.",
    # § 13 (joined across the page break after "toimijan")
    "Silloin kun jätteenkuljetus on osa toimijan tarjoamaa jätehuoltopalvelua ja kun TSV-pyyntö "
    "koskee jätteen käsittelyä, on jätteenkuljettaja velvollinen maksamaan jätemaksun.",
    # § 16
    "Jättemaksun suorittamisvelvollisuudesta on määrätty jätetaksan kohdissa 3.4 §, 6.2 §, 7.5 §, "
    "10.1 §, 11.1 §, 12.1 §, 13.1 § ja 14.1 §.",
    # § 17
    "Jätelaskussa tulee olla maksettava määrä, eräpäivä, maksuosoite, maksun peruste yksilöitynä, "
    "tieto viivästysseuraamuksista, ohjeet muistutuksen tekemistä varten sekä laskuttajan "
    "yhteystiedot maksuvelvollisen yhteydenottoa varten.",
    # § 18
    "Jos maksua ei suoriteta määräajassa, erääntyneelle määrälle on suoritettava "
    "erääntymispäivästä vuotuista viivästyskorkoa siten kuin korkolaissa (633/1982) säädetään.",
    # § 20
    "Tätä taksaa ja liitteenä olevia jätemaksutaulukkoja muutetaan Lahden seudun "
    "jätehuoltoviranomaisen päätöksellä",
    # § 22
    "Paperilaskulisä 8 § tulee voimaan 1.1.2025 alkaen.",
]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _strip_comments(text: str) -> str:
    return re.sub(r"<!--.*?-->", "", text, flags=re.S)


@pytest.fixture(scope="module")
def seed() -> str:
    assert SEED.is_file(), f"seed copy missing: {SEED}"
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def md() -> str:
    assert TEXT.is_file(), f"text missing: {TEXT}"
    return TEXT.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def md_body(md) -> str:
    """The Markdown without reading comments."""
    return _strip_comments(md)


def _seed_paragraphs(seed):
    return [(int(n), title.strip()) for n, title in SEED_PARAGRAPH.findall(seed)]


def _seed_chapters(seed):
    return [(int(n), title.strip()) for n, title in SEED_CHAPTER.findall(seed)]


def test_first_line_is_h1(md):
    assert md.split("\n", 1)[0] == H1
    assert len(re.findall(r"^# ", md, re.M)) == 1


def test_seed_parse_sanity(seed):
    # Guards the regexes themselves: the seed has §§ 1-22 and chapters 1-7 once each.
    assert [n for n, _ in _seed_paragraphs(seed)] == list(range(1, 23))
    assert [n for n, _ in _seed_chapters(seed)] == list(range(1, 8))


def test_paragraph_headings_match_seed(seed, md_body):
    found = [(int(n), title, int(anchor)) for n, title, anchor in MD_PARAGRAPH.findall(md_body)]
    assert all(n == anchor for n, _, anchor in found), "anchor pykala-N must match the § number"
    assert [(n, title) for n, title, _ in found] == _seed_paragraphs(seed)
    # No other level-3 heading may pretend to be a §.
    assert len(re.findall(r"^#+ .*\d+ §", md_body, re.M)) == 22


def test_chapter_headings_match_seed(seed, md_body):
    found = [(int(n), title, int(anchor)) for n, title, anchor in MD_CHAPTER.findall(md_body)]
    assert all(n == anchor for n, _, anchor in found)
    assert [(n, title) for n, title, _ in found] == _seed_chapters(seed)
    for n in range(1, 8):
        assert len(re.findall(rf"^## {n} luku: ", md_body, re.M)) == 1


def test_chapters_and_paragraphs_interleave_as_in_seed(seed, md_body):
    seed_seq = []
    for m in re.finditer(r"^#+\s+(?:\*\*)?(\d+) (Luku|§) ", seed, re.M):
        seed_seq.append(("luku" if m[2] == "Luku" else "§", int(m[1])))
    md_seq = []
    for m in re.finditer(r"^#{2,3} (\d+) (luku:|§) ", md_body, re.M):
        md_seq.append(("luku" if m[2] == "luku:" else "§", int(m[1])))
    assert md_seq == seed_seq


def test_no_source_toc_or_front_matter(md_body):
    # The site's own contents ([TOC], built from the headings) replaces the source's page-numbered one.
    assert md_body.count("Sisällys") == 1 and "**Sisällys**\n\n[TOC]\n" in md_body
    assert "....." not in md_body
    assert "EHDOTUS" not in md_body
    assert "Myrskylä, Orimattila" not in md_body


def test_heading_levels(md_body):
    for line in md_body.splitlines():
        if not line.startswith("#"):
            continue
        assert "**" not in line, f"bold marker left in heading: {line}"
        level = len(MD_HEADING.match(line)[1])
        if level == 2:
            assert MD_CHAPTER.match(line) or line == "## Liitteet {#liitteet}", line
        elif level == 3:
            assert MD_PARAGRAPH.match(line), line
        elif level == 4:
            assert re.search(r"\{#pykala-\d+(-[a-z0-9-]+)?\}$", line), line
        else:
            assert level == 1, line


@pytest.mark.parametrize("snippet", SPOT_CHECKS)
def test_spot_checks_verbatim(snippet, seed, md_body):
    text = _norm(snippet)
    assert text in _norm(seed), f"not in seed: {snippet[:60]}"
    assert text in _norm(md_body), f"not in tekstiosa.md: {snippet[:60]}"


def test_spot_checks_cover_required_paragraphs(md_body):
    # Map each spot check to the § it sits under in the Markdown.
    sections = {}
    for part in re.split(r"^(?=#{2,3} )", md_body, flags=re.M):
        m = MD_PARAGRAPH.match(part)
        if m:
            sections[int(m[1])] = _norm(part)
    covered = {n for n, body in sections.items() for s in SPOT_CHECKS if _norm(s) in body}
    assert {2, 7, 8, 13, 17, 22} <= covered
    assert len(covered) >= 8


def _tables(lines):
    """Yield (start index, rows) for each block of consecutive pipe-table lines."""
    i = 0
    while i < len(lines):
        if lines[i].lstrip().startswith("|"):
            start = i
            while i < len(lines) and lines[i].lstrip().startswith("|"):
                i += 1
            yield start, lines[start:i]
        else:
            i += 1


def _cells(row):
    row = row.strip()
    if not (row.startswith("|") and row.endswith("|")):
        return None
    return [c.strip() for c in row[1:-1].split("|")]


def _table_problems(text):
    """Problems with the pipe tables of a Markdown text; empty if all are fine."""
    lines = text.splitlines()
    problems = []
    for start, rows in _tables(lines):
        where = f"table at line {start + 1}"
        if not (start >= 2 and lines[start - 1] == ""):
            problems.append(f"{where}: no blank line between caption and table")
        caption = lines[start - 2] if start >= 2 else ""
        if not (caption.startswith("Taulukko: ") and caption[len("Taulukko: "):].strip()):
            problems.append(f"{where}: no 'Taulukko:' caption")
        cells = [_cells(r) for r in rows]
        if any(c is None for c in cells):
            problems.append(f"{where}: rows must start and end with |")
            continue
        if len(rows) < 3:
            problems.append(f"{where}: needs header, separator and data rows")
            continue
        if len({len(c) for c in cells}) != 1:
            problems.append(f"{where}: unequal cell counts {[len(c) for c in cells]}")
            continue
        if not all(re.fullmatch(r":?-{3,}:?", c) for c in cells[1]):
            problems.append(f"{where}: second row is not a separator")
        if not all(cells[0]):
            problems.append(f"{where}: a column has no header")
        for col in range(len(cells[0])):
            if not any(r[col] for r in cells[2:]):
                problems.append(f"{where}: column {col + 1} is empty")
    for i, line in enumerate(lines):
        if line.startswith("Taulukko:") and not (i + 2 < len(lines) and lines[i + 2].startswith("|")):
            problems.append(f"caption on line {i + 1} heads no table")
    return problems


def test_table_checker_itself():
    good = "Teksti.\n\nTaulukko: Esimerkki\n\n| A | B |\n| --- | --- |\n| 1 | 2 |\n"
    assert _table_problems(good) == []
    assert _table_problems(good.replace("Taulukko: Esimerkki", "Esimerkki"))
    assert _table_problems(good.replace("| 1 | 2 |", "| 1 | 2 | 3 |"))
    assert _table_problems(good.replace("| A | B |", "| A |  |"))
    assert _table_problems(good.replace("| 1 | 2 |", "| 1 |  |"))


def test_the_seed_has_no_tables_and_neither_has_the_text(seed, md_body):
    """The seed has no tables: no pipe table, and its only tab-separated lines are the 36 entries of its own
    page-numbered table of contents (7 chapters, 22 §, 7 appendices), which the page replaces with [TOC].
    So the text has no table and no "Taulukko:" caption. A table in a new seed, or one added to the text,
    fails here: then carry the seed's tables over and check them with _table_problems."""
    seed_lines = seed.splitlines()
    assert list(_tables(seed_lines)) == []
    contents = seed.partition("\n## Sisällys\n")[2].partition("\n## 1 Luku ")[0]
    entries = [line for line in contents.splitlines() if line]
    assert len(entries) == 7 + 22 + 7
    assert [line for line in seed_lines if "\t" in line] == entries
    assert list(_tables(md_body.splitlines())) == []
    assert "Taulukko:" not in md_body
    assert _table_problems(md_body) == []


def test_anchors_unique_and_well_formed(md_body):
    anchors = re.findall(r"\{#([^}\s]+)\}", md_body)
    assert anchors, "no anchors found"
    assert len(anchors) == len(set(anchors)), "duplicate anchors"
    for a in anchors:
        assert re.fullmatch(r"[a-z0-9-]+", a), a
    # Every heading carries an explicit anchor.
    for line in md_body.splitlines():
        if line.startswith("#"):
            assert re.search(r" \{#[a-z0-9-]+\}$", line), line


def test_appendices_listed(seed, md_body):
    seed_appendices = [(int(n), t) for n, t in SEED_APPENDIX.findall(seed)]
    assert [n for n, _ in seed_appendices] == list(range(1, 8))
    head, sep, tail = md_body.partition("\n## Liitteet {#liitteet}\n")
    assert sep, "Liitteet section missing"
    assert "§" not in tail, "Liitteet must come after § 22"
    assert MD_PARAGRAPH.findall(head)[-1][0] == "22"
    items = re.findall(r"^- Liite (\d)\. (.+?)\s*$", tail, re.M)
    assert [(int(n), t) for n, t in items] == seed_appendices
    assert APPENDIX_NOTE in _norm(tail)


def test_no_raw_html_except_reading_comments(md):
    comments = re.findall(r"<!--.*?-->", md, flags=re.S)
    assert all(c.startswith("<!-- reading: ") for c in comments)
    body = _strip_comments(md)
    assert not re.search(r"</?[A-Za-z][^>]*>", body), "raw HTML outside reading comments"


def test_renders_with_python_markdown(md):
    markdown = pytest.importorskip("markdown")
    html = markdown.markdown(md, extensions=["attr_list", "md_in_html", "tables", "toc"])
    assert html.count("<table>") == len(list(_tables(_strip_comments(md).splitlines())))
    for n in range(1, 23):
        assert f'id="pykala-{n}"' in html
    for n in range(1, 8):
        assert f'id="luku-{n}"' in html
    assert "{#" not in html, "attr_list did not consume an anchor"
    assert "**" not in _strip_comments(html), "unrendered bold markers"


@pytest.mark.parametrize("page", ["index.md", "linkitysohje.md"])
def test_links_to_a_paragraph_name_it_as_its_heading_does(md_body, page):
    """"[17 § Jättemaksun laskutus](…#pykala-17)": the words of the heading at that anchor."""
    headings = {int(n): f"{n} § {title}" for n, title, _ in MD_PARAGRAPH.findall(md_body)}
    text = (TEXT.parent / page).read_text(encoding="utf-8")
    links = re.findall(r"\[(\d+ § [^\]]+)\]\([^)#]*#pykala-(\d+)\)", text)
    assert links, page
    for words, number in links:
        assert words == headings[int(number)], (page, words)
