"""Which files of dist/ each validator gets, and the validators run side by side (JVMs in threads)."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from . import browser, epubcheck, opf, pdf, vnu
from .model import Result, Tools

# What each kind of output is checked with, in the table's order.
TOOLS_OF = {"html": ("vnu", "axe"), "epub": ("epubcheck", "axe", "opf"), "pdf": ("pdf", "pdfua")}


@dataclass
class Validation:
    checked: dict[str, tuple[str, ...]] = field(default_factory=dict)  # file (relative to dist/) -> its tools
    results: list[Result] = field(default_factory=list)


def outputs(dist: Path, kinds: tuple[str, ...]) -> dict[str, list[Path]]:
    """The catalogue and web editions, the EPUBs and the PDFs of dist/ (one folder per brief)."""
    found = {"html": [dist / "index.html"] if (dist / "index.html").is_file() else [],
             "epub": [], "pdf": []}
    for folder in sorted(p for p in dist.iterdir() if p.is_dir() and p.name != "assets"):
        if (folder / "index.html").is_file():
            found["html"].append(folder / "index.html")
        found["epub"] += sorted(folder.glob("*.epub"))
        found["pdf"] += sorted(folder.glob("*.pdf"))
    return {kind: files for kind, files in found.items() if kind in kinds}


def validate(dist: Path, kinds: tuple[str, ...], tools: Tools) -> Validation:
    dist = dist.resolve()  # the validators name files relative to it
    files = outputs(dist, kinds)
    pages, books, pdfs = files.get("html", []), files.get("epub", []), files.get("pdf", [])
    validation = Validation({p.relative_to(dist).as_posix(): TOOLS_OF[kind]
                             for kind, paths in files.items() for p in paths})
    with ThreadPoolExecutor(max_workers=2) as pool:  # the two JVMs start while the browser and PDF checks run
        java_jobs = [pool.submit(epubcheck.check_epubs, dist, books, tools.java),
                     pool.submit(vnu.check_pages, dist, pages, tools)]
        results = browser.check_in_browser(dist, pages, books, tools)
        results += opf.check_metadata(dist, books)
        results += pdf.check_pdfs(dist, pdfs) if pdfs else []
        for job in java_jobs:
            results += job.result()
    validation.results = sorted(set(results))
    return validation
