"""The e-book: dist/<slug>/<slug>.epub from pandoc's EPUB 3 writer on the sanitized body, finished here."""
from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import html
import io
import json
import re
import tempfile
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..tools import pandoc_tool
from ..atomic import atomic_write
from ..load.brand import Brand, FontFamily
from ..tools.fonts import characters, subset
from ..load.licenses import license_of
from ..document.lint import absolute_links
from ..project import Project
from ..site.assets import brand_css
from ..tools.templates import long_date, pipeline_lang
from .base import COMMON_LAYOUTS, Page, output_path

if TYPE_CHECKING:
    from .covers import Cover

STYLESHEET = "EPUB/styles/stylesheet1.css"   # pandoc's default stylesheet, replaced by the brand's
OPF = "EPUB/content.opf"
NAV = "EPUB/nav.xhtml"
IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
               ".svg": "image/svg+xml", ".webp": "image/webp"}
RTL_LANGUAGES = {"ar", "arc", "dv", "fa", "he", "ks", "ku", "ps", "sd", "ug", "ur", "yi"}
MONOSPACE_ROLES = ("monospace", "monospace-inline", "monospace-block")
CONTENTS = "Contents"  # the nav document's heading, in the brand's language (as in the web and print editions)
# Shown by reading systems in the book's fonts though not in its text: ASCII (reader UIs, text-transform) and
# the typographic marks of generated content (list markers, quotation marks).
ALWAYS_IN_FONTS = frozenset(range(0x20, 0x7F)) | frozenset(map(ord, "\u00a0\u00ad‐‑–—‘’“”…•◦▪·«»"))
# pandoc's writer adds these roles itself and warns that ours are duplicates: the body drops them.
_WRITER_ROLES = re.compile(r'(<div\b[^>]*?)\s+role="(?:list|listitem)"')
_IMG = re.compile(r"<img\b[^>]*>")
_SRC = re.compile(r'\bsrc="([^"]*)"')
_ALT = re.compile(r'\balt="([^"]*)"')
# pandoc's wrapper of a highlighted code block (div.sourceCode#cbN): read back from HTML it becomes a div
# of its own with that id, around the wrapper pandoc's EPUB writer makes again, so the id would be there twice.
_CODE_WRAPPER = re.compile(r'<div\b(?=[^>]*\bclass="sourceCode")(?=[^>]*\bid="cb\d+")[^>]*>\s*(<pre\b.*?</pre>)\s*</div>',
                           re.S)
_CODE = re.compile(r"<(?:code|pre|kbd|samp)\b")
_TAG = re.compile(r"<[^>]+>")
_NOTEREF = re.compile(r'<a\b[^>]*epub:type="noteref"[^>]*>.*?</a>', re.S)


class EpubRenderer:
    name = "epub"
    suffix = ".epub"
    layouts = ("*/epub.*", *COMMON_LAYOUTS)

    def output(self, project: Project, slug: str) -> Path:
        return output_path(project, slug, self.suffix)

    def render(self, page: Page) -> None:
        """pandoc gets the body with its images inlined as data: URIs, a metadata file made from the validated
        brief and brand, and the brand's font files, and runs sandboxed, so it reads nothing else; `finish`
        then adds what the sandbox keeps pandoc from reading (stylesheet, cover, fonts) and fixes the dates."""
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
        body = absolute_links(page.fragment.body, page.brand.url_for)  # no ../other-slug/ inside a book
        body = _inline_images(_WRITER_ROLES.sub(r"\1", _CODE_WRAPPER.sub(r"\1", body)), page)
        alts = [_alt(tag) for tag in _IMG.findall(body)]
        fonts = embedded_fonts(page.brand, _book_text(page), bool(_CODE.search(body)))
        with tempfile.TemporaryDirectory(prefix="handouts-epub-") as tmp:
            metadata = Path(tmp) / "metadata.json"
            metadata.write_text(json.dumps(epub_metadata(page, alts), ensure_ascii=False, indent=1), "utf-8")
            result = pandoc_tool.run_binary(body, _arguments(page, metadata), cwd=Path(tmp))
        for warning in result.warnings:
            page.problems.warning(f"pandoc (EPUB): {warning}", "epub.pandoc", page.brief.body_line)
        book = finish(result.output, fonts, cover, page)
        atomic_write(self.output(page.project, page.brief.slug), book)


def _arguments(page: Page, metadata: Path) -> list[str]:
    args = ["--from=html", "--to=epub3", "--output=-", "--wrap=none", "--split-level=2", "--toc-depth=3",
            "--epub-title-page=true", f"--metadata-file={metadata}"]
    if page.brief.toc:
        args.append("--toc")  # the contents page in the reading order; the nav document is always there
    return args


def _inline_images(body: str, page: Page) -> str:
    """The body with each image as a data: URI (pandoc stores those in the book without reading any file),
    and without the images the resource policy refused (already reported), which would point nowhere."""
    files = {resource.target: resource for resource in page.fragment.resources}

    def replace(match: re.Match) -> str:
        src = _SRC.search(match.group(0))
        resource = src and files.get(html.unescape(src.group(1)))
        if not resource:
            return ""
        data = base64.b64encode(resource.published()).decode("ascii")
        tag = match.group(0)
        return f'{tag[:src.start(1)]}data:{IMAGE_TYPES[resource.source.suffix.lower()]};base64,{data}{tag[src.end(1):]}'

    return _IMG.sub(replace, body)


def _alt(tag: str) -> str:
    alt = _ALT.search(tag)
    return html.unescape(alt.group(1)).strip() if alt else ""


# -- metadata --------------------------------------------------------------------------------

def identifier(brand: Brand, slug: str) -> str:
    """Stable across builds and machines: derived from the brief's address on the brand's site."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, brand.url_for(slug))}"


def modified(page: Page) -> dt.date:
    return page.brief.updated or page.brief.date


def epub_metadata(page: Page, alts: list[str]) -> dict:
    """pandoc's EPUB metadata from the validated brief and brand (text escaped: pandoc reads it as Markdown).
    `alts` holds the alt text of each image in the book."""
    brief, brand = page.brief, page.brand
    images, described = bool(alts), bool(alts) and all(alts)
    title: list | str = _literal(brief.title)
    if brief.subtitle:
        title = [{"type": "main", "text": _literal(brief.title)},
                 {"type": "subtitle", "text": _literal(brief.subtitle)}]
    creators = [{"role": "author", "text": _literal(a.name)} for a in brief.authors] or \
               [{"role": "author", "text": _literal(brand.name_full)}]
    metadata = {
        "title": title,
        "toc-title": CONTENTS,
        "creator": creators,
        "identifier": _literal(identifier(brand, brief.slug)),
        "date": brief.date.isoformat(),
        "lang": brief.lang,
        "description": _literal(brief.summary),
        "publisher": _literal(brand.name_full),
        "subject": [_literal(topic) for topic in brief.topics],
        "accessModes": ["textual", "visual"] if images else ["textual"],
        "accessModeSufficient": _sufficient(images, described),
        "accessibilityFeatures": _features(images, described),
        "accessibilityHazards": ["none"],
        "accessibilitySummary": _literal(_summary(images, described, 'role="doc-noteref"' in page.fragment.body)),
    }
    rights = brief.license or brand.license
    if rights:
        metadata["rights"] = _literal(license_of(rights).name)
    if brief.lang.split("-")[0].lower() in RTL_LANGUAGES:
        metadata["page-progression-direction"] = "rtl"
    return {key: value for key, value in metadata.items() if value}


def _sufficient(images: bool, described: bool) -> list[str]:
    """Which senses suffice to read the whole book: text alone only when every image is described."""
    if not images:
        return ["textual"]
    return ["textual", "textual,visual"] if described else ["textual,visual"]


def _features(images: bool, described: bool) -> list[str]:
    features = ["structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability"]
    return features + (["alternativeText"] if images and described else [])


def _summary(images: bool, described: bool, notes: bool) -> str:
    parts = ["Structured with headings, a table of contents and landmarks, in a single logical reading order."]
    if notes:
        parts.append("Footnotes are linked to and from their call sites.")
    parts.append("The reader can change fonts, text size, spacing and colors.")
    if images:
        parts.append("Every image has a text description." if described
                     else "Some images have no text description.")
    parts.append("No flashing, motion or sound hazards.")
    return " ".join(parts)


def _literal(text: str) -> str:
    """`text` as Markdown that reads back as itself: every ASCII punctuation character escaped."""
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", text)


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


def _book_text(page: Page) -> str:
    """Every character the book shows: body, title page and metadata."""
    brief = page.brief
    names = " ".join(a.name for a in brief.authors)
    return " ".join([html.unescape(_TAG.sub(" ", page.fragment.body)), brief.title, brief.subtitle or "",
                     names, page.brand.name_full, brief.license or page.brand.license or ""])


# -- finishing the archive ------------------------------------------------------------------

@dataclass
class _Book:
    """The archive's files in order, edited in place."""
    names: list[str]
    files: dict[str, bytes]

    def text(self, name: str) -> str:
        return self.files[name].decode("utf-8")

    def set(self, name: str, data: str | bytes) -> None:
        if name not in self.files:
            self.names.append(name)
        self.files[name] = data.encode("utf-8") if isinstance(data, str) else data


def finish(epub: bytes, fonts: tuple[FontFamily, ...], cover: Cover, page: Page) -> bytes:
    """pandoc's EPUB with the brand's stylesheet and fonts, the cover, notes numbered through the book with
    backlinks, chapter titles, a dated title page and fixed dates."""
    with zipfile.ZipFile(io.BytesIO(epub)) as archive:
        names = archive.namelist()
        book = _Book(names, {name: archive.read(name) for name in names})
    book.set(STYLESHEET, stylesheet(page, fonts))
    _add_cover(book, cover, page)
    _set_modified(book, modified(page))
    chapters = sorted(n for n in book.names if re.fullmatch(r"EPUB/text/ch\d+\.xhtml", n))
    _number_notes(book, chapters)
    _title_chapters(book, chapters, page.brief.title)
    _add_start_landmark(book, chapters)
    _finish_title_page(book, page)
    _mark_pipeline_words(book, page)
    _embed_fonts(book, fonts)  # last: the subsets keep the characters of the finished text
    return _zip(book, modified(page))


def _add_cover(book: _Book, cover: Cover, page: Page) -> None:
    image = f"media/cover{cover.suffix}"
    book.set(f"EPUB/{image}", cover.data)
    book.set("EPUB/text/cover.xhtml", _cover_page(page, f"../{image}", cover))
    opf = book.text(OPF)
    opf = _once(opf, "<manifest>\n", '<manifest>\n    <item id="cover_xhtml" href="text/cover.xhtml" '
                'media-type="application/xhtml+xml" />\n'
                f'    <item id="cover-image" href="{image}" media-type="{cover.media_type}" '
                'properties="cover-image" />\n')
    opf = _once(opf, "</metadata>", '  <meta name="cover" content="cover-image" />\n  </metadata>')
    opf = re.sub(r"(<spine\b[^>]*>\n)", r'\1    <itemref idref="cover_xhtml" />\n', opf, count=1)
    _require(opf, '<itemref idref="cover_xhtml" />', "spine")
    guide = '    <reference type="cover" title="Cover" href="text/cover.xhtml" />\n'
    opf = opf.replace("<guide>\n", "<guide>\n" + guide, 1)  # EPUB 2 readers' way to the cover
    book.set(OPF, opf)
    nav = book.text(NAV)
    nav = re.sub(r'(<nav epub:type="landmarks"[^>]*>\s*<ol>\n)',
                 r'\1    <li>\n      <a href="text/cover.xhtml" epub:type="cover">Cover</a>\n    </li>\n', nav, count=1)
    book.set(NAV, nav)


def _cover_page(page: Page, src: str, cover: Cover) -> str:
    brief = page.brief
    lang = html.escape(brief.lang)
    alt = f"Cover: {brief.title}" + (f". {brief.subtitle}" if brief.subtitle else "")
    if cover.drawn:
        alt += f". {page.brand.name_full}"
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
        f'<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="{lang}" '
        f'xml:lang="{lang}">\n<head>\n  <meta charset="utf-8" />\n  <title>{html.escape(brief.title)}</title>\n'
        '  <link rel="stylesheet" type="text/css" href="../styles/stylesheet1.css" />\n</head>\n'
        '<body class="cover" epub:type="frontmatter">\n<section epub:type="cover">\n'
        f'<img src="{src}" alt="{html.escape(alt)}" role="doc-cover" />\n</section>\n</body>\n</html>\n'
    )


def _set_modified(book: _Book, day: dt.date) -> None:
    """dcterms:modified from the brief (pandoc would stamp the clock, or 1970 in its sandbox)."""
    stamp = f"{day.isoformat()}T00:00:00Z"
    opf = re.sub(r'(<meta property="dcterms:modified">)[^<]*(</meta>)', rf"\g<1>{stamp}\g<2>", book.text(OPF))
    book.set(OPF, _require(opf, stamp, "dcterms:modified"))


_NOTE = re.compile(r'(<aside\b[^>]*\bepub:type="footnote"[^>]*\bid="fn(\d+)"[^>]*>\s*)(<p>)?')
_CALL = re.compile(r'(<a\b[^>]*\bepub:type="noteref"[^>]*>)(\d+)(</a>)')


def _number_notes(book: _Book, chapters: list[str]) -> None:
    """Notes numbered through the whole book, as in the web and print editions, each with a link back to
    its call reading "N. The note".

    pandoc numbers notes per chapter file (1, 2, 1, 2…) and puts them at its end, so a call and its note
    are always in the same file and keep pandoc's ids there; only the numbers shown change.
    """
    offset = 0
    for name in chapters:
        text = book.text(name)
        calls = {int(number) for number in re.findall(r'\bid="fnref(\d+)"', text)}
        if calls:
            book.set(name, _renumbered(text, calls, offset))
            offset += max(calls)


def _renumbered(text: str, calls: set[int], offset: int) -> str:
    def backlink(match: re.Match) -> str:
        number = int(match.group(2))
        if number not in calls:
            return match.group(0)
        link = f'<a href="#fnref{number}" role="doc-backlink">{offset + number}</a>. '
        return match.group(1) + (f"<p>{link}" if match.group(3) else f"<p>{link}</p>\n")

    text = _CALL.sub(lambda m: f"{m.group(1)}{offset + int(m.group(2))}{m.group(3)}", text)
    return _NOTE.sub(backlink, text)


def _title_chapters(book: _Book, chapters: list[str], title: str) -> None:
    """Each chapter's <title> from its first heading (pandoc names it after its file)."""
    for name in chapters:
        text = book.text(name)
        heading = re.search(r"<h[1-6]\b[^>]*>(.*?)</h[1-6]>", text, re.S)
        label = _TAG.sub("", _NOTEREF.sub("", heading.group(1))).strip() if heading else html.escape(title)
        book.set(name, re.sub(r"<title>ch\d+\.xhtml</title>", lambda _m: f"<title>{label}</title>", text, count=1))


def _add_start_landmark(book: _Book, chapters: list[str]) -> None:
    """The 'bodymatter' landmark: where reading starts, after the cover, title page and contents."""
    if not chapters:
        return
    nav = book.text(NAV)
    first = chapters[0].rsplit("/", 1)[1]
    start = f'    <li>\n      <a href="text/{first}" epub:type="bodymatter">Start</a>\n    </li>\n'
    nav = re.sub(r'(<nav epub:type="landmarks"[^>]*>.*?)(  </ol>)', lambda m: m.group(1) + start + m.group(2),
                 nav, count=1, flags=re.S)
    book.set(NAV, nav)


def _finish_title_page(book: _Book, page: Page) -> None:
    """The title page's date written out ("April 14, 2025"), with the update (pandoc prints the ISO date), and
    a Creative Commons license linked to its terms."""
    brief, name = page.brief, "EPUB/text/title_page.xhtml"
    if name not in book.files:
        return
    dates = f"Published {long_date(brief.date)}" + (f", updated {long_date(brief.updated)}" if brief.updated else "")
    lang = pipeline_lang(page.brand, page.brief)
    marked = f' lang="{lang}" xml:lang="{lang}"' if lang else ""
    text = re.sub(r'<p class="date">[^<]*</p>', lambda _m: f'<p class="date"{marked}>{dates}</p>', book.text(name),
                  count=1)
    terms = license_of(brief.license or page.brand.license or "")
    if terms.url:
        text = re.sub(r'(<div class="rights">)([^<]*)(</div>)',
                      lambda m: f'{m.group(1)}<a href="{html.escape(terms.url)}">{m.group(2)}</a>{m.group(3)}', text,
                      count=1)
    book.set(name, text)


def _mark_pipeline_words(book: _Book, page: Page) -> None:
    """The nav document's "Contents" marked in the brand's language when the book is in another (WCAG 3.1.2)."""
    lang = pipeline_lang(page.brand, page.brief)
    if lang:
        book.set(NAV, book.text(NAV).replace('<h1 id="toc-title">', f'<h1 id="toc-title" lang="{lang}" '
                                             f'xml:lang="{lang}">', 1))


def _embed_fonts(book: _Book, fonts: tuple[FontFamily, ...]) -> None:
    """The brand's fonts, each cut down to the characters the book shows (a whole family is ~0.8 MB)."""
    shown = set(ALWAYS_IN_FONTS)
    for name in book.names:
        if name.endswith(".xhtml"):
            text = html.unescape(_TAG.sub(" ", book.text(name)))
            shown |= {ord(c) for c in text} | {ord(c) for c in text.upper() + text.lower()}
    items = []
    for index, file in enumerate((file for family in fonts for file in family.files), start=1):
        target = font_name(file.path)
        book.set(f"EPUB/fonts/{target}", subset(file.path, shown))
        items.append(f'    <item id="font-{index}" href="fonts/{target}" media-type="font/ttf" />\n')
    if items:
        book.set(OPF, _once(book.text(OPF), "<manifest>\n", "<manifest>\n" + "".join(items)))


def font_name(source: Path) -> str:
    """A font's file name in the book: always TrueType (the most widely read format), named as in assets/."""
    return f"{source.stem}.ttf"


def _zip(book: _Book, day: dt.date) -> bytes:
    """The OCF zip: mimetype first and stored, then every file in pandoc's order, one fixed date for all."""
    stamp = (max(day.year, 1980), day.month, day.day, 0, 0, 0)
    order = ["mimetype"] + [n for n in book.names if n != "mimetype"]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in order:
            info = zipfile.ZipInfo(name, stamp)
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            archive.writestr(info, book.files[name], compresslevel=9)
    return buffer.getvalue()


def _once(text: str, old: str, new: str) -> str:
    """Replace the first `old`; pandoc's output is not what this module knows if there is none."""
    return _require(text.replace(old, new, 1), new, old.strip())


def _require(text: str, needle: str, what: str) -> str:
    if needle not in text:
        raise RuntimeError(f"pandoc {pandoc_tool.version()} wrote an EPUB without the expected {what}")
    return text
