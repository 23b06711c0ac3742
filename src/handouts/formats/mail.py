"""Format stage (e-mail): dist/<slug>/email.html, email.txt and email.eml, one message to import or send."""
from __future__ import annotations

import io
from dataclasses import dataclass

from ..atomic import atomic_write, write_if_changed
from ..editions import DOWNLOADS
from ..load.brand import ROLE_GENERIC, Brand, blend, contrast
from ..load.brief import KIND_LABELS
from ..tools.templates import for_kind
from .base import Page, output_path
from .mail_body import for_mail
from .mail_message import compose, serialized
from .mail_text import plain_text

# Gmail shows "[Message clipped]" past this many bytes of HTML, and hides the rest (the footer with it).
GMAIL_CLIP_BYTES = 102 * 1024
READABLE = 4.5  # WCAG AA contrast for body text
VIVID = 7.0  # the brand's colors lightened for dark mode: to WCAG AAA, or they look greyed out
COLUMN_PX = 552  # the text's width: the 600 px column less the card's padding
SVG_SCALE = 2  # an SVG drawn at twice the column's width, sharp on high-density screens
# Fonts every mail client's system has, after the brand's own (named, used where installed): no web font is needed.
SAFE_FALLBACKS = {"serif": ("Georgia", "Times New Roman", "serif"),
                  "sans-serif": ("Helvetica", "Arial", "sans-serif"),
                  "monospace": ("Menlo", "Consolas", "Courier New", "monospace")}
# The dark-mode grounds: near-black greys, as Apple Mail's and Outlook's own dark themes use.
DARK = {"ground": "#121417", "card": "#1c1f24", "masthead": "#0b0d10", "shade": "#2a2e35", "text": "#e6e8eb",
        "muted": "#b4bac2", "on_masthead": "#ffffff"}


@dataclass(frozen=True)
class Link:
    label: str
    href: str


class EmailRenderer:
    name = "email"

    def render(self, page: Page) -> dict:
        brief, brand = page.brief, page.brand
        web_url = brand.url_for(brief.slug)
        body = for_mail(page.fragment.body, web_url, "html" in page.downloads, published_images(page))
        links = edition_links(page)
        html = _inlined(self._html(page, str(body), links))
        text = plain_text(brief, brand, body, links, KIND_LABELS.get(brief.kind, brief.kind.title()))
        message = serialized(compose(brief, html, text))
        if len(html.encode("utf-8")) > GMAIL_CLIP_BYTES:
            page.problems.warning(f"the e-mail's HTML is {len(html.encode('utf-8')) // 1024} KB: Gmail clips a "
                                  f"message past 102 KB, hiding its end and the unsubscribe link", "email.clipped",
                                  brief.body_line, hint="send a shorter update that links to the web edition")
        atomic_write(page.folder / "email.html", html)
        atomic_write(page.folder / "email.txt", text)
        atomic_write(output_path(page.project, brief.slug, self.name), message)
        return {}

    def _html(self, page: Page, body: str, links: list[Link]) -> str:
        brief, brand = page.brief, page.brand
        css = for_kind(page.env, brief.kind, "email.css.j2").render(
            colors=light_colors(brand), dark=dark_colors(brand), line_height=_line_height(brand),
            fonts={role: mail_stack(brand, role) for role in ROLE_GENERIC})
        return for_kind(page.env, brief.kind, "email.html.j2").render(
            brief=brief, brand=brand, subject=brief.title, kind_label=KIND_LABELS.get(brief.kind, brief.kind.title()),
            byline=", ".join(author.name for author in brief.authors), body=_markup(body), links=links,
            web_url=brand.url_for(brief.slug) if "html" in page.downloads else None,
            preheader=preheader(brief.summary), css=_markup(css), unsubscribe=brand.unsubscribe)


def published_images(page: Page) -> dict[str, tuple[str, int]]:
    """Each image of the brief published beside its web edition, and the file and width the message shows it
    with: an SVG as a PNG drawn from it (Gmail and Outlook show no SVG), a picture as it is."""
    from PIL import Image

    from .covers import svg_png

    shown = {}
    for resource in page.fragment.resources:
        data = resource.published()
        write_if_changed(page.folder / resource.target, data)
        if resource.target.lower().endswith(".svg"):
            png = resource.target + ".png"
            write_if_changed(page.folder / png, _on_paper(svg_png(data, COLUMN_PX * SVG_SCALE, page.brand),
                                                          page.brand.colors["background"]))
            shown[resource.target] = (png, COLUMN_PX)
        else:
            with Image.open(io.BytesIO(data)) as picture:  # the loader checked it is an image of its type
                shown[resource.target] = (resource.target, min(picture.width, COLUMN_PX))
    return shown


def _on_paper(png: bytes, background: str) -> bytes:
    """The drawing on the brand's background: drawn for paper, its dark strokes would vanish on a dark card."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as drawing:
        paper = Image.new("RGBA", drawing.size, background)
        paper.alpha_composite(drawing.convert("RGBA"))
    out = io.BytesIO()
    paper.convert("RGB").save(out, "PNG", optimize=True)
    return out.getvalue()


def edition_links(page: Page) -> list[Link]:
    """"Read it on the web" and "Download the PDF" (and each other download the build publishes), absolute."""
    url = page.brand.url_for(page.brief.slug)
    links = [Link("Read it on the web", url)] if "html" in page.downloads else []
    return links + [Link(f"Download the {edition.label}", url + edition.file_name(page.brief.slug))
                    for edition in DOWNLOADS if edition.name in page.downloads]


def preheader(summary: str) -> str:
    """The summary, then invisible joiners and spaces: inbox previews show it, not the first words of the body."""
    return summary + " \u034f\u00a0" * 60


def light_colors(brand: Brand) -> dict[str, str]:
    colors, typography = brand.colors, brand.typography
    card, ground = colors["background"], colors.get("light", colors["background"])
    text = colors["foreground"]
    return {"ground": ground, "card": card, "text": text, "masthead": colors["primary"],
            "on_masthead": _readable(card, colors["primary"], text),
            "heading": _readable(typography.get("headings", {}).get("color", colors["primary"]), card, text),
            "link": _readable(typography.get("link", {}).get("color", colors["primary"]), card, text),
            "muted": _readable(colors.get("secondary", text), ground, text),
            "accent": colors.get("tertiary", colors["primary"]), "shade": ground,
            "rule": blend(colors.get("secondary", text), card, 0.3)}


def dark_colors(brand: Brand) -> dict[str, str]:
    """The brand's heading and link colors lightened until they read on the dark card."""
    light = light_colors(brand)
    return {**DARK, "heading": _lightened(light["heading"], DARK["card"]),
            "link": _lightened(light["link"], DARK["card"])}


def _readable(color: str, ground: str, fallback: str) -> str:
    return color if contrast(color, ground) >= READABLE else fallback


def _lightened(color: str, ground: str) -> str:
    for step in range(11):
        candidate = blend(color, "#ffffff", 1 - step / 10)
        if contrast(candidate, ground) >= VIVID:
            return candidate
    return "#ffffff"


def mail_stack(brand: Brand, role: str) -> str:
    """The role's brand families, then fonts every system has: in single quotes, which survive a style attribute."""
    own = [name for name in brand.stacks.get(role, ()) if name not in SAFE_FALLBACKS]
    generic = next((name for name in brand.stacks.get(role, ()) if name in SAFE_FALLBACKS), ROLE_GENERIC[role])
    names = dict.fromkeys([*own, *SAFE_FALLBACKS[generic]])
    return ", ".join(name if name in SAFE_FALLBACKS else f"'{name}'" for name in names)


def _line_height(brand: Brand) -> str:
    return brand.typography.get("base", {}).get("line-height", "1.5")


def _markup(html: str):
    """Text the template must not escape: the body (sanitized, rewritten as a tree) and the style sheet (its
    values are the brand's colors and font names, validated when the brand is read; quotes must stay quotes)."""
    from markupsafe import Markup

    return Markup(html)


def _inlined(html: str) -> str:
    """Every rule inlined into style attributes; only the @media rules (dark mode) stay, in a <style>."""
    import css_inline

    inliner = css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False, keep_link_tags=False)
    return inliner.inline(html).rstrip("\n") + "\n"  # as the message's part ends: the file is that part
