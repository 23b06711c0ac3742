"""HTML sanitizing (nh3) of pandoc's output for every format, with a list of what was removed."""
from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser

import nh3

from ..tools import html_tree

TAGS = {
    "a", "abbr", "aside", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del",
    "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "img", "ins", "kbd", "li", "mark", "nav", "ol", "p", "pre", "q", "s", "samp", "section",
    "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
    "time", "tr", "u", "ul", "var", "wbr",
}
GENERIC_ATTRIBUTES = {"id", "class", "lang", "dir", "title", "role", "aria-hidden", "aria-label",
                      "aria-labelledby", "aria-describedby", "data-cites", "tabindex"}
ATTRIBUTES = {
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "style"},
    "th": {"colspan", "rowspan", "style", "scope"},
    "col": {"style", "span"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "time": {"datetime"},
    "q": {"cite"},
    "blockquote": {"cite"},
}
URL_SCHEMES = {"http", "https", "mailto"}
# Attributes whose value is an address, in any element HTML has: each is checked, not only href and src.
URL_ATTRIBUTES = {"href", "src", "cite", "longdesc", "srcset", "poster", "action", "formaction", "background",
                  "data", "usemap", "ping", "codebase", "manifest", "icon", "profile", "xlink:href", "itemid",
                  "itemtype", "archive", "classid", "lowsrc", "dynsrc"}
# What a browser ignores in an address (so `java\tscript:` is javascript:), and what it strips at its ends.
_URL_IGNORED = str.maketrans("", "", "\t\n\r")
_URL_STRIPPED = "".join(chr(c) for c in range(0x21))
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*")  # an address's scheme (RFC 3986), not HTML
STYLE_PROPERTIES = {"text-align", "width"}
# The one tabindex kept: -1, which pandoc puts on the line anchors of highlighted code (aria-hidden links
# must not be tabbable). Any other value would change the page's tab order, and is removed.
KEPT_TABINDEX = "-1"
# Elements removed with what they contain, not only their tags.
CLEAN_CONTENT_TAGS = {"script", "style", "iframe", "object", "embed", "template", "noscript", "svg", "math",
                      "link", "meta", "base", "form", "textarea", "select", "button", "input"}


def sanitize(html: str) -> tuple[str, list[str]]:
    """The HTML with only the allowed tags, attributes and URLs; and a description of each removal."""
    clean = nh3.clean(
        html,
        tags=TAGS,
        clean_content_tags=CLEAN_CONTENT_TAGS,
        attributes={"*": GENERIC_ATTRIBUTES, **ATTRIBUTES},
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
        filter_style_properties=STYLE_PROPERTIES,
        attribute_filter=_filter_attribute,
    )
    return clean, removed_items(html, clean)


def _filter_attribute(tag: str, name: str, value: str) -> str | None:
    if name == "tabindex":
        return value if value.strip() == KEPT_TABINDEX else None
    if name in URL_ATTRIBUTES and not allowed_url(value):
        return None
    return value


def url_scheme(value: str) -> str:
    """The scheme a browser reads in an address ('' for a relative one), lowercased."""
    url = value.translate(_URL_IGNORED).strip(_URL_STRIPPED)
    scheme, colon, _rest = url.partition(":")
    return scheme.lower() if colon and _SCHEME.fullmatch(scheme) else ""


def allowed_url(value: str) -> bool:
    """An address the published pages may hold: http(s), mailto or relative, with no control character."""
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in value):
        return False
    scheme = url_scheme(value)
    return not scheme or scheme in URL_SCHEMES


def contents_entries(html: str) -> str:
    """The table of contents as headings read there: each image as its alt text (a heading's image is the
    body's to show, and the body's copy is the one the resource policy checks), and no separator of note
    calls (pandoc leaves a heading's notes out of the contents, but not the comma that calls.lua set
    between them: "War crimes,")."""
    root = html_tree.parse(html)
    for img in list(root.iter("img")):
        html_tree.remove(img, img.get("alt", ""))
    for separator in [e for e in root.iter() if "footnote-separator" in html_tree.classes(e)]:
        html_tree.remove(separator)
    return html_tree.serialize(root)


class _Inventory(HTMLParser):
    """Counts the tags, attributes and URL schemes of an HTML fragment."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.items: Counter[str] = Counter()

    def handle_starttag(self, tag, attrs):
        self.items[f"<{tag}> element"] += 1
        for name, value in attrs:
            if name in URL_ATTRIBUTES:
                if value is not None and not allowed_url(value):
                    scheme = url_scheme(value)
                    self.items[f"{scheme}: URL" if scheme else f"{name}= address with a control character"] += 1
            elif name != "style":
                self.items[f"{name}= attribute"] += 1


def _inventory(html: str) -> Counter[str]:
    parser = _Inventory()
    parser.feed(html)
    parser.close()
    return parser.items


def removed_items(before: str, after: str, reported: Counter[str] = Counter()) -> list[str]:  # noqa: B008
    """What `after` lacks of `before`'s tags, attributes and URL schemes, less what was `reported` already."""
    lost = _inventory(before) - _inventory(after) - reported
    return sorted(lost)
