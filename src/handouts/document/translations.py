"""Stage 5: whether each translation is current with its source, and which of the source's sections (by heading,
read from pandoc's AST) changed since the version it was made from."""
from __future__ import annotations

import json
from dataclasses import dataclass

from ..load.documents import Document
from ..load.translations import record, record_path, recorded_text, version_of
from ..problems import WARNING, Problem
from ..project import Project
from ..tools import pandoc_tool
from .markdown import MARKDOWN

OPENING = "the opening (before the first heading)"
_INLINES_ONLY = ("Emph", "Strong", "Underline", "Strikeout", "Superscript", "Subscript", "SmallCaps")


@dataclass(frozen=True)
class Change:
    heading: str  # the section's heading text ("" for the text before the first heading)
    how: str      # "changed", "new" or "removed"

    def label(self) -> str:
        name = f"'{self.heading}'" if self.heading else OPENING
        return name if self.how == "changed" else f"{name} ({self.how})"


@dataclass(frozen=True)
class Staleness:
    """A translation against its source: the version it was made from, the source's version now, and what changed
    between them (None when the source's text at that version was never recorded)."""

    slug: str
    source: str
    lang: str
    made_from: str
    current: str
    changes: tuple[Change, ...] | None = ()

    @property
    def stale(self) -> bool:
        """The source changed since: in a section's content, or in a way that cannot be told (no record). A change
        of spacing or line breaks only (the same AST) is no change."""
        return self.made_from != self.current and self.changes != ()

    def what_changed(self) -> str:
        if not self.stale:
            return ""
        if self.changes is None:
            return f"changed since {self.made_from}"
        return ", ".join(change.label() for change in self.changes)


def staleness(project: Project, translation: Document, source: Document) -> Staleness:
    """The translation's state; the source's text is read (by pandoc) only when its version moved."""
    brief, original = translation.brief, source.brief
    current = version_of(original)
    found = Staleness(brief.slug, original.slug, brief.lang, brief.source_version, current)
    if brief.source_version == current:
        return found
    before = recorded_text(project, original.slug, brief.source_version)
    if before is None:
        return Staleness(**{**vars(found), "changes": None})
    try:
        changes = changed_sections(project, before, original.body)
    except pandoc_tool.PandocError:  # the source's own check says why its text cannot be read
        changes = None
    return Staleness(**{**vars(found), "changes": changes})


def changed_sections(project: Project, before: str, after: str) -> tuple[Change, ...]:
    """The sections whose content differs between two texts, by heading text, in the order of the newer text
    (then those removed): compared as pandoc's AST, so re-wrapping a paragraph changes nothing."""
    old, new = sections(project, before), sections(project, after)
    changes = [Change(heading, "changed" if heading in old else "new") for heading, blocks in new.items()
               if old.get(heading) != blocks]
    return tuple(changes + [Change(heading, "removed") for heading in old if heading not in new])


def sections(project: Project, text: str) -> dict[str, str]:
    """heading text -> the section's blocks (as JSON) up to the next heading; "" holds what comes before the first.
    A heading used twice is told apart by its number ("Notes (2)")."""
    ast = pandoc_tool.run(text, [f"--from={MARKDOWN}", "--to=json"], cwd=project.root).output
    blocks = json.loads(ast, object_hook=_same_wrapping)["blocks"]
    found: dict[str, list] = {"": []}
    current = ""
    for block in blocks:
        if block.get("t") == "Header":
            current = _unique(plain_text(block["c"][2]), found)
            found[current] = []
        else:
            found[current].append(block)
    if not found[""]:
        del found[""]
    return {heading: json.dumps(content, sort_keys=True) for heading, content in found.items()}


def _same_wrapping(node: dict) -> dict:
    """A line break inside a paragraph (the source's wrapping) is a space: re-wrapping is no change."""
    return {"t": "Space"} if node.get("t") == "SoftBreak" else node


def _unique(heading: str, known: dict) -> str:
    if heading not in known:
        return heading
    number = 2
    while f"{heading} ({number})" in known:
        number += 1
    return f"{heading} ({number})"


def plain_text(inlines: list) -> str:
    """The text of pandoc inlines (a heading's), without its notes: pandoc's stringify, for the kinds a heading has."""
    words = []
    for inline in inlines:
        kind, content = inline.get("t"), inline.get("c")
        if kind == "Str":
            words.append(content)
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            words.append(" ")
        elif kind in ("Code", "Math", "RawInline"):
            words.append(content[1])
        elif kind == "Note":
            continue
        elif kind in ("Link", "Image", "Span", "Quoted", "Cite"):  # [attributes (or kind), inlines, ...]
            words.append(plain_text(content[1]))
        elif kind in _INLINES_ONLY:
            words.append(plain_text(content))
    return " ".join("".join(words).split())


def translation_problems(project: Project, chosen: list[Document], documents: list[Document]) -> list[Problem]:
    """translation.stale for each chosen translation whose source changed since its version, at its
    `source_version` line; each source's text is recorded at the version its translations name, when it is that
    version now (so that the next change can be told section by section)."""
    by_slug = {document.brief.slug: document for document in documents}
    found = []
    for document in chosen:
        brief = document.brief
        source = by_slug.get(brief.translation_of or "")
        if source is None:
            continue
        state = staleness(project, document, source)
        if state.made_from == state.current:
            record(project, source.brief)
        elif state.stale:
            found.append(_stale(project, document, state))
    return found


def _stale(project: Project, document: Document, state: Staleness) -> Problem:
    brief = document.brief
    if state.changes is None:
        message = (f"'{state.source}' changed since version {state.made_from} (now {state.current}); which sections "
                   f"is not known: its text at {state.made_from} was not recorded "
                   f"({project.rel(record_path(project, state.source, state.made_from))})")
    else:
        message = (f"'{state.source}' changed since version {state.made_from} (now {state.current}): "
                   f"{state.what_changed()}")
    return Problem(project.rel(brief.path), brief.lines.get("source_version"), None, WARNING, message,
                   "translation.stale", f"bring the translation up to date with '{state.source}', then write "
                   f"`source_version: {state.current}`")
