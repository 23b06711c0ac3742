"""The build graph is right: what an edit rebuilds, what it leaves alone, and bytes equal to a clean build."""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from conftest import copy_project, invoke

from handouts.build import plan
from handouts.build.run import Options, build
from handouts.project import Project

pytestmark = pytest.mark.slow
BRIEFS = ("a-case-for-conservatives", "icc-at-a-glance", "rome-statute-in-us-case-law")


@pytest.fixture
def library(tmp_path) -> Path:
    """The samples without the long Rome Statute (a quicker graph to test), built once."""
    root = copy_project(tmp_path / "library", BRIEFS)
    assert sorted(run(root).built) == sorted(BRIEFS)
    return root


def run(root: Path, **options):
    summary = build(Project.at(root), Options(jobs=1, **options))
    assert not summary.failed, [p.render() for p in summary.problems]
    return summary


def snapshot(root: Path) -> dict[str, str]:
    """Every file in dist/, by its path, as a hash of its bytes."""
    return {p.relative_to(root / "dist").as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((root / "dist").rglob("*")) if p.is_file()}


def mtimes(root: Path) -> dict[str, int]:
    return {p.relative_to(root / "dist").as_posix(): p.stat().st_mtime_ns
            for p in sorted((root / "dist").rglob("*")) if p.is_file()}


def changed(before: dict[str, int], after: dict[str, int]) -> set[str]:
    return {path for path in after if before.get(path) != after[path]}


def test_nothing_to_do_touches_nothing(library):
    before = mtimes(library)
    summary = run(library)
    assert summary.built == [] and sorted(summary.current) == sorted(BRIEFS)
    assert changed(before, mtimes(library)) == set()


def test_print_css_rebuilds_every_pdf_and_nothing_else(library):
    before = mtimes(library)
    css = library / "layouts" / "base" / "print.css"
    css.write_text(css.read_text() + "\n/* a designer's edit */\n")
    run(library)
    rebuilt = changed(before, mtimes(library))
    assert {f"{slug}/{slug}.pdf" for slug in BRIEFS} <= rebuilt
    assert not any(path.endswith((".epub", "index.html")) and "/" in path for path in rebuilt - {"index.html"})


def test_editing_an_image_rebuilds_only_its_brief(library):
    before = mtimes(library)
    figure = library / "briefs" / "rome-statute-in-us-case-law" / "figures" / "timeline.svg"
    figure.write_text(figure.read_text().replace("Rome Statute adopted", "Rome Statute adopted in Rome"))
    summary = run(library)
    assert summary.built == ["rome-statute-in-us-case-law"]
    rebuilt = changed(before, mtimes(library))
    assert {path.split("/")[0] for path in rebuilt if "/" in path} == {"rome-statute-in-us-case-law"}


def test_changing_the_brand_rebuilds_everything(library):
    brand = library / "_brand.yml"
    brand.write_text(brand.read_text().replace('navy: "#1f3a5f"', 'navy: "#203a60"'))
    assert sorted(run(library).built) == sorted(BRIEFS)


def test_a_new_version_of_the_pipeline_rebuilds_everything(library, monkeypatch):
    monkeypatch.setattr(plan, "_code_digest", lambda: "the code after an upgrade")
    assert sorted(run(library).built) == sorted(BRIEFS)


def test_a_section_renamed_in_a_linked_brief_checks_the_link_again(library):
    (library / "briefs" / "linker.md").write_text(
        "---\ntitle: Linker\ndate: 2025-03-12\nkind: update\nsummary: Links.\n---\n\n"
        "See [the key facts](brief:icc-at-a-glance#key-facts).\n", "utf-8")
    assert run(library).built == ["linker"]
    target = library / "briefs" / "icc-at-a-glance.md"
    target.write_text(target.read_text("utf-8").replace("## Key facts", "## The facts"), "utf-8")
    summary = build(Project.at(library), Options(jobs=1))
    assert summary.built == ["icc-at-a-glance"] and summary.failed == {"linker": 1}  # checked again: broken
    assert [p.code for p in summary.problems if p.path == "briefs/linker.md"] == ["link.anchor"]


def test_deleting_an_output_rebuilds_it(library):
    pdf = library / "dist" / "icc-at-a-glance" / "icc-at-a-glance.pdf"
    pdf.unlink()
    assert run(library).built == ["icc-at-a-glance"]
    assert pdf.is_file()


def test_incremental_build_after_edits_equals_a_clean_build(library, tmp_path):
    brief = library / "briefs" / "a-case-for-conservatives.md"
    brief.write_text(brief.read_text().replace("sharpest American critics", "sharpest critics"))
    factsheet = library / "briefs" / "icc-at-a-glance.md"
    factsheet.write_text(factsheet.read_text().replace("18, elected", "Eighteen, elected"))
    css = library / "layouts" / "base" / "web.css"
    css.write_text(css.read_text() + "\n.kind { letter-spacing: 0.1em; }\n")
    run(library)
    incremental = snapshot(library)
    clean = tmp_path / "clean"
    shutil.copytree(library, clean, ignore=shutil.ignore_patterns("dist", ".handouts-cache"))
    run(clean)
    assert snapshot(clean) == incremental


def test_serial_and_parallel_builds_give_the_same_bytes(library, tmp_path):
    parallel = tmp_path / "parallel"
    shutil.copytree(library, parallel, ignore=shutil.ignore_patterns("dist", ".handouts-cache"))
    result = invoke(parallel, "build", "--jobs", "2")
    assert result.returncode == 0, result.stderr
    assert snapshot(parallel) == snapshot(library)
