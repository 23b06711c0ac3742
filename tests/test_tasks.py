"""new, check, clean and the build's handling of unsafe content, through the same functions the tasks call."""
from __future__ import annotations

import datetime as dt

import pytest

from handouts.load.brief import load_brief
from handouts.build.run import Options, build
from handouts.commands.run import run_build, run_check, run_clean, run_new
from handouts.load.discover import discover
from handouts.problems import UserProblem
from handouts.project import Project
from handouts.commands.scaffold import new_brief

GOOD = "---\ntitle: T\ndate: 2025-03-12\nkind: brief\nsummary: x\n---\n"


def problem_lines(err: str) -> list[str]:
    """stderr without the progress lines ('[1/2] slug: html 0.1 s')."""
    return [line for line in err.splitlines() if not line.startswith("[")]


def test_new_brief_is_valid_and_builds(project, capsys):
    assert run_new(project.root, "Crimes Against Humanity: Why Now?") == 0
    out = capsys.readouterr().out
    assert out.startswith("created briefs/crimes-against-humanity-why-now.md\n")
    p = Project.at(project.root)
    (source,), _ = discover(p)
    brief, problems = load_brief(source, p)
    assert problems == [] and brief.title == "Crimes Against Humanity: Why Now?"
    assert brief.date == dt.date.today() and brief.status == "draft"
    assert run_build(project.root, drafts=True) == 0
    assert project.dist("crimes-against-humanity-why-now/index.html").is_file()


def test_new_refuses_to_overwrite(project):
    new_brief(Project.at(project.root), "Same Title", bundle=True)
    with pytest.raises(UserProblem) as caught:
        new_brief(Project.at(project.root), "Same title")
    assert caught.value.problem.render() == (
        "briefs/same-title/index.md: error: a brief with this slug exists already [new.exists]\n"
        "  hint: choose another title (or --slug), or edit the existing brief")


def test_check_reports_without_rendering(project, capsys):
    project.brief("typo", "---\ntitle: T\ndate: 2025-03-12\nkind: brief\nsumary: x\n---\n")
    assert run_check(project.root) == 1
    captured = capsys.readouterr()
    assert "briefs/typo.md:5:1: error: unknown key 'sumary' (did you mean 'summary'?)" in captured.err
    assert captured.out.startswith("checked 1 brief: 2 errors, 0 warnings")
    assert not project.dist("").exists()


def test_clean_removes_dist_and_cache_only(project):
    project.brief("one", "---\ntitle: T\ndate: 2025-03-12\nkind: brief\nsummary: x\n---\nText.\n")
    assert run_build(project.root) == 0
    assert project.dist("one/index.html").is_file() and (project.root / ".handouts-cache").is_dir()
    assert run_clean(project.root) == 0
    assert not project.dist("").exists() and not (project.root / ".handouts-cache").exists()
    assert (project.root / "briefs" / "one.md").is_file()


def test_unknown_format_is_a_usage_error(project, capsys):
    assert run_build(project.root, formats="odt") == 2
    assert "error: unknown format(s): odt [build.formats]" in capsys.readouterr().err


def test_raw_html_is_sanitized_and_reported(project):
    project.brief("hostile", """\
        ---
        title: "Hostile"
        date: 2025-03-12
        kind: brief
        summary: "Raw HTML that must not survive."
        ---

        Fine text.

        <script>alert('x')</script>

        [click](javascript:alert(1)){onclick="steal()"}

        <iframe src="https://example.org"></iframe>
        """)
    summary = build(Project.at(project.root), Options(formats=("html",)))
    assert summary.built == ["hostile"]
    html = project.dist("hostile/index.html").read_text()
    for needle in ("<script", "javascript:", "onclick", "<iframe"):
        assert needle not in html
    assert [p.code for p in summary.problems] == ["html.sanitized"] * 4


def test_images_outside_the_bundle_are_errors(project, capsys):
    project.write("secret.png", b"\x89PNG")
    project.brief("sneaky", """\
        ---
        title: "Sneaky"
        date: 2025-03-12
        kind: brief
        summary: "Images from everywhere."
        ---

        ![a](../../secret.png)

        ![b](https://example.org/b.png)

        ![c](figures/missing.png)
        """, bundle=True)
    assert run_build(project.root) == 1
    err = capsys.readouterr().err
    assert ("briefs/sneaky/index.md:8: error: image '../../secret.png' is outside the brief's folder and assets/ "
            "[resource.outside]") in err
    assert ("briefs/sneaky/index.md:10: error: remote image 'https://example.org/b.png' is not fetched "
            "[resource.remote]\n  hint: download it into the brief's folder") in err
    assert ("briefs/sneaky/index.md:12: error: image not found: 'figures/missing.png' "
            "(looked for briefs/sneaky/figures/missing.png) [resource.missing]") in err
    assert not project.dist("sneaky/secret.png").exists()


def test_check_only_an_unknown_slug_is_an_error_as_in_build(project, capsys):
    project.brief("one-brief", GOOD + "Text.\n")
    assert run_check(project.root, only="one-brif") == 1
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        "briefs/: error: no brief named 'one-brif' (did you mean 'one-brief'?) [build.only]",
        "  hint: give slugs as in briefs/<slug>.md, separated by commas"]
    assert captured.out.startswith("checked 0 briefs: 1 error, 0 warnings")


def test_new_with_a_title_without_latin_letters_asks_for_a_slug(project, capsys):
    with pytest.raises(SystemExit) as exited:
        run_new(project.root, "العدالة الدولية")
    assert exited.value.code == 2
    assert capsys.readouterr().err.splitlines() == [
        "invoke new: error: the title 'العدالة الدولية' gives no file name: it has no Latin letters or digits "
        "[new.slug]",
        "  hint: give one with --slug, e.g. --slug icc-justice (lowercase letters, digits and hyphens)"]
    assert list((project.root / "briefs").iterdir()) == []


def test_new_with_a_slug(project, capsys):
    assert run_new(project.root, "العدالة الدولية", slug="international-justice") == 0
    assert capsys.readouterr().out.startswith("created briefs/international-justice.md\n")
    text = (project.root / "briefs" / "international-justice.md").read_text("utf-8")
    assert 'title: "العدالة الدولية"' in text and "lang:" not in text


def test_new_refuses_a_slug_that_is_not_one(project):
    with pytest.raises(UserProblem) as caught:
        new_brief(Project.at(project.root), "Title", slug="Justice Now")
    assert caught.value.problem.render() == (
        "invoke new: error: 'Justice Now' is not a slug: use lowercase letters, digits and hyphens [new.slug]\n"
        "  hint: write --slug justice-now")


def test_warnings_of_up_to_date_briefs_are_said_again_and_fail_strict(project, capsys):
    project.brief("hostile", GOOD + "Fine text.\n\n<script>alert('x')</script>\n")
    project.brief("quiet", GOOD + "Fine text.\n")
    assert run_build(project.root, formats="html,pdf") == 0
    first = capsys.readouterr()
    expected = ["briefs/hostile.md:9: warning: removed <script> element from the brief's HTML [html.sanitized]",
                "  hint: raw HTML may not run scripts, load files or embed pages"]
    assert problem_lines(first.err) == expected
    assert first.out.splitlines()[-1] == "built 2, up to date 0, failed 0"
    assert run_build(project.root, formats="html,pdf") == 0
    again = capsys.readouterr()
    assert problem_lines(again.err) == expected
    assert again.out.splitlines()[-1] == "built 0, up to date 2, failed 0"
    assert run_build(project.root, formats="html,pdf", strict=True) == 1
    assert problem_lines(capsys.readouterr().err) == expected
    # One format rebuilt, the other up to date: still said once.
    assert run_build(project.root, formats="html", force=True) == 0
    assert problem_lines(capsys.readouterr().err) == expected
    project.brief("hostile", GOOD + "Fine text.\n")
    assert run_build(project.root, formats="html,pdf") == 0
    assert problem_lines(capsys.readouterr().err) == []
    assert run_build(project.root, formats="html,pdf") == 0
    assert problem_lines(capsys.readouterr().err) == []


def test_a_draft_asked_for_without_drafts_is_said_to_be_skipped(project, capsys):
    project.brief("wip", GOOD.replace("summary: x\n", "summary: x\nstatus: draft\n") + "Text.\n")
    project.brief("done", GOOD + "Text.\n")
    assert run_build(project.root, only="wip", formats="html") == 0
    captured = capsys.readouterr()
    assert problem_lines(captured.err) == [
        "briefs/wip.md:6:1: warning: 'wip' is a draft: not built [build.draft]",
        "  hint: add --drafts to build it (drafts are never listed in the catalogue)"]
    assert captured.out.splitlines()[-1] == "built 0, up to date 0, failed 0 (1 draft skipped: --drafts builds them)"
    assert run_build(project.root, formats="html") == 0
    captured = capsys.readouterr()
    assert problem_lines(captured.err) == []
    assert captured.out.splitlines()[-1] == "built 1, up to date 0, failed 0 (1 draft skipped: --drafts builds them)"
    assert run_build(project.root, only="wip", formats="html", drafts=True) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "built 1, up to date 0, failed 0"
