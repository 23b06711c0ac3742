"""The Nu HTML Checker (npm `vnu-jar`, on Java) on every web page, in one JVM."""
from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlparse

from .model import ERROR, INFO, WARNING, Result, Tools, missing

TOOL = "vnu"
# Warnings shown as notes, not failures: an outline hint about pandoc's footnotes section (a landmark with
# role doc-endnotes, named by its role), and hints about what the checker cannot see.
ADVISORY = re.compile(r"^(Section lacks heading|Article lacks heading|The first occurrence of ID)")
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")


def check_pages(dist: Path, pages: list[Path], tools: Tools) -> list[Result]:
    if not pages:
        return []
    if not tools.java:
        return [missing(TOOL, "Java", "apt-get install default-jre-headless")]
    if not tools.vnu_jar:
        return [missing(TOOL, "node_modules/vnu-jar", "run `npm install` in the project (package.json lists it)")]
    try:
        completed = subprocess.run([tools.java, "-jar", str(tools.vnu_jar), "--format", "json",
                                    "--exit-zero-always", *map(str, pages)], capture_output=True, text=True,
                                   timeout=600)
    except subprocess.TimeoutExpired:
        return [Result("-", TOOL, "vnu.timeout", "the Nu HTML Checker took more than 10 minutes")]
    try:
        messages = json.loads(completed.stderr or completed.stdout)["messages"]
    except (json.JSONDecodeError, KeyError):
        return [Result("-", TOOL, "vnu.failed", f"the Nu HTML Checker failed: {completed.stderr.strip()[:300]}")]
    return [_result(dist, m) for m in messages if m.get("type") != "info" or m.get("subType") == "warning"]


def _result(dist: Path, message: dict) -> Result:
    path = Path(unquote(urlparse(message.get("url", "")).path))
    name = path.relative_to(dist).as_posix() if path.is_relative_to(dist) else path.name or "-"
    text = message.get("message", "")
    if message.get("type") == "info":  # vnu's warnings are infos with subType "warning"
        severity = INFO if ADVISORY.match(text) else WARNING
    else:
        severity = ERROR
    return Result(name, TOOL, rule_of(text), f"line {message.get('lastLine', '?')}: {text}", severity)


def rule_of(text: str) -> str:
    """vnu has no rule ids: its message without the quoted names is stable ("Duplicate ID “x”." -> duplicate-id)."""
    words = re.findall(r"[a-z0-9]+", _QUOTED.sub("", text).lower())[:6]
    return "html." + "-".join(words or ["unknown"])
