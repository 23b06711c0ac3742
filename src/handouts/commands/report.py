"""Stage 9: problems printed sorted by file and line (each once), then the summary line."""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Iterable, TextIO

from ..problems import Problem, sort_key


@dataclass
class Reporter:
    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)
    errors: int = 0
    warnings: int = 0

    def problems(self, problems: Iterable[Problem]) -> None:
        for problem in sorted(set(problems), key=sort_key):
            if problem.is_error:
                self.errors += 1
            else:
                self.warnings += 1
            print(problem.render(), file=self.err)

    def line(self, text: str) -> None:
        print(text, file=self.out)

    def note(self, text: str) -> None:
        """About the machine, not a brief: never counted, never fails --strict."""
        print(f"note: {text}", file=self.err)
