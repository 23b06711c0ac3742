"""What each task does, as functions returning an exit status; tasks.py only parses flags and calls these."""
from __future__ import annotations

import dataclasses
import shutil
import sys
import time
import traceback
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from ..load.brand import load_brand
from ..editions import FORMATS
from ..build.run import Options, build
from ..build.workers import start_server, wait_for_server
from ..document.checker import deep_check
from ..document.translations import translation_problems
from ..load.documents import load_documents, unknown_slugs
from ..load.packet import load_packets
from ..problems import UserProblem, sort_key
from ..build.progress import progress_for
from ..site.redirects import redirect_map
from ..project import Project
from ..formats import RENDERERS
from .report import Reporter
from .scaffold import new_brief

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 70


@contextmanager
def guarded(debug: bool):
    """User problems as messages; our own failures as one line, or a traceback with --debug."""
    try:
        yield
    except UserProblem as exc:
        print(exc.problem.render(), file=sys.stderr)
        raise SystemExit(EXIT_USAGE) from None
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        raise SystemExit(130) from None
    except Exception as exc:
        if debug:
            traceback.print_exc()
        else:
            print(f"internal error: {exc!r} (run again with --debug for the traceback, and report it)",
                  file=sys.stderr)
        raise SystemExit(EXIT_INTERNAL) from None


def split_list(value: str | None) -> tuple[str, ...]:
    return tuple(item.strip() for item in (value or "").split(",") if item.strip())


def run_build(root: Path, only: str | None = None, formats: str | None = None, drafts: bool = False,
              force: bool = False, strict: bool = False, debug: bool = False, jobs: int | None = None,
              verbose: bool = False) -> int:
    chosen = split_list(formats) or tuple(f for f in FORMATS if f in RENDERERS)
    unknown = [f for f in chosen if f not in FORMATS]
    unavailable = [f for f in chosen if f in FORMATS and f not in RENDERERS]
    if unknown or unavailable:
        what = f"unknown format(s): {', '.join(unknown)}" if unknown else \
            f"format(s) not available in this version: {', '.join(unavailable)}"
        print(f"error: {what} [build.formats]\n  hint: choose from {', '.join(RENDERERS)}", file=sys.stderr)
        return EXIT_USAGE
    options = Options(only=split_list(only), formats=chosen, drafts=drafts, force=force, strict=strict, debug=debug,
                      jobs=jobs)
    reporter = Reporter()
    with guarded(debug):
        summary = build(Project.at(root), options, progress_for())
    reporter.problems(summary.problems)
    for note in machine_notes(summary):
        reporter.note(note)
    reporter.line(summary.line())
    if verbose and summary.timings:
        reporter.line("slowest: " + ", ".join(f"{slug} {fmt} {seconds:.1f} s"
                                              for seconds, slug, fmt in sorted(summary.timings, reverse=True)[:5]))
    if summary.failed or (strict and reporter.warnings):
        return EXIT_FAILED
    return EXIT_OK


def machine_notes(summary) -> list[str]:
    """What this machine lacks that made the build slower: said once a build, about the machine."""
    from ..tools.provision import SUBSETTER

    if any(fmt == "pdf" for _seconds, _slug, fmt in summary.timings) and not SUBSETTER.present():
        return [f"{SUBSETTER.name} is not installed, so WeasyPrint subsets the PDFs' fonts with fontTools, "
                f"about 25% slower (the PDFs look the same): apt-get install {SUBSETTER.name}"]
    return []


def run_check(root: Path, only: str | None = None, strict: bool = False, debug: bool = False) -> int:
    """Validate the brand and the briefs without rendering: every problem at once."""
    project = Project.at(root)
    reporter = Reporter()
    started = time.perf_counter()
    with guarded(debug):
        brand, problems = load_brand(project)
        reporter.problems(problems)
        wanted = split_list(only)
        loaded = load_documents(project, brand, debug)
        picked = lambda slug: not wanted or slug in wanted  # noqa: E731
        found = loaded.problems + unknown_slugs(wanted, set(loaded.slugs))
        found += [p for slug, problems in loaded.unloaded.items() if picked(slug) for p in problems]
        found += [p for d in loaded.documents if picked(d.brief.slug) for p in d.problems]
        checked = loaded.misnamed + sum(map(picked, loaded.slugs))
        chosen = [d.brief for d in loaded.documents if picked(d.brief.slug)]
        others = [d.brief for d in loaded.documents if not picked(d.brief.slug)]
        clashes = redirect_map(project, [b for b in chosen + others if b.published], set(loaded.slugs))[1]
        found += [p for p in clashes if p.path in {project.rel(b.path) for b in chosen}]
        # The bodies too (links, anchors, notes, citations), all problems sorted together by file and line.
        found += translation_problems(project, [d for d in loaded.documents if picked(d.brief.slug)],
                                      loaded.documents)
        if not wanted:  # the packets too: a packet names briefs, checked against those that loaded
            found += load_packets(project, {d.brief.slug: d.brief for d in loaded.documents}, loaded.slugs)[1]
        reporter.problems(found + deep_check(project, chosen, others, loaded.slugs, debug))
    reporter.line(f"checked {checked} brief{'s' if checked != 1 else ''}: {reporter.errors} error"
                  f"{'s' if reporter.errors != 1 else ''}, {reporter.warnings} warning"
                  f"{'s' if reporter.warnings != 1 else ''} ({time.perf_counter() - started:.2f} s)")
    if reporter.errors or (strict and reporter.warnings):
        return EXIT_FAILED
    return EXIT_OK


def run_translations(root: Path, debug: bool = False) -> int:
    """`invoke translations`: the table of each source's translations (commands/translations.py)."""
    from .translations import translation_table

    with guarded(debug):
        return translation_table(root)


def run_new(root: Path, title: str, kind: str = "brief", bundle: bool = False, debug: bool = False,
            slug: str | None = None) -> int:
    project = Project.at(root)
    with guarded(debug):
        path = new_brief(project, title, kind, bundle, slug=slug)
    slug = path.parent.name if bundle else path.stem
    print(f"created {project.rel(path)}")
    if bundle:
        print(f"  images go in {project.rel(path.parent)}/figures/; for citations, add a references.json"
              " beside it and `bibliography: references.json` to the front matter")
    print(f"next: write it, then preview it with: invoke build --only {slug} --drafts"
          " (set 'status: published' to list it in the catalogue)")
    print(f"  check it as you write with: invoke check --only {slug}")
    return EXIT_OK


def run_serve(root: Path, port: int = 8000, drafts: bool = False, debug: bool = False) -> int:
    """Build, serve dist/ on localhost, rebuild what changed and reload the browser, until Ctrl-C."""
    from ..site.serve import serve

    project = Project.at(root)
    options = Options(formats=tuple(f for f in FORMATS if f in RENDERERS), drafts=drafts, debug=debug)
    web = dataclasses.replace(options, formats=("html",))
    with guarded(debug):
        start_server()  # warm before the first save, even when the first build renders nothing
        serve(project, port, _rebuilder(project, web, debug), _rebuilder(project, options, debug),
              ready=wait_for_server)
    return EXIT_OK


def _rebuilder(project: Project, options: Options, debug: bool) -> Callable[[], str | None]:
    """One incremental build, reported as `invoke build` does, returning its errors as text for the page."""

    def rebuild() -> str | None:
        try:
            summary = build(project, options, progress_for())
        except UserProblem as exc:
            summary, text = None, exc.problem.render()
        except Exception as exc:  # ours, not the writer's: say so, and keep serving
            if debug:
                traceback.print_exc()
            summary, text = None, f"internal error: {exc!r} (run again with --debug for the traceback, and report it)"
        if summary is None:
            print(text, file=sys.stderr)
            return text
        reporter = Reporter()
        reporter.problems(summary.problems)
        reporter.line(summary.line())
        if not summary.failed:
            return None
        errors = [p.render() for p in sorted(set(summary.problems), key=sort_key) if p.is_error]
        return "\n".join([*errors, summary.line()])

    return rebuild


def run_clean(root: Path) -> int:
    project = Project.at(root)
    for folder in (project.dist, project.cache):
        if folder.exists():
            shutil.rmtree(folder)
            print(f"removed {project.rel(folder)}/")
    return EXIT_OK


def run_bench(root: Path, copies: int, out: Path) -> int:
    """The benchmark of issue 7: a table of ratios on the terminal, the numbers in JSON."""
    import json

    from .bench import run, table

    result = run(root, copies)
    print(table(result))
    out.write_text(json.dumps(result, indent=1, sort_keys=True) + "\n", "utf-8")
    print(f"wrote {out}")
    return EXIT_OK


def run_provide(root: Path, purpose: str) -> int:
    """Install what `invoke test` or `invoke validate` needs, or say exactly what to run (exit 1)."""
    from ..tools import provision

    try:
        provision.provide(root, purpose)
    except provision.NotProvided as exc:
        print(f"error: invoke {purpose} cannot run: {exc} [{purpose}.tools]", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def run_validate(root: Path, only: str | None = None, verbose: bool = False, debug: bool = False) -> int:
    """Issue 10: the real validators over dist/; a table per file, non-zero when any check fails."""
    from ..validators import KINDS, Tools, failures, validate
    from ..validators.table import print_report

    kinds = split_list(only) or KINDS
    unknown = [k for k in kinds if k not in KINDS]
    dist = Project.at(root).dist
    if unknown:
        print(f"error: unknown kind(s): {', '.join(unknown)} [validate.only]\n  hint: choose from {', '.join(KINDS)}",
              file=sys.stderr)
        return EXIT_USAGE
    if not dist.is_dir():
        print("error: there is no dist/ to validate [validate.no-dist]\n  hint: run `invoke build` first",
              file=sys.stderr)
        return EXIT_FAILED
    if run_provide(root, "validate"):
        return EXIT_FAILED
    started = time.perf_counter()
    with guarded(debug):
        validation = validate(dist, kinds, Tools.find(Project.at(root).root))
    if not validation.checked:  # a gate that passes on nothing would hide a build that wrote nothing
        print(f"error: no {', '.join(kinds)} output in dist/ to validate [validate.empty]\n"
              "  hint: run `invoke build` first", file=sys.stderr)
        return EXIT_FAILED
    print_report(validation, time.perf_counter() - started, verbose)
    return EXIT_FAILED if failures(validation.results) else EXIT_OK
