"""Text pasted from a word processor: no-break spaces and curly quotes where YAML needs plain ones."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from ..problems import Problems
from .yamlsafe import YamlError

# Spaces a word processor puts where a writer typed one: YAML and Markdown take none of them for a space.
SPACES = {"\u00a0": "no-break space", "\u202f": "narrow no-break space", "\u2007": "figure space",
          "\u2009": "thin space", "\u3000": "ideographic space"}
# Characters that show nothing: in a key or an indentation they have one reading, none at all.
INVISIBLE = {"\u200b": "zero-width space", "\u2060": "word joiner", "\ufeff": "zero-width no-break space"}
CURLY_QUOTES = {"\u201c": "\u201d", "\u2018": "\u2019", "\u201e": "\u201c", "\u00ab": "\u00bb"}


@dataclass(frozen=True)
class CurlyValue:
    """A front matter value that starts and ends with curly quotes, which YAML keeps as text."""
    line: int    # 1-based, in the front matter
    col: int
    key: str
    value: str   # what is between the quotes
    marks: str   # the two quotation marks, as pasted

    def quoted(self) -> str:
        """The value as YAML quotes it: in double quotes, its own double quotes escaped."""
        return '"' + self.value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def name_of(char: str) -> str:
    """'no-break space (U+00A0)': what a writer cannot see, named."""
    name = SPACES.get(char) or INVISIBLE.get(char) or unicodedata.name(char, "character").lower()
    return f"{name} (U+{ord(char):04X})"


def clean_front_matter(text: str) -> tuple[str, list[CurlyValue]]:
    """The front matter with pasted spaces made plain where YAML reads structure (indentation, after a
    key's colon: one reading only), and the values a writer put in curly quotes."""
    lines, curly = [], []
    for number, line in enumerate(text.split("\n"), 1):
        line = _plain_structure(line)
        found = _curly_value(line, number)
        if found:
            curly.append(found)
        lines.append(line)
    return "\n".join(lines), curly


def _plain_structure(line: str) -> str:
    key, colon, rest = line.partition(":")
    if colon and _is_key("".join(c for c in key.strip(" " + "".join(SPACES)) if c not in INVISIBLE)):
        line = "".join(c for c in key if c not in INVISIBLE) + colon + rest
    body = line.lstrip(" " + "".join(SPACES))
    indent = " " * (len(line) - len(body))
    if body[:1] == "-" and body[1:2] in SPACES:  # a list item's dash
        body = "- " + body[2:]
    key, colon, rest = body.partition(":")
    if colon and _is_key(key) and rest[:1] in SPACES:
        rest = " " + rest.lstrip("".join(SPACES))
    return indent + key + colon + rest


def _is_key(text: str) -> bool:
    text = text[2:] if text.startswith("- ") else text
    return bool(text) and all(c.isalnum() or c in "_-" for c in text)


def _curly_value(line: str, number: int) -> CurlyValue | None:
    key, colon, rest = line.partition(":")
    value = rest.strip()
    if not colon or not _is_key(key.strip()) or len(value) < 2 or value[0] not in CURLY_QUOTES:
        return None
    if value[-1] != CURLY_QUOTES[value[0]]:
        return None
    return CurlyValue(number, len(line) - len(rest.lstrip()) + 1, key.strip(), value[1:-1], value[0] + value[-1])


def curly_error(exc: YamlError, curly: list[CurlyValue]) -> YamlError | None:
    """The YAML error a curly-quoted value caused (YAML reads its ': ' as another key), said as such."""
    for value in curly:
        if exc.line in (value.line, value.line + 1):
            return YamlError(f"the value of '{value.key}' is in curly quotes ({value.marks[0]} {value.marks[1]}), "
                             "which YAML does not "
                             "read as quotes", "yaml.curly-quotes", value.line, value.col,
                             f"write it in straight quotes: `{value.key}: {value.quoted()}`")
    return None


def report_curly(curly: list[CurlyValue], fields: tuple[str, ...], problems: Problems) -> None:
    """Curly quotes around a value that parsed: they stay in the text (a title printed in quotation marks)."""
    for value in curly:
        if value.key in fields:
            problems.warning(f"the value of '{value.key}' is in curly quotes ({value.marks[0]} {value.marks[1]}), "
                             "which stay in the text", "yaml.curly-quotes", value.line, value.col,
                             f"write `{value.key}: {value.quoted()}` in straight quotes; to print the quotation "
                             f"marks, write `{value.key}: '{value.marks[0]}{value.value.replace(chr(39), chr(39) * 2)}"
                             f"{value.marks[1]}'`")


def space_error(exc: YamlError, text: str) -> YamlError | None:
    """A YAML error on a line (or just after one: YAML says so a line late) that holds a pasted space."""
    lines = text.split("\n")
    for number in (exc.line - 1, exc.line) if exc.line else ():
        line = lines[number - 1] if 0 < number <= len(lines) else ""
        col = next((i for i, c in enumerate(line, 1) if c in SPACES), None)
        if col:
            return YamlError(f"a {name_of(line[col - 1])} where YAML needs an ordinary space", "yaml.pasted-space",
                             number, col, "replace it with an ordinary space (it came with text pasted from a "
                             "word processor)")
    return None
