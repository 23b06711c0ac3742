"""Stage 5b: deep checks of a brief's body (links, anchors, notes, headings, markers, citations), no rendering."""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from urllib.parse import unquote

from ..load.bibliography import read_bibliography
from ..load.brief import KINDS, PLACEHOLDER, Brief, placeholder_summary
from ..problems import Problems
from .structure import Structure

# Links to another brief, as writers write them: [text](brief:other-slug) or [text](brief:other-slug#section).
BRIEF_SCHEME = "brief:"
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_HEADING = re.compile(r"^(#{1,6})\s+\S")
_NOTE_DEF = re.compile(r"^\[\^([^\]\s]+)\]:")
_NOTE_USE = re.compile(r"\[\^([^\]\s]+)\](?!:)")
_CODE_SPAN = re.compile(r"(`+).+?\1")
_MARKER = re.compile(r"\b(TK|TODO)\b")


def check_body(brief: Brief, structure: Structure, slugs: Iterable[str], problems: Problems) -> None:
    """The checks every build and `invoke check` make on one brief: its links and anchors on pandoc's AST
    (never in code, never in HTML rewritten for a format), its notes, headings and markers on its lines."""
    lines = list(_prose_lines(brief))
    slugs = set(slugs)
    for target in structure.links:
        line = _link_line(lines, target, brief.body_line)
        if target == "#":
            continue  # [top](#): the top of the page, always there
        if target.startswith("#"):
            _check_anchor(unquote(target[1:]), structure.ids, problems, line)
        elif target.startswith(BRIEF_SCHEME):
            _check_brief_link(target, slugs, None, problems, line)
        elif not target.startswith("//") and not _SCHEME.match(target):
            _check_local_link(target, slugs, problems, line)
    _check_headings(lines, problems)
    _check_notes(lines, problems)
    _check_markers(lines, problems)
    if brief.published:
        _check_template_text(brief, lines, problems)


def check_links_across(brief: Brief, structure: Structure, ids_by_slug: Mapping[str, frozenset[str]],
                       problems: Problems) -> None:
    """Anchors in other briefs (`brief:slug#id`): only `invoke check` has every brief's anchors at hand."""
    lines = list(_prose_lines(brief))
    for target in structure.links:
        if target.startswith(BRIEF_SCHEME) and "#" in target:
            _check_brief_link(target, set(ids_by_slug), ids_by_slug, problems,
                              _link_line(lines, target, brief.body_line), anchors_only=True)


def check_citations(brief: Brief, keys: tuple[str, ...], problems: Problems, line_of, report_missing) -> None:
    """Citation keys against the bibliography, read directly (the quick conversion runs no citeproc)."""
    if not keys:
        return
    if brief.bibliography is None:
        problems.warning(f"citation '@{keys[0]}' but the brief has no bibliography", "cite.no-bibliography",
                         line_of(f"@{keys[0]}"), hint="add `bibliography: references.json` to the front matter "
                         "of a brief bundle, or remove the citation")
        return
    known = bibliography_keys(brief.bibliography)
    for key in keys:
        if known is not None and key not in known:
            report_missing(key)


def bibliography_keys(path: Path) -> set[str] | None:
    """The entry ids of a CSL-JSON, CSL-YAML or BibTeX file (None when it cannot be read)."""
    return read_bibliography(path)[0]


# -- the checks ------------------------------------------------------------------
def _link_line(lines: list[tuple[int, str]], target: str, default: int) -> int:
    """The line outside code that makes the link: `](target`, a reference `]: target`, `<target>`, raw HTML."""
    for needle in (f"]({target}", f"]: {target}", f"<{target}>", f'"{target}"', target):
        for number, text in lines:
            if needle in text:
                return number
    return default


def _check_anchor(target: str, ids: frozenset[str], problems: Problems, line: int) -> None:
    # '#ref-key' links are citeproc's, to a missing entry: cite.missing reports those.
    if target not in ids and not target.startswith("ref-"):
        problems.error(f"link to '#{target}', which is not an anchor in this brief", "link.anchor", line,
                       hint=_anchor_hint(target, ids))


def _check_brief_link(target: str, slugs: set[str], ids_by_slug, problems: Problems, line: int,
                      anchors_only: bool = False) -> None:
    slug, _hash, fragment = target[len(BRIEF_SCHEME):].partition("#")
    if slug not in slugs:
        if not anchors_only:
            problems.error(f"link to brief '{slug}', which does not exist", "link.brief", line,
                           hint=f"write [text]({BRIEF_SCHEME}other-slug) with the slug of a brief in briefs/"
                           + _suggest(slug, slugs))
        return
    fragment = unquote(fragment)
    if ids_by_slug is not None and fragment and fragment not in ids_by_slug[slug]:
        problems.error(f"link to '#{fragment}' in brief '{slug}', which has no such anchor", "link.anchor",
                       line, hint=_anchor_hint(fragment, ids_by_slug[slug]))


def _check_local_link(href: str, slugs: set[str], problems: Problems, line: int) -> None:
    """A relative link: a brief's file or folder (written as a path, not `brief:`), or a file or page beside
    the brief, which is not published with it, so the link would be broken."""
    path = href.split("#")[0].split("?")[0]
    name = path.rstrip("/").split("/")[-1]
    slug = name[:-3] if name.endswith(".md") else name
    if name == "index.md":
        slug = path.rstrip("/").split("/")[-2] if path.count("/") else ""
    anchor = "#" + href.split("#", 1)[1] if "#" in href else ""
    if slug in slugs and (name.endswith(".md") or path.endswith("/")):
        problems.error(f"link to '{href}': a link to another brief names its slug", "link.brief", line,
                       hint=f"write [text]({BRIEF_SCHEME}{slug}{anchor})")
    elif path.endswith("/") or not path:
        problems.warning(f"link to '{href}', which is no brief and no page of this site", "link.file", line,
                         hint="link to the page's full address (https://...); link to another brief with "
                         f"[text]({BRIEF_SCHEME}slug)")
    else:
        problems.warning(f"link to '{href}', a file that is not published with the brief", "link.file", line,
                         hint="put the file on the web and link to its address; link to another brief with "
                         f"[text]({BRIEF_SCHEME}slug)")


def _check_headings(lines: list[tuple[int, str]], problems: Problems) -> None:
    previous = None
    for number, text in lines:
        match = _HEADING.match(text)
        if not match:
            continue
        level = len(match.group(1))
        if previous is not None and level > previous + 1:
            problems.warning(f"heading level skips from {previous} to {level}", "heading.skip", number,
                             hint=f"use {'#' * (previous + 1)} for this heading (levels go down one at a time)")
        previous = level


def _check_notes(lines: list[tuple[int, str]], problems: Problems) -> None:
    defined: dict[str, int] = {}
    used: dict[str, int] = {}
    for number, text in lines:
        definition = _NOTE_DEF.match(text)
        if definition:
            defined.setdefault(definition.group(1), number)
        for key in _NOTE_USE.findall(_CODE_SPAN.sub("", text[definition.end():] if definition else text)):
            used.setdefault(key, number)
    for key, number in used.items():
        if key not in defined:
            problems.error(f"footnote '[^{key}]' is used but never defined", "note.undefined", number,
                           hint=f"add a line `[^{key}]: The note's text.` below the paragraph")
    for key, number in defined.items():
        if key not in used:
            problems.warning(f"footnote '[^{key}]' is defined but never used", "note.unused", number,
                             hint=f"put [^{key}] where the note belongs, or delete the note")


def _check_markers(lines: list[tuple[int, str]], problems: Problems) -> None:
    for number, text in lines:
        for marker in dict.fromkeys(_MARKER.findall(_CODE_SPAN.sub("", text))):
            problems.warning(f"'{marker}' marker left in the text", "text.todo", number,
                             hint="finish the passage and remove the marker before publishing")


def _check_template_text(brief: Brief, lines: list[tuple[int, str]], problems: Problems) -> None:
    """What `invoke new` wrote for the writer to replace, still there in a published brief."""
    if brief.summary in {placeholder_summary(kind) for kind in KINDS}:
        problems.error("the summary is still the one `invoke new` wrote", "text.template",
                       brief.lines.get("summary"), hint="write one or two sentences on what the brief says and "
                       "for whom (or set `status: draft` until it is ready)")
    for number, text in lines:
        if text.strip() == PLACEHOLDER:
            problems.error(f"'{PLACEHOLDER}' from `invoke new` is still in the text", "text.template", number,
                           hint="write the section, or delete it with its heading (or set `status: draft` "
                           "until it is ready)")


def _prose_lines(brief: Brief):
    """(file line, text) of the body's lines outside fenced code blocks."""
    fence = None
    for offset, text in enumerate(brief.body.split("\n")):
        match = _FENCE.match(text)
        if match and (fence is None or match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence)):
            fence = None if fence else match.group(1)
            continue
        if fence is None:  # indented lines are kept: list items and notes continue that way more than code
            yield brief.body_line + offset, text


def _anchor_hint(target: str, ids: Iterable[str]) -> str:
    near = _suggest(target, ids)
    return "give the heading an id: ## Heading {#" + target + "}, or correct the link" + near


def _suggest(word: str, choices: Iterable[str]) -> str:
    from ..problems import closest

    match = closest(word, [c for c in choices if not c.startswith(("fn", "ref-"))] or list(choices))
    return f" (did you mean '{match}'?)" if match else ""
