"""The benchmark's references: the recorded tool calls replayed, a plain pandoc + WeasyPrint run and a make-style run."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..load.discover import discover
from ..project import Project
from ..tools import pandoc_tool, weasy

# The stylesheet of the plain and make-style references: a page size and a body font, nothing more.
MINIMAL_CSS = "@page { size: letter; margin: 1in } body { font: 11pt/1.4 serif } img { max-width: 100% }\n"


def replay(record: Path) -> dict:
    """The recorded tool calls with no pipeline: pandoc as processes, WeasyPrint in this process."""
    calls = [json.loads(p.read_text("utf-8")) | {"tool": p.name.split("-")[0]} for p in sorted(record.glob("*.json"))]
    started = time.perf_counter()
    for call in (c for c in calls if c["tool"] == "pandoc"):
        subprocess.run([pandoc_tool.pandoc_path(), "--sandbox", *call["args"]], input=call["input"].encode(),
                       cwd=call["cwd"], capture_output=True, check=True)
    pandoc_seconds = time.perf_counter() - started
    weasyprint_seconds, import_seconds, pages = _replay_weasyprint([c for c in calls if c["tool"] == "weasyprint"])
    return {"pandoc_seconds": pandoc_seconds, "weasyprint_seconds": weasyprint_seconds, "pages": pages,
            "weasyprint_import_seconds": import_seconds, "pandoc_calls": sum(c["tool"] == "pandoc" for c in calls)}


def _replay_weasyprint(calls: list[dict]) -> tuple[float, float, int]:
    """The recorded WeasyPrint renders, each stylesheet parsed once: the seconds (its import included), the
    seconds of the import alone, and the pages."""
    started = time.perf_counter()
    import weasyprint
    from weasyprint.css.counters import CounterStyle
    from weasyprint.text.fonts import FontConfiguration

    imported = time.perf_counter() - started
    # One CounterStyle for all: WeasyPrint files a sheet's @counter-style rules there, not in the sheet.
    fonts, counters, sheets, pages = FontConfiguration(), CounterStyle(), {}, 0
    for call in calls:
        css = call["css"]
        for text in css["strings"]:
            sheets.setdefault(text, weasyprint.CSS(string=text, base_url=css["base_url"], font_config=fonts,
                                                   counter_style=counters))
        for name in css["files"]:
            sheets.setdefault(name, weasyprint.CSS(filename=name, font_config=fonts, counter_style=counters))
        parsed = weasyprint.HTML(string=call["html"], base_url=call["base_url"])
        weasy.number_lists(parsed)
        document = parsed.render(
            font_config=fonts, counter_style=counters, stylesheets=[sheets[k] for k in css["strings"] + css["files"]],
            pdf_variant="pdf/ua-1", pdf_tags=True)
        document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
        pages += len(document.pages)
    return time.perf_counter() - started, imported, pages


def sources(library: Path, slugs: set[str] | None = None) -> list[Path]:
    """The library's briefs (a file, or a bundle's index.md) as the build finds them, all or those named."""
    found, _problems = discover(Project.at(library))
    return [source.path for source in found if slugs is None or source.slug in slugs]


def plain(library: Path, out: Path) -> dict:
    """Each brief made the plainest way, one at a time: pandoc to a web page and a book, and pandoc's HTML with
    a minimal stylesheet through WeasyPrint in this process (interpreter and imports counted)."""
    started = time.perf_counter()
    import weasyprint

    out.mkdir(parents=True, exist_ok=True)
    stylesheet, pages = weasyprint.CSS(string=MINIMAL_CSS), 0
    for number, source in enumerate(sources(library)):
        stem = out / f"{number:03d}"
        _pandoc(source, "-s", "-o", f"{stem}.html")
        _pandoc(source, "-o", f"{stem}.epub")
        html = _pandoc(source, "-s", "-t", "html5", "-o", "-").stdout
        document = weasyprint.HTML(string=html, base_url=source.parent.as_uri() + "/").render(stylesheets=[stylesheet])
        document.write_pdf(f"{stem}.pdf")
        pages += len(document.pages)
    return {"seconds": time.perf_counter() - started, "pages": pages}


def make_style(library: Path, out: Path, slugs: set[str], at_once: int = 2) -> dict:
    """What a Makefile would run with -j2: per brief, pandoc to HTML, to EPUB and to PDF through
    `--pdf-engine=weasyprint` (a WeasyPrint process per PDF), `at_once` commands at a time."""
    out.mkdir(parents=True, exist_ok=True)
    css = out / "minimal.css"
    css.write_text(MINIMAL_CSS, "utf-8")
    commands = []
    for number, source in enumerate(sources(library, slugs)):
        stem = out / f"{number:03d}"
        commands += [(source, ("-s", "--css", str(css), "-o", f"{stem}.html")), (source, ("-o", f"{stem}.epub")),
                     (source, ("--pdf-engine=weasyprint", "--css", str(css), "-o", f"{stem}.pdf"))]
    # pandoc finds the weasyprint command on PATH: the one installed beside this Python.
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=at_once) as pool:
        list(pool.map(lambda command: _pandoc(command[0], *command[1], env=env), commands))
    return {"seconds": time.perf_counter() - started, "commands": len(commands)}


def _pandoc(source: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """pandoc on one brief in its own folder (a bundle's bibliography and images are found there)."""
    return subprocess.run([pandoc_tool.pandoc_path(), source.name, "--citeproc", *args], cwd=source.parent,
                          env=env, capture_output=True, text=True, check=True)


if __name__ == "__main__":
    verb, *rest = sys.argv[1:]
    if verb == "--replay":
        print(json.dumps(replay(Path(rest[0]))))
    elif verb == "--plain":
        print(json.dumps(plain(Path(rest[0]), Path(rest[1]))))
