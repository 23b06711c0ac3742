"""The pandoc wrapper: the one place that knows how pandoc is found, called and what it prints."""
from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .. import limits

TIMEOUT_SECONDS = 120  # one call, at most; never longer than the brief's own time limit
_WARNING = re.compile(r"^\[WARNING\]\s*(.*)$")


@dataclass(frozen=True)
class PandocResult:
    output: str
    warnings: tuple[str, ...]


class PandocError(Exception):
    """pandoc exited with an error (a problem in the input, reported to the user)."""

    code, hint = "pandoc.error", None

    def said(self) -> str:
        return f"pandoc could not convert the brief: {self}"


class PandocTimeout(PandocError):
    """pandoc ran past its time (nesting thousands deep makes it take minutes): it was stopped."""


@functools.cache
def pandoc_path() -> str:
    import pypandoc  # imported when pandoc is first needed: a no-op build never asks

    return pypandoc.get_pandoc_path()


@functools.cache
def version() -> str:
    import pypandoc

    return pypandoc.get_pandoc_version()


def data_file(name: str) -> Path:
    """A file shipped with this package for pandoc (template, Lua filter)."""
    return Path(str(resources.files("handouts") / "pandoc" / name))


def run(text: str, args: list[str], cwd: Path) -> PandocResult:
    """pandoc on `text` with `args`, sandboxed: it reads only the files named in `args`."""
    stdout, warnings = _call(text, args, cwd)
    return PandocResult(stdout.decode("utf-8"), warnings)


def run_binary(text: str, args: list[str], cwd: Path) -> tuple[bytes, tuple[str, ...]]:
    """pandoc writing a binary format (DOCX) to its standard output, sandboxed as `run` is."""
    return _call(text, [*args, "--output=-"], cwd)


def _call(text: str, args: list[str], cwd: Path) -> tuple[bytes, tuple[str, ...]]:
    record("pandoc", {"args": args, "cwd": str(cwd), "input": text})
    seconds = min(TIMEOUT_SECONDS, limits.time_limit())
    try:
        completed = subprocess.run(
            [pandoc_path(), "--sandbox", *args], input=text.encode("utf-8"), capture_output=True,
            cwd=cwd, timeout=seconds, check=False,
        )
    except subprocess.TimeoutExpired:  # subprocess.run has killed it
        raise PandocTimeout(f"pandoc took longer than {seconds:g} s") from None
    stderr = completed.stderr.decode("utf-8", "replace")
    if completed.returncode != 0:
        raise PandocError(stderr.strip() or f"pandoc exited with status {completed.returncode}")
    return completed.stdout, _warnings(stderr)


def record(tool: str, call: dict) -> None:
    """With HANDOUTS_RECORD=DIR, keep each tool call's inputs (the benchmark replays them without the pipeline)."""
    folder = os.environ.get("HANDOUTS_RECORD")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f"{tool}-", suffix=".json", dir=folder)
    cwd = call.get("cwd", "")
    if Path(cwd).name.startswith("handouts-") and Path(cwd).is_relative_to(tempfile.gettempdir()):
        # A scratch folder of ours, gone after the call: keep a copy for the replay.
        kept = name.removesuffix(".json")
        shutil.copytree(cwd, kept)
        call = {**call, "cwd": kept, "args": [arg.replace(cwd, kept) for arg in call["args"]]}
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(call, out)


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
