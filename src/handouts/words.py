"""The pipeline's own words (labels, dates, page numbers) in each language it speaks, and each language's own name:
shared by the formats and the catalogue, as editions.py is."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Mapping

# Endonyms: members look for their own language by its own name.
LANGUAGE_NAMES = {"ar": "العربية", "de": "Deutsch", "en": "English", "es": "Español", "fa": "فارسی",
                  "fr": "Français", "it": "Italiano", "nl": "Nederlands", "pt": "Português", "ru": "Русский",
                  "sw": "Kiswahili", "uk": "Українська", "zh": "中文"}


# Languages written right to left: their documents say dir="rtl", their books turn the other way.
RTL_LANGUAGES = {"ar", "arc", "dv", "fa", "he", "ks", "ku", "ps", "sd", "ug", "ur", "yi"}


def is_rtl(tag: str) -> bool:
    return primary(tag) in RTL_LANGUAGES


def primary(tag: str) -> str:
    """A language tag's primary subtag, lowercased: en-US and en-GB are both 'en'."""
    return tag.split("-")[0].lower()


def language_name(tag: str) -> str:
    """The language's name in itself ("Français" for fr-CA), or the tag when the table has none."""
    return LANGUAGE_NAMES.get(primary(tag), tag)


@dataclass(frozen=True)
class Words:
    """What the pipeline itself writes on a handout, in one language (the brief's text is the writer's)."""

    lang: str
    kinds: Mapping[str, str]  # the kind's label: "Fact sheet"
    months: tuple[str, ...]
    contents: str
    in_brief: str      # the label of the key points panel
    notes: str
    references: str
    page: str          # "Page {page} of {pages}", the print edition's foot
    updated: str       # "(updated {date})", after the byline's date
    published: str     # "Published {date}", the e-book's title page
    and_updated: str   # ", updated {date}", after it
    license: str       # the labels of the back matter, with their punctuation
    source: str
    read_online: str
    qr: str            # the QR code's text alternative: "QR code linking to {url}"
    cover: str         # the e-book's landmarks
    title_page: str
    start: str
    cover_alt: str     # "Cover: {title}"
    first_day: str = "{day}"  # French writes the first of the month "1er"

    def date(self, day: dt.date) -> str:
        return self.date_form.format(day=self.first_day.format(day=1) if day.day == 1 else day.day,
                                     month=self.months[day.month - 1], year=day.year)

    @property
    def date_form(self) -> str:
        return "{month} {day}, {year}" if primary(self.lang) == "en" else "{day} {month} {year}"

    def dates(self, published: dt.date, updated: dt.date | None) -> str:
        """"Published June 2, 2025, updated July 1, 2025": the e-book's title page and the DOCX's."""
        return self.published.format(date=self.date(published)) \
            + (self.and_updated.format(date=self.date(updated)) if updated else "")

    def kind(self, kind: str) -> str:
        return self.kinds.get(kind, kind.title())


NBSP = "\u00a0"
WORDS = {
    "en": Words(
        lang="en", kinds={"brief": "Policy brief", "factsheet": "Fact sheet", "backgrounder": "Backgrounder",
                          "update": "Update", "reference": "Reference text"},
        months=("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December"),
        contents="Contents", in_brief="In brief", notes="Notes", references="References", page="Page {page} of {pages}",
        updated="(updated {date})", published="Published {date}", and_updated=", updated {date}",
        license="License:", source="Source:", read_online="Read online:", qr="QR code linking to {url}",
        cover="Cover", title_page="Title Page", start="Start", cover_alt="Cover: {title}"),
    "fr": Words(
        lang="fr", kinds={"brief": "Note de synthèse", "factsheet": "Fiche d’information",
                          "backgrounder": "Note de contexte", "update": "Point d’actualité",
                          "reference": "Texte de référence"},
        months=("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
                "novembre", "décembre"),
        contents="Sommaire", in_brief="En bref", notes="Notes", references="Références", page="Page {page} sur {pages}",
        updated="(mis à jour le {date})", published="Publié le {date}", and_updated=", mis à jour le {date}",
        license=f"Licence{NBSP}:", source=f"Source{NBSP}:", read_online=f"Lire en ligne{NBSP}:",
        qr="Code QR menant à {url}", cover="Couverture", title_page="Page de titre", start="Début",
        cover_alt=f"Couverture{NBSP}: {{title}}", first_day="{day}er"),
    "ar": Words(
        lang="ar", kinds={"brief": "موجز سياسات", "factsheet": "صحيفة وقائع", "backgrounder": "ورقة معلومات أساسية",
                          "update": "مستجدات", "reference": "نص مرجعي"},
        # The month names of the Levant and Iraq, then those of Egypt and the Gulf, as the United Nations writes them.
        months=("كانون الثاني/يناير", "شباط/فبراير", "آذار/مارس", "نيسان/أبريل", "أيار/مايو", "حزيران/يونيو",
                "تموز/يوليو", "آب/أغسطس", "أيلول/سبتمبر", "تشرين الأول/أكتوبر", "تشرين الثاني/نوفمبر",
                "كانون الأول/ديسمبر"),
        contents="المحتويات", in_brief="باختصار", notes="الحواشي", references="المراجع", page="الصفحة {page} من {pages}",
        updated="(حُدّث في {date})", published="نُشر في {date}", and_updated="، وحُدّث في {date}",
        license="الترخيص:", source="المصدر:", read_online="اقرأ على الإنترنت:", qr="رمز QR يؤدي إلى {url}",
        cover="الغلاف", title_page="صفحة العنوان", start="البداية", cover_alt="الغلاف: {title}"),
}


@dataclass(frozen=True)
class Voice:
    """The words a handout is written with, and the language to mark them with when it is not the brief's."""

    words: Words
    marked: str | None  # the words' language, when the brief is in another (WCAG 3.1.2); else None


def voice(brief_lang: str, brand_lang: str) -> Voice:
    """The brief's language's words when the table has them, else the brand's (English when it has none
    either), marked as such."""
    if primary(brief_lang) in WORDS:
        return Voice(WORDS[primary(brief_lang)], None)
    words = WORDS.get(primary(brand_lang), WORDS["en"])
    return Voice(words, brand_lang if primary(brand_lang) in WORDS else words.lang)
