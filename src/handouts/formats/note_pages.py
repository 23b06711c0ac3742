"""The print edition as laid out: every note must be printed on the page of its call (pdf.note-page)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .print_html import CALL_ID, NOTE_ID
from ..tools.weasy import LaidOutPage

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


def misplaced_notes(pages: tuple[LaidOutPage, ...], notes: list[str]) -> list[Misplaced]:
    """Each of `notes` (their texts, numbered from 1) whose call and note are not on the same page.

    The call's page is the first with its anchor; the note's, the first whose footnote area holds it with its
    first words shown (a note set but not shown is caught too), from WeasyPrint's layout of the pages."""
    found = []
    for number, text in enumerate(notes, start=1):
        call = _first(pages, lambda page: CALL_ID.format(number) in page.anchors)
        sample = _NOT_WORD.sub("", text)[:_SAMPLE]
        note = _first(pages, lambda page: sample in _NOT_WORD.sub("", page.footnotes.get(NOTE_ID.format(number), "")))
        if note is None or note != call:
            found.append(Misplaced(number, call, note, text))
    return found


def _first(pages: tuple[LaidOutPage, ...], holds) -> int | None:
    """The number (from 1) of the first page for which `holds(page)`."""
    return next((number for number, page in enumerate(pages, start=1) if holds(page)), None)
