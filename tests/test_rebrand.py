"""One brand file drives every format: swapping _brand.yml (and nothing else) rebrands web, PDF and EPUB."""
from __future__ import annotations

import re
import shutil
import zipfile

import pytest
from conftest import FIXTURES
from pypdf import PdfReader

from handouts.build.run import Options, build
from handouts.project import Project

pytestmark = pytest.mark.slow
BRIEF = """\
---
title: "Plain Words"
date: 2025-03-12
kind: brief
summary: "A short brief, in plain ASCII, built under two brands."
authors: ["Policy Staff"]
---

## Why it matters

The Court acts only when national courts do not.[^1] That is the heart of it.

[^1]: Rome Statute, art. 17.
"""


def outputs(root) -> dict:
    dist = root / "dist" / "plain-words"
    pdf = PdfReader(dist / "plain-words.pdf")
    fonts = {str(f.get_object()["/BaseFont"]) for page in pdf.pages for f in page["/Resources"]["/Font"].values()}
    with zipfile.ZipFile(dist / "plain-words.epub") as book:
        names = book.namelist()
        css = book.read(next(n for n in names if n.endswith(".css"))).decode()
    return {
        "page": (dist / "index.html").read_text(),
        "css": (root / "dist" / "assets" / "handouts.css").read_text(),
        "pdf_fonts": fonts, "pdf_text": pdf.pages[-1].extract_text(), "pdf_size": [round(float(v)) for v in pdf.pages[0].mediabox],
        "epub_fonts": [n for n in names if "/fonts/" in n], "epub_css": css,
    }


def test_swapping_the_brand_file_rebrands_every_format(project):
    project.brief("plain-words", BRIEF)
    p = Project.at(project.root)
    assert build(p, Options(jobs=1)).built == ["plain-words"]
    before = outputs(project.root)
    # the new brand's logo and fonts sit beside _brand.yml, outside assets/, as another organization keeps them
    shutil.copytree(FIXTURES / "brand-alt", project.root, dirs_exist_ok=True)
    summary = build(p, Options(jobs=1))
    assert summary.built == ["plain-words"] and not summary.failed, [x.render() for x in summary.problems]
    assert not [x for x in summary.problems if x.code.startswith("pdf.")], [x.render() for x in summary.problems]
    after = outputs(project.root)

    assert "U.S. Coalition for the International Criminal Court" in before["page"]
    assert "Justice Now Campaign" in after["page"] and "International Criminal Court</span>" not in after["page"]
    assert 'href="../assets/logo/logo-alt.svg"' in after["page"]
    assert "--brand-primary: #6b1d3a;" in after["css"] and "#1f3a5f" not in after["css"]
    assert '"Literata"' in after["css"] and "Source Serif 4" not in after["css"]

    assert any("SourceSerif4" in f or "Source-Serif-4" in f for f in before["pdf_fonts"])
    assert all(re.match(r"/[A-Z]{6}\+Literata", f) for f in after["pdf_fonts"]), after["pdf_fonts"]
    assert "Justice Now Campaign" in after["pdf_text"] and "justice.example.net/handouts/plain-words/" in after["pdf_text"]
    assert before["pdf_size"] == [0, 0, 612, 792] and after["pdf_size"] == [0, 0, 595, 842]

    assert any("SourceSerif4" in n for n in before["epub_fonts"])
    assert [n for n in after["epub_fonts"] if "Literata" in n] and not [n for n in after["epub_fonts"] if "Source" in n]
    assert "#6b1d3a" in after["epub_css"] and "#1f3a5f" not in after["epub_css"]
