"""The web edition: dist/<slug>/index.html from the layout's web template."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..atomic import atomic_write, write_if_changed
from ..brief import KIND_LABELS
from ..project import Project
from ..templates import for_kind
from .base import COMMON_LAYOUTS, Page, output_path

DOWNLOADS = (("pdf", ".pdf", "application/pdf", "PDF for print"),
             ("epub", ".epub", "application/epub+zip", "EPUB e-book"))


@dataclass(frozen=True)
class Download:
    href: str
    label: str
    media_type: str


class HtmlRenderer:
    name = "html"
    suffix = ".html"
    layouts = ("*/web.*", *COMMON_LAYOUTS)

    def output(self, project: Project, slug: str) -> Path:
        return output_path(project, slug, self.suffix)

    def render(self, page: Page) -> None:
        brief, brand = page.brief, page.brand
        _write_cover(page)  # before the page: its og:image names the thumbnail only when it exists
        template = for_kind(page.env, brief.kind, "web.html.j2")
        logo = brand.logo("small")
        html = template.render(
            brief=brief, brand=brand, body=page.fragment.body, toc=page.fragment.toc,
            assets="../assets", logo=f"../assets/logo/{logo.path.name}" if logo else None,
            kind_label=KIND_LABELS.get(brief.kind, brief.kind.title()),
            license=brief.license or brand.license,
            downloads=_downloads(page), cover_url=_cover_url(page),
        )
        for resource in page.fragment.resources:
            write_if_changed(page.folder / resource.target, resource.source.read_bytes())
        atomic_write(self.output(page.project, brief.slug), html)


def _downloads(page: Page) -> list[Download]:
    """Links to the brief's other formats that exist in dist/."""
    links = []
    for name, suffix, media_type, label in DOWNLOADS:
        if name in page.brief.formats and output_path(page.project, page.brief.slug, suffix).is_file():
            links.append(Download(f"{page.brief.slug}{suffix}", label, media_type))
    return links


def _write_cover(page: Page) -> None:
    """dist/<slug>/cover.png, the thumbnail the catalogue and link previews show."""
    from ..covers import (  # Pillow loads only when a page is rendered
        CoverError,
        thumbnail_png,
    )

    try:
        write_if_changed(page.folder / "cover.png", thumbnail_png(page.brief, page.brand))
    except CoverError as exc:
        page.problems.error(str(exc), "cover.unreadable", page.brief.lines.get("cover"),
                            hint="export the cover as PNG or JPEG")


def _cover_url(page: Page) -> str | None:
    cover = page.folder / "cover.png"
    return page.brand.url_for(page.brief.slug) + "cover.png" if cover.is_file() else None
