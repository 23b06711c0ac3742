"""A brief's bibliography file (CSL-JSON, CSL-YAML or BibTeX): its entry ids, or why it cannot be read."""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import yaml

from ..atomic import atomic_write
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
    except RecursionError:  # lists in lists, thousands deep: no bibliography is shaped so
        return None, "it is nested too deeply to be a list of entries"
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        return None, "it is not a list of entries"
    for entry in entries:
        found = _controls_in(entry)
        if found:
            return None, f"entry '{entry.get('id', '?')}' has a control character ({', '.join(found)})"
    return {str(e["id"]) for e in entries if "id" in e}, None


def for_citeproc(path: Path, cache: Path) -> Path:
    """The bibliography citeproc reads: CSL-JSON with titles as written, each case with its short name and court.

    Kept in `cache` under the hash of the source, so it is derived once; `path` itself when it cannot be read (the
    brief's own check reports that)."""
    source = path.read_bytes()
    target = cache / "bibliography" / f"{hashlib.sha256(_DERIVATION + source).hexdigest()[:24]}.json"
    if target.is_file():
        return target
    entries = _entries(path, source)
    if entries is None:
        return path
    atomic_write(target, json.dumps([_with_legal_short_forms(e) for e in entries], ensure_ascii=False, indent=1,
                                    sort_keys=True, default=str).encode("utf-8"))
    return target


_DERIVATION = b"handouts-bibliography-1\n"  # changes when for_citeproc derives something else


def _entries(path: Path, source: bytes) -> list[dict] | None:
    """The entries as CSL-JSON objects: BibTeX through pandoc (its titles braced first), CSL-JSON and YAML read."""
    from ..tools import pandoc_tool

    try:
        if path.suffix != ".bib":
            text = source.decode("utf-8")
            data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
            entries = data.get("references", []) if isinstance(data, dict) and path.suffix != ".json" else data
        else:
            converted = pandoc_tool.run(titles_as_written(source.decode("utf-8")),
                                        ["--from=biblatex", "--to=csljson"], cwd=path.parent)
            entries = json.loads(converted.output)
    except (UnicodeDecodeError, ValueError, yaml.YAMLError, pandoc_tool.PandocError):
        return None
    return entries if isinstance(entries, list) and all(isinstance(e, dict) for e in entries) else None


def _with_legal_short_forms(entry: dict) -> dict:
    """A case gets the short name later citations use, and its court as `authority` (BibTeX's `institution`,
    which pandoc reads as the publisher)."""
    if entry.get("type") != "legal_case":
        return entry
    entry = dict(entry)
    if "title-short" not in entry and isinstance(entry.get("title"), str):
        short = short_case_name(entry["title"])
        if short:
            entry["title-short"] = short
    if "authority" not in entry and "publisher" in entry:
        entry["authority"] = entry.pop("publisher")
    return entry


# BibTeX fields whose words pandoc would turn to sentence case ("Sosa v. Alvarez-machain") unless braced.
_TITLE_FIELDS = frozenset({"title", "shorttitle", "subtitle", "booktitle", "maintitle", "journal", "journaltitle",
                           "series", "eventtitle"})
_FIELD_START = re.compile(r"\s*([A-Za-z][\w-]*)\s*=\s*")
# Parties too common to name a case by in a short form (Bluebook rule 10.9): the other party names it.
_COMMON_PARTIES = ("united states", "state of", "people of", "commonwealth of")


def titles_as_written(bibtex: str) -> str:
    """BibTeX text with every title-like field's value braced once more, so pandoc keeps its capitals."""
    out, depth, index = [], 0, 0
    while index < len(bibtex):
        char = bibtex[index]
        field = _FIELD_START.match(bibtex, index + 1) if depth == 1 and char in "{," else None
        if field and field.group(1).lower() in _TITLE_FIELDS and bibtex[field.end():field.end() + 1] in ('{', '"'):
            end = _value_end(bibtex, field.end())
            if end is not None:
                start = field.end() + 1
                out.append(f"{bibtex[index:start]}{{{bibtex[start:end]}}}{bibtex[end]}")
                index = end + 1
                continue
        depth += {"{": 1, "}": -1}.get(char, 0)
        out.append(char)
        index += 1
    return "".join(out)


def _value_end(text: str, start: int) -> int | None:
    """The index of the delimiter that closes the braced or quoted value opening at `start`."""
    closing, depth = ("}" if text[start] == "{" else '"'), 0
    for index in range(start + 1, len(text)):
        char = text[index]
        if char == closing and depth == 0:
            return index
        depth += {"{": 1, "}": -1}.get(char, 0)
    return None


def short_case_name(title: str) -> str | None:
    """The name a later citation gives a case: its first party ("Kiobel" for "Kiobel v. Royal Dutch Petroleum
    Co."), or the second when the first is a government ("Alvarez-Machain" for "United States v. Alvarez-Machain")."""
    parties = [party.strip(" ,.") for party in title.split(" v. ")]
    if len(parties) < 2 or not all(parties):
        return None
    first = parties[0]
    if first.lower().startswith(_COMMON_PARTIES):
        return parties[1].split(",")[0].strip()
    return first.split(",")[0].strip()
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
