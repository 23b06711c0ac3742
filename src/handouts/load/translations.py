"""Stage 3: translations and their sources: each source's version, the record of its text at that version, and
what a translation may name (checked across the briefs, at the translation's lines)."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..atomic import atomic_write
from ..problems import ERROR, Problem, closest
from ..project import Project
from ..words import primary
from .brief import Brief

VERSION_LENGTH = 10
# Where `invoke translations` keeps each source's text at a version a translation names, beside the briefs (a
# folder whose name starts with '_' is no brief): committed with them, so that what changed since can be told
# in any copy of the project, a git repository or not.
RECORDS = "_versions"


def version_of(brief: Brief) -> str:
    """The short hash of the brief's text: the same text gives the same version, whatever its line endings and
    the spaces at the ends of its lines (an editor's doing, not a change a translator must follow)."""
    lines = [line.rstrip() for line in brief.body.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return hashlib.sha256("\n".join(lines).strip("\n").encode("utf-8")).hexdigest()[:VERSION_LENGTH]


def record_path(project: Project, slug: str, version: str) -> Path:
    return project.briefs / RECORDS / slug / f"{version}.md"


def recorded_text(project: Project, slug: str, version: str) -> str | None:
    """The source's text at `version`, when it was recorded (None: only that it changed can be said)."""
    try:
        return record_path(project, slug, version).read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def record(project: Project, source: Brief) -> Path | None:
    """The source's current text recorded under its version, unless it is already: the path written, or None."""
    path = record_path(project, source.slug, version_of(source))
    if path.is_file():
        return None
    atomic_write(path, source.body)
    return path


@dataclass(frozen=True)
class Language:
    """One edition of a text in one language: the source or one of its translations."""

    slug: str
    lang: str
    title: str
    source: bool  # the original, not a translation


def families(briefs: list[Brief]) -> dict[str, tuple[Language, ...]]:
    """slug -> the editions of its text in every language (the source first, then by language), for every brief
    that is a source with translations or a translation of one; the others have none."""
    by_slug = {brief.slug: brief for brief in briefs}
    members: dict[str, list[Brief]] = {}
    for brief in briefs:
        if brief.translation_of in by_slug and by_slug[brief.translation_of].translation_of is None:
            members.setdefault(brief.translation_of, [by_slug[brief.translation_of]]).append(brief)
    found = {}
    for group in members.values():
        editions = tuple([Language(group[0].slug, group[0].lang, group[0].title, True)]
                         + sorted((Language(b.slug, b.lang, b.title, False) for b in group[1:]),
                                  key=lambda language: (language.lang, language.slug)))
        found.update({brief.slug: editions for brief in group})
    return found


def check_across(project: Project, briefs: list[Brief], slugs: tuple[str, ...]) -> dict[str, list[Problem]]:
    """What is wrong with each translation's source (by the translation's slug): no such brief, a source that is
    itself a translation, a source in the same language."""
    by_slug = {brief.slug: brief for brief in briefs}
    found: dict[str, list[Problem]] = {}
    for brief in briefs:
        if brief.translation_of is None:
            continue
        problem = _source_problem(project, brief, by_slug, slugs)
        if problem:
            found.setdefault(brief.slug, []).append(problem)
    return found


def _source_problem(project: Project, brief: Brief, by_slug: dict[str, Brief], slugs: tuple[str, ...]) -> Problem | None:
    name, line = brief.translation_of, brief.lines.get("translation_of")
    at = lambda message, code, hint: Problem(project.rel(brief.path), line, None, ERROR, message, code, hint)  # noqa: E731
    if name not in slugs:
        near = closest(name, [s for s in slugs if s != brief.slug])
        return at(f"no brief named '{name}' to translate" + (f" (did you mean '{near}'?)" if near else ""),
                  "translation.unknown-source", f"write `translation_of: {near}`" if near else
                  "give the slug of the source brief, as in briefs/<slug>.md")
    source = by_slug.get(name)
    if source is None:
        return None  # it did not load: its own problems say why
    if source.translation_of is not None:
        return at(f"'{name}' is itself a translation (of '{source.translation_of}'): translate the original",
                  "translation.of-translation", f"write `translation_of: {source.translation_of}`, and take "
                  f"source_version from that brief")
    if primary(source.lang) == primary(brief.lang):
        return at(f"the translation is in the language of its source ({brief.lang})", "translation.same-lang",
                  "set `lang:` to the language of the translation, such as `lang: fr`")
    return None
