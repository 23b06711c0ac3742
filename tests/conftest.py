"""Shared fixtures: throwaway projects made of the real brand, layouts and assets, plus briefs written by tests."""
from __future__ import annotations

import fcntl
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CHROMIUM = Path("/usr/bin/chromium")
SAMPLES = sorted(p.stem if p.suffix == ".md" else p.name for p in (REPO / "briefs").iterdir()
                 if p.suffix == ".md" or (p / "index.md").is_file())
SAMPLE_PACKETS = sorted(p.stem for p in (REPO / "packets").glob("*.yml"))

GOOD_FRONT_MATTER = """\
---
title: "A Good Brief"
date: 2025-03-12
kind: brief
summary: "A short brief used by the tests."
---
"""


class TestProject:
    """A project folder in tmp_path with the repository's brand, layouts and assets."""

    __test__ = False  # a helper, not a test class

    def __init__(self, root: Path):
        self.root = root
        for name in ("layouts", "assets"):
            shutil.copytree(REPO / name, root / name)
        shutil.copy(REPO / "_brand.yml", root / "_brand.yml")
        (root / "briefs").mkdir()

    def write(self, relative: str, text: str | bytes, dedent: bool = True) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text) if dedent else text, "utf-8")
        return path

    def brief(self, slug: str, text: str, bundle: bool = False) -> Path:
        return self.write(f"briefs/{slug}/index.md" if bundle else f"briefs/{slug}.md", text)

    def dist(self, relative: str) -> Path:
        return self.root / "dist" / relative


@pytest.fixture
def project(tmp_path) -> TestProject:
    return TestProject(tmp_path / "project")


def copy_project(root: Path, briefs: tuple[str, ...] | None = None) -> Path:
    """The repository's project (layouts, assets, brand, tasks) in `root`, with all its sample briefs (and its
    sample packets) or only the briefs named."""
    for name in ("layouts", "assets"):
        shutil.copytree(REPO / name, root / name)
    for name in ("_brand.yml", "tasks.py"):
        shutil.copy(REPO / name, root / name)
    (root / "briefs").mkdir()
    if briefs is None:
        shutil.copytree(REPO / "packets", root / "packets")
    for slug in SAMPLES if briefs is None else briefs:
        source = REPO / "briefs" / slug
        if source.is_dir():
            shutil.copytree(source, root / "briefs" / slug)
        else:
            shutil.copy(REPO / "briefs" / f"{slug}.md", root / "briefs" / f"{slug}.md")
    return root


def invoke(root: Path, *args: str) -> subprocess.CompletedProcess:
    """`invoke ARGS` run in a project folder, as staff would."""
    return subprocess.run([sys.executable, "-m", "invoke", *args], cwd=root, capture_output=True, text=True,
                          timeout=900)


@pytest.fixture(scope="session")
def samples(tmp_path_factory, worker_id) -> Path:
    """A copy of the repository's project with the sample briefs, built once (every format) for the session:
    under pytest-xdist, the first worker to need it builds it and the others wait for that build (the base
    temporary folder's parent is the run's, shared by its workers)."""
    shared = tmp_path_factory.getbasetemp() if worker_id == "master" else tmp_path_factory.getbasetemp().parent
    root = shared / "samples" / "project"
    with open(shared / "samples.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (root / "dist" / "catalog.json").is_file():
            shutil.rmtree(root.parent, ignore_errors=True)
            copy_project(root)
            result = invoke(root, "build")
            assert result.returncode == 0, result.stdout + result.stderr
            assert re.search(rf"^built {len(SAMPLES) + len(SAMPLE_PACKETS)}, up to date 0, failed 0$", result.stdout, re.M), result.stdout
    return root


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, driven by Playwright (no browser download), for the tests of one module."""
    from handouts.validators.model import CHROMIUM_ARGS  # no sandbox (CI runs as root), no traffic of its own
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.is_file(), "the browser tests need Debian's chromium: apt-get install chromium (invoke test installs it)"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def page_of(root: Path, downloads: tuple[str, ...] = ()):
    """The page of the project's only brief, as a worker receives it: loaded and converted here, for a renderer
    called alone (no build, no worker, no other format's output)."""
    from handouts.document.markdown import to_html
    from handouts.formats import Page
    from handouts.load.brand import load_brand
    from handouts.load.brief import load_brief
    from handouts.load.discover import discover
    from handouts.problems import Problems
    from handouts.project import Project
    from handouts.tools.templates import environment

    project = Project.at(root)
    brand, _ = load_brand(project)
    (source,), _problems = discover(project)
    brief, problems = load_brief(source, project, brand.defaults)
    assert brief is not None, [p.render() for p in problems]
    log = Problems(project.rel(brief.path))
    return Page(brief, to_html(brief, project, log), brand, project, environment(project), log, downloads)
