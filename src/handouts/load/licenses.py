"""Creative Commons licenses by name: "CC BY 4.0" and its deed's web address, from a URL, an SPDX id or the name."""
from __future__ import annotations

import re
from typing import NamedTuple

_KINDS = ("by", "by-sa", "by-nd", "by-nc", "by-nc-sa", "by-nc-nd")
_VERSIONS = ("1.0", "2.0", "2.5", "3.0", "4.0")
_URL = re.compile(r"https?://(?:www\.)?creativecommons\.org/(?:licenses/(?P<kind>[a-z-]+)|publicdomain/(?P<zero>zero))"
                  r"/(?P<version>\d\.\d)(?:/(?P<port>[a-z]{2}))?(?:/(?:deed|legalcode)(?:\.[\w-]+)?)?/?$", re.I)
# SPDX ids (CC-BY-SA-4.0, CC0-1.0) and names (CC BY-SA 4.0, CC0 1.0): a space or a hyphen between the parts.
_ID = re.compile(r"(?:CC[- ](?P<kind>BY(?:-(?:NC|SA|ND))*)|(?P<zero>CC0))[- ](?P<version>\d\.\d)", re.I)


class License(NamedTuple):
    name: str        # what the page prints: "CC BY 4.0", or the text as written for a license we do not know
    url: str | None  # a Creative Commons license's terms: the address given, or the deed its name stands for


def license_of(text: str) -> License:
    """`text` (a brief's or the brand's license field) as a name and, for a Creative Commons license, its URL.

    A URL or an SPDX id is how a machine names a license; a reader wants "CC BY 4.0" and a link to its terms.
    """
    text = text.strip()
    url = _URL.match(text)
    match = url or _ID.fullmatch(text)
    if match is None:
        return License(text, None)
    version = match.group("version")
    if match.group("zero"):
        name, deed = f"CC0 {version}", f"https://creativecommons.org/publicdomain/zero/{version}/"
    else:
        kind = match.group("kind").lower()
        if kind not in _KINDS or version not in _VERSIONS:
            return License(text, None)
        name, deed = f"CC {kind.upper()} {version}", f"https://creativecommons.org/licenses/{kind}/{version}/"
    if url:  # the address the author gave: a ported license (3.0/us/) or a translated deed is their choice
        return License(f"{name} {url.group('port').upper()}" if url.group("port") else name, text)
    return License(name, deed)
