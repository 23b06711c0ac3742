"""axe-core (npm) in Debian's headless Chromium, driven by Playwright: web pages and the EPUBs' XHTML documents."""
from __future__ import annotations

import contextlib
import functools
import http.server
import os
import tempfile
import threading
import zipfile
from pathlib import Path

from .model import CHROMIUM_ARGS, ERROR, WCAG_TAGS, Result, Tools, missing

TOOL = "axe"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".xhtml": "application/xhtml+xml"}  # parsed as XML, as reading systems do

    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def served(folder: Path):
    """`folder` over http://127.0.0.1 on a free port (axe needs pages from a server, not file://)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def check_in_browser(dist: Path, pages: list[Path], books: list[Path], tools: Tools) -> list[Result]:
    """axe on each web page and each XHTML document of each book, in one browser."""
    if not pages and not books:
        return []
    problem = _unavailable(tools)
    if problem:
        return [problem]
    with tempfile.TemporaryDirectory(prefix="handouts-axe-") as tmp:
        root = Path(tmp)
        os.symlink(dist.resolve(), root / "dist")
        targets = [(p.relative_to(dist).as_posix(), "", f"dist/{p.relative_to(dist).as_posix()}") for p in pages]
        for index, book in enumerate(books):
            targets += [(book.relative_to(dist).as_posix(), f"{doc}: ", f"epub{index}/{doc}")
                        for doc in _unzip(book, root / f"epub{index}")]
        with served(root) as url:
            return _run_axe(url, targets, tools)


def _unavailable(tools: Tools) -> Result | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return missing(TOOL, "the playwright package", "pip install -e '.[validate]' (no browser download needed)")
    if not tools.chromium:
        return missing(TOOL, "Chromium", "apt-get install chromium")
    if not tools.axe:
        return missing(TOOL, "node_modules/axe-core", "run `npm install` in the project (package.json lists it)")
    return None


def _unzip(book: Path, folder: Path) -> list[str]:
    """The book's XHTML documents (paths inside the zip), unpacked with its CSS, fonts and images."""
    try:
        with zipfile.ZipFile(book) as archive:
            names = [n for n in archive.namelist() if not n.startswith("/") and ".." not in n.split("/")]
            archive.extractall(folder, names)
    except (zipfile.BadZipFile, OSError):
        return []  # EPUBCheck reports a broken container
    return sorted(n for n in names if n.endswith(".xhtml"))


def _run_axe(url: str, targets: list[tuple[str, str, str]], tools: Tools) -> list[Result]:
    from playwright.sync_api import Error, sync_playwright

    results = []
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=str(tools.chromium), args=CHROMIUM_ARGS)
        except Error as exc:
            return [Result("-", TOOL, "browser.failed", f"{tools.chromium} did not start: {exc.message[:300]}")]
        try:
            context = browser.new_context()
            context.add_init_script(path=str(tools.axe))  # loaded with each document: faster than a script tag
            page = context.new_page()
            broken: list[str] = []
            page.on("response", lambda r: broken.append(f"{r.status} {r.url[len(url):]}")
                    if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)
            for name, prefix, path in targets:
                broken.clear()
                try:
                    page.goto(url + path)
                    results += _axe(page, name, prefix)
                except Error as exc:
                    results.append(Result(name, TOOL, "page.load", f"{prefix}could not be checked: {exc.message}"))
                results += [Result(name, TOOL, "page.fetch", f"{prefix}{item}") for item in broken]
        finally:
            browser.close()
    return results


def _axe(page, name: str, prefix: str) -> list[Result]:
    found = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    return [Result(name, TOOL, v["id"], f"{prefix}{v['help']} ({v['impact']}) at "
                   f"{', '.join(' '.join(map(str, n['target'])) for n in v['nodes'][:3])}", ERROR)
            for v in found["violations"]]
