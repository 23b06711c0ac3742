"""Format stage (e-mail): the plain-text part (email.txt), wrapped, its links numbered at the end."""
from __future__ import annotations

import textwrap

from ..load.brand import Brand
from ..load.brief import Brief
from ..tools.templates import long_date

WIDTH = 72  # the line length plain-text mail has kept since RFC 2822's advice (78 at most)
_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "table", "figure",
           "figcaption", "hr", "div", "section", "dl", "dt", "dd", "caption", "aside", "header", "footer")


class _Links:
    """The addresses in the text, each numbered once, in the order they first appear."""

    def __init__(self):
        self.numbers: dict[str, int] = {}

    def number(self, href: str) -> int:
        return self.numbers.setdefault(href, len(self.numbers) + 1)

    def listing(self) -> list[str]:
        return [f"[{n}] {href}" for href, n in self.numbers.items()]


def plain_text(brief: Brief, brand: Brand, body, links, kind_label: str) -> str:
    """The whole message as text: masthead, title block, the edition links, the body, the notes, the footer,
    then every link's address under its number."""
    numbered = _Links()
    title = _squeeze(brief.title)
    head = [brand.name_full, "", f"{kind_label} · {long_date(brief.updated or brief.date)}", "",
            title, "=" * min(len(title), WIDTH)]
    head += [brief.subtitle] if brief.subtitle else []
    head += [", ".join(author.name for author in brief.authors)] if brief.authors else []
    head += [""] + [f"{link.label}: [{numbered.number(link.href)}]" for link in links]
    blocks = _blocks(body, numbered)
    foot = ["-- ", brand.name_full] + ([brand.contact] if brand.contact else [])
    foot += [f"Unsubscribe: {brand.unsubscribe}"]
    text = "\n".join(head) + "\n\n" + "\n\n".join(blocks) + "\n\n" + "\n".join(foot) + "\n"
    return text + ("\nLinks:\n" + "\n".join(numbered.listing()) + "\n" if numbered.numbers else "")


def _blocks(node, links: _Links, indent: str = "") -> list[str]:
    """The node's children as paragraphs of text (a list item, a quotation: prefixed and indented)."""
    blocks, inline = [], []
    for child in node.children:
        name = getattr(child, "name", None)
        if name in _BLOCKS:
            blocks += _paragraph(inline, indent)
            inline = []
            blocks += _block(child, name, links, indent)
        else:
            inline.append(_inline(child, links))
    return blocks + _paragraph(inline, indent)


def _block(element, name: str, links: _Links, indent: str) -> list[str]:
    if name in ("h1", "h2", "h3", "h4", "h5", "h6"):
        title = _squeeze(_inline(element, links))
        return [f"{indent}{title}\n{indent}{('=' if name in ('h1', 'h2') else '-') * min(len(title), WIDTH)}"]
    if name in ("ul", "ol"):
        return _list(element, name == "ol", links, indent)
    if name == "blockquote":
        return ["\n".join(f"> {line}".rstrip() for line in "\n\n".join(_blocks(element, links)).splitlines())]
    if name == "pre":
        return ["\n".join(indent + "    " + line for line in element.get_text().rstrip().splitlines())]
    if name == "table":
        return [_table(element, links, indent)]
    if name == "hr":
        return [indent + "-" * 20]
    if name == "section" and "footnotes" in (element.get("class") or []):
        return _notes(element, links)
    return _blocks(element, links, indent)


def _list(element, ordered: bool, links: _Links, indent: str) -> list[str]:
    items = []
    for number, item in enumerate(element.find_all("li", recursive=False), start=1):
        marker = f"{number}. " if ordered else "- "
        inner = "\n".join(_blocks(item, links, indent + " " * len(marker)))
        items.append(indent + marker + inner[len(indent) + len(marker):])
    return ["\n".join(items)] if items else []


def _notes(section, links: _Links) -> list[str]:
    notes = section.find("ol")
    return ["Notes\n-----"] + (_list(notes, True, links, "") if notes else [])


def _table(table, links: _Links, indent: str) -> str:
    rows = []
    for row in table.find_all("tr"):
        cells = [_squeeze(_inline(cell, links)) for cell in row.find_all(["th", "td"])]
        rows.append(indent + " | ".join(cells))
    caption = table.find("caption")
    return "\n".join(([indent + _squeeze(_inline(caption, links))] if caption else []) + rows)


def _inline(node, links: _Links) -> str:
    """Phrasing content as text: a link's text followed by its number, an image by its description, a note
    call by its number after a caret."""
    name = getattr(node, "name", None)
    if name is None:
        return str(node)
    if name == "br":
        return "\n"
    if name == "img":
        return f"[Image: {node.get('alt')}]" if node.get("alt") else ""
    if name == "sup":
        return "^" + node.get_text()
    inner = "".join(_inline(child, links) for child in node.children if getattr(child, "name", None) != "caption")
    if name == "a" and node.get("href"):
        href = node["href"]
        shown = _squeeze(inner)
        return inner if shown in (href, href.removeprefix("mailto:")) else f"{inner} [{links.number(href)}]"
    return inner


def _paragraph(pieces: list[str], indent: str) -> list[str]:
    text = "".join(pieces)
    if not text.strip():
        return []
    lines = [textwrap.fill(_squeeze(part), WIDTH, initial_indent=indent, subsequent_indent=indent,
                           break_long_words=False, break_on_hyphens=False) for part in text.split("\n")]
    return ["\n".join(line for line in lines if line.strip())]


def _squeeze(text: str) -> str:
    """Runs of spaces and line breaks as one space; a no-break space stays, keeping its words together."""
    return " ".join(text.replace("\u00a0", "\x00").split()).replace("\x00", "\u00a0")
