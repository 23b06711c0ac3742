"""Stage 4: one target per (brief, format), current when the fingerprint of its inputs is unchanged."""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import struct
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from .. import PACKAGE
from ..atomic import atomic_write
from ..editions import EDITIONS
from ..load.brand import Brand
from ..load.brief import Brief
from ..problems import Problem
from ..project import Project

# Their versions are inputs of every target (read from package metadata: no tool is started to ask).
TOOLS = ("pypandoc-binary", "weasyprint", "jinja2", "nh3", "segno", "pillow", "fonttools", "uharfbuzz", "resvg-py",
         "lxml", "tinycss2", "css-inline", "python-docx")


@dataclass(frozen=True)
class Target:
    slug: str
    format: str
    output: Path
    fingerprint: str

    @property
    def key(self) -> str:
        return f"{self.slug}/{self.format}"


class FileDigests:
    """The sha256 of each input file, read again only when its size or modification time changed since it was
    last hashed (a no-op build stats its inputs and reads none). A time less than RACY_SECONDS before the hash
    was taken is not trusted: the file may have changed again within the clock's tick."""

    RACY_SECONDS = 2.0

    def __init__(self, project: Project):
        self.path = project.cache / "digests.json"
        try:
            self.known: dict[str, list] = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            self.known = {}

    def of(self, path: Path) -> str:
        stat = path.stat()
        key = str(path)
        known = self.known.get(key)
        if isinstance(known, list) and known[:2] == [stat.st_size, stat.st_mtime_ns] \
                and stat.st_mtime_ns < known[2] - self.RACY_SECONDS * 1e9:
            return known[3]
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        self.known[key] = [stat.st_size, stat.st_mtime_ns, time.time_ns(), digest]
        return digest

    def save(self) -> None:
        atomic_write(self.path, json.dumps(self.known, indent=0, sort_keys=True))


def shared_fingerprint(project: Project, brand: Brand, digests: FileDigests) -> str:
    """What every target depends on: the tools' versions, the brand and its files, assets/."""
    versions = "\n".join(f"{name} {_version(name)}" for name in TOOLS)
    digest = hashlib.sha256(f"{versions}\nhandouts {_code_digest()}".encode())
    assets = sorted(p for p in project.assets.rglob("*") if p.is_file())
    _add_files(digest, project, digests, [brand.path, *brand.files, *assets])
    return digest.hexdigest()


def target_fingerprint(shared: str, project: Project, digests: FileDigests, brief: Brief, fmt: str,
                       layouts: tuple[str, ...], extra: str = "") -> str:
    """The shared inputs, the format's layout files, the brief's own file (or whole bundle), and any extra input."""
    digest = hashlib.sha256(f"{shared}\n{fmt}\n{extra}\n".encode())
    layout = sorted({p for pattern in layouts for p in project.layouts.glob(pattern) if p.is_file()})
    files = sorted(p for p in brief.bundle.rglob("*") if p.is_file()) if brief.bundle else [brief.path]
    _add_files(digest, project, digests, [*layout, *files])
    return digest.hexdigest()


def layouts_fingerprint(shared: str, project: Project, digests: FileDigests, name: str,
                        layouts: tuple[str, ...]) -> str:
    """The shared inputs and the layout files of a target that belongs to no brief (dist/assets/)."""
    digest = hashlib.sha256(f"{shared}\n{name}\n".encode())
    _add_files(digest, project, digests, sorted({p for pattern in layouts for p in project.layouts.glob(pattern)
                                                 if p.is_file()}))
    return digest.hexdigest()


def packet_fingerprint(shared: str, project: Project, digests: FileDigests, name: str, parts: list[str],
                       files: list[Path], layouts: tuple[str, ...]) -> str:
    """A target made of others (a packet of briefs): the shared inputs, theirs (`parts`: their fingerprints),
    its own files and layout files."""
    digest = hashlib.sha256("\n".join([shared, name, *parts, ""]).encode())
    layout = sorted({p for pattern in layouts for p in project.layouts.glob(pattern) if p.is_file()})
    _add_files(digest, project, digests, [*files, *layout])
    return digest.hexdigest()


@functools.cache
def _code_digest() -> str:
    """The pipeline's own code: an upgrade (or a fix in a checkout) that changes it rebuilds every target."""
    digest = hashlib.sha256()
    for path in sorted(p for p in PACKAGE.rglob("*") if p.is_file() and p.suffix in (".py", ".lua", ".html")):
        digest.update(f"{path.relative_to(PACKAGE)}\0".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "none"


def _add_files(digest, project: Project, digests: FileDigests, files: list[Path]) -> None:
    for path in files:
        # Named as found (every one is under the project's folders): resolving each costs a no-op build more than
        # the rest of its fingerprints.
        name = path.relative_to(project.root).as_posix() if path.is_relative_to(project.root) else str(path)
        digest.update(f"{name}\0{digests.of(path)}\0".encode())


def file_facts(dist: Path, path: Path) -> dict:
    """What the manifest records of an output, so that the catalogue need not read it: where, how big, its hash,
    and a PNG's width and height (the page reserves a thumbnail's space)."""
    data = path.read_bytes()
    facts = {"path": path.relative_to(dist).as_posix(), "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    if data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR":
        facts["width"], facts["height"] = struct.unpack(">II", data[16:24])
    return facts


class Manifest:
    """The fingerprints of the outputs last built, and facts about them (a PDF's pages), in the build cache."""

    def __init__(self, project: Project):
        self.path = project.cache / "manifest.json"
        self.digests = FileDigests(project)
        try:
            self.entries: dict[str, dict] = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            self.entries = {}

    def is_current(self, target: Target) -> bool:
        entry = self.entries.get(target.key)
        # An edition of several files (the e-mail's) is stale when any of them is missing.
        files = [target.output, *(target.output.with_name(name) for name in EDITIONS[target.format].companions)]
        return all(path.is_file() for path in files) and isinstance(entry, dict) \
            and entry.get("fingerprint") == target.fingerprint

    def record(self, target: Target, facts: dict | None = None, problems: list[Problem] = ()) -> None:
        """The target as built, with the warnings building it gave: an up-to-date target reports them again."""
        entry = {"fingerprint": target.fingerprint, **(facts or {})}
        if problems:
            entry["problems"] = [dataclasses.asdict(p) for p in problems]
        self.entries[target.key] = entry

    def problems(self, target: Target) -> list[Problem]:
        """What building the target reported, when it was last built."""
        stored = self.entries.get(target.key, {}).get("problems", [])
        try:
            return [Problem(**item) for item in stored]
        except TypeError:  # a manifest from another version: the warnings are given again on the next rebuild
            return []

    def fact(self, slug: str, fmt: str, name: str):
        return self.entries.get(f"{slug}/{fmt}", {}).get(name)

    def records(self, slug: str) -> dict[str, dict]:
        """What was recorded of each output of the brief (format -> facts), for the catalogue."""
        prefix = f"{slug}/"
        return {key.removeprefix(prefix): {k: v for k, v in entry.items() if k not in ("fingerprint", "problems")}
                for key, entry in self.entries.items() if key.startswith(prefix)}

    def forget(self, slug: str) -> None:
        self.entries = {k: v for k, v in self.entries.items() if not k.startswith(f"{slug}/")}

    def save(self) -> None:
        atomic_write(self.path, json.dumps(self.entries, indent=1, sort_keys=True))
        self.digests.save()
