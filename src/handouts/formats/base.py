"""The interface every format's renderer follows, and the page it renders."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import jinja2

from ..editions import EDITIONS
from ..load.brand import Brand
from ..load.brief import Brief
from ..load.translations import Language
from ..document.markdown import Fragment
from ..problems import Problems
from ..project import Project


@dataclass(frozen=True)
class Page:
    """Everything a renderer needs about one brief."""

    brief: Brief
    fragment: Fragment
    brand: Brand
    project: Project
    env: jinja2.Environment
    problems: Problems
    downloads: tuple[str, ...] = ()  # the brief's formats the build publishes for this one to link to (the plan's)
    thumbnail: str | None = None  # the brief's thumbnail in its folder, when this build drew one
    languages: tuple[Language, ...] = ()  # the brief's text in every language (its source first), if translated

    @property
    def folder(self) -> Path:
        return self.project.dist / self.brief.slug


class Renderer(Protocol):
    name: str  # its edition's, in editions.EDITIONS (which names the layouts it reads)

    def render(self, page: Page) -> dict | None:
        """Write the output (atomically); report problems into page.problems; return facts worth keeping
        about the output (a PDF's page count), which the manifest records."""


def output_path(project: Project, slug: str, edition: str) -> Path:
    """Where the brief's file of that edition goes: dist/<slug>/<its file name>."""
    return project.dist / slug / EDITIONS[edition].file_name(slug)
