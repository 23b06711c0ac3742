"""The pandoc wrapper: the one place that knows how pandoc is found, called and what it prints."""
from __future__ import annotations

import functools
import re
import subprocess
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pypandoc

TIMEOUT_SECONDS = 120
_WARNING = re.compile(r"^\[WARNING\]\s*(.*)$")


@dataclass(frozen=True)
class PandocResult:
    output: str
    warnings: tuple[str, ...]


class PandocError(Exception):
    """pandoc exited with an error (a problem in the input, reported to the user)."""


@functools.cache
def pandoc_path() -> str:
    return pypandoc.get_pandoc_path()


@functools.cache
def version() -> str:
    return pypandoc.get_pandoc_version()


def data_file(name: str) -> Path:
    """A file shipped with this package for pandoc (template, Lua filter)."""
    return Path(str(resources.files("handouts") / "pandoc" / name))


def run(text: str, args: list[str], cwd: Path) -> PandocResult:
    """pandoc on `text` with `args`, sandboxed: it reads only the files named in `args`."""
    completed = subprocess.run(
        [pandoc_path(), "--sandbox", *args], input=text.encode("utf-8"), capture_output=True,
        cwd=cwd, timeout=TIMEOUT_SECONDS, check=False,
    )
    stderr = completed.stderr.decode("utf-8", "replace")
    if completed.returncode != 0:
        raise PandocError(stderr.strip() or f"pandoc exited with status {completed.returncode}")
    return PandocResult(completed.stdout.decode("utf-8"), _warnings(stderr))


def _warnings(stderr: str) -> tuple[str, ...]:
    """Each '[WARNING] ...' message, with its continuation lines joined."""
    warnings: list[str] = []
    for line in stderr.splitlines():
        match = _WARNING.match(line)
        if match:
            warnings.append(match.group(1).strip())
        elif warnings and line.startswith(" "):
            warnings[-1] += " " + line.strip()
    return tuple(warnings)
