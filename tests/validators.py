"""The real validators the tests run on outputs: the package's own wrappers (handouts.validators), one home each."""
from __future__ import annotations

from pathlib import Path

from handouts.validators import ERROR, Tools
from handouts.validators.vnu import check_pages

REPO = Path(__file__).resolve().parent.parent


def vnu_errors(files: list[Path]) -> list[str]:
    """Every error the Nu HTML Checker (npm vnu-jar, on Java) reports on the files, as 'file: line N: message'."""
    tools = Tools.find(REPO)
    assert tools.vnu_jar, "node_modules/vnu-jar is missing: run `npm install` (invoke test does it)"
    return [f"{r.file}: {r.message}" for r in check_pages(Path("/"), list(files), tools) if r.severity == ERROR]
