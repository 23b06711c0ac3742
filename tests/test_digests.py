"""The build's file digests: a file is read again only when its size or time changed, or its time is too recent
to be trusted; a no-op build of the samples reads none of its inputs."""
from __future__ import annotations

import os
import time
from pathlib import Path

from conftest import TestProject, copy_project

from handouts.build.plan import FileDigests
from handouts.commands.run import run_build
from handouts.project import Project


def _age(path: Path, seconds: float) -> None:
    stamp = time.time_ns() - int(seconds * 1e9)
    os.utime(path, ns=(stamp, stamp))


def _counting_reads(monkeypatch) -> list[Path]:
    reads: list[Path] = []
    original = Path.read_bytes

    def read_bytes(self):
        reads.append(self)
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    return reads


def test_an_old_unchanged_file_is_not_read_again_and_a_changed_one_is(project: TestProject, monkeypatch):
    path = project.write("briefs/a.md", "first text")
    _age(path, 60)
    digests = FileDigests(Project.at(project.root))
    first = digests.of(path)
    reads = _counting_reads(monkeypatch)
    assert digests.of(path) == first and reads == []
    path.write_text("other text", "utf-8")  # the same size, a new time
    assert digests.of(path) != first and reads == [path]


def test_a_recent_file_is_read_again_even_with_the_same_size_and_time(project: TestProject, monkeypatch):
    """An edit within the clock's tick keeps size and time: only a file older than the hash is trusted."""
    path = project.write("briefs/a.md", "first text")
    digests = FileDigests(Project.at(project.root))
    first = digests.of(path)
    stamp = path.stat().st_mtime_ns
    path.write_text("other text", "utf-8")
    os.utime(path, ns=(stamp, stamp))
    assert digests.of(path) != first


def test_the_digests_outlive_the_build_that_took_them(project: TestProject, monkeypatch):
    path = project.write("briefs/a.md", "text")
    _age(path, 60)
    digests = FileDigests(Project.at(project.root))
    digests.of(path)
    digests.save()
    reads = _counting_reads(monkeypatch)
    FileDigests(Project.at(project.root)).of(path)
    assert path not in reads


def test_a_no_op_build_hashes_no_input_and_rewrites_no_asset(tmp_path, monkeypatch, capsys):
    root = copy_project(tmp_path / "project", ("a-case-for-conservatives", "rome-statute-in-us-case-law"))
    assert run_build(root, formats="html", jobs=1) == 0
    for path in root.rglob("*"):
        if path.is_file() and ".handouts-cache" not in path.parts and "dist" not in path.parts:
            _age(path, 60)
    assert run_build(root, formats="html", jobs=1) == 0  # hashes what it now trusts
    reads = _counting_reads(monkeypatch)
    assert run_build(root, formats="html", jobs=1) == 0
    inputs = sorted(p.relative_to(root).as_posix() for p in reads
                    if p.is_relative_to(root) and not p.is_relative_to(root / "dist"))
    # Read to be loaded (the catalogue lists every brief; the brand's check reads its logo), none to be hashed:
    # no layout, font, image or bibliography.
    assert inputs == ["_brand.yml", "assets/logo/mark.svg", "briefs/a-case-for-conservatives.md",
                      "briefs/rome-statute-in-us-case-law/index.md"], inputs
    assert "up to date 2" in capsys.readouterr().out
