"""The files a brief's body refers to (images): checked against the resource policy, renamed for dist/."""
from __future__ import annotations

import base64
import os
from dataclasses import dataclass
from itertools import islice
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from ..tools import html_tree, svg
from . import figures
from ..load.brief import Brief
from ..load.policy import HARD_LINK_HINT, PATH_HINT, is_hard_linked, written_path_refusal
from ..problems import Problems, closest
from .sanitize import allowed_url
from ..project import Project

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")
MAX_RESOURCE_BYTES = 20 * 1024 * 1024
MAX_SUGGESTIONS = 2000  # image files looked at for a did-you-mean, per folder
MAX_PIXELS = 50_000_000  # a full page at 600 pixels per inch is about 34 million
_NOT_AN_IMAGE = "export it as one of those; a document goes on the web, with a link to its address"


@dataclass(frozen=True)
class Resource:
    source: Path       # the file in the project
    target: str        # its path in dist/<slug>/, as the HTML refers to it
    cleaned: bytes | None = None  # an SVG's published bytes (its safe subset); None: the file as it is

    def published(self) -> bytes:
        """The bytes every format publishes: the SVG's safe subset, or the file's own bytes."""
        return self.cleaned if self.cleaned is not None else self.source.read_bytes()

    def uri(self) -> str:
        """An address WeasyPrint reads the published bytes from."""
        if self.cleaned is None:
            return self.source.as_uri()
        return "data:image/svg+xml;base64," + base64.b64encode(self.cleaned).decode("ascii")


def collect(root, brief: Brief, project: Project, problems: Problems, line_of) -> tuple[Resource, ...]:
    """Each image of the body's tree pointed at its place in dist/<slug>/; the files to put there. An address
    the sanitizer removes (javascript:, data:) is left to it."""
    found: dict[str, Resource] = {}
    for img in root.iter("img"):
        raw = img.get("src")
        if raw is None or not allowed_url(raw):
            continue
        if not (img.get("alt") or "").strip():
            problems.warning(f"image '{raw}' has no alt text", "image.alt", line_of(raw),
                             hint="describe what it shows in its brackets: ![A chart of ...](file.png)")
        resource = _resolve(raw, brief, project, problems, line_of(raw))
        img.set("src", resource.target if resource else "")
        if resource is None:
            continue
        if resource.cleaned is not None and resource.target not in found:  # an SVG (safe: it was cleaned), once
            # the file as written, whose lines the warning names (the cleaned copy starts with a declaration)
            figures.check_text_size(resource.source.read_bytes(), raw, brief, project, problems, line_of(raw))
        found[resource.target] = resource
    return tuple(found[k] for k in sorted(found))


def drop_non_images(root, source: str, problems: Problems, line_of) -> int:
    """pandoc's `<embed>` for a Markdown image of a file that is not an image (![x](report.pdf)), reported
    as such and removed before sanitizing (which would only say an <embed> was removed, from nowhere); how many."""
    dropped = 0
    for embed in list(root.iter("embed")):
        raw = embed.get("src")
        if raw is None or f"]({raw}" not in source:
            continue  # raw HTML in the brief: the sanitizer removes it and says so
        problems.error(f"'{raw}' is not an image ({', '.join(IMAGE_SUFFIXES)})", "resource.type", line_of(f"]({raw}"),
                       hint=_NOT_AN_IMAGE)
        html_tree.remove(embed)
        dropped += 1
    return dropped


def allowed_roots(brief: Brief, project: Project) -> list[tuple[Path, str]]:
    """Folders a brief may read from, with the prefix their files get in dist/<slug>/."""
    roots = [(brief.bundle.resolve(), "")] if brief.bundle else []
    return roots + [(project.assets.resolve(), "assets/")]


def _relative_path(raw: str, problems: Problems, line: int) -> PurePosixPath | None:
    """The image's path relative to the brief's folder, or None (reported) when it is not written as one."""
    why = written_path_refusal(raw) or written_path_refusal(unquote(raw))
    if why:
        problems.error(f"image path '{raw.encode('unicode_escape').decode('ascii')}' {why}", "resource.path", line,
                       hint=PATH_HINT)
        return None
    parts = urlsplit(raw)
    if parts.scheme in ("http", "https"):
        problems.error(f"remote image '{raw}' is not fetched", "resource.remote", line,
                       hint="download it into the brief's folder and refer to it by its file name")
        return None
    if parts.scheme or parts.netloc:
        problems.error(f"image '{raw}' must be a file in the brief's folder", "resource.scheme", line,
                       hint="copy the file into the brief's folder and give its relative path")
        return None
    relative = PurePosixPath(unquote(parts.path))
    if relative.is_absolute():
        problems.error(f"image '{raw}' is an absolute path", "resource.outside", line,
                       hint="copy the file into the brief's folder and give its relative path")
        return None
    return relative


def _resolve(raw: str, brief: Brief, project: Project, problems: Problems, line: int) -> Resource | None:
    relative = _relative_path(raw, problems, line)
    if relative is None:
        return None
    folder = brief.folder.resolve()
    written = Path(os.path.normpath(folder / relative))  # where the path points, before following links
    path = written.resolve()
    roots = allowed_roots(brief, project)
    if any(written.is_relative_to(root) for root, _prefix in roots):
        for root, prefix in roots:
            if path.is_relative_to(root):
                return _checked(path, prefix + path.relative_to(root).as_posix(), raw, brief, project, problems,
                                line)
        problems.error(f"image '{raw}' leads outside the brief's folder and assets/ (a symbolic link?)",
                       "resource.outside", line, hint="copy the file itself into the brief's folder")
        return None
    if brief.bundle is None and written.is_relative_to(folder):  # beside a single-file brief, in briefs/
        bundle = f"briefs/{brief.slug}/index.md"
        if not path.exists():
            _not_found(raw, written, brief, project, problems, line)
            return None
        problems.error(f"image '{raw}' needs a brief bundle: a single-file brief has no folder of its own",
                       "resource.no-bundle", line, hint=f"move the brief to {bundle} and put the image beside it")
        return None
    problems.error(f"image '{raw}' is outside the brief's folder and assets/", "resource.outside", line,
                   hint="copy the file into the brief's folder" if brief.bundle
                   else f"make the brief a bundle ({'briefs/' + brief.slug + '/index.md'}) and put the image beside it")
    return None


def _not_found(raw: str, written: Path, brief: Brief, project: Project, problems: Problems, line: int) -> None:
    """'not found', with the file looked for, and the closest image the brief may use when one is close."""
    near = _nearest(raw, brief, project)
    if brief.bundle is None and not written.is_relative_to(project.assets.resolve()):
        hint = (f"a single-file brief has no folder for images: make it a bundle (briefs/{brief.slug}/index.md) "
                "and put the image beside it" + (f"; or did you mean '{near}'?" if near else ""))
    else:
        hint = (f"did you mean '{near}'? " if near else "check the file name and its folder; ") + \
            f"paths are relative to {project.rel(brief.folder)}/"
    problems.error(f"image not found: '{raw}' (looked for {project.rel(written)})", "resource.missing", line,
                   hint=hint)


def _nearest(raw: str, brief: Brief, project: Project) -> str | None:
    """The image the brief may use (as the brief would write its path) that `raw` most likely meant: one of the
    same name in another folder, else one of a close name in the same folder."""
    folder = brief.folder.resolve()
    candidates: list[PurePosixPath] = []
    for root, _prefix in allowed_roots(brief, project):
        files = (p for p in sorted(root.rglob("*")) if p.suffix.lower() in IMAGE_SUFFIXES and p.is_file())
        candidates += [PurePosixPath(Path(os.path.relpath(p, folder)).as_posix())
                       for p in islice(files, MAX_SUGGESTIONS)]
    wanted = PurePosixPath(os.path.normpath(unquote(urlsplit(raw).path)))
    same_name = [c for c in candidates if c.name == wanted.name]
    if same_name:
        return str(same_name[0])
    beside = {c.stem: c for c in reversed(candidates) if c.parent == wanted.parent}  # the first of a stem wins
    stem = closest(wanted.stem, beside)
    return str(beside[stem]) if stem else None


def _checked(path: Path, target: str, raw: str, brief: Brief, project: Project, problems: Problems,
             line: int) -> Resource | None:
    if not path.is_file():
        _not_found(raw, path, brief, project, problems, line)
        return None
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        problems.error(f"'{raw}' is not an image ({', '.join(IMAGE_SUFFIXES)})", "resource.type", line,
                       hint=_NOT_AN_IMAGE)
        return None
    if is_hard_linked(path):
        problems.error(f"image '{raw}' is a hard link: the same file is also somewhere else", "resource.hard-link",
                       line, hint=HARD_LINK_HINT)
        return None
    if path.stat().st_size > MAX_RESOURCE_BYTES:
        problems.error(f"image '{raw}' is larger than {MAX_RESOURCE_BYTES // (1024 * 1024)} MB", "resource.too-large",
                       line, hint="export it smaller")
        return None
    if path.suffix.lower() == ".svg":
        try:
            return Resource(path, target, svg.sanitized(path.read_bytes()))
        except svg.SvgRefused as refused:
            problems.error(f"image '{raw}' {refused.where()}", refused.code, line, hint=refused.hint)
            return None
    refusal = _content_refusal(path)
    if refusal:
        message, code, hint = refusal
        problems.error(f"image '{raw}' {message}", code, line, hint=hint)
        return None
    return Resource(path, target)


_MAGIC = {".png": (b"\x89PNG\r\n\x1a\n",), ".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",),
          ".gif": (b"GIF87a", b"GIF89a"), ".webp": (b"RIFF",)}


def _content_refusal(path: Path) -> tuple[str, str, str] | None:
    """Why a raster file's bytes may not be used as the image its name says, if they may not."""
    data = path.read_bytes()
    suffix = path.suffix.lower()
    if not data.startswith(_MAGIC[suffix]) or (suffix == ".webp" and data[8:12] != b"WEBP"):
        return f"is not a {suffix[1:].upper()} file", "resource.type", "export the image again in the format its name says"
    return _pixel_refusal(path)


def _pixel_refusal(path: Path) -> tuple[str, str, str] | None:
    """Pillow reads only the header here: a decompression bomb is refused before anything decodes it."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            width, height = image.size
    except Image.DecompressionBombError:
        return (f"has more than {MAX_PIXELS // 1_000_000} million pixels", "resource.pixels",
                "export it at a smaller size (print needs about 300 pixels per inch)")
    except (OSError, UnidentifiedImageError):
        return "cannot be read as an image", "resource.type", "export the image again"
    if width * height > MAX_PIXELS:
        return (f"is {width} x {height} pixels, over the limit of {MAX_PIXELS // 1_000_000} million",
                "resource.pixels", "export it at a smaller size (print needs about 300 pixels per inch)")
    return None
