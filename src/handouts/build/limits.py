"""One brief's limits: the time it may take (HANDOUTS_TIME_LIMIT overrides it) and the memory it may use."""
from __future__ import annotations

import os

from ..problems import ERROR, Problem, UserProblem

# A brief's renders, every format. The Rome Statute, the longest sample (190 KB, 80 printed pages), takes about
# 9 s on this project's 2-core machine (PDF 7.6 s, EPUB 1.1 s, web 0.1 s, pandoc included): the limit leaves
# room for a busy machine or a brief of some 300 pages (about 50 s), and frees a worker that is stuck.
TIME_LIMIT_SECONDS = 120
MEMORY_LIMIT_BYTES = 1536 * 2**20  # more than a worker holds before the brief; the Rome Statute needs ~100 MB
# A worker past its limit gets this long to stop by itself (Python code, its alarm) before it is killed.
GRACE_SECONDS = 5


def time_limit() -> float:
    """Seconds one brief may take: HANDOUTS_TIME_LIMIT when set (tests use a short one), else the default."""
    raw = os.environ.get("HANDOUTS_TIME_LIMIT", "").strip()
    if not raw:
        return TIME_LIMIT_SECONDS
    try:
        seconds = float(raw)
    except ValueError:
        seconds = 0
    if not 0 < seconds < 86400:
        raise UserProblem(Problem("HANDOUTS_TIME_LIMIT", None, None, ERROR, f"not a number of seconds: '{raw}'",
                                  "limit.setting", f"unset it (the default is {TIME_LIMIT_SECONDS} s) or give "
                                                   "a number of seconds such as 600"))
    return seconds


class LimitExceeded(Exception):
    """A brief took longer than its time limit."""
