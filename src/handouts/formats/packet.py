"""Format stage (packet): dist/packets/<slug>.pdf, a cover, each brief as it prints alone and a page of web
editions, numbered through the packet and written once from WeasyPrint's pages (tagged, fonts embedded once)."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from ..load.packet import Packet
from ..tools import pandoc_tool, weasy
from ..tools.fonts import cache_folder
from ..document.sanitize import sanitize
from .base import Page
from .pdf import PdfRenderer, brand_stylesheet, qr_data_uri

LAYOUTS = ("base/packet.*",)  # besides the print edition's: the cover and the last page
# A brief laid out with the numbers it would have had may come out a page longer (a wider page number in its
# contents): it is laid out again with the right ones, at most this many times.
MAX_PASSES = 3


@dataclass(frozen=True)
class Numbering:
    """How many pages each part of the packet has: the cover, each brief, the last page."""

    cover: int
    briefs: tuple[int, ...]
    back: int

    def starts(self) -> list[int]:
        """The first page of each brief, counted from 1 for the cover's first."""
        starts, page = [], self.cover + 1
        for pages in self.briefs:
            starts.append(page)
            page += pages
        return starts

    @property
    def total(self) -> int:
        return self.cover + sum(self.briefs) + self.back


@dataclass(frozen=True)
class Bound:
    data: bytes
    numbering: Numbering
    starts: dict[str, int]  # slug -> the brief's first page


def bind(packet: Packet, pages: list[Page], expected: list[int], htmls: list[str | None]) -> Bound:
    """The packet's PDF from its briefs' pages (`expected`: each brief's page count as it printed alone; `htmls`:
    its print HTML as kept from that render, or None to make it again)."""
    numbering = Numbering(1, tuple(expected), 1)
    for _ in range(MAX_PASSES):
        parts = _lay_out(packet, pages, numbering, htmls)
        found = Numbering(len(parts[0].pages), tuple(len(p.pages) for p in parts[1:-1]), len(parts[-1].pages))
        if found == numbering:
            break
        numbering = found
    _name_anchors(pages, parts)
    _add_bookmarks(packet, parts)
    combined = parts[0].copy([page for part in parts for page in part.pages])
    data = weasy.write_pdf(combined, hashlib.md5(f"packet:{packet.slug}".encode()).hexdigest().encode(),
                           weasy.Captured())
    return Bound(data, numbering, {page.brief.slug: start for page, start in zip(pages, numbering.starts())})


def _lay_out(packet: Packet, pages: list[Page], numbering: Numbering, htmls: list[str | None]) -> list:
    """The cover, each brief and the last page laid out as separate WeasyPrint documents, numbered as one."""
    printer = PdfRenderer()
    starts = numbering.starts()
    briefs = [printer.lay_out(page, _numbering_css(start, numbering.total), bound=True, html=html).document
              for page, start, html in zip(pages, starts, htmls)]
    cover = _lay_out_part(packet, pages, "cover", 1, numbering)
    back = _lay_out_part(packet, pages, "back", numbering.total - numbering.back + 1, numbering)
    return [cover, *briefs, back]


def _numbering_css(first: int, total: int) -> str:
    """Page numbers through the packet: the part's first page is `first`, the last page `total`."""
    return (f"@page :first {{ counter-reset: page {first}; }}\n"
            f"@page {{ @bottom-right {{ content: \"Page \" counter(page) \" of {total}\"; }} }}\n")


def _lay_out_part(packet: Packet, pages: list[Page], part: str, first: int, numbering: Numbering):
    """The cover (brand, title, audience, date, contents) or the last page (each brief's summary, link, QR code)."""
    page = pages[0]
    project, brand, env = page.project, page.brand, page.env
    captured = weasy.Captured()
    fetcher = weasy.fetcher([project.layouts.resolve(), project.assets.resolve(), cache_folder().resolve(),
                             *(path.resolve() for path in brand.files)], captured)
    base_url = project.root.as_uri() + "/"
    shared, _text = brand_stylesheet(project, brand, env, captured)
    sheets = [shared, weasy.stylesheet(captured, fetcher, filename=project.layouts / "base" / "packet.css"),
              weasy.stylesheet(captured, fetcher, string=_numbering_css(first, numbering.total))]
    html = env.get_template("base/packet.html.j2").render(
        packet=packet, brand=brand, part=part, note=_note_html(packet, project) if part == "cover" else "",
        logo=brand.logo("medium"), entries=_entries(pages, numbering), paper=brand.defaults.paper)
    return weasy.lay_out(html, base_url, sheets, fetcher, captured)


def _entries(pages: list[Page], numbering: Numbering) -> list[dict]:
    """What the contents and the last page say of each brief."""
    entries = []
    for page, start in zip(pages, numbering.starts()):
        brief, brand = page.brief, page.brand
        url = brand.url_for(brief.slug)
        entries.append({"brief": brief, "start": start, "url": url, "short_url": re.sub(r"^https?://", "", url),
                        "qr": qr_data_uri(url, brand.colors["foreground"])})
    return entries


def _note_html(packet: Packet, project) -> str:
    """The cover note, Markdown to sanitized HTML (raw HTML in it is cleaned as a brief's is)."""
    if not packet.note:
        return ""
    result = pandoc_tool.run(packet.note, ["--from=markdown-yaml_metadata_block", "--to=html5"], cwd=project.packets)
    return sanitize(result.output)[0]


def _name_anchors(pages: list[Page], parts: list) -> None:
    """Each brief's anchors and links to them named by its slug: two briefs may both have a #background."""
    for page, part in zip(pages, parts[1:-1]):
        prefix = f"{page.brief.slug}:"
        for laid in part.pages:
            laid.anchors = {prefix + name: place for name, place in laid.anchors.items()}
            laid.links = [(kind, prefix + target if kind == "internal" else target, *rest)
                          for kind, target, *rest in laid.links]


def _add_bookmarks(packet: Packet, parts: list) -> None:
    """The cover and the last page in the outline beside the briefs (each brief's title heads its own outline)."""
    cover, back = parts[0].pages[0], parts[-1].pages[0]
    cover.bookmarks = [(1, packet.title, (0, 0), "open")]
    back.bookmarks = [(1, "Web editions", (0, 0), "open")]

