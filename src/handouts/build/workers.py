"""Worker processes rendering one brief at a time, killed and replaced by the parent at a brief's time limit."""
from __future__ import annotations

import ctypes
import os
import signal
import time
from collections import deque
from dataclasses import dataclass
from multiprocessing import connection, forkserver, get_context
from typing import Iterator

from . import engine
from .engine import Job, Outcome
from ..formats import MODULES
from ..limits import CLOCK_LIMITS, GRACE_SECONDS, processor_seconds
from ..problems import relative

# Native code such as resvg never sees a worker's own alarm: only the parent can keep the limit.
# Workers fork from a server that has imported the pipeline and WeasyPrint once (about 1 s), not per worker.
_CONTEXT = get_context("forkserver")
_PR_SET_PDEATHSIG = 1  # linux/prctl.h
LOOK_SECONDS = 0.5  # how often the parent looks at its workers' processor time while none answers
_CONTEXT.set_forkserver_preload(["handouts.build.engine", "weasyprint", *MODULES, "handouts.build.warm"])


def start_server() -> None:
    """Start the fork server now, while the build plans: its imports and warm-up then overlap the planning."""
    forkserver.ensure_running()


def wait_for_server() -> None:
    """Return once the fork server has imported and warmed up: it forks a process only then."""
    probe = _CONTEXT.Process(target=_exit_at_once, daemon=True)
    probe.start()
    probe.join()


def _exit_at_once() -> None:
    pass


def _serve(inbox: connection.Connection, environment: dict[str, str]) -> None:
    """A worker's loop: jobs in, outcomes out, until the parent closes the pipe."""
    os.setpgrp()  # its own process group: killing it kills the pandoc it runs too
    _die_with_parent()
    os.environ.clear()
    os.environ.update(environment)  # the build's, not the fork server's (which is as old as the first build)
    while True:
        try:
            job = inbox.recv()
        except EOFError:
            return
        inbox.send(engine.render(job))


def _die_with_parent() -> None:
    """Killed when the fork server dies, as it does with the build: a killed build leaves no worker writing."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the worker ends when it next reads from its closed pipe
        pass


@dataclass
class _Worker:
    process: object
    pipe: connection.Connection
    done: int = 0
    job: Job | None = None
    given: float = 0.0  # when it was given its job, on the clock
    used: float = 0.0  # the processor time it had used by then

    def past_limit(self) -> bool:
        """Past its brief's processor time (and the grace to stop by itself), or stuck that long many times over."""
        limit = self.job.time_limit
        return (processor_seconds(self.process.pid) - self.used >= limit + GRACE_SECONDS
                or time.monotonic() - self.given >= limit * CLOCK_LIMITS)

    @classmethod
    def start(cls) -> "_Worker":
        parent, child = _CONTEXT.Pipe()
        process = _CONTEXT.Process(target=_serve, args=(child, dict(os.environ)), daemon=True)
        process.start()
        child.close()
        return cls(process, parent)

    def give(self, job: Job) -> None:
        self.job, self.given, self.used = job, time.monotonic(), processor_seconds(self.process.pid)
        try:
            self.pipe.send(job)
        except OSError:
            pass  # it has died: the next look at it says so

    def stop(self, kill: bool = False) -> None:
        if kill:
            for stop in (lambda: os.killpg(self.process.pid, signal.SIGKILL), self.process.kill):
                try:
                    stop()
                except (ProcessLookupError, PermissionError):
                    pass
        self.pipe.close()
        self.process.join(timeout=GRACE_SECONDS)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()


def render_all(jobs: list[Job], workers: int, briefs_per_worker: int) -> Iterator[tuple[Job, Outcome]]:
    """(job, outcome) as each brief finishes, in `workers` processes, each replaced after `briefs_per_worker`
    briefs, when it dies, or when its brief passes the time limit."""
    waiting, pool = deque(jobs), [_Worker.start() for _ in range(min(workers, len(jobs)))]
    try:
        while waiting or any(w.job for w in pool):
            for worker in pool:
                if worker.job is None and waiting:
                    worker.give(waiting.popleft())
            yield from _collect(pool, briefs_per_worker)
    finally:
        for worker in pool:
            worker.stop(kill=worker.job is not None)


def _collect(pool: list[_Worker], briefs_per_worker: int) -> Iterator[tuple[Job, Outcome]]:
    """Wait for a worker to answer, die or pass its limit; yield what it finished, and replace it if needed."""
    busy = [w for w in pool if w.job]
    connection.wait([w.pipe for w in busy] + [w.process.sentinel for w in busy], LOOK_SECONDS)
    for index, worker in enumerate(pool):
        job = worker.job
        outcome, healthy = _answer(worker) if job else (None, True)
        if outcome is None:
            continue
        worker.job, worker.done = None, worker.done + 1
        yield job, outcome
        if not healthy or worker.done >= briefs_per_worker:
            worker.stop(kill=not healthy)
            pool[index] = _Worker.start()


def _answer(worker: _Worker) -> tuple[Outcome | None, bool]:
    """The worker's outcome and whether it can go on: its answer, or a problem when it died or ran past the
    limit; None while it is still within its time."""
    job = worker.job
    path = relative(job.source.path, job.root)
    if worker.pipe.poll():
        try:
            return worker.pipe.recv(), True
        except (EOFError, OSError):
            pass  # it died while answering
    if not worker.process.is_alive() or worker.pipe.closed:
        return engine.lost(job.source.slug, path, RuntimeError(f"exit code {worker.process.exitcode}")), False
    if worker.past_limit():
        problem = engine.over_time(path, job.time_limit, f"rendering {', '.join(job.formats)}")
        return Outcome(job.source.slug, problems=[problem]), False
    return None, True
