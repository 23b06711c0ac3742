"""Stage 8: the members' catalogue of published briefs: dist/index.html, catalog.json, feed.xml and opds.xml."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

import jinja2

from .. import __version__
from ..atomic import write_if_changed
from ..load.brand import Brand
from ..editions import EDITIONS, FORMATS
from ..load.brief import KIND_LABELS, Brief
from ..load.frozen import FrozenMap
from ..project import Project
from ..document.reading import Reading, reading
from ..words import language_name, primary

SCHEMA_VERSION = 1
OPDS_TYPE = "application/atom+xml;profile=opds-catalog;kind=acquisition"

@dataclass(frozen=True)
class File:
    """One output of a brief, as members download it."""

    format: str
    path: str             # relative to dist/, with forward slashes
    bytes: int
    sha256: str
    pages: int | None = None

    @property
    def href(self) -> str:
        """The link from dist/: the web edition by its permalink, <slug>/."""
        return self.path.removesuffix("index.html")

    @property
    def download(self) -> bool:
        """A file to download, listed under the card (the web edition is the card's title link)."""
        return EDITIONS[self.format].download

    @property
    def media_type(self) -> str:
        return EDITIONS[self.format].media_type

    @property
    def label(self) -> str:
        return f"{self.format_label}, {self.details}"

    @property
    def format_label(self) -> str:
        return EDITIONS[self.format].label

    @property
    def details(self) -> str:
        """Its size, and its pages for a PDF: "497 KB, 102 pages"."""
        pages = f", {self.pages} page{'s' if self.pages != 1 else ''}" if self.pages else ""
        return human_size(self.bytes) + pages

    def as_json(self) -> dict:
        data = {"path": self.path, "bytes": self.bytes, "sha256": self.sha256}
        if self.format == "pdf":
            data["pages"] = self.pages
        return data


@dataclass(frozen=True)
class Cover:
    path: str
    bytes: int
    sha256: str
    width: int
    height: int


@dataclass(frozen=True)
class Entry:
    """A published brief with what exists of it in dist/."""

    brief: Brief
    url: str
    files: dict[str, File]   # in FORMATS order
    cover: Cover | None
    words: int  # as the document stage counted them (the manifest's record)
    translations: tuple["Entry", ...] = ()  # on a source's card: its published translations, by language

    @property
    def newest(self) -> dt.date:
        return self.brief.updated or self.brief.date

    @property
    def reading(self) -> Reading:
        return reading(self.words)

    @property
    def lang_key(self) -> str:
        """The filter value: the primary language subtag (en-US and en-GB are both English)."""
        return primary(self.brief.lang)

    @property
    def languages(self) -> tuple["Entry", ...]:
        """The card's editions: the brief, then its translations."""
        return (self, *self.translations)

    @property
    def lang_keys(self) -> tuple[str, ...]:
        """Every language the card's text is published in (the filter matches any of them)."""
        return tuple(dict.fromkeys(entry.lang_key for entry in self.languages))


@dataclass(frozen=True)
class PacketEntry:
    """A packet bound in dist/packets/: several briefs for one meeting, listed apart from the briefs."""

    slug: str
    title: str
    audience: str
    date: dt.date
    briefs: tuple[str, ...]
    file: File

    def as_json(self) -> dict:
        return {"slug": self.slug, "title": self.title, "for": self.audience, "date": self.date.isoformat(),
                "briefs": list(self.briefs), "file": self.file.as_json()}


def write_catalog(project: Project, brand: Brand, env: jinja2.Environment, briefs: list[Brief],
                  records: Mapping[str, Mapping[str, dict]], packets: Mapping[str, dict] = FrozenMap()) -> None:
    """Write the four catalogue files, each only when its bytes changed (a no-op build touches nothing).
    `records`: what the build's manifest recorded of each brief's outputs (slug -> format -> facts); `packets`,
    of each packet (slug -> facts)."""
    entries = collect(project, brand, briefs, records)
    bound = collect_packets(project, packets)
    dist = project.dist
    write_if_changed(dist / "index.html", render_page(brand, env, cards(entries), bound).encode("utf-8"))
    write_if_changed(dist / "catalog.json", catalog_json(brand, cards(entries), bound))
    write_if_changed(dist / "feed.xml", atom_feed(brand, env, entries).encode("utf-8"))
    write_if_changed(dist / "opds.xml", opds_feed(brand, env, entries).encode("utf-8"))


def collect(project: Project, brand: Brand, briefs: list[Brief], records: Mapping[str, Mapping[str, dict]]) -> list[Entry]:
    """Entries newest first (by updated or date, then title); drafts and briefs with no output are left out."""
    entries = [_entry(project, brand, brief, records.get(brief.slug, {})) for brief in briefs if brief.published]
    entries = [entry for entry in entries if entry.files]
    return sorted(entries, key=lambda e: (-e.newest.toordinal(), e.brief.title.casefold(), e.brief.slug))


def cards(entries: list[Entry]) -> list[Entry]:
    """One entry per text: each translation on its source's card (by language), unless its source is not listed
    (a draft, or failed), when it has a card of its own. The feeds list every brief, translations too."""
    listed = {entry.brief.slug for entry in entries}
    translations: dict[str, list[Entry]] = {}
    for entry in entries:
        if entry.brief.translation_of in listed:
            translations.setdefault(entry.brief.translation_of, []).append(entry)
    return [dataclasses.replace(entry, translations=tuple(sorted(translations.get(entry.brief.slug, ()),
                                                                key=lambda t: (t.brief.lang, t.brief.slug))))
            for entry in entries if entry.brief.translation_of not in listed]


def collect_packets(project: Project, packets: Mapping[str, dict]) -> list[PacketEntry]:
    """The packets whose PDF is in dist/, the soonest meeting first (then by title)."""
    entries = [PacketEntry(slug, facts["title"], facts["for"], dt.date.fromisoformat(facts["date"]),
                           tuple(facts["briefs"]), File("pdf", facts["path"], facts["bytes"], facts["sha256"],
                                                        facts.get("pages")))
               for slug, facts in packets.items() if _exists(project, facts)]
    return sorted(entries, key=lambda e: (e.date, e.title.casefold(), e.slug))


def _entry(project: Project, brand: Brand, brief: Brief, records: Mapping[str, dict]) -> Entry:
    """The brief's outputs as the manifest recorded them, those still in dist/ (a member deleting one is not lied to)."""
    listed = [fmt for fmt in FORMATS if fmt in brief.formats and EDITIONS[fmt].catalogued]
    files = {fmt: File(fmt, facts["path"], facts["bytes"], facts["sha256"], facts.get("pages"))
             for fmt in listed if _exists(project, facts := records.get(fmt, {}))}
    covers = [facts["cover"] for facts in records.values() if _exists(project, facts.get("cover", {}))]
    words = next((facts["words"] for facts in records.values() if "words" in facts), 0)
    return Entry(brief, brand.url_for(brief.slug), files, _cover(covers[0]) if covers else None, words)


def _exists(project: Project, facts: Mapping) -> bool:
    return {"path", "bytes", "sha256"} <= facts.keys() and (project.dist / facts["path"]).is_file()


def _cover(facts: Mapping) -> Cover | None:
    if "width" not in facts:
        return None  # not a PNG: better no thumbnail than a broken image
    return Cover(facts["path"], facts["bytes"], facts["sha256"], facts["width"], facts["height"])


# -- file facts -----------------------------------------------------------------
def human_size(size: int) -> str:
    """Decimal units, as file managers show them: 980 bytes, 412 KB, 1.2 MB."""
    if size < 1000:
        return f"{size} byte{'s' if size != 1 else ''}"
    if round(size / 1000) < 1000:
        return f"{round(size / 1000)} KB"
    return f"{size / 1_000_000:.1f} MB"


# -- dist/index.html -----------------------------------------------------------
def render_page(brand: Brand, env: jinja2.Environment, entries: list[Entry], packets: list[PacketEntry] = ()) -> str:
    logo = brand.logo("small")
    titles = {entry.brief.slug: entry.brief.title for entry in entries}
    return env.get_template("base/catalog.html.j2").render(
        brand=brand, entries=entries, packets=packets, titles=titles, filters=_filters(brand, entries), kind_label=kind_label,
        language_name=language_name, logo=f"assets/logo/{logo.on_dark.name}" if logo else None,  # on dark
        home=_base(brand),
    )


def _filters(brand: Brand, entries: list[Entry]) -> dict[str, list[tuple[str, str, int]]]:
    """(value, label, count) per filter; a filter with fewer than two choices filters nothing and is left out."""
    kinds = Counter(e.brief.kind for e in entries)
    topics = Counter(t for e in entries for t in e.brief.topics)
    langs = Counter(key for e in entries for key in e.lang_keys)
    choices = {
        "kind": [(k, kind_label(k), kinds[k]) for k in sorted(kinds, key=kind_label)],
        "topic": [(t, brand.topic_name(t), topics[t]) for t in sorted(topics, key=brand.topic_name)],
        "lang": [(code, language_name(code), langs[code]) for code in sorted(langs)],
    }
    return {name: values for name, values in choices.items() if len(values) > 1}


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind.title())


# -- dist/catalog.json ---------------------------------------------------------
def catalog_json(brand: Brand, entries: list[Entry], packets: list[PacketEntry] = ()) -> bytes:
    """The catalogue for programs; README.md § catalog.json documents it. No timestamps but the briefs' dates."""
    data = {
        "version": SCHEMA_VERSION,
        "name": brand.name_full,
        "url": _base(brand),
        "briefs": [_brief_json(entry) for entry in entries],
        "packets": [packet.as_json() for packet in packets],
    }
    return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def _brief_json(entry: Entry) -> dict:
    brief = entry.brief
    return {
        "slug": brief.slug, "title": brief.title, "subtitle": brief.subtitle, "summary": brief.summary,
        "kind": brief.kind, "topics": list(brief.topics), "lang": brief.lang,
        "date": brief.date.isoformat(), "updated": brief.updated.isoformat() if brief.updated else None,
        "authors": [{"name": a.name, "affiliation": a.affiliation} for a in brief.authors],
        "license": brief.license, "url": entry.url,
        "files": {fmt: file.as_json() for fmt, file in entry.files.items()},
        "cover": vars(entry.cover).copy() if entry.cover else None,
        "words": entry.reading.words, "reading_minutes": entry.reading.minutes,
        "translation_of": brief.translation_of, "source_version": brief.source_version,
        "translations": [_brief_json(translation) for translation in entry.translations],
    }


# -- dist/feed.xml and dist/opds.xml -------------------------------------------
# Templates, not feedgen: feedgen 1.0 drops rel, type and length from entry links (lkiesow/python-feedgen#135)
# and refuses OPDS link relations; tests parse both feeds.
def atom_feed(brand: Brand, env: jinja2.Environment, entries: list[Entry]) -> str:
    """Atom (RFC 4287): the web edition as alternate, PDF and EPUB as enclosures."""
    return env.get_template("base/feed.xml.j2").render(**_feed_context(brand, entries))


def opds_feed(brand: Brand, env: jinja2.Environment, entries: list[Entry]) -> str:
    """An OPDS 1.2 acquisition feed, so e-reader apps can browse and download the EPUBs."""
    return env.get_template("base/opds.xml.j2").render(opds_type=OPDS_TYPE, **_feed_context(brand, entries))


def _feed_context(brand: Brand, entries: list[Entry]) -> dict:
    logo = brand.logo("small")
    base = _base(brand)
    return dict(brand=brand, entries=entries, base=base, version=__version__,
                updated=_atom_time(feed_updated(entries)), atom_time=lambda day: _atom_time(_midnight(day)),
                icon=f"{base}assets/logo/{logo.path.name}" if logo else None)


# -- shared --------------------------------------------------------------------
def feed_updated(entries: list[Entry]) -> dt.datetime:
    """The newest brief's date: a feed that did not change keeps its bytes. Empty: SOURCE_DATE_EPOCH or 1970."""
    if entries:
        return _midnight(max(entry.newest for entry in entries))
    return dt.datetime.fromtimestamp(int(os.environ.get("SOURCE_DATE_EPOCH", "0")), dt.timezone.utc)


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=dt.timezone.utc)


def _atom_time(moment: dt.datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def _base(brand: Brand) -> str:
    return brand.base_url.rstrip("/") + "/"
