"""`invoke check`'s deep stage: each brief's body converted quickly (pandoc only, no format rendered) and checked."""
from __future__ import annotations

import functools
import hashlib
import json
import os
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata
from pathlib import Path

from .. import PACKAGE
from . import lint
from ..atomic import atomic_write
from ..load.brief import Brief
from .markdown import to_html
from ..tools.pandoc_tool import PandocError, PandocTimeout
from ..problems import Problem, Problems, attempt
from ..project import Project
from .structure import Structure


def deep_check(project: Project, briefs: list[Brief], others: list[Brief], slugs: tuple[str, ...],
               debug: bool = False) -> list[Problem]:
    """Every problem in the bodies of `briefs`; `others` are the rest of the valid briefs, whose anchors
    links may name; `slugs` every brief's. pandoc runs in threads: the time is the longest brief's, not the sum."""
    logs = {b.slug: Problems(project.rel(b.path)) for b in briefs}
    quiet = {b.slug: Problems(project.rel(b.path)) for b in others}
    shapes = _structures(project, briefs + _linked(briefs, others), logs | quiet, slugs, debug)
    _check_across(briefs, shapes, logs)
    return [p for log in logs.values() for p in log.items]


def links_across(project: Project, briefs: list[Brief], others: list[Brief], slugs: tuple[str, ...],
                 debug: bool = False) -> dict[str, list[Problem]]:
    """Only the links of `briefs` to anchors in other briefs (`brief:slug#id`), by slug: what a build,
    which renders one brief at a time, cannot check while rendering."""
    linking = [b for b in briefs if lint.BRIEF_SCHEME in b.body]
    if not linking:
        return {}
    linking_slugs = {b.slug for b in linking}
    everyone = linking + _linked(linking, [b for b in briefs + others if b.slug not in linking_slugs])
    logs = {b.slug: Problems(project.rel(b.path)) for b in linking}
    quiet = {b.slug: Problems(project.rel(b.path)) for b in everyone if b.slug not in linking_slugs}
    # The linking briefs' own failures are theirs (their log); a linked brief's are said when it is built.
    shapes = _structures(project, everyone, logs | quiet, slugs, debug)
    _check_across(linking, shapes, logs)
    return {slug: log.items for slug, log in logs.items() if log.items}


def _linked(briefs: list[Brief], others: list[Brief]) -> list[Brief]:
    """The other briefs a `brief:slug` link names: only their anchors are needed."""
    return [o for o in others if any(f"{lint.BRIEF_SCHEME}{o.slug}" in b.body for b in briefs)]


def _structures(project: Project, everyone: list[Brief], logs: dict[str, Problems], slugs: tuple[str, ...],
                debug: bool = False) -> dict[str, Structure | None]:
    salt = _salt(slugs)
    with ThreadPoolExecutor(max_workers=min(8, os.cpu_count() or 1, len(everyone) or 1)) as pool:
        return dict(zip([b.slug for b in everyone],
                        pool.map(lambda b: _body(b, project, logs[b.slug], salt, slugs, debug), everyone)))


def _body(brief: Brief, project: Project, log: Problems, salt: str, slugs: tuple[str, ...],
          debug: bool) -> Structure | None:
    """_cached, whose failure on this brief (a path Python refuses, pandoc past its time) is the brief's problem:
    this runs in the main process, for every brief at once."""
    shape, failed = attempt(log.path, "checking the brief's body", _cached, brief, project, log, salt, slugs,
                            debug=debug)
    log.items += failed
    return shape


def _check_across(briefs: list[Brief], shapes: dict[str, Structure | None], logs: dict[str, Problems]) -> None:
    ids = {slug: shape.ids if shape else frozenset() for slug, shape in shapes.items()}
    for brief in briefs:
        shape = shapes[brief.slug]
        if shape is not None:
            lint.check_links_across(brief, shape, ids, logs[brief.slug])


def _cached(brief: Brief, project: Project, log: Problems, salt: str, slugs: tuple[str, ...]) -> Structure | None:
    """The brief's structure (links, anchors), its problems added to `log`: from the check cache when nothing
    it was made from has changed (pandoc takes a second on the Rome Statute; a check runs on every save)."""
    path = project.cache / "check" / f"{brief.slug}.json"
    key = _key(brief, project, salt)
    try:
        stored = json.loads(path.read_text("utf-8"))
        if stored["key"] == key:
            log.items += [Problem(**item) for item in stored["problems"]]
            return Structure(tuple(stored["links"]), frozenset(stored["ids"]))
    except (OSError, ValueError, KeyError, TypeError):
        pass  # missing or unreadable: convert again
    try:
        shape = to_html(brief, project, log, slugs, quick=True).structure
    except PandocTimeout as exc:
        log.error(f"{exc}: time limit exceeded while checking the body", "limit.time", brief.body_line,
                  hint="split the brief, or simplify what is nested deeply (quotes, lists, brackets, divs)")
        return None
    except PandocError as exc:
        log.error(exc.said(), exc.code, brief.body_line, hint=exc.hint)
        return None
    atomic_write(path, json.dumps({"key": key, "links": shape.links, "ids": sorted(shape.ids),
                                   "problems": [vars(p) for p in log.items]}))
    return shape


def _key(brief: Brief, project: Project, salt: str) -> str:
    """What the quick conversion reads: the brief's file and bundle, the assets, its language."""
    digest = hashlib.sha256(f"{salt}\0{brief.lang}\0".encode())
    digest.update(brief.path.read_bytes())
    for folder in [brief.bundle, project.assets] if brief.bundle else [project.assets]:
        digest.update(_listing(folder).encode())
    return digest.hexdigest()


@functools.lru_cache(maxsize=8)
def _salt(slugs: tuple[str, ...]) -> str:
    """What every brief's result depends on: the brief slugs (for brief: links), pandoc, and our own code."""
    parts = [" ".join(sorted(slugs)), metadata.version("pypandoc-binary"),
             _listing(PACKAGE, "*.py"), _listing(PACKAGE / "pandoc")]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _listing(folder: Path, pattern: str = "*") -> str:
    """Names, sizes and modification times of the files under a folder."""
    files = sorted(p for p in folder.rglob(pattern) if p.is_file()) if folder.is_dir() else []
    return "\n".join(f"{p.relative_to(folder)}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in files)
