"""Rendering one brief's stale targets, in this process or a worker: pandoc once, then each format."""
from __future__ import annotations

import dataclasses
import functools
import resource
import signal
import time
import traceback
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..load.discover import Source
from ..load.documents import Document
from ..document.markdown import Fragment, to_html
from ..limits import MEMORY_LIMIT_BYTES, TIME_LIMIT_SECONDS, LimitExceeded
from ..tools.pandoc_tool import PandocError, PandocTimeout
from ..problems import ERROR, Problem, Problems, internal, relative
from ..project import Project
from ..formats import RENDERERS, Page
from ..formats.base import output_path
from .plan import file_facts
from ..tools.templates import environment

@dataclass(frozen=True)
class Job:
    """What a worker needs to render one brief: picklable, small."""

    root: Path
    document: Document  # the brief loaded in the main process, with its brand: nothing is loaded again here
    formats: tuple[str, ...]  # stale formats, in render order
    debug: bool = False
    time_limit: float = TIME_LIMIT_SECONDS  # the parent kills the worker a little after it
    staging: Path | None = None  # where the outputs are written, moved into dist/ only when the brief succeeds
    downloads: tuple[str, ...] = ()  # the brief's other formats published beside its web edition (the plan's)

    @property
    def source(self) -> Source:
        return self.document.source


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
def _context(root: Path):
    """The project and its templates, once per process (the templates reload themselves when they change)."""
    project = Project.at(root)
    return project, environment(project)


def _on_alarm(_signum, _frame):
    raise LimitExceeded("time limit exceeded")


def render(job: Job) -> Outcome:
    """Render the job's formats within the time and memory limits; every problem comes back in the outcome.
    The alarm (on the worker's processor time) stops Python code at the limit; native code ignores it, so the
    parent kills the worker too."""
    previous = signal.signal(signal.SIGPROF, _on_alarm)
    signal.setitimer(signal.ITIMER_PROF, job.time_limit)
    try:
        with _memory_limit():
            return _render(job)
    except LimitExceeded:  # outside a format's render: while loading the brief
        return Outcome(job.source.slug, problems=[over_time(_path(job), job.time_limit, "loading the brief")])
    except Exception as exc:  # ours: said as the brief's problem, and the worker goes on with the next
        return Outcome(job.source.slug, problems=[internal(_path(job), "loading the brief", exc)],
                       trace=traceback.format_exc())
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


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


def _path(job: Job) -> str:
    return relative(job.source.path, job.root)


def _data_bytes() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmData:"):
            return int(line.split()[1]) * 1024
    return 0


def _render(job: Job) -> Outcome:
    outcome = Outcome(job.source.slug)
    outcome.problems.extend(job.document.problems)
    log = Problems(_path(job))
    pages = _Pages(job, log)
    for fmt in job.formats:
        started = time.perf_counter()
        try:
            outcome.facts[fmt], mark = pages.render(fmt)
        except (LimitExceeded, PandocTimeout):
            log.items.append(over_time(log.path, job.time_limit, f"rendering {fmt}"))
            break
        except PandocError as exc:
            log.error(exc.said(), exc.code, job.document.brief.body_line, hint=exc.hint)
            break
        except MemoryError:
            log.error(f"memory limit exceeded ({MEMORY_LIMIT_BYTES // 2**20} MB) while rendering {fmt}",
                      "limit.memory", hint="split the brief, or make its images smaller")
            break
        except Exception as exc:  # our failure, not the writer's: the other formats and briefs go on
            log.items.append(internal(log.path, f"rendering {fmt}", exc))
            outcome.trace = traceback.format_exc()
            continue
        outcome.rendered[fmt] = time.perf_counter() - started
        outcome.by_format[fmt] = pages.shared + log.items[mark:]
    outcome.problems.extend(log.items)
    return outcome


class _Pages:
    """One brief's pages, one per format: pandoc's fragment and the thumbnail made once, for all of them."""

    def __init__(self, job: Job, log: Problems):
        self.job, self.log = job, log
        self.project, self.env = _context(job.root)
        # The renderers write into the staging folder, which holds the brief's current outputs as links.
        self.target = dataclasses.replace(self.project, output=job.staging) if job.staging else self.project
        self.fragment: Fragment | None = None
        self.shared: list[Problem] = []  # pandoc's, once for all formats
        self.thumbnail: str | None = None
        # The catalogue's thumbnail is the brief's, not a format's: drawn with the web edition, else with the
        # first format rendered (a `formats: [epub]` brief is listed with its cover too).
        self.thumbnailed = "html" if "html" in job.document.brief.formats else job.formats[0]

    def render(self, fmt: str) -> tuple[dict, int]:
        """The format rendered: the facts its renderer gives, and where its own problems start in the log."""
        document, log = self.job.document, self.log
        brief, brand = document.brief, document.brand
        mark = len(log.items)
        if self.fragment is None:
            self.fragment = to_html(brief, self.project, log, document.slugs)
            self.shared, mark = log.items[mark:], len(log.items)
        if fmt == self.thumbnailed:
            self.thumbnail = _thumbnail(brief, brand, self.target.dist / brief.slug, log)
        page = Page(brief, self.fragment, brand, self.target, self.env, log, self.job.downloads, self.thumbnail,
                    document.languages)
        facts = RENDERERS[fmt].render(page) or {}
        facts.update(file_facts(self.target.dist, output_path(self.target, brief.slug, fmt)))
        if fmt == self.thumbnailed:  # the brief's own facts, recorded once, with the output that draws its thumbnail
            facts["words"] = self.fragment.structure.words
            if self.thumbnail:
                facts["cover"] = file_facts(self.target.dist, self.target.dist / brief.slug / self.thumbnail)
        return facts, mark


def _thumbnail(brief, brand, folder: Path, log: Problems) -> str | None:
    from ..formats.covers import draw_thumbnail  # Pillow loads only when a brief is rendered (not for invoke check)

    return draw_thumbnail(brief, brand, folder, log)


def over_time(path: str, seconds: float, step: str) -> Problem:
    """The problem of a brief stopped at its time limit (`step`: the format, or what was being done)."""
    return Problem(path, None, None, ERROR, f"time limit exceeded ({seconds:g} s) while {step}", "limit.time",
                   "split the brief, or simplify what is nested deeply, its tables and its images (an SVG's filters)")


def lost(slug: str, path: str, exc: BaseException) -> Outcome:
    """The outcome of a brief whose worker failed outside our code (killed, or never answered)."""
    problem = Problem(path, None, None, ERROR, f"the worker rendering '{slug}' failed: {exc!r}", "internal",
                      "run again; if it fails again, build it alone with --jobs 1 --debug")
    return Outcome(slug, problems=[problem])
