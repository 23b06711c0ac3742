"""Rendering one brief's stale targets, in this process or a worker: pandoc once, then each format."""
from __future__ import annotations

import functools
import resource
import signal
import time
import traceback
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .brand import load_brand
from .brief import load_brief
from .discover import Source
from .markdown import Fragment, to_html
from .pandoc_tool import PandocError
from .problems import Problem, Problems
from .project import Project
from .renderers import RENDERERS, Page
from .templates import environment

TIME_LIMIT_SECONDS = 600  # one brief's renders; the Rome Statute takes about 20 s
MEMORY_LIMIT_BYTES = 1536 * 2**20  # more than a worker holds before the brief; the Rome Statute needs ~100 MB


@dataclass(frozen=True)
class Job:
    """What a worker needs to render one brief: picklable, small."""

    root: Path
    source: Source
    formats: tuple[str, ...]  # stale formats, in render order
    debug: bool = False


@dataclass
class Outcome:
    slug: str
    rendered: dict[str, float] = field(default_factory=dict)  # format -> seconds
    facts: dict[str, dict] = field(default_factory=dict)     # format -> what its renderer said of the output
    problems: list[Problem] = field(default_factory=list)
    by_format: dict[str, list[Problem]] = field(default_factory=dict)  # format -> what rendering it reported
    trace: str | None = None  # our own failure, for --debug

    @property
    def errors(self) -> int:
        return sum(p.is_error for p in self.problems)


@functools.lru_cache(maxsize=4)
def _context(root: Path, brand_stamp: float):
    """The brand and templates, loaded once per process (and again if _brand.yml changes)."""
    project = Project.at(root)
    brand, _problems = load_brand(project)
    return project, brand, environment(project)


class LimitExceeded(Exception):
    """A brief took longer than TIME_LIMIT_SECONDS to render."""


def _on_alarm(_signum, _frame):
    raise LimitExceeded(f"time limit exceeded ({TIME_LIMIT_SECONDS} s)")


def render(job: Job) -> Outcome:
    """Render the job's formats within the time and memory limits; every problem comes back in the outcome."""
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.alarm(TIME_LIMIT_SECONDS)
    try:
        with _memory_limit():
            return _render(job)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def _memory_limit():
    """At most MEMORY_LIMIT_BYTES more data than the process holds now: past that, allocations fail
    (MemoryError) instead of the machine swapping."""
    soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    wanted = _data_bytes() + MEMORY_LIMIT_BYTES
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (wanted, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_DATA, (soft, hard))


def _data_bytes() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmData:"):
            return int(line.split()[1]) * 1024
    return 0


def _render(job: Job) -> Outcome:
    outcome = Outcome(job.source.slug)
    project, brand, env = _context(job.root, (job.root / "_brand.yml").stat().st_mtime)
    brief, problems = load_brief(job.source, project, brand.defaults)
    outcome.problems.extend(problems)
    if brief is None:
        return outcome
    log = Problems(project.rel(job.source.path))
    fragment: Fragment | None = None
    shared: list[Problem] = []  # pandoc's, once for all formats
    for fmt in job.formats:
        started = time.perf_counter()
        mark = len(log.items)
        try:
            if fragment is None:
                fragment = to_html(brief, project, log)
                shared, mark = log.items[mark:], len(log.items)
            outcome.facts[fmt] = RENDERERS[fmt].render(Page(brief, fragment, brand, project, env, log)) or {}
        except PandocError as exc:
            log.error(f"pandoc could not convert the brief: {exc}", "pandoc.error", brief.body_line)
            break
        except LimitExceeded as exc:
            log.error(f"{exc} while rendering {fmt}", "limit.time", hint="split the brief, or simplify its tables")
            break
        except MemoryError:
            log.error(f"memory limit exceeded ({MEMORY_LIMIT_BYTES // 2**20} MB) while rendering {fmt}",
                      "limit.memory", hint="split the brief, or make its images smaller")
            break
        except Exception as exc:  # our failure, not the writer's: the other formats and briefs go on
            log.error(f"internal error while rendering {fmt}: {exc!r}", "internal",
                      hint="run again with --debug for the traceback, and report it")
            outcome.trace = traceback.format_exc()
            continue
        outcome.rendered[fmt] = time.perf_counter() - started
        outcome.by_format[fmt] = shared + log.items[mark:]
    outcome.problems.extend(log.items)
    return outcome


def lost(slug: str, exc: BaseException) -> Outcome:
    """The outcome of a brief whose worker failed outside our code (killed, or never answered)."""
    problem = Problem(slug, None, None, "error", f"the worker rendering '{slug}' failed: {exc!r}", "internal",
                      "run again; if it fails again, build it alone with --jobs 1 --debug")
    return Outcome(slug, problems=[problem])
