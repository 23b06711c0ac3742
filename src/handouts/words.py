"""The pipeline's own words (labels, dates, page numbers) in each language it speaks, and each language's own name:
shared by the formats and the catalogue, as editions.py is."""
from __future__ import annotations

# Endonyms: members look for their own language by its own name.
LANGUAGE_NAMES = {"ar": "العربية", "de": "Deutsch", "en": "English", "es": "Español", "fa": "فارسی",
                  "fr": "Français", "it": "Italiano", "nl": "Nederlands", "pt": "Português", "ru": "Русский",
                  "sw": "Kiswahili", "uk": "Українська", "zh": "中文"}


def primary(tag: str) -> str:
    """A language tag's primary subtag, lowercased: en-US and en-GB are both 'en'."""
    return tag.split("-")[0].lower()


def language_name(tag: str) -> str:
    """The language's name in itself ("Français" for fr-CA), or the tag when the table has none."""
    return LANGUAGE_NAMES.get(primary(tag), tag)
