"""The validation gate (issue 10): `invoke validate` passes on the samples and fails naming each broken file."""
from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO, SAMPLES, copy_project, invoke

from handouts.validators import Tools, validate
from handouts.validators.table import rows

FINDING = re.compile(r"^(?P<file>\S+): (?P<severity>error|warning): .* \[(?P<tool>\S+) (?P<rule>\S+)\]$", re.M)


def findings(output: str) -> set[tuple[str, str, str]]:
    """(file, tool, rule) of every failure `invoke validate` printed."""
    return {(m["file"], m["tool"], m["rule"]) for m in FINDING.finditer(output)}


def test_missing_programs_are_failures_that_say_what_to_install(tmp_path):
    dist = tmp_path / "dist"
    (dist / "brief").mkdir(parents=True)
    (dist / "index.html").write_text("<!DOCTYPE html><html lang=en><title>x</title></html>", "utf-8")
    (dist / "brief" / "brief.epub").write_bytes(b"not a zip")
    validation = validate(dist, ("html", "epub"), Tools(java=None, chromium=None, node_modules=None))
    missing = {r.tool: r.message for r in validation.results if r.rule == "tool.missing"}
    assert set(missing) == {"vnu", "epubcheck", "axe"}
    assert all(r.file == "-" and r.fails for r in validation.results if r.rule == "tool.missing")
    assert "apt-get install default-jre-headless" in missing["epubcheck"]
    assert "pip install" in missing["axe"] or "chromium" in missing["axe"]
    assert ("brief/brief.epub", "opf.unreadable") in {(r.file, r.rule) for r in validation.results}
    assert ("index.html", "vnu", "NOT RUN") in rows(validation)  # never "ok" for a check that did not run


def test_unknown_kind_is_a_usage_error(tmp_path):
    shutil.copy(REPO / "tasks.py", tmp_path / "tasks.py")
    result = invoke(tmp_path, "validate", "--only", "docx")
    assert result.returncode == 2 and "[validate.only]" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.slow
def test_samples_pass_every_validator(samples):
    result = invoke(samples, "validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert findings(result.stdout) == set()
    assert re.search(r"^validated \d+ files: all passed", result.stdout, re.M), result.stdout
    for slug in SAMPLES:  # every format of every brief is in the table, with each of its tools
        for name, tools in ((f"{slug}/index.html", ("vnu", "axe")), (f"{slug}/{slug}.pdf", ("pdf", "pdfua")),
                            (f"{slug}/{slug}.epub", ("epubcheck", "axe", "opf"))):
            for tool in tools:
                assert re.search(rf"^{re.escape(name)}\s+{tool}\s+ok", result.stdout, re.M), (name, tool)


FRENCH_FACT_SHEET = """\
---
title: "La Cour pénale internationale en bref"
date: 2025-05-02
kind: factsheet
summary: "Une fiche en français, avec un passage en anglais et une liste."
lang: fr
---

## Ce que fait la Cour

La Cour juge les personnes accusées des crimes les plus graves.

> [The Court shall be a permanent institution]{lang=en}, dit l’article premier.

- Génocide
- Crimes contre l’humanité

Un terme
:   Sa définition.
"""


@pytest.mark.slow
def test_other_well_formed_briefs_pass(tmp_path):
    """The golden fixture (figure, table, citation, Arabic passage) and a French fact sheet quoting English."""
    root = copy_project(tmp_path / "project", briefs=())
    shutil.copytree(FIXTURES / "golden" / "briefs" / "golden-sample", root / "briefs" / "golden-sample")
    (root / "briefs" / "la-cour.md").write_text(FRENCH_FACT_SHEET, "utf-8")
    built = invoke(root, "build")
    assert built.returncode == 0, built.stdout + built.stderr
    result = invoke(root, "validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"^validated 7 files: all passed", result.stdout, re.M), result.stdout


@pytest.mark.slow
def test_broken_outputs_fail_naming_each_file_and_rule(samples, tmp_path):
    root = tmp_path / "broken"
    root.mkdir()
    shutil.copy(REPO / "tasks.py", root / "tasks.py")
    dist = root / "dist"
    # Three small briefs are enough (the Rome Statute would only make the test slower).
    for slug in ("icc-at-a-glance", "a-case-for-conservatives", "ukraine-joins-the-court"):
        shutil.copytree(samples / "dist" / slug, dist / slug)
    shutil.copytree(samples / "dist" / "assets", dist / "assets")
    _drop_language(dist / "icc-at-a-glance" / "icc-at-a-glance.epub")
    page = dist / "a-case-for-conservatives" / "index.html"
    page.write_text(page.read_text("utf-8").replace("</main>", '<p id="content">again</p></div></main>'), "utf-8")
    pdf = dist / "ukraine-joins-the-court" / "ukraine-joins-the-court.pdf"
    pdf.write_bytes(pdf.read_bytes()[: pdf.stat().st_size // 2])

    result = invoke(root, "validate")
    assert result.returncode == 1, result.stdout + result.stderr
    found = findings(result.stdout)
    assert {file for file, _, _ in found} == {"icc-at-a-glance/icc-at-a-glance.epub",
                                              "a-case-for-conservatives/index.html",
                                              "ukraine-joins-the-court/ukraine-joins-the-court.pdf"}, result.stdout
    assert {("icc-at-a-glance/icc-at-a-glance.epub", "epubcheck", "RSC-005"),
            ("icc-at-a-glance/icc-at-a-glance.epub", "opf", "opf.dc-language"),
            ("a-case-for-conservatives/index.html", "vnu", "html.duplicate-id"),
            ("a-case-for-conservatives/index.html", "vnu", "html.stray-end-tag"),
            ("ukraine-joins-the-court/ukraine-joins-the-court.pdf", "pdf", "pdf.unreadable")} <= found, result.stdout
    assert re.search(r"^validated \d+ files: \d+ problems in 3 files", result.stdout, re.M), result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def _drop_language(book: Path) -> None:
    """The book rewritten with its OPF lacking dc:language, everything else as it was."""
    with zipfile.ZipFile(book) as archive:
        items = [(info, archive.read(info.filename)) for info in archive.infolist()]
    with zipfile.ZipFile(book, "w") as archive:
        for info, data in items:
            if info.filename.endswith(".opf"):
                data = re.sub(rb"\s*<dc:language>[^<]*</dc:language>", b"", data)
            archive.writestr(info, data)
