"""Each format alone: its renderer given a page made in the test (no build, no worker, no other format's
output), and what it wrote read back by a reader of that format."""
from __future__ import annotations

import io
import zipfile
from email import policy
from email.parser import BytesParser

import docx
import pytest
from bs4 import BeautifulSoup
from conftest import TestProject, page_of
from pypdf import PdfReader

from handouts.editions import EDITIONS
from handouts.formats import RENDERERS, Page
from handouts.formats.base import output_path

# As a writer pastes it: curly quotes, a no-break space, a note, a quotation in French.
BRIEF = """\
---
title: "Delegations’ Guide to the Review Conference"
date: 2025-05-02
kind: update
summary: "What the Review Conference decides, and how a delegation prepares for it."
topics: [review-conference]
---

## What is decided

The Assembly meets in The\u00a0Hague to weigh “amendments” to the Statute.[^1]

::: {lang=fr}
> La Cour est complémentaire des juridictions pénales nationales.
:::

[^1]: Rome Statute, art. 121.
"""
SENTENCE = "The Assembly meets in The\u00a0Hague to weigh “amendments” to the Statute."


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Page:
    """The brief's page, as a worker receives it, with every other format published beside it."""
    project = TestProject(tmp_path_factory.mktemp("formats") / "project")
    project.brief("guide", BRIEF)
    return page_of(project.root, tuple(EDITIONS))


def rendered(page: Page, fmt: str) -> tuple[dict, bytes]:
    facts = RENDERERS[fmt].render(page) or {}
    assert [p.render() for p in page.problems.items if p.is_error] == []
    return facts, output_path(page.project, page.brief.slug, fmt).read_bytes()


def test_every_edition_has_a_renderer_and_every_renderer_an_edition():
    assert set(RENDERERS) == set(EDITIONS)


def test_the_web_edition_holds_the_title_the_text_and_the_quotation_in_its_language(page):
    _facts, data = rendered(page, "html")
    soup = BeautifulSoup(data, "html.parser")
    assert soup.h1.get_text() == "Delegations’ Guide to the Review Conference"
    assert SENTENCE in " ".join(p.get_text() for p in soup.select("main p"))
    assert soup.select_one("blockquote").find_parent(attrs={"lang": "fr"}) is not None
    assert {a["href"] for a in soup.select(".downloads a")} >= {"guide.pdf", "guide.epub", "guide.docx"}


def test_the_pdf_says_its_pages_and_prints_the_text_and_its_note(page):
    facts, data = rendered(page, "pdf")
    reader = PdfReader(io.BytesIO(data))
    assert facts["pages"] == len(reader.pages) >= 1
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "The Assembly meets in The Hague" in text and "Rome Statute, art. 121." in text


def test_the_epub_starts_with_its_mimetype_and_holds_the_text(page):
    _facts, data = rendered(page, "epub")
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        assert book.namelist()[0] == "mimetype" and book.read("mimetype") == b"application/epub+zip"
        xhtml = "".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xhtml"))
    assert "amendments" in xhtml and 'lang="fr"' in xhtml


def test_the_docx_holds_the_title_the_text_and_a_word_footnote(page):
    facts, data = rendered(page, "docx")
    document = docx.Document(io.BytesIO(data))
    assert document.core_properties.title == "Delegations’ Guide to the Review Conference"
    assert any("weigh “amendments”" in p.text for p in document.paragraphs)
    assert facts["notes"] == 1


def test_the_email_is_a_message_with_both_parts_and_the_web_link(page):
    _facts, data = rendered(page, "email")
    message = BytesParser(policy=policy.default).parsebytes(data)
    assert message["Subject"] == "Delegations’ Guide to the Review Conference"
    text, html = message.get_body(("plain",)).get_content(), message.get_body(("html",)).get_content()
    assert "amendments" in text and "amendments" in html
    assert page.brand.url_for("guide") in text and page.brand.url_for("guide") in html
