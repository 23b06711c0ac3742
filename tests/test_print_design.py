"""The print edition designed as a policy publisher's (issue 20): the measure of the body text, read back from every
sample's PDF by the positions of its lines."""
from __future__ import annotations

import statistics

import pytest
from conftest import SAMPLES, copy_project
from pypdf import PdfReader
from readback import body_lines, pieces, words

from handouts.build.run import Options, build
from handouts.project import Project

pytestmark = pytest.mark.slow
MEASURE = (60, 80)  # characters per line of body text, as policy publishers set it
LETTER_HEIGHT = 11 * 72
TYPE_AREA = (0.9 * 72, LETTER_HEIGHT - 0.95 * 72)  # print.css's @page margins: the running head and foot are outside


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """Every sample brief, built once in print only."""
    root = copy_project(tmp_path_factory.mktemp("print") / "project")
    summary = build(Project.at(root), Options(formats=("pdf",)))
    briefs = [name for name in summary.built if not name.startswith("packets/")]  # the sample packet is bound too
    assert sorted(briefs) == sorted(SAMPLES), [p.render() for p in summary.problems]
    return root


def pdf(root, slug):
    return root / "dist" / slug / f"{slug}.pdf"


@pytest.mark.parametrize("slug", SAMPLES)
def test_body_text_is_set_60_to_80_characters_a_line(printed, slug):
    """The Conservatives brief ran 100 to 104 characters across 6.8 inches: loose lines, hard reading."""
    lengths = [len(line) for line in body_lines(pdf(printed, slug))]
    assert len(lengths) >= 8, lengths  # enough full lines to speak of a measure
    assert MEASURE[0] <= statistics.median(lengths) <= MEASURE[1], sorted(lengths)


def has_contents(path) -> bool:
    return any("Contents" in page.extract_text().splitlines() for page in PdfReader(path).pages)


def fill(page_words) -> float:
    """How much of the type area a page's text covers, top to bottom (the running head and foot left out)."""
    inside = [(top, bottom) for _left, top, _right, bottom, _text in page_words
              if top >= TYPE_AREA[0] - 1 and bottom <= TYPE_AREA[1] + 1]
    if not inside:
        return 0.0
    return (max(b for _t, b in inside) - min(t for t, _b in inside)) / (TYPE_AREA[1] - TYPE_AREA[0])


def test_a_contents_page_only_where_the_text_is_long(printed):
    """Page 2 of each 8-page brief was a contents page left two thirds blank."""
    assert has_contents(pdf(printed, "rome-statute"))
    assert not has_contents(pdf(printed, "a-case-for-conservatives"))  # toc: true, 2,500 words
    assert not has_contents(pdf(printed, "rome-statute-in-us-case-law"))


@pytest.mark.parametrize("slug", SAMPLES)
def test_no_page_after_the_first_is_under_a_fifth_full(printed, slug):
    """The backgrounder's last page held one reference and the colophon; the update's page 2 a pull quote (85%
    blank)."""
    pages = words(pdf(printed, slug))
    fills = [round(fill(page), 2) for page in pages]
    assert all(share >= 0.2 for share in fills[1:]), list(enumerate(fills, 1))


def test_a_references_running_head_names_the_articles_of_its_page(printed):
    """The Rome Statute's heads named the Part, never the article. Each page's head is read back against the
    headings set on it (articles at 12 pt, parts at 15 pt): from the article in force at the top of the page to
    the last one begun; a part's heading ends its last article."""
    path = pdf(printed, "rome-statute")
    in_force, heads = None, []
    for page, placed in zip(PdfReader(path).pages, words(path)):
        runs = [(size, text) for text, _font, size in pieces(page)
                if (size, text[:5]) in {(12.0, "Artic"), (15.0, "Part ")}]
        body = sorted((top, left, text) for left, top, _right, _bottom, text in placed if top > TYPE_AREA[0] - 4)
        opening = " ".join(text for top, _left, text in body if top - body[0][0] < 2) if body else ""
        opens_with_heading = runs and opening.startswith(runs[0][1][:12])
        articles = [] if in_force is None or opens_with_heading else [in_force]
        for size, text in runs:
            in_force = text.split(":")[0] if size == 12.0 else None
            articles += [in_force] if in_force else []
        first, last = (articles[0], articles[-1]) if articles else ("", "")
        expected = first if first == last else f"{first}\u2013{last.removeprefix('Article ')}"
        head = " ".join(text for left, _top, _right, bottom, text in placed if bottom < TYPE_AREA[0] - 4 and left > 306)
        heads.append((head, expected or None))  # None: no article in force, the section's title instead
    assert [(number, head, expected) for number, (head, expected) in enumerate(heads, 1)
            if head != expected and (expected or head.startswith("Article "))] == []
    assert "Article 8" in dict(heads) and any("\u2013" in head for head, _ in heads)  # one article, and ranges
    assert "Contents" in {head for head, expected in heads if expected is None}  # the section's, before Article 1


def test_a_reference_with_its_provisions_as_top_headings_names_them_in_its_heads(printed, project):
    """Another organization's reference: sections as its top headings ("# Section 2: Remedies"), no parts."""
    paragraph = " ".join(["The statute gives the district courts jurisdiction over a civil action by an alien."] * 12)
    sections = "".join(f"# Section {n}: Provision {n}\n\n{paragraph}\n\n{paragraph}\n\n" for n in range(1, 9))
    project.brief("code", f"---\ntitle: A Code\ndate: 2025-03-12\nkind: reference\nsummary: A code.\n---\n\n{sections}")
    assert build(Project.at(project.root), Options(formats=("pdf",))).built == ["code"]
    placed = words(pdf(project.root, "code"))
    heads = [" ".join(text for left, _top, _right, bottom, text in page if bottom < TYPE_AREA[0] - 4 and left > 306)
             for page in placed]
    text_pages = [head for head in heads if head != "Contents"][1:]  # after the cover
    assert len(text_pages) >= 3 and all(head.startswith("Section ") for head in text_pages), heads
    assert any("\u2013" in head for head in text_pages), heads


@pytest.mark.parametrize("slug", ["icc-at-a-glance", "ukraine-joins-the-court", "la-cpi-en-bref", "icc-fi-lamha"])
def test_short_kinds_fit_one_sheet(printed, slug):
    assert len(PdfReader(pdf(printed, slug)).pages) <= 2


def test_a_short_brief_starts_on_page_1_under_its_key_points(printed, project):
    """A 341-word brief made with `invoke new` printed five pages: a cover, a contents page, two of text, one of
    its reference. Now its title block, its summary as the key points panel and its text share page 1."""
    sentence = "The Court acts only when national courts do not genuinely investigate."  # 11 words
    project.brief("short", "---\ntitle: Short\ndate: 2025-03-12\nkind: brief\nsummary: What the Court asks of "
                           f"Congress.\ntoc: true\n---\n\n## The issue\n\n{' '.join([sentence] * 16)}\n\n"
                           f"## What to do\n\n{' '.join([sentence] * 15)}\n")
    assert build(Project.at(project.root), Options(formats=("pdf",))).built == ["short"]
    reader = PdfReader(pdf(project.root, "short"))
    first = reader.pages[0].extract_text().splitlines()
    assert len(reader.pages) <= 2 and not has_contents(pdf(project.root, "short"))
    assert first.index("Short") < first.index("IN BRIEF") < first.index("What the Court asks of Congress.") \
        < first.index("The issue")
