"""Build progress: a rich progress bar on a terminal, plain log lines otherwise."""
from __future__ import annotations

import sys
from typing import TextIO


class LineProgress:
    """One line per finished brief, for logs and CI."""

    def __init__(self, stream: TextIO | None = None):
        self.stream = stream or sys.stderr
        self.total = 0
        self.done = 0

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def start(self, total: int) -> None:
        self.total = total

    def advance(self, slug: str, detail: str) -> None:
        self.done += 1
        print(f"[{self.done}/{self.total}] {slug}: {detail}", file=self.stream, flush=True)


class RichProgress:
    """A bar of briefs done over briefs to render, naming the last one finished."""

    def __init__(self):
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self.bar = Progress(TextColumn("building"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                            TextColumn("{task.description}"), console=Console(stderr=True), transient=True)
        self.task = None

    def __enter__(self):
        self.bar.__enter__()
        return self

    def __exit__(self, *exc):
        return self.bar.__exit__(*exc)

    def start(self, total: int) -> None:
        self.task = self.bar.add_task("", total=total)

    def advance(self, slug: str, detail: str) -> None:
        self.bar.update(self.task, advance=1, description=f"{slug}: {detail}")


def progress_for(stream: TextIO | None = None):
    stream = stream or sys.stderr
    return RichProgress() if stream.isatty() else LineProgress(stream)
