"""Stage 5b: deep checks of a brief's body (links, anchors, notes, headings, markers, citations), no rendering."""
from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from .bibliography import read_bibliography
from .brief import Brief
from .problems import Problems

# Links to another brief, as writers write them: [text](brief:other-slug) or [text](brief:other-slug#section).
BRIEF_SCHEME = "brief:"
_BRIEF_HREF = re.compile(r'href="brief:([^"#]*)(#[^"]*)?"')
_SIBLING_HREF = re.compile(r'href="\.\./([^"/#]+)/(#[^"]*)?"')
_ANCHOR_HREF = re.compile(r'href="#([^"]+)"')
_HREF = re.compile(r'<a\b[^>]*?\bhref="([^"]*)"')
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_ID = re.compile(r'\bid="([^"]+)"')
_CITES = re.compile(r'data-cites="([^"]*)"')
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_HEADING = re.compile(r"^(#{1,6})\s+\S")
_NOTE_DEF = re.compile(r"^\[\^([^\]\s]+)\]:")
_NOTE_USE = re.compile(r"\[\^([^\]\s]+)\](?!:)")
_CODE_SPAN = re.compile(r"(`+).+?\1")
_MARKER = re.compile(r"\b(TK|TODO)\b")


def link_briefs(body: str) -> str:
    """pandoc's `brief:slug#id` links as the web edition's relative `../slug/#id` (before sanitizing drops them)."""
    return _BRIEF_HREF.sub(lambda m: f'href="../{m.group(1)}/{m.group(2) or ""}"', body)


def absolute_links(body: str, url_for: Callable[[str], str]) -> str:
    """Links to other briefs as their web address: a PDF or an EPUB has no `../other-slug/` beside it."""
    return _SIBLING_HREF.sub(lambda m: f'href="{url_for(m.group(1))}{m.group(2) or ""}"', body)


def ids_of(body: str) -> frozenset[str]:
    """The anchors a fragment offers: heading ids, `{#id}` attributes, notes, references."""
    return frozenset(html.unescape(i) for i in _ID.findall(body))


def check_body(brief: Brief, body: str, slugs: Iterable[str], problems: Problems, line_of) -> None:
    """The checks every build and `invoke check` make on one brief's HTML fragment and its Markdown."""
    _check_anchors(body, problems, line_of)
    _check_brief_links(body, set(slugs), None, problems, line_of)
    _check_local_links(body, set(slugs), problems, line_of)
    lines = list(_prose_lines(brief))
    _check_headings(lines, problems)
    _check_notes(lines, problems)
    _check_markers(lines, problems)


def check_links_across(body: str, ids_by_slug: Mapping[str, frozenset[str]], problems: Problems, line_of) -> None:
    """Anchors in other briefs (`brief:slug#id`): only `invoke check` has every brief's anchors at hand."""
    _check_brief_links(body, set(ids_by_slug), ids_by_slug, problems, line_of, anchors_only=True)


def check_citations(brief: Brief, body: str, problems: Problems, line_of, report_missing) -> None:
    """Citation keys against the bibliography, read directly (the quick conversion runs no citeproc)."""
    keys = list(dict.fromkeys(k for group in _CITES.findall(body) for k in group.split()))
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
def _check_anchors(body: str, problems: Problems, line_of) -> None:
    ids = ids_of(body)
    for target in dict.fromkeys(html.unescape(t) for t in _ANCHOR_HREF.findall(body)):
        # '#ref-key' links are citeproc's, to a missing entry: cite.missing reports those.
        if target not in ids and not target.startswith("ref-"):
            problems.error(f"link to '#{target}', which is not an anchor in this brief", "link.anchor",
                           line_of(f"#{target}"), hint=_anchor_hint(target, ids))


def _check_brief_links(body: str, slugs: set[str], ids_by_slug, problems: Problems, line_of,
                       anchors_only: bool = False) -> None:
    for slug, fragment in dict.fromkeys(_SIBLING_HREF.findall(body)):
        line = line_of(f"{BRIEF_SCHEME}{slug}{html.unescape(fragment)}")
        if slug not in slugs:
            if not anchors_only:
                problems.error(f"link to brief '{slug}', which does not exist", "link.brief", line,
                               hint=f"write [text]({BRIEF_SCHEME}other-slug) with the slug of a brief in briefs/"
                               + _suggest(slug, slugs))
            continue
        target = html.unescape(fragment[1:]) if fragment else ""
        if ids_by_slug is not None and target and target not in ids_by_slug[slug]:
            problems.error(f"link to '#{target}' in brief '{slug}', which has no such anchor", "link.anchor",
                           line, hint=_anchor_hint(target, ids_by_slug[slug]))


def _check_local_links(body: str, slugs: set[str], problems: Problems, line_of) -> None:
    """Links to files beside the brief: only its images are published with it, so such a link would be broken."""
    for href in dict.fromkeys(html.unescape(h) for h in _HREF.findall(body)):
        if not href or href.startswith(("#", "//")) or _SCHEME.match(href) or _SIBLING_HREF.match(f'href="{href}"'):
            continue  # an anchor, a web address, or a brief: link already rewritten
        path = href.split("#")[0].split("?")[0]
        name = path.rstrip("/").split("/")[-1]
        slug = name[:-3] if name.endswith(".md") else name
        if name == "index.md":
            slug = path.rstrip("/").split("/")[-2] if path.count("/") else ""
        if slug in slugs and (name.endswith(".md") or path.endswith("/")):
            problems.error(f"link to '{href}': a link to another brief names its slug", "link.brief",
                           line_of(f"]({href}"), hint=f"write [text]({BRIEF_SCHEME}{slug}{'#' + href.split('#', 1)[1] if '#' in href else ''})")
        else:
            problems.warning(f"link to '{href}', a file that is not published with the brief", "link.file",
                             line_of(f"]({href}"), hint="put the file on the web and link to its address; link to "
                             f"another brief with [text]({BRIEF_SCHEME}slug)")


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
    from .problems import closest

    match = closest(word, [c for c in choices if not c.startswith(("fn", "ref-"))] or list(choices))
    return f" (did you mean '{match}'?)" if match else ""
