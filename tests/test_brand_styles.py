"""Brand files written the way other organizations publish theirs build in all three formats, or say at their
line what they cannot have; the CSS they give has no empty value and no var() that nothing defines."""
from __future__ import annotations

import re
import shutil
import zipfile

import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURES, REPO, TestProject
from css_check import empty_values, rule, undefined_variables
from pypdf import PdfReader

from handouts.load.brand import load_brand
from handouts.build.run import Options, build
from handouts.problems import sort_key
from handouts.project import Project
from handouts.site.assets import brand_css
from handouts.tools.templates import environment

pytestmark = pytest.mark.slow
BRIEF = """\
---
title: "Plain Words"
subtitle: "One brief under another organization's brand"
date: 2025-03-12
kind: reference  # printed with a cover however short: the cover colour test reads it
summary: "A short brief built under brand files of other organizations."
---

## Why it matters

The Court acts only when national courts do not, under `article 17`.[^1] *Italic* and **bold** words.

```
complementarity = national courts first
```

[^1]: Rome Statute, art. 17.
"""


def built(tmp_path_factory, style: str):
    """A project with the brand of tests/fixtures/brand-styles/<style> (its files beside it), built once."""
    project = TestProject(tmp_path_factory.mktemp(style) / "project")
    shutil.copytree(FIXTURES / "brand-styles" / style, project.root, dirs_exist_ok=True)
    if (project.root / "brand").is_dir():  # the UN-style brand keeps its fonts under brand/fonts/
        shutil.copytree(REPO / "assets" / "fonts", project.root / "brand" / "fonts", dirs_exist_ok=True)
    project.brief("plain-words", BRIEF)
    summary = build(Project.at(project.root), Options(jobs=1))
    assert summary.built == ["plain-words"], [p.render() for p in summary.problems]
    return project, summary


@pytest.fixture(scope="module")
def government(tmp_path_factory):
    return built(tmp_path_factory, "government")


@pytest.fixture(scope="module")
def un_agency(tmp_path_factory):
    return built(tmp_path_factory, "un-agency")


@pytest.fixture(scope="module")
def web_fonts(tmp_path_factory):
    return built(tmp_path_factory, "web-fonts")


def where(summary) -> list[tuple[str, int, str]]:
    return [(p.path, p.line, p.code) for p in sorted(summary.problems, key=sort_key)]


def epub_css(project) -> str:
    with zipfile.ZipFile(project.dist("plain-words/plain-words.epub")) as book:
        return "\n".join(book.read(n).decode() for n in book.namelist() if n.endswith(".css"))


def print_css(project) -> str:
    """The brand's CSS with the print layouts' own, as WeasyPrint reads them for the PDF."""
    p = Project.at(project.root)
    brand, _problems = load_brand(p)
    sheets = [brand_css(brand, environment(p), lambda path: path.as_uri())]
    sheets += [(p.layouts / "base" / name).read_text() for name in ("lists.css", "print.css")]
    return "\n".join(sheets)


def pdf_fonts(project) -> set[str]:
    pdf = PdfReader(project.dist("plain-words/plain-words.pdf"))
    return {str(f.get_object()["/BaseFont"]).split("+")[-1].replace("-", "") for page in pdf.pages
            for f in page["/Resources"]["/Font"].values()}


@pytest.mark.parametrize("style", ["government", "un_agency", "web_fonts"])
def test_every_style_gives_css_without_empty_values_or_undefined_variables(style, request):
    project, summary = request.getfixturevalue(style)
    web = project.dist("assets/handouts.css").read_text()
    for css in (web, print_css(project), epub_css(project)):
        assert empty_values(css) == [] and undefined_variables(css) == []
    assert not [p for p in summary.problems if p.code.startswith("pdf.")], [p.render() for p in summary.problems]


def test_government_style_brand_with_system_fonts_and_string_meta(government):
    project, summary = government
    assert where(summary) == [("_brand.yml", 9, "brand.logo-alt"), ("_brand.yml", 26, "brand.font-system")]
    font_warning = sorted(summary.problems, key=sort_key)[1].render()
    assert "font 'Merriweather Web' is not installed on this machine: the PDF shows" in font_warning
    page = BeautifulSoup(project.dist("plain-words/index.html").read_text(), "html.parser")
    assert "Office of Global Criminal Justice" in page.get_text()
    assert page.select_one("header img")["src"] == "../assets/logo/seal.svg"
    css = project.dist("assets/handouts.css").read_text()
    assert "--brand-background: #ffffff;" in css  # `background: white`
    assert '--font-base: "Public Sans", "DejaVu Sans", sans-serif;' in css
    assert "--code-background: #f0f0f0;" in css
    assert {"DejaVuSans", "DejaVuSansMono"} <= pdf_fonts(project)
    assert "Office of Global Criminal Justice" in PdfReader(project.dist("plain-words/plain-words.pdf")).pages[0] \
        .extract_text()


def test_un_style_brand_with_light_and_dark_logos_and_named_weights(un_agency):
    project, summary = un_agency
    assert where(summary) == [("_brand.yml", 48, "brand.link-decoration")]  # navy links in near-black text
    page = BeautifulSoup(project.dist("plain-words/index.html").read_text(), "html.parser")
    assert page.select_one("header img")["src"] == "../assets/logo/emblem-white.svg"  # on the dark header bar
    catalogue = BeautifulSoup(project.dist("index.html").read_text(), "html.parser")
    assert catalogue.select_one("header img")["src"] == "assets/logo/emblem-white.svg"
    assert sorted(p.name for p in project.dist("assets/logo").iterdir()) == ["emblem-blue.svg", "emblem-white.svg"]
    css = project.dist("assets/handouts.css").read_text()
    assert "--headings-weight: 600;" in css and "font-weight: 600;" in css  # semi-bold
    assert "--pre-background: #f2f2f2;" in css and "--link-decoration: underline;" in css
    assert all(f.startswith("SourceSans3") for f in pdf_fonts(project)), pdf_fonts(project)


def test_web_font_sources_say_the_network_is_never_used_and_name_their_stand_ins(web_fonts):
    project, summary = web_fonts
    assert where(summary) == [("_brand.yml", 13, "brand.font-web"), ("_brand.yml", 18, "brand.font-web"),
                              ("_brand.yml", 23, "brand.font-web")]
    inter, literata, plex = (p.render() for p in sorted(summary.problems, key=sort_key))
    assert "font 'Inter' comes from Google Fonts (source: google), which needs the network" in inter
    assert "npm package @fontsource/inter" in inter
    assert "font 'Literata' comes from Bunny Fonts (source: bunny)" in literata
    assert "font 'IBM Plex Mono' is a file at a web address" in plex
    stand_ins = {re.search(r"the PDF shows '([^']+)'", text).group(1) for text in (inter, literata, plex)}
    assert {name.replace(" ", "") for name in stand_ins} <= pdf_fonts(project)
    with zipfile.ZipFile(project.dist("plain-words/plain-words.epub")) as book:
        assert not [n for n in book.namelist() if "/fonts/" in n]  # nothing fetched, nothing embedded


def test_the_header_bar_the_print_cover_and_the_drawn_cover_agree_on_the_primary_color(government, tmp_path):
    """The government brand sets `primary` and no `dark`: every large area of brand color is `primary`."""
    import subprocess

    from PIL import Image

    project, _summary = government
    primary = (0x00, 0x5E, 0xA2)
    subprocess.run(["pdftoppm", "-r", "20", "-png", "-f", "1", "-l", "1",
                    str(project.dist("plain-words/plain-words.pdf")), str(tmp_path / "page")], check=True)
    cover_page = Image.open(next(tmp_path.glob("page*.png"))).convert("RGB")
    assert cover_page.getpixel((2, cover_page.height // 2)) == primary
    drawn = Image.open(project.dist("plain-words/cover.png")).convert("RGB")
    assert drawn.getpixel((2, 2)) == primary
    assert rule(project.dist("assets/handouts.css").read_text(), ".site-header")["background"] \
        == "var(--brand-primary)"
