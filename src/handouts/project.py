"""The project's folders (DESIGN.md §1), found from its root."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .problems import relative


@dataclass(frozen=True)
class Project:
    root: Path
    output: Path | None = None  # where dist/ is, when not in the root: a brief's staging folder while it renders

    @classmethod
    def at(cls, root: Path | str) -> "Project":
        return cls(Path(root).resolve())

    @property
    def briefs(self) -> Path:
        return self.root / "briefs"

    @property
    def packets(self) -> Path:
        return self.root / "packets"

    @property
    def layouts(self) -> Path:
        return self.root / "layouts"

    @property
    def assets(self) -> Path:
        return self.root / "assets"

    @property
    def brand_file(self) -> Path:
        return self.root / "_brand.yml"

    @property
    def dist(self) -> Path:
        return self.output or self.root / "dist"

    @property
    def cache(self) -> Path:
        return self.root / ".handouts-cache"

    def rel(self, path: Path) -> str:
        return relative(path, self.root)
