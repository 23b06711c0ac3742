"""The deep `invoke check`: every problem in a brief's body with its exact file:line, code and hint."""
from __future__ import annotations

import io
import shutil
import zipfile

from conftest import REPO, invoke

from handouts.commands.run import run_check

HEAD = """\
---
title: "Checked"
date: 2025-03-12
kind: brief
summary: "A brief with mistakes in its body."
bibliography: refs.json
---
"""

BODY = """\
## Start {#start}

See [the start](#start) and [the end](#the-end).

![](figures/chart.png)

![A chart of nothing](figures/missing.png)

As the Court held [@known; @unknown, p. 3].

A note[^a] and another[^b]. TODO: check the date.

#### Too deep

[^a]: Defined and used.
[^c]: Defined, never used.

```
TODO in code is not a marker [^z]
```
"""

PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63"
                    "f8cf00000301010018dd8db40000000049454e44ae426082")


def _tasks(project):
    shutil.copy(REPO / "tasks.py", project.root / "tasks.py")
    return project.root


def _bad_bundle(project) -> None:
    project.brief("checked", HEAD + "\n" + BODY, bundle=True)
    project.write("briefs/checked/refs.json", '[{"id": "known", "type": "legal_case", "title": "A v. B"}]')
    project.write("briefs/checked/figures/chart.png", PNG)


def test_check_names_each_problem_with_its_line(project, capsys):
    _bad_bundle(project)
    assert run_check(project.root) == 1
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        "briefs/checked/index.md:11: error: link to '#the-end', which is not an anchor in this brief [link.anchor]",
        "  hint: give the heading an id: ## Heading {#the-end}, or correct the link",
        "briefs/checked/index.md:13: warning: image 'figures/chart.png' has no alt text [image.alt]",
        "  hint: describe what it shows in its brackets: ![A chart of ...](file.png)",
        "briefs/checked/index.md:15: error: image not found: 'figures/missing.png' "
        "(looked for briefs/checked/figures/missing.png) [resource.missing]",
        "  hint: check the file name and its folder; paths are relative to briefs/checked/",
        "briefs/checked/index.md:17: error: citation key 'unknown' not in refs.json [cite.missing]",
        "  hint: did you mean 'known'? add an entry with id 'unknown' to refs.json, or correct the key",
        "briefs/checked/index.md:19: error: footnote '[^b]' is used but never defined [note.undefined]",
        "  hint: add a line `[^b]: The note's text.` below the paragraph",
        "briefs/checked/index.md:19: warning: 'TODO' marker left in the text [text.todo]",
        "  hint: finish the passage and remove the marker before publishing",
        "briefs/checked/index.md:21: warning: heading level skips from 2 to 4 [heading.skip]",
        "  hint: use ### for this heading (levels go down one at a time)",
        "briefs/checked/index.md:24: warning: footnote '[^c]' is defined but never used [note.unused]",
        "  hint: put [^c] where the note belongs, or delete the note",
    ]
    assert captured.out.startswith("checked 1 brief: 4 errors, 4 warnings (")
    assert "Traceback" not in captured.err


def test_check_through_invoke_exits_non_zero_without_traceback(project):
    _bad_bundle(project)
    result = invoke(_tasks(project), "check")
    assert result.returncode == 1
    assert "briefs/checked/index.md:15: error: image not found: 'figures/missing.png' " \
        "(looked for briefs/checked/figures/missing.png) [resource.missing]" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_warnings_fail_only_with_strict(project):
    project.brief("draft", "---\ntitle: T\ndate: 2025-03-12\nkind: brief\nsummary: x\n---\n\nTK: a figure.\n")
    assert run_check(project.root) == 0
    assert run_check(project.root, strict=True) == 1


def test_links_to_other_briefs(project, capsys):
    project.brief("target", "---\ntitle: T\ndate: 2025-03-12\nkind: brief\nsummary: x\n---\n\n## Key facts\n\nText.\n")
    project.brief("source", "---\ntitle: S\ndate: 2025-03-12\nkind: brief\nsummary: x\n---\n\n"
                  "See [the facts](brief:target#key-facts), [the brief](brief:target),\n"
                  "[a section](brief:target#gone) and [another](brief:nobody).\n")
    assert run_check(project.root) == 1
    assert capsys.readouterr().err.splitlines() == [
        "briefs/source.md:9: error: link to '#gone' in brief 'target', which has no such anchor [link.anchor]",
        "  hint: give the heading an id: ## Heading {#gone}, or correct the link",
        "briefs/source.md:9: error: link to brief 'nobody', which does not exist [link.brief]",
        "  hint: write [text](brief:other-slug) with the slug of a brief in briefs/",
    ]
    assert run_check(project.root, only="source") == 1  # the target's anchors are read even when not checked
    assert "'#gone' in brief 'target'" in capsys.readouterr().err


def test_brief_links_resolve_in_every_format(project):
    project.brief("target", "---\ntitle: T\ndate: 2025-03-12\nkind: brief\nsummary: x\n---\n\n## Key facts\n\nText.\n")
    project.brief("source", "---\ntitle: S\ndate: 2025-03-12\nkind: brief\nsummary: x\n---\n\n"
                  "See [the facts](brief:target#key-facts).\n")
    result = invoke(_tasks(project), "build")
    assert result.returncode == 0, result.stdout + result.stderr
    assert 'href="../target/#key-facts"' in project.dist("source/index.html").read_text()
    with zipfile.ZipFile(project.dist("source/source.epub")) as book:
        text = "".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xhtml"))
    assert 'href="https://handouts.example.org/target/#key-facts"' in text
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(project.dist("source/source.pdf").read_bytes()))
    uris = [a.get_object()["/A"].get("/URI") for p in reader.pages for a in p.get("/Annots", [])
            if a.get_object().get("/A")]
    assert "https://handouts.example.org/target/#key-facts" in uris


def test_a_build_reports_the_same_problems(project):
    _bad_bundle(project)
    result = invoke(_tasks(project), "build", "--formats", "html")
    assert result.returncode == 1
    assert "briefs/checked/index.md:11: error: link to '#the-end', which is not an anchor in this brief " \
           "[link.anchor]" in result.stderr
    assert "briefs/checked/index.md:19: error: footnote '[^b]' is used but never defined [note.undefined]" \
        in result.stderr
    assert "[pandoc.warning]" not in result.stderr


def test_new_bundle_has_a_figures_folder_and_says_where_things_go(project, capsys):
    from handouts.commands.run import run_new

    assert run_new(project.root, "Sanctions Explained", kind="factsheet", bundle=True) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "created briefs/sanctions-explained/index.md"
    assert out[1].startswith("  images go in briefs/sanctions-explained/figures/")
    assert out[-1] == "  check it as you write with: invoke check --only sanctions-explained"
    assert (project.root / "briefs/sanctions-explained/figures").is_dir()
    text = (project.root / "briefs/sanctions-explained/index.md").read_text()
    assert "## Key facts\n" in text and "kind: factsheet\n" in text
    assert run_check(project.root) == 0


def test_a_second_check_reuses_the_conversion_until_a_file_changes(project, capsys):
    _bad_bundle(project)
    assert run_check(project.root) == 1
    first = capsys.readouterr().err
    assert (project.root / ".handouts-cache/check/checked.json").is_file()
    assert run_check(project.root) == 1
    assert capsys.readouterr().err == first  # the same report, from the cache
    project.write("briefs/checked/figures/missing.png", PNG)  # the missing image arrives
    assert run_check(project.root) == 1
    second = capsys.readouterr().err
    assert "[resource.missing]" in first and "[resource.missing]" not in second


def _family(project) -> None:
    """A brief of every kind of body problem, and the kinds a build once missed: a citation without a
    bibliography, a link to a missing anchor in another brief, a bibliography that cannot be read."""
    _bad_bundle(project)
    project.brief("target", "---\ntitle: T\ndate: 2025-03-12\nkind: brief\nsummary: x\n---\n\n## Key facts\n\nText.\n")
    project.brief("uncited", "---\ntitle: U\ndate: 2025-03-12\nkind: brief\nsummary: x\n---\n\n"
                  "As the Court held [@known].\n\nSee [the facts](brief:target#key-facts) and [more](brief:target#gone).\n")
    project.brief("broken-refs", "---\ntitle: B\ndate: 2025-03-12\nkind: brief\nsummary: x\n"
                  "bibliography: refs.json\n---\n\nAs held [@known].\n", bundle=True)
    project.write("briefs/broken-refs/refs.json", '[{"id": "known", "title": "A v. B"}\n')


FAMILY = [
    "briefs/broken-refs/index.md:6:15: error: 'bibliography' file refs.json cannot be read: line 2, column 1: "
    "Expecting ',' delimiter [brief.bibliography]",
    '  hint: correct it there: CSL-JSON is a list of entries, [{"id": "key", "type": "book", "title": "..."}]',
    "briefs/uncited.md:8: warning: citation '@known' but the brief has no bibliography [cite.no-bibliography]",
    "  hint: add `bibliography: references.json` to the front matter of a brief bundle, or remove the citation",
    "briefs/uncited.md:10: error: link to '#gone' in brief 'target', which has no such anchor [link.anchor]",
    "  hint: give the heading an id: ## Heading {#gone}, or correct the link",
]


def _lines_of(lines: list[str], *paths: str) -> list[str]:
    """The problems (each with its hint) of the files named."""
    kept, keep = [], False
    for line in lines:
        keep = keep if line.startswith("  hint: ") else line.startswith(paths)
        kept += [line] if keep else []
    return kept


def test_build_reports_what_check_reports(project, capsys):
    from handouts.commands.run import run_build

    _family(project)
    assert run_check(project.root) == 1
    checked = capsys.readouterr().err.splitlines()
    assert _lines_of(checked, "briefs/broken-refs/", "briefs/uncited.md") == FAMILY
    assert run_build(project.root, formats="html", jobs=1) == 1
    built = [line for line in capsys.readouterr().err.splitlines() if not line.startswith("[")]
    assert built == checked


def test_a_missing_image_is_not_found_and_only_escapes_are_outside(project, capsys):
    project.write("secret.png", PNG)
    project.write("briefs/beside.png", PNG)
    project.brief("single", HEAD.replace("bibliography: refs.json\n", "") + "\n![a](missing.png)\n\n![b](beside.png)\n\n"
                  "![c](../assets/logo/mark.svg)\n\n![d](../assets/logo/mak.svg)\n\n![e](../secret.png)\n")
    project.write("briefs/bundle/figures/chart.png", PNG)
    (project.root / "briefs/bundle/link").symlink_to(project.root)
    project.brief("bundle", HEAD.replace("bibliography: refs.json\n", "") + "\n![a](missing.png)\n\n![b](chart.png)\n\n"
                  "![c](figures/chrt.png)\n\n![d](../../secret.png)\n\n![e](link/secret.png)\n\n"
                  "![f](figures/chart.png)\n", bundle=True)
    assert run_check(project.root) == 1
    assert capsys.readouterr().err.splitlines() == [
        "briefs/bundle/index.md:8: error: image not found: 'missing.png' (looked for briefs/bundle/missing.png) "
        "[resource.missing]",
        "  hint: check the file name and its folder; paths are relative to briefs/bundle/",
        "briefs/bundle/index.md:10: error: image not found: 'chart.png' (looked for briefs/bundle/chart.png) "
        "[resource.missing]",
        "  hint: did you mean 'figures/chart.png'? paths are relative to briefs/bundle/",
        "briefs/bundle/index.md:12: error: image not found: 'figures/chrt.png' (looked for "
        "briefs/bundle/figures/chrt.png) [resource.missing]",
        "  hint: did you mean 'figures/chart.png'? paths are relative to briefs/bundle/",
        "briefs/bundle/index.md:14: error: image '../../secret.png' is outside the brief's folder and assets/ "
        "[resource.outside]",
        "  hint: copy the file into the brief's folder",
        "briefs/bundle/index.md:16: error: image 'link/secret.png' leads outside the brief's folder and assets/ "
        "(a symbolic link?) [resource.outside]",
        "  hint: copy the file itself into the brief's folder",
        "briefs/single.md:8: error: image not found: 'missing.png' (looked for briefs/missing.png) [resource.missing]",
        "  hint: a single-file brief has no folder for images: make it a bundle (briefs/single/index.md) and put "
        "the image beside it",
        "briefs/single.md:10: error: image 'beside.png' needs a brief bundle: a single-file brief has no folder of "
        "its own [resource.no-bundle]",
        "  hint: move the brief to briefs/single/index.md and put the image beside it",
        "briefs/single.md:14: error: image not found: '../assets/logo/mak.svg' (looked for assets/logo/mak.svg) "
        "[resource.missing]",
        "  hint: did you mean '../assets/logo/mark.svg'? paths are relative to briefs/",
        "briefs/single.md:16: error: image '../secret.png' is outside the brief's folder and assets/ "
        "[resource.outside]",
        "  hint: make the brief a bundle (briefs/single/index.md) and put the image beside it",
    ]


def test_a_markdown_image_of_a_document_is_not_an_image(project, capsys):
    project.brief("files", HEAD.replace("bibliography: refs.json\n", "") + "\n![The report](report.pdf)\n\n"
                  "See ![it](../notes.md) here.\n\n<embed src=\"x.swf\">\n", bundle=True)
    assert run_check(project.root) == 1
    assert capsys.readouterr().err.splitlines() == [
        "briefs/files/index.md:8: error: 'report.pdf' is not an image (.png, .jpg, .jpeg, .gif, .svg, .webp) "
        "[resource.type]",
        "  hint: export it as one of those; a document goes on the web, with a link to its address",
        "briefs/files/index.md:10: error: '../notes.md' is not an image (.png, .jpg, .jpeg, .gif, .svg, .webp) "
        "[resource.type]",
        "  hint: export it as one of those; a document goes on the web, with a link to its address",
        "briefs/files/index.md:12: warning: removed <embed> element from the brief's HTML [html.sanitized]",
        "  hint: raw HTML may not run scripts, load files or embed pages",
    ]


def test_document_tags_pasted_into_a_brief_are_said_to_be_removed(project, capsys):
    """A page's <body onload> pasted into a brief: the tree the body is read into has no <body> tag, yet the
    sanitizer's report names it and its handler, at its line (it compares with pandoc's HTML)."""
    project.brief("pasted", HEAD.replace("bibliography: refs.json\n", "") + "\nText.\n\n<body onload=\"steal()\">\n\nMore.\n")
    assert run_check(project.root) == 0
    assert capsys.readouterr().err.splitlines() == [
        "briefs/pasted.md:10: warning: removed <body> element from the brief's HTML [html.sanitized]",
        "  hint: raw HTML may not run scripts, load files or embed pages",
        "briefs/pasted.md:10: warning: removed onload= attribute from the brief's HTML [html.sanitized]",
        "  hint: raw HTML may not run scripts, load files or embed pages",
    ]


def test_links_to_files_beside_the_brief(project, capsys):
    project.brief("other", "---\ntitle: O\ndate: 2025-03-12\nkind: brief\nsummary: x\n---\n\n## Section\n")
    project.brief("links", HEAD.replace("bibliography: refs.json\n", "") + "\nSee [it](other.md#section),\n"
                  "[its folder](../other/index.md), [the data](data.csv), [mail](mailto:a@example.org),\n"
                  "[the web](https://example.org/a.md) and [here](#start).\n\n## Start {#start}\n", bundle=True)
    assert run_check(project.root) == 1
    assert capsys.readouterr().err.splitlines() == [
        "briefs/links/index.md:8: error: link to 'other.md#section': a link to another brief names its slug "
        "[link.brief]",
        "  hint: write [text](brief:other#section)",
        "briefs/links/index.md:9: error: link to '../other/index.md': a link to another brief names its slug "
        "[link.brief]",
        "  hint: write [text](brief:other)",
        "briefs/links/index.md:9: warning: link to 'data.csv', a file that is not published with the brief "
        "[link.file]",
        "  hint: put the file on the web and link to its address; link to another brief with [text](brief:slug)",
    ]


def test_pandoc_warnings_have_the_file_line_and_say_what_to_do(project, capsys):
    project.brief("body", HEAD.replace("bibliography: refs.json\n", "") + "\nText[^1].\n\n## A {#a}\n\n## B {#a}\n\n"
                  "::: {lang=fr}\nBonjour\n\n[^1]: One.\n[^1]: Again.\n\n<div>\nunclosed\n")
    assert run_check(project.root) == 0
    assert capsys.readouterr().err.splitlines() == [
        "briefs/body.md:12: warning: the id 'a' is given twice [anchor.duplicate]",
        "  hint: give one of them another id, such as {#a-2}; a link to #a goes to the first",
        "briefs/body.md:14:1: warning: fenced div is never closed [div.unclosed]",
        "  hint: add a line ':::' where it ends",
        "briefs/body.md:18:1: warning: footnote '[^1]' is defined twice [note.duplicate]",
        "  hint: give the second note a label of its own, in the text too",
        "briefs/body.md:20:1: warning: <div> is never closed [div.unclosed]",
        "  hint: add '</div>' where it ends",
    ]
