"""The print edition: dist/<slug>/<slug>.pdf, a tagged PDF/UA-1 rendered by WeasyPrint in-process."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..tools import html_tree, pandoc_tool, weasy
from ..atomic import atomic_write
from ..load.brand import Brand, family_stack
from ..tools.fonts import cache_folder, characters, sfnt_path
from ..document.markdown import line_of
from .note_pages import misplaced_notes
from .print_html import for_print, note_texts
from ..problems import WARNING, Problem, Problems
from ..project import Project
from ..document.resources import allowed_roots
from ..site.assets import brand_css
from ..tools.templates import css_string, for_kind
from ..words import Words, voice
from .base import Page, output_path

COVER_KINDS = ("brief", "backgrounder", "reference")
# Print earns its pages (issue 20): a cover only for a text long enough to be worth a page to itself, and the
# contents (a page of its own) only for a reference text or one long enough to need finding one's way in; a
# shorter brief starts its text on page 1 under its title block and its key points (its web edition keeps its
# contents).
COVER_MIN_WORDS = 1000
CONTENTS_MIN_WORDS = 5000
FACTSHEET_MAX_PAGES = 2
# A last page less full than this is laid out again a little tighter (paragraphs closer): the colophon and a
# reference alone on a page look like an error, and cost a sheet.
LAST_PAGE_MIN_FILL = 0.2


@dataclass(frozen=True)
class Printed:
    """A brief laid out by WeasyPrint, before it is written: its pages can be bound with others' (a packet)."""

    document: object  # weasyprint.Document
    html: str
    captured: weasy.Captured
    call: dict  # what WeasyPrint was given, for the benchmark's record of tool calls


class PdfRenderer:
    name = "pdf"

    def render(self, page: Page) -> dict:
        printed = self._fitted(page)
        pandoc_tool.record("weasyprint", printed.call)  # the layout kept: a second, tighter one is our cost
        brief, brand = page.brief, page.brand
        data = weasy.write_pdf(printed.document, identifier(brand, brief.slug), printed.captured)
        laid_out = weasy.laid_out(printed.document)
        self._report(page, printed.captured, len(laid_out))
        _check_note_pages(laid_out, printed.html, page)
        _check_glyphs(printed.html, brand, page.problems, brief.body_line)
        _check_fonts({font.family for font in printed.document.fonts.values()}, brand, page.problems)
        atomic_write(output_path(page.project, brief.slug, self.name), data)
        atomic_write(print_html_path(page.project, brief.slug), printed.html)
        kept = {"sha256": hashlib.sha256(printed.html.encode()).hexdigest(), "root": str(page.project.root)}
        return {"pages": len(laid_out), "print_html": kept}

    def _fitted(self, page: Page) -> Printed:
        """The brief laid out; again, tighter, when its last page would hold only a few lines (kept if it saves
        that page)."""
        printed = self.lay_out(page)
        pages = printed.document.pages
        if len(pages) > 1 and weasy.fill(pages[-1]) < LAST_PAGE_MIN_FILL:
            tighter = self.lay_out(page, html=self._html(page, tight=True))
            if len(tighter.document.pages) < len(pages):
                return tighter
        return printed

    def lay_out(self, page: Page, numbering: str = "", bound: bool = False, html: str | None = None) -> Printed:
        """The brief laid out as it prints alone; `numbering`, CSS for its page numbers, `bound`, its language
        marked on its parts, and `html`, its print HTML as kept from its own render (a packet's)."""
        brief, project = page.brief, page.project
        captured = weasy.Captured()
        roots = [root for root, _prefix in allowed_roots(brief, project)] + [project.layouts.resolve()] \
            + _brand_files(page.brand)
        fetcher = weasy.fetcher(roots, captured)
        sheets, sources = self._stylesheets(page, fetcher, captured)
        if numbering:  # last: it overrides the page numbers of base/page.css.j2
            sheets.append(weasy.stylesheet(captured, fetcher, string=numbering))
        html = html or self._html(page)
        base_url = brief.folder.resolve().as_uri() + "/"
        return Printed(weasy.lay_out(html, base_url, sheets, fetcher, captured, brief.lang if bound else None), html,
                       captured, {"html": html, "base_url": base_url, "css": sources})

    def _html(self, page: Page, tight: bool = False) -> str:
        brief, brand = page.brief, page.brand
        logo = brand.logo("medium")
        url = brand.url_for(brief.slug)
        speech = voice(brief.lang, brand.lang)
        shape = page.fragment.structure
        cover = has_cover(brief.kind, shape.words)
        return for_kind(page.env, brief.kind, "print.html.j2").render(
            brief=brief, brand=brand, body=for_print(page.fragment.body, url, page.fragment.resources),
            toc=page.fragment.toc if has_contents(brief.kind, shape.words) else "", words=speech.words,
            kind_label=speech.words.kind(brief.kind), ui_lang=speech.marked,
            logo={"uri": (logo.on_dark if cover else logo.path).as_uri(),  # a cover is dark
                  "alt": logo.alt or brand.name_full} if logo else None,  # no alt: brand.logo-alt said so
            qr=qr_data_uri(url, brand.colors["foreground"]), url=url, short_url=re.sub(r"^https?://", "", url),
            license=brief.license or brand.license, cover_page=cover,
            summary_panel=not cover and "key-points" not in shape.blocks, tight=tight,
        )

    def _stylesheets(self, page: Page, fetcher, captured: weasy.Captured) -> tuple[list, dict]:
        """The parsed stylesheets, and their sources (for the benchmark's record of tool calls)."""
        project, brief = page.project, page.brief
        base_url = project.root.as_uri() + "/"
        shared, brand_sheet = brand_stylesheet(project, page.brand, page.env, captured)
        page_sheet = _page_css(page)
        sheets = [shared, weasy.stylesheet(captured, fetcher, string=page_sheet, base_url=base_url)]
        files = [css for css in (project.layouts / "base" / "lists.css", project.layouts / "base" / "print.css",
                                 project.layouts / brief.kind / "print.css") if css.is_file()]
        roots = (project.layouts.resolve(), project.assets.resolve(), *_brand_files(page.brand))
        for css in files:  # the same few files for every brief: parsed once per process
            sheet, file_captured = weasy.shared_stylesheet(css.read_text("utf-8-sig"), css.resolve().as_uri(), roots)
            sheets.append(sheet)
            captured.refused += file_captured.refused
            _report_css(file_captured, project.rel(css), page.problems)
        return sheets, {"strings": [brand_sheet, page_sheet], "files": [str(f) for f in files], "base_url": base_url}

    def _report(self, page: Page, captured: weasy.Captured, pages: int) -> None:
        problems, brief = page.problems, page.brief
        for url in captured.refused:
            problems.error(f"the PDF may not load '{url}'", "pdf.resource-refused", brief.body_line,
                           hint="only files in the brief's folder, assets/, layouts/ and the brand's own files "
                                "can be used")
        for level, message in captured.messages:
            if "refused by the resource policy" in message or ".notdef glyph" in message:
                continue  # reported once, with the brief's line: by the policy and the glyph check
            if message.startswith(weasy.SLOW_SUBSETTER):
                continue  # the machine's condition, not the brief's: said once per build (commands.machine_notes)
            problems.warning(f"WeasyPrint: {message}", "pdf.weasyprint", brief.body_line)
        if brief.kind == "factsheet" and pages > FACTSHEET_MAX_PAGES:
            problems.warning(f"fact sheet '{brief.slug}' is {pages} pages; it should fit one sheet "
                             f"({FACTSHEET_MAX_PAGES} pages at most)", "pdf.factsheet-length", 1,
                             hint="shorten the text, or make it a brief")


def has_cover(kind: str, words: int) -> bool:
    """The print edition opens with a cover page (else with a title block over the text)."""
    return kind in COVER_KINDS and (kind == "reference" or words >= COVER_MIN_WORDS)


def has_contents(kind: str, words: int) -> bool:
    """The print edition has a contents page (when the brief has contents): a reference, or a long text."""
    return kind == "reference" or words >= CONTENTS_MIN_WORDS


def print_html_path(project: Project, slug: str) -> Path:
    """Where the brief's print HTML is kept after its PDF is rendered: a packet lays it out again, without pandoc
    (the manifest records its hash with the PDF's facts)."""
    return project.cache / "print" / f"{slug}.html"


def brand_stylesheet(project: Project, brand: Brand, env, captured: weasy.Captured) -> tuple[object, str]:
    """The brand's stylesheet (colors, @font-face), parsed once per process, and its text."""
    text = brand_css(brand, env, lambda path: sfnt_path(Path(path)).resolve().as_uri())
    sheet, sheet_captured = weasy.shared_stylesheet(text, project.root.as_uri() + "/",
                                                    (project.assets.resolve(), cache_folder().resolve(),
                                                     *_brand_files(brand)))
    captured.messages += sheet_captured.messages
    return sheet, text


def _brand_files(brand: Brand) -> list[Path]:
    """The logos and fonts _brand.yml names, wherever beside it they are: the brand loader has checked each
    one is a file inside the project, so the policy admits exactly these files (not their folders)."""
    return [path.resolve() for path in brand.files]


def _page_css(page: Page) -> str:
    title = page.brief.title if len(page.brief.title) <= 60 else page.brief.title[:57].rstrip() + "…"
    return page.env.get_template("base/page.css.j2").render(
        brief=page.brief, brand=page.brand, paper=page.brief.paper, running_title=title,
        page_number=page_number(voice(page.brief.lang, page.brand.lang).words),
        family_stack=lambda role: family_stack(page.brand, role))


def page_number(words: Words) -> str:
    """The CSS content of the page's foot number from the words' "Page {page} of {pages}": its strings around
    the two counters."""
    before, _, rest = words.page.partition("{page}")
    middle, _, after = rest.partition("{pages}")
    parts = [css_string(before) if before else "", "counter(page)", css_string(middle) if middle else "",
             "counter(pages)", css_string(after) if after else ""]
    return " ".join(part for part in parts if part)


def _report_css(captured: weasy.Captured, path: str, problems: Problems) -> None:
    """A layout's CSS problems, named by the stylesheet's own file and line."""
    for _level, message in captured.messages:
        line, col = weasy.position(message)
        problems.items.append(Problem(path, line, col, WARNING, f"CSS: {message}", "pdf.css"))


def qr_data_uri(url: str, color: str) -> str:
    import segno  # imported here, with the other renderers' tools: a no-op build starts faster

    return segno.make(url, error="m", micro=False).svg_data_uri(dark=color, light=None, border=0, scale=4)


def identifier(brand: Brand, slug: str) -> bytes:
    """A stable PDF /ID: the same brief gives the same bytes."""
    return hashlib.md5(brand.url_for(slug).encode()).hexdigest().encode()


def _check_note_pages(laid_out: tuple[weasy.LaidOutPage, ...], html: str, page: Page) -> None:
    """A note that is not on the page of its call (or on no page) is an error."""
    for note in misplaced_notes(laid_out, note_texts(html)):
        page.problems.error(note.message(), "pdf.note-page", line_of(page.brief, note.text[:20]),
                            hint="shorten the note or the paragraph that calls it, or split the note in two; "
                                 "if it still fails, report it (it is the layout's fault, not yours)")


def _check_fonts(families: set[str], brand: Brand, problems: Problems) -> None:
    """Text set in a font the brand does not name (a fallback for a generated marker, say) is a warning."""
    strangers = sorted(families - {f.family for f in brand.fonts} - {f.used for f in brand.system_fonts})
    if strangers:
        problems.warning(f"the PDF uses fonts outside the brand: {', '.join(strangers)}", "pdf.font-fallback", 1,
                         hint="some characters (or list markers) are in no brand font; add one that has them")


def _check_glyphs(html: str, brand: Brand, problems: Problems, line: int) -> None:
    """Every character must be in a brand font: others print as boxes (or in a font the brand never chose)."""
    text = html_tree.body_text(html)
    covered: set[int] = set()
    for family in brand.fonts:
        for file in family.files:
            covered |= characters(file.path)
    for font in brand.system_fonts:  # named without files: the PDF is set in what this machine has for them
        covered |= characters(font.path)
    # Format characters (a zero-width space or word joiner pasted from a word processor, a soft hyphen,
    # direction marks) have no glyph by design: HarfBuzz draws nothing for them.
    missing = sorted({ord(c) for c in text if not c.isspace() and ord(c) >= 0x20
                      and unicodedata.category(c) != "Cf"} - covered)
    if missing and covered:
        listed = ", ".join(f"U+{cp:04X} ({chr(cp)})" for cp in missing[:12])
        problems.error(f"characters that no brand font has: {listed}{' …' if len(missing) > 12 else ''}",
                       "pdf.glyph", line, hint="add a font that covers them to typography.fonts in _brand.yml, "
                       "or replace the characters")
