"""Stage 5: a brief's Markdown body to one sanitized HTML fragment (pandoc once per brief, all formats share it)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import pandoc_tool
from .brief import Brief
from .problems import Problems
from .project import Project
from .resources import Resource, collect
from .sanitize import sanitize

_SPLIT = "<!-- handouts:body -->"
_MISSING_CITATION = re.compile(r"Citeproc: citation (\S+) not found")
# Markdown extensions turned off: front matter is ours (never a second YAML block in the body).
MARKDOWN = "markdown-yaml_metadata_block"


@dataclass(frozen=True)
class Fragment:
    body: str      # sanitized HTML of the body: sections, figures, tables, footnotes, references
    toc: str       # sanitized HTML list of the sections ("" without a table of contents)
    resources: tuple[Resource, ...] = ()  # files the body refers to, by their path in dist/<slug>/


def to_html(brief: Brief, project: Project, problems: Problems) -> Fragment:
    """pandoc's HTML for the brief's body, citations resolved, sanitized; its warnings as problems."""
    result = pandoc_tool.run(brief.body, _arguments(brief), cwd=brief.folder)
    for warning in result.warnings:
        _report(warning, brief, problems)
    toc, _, body = result.output.partition(_SPLIT)
    clean_body, removed = sanitize(body)
    clean_toc, _ = sanitize(toc)
    for item in removed:
        problems.warning(f"removed {item} from the brief's HTML", "html.sanitized",
                         _line_of(brief, _needle(item)), hint="raw HTML may not run scripts, load files or embed pages")
    final_body, resources = collect(clean_body, brief, project, problems, lambda raw: _line_of(brief, raw))
    return Fragment(final_body.strip(), clean_toc.strip(), resources)


def _arguments(brief: Brief) -> list[str]:
    args = [
        f"--from={MARKDOWN}", "--to=html5", "--wrap=none", "--section-divs",
        f"--template={pandoc_tool.data_file('fragment.html')}",
        f"--lua-filter={pandoc_tool.data_file('normalize.lua')}",
        f"--metadata=lang:{brief.lang}",
    ]
    if brief.toc:
        args += ["--toc", "--toc-depth=3"]
    if brief.bibliography:
        args += ["--citeproc", f"--bibliography={brief.bibliography}", "--metadata=link-citations:true",
                 "--metadata=handouts-references-title:References"]
        if brief.csl:
            args.append(f"--csl={brief.csl}")
    return args


def _report(warning: str, brief: Brief, problems: Problems) -> None:
    missing = _MISSING_CITATION.search(warning)
    if missing:
        key = missing.group(1)
        name = brief.bibliography.name if brief.bibliography else "the bibliography"
        problems.warning(f"citation key '{key}' not in {name}", "cite.missing", _line_of(brief, f"@{key}"),
                         hint=f"add an entry with id '{key}' to {name}, or correct the key")
    else:
        problems.warning(f"pandoc: {warning}", "pandoc.warning", brief.body_line)


def _needle(removed: str) -> str:
    """What to look for in the source to find where a removed item came from."""
    if removed.endswith(" element"):
        return "<" + removed[1:].split(">")[0]
    if removed.endswith(" attribute"):
        return removed.split("=")[0] + "="
    return removed.split(" ")[0]


def _line_of(brief: Brief, needle: str) -> int:
    """The file line where `needle` first appears in the body (the body's first line if nowhere)."""
    lowered = needle.lower()
    for offset, line in enumerate(brief.body.split("\n")):
        if lowered in line.lower():
            return brief.body_line + offset
    return brief.body_line
