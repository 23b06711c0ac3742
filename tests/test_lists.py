"""Numbered paragraphs as legal texts write them: "3.", "(a)", "(ii)", their start values and parentheses.

pandoc's HTML keeps an ordered list's start and type but not its delimiter, and pandoc reads "- (b) text"
(how the Rome Statute corpus writes a lettered item) as a bullet holding a list that starts at (b): the
Lua filter normalize.lua mends both, and these tests run it as the build does, then the sanitizer."""
from __future__ import annotations

import textwrap
import zipfile

import pytest
from bs4 import BeautifulSoup
from conftest import REPO

from handouts.tools import pandoc_tool
from handouts.document.markdown import MARKDOWN
from handouts.document.sanitize import sanitize


def html_of(markdown: str, tmp_path) -> BeautifulSoup:
    args = [f"--from={MARKDOWN}", "--to=html5", "--wrap=none",
            f"--lua-filter={pandoc_tool.data_file('normalize.lua')}"]
    output = pandoc_tool.run(textwrap.dedent(markdown), args, cwd=tmp_path).output
    clean, removed = sanitize(output)
    assert removed == []
    return BeautifulSoup(clean, "html.parser")


def item(soup: BeautifulSoup, text: str):
    """The <li> whose own text starts with `text`."""
    found = [li for li in soup.find_all("li") if li.get_text(" ", strip=True).startswith(text)]
    assert found, text
    return found[-1]


def numbering(li) -> tuple[str, str | None, str | None, list[str]]:
    """What a reader sees as the item's marker: its list's type and start, the wrapping div's classes."""
    ol = li.parent
    div = ol.parent if ol.parent.name == "div" else None
    return ol.name, ol.get("type"), ol.get("start"), (div.get("class", []) if div else [])


def number(li) -> int:
    """The item's number: its list's start plus the items before it."""
    return int(li.parent.get("start", 1)) + len(li.find_previous_siblings("li"))


def test_parenthesized_markers_name_their_delimiter_in_a_class(tmp_path):
    soup = html_of("""\
        (a) first
        (b) second

        text

        c) third
        d) fourth

        text

        (iv) roman
        (v) five

        text

        1. plain
        2. numbers
        """, tmp_path)
    assert numbering(item(soup, "first")) == ("ol", "a", None, ["list-lower-alpha-parens"])
    assert numbering(item(soup, "third")) == ("ol", "a", "3", ["list-lower-alpha-paren"])
    assert numbering(item(soup, "roman")) == ("ol", "i", "4", ["list-lower-roman-parens"])
    assert numbering(item(soup, "plain"))[3] == []  # "1." needs no class


def test_labelled_bullets_become_the_items_of_the_paragraph_they_follow(tmp_path):
    # Article 36, paragraph 3, as the corpus writes it.
    soup = html_of("""\
        2. Second paragraph.

        3. (a) The judges shall be chosen.

        - (b) Every candidate shall:
            - (i) Have competence in criminal law; or
            - (ii) Have competence in international law;
        - (c) Every candidate shall be fluent.

        4. Fourth paragraph.
        """, tmp_path)
    assert not soup.find("ul")
    judges = item(soup, "The judges")
    assert numbering(judges) == ("ol", "a", None, ["list-lower-alpha-parens"])
    paragraph = judges.parent.parent.parent
    assert paragraph.name == "li" and number(paragraph) == 3
    candidate, fluent = item(soup, "Every candidate shall:"), item(soup, "Every candidate shall be fluent")
    assert candidate.parent is judges.parent and fluent.parent is judges.parent  # (a), (b), (c): one list
    assert [li.get_text(strip=True)[:10] for li in judges.parent.find_all("li", recursive=False)] == \
        ["The judges", "Every cand", "Every cand"]
    roman = item(soup, "Have competence in criminal")
    assert numbering(roman) == ("ol", "i", None, ["list-lower-roman-parens"])
    assert roman.parent is item(soup, "Have competence in international").parent
    assert roman.find_parent("li") is candidate
    assert number(item(soup, "Fourth")) == 4


def test_roman_items_join_the_lettered_item_above_and_h_is_followed_by_i(tmp_path):
    soup = html_of("""\
        4. (a) Nominations shall be made either:

            - (i) By the national procedure; or
            - (ii) By the procedure of the Court.

        - (b) Each State Party may put forward one candidate.

        Text:

        - (g) seventh
        - (h) eighth
        - (i) ninth
        - (j) tenth
        - (k) eleventh
            - (l) twelfth, indented as if it were roman fifty
        """, tmp_path)
    nominations = item(soup, "Nominations")
    assert item(soup, "By the national").find_parent("li") is nominations
    assert item(soup, "Each State").parent is nominations.parent
    ninth = item(soup, "ninth")
    assert numbering(ninth) == ("ol", "a", "7", ["list-lower-alpha-parens"])
    assert [li.get_text(strip=True)[:7] for li in ninth.parent.find_all("li")] == \
        ["seventh", "eighth", "ninth", "tenth", "elevent", "twelfth"]
    assert ninth.find_parent("li") is None  # after a paragraph of text: no item to go under


def test_ordinary_lists_are_left_alone(tmp_path):
    soup = html_of("""\
        1. one
        2. two

        - a bullet
        - (a) a bullet that starts with a letter in parentheses

        Text.

        - only
        - bullets
        """, tmp_path)
    assert len(soup.find_all("ul")) == 2
    assert [li.get_text(strip=True) for li in soup.find("ol", recursive=True).find_all("li")] == ["one", "two"]


@pytest.mark.slow
def test_every_class_gets_its_parentheses_and_every_format_reads_them(samples):
    css = (REPO / "layouts" / "base" / "lists.css").read_text("utf-8")
    for style in ("decimal", "lower-alpha", "upper-alpha", "lower-roman", "upper-roman"):
        assert f'@counter-style {style}-parens {{ system: extends {style}; prefix: "("; suffix: ") "; }}' in css
        assert f'@counter-style {style}-paren {{ system: extends {style}; suffix: ") "; }}' in css
        for delimiter in ("parens", "paren"):
            assert f".list-{style}-{delimiter} > ol {{ list-style-type: {style}-{delimiter}; }}" in css
    assert css in (samples / "dist" / "assets" / "handouts.css").read_text("utf-8")  # the web editions
    with zipfile.ZipFile(samples / "dist" / "rome-statute" / "rome-statute.epub") as book:
        assert css in book.read("EPUB/styles/stylesheet1.css").decode("utf-8")
    # the PDF: tests/test_pdf.py reads "(a)" and "(ii)" in the Rome Statute's text
