"""Text pasted from a word processor (no-break spaces, curly quotes) is fixed where it has one reading, and
named at its line with the fix where it has two."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader
from test_front_matter import problems_of

NBSP, LEFT, RIGHT = "\u00a0", "\u201c", "\u201d"
FIELDS = 'date: 2025-03-12\nkind: brief\nsummary: "A brief pasted from a word processor."\n'


def test_a_no_break_space_after_a_key_is_read_as_a_space(project):
    text = f'---\ntitle: "Pasted"\ndate:{NBSP}2025-03-12\nkind:{NBSP}{NBSP}brief\nsummary: "S."\n---\n\nText.\n'
    assert problems_of(project, "nbsp-key", text) == []


def test_a_no_break_space_in_indentation_is_read_as_a_space(project):
    text = f'---\ntitle: "Pasted"\n{FIELDS}authors:\n{NBSP} -{NBSP}"Jane Doe"\n---\n\nText.\n'
    assert problems_of(project, "nbsp-indent", text) == []


def test_an_invisible_character_in_a_key_is_dropped(project):
    text = f'---\ntitle\u200b: "Pasted"\n\u2060{FIELDS}---\n\nText.\n'
    assert problems_of(project, "zero-width-key", text) == []


def test_a_no_break_space_inside_a_key_is_named(project):
    text = f'---\ntitle: "Pasted"\nsub{NBSP}title: "S"\n{FIELDS}---\n\nText.\n'
    assert problems_of(project, "nbsp-inside", text) == [
        "briefs/nbsp-inside.md:3:1: error: unknown key 'sub\u00a0title' (did you mean 'subtitle'?): it holds a "
        "no-break space (U+00A0) [brief.unknown-key]\n  hint: rename it to 'subtitle'"]


def test_a_no_break_space_that_breaks_the_yaml_is_named_at_its_own_line(project):
    text = f'---\ntitle: "Pasted"{NBSP}\n{FIELDS}---\n\nText.\n'
    assert problems_of(project, "nbsp-after", text) == [
        "briefs/nbsp-after.md:2:16: error: a no-break space (U+00A0) where YAML needs an ordinary space "
        "[yaml.pasted-space]\n"
        "  hint: replace it with an ordinary space (it came with text pasted from a word processor)"]


def test_curly_quotes_around_a_value_with_a_colon_say_so_with_straight_quotes_in_the_hint(project):
    text = f"---\ntitle: {LEFT}The Court: A Primer{RIGHT}\n{FIELDS}---\n\nText.\n"
    assert problems_of(project, "curly-colon", text) == [
        "briefs/curly-colon.md:2:8: error: the value of 'title' is in curly quotes (\u201c \u201d), which YAML does "
        "not read as quotes [yaml.curly-quotes]\n"
        '  hint: write it in straight quotes: `title: "The Court: A Primer"`']


@pytest.mark.parametrize("marks", ["\u201c\u201d", "\u2018\u2019", "\u00ab\u00bb"])
def test_curly_quotes_that_would_end_up_in_the_title_are_a_warning_with_both_fixes(project, marks):
    text = f"---\ntitle: {marks[0]}Never Again{marks[1]}\n{FIELDS}---\n\nText.\n"
    assert problems_of(project, "curly-title", text) == [
        f"briefs/curly-title.md:2:8: warning: the value of 'title' is in curly quotes ({marks[0]} {marks[1]}), "
        "which stay in the text [yaml.curly-quotes]\n"
        f"  hint: write `title: \"Never Again\"` in straight quotes; to print the quotation marks, write "
        f"`title: '{marks[0]}Never Again{marks[1]}'`"]


def test_curly_quotes_inside_straight_ones_are_the_writers_own(project):
    text = f"---\ntitle: '{LEFT}Never Again{RIGHT}'\nsubtitle: The {LEFT}Hague{RIGHT} Act\n{FIELDS}---\n\nText.\n"
    assert problems_of(project, "curly-kept", text) == []


# -- the body -------------------------------------------------------------------
REFS = '[{"id": "sosa", "type": "legal_case", "title": "Sosa v. Alvarez-Machain", "issued": {"date-parts": [[2004]]}}]'


@pytest.fixture(scope="module")
def pasted_body(tmp_path_factory):
    """A bundle pasted from a word processor, with its own References heading, built once (web and PDF)."""
    from conftest import TestProject

    from handouts.build.run import Options, build
    from handouts.project import Project

    project = TestProject(tmp_path_factory.mktemp("pasted") / "project")
    project.write("briefs/pasted/refs.json", REFS)
    project.brief("pasted", f"---\ntitle: \"Pasted\"\n{FIELDS}bibliography: refs.json\ntoc: true\n---\n\n"
                  f"##{NBSP}The bottom line\n\nThe Court decided [@sosa].\n\n"
                  f"###{NBSP}In detail {{#detail}}\n\nSee [the detail](#detail).\n\n-{NBSP}First point\n"
                  f"-{NBSP}Second *point*\n\n\u2022 Third\u2060point\n\u2022\tFourth\u200bpoint\n\n"
                  f"## R\u00e9sum\u00e9 {{lang={LEFT}fr{RIGHT}}}\n\nBref.\n\n"
                  f"## Outlook {{#{LEFT}outlook{RIGHT} lang={LEFT}en US{RIGHT}}}\n\nSee [the outlook](#outlook).\n\n"
                  f"## References\n\nThe cases we cite:\n\n## Appendix\n\n```\n##{NBSP}not a heading\n```\n",
                  bundle=True)
    summary = build(Project.at(project.root), Options(formats=("html", "pdf"), jobs=1))
    return project, summary


def test_a_heading_pasted_with_a_no_break_space_is_a_heading(pasted_body):
    project, summary = pasted_body
    page = BeautifulSoup(project.dist("pasted/index.html").read_text(), "html.parser")
    main = page.find("main")
    headings = [h for h in main.find_all(["h2", "h3"]) if h.find_parent("section")]  # not the contents' own
    assert [(h.name, h.find_parent("section")["id"], h.get_text()) for h in headings][:3] == [
        ("h2", "the-bottom-line", "The bottom line"), ("h3", "detail", "In detail"), ("h2", "résumé", "Résumé")]
    assert main.find(lang="fr").h2.get_text() == "Résumé"  # {lang=“fr”}: the quotes were the word processor's
    outlook = main.find(id="outlook")  # {#“outlook” lang=“en US”}, which pandoc left in the heading's text
    assert outlook.h2.get_text() == "Outlook" and outlook["lang"] == "en US"
    assert main.find("pre").get_text() == f"##{NBSP}not a heading"  # code is shown as written
    assert [li.get_text() for li in main.select("section ul > li")] == [
        "First point", "Second point", "Third\u2060point", "Fourth\u200bpoint"]  # '•' lines from Word too
    assert not [p for p in summary.problems if p.code in ("link.anchor", "anchor.duplicate", "pdf.glyph")]
    assert summary.built == ["pasted"]  # a pasted word joiner or zero-width space has no glyph to miss


def test_a_writers_own_references_heading_is_the_one_references_section(pasted_body):
    project, summary = pasted_body
    page = BeautifulSoup(project.dist("pasted/index.html").read_text(), "html.parser")
    ids = [tag["id"] for tag in page.find_all(id=True)]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    toc = [a.get_text() for a in page.select("nav.toc a, .toc a")]
    assert toc.count("References") == 1, toc
    references = page.find(id="references")
    assert references.h2.get_text() == "References" and references.find(id="refs")  # the entries under it
    assert "The cases we cite:" in references.get_text()
    assert "Sosa v. Alvarez-Machain" in page.find(id="refs").get_text()
    assert not [p for p in summary.problems if "defined twice" in p.message], [p.render() for p in summary.problems]
    pdf = PdfReader(project.dist("pasted/pasted.pdf"))
    lines = [line.strip() for page in pdf.pages for line in page.extract_text().splitlines()]
    assert len([line for line in lines if line.startswith("References")]) == 1  # the heading (too short for contents)
