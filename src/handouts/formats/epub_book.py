"""Stage 7, the e-book's assembly: an EPUB 3 archive made from plain values (body HTML, metadata, images, fonts,
cover, stylesheet) with the package document, navigation, cover, title page and chapters written from our own
templates in layouts/epub/, as Sphinx's EPUB builder does; no second pandoc pass."""
from __future__ import annotations

import copy
import datetime as dt
import io
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import jinja2
import lxml.html
from lxml import etree

from ..tools.fonts import subset
from ..words import is_rtl

XHTML = "http://www.w3.org/1999/xhtml"
OPS = "http://www.idpf.org/2007/ops"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MEDIA_SUFFIXES = {"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif", "image/svg+xml": ".svg",
                  "image/webp": ".webp"}
# The EPUB 3 structural semantics of the DPUB-ARIA roles pandoc and our templates write.
EPUB_TYPES = {"doc-noteref": "noteref", "doc-footnote": "footnote", "doc-bibliography": "bibliography"}
# Shown by reading systems in the book's fonts though not in its text: ASCII (reader UIs, text-transform) and
# the typographic marks of generated content (list markers, quotation marks).
ALWAYS_IN_FONTS = frozenset(range(0x20, 0x7F)) | frozenset(map(ord, "\u00a0\u00ad‐‑–—‘’“”…•◦▪·«»"))
STYLESHEET = "styles/stylesheet1.css"


@dataclass(frozen=True)
class Landmarks:
    """The landmarks' labels, in the language of the book's own words."""
    cover: str = "Cover"
    title_page: str = "Title Page"
    contents: str = "Contents"
    start: str = "Start"
    notes: str = "Notes"
    references: str = "References"


@dataclass(frozen=True)
class Metadata:
    """What the package document and the title page say about the book."""
    identifier: str
    title: str
    lang: str
    date: dt.date
    modified: dt.date
    publisher: str
    creators: tuple[str, ...]
    description: str = ""
    subtitle: str | None = None
    subjects: tuple[str, ...] = ()
    rights: str | None = None
    rights_url: str | None = None
    dates: str = ""                   # the title page's line: "Published June 2, 2025, updated July 1, 2025"
    pipeline_lang: str | None = None  # the language of our own words when the book is in another
    contents: str = "Contents"        # the nav document's heading
    landmarks: Landmarks = Landmarks()

    @property
    def rtl(self) -> bool:
        """Written right to left: the pages turn the other way, and the documents say so."""
        return is_rtl(self.lang)


@dataclass(frozen=True)
class Image:
    data: bytes
    media_type: str


@dataclass(frozen=True)
class Cover:
    data: bytes
    media_type: str
    alt: str


@dataclass(frozen=True)
class Font:
    name: str     # its file name in the book, "SourceSerif4-Regular.ttf"
    source: Path  # the brand's file, cut down to the book's characters


@dataclass(frozen=True)
class Parts:
    """Everything one book is made of. `body` is the brief's HTML (sections, figures, pandoc's notes);
    `images` its images by the src the body gives them; `address` the web address relative links resolve
    against; `flowing`: one document after the cover (short kinds); `contents_page`: the nav in the reading order."""
    metadata: Metadata
    body: str
    cover: Cover
    stylesheet: str
    address: str
    images: Mapping[str, Image] = field(default_factory=dict)
    fonts: tuple[Font, ...] = ()
    flowing: bool = False
    contents_page: bool = False


@dataclass
class Chapter:
    name: str                       # "ch001.xhtml"
    nodes: list                     # its top-level elements, from the body tree
    title: str = ""
    notes: list = field(default_factory=list)


def assemble(parts: Parts, templates: jinja2.Environment) -> bytes:
    """The EPUB's bytes: a pure function of `parts` (and the templates), the same bytes for the same values."""
    body = _body_tree(parts)
    alts = [img.get("alt", "").strip() for img in body.iter("img")]
    media = _media(body, parts.images)
    chapters = _chapters(body, parts)
    files = _documents(parts, chapters, templates, alts, media)
    files[f"EPUB/{_cover_name(parts.cover)}"] = parts.cover.data
    files.update({f"EPUB/{name}": image.data for name, image in media.items()})
    files[f"EPUB/{STYLESHEET}"] = parts.stylesheet.encode("utf-8")
    files.update(_fonts(parts.fonts, files))
    return _zip(files, parts.metadata.modified)


# -- the body tree ---------------------------------------------------------------------------------

def _body_tree(parts: Parts) -> etree._Element:
    """The body parsed (an HTML5 tokenizer: libxml2 2.14), its relative links made absolute (a book has no
    `../other-brief/` beside it) and the images it has no file for dropped (the resource policy refused them)."""
    root = lxml.html.fragment_fromstring(parts.body, create_parent="div")
    for link in root.iter("a"):
        href = link.get("href")
        if href and not href.startswith("#") and not urlsplit(href).scheme:
            link.set("href", urljoin(parts.address, href))
    for img in list(root.iter("img")):
        if img.get("src") not in parts.images:
            _drop(img)
    return root


def _media(root: etree._Element, images: Mapping[str, Image]) -> dict[str, Image]:
    """The images by their name in the book (media/file0.png ...), in the order the text shows them."""
    names: dict[str, str] = {}
    for img in root.iter("img"):
        src = img.get("src")
        if src not in names:
            names[src] = f"media/file{len(names)}{MEDIA_SUFFIXES[images[src].media_type]}"
        img.set("src", f"../{names[src]}")
    return {name: images[src] for src, name in names.items()}


def _chapters(root: etree._Element, parts: Parts) -> list[Chapter]:
    """The body split at its top-level sections (one chapter when flowing), each with its notes numbered
    through the book, and links between chapters pointing at the right file."""
    notes = _take_notes(root)
    groups: list[list] = [[]]
    for node in root:
        if node.tag == "section" and groups[-1] and not parts.flowing:
            groups.append([])
        groups[-1].append(node)
    chapters = [Chapter(f"ch{number:03d}.xhtml", nodes) for number, nodes in enumerate(groups, 1) if nodes]
    counter = 0
    for chapter in chapters:
        counter = _number_notes(chapter, notes, counter)
        labels = [] if parts.flowing else [label for _level, label, _id in _headings(chapter)]
        chapter.title = labels[0] if labels else parts.metadata.title
    _link_across(chapters)
    return chapters


def _take_notes(root: etree._Element) -> dict[str, etree._Element]:
    """pandoc's list of notes, taken out of the body: each note's <li> by its id."""
    notes = {}
    for section in root.xpath("section[@role='doc-endnotes']"):
        notes.update((li.get("id"), li) for li in section.iter("li") if li.get("id"))
        root.remove(section)
    return notes


def _number_notes(chapter: Chapter, notes: dict[str, etree._Element], counter: int) -> int:
    """Each call numbered through the book ("7", not pandoc's <sup>7</sup>) and its note made an aside at the
    end of the chapter that calls it, starting with a link back to the call: "7. The note"."""
    for node in chapter.nodes:
        for call in node.xpath(".//a[@role='doc-noteref']"):
            note = notes.pop(call.get("href", "").lstrip("#"), None)
            if note is None:
                continue
            counter += 1
            for child in list(call):
                call.remove(child)
            call.text = str(counter)
            chapter.notes.append(_aside(note, call.get("id"), counter))
    return counter


def _aside(note: etree._Element, call_id: str, number: int) -> etree._Element:
    aside = etree.Element("aside", role="doc-footnote", id=note.get("id"))
    aside.text, aside[:] = note.text, list(note)
    for back in aside.xpath(".//a[@role='doc-backlink']"):
        _drop(back)
    first = aside[0] if len(aside) and aside[0].tag == "p" and not (aside.text or "").strip() else None
    if first is None:
        first = etree.Element("p")
        first.text, first[:] = aside.text, [child for child in aside if child.tag not in ("p", "div", "ol", "ul")]
        aside.text = None
        aside.insert(0, first)
    link = etree.Element("a", href=f"#{call_id}", role="doc-backlink")
    link.text, link.tail = str(number), ". " + (first.text or "")
    first.text = None
    first.insert(0, link)
    return aside


def _link_across(chapters: list[Chapter]) -> None:
    """`#id` links to another chapter's element made `chNNN.xhtml#id` (each chapter is its own file)."""
    home = {element.get("id"): chapter.name for chapter in chapters for node in chapter.nodes + chapter.notes
            for element in node.iter() if isinstance(element.tag, str) and element.get("id")}
    for chapter in chapters:
        for node in chapter.nodes + chapter.notes:
            for link in node.iter("a"):
                target = (link.get("href") or "")[1:]
                if link.get("href", "").startswith("#") and home.get(target, chapter.name) != chapter.name:
                    link.set("href", f"{home[target]}#{target}")


def _headings(chapter: Chapter):
    """(level, label, id) of each heading of the chapter: the id is its section's when it opens one."""
    for node in chapter.nodes:
        for heading in node.iter("h1", "h2", "h3", "h4", "h5", "h6"):
            parent = heading.getparent()
            opens = parent is not None and parent.tag == "section" and parent.index(heading) == 0
            yield int(heading.tag[1]), heading_label(heading), (parent.get("id") if opens else heading.get("id"))


def _drop(element: etree._Element) -> None:
    """The element out of the tree, the text after it kept."""
    parent, tail = element.getparent(), element.tail or ""
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)


def heading_label(heading: etree._Element) -> str:
    """A heading's text without its note calls and the separators between them ("Article 8: War crimes")."""
    heading = copy.deepcopy(heading)
    heading.tail = None
    for call in heading.xpath(".//*[@role='doc-noteref' or contains(concat(' ', @class, ' '), ' footnote-separator ')]"):
        _drop(call)
    return " ".join("".join(heading.itertext()).split())


def outline(chapters: list[Chapter]) -> list[dict]:
    """The nav's entries as nested dicts (label, href, children): the top two levels of headings."""
    entries = [(level, label, f"text/{chapter.name}" + (f"#{id_}" if id_ else ""))
               for chapter in chapters for level, label, id_ in _headings(chapter)]
    if not entries:  # a book without headings: its text
        return [{"label": chapters[0].title, "href": f"text/{chapters[0].name}", "children": []}] if chapters else []
    top = min(level for level, _label, _href in entries)
    root: list[dict] = []
    stack: list[tuple[int, list]] = [(top - 1, root)]
    for level, label, link in (entry for entry in entries if entry[0] <= top + 1):
        while stack[-1][0] >= level:
            stack.pop()
        node = {"label": label, "href": link, "children": []}
        stack[-1][1].append(node)
        stack.append((level, node["children"]))
    return root


# -- the documents ---------------------------------------------------------------------------------

def _documents(parts: Parts, chapters: list[Chapter], templates: jinja2.Environment, alts: list[str],
               media: dict[str, Image]) -> dict[str, bytes]:
    """Every XML file of the book, by its name in the archive, in reading order."""
    meta = parts.metadata
    common = {"meta": meta, "stylesheet": f"../{STYLESHEET}"}
    page = templates.get_template("epub/page.xhtml.j2")
    files = {"mimetype": b"application/epub+zip",
             "META-INF/container.xml": _render(templates, "epub/container.xml.j2"),
             "META-INF/com.apple.ibooks.display-options.xml": _render(templates, "epub/display-options.xml.j2")}
    cover = templates.get_template("epub/cover.xhtml.j2")
    text = {"text/cover.xhtml": cover.render(cover=parts.cover, cover_src=f"../{_cover_name(parts.cover)}", **common)}
    if not parts.flowing:
        text["text/title_page.xhtml"] = page.render(title=meta.title, titlepage=True, content="", matter="frontmatter",
                                                    **common)
    for index, chapter in enumerate(chapters):
        text[f"text/{chapter.name}"] = page.render(title=chapter.title, titlepage=parts.flowing and index == 0,
                                                   content=_serialized(chapter), matter="bodymatter", **common)
    nav = templates.get_template("epub/nav.xhtml.j2").render(
        meta=meta, stylesheet=STYLESHEET, entries=outline(chapters), landmarks=_landmarks(parts, chapters))
    documents = {"nav.xhtml": nav, **text}
    files["EPUB/content.opf"] = _render(templates, "epub/content.opf.j2", meta=meta, features=_accessibility(alts, chapters),
                                        items=_manifest(documents, media, parts), spine=_spine(parts, text))
    files.update({f"EPUB/{name}": _finished(document) for name, document in documents.items()})
    return files


def _render(templates: jinja2.Environment, name: str, **values) -> bytes:
    return templates.get_template(name).render(**values).encode("utf-8")


def _serialized(chapter: Chapter) -> str:
    """The chapter's elements, then its notes, as XML (the page template puts them in the XHTML namespace)."""
    parts = [etree.tostring(node, encoding="unicode", method="xml", with_tail=False) for node in chapter.nodes]
    if chapter.notes:
        section = etree.Element("section", id="footnotes", **{"class": "footnotes footnotes-end-of-document"})
        section.append(etree.Element("hr"))
        section.extend(chapter.notes)
        parts.append(etree.tostring(section, encoding="unicode", method="xml"))
    return "\n".join(parts)


def _finished(document: str) -> bytes:
    """A rendered XHTML document parsed (which proves it well formed), with the EPUB semantics of its ARIA roles
    (epub:type) and an xml:lang beside each lang."""
    root = etree.fromstring(document.encode("utf-8"))
    for element in root.iter(f"{{{XHTML}}}*"):
        kind = EPUB_TYPES.get(element.get("role", ""))
        if kind:
            element.set(f"{{{OPS}}}type", kind)
        if element.get("lang"):
            element.set(XML_LANG, element.get("lang"))
        if element.tag == f"{{{XHTML}}}section" and "footnotes" in (element.get("class") or "").split():
            element.set(f"{{{OPS}}}type", "footnotes")
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True, doctype="<!DOCTYPE html>") + b"\n"


def _landmarks(parts: Parts, chapters: list[Chapter]) -> list[tuple[str, str, str]]:
    """(epub:type, href, label) of the places a reader jumps to: cover, title page, contents, text, notes."""
    first = f"text/{chapters[0].name}" if chapters else "text/cover.xhtml"
    labels = parts.metadata.landmarks
    marks = [("cover", "text/cover.xhtml", labels.cover),
             ("titlepage", f"{first}#titlepage" if parts.flowing else "text/title_page.xhtml", labels.title_page)]
    if parts.contents_page:
        marks.append(("toc", "nav.xhtml#toc", parts.metadata.contents))
    marks.append(("bodymatter", first, labels.start))
    noted = [chapter for chapter in chapters if chapter.notes]
    if len(noted) == 1:  # one place holds every note (a flowing book's end)
        marks.append(("footnotes", f"text/{noted[0].name}#footnotes", labels.notes))
    references = [(chapter, element) for chapter in chapters for node in chapter.nodes  # citeproc's div#refs
                  for element in node.xpath("descendant-or-self::*[@id='refs' or @role='doc-bibliography']")]
    if references:
        chapter, element = references[0]
        section = element.getparent()  # the section it opens, with its heading, when there is one
        target = section if section.tag == "section" and section.get("id") else element
        marks.append(("bibliography", f"text/{chapter.name}#{target.get('id')}", labels.references))
    return marks


def _manifest(documents: dict[str, str], media: dict[str, Image], parts: Parts) -> list[tuple[str, str, str, str]]:
    """(id, href, media type, properties) of every file the package holds but itself and the fonts' (added last)."""
    items = [(_item_id(name), name, "application/xhtml+xml", "nav" if name == "nav.xhtml" else "")
             for name in documents]
    items.append(("cover-image", _cover_name(parts.cover), parts.cover.media_type, "cover-image"))
    items += [(_item_id(name), name, image.media_type, "") for name, image in media.items()]
    items.append(("stylesheet1", STYLESHEET, "text/css", ""))
    items += [(f"font-{index}", f"fonts/{font.name}", "font/ttf", "") for index, font in enumerate(parts.fonts, 1)]
    return items


def _cover_name(cover: Cover) -> str:
    return f"media/cover{MEDIA_SUFFIXES[cover.media_type]}"


def _item_id(name: str) -> str:
    return name.rsplit("/", 1)[-1].replace(".", "_")


def _spine(parts: Parts, text: dict[str, str]) -> list[str]:
    names = list(text)
    if parts.contents_page:
        names.insert(1 if parts.flowing else 2, "nav.xhtml")  # after the cover (and title page)
    return [_item_id(name) for name in names]


def _accessibility(alts: list[str], chapters: list[Chapter]) -> dict:
    """The schema.org accessibility metadata: what the book holds decides what it claims."""
    images, described = bool(alts), bool(alts) and all(alts)
    summary = ["Structured with headings, a table of contents and landmarks, in a single logical reading order."]
    if any(chapter.notes for chapter in chapters):
        summary.append("Footnotes are linked to and from their call sites.")
    summary.append("The reader can change fonts, text size, spacing and colors.")
    if images:
        summary.append("Every image has a text description." if described else "Some images have no text description.")
    summary.append("No flashing, motion or sound hazards.")
    features = ["structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability"]
    return {"modes": ["textual", "visual"] if images else ["textual"],
            "sufficient": (["textual", "textual,visual"] if described else ["textual,visual"]) if images else ["textual"],
            "features": features + (["alternativeText"] if described else []),
            "summary": " ".join(summary)}


# -- fonts and the archive -------------------------------------------------------------------------

def _fonts(fonts: tuple[Font, ...], files: dict[str, bytes]) -> dict[str, bytes]:
    """The fonts, each cut down to the characters the book's documents show (a whole family is ~0.8 MB)."""
    if not fonts:
        return {}
    shown = set(ALWAYS_IN_FONTS)
    for name, data in files.items():
        if name.endswith(".xhtml"):
            text = "".join(etree.fromstring(data).itertext())
            shown |= {ord(c) for c in text + text.upper() + text.lower()}
    return {f"EPUB/fonts/{font.name}": subset(font.source, shown) for font in fonts}


def _zip(files: dict[str, bytes], day: dt.date) -> bytes:
    """The OCF zip: mimetype first and stored, then every file in order, one fixed date for all."""
    stamp = (max(day.year, 1980), day.month, day.day, 0, 0, 0)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, stamp)
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            archive.writestr(info, data, compresslevel=9)
    return buffer.getvalue()
