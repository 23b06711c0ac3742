"""The build: load everything, plan the stale targets, render them (in parallel), then the shared files."""
from __future__ import annotations

import os
import re
import shutil
import sys
from dataclasses import dataclass, field

from . import engine, staging, workers
from .. import limits
from ..load.brand import Brand, load_brand
from ..editions import EDITIONS, FORMATS, RENDER_ORDER
from ..load.brief import Brief
from ..site.catalog import write_catalog
from ..document.checker import links_across
from ..document.translations import translation_problems
from ..load.discover import Source
from ..load.documents import Document, load_documents, unknown_slugs
from .engine import Job, Outcome
from .locking import build_lock
from .packets import build_packets, records as packet_records
from .plan import FileDigests, Manifest, Target, layouts_fingerprint, shared_fingerprint, target_fingerprint
from ..problems import WARNING, Problem, attempt
from .progress import LineProgress
from ..site.redirects import redirect_map, remove_stale, write_redirects
from ..project import Project
from ..formats import RENDERERS
from ..formats.base import output_path
from ..site.assets import ASSET_LAYOUTS, write_assets
from ..tools.templates import environment

_BRIEF_LINK = re.compile(r"\bbrief:([a-z0-9-]+)")
# A worker is replaced after this many briefs: WeasyPrint's memory grows from render to render
# (about 240 MB after the Rome Statute; each new worker costs a second of imports).
BRIEFS_PER_WORKER = 10
# Found before rendering, these make rendering the brief pointless: it would fail the same way, and take as long.
FATAL_BEFORE_RENDERING = ("internal", "limit.time", "pandoc.error")


@dataclass(frozen=True)
class Options:
    only: tuple[str, ...] = ()
    formats: tuple[str, ...] = FORMATS
    drafts: bool = False
    force: bool = False
    strict: bool = False
    debug: bool = False
    jobs: int | None = None  # worker processes; None: one per CPU


@dataclass
class Summary:
    built: list[str] = field(default_factory=list)
    current: list[str] = field(default_factory=list)
    failed: dict[str, int] = field(default_factory=dict)  # slug (or file) -> number of errors
    drafts: list[str] = field(default_factory=list)        # drafts not built (no --drafts)
    listed: list[Brief] = field(default_factory=list)      # published briefs without errors, for the catalogue
    problems: list[Problem] = field(default_factory=list)
    loaded: list[Brief] = field(default_factory=list)      # every brief that loaded, built or not
    known: set[str] = field(default_factory=set)           # the slug of every brief in briefs/
    timings: list[tuple[float, str, str]] = field(default_factory=list)  # (seconds, slug, format)

    def line(self) -> str:
        counts = f"built {len(self.built)}, up to date {len(self.current)}, failed {len(self.failed)}"
        if self.drafts:
            counts += f" ({len(self.drafts)} draft{'s' if len(self.drafts) != 1 else ''} skipped: --drafts builds them)"
        if not self.failed:
            return counts
        names = ", ".join(f"{name} ({n} error{'s' if n != 1 else ''})" for name, n in self.failed.items())
        return f"failed: {names} - {counts}"


@dataclass
class _Plan:
    job: Job
    brief: Brief
    targets: dict[str, Target]
    problems: list[Problem] = field(default_factory=list)  # found before rendering: links into other briefs
    replayed: list[Problem] = field(default_factory=list)  # what building its up-to-date targets reported
    web: bool = True  # whether the brief has a web edition asked for (its links to other briefs go with it)


def build(project: Project, options: Options, progress=None) -> Summary:
    summary = Summary()
    with build_lock(project):
        _remove_temporaries(project)
        staging.clear(project)
        brand, problems = load_brand(project)
        summary.problems += problems
        if brand is None:
            summary.failed[project.rel(project.brand_file)] = sum(p.is_error for p in problems)
            return summary
        env = environment(project)
        manifest = Manifest(project)
        shared = shared_fingerprint(project, brand, manifest.digests)
        plans = _plan(project, shared, manifest, options, summary, brand)
        with progress or LineProgress(open(os.devnull, "w")) as bar:
            bar.start(len(plans))
            for plan, outcome in _render(plans, options):
                _record(project, plan, outcome, manifest, summary, options)
                bar.advance(plan.brief.slug, _detail(outcome))
        build_packets(project, brand, env, manifest, shared, summary, options)  # after the briefs they bind
        _write_assets(project, brand, env, manifest, shared)
        _sync_dist(project, brand, env, manifest, summary)
        listed = sorted(summary.listed, key=lambda b: b.slug)
        write_catalog(project, brand, env, listed, {b.slug: manifest.records(b.slug) for b in listed},
                      packet_records(manifest))
        manifest.save()
    return summary


def _plan(project: Project, shared: str, manifest: Manifest, options: Options, summary: Summary,
          brand: Brand) -> list[_Plan]:
    """Load every brief (the catalogue lists them all); keep the selected ones that have stale targets."""
    plans, loaded = [], summary.loaded  # every brief that loads: the catalogue and dist/'s redirects need them
    documents = _documents(project, brand, options, summary)
    chosen = [d for d in documents if (d.brief.published or options.drafts)
              and (not options.only or d.brief.slug in options.only)]
    summary.problems += translation_problems(project, chosen, documents)  # said at every build: not a target's
    by_slug = {document.source.slug: document.source for document in documents}
    for document in documents:
        brief = document.brief
        loaded.append(brief)
        if not brief.published and not options.drafts:
            _remove_outputs(project, manifest, brief.slug)
            if not options.only or brief.slug in options.only:
                summary.drafts.append(brief.slug)
            if brief.slug in options.only:
                summary.problems.append(_draft_skipped(project, brief))
            continue
        if options.only and brief.slug not in options.only:
            summary.listed += [brief] if brief.published else []
            continue
        plan = _plan_brief(project, document, shared, manifest, options, summary, by_slug)
        plans += [plan] if plan else []
    # Links to anchors in other briefs: the workers see one brief each, so these are checked here, as check does.
    planned = {plan.brief.slug for plan in plans}
    across = links_across(project, [plan.brief for plan in plans], [b for b in loaded if b.slug not in planned],
                          tuple(sorted(summary.known)), options.debug)
    for plan in plans:
        plan.problems = across.get(plan.brief.slug, [])
    # Longest first, so that a long brief does not start last on an otherwise idle machine.
    return sorted(plans, key=lambda p: -_size(p.job.source))


def _plan_brief(project: Project, document: Document, shared: str, manifest: Manifest, options: Options,
                summary: Summary, sources: dict[str, Source]) -> _Plan | None:
    """The brief's plan when it has stale targets; else it is up to date (or failed to plan), said in the summary."""
    brief, problems = document.brief, list(document.problems)
    targets, failed = attempt(project.rel(brief.path), "planning the brief", _targets, project, document, shared,
                              options, sources, manifest.digests, debug=options.debug)
    if failed:
        summary.problems += problems + failed
        summary.failed[brief.slug] = len(failed)
        return None
    stale = {fmt: t for fmt, t in targets.items() if options.force or not manifest.is_current(t)}
    # Warnings are said again for what is up to date, so that a second build (or --strict) sees them too.
    replayed = [p for fmt, t in targets.items() if fmt not in stale for p in manifest.problems(t)]
    if not stale:
        summary.problems += problems + replayed
        summary.current.append(brief.slug)
        summary.listed += [brief] if brief.published else []
        return None
    workers.start_server()  # a brief to render: the workers' server starts as the planning goes on
    job = Job(project.root, document, tuple(stale), options.debug, limits.time_limit(),
              staging.prepare(project, brief.slug), downloads(project, brief, options))
    return _Plan(job, brief, stale, replayed=replayed, web="html" in targets)


def _documents(project: Project, brand: Brand, options: Options, summary: Summary) -> list[Document]:
    """Every brief loaded once; what kept some from loading (or from being named well) said in the summary."""
    loaded = load_documents(project, brand, options.debug)
    summary.problems += loaded.problems
    summary.failed.update(loaded.failed)
    for slug, problems in loaded.unloaded.items():
        summary.problems += problems
        summary.failed[slug] = sum(p.is_error for p in problems)
    summary.known = set(loaded.slugs)
    summary.problems += unknown_slugs(options.only, summary.known)
    summary.failed.update({slug: 1 for slug in options.only if slug not in summary.known})
    return loaded.documents


def _draft_skipped(project: Project, brief: Brief) -> Problem:
    line = brief.lines.get("status")
    return Problem(project.rel(brief.path), line, 1 if line else None, WARNING,
                   f"'{brief.slug}' is a draft: not built", "build.draft",
                   "add --drafts to build it (drafts are never listed in the catalogue)")


def _targets(project: Project, document: Document, shared: str, options: Options,
             sources: dict[str, Source], digests: FileDigests) -> dict[str, Target]:
    """The brief's targets in the formats asked for, each with the fingerprint of its inputs."""
    brief = document.brief
    wanted = [f for f in RENDER_ORDER if f in brief.formats and f in options.formats and f in RENDERERS]
    # The web edition links to the other formats: which of them will exist is one of its inputs. It also
    # stands for the brief's links to other briefs: when one of those changes, the links are checked again.
    # Its translations (or its source and the other translations) too: it links to each by language and title.
    others = ",".join(downloads(project, brief, options)) + _linked_briefs(brief, sources, digests) \
        + "".join(f";{language.slug}={language.lang}={language.title}" for language in document.languages)
    targets = {}
    for fmt in wanted:
        extra = others if EDITIONS[fmt].links_to_others else ""
        targets[fmt] = Target(brief.slug, fmt, output_path(project, brief.slug, fmt),
                              target_fingerprint(shared, project, digests, brief, fmt, EDITIONS[fmt].layouts, extra))
    return targets


def downloads(project: Project, brief: Brief, options: Options) -> tuple[str, ...]:
    """The brief's formats that will be in dist/ for an edition to link to: built now, or there from before
    (the downloads for the web edition; the web edition and the downloads for the e-mail)."""
    return tuple(f for f in RENDER_ORDER if (EDITIONS[f].download or f == "html") and f in brief.formats
                 and f in RENDERERS
                 and (f in options.formats or output_path(project, brief.slug, f).is_file()))


def _linked_briefs(brief: Brief, sources: dict[str, Source], digests: FileDigests) -> str:
    """The briefs `brief` links to (`brief:slug#id`), each by the hash of its text, or as missing."""
    slugs = sorted(set(_BRIEF_LINK.findall(brief.body)))
    return "".join(f";{slug}=" + (digests.of(sources[slug].path) if slug in sources else "missing") for slug in slugs)


def _render(plans: list[_Plan], options: Options):
    """(plan, outcome) as each brief finishes, in worker processes (one at least: only another process can
    stop a brief at its time limit). A brief whose checks already failed fatally is not rendered."""
    by_slug = {plan.brief.slug: plan for plan in plans}
    doomed = [plan for plan in plans if any(p.code in FATAL_BEFORE_RENDERING for p in plan.problems)]
    for plan in doomed:
        yield by_slug.pop(plan.brief.slug), Outcome(plan.brief.slug)
    jobs = [plan.job for plan in by_slug.values()]
    for job, outcome in workers.render_all(jobs, options.jobs or os.cpu_count() or 1, BRIEFS_PER_WORKER):
        yield by_slug[job.source.slug], outcome


def _record(project: Project, plan: _Plan, outcome: Outcome, manifest: Manifest, summary: Summary,
            options: Options) -> None:
    outcome.problems = plan.problems + outcome.problems
    outcome.problems += [p for p in dict.fromkeys(plan.replayed) if p not in outcome.problems]
    summary.problems += outcome.problems
    summary.timings += [(seconds, plan.brief.slug, fmt) for fmt, seconds in outcome.rendered.items()]
    if outcome.trace and options.debug:
        print(outcome.trace, file=sys.stderr)
    if outcome.errors:
        summary.failed[plan.brief.slug] = outcome.errors  # nothing recorded: it is tried again next time
        staging.discard(plan.job.staging)  # nothing published: dist/ keeps what the brief published before
        return
    staging.publish(project, plan.brief.slug, plan.job.staging)
    for fmt in outcome.rendered:
        # The links to other briefs are inputs of the web edition (of every format when there is none).
        links = plan.problems if fmt == "html" or not plan.web else []
        manifest.record(plan.targets[fmt], outcome.facts.get(fmt), links + outcome.by_format.get(fmt, []))
    summary.built.append(plan.brief.slug)
    summary.listed += [plan.brief] if plan.brief.published else []


def _detail(outcome: Outcome) -> str:
    if outcome.errors:
        return f"failed ({outcome.errors} error{'s' if outcome.errors != 1 else ''})"
    return ", ".join(f"{fmt} {seconds:.1f} s" for fmt, seconds in outcome.rendered.items())


def _size(source: Source) -> int:
    files = [p for p in source.bundle.rglob("*") if p.is_file()] if source.bundle else [source.path]
    return sum(p.stat().st_size for p in files)


def _write_assets(project: Project, brand: Brand, env, manifest: Manifest, shared: str) -> None:
    """dist/assets/, unless every file of it is there and its inputs are what they were."""
    target = Target("", "assets", project.dist / "assets",
                    layouts_fingerprint(shared, project, manifest.digests, "assets", ASSET_LAYOUTS))
    known = manifest.fact("", "assets", "files")
    if manifest.fact("", "assets", "fingerprint") == target.fingerprint and isinstance(known, list) \
            and all((project.dist / name).is_file() for name in known):
        return
    written = write_assets(brand, project, env)
    manifest.record(target, {"files": [path.relative_to(project.dist).as_posix() for path in written]})


def _sync_dist(project: Project, brand: Brand, env, manifest: Manifest, summary: Summary) -> None:
    """dist/ as the briefs make it: a page at each old slug (`aliases:`), no folder that no brief makes."""
    published = [brief for brief in summary.loaded if brief.published]
    redirects, problems = redirect_map(project, published, summary.known)
    summary.problems += problems
    write_redirects(project, brand, env, redirects)
    remove_stale(project, manifest, summary.known | set(redirects))


def _remove_temporaries(project: Project) -> None:
    """Half-written files of a build that was killed (atomic_write's '.<name>.*.tmp'): never outputs."""
    if project.dist.is_dir():
        for temporary in project.dist.rglob(".*.tmp"):
            temporary.unlink(missing_ok=True)


def _remove_outputs(project: Project, manifest: Manifest, slug: str) -> None:
    """Drafts appear nowhere in dist/ unless built with --drafts."""
    shutil.rmtree(project.dist / slug, ignore_errors=True)
    manifest.forget(slug)
