"""Problems: what the user did wrong (or what we warn about), with file:line, a code and a hint."""
from __future__ import annotations

import difflib
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int | None
    col: int | None
    severity: str
    message: str
    code: str
    hint: str | None = None

    def render(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.col is not None:
                where += f":{self.col}"
        text = f"{where}: {self.severity}: {self.message} [{self.code}]"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


class UserProblem(Exception):
    """Raised deep inside a stage when a user's input makes it impossible to go on."""

    def __init__(self, problem: Problem):
        super().__init__(problem.render())
        self.problem = problem


class Problems:
    """The problems of one file, collected so that all of them are reported in one run."""

    def __init__(self, path: str, line_offset: int = 0):
        self.path = path
        self.line_offset = line_offset
        self.items: list[Problem] = []

    def add(self, severity: str, message: str, code: str, line: int | None = None,
            col: int | None = None, hint: str | None = None) -> None:
        if line is not None:
            line += self.line_offset
        self.items.append(Problem(self.path, line, col, severity, message, code, hint))

    def error(self, message: str, code: str, line: int | None = None, col: int | None = None,
              hint: str | None = None) -> None:
        self.add(ERROR, message, code, line, col, hint)

    def warning(self, message: str, code: str, line: int | None = None, col: int | None = None,
                hint: str | None = None) -> None:
        self.add(WARNING, message, code, line, col, hint)

    @property
    def has_errors(self) -> bool:
        return any(p.is_error for p in self.items)


def internal(path: str, step: str, exc: BaseException) -> Problem:
    """Our own failure on one brief, as that brief's problem: the build goes on with the others."""
    return Problem(path, None, None, ERROR, f"internal error while {step}: {exc!r}", "internal",
                   "run again with --debug for the traceback, and report it")


def attempt(path: str, step: str, call, *args, debug: bool = False):
    """(call(*args), []), or (None, [its failure as the brief's problem]): a step of one brief that fails
    (a RecursionError, a path Python refuses) never stops the build. --debug prints the traceback."""
    try:
        return call(*args), []
    except Exception as exc:
        if debug:
            traceback.print_exc(file=sys.stderr)
        return None, [internal(path, step, exc)]


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice closest to a misspelled word, if any is close."""
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return match[0] if match else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' when a choice is close to the word, else ''."""
    match = closest(word, choices)
    return f" (did you mean '{match}'?)" if match else ""


def relative(path: Path, root: Path) -> str:
    """The path as the user sees it: relative to the project when inside it."""
    for inside, of in ((path.resolve(), root.resolve()), (path.absolute(), root.absolute())):
        if inside.is_relative_to(of):  # resolved; else as written (a symbolic link out is named by its link)
            return inside.relative_to(of).as_posix()
    return str(path)


def sort_key(problem: Problem) -> tuple:
    return (problem.path, problem.line or 0, problem.col or 0, problem.code, problem.message)
