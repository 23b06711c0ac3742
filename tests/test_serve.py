"""`invoke serve`: an edit to a brief's title shows on its page without a restart; errors show over the page."""
from __future__ import annotations

import json
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import REPO

from handouts.project import Project
from handouts.site.serve import serve

BRIEF = "---\ntitle: \"{title}\"\ndate: {date}\nkind: factsheet\nsummary: \"A served brief.\"\n---\n\n## Facts\n\nText.\n"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def _wait_for(check, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"gave up waiting for {what}")


@contextmanager
def serving(project, output: list[str]):
    """`invoke serve` on a free port in the project; its URL; Ctrl-C when done, its output into `output`."""
    shutil.copy(REPO / "tasks.py", project.root / "tasks.py")
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "invoke", "serve", "--port", str(port)], cwd=project.root,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.send_signal(signal.SIGINT)
        out, _ = server.communicate(timeout=30)
        output += [out, str(server.returncode)]


def test_serve_rebuilds_reloads_and_stops(project):
    brief = project.brief("served", BRIEF.format(title="First Title", date="2025-03-12"))
    output: list[str] = []
    with serving(project, output) as base:
        page_url, version_url = f"{base}/served/", f"{base}/__handouts/version"
        page = _wait_for(lambda: _get(page_url), 120, "the first build")
        assert "First Title" in page and "/__handouts/version" in page  # the reload script, served ...
        assert "__handouts" not in project.dist("served/index.html").read_text()  # ... never written to dist/
        before = json.loads(_get(version_url))
        assert before["error"] is None

        brief.write_text(BRIEF.format(title="Second Title", date="2025-03-12"), "utf-8")
        _wait_for(lambda: "Second Title" in (_get(page_url) or ""), 60, "the new title on the page")
        _wait_for(lambda: json.loads(_get(version_url))["version"] > before["version"], 60, "the version bump")

        brief.write_text(BRIEF.format(title="Third Title", date="12/03/2025"), "utf-8")
        state = _wait_for(lambda: json.loads(_get(version_url))["error"], 60, "the build error")
        assert "briefs/served.md:3:7: error: 'date' must be YYYY-MM-DD, got '12/03/2025' [brief.date]" in state
        assert "Second Title" in _get(page_url)  # the last good page, with the error over it in the browser
    out, status = output
    assert status == "0", out
    assert f"serving {base}/" in out and out.rstrip().endswith("stopped")
    assert "Traceback" not in out


def test_the_web_pages_are_rebuilt_first_and_the_page_hears_when_the_rest_is_ready(tmp_path):
    """On a save, the pages are rebuilt and the version bumped (the browser reloads) with the PDF and EPUB
    pending; the whole build follows and clears `pending` without another reload."""
    (tmp_path / "briefs").mkdir()
    port, stop, seen = _free_port(), threading.Event(), []
    version = lambda: json.loads(_get(f"http://127.0.0.1:{port}/__handouts/version"))  # noqa: E731

    def preview():
        seen.append(("preview", version()))
        return None

    def rebuild():
        seen.append(("rebuild", version() if seen else None))
        return None

    server = threading.Thread(target=serve, args=(Project.at(tmp_path), port, preview, rebuild, stop),
                              kwargs={"say": lambda _text: None})
    server.start()
    try:
        _wait_for(lambda: _get(f"http://127.0.0.1:{port}/__handouts/version"), 30, "the server")
        (tmp_path / "briefs" / "saved.md").write_text("---\ntitle: Saved\n---\n", "utf-8")
        _wait_for(lambda: len(seen) == 3, 30, "the preview and the rebuild after the save")
        assert seen == [("rebuild", None),  # the first build, before serving
                        ("preview", {"version": 1, "error": None, "pending": False}),
                        ("rebuild", {"version": 2, "error": None, "pending": True})]
        assert version() == {"version": 2, "error": None, "pending": False}
    finally:
        stop.set()
        server.join(30)


@pytest.mark.slow
def test_the_browser_reloads_and_shows_the_error(project):
    chromium = Path("/usr/bin/chromium")
    assert chromium.is_file(), "the browser test needs Debian's chromium: apt-get install chromium"
    from playwright.sync_api import sync_playwright

    brief = project.brief("served", BRIEF.format(title="First Title", date="2025-03-12"))
    with serving(project, []) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        _wait_for(lambda: _get(f"{base}/served/"), 120, "the first build")
        page.goto(f"{base}/served/")
        brief.write_text(BRIEF.format(title="Second Title", date="2025-03-12"), "utf-8")
        page.wait_for_function("document.querySelector('h1').textContent === 'Second Title'", timeout=60_000)
        page.wait_for_function("document.getElementById('handouts-status')?.textContent === "
                               "'The PDF and EPUB are ready.'", timeout=60_000)
        brief.write_text(BRIEF.format(title="Third Title", date="12/03/2025"), "utf-8")
        page.wait_for_selector("#handouts-error", timeout=60_000)
        assert "[brief.date]" in page.text_content("#handouts-error")
        brief.write_text(BRIEF.format(title="Fourth Title", date="2025-03-12"), "utf-8")
        page.wait_for_function("document.querySelector('h1').textContent === 'Fourth Title'", timeout=60_000)
        assert page.query_selector("#handouts-error") is None
        browser.close()
