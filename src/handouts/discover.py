"""Stage 1: find the briefs (briefs/<slug>.md and briefs/<slug>/index.md) and check their slugs."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .problems import ERROR, Problem
from .project import Project

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Source:
    slug: str
    path: Path          # the Markdown file
    bundle: Path | None  # the brief's own folder, for bundles


def slugify(text: str) -> str:
    """A valid slug from any text: lowercase ASCII letters and digits joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "brief"


def discover(project: Project) -> tuple[list[Source], list[Problem]]:
    """Every brief under briefs/, sorted by slug; bad names and clashes as problems."""
    sources: dict[str, Source] = {}
    problems: list[Problem] = []
    if not project.briefs.is_dir():
        return [], [Problem(project.rel(project.briefs), None, None, ERROR, "no briefs/ folder",
                            "project.no-briefs", "create briefs/ and put a brief in it (invoke new --title ...)")]
    for entry in sorted(project.briefs.iterdir()):
        source = _source_of(entry)
        if source is None:
            continue
        if not SLUG.match(source.slug):
            problems.append(Problem(project.rel(entry), None, None, ERROR,
                                    f"'{source.slug}' is not a valid slug (lowercase letters, digits, hyphens)",
                                    "brief.slug", f"rename it to '{slugify(source.slug)}{'' if source.bundle else '.md'}'"))
        elif source.slug in sources:
            problems.append(Problem(project.rel(entry), None, None, ERROR,
                                    f"two briefs are named '{source.slug}'", "brief.slug-clash",
                                    f"keep either briefs/{source.slug}.md or briefs/{source.slug}/index.md"))
        else:
            sources[source.slug] = source
    return sorted(sources.values(), key=lambda s: s.slug), problems


def _source_of(entry: Path) -> Source | None:
    if entry.name.startswith((".", "_")):
        return None
    if entry.is_file() and entry.suffix == ".md":
        return Source(entry.stem, entry, None)
    if entry.is_dir() and (entry / "index.md").is_file():
        return Source(entry.name, entry / "index.md", entry)
    return None
