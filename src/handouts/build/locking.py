"""One build at a time per project: a lock file in the build cache; a second build waits and says so."""
from __future__ import annotations

import fcntl
import sys
from contextlib import contextmanager

from ..project import Project


@contextmanager
def build_lock(project: Project):
    project.cache.mkdir(parents=True, exist_ok=True)
    with open(project.cache / "build.lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print("another build is running in this project; waiting for it to finish", file=sys.stderr, flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
