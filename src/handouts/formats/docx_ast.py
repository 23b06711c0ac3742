"""Format stage (DOCX): the brief's pandoc AST made safe and self-contained for pandoc's DOCX writer."""
from __future__ import annotations

# pandoc embeds whatever an image names (a local path; a web address, which it fetches) and copies raw
# Word XML into the document as it is, so the AST it writes from holds neither: every image is one the
# document stage checked, as a data: address (pandoc reads no file, fetches nothing), raw passages are
# dropped, and links keep only the schemes a reader may follow.

import base64
import io
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from ..document.lint import BRIEF_SCHEME
from ..document.resources import Resource

FOLLOWED_SCHEMES = ("http", "https", "mailto")
# The raster formats every word processor shows; the others are drawn or converted to PNG.
WORD_IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif"}
_DROPPED = object()  # what the walk returns for a raw passage: its list leaves it out (a null stays: pandoc's Nothing)


@dataclass
class Prepared:
    """What the pass left out, for the renderer to report."""

    raw_formats: list[str] = field(default_factory=list)  # formats of the raw passages dropped, in order
    images_left_out: list[str] = field(default_factory=list)  # image addresses the build did not check
    undrawn: list[tuple[str, str]] = field(default_factory=list)  # checked images that could not be converted, why
    notes: int = 0  # the brief's own footnotes (citeproc adds those of note citations when it writes)


@dataclass(frozen=True)
class Context:
    folder: Path  # the brief's folder: images are written relative to it
    resources: tuple[Resource, ...]  # the images the document stage checked
    address: str  # the brief's web address: relative links resolve against it
    url_for: Callable[[str], str]  # a brief's web address, from its slug
    draw_svg: Callable[[bytes], bytes]  # an SVG's published bytes drawn as PNG


def prepare(ast: dict, context: Context) -> Prepared:
    """Rewrite `ast` (pandoc's JSON, as a dict) in place for the DOCX writer; say what was left out."""
    found = Prepared()
    images = {resource.source: resource for resource in context.resources}
    ast["blocks"] = _walk(ast["blocks"], context, images, found)
    return found


def _walk(node, context: Context, images: dict, found: Prepared):
    """`node` with raw passages dropped and images and links rewritten, at every depth."""
    if isinstance(node, list):
        kept = (_walk(item, context, images, found) for item in node)
        return [item for item in kept if item is not _DROPPED]
    if not isinstance(node, dict) or "t" not in node:
        return node
    kind = node["t"]
    if kind in ("RawBlock", "RawInline"):
        found.raw_formats.append(node["c"][0])
        return _DROPPED
    if kind in ("Code", "CodeBlock", "Str", "Math"):
        return node  # text: nothing in it is an address
    if kind == "Note":
        found.notes += 1
    if "c" in node:
        node["c"] = _walk(node["c"], context, images, found)
    if kind == "Image":
        return _image(node, context, images, found)
    if kind == "Link":
        return _link(node, context)
    return node


def _image(node: dict, context: Context, images: dict, found: Prepared) -> dict:
    """The image as a data: address of a file the document stage checked, else its alt text alone."""
    attr, alt, (target, title) = node["c"]
    resource = images.get(_written_file(target, context.folder))
    address = None
    if resource is not None:
        try:
            address = _data_address(resource, context)
        except (OSError, ValueError, RuntimeError) as exc:  # a checked file resvg or Pillow cannot draw after all
            found.undrawn.append((target, str(exc)))
    if address is None:
        if resource is None:
            found.images_left_out.append(target)
        return {"t": "Span", "c": [["", ["image-left-out"], []], alt]}
    node["c"] = [attr, alt, [address, title]]
    return node


def _written_file(target: str, folder: Path) -> Path | None:
    """The file a relative image path names, links followed (as the document stage resolved it); None for an
    address or an absolute path, which no checked image has."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return None
    return Path(os.path.normpath(folder.resolve() / unquote(parts.path))).resolve()


def _data_address(resource: Resource, context: Context) -> str:
    suffix = resource.source.suffix.lower()
    data, media_type = resource.published(), WORD_IMAGE_TYPES.get(suffix)
    if suffix == ".svg":
        data, media_type = context.draw_svg(data), "image/png"
    elif media_type is None:  # WebP: not every word processor reads it
        data, media_type = _as_png(data), "image/png"
    return f"data:{media_type};base64,{base64.b64encode(data).decode('ascii')}"


def _as_png(data: bytes) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    with Image.open(io.BytesIO(data)) as image:
        image.save(out, "PNG")
    return out.getvalue()


def _link(node: dict, context: Context) -> dict:
    """Links to sections stay; links to other briefs and relative links become web addresses; a scheme a
    reader should not follow from a document (javascript:, file:, data:) leaves the link's text alone."""
    attr, text, (target, title) = node["c"]
    if target.startswith("#"):
        return node
    if target.startswith(BRIEF_SCHEME):
        slug, _, anchor = target[len(BRIEF_SCHEME):].partition("#")
        address = context.url_for(slug) + (f"#{anchor}" if anchor else "")
    else:
        scheme = urlsplit(target).scheme.lower()
        if scheme and scheme not in FOLLOWED_SCHEMES:
            return {"t": "Span", "c": [attr, text]}
        address = target if scheme else urljoin(context.address, target)
    node["c"] = [attr, text, [address, title]]
    return node
