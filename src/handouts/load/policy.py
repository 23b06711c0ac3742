"""The resource policy's rules on a written path and on the file it names, for front matter and body alike."""
from __future__ import annotations

import unicodedata
from pathlib import Path

HARD_LINK_HINT = "copy the file into the folder (a hard link shares its bytes with a file elsewhere)"
PATH_HINT = "write the path with forward slashes and printable characters only: figures/chart.png"


def control_characters(text: str) -> list[str]:
    """The control characters of `text` (tab and line feed aside), as U+XXXX."""
    return [f"U+{ord(c):04X}" for c in dict.fromkeys(text)
            if unicodedata.category(c) == "Cc" and c not in "\t\n"]


def written_path_refusal(written: str) -> str | None:
    """Why a path as written may not be used: a backslash (a local file to Python, another host to a browser:
    `\\\\host\\x.png`) or a control character."""
    if "\\" in written:
        return "has a backslash"
    controls = control_characters(written) + (["U+0009"] * ("\t" in written)) + (["U+000A"] * ("\n" in written))
    if controls:
        return f"has a control character ({', '.join(controls)})"
    return None


def xml_parser():
    """lxml's parser for files a brief brings (SVG, CSL): no DTD read, no entity expanded, no network."""
    from lxml import etree  # loaded only when such a file is read

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def is_hard_linked(path: Path) -> bool:
    """True when the file's bytes are also reachable under another name, maybe outside the project."""
    return path.stat().st_nlink > 1
