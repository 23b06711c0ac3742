"""Links and anchors are checked on pandoc's AST: never in code, never in HTML rewritten for a format, and each
problem at the line of the text that makes the link."""
from __future__ import annotations

from handouts.commands.run import run_check

HEAD = '---\ntitle: "Linked"\ndate: 2025-03-12\nkind: brief\nsummary: "A brief with links of every kind."\n---\n\n'
OTHER = '---\ntitle: "About"\ndate: 2025-03-12\nkind: brief\nsummary: "x"\n---\n\n## Who we are\n\nUs.\n'


def check(project, capsys, body: str, **briefs: str) -> list[str]:
    project.brief("linked", HEAD + body)
    for slug, text in briefs.items():
        project.brief(slug, text)
    run_check(project.root)
    return capsys.readouterr().err.splitlines()


def test_code_that_shows_links_is_not_checked(project, capsys):
    body = ('## Markup\n\nWrite `<a href="#inline">` for a link.\n\n```html\n<a href="#fragment">top</a>\n'
            '[about us](../about/) [x](#nowhere)\n```\n\n    <a href="#indented">x</a>\n')
    assert check(project, capsys, body) == []


def test_a_writers_relative_link_gets_its_own_message_at_its_line(project, capsys):
    body = ("## Contact\n\n```\n[about us](../about/)\n```\n\nRead\n[about us](../about/) first.\n")
    assert check(project, capsys, body) == [
        "briefs/linked.md:15: warning: link to '../about/', which is no brief and no page of this site [link.file]",
        "  hint: link to the page's full address (https://...); link to another brief with [text](brief:slug)"]


def test_a_path_to_another_brief_says_to_name_its_slug(project, capsys):
    body = "## Contact\n\nSee [who we are](../about/#who-we-are).\n"
    assert check(project, capsys, body, about=OTHER) == [
        "briefs/linked.md:10: error: link to '../about/#who-we-are': a link to another brief names its slug "
        "[link.brief]", "  hint: write [text](brief:about#who-we-are)"]


def test_raw_html_and_reference_links_are_checked_where_they_are_written(project, capsys):
    body = ('## Start\n\nA <a href="#gone">raw link</a> and [a reference][ref].\n\n'
            '<span id="kept">kept</span> [fine](#kept) [also](#start) [top](#)\n\n[ref]: #missing\n')
    assert check(project, capsys, body) == [
        "briefs/linked.md:10: error: link to '#gone', which is not an anchor in this brief [link.anchor]",
        "  hint: give the heading an id: ## Heading {#gone}, or correct the link",
        "briefs/linked.md:14: error: link to '#missing', which is not an anchor in this brief [link.anchor]",
        "  hint: give the heading an id: ## Heading {#missing}, or correct the link"]


def test_a_brief_link_is_never_taken_for_a_writers_path(project, capsys):
    body = "## Contact\n\nSee [who we are](brief:about#who-we-are) and [them](brief:abuot).\n"
    assert check(project, capsys, body, about=OTHER) == [
        "briefs/linked.md:10: error: link to brief 'abuot', which does not exist [link.brief]",
        "  hint: write [text](brief:other-slug) with the slug of a brief in briefs/ (did you mean 'about'?)"]


def test_a_heading_that_calls_notes_is_named_by_its_text_alone(project, capsys):
    """#article-8-war-crimes, not #article-8-war-crimesn2n3: a link to a section survives a note added to its
    heading, and a link written to the old id is reported."""
    body = ("## Article 8: War crimes[^n2][^n3]\n\n## Article 9 [^n4]\n\n## Scope[^n5] {#scope-of-work}\n\n"
            "See [war crimes](#article-8-war-crimes), [elements](#article-9), [scope](#scope-of-work) and "
            "[the old id](#article-8-war-crimesn2n3).\n\n[^n2]: Two.\n[^n3]: Three.\n[^n4]: Four.\n[^n5]: Five.\n")
    said = check(project, capsys, body)
    assert [line for line in said if line.startswith("briefs/")] == [
        "briefs/linked.md:14: error: link to '#article-8-war-crimesn2n3', which is not an anchor in this brief "
        "[link.anchor]"], said
