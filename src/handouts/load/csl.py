"""Citation styles read as XML: a dependent style stands for its parent, found only inside the resource policy."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from .policy import is_hard_linked, written_path_refusal, xml_parser

CSL_NS = "http://purl.org/net/xbiblio/csl"
# Where the styles of the Zotero repository live: a dependent style downloaded from there names its parent
# by such an address, which stands here for the style of that name in layouts/csl/ or the bundle.
STYLE_REPOSITORY = ("www.zotero.org", "zotero.org")
_HINT_PARENT = ("put the parent style's .csl file in the brief's folder and name it: csl: parent.csl "
                "(or copy it into layouts/csl/)")


@dataclass(eq=False)
class StyleRefused(Exception):
    message: str
    hint: str


def independent_style(path: Path, folders: list[Path]) -> Path:
    """`path`, or the parent style it depends on when it is a dependent style; StyleRefused when the parent is
    outside `folders`, a web address of another site, or itself dependent."""
    parent = _parent_link(path)
    if parent is None:
        return path
    found = _local_parent(parent, path, folders)
    if found is None:
        raise StyleRefused(f"depends on the style '{parent}', which is not a file in layouts/csl/ or the "
                           "brief's folder (pandoc would fetch it)", _HINT_PARENT)
    if _parent_link(found) is not None:
        raise StyleRefused(f"depends on '{parent}', which depends on another style in turn",
                           "name an independent style (one without an independent-parent link)")
    return found


def _parent_link(path: Path) -> str | None:
    """The href of the style's independent-parent link, if it has one."""
    from lxml import etree

    if is_hard_linked(path):
        raise StyleRefused("is a hard link: the same file is also somewhere else", "copy the file into the folder")
    try:
        tree = etree.parse(str(path), xml_parser())
    except etree.XMLSyntaxError as exc:
        raise StyleRefused(f"is not a well-formed CSL file (line {exc.lineno}: {exc.msg})",
                           "save the style again from its source") from None
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise StyleRefused("declares XML entities", "remove the DOCTYPE and ENTITY declarations")
    links = tree.getroot().iterfind(f"{{{CSL_NS}}}info/{{{CSL_NS}}}link[@rel='independent-parent']")
    link = next(links, None)
    return None if link is None else (link.get("href") or "").strip()


def _local_parent(href: str, style: Path, folders: list[Path]) -> Path | None:
    """The file in `folders` that `href` names: by a style repository's address (its last part is the
    style's name), or by a path relative to the style's own folder."""
    if written_path_refusal(href) or not href:
        return None
    parts = urlsplit(href)
    if parts.scheme in ("http", "https") and parts.netloc.lower() in STYLE_REPOSITORY:
        name = PurePosixPath(parts.path).name
        candidates = [folder / f"{name}.csl" for folder in folders] if name and "." not in name else []
    elif parts.scheme or parts.netloc or PurePosixPath(href).is_absolute() or ".." in PurePosixPath(href).parts:
        return None
    else:
        candidates = [style.parent / href]
    for candidate in candidates:
        resolved = candidate.resolve()
        if candidate.is_file() and any(resolved.is_relative_to(f.resolve()) for f in folders) \
                and resolved.suffix == ".csl":
            return resolved
    return None
