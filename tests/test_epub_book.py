"""The e-book's assembly on values made here (no build): EPUBCheck-clean, notes, links and languages right;
and on the samples: the nav is the outline without note calls, short kinds read as one flowing document."""
from __future__ import annotations

import dataclasses
import datetime as dt
import io
import xml.etree.ElementTree as ET
import zipfile

import pytest
from bs4 import BeautifulSoup
from conftest import REPO
from PIL import Image as Picture

from handouts.formats.epub_book import Cover, Font, Image, Metadata, Parts, assemble
from handouts.project import Project
from handouts.tools.templates import environment
from handouts.validators.epubcheck import epubcheck_reports

NS = {"opf": "http://www.idpf.org/2007/opf", "x": "http://www.w3.org/1999/xhtml"}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# pandoc's HTML as the pipeline hands it over: text pasted from Word (no-break spaces, curly quotes), a heading
# with two calls and the separator between them, a link to a later chapter and one to another brief, an
# Arabic passage, an image the book has and one the resource policy refused, a note of two paragraphs.
BODY = """\
<p>Before the first section: “a lead paragraph” with\u00a0no-break spaces.</p>
<section id="first" class="level2">
<h2>Article 8: War crimes<a href="#fn1" class="footnote-ref" id="fnref1" role="doc-noteref"><sup>1</sup></a><span \
class="footnote-separator"><sup>,</sup></span><a href="#fn2" class="footnote-ref" id="fnref2" role="doc-noteref">\
<sup>2</sup></a></h2>
<p>See <a href="#second">the next part</a> and <a href="../other-brief/#top">another brief</a>.</p>
<figure><img src="figures/chart.png" alt="A bar chart: Africa 33, Europe 43"><figcaption>States parties</figcaption></figure>
<p><img src="file:///etc/hostname" alt="refused"></p>
<section id="sub" class="level3"><h3>A part of it</h3><p>Text.</p></section>
</section>
<section id="second" class="level2">
<h2>Second</h2>
<div lang="ar" dir="rtl"><p>إن الدول الأطراف<a href="#fn3" class="footnote-ref" id="fnref3" role="doc-noteref"><sup>3</sup></a></p></div>
<p><a href="#first">Back to the first</a></p>
</section>
<section id="references" class="level2"><h2>References</h2>
<div id="refs" class="references csl-bib-body" role="list"><div id="ref-a" class="csl-entry" role="listitem">An entry.</div></div>
</section>
<section id="footnotes" class="footnotes footnotes-end-of-document" role="doc-endnotes">
<hr>
<ol>
<li id="fn1"><p>One.<a href="#fnref1" class="footnote-back" role="doc-backlink">↩︎</a></p></li>
<li id="fn2"><p>Two, first paragraph.</p><p>Two, second.<a href="#fnref2" class="footnote-back" role="doc-backlink">↩︎</a></p></li>
<li id="fn3"><p>Three.<a href="#fnref3" class="footnote-back" role="doc-backlink">↩︎</a></p></li>
</ol>
</section>
"""
META = Metadata(identifier="urn:uuid:0b0e0c1e-0000-5000-8000-000000000001", title='Sneaky <b>title</b> & "quotes"',
                subtitle="A subtitle", lang="fr-FR", date=dt.date(2025, 6, 2), modified=dt.date(2025, 7, 1),
                publisher="A Coalition", creators=("Équipe juridique",), description="A book made by a test.",
                subjects=("cpi",), rights="CC BY 4.0", rights_url="https://creativecommons.org/licenses/by/4.0/",
                dates="Published June 2, 2025, updated July 1, 2025", pipeline_lang="en-US")
FONT = REPO / "assets" / "fonts" / "SourceSerif4-Regular.woff2"
CSS = ('@font-face { font-family: "Source Serif 4"; src: url("../fonts/SourceSerif4-Regular.ttf") format("truetype"); }\n'
       'body { font-family: "Source Serif 4", serif; }\n')


def png(size: tuple[int, int]) -> bytes:
    buffer = io.BytesIO()
    Picture.new("RGB", size, (31, 58, 95)).save(buffer, "PNG")
    return buffer.getvalue()


def parts(**changes) -> Parts:
    values = dict(metadata=META, body=BODY, cover=Cover(png((60, 90)), "image/png", "Cover: a test"), stylesheet=CSS,
                  address="https://handouts.example.org/this-brief/",
                  images={"figures/chart.png": Image(png((40, 20)), "image/png")},
                  fonts=(Font("SourceSerif4-Regular.ttf", FONT),), contents_page=True)
    return Parts(**(values | changes))


@pytest.fixture(scope="module")
def templates():
    return environment(Project.at(REPO))


def documents(book: bytes) -> dict[str, ET.Element]:
    with zipfile.ZipFile(io.BytesIO(book)) as archive:
        return {n: ET.fromstring(archive.read(n)) for n in archive.namelist() if n.endswith((".xhtml", ".opf"))}


def test_books_made_from_values_pass_epubcheck(templates, tmp_path):
    paths = []
    for name, flowing in (("long.epub", False), ("flowing.epub", True)):
        paths.append(tmp_path / name)
        paths[-1].write_bytes(assemble(parts(flowing=flowing, contents_page=not flowing), templates))
    found = {path.name: [f"{m['severity']} {m['ID']}: {m['message']}" for m in messages
                         if m["severity"] in ("FATAL", "ERROR", "WARNING")]
             for path, messages in epubcheck_reports(paths).items()}
    assert found == {"long.epub": [], "flowing.epub": []}


def test_the_same_values_give_the_same_bytes_in_an_ocf_zip(templates):
    book = assemble(parts(), templates)
    assert book == assemble(parts(), templates)
    with zipfile.ZipFile(io.BytesIO(book)) as archive:
        infos = archive.infolist()
        assert archive.read("mimetype") == b"application/epub+zip"
    assert infos[0].filename == "mimetype" and infos[0].compress_type == zipfile.ZIP_STORED
    assert {info.date_time for info in infos} == {(2025, 7, 1, 0, 0, 0)}


def test_chapters_notes_links_and_languages(templates):
    docs = documents(assemble(parts(), templates))
    chapters = {n: d for n, d in docs.items() if n.startswith("EPUB/text/ch")}
    assert list(chapters) == [f"EPUB/text/ch00{n}.xhtml" for n in (1, 2, 3, 4)]
    calls, backs = [], []
    for doc in chapters.values():
        ids = {e.get("id") for e in doc.iter() if e.get("id")}
        calls += [a.text for a in doc.iter(f"{{{NS['x']}}}a") if a.get(EPUB_TYPE) == "noteref"]
        for aside in doc.iter(f"{{{NS['x']}}}aside"):
            assert aside.get(EPUB_TYPE) == "footnote"
            back = aside.find(".//x:a[@role='doc-backlink']", NS)
            assert back.get("href")[1:] in ids and back.tail.startswith(". ")
            backs.append(back.text)
            assert "↩" not in "".join(aside.itertext())
    assert calls == backs == ["1", "2", "3"]
    links = {a.text: a.get("href") for doc in chapters.values() for a in doc.iter(f"{{{NS['x']}}}a") if a.text}
    assert links["the next part"] == "ch003.xhtml#second" and links["Back to the first"] == "ch002.xhtml#first"
    assert links["another brief"] == "https://handouts.example.org/other-brief/#top"
    [arabic] = [d for doc in chapters.values() for d in doc.iter(f"{{{NS['x']}}}div") if d.get("lang") == "ar"]
    assert arabic.get(XML_LANG) == "ar" and arabic.get("dir") == "rtl"
    images = [(i.get("src"), i.get("alt")) for doc in chapters.values() for i in doc.iter(f"{{{NS['x']}}}img")]
    assert images == [("../media/file0.png", "A bar chart: Africa 33, Europe 43")]  # the refused one is gone
    assert [t.text for t in docs["EPUB/content.opf"].iter("{http://purl.org/dc/elements/1.1/}title")] == \
        [META.title, META.subtitle]


def test_the_nav_is_the_outline_without_note_calls(templates):
    nav = documents(assemble(parts(), templates))["EPUB/nav.xhtml"]
    [toc] = [n for n in nav.iter(f"{{{NS['x']}}}nav") if n.get(EPUB_TYPE) == "toc"]
    entries = [(a.text, a.get("href")) for a in toc.iter(f"{{{NS['x']}}}a")]
    assert entries == [("Article 8: War crimes", "text/ch002.xhtml#first"), ("A part of it", "text/ch002.xhtml#sub"),
                       ("Second", "text/ch003.xhtml#second"), ("References", "text/ch004.xhtml#references")]
    [marks] = [n for n in nav.iter(f"{{{NS['x']}}}nav") if n.get(EPUB_TYPE) == "landmarks"]
    assert [(a.get(EPUB_TYPE), a.get("href")) for a in marks.iter(f"{{{NS['x']}}}a")] == [
        ("cover", "text/cover.xhtml"), ("titlepage", "text/title_page.xhtml"), ("toc", "nav.xhtml#toc"),
        ("bodymatter", "text/ch001.xhtml"), ("bibliography", "text/ch004.xhtml#references")]
    heading = toc.find("x:h1", NS)
    assert (heading.get("lang"), heading.get(XML_LANG)) == ("en-US", "en-US")  # our word, in the brand's language


def test_a_flowing_book_is_the_cover_then_one_document(templates):
    docs = documents(assemble(parts(flowing=True, contents_page=False), templates))
    spine = [ref.get("idref") for ref in docs["EPUB/content.opf"].iterfind(".//opf:spine/opf:itemref", NS)]
    assert spine == ["cover_xhtml", "ch001_xhtml"]
    text = docs["EPUB/text/ch001.xhtml"]
    assert [h.text for h in text.iter(f"{{{NS['x']}}}h1")] == [META.title]
    assert len([a for a in text.iter(f"{{{NS['x']}}}aside")]) == 3


# On the samples ------------------------------------------------------------------------------------------------

def book_of(samples, slug: str) -> dict[str, bytes]:
    with zipfile.ZipFile(samples / "dist" / slug / f"{slug}.epub") as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.slow
def test_the_statutes_nav_names_articles_as_the_web_contents_do(samples):
    """The broken case: pandoc's nav, made from the headings' text, kept the separator between two calls
    ("Article 8: War crimes,")."""
    nav = BeautifulSoup(book_of(samples, "rome-statute")["EPUB/nav.xhtml"], "html.parser")
    labels = [" ".join(a.get_text().split()) for a in nav.select('nav[epub\\:type="toc"] a')]
    web = BeautifulSoup((samples / "dist" / "rome-statute" / "index.html").read_text("utf-8"), "html.parser")
    assert "Article 8: War crimes" in labels and not [label for label in labels if label.endswith(",")]
    assert set(labels) <= {" ".join(a.get_text().split()) for a in web.select("nav.toc a")}


@pytest.mark.slow
@pytest.mark.parametrize("slug", ["icc-at-a-glance", "ukraine-joins-the-court"])
def test_a_short_kind_is_its_cover_then_its_text(samples, slug):
    """The broken case: a cover, a bare title page, then a page with the title again and one paragraph, and a
    page for each section."""
    book = book_of(samples, slug)
    opf = ET.fromstring(book["EPUB/content.opf"])
    spine = [ref.get("idref") for ref in opf.iterfind(".//opf:spine/opf:itemref", NS)]
    title = opf.findtext(".//{http://purl.org/dc/elements/1.1/}title")
    assert spine == ["cover_xhtml", "ch001_xhtml"]
    headings = [(h.name, h.get_text()) for name, data in book.items() if name.startswith("EPUB/text/")
                for h in BeautifulSoup(data, "html.parser").select("h1, h2, h3")]
    assert [text for name, text in headings if name == "h1"] == [title]  # the title once, atop the text
    assert [name for name, _text in headings].count("h2") >= 2  # its sections flow in the one document


@pytest.mark.slow
def test_a_long_kind_keeps_its_title_page_and_a_chapter_per_section(samples):
    opf = ET.fromstring(book_of(samples, "a-case-for-conservatives")["EPUB/content.opf"])
    spine = [ref.get("idref") for ref in opf.iterfind(".//opf:spine/opf:itemref", NS)]
    assert spine[:3] == ["cover_xhtml", "title_page_xhtml", "nav_xhtml"] and len(spine) > 6


def test_a_book_in_arabic_turns_its_pages_right_to_left(templates):
    arabic = dataclasses.replace(META, lang="ar-EG")
    docs = documents(assemble(parts(metadata=arabic), templates))
    assert docs["EPUB/content.opf"].find("opf:spine", NS).get("page-progression-direction") == "rtl"
    assert {d.get("dir") for n, d in docs.items() if n.endswith(".xhtml")} == {"rtl"}
    english = documents(assemble(parts(), templates))
    assert english["EPUB/content.opf"].find("opf:spine", NS).get("page-progression-direction") is None
