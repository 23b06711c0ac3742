"""Validation of the print handouts: structure (qpdf via pikepdf), fonts, tags, languages, title, alt text, text."""
from __future__ import annotations

from pathlib import Path

from .model import ERROR, INFO, Result

TOOL = "pdf"


def check_pdfs(dist: Path, files: list[Path]) -> list[Result]:
    try:
        import pikepdf  # noqa: F401  (a dependency of the package; a broken install is still a message)
    except ImportError:
        return [Result("-", TOOL, "tool.missing", "pikepdf is missing: pip install -e .")]
    return [result for path in files for result in check_pdf(path, path.relative_to(dist).as_posix())] + \
        _pdfua(dist, files)


def check_pdf(path: Path, name: str) -> list[Result]:
    import pikepdf

    try:
        pdf = pikepdf.open(path)
    except (pikepdf.PdfError, OSError) as exc:
        return [Result(name, TOOL, "pdf.unreadable", f"not a readable PDF: {exc}")]
    with pdf:
        results = [Result(name, TOOL, "pdf.damaged", f"qpdf: {warning}") for warning in pdf.get_warnings()]
        results += [Result(name, TOOL, "pdf.syntax", f"qpdf --check: {problem}") for problem in pdf.check_pdf_syntax()]
        if not len(pdf.pages):
            return results + [Result(name, TOOL, "pdf.no-pages", "the PDF has no pages")]
        for check in (_tagged, _language, _title, _fonts, _figures, _text):
            try:
                results += [Result(name, TOOL, rule, message) for rule, message in check(pdf)]
            except Exception as exc:  # a malformed object deep in the file: a finding, not a traceback
                results.append(Result(name, TOOL, "pdf.malformed", f"{check.__name__.strip('_')} check failed: {exc}"))
        results += [Result(name, TOOL, rule, message) for rule, message in _parts(pdf, path.parent / "index.html")]
    return results


def _tagged(pdf) -> list[tuple[str, str]]:
    root = pdf.Root
    problems = []
    if not bool(root.get("/MarkInfo", {}).get("/Marked", False)):
        problems.append(("pdf.untagged", "MarkInfo /Marked is not true: the PDF is not tagged"))
    if "/StructTreeRoot" not in root:
        problems.append(("pdf.no-structure", "no StructTreeRoot: screen readers get no structure"))
    return problems


def _language(pdf) -> list[tuple[str, str]]:
    return [] if str(pdf.Root.get("/Lang", "")).strip() else [("pdf.lang", "no /Lang in the catalog")]


def _parts(pdf, web_edition: Path) -> list[tuple[str, str]]:
    """Each language the web edition marks in the brief's text is marked (/Lang) in the PDF's structure too."""
    if not web_edition.is_file():
        return []
    from bs4 import BeautifulSoup

    body = BeautifulSoup(web_edition.read_text("utf-8"), "html.parser").select_one(".brief-body")
    marked_web = {tag["lang"].strip().lower() for tag in body.select("[lang]")} if body else set()
    marked_pdf = {str(element.Lang).strip().lower() for element in structure(pdf) if "/Lang" in element}
    return [("pdf.lang-parts", f"passages in '{lang}' (marked so in the web edition) carry no /Lang in the "
             "PDF's structure tree") for lang in sorted(marked_web - marked_pdf - {""})]


def _title(pdf) -> list[tuple[str, str]]:
    problems = []
    if not bool(pdf.Root.get("/ViewerPreferences", {}).get("/DisplayDocTitle", False)):
        problems.append(("pdf.display-title", "ViewerPreferences /DisplayDocTitle is not true"))
    if not str(pdf.docinfo.get("/Title", "")).strip():
        problems.append(("pdf.title", "no document /Title"))
    return problems


def _fonts(pdf) -> list[tuple[str, str]]:
    """Every font embedded, and each composite font with a ToUnicode map (text can be copied and read out)."""
    problems, seen = [], set()
    for font in _all_fonts(pdf):
        key = font.objgen if font.is_indirect else id(font)
        if key in seen or font.get("/Subtype") == "/Type3":  # Type 3 glyphs are drawn in the PDF itself
            continue
        seen.add(key)
        name = str(font.get("/BaseFont", "?")).lstrip("/")
        descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
        descriptor = descendant.get("/FontDescriptor", {})
        if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
            problems.append(("pdf.font-not-embedded", f"font {name} is not embedded"))
        if font.get("/Subtype") == "/Type0" and "/ToUnicode" not in font:
            problems.append(("pdf.font-no-unicode", f"font {name} has no ToUnicode map: its text cannot be extracted"))
    return problems


def _all_fonts(pdf):
    """The fonts of every page and of the forms they draw (WeasyPrint puts content in form XObjects)."""
    pending, visited = [page.obj.get("/Resources", {}) for page in pdf.pages], set()
    while pending:
        resources = pending.pop()
        yield from resources.get("/Font", {}).values()
        for xobject in resources.get("/XObject", {}).values():
            if xobject.objgen not in visited and xobject.get("/Subtype") == "/Form" and "/Resources" in xobject:
                visited.add(xobject.objgen)
                pending.append(xobject.Resources)


def _figures(pdf) -> list[tuple[str, str]]:
    """Every /Figure structure element carries /Alt (or /ActualText)."""
    missing = sum(1 for element in structure(pdf) if element.get("/S") == "/Figure"
                  and not str(element.get("/Alt", element.get("/ActualText", ""))).strip())
    return [("pdf.figure-alt", f"{missing} figure(s) without /Alt text")] if missing else []


def structure(pdf):
    """The structure elements, in document order."""
    import pikepdf

    pending = [pdf.Root.get("/StructTreeRoot")]
    while pending:
        node = pending.pop()
        if not isinstance(node, pikepdf.Dictionary):
            continue
        yield node
        kids = node.get("/K")
        pending.extend(reversed(kids) if isinstance(kids, pikepdf.Array) else [kids])


def _text(pdf) -> list[tuple[str, str]]:
    """The first page's text extracts and holds the title: the reading order starts where a reader does."""
    import io

    from pypdf import PdfReader

    buffer = io.BytesIO()
    first = type(pdf).new()
    first.pages.append(pdf.pages[0])
    first.save(buffer)
    text = " ".join(PdfReader(buffer).pages[0].extract_text().split())
    title = " ".join(str(pdf.docinfo.get("/Title", "")).split())
    if not text:
        return [("pdf.no-text", "no text can be extracted from the first page")]
    if title and title[:40] not in text:
        return [("pdf.reading-order", f"the first page's extracted text does not hold the title '{title[:40]}'")]
    return []


def _pdfua(dist: Path, files: list[Path]) -> list[Result]:
    """The PyPI `pdfua` checks (a subset of PDF/UA-1): its errors fail, its heuristic warnings are notes."""
    try:
        import pdfua
    except ImportError:
        return [Result("-", "pdfua", "tool.missing", "the pdfua package is missing: pip install -e '.[validate]'")]
    results = []
    for path in files:
        name = path.relative_to(dist).as_posix()
        try:
            report = pdfua.validate(str(path))
        except pdfua.PdfuaError:
            continue  # an unreadable file is already reported by check_pdf
        except Exception as exc:  # the package is alpha: its crash is a note, our own checks still stand
            results.append(Result(name, "pdfua", "pdfua.crashed", f"pdfua could not check the file: {exc!r}", INFO))
            continue
        for finding in report.findings:
            severity = ERROR if finding.severity == pdfua.Severity.ERROR else INFO
            where = finding.location.describe()
            results.append(Result(name, "pdfua", finding.rule_id, f"{finding.message} ({where})", severity))
        results += [Result(name, "pdfua", outcome.rule_id, f"not evaluated by pdfua: {outcome.skipped_reason}",
                           INFO) for outcome in report.skipped]
    return results
