"""A brief made by `invoke new` and switched to published with the template's text still in it is an error."""
from __future__ import annotations

import datetime as dt

from handouts.commands.run import run_check
from handouts.project import Project
from handouts.commands.scaffold import new_brief


def test_template_text_in_a_published_brief_is_an_error_at_each_line(project, capsys):
    path = new_brief(Project.at(project.root), "Crimes Against Humanity", kind="update", today=dt.date(2025, 3, 12))
    assert run_check(project.root, strict=True) == 0  # a draft may keep it while it is written
    capsys.readouterr()
    path.write_text(path.read_text().replace("status: draft", "status: published"))
    assert run_check(project.root) == 1
    assert capsys.readouterr().err.splitlines() == [
        "briefs/crimes-against-humanity.md:5: error: the summary is still the one `invoke new` wrote [text.template]",
        "  hint: write one or two sentences on what the brief says and for whom (or set `status: draft` until it "
        "is ready)",
        "briefs/crimes-against-humanity.md:13: error: 'Write this section.' from `invoke new` is still in the text "
        "[text.template]",
        "  hint: write the section, or delete it with its heading (or set `status: draft` until it is ready)",
        "briefs/crimes-against-humanity.md:17: error: 'Write this section.' from `invoke new` is still in the text "
        "[text.template]",
        "  hint: write the section, or delete it with its heading (or set `status: draft` until it is ready)",
    ]


def test_a_published_brief_whose_writer_replaced_the_template_passes(project, capsys):
    path = new_brief(Project.at(project.root), "Done", kind="update", today=dt.date(2025, 3, 12))
    text = path.read_text().replace("status: draft", "status: published").replace(
        "Write this section.", "The Court opened its ninth investigation.\n\n```\nWrite this section.\n```")
    path.write_text(text.replace("One or two sentences for the catalogue: what this update says and for whom.",
                                 "What happened at the Court this week."))
    assert run_check(project.root) == 0, capsys.readouterr().err
