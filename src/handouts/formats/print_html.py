"""Format stage (print): the body WeasyPrint sets, as one tree pass: notes at their calls, every address absolute,
images from their source files, one hyphen glyph."""
from __future__ import annotations

import copy
import re

from ..document.resources import Resource
from ..document.weblinks import resolve_links
from ..tools import html_tree

# The named destinations the PDF gets for the n-th call and its note: how the build finds their pages again.
RESERVED_ID = "handouts-"
CALL_ID = RESERVED_ID + "call-{}"
NOTE_ID = RESERVED_ID + "note-{}"
# Hyphens the brand's fonts draw with the hyphen-minus's glyph: in the PDF's text layer a glyph stands for one
# character, so one of these (a non-breaking hyphen pasted from Word) would turn every "102-256" into it.
_SAME_GLYPH_HYPHENS = "\u2010\u2011"
_NON_BREAKING_WORD = re.compile(r"(\S*\u2011\S*)")  # over a text node's characters, not over HTML
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def for_print(body: str, page_url: str, resources: tuple[Resource, ...]) -> str:
    """The body with inline footnotes (for `float: footnote`), links resolved against the brief's web address
    (`page_url`) and images pointing at their source files."""
    root = html_tree.parse(body)
    for forged in root.xpath(".//*[starts-with(@id, $prefix)]", prefix=RESERVED_ID):
        del forged.attrib["id"]  # a writer's id must not pass for a call's or a note's destination
    resolve_links(root, page_url)
    _plain_hyphens(root)
    _inline_footnotes(root)
    _label_provisions(root)
    sources = {r.target: r.uri() for r in resources}
    for img in root.iter("img"):
        if img.get("src") is not None:
            img.set("src", sources.get(img.get("src"), img.get("src")))
    return html_tree.serialize(root)


def note_texts(body: str) -> list[str]:
    """The text of each note of a print body, in the order WeasyPrint numbers them (1, 2, ...)."""
    root = html_tree.parse(body)
    return [" ".join(" ".join(note.itertext()).split())
            for note in root.iter("span") if "footnote" in html_tree.classes(note)]


def _plain_hyphens(root) -> None:
    """Hyphens (U+2010) and non-breaking hyphens (U+2011) become hyphen-minus, the second in a span that
    keeps its word on one line, so the text layer has one hyphen and a search for 102-256 finds them all."""
    for element in list(root.iter()):
        if element.text and any(c in element.text for c in _SAME_GLYPH_HYPHENS):
            element.text, spans = _split_hyphens(element, element.text)
            for n, span in enumerate(spans):
                element.insert(n, span)
        if element is not root and element.tail and any(c in element.tail for c in _SAME_GLYPH_HYPHENS):
            element.tail, spans = _split_hyphens(element, element.tail)
            for span in reversed(spans):
                element.addnext(span)


def _split_hyphens(element, text: str):
    """The text before the first non-breaking word, and a span for each such word (the text after it its tail)."""
    pieces = _NON_BREAKING_WORD.split(text.replace("\u2010", "-"))
    spans = []
    for word, after in zip(pieces[1::2], pieces[2::2]):
        span = element.makeelement("span", {"class": "nobreak"})
        span.text, span.tail = word.replace("\u2011", "-"), after or None
        spans.append(span)
    return pieces[0] or None, spans


def _inline_footnotes(root) -> None:
    """Each footnote call becomes a span holding the note's text; the endnotes section goes away.

    The call's own number is dropped: WeasyPrint numbers floated notes itself, in the same order. The call
    and the note each get an id, which WeasyPrint writes as a named destination on the page it sets them."""
    section = next((s for s in root.iter("section") if s.get("id") == "footnotes"), None)
    if section is None:
        return
    notes = {li.get("id"): li for li in section.iter("li") if li.get("id")}
    _title_headings(root)
    calls = [call for call in root.iter("a") if "footnote-ref" in html_tree.classes(call)
             and (call.get("href") or "").removeprefix("#") in notes]
    for number, call in enumerate(calls, start=1):
        note = notes[call.get("href").removeprefix("#")]
        html_tree.replace(call, _call_span(call, copy.deepcopy(note), number))  # a note may be called twice
    html_tree.remove(section)


def _title_headings(root) -> None:
    """A heading that calls a note gets its text without the call as `data-title`: print.css makes that its
    bookmark and running header, which would otherwise end with the call's number ("War crimes2,3")."""
    for heading in root.iter(*_HEADINGS):
        if not any("footnote-ref" in html_tree.classes(e) for e in heading.iter()):
            continue
        title = copy.deepcopy(heading)
        title.tail = None
        for call in [e for e in title.iter() if {"footnote-ref", "footnote-separator"} & set(html_tree.classes(e))]:
            html_tree.remove(call)
        heading.set("data-title", html_tree.text_of(title))


def _label_provisions(root) -> None:
    """A heading that opens with a label ("Article 8: War crimes") gets it as `data-label`: a reference's running
    head names the provisions of its page by their labels ("Article 7-9")."""
    for heading in root.iter(*_HEADINGS):
        label, colon, _name = (heading.get("data-title") or html_tree.text_of(heading)).partition(":")
        if colon and label.strip() and len(label) <= 40:
            heading.set("data-label", label.strip())


def _call_span(call, note, number: int):
    """The call's place in the line (which holds WeasyPrint's ::footnote-call), around the floated note."""
    span = call.makeelement("span", {"class": "footnote-call", "id": CALL_ID.format(number)})
    span.append(_note_span(note, number))
    return span


def _note_span(note, number: int):
    for backlink in [a for a in note.iter("a") if "footnote-back" in html_tree.classes(a)]:
        html_tree.remove(backlink)
    span = note.makeelement("span", {"class": "footnote", "id": NOTE_ID.format(number)})
    span.text = note.text
    for child in list(note):
        if child.tag == "p":
            child.tag = "span"
            child.set("class", "footnote-para")
        span.append(child)
    return span
