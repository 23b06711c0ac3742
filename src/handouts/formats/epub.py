"""The e-book: dist/<slug>/<slug>.epub, its parts taken from the page (brief, body, brand) and assembled by
epub_book.assemble; `EpubRenderer.render` is the adapter from the page to those plain values."""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

import lxml.html

from . import epub_book
from ..atomic import atomic_write
from ..load.brand import Brand, FontFamily
from ..tools.fonts import characters
from ..load.licenses import license_of
from ..site.assets import brand_css
from ..words import voice
from .base import Page, output_path

if TYPE_CHECKING:
    from .covers import Cover

IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
               ".svg": "image/svg+xml", ".webp": "image/webp"}
MONOSPACE_ROLES = ("monospace", "monospace-inline", "monospace-block")
# Short kinds read as one flowing document after the cover: no title page of their own, no page per section.
FLOWING_KINDS = frozenset({"factsheet", "update"})


class EpubRenderer:
    name = "epub"

    def render(self, page: Page) -> None:
        """The adapter: the page's brief, body, brand and cover as plain values, assembled into the book."""
        from .covers import (  # Pillow loads only when a book is made
            CoverError,
            cover_image,
        )

        try:
            cover = cover_image(page.brief, page.brand)
        except CoverError as exc:
            page.problems.error(str(exc), "cover.unreadable", page.brief.lines.get("cover"),
                                hint="export the cover as PNG or JPEG")
            return
        book = epub_book.assemble(book_parts(page, cover), page.env)
        atomic_write(output_path(page.project, page.brief.slug, self.name), book)


def book_parts(page: Page, cover: Cover) -> epub_book.Parts:
    """Everything the book is made of, from the page: metadata, body, images, the fonts it shows, the cover."""
    brief, brand = page.brief, page.brand
    body = lxml.html.fragment_fromstring(page.fragment.body, create_parent="div")
    has_code = bool(body.xpath(".//code | .//pre | .//kbd | .//samp"))
    fonts = embedded_fonts(brand, _book_text(page, body.text_content()), has_code)
    images = {r.target: epub_book.Image(r.published(), IMAGE_TYPES[r.source.suffix.lower()])
              for r in page.fragment.resources if r.source.suffix.lower() in IMAGE_TYPES}
    return epub_book.Parts(
        metadata=metadata(page), body=page.fragment.body, address=brand.url_for(brief.slug),
        cover=epub_book.Cover(cover.data, cover.media_type, _cover_alt(page, cover)),
        stylesheet=stylesheet(page, fonts), images=images,
        fonts=tuple(epub_book.Font(font_name(f.path), f.path) for family in fonts for f in family.files),
        flowing=brief.kind in FLOWING_KINDS, contents_page=brief.toc and brief.kind not in FLOWING_KINDS)


def _cover_alt(page: Page, cover: Cover) -> str:
    brief = page.brief
    alt = voice(brief.lang, page.brand.lang).words.cover_alt.format(title=brief.title) \
        + (f". {brief.subtitle}" if brief.subtitle else "")
    return alt + (f". {page.brand.name_full}" if cover.drawn else "")


# -- metadata --------------------------------------------------------------------------------

def identifier(brand: Brand, slug: str) -> str:
    """Stable across builds and machines: derived from the brief's address on the brand's site."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, brand.url_for(slug))}"


def modified(page: Page) -> dt.date:
    return page.brief.updated or page.brief.date


def metadata(page: Page) -> epub_book.Metadata:
    """The book's metadata record from the validated brief and brand."""
    brief, brand = page.brief, page.brand
    terms = license_of(brief.license or brand.license or "")
    speech = voice(brief.lang, brand.lang)
    words = speech.words
    dates = words.dates(brief.date, brief.updated)
    return epub_book.Metadata(
        identifier=identifier(brand, brief.slug), title=brief.title, subtitle=brief.subtitle, lang=brief.lang,
        date=brief.date, modified=modified(page), publisher=brand.name_full, description=brief.summary,
        creators=tuple(a.name for a in brief.authors) or (brand.name_full,), subjects=brief.topics,
        rights=terms.name if (brief.license or brand.license) else None, rights_url=terms.url or None,
        dates=dates, pipeline_lang=speech.marked, contents=words.contents,
        landmarks=epub_book.Landmarks(words.cover, words.title_page, words.contents, words.start, words.notes,
                                      words.references))


# -- style and fonts -------------------------------------------------------------------------

def stylesheet(page: Page, fonts: tuple[FontFamily, ...]) -> str:
    """The brand's @font-face rules (for the fonts in the book), layouts/base/lists.css and epub.css, and the
    kind's own epub.css if it has one, values resolved."""
    brand = dataclasses.replace(page.brand, fonts=fonts)
    parts = [brand_css(brand, page.env, lambda path: f"../fonts/{font_name(Path(path))}")]
    layouts = page.project.layouts
    for css in (layouts / "base" / "lists.css", layouts / "base" / "epub.css", layouts / page.brief.kind / "epub.css"):
        if css.is_file():
            parts.append(css.read_text("utf-8"))
    return resolve_variables("\n".join(parts))


_ROOT_BLOCK = re.compile(r":root\s*\{([^}]*)\}")
_CUSTOM_PROPERTY = re.compile(r"(--[\w-]+)\s*:\s*([^;]+);")
_VAR = re.compile(r"var\(\s*(--[\w-]+)\s*(?:,\s*([^()]*))?\)")
_RELATIVE = re.compile(r"^[\d.]+(?:em|rem|%)$")


def resolve_variables(css: str) -> str:
    """The CSS with every var() replaced by its value and the :root block of custom properties removed:
    many reading systems (Adobe's, older Kobo and Kindle) know no custom properties."""
    values: dict[str, str] = {}
    for block in _ROOT_BLOCK.findall(css):
        values.update((name, value.strip()) for name, value in _CUSTOM_PROPERTY.findall(block))
    if not _RELATIVE.match(values.get("--mono-size", "0.9em")):
        values["--mono-size"] = "0.9em"  # a fixed size in pt or px would fight the reader's text size
    css = _ROOT_BLOCK.sub("", css)
    for _ in range(5):  # values may refer to other values (--headings-color: var(--brand-primary))
        css = _VAR.sub(lambda m: values.get(m.group(1), m.group(2) or m.group(0)), css)
    return css


def embedded_fonts(brand: Brand, text: str, has_code: bool) -> tuple[FontFamily, ...]:
    """The brand's families the book shows: those of the text roles (monospace only with code), and any
    other family that has letters of the book those lack (the Arabic face for an Arabic passage)."""
    roles = ("base", "headings") + (MONOSPACE_ROLES if has_code else ())
    wanted = {brand.typography.get(role, {}).get("family") for role in roles} - {None}
    covered: set[int] = set()
    for family in brand.fonts:
        if family.family in wanted and family.files:
            covered |= characters(family.files[0].path)
    letters = {ord(c) for c in text if unicodedata.category(c)[0] in "LM"} - covered
    return tuple(f for f in brand.fonts if f.files and (f.family in wanted or letters & characters(f.files[0].path)))


def _book_text(page: Page, body_text: str) -> str:
    """Every character the book shows: body, title page and metadata."""
    brief = page.brief
    names = " ".join(a.name for a in brief.authors)
    return " ".join([body_text, brief.title, brief.subtitle or "", names, page.brand.name_full,
                     brief.license or page.brand.license or ""])


def font_name(source: Path) -> str:
    """A font's file name in the book: always TrueType (the most widely read format), named as in assets/."""
    return f"{source.stem}.ttf"
