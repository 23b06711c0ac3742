"""The validation report: a table of files and tools (rich on a terminal, plain text otherwise), then each finding."""
from __future__ import annotations

import sys
from typing import TextIO

from .model import Result
from .run import Validation


def status(validation: Validation, file: str, tool: str) -> str:
    if file != "-" and any(r.file == "-" and r.tool == tool and r.fails for r in validation.results):
        return "NOT RUN"  # the tool itself could not run: its problem is listed under "-"
    found = [r for r in validation.results if r.file == file and r.tool == tool]
    failing = sum(r.fails for r in found)
    notes = len(found) - failing
    if failing:
        return f"FAIL ({failing})"
    return f"ok ({notes} note{'s' if notes != 1 else ''})" if notes else "ok"


def rows(validation: Validation) -> list[tuple[str, str, str]]:
    """(file, tool, status) for every file checked, plus problems that no file owns (a missing tool)."""
    table = [(file, tool, status(validation, file, tool)) for file, tools in sorted(validation.checked.items())
             for tool in tools]
    return table + [("-", tool, status(validation, "-", tool))
                    for tool in sorted({r.tool for r in validation.results if r.file == "-"})]


def print_report(validation: Validation, seconds: float, verbose: bool = False, out: TextIO | None = None) -> None:
    """The table, then every failure (and the notes too with `verbose`), then the summary line."""
    out = out or sys.stdout
    table = rows(validation)
    if out.isatty():
        _rich_table(table, out)
    else:
        width = max((len(file) for file, _, _ in table), default=4)
        print(f"{'file':<{width}}  {'tool':<9}  result", file=out)
        for file, tool, result in table:
            print(f"{file:<{width}}  {tool:<9}  {result}", file=out)
    for result in validation.results:
        if result.fails or verbose:
            print(result.render(), file=out)
    print(summary(validation.results, len(validation.checked), seconds), file=out)


def summary(results: list[Result], files: int, seconds: float) -> str:
    failing = {r.file for r in results if r.fails and r.file != "-"}
    count = sum(r.fails for r in results if r.file != "-")
    not_run = sorted({r.tool for r in results if r.fails and r.file == "-"})
    head = f"validated {files} file{'s' if files != 1 else ''}"
    if not count and not not_run:
        return f"{head}: all passed ({seconds:.0f} s)"
    parts = [f"{count} problem{'s' if count != 1 else ''} in {len(failing)} file{'s' if len(failing) != 1 else ''}"]
    if not_run:
        parts.append(f"could not run: {', '.join(not_run)}")
    return f"{head}: {'; '.join(parts)} ({seconds:.0f} s)"


def _rich_table(table: list[tuple[str, str, str]], out: TextIO) -> None:
    from rich.console import Console
    from rich.table import Table

    view = Table("file", "tool", "result")
    for file, tool, result in table:
        color = "red" if result.startswith(("FAIL", "NOT RUN")) else "green"
        view.add_row(file, tool, f"[{color}]{result}[/]")
    Console(file=out).print(view)
