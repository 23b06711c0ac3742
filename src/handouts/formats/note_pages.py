"""The print edition read back: every note must be printed on the page of its call (pdf.note-page)."""
from __future__ import annotations

import io
import re
from dataclasses import dataclass

from .print_html import CALL_ID, NOTE_ID, RESERVED_ID

_NOT_WORD = re.compile(r"[\W_]+")  # line breaks, hyphenation and punctuation do not matter when comparing text
_SAMPLE = 24  # characters of a note's text looked for on its page


@dataclass(frozen=True)
class Misplaced:
    """A note that is not where its call is: `note_page` None when no page prints it."""

    number: int
    call_page: int | None
    note_page: int | None
    text: str

    def message(self) -> str:
        called = f"page {self.call_page}" if self.call_page else "no page"
        if self.note_page is None:
            return f"note {self.number} (called on {called}) is printed on no page of the PDF"
        return f"note {self.number} is printed on page {self.note_page}, but its call is on {called}"


def misplaced_notes(pdf: bytes, notes: list[str]) -> list[Misplaced]:
    """Each of `notes` (their texts, numbered from 1) whose call and note are not on the same page of `pdf`.

    The pages come from the named destinations WeasyPrint writes where it sets the call and the note; the note's
    first words must also be in the text of that page, so a note set but not shown is caught too."""
    if not notes:
        return []
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        pages = _destination_pages(document)
        texts = _page_texts(document, {pages[NOTE_ID.format(n)] for n in range(1, len(notes) + 1)
                                       if NOTE_ID.format(n) in pages})
    found = []
    for number, text in enumerate(notes, start=1):
        call, note = pages.get(CALL_ID.format(number)), pages.get(NOTE_ID.format(number))
        if note is not None and _NOT_WORD.sub("", text)[:_SAMPLE] not in texts[note]:
            note = None
        if note is None or note != call:
            found.append(Misplaced(number, call, note, text))
    return found


def _destination_pages(document) -> dict[str, int]:
    """Our call and note destinations, by name, with their page numbers counted from 1 (read with qpdf: pypdf
    takes a second over the Rome Statute's 300 destinations)."""
    import pikepdf

    names = document.Root.get("/Names", {}).get("/Dests")
    if names is None:
        return {}
    pages = {page.objgen: number for number, page in enumerate(document.pages, start=1)}
    found = {}
    for name, dest in pikepdf.NameTree(names).items():
        target = dest.get("/D") if isinstance(dest, pikepdf.Dictionary) else dest
        if name.startswith(RESERVED_ID) and len(target) and target[0].objgen in pages:
            found[name] = pages[target[0].objgen]
    return found


def _page_texts(document, numbers: set[int]) -> dict[int, str]:
    """The letters and digits of some pages' text: pypdf reads a PDF of those pages alone (walking the page tree
    of a long PDF takes it most of a second)."""
    import pikepdf
    from pypdf import PdfReader

    wanted = sorted(numbers)
    extract, buffer = pikepdf.new(), io.BytesIO()
    for number in wanted:
        extract.pages.append(document.pages[number - 1])
    extract.save(buffer)
    return {number: _NOT_WORD.sub("", page.extract_text()) for number, page in zip(wanted, PdfReader(buffer).pages)}
