"""One brief's limits: the processor time it may take (HANDOUTS_TIME_LIMIT overrides it) and the memory it may use."""
from __future__ import annotations

import os
from pathlib import Path

from .problems import ERROR, Problem, UserProblem

# A brief's renders, every format. The Rome Statute, the longest sample (190 KB, 80 printed pages), takes about
# 9 s on this project's 2-core machine (PDF 7.6 s, EPUB 1.1 s, web 0.1 s, pandoc included): the limit leaves
# room for a brief of some 300 pages (about 50 s), and frees a worker that is stuck. It counts the worker's
# processor time, not the clock's: on a machine busy with other work (a CI host, a laptop building something else)
# the Rome Statute took over 120 s of the clock and failed.
TIME_LIMIT_SECONDS = 120
MEMORY_LIMIT_BYTES = 1536 * 2**20  # more than a worker holds before the brief; the Rome Statute needs ~100 MB
# A worker past its limit gets this long to stop by itself (Python code, its alarm) before it is killed.
GRACE_SECONDS = 5
# A worker that does not work (blocked, waiting) spends no processor time: the clock stops it at this many limits.
CLOCK_LIMITS = 5
_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def processor_seconds(pid: int) -> float:
    """The processor time `pid` has used, user and system, its finished children's included (pandoc's); 0 when
    the process is gone or /proc is not there."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return 0.0
    return sum(int(value) for value in fields[11:15]) / _TICKS  # utime, stime, cutime, cstime


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
