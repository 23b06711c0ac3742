"""End to end: `invoke build` on the sample briefs and on broken ones, checked in dist/."""
from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, SAMPLE_PACKETS, SAMPLES, invoke
from validators import axe_violations, in_browser, vnu_errors

from handouts.build.run import Options, build
from handouts.project import Project

pytestmark = pytest.mark.slow


def page(root: Path, slug: str) -> BeautifulSoup:
    return BeautifulSoup((root / "dist" / slug / "index.html").read_text("utf-8"), "html.parser")


def source_of(root: Path, slug: str) -> str:
    bundle = root / "briefs" / slug / "index.md"
    return (bundle if bundle.is_file() else root / "briefs" / f"{slug}.md").read_text("utf-8")


@pytest.mark.parametrize("slug", SAMPLES)
def test_web_edition_keeps_the_brief(samples, slug):
    soup, text = page(samples, slug), source_of(samples, slug)
    front = dict(re.findall(r'^(title|summary|lang): "?(.*?)"?$', text, re.M))
    assert soup.html["lang"] == front.get("lang", "en-US")
    assert soup.h1.get_text() == front["title"]
    assert soup.find("meta", attrs={"name": "description"})["content"] == front["summary"]
    assert soup.find("meta", property="og:title")["content"] == front["title"]
    assert soup.find("main") is not None
    notes = set(re.findall(r"^\[\^([^\]]+)\]:", text, re.M))
    # The default citation style puts citations in notes of their own (a link to the reference, nothing else).
    citations = [li for li in soup.select("section.footnotes li") if li.select("a[role=doc-biblioref]")]
    assert len(soup.select("section.footnotes li")) - len(citations) == len(notes)
    assert len(soup.select("a.footnote-ref")) >= len(notes)
    for li in soup.select("section.footnotes li"):
        assert li.select_one("a.footnote-back")["href"].startswith("#fnref")
    assert len(soup.select("table")) == len(re.findall(r"^\|[- :|]+\|$", text, re.M))
    for table in soup.select("table"):
        assert table.caption is not None and table.caption.get_text().strip()


def test_figures_have_alt_text_and_files(samples):
    soup = page(samples, "rome-statute-in-us-case-law")
    figures = soup.select("figure")
    assert len(figures) == 1
    img = figures[0].img
    assert img["alt"].startswith("Timeline of ten dates")  # its fig-alt (tests/test_figures.py)
    assert figures[0].figcaption.get_text().strip()
    assert (samples / "dist" / "rome-statute-in-us-case-law" / img["src"]).is_file()


def test_citations_resolve(samples):
    soup = page(samples, "rome-statute-in-us-case-law")
    text = source_of(samples, "rome-statute-in-us-case-law")
    keys = set(re.findall(r"@([a-z0-9-]+)", text))
    entries = {e["id"].removeprefix("ref-") for e in soup.select("#refs .csl-entry")}
    assert keys <= entries
    assert "???" not in soup.get_text()
    assert "542 U.S. 692" in soup.select_one("#ref-sosa2004").get_text()


def test_table_of_contents_follows_toc_field(samples):
    assert page(samples, "a-case-for-conservatives").select("nav.toc a")
    assert not page(samples, "icc-at-a-glance").select("nav.toc")


def test_rome_statute_is_the_whole_treaty(samples):
    soup = page(samples, "rome-statute")
    assert len([h for h in soup.select("h3") if h.get_text().startswith("Article ")]) == 131
    assert len(soup.select("h2")) >= 13


def test_rome_statute_paragraphs_keep_their_numbering_and_parentheses(samples):
    """Article 36 as the treaty numbers it: paragraphs 1 to 10; in paragraph 3, (a), (b) with (i) and (ii),
    and (c) in one list, marked by a class that gives the markers their parentheses. The corpus writes
    "- (b) ..." (a bullet, for pandoc, holding a list that starts at (b)): no bullet may be left."""
    article = page(samples, "rome-statute").find(id="article-36-qualifications-nomination-and-election-of-judges")
    assert not article.select("ul")

    def number(li) -> int:
        return int(li.parent.get("start", 1)) + len(li.find_previous_siblings("li"))

    paragraphs = article.select(":scope > ol > li")
    assert [number(li) for li in paragraphs] == list(range(1, 11))
    third = paragraphs[2]
    letters = third.select_one(":scope > div.list-lower-alpha-parens > ol")
    assert letters["type"] == "a" and letters.get("start", "1") == "1"
    items = letters.find_all("li", recursive=False)
    assert [li.get_text(" ", strip=True)[:26] for li in items] == \
        ["The judges shall be chosen", "Every candidate for electi", "Every candidate for electi"]
    romans = items[1].select_one(":scope > div.list-lower-roman-parens > ol[type=i]")
    assert len(romans.find_all("li", recursive=False)) == 2
    sixth = paragraphs[5].select_one("div.list-lower-alpha-parens > ol")
    assert [number(li) for li in sixth.find_all("li", recursive=False)] == [1, 2]


def test_every_page_passes_the_nu_html_checker(samples):
    pages = [samples / "dist" / "index.html", *sorted((samples / "dist").glob("*/index.html"))]
    assert len(pages) == len(SAMPLES) + 1  # the catalogue and every web edition
    assert vnu_errors(pages) == []


def test_second_build_is_up_to_date_and_force_rebuilds(samples):
    again = invoke(samples, "build")
    assert again.returncode == 0 and again.stdout.strip().endswith(f"built 0, up to date {len(SAMPLES) + len(SAMPLE_PACKETS)}, failed 0")
    forced = invoke(samples, "build", "--force", "--only", "icc-at-a-glance")
    assert forced.stdout.strip().endswith("built 1, up to date 0, failed 0")


def test_check_on_samples_is_clean(samples):
    result = invoke(samples, "check")
    assert result.returncode == 0, result.stderr
    assert re.match(rf"checked {len(SAMPLES)} briefs: 0 errors, 0 warnings", result.stdout)
    assert result.stderr == ""


def test_bad_briefs_are_each_named_and_good_ones_still_build(project):
    from test_front_matter import CASES

    shutil.copy(REPO / "tasks.py", project.root / "tasks.py")
    for name, (text, _expected) in CASES.items():
        project.write(f"briefs/{name}.md", text)
    project.brief("good-one", "---\ntitle: Good\ndate: 2025-03-12\nkind: brief\nsummary: Fine.\n---\nText.[^1]\n\n"
                              "[^1]: A note.\n")
    result = invoke(project.root, "build")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    for name, (_text, expected) in CASES.items():
        for message in expected:
            assert message in result.stderr, message
    assert project.dist("good-one/index.html").is_file()
    summary = result.stdout.strip().splitlines()[-1]
    assert summary.startswith("failed: ") and summary.endswith(f"built 1, up to date 0, failed {len(CASES)}")


def test_golden_fixture_passes_the_nu_html_checker(tmp_path):
    from golden import render_fixture

    render_fixture(tmp_path)
    assert vnu_errors(sorted((tmp_path / "golden" / "dist").glob("*/index.html"))) == []


def test_drafts_build_only_with_drafts_flag(project):
    shutil.copy(REPO / "tasks.py", project.root / "tasks.py")
    project.brief("work-in-progress", "---\ntitle: WIP\ndate: 2025-03-12\nkind: update\nsummary: Soon.\n"
                                      "status: draft\n---\nText.\n")
    assert invoke(project.root, "build").returncode == 0
    assert not project.dist("work-in-progress").exists()
    assert invoke(project.root, "build", "--drafts").returncode == 0
    assert project.dist("work-in-progress/index.html").is_file()
    assert invoke(project.root, "build").returncode == 0
    assert not project.dist("work-in-progress").exists()


WIDE_TABLE = """\
---
title: "Wide"
date: 2025-03-12
kind: update
summary: "A brief with a table of eight columns."
---

## Ratifications

| State | Signed | Ratified | Region | Article 12(3) | Article 124 | Amendments | Kampala amendments ratified |
|---|---|---|---|---|---|---|---|
| Ukraine | 2000-01-20 | 2024-08-21 | Eastern Europe | Declarations of 2014 and 2015 | Seven years | None yet | Not at the time of writing |
| Senegal | 1998-07-18 | 1999-02-02 | Africa | None | None | Several | All of them, in due course |

: States parties and their declarations, by date of ratification
"""


def test_a_wide_web_table_scrolls_in_a_labelled_focusable_region_and_passes_axe_at_390px(project):
    project.brief("wide", WIDE_TABLE)
    summary = build(Project.at(project.root), Options(formats=("html", "epub")))
    assert summary.built == ["wide"]
    soup = page(project.root, "wide")
    region = soup.select_one("div.table-scroll")
    assert region is not None and region["role"] == "region" and region["tabindex"] == "0"
    table = region.find("table", recursive=False)
    caption = table.find("caption")
    assert caption["id"] and region["aria-labelledby"] == caption["id"]
    assert caption.get_text(strip=True) == "States parties and their declarations, by date of ratification"
    assert len(table.select("thead th")) == 8
    assert len(soup.select("table")) == 1 and soup.select_one("main [tabindex='0']") is region
    assert vnu_errors([project.dist("wide/index.html")]) == []
    for width in (390, 1280):
        assert axe_violations(project.root / "dist", "wide/index.html", width) == [], width
    # The book keeps the shared fragment: a plain table, no scroll region.
    with zipfile.ZipFile(project.dist("wide/wide.epub")) as book:
        xhtml = "".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xhtml"))
    assert "States parties and their declarations" in xhtml and "table-scroll" not in xhtml


QUOTES = """\
---
title: "Quotes"
date: 2025-03-12
kind: update
summary: "Quotations left to right and right to left."
---

> An English quotation, in italics, with its bar on the left.

::: {lang=ar dir=rtl}
> المحكمة الجنائية الدولية هيئة دائمة لها السلطة لممارسة اختصاصها على الأشخاص إزاء أشد الجرائم خطورة.
:::

::: {lang=fa dir=rtl}
> دیوان کیفری بین‌المللی در لاهه است.
:::
"""
BAR_AND_SLANT = """() => [...document.querySelectorAll('main blockquote')].map(q => {
  const s = getComputedStyle(q);
  return [q.closest('[lang]').lang, s.borderLeftWidth, s.borderRightWidth, s.paddingLeft, s.paddingRight, s.fontStyle];
})"""


def test_a_right_to_left_quotation_has_its_bar_on_the_right_and_no_false_italics(project):
    project.brief("quotes", QUOTES)
    build(Project.at(project.root), Options(formats=("html",)))
    found = in_browser(project.root / "dist", "quotes/index.html", BAR_AND_SLANT, 390)
    assert found[0] == ["en-US", "4px", "0px", "20px", "0px", "italic"]
    for lang in ("ar", "fa"):
        assert [q for q in found if q[0] == lang] == [[lang, "0px", "4px", "0px", "20px", "normal"]]


KEY_FACTS = """() => [...document.querySelectorAll('main dl dt')].map(dt => {
  const term = dt.getBoundingClientRect(), fact = dt.nextElementSibling.getBoundingClientRect();
  return [Math.round(term.left), Math.round(fact.left), fact.top >= term.bottom - 1];
})"""


def test_the_fact_sheets_key_facts_are_one_column_on_a_phone_and_two_on_a_desktop(samples):
    """At 390 px a term goes above its fact (two columns wrapped "States parties" into 11 lines)."""
    phone = in_browser(samples / "dist", "icc-at-a-glance/index.html", KEY_FACTS, 390)
    desktop = in_browser(samples / "dist", "icc-at-a-glance/index.html", KEY_FACTS, 1280)
    assert phone and all(term == fact and below for term, fact, below in phone), phone
    assert desktop and all(fact > term and not below for term, fact, below in desktop), desktop


def test_web_titles_are_balanced(samples):
    wrap = in_browser(samples / "dist", "rome-statute-in-us-case-law/index.html",
                      "() => getComputedStyle(document.querySelector('h1')).textWrap", 390)
    assert wrap == "balance"


def test_key_points_come_first_on_the_web_page_the_writers_block_or_else_the_summary(project):
    head = '---\ntitle: "{}"\ndate: 2025-03-12\nkind: brief\nsummary: "The summary, up front."\n---\n\n'
    project.brief("with-block", head.format("With Block") + "::: {.key-points}\n- A point.\n:::\n\n## Body\n\nText.\n")
    project.brief("without", head.format("Without") + "## Body\n\nText.\n")
    build(Project.at(project.root), Options(formats=("html",)))
    panels = {slug: [(p.name, p.get_text(" ", strip=True)) for p in BeautifulSoup(
        project.dist(f"{slug}/index.html").read_text("utf-8"), "html.parser").select("main .key-points")]
        for slug in ("with-block", "without")}
    assert panels == {"with-block": [("div", "A point.")], "without": [("aside", "In brief The summary, up front.")]}
