"""Every value escaped for the context it lands in (XML, CSS string, JSON, HTML attribute), and PDF links that
never point at the build machine's files: one brief with hostile but valid values, built once."""
from __future__ import annotations

import json
import subprocess
import zipfile

import pytest
from bs4 import BeautifulSoup
from lxml import etree
from pypdf import PdfReader

from handouts.build.run import Options, build
from handouts.project import Project

pytestmark = pytest.mark.slow
# Valid YAML and valid front matter, hostile in every output language: XML, CSS, JSON, HTML, Jinja.
TITLE = 'Tom & "Jerry" </style> \\ ]]> {{ 7*7 }}'
SUBTITLE = "</script><script>alert(1)</script> 'single'\u2028sep"
SUMMARY = 'A summary with <b>markup</b>, "quotes" & an </title> end.'
LINKS = ["report.pdf", "//other.example/x", "?q=1", "figures/", "../up.html"]
BRIEF = f"""---
title: {json.dumps(TITLE)}
subtitle: {json.dumps(SUBTITLE)}
date: 2025-03-12
kind: update
summary: {json.dumps(SUMMARY)}
authors: [{json.dumps('O"Brien <a@b>')}]
---

## Links

{chr(10).join(f"- [link {n}]({href})" for n, href in enumerate(LINKS))}

{chr(10).join(f"Paragraph {n} of enough text to fill a second page, so that the running title shows. " * 6
              + chr(10) for n in range(14))}
"""


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    from conftest import TestProject

    project = TestProject(tmp_path_factory.mktemp("escaping") / "project")
    project.brief("hostile-values", BRIEF)
    summary = build(Project.at(project.root), Options(jobs=1))
    assert summary.built == ["hostile-values"], [p.render() for p in summary.problems]
    return project.root / "dist"


def test_xml_feeds_are_well_formed_and_hold_the_exact_title(dist):
    atom = "{http://www.w3.org/2005/Atom}"
    for name in ("feed.xml", "opds.xml"):
        root = etree.parse(str(dist / name), etree.XMLParser(resolve_entities=False)).getroot()
        entry = root.find(f"{atom}entry")
        assert entry.findtext(f"{atom}title") == TITLE and entry.findtext(f"{atom}summary") == SUMMARY, name


def test_the_books_xml_holds_the_exact_title(dist):
    with zipfile.ZipFile(dist / "hostile-values" / "hostile-values.epub") as book:
        opf = etree.fromstring(book.read("EPUB/content.opf"))
        names = [n for n in book.namelist() if n.endswith((".xhtml", ".opf", ".ncx"))]
        documents = [etree.fromstring(book.read(name)) for name in names]  # every XML document of the book parses
    text = " ".join(" ".join(d.itertext()) for d in documents)
    assert TITLE in text and SUBTITLE in text
    assert not [e for d in documents for e in d.iter("{http://www.w3.org/1999/xhtml}script")]
    titles = opf.findall(".//{http://purl.org/dc/elements/1.1/}title")
    assert TITLE in [t.text for t in titles]


def test_json_holds_the_exact_values(dist):
    entry = json.loads((dist / "catalog.json").read_text("utf-8"))["briefs"][0]
    assert (entry["title"], entry["subtitle"], entry["summary"]) == (TITLE, SUBTITLE, SUMMARY)
    assert entry["authors"] == [{"name": 'O"Brien <a@b>', "affiliation": None}]


def test_html_attributes_and_text_hold_the_exact_values(dist):
    for page in (dist / "hostile-values" / "index.html", dist / "index.html"):
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        assert not [s for s in soup.find_all("script") if s.get("src") != "assets/catalog.js"], page
        assert TITLE in soup.get_text() and SUBTITLE in soup.get_text()
    web = BeautifulSoup((dist / "hostile-values" / "index.html").read_text("utf-8"), "html.parser")
    assert web.find("meta", attrs={"name": "description"})["content"] == SUMMARY
    assert web.find("meta", property="og:title")["content"].startswith(TITLE)
    assert web.find("h1").get_text(strip=True) == TITLE


def test_the_css_string_holds_the_title_in_the_pdfs_running_header(dist):
    pdf = dist / "hostile-values" / "hostile-values.pdf"
    second = subprocess.run(["pdftotext", "-f", "2", "-l", "2", "-layout", str(pdf), "-"], capture_output=True,
                            text=True, check=True).stdout
    assert TITLE in second.splitlines()[0]


def test_the_pdf_links_to_web_addresses_only(dist):
    reader = PdfReader(dist / "hostile-values" / "hostile-values.pdf")
    uris = [annotation.get_object()["/A"]["/URI"] for page in reader.pages for annotation in page.get("/Annots", [])
            if "/URI" in annotation.get_object().get("/A", {})]
    assert len(uris) >= len(LINKS) and not [u for u in uris if not u.startswith("https://")], uris
    page = "https://handouts.example.org/hostile-values/"
    assert {page + "report.pdf", "https://other.example/x", page + "?q=1", page + "figures/",
            "https://handouts.example.org/up.html"} <= set(uris)
    assert b"file:" not in (dist / "hostile-values" / "hostile-values.pdf").read_bytes()
