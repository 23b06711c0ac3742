"""`invoke serve`: build, serve dist/ on 127.0.0.1, rebuild what changed on every save, reload the browser."""
from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from ..problems import ERROR, Problem, UserProblem
from ..project import Project

VERSION_PATH = "/__handouts/version"
POLL_MS = 500
# Injected into the pages as they are served, never written into dist/: it asks the server for the
# build's version, reloads the page when a build finished, and shows a failed build over the page.
RELOAD_SCRIPT = """<script>(() => {
  const seen = %(version)d;
  const box = (id, role, css) => {
    let element = document.getElementById(id);
    if (!element) {
      element = document.createElement("pre");
      element.id = id;
      element.setAttribute("role", role);
      element.style.cssText = css;
      document.body.append(element);
    }
    return element;
  };
  const show = (text) => {
    if (!text) { document.getElementById("handouts-error")?.remove(); return; }
    box("handouts-error", "alert", "position:fixed;inset:1rem;z-index:99999;margin:0;padding:1rem;overflow:auto;" +
      "background:#fff8f6;color:#5c0a00;border:3px solid #b3261e;font:14px/1.4 monospace;white-space:pre-wrap"
    ).textContent = "The last build failed; this page is out of date.\\n\\n" + text;
  };
  let waited = false;
  const status = (pending) => {
    if (!pending && !waited) return;
    waited = waited || pending;
    box("handouts-status", "status", "position:fixed;right:1rem;bottom:1rem;z-index:99998;margin:0;" +
      "padding:.5rem .75rem;background:#14213d;color:#fff;font:14px/1.4 sans-serif;border-radius:4px"
    ).textContent = pending ? "This page is up to date; the PDF and EPUB are being made." :
      "The PDF and EPUB are ready.";
  };
  const poll = async () => {
    try {
      const state = await (await fetch("%(path)s", {cache: "no-store"})).json();
      if (state.version !== seen && !state.error) { location.reload(); return; }
      show(state.error);
      status(state.pending);
    } catch (e) { /* the server is restarting or stopped: try again */ }
    setTimeout(poll, %(poll)d);
  };
  status(%(pending)s);
  setTimeout(poll, %(poll)d);
})();</script>"""


@dataclass
class State:
    """What the pages poll: a counter bumped when the web pages were rebuilt, the last build's errors (None if it
    built), and whether the PDF and EPUB are still being made after the pages."""

    version: int = 0
    error: str | None = None
    pending: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)

    def pages_built(self, error: str | None, pending: bool) -> None:
        with self.lock:
            self.version += 1
            self.error, self.pending = error, pending

    def all_built(self, error: str | None) -> None:
        """The other formats followed the pages: no reload (the pages are as they were), only the news."""
        with self.lock:
            self.error, self.pending = error, False

    def snapshot(self) -> dict:
        with self.lock:
            return {"version": self.version, "error": self.error, "pending": self.pending}


class Handler(SimpleHTTPRequestHandler):
    """dist/ as it is, but HTML pages get the reload script and nothing is cached."""

    state: State

    def do_GET(self):
        if self.path.split("?")[0] == VERSION_PATH:
            return self._send(json.dumps(self.state.snapshot()).encode(), "application/json")
        page = self._page()
        if page is None:
            return super().do_GET()
        html = page.read_text("utf-8", "replace")
        state = self.state.snapshot()
        script = RELOAD_SCRIPT % {"version": state["version"], "pending": "true" if state["pending"] else "false",
                                  "path": VERSION_PATH, "poll": POLL_MS}
        at = html.rfind("</body>")
        html = html[:at] + script + html[at:] if at >= 0 else html + script
        return self._send(html.encode("utf-8"), "text/html; charset=utf-8")

    def _page(self) -> Path | None:
        """The HTML file a GET names (a folder's index.html), if it is one."""
        target = Path(self.translate_path(self.path))
        if target.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return None  # the default handler redirects to the folder's URL with a slash
            target = target / "index.html"
        return target if target.suffix == ".html" and target.is_file() else None

    def _send(self, data: bytes, media_type: str) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")  # a rebuilt file must show at once
        super().end_headers()

    def log_message(self, format, *args):
        pass  # the terminal is for the builds


def start_server(project: Project, state: State, port: int) -> ThreadingHTTPServer:
    """The server, answering in a daemon thread."""
    handler = type("BoundHandler", (Handler,), {"state": state})
    try:
        server = ThreadingHTTPServer(("127.0.0.1", port), partial(handler, directory=str(project.dist)))
    except OSError as exc:
        raise UserProblem(Problem("invoke serve", None, None, ERROR, f"cannot listen on port {port}: "
                                  f"{exc.strerror or exc}", "serve.port",
                                  f"another program uses it? try: invoke serve --port {port + 1}")) from None
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="handouts-serve", daemon=True).start()
    return server


def watched(project: Project) -> list[Path]:
    """What the build reads: the briefs, the packets, the layouts, the assets and the brand."""
    return [p for p in (project.briefs, project.packets, project.layouts, project.assets, project.brand_file)
            if p.exists()]


def serve(project: Project, port: int, preview: Callable[[], str | None], rebuild: Callable[[], str | None],
          stop: threading.Event | None = None, say: Callable[[str], None] = print,
          ready: Callable[[], None] = lambda: None) -> None:
    """Build, serve, and rebuild on every change until Ctrl-C (or `stop`): the web pages first (`preview`), so
    the writer sees the edit at once, then everything (`rebuild`). Each returns a failed build's errors as
    text, or None. `ready` returns when a rebuild can start at once: the server answers only then."""
    import watchfiles  # only `invoke serve` needs it

    state = State()
    project.dist.mkdir(parents=True, exist_ok=True)
    state.pages_built(rebuild(), pending=False)
    saves = watchfiles.watch(*watched(project), stop_event=stop, debounce=300, step=50, rust_timeout=200,
                             yield_on_timeout=True)
    first = next(saves, set())  # the watcher is in place before the server answers: no early save is missed
    ready()
    server = start_server(project, state, port)
    say(f"serving http://127.0.0.1:{server.server_address[1]}/ - watching briefs/, packets/, layouts/, assets/ "
        "and _brand.yml; Ctrl-C stops")
    try:
        for changes in filter(None, itertools.chain([first], saves)):  # empty: a timeout, nothing saved
            names = sorted({project.rel(Path(path)) for _change, path in changes})
            say(f"changed: {', '.join(names[:5])}{' ...' if len(names) > 5 else ''}")
            error = preview()
            state.pages_built(error, pending=error is None)
            if error is None:
                state.all_built(rebuild())
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
    say("stopped")
