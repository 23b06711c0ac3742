"""Every kind of front-matter problem is reported with file:line:col, a code and a hint, and nothing else breaks."""
from __future__ import annotations

import pytest

from handouts.load.brief import load_brief
from handouts.load.discover import discover, find
from handouts.project import Project


def problems_of(project, name: str, text: str | bytes) -> list[str]:
    project.write(f"briefs/{name}.md", text)
    p = Project.at(project.root)
    found = find(p)
    rendered = [x.render() for x in found.problems]
    for source in found.misnamed + found.sources:  # as `invoke check` does
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
        ["briefs/duplicate-key.md:4:1: error: duplicate key 'title' (first on line 2) [yaml.duplicate-key]\n"
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
         "[brief.lang]\n  hint: write `lang: en` (the language tag of English)"],
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
    'title-list': (
        '---\ntitle: [Draft] Report\n---\n',
        ["briefs/title-list.md:2:16: error: text goes on after a closing bracket: [ and { begin a list or a set of keys [yaml.syntax]\n"
         "  hint: put the value in quotes: `title: '[Draft] Report'`"],
    ),
    'authors-one-mapping': (
        '---\ntitle: T\ndate: 2025-03-12\nkind: brief\nsummary: Hi.\nauthors: {name: Jane, affilation: X}\n---\n',
        ["briefs/authors-one-mapping.md:6:23: error: unknown author key 'affilation' (did you mean 'affiliation'?) [brief.unknown-key]\n"
         "  hint: an author has 'name' and, optionally, 'affiliation'"],
    ),
    'authors-empty': (
        '---\ntitle: T\ndate: 2025-03-12\nkind: brief\nsummary: Hi.\nauthors:\n---\n',
        ["briefs/authors-empty.md:6:9: error: 'authors' is empty [brief.authors]\n"
         "  hint: write `authors: [a, b]` or remove the line"],
    ),
    'authors-no-name': (
        '---\ntitle: T\ndate: 2025-03-12\nkind: brief\nsummary: Hi.\nauthors: [{affiliation: Research}]\n---\n',
        ['briefs/authors-no-name.md:6:11: error: an author needs a \'name\' [brief.authors]\n'
         '  hint: write `{name: "Jane Doe"}`'],
    ),
    'tags-key': (
        '---\ntitle: T\ndate: 2025-03-12\nkind: brief\nsummary: Hi.\ntags: [a, b]\n---\n',
        ["briefs/tags-key.md:6:1: error: unknown key 'tags' (did you mean 'topics'?) [brief.unknown-key]\n"
         "  hint: rename it to 'topics'"],
    ),
    'draft-key': (
        '---\ntitle: T\ndate: 2025-03-12\nkind: brief\nsummary: Hi.\ndraft: true\n---\n',
        ["briefs/draft-key.md:6:1: error: unknown key 'draft' (did you mean 'status'?) [brief.unknown-key]\n"
         "  hint: write `status: draft` (or `status: published`)"],
    ),
    'tab-in-topics': (
        '---\ntitle: T\ndate: 2025-03-12\nkind: brief\nsummary: Hi.\ntopics: us-policy\tcongress\n---\n',
        ['briefs/tab-in-topics.md:6:18: error: tab character in a value [yaml.tab]\n'
         '  hint: replace the tab with a space (and separate the items of a list with commas: [a, b])'],
    ),
    'slash-date': (
        '---\ntitle: T\ndate: 2025/03/12\nkind: brief\nsummary: Hi.\n---\n',
        ["briefs/slash-date.md:3:7: error: 'date' must be YYYY-MM-DD, got '2025/03/12' [brief.date]\n"
         "  hint: write `date: 2025-03-12`"],
    ),
    'words-date': (
        '---\ntitle: T\ndate: March 12, 2025\nkind: brief\nsummary: Hi.\n---\n',
        ["briefs/words-date.md:3:7: error: 'date' must be YYYY-MM-DD, got 'March 12, 2025' [brief.date]\n"
         "  hint: write `date: 2025-03-12`"],
    ),
    'empty-date': (
        '---\ntitle: T\ndate:\nkind: brief\nsummary: Hi.\n---\n',
        ["briefs/empty-date.md:3:6: error: 'date' is empty [brief.date]\n"
         "  hint: write `date: YYYY-MM-DD`, the publication date"],
    ),
    'lang-name': (
        '---\ntitle: T\ndate: 2025-03-12\nkind: brief\nsummary: Hi.\nlang: en_GB\n---\n',
        ["briefs/lang-name.md:6:7: error: 'lang' must be a language tag such as en-US or fr, got 'en_GB' [brief.lang]\n"
         "  hint: write `lang: en-GB`"],
    ),
    'toc-quoted-yes': (
        '---\ntitle: T\ndate: 2025-03-12\nkind: brief\nsummary: Hi.\ntoc: "yes"\n---\n',
        ["briefs/toc-quoted-yes.md:6:6: error: 'toc' must be true or false, got 'yes' [brief.toc]\n"
         "  hint: write `toc: true` or `toc: false`"],
    ),
    'paper-capital': (
        '---\ntitle: T\ndate: 2025-03-12\nkind: brief\nsummary: Hi.\npaper: A4\n---\n',
        ["briefs/paper-capital.md:6:8: error: 'paper' must be one of letter, a4; got 'A4' (did you mean 'a4'?) [brief.paper]\n"
         "  hint: write `paper: a4`"],
    ),
    'format-unknown': (
        '---\ntitle: T\ndate: 2025-03-12\nkind: brief\nsummary: Hi.\nformats: [pdf, odt]\n---\n',
         ["briefs/format-unknown.md:6:16: error: 'formats' must be one of html, pdf, epub, docx, email; got 'odt' [brief.formats]\n"
          "  hint: write one of: html, pdf, epub, docx, email"],
    ),
    'source-no-scheme': (
        '---\ntitle: T\ndate: 2025-03-12\nkind: brief\nsummary: Hi.\nsource: www.icc-cpi.int\n---\n',
        ["briefs/source-no-scheme.md:6:9: error: 'source' must be a web address (http:// or https://), got 'www.icc-cpi.int' [brief.source]\n"
         "  hint: write `source: https://www.icc-cpi.int`"],
    ),
    'no-colon': (
        '---\ntitle The case\ndate: 2025-03-12\nkind: brief\nsummary: Hi.\n---\n',
        ["briefs/no-colon.md:2:1: error: no ':' after the key 'title' [yaml.syntax]\n  hint: write `title: The case`"],
    ),
    'indented-key': (
        '---\ntitle: T\n date: 2025-03-12\nkind: brief\nsummary: Hi.\n---\n',
        ["briefs/indented-key.md:3:1: error: 'date' is indented, but the line before does not end with ':' [yaml.syntax]\n"
         "  hint: start the key at the beginning of the line; indent only the lines under a key that ends with ':'"],
    ),
    'quote-in-quotes': (
        '---\ntitle: "The "Hague" case"\ndate: 2025-03-12\nkind: brief\nsummary: Hi.\n---\n',
        ['briefs/quote-in-quotes.md:2:14: error: text goes on after the closing quote mark [yaml.unclosed-quote]\n'
         '  hint: put the whole value in single quotes, with each \' in it written \'\': `title: \'The "Hague" case\'`'],
    ),
    "no-formats": (
        "---\ntitle: T\ndate: 2025-03-12\nkind: brief\nsummary: Hi.\nformats: []\n---\n",
        ["briefs/no-formats.md:6:10: error: 'formats' is empty: the brief would be built in no format [brief.formats]\n"
          "  hint: write `formats: [html, pdf, epub, docx, email]`, or remove the line for the kind's usual ones"],
    ),
    "duplicate-and-bad-date": (
        "---\ntitle: T\ndate: 2025-02-30\ntitle: U\nkind: brief\nsummary: Hi.\n---\n",
        ["briefs/duplicate-and-bad-date.md:4:1: error: duplicate key 'title' (first on line 2) [yaml.duplicate-key]\n"
         "  hint: keep one of the two",
         "briefs/duplicate-and-bad-date.md:3:7: error: 'date' is not a real date: '2025-02-30' [brief.date]\n"
         "  hint: check the month (01-12) and the day of the month"],
    ),
    "empty-fields": (
        "---\ntitle:\ndate: 2025-03-12\nkind: brief\nsummary: ''\nsubtitle:\n---\n",
        ["briefs/empty-fields.md:2:7: error: 'title' is empty [brief.title]\n  hint: write `title: \"...\"`",
         "briefs/empty-fields.md:6:10: error: 'subtitle' is empty [brief.subtitle]\n"
         "  hint: write `subtitle: \"...\"` or remove the line",
         "briefs/empty-fields.md:5:10: error: 'summary' is empty [brief.summary]\n  hint: write `summary: \"...\"`"],
    ),
    "authors-malformed": (
        "---\ntitle: T\ndate: 2025-03-12\nkind: brief\nsummary: Hi.\nauthors:\n  -\n  - [Jane, Pat]\n"
        "  - {name: [Jane]}\n---\n",
        ["briefs/authors-malformed.md:7:4: error: an author is empty [brief.authors]\n"
         "  hint: write the name after the '-', or remove the line",
         "briefs/authors-malformed.md:8:5: error: an author is a name or {name: ..., affiliation: ...} "
         "[brief.authors]\n  hint: write each author as \"Jane Doe\" or {name: \"Jane Doe\", affiliation: \"Research\"}",
         "briefs/authors-malformed.md:9:12: error: 'name' must be text, got a list [brief.authors]\n"
         "  hint: write `name: \"...\"`, in quotes: [ and { begin a list or a set of keys"],
    ),
    "Bad_Slug": (
        "---\ntitle: [a, b]\ndate: 2025-02-30\nkind: brief\nsummary: Hi.\n---\n",
        ["briefs/Bad_Slug.md: error: 'Bad_Slug' is not a valid slug (lowercase letters, digits, hyphens) "
         "[brief.slug]\n  hint: rename it to 'bad-slug.md'",
         "briefs/Bad_Slug.md:2:8: error: 'title' must be text, got a list [brief.title]\n"
         "  hint: write `title: \"...\"`, in quotes: [ and { begin a list or a set of keys",
         "briefs/Bad_Slug.md:3:7: error: 'date' is not a real date: '2025-02-30' [brief.date]\n"
         "  hint: check the month (01-12) and the day of the month"],
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
    assert brief.toc is True and brief.lang == "en-US" and brief.formats == ("html", "pdf", "epub", "docx")
    assert [(a.name, a.affiliation) for a in brief.authors] == [("Jane Doe", None), ("Pat Roe", "Research")]
    assert brief.lines["authors"] == 6


def test_what_is_in_briefs_but_not_a_brief_is_named(project, capsys):
    from handouts.commands.run import run_check

    good = "---\ntitle: T\ndate: 2025-03-12\nkind: brief\nsummary: Hi.\n---\nText.\n"
    project.write("briefs/no-index/brief.md", good)
    project.write("briefs/figures/chart.png", b"\x89PNG")
    project.write("briefs/notes.markdown", good)
    project.write("briefs/_drafts/idea.md", "not a brief")
    project.brief("twice", good, bundle=True)
    project.brief("twice", good.replace("2025-03-12", "2025/03/12"))
    assert run_check(project.root) == 1
    assert capsys.readouterr().err.splitlines() == [
        "briefs/figures/: error: a brief bundle needs an index.md; this folder has none [brief.no-index]",
        "  hint: name the brief's file briefs/figures/index.md, or the folder _figures to keep it out of the build",
        "briefs/no-index/: error: a brief bundle needs an index.md; this folder has none [brief.no-index]",
        "  hint: rename briefs/no-index/brief.md to briefs/no-index/index.md",
        "briefs/notes.markdown: error: a brief's file name ends in .md, not .markdown [brief.suffix]",
        "  hint: rename it to 'notes.md'",
        "briefs/twice.md: error: two briefs are named 'twice' [brief.slug-clash]",
        "  hint: keep either briefs/twice.md or briefs/twice/index.md",
        "briefs/twice.md:3:7: error: 'date' must be YYYY-MM-DD, got '2025/03/12' [brief.date]",
        "  hint: write `date: 2025-03-12`",
    ]


def test_bundle_files_not_found_say_where_they_were_looked_for(project, capsys):
    from handouts.commands.run import run_check

    project.brief("bundle", "---\ntitle: T\ndate: 2025-03-12\nkind: brief\nsummary: Hi.\ncover: cover.svg\n"
                  "bibliography: refs.json\n---\nText.\n", bundle=True)
    project.write("briefs/bundle/figures/cover.svg", '<svg xmlns="http://www.w3.org/2000/svg"/>')
    project.write("briefs/bundle/references.json", "[]")
    project.write("briefs/Odd Name.MD", "---\ntitle: T\ndate: 2025-03-12\nkind: brief\nsummary: Hi.\n---\n")
    assert run_check(project.root) == 1
    assert capsys.readouterr().err.splitlines() == [
        "briefs/Odd Name.MD: error: a brief's file name ends in .md, not .MD [brief.suffix]",
        "  hint: rename it to 'odd-name.md'",
        "briefs/bundle/index.md:6:8: error: 'cover' file not found: 'cover.svg' (looked for briefs/bundle/cover.svg) "
        "[brief.cover]",
        "  hint: did you mean 'figures/cover.svg'? the path is relative to briefs/bundle/",
        "briefs/bundle/index.md:7:15: error: 'bibliography' file not found: 'refs.json' (looked for "
        "briefs/bundle/refs.json) [brief.bibliography]",
        "  hint: did you mean 'references.json'? the path is relative to briefs/bundle/",
    ]


def test_a_brief_pickles_whole_with_its_lines_and_extra_frozen_all_the_way_down(project):
    import pickle

    project.write("briefs/pickled.md", "---\ntitle: T\ndate: 2025-03-12\nkind: brief\nsummary: Hi.\n"
                  "extra:\n  partners: [a, b]\n  contact: {name: N}\n---\nBody\n")
    p = Project.at(project.root)
    brief, problems = load_brief(next(s for s in discover(p)[0] if s.slug == "pickled"), p)
    again = pickle.loads(pickle.dumps(brief))
    assert problems == [] and again == brief and hash(again) == hash(brief)
    assert (again.lines["extra"], again.extra["partners"], again.extra["contact"]["name"]) == (6, ("a", "b"), "N")
    with pytest.raises(TypeError):
        again.extra["contact"]["name"] = "M"
