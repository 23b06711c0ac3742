"""The files a brief's body refers to (images): checked against the resource policy, renamed for dist/."""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from .brief import Brief
from .problems import Problems
from .project import Project

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")
MAX_RESOURCE_BYTES = 20 * 1024 * 1024
_IMG_SRC = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]*)("[^>]*>)')
_ALT = re.compile(r'\balt="[^"]*\S[^"]*"')


@dataclass(frozen=True)
class Resource:
    source: Path       # the file in the project
    target: str        # its path in dist/<slug>/, as the HTML refers to it


def collect(body: str, brief: Brief, project: Project, problems: Problems,
            line_of) -> tuple[str, tuple[Resource, ...]]:
    """The body with image paths rewritten to their place in dist/<slug>/, and the files to put there."""
    found: dict[str, Resource] = {}

    def replace(match: re.Match) -> str:
        raw = html.unescape(match.group(2))
        if not _ALT.search(match.group(0)):
            problems.warning(f"image '{raw}' has no alt text", "image.alt", line_of(raw),
                             hint="describe what it shows in its brackets: ![A chart of ...](file.png)")
        resource = _resolve(raw, brief, project, problems, line_of(raw))
        if resource is None:
            return match.group(1) + match.group(3)
        found[resource.target] = resource
        return match.group(1) + html.escape(resource.target) + match.group(3)

    return _IMG_SRC.sub(replace, body), tuple(found[k] for k in sorted(found))


def allowed_roots(brief: Brief, project: Project) -> list[tuple[Path, str]]:
    """Folders a brief may read from, with the prefix their files get in dist/<slug>/."""
    roots = [(brief.bundle.resolve(), "")] if brief.bundle else []
    return roots + [(project.assets.resolve(), "assets/")]


def _resolve(raw: str, brief: Brief, project: Project, problems: Problems, line: int) -> Resource | None:
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
    path = (brief.folder / relative).resolve()
    for root, prefix in allowed_roots(brief, project):
        if path.is_relative_to(root):
            return _checked(path, prefix + path.relative_to(root).as_posix(), raw, problems, line)
    problems.error(f"image '{raw}' is outside the brief's folder and assets/", "resource.outside", line,
                   hint="copy the file into the brief's folder" if brief.bundle
                   else f"make the brief a bundle (briefs/{brief.slug}/index.md) and put the image beside it")
    return None


def _checked(path: Path, target: str, raw: str, problems: Problems, line: int) -> Resource | None:
    if not path.is_file():
        problems.error(f"image not found: '{raw}'", "resource.missing", line,
                       hint="check the file name and its folder; paths are relative to the brief")
        return None
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        problems.error(f"'{raw}' is not an image ({', '.join(IMAGE_SUFFIXES)})", "resource.type", line)
        return None
    if path.stat().st_size > MAX_RESOURCE_BYTES:
        problems.error(f"image '{raw}' is larger than {MAX_RESOURCE_BYTES // (1024 * 1024)} MB", "resource.too-large",
                       line, hint="export it smaller")
        return None
    return Resource(path, target)
