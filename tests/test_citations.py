"""The default citation style: legal cases, treaties and statutes in footnotes, in the web edition, PDF and EPUB."""
from __future__ import annotations

import re
import zipfile

from pypdf import PdfReader

SLUG = "rome-statute-in-us-case-law"
# Case name, volume, reporter, first page, court and year, as the backgrounder's bibliography lists them.
CASES = [
    "Sosa v. Alvarez-Machain, 542 U.S. 692 (2004)",
    "Kiobel v. Royal Dutch Petroleum Co., 621 F.3d 111 (2d Cir. 2010)",
    "Aziz v. Alcolac, Inc., 658 F.3d 388 (4th Cir. 2011)",
    "Doe VIII v. Exxon Mobil Corp., 654 F.3d 11 (D.C. Cir. 2011)",
    "Open Society Justice Initiative v. Trump, 510 F. Supp. 3d 198 (S.D.N.Y. 2021)",
    "Rona v. Trump, No. 1:25-cv-03114 (S.D.N.Y. July 30, 2025)",
]
OTHERS = [
    "Rome Statute of the International Criminal Court, July 17, 1998, 2187 U.N.T.S. 90",
    "American Service-Members’ Protection Act of 2002, 22 U.S.C. § 7421 et seq. (2002)",
]


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


def test_web_edition_lists_the_cases_with_italic_names(samples):
    page = (samples / "dist" / SLUG / "index.html").read_text("utf-8")
    refs = page[page.index('id="refs"'):]
    for entry in CASES + OTHERS:
        assert entry + "." in _text(refs), entry
    assert "<em>Sosa v. Alvarez-Machain</em>, 542 U.S. 692 (2004)" in refs
    notes = _text(page[page.index('class="footnotes'):])
    assert "Id. at 732." in notes          # the pinpoint, Bluebook style, right after the first citation
    assert "(2d Cir. 2007)" in notes        # footnote citations: the note style


def test_pdf_puts_the_citations_in_its_footnotes(samples):
    reader = PdfReader(samples / "dist" / SLUG / f"{SLUG}.pdf")
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "3. Id. at 732." in text
    assert "5. Khulumani v. Barclay National Bank Ltd., 504 F.3d 254 (2d Cir. 2007)." in text
    for entry in CASES + OTHERS:
        assert entry in text, entry


def test_epub_lists_the_cases(samples):
    with zipfile.ZipFile(samples / "dist" / SLUG / f"{SLUG}.epub") as book:
        text = _text(" ".join(book.read(n).decode("utf-8") for n in book.namelist() if n.endswith(".xhtml")))
    for entry in CASES + OTHERS:
        assert entry in text, entry
    assert "Id. at 732" in text


def test_a_brief_can_choose_another_style(project):
    from handouts.load.brief import load_brief
    from handouts.load.discover import discover
    from handouts.project import Project

    project.write("layouts/csl/other.csl", (project.root / "layouts/csl/policy-legal-note.csl").read_text())
    project.brief("styled", "---\ntitle: T\ndate: 2025-03-12\nkind: brief\nsummary: x\n"
                  "bibliography: refs.json\ncsl: othr\n---\nText.\n", bundle=True)
    project.write("briefs/styled/refs.json", "[]")
    p = Project.at(project.root)
    (source,), _ = discover(p)
    _brief, problems = load_brief(source, p)
    assert [x.render() for x in problems] == [(
        "briefs/styled/index.md:7:6: error: no citation style 'othr' in layouts/csl/ (did you mean 'other'?) "
        "[brief.csl]\n  hint: use one of: other, policy-legal-note, or a .csl file in the brief's folder")]
