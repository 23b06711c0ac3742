"""Every kind of front-matter problem is reported with file:line:col, a code and a hint, and nothing else breaks."""
from __future__ import annotations

import pytest

from handouts.brief import load_brief
from handouts.discover import discover
from handouts.project import Project


def problems_of(project, name: str, text: str | bytes) -> list[str]:
    project.write(f"briefs/{name}.md", text)
    p = Project.at(project.root)
    sources, discovered = discover(p)
    rendered = [x.render() for x in discovered]
    for source in sources:
        _brief, problems = load_brief(source, p)
        rendered += [x.render() for x in problems]
    return rendered


CASES = {
    "yaml-colon": (
        "---\ntitle: Why: the case\ndate: 2025-03-12\n---\n",
        ["briefs/yaml-colon.md:2:11: error: YAML syntax error: mapping values are not allowed here [yaml.syntax]\n"
         "  hint: check quotes, colons and indentation; quote a value that contains ': ' or starts with a symbol"],
    ),
    "yaml-syntax": (
        '---\ntitle: "Unclosed\ndate: 2025-03-12\n---\n',
        ["briefs/yaml-syntax.md:2:8: error: quoted text is never closed [yaml.unclosed-quote]\n"
         "  hint: end the text with the same quote mark it starts with, on the same line"],
    ),
    "missing-title": (
        "---\ndate: 2025-03-12\nkind: brief\nsummary: Hi.\n---\nBody\n",
        ["briefs/missing-title.md:2: error: missing required field 'title' [brief.required]\n"
         '  hint: add `title: "The title of the brief"`'],
    ),
    "misspelled-key": (
        "---\ntitle: T\ndate: 2025-03-12\nkind: brief\nsummary: Hi.\nsubtitel: S\n---\n",
        ["briefs/misspelled-key.md:6:1: error: unknown key 'subtitel' (did you mean 'subtitle'?) "
         "[brief.unknown-key]\n  hint: rename it to 'subtitle'"],
    ),
    "impossible-date": (
        "---\ntitle: T\ndate: 2025-02-30\nkind: brief\nsummary: Hi.\n---\n",
        ["briefs/impossible-date.md:3:7: error: 'date' is not a real date: '2025-02-30' [brief.date]\n"
         "  hint: check the month (01-12) and the day of the month"],
    ),
    "us-date": (
        "---\ntitle: T\ndate: 12/03/2025\nkind: brief\nsummary: Hi.\n---\n",
        ["briefs/us-date.md:3:7: error: 'date' must be YYYY-MM-DD, got '12/03/2025' [brief.date]\n"
         "  hint: write `date: 2025-12-03`"],
    ),
    "unknown-kind": (
        "---\ntitle: T\ndate: 2025-03-12\nkind: breif\nsummary: Hi.\n---\n",
        ["briefs/unknown-kind.md:4:7: error: 'kind' must be one of brief, factsheet, backgrounder, update, "
         "reference; got 'breif' (did you mean 'brief'?) [brief.kind]\n  hint: write `kind: brief`"],
    ),
    "no-front-matter": (
        "# Just a heading\n\nText.\n",
        ["briefs/no-front-matter.md:1: error: no front matter: the file must start with a line '---' "
         "[brief.no-front-matter]\n  hint: add '---', the fields (title, date, kind, summary), and '---' at the top"],
    ),
    "unterminated": (
        "---\ntitle: T\ndate: 2025-03-12\n\nBody text.\n",
        ["briefs/unterminated.md:1: error: front matter is not closed: no line '---' after the first "
         "[brief.unterminated-front-matter]\n  hint: add a line '---' after the last front matter field"],
    ),
    "empty": (
        "",
        ["briefs/empty.md:1: error: file is empty [brief.empty]\n  hint: start with front matter: a line '---', "
         "'title: ...' and the other fields, then '---'"],
    ),
    "latin-1": (
        "---\ntitle: Caf\xe9\ndate: 2025-03-12\n---\n".encode("latin-1"),
        ["briefs/latin-1.md:2:11: error: not valid UTF-8: byte 0xE9 cannot be decoded [brief.encoding]\n"
         "  hint: save the file as UTF-8 (in most editors: Save As, Encoding: UTF-8)"],
    ),
    "python-tag": (
        "---\ntitle: !!python/object/apply:os.system ['touch /tmp/pwned']\ndate: 2025-03-12\n---\n",
        ["briefs/python-tag.md:2:8: error: YAML tag '!!python/object/apply:os.system' is not allowed [yaml.tag]\n"
         "  hint: remove the tag; plain values are enough"],
    ),
    "alias-bomb": (
        "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\ntitle: T\n---\n",
        ["briefs/alias-bomb.md:3:8: error: YAML aliases ('*name') are not allowed [yaml.alias]\n"
         "  hint: write the value out in full instead of referring to an anchor"],
    ),
    "tabs": (
        "---\ntitle: T\nauthors:\n\t- Jane\n---\n",
        ["briefs/tabs.md:4:1: error: tab character in YAML indentation [yaml.tab]\n"
         "  hint: indent with spaces, never tabs"],
    ),
    "duplicate-key": (
        "---\ntitle: T\ndate: 2025-03-12\ntitle: U\nkind: brief\nsummary: Hi.\n---\n",
        ["briefs/duplicate-key.md:4:1: error: duplicate key 'title' (first on line 1) [yaml.duplicate-key]\n"
         "  hint: keep one of the two"],
    ),
    "long-summary": (
        "---\ntitle: T\ndate: 2025-03-12\nkind: brief\nsummary: " + "x" * 401 + "\n---\n",
        ["briefs/long-summary.md:5:10: error: 'summary' is 401 characters long, over the limit of 400 "
         "[brief.summary]\n  hint: shorten it by 1 characters"],
    ),
    "updated-before-date": (
        "---\ntitle: T\ndate: 2025-03-12\nupdated: 2025-01-01\nkind: brief\nsummary: Hi.\n---\n",
        ["briefs/updated-before-date.md:4:10: error: 'updated' (2025-01-01) is before 'date' (2025-03-12) "
         "[brief.updated]\n  hint: 'updated' is the date of the last revision: on or after 'date'"],
    ),
    "bad-topic": (
        "---\ntitle: T\ndate: 2025-03-12\nkind: brief\nsummary: Hi.\ntopics: [US Policy]\n---\n",
        ["briefs/bad-topic.md:6:10: error: topic 'US Policy' is not a slug (lowercase letters, digits, hyphens) "
         "[brief.topics]\n  hint: write 'us-policy'"],
    ),
    "bad-lang": (
        "---\ntitle: T\ndate: 2025-03-12\nkind: brief\nsummary: Hi.\nlang: English\n---\n",
        ["briefs/bad-lang.md:6:7: error: 'lang' must be a language tag such as en-US or fr, got 'English' "
         "[brief.lang]\n  hint: write `lang: en-US` (BCP 47)"],
    ),
    "toc-not-bool": (
        "---\ntitle: T\ndate: 2025-03-12\nkind: brief\nsummary: Hi.\ntoc: yes\n---\n",
        ["briefs/toc-not-bool.md:6:6: error: 'toc' must be true or false, got 'yes' [brief.toc]\n"
         "  hint: write `toc: true` or `toc: false`"],
    ),
    "bibliography-single-file": (
        "---\ntitle: T\ndate: 2025-03-12\nkind: brief\nsummary: Hi.\nbibliography: refs.json\n---\n",
        ["briefs/bibliography-single-file.md:6:15: error: 'bibliography' needs a brief bundle: a single-file "
         "brief has no folder of its own [brief.bibliography]\n  hint: move the brief to "
         "briefs/bibliography-single-file/index.md and put the file beside it"],
    ),
    "Bad_Name": (
        "---\ntitle: T\ndate: 2025-03-12\nkind: brief\nsummary: Hi.\n---\n",
        ["briefs/Bad_Name.md: error: 'Bad_Name' is not a valid slug (lowercase letters, digits, hyphens) "
         "[brief.slug]\n  hint: rename it to 'bad-name.md'"],
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_problem_is_reported_exactly(project, name):
    text, expected = CASES[name]
    assert problems_of(project, name, text) == expected


def test_every_problem_of_a_brief_is_reported_at_once(project):
    text = "---\ntitle: 42\ndate: soon\nkind: memo\nsumary: x\n---\n"
    codes = [line.split("[")[-1].split("]")[0] for line in problems_of(project, "many", text)]
    assert codes == ["brief.unknown-key", "brief.required", "brief.date", "brief.kind"]


def test_bom_and_crlf_are_fine(project):
    text = "\ufeff---\r\ntitle: T\r\ndate: 2025-03-12\r\nkind: brief\r\nsummary: Hi.\r\n---\r\nBody\r\n"
    assert problems_of(project, "windows", text.encode("utf-8")) == []


def test_yaml_1_1_surprises_do_not_change_text_fields(project):
    project.write("briefs/norway.md", "---\ntitle: NO\ndate: 2025-03-12\nkind: brief\nsummary: 1.10\n---\n")
    p = Project.at(project.root)
    (source,), _ = discover(p)
    brief, problems = load_brief(source, p)
    assert problems == []
    assert (brief.title, brief.summary) == ("NO", "1.10")


def test_defaults_and_authors(project):
    project.write("briefs/ok.md", """\
        ---
        title: "A title"
        date: 2025-03-12
        kind: reference
        summary: "Hi."
        authors: ["Jane Doe", {name: "Pat Roe", affiliation: "Research"}]
        ---
        """)
    p = Project.at(project.root)
    (source,), _ = discover(p)
    brief, problems = load_brief(source, p)
    assert problems == []
    assert brief.toc is True and brief.lang == "en-US" and brief.formats == ("html", "pdf", "epub")
    assert [(a.name, a.affiliation) for a in brief.authors] == [("Jane Doe", None), ("Pat Roe", "Research")]
    assert brief.lines["authors"] == 6
