"""Format stage (e-mail): the body as a tree, every address absolute, nothing a mail client refuses."""
from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import quote, urljoin, urlsplit

from ..document.weblinks import absolute_hrefs

# Never in a message, whatever the sanitizer let through: mail clients strip them, or flag the message as unsafe.
_REFUSED_TAGS = ("script", "style", "link", "iframe", "frame", "object", "embed", "form", "input", "button",
                 "textarea", "select", "base", "meta", "video", "audio", "source", "svg", "math")
_WEB_SCHEMES = ("http", "https")
_LINK_SCHEMES = ("http", "https", "mailto")


def for_mail(body: str, page_url: str, linked_web: bool, images: Mapping[str, tuple[str, int]] = {}):  # noqa: B006
    """The body as a BeautifulSoup tree, for the HTML part and the plain-text part alike. Links and images point
    at the brief's web address (`page_url`); links within the brief point into its web edition when it is
    published (`linked_web`), else lose their href; footnote calls keep their number, without a link.
    `images`: the file each image of the brief is shown from in the message, and its width there in pixels."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(absolute_hrefs(body, page_url), "html.parser")
    for element in soup.find_all(_REFUSED_TAGS):
        element.decompose()
    for element in soup.find_all(True):
        for name in [name for name in element.attrs if name.lower().startswith("on") or name.lower() == "style"]:
            del element[name]  # event handlers never; styles come from the edition's own sheet
    _footnote_calls(soup)
    _inner_links(soup, page_url, linked_web)
    _images(soup, page_url, images)
    return soup


def _footnote_calls(soup) -> None:
    """A call is its number in superscript; a note loses its back link (↩): both jump within a page, which a
    mail client does not do reliably."""
    for call in soup.find_all("a", class_="footnote-ref"):
        number = call.get_text().strip()
        sup = call.find("sup")
        call.replace_with(sup if sup is not None else soup.new_string(number))
    for back in soup.find_all("a", class_="footnote-back"):
        back.decompose()


def _inner_links(soup, page_url: str, linked_web: bool) -> None:
    for link in soup.find_all("a"):
        href = (link.get("href") or "").strip()
        if href.startswith("#") and linked_web and len(href) > 1:
            link["href"] = page_url + href
        elif urlsplit(href).scheme.lower() not in _LINK_SCHEMES:
            link.unwrap()  # a jump within the message, or an address no client opens: its text stays
        del link["target"]


def _images(soup, page_url: str, images: Mapping[str, tuple[str, int]]) -> None:
    """Each image at its address on the site (the renderer publishes it there), with a width in pixels (Outlook
    for Windows ignores max-width); one with another address (a local file, a data: URL) does not reach the
    message."""
    for image in soup.find_all("img"):
        source = (image.get("src") or "").strip()
        source, width = images.get(source, (source, None))
        if width:
            image["width"] = str(width)
            del image["height"]  # the stylesheet's height: auto keeps the proportions
        if urlsplit(source).scheme:
            absolute = source
        else:
            absolute = urljoin(page_url, quote(source.replace("\\", "/"), safe="/%#?=&"))
        inside = absolute.startswith(page_url) and not urlsplit(absolute).path.endswith("/")  # a file, not a page
        if urlsplit(absolute).scheme.lower() not in _WEB_SCHEMES or not inside:
            image.replace_with(soup.new_string(image.get("alt") or ""))
            continue
        image["src"] = absolute
        for name in ("srcset", "sizes", "loading"):
            del image[name]
