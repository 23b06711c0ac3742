"""The print edition's HTML body: pandoc's endnotes moved to their call sites, images as file URLs."""
from __future__ import annotations

import copy
import html
import re

from ..document.resources import Resource

# The named destinations the PDF gets for the n-th call and its note: how the build finds their pages again.
RESERVED_ID = "handouts-"
CALL_ID = RESERVED_ID + "call-{}"
NOTE_ID = RESERVED_ID + "note-{}"
# Hyphens the brand's fonts draw with the hyphen-minus's glyph: in the PDF's text layer a glyph stands for one
# character, so one of these (a non-breaking hyphen pasted from Word) would turn every "102-256" into it.
_SAME_GLYPH_HYPHENS = "\u2010\u2011"
_NON_BREAKING_WORD = re.compile(r"(\S*\u2011\S*)")


def for_print(body: str, resources: tuple[Resource, ...]) -> str:
    """The body with inline footnotes (for `float: footnote`) and images pointing at their source files."""
    from bs4 import (
        BeautifulSoup,  # imported here: a build with nothing to print does not pay for it
    )

    soup = BeautifulSoup(body, "html.parser")
    for forged in soup.find_all(id=lambda value: value and value.startswith(RESERVED_ID)):
        del forged["id"]  # a writer's id must not pass for a call's or a note's destination
    _plain_hyphens(soup)
    _inline_footnotes(soup)
    sources = {r.target: r.uri() for r in resources}
    for img in soup.find_all("img", src=True):
        img["src"] = sources.get(html.unescape(img["src"]), img["src"])
    return str(soup)


def note_texts(body: str) -> list[str]:
    """The text of each note of a print body, in the order WeasyPrint numbers them (1, 2, ...)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(body, "html.parser")
    return [" ".join(note.get_text(" ").split()) for note in soup.select("span.footnote")]


def _plain_hyphens(soup) -> None:
    """Hyphens (U+2010) and non-breaking hyphens (U+2011) become hyphen-minus, the second in a span that
    keeps its word on one line, so the text layer has one hyphen and a search for 102-256 finds them all."""
    for text in soup.find_all(string=lambda value: any(c in value for c in _SAME_GLYPH_HYPHENS)):
        pieces = []
        for n, piece in enumerate(_NON_BREAKING_WORD.split(str(text).replace("\u2010", "-"))):
            if n % 2:
                pieces.append(soup.new_tag("span", attrs={"class": "nobreak"}, string=piece.replace("\u2011", "-")))
            elif piece:
                pieces.append(piece)
        text.replace_with(*pieces)


def _inline_footnotes(soup) -> None:
    """Each footnote call becomes a span holding the note's text; the endnotes section goes away.

    The call's own number is dropped: WeasyPrint numbers floated notes itself, in the same order. The call
    and the note each get an id, which WeasyPrint writes as a named destination on the page it sets them."""
    section = soup.find("section", id="footnotes")
    if section is None:
        return
    notes = {li["id"]: li for li in section.find_all("li", id=True)}
    _title_headings(soup)
    calls = [call for call in soup.find_all("a", class_="footnote-ref")
             if call.get("href", "").removeprefix("#") in notes]
    for number, call in enumerate(calls, start=1):
        note = notes[call["href"].removeprefix("#")]
        call.replace_with(_call_span(soup, copy.copy(note), number))  # a note may be called twice
    section.decompose()


def _title_headings(soup) -> None:
    """A heading that calls a note gets its text without the call as `data-title`: print.css makes that its
    bookmark and running header, which would otherwise end with the call's number ("War crimes2,3")."""
    for heading in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6"]):
        if heading.find(class_="footnote-ref") is None:
            continue
        title = copy.copy(heading)
        for call in title.find_all(class_=["footnote-ref", "footnote-separator"]):
            call.decompose()
        heading["data-title"] = " ".join(title.get_text().split())


def _call_span(soup, note, number: int) -> object:
    """The call's place in the line (which holds WeasyPrint's ::footnote-call), around the floated note."""
    call = soup.new_tag("span", attrs={"class": "footnote-call", "id": CALL_ID.format(number)})
    call.append(_note_span(soup, note, number))
    return call


def _note_span(soup, note, number: int) -> object:
    for backlink in note.find_all("a", class_="footnote-back"):
        backlink.decompose()
    span = soup.new_tag("span", attrs={"class": "footnote", "id": NOTE_ID.format(number)})
    for child in list(note.children):
        if getattr(child, "name", None) == "p":
            child.name = "span"
            child["class"] = "footnote-para"
        span.append(child.extract())
    return span
