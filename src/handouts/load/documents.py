"""Stage 3: every brief loaded once, in the main process, into a frozen, picklable Document (build and check alike)."""
from __future__ import annotations

from dataclasses import dataclass, field

from .brand import Brand
from .brief import Brief, Defaults, load_brief
from .discover import Source, find
from .translations import Language, check_across, families
from ..problems import ERROR, Problem, attempt, did_you_mean
from ..project import Project


@dataclass(frozen=True)
class Document:
    """One brief as every stage after loading sees it: workers receive it whole and load nothing again."""

    source: Source
    brief: Brief
    brand: Brand | None  # None only in a check whose brand did not load
    slugs: tuple[str, ...]  # every brief in briefs/: the briefs a `brief:slug` link may name
    problems: tuple[Problem, ...] = ()  # what loading the brief reported (warnings: it loaded)
    languages: tuple[Language, ...] = ()  # its text in every language (source first), when it has translations


@dataclass
class Loaded:
    """What is in briefs/, loaded: the documents, and what kept the rest from loading."""

    documents: list[Document] = field(default_factory=list)  # every brief that loaded, sorted by slug
    unloaded: dict[str, list[Problem]] = field(default_factory=dict)  # slug -> why it did not load
    problems: list[Problem] = field(default_factory=list)    # misnamed briefs and what is wrong with the names
    failed: dict[str, int] = field(default_factory=dict)     # file -> errors in its name (or, misnamed, in it)
    slugs: tuple[str, ...] = ()  # every well-named brief
    misnamed: int = 0  # briefs whose name is wrong: loaded for their other problems, never built


def load_documents(project: Project, brand: Brand | None, debug: bool = False) -> Loaded:
    """Every brief under briefs/ loaded against the brand (against no brand's defaults when it failed: a check
    still checks the briefs)."""
    found = find(project)
    loaded = Loaded(problems=list(found.problems), slugs=tuple(s.slug for s in found.sources),
                    misnamed=len(found.misnamed))
    for problem in found.problems:
        loaded.failed[problem.path] = loaded.failed.get(problem.path, 0) + 1
    defaults = brand.defaults if brand else Defaults()
    for source in found.misnamed:  # never built, but the rest of what is wrong with them is said now
        _brief, problems = load_safely(source, project, defaults, debug)
        loaded.problems += problems
        where = project.rel(source.bundle or source.path)
        loaded.failed[where] = loaded.failed.get(where, 0) + sum(p.is_error for p in problems)
    briefs = []
    for source in found.sources:
        brief, problems = load_safely(source, project, defaults, debug)
        if brief is None:
            loaded.unloaded[source.slug] = problems
        else:
            briefs.append((source, brief, problems))
    _with_languages(project, briefs, brand, loaded)
    return loaded


def _with_languages(project: Project, briefs: list, brand: Brand | None, loaded: Loaded) -> None:
    """The documents, each with its languages; a translation whose source it may not name does not load."""
    across = check_across(project, [brief for _source, brief, _problems in briefs], loaded.slugs)
    valid = [(source, brief, problems) for source, brief, problems in briefs if brief.slug not in across]
    for source, brief, problems in briefs:
        if brief.slug in across:
            loaded.unloaded[source.slug] = problems + across[brief.slug]
    languages = families([brief for _source, brief, _problems in valid])
    loaded.documents += [Document(source, brief, brand, loaded.slugs, tuple(problems), languages.get(brief.slug, ()))
                         for source, brief, problems in valid]


def load_safely(source: Source, project: Project, defaults: Defaults, debug: bool = False):
    """load_brief, whose own failure on this brief (a RecursionError, a path Python refuses) is the brief's
    problem, not the build's."""
    loaded, failed = attempt(project.rel(source.path), "loading the brief", load_brief, source, project, defaults,
                             debug=debug)
    return loaded or (None, failed)


def unknown_slugs(wanted: tuple[str, ...], known: set[str]) -> list[Problem]:
    """An error for each slug given to --only that names no brief (build and check say it alike)."""
    return [Problem("briefs/", None, None, ERROR, f"no brief named '{slug}'{did_you_mean(slug, known)}", "build.only",
                    "give slugs as in briefs/<slug>.md, separated by commas") for slug in wanted if slug not in known]
