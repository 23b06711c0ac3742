"""Reading aids: a brief's word count and reading time, from its Markdown (the same numbers on the page and in the catalogue)."""
from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass

WORDS_PER_MINUTE = 230  # an adult's silent reading of non-fiction (Brysbaert 2019: 238)
# Markup that is not read: code blocks, footnote definitions, link and image targets, {#id} attributes,
# [@key] citations, raw HTML tags, fenced div lines. Footnotes and references are not counted.
_DROP = [re.compile(p, re.MULTILINE | re.DOTALL) for p in (
    r"^(`{3,}|~{3,}).*?^\1\s*$", r"^\[\^[^\]]+\]:.*?(?=\n\S|\Z)", r"\]\([^)]*\)", r"\{[#.][^}]*\}",
    r"\[-?@[^\]]*\]", r"\[\^[^\]]+\]", r"<[^>]+>", r"^:::[^\n]*$", r"https?://\S+")]
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


def reading(body: str) -> Reading:
    words = count_words(body)
    return Reading(words, max(1, math.ceil(words / WORDS_PER_MINUTE)))


@functools.lru_cache(maxsize=256)
def count_words(body: str) -> int:
    for pattern in _DROP:
        body = pattern.sub(" ", body)
    return len(_WORD.findall(body))
