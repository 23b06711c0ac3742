"""Notes a lawyer can trust in print: each on the page of its call (read back page by page), calls side by side
kept apart, the source's hyphens in the text layer, over the samples and a note-heavy brief (tests/fixtures/notes)."""
from __future__ import annotations

import re
import shutil
import subprocess
import zipfile

import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURES, SAMPLES, TestProject, copy_project
from pypdf import PdfReader
from readback import calls_and_notes, misplaced, raw_weasyprint

from handouts.build import Options, build
from handouts.note_pages import misplaced_notes
from handouts.print_html import note_texts
from handouts.project import Project

pytestmark = pytest.mark.slow
HEAVY = "note-heavy"


@pytest.fixture(scope="module")
def heavy(tmp_path_factory):
    """The note-heavy brief, built once in every format."""
    project = TestProject(tmp_path_factory.mktemp("notes") / "project")
    shutil.copytree(FIXTURES / "notes" / HEAVY, project.root / "briefs" / HEAVY)
    summary = build(Project.at(project.root), Options())
    assert summary.built == [HEAVY], [p.render() for p in summary.problems]
    return project


def _pdf(root, slug):
    return root / "dist" / slug / f"{slug}.pdf"


def _web_notes(root, slug) -> int:
    page = BeautifulSoup((root / "dist" / slug / "index.html").read_text("utf-8"), "html.parser")
    return len(page.select("a.footnote-ref"))


def _is_call(tag) -> bool:
    """A note's call, or a citation made a note (a span holding the call)."""
    return "footnote-ref" in tag.get("class", []) or tag.select_one(".footnote-ref") is not None


def _text(path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


@pytest.mark.parametrize("slug", SAMPLES)
def test_every_note_of_every_sample_is_printed_once_on_the_page_of_its_call(samples, slug):
    assert misplaced(_pdf(samples, slug)) == []
    printed = [n for _calls, notes in calls_and_notes(_pdf(samples, slug)) for n in notes]
    assert len(printed) == _web_notes(samples, slug)


def test_every_note_of_the_heavy_brief_is_on_the_page_of_its_call(heavy):
    pages = calls_and_notes(_pdf(heavy.root, HEAVY))
    assert misplaced(_pdf(heavy.root, HEAVY)) == []
    assert sum(len(notes) for _calls, notes in pages) == _web_notes(heavy.root, HEAVY) == 54
    assert max(len(notes) for _calls, notes in pages) >= 15  # a page dense with notes


def test_weasyprint_alone_misplaces_the_backgrounders_notes_and_both_read_backs_say_so(tmp_path, monkeypatch):
    """The issue's PDF: without the pipeline's layout fix, note 7 is a page late and note 8 on no page."""
    root = copy_project(tmp_path / "project", ("rome-statute-in-us-case-law",))
    monkeypatch.setenv("HANDOUTS_RECORD", str(tmp_path / "record"))
    assert build(Project.at(root), Options(formats=("pdf",))).built == ["rome-statute-in-us-case-law"]
    raw = tmp_path / "raw.pdf"
    html = raw_weasyprint(tmp_path / "record", raw)
    assert [note.message() for note in misplaced_notes(raw.read_bytes(), note_texts(html))] == [
        "note 7 is printed on page 5, but its call is on page 4",
        "note 8 (called on page 4) is printed on no page of the PDF",
        "note 13 is printed on page 6, but its call is on page 5",
        "note 14 is printed on page 6, but its call is on page 5"]
    assert misplaced(raw) == [
        "page 4: calls [2, 3, 4, 5, 6, 7, 8], notes [2, 3, 4, 5, 6]",
        "page 5: calls [9, 10, 11, 12, 13, 14], notes [7, 9, 10, 11, 12]",
        "page 6: calls [15, 16, 17, 18, 19], notes [13, 14, 15, 16, 17, 18, 19]",
        "notes printed: [1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]"]
    assert misplaced_notes(_pdf(root, "rome-statute-in-us-case-law").read_bytes(), note_texts(html)) == []


def test_a_note_that_cannot_be_on_the_page_of_its_call_fails_the_build_naming_note_and_pages(project):
    text = "The Court acts only when national courts do not. " * 10
    project.brief("giant", f"---\ntitle: Giant\ndate: 2025-03-12\nkind: update\nsummary: A note taller than a page.\n"
                           f"---\n\n{text}\n\n{text} The call.[^big] {text}\n\n[^big]: GIANT {'A long note. ' * 900}\n")
    summary = build(Project.at(project.root), Options(formats=("pdf",)))
    assert summary.failed == {"giant": 1}
    (problem,) = [p for p in summary.problems if p.code == "pdf.note-page"]
    assert problem.render().split("\n")[0] == ("briefs/giant.md:12: error: note 1 is printed on page 3, but its call "
                                               "is on page 2 [pdf.note-page]")


def test_adjacent_calls_read_as_separate_numbers_in_every_format(heavy):
    text = _text(_pdf(heavy.root, HEAVY))
    assert "war crimes10,11 are" in text
    assert "one proposition.12,13,14 A note" in text
    assert "side by side.15,16" in text
    page = BeautifulSoup((heavy.root / "dist" / HEAVY / "index.html").read_text("utf-8"), "html.parser")
    with zipfile.ZipFile(heavy.root / "dist" / HEAVY / f"{HEAVY}.epub") as book:
        chapters = [BeautifulSoup(book.read(n), "html.parser") for n in book.namelist() if n.endswith(".xhtml")]
    for tree in [page, *chapters]:
        for separator in tree.select(".footnote-separator"):
            assert separator.get_text() == ","
            assert all(_is_call(tag) for tag in (separator.find_previous_sibling(), separator.find_next_sibling()))
    assert len(page.select(".footnote-separator")) == 4
    assert sum(len(tree.select(".footnote-separator")) for tree in chapters) == 4


def test_the_text_layer_keeps_hyphens_and_dashes_and_joins_hyphenated_words(heavy):
    pdf = _pdf(heavy.root, HEAVY)
    text = _text(pdf)
    assert text.count("Pub. L. No. 102-256") == 3 and "1:25-cv-03114" in text and "124–125" in text
    assert "\u2010" not in text
    broken = [(line, following) for page in PdfReader(pdf).pages
              for line, following in zip(page.extract_text().splitlines(), page.extract_text().splitlines()[1:])
              if re.search(r"[a-z]{2}-$", line) and re.match(r"[a-z]", following)]
    assert broken, "no word of the brief is hyphenated at a line end"
    plain = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    source = (heavy.root / "briefs" / HEAVY / "index.md").read_text("utf-8")
    for line, following in broken:
        word = re.search(r"(\w+)-$", line).group(1) + re.match(r"\w+", following).group(0)
        if re.search(rf"\b{word}\b", source):  # broken by hyphenation, not at a hyphen of the source
            assert re.search(rf"\b{word}\b", plain), word


def test_a_hyphen_at_a_line_end_no_longer_changes_the_hyphens_of_the_text(project):
    """The broken case: the fonts draw U+002D and U+2010 with one glyph, and the first use of a glyph names its
    character in the text layer. Without print.css's hyphenate-character, a word hyphenated at a line end before
    any hyphen of the text turns every later hyphen-minus into U+2010."""
    words = ("Congress considered the extraterritorial application of the statute, the exhaustion requirement, the "
             "limitation period and the immunities of foreign officials, and the committees explained the "
             "jurisdictional consequences of each. ")
    project.brief("hyphens", f"---\ntitle: Hyphens\ndate: 2025-03-12\nkind: update\nsummary: Hyphens.\n---\n\n"
                             f"{words * 5}\n\nThe Act is Pub. L. No. 102-256.\n")
    css = project.root / "layouts" / "base" / "print.css"
    texts = []
    for rules in (css.read_text("utf-8"), css.read_text("utf-8").replace('html { hyphenate-character: "-"; }', "")):
        css.write_text(rules, "utf-8")
        build(Project.at(project.root), Options(formats=("pdf",), force=True))
        texts.append(_text(_pdf(project.root, "hyphens")))
    assert "Pub. L. No. 102-256" in texts[0] and "\u2010" not in texts[0]
    assert "Pub. L. No. 102\u2010256" in texts[1]
