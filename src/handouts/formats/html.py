"""The web edition: dist/<slug>/index.html from the layout's web template."""
from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass

from ..atomic import atomic_write, write_if_changed
from ..editions import DOWNLOADS
from ..load.brief import KIND_LABELS
from ..tools.templates import for_kind
from .base import COMMON_LAYOUTS, Page, output_path


@dataclass(frozen=True)
class Download:
    href: str
    label: str
    media_type: str


class HtmlRenderer:
    name = "html"
    layouts = ("*/web.*", *COMMON_LAYOUTS)

    def render(self, page: Page) -> None:
        brief, brand = page.brief, page.brand
        template = for_kind(page.env, brief.kind, "web.html.j2")
        logo = brand.logo("small")
        html = template.render(
            brief=brief, brand=brand, body=scrolling_tables(page.fragment.body), toc=page.fragment.toc,
            assets="../assets", logo=f"../assets/logo/{logo.on_dark.name}" if logo else None,  # on the dark header bar
            kind_label=KIND_LABELS.get(brief.kind, brief.kind.title()),
            license=brief.license or brand.license,
            downloads=_downloads(page), cover_url=_cover_url(page),
            summary_panel=not (page.fragment.structure and "key-points" in page.fragment.structure.blocks),
        )
        for resource in page.fragment.resources:
            write_if_changed(page.folder / resource.target, resource.published())
        atomic_write(output_path(page.project, brief.slug, self.name), html)


_TABLE_TAG = re.compile(r"<(/?)table\b[^>]*>", re.I)
_CAPTION = re.compile(r"(\s*)<caption\b([^>]*)>(.*?)</caption>", re.I | re.S)
_ID = re.compile(r"""\sid=(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
# Markup a <span> may hold: the caption's text is wrapped in one only when it is phrasing content.
_NOT_PHRASING = re.compile(r"<(?!/?(?:a|abbr|b|bdi|bdo|br|cite|code|del|dfn|em|i|ins|kbd|mark|q|s|samp|small|"
                           r"span|strong|sub|sup|time|u|var|wbr)\b)[a-z]", re.I)


def scrolling_tables(body: str) -> str:
    """Each outermost table of the web edition in a scroll region of its own: a focusable div named by the
    table's caption (or "Table N"), so a table wider than the screen scrolls by keyboard too (WCAG 2.1.1)
    and stays a table. The caption's text is wrapped in a span the stylesheet keeps in view while the
    table scrolls. Print and EPUB keep the shared fragment as it is."""
    parts, position, depth, start, count = [], 0, 0, 0, 0
    for tag in _TABLE_TAG.finditer(body):
        if not tag.group(1):
            if depth == 0:
                start = tag.start()
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                count += 1
                parts += [body[position:start], _scroll_region(body[start:tag.end()], count)]
                position = tag.end()
    if not count:
        return body
    parts.append(body[position:])
    return "".join(parts)


def _scroll_region(table: str, number: int) -> str:
    start_tag = _TABLE_TAG.match(table)
    caption = _CAPTION.match(table, start_tag.end())
    if caption is None:
        return (f'<div class="table-scroll" role="region" tabindex="0" aria-label="Table {number}">'
                f"{table}</div>")
    space, attributes, text = caption.groups()
    found = _ID.search(attributes)
    if found:
        ident = html_lib.unescape(next(g for g in found.groups() if g is not None))
    else:
        table_id = _ID.search(start_tag.group(0))
        base = html_lib.unescape(next(g for g in table_id.groups() if g is not None)) if table_id else f"table-{number}"
        ident = f"{base}-caption"
        attributes = f' id="{html_lib.escape(ident)}"{attributes}'
    if not _NOT_PHRASING.search(text):
        text = f'<span class="caption-text">{text}</span>'
    table = f"{table[:caption.start()]}{space}<caption{attributes}>{text}</caption>{table[caption.end():]}"
    return (f'<div class="table-scroll" role="region" tabindex="0" aria-labelledby="{html_lib.escape(ident)}">'
            f"{table}</div>")


def _downloads(page: Page) -> list[Download]:
    """Links to the brief's other formats that the build publishes beside the page (the plan says which)."""
    return [Download(edition.file_name(page.brief.slug), edition.link_text, edition.media_type)
            for edition in DOWNLOADS if edition.name in page.downloads]


def _cover_url(page: Page) -> str | None:
    return page.brand.url_for(page.brief.slug) + page.thumbnail if page.thumbnail else None
