"""The DOCX edition read back by real readers (LibreOffice, python-docx), from briefs written as people write them."""
from __future__ import annotations

# LibreOffice opens every sample's DOCX (to PDF and to ODT), python-docx reads its styles, properties
# and notes; each check is shown to fail on a broken document.

import http.server
import io
import json
import shutil
import subprocess
import threading
import zipfile
from pathlib import Path

import docx
import pytest
from bs4 import BeautifulSoup
from lxml import etree

from conftest import SAMPLES, TestProject, page_of
from handouts.build.run import Options, build
from handouts.formats import RENDERERS
from handouts.load.brand import load_brand
from handouts.load.brief import load_brief
from handouts.load.discover import discover
from handouts.project import Project
from handouts.tools import pandoc_tool, wordml

pytestmark = pytest.mark.slow
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W, "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
      "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
      "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
      "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}
SOFFICE_TIMEOUT = 300


# -- readers -----------------------------------------------------------------------------------

def part(data: bytes, name: str):
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read(name), etree.XMLParser(resolve_entities=False, no_network=True))


def libreoffice(files: list[Path], target: str, out: Path) -> dict[str, Path]:
    """Every file converted by one LibreOffice run (headless, its own profile): stem -> converted file."""
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is missing: apt-get install libreoffice-writer-nogui (invoke test does it)"
    out.mkdir(parents=True, exist_ok=True)
    profile = (out / "profile").as_uri()
    done = subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", target,
                           "--outdir", str(out), *map(str, files)], capture_output=True, text=True,
                          timeout=SOFFICE_TIMEOUT)
    assert done.returncode == 0, done.stdout + done.stderr
    return {f.stem: out / f"{f.stem}.{target}" for f in files}


def pdf_text(path: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    done = subprocess.run(["pdftotext", *pages, str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(done.stdout.split())


def odt_notes(path: Path) -> int:
    """The footnotes LibreOffice read from the DOCX, as its own document holds them."""
    with zipfile.ZipFile(path) as package:
        content = etree.fromstring(package.read("content.xml"), etree.XMLParser(resolve_entities=False))
    return len(content.findall(".//text:note[@text:note-class='footnote']", NS))


def web_notes(html: Path) -> int:
    """The notes of the brief as its web edition numbers them (its own and those citeproc made)."""
    soup = BeautifulSoup(html.read_text("utf-8"), "html.parser")
    section = soup.find(id="footnotes")
    return len(section.find("ol").find_all("li", recursive=False)) if section else 0


# -- checks, each a list of what is wrong (tests below show each failing on a broken document) ---------

def note_problems(data: bytes, expected: int) -> list[str]:
    notes = [n for n in part(data, "word/footnotes.xml").findall("w:footnote", NS) if int(n.get(f"{{{W}}}id")) > 0]
    calls = part(data, "word/document.xml").findall(".//w:footnoteReference", NS)
    found = {"notes": len(notes), "calls": len(calls)}
    return [f"{what}: {count}, expected {expected}" for what, count in found.items() if count != expected]


def header_row_problems(data: bytes) -> list[str]:
    """Tables whose first row does not repeat on each page."""
    tables = part(data, "word/document.xml").findall(".//w:tbl", NS)
    problems = [f"table {n} has no repeating header row" for n, table in enumerate(tables, 1)
                if table.find("w:tr/w:trPr/w:tblHeader", NS) is None]
    rows = [row for table in tables for row in table.findall("w:tr", NS)]
    return problems + [f"{len(split)} rows may break across pages"
                       for split in [[r for r in rows if r.find("w:trPr/w:cantSplit", NS) is None]] if split]


def alt_text_problems(data: bytes) -> list[str]:
    """Pictures without a description, or whose description is not their alt text."""
    problems = []
    for drawing in part(data, "word/document.xml").iterfind(".//wp:inline", NS):
        alt = drawing.find("wp:docPr", NS).get("descr", "")
        own = {p.get("descr", "") for p in drawing.iterfind(".//pic:cNvPr", NS)}
        if not alt.strip() or own != {alt}:
            problems.append(f"picture described as {alt!r} and {sorted(own)!r}")
    return problems


def lang_problems(data: bytes, text: str, lang: str) -> list[str]:
    """Runs holding `text` that are not marked as `lang`."""
    problems = []
    for run in part(data, "word/document.xml").iterfind(".//w:r", NS):
        words = "".join(t.text or "" for t in run.findall("w:t", NS))
        marked = run.find("w:rPr/w:lang", NS)
        if text in words and (marked is None or marked.get(f"{{{W}}}val") != lang):
            problems.append(f"{words!r} is not marked {lang}")
    return problems if problems or text in _all_text(data) else [f"{text!r} is not in the document"]


def _all_text(data: bytes) -> str:
    return "".join(t.text or "" for t in part(data, "word/document.xml").iterfind(".//w:t", NS))


def property_problems(data: bytes, title: str, author: str, lang: str, keywords: list[str]) -> list[str]:
    properties = docx.Document(io.BytesIO(data)).core_properties
    wanted = {"title": title, "author": author, "language": lang, "keywords": ", ".join(keywords)}
    problems = [f"{key}: {getattr(properties, key)!r}, expected {value!r}" for key, value in wanted.items()
                if getattr(properties, key) != value]
    return problems + ([] if properties.subject else ["no subject"])


def brand_style_problems(data: bytes, brand) -> list[str]:
    """The brand's fonts and colors where the styles should have them, as python-docx reads them."""
    document = docx.Document(io.BytesIO(data))
    styles = {style.style_id: style for style in document.styles}
    headings_family, base_family = brand.stacks["headings"][0], brand.stacks["base"][0]
    primary = brand.typography["headings"]["color"].lstrip("#").upper()
    found = {"Title font": (styles["Title"].font.name, headings_family),
             "Heading 1 font": (styles["Heading1"].font.name, headings_family),
             "Heading 1 color": (str(styles["Heading1"].font.color.rgb), primary),
             "header": (" ".join(p.text for p in document.sections[0].header.paragraphs).strip(), brand.name_short)}
    defaults = document.styles.element.find(f"{{{W}}}docDefaults/{{{W}}}rPrDefault/{{{W}}}rPr/{{{W}}}rFonts")
    found["text font"] = (None if defaults is None else defaults.get(f"{{{W}}}ascii"), base_family)
    problems = [f"{what}: {got!r}, expected {want!r}" for what, (got, want) in found.items() if got != want]
    quotation = styles["BlockText"].element.find(f"{{{W}}}pPr/{{{W}}}pBdr/{{{W}}}left")
    if quotation is None or quotation.get(f"{{{W}}}color") != brand.colors["tertiary"].lstrip("#").upper():
        problems.append("quotations have no rule in the accent color")
    footer = document.sections[0].footer._element
    if not [f for f in footer.iter(f"{{{W}}}fldSimple") if f.get(f"{{{W}}}instr", "").strip() == "PAGE"]:
        problems.append("the footer has no page number")
    return problems


def order_problems(data: bytes) -> list[str]:
    """Elements whose children are out of the schema's order, in every XML part (Word refuses such a file)."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = [n for n in package.namelist() if n.endswith(".xml")]
    return [f"{name}: {problem}" for name in names for problem in wordml.out_of_order(part(data, name))]


def embedded_fonts(data: bytes) -> set[str]:
    table = part(data, "word/fontTable.xml")
    return {font.get(f"{{{W}}}name") for font in table.findall("w:font", NS)
            if font.find("w:embedRegular", NS) is not None}


def with_part(data: bytes, name: str, edit) -> bytes:
    """The package with one XML part edited (the broken documents the checks must catch)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.namelist():
            content = source.read(item)
            if item == name:
                root = etree.fromstring(content)
                edit(root)
                content = etree.tostring(root)
            target.writestr(item, content)
    return out.getvalue()


def remove_all(path: str):
    def edit(root):
        for element in root.findall(path, NS):
            element.getparent().remove(element)
    return edit


# -- the samples, opened by LibreOffice --------------------------------------------------------

BROKEN = "broken"  # a sample's DOCX without its title, one note and its embedded fonts, converted with the others


def broken_copy(data: bytes) -> bytes:
    def title_and_a_call(root):
        remove_all(".//w:pStyle[@w:val='Title']/../..")(root)
        call = root.find(".//w:footnoteReference/..", NS)
        call.getparent().remove(call)
    def embedding(root):
        for face in ("Regular", "Bold", "Italic", "BoldItalic"):
            remove_all(f".//w:embed{face}")(root)
    without = with_part(data, "word/document.xml", title_and_a_call)
    return with_part(without, "word/fontTable.xml", embedding)


@pytest.fixture(scope="module")
def opened(samples, tmp_path_factory):
    """Every sample's DOCX, and the broken copy, converted by LibreOffice to PDF and to its own ODT (where
    the notes it read are counted): two runs of LibreOffice for all of them."""
    out = tmp_path_factory.mktemp("libreoffice")
    broken = out / f"{BROKEN}.docx"
    broken.write_bytes(broken_copy((samples / "dist" / "a-case-for-conservatives" /
                                    "a-case-for-conservatives.docx").read_bytes()))
    # The broken copy first: LibreOffice keeps the fonts a document embeds for the rest of its run.
    files = [broken] + [samples / "dist" / slug / f"{slug}.docx" for slug in SAMPLES]
    return libreoffice(files, "pdf", out / "pdf"), libreoffice(files, "odt", out / "odt")


def sample_brief(samples: Path, slug: str):
    project = Project.at(samples)
    brand, _ = load_brand(project)
    source = next(s for s in discover(project)[0] if s.slug == slug)
    return load_brief(source, project, brand.defaults)[0], brand


@pytest.mark.parametrize("slug", SAMPLES)
def test_libreoffice_opens_every_sample_with_its_title_on_page_one_and_every_note(samples, opened, slug):
    pdfs, odts = opened
    brief, _brand = sample_brief(samples, slug)
    assert brief.title in pdf_text(pdfs[slug], page=1)
    expected = web_notes(samples / "dist" / slug / "index.html")
    data = (samples / "dist" / slug / f"{slug}.docx").read_bytes()
    assert note_problems(data, expected) == []
    assert odt_notes(odts[slug]) == expected
    if slug == "a-case-for-conservatives":
        assert expected == 9  # the count compared is not an empty one


@pytest.mark.parametrize("slug", SAMPLES)
def test_every_sample_has_the_brands_styles_properties_tables_and_alt_text(samples, slug):
    brief, brand = sample_brief(samples, slug)
    data = (samples / "dist" / slug / f"{slug}.docx").read_bytes()
    assert brand_style_problems(data, brand) == []
    authors = "; ".join(a.name for a in brief.authors) or brand.name_full
    assert property_problems(data, brief.title, authors, brief.lang, list(brief.topics)) == []
    assert header_row_problems(data) == []
    assert alt_text_problems(data) == []
    assert {"Source Serif 4", "Source Sans 3"} <= embedded_fonts(data)
    assert order_problems(data) == []


def pdf_fonts(path: Path) -> str:
    return subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout


def test_libreoffice_sets_the_sample_in_the_embedded_brand_fonts(opened):
    """The machine has no Source Serif 4 installed: LibreOffice can only use it from the DOCX (this sample is the
    first it converts after the broken copy, which embeds none)."""
    pdfs, _odts = opened
    fonts = pdf_fonts(pdfs["a-case-for-conservatives"])
    assert "SourceSerif4" in fonts and "SourceSans3" in fonts, fonts


def test_the_libreoffice_checks_fail_on_a_broken_docx(opened):
    """Without its title, one note call and its fonts' embedding, LibreOffice's reading shows each."""
    pdfs, odts = opened
    assert "A Case for Conservatives" not in pdf_text(pdfs[BROKEN], page=1)
    assert odt_notes(odts[BROKEN]) == 8
    assert "SourceSerif4" not in pdf_fonts(pdfs[BROKEN])


def test_the_samples_tables_and_figures_are_there_to_check(samples):
    """The checks above looked at something: a table with its header and a figure with its alt text."""
    table = (samples / "dist" / "a-case-for-conservatives" / "a-case-for-conservatives.docx").read_bytes()
    assert part(table, "word/document.xml").findall(".//w:tbl", NS)
    figure = (samples / "dist" / "rome-statute-in-us-case-law" / "rome-statute-in-us-case-law.docx").read_bytes()
    alts = [d.get("descr") for d in part(figure, "word/document.xml").iterfind(".//wp:docPr", NS)]
    assert alts and alts[0].startswith("Timeline of ten dates")  # its fig-alt, not its caption


def test_the_web_edition_and_the_catalogue_offer_the_docx(samples):
    slug = "icc-at-a-glance"
    page = BeautifulSoup((samples / "dist" / slug / "index.html").read_text("utf-8"), "html.parser")
    assert page.find("a", href=f"{slug}.docx")
    catalog = json.loads((samples / "dist" / "catalog.json").read_text("utf-8"))
    files = next(b for b in catalog["briefs"] if b["slug"] == slug)["files"]
    assert files["docx"]["path"] == f"{slug}/{slug}.docx"
    assert files["docx"]["bytes"] == (samples / "dist" / slug / f"{slug}.docx").stat().st_size
    cards = BeautifulSoup((samples / "dist" / "index.html").read_text("utf-8"), "html.parser")
    assert cards.find("a", href=f"{slug}/{slug}.docx")


# -- each check fails on a broken document ---------------------------------------------------------

@pytest.fixture(scope="module")
def sample_docx(samples) -> tuple[bytes, object]:
    slug = "a-case-for-conservatives"
    return (samples / "dist" / slug / f"{slug}.docx").read_bytes(), sample_brief(samples, slug)[1]


def test_the_checks_fail_on_broken_documents(sample_docx):
    data, brand = sample_docx
    no_header = with_part(data, "word/document.xml", remove_all(".//w:tblHeader"))
    assert header_row_problems(no_header) == ["table 1 has no repeating header row"]
    assert header_row_problems(with_part(data, "word/document.xml", remove_all(".//w:cantSplit"))) \
        == ["9 rows may break across pages"]
    lost_note = with_part(data, "word/footnotes.xml", lambda root: root.remove(root.findall("w:footnote", NS)[-1]))
    assert note_problems(lost_note, 9) == ["notes: 8, expected 9"]
    unbranded = with_part(data, "word/styles.xml", remove_all(".//w:rFonts"))
    assert brand_style_problems(unbranded, brand)
    no_rule = with_part(data, "word/styles.xml", remove_all(".//w:pBdr"))
    assert "quotations have no rule in the accent color" in brand_style_problems(no_rule, brand)
    def swap_first_two(root):
        title = next(s for s in root.iterfind("w:style", NS) if s.get(f"{{{W}}}styleId") == "Title")
        ppr = title.find("w:pPr", NS)
        ppr.insert(0, ppr[-1])
    assert order_problems(with_part(data, "word/styles.xml", swap_first_two))
    no_properties = with_part(data, "docProps/core.xml", remove_all("{http://purl.org/dc/elements/1.1/}title"))
    assert property_problems(no_properties, "A Case for Conservatives", "Coalition Policy Staff", "en-US",
                             ["us-policy", "complementarity", "national-security", "rule-of-law"]) \
        == ["title: '', expected 'A Case for Conservatives'"]


def test_the_picture_and_language_checks_fail_on_broken_documents(written):
    data = written["docx"]
    assert alt_text_problems(data) == [] and lang_problems(data, "la justice", "fr") == []
    undescribed = with_part(data, "word/document.xml",
                            lambda root: [d.set("descr", "") for d in root.iterfind(".//wp:docPr", NS)])
    assert alt_text_problems(undescribed)
    unmarked = with_part(data, "word/document.xml", remove_all(".//w:lang"))
    assert lang_problems(unmarked, "la justice", "fr")
    assert lang_problems(data, "not in it", "fr") == ["'not in it' is not in the document"]


# -- a brief as people write it ----------------------------------------------------------------

PASTED = """\
---
title: "Justice at Home and Abroad"
subtitle: "What the Court’s first cases teach"
date: 2025-05-06
kind: brief
summary: "Pasted from Word: smart quotes, no-break spaces, a Zotero bibliography."
authors: ["Jane Doe", {name: "Pat Roe", affiliation: "Research"}]
topics: [complementarity, us-policy]
lang: en-US
bibliography: zotero.json
---

## “Why it matters”

The Court is a court of last resort,\u00a0not a court of first resort.[^own] The Supreme Court said so in
*Sosa* [@sosa2004, p. 732].

| Article | Subject |
|---|---|
| 17 | Admissibility |
| 98(2) | Surrender agreements |

: Articles that protect national courts

::: {lang=fr}
> La Cour n’a pas vocation à remplacer la justice nationale.
:::

![A chart of the Court's caseload by year](figures/caseload.png)

::: {lang=ar dir=rtl}
العدالة الدولية للجميع
:::

[^own]: As the Statute’s preamble says, paragraph 10.
"""

ZOTERO = [{"id": "sosa2004", "type": "legal_case", "title": "Sosa v. Alvarez-Machain", "authority": "U.S.",
           "container-title": "U.S.", "volume": "542", "page": "692", "issued": {"date-parts": [["2004"]]},
           "source": "Zotero", "accessed": {"date-parts": [["2025", "5", "1"]]}}]


def png(width: int, height: int) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (31, 58, 95)).save(out, "PNG")
    return out.getvalue()


def pasted_project(project: TestProject) -> TestProject:
    project.brief("justice", PASTED, bundle=True)
    project.write("briefs/justice/zotero.json", json.dumps(ZOTERO, indent=2))
    project.write("briefs/justice/figures/caseload.png", png(60, 40))
    return project


@pytest.fixture
def written(project):
    """The pasted brief's DOCX, rendered alone by the renderer from a document the test makes."""
    pasted_project(project)
    page = page_of(project.root)
    facts = RENDERERS["docx"].render(page)
    data = (page.project.dist / "justice" / "justice.docx").read_bytes()
    return {"docx": data, "facts": facts, "problems": page.problems.items, "html": page.fragment.body, "page": page}


def test_the_renderer_writes_a_pasted_brief_with_its_notes_citations_table_and_language(written):
    data = written["docx"]
    assert [p.render() for p in written["problems"]] == []
    assert written["facts"] == {"notes": 2}  # the writer's note and the case cited in a note
    assert note_problems(data, 2) == []
    notes = " ".join(t.text for t in part(data, "word/footnotes.xml").iterfind(".//w:t", NS))
    assert "542 U.S. 692, 732" in notes and "paragraph 10" in notes
    assert "542 U.S. 692, 732" in written["html"]  # cited as the web edition cites it
    italic = [r for r in part(data, "word/footnotes.xml").iterfind(".//w:r", NS)
              if r.find("w:rPr/w:i", NS) is not None and "Sosa" in "".join(r.itertext())]
    assert italic, "the case name is in italics, as the style says"
    text = _all_text(data)
    assert "“Why it matters”" in text and "resort,\u00a0not" in text  # as pasted
    assert header_row_problems(data) == [] and part(data, "word/document.xml").findall(".//w:tbl", NS)
    assert lang_problems(data, "la justice", "fr") == [] and lang_problems(data, "العدالة", "ar") == []
    assert [lang.get(f"{{{W}}}bidi") for lang in part(data, "word/document.xml").iterfind(".//w:rtl/../w:lang", NS)] \
        == ["ar"]  # the language Word checks a right-to-left passage by
    assert alt_text_problems(data) == []
    assert {"Source Serif 4", "Source Sans 3", "Noto Naskh Arabic"} == embedded_fonts(data)
    defaults = part(data, "word/styles.xml").find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS)
    assert defaults.get(f"{{{W}}}cs") == "Noto Naskh Arabic"  # what Word and LibreOffice set Arabic in
    assert property_problems(data, "Justice at Home and Abroad", "Jane Doe; Pat Roe", "en-US",
                             ["complementarity", "us-policy"]) == []


def test_the_title_block_is_the_briefs(written):
    paragraphs = docx.Document(io.BytesIO(written["docx"])).paragraphs
    block = [(p.style.style_id, p.text) for p in paragraphs[:5]]
    assert block == [("Title", "Justice at Home and Abroad"), ("Subtitle", "What the Court’s first cases teach"),
                     ("Author", "Jane Doe"), ("Author", "Pat Roe"), ("Date", "Published May 6, 2025")]


def test_the_same_brief_gives_the_same_bytes(written):
    page = written["page"]
    RENDERERS["docx"].render(page)
    assert (page.project.dist / "justice" / "justice.docx").read_bytes() == written["docx"]


def test_a_rebrand_changes_the_reference_document(project):
    """The reference document is made from _brand.yml: a new primary color reaches the headings."""
    pasted_project(project)
    brand_file = project.root / "_brand.yml"
    brand_file.write_text(brand_file.read_text().replace('navy: "#1f3a5f"', 'navy: "#5a1f3a"'))
    summary = build(Project.at(project.root), Options(formats=("docx",), jobs=1))
    assert summary.built == ["justice"], [p.render() for p in summary.problems]
    document = docx.Document(str(project.dist("justice/justice.docx")))
    heading = next(s for s in document.styles if s.style_id == "Heading2")
    assert str(heading.font.color.rgb) == "5A1F3A"


def test_a_font_whose_license_forbids_embedding_is_named_not_embedded(project):
    """OS/2 fsType: a restricted (2) or preview-and-print (4) font stays out of a document partners edit; the
    editable (8) one goes in. The family is still named, with its fallback."""
    from fontTools.ttLib import TTFont

    pasted_project(project)
    fonts, regular = {}, project.root / "assets" / "fonts" / "SourceSerif4-Regular.woff2"  # Word's embedRegular
    for fs_type in (2, 4, 8):
        font = TTFont(str(regular))
        font["OS/2"].fsType = fs_type
        font.save(str(regular))
        summary = build(Project.at(project.root), Options(formats=("docx",), jobs=1, force=True))
        assert summary.built == ["justice"], [p.render() for p in summary.problems]
        data = project.dist("justice/justice.docx").read_bytes()
        named = {f.get(f"{{{NS['w']}}}name") for f in part(data, "word/fontTable.xml").iterfind("w:font", NS)}
        fonts[fs_type] = ("Source Serif 4" in embedded_fonts(data), "Source Serif 4" in named)
    assert fonts == {2: (False, True), 4: (False, True), 8: (True, True)}


# -- what the DOCX writer must never be handed -------------------------------------------------

class Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 (the standard library's name)
        Recorder.requests.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(png(2, 2))

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    served = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=served.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{served.server_address[1]}"
    served.shutdown()
    served.server_close()


def test_pandoc_fetches_nothing_while_it_writes_a_docx(server, tmp_path):
    """The wrapper's sandbox: an address that reached the writer anyway is not fetched (nor a local file read)."""
    Recorder.requests.clear()
    text = f"![remote]({server}/x.png) ![local](/etc/hostname)\n"
    data, warnings = pandoc_tool.run_binary(text, ["--from=markdown", "--to=docx"], cwd=tmp_path)
    assert Recorder.requests == []
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert not [name for name in package.namelist() if name.startswith("word/media/")]
    assert len(warnings) == 2


def test_no_raw_word_xml_local_file_or_address_reaches_the_docx(project, server, tmp_path):
    Recorder.requests.clear()
    secret = tmp_path / "secret.png"
    secret.write_bytes(png(3, 3) + b"SECRET-BYTES")
    relationship = f'<w:hyperlink r:id="x"><w:r><w:t>{server}/openxml</w:t></w:r></w:hyperlink>'
    project.brief("raw", GOOD_BRIEF + "\n".join([
        "```{=openxml}", f'<w:p><w:r><w:t>RAW-WORD-XML</w:t></w:r>{relationship}</w:p>', "```", "",
        f'Inline `<w:r><w:t>RAW-INLINE</w:t></w:r>`{{=openxml}} and <img src="{secret.as_uri()}" alt="raw">.',
        "", "[script](javascript:alert(1)) [file](file:///etc/passwd) [web](https://example.org/)", ""]),
        bundle=True)
    summary = build(Project.at(project.root), Options(formats=("docx",), jobs=1))
    assert summary.built == ["raw"], [p.render() for p in summary.problems]
    assert [(p.code, p.line) for p in summary.problems if p.code.startswith("docx.")] == [("docx.raw", 8)]
    data = project.dist("raw/raw.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        everything = b"".join(package.read(name) for name in package.namelist())
    assert b"RAW-WORD-XML" not in everything and b"RAW-INLINE" not in everything
    assert b"SECRET-BYTES" not in everything and b"javascript:" not in everything and b"file:" not in everything
    targets = [r.get("Target") for r in part(data, "word/_rels/document.xml.rels").iterfind("rel:Relationship", NS)
               if r.get("TargetMode") == "External"]
    assert targets == ["https://example.org/"]
    assert Recorder.requests == []


def test_a_symbolic_link_out_of_the_brief_is_refused_before_the_docx(project, tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(png(3, 3) + b"SECRET-BYTES")
    (project.root / "briefs" / "linked" / "figures").mkdir(parents=True)
    (project.root / "briefs" / "linked" / "figures" / "chart.png").symlink_to(secret)
    project.brief("linked", GOOD_BRIEF + "![A chart](figures/chart.png)\n", bundle=True)
    summary = build(Project.at(project.root), Options(formats=("docx",), jobs=1))
    assert summary.failed == {"linked": 1}
    assert "resource.outside" in {p.code for p in summary.problems}
    assert not project.dist("linked/linked.docx").exists()


GOOD_BRIEF = """\
---
title: "Raw"
date: 2025-03-12
kind: update
summary: "A brief with raw passages."
---

"""


# -- the AST pass alone ------------------------------------------------------------------------

def ast_of(markdown: str) -> dict:
    return json.loads(pandoc_tool.run(markdown, ["--from=markdown", "--to=json"], cwd=Path("/")).output)


def test_the_ast_pass_keeps_checked_images_only_and_safe_links(tmp_path):
    from handouts.document.resources import Resource
    from handouts.formats import docx_ast

    (tmp_path / "figures").mkdir()
    (tmp_path / "figures" / "ok.png").write_bytes(png(2, 2))
    (tmp_path / "figures" / "bad.svg").write_bytes(b"<svg/>")
    resources = (Resource((tmp_path / "figures" / "ok.png").resolve(), "figures/ok.png"),
                 Resource((tmp_path / "figures" / "bad.svg").resolve(), "figures/bad.svg", b"<svg/>"))

    def refuse(_data):
        raise ValueError("cannot draw")

    context = docx_ast.Context(tmp_path, resources, "https://example.org/b/", lambda slug: f"https://x.org/{slug}/",
                               refuse)
    ast = ast_of("![ok](figures/ok.png) ![gone](/etc/hostname) ![far](http://127.0.0.1:9/x.png) ![svg](figures/bad.svg)"
                 " [a](javascript:alert(1)) [b](brief:other#part) [c](notes.pdf) [d](#top) `<x>`{=openxml}\n\n"
                 "| A |\n|---|\n| 1 |\n\n: Caption\n")
    found = docx_ast.prepare(ast, context)
    assert found.raw_formats == ["openxml"] and found.images_left_out == ["/etc/hostname", "http://127.0.0.1:9/x.png"]
    assert found.undrawn == [("figures/bad.svg", "cannot draw")]
    text = json.dumps(ast)
    assert "data:image/png;base64," in text and "/etc/hostname" not in text and "127.0.0.1" not in text
    assert "javascript" not in text and "openxml" not in text
    assert all(f'"{address}"' in text for address in ("https://x.org/other/#part", "https://example.org/b/notes.pdf",
                                                      "#top"))
    pandoc_tool.run_binary(json.dumps(ast), ["--from=json", "--to=docx"], cwd=tmp_path)  # still pandoc's AST


@pytest.mark.parametrize("slug", SAMPLES)
def test_no_part_of_a_sample_names_the_machine_that_built_it(samples, slug):
    """pandoc writes its citation settings (bibliography, style: absolute paths) as custom properties."""
    with zipfile.ZipFile(samples / "dist" / slug / f"{slug}.docx") as package:
        leaking = [name for name in package.namelist() if str(samples).encode() in package.read(name)
                   or b"/.handouts-cache/" in package.read(name)]
    assert leaking == []


def test_a_figure_set_in_a_generic_family_keeps_its_text(project):
    """An SVG figure's text in `sans-serif` is drawn in the brand's fonts: resvg loads no system font, so
    without the brand's families for the generic ones the DOCX's picture of the figure had no text at all."""
    from PIL import Image

    pasted_project(project)
    project.write("briefs/justice/figures/caseload.svg",
                  '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="100" viewBox="0 0 400 100">'
                  '<rect width="400" height="100" fill="#fff"/><text x="10" y="70" font-family="sans-serif" '
                  'font-size="60" fill="#000">Caseload</text></svg>')
    index = project.root / "briefs/justice/index.md"
    index.write_text(index.read_text("utf-8").replace("figures/caseload.png", "figures/caseload.svg"), "utf-8")
    page = page_of(project.root)
    RENDERERS["docx"].render(page)
    with zipfile.ZipFile(page.project.dist / "justice" / "justice.docx") as package:
        [picture] = [name for name in package.namelist() if name.startswith("word/media/") and name.endswith(".png")]
        image = Image.open(io.BytesIO(package.read(picture))).convert("L")
    inked = sum(count for value, count in enumerate(image.histogram()) if value < 128)
    assert inked > 0.02 * image.width * image.height, "the figure's word is drawn"
