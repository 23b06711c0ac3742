"""Links for a file read away from the site (the PDF): every relative address becomes the brief's web address."""
from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from .sanitize import URL_SCHEMES, url_scheme


def absolute_hrefs(body: str, page_url: str) -> str:
    """The fragment with each relative link resolved against `page_url` (`report.pdf`, `//host/x`, `?q`,
    `../../x/`), so that no reader resolves it against the file's own place (file:///... of the build machine).
    Links within the document (`#id`) stay; an address of another scheme loses its href."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(body, "html.parser")
    for link in soup.find_all("a", href=True):
        href = link["href"].strip()
        if href.startswith("#"):
            continue
        scheme = url_scheme(href)
        resolved = href if scheme else urljoin(page_url, href.replace("\\", "/"))
        if urlsplit(resolved).scheme in URL_SCHEMES:
            link["href"] = resolved
        else:
            del link["href"]
    return str(soup)
