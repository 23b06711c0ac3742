"""Validation results and where the validators' programs are found."""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from ..tools.provision import chromium, tools_folder

ERROR, WARNING, INFO = "error", "warning", "info"
KINDS = ("epub", "html", "pdf")
# No sandbox (CI runs as root), no GPU, and no traffic of its own: the validators talk to 127.0.0.1 only.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-quic"]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@dataclass(frozen=True, order=True)
class Result:
    """One finding: `file` relative to dist/ ("-" when no file is to blame, as for a missing tool)."""
    file: str
    tool: str
    rule: str
    message: str
    severity: str = ERROR

    @property
    def fails(self) -> bool:
        """Errors and warnings fail the gate; notes (INFO) are shown only."""
        return self.severity in (ERROR, WARNING)

    def render(self) -> str:
        return f"{self.file}: {self.severity}: {self.message} [{self.tool} {self.rule}]"


def failures(results: list[Result]) -> list[Result]:
    return [r for r in results if r.fails]


@dataclass(frozen=True)
class Tools:
    """The programs the validators run; a missing one is reported by `missing` with what to install."""
    java: str | None
    chromium: Path | None
    node_modules: Path | None

    @classmethod
    def find(cls, project_root: Path) -> "Tools":
        folder = tools_folder(project_root)
        modules = folder / "node_modules" if folder and (folder / "node_modules").is_dir() else None
        return cls(shutil.which("java"), chromium(), modules)

    @property
    def vnu_jar(self) -> Path | None:
        jar = self.node_modules and self.node_modules / "vnu-jar" / "build" / "dist" / "vnu.jar"
        return jar if jar and jar.is_file() else None

    @property
    def axe(self) -> Path | None:
        script = self.node_modules and self.node_modules / "axe-core" / "axe.min.js"
        return script if script and script.is_file() else None


def missing(tool: str, what: str, install: str) -> Result:
    """A validator that cannot run is a failure that says what to install, never a silent skip."""
    return Result("-", tool, "tool.missing", f"{what} is missing, so {tool} could not run: {install}")
