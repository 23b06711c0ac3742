"""Stage 5: a brief's Markdown body to one sanitized HTML fragment (pandoc once per brief, all formats share it)."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass

from . import lint, structure
from ..tools import html_tree, pandoc_tool
from ..load.bibliography import for_citeproc
from ..load.brief import Brief
from ..words import voice
from ..problems import Problems, closest
from ..project import Project
from .resources import Resource, collect, drop_non_images
from .sanitize import contents_entries, removed_items, sanitize

_SPLIT = "<!-- handouts:body -->"
_MISSING_CITATION = re.compile(r"Citeproc: citation (\S+) not found")
# Reported by lint with the note's own line (pandoc counts lines from the body, not the file).
_UNUSED_NOTE = re.compile(r"^Note with key .* but not used")
_AT = re.compile(r" at line (\d+) column (\d+)")
_UNCLOSED_DIV = re.compile(r"^Div at line \d+ column \d+ unclosed")
_DUPLICATE_ID = re.compile(r"^Duplicate identifier '([^']*)'")
_DUPLICATE_NOTE = re.compile(r"^Duplicate note reference '([^']*)'")
# Markdown extensions turned off: front matter is ours (never a second YAML block in the body).
# Headings are named by normalize.lua, from their text without their note calls.
MARKDOWN = "markdown-yaml_metadata_block-auto_identifiers"
# The citation style of a brief that names none (footnotes, legal sources), and the court and
# reporter abbreviations every style may use (text variable="authority" form="short").
DEFAULT_CSL = "policy-legal-note.csl"
ABBREVIATIONS = "abbreviations.json"


@dataclass(frozen=True)
class Fragment:
    body: str      # sanitized HTML of the body: sections, figures, tables, footnotes, references
    toc: str       # sanitized HTML list of the sections ("" without a table of contents)
    resources: tuple[Resource, ...]  # files the body refers to, by their path in dist/<slug>/
    structure: structure.Structure  # its links, anchors, blocks and words, from pandoc's AST
    ast: str  # pandoc's AST of the body as JSON, citations unresolved: what the DOCX is written from


def to_html(brief: Brief, project: Project, problems: Problems, slugs: Collection[str] = (),
            quick: bool = False) -> Fragment:
    """pandoc's HTML for the brief's body, citations resolved, sanitized; its warnings and the deep checks'
    findings as problems. `slugs`: the briefs a `brief:slug` link may name. `quick` (invoke check): no table
    of contents, citations left unresolved."""
    # pandoc reads the Markdown once, to its AST: the checks read that, and the HTML is written from it.
    shape, ast, warnings = structure.read(brief, _reader_arguments(brief))
    result = pandoc_tool.run(ast, _writer_arguments(brief, quick, project), cwd=brief.folder)
    for warning in warnings + result.warnings:
        _report(warning, brief, problems)
    toc, _, body = result.output.partition(_SPLIT)
    where = lambda needle: line_of(brief, needle)  # noqa: E731
    # One pass over pandoc's HTML as a tree, then the sanitizer, last: nothing made after it escapes it. Its
    # report compares with pandoc's HTML (a tree has no <body> tag to report), less the embeds said already.
    tree = html_tree.parse(body)
    dropped = drop_non_images(tree, brief.body, problems, where)
    resources = collect(tree, brief, project, problems, where)
    clean_body = sanitize(html_tree.serialize(tree))[0]
    removed = removed_items(body, clean_body, Counter({"<embed> element": dropped}))
    clean_toc = sanitize(contents_entries(toc))[0]
    for item in removed:
        problems.warning(f"removed {item} from the brief's HTML", "html.sanitized",
                         line_of(brief, _needle(item)), hint="raw HTML may not run scripts, load files or embed pages")
    lint.check_body(brief, shape, slugs, problems)
    if quick or brief.bibliography is None:  # else citeproc ran, and its warnings said which keys are missing
        lint.check_citations(brief, shape.citations, problems, where, lambda key: missing_citation(key, brief, problems))
    return Fragment(clean_body.strip(), clean_toc.strip(), resources, shape, ast)


def _reader_arguments(brief: Brief) -> list[str]:
    """How pandoc reads a brief (the HTML conversion and the structure's AST alike)."""
    args = [f"--from={MARKDOWN}", f"--lua-filter={pandoc_tool.data_file('normalize.lua')}",
            f"--metadata=lang:{brief.lang}"]
    if brief.bibliography:
        # Its #references anchor, for checks too; the heading in the brief's language when words.py speaks it.
        args.append(f"--metadata=handouts-references-title:{voice(brief.lang, 'en').words.references}")
    return args


def _writer_arguments(brief: Brief, quick: bool = False, project: Project | None = None) -> list[str]:
    """How pandoc writes the HTML body from the AST the reader made, citations resolved."""
    args = ["--from=json", "--to=html5", "--wrap=none", "--section-divs",
            f"--template={pandoc_tool.data_file('fragment.html')}"]
    if brief.toc and not quick:
        args += ["--toc", "--toc-depth=3"]
    if not quick:
        args += citation_arguments(brief, project)
    # After --citeproc: pandoc applies filters and citeproc in the order given, and the calls it adds count.
    args += [f"--lua-filter={pandoc_tool.data_file('calls.lua')}", f"--lua-filter={pandoc_tool.data_file('links.lua')}"]
    return args


def citation_arguments(brief: Brief, project: Project | None) -> list[str]:
    """pandoc's citeproc arguments for the brief (its bibliography and style): every format cites alike."""
    if not brief.bibliography:
        return []
    bibliography = for_citeproc(brief.bibliography, project.cache) if project else brief.bibliography
    args = ["--citeproc", f"--bibliography={bibliography}", "--metadata=link-citations:true"]
    styles = project.layouts / "csl" if project else None
    csl = brief.csl or (styles / DEFAULT_CSL if styles and (styles / DEFAULT_CSL).is_file() else None)
    if csl:
        args.append(f"--csl={csl}")
    if styles and (styles / ABBREVIATIONS).is_file():
        args.append(f"--citation-abbreviations={styles / ABBREVIATIONS}")
    return args


def _report(warning: str, brief: Brief, problems: Problems) -> None:
    missing = _MISSING_CITATION.search(warning)
    if missing:
        missing_citation(missing.group(1), brief, problems)
        return
    if _UNUSED_NOTE.search(warning):
        return
    at = _AT.search(warning)  # pandoc counts lines from the body's first line
    line, col = (brief.body_line + int(at.group(1)) - 1, int(at.group(2))) if at else (brief.body_line, None)
    unclosed, duplicate, note = _UNCLOSED_DIV.match(warning), _DUPLICATE_ID.match(warning), _DUPLICATE_NOTE.match(warning)
    if unclosed:
        lines = brief.body.split("\n")
        fenced = 0 <= line - brief.body_line < len(lines) and lines[line - brief.body_line].lstrip().startswith(":::")
        problems.warning(f"{'fenced div' if fenced else '<div>'} is never closed", "div.unclosed", line, col,
                         hint="add a line ':::' where it ends" if fenced else "add '</div>' where it ends")
    elif duplicate:
        ident = duplicate.group(1)
        uses = [n for n, text in enumerate(brief.body.split("\n"), brief.body_line)
                if f"{{#{ident}" in text or f"#{ident} " in text or f'id="{ident}"' in text]
        problems.warning(f"the id '{ident}' is given twice", "anchor.duplicate", uses[1] if len(uses) > 1 else line,
                         hint=f"give one of them another id, such as {{#{ident}-2}}; a link to #{ident} goes to the first")
    elif note:
        problems.warning(f"footnote '[^{note.group(1)}]' is defined twice", "note.duplicate", line, col,
                         hint="give the second note a label of its own, in the text too")
    else:
        problems.warning(f"pandoc: {_AT.sub('', warning)}", "pandoc.warning", line, col)


def missing_citation(key: str, brief: Brief, problems: Problems) -> None:
    """The one message for an unknown citation key (citeproc's warning in a build, our lookup in a check).

    An error in a published brief, whose handout would print the key with a question mark; a warning in a draft."""
    name = brief.bibliography.name if brief.bibliography else "the bibliography"
    near = closest(key, lint.bibliography_keys(brief.bibliography) or ()) if brief.bibliography else None
    hint = f"did you mean '{near}'? " if near else ""
    report = problems.error if brief.published else problems.warning
    report(f"citation key '{key}' not in {name}", "cite.missing", line_of(brief, f"@{key}"),
           hint=f"{hint}add an entry with id '{key}' to {name}, or correct the key")


def _needle(removed: str) -> str:
    """What to look for in the source to find where a removed item came from."""
    if removed.endswith(" element"):
        return "<" + removed[1:].split(">")[0]
    if removed.endswith(" attribute"):
        return removed.split("=")[0] + "="
    return removed.split(" ")[0]


def line_of(brief: Brief, needle: str) -> int:
    """The file line where `needle` first appears in the body (the body's first line if nowhere)."""
    lowered = needle.lower()
    for offset, line in enumerate(brief.body.split("\n")):
        if lowered in line.lower():
            return brief.body_line + offset
    return brief.body_line
