"""Readable figures (issue 20): the small-text lint on SVGs written here, and the sample's numbered figure
with its caption, source and alt text, read back from the PDF, the web page, the EPUB and the DOCX."""
from __future__ import annotations

import json
import subprocess
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import copy_project
from lxml import etree
from readback import pieces
from pypdf import PdfReader

from handouts.build.run import Options, build
from handouts.commands.run import run_check
from handouts.document import figures
from handouts.project import Project
from handouts.tools import pandoc_tool, svg_text

SLUG = "rome-statute-in-us-case-law"
HEAD = "---\ntitle: Figures\ndate: 2025-03-12\nkind: brief\nsummary: Two figures.\n---\n\n"
SVG_HEAD = '<svg xmlns="http://www.w3.org/2000/svg" width="800" height="400" viewBox="0 0 800 400">'


def svg(body: str, head: str = SVG_HEAD) -> bytes:
    return f"{head}{body}</svg>".encode()


def test_small_text_is_warned_at_the_images_line_with_its_sizes(project, capsys):
    """800 units drawn across the 4.9 in text column (352.8 pt) and a 350 px phone column: 10 units print at
    4.4 pt and show at 4.4 px. A 12-unit label beside it is not the smallest; the text in <defs> is not drawn."""
    project.write("briefs/figs/figures/small.svg", svg(
        '<defs><text id="unused" font-size="1">never drawn</text></defs>'
        '<text x="10" y="30" font-size="12">Larger</text>\n<g font-size="10">\n<text x="10" y="60">Tiny label</text></g>'))
    project.brief("figs", HEAD + "Text.\n\n![A small chart](figures/small.svg)\n", bundle=True)
    assert run_check(project.root) == 0
    assert capsys.readouterr().err.splitlines() == [
        "briefs/figs/index.md:10: warning: figure 'figures/small.svg' sets text at 4.4 pt in print and 4.4 px on a "
        "phone ('Tiny label', line 3 of the SVG): under 7 pt or 11 px it is too small to read [figure.small-text]",
        "  hint: make that text at least 25.1 units high (the drawing is 800 units wide), or draw the figure "
        "narrower with fewer words per label, so it is scaled down less",
    ]


def test_text_large_enough_in_print_and_on_a_phone_is_not_warned(project, capsys):
    """26 units of 800 show at 11.4 px on a phone and print at 15.9 pt: no warning."""
    project.write("briefs/figs/figures/large.svg", svg('<text x="10" y="60" font-size="26">Readable</text>'))
    project.brief("figs", HEAD + "![A chart](figures/large.svg)\n", bundle=True)
    assert run_check(project.root) == 0
    assert "figure.small-text" not in capsys.readouterr().err


@pytest.mark.parametrize(("body", "size", "words"), [
    # inherited down groups, relative sizes against the inherited one
    ('<g font-size="40"><g font-size="50%"><text>half</text></g><text font-size="1.5em">more</text></g>', 20, "half"),
    # a transform's scale multiplies through the tree; translate and rotate keep the size
    ('<g transform="translate(5,5) scale(0.5)"><text font-size="30" transform="rotate(30)">scaled</text></g>'
     '<text font-size="18">plain</text>', 15, "scaled"),
    ('<g transform="matrix(2 0 0 2 0 0)"><text font-size="8">doubled</text></g><text font-size="17">plain</text>',
     16, "doubled"),
    # CSS in the style attribute wins over the font-size attribute; pt and px are CSS units
    ('<text font-size="40" style="fill: red; font-size: 9pt">styled</text><text font-size="13px">px</text>',
     12, "styled"),
    # an editor's stylesheet (Illustrator's .st0 classes): the more specific rule wins, the attribute loses
    ('<style>.st0 { font-size: 8px } text.st0.big { font-size: 30px }</style>'
     '<text class="st0" font-size="40">classed</text><text class="st0 big">big</text>', 8, "classed"),
    # the font shorthand, in a style attribute (matplotlib's svg.fonttype none) or a sheet, keywords too
    ('<text style="font: bold 9px/1.2 \'DejaVu Sans\'">shorthand</text><text font-size="12">x</text>', 9, "shorthand"),
    ('<style>@media print { text { font-size: 2px } } text { font: italic 700 small sans-serif }</style>'
     '<text>keyword</text>', 13, "keyword"),
    # a tspan's own size; the text around it keeps its element's
    ('<text font-size="20">outer <tspan font-size="smaller">inner</tspan> tail</text>', 20 / 1.2, "inner"),
    # no size anywhere: CSS's medium, 16
    ('<text>default</text>', 16, "default"),
    # an invalid size is ignored, as a renderer ignores it
    ('<g font-size="14"><text font-size="huge">bad value</text></g>', 14, "bad value"),
])
def test_the_smallest_text_follows_inheritance_css_and_transforms(body, size, words):
    smallest = svg_text.drawing(svg(body)).smallest
    assert (round(smallest.size, 3), smallest.words) == (round(size, 3), words)


def test_an_inkscape_drawing_in_millimetres_is_measured_in_its_own_units():
    """Inkscape's A4 page: 210 units wide, 793.7 px; its 12 pt text (4.2333 units) prints at 4.6 pt, the page
    being set 4.5 in high (3.18 in wide) in the print edition."""
    drawing = svg_text.drawing(svg(
        '<g><text style="font-size:4.23333px;line-height:1.25;font-family:sans-serif" x="20" y="30">'
        '<tspan x="20" y="30" style="stroke-width:0.26">Label</tspan></text></g>',
        '<svg xmlns="http://www.w3.org/2000/svg" width="210mm" height="297mm" viewBox="0 0 210 297">'))
    assert (drawing.units_wide, round(drawing.width_px, 1), drawing.smallest.words) == (210, 793.7, "Label")
    box = figures.PrintBox(6.8 * 72, 4.5 * 72)
    assert round(drawing.smallest.size * figures.printed_width_pt(drawing, box) / drawing.units_wide, 1) == 4.6


def test_a_drawing_without_viewbox_is_scaled_by_its_width_and_one_without_either_is_not_measured():
    drawing = svg_text.drawing(svg('<text font-size="10">x</text>', '<svg xmlns="http://www.w3.org/2000/svg" '
                                   'width="4in" height="2in">'))
    assert (drawing.units_wide, drawing.width_px, drawing.aspect) == (384, 384, 0.5)
    assert svg_text.drawing(svg("<text>x</text>", '<svg xmlns="http://www.w3.org/2000/svg">')) is None


def test_the_print_box_comes_from_the_layouts_stylesheets(project):
    """Letter is 8.5 in; print.css's page margins are 0.85 in each side, the text's column leaves 1.9 in of side
    column, and a figure is at most 4.5 in high; the fact sheet's own print.css sets 0.5 in margins and two
    columns 0.25 in apart; A4 is 210 mm."""
    layouts = project.root / "layouts"
    assert figures.print_box(layouts, "backgrounder", "letter") == figures.PrintBox(pytest.approx(4.9 * 72),
                                                                                    4.5 * 72)
    assert figures.print_box(layouts, "factsheet", "letter").width == pytest.approx((7.5 - 0.25) / 2 * 72)
    assert figures.print_box(layouts, "brief", "a4").width == pytest.approx((210 / 25.4 - 1.7 - 1.9) * 72)


# -- the sample, built ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> tuple[Path, list]:
    """The backgrounder with the timeline, built alone in every format, and the problems of its build."""
    root = copy_project(tmp_path_factory.mktemp("figures") / "project", (SLUG,))
    summary = build(Project.at(root), Options())
    assert summary.built == [SLUG]
    return root, summary.problems


def fig_alt(root: Path) -> tuple[str, str, str]:
    """The figure's caption, fig-alt and source as pandoc reads the brief's Markdown (no filter of ours)."""
    source = (root / "briefs" / SLUG / "index.md").read_text("utf-8").split("\n---\n", 1)[1]
    ast = json.loads(subprocess.run([pandoc_tool.pandoc_path(), "-f", "markdown", "-t", "json"], input=source,
                                    capture_output=True, text=True, check=True).stdout)
    figure = next(block for block in ast["blocks"] if block["t"] == "Figure")
    image = figure["c"][2][0]["c"][0]["c"]
    attributes = dict(image[0][2])
    caption = "".join(i["c"] if i["t"] == "Str" else " " for i in figure["c"][1][1][0]["c"])
    return caption, attributes["fig-alt"], attributes["source"]


def test_the_redrawn_timeline_passes_the_lint(sample):
    root, problems = sample
    assert [p for p in problems if p.code.startswith("figure.")] == []
    smallest = svg_text.drawing((root / "briefs" / SLUG / "figures" / "timeline.svg").read_bytes()).smallest
    assert smallest.size >= 13


def test_print_numbers_the_figure_with_its_caption_and_source(sample):
    root, _problems = sample
    caption, _alt, source = fig_alt(root)
    pdf = root / "dist" / SLUG / f"{SLUG}.pdf"
    pages = [subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), pdf, "-"], capture_output=True, text=True,
                            check=True).stdout for n in range(1, len(PdfReader(pdf).pages) + 1)]
    page = next(n for n, text in enumerate(pages) if "Figure 1." in text)
    text = " ".join(pages[page].split())  # the caption, in the side column, is read as one block of lines
    assert f"Figure 1. {caption}" in text
    assert f"Source: {source}" in text
    assert sum(text.count("Figure ") for text in pages) == 1


def test_the_lints_printed_size_is_the_size_weasyprint_sets(sample):
    """The lint's arithmetic (viewBox, width, text block, 4.5 in cap) against the PDF: the legend's label, the
    drawing's smallest text, is set at the size the lint computed."""
    root, _problems = sample
    drawing = svg_text.drawing((root / "briefs" / SLUG / "figures" / "timeline.svg").read_bytes())
    box = figures.print_box(root / "layouts", "backgrounder", "letter")
    expected = drawing.smallest.size * figures.printed_width_pt(drawing, box) / drawing.units_wide
    reader = PdfReader(root / "dist" / SLUG / f"{SLUG}.pdf")
    sizes = [size for page in reader.pages for text, _font, size in pieces(page) if text == drawing.smallest.words]
    assert sizes and sizes[0] == pytest.approx(expected, abs=0.1)
    assert expected >= figures.MIN_PRINT_PT


def test_the_web_page_numbers_the_figure_and_keeps_its_alt_text_apart(sample):
    root, _problems = sample
    caption, alt, source = fig_alt(root)
    soup = BeautifulSoup((root / "dist" / SLUG / "index.html").read_text("utf-8"), "html.parser")
    figure = soup.select_one("figure")
    assert figure.img["alt"] == alt != caption
    assert figure.select_one(".figure-label").get_text() == "Figure 1."
    assert " ".join(figure.figcaption.get_text().split()) == f"Figure 1. {caption} Source: {source}"
    assert figure.select_one(".figure-source").get_text() == f"Source: {source}"
    assert not figure.img.has_attr("data-fig-alt") and not figure.img.has_attr("data-source")
    assert figure.figcaption.get("aria-hidden") is None  # the caption is no copy of the alt text: it is read


def test_the_epub_and_the_docx_number_the_figure_too(sample):
    root, _problems = sample
    caption, alt, source = fig_alt(root)
    with zipfile.ZipFile(root / "dist" / SLUG / f"{SLUG}.epub") as book:
        chapter = next(book.read(n) for n in book.namelist() if n.endswith(".xhtml") and b"<figure" in book.read(n))
    tree = etree.fromstring(chapter)
    ns = {"x": "http://www.w3.org/1999/xhtml"}
    assert " ".join("".join(tree.find(".//x:figcaption", ns).itertext()).split()) == \
        f"Figure 1. {caption} Source: {source}"
    assert tree.find(".//x:figure/x:img", ns).get("alt") == alt
    with zipfile.ZipFile(root / "dist" / SLUG / f"{SLUG}.docx") as document:
        body = etree.fromstring(document.read("word/document.xml"))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    paragraphs = ["".join(t.text or "" for t in p.iter(f"{w}t")) for p in body.iter(f"{w}p")]
    assert f"Figure 1. {caption}" in paragraphs and f"Source: {source}" in paragraphs
    described = [d.get("descr") for d in body.iter("{http://schemas.openxmlformats.org/drawingml/2006/"
                                                   "wordprocessingDrawing}docPr")]
    assert described == [alt]


def test_figures_are_numbered_in_order_and_one_without_fig_alt_keeps_its_caption_as_alt(project):
    project.write("briefs/figs/figures/a.svg", svg('<text font-size="40">A</text>'))
    project.write("briefs/figs/figures/b.svg", svg('<text font-size="40">B</text>'))
    project.brief("figs", HEAD + '![First](figures/a.svg){fig-alt="The first drawing" source="*Us*, 2025"}\n\n'
                  "Text with an inline ![icon](figures/a.svg) image.\n\n![Second](figures/b.svg)\n", bundle=True)
    summary = build(Project.at(project.root), Options(formats=("html",)))
    assert summary.built == ["figs"]
    soup = BeautifulSoup(project.dist("figs/index.html").read_text("utf-8"), "html.parser")
    captions = [" ".join(f.figcaption.get_text().split()) for f in soup.select("figure")]
    assert captions == ["Figure 1. First Source: Us, 2025", "Figure 2. Second"]
    assert soup.select_one(".figure-source em").get_text() == "Us"  # the source is Markdown
    assert [f.img["alt"] for f in soup.select("figure")] == ["The first drawing", "Second"]
