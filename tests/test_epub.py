"""The e-book: EPUBCheck-clean, with cover, fonts, metadata, notes and nothing else, byte-reproducible."""
from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import uuid
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from conftest import GOOD_FRONT_MATTER, REPO, invoke
from fontTools.ttLib import TTFont
from PIL import Image
from validators import axe_violations, in_browser

from handouts.build.run import Options, build
from handouts.tools.fonts import sfnt_path
from handouts.load.licenses import license_of
from handouts.project import Project
from handouts.validators.epubcheck import epubcheck_reports

pytestmark = pytest.mark.slow

SAMPLES = ["a-case-for-conservatives", "icc-at-a-glance", "rome-statute", "rome-statute-in-us-case-law"]
FRENCH = "cpi-en-bref"
SLUGS = SAMPLES + [FRENCH]
BASE_URL = "https://handouts.example.org/"
NS = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/",
      "x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
ALLOWED_IN_BOOK = re.compile(r"mimetype|META-INF/(container|com\.apple\.ibooks\.display-options)\.xml|"
                             r"EPUB/(content\.opf|toc\.ncx|nav\.xhtml|styles/stylesheet1\.css|"
                             r"text/(title_page|cover|ch\d+)\.xhtml|media/(cover|file\d+)\.(png|jpg|svg)|"
                             r"fonts/[A-Za-z0-9-]+\.ttf)")

FRENCH_BRIEF = """\
---
title: "La Cour pénale internationale en bref"
subtitle: "Ce qu’elle juge, qui elle lie, et ce qu’elle n’est pas"
date: 2025-06-02
updated: 2025-07-01
kind: factsheet
summary: "Une présentation courte de la Cour, avec le début du préambule du Statut de Rome en arabe."
authors: ["Équipe juridique"]
topics: [cpi, statut-de-rome]
lang: fr-FR
toc: true
cover: couverture.jpg
license: "CC BY 4.0"
---

## Une juridiction de dernier ressort

La Cour ne juge que si les États ne le font pas « véritablement »[^1]. Elle siège à La Haye.

![Nombre d’États parties par région, en barres : Afrique 33, Europe 43](figures/regions.png)

## Le préambule en arabe

::: {lang=ar dir=rtl}
إن الدول الأطراف في هذا النظام الأساسي، إذ تدرك أن ثمة روابط مشتركة توحد جميع الشعوب[^2].
:::

| Région | États parties |
|---|---|
| Afrique | 33 |
| Europe | 43 |

: États parties par région

[^1]: Statut de Rome, article 17.
[^2]: Préambule, premier alinéa.
"""

# Injection attempts that only warn: a second YAML block naming files for pandoc, raw HTML that would
# fetch or embed; and a title full of Markdown and HTML that must stay text.
SNEAKY_BRIEF = """\
---
title: "Sneaky *stars* & <b>tags</b> [link](x.md) \\\\ `code` 1. _"
date: 2025-01-02
kind: update
summary: "Tries to get files into the e-book."
---

Some text.

---
css: /etc/hostname
cover-image: /etc/hostname
epub-embed-font: /etc/hostname
---

<meta name="cover-image" content="/etc/hostname"><link rel="stylesheet" href="../../_brand.yml">
<object data="../../_brand.yml"></object><iframe src="file:///etc/hostname"></iframe>
"""
SNEAKY_TITLE = "Sneaky *stars* & <b>tags</b> [link](x.md) \\ `code` 1. _"
# Images the resource policy refuses (errors): the book, if written, must not hold them either.
OUTSIDE_BRIEF = """\
---
title: "Outside"
date: 2025-01-02
kind: update
summary: "Refers to files outside its folder."
---

<img src="file:///etc/hostname" alt="x"><img src="../_brand.yml" alt="y"><img src="/etc/hostname" alt="z">
![up](../../_brand.yml)
"""

def png(size: tuple[int, int], color: tuple[int, int, int], fmt: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, fmt)
    return buffer.getvalue()


def make_project(root: Path) -> Path:
    """The repository's project plus the French bundle (JPEG cover, PNG figure), ready to build."""
    for name in ("briefs", "layouts", "assets"):
        shutil.copytree(REPO / name, root / name)
    for name in ("_brand.yml", "tasks.py"):
        shutil.copy(REPO / name, root / name)
    bundle = root / "briefs" / FRENCH
    (bundle / "figures").mkdir(parents=True)
    (bundle / "index.md").write_text(FRENCH_BRIEF, "utf-8")
    (bundle / "couverture.jpg").write_bytes(png((600, 900), (150, 40, 40), "JPEG"))
    (bundle / "figures" / "regions.png").write_bytes(png((400, 200), (31, 58, 95)))
    return root


def build_epubs(root: Path, **env: str) -> None:
    environment = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"} | env
    result = subprocess.run([sys.executable, "-m", "invoke", "build", "--formats", "epub,html"], cwd=root,
                            capture_output=True, text=True, timeout=900, env=environment)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "warning" not in result.stderr, result.stderr


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> Path:
    root = make_project(tmp_path_factory.mktemp("epub"))
    build_epubs(root, TZ="America/Los_Angeles")
    return root


def epub_path(root: Path, slug: str) -> Path:
    return root / "dist" / slug / f"{slug}.epub"


def opf_of(archive: zipfile.ZipFile) -> ET.Element:
    return ET.fromstring(archive.read("EPUB/content.opf"))


def metas(opf: ET.Element, prop: str) -> list[str]:
    return [m.text for m in opf.iterfind(f".//opf:meta[@property='{prop}']", NS)]


def front_matter(root: Path, slug: str) -> str:
    bundle = root / "briefs" / slug / "index.md"
    return (bundle if bundle.is_file() else root / "briefs" / f"{slug}.md").read_text("utf-8").split("\n---\n")[0]


def field(front: str, name: str) -> str | None:
    match = re.search(rf'^{name}: "?(.*?)"?$', front, re.M)
    return match.group(1) if match else None


def epubcheck(books: list[Path], reports: Path) -> dict[str, list[str]]:
    """EPUBCheck's fatals, errors and warnings for each book, from one JVM (the package's batch runner)."""
    found = {}
    for book, messages in epubcheck_reports(books).items():
        assert messages is not None, f"EPUBCheck wrote no report on {book.name}"
        found[book.name] = [f"{m['severity']} {m['ID']}: {m['message']} "
                            f"({', '.join(loc['path'] + ':' + str(loc.get('line')) for loc in m['locations'][:2])})"
                            for m in messages if m["severity"] in ("FATAL", "ERROR", "WARNING")]
    return found


def test_every_epub_passes_epubcheck_without_warnings(books, tmp_path):
    paths = [epub_path(books, slug) for slug in SLUGS]
    assert epubcheck(paths, tmp_path) == {p.name: [] for p in paths}


@pytest.mark.parametrize("slug", SLUGS)
def test_metadata_comes_from_the_brief_and_brand(books, slug):
    front = front_matter(books, slug)
    with zipfile.ZipFile(epub_path(books, slug)) as archive:
        opf = opf_of(archive)
    meta = opf.find("opf:metadata", NS)
    assert meta.findtext("dc:language", namespaces=NS) == (field(front, "lang") or "en-US")
    assert opf.get("{http://www.w3.org/XML/1998/namespace}lang") == (field(front, "lang") or "en-US")
    titles = [t.text for t in meta.iterfind("dc:title", NS)]
    assert titles[0] == field(front, "title")
    if field(front, "subtitle"):
        assert titles[1] == field(front, "subtitle")
    expected_id = f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, BASE_URL + slug + '/')}"
    assert meta.findtext("dc:identifier", namespaces=NS) == expected_id
    assert meta.findtext("dc:date", namespaces=NS) == field(front, "date")
    assert metas(opf, "dcterms:modified") == [(field(front, "updated") or field(front, "date")) + "T00:00:00Z"]
    assert meta.findtext("dc:description", namespaces=NS) == field(front, "summary")
    assert meta.findtext("dc:publisher", namespaces=NS) == "U.S. Coalition for the International Criminal Court"
    assert meta.findtext("dc:rights", namespaces=NS) == license_of(field(front, "license")).name  # "CC BY 4.0"
    topics = re.search(r"^topics: \[(.*)\]$", front, re.M).group(1).split(", ")
    assert [s.text for s in meta.iterfind("dc:subject", NS)] == topics
    assert meta.findall("dc:creator", NS)


@pytest.mark.parametrize("slug", SLUGS)
def test_accessibility_metadata(books, slug):
    with zipfile.ZipFile(epub_path(books, slug)) as archive:
        opf = opf_of(archive)
        images = [n for n in archive.namelist() if n.startswith("EPUB/media/file")]
    assert set(metas(opf, "schema:accessMode")) == ({"textual", "visual"} if images else {"textual"})
    assert "textual" in metas(opf, "schema:accessModeSufficient")
    features = set(metas(opf, "schema:accessibilityFeature"))
    assert {"structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability"} <= features
    assert ("alternativeText" in features) == bool(images)
    assert metas(opf, "schema:accessibilityHazard") == ["none"]
    [summary] = metas(opf, "schema:accessibilitySummary")
    assert "table of contents" in summary


@pytest.mark.parametrize("slug", SLUGS)
def test_cover_is_marked_and_listed_first(books, slug):
    with zipfile.ZipFile(epub_path(books, slug)) as archive:
        opf = opf_of(archive)
        [item] = [i for i in opf.iterfind(".//opf:item", NS) if "cover-image" in (i.get("properties") or "")]
        data = archive.read("EPUB/" + item.get("href"))
        first = opf.find(".//opf:spine/opf:itemref", NS).get("idref")
        cover_page = ET.fromstring(archive.read("EPUB/text/cover.xhtml"))
        nav = ET.fromstring(archive.read("EPUB/nav.xhtml"))
    assert first == "cover_xhtml"
    image = cover_page.find(".//x:img", NS)
    # The description is in the book's language's words: "Couverture : " in the French test brief.
    assert image.get("src") == "../" + item.get("href") \
        and image.get("alt").startswith("Couverture\u00a0: " if slug == FRENCH else "Cover: ")
    landmarks = {a.get(EPUB_TYPE) for nav_el in nav.iterfind(".//x:nav", NS)
                 if nav_el.get(EPUB_TYPE) == "landmarks" for a in nav_el.iterfind(".//x:a", NS)}
    assert {"cover", "titlepage", "bodymatter"} <= landmarks
    toc = [n for n in nav.iterfind(".//x:nav", NS) if n.get(EPUB_TYPE) == "toc"]
    assert toc and toc[0].findall(".//x:a", NS)
    if slug == FRENCH:
        assert item.get("media-type") == "image/jpeg"
        assert data == (books / "briefs" / FRENCH / "couverture.jpg").read_bytes()
    else:
        assert item.get("media-type") == "image/png"
        assert Image.open(io.BytesIO(data)).size == (1200, 1600)


@pytest.mark.parametrize("slug", SLUGS)
def test_brand_fonts_are_embedded_and_the_stylesheet_uses_them(books, slug):
    with zipfile.ZipFile(epub_path(books, slug)) as archive:
        opf = opf_of(archive)
        names = set(archive.namelist())
        css = re.sub(r"/\*.*?\*/", "", archive.read("EPUB/styles/stylesheet1.css").decode("utf-8"), flags=re.S)
    fonts = {i.get("href") for i in opf.iterfind(".//opf:item", NS) if i.get("media-type") == "font/ttf"}
    assert {"fonts/SourceSerif4-Regular.ttf", "fonts/SourceSans3-Bold.ttf"} <= fonts
    assert all("EPUB/" + font in names for font in fonts)
    referenced = set(re.findall(r'url\("\.\./(fonts/[^"]+)"\) format\("truetype"\)', css))
    assert referenced == fonts  # every embedded font is used, every font used is embedded
    assert ("fonts/NotoNaskhArabic-Regular.ttf" in fonts) == (slug == FRENCH)
    assert "var(" not in css and "--brand-" not in css  # values resolved for reading systems without them
    assert not re.search(r"font-size:\s*[\d.]+(px|pt)", css)  # the reader's text size wins
    assert re.search(r'font-family: "Source Serif 4", "Source Sans 3"(, "[^"]+")*, serif;', css)


@pytest.mark.parametrize("slug", SLUGS)
def test_fonts_are_cut_to_the_books_characters(books, slug):
    """Each font keeps every character the book shows that the brand's font has, and little else."""
    with zipfile.ZipFile(epub_path(books, slug)) as archive:
        names = archive.namelist()
        shown = {ord(c) for n in names if n.endswith(".xhtml")
                 for c in "".join(ET.fromstring(archive.read(n)).itertext())}
        fonts = {n.rsplit("/", 1)[1]: archive.read(n) for n in names if n.startswith("EPUB/fonts/")}
    assert sum(map(len, fonts.values())) < 400_000  # whole, the families weigh 1.9 MB unpacked
    for name, data in fonts.items():
        font = TTFont(io.BytesIO(data))
        kept = set(font.getBestCmap())
        source = TTFont(sfnt_path(REPO / "assets" / "fonts" / name.replace(".ttf", ".woff2")))
        assert shown & set(source.getBestCmap()) <= kept, name
        assert len(kept) < 700, name
        assert font["name"].getDebugName(0) == source["name"].getDebugName(0)  # the copyright stays
        if name.startswith("NotoNaskhArabic"):  # letters join: the contextual forms survive the cut
            assert {"init", "medi", "fina", "rlig"} <= features(font, "GSUB"), name
        if name.startswith("SourceSerif4-Regular"):
            assert "kern" in features(font, "GPOS") and "liga" in features(font, "GSUB"), name


def features(font: TTFont, table: str) -> set[str]:
    return {r.FeatureTag for r in font[table].table.FeatureList.FeatureRecord} if table in font else set()


@pytest.mark.parametrize("slug", ["a-case-for-conservatives", "rome-statute", FRENCH])
def test_footnotes_are_epub_footnotes_with_backlinks(books, slug):
    notes = set(re.findall(r"^\[\^([^\]]+)\]:", (books / "briefs" / (f"{slug}/index.md" if slug == FRENCH
                                                                     else f"{slug}.md")).read_text("utf-8"), re.M))
    calls, labels = [], []
    with zipfile.ZipFile(epub_path(books, slug)) as archive:
        for name in sorted(archive.namelist()):
            if not re.fullmatch(r"EPUB/text/ch\d+\.xhtml", name):
                continue
            page = ET.fromstring(archive.read(name))
            ids = {e.get("id") for e in page.iter() if e.get("id")}
            calls += [a.text for a in page.iterfind(".//x:a", NS) if a.get(EPUB_TYPE) == "noteref"]
            for aside in page.iterfind(".//x:aside", NS):
                assert aside.get(EPUB_TYPE) == "footnote"
                back = aside.find(".//x:a[@role='doc-backlink']", NS)
                assert back is not None and back.get("href").lstrip("#") in ids
                labels.append(back.text)
            assert page.find(".//x:title", NS).text != name.rsplit("/", 1)[1]  # a real title, not the file name
    # numbered through the book, as in the web and print editions (pandoc restarts at 1 in each chapter)
    assert calls == labels == [str(n) for n in range(1, len(notes) + 1)] and notes


def test_a_kinds_own_epub_css_follows_the_shared_one(project):
    project.write("layouts/factsheet/epub.css", "h2 { color: #123456; }\n")
    project.brief("sheet", GOOD_FRONT_MATTER.replace("kind: brief", "kind: factsheet") + "## A\n\nText.\n")
    project.brief("long", GOOD_FRONT_MATTER + "## A\n\nText.\n")
    assert not build(Project.at(project.root), Options(formats=("epub",))).failed
    styles = {}
    for slug in ("sheet", "long"):
        with zipfile.ZipFile(epub_path(project.root, slug)) as archive:
            styles[slug] = archive.read("EPUB/styles/stylesheet1.css").decode("utf-8")
    assert styles["sheet"].rstrip().endswith("h2 { color: #123456; }") and "#123456" not in styles["long"]


def test_title_page_and_contents_speak_to_readers(books):
    with zipfile.ZipFile(epub_path(books, FRENCH)) as archive:
        nav = ET.fromstring(archive.read("EPUB/nav.xhtml"))
        [href] = [a.get("href") for a in nav.iterfind(".//x:a", NS) if a.get(EPUB_TYPE) == "titlepage"]
        title_page = ET.fromstring(archive.read("EPUB/" + href.split("#")[0]))  # a fact sheet's: atop its text
    [date] = [p for p in title_page.iterfind(".//x:p", NS) if p.get("class") == "date"]
    # The pipeline's words in the book's language (words.py speaks French): not marked as another language.
    assert (date.text, date.get("lang")) == ("Publié le 2 juin 2025, mis à jour le 1er juillet 2025", None)
    [rights] = [d for d in title_page.iterfind(".//x:div", NS) if d.get("class") == "rights"]
    link = rights.find("x:a", NS)
    assert (link.text, link.get("href")) == ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/")
    heading = nav.find(".//x:nav/x:h1", NS)
    assert (heading.text, heading.get("lang")) == ("Sommaire", None)


def test_rome_statute_paragraphs_keep_their_numbering_and_parentheses(books):
    """Article 36, paragraph 3 in the book: "3." then "(a)", "(b)" with "(i)", "(ii)", and "(c)" in one list;
    the stylesheet gives the class its parentheses (a reader without @counter-style shows "a.")."""
    with zipfile.ZipFile(epub_path(books, "rome-statute")) as archive:
        pages = [ET.fromstring(archive.read(n)) for n in archive.namelist() if re.fullmatch(r"EPUB/text/ch\d+\.xhtml", n)]
        stylesheet = archive.read("EPUB/styles/stylesheet1.css").decode("utf-8")
    assert re.search(r"@counter-style lower-alpha-parens \{[^}]*prefix: \"\(\"", stylesheet)
    assert ".list-lower-alpha-parens > ol { list-style-type: lower-alpha-parens; }" in stylesheet
    parents = {child: parent for page in pages for parent in page.iter() for child in parent}
    [judges] = [li for page in pages for li in page.iterfind(".//x:li", NS)
                if "".join(li.itertext()).startswith("The judges shall be chosen")]
    letters = parents[judges]
    assert letters.get("type") == "a" and letters.get("start") in (None, "1")
    assert parents[letters].get("class") == "list-lower-alpha-parens"
    assert ["".join(li.itertext())[:26] for li in letters.iterfind("x:li", NS)] == \
        ["The judges shall be chosen", "Every candidate for electi", "Every candidate for electi"]
    romans = letters.find("x:li[2]/x:div/x:ol", NS)
    assert romans.get("type") == "i" and len(romans.findall("x:li", NS)) == 2
    assert parents[romans].get("class") == "list-lower-roman-parens"
    paragraph = parents[parents[letters]]
    paragraphs = parents[paragraph]
    assert int(paragraphs.get("start", "1")) + list(paragraphs).index(paragraph) == 3
    assert not [ul for page in pages for ul in page.iterfind(".//x:section//x:ul", NS)]


def test_french_brief_keeps_its_arabic_passage_and_figure(books):
    with zipfile.ZipFile(epub_path(books, FRENCH)) as archive:
        names = archive.namelist()
        pages = [ET.fromstring(archive.read(n)) for n in names if re.fullmatch(r"EPUB/text/ch\d+\.xhtml", n)]
        media = [n for n in names if n.startswith("EPUB/media/file")]
        figure = (books / "briefs" / FRENCH / "figures" / "regions.png").read_bytes()
        assert [archive.read(n) for n in media] == [figure]
    assert all(p.get("lang") == "fr-FR" for p in pages)
    [arabic] = [d for p in pages for d in p.iterfind(".//x:div", NS) if d.get("lang") == "ar"]
    assert arabic.get("dir") == "rtl" and "النظام الأساسي" in "".join(arabic.itertext())
    [image] = [i for p in pages for i in p.iterfind(".//x:img", NS)]
    assert image.get("alt").startswith("Nombre d’États parties") and image.get("src") == "../" + media[0][5:]
    assert pages[0].find(".//x:figcaption", NS) is not None


def test_only_the_briefs_files_and_ours_are_in_the_book(books, tmp_path):
    project = make_project(tmp_path / "sneaky")
    (project / "briefs" / "sneaky.md").write_text(SNEAKY_BRIEF, "utf-8")
    (project / "briefs" / "outside.md").write_text(OUTSIDE_BRIEF, "utf-8")
    result = invoke(project, "build", "--formats", "epub", "--only", "sneaky,outside")
    assert "Traceback" not in result.stderr + result.stdout
    assert "[resource.outside]" in result.stderr
    with zipfile.ZipFile(epub_path(project, "sneaky")) as archive:
        assert opf_of(archive).findtext(".//dc:title", namespaces=NS) == SNEAKY_TITLE
    hostname = Path("/etc/hostname").read_bytes().strip() if Path("/etc/hostname").is_file() else b""
    brand = (project / "_brand.yml").read_bytes()
    books_made = [(s, epub_path(project, s)) for s in ("sneaky", "outside") if epub_path(project, s).is_file()]
    for slug, book in books_made + [(s, epub_path(books, s)) for s in SLUGS]:
        with zipfile.ZipFile(book) as archive:
            names = archive.namelist()
            assert [n for n in names if not ALLOWED_IN_BOOK.fullmatch(n)] == [], slug
            for name in names:
                data = archive.read(name)
                assert brand not in data and (len(hostname) < 6 or hostname not in data), (slug, name)
            fonts = {n.rsplit("/", 1)[1].removesuffix(".ttf") for n in names if n.startswith("EPUB/fonts/")}
            assert fonts <= {p.stem for p in (REPO / "assets" / "fonts").glob("*.woff2")}


def test_zip_is_an_ocf_container_with_fixed_dates(books):
    with zipfile.ZipFile(epub_path(books, FRENCH)) as archive:
        infos = archive.infolist()
    assert infos[0].filename == "mimetype" and infos[0].compress_type == zipfile.ZIP_STORED
    assert infos[0].extra == b""
    assert {info.date_time for info in infos} == {(2025, 7, 1, 0, 0, 0)}  # the brief's `updated`


def test_two_builds_in_other_time_zones_give_the_same_bytes(books, tmp_path):
    again = make_project(tmp_path / "again")
    build_epubs(again, TZ="Asia/Kolkata", LC_ALL="C.UTF-8")
    for slug in SLUGS:
        assert epub_path(again, slug).read_bytes() == epub_path(books, slug).read_bytes(), slug


def test_a_right_to_left_quotation_has_its_bar_on_the_right_and_no_false_italics(project):
    from test_build import BAR_AND_SLANT, QUOTES

    project.brief("quotes", QUOTES)
    build(Project.at(project.root), Options(formats=("epub",)))
    folder = project.dist("quotes/book")
    with zipfile.ZipFile(project.dist("quotes/quotes.epub")) as book:
        book.extractall(folder)
    chapter = next(p for p in (folder / "EPUB" / "text").glob("ch*.xhtml") if "<blockquote" in p.read_text("utf-8"))
    found = in_browser(project.dist(""), chapter.relative_to(project.dist("")).as_posix(),
                       BAR_AND_SLANT.replace("main blockquote", "blockquote"))
    bars = {lang: (left, right, style) for lang, left, right, _pl, _pr, style in found}
    assert bars["en-US"][0] != "0px" and bars["en-US"][1] == "0px" and bars["en-US"][2] == "italic"
    for lang in ("ar", "fa"):
        assert bars[lang][0] == "0px" and bars[lang][1] != "0px" and bars[lang][2] == "normal", (lang, bars)


WIDE_BOOK = """\
---
title: "Wide"
date: 2025-03-12
kind: update
summary: "Long code lines and a table of eight columns."
---

## Code

```python
def a_function_with_a_long_line(argument_one, argument_two):
    return {"a_long_key_that_goes_on": argument_one, "another_long_key_that_goes_on_too": argument_two, "more": [1, 2, 3, 4, 5]}
```

    an_unhighlighted_block_with_a_line_of_words_and_no_spaces_at_all_that_goes_on_and_on_and_on_past_the_page()

## Ratifications

| State | Signed | Ratified | Region | Article 12(3) | Article 124 | Amendments | Kampala amendments ratified |
|---|---|---|---|---|---|---|---|
| Ukraine | 2000-01-20 | 2024-08-21 | Eastern Europe | Declarations of 2014 and 2015 | Seven years | None yet | Not at the time of writing |
| Senegal | 1998-07-18 | 1999-02-02 | Africa | None | None | Several | All of them, in due course |

: States parties and their declarations
"""
OVERFLOW = """() => [document.documentElement.scrollWidth - document.documentElement.clientWidth,
  ...[...document.querySelectorAll('pre, table')].map(e => [e.localName, Math.round(e.getBoundingClientRect().right),
      e.scrollWidth - e.clientWidth])]"""


def test_code_wraps_and_a_wide_table_fits_a_small_reader_page(project):
    project.brief("wide", WIDE_BOOK)
    build(Project.at(project.root), Options(formats=("epub",)))
    folder = project.dist("wide/book")
    with zipfile.ZipFile(project.dist("wide/wide.epub")) as book:
        book.extractall(folder)
        css = book.read("EPUB/styles/stylesheet1.css").decode()
    assert re.search(r"pre\.sourceCode > code\.sourceCode \{[^}]*white-space: pre-wrap", css)
    chapters = sorted(p.relative_to(project.dist("")).as_posix() for p in (folder / "EPUB" / "text").glob("ch*.xhtml")
                      if "<pre" in p.read_text("utf-8") or "<table" in p.read_text("utf-8"))
    assert chapters
    for chapter in chapters:
        found = in_browser(project.dist(""), chapter, OVERFLOW, 360, 640)
        overflow, elements = found[0], found[1:]
        assert overflow <= 0, (chapter, found)  # nothing wider than the page
        assert all(right <= 360 and scrolls <= 0 for _name, right, scrolls in elements), (chapter, found)
        assert axe_violations(project.dist(""), chapter, 360, 640) == [], chapter
    assert {name for chapter in chapters for name, *_ in in_browser(project.dist(""), chapter, OVERFLOW, 360)[1:]} \
        == {"pre", "table"}


def test_a_highlighted_code_block_passes_epubcheck(project, tmp_path):
    project.brief("code", WIDE_BOOK)
    build(Project.at(project.root), Options(formats=("epub",)))
    book = project.dist("code/code.epub")
    assert epubcheck([book], tmp_path) == {"code.epub": []}
    with zipfile.ZipFile(book) as archive:
        chapter = next(archive.read(n).decode() for n in archive.namelist() if "sourceCode" in archive.read(n).decode()
                       and n.endswith(".xhtml"))
    assert chapter.count('id="cb1"') == 1 and 'href="#cb1-1" aria-hidden="true" tabindex="-1"' in chapter
