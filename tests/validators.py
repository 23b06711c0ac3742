"""The real validators the tests run on outputs (Nu HTML Checker from npm vnu-jar, on Java)."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
VNU_JAR = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def vnu_errors(files: list[Path]) -> list[str]:
    """Every error the Nu HTML Checker reports on the files, as 'file:line: message'."""
    assert VNU_JAR.is_file(), f"{VNU_JAR} is missing: run `npm install` (invoke test does it)"
    completed = subprocess.run(["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json",
                                *map(str, files)], capture_output=True, text=True, timeout=300)
    messages = json.loads(completed.stderr or completed.stdout or '{"messages": []}')["messages"]
    return [f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m.get('message')}" for m in messages
            if m.get("type") == "error"]
