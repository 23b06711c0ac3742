"""Links for a file read away from the site (the PDF, the e-mail): every relative address becomes the brief's web address."""
from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from ..tools import html_tree
from .sanitize import URL_SCHEMES, url_scheme


def absolute_hrefs(body: str, page_url: str) -> str:
    """The fragment with each relative link resolved against `page_url` (see resolve_links)."""
    root = html_tree.parse(body)
    resolve_links(root, page_url)
    return html_tree.serialize(root)


def resolve_links(root, page_url: str) -> None:
    """Each relative link of the tree resolved against `page_url` (`report.pdf`, `../other-brief/`, `//host/x`,
    `?q`), so that no reader resolves it against the file's own place (file:///... of the build machine).
    Links within the document (`#id`) stay; an address of another scheme loses its href."""
    for link in root.iter("a"):
        if link.get("href") is None or link.get("href").strip().startswith("#"):
            continue
        href = link.get("href").strip()
        resolved = href if url_scheme(href) else urljoin(page_url, href.replace("\\", "/"))
        if urlsplit(resolved).scheme in URL_SCHEMES:
            link.set("href", resolved)
        else:
            del link.attrib["href"]
