"""Stage 4: one target per (brief, format), current when the fingerprint of its inputs is unchanged."""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from .. import PACKAGE
from ..atomic import atomic_write
from ..load.brand import Brand
from ..load.brief import Brief
from ..problems import Problem
from ..project import Project

# Their versions are inputs of every target (read from package metadata: no tool is started to ask).
TOOLS = ("pypandoc-binary", "weasyprint", "jinja2", "nh3", "segno", "pillow", "fonttools", "uharfbuzz", "resvg-py",
         "lxml", "tinycss2", "python-docx")


@dataclass(frozen=True)
class Target:
    slug: str
    format: str
    output: Path
    fingerprint: str

    @property
    def key(self) -> str:
        return f"{self.slug}/{self.format}"


def shared_fingerprint(project: Project, brand: Brand) -> str:
    """What every target depends on: the tools' versions, the brand and its files, assets/."""
    versions = "\n".join(f"{name} {_version(name)}" for name in TOOLS)
    digest = hashlib.sha256(f"{versions}\nhandouts {_code_digest()}".encode())
    assets = sorted(p for p in project.assets.rglob("*") if p.is_file())
    _add_files(digest, project, [brand.path, *brand.files, *assets])
    return digest.hexdigest()


def target_fingerprint(shared: str, project: Project, brief: Brief, fmt: str, layouts: tuple[str, ...],
                       extra: str = "") -> str:
    """The shared inputs, the format's layout files, the brief's own file (or whole bundle), and any extra input."""
    digest = hashlib.sha256(f"{shared}\n{fmt}\n{extra}\n".encode())
    layout = sorted({p for pattern in layouts for p in project.layouts.glob(pattern) if p.is_file()})
    files = sorted(p for p in brief.bundle.rglob("*") if p.is_file()) if brief.bundle else [brief.path]
    _add_files(digest, project, [*layout, *files])
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


def _add_files(digest, project: Project, files: list[Path]) -> None:
    for path in files:
        digest.update(f"{project.rel(path)}\0{path.stat().st_size}\0".encode())
        digest.update(path.read_bytes())


class Manifest:
    """The fingerprints of the outputs last built, and facts about them (a PDF's pages), in the build cache."""

    def __init__(self, project: Project):
        self.path = project.cache / "manifest.json"
        try:
            self.entries: dict[str, dict] = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            self.entries = {}

    def is_current(self, target: Target) -> bool:
        entry = self.entries.get(target.key)
        return target.output.is_file() and isinstance(entry, dict) and entry.get("fingerprint") == target.fingerprint

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

    def forget(self, slug: str) -> None:
        self.entries = {k: v for k, v in self.entries.items() if not k.startswith(f"{slug}/")}

    def save(self) -> None:
        atomic_write(self.path, json.dumps(self.entries, indent=1, sort_keys=True))
