"""Stage 1-3 (load): packets/<slug>.yml, several briefs bound for one meeting, validated into a frozen Packet."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Collection, Mapping

from yaml.nodes import MappingNode, Node, ScalarNode

from . import source as source_text
from .brief import Brief, FieldValidator
from .discover import SLUG, Source, slugify
from .frozen import FrozenMap
from .policy import HARD_LINK_HINT, PATH_HINT, is_hard_linked, written_path_refusal
from ..problems import ERROR, Problem, Problems, closest, did_you_mean
from ..project import Project
from .yamlsafe import YamlError, parse, where

FIELDS = ("title", "date", "for", "note", "briefs")
REQUIRED = ("title", "date", "for", "briefs")
NOTE_SUFFIXES = (".md", ".markdown")
# Keys a writer may reach for, and the field each means here.
ALIASES = {"audience": "for", "office": "for", "to": "for", "recipient": "for", "cover": "note", "letter": "note",
           "cover_note": "note", "message": "note", "items": "briefs", "handouts": "briefs", "contents": "briefs",
           "brief": "briefs", "name": "title", "day": "date", "meeting": "date"}
_REQUIRED_HINTS = {
    "title": 'add `title: "Lobby day: Senate office visit"`',
    "date": "add `date: YYYY-MM-DD`, the day of the meeting",
    "for": 'add `for: "Office of Senator ..."`, the audience the cover names',
    "briefs": "add `briefs: [slug, slug]`, the briefs to bind, in order",
}


@dataclass(frozen=True)
class Packet:
    slug: str
    path: Path
    title: str
    date: dt.date
    audience: str  # the `for:` line
    briefs: tuple[str, ...]
    note: str = ""  # the cover note, Markdown
    note_file: Path | None = None  # when the note is a file beside the packet (an input of the packet)
    lines: Mapping[str, int] = field(default_factory=FrozenMap)


def find_packets(project: Project) -> tuple[list[Source], list[Problem]]:
    """packets/<slug>.yml, sorted by slug (no packets/ folder: no packets); misnamed files as problems."""
    if not project.packets.is_dir():
        return [], []
    found, problems = [], []
    for entry in sorted(project.packets.iterdir()):
        if entry.name.startswith((".", "_")) or not entry.is_file() or entry.suffix.lower() in NOTE_SUFFIXES:
            continue
        if entry.suffix != ".yml":
            problems.append(Problem(project.rel(entry), None, None, ERROR, f"a packet's file name ends in .yml, "
                                    f"not {entry.suffix or 'nothing'}", "packet.suffix",
                                    f"rename it to '{slugify(entry.stem, 'packet')}.yml'"))
        elif not SLUG.fullmatch(entry.stem):
            problems.append(Problem(project.rel(entry), None, None, ERROR, f"'{entry.stem}' is not a valid slug "
                                    "(lowercase letters, digits, hyphens)", "packet.slug",
                                    f"rename it to '{slugify(entry.stem, 'packet')}.yml'"))
        else:
            found.append(Source(entry.stem, entry, None))
    return found, problems


def load_packet(src: Source, project: Project, briefs: Mapping[str, Brief],
                known: Collection[str]) -> tuple[Packet | None, list[Problem]]:
    """Read and validate one packet against the briefs that loaded (`briefs`) and every brief's slug (`known`)."""
    problems = Problems(project.rel(src.path))
    if not src.path.resolve().is_relative_to(project.packets.resolve()) or is_hard_linked(src.path):
        problems.error("the packet's file is a link to a file elsewhere (a symbolic or hard link)", "packet.outside",
                       1, hint="copy the file itself into packets/")
        return None, problems.items
    text = source_text.decode(src.path.read_bytes(), problems, of="packet")
    if text is None:
        return None, problems.items
    duplicates: list[YamlError] = []
    try:
        root = parse(text, duplicates)
    except YamlError as exc:
        problems.error(exc.message, exc.code, exc.line, exc.col, exc.hint)
        return None, problems.items
    for exc in duplicates:
        problems.error(exc.message, exc.code, exc.line, exc.col, exc.hint)
    if not isinstance(root, MappingNode):
        problems.error("a packet is a set of 'key: value' lines", "packet.file", where(root)[0] if root else 1,
                       hint="write 'title: ...', 'date: ...', 'for: ...' and 'briefs: [...]' on their own lines")
        return None, problems.items
    values = _PacketValidator(root, problems, src, project, briefs, known).run()
    if problems.has_errors:
        return None, problems.items
    return Packet(slug=src.slug, path=src.path, **values), problems.items


class _PacketValidator(FieldValidator):
    """A packet's keys checked as a brief's front matter is, with the codes packet.*."""

    prefix = "packet"
    required = REQUIRED

    def __init__(self, root: MappingNode, problems: Problems, src: Source, project: Project,
                 briefs: Mapping[str, Brief], known: Collection[str]):
        super().__init__(root, problems, src, project, None)
        self.briefs, self.known = briefs, known

    def run(self) -> dict:
        for name, (key, _value) in self.nodes.items():
            if name not in FIELDS:
                guess = ALIASES.get(name.lower()) or closest(name.lower(), FIELDS)
                self._error(key, f"unknown key '{name}'" + (f" (did you mean '{guess}'?)" if guess else ""),
                            "packet.unknown-key", f"rename it to '{guess}'" if guess else
                            f"remove it; a packet's keys are: {', '.join(FIELDS)}")
        for name in REQUIRED:
            if name not in self.nodes:
                self.problems.error(f"missing required field '{name}'", "packet.required", 1,
                                    hint=_REQUIRED_HINTS[name])
        checks = {"title": lambda node: self._text(node, "title", 200),
                  "date": lambda node: self._date_value(node, "date"),
                  "for": lambda node: self._text(node, "for", 200), "note": self._note, "briefs": self._briefs}
        values = {name: checks[name](self.nodes[name][1]) for name in FIELDS if name in self.nodes}
        values = {name: value for name, value in values.items() if value is not None}
        if "for" in values:
            values["audience"] = values.pop("for")
        if isinstance(values.get("note"), tuple):
            values["note"], values["note_file"] = values["note"]
        values["lines"] = FrozenMap({name: key.start_mark.line + 1 for name, (key, _v) in self.nodes.items()})
        return values

    def _note(self, node: Node):
        """Markdown written in the file, or the name of a Markdown file beside it: (its text, its path)."""
        value = self._text(node, "note", 4000, one_line=False)
        if value is None or "\n" in value or PurePosixPath(value).suffix.lower() not in NOTE_SUFFIXES:
            return value
        why = written_path_refusal(value)
        path = (self.project.packets / value).resolve()
        if why or not path.is_relative_to(self.project.packets.resolve()):
            self._error(node, f"'note' file must be beside the packet, in packets/: '{value}'", "packet.note",
                        PATH_HINT if why else "put the note's file in packets/ and give its name")
            return None
        if not path.is_file():
            notes = sorted(p.name for p in self.project.packets.iterdir() if p.suffix.lower() in NOTE_SUFFIXES)
            self._error(node, f"'note' file not found: packets/{value}{did_you_mean(value, notes)}", "packet.note",
                        "check the name; the path is relative to packets/")
            return None
        if is_hard_linked(path):
            self._error(node, f"'note' file '{value}' is a hard link: the same file is also somewhere else",
                        "packet.note", HARD_LINK_HINT)
            return None
        text = source_text.decode(path.read_bytes(), Problems(self.project.rel(path)), of="packet")
        if text is None:
            self._error(node, f"'note' file '{value}' is not UTF-8 text (or is over 8 MB)", "packet.note",
                        "save it as UTF-8")
            return None
        return text, path

    def _briefs(self, node: Node):
        items = self._list(node, "briefs")
        if items is None:
            return None
        if not items:
            self._error(node, "'briefs' is empty: the packet would bind no brief", "packet.briefs",
                        "write `briefs: [slug, slug]`, the slugs of briefs in briefs/")
            return None
        slugs = [slug for item in items if (slug := self._brief(item, items)) is not None]
        return tuple(slugs) if len(slugs) == len(items) else None

    def _brief(self, node: Node, items: list[Node]) -> str | None:
        slug = self._text(node, "briefs")
        if slug is None:
            return None
        published = sorted(s for s, brief in self.briefs.items() if brief.published)
        if slug not in self.known:
            guess = closest(slug, self.known) or closest(slugify(slug), self.known)
            self._error(node, f"no brief named '{slug}' in briefs/" + (f" (did you mean '{guess}'?)" if guess else ""),
                        "packet.unknown-brief", f"write `{guess}`" if guess else
                        f"write the slug of a brief (its file name without .md): {', '.join(published)}")
        elif slug not in self.briefs:
            self._error(node, f"brief '{slug}' has errors: the packet cannot bind it", "packet.brief-failed",
                        f"correct the errors reported for briefs/{slug} (invoke check --only {slug})")
        elif not self.briefs[slug].published:
            self._error(node, f"brief '{slug}' is a draft: a packet binds published briefs only"
                        + did_you_mean(slug, [s for s in published if s != slug]), "packet.draft-brief",
                        f"publish it (`status: published` in briefs/{slug}) or take it out of the list")
        elif [item for item in items if isinstance(item, ScalarNode) and item.value.strip() == slug][0] is not node:
            self._error(node, f"brief '{slug}' is listed twice", "packet.briefs", "remove one of the two")
        else:
            return slug
        return None


def load_packets(project: Project, briefs: Mapping[str, Brief],
                 known: Collection[str]) -> tuple[list[Packet], list[Problem]]:
    """Every packet in packets/ that is valid, and every problem of every packet file."""
    sources, problems = find_packets(project)
    packets = []
    for src in sources:
        packet, found = load_packet(src, project, briefs, known)
        problems += found
        packets += [packet] if packet else []
    return packets, problems
