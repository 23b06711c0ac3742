"""Shared fixtures: throwaway projects made of the real brand, layouts and assets, plus briefs written by tests."""
from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"

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
