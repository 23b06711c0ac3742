"""The print edition's HTML body: pandoc's endnotes moved to their call sites, images as file URLs."""
from __future__ import annotations

import copy
import html

from .resources import Resource


def for_print(body: str, resources: tuple[Resource, ...]) -> str:
    """The body with inline footnotes (for `float: footnote`) and images pointing at their source files."""
    from bs4 import (
        BeautifulSoup,  # imported here: a build with nothing to print does not pay for it
    )

    soup = BeautifulSoup(body, "html.parser")
    _inline_footnotes(soup)
    sources = {r.target: r.uri() for r in resources}
    for img in soup.find_all("img", src=True):
        img["src"] = sources.get(html.unescape(img["src"]), img["src"])
    return str(soup)


def _inline_footnotes(soup) -> None:
    """Each footnote call becomes a span holding the note's text; the endnotes section goes away.

    The call's own number is dropped: WeasyPrint numbers floated notes itself, in the same order.
    """
    section = soup.find("section", id="footnotes")
    if section is None:
        return
    notes = {li["id"]: li for li in section.find_all("li", id=True)}
    for call in soup.find_all("a", class_="footnote-ref"):
        note = notes.get(call.get("href", "").removeprefix("#"))
        if note is not None:
            call.replace_with(_note_span(soup, copy.copy(note)))  # a note may be called twice
    section.decompose()


def _note_span(soup, note) -> object:
    for backlink in note.find_all("a", class_="footnote-back"):
        backlink.decompose()
    span = soup.new_tag("span", attrs={"class": "footnote"})
    for child in list(note.children):
        if getattr(child, "name", None) == "p":
            child.name = "span"
            child["class"] = "footnote-para"
        span.append(child.extract())
    return span
