"""A build removes from dist/ what no brief makes any more, and each old slug a brief lists under `aliases:`
gets a page sending readers (and the QR codes already printed) to the brief; the catalogue keeps one card."""
from __future__ import annotations

import json

from bs4 import BeautifulSoup

from handouts.build.run import Options, build
from handouts.commands.run import run_check
from handouts.project import Project

BRIEF = '---\ntitle: "{title}"\ndate: 2025-03-12\nkind: update\nsummary: "An update."\n{extra}---\n\nText.\n'


def test_a_renamed_brief_leaves_a_redirect_at_its_old_address_and_nothing_else(project):
    p = Project.at(project.root)
    old = project.brief("icc-at-20", BRIEF.format(title="The Court at 20", extra=""))
    assert build(p, Options(formats=("html", "pdf"), jobs=1)).built == ["icc-at-20"]
    assert project.dist("icc-at-20/icc-at-20.pdf").is_file()
    old.unlink()
    project.brief("the-court-at-twenty", BRIEF.format(title="The Court at Twenty", extra="aliases: [icc-at-20]\n"))
    summary = build(p, Options(formats=("html", "pdf"), jobs=1))
    assert summary.built == ["the-court-at-twenty"] and summary.problems == [], [x.render() for x in summary.problems]

    assert sorted(path.name for path in project.dist("icc-at-20").iterdir()) == ["index.html"]  # no old PDF
    page = BeautifulSoup(project.dist("icc-at-20/index.html").read_text(), "html.parser")
    assert page.find("meta", attrs={"http-equiv": "refresh"})["content"] == "0; url=../the-court-at-twenty/"
    assert page.find("link", rel="canonical")["href"] == "https://handouts.example.org/the-court-at-twenty/"
    assert page.find("a", href="../the-court-at-twenty/").get_text() == "The Court at Twenty"
    catalog = json.loads(project.dist("catalog.json").read_text())
    assert [entry["slug"] for entry in catalog["briefs"]] == ["the-court-at-twenty"]
    cards = BeautifulSoup(project.dist("index.html").read_text(), "html.parser")
    assert "The Court at 20" not in cards.get_text() and cards.get_text().count("The Court at Twenty") >= 1


def test_a_deleted_brief_is_removed_from_dist(project):
    p = Project.at(project.root)
    gone = project.brief("gone", BRIEF.format(title="Gone", extra=""))
    project.brief("kept", BRIEF.format(title="Kept", extra=""))
    build(p, Options(formats=("html",), jobs=1))
    gone.unlink()
    build(p, Options(formats=("html",), jobs=1, only=("kept",)))
    assert not project.dist("gone").exists() and project.dist("kept/index.html").is_file()
    assert project.dist("assets/handouts.css").is_file()
    manifest = json.loads((project.root / ".handouts-cache" / "manifest.json").read_text())
    assert not [key for key in manifest if key.startswith("gone/")]


def test_an_alias_that_is_another_briefs_slug_is_said_and_makes_no_page(project, capsys):
    project.brief("first", BRIEF.format(title="First", extra=""))
    project.brief("second", BRIEF.format(title="Second", extra="aliases: [first, old-second]\n"))
    assert run_check(project.root, strict=True) == 1
    assert capsys.readouterr().err.splitlines()[:2] == [
        "briefs/second.md:6: warning: alias 'first' is the slug of brief 'first': no page is made for it "
        "[brief.aliases]", "  hint: an old address can send readers to one brief only: remove the alias"]
    build(Project.at(project.root), Options(formats=("html",), jobs=1))
    assert "First" in project.dist("first/index.html").read_text()  # the brief's own page, not a redirect
    assert "moved" in project.dist("old-second/index.html").read_text()


def test_an_alias_must_be_a_slug_other_than_the_briefs_own(project, capsys):
    project.brief("renamed", BRIEF.format(title="Renamed", extra="aliases: [Old Name, renamed]\n"))
    assert run_check(project.root) == 1
    assert capsys.readouterr().err.splitlines()[:4] == [
        "briefs/renamed.md:6:11: error: alias 'Old Name' is not a slug (lowercase letters, digits, hyphens) "
        "[brief.aliases]", "  hint: write the old slug as it was in briefs/: 'old-name'",
        "briefs/renamed.md:6:21: error: alias 'renamed' is the brief's own slug [brief.aliases]",
        "  hint: list only the slugs the brief had before it was renamed"]
