"""A brief's outputs staged in the build cache, moved into dist/ only when the brief built without errors."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from ..project import Project


# A brief that fails publishes nothing new, and what it published before stays as it was.


def folder(project: Project) -> Path:
    """Every brief's staging folder is in the build cache, never in dist/ (which is published)."""
    return project.cache / "staging"


def prepare(project: Project, slug: str) -> Path:
    """A staging dist/ for one brief, holding its current outputs as hard links (the web edition links to the
    formats that exist; a renderer replaces a file, never writes into it)."""
    staged = folder(project) / slug
    shutil.rmtree(staged, ignore_errors=True)
    current = project.dist / slug
    if current.is_dir():
        shutil.copytree(current, staged / slug, copy_function=_link)
    else:
        (staged / slug).mkdir(parents=True)
    return staged


def publish(project: Project, slug: str, staged: Path) -> None:
    """Each new or changed file into dist/<slug>/ (os.replace: readers see the old file or the new one)."""
    for path in sorted(p for p in (staged / slug).rglob("*") if p.is_file()):
        target = project.dist / slug / path.relative_to(staged / slug)
        if target.is_file() and os.path.samefile(path, target):
            continue  # unchanged: its time stamp stays
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, target)
    discard(staged)


def discard(staged: Path) -> None:
    shutil.rmtree(staged, ignore_errors=True)


def clear(project: Project) -> None:
    """What a build that was killed left staged: never published."""
    shutil.rmtree(folder(project), ignore_errors=True)


def _link(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system, or links not allowed: a copy does the same
        shutil.copy2(source, target)
