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
from readback import calls_and_notes, misplaced, page_holding, raw_weasyprint

from handouts.build.run import Options, build
from handouts.formats.note_pages import misplaced_notes
from handouts.formats.print_html import note_texts
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
    """The issue's PDF: without the pipeline's layout fix, notes are a page late or on no page (7 and 8); the
    build's check (on WeasyPrint's layout) and the reader's (the PDF read back) say the same, page by page. Pages
    are found by what they print, so that a layout change does not break the test while WeasyPrint still errs."""
    root = copy_project(tmp_path / "project", ("rome-statute-in-us-case-law",))
    monkeypatch.setenv("HANDOUTS_RECORD", str(tmp_path / "record"))
    assert build(Project.at(root), Options(formats=("pdf",))).built == ["rome-statute-in-us-case-law"]
    raw = tmp_path / "raw.pdf"
    # The issue's layout (text justified across the page, notes as wide, the caption under its figure, paragraphs
    # as far apart as before the tight layout saved the last page): at the measure of a column WeasyPrint happens
    # to place these notes well.
    issue = tmp_path / "issue.css"
    issue.write_text(".brief-body { margin-right: 0 } p { text-align: justify } @page { @footnote { margin-right: 0 } }"
                     " .brief-body figcaption { position: static; width: auto; margin: 5pt 0 0 }"
                     " .tight p { margin-bottom: 0.6em } .tight .references .csl-entry { margin-bottom: 4pt }")
    html, laid_out = raw_weasyprint(tmp_path / "record", raw, issue)
    wrong = misplaced_notes(laid_out, note_texts(html))
    assert any(note.note_page is None for note in wrong), "no note lost"
    assert any(note.note_page == note.call_page + 1 for note in wrong if note.note_page), "no note a page late"
    read = calls_and_notes(raw)
    for note in wrong:  # where the reader sees each call and note: the pages the layout says
        assert [n for n, (calls, _) in enumerate(read, start=1) if note.number in calls] == [note.call_page]
        assert [n for n, (_, notes) in enumerate(read, start=1) if note.number in notes] == \
            ([note.note_page] if note.note_page else []), note.message()
    late = {note.number for note in wrong}
    assert [line for line in misplaced(raw) if line.startswith("page ")] == [
        f"page {n}: calls {sorted(calls)}, notes {sorted(notes)}" for n, (calls, notes) in enumerate(read, start=1)
        if late & (set(calls) | set(notes))]
    assert misplaced(_pdf(root, "rome-statute-in-us-case-law")) == []  # the build's own PDF, read back


def test_a_note_that_cannot_be_on_the_page_of_its_call_fails_the_build_naming_note_and_pages(project):
    """Also when the brief forges the note's destination (an id of ours, with the note's words, on the call's page)."""
    text = "The Court acts only when national courts do not. " * 10
    note = "GIANT " + "A long note. " * 900
    forged = "[GIANT A long note. A long note.]{#handouts-note-1}"
    project.brief("giant", f"---\ntitle: Giant\ndate: 2025-03-12\nkind: update\nsummary: A note taller than a page.\n"
                           f"---\n\n{text}\n\n{text} The call.[^big] {forged} {text}\n\n[^big]: {note}\n")
    summary = build(Project.at(project.root), Options(formats=("pdf",)))
    assert summary.failed == {"giant": 1}
    (problem,) = [p for p in summary.problems if p.code == "pdf.note-page"]
    # A failed build writes no PDF to read the call's page from: the note is on the page after the call's.
    pages = re.fullmatch(r"briefs/giant\.md:10: error: note 1 is printed on page (\d+), but its call is on page (\d+) "
                         r"\[pdf\.note-page\]", problem.render().split("\n")[0])
    assert pages and int(pages.group(1)) == int(pages.group(2)) + 1, problem.render()


def test_word_hyphens_print_as_hyphen_minus_so_that_every_hyphen_is_found(project):
    """Pasted from Word: a non-breaking hyphen (U+2011) and a hyphen (U+2010) share the hyphen-minus's glyph; the
    first one drawn named the glyph in the text layer, so every hyphen of the text extracted as U+2011."""
    project.brief("word", "---\ntitle: Word\ndate: 2025-03-12\nkind: update\nsummary: Pasted.\n---\n\n"
                          "The Act (Pub.\u00a0L.\u00a0No.\u00a0102\u2011256) was amended by Pub. L. No. 102-257; "
                          "a well\u2010known case.[^1]\n\n[^1]: See 1:25\u2011cv\u201103114.\n")
    assert build(Project.at(project.root), Options(formats=("pdf",))).built == ["word"]
    text = _text(_pdf(project.root, "word"))
    # A line may end at a hyphen of the text ("102-" / "257"): read as one word.
    assert "No. 102-256) was amended by Pub. L. No. 102-257; a well-known case." in \
        text.replace("\u00a0", " ").replace("- ", "-")
    assert "1:25-cv-03114" in text and not {"\u2010", "\u2011"} & set(text)


def _bookmarks(path) -> list[str]:
    def flat(items):
        for item in items:
            yield from flat(item) if isinstance(item, list) else [item.title]

    return list(flat(PdfReader(path).outline))


def test_a_heading_that_calls_a_note_keeps_its_bookmark_and_running_header_free_of_the_call(heavy, samples):
    """WeasyPrint takes both from the heading's content, call numbers included ("Article 8: War crimes2,3")."""
    assert "Two statutes, one question" in _bookmarks(_pdf(heavy.root, HEAVY))
    heads = [page.extract_text().splitlines()[-2] for page in PdfReader(_pdf(heavy.root, HEAVY)).pages[1:]]
    assert any(head.endswith("Note-Heavy Test Brief Two statutes, one question") for head in heads), heads
    statute = _bookmarks(_pdf(samples, "rome-statute"))
    for title in ("Article 5: Crimes within the jurisdiction of the Court", "Article 8: War crimes",
                  "Article 8 bis: Crime of aggression", "Article 25: Individual criminal responsibility", "Article 124:"):
        assert title in statute
    assert "Article 8: War crimes2,3" not in statute and "Article 124: 10" not in statute
    # The contents leave the calls out, and the comma between them too ("Article 8: War crimes,").
    page = BeautifulSoup((samples / "dist" / "rome-statute" / "index.html").read_text("utf-8"), "html.parser")
    entries = [a.get_text() for a in page.select("nav.toc a") if a.get_text().startswith("Article 8:")]
    assert entries == ["Article 8: War crimes"]
    contents = next(text for text in (page.extract_text() for page in PdfReader(_pdf(samples, "rome-statute")).pages)
                    if "Contents" in text.splitlines())  # the page under that heading
    assert "Article 8: War crimes ." in contents and "War crimes," not in contents


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


# Citations -------------------------------------------------------------------------------------------------

AS_WRITTEN = ["Sosa v. Alvarez-Machain", "Kiobel v. Royal Dutch Petroleum Co.", "Filartiga v. Pena-Irala",
              "United States v. Alvarez-Machain", "The ICC and the Responsibility to Protect: A Guide for Policy Makers"]
SENTENCE_CASED = ["Alvarez-machain", "Royal dutch", "Pena-irala", "the responsibility to protect"]


def _web_note_texts(root, slug) -> dict[int, str]:
    page = BeautifulSoup((root / "dist" / slug / "index.html").read_text("utf-8"), "html.parser")
    for backlink in page.select("a.footnote-back"):
        backlink.decompose()
    return {n: " ".join(li.get_text().split()) for n, li in enumerate(page.select("section.footnotes li"), 1)}


def test_bibtex_case_names_print_as_written_in_every_format(heavy):
    dist = heavy.root / "dist" / HEAVY
    web = " ".join(_web_note_texts(heavy.root, HEAVY).values())
    with zipfile.ZipFile(dist / f"{HEAVY}.epub") as book:
        epub = " ".join(" ".join(BeautifulSoup(book.read(n), "html.parser").get_text().split())
                        for n in book.namelist() if n.endswith(".xhtml"))
    for text in (web, _text(dist / f"{HEAVY}.pdf"), epub):
        for name in AS_WRITTEN:
            assert name in text
        assert not [wrong for wrong in SENTENCE_CASED if wrong in text]


def test_pandoc_alone_would_sentence_case_the_bibtex_titles(heavy):
    """The broken case: the same BibTeX file read by pandoc without the titles braced."""
    from handouts.tools import pandoc_tool
    from handouts.load.bibliography import titles_as_written

    bibtex = (heavy.root / "briefs" / HEAVY / "references.bib").read_text("utf-8")
    plain = pandoc_tool.run(bibtex, ["--from=biblatex", "--to=csljson"], cwd=heavy.root).output
    braced = pandoc_tool.run(titles_as_written(bibtex), ["--from=biblatex", "--to=csljson"], cwd=heavy.root).output
    assert "Kiobel v. Royal dutch petroleum co." in plain and "Filartiga v. Pena-irala" in plain
    assert "Kiobel v. Royal Dutch Petroleum Co." in braced and "Filartiga v. Pena-Irala" in braced


def test_later_citations_take_the_legal_short_forms(heavy):
    notes = _web_note_texts(heavy.root, HEAVY)
    assert notes[6] == "Sosa v. Alvarez-Machain, 542 U.S. 692, 732 (2004)."  # first: full, with the pinpoint
    assert notes[7] == "Id."                                       # the same authority and page, alone before
    assert notes[8] == "United States v. Alvarez-Machain, 504 U.S. 655 (1992)."
    assert notes[9] == "Sosa, 542 U.S. at 738."                   # another authority between: short form
    assert notes[16] == "Kiobel v. Royal Dutch Petroleum Co., 569 U.S. 108, 124 (2013)."
    assert notes[32] == "Id. at 124–125."                          # the note before cites Kiobel alone
    assert notes[33] == "Rona v. Trump, No. 1:25-cv-03114 (S.D.N.Y. July 30, 2025)."
    assert notes[34] == "Id. at 4."
    assert notes[36] == "Rona, No. 1:25-cv-03114, at 5."           # a note without citations between: no Id.
    assert notes[37] == "Alvarez-Machain, 504 U.S. at 670."         # the government's party is not the name
    assert notes[38] == "Kiobel, 569 U.S. at 125."
    assert notes[41] == "Sosa, 542 U.S. 692; Kiobel, 569 U.S. 108."
    assert notes[42] == "Kiobel, 569 U.S. 108."                    # the note before cites two: no Id.
    assert "9. Sosa, 542 U.S. at 738." in _text(_pdf(heavy.root, HEAVY))


def test_csl_yaml_and_json_cases_get_short_forms_too(project):
    project.write("briefs/yaml/refs.yaml", "references:\n- id: sosa\n  type: legal_case\n  title: Sosa v. Alvarez-Machain\n"
                  "  container-title: U.S.\n  volume: '542'\n  page: '692'\n  issued: 2004-06-29\n")
    project.brief("yaml", "---\ntitle: Y\ndate: 2025-03-12\nkind: brief\nsummary: x\nbibliography: refs.yaml\n---\n\n"
                          "A[@sosa, p. 732]. B[^x]. C[@sosa, p. 733].\n\n[^x]: Text.\n", bundle=True)
    project.write("briefs/json/refs.json", '[{"id": "k", "type": "legal_case", "title": "Kiobel v. Royal Dutch '
                  'Petroleum Co.", "title-short": "Kiobel", "container-title": "U.S.", "volume": "569", "page": "108"}]')
    project.brief("json", "---\ntitle: J\ndate: 2025-03-12\nkind: brief\nsummary: x\nbibliography: refs.json\n---\n\n"
                          "A[@k]. B[^x]. C[@k, p. 124].\n\n[^x]: Text.\n", bundle=True)
    assert sorted(build(Project.at(project.root), Options(formats=("html",))).built) == ["json", "yaml"]
    assert list(_web_note_texts(project.root, "yaml").values()) == [
        "Sosa v. Alvarez-Machain, 542 U.S. 692, 732 (2004).", "Text.", "Sosa, 542 U.S. at 733."]
    assert list(_web_note_texts(project.root, "json").values()) == [
        "Kiobel v. Royal Dutch Petroleum Co., 569 U.S. 108.", "Text.", "Kiobel, 569 U.S. at 124."]


MISSING = ("---\ntitle: M\ndate: 2025-03-12\nkind: brief\nsummary: x\nbibliography: refs.json\n{status}---\n\n"
           "The Court held so.[@sosa2005, p. 732]\n")


@pytest.mark.parametrize("status, severity", [("", "error"), ("status: draft\n", "warning")])
def test_a_missing_citation_key_fails_a_published_brief_and_warns_in_a_draft(project, status, severity):
    project.brief("missing", MISSING.format(status=status), bundle=True)
    project.write("briefs/missing/refs.json", '[{"id": "sosa2004", "type": "legal_case", "title": "Sosa v. Alvarez-'
                                              'Machain"}, {"id": "kiobel2013", "type": "legal_case", "title": "K"}]')
    summary = build(Project.at(project.root), Options(formats=("html",), drafts=True))
    line = 10 if status else 9
    assert [p.render() for p in summary.problems if p.code == "cite.missing"] == [
        f"briefs/missing/index.md:{line}: {severity}: citation key 'sosa2005' not in refs.json [cite.missing]\n"
        f"  hint: did you mean 'sosa2004'? add an entry with id 'sosa2005' to refs.json, or correct the key"]
    assert (summary.failed == {"missing": 1}) == (severity == "error")
