"""Reading a brief's file: bytes to text, then front matter split from the body."""
from __future__ import annotations

from dataclasses import dataclass

from ..problems import Problems

MAX_BRIEF_BYTES = 8 * 1024 * 1024
_FENCE = "---"
_CLOSERS = ("---", "...")


@dataclass(frozen=True)
class Split:
    front_matter: str
    front_line: int  # file line of the front matter's first line
    body: str
    body_line: int  # file line of the body's first line


def decode(data: bytes, problems: Problems, of: str = "brief") -> str | None:
    """UTF-8 text (BOM dropped, CRLF/CR as LF), or None with a problem naming the bad byte (`of`: the codes' prefix)."""
    if len(data) > MAX_BRIEF_BYTES:
        problems.error(f"file is larger than {MAX_BRIEF_BYTES // (1024 * 1024)} MB", f"{of}.too-large", 1,
                       hint="split it into several briefs")
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.error(f"not valid UTF-8: byte 0x{data[exc.start]:02X} cannot be decoded", f"{of}.encoding",
                       line, col, "save the file as UTF-8 (in most editors: Save As, Encoding: UTF-8)")
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split(text: str, problems: Problems) -> Split | None:
    """Front matter between a first line '---' and the next '---' (or '...')."""
    if not text.strip():
        problems.error("file is empty", "brief.empty", 1,
                       hint="start with front matter: a line '---', 'title: ...' and the other fields, then '---'")
        return None
    lines = text.split("\n")
    if lines[0].rstrip() != _FENCE:
        problems.error("no front matter: the file must start with a line '---'", "brief.no-front-matter", 1,
                       hint="add '---', the fields (title, date, kind, summary), and '---' at the top")
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in _CLOSERS:
            return Split("\n".join(lines[1:index]), 2, "\n".join(lines[index + 1:]), index + 2)
    problems.error("front matter is not closed: no line '---' after the first", "brief.unterminated-front-matter", 1,
                   hint="add a line '---' after the last front matter field")
    return None
