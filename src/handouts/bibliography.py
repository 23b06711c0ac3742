"""A brief's bibliography file (CSL-JSON, CSL-YAML or BibTeX): its entry ids, or why it cannot be read."""
from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from .policy import control_characters

_BIBTEX_KEY = re.compile(r"@\w+\s*\{\s*([^,\s]+)\s*,")


def read_bibliography(path: Path) -> tuple[set[str] | None, str | None]:
    """(the entry ids, None), or (None, why the file cannot be read, with the line and column where known)."""
    try:
        text = path.read_text("utf-8")
    except UnicodeDecodeError:
        return None, "it is not UTF-8 text"
    except OSError as exc:
        return None, exc.strerror or str(exc)
    if path.suffix == ".bib":
        controls = [(n, found) for n, line in enumerate(text.split("\n"), 1) if (found := control_characters(line))]
        if controls:  # citeproc would copy them into the book's XHTML, which they make ill-formed
            line, found = controls[0]
            return None, f"line {line} has a control character ({', '.join(found)})"
        return set(_BIBTEX_KEY.findall(text)), None
    try:
        if path.suffix == ".json":
            entries = json.loads(text)
        else:
            data = yaml.safe_load(text)
            entries = data.get("references", []) if isinstance(data, dict) else data
    except json.JSONDecodeError as exc:
        return None, f"line {exc.lineno}, column {exc.colno}: {exc.msg}"
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        return None, f"{at}{getattr(exc, 'problem', None) or exc}"
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        return None, "it is not a list of entries"
    for entry in entries:
        found = _controls_in(entry)
        if found:
            return None, f"entry '{entry.get('id', '?')}' has a control character ({', '.join(found)})"
    return {str(e["id"]) for e in entries if "id" in e}, None


def _controls_in(entry: dict) -> list[str]:
    """The control characters in an entry's keys and text, nested lists and objects included."""
    stack: list = [entry]
    found: list[str] = []
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack += [*item.keys(), *item.values()]
        elif isinstance(item, list):
            stack += item
        elif isinstance(item, str):
            found += control_characters(item)
    return list(dict.fromkeys(found))
