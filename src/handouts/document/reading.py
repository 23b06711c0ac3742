"""Reading aids: a brief's reading time from its word count (counted on pandoc's AST by the document stage)."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

WORDS_PER_MINUTE = 230  # an adult's silent reading of non-fiction (Brysbaert 2019: 238)
_WORD = re.compile(r"[^\W_]+(?:[’'.-][^\W_]+)*")


@dataclass(frozen=True)
class Reading:
    words: int
    minutes: int  # rounded up: "1 min read" for a short fact sheet

    @property
    def label(self) -> str:
        hours, minutes = divmod(self.minutes, 60)
        time = f"{hours} h {minutes} min" if hours else f"{minutes} min"
        return f"{self.words:,} words, {time} read"


def reading(words: int) -> Reading:
    return Reading(words, max(1, math.ceil(words / WORDS_PER_MINUTE)))


def count_words(text: str) -> int:
    """The words of plain text (the document's reader took the markup, code and notes out)."""
    return len(_WORD.findall(text))
