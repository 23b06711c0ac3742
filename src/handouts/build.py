"""The build: discover, load, plan, render what is stale, write shared assets; one bad brief never stops the others."""
from __future__ import annotations

import shutil
import traceback
from dataclasses import dataclass, field

from .brand import Brand, load_brand
from .brief import FORMATS, Brief, load_brief
from .discover import Source, discover
from .markdown import Fragment, to_html
from .pandoc_tool import PandocError
from .plan import Manifest, Target, shared_fingerprint, target_fingerprint
from .problems import ERROR, Problem, Problems, did_you_mean
from .project import Project
from .renderers import RENDERERS, Page
from .report import Reporter
from .site import write_assets
from .templates import environment

# The web edition comes last: it links to the other formats that exist.
RENDER_ORDER = ("pdf", "epub", "html")


@dataclass(frozen=True)
class Options:
    only: tuple[str, ...] = ()
    formats: tuple[str, ...] = FORMATS
    drafts: bool = False
    force: bool = False
    strict: bool = False
    debug: bool = False


@dataclass
class Summary:
    built: list[str] = field(default_factory=list)
    current: list[str] = field(default_factory=list)
    failed: dict[str, int] = field(default_factory=dict)  # slug (or file) -> number of errors
    listed: list[Brief] = field(default_factory=list)      # published briefs that built, for the catalogue

    def line(self) -> str:
        counts = f"built {len(self.built)}, up to date {len(self.current)}, failed {len(self.failed)}"
        if not self.failed:
            return counts
        names = ", ".join(f"{name} ({n} error{'s' if n != 1 else ''})" for name, n in self.failed.items())
        return f"failed: {names} - {counts}"


def build(project: Project, options: Options, reporter: Reporter) -> Summary:
    summary = Summary()
    brand, problems = load_brand(project)
    reporter.problems(problems)
    if brand is None:
        summary.failed[project.rel(project.brand_file)] = sum(p.is_error for p in problems)
        return summary
    sources = _select(project, options, reporter, summary)
    env = environment(project)
    manifest = Manifest(project)
    shared = shared_fingerprint(project, brand)
    for source in sources:
        _build_one(source, project, brand, env, manifest, shared, options, reporter, summary)
    write_assets(brand, project, env)
    manifest.save()
    return summary


def _select(project: Project, options: Options, reporter: Reporter, summary: Summary) -> list[Source]:
    sources, problems = discover(project)
    reporter.problems(problems)
    for problem in problems:
        summary.failed[problem.path] = summary.failed.get(problem.path, 0) + 1
    if not options.only:
        return sources
    known = {s.slug for s in sources}
    for slug in options.only:
        if slug not in known:
            reporter.problems([Problem("briefs/", None, None, ERROR, f"no brief named '{slug}'{did_you_mean(slug, known)}",
                                       "build.only", "give slugs as in briefs/<slug>.md, separated by commas")])
            summary.failed[slug] = 1
    return [s for s in sources if s.slug in options.only]


def _build_one(source: Source, project: Project, brand: Brand, env, manifest: Manifest, shared: str,
               options: Options, reporter: Reporter, summary: Summary) -> None:
    brief, problems = load_brief(source, project, brand.defaults)
    if brief is None:
        reporter.problems(problems)
        summary.failed[source.slug] = sum(p.is_error for p in problems)
        return
    if not brief.published and not options.drafts:
        _remove_outputs(project, manifest, brief.slug)
        reporter.problems(problems)
        return
    log = Problems(project.rel(source.path))
    log.items.extend(problems)
    built = _render_stale(brief, project, brand, env, manifest, shared, options, log)
    reporter.problems(log.items)
    errors = sum(p.is_error for p in log.items)
    if brief.published and not errors:
        summary.listed.append(brief)
    if errors:
        summary.failed[brief.slug] = errors
    elif built:
        summary.built.append(brief.slug)
    else:
        summary.current.append(brief.slug)


def _render_stale(brief: Brief, project: Project, brand: Brand, env, manifest: Manifest, shared: str,
                  options: Options, log: Problems) -> bool:
    """Render the brief's stale targets (pandoc at most once); True when anything was written."""
    fragment: Fragment | None = None
    built = False
    for fmt in RENDER_ORDER:
        if fmt not in brief.formats or fmt not in options.formats or fmt not in RENDERERS:
            continue
        renderer = RENDERERS[fmt]
        target = Target(brief.slug, fmt, renderer.output(project, brief.slug),
                        target_fingerprint(shared, project, brief, fmt, _siblings(project, brief, fmt)))
        if not options.force and manifest.is_current(target):
            continue
        try:
            fragment = fragment or to_html(brief, project, log)
            renderer.render(Page(brief, fragment, brand, project, env, log))
        except PandocError as exc:
            log.error(f"pandoc could not convert the brief: {exc}", "pandoc.error", brief.body_line)
            return built
        except Exception as exc:  # our failure, not the writer's: keep going with the other briefs
            log.error(f"internal error while rendering {fmt}: {exc!r}", "internal",
                      hint="run again with --debug for the traceback, and report it")
            if options.debug:
                traceback.print_exc()
            continue
        manifest.record(target)
        built = True
    return built


def _siblings(project: Project, brief: Brief, fmt: str) -> str:
    """For the web edition: which other formats exist, since it links to them."""
    if fmt != "html":
        return ""
    return ",".join(f for f in RENDER_ORDER if f != "html" and f in RENDERERS
                    and RENDERERS[f].output(project, brief.slug).is_file())


def _remove_outputs(project: Project, manifest: Manifest, slug: str) -> None:
    """Drafts appear nowhere in dist/ unless built with --drafts."""
    shutil.rmtree(project.dist / slug, ignore_errors=True)
    manifest.forget(slug)
