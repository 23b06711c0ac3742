"""The print edition: page size, tagging, fonts, metadata, footnotes on their page, TOC numbers, fact sheets."""
from __future__ import annotations

import os
import re
import subprocess
import sys

import pikepdf
import pytest
from conftest import SAMPLES
from pypdf import PdfReader
from readback import page_holding, plain

from handouts.build.run import Options, build
from handouts.project import Project
from handouts.validators.pdf import check_pdf, structure

pytestmark = pytest.mark.slow


def pdf_of(root, slug) -> PdfReader:
    return PdfReader(root / "dist" / slug / f"{slug}.pdf")


def texts(reader: PdfReader) -> list[str]:
    return [page.extract_text() for page in reader.pages]


def runs(page) -> list[tuple[str, str, float, tuple]]:
    """The page's text as it is set: (text, font name, size in points, fill color) for each piece."""
    found, color = [], [()]

    def operator(op, args, cm, tm):
        if op in (b"g", b"rg", b"k"):
            color[0] = tuple(round(float(a), 3) for a in args)

    def text(string, cm, tm, font, size):
        if string.strip():
            found.append((string, str(font["/BaseFont"]) if font else "", round(size * tm[0] * cm[0], 1), color[0]))

    page.extract_text(visitor_operand_before=operator, visitor_text=text)
    return found


def fonts_of(reader: PdfReader) -> list[dict]:
    found = {}
    for page in reader.pages:
        resources = page.get("/Resources", {})
        for font in resources.get("/Font", {}).values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descendant = descendant.get_object()
                found[descendant["/BaseFont"]] = descendant.get("/FontDescriptor", {}).get_object() \
                    if descendant.get("/FontDescriptor") else {}
    return [{"name": name, **descriptor} for name, descriptor in found.items()]


@pytest.mark.parametrize("slug", SAMPLES)
def test_sample_pdf_is_tagged_titled_letter_and_embeds_its_fonts(samples, slug):
    reader = pdf_of(samples, slug)
    source = samples / "briefs" / (f"{slug}.md" if (samples / "briefs" / f"{slug}.md").exists() else f"{slug}/index.md")
    title = re.search(r'^title: "(.*)"$', source.read_text(), re.M).group(1)
    assert reader.metadata.title == title
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a pypdf BooleanObject)
    assert "/StructTreeRoot" in root
    lang = re.search(r"^lang: (\S+)$", source.read_text(), re.M)
    assert str(root["/Lang"]) == (lang.group(1) if lang else "en-US")  # the samples' translations: fr, ar
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    for page in reader.pages:
        assert [round(float(v)) for v in page.mediabox] == [0, 0, 612, 792]
    fonts = fonts_of(reader)
    assert fonts
    for font in fonts:
        assert any(key in font for key in ("/FontFile", "/FontFile2", "/FontFile3")), font["name"]
        assert re.match(r"/[A-Z]{6}\+(Source|Noto)", font["name"]), font["name"]


def test_metadata_comes_from_the_brief(samples):
    reader = pdf_of(samples, "a-case-for-conservatives")
    info = reader.metadata
    assert info.author == "Coalition Policy Staff"
    assert info.subject.startswith("The International Criminal Court defers")
    assert info["/Keywords"] == "us-policy, complementarity, national-security, rule-of-law"
    assert info["/CreationDate"].startswith("D:20250414")
    assert info["/ModDate"].startswith("D:20250908")


def title_lines(page) -> list[str]:
    """The lines set in the page's largest type (the title), top to bottom, by their baselines."""
    pieces = []

    def text(string, cm, tm, font, size):
        if string.strip():
            pieces.append((round(size * tm[0] * cm[0], 1), round(tm[5] * cm[3] + cm[5], 1), string))

    page.extract_text(visitor_text=text)
    largest = max(size for size, _y, _s in pieces)
    lines: dict[float, str] = {}
    for size, y, string in pieces:
        if size == largest:
            lines[y] = lines.get(y, "") + string
    return [" ".join(lines[y].split()) for y in sorted(lines, reverse=True)]


@pytest.mark.parametrize("slug", SAMPLES)
def test_no_title_ends_with_one_word_alone_on_its_last_line(samples, slug):
    """The backgrounder's cover set "The Rome Statute in U.S. Case / Law"."""
    lines = title_lines(pdf_of(samples, slug).pages[0])
    assert len(lines[-1].split()) >= 2, lines


def test_the_fact_sheets_foot_repeats_neither_the_organization_nor_a_page_count_of_one(samples):
    """The masthead and the colophon name the organization; "Page 1 of 1" says nothing."""
    (page,) = texts(pdf_of(samples, "icc-at-a-glance"))
    assert page.count("U.S. Coalition for the International Criminal Court") == 2, page
    assert "Page 1" not in page


def test_page_numbers_after_the_cover_and_running_title(samples):
    pages = texts(pdf_of(samples, "a-case-for-conservatives"))
    assert "Page 1 of" not in pages[0]
    for number, text in enumerate(pages[1:], start=2):
        assert f"Page {number} of {len(pages)}" in text
        assert "A Case for Conservatives" in text


def test_toc_page_numbers_match_the_headings(samples):
    reader = pdf_of(samples, "rome-statute")  # the only sample long enough for a contents page in print
    pages = texts(reader)
    contents = next(text for text in pages if "Contents" in text.splitlines())  # the page under that heading
    toc = {m.group(1).strip(): int(m.group(2))
           for m in re.finditer(r"^(\S.*?)[ .]{3,}(\d+)\s*$", contents, re.M)}
    assert len(toc) >= 10
    outline = {item.title: reader.get_destination_page_number(item) + 1
               for item in _flatten(reader.outline)}
    for title, number in toc.items():
        assert outline[title] == number, title
        assert plain(title) in plain(pages[number - 1]), title  # a heading may take two lines of the column


def _flatten(outline):
    for item in outline:
        if isinstance(item, list):
            yield from _flatten(item)
        else:
            yield item


def test_every_footnote_is_on_the_page_of_its_call(project):
    paragraph = ("The Court acts only when national courts do not. " * 14).strip()
    body = "\n\n".join(f"## Section {n}\n\n{paragraph} CALL{n:02d} marks the place.[^n{n}] {paragraph}"
                       if n % 3 else f"{paragraph} CALL{n:02d} is here.[^n{n}] Two notes close together "
                                     f"CALL{n:02d}b too.[^m{n}]"
                       for n in range(1, 16))
    notes = "\n\n".join(f"[^n{n}]: NOTE{n:02d} {'A longer note that takes a line or two. ' * (n % 4)}"
                        + (f"\n\n[^m{n}]: NOTE{n:02d}b short." if n % 3 == 0 else "") for n in range(1, 16))
    project.brief("notes", f"---\ntitle: Notes\ndate: 2025-03-12\nkind: update\nsummary: Many notes.\n---\n\n"
                           f"{body}\n\n{notes}\n")
    summary = build(Project.at(project.root), Options(formats=("pdf",)))
    assert summary.built == ["notes"]
    pages = texts(pdf_of(project.root, "notes"))
    assert len(pages) >= 5
    # A marker hyphenated at a line end ("CAL-" / "L09b") is read whole.
    calls = [(m, p) for p, text in enumerate(pages) for m in re.findall(r"CALL(\d\db?)", text.replace("-\n", ""))]
    assert len(calls) == 20
    for mark, page in calls:
        assert f"NOTE{mark}" in pages[page], f"note {mark} is not on page {page + 1}, where it is called"
    assert not any(re.search(r"^\d+\.?\s*$", line) for text in pages for line in text.splitlines()), \
        "a stray footnote number"


def test_fact_sheet_is_one_page(samples):
    assert len(pdf_of(samples, "icc-at-a-glance").pages) == 1


def test_back_matter_has_qr_code_license_and_link(samples):
    last = texts(pdf_of(samples, "icc-at-a-glance"))[-1]
    assert "License: CC BY 4.0" in last
    assert "handouts.example.org/icc-at-a-glance/" in last


def test_a4_paper_and_arabic_text(project):
    project.brief("arabic", "---\ntitle: Arabic\ndate: 2025-03-12\nkind: update\nsummary: RTL.\npaper: a4\n"
                            "lang: fr\n---\n\nUn texte français.\n\n::: {lang=ar dir=rtl}\nالمحكمة الجنائية الدولية\n:::\n")
    summary = build(Project.at(project.root), Options(formats=("pdf",)))
    assert summary.built == ["arabic"]
    reader = pdf_of(project.root, "arabic")
    assert [round(float(v)) for v in reader.pages[0].mediabox] == [0, 0, 595, 842]
    assert str(reader.trailer["/Root"]["/Lang"]) == "fr"
    assert "المحكمة الجنائية الدولية" in reader.pages[0].extract_text()
    assert any("NotoNaskhArabic" in f["name"] or "Noto-Naskh" in f["name"] for f in fonts_of(reader))


def test_passages_in_another_language_carry_it_in_the_structure_tree(project):
    project.brief("parts", "---\ntitle: Parts\ndate: 2025-03-12\nkind: update\nsummary: Languages.\n---\n\n"
                           "The court is the [Cour pénale internationale]{lang=fr} in French.\n\n"
                           "::: {lang=ar dir=rtl}\nالمحكمة الجنائية الدولية\n\nنص ثان\n:::\n")
    build(Project.at(project.root), Options(formats=("pdf", "html")))
    path = project.root / "dist" / "parts" / "parts.pdf"
    with pikepdf.open(path) as pdf:
        marked = [(str(element.S), str(element.Lang)) for element in structure(pdf) if "/Lang" in element]
        assert str(pdf.Root.Lang) == "en-US"
        assert marked == [("/Span", "fr"), ("/Div", "ar")]
        assert check_pdf(path, "parts.pdf") == []
        for element in structure(pdf):  # the PDF WeasyPrint alone would write
            if "/Lang" in element:
                del element["/Lang"]
        pdf.save(path.with_name("unmarked.pdf"))
    assert {(r.rule, r.message) for r in check_pdf(path.with_name("unmarked.pdf"), "unmarked.pdf")} == {
        ("pdf.lang-parts", f"passages in '{lang}' (marked so in the web edition) carry no /Lang in the PDF's "
                           "structure tree") for lang in ("ar", "fr")}


def test_characters_no_brand_font_has_are_an_error(project):
    project.brief("cjk", "---\ntitle: CJK\ndate: 2025-03-12\nkind: update\nsummary: Glyphs.\n---\n\n國際刑事法院\n")
    summary = build(Project.at(project.root), Options(formats=("pdf",)))
    assert summary.failed == {"cjk": 1}
    assert ("briefs/cjk.md:7: error: characters that no brand font has: U+4E8B (事), U+5211 (刑), U+570B (國), "
            "U+6CD5 (法), U+9662 (院), U+969B (際) [pdf.glyph]") in [p.render().split("\n")[0] for p in summary.problems]


def test_pdf_bytes_do_not_depend_on_time_zone(project):
    project.brief("same", "---\ntitle: Same\ndate: 2025-03-12\nkind: brief\nsummary: Same bytes.\n---\n\n## A\n\nText.[^1]\n\n"
                          "[^1]: Note.\n")
    outputs = []
    for zone in ("UTC", "America/Los_Angeles"):
        env = {**os.environ, "TZ": zone}
        subprocess.run([sys.executable, "-m", "handouts.cli", "--root", str(project.root), "build", "--force",
                        "--formats", "pdf"], check=True, env=env, capture_output=True)
        outputs.append((project.root / "dist" / "same" / "same.pdf").read_bytes())
    assert outputs[0] == outputs[1]


def test_long_table_breaks_across_pages_with_its_header_repeated(project):
    rows = "\n".join(f"| Article {n} | Provision number {n} of the Statute, described at some length. |"
                     for n in range(1, 121))
    project.brief("table", f"---\ntitle: Table\ndate: 2025-03-12\nkind: update\nsummary: A long table.\n---\n\n"
                           f"| Article | Provision |\n|---|---|\n{rows}\n\n: The articles\n")
    summary = build(Project.at(project.root), Options(formats=("pdf",)))
    assert summary.built == ["table"]
    pages = texts(pdf_of(project.root, "table"))
    with_rows = [text for text in pages if "Provision number" in text]
    assert len(with_rows) >= 3
    for text in with_rows:
        assert re.search(r"^Article\s*Provision\s*$", text, re.M), "the header row is not repeated"
    assert sum(text.count("Provision number") for text in pages) == 120


def test_a_fact_sheet_over_two_pages_is_a_warning_naming_it(project):
    paragraphs = "\n\n".join("The Court acts only when national courts do not. " * 12 for _ in range(30))
    project.brief("long-sheet", f"---\ntitle: Long\ndate: 2025-03-12\nkind: factsheet\nsummary: Too long.\n---\n\n"
                                f"{paragraphs}\n")
    summary = build(Project.at(project.root), Options(formats=("pdf",)))
    assert summary.built == ["long-sheet"]
    warning = next(p for p in summary.problems if p.code == "pdf.factsheet-length")
    assert re.match(r"fact sheet 'long-sheet' is \d+ pages; it should fit one sheet \(2 pages at most\)$",
                    warning.message)


@pytest.mark.parametrize("slug", ["a-case-for-conservatives", "ukraine-joins-the-court", "rome-statute"])
def test_sample_footnotes_are_on_the_page_of_their_call(samples, slug):
    source = (samples / "briefs" / f"{slug}.md").read_text("utf-8")
    notes = dict(re.findall(r"^\[\^([^\]]+)\]: (.+)$", source, re.M))
    pages = [plain(text) for text in texts(pdf_of(samples, slug))]
    for label, note in notes.items():
        call = re.search(rf"(\w+)\W*(?:\[\^[^\]]+\]\W*)*\[\^{re.escape(label)}\]", source)
        note_pages = [n for n, text in enumerate(pages) if plain(re.sub(r"[*_]", "", note))[:60] in text]
        assert note_pages, f"note {label} not found"
        # Two notes may have the same text: one of the pages that show it has the call.
        assert any(plain(call.group(1)) in pages[n] for n in note_pages), f"note {label} is not on its call's page"


def test_no_line_stops_after_one_word_mid_paragraph(samples):
    """A WeasyPrint measuring quirk once set 'took' alone on a line of the backgrounder (see print.css)."""
    pages = texts(pdf_of(samples, "rome-statute-in-us-case-law"))
    assert not [line for text in pages for line in text.splitlines() if line.strip() == "took"]


def test_a_note_called_from_a_heading_is_set_like_every_other_note(samples):
    """The Statute's Article 124 note is called from the heading: the note must not take the heading's style."""
    reader = pdf_of(samples, "rome-statute")
    page = next(page for page in reader.pages if "Article 124 was deleted" in page.extract_text())
    pieces = runs(page)
    body = next(piece for piece in pieces if piece[2] == 10.5 and "Serif" in piece[1])  # the articles' text
    note = [piece for piece in pieces if "deleted by resolution" in piece[0] or "Treaty Section" in piece[0]]
    assert note
    for text, font, size, color in note:
        assert re.search(r"\+Source-Serif-4,?$", font), f"{text!r} is in {font}, not the text's regular serif"
        assert (size, color) == (8.0, body[3]), text


def test_note_calls_are_sized_against_the_text_and_markers_stay_readable(samples):
    reader = pdf_of(samples, "a-case-for-conservatives")
    page = page_holding(texts(reader), "1. Rome Statute of the International Criminal Court, art. 1 and preamble")
    pieces = runs(reader.pages[page])
    calls = [size for text, _font, size, _color in pieces if re.fullmatch(r"\d+", text.strip())]
    markers = [size for text, _font, size, _color in pieces if re.fullmatch(r"\d+\. ?", text)]
    assert len(calls) == len(markers) >= 1
    assert all(6.5 <= size <= 7.5 for size in calls), calls  # about 2/3 of the 10.5pt text
    assert markers == [8.0] * len(markers)


def test_a_tall_figure_shares_a_half_full_page_instead_of_leaving_it(samples, project):
    """WeasyPrint cannot float a figure to the next page while the text goes on: a figure taller than what is
    left moves whole and leaves the rest of its page blank. Capped at half the type area, it fits."""
    backgrounder = texts(pdf_of(samples, "rome-statute-in-us-case-law"))
    # On the page of its section's last words (the Overview's), not moved on alone with the rest left blank.
    assert page_holding(backgrounder, "Figure 1. Key dates") == page_holding(
        backgrounder, "not as rulings that the Court's jurisdiction extends to the United States")
    project.write("briefs/tall/figures/tall.svg", '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="900">'
                                                  '<rect width="600" height="900" fill="#1f3a5f"/></svg>')
    text = "\n\n".join(["The Court acts only when national courts do not. " * 6] * 2)  # half the page, with the key points
    project.brief("tall", f"---\ntitle: Tall\ndate: 2025-03-12\nkind: update\nsummary: A tall figure.\n---\n\n"
                          f"{text}\n\n![A tall figure CAPTION](figures/tall.svg)\n\nAfter the figure.\n", bundle=True)
    summary = build(Project.at(project.root), Options(formats=("pdf",)))
    assert summary.built == ["tall"]
    pages = texts(pdf_of(project.root, "tall"))
    assert "CAPTION" in pages[0]


def test_the_back_matter_never_has_the_last_page_to_itself(project):
    """Briefs one line longer each: at some length the back matter no longer fits after the text."""
    for lines in range(16, 34):
        body = "\n\n".join(f"Paragraph {n} of the text." for n in range(1, lines + 1))
        project.brief(f"end-{lines}", f"---\ntitle: End\ndate: 2025-03-12\nkind: update\nsummary: Ends.\n---\n\n{body}\n")
    summary = build(Project.at(project.root), Options(formats=("pdf",)))
    assert len(summary.built) == 18
    counts = set()
    for lines in range(16, 34):
        pages = texts(pdf_of(project.root, f"end-{lines}"))
        counts.add(len(pages))
        assert "Read online" in pages[-1] and "of the text." in pages[-1], f"{lines} lines: the back matter is alone"
    assert counts == {1, 2}


def test_an_update_has_no_running_header_on_its_first_page_and_no_section_pushed_alone(samples):
    pages = texts(pdf_of(samples, "ukraine-joins-the-court"))
    title = "Ukraine Becomes the 125th State Party"
    assert pages[0].count(title) == 1, "the running header repeats the title block"
    assert "What happened\n" not in pages[0].split(title)[0], "a running section name above the title block"
    for text in pages[1:]:
        assert title in text, "a later page's running header"
    # The last section starts under its heading: the heading is not left alone at the foot of a page.
    heading = page_holding(pages, "Why it matters for the United States")
    assert "Why it matters for the United States\nWashington has supported" in pages[heading]


def test_a_license_given_as_a_url_prints_by_name_and_links_to_it(samples):
    """The Rome Statute's license is https://creativecommons.org/licenses/by/4.0/; the back matter says CC BY 4.0."""
    reader = pdf_of(samples, "rome-statute")
    last = reader.pages[-1]
    assert "License: CC BY 4.0" in last.extract_text()
    assert "creativecommons.org" not in last.extract_text()
    links = [annotation.get_object()["/A"].get("/URI") for annotation in last.get("/Annots", [])]
    assert "https://creativecommons.org/licenses/by/4.0/" in links
    html = (samples / "dist" / "rome-statute" / "index.html").read_text("utf-8")
    assert 'License: <a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>' in html


def test_rome_statute_paragraphs_print_their_numbers_and_parentheses(samples):
    """Article 36 as the treaty numbers it: "3. (a) ... (b) ... (i) ... (ii) ... (c)", paragraphs from 1 to 10."""
    reader = pdf_of(samples, "rome-statute")
    # The pages from the article's to the next one's: their bookmarks' (the contents pages name them too).
    first, last = (next(reader.get_destination_page_number(item) for item in _flatten(reader.outline)
                        if item.title.startswith(title)) for title in ("Article 36: Qualifications", "Article 37:"))
    # Layout mode reads each marker with its line (the plain mode lists a page's markers apart).
    layout = " ".join(reader.pages[n].extract_text(extraction_mode="layout") for n in range(first, last + 1))
    layout = re.sub(r"\s+", " ", layout)
    article = layout[layout.index("Article 36: Qualifications"):layout.index("Article 37:")]
    order = ["1. Subject to the provisions of paragraph 2", "2. (a) The Presidency", "(b) Any such proposal",
             "(c) (i) Once a proposal", "(ii) Once a proposal", "3. (a) The judges shall be chosen",
             "(b) Every candidate for election to the Court shall:", "(i) Have established competence",
             "(ii) Have established competence", "(c) Every candidate", "4. (a) Nominations",
             "(i) By the procedure", "(ii) By the procedure", "(b) Each State Party", "5. For the purposes",
             "6. (a) The judges shall be elected", "8. (a) The States Parties", "(iii) A fair representation",
             "9. (a) Subject to subparagraph (b)", "(c) A judge who is selected", "10. Notwithstanding paragraph 9"]
    positions = [article.find(words) for words in order]
    assert -1 not in positions, [words for words, at in zip(order, positions) if at == -1]
    assert positions == sorted(positions)
    assert "•" not in article and "1. 1." not in article and "a. The" not in article


# A border WeasyPrint draws as a fill between two rectangles: the outer one and the one inside the border.
BORDER = re.compile(rb"([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) re\n([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) re\nf\*")


def test_a_right_to_left_quotation_prints_its_bar_on_the_right_and_upright(project):
    from test_build import QUOTES

    project.brief("quotes", QUOTES)
    build(Project.at(project.root), Options(formats=("pdf",)))
    page = pdf_of(project.root, "quotes").pages[0]
    bars = []
    for match in BORDER.finditer(page.get_contents().get_data()):
        x1, y1, w1, h1, x2, y2, w2, h2 = map(float, match.groups())
        if abs(h1 - h2) < 0.01 and abs(w1 - w2) > 0.5:  # a bar at one side: same height, other width
            bars.append("right" if abs(x1 - x2) < 0.01 else "left")
    assert bars == ["left", "left", "right", "right"], bars  # the key points panel (its summary), then the quotes
    quoted = [(text, font) for text, font, _size, _color in runs(page) if re.search("[\u0590-\u06ff]", text)]
    assert quoted and all("Italic" not in font for _text, font in quoted), quoted


def test_a_tables_heading_and_caption_stay_with_its_first_rows_near_a_page_end(project):
    para = ("The Court may exercise its jurisdiction over persons for the most serious crimes of international "
            "concern, and it shall be complementary to national criminal jurisdictions. ") * 3
    rows = "\n".join(f"| Article {n} | Provision {n} of the Statute, described at some length here. |" for n in range(1, 13))
    # Two paragraphs (and the key points panel) and then more and more padding: the table's start moves over the end
    # of page 1.
    slugs = [f"near-{j}" for j in range(3, 10)]
    for j, slug in zip(range(3, 10), slugs):
        body = "\n\n".join([para] * 2) + "\n\n" + "Padding line here. " * (j * 4)
        project.brief(slug, f"---\ntitle: Near {j}\ndate: 2025-03-12\nkind: update\nsummary: A table near a page end.\n"
                            f"---\n\n{body}\n\n## The articles\n\n| Article | Provision |\n|---|---|\n{rows}\n\n"
                            ": Articles of the Statute\n")
    build(Project.at(project.root), Options(formats=("pdf",)))
    starts = []
    for slug in slugs:
        pages = texts(pdf_of(project.root, slug))
        first = lambda needle: min(n for n, text in enumerate(pages) if needle in text)  # noqa: E731
        heading, caption, row = first("The articles"), first("Articles of the Statute"), first("Provision 1 of")
        assert heading == caption == row, (slug, heading, caption, row)
        assert re.search(r"^Article\s*Provision\s*$", pages[row], re.M), "the header row is not with the first row"
        starts.append(row)
    assert starts[0] < starts[-1], starts  # the paddings did move the table over the page end


def pdftotext_pages(path) -> list[str]:
    result = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return result.stdout.split("\f")[:-1]


@pytest.mark.parametrize("slug", ["a-case-for-conservatives", "rome-statute-in-us-case-law"])
def test_the_running_head_names_the_section_the_page_is_in(samples, slug):
    """Not the first heading that starts on the page: Conservatives p. 6 is still in "Protecting Americans"."""
    from bs4 import BeautifulSoup

    web = BeautifulSoup((samples / "dist" / slug / "index.html").read_text("utf-8"), "html.parser")
    sections = [" ".join(h.get_text().split()) for h in web.select("main .brief-body h2")]
    in_force, checked = None, 0
    for page in pdftotext_pages(samples / "dist" / slug / f"{slug}.pdf"):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        head = re.split(r"\s{2,}", lines[0])[-1] if len(re.split(r"\s{2,}", lines[0])) == 2 else None
        body = " ".join(" ".join(lines[1:]).split())
        starting = [s for s in sections if s in body]
        if head and in_force and head in sections:
            opens_with_one = any(body.startswith(s) for s in starting)
            assert head == (starting[0] if opens_with_one else in_force), (head, in_force, starting)
            checked += 1
        if starting:
            in_force = max(starting, key=body.rfind)  # the last to start on the page
    assert checked >= 3
