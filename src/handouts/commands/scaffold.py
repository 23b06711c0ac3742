"""Scaffolding: a new brief with valid front matter and the kind's usual sections."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from ..atomic import atomic_write
from ..load.brief import KINDS, PLACEHOLDER, placeholder_summary
from ..load.discover import SLUG, slugify
from ..problems import ERROR, Problem, UserProblem
from ..project import Project

SECTIONS = {
    "brief": ["The issue", "Why it matters", "What Congress can do", "The bottom line"],
    "factsheet": ["Key facts", "What it means", "Learn more"],
    "backgrounder": ["Background", "Analysis", "Outlook"],
    "update": ["What happened", "What comes next"],
    "reference": ["Introduction", "Text"],
}
def new_brief(project: Project, title: str, kind: str = "brief", bundle: bool = False,
              today: dt.date | None = None, slug: str | None = None) -> Path:
    """Write briefs/<slug>.md (or briefs/<slug>/index.md) and return its path; never overwrites."""
    if kind not in KINDS:
        raise UserProblem(Problem("invoke new", None, None, ERROR, f"unknown kind '{kind}'", "new.kind",
                                  f"use one of: {', '.join(KINDS)}"))
    if not title.strip():
        raise UserProblem(Problem("invoke new", None, None, ERROR, "the title is empty", "new.title",
                                  'give a title: invoke new --title "Crimes Against Humanity: Why Now?"'))
    slug = _slug(title, slug)
    path = project.briefs / slug / "index.md" if bundle else project.briefs / f"{slug}.md"
    for existing in (project.briefs / f"{slug}.md", project.briefs / slug / "index.md"):
        if existing.exists():
            raise UserProblem(Problem(project.rel(existing), None, None, ERROR, "a brief with this slug exists already",
                                      "new.exists", "choose another title (or --slug), or edit the existing brief"))
    atomic_write(path, _text(title.strip(), kind, today or dt.date.today()))
    if bundle:
        (path.parent / "figures").mkdir(exist_ok=True)  # where the images go: ![Alt text](figures/chart.png)
    return path


def _slug(title: str, given: str | None) -> str:
    """The slug given with --slug, else the one the title makes; an error when neither is usable."""
    if given is not None:
        if not SLUG.fullmatch(given):
            suggestion = slugify(given, "")
            raise UserProblem(Problem("invoke new", None, None, ERROR,
                                      f"'{given}' is not a slug: use lowercase letters, digits and hyphens", "new.slug",
                                      f"write --slug {suggestion}" if suggestion else "write it like --slug icc-funding"))
        return given
    slug = slugify(title, "")
    if not slug:
        raise UserProblem(Problem("invoke new", None, None, ERROR,
                                  f"the title '{title.strip()}' gives no file name: it has no Latin letters or digits",
                                  "new.slug", "give one with --slug, e.g. --slug icc-justice (lowercase letters, "
                                  "digits and hyphens)"))
    return slug


def _text(title: str, kind: str, today: dt.date) -> str:
    sections = "\n".join(f"## {name}\n\n{PLACEHOLDER}\n" for name in SECTIONS[kind])
    return (
        "---\n"
        f"title: {json.dumps(title, ensure_ascii=False)}\n"
        f"date: {today.isoformat()}\n"
        f"kind: {kind}\n"
        f"summary: {json.dumps(placeholder_summary(kind))}\n"
        "authors: [\"Coalition Policy Staff\"]\n"
        "topics: []\n"
        "status: draft\n"
        "---\n\n"
        f"{sections}"
    )
