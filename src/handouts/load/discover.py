"""Stage 1: find the briefs (briefs/<slug>.md and briefs/<slug>/index.md) and check their slugs."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..problems import ERROR, Problem
from ..project import Project

# \Z, not $: `$` also matches before a final newline, and "name\n" would pass as a slug.
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z")


@dataclass(frozen=True)
class Source:
    slug: str
    path: Path          # the Markdown file
    bundle: Path | None  # the brief's own folder, for bundles


def slugify(text: str, fallback: str = "brief") -> str:
    """A valid slug from any text: lowercase ASCII letters and digits joined by hyphens (`fallback` when
    the text has none, such as an Arabic title)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or fallback


@dataclass(frozen=True)
class Found:
    sources: list[Source]   # the briefs to load and build, sorted by slug
    misnamed: list[Source]  # briefs whose name is wrong: never built, but loaded for their other problems
    problems: list[Problem]


def discover(project: Project) -> tuple[list[Source], list[Problem]]:
    """Every brief under briefs/, sorted by slug; bad names and clashes as problems."""
    found = find(project)
    return found.sources, found.problems


def find(project: Project) -> Found:
    """What is in briefs/: the briefs, the ones whose name is wrong, and what is wrong with the names."""
    sources: dict[str, Source] = {}
    misnamed: list[Source] = []
    problems: list[Problem] = []
    if not project.briefs.is_dir():
        return Found([], [], [Problem(project.rel(project.briefs), None, None, ERROR, "no briefs/ folder",
                                      "project.no-briefs", "create briefs/ and put a brief in it (invoke new --title ...)")])
    for entry in sorted(project.briefs.iterdir()):
        source = _source_of(entry)
        if source is None:
            problems += _not_a_brief(entry, project)
            continue
        if not SLUG.fullmatch(source.slug):
            problems.append(_bad_slug(entry, source, project))
            if source.slug.isprintable():  # a name with a newline or undecodable bytes is not printed as it is
                misnamed.append(source)
        elif source.slug in sources:
            problems.append(Problem(project.rel(entry), None, None, ERROR,
                                    f"two briefs are named '{source.slug}'", "brief.slug-clash",
                                    f"keep either briefs/{source.slug}.md or briefs/{source.slug}/index.md"))
            misnamed.append(source)
        else:
            sources[source.slug] = source
    return Found(sorted(sources.values(), key=lambda s: s.slug), misnamed, problems)


def _bad_slug(entry: Path, source: Source, project: Project) -> Problem:
    name = shown(source.slug)
    where = project.rel(entry.parent) + "/" + shown(entry.name)
    return Problem(where, None, None, ERROR, f"'{name}' is not a valid slug (lowercase letters, digits, hyphens)",
                   "brief.slug", f"rename it to '{slugify(source.slug)}{'' if source.bundle else '.md'}'")


def shown(name: str) -> str:
    """A file name as it can be printed: a newline, a control character or a byte that is not UTF-8 (held by
    Python as a lone surrogate) written as an escape."""
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in name)


def _source_of(entry: Path) -> Source | None:
    if entry.name.startswith((".", "_")):
        return None
    if entry.is_file() and entry.suffix == ".md":
        return Source(entry.stem, entry, None)
    if entry.is_dir() and (entry / "index.md").is_file():
        return Source(entry.name, entry / "index.md", entry)
    return None


_MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")


def _not_a_brief(entry: Path, project: Project) -> list[Problem]:
    """A folder without index.md, or a file that looks like a brief but is not named as one."""
    if entry.name.startswith((".", "_")):
        return []
    where = project.rel(entry)
    if entry.is_dir():
        texts = sorted(p.name for p in entry.iterdir() if p.is_file() and p.suffix.lower() in _MARKDOWN_SUFFIXES)
        hint = (f"rename {where}/{texts[0]} to {where}/index.md" if len(texts) == 1 else
                f"name the brief's file {where}/index.md, or the folder _{entry.name} to keep it out of the build")
        return [Problem(where + "/", None, None, ERROR, "a brief bundle needs an index.md; this folder has none",
                        "brief.no-index", hint)]
    if entry.is_file() and entry.suffix.lower() in _MARKDOWN_SUFFIXES and entry.suffix != ".md":
        return [Problem(where, None, None, ERROR, f"a brief's file name ends in .md, not {entry.suffix}",
                        "brief.suffix", f"rename it to '{slugify(entry.stem)}.md'")]
    return []
