"""The web edition: dist/<slug>/index.html from the layout's web template."""
from __future__ import annotations

from dataclasses import dataclass

from ..atomic import atomic_write, write_if_changed
from ..document.reading import reading
from ..editions import DOWNLOADS
from ..load.brief import KIND_LABELS
from ..tools import html_tree
from ..tools.templates import for_kind
from ..words import language_name
from .base import Page, output_path


@dataclass(frozen=True)
class Download:
    href: str
    label: str
    media_type: str


class HtmlRenderer:
    name = "html"

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
            reading=reading(page.fragment.structure.words),
            languages=_languages(page),
            summary_panel="key-points" not in page.fragment.structure.blocks,
        )
        for resource in page.fragment.resources:
            write_if_changed(page.folder / resource.target, resource.published())
        atomic_write(output_path(page.project, brief.slug, self.name), html)


# What a <span> may hold: the caption's text is wrapped in one only when it is phrasing content.
_PHRASING = {"a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "del", "dfn", "em", "i", "ins", "kbd", "mark",
             "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr"}


def scrolling_tables(body: str) -> str:
    """Each outermost table of the web edition in a scroll region of its own: a focusable div named by the
    table's caption (or "Table N"), so a table wider than the screen scrolls by keyboard too (WCAG 2.1.1)
    and stays a table. The caption's text is wrapped in a span the stylesheet keeps in view while the
    table scrolls. Print and EPUB keep the shared fragment as it is."""
    root = html_tree.parse(body)
    tables = [table for table in root.iter("table") if next(table.iterancestors("table"), None) is None]
    for number, table in enumerate(tables, start=1):
        _scroll_region(table, number)
    return html_tree.serialize(root) if tables else body


def _scroll_region(table, number: int) -> None:
    region = table.makeelement("div", {"class": "table-scroll", "role": "region", "tabindex": "0"})
    caption = table.find("caption")
    if caption is None:
        region.set("aria-label", f"Table {number}")
    else:
        ident = caption.get("id") or f"{table.get('id') or f'table-{number}'}-caption"
        caption.set("id", ident)
        region.set("aria-labelledby", ident)
        if all(element.tag in _PHRASING for element in caption.iterdescendants()):
            _wrap_contents(caption, "caption-text")
    html_tree.replace(table, region)
    table.tail = None
    region.append(table)


def _wrap_contents(element, class_name: str) -> None:
    span = element.makeelement("span", {"class": class_name})
    span.text, element.text = element.text, None
    span.extend(list(element))
    element.append(span)


def _downloads(page: Page) -> list[Download]:
    """Links to the brief's other formats that the build publishes beside the page (the plan says which)."""
    return [Download(edition.file_name(page.brief.slug), edition.link_text, edition.media_type)
            for edition in DOWNLOADS if edition.name in page.downloads]


@dataclass(frozen=True)
class Edition:
    """The brief's text in one language, as its page links to it."""

    lang: str
    name: str     # the language's name in itself: "Français"
    href: str     # from this page: ../<slug>/
    url: str      # its address, for the hreflang alternates
    current: bool  # this page


def _languages(page: Page) -> list[Edition]:
    """Every language the brief is published in, this page's among them (none when it has no translation)."""
    return [Edition(language.lang, language_name(language.lang), f"../{language.slug}/",
                    page.brand.url_for(language.slug), language.slug == page.brief.slug)
            for language in page.languages]


def _cover_url(page: Page) -> str | None:
    return page.brand.url_for(page.brief.slug) + page.thumbnail if page.thumbnail else None
