"""`invoke translations`: each source, its version, its translations (language, current or stale, what changed),
and the version of every other brief, for a translation to start from."""
from __future__ import annotations

import sys
from typing import TextIO

from ..document.translations import staleness
from ..load.brand import load_brand
from ..load.documents import Document, load_documents
from ..load.translations import record, version_of
from ..project import Project
from .report import Reporter

HEADINGS = ("source", "version", "translation", "lang", "state", "what changed")


def translation_rows(project: Project, documents: list[Document]) -> list[tuple[str, ...]]:
    """One row per translation, under its source (the source's slug and version on its first row only); each
    source's text is recorded at its version now, so that what changes next can be told section by section."""
    by_slug = {document.brief.slug: document for document in documents}
    rows = []
    for document in documents:
        languages = document.languages
        if not languages or not languages[0].source or languages[0].slug != document.brief.slug:
            continue
        record(project, document.brief)
        for index, language in enumerate(languages[1:]):
            state = staleness(project, by_slug[language.slug], document)
            rows.append((document.brief.slug if index == 0 else "", version_of(document.brief) if index == 0 else "",
                         language.slug, language.lang, "stale" if state.stale else "current", state.what_changed()))
    return rows


def table(headings: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    """Plain columns, each as wide as its widest cell; the last one unpadded."""
    widths = [max(len(row[column]) for row in [headings, *rows]) for column in range(len(headings))]
    return ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in [headings, *rows]]


def translation_table(root, out: TextIO | None = None) -> int:
    """Print the table; the problems that keep a translation out of it (its source unknown, say) first."""
    out = out or sys.stdout
    project = Project.at(root)
    brand, _problems = load_brand(project)
    loaded = load_documents(project, brand)
    Reporter(out=out).problems(p for problems in loaded.unloaded.values() for p in problems
                               if p.code.startswith("translation."))
    rows = translation_rows(project, loaded.documents)
    if rows:
        print("\n".join(table(HEADINGS, rows)), file=out)
    else:
        print("no translations yet (a translation names its source: `translation_of: <slug>`)", file=out)
    others = [(d.brief.slug, version_of(d.brief)) for d in loaded.documents
              if not d.languages and d.brief.translation_of is None]
    if others:
        print("\nother briefs, by the version a translation would name as `source_version:`", file=out)
        print("\n".join(table(("brief", "version"), others)), file=out)
    stale = sum(row[4] == "stale" for row in rows)
    print(f"\n{len(rows)} translation{'s' if len(rows) != 1 else ''}, {stale} stale", file=out)
    return 0
