"""A brief's bibliography file (CSL-JSON, CSL-YAML or BibTeX): its entry ids, or why it cannot be read."""
from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

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
    return {str(e["id"]) for e in entries if "id" in e}, None
