"""The benchmark (invoke bench): every speed figure of the build in one run, each against its target."""
from __future__ import annotations

import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from . import bench_reference
from ..load.discover import discover
from ..project import Project

COPIED_BRIEF = "a-case-for-conservatives"
ROUNDS = 2  # clean serial builds and raw replays in turn; the fastest of each is kept
MOONSHOT_PAGES = 600  # 100 six-page briefs in all three formats ...
MOONSHOT_SECONDS = 60  # ... on two cores


@dataclass(frozen=True)
class Target:
    label: str
    key: str
    comparison: str  # "<=" or ">="
    limit: float

    def met(self, result: dict) -> bool:
        value = result[self.key]
        return value <= self.limit if self.comparison == "<=" else value >= self.limit


TARGETS = (  # as issue 22 sets them
    Target("clean serial build / replayed raw toolchain", "serial_over_floor", "<=", 1.10),
    Target("clean serial build / plain pandoc + WeasyPrint", "serial_over_plain", "<=", 1.40),
    Target("--jobs 2 speed-up over --jobs 1", "speedup_jobs2", ">=", 1.85),
    Target("no-op invoke build (s)", "noop_seconds", "<=", 0.5),
    Target("one brief edited, beyond its own render (s)", "edit_overhead_seconds", "<=", 0.3),
    Target("make-style pipeline / ours, short briefs, 2 at a time", "make_over_ours", ">=", 2.0),
    Target("serve: saved brief -> its web page shows it (s)", "serve_web_seconds", "<=", 1.0),
    Target("worker peak memory (MB)", "peak_worker_mb", "<=", 600),
)


def make_library(repo: Path, root: Path, copies: int) -> int:
    """The repository's project with the samples and `copies` retitled copies of one brief; the brief count."""
    for name in ("briefs", "layouts", "assets"):
        shutil.copytree(repo / name, root / name)
    for name in ("_brand.yml", "tasks.py"):
        shutil.copy(repo / name, root / name)
    original = (root / "briefs" / f"{COPIED_BRIEF}.md").read_text("utf-8")
    for number in range(1, copies + 1):
        text = re.sub(r'^title: "(.*)"$', rf'title: "\1 ({number})"', original, count=1, flags=re.M)
        (root / "briefs" / f"{copied(number)}.md").write_text(text, "utf-8")
    return len(discover(Project.at(root))[0])  # as the build counts them (briefs/_versions is none)


def copied(number: int) -> str:
    return f"{COPIED_BRIEF}-{number:02d}"


def _timed(command: list[str], cwd: Path, env: dict | None = None) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
    return seconds, done.stdout


def _cli(root: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "handouts.cli", "--root", str(root), *args]


def _build(root: Path, *args: str, record: Path | None = None) -> tuple[float, str]:
    env = {**os.environ, "HANDOUTS_RECORD": str(record)} if record else None
    return _timed(_cli(root, "build", *args), root, env)


def _reference(verb: str, *args: Path) -> tuple[float, dict]:
    """A reference run in a fresh interpreter, as a build is: (its seconds, what it reported)."""
    module = "handouts.commands.bench_reference"
    seconds, out = _timed([sys.executable, "-m", module, verb, *map(str, args)], Path.cwd())
    return seconds, json.loads(out)


def _peak_mb(root: Path, *args: str) -> float:
    """The highest peak resident memory of any process of one build (its workers are the forkserver's children,
    which getrusage never sees): each process's VmHWM, read from /proc while the build runs."""
    build = subprocess.Popen(_cli(root, "build", *args), cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while build.poll() is None:
        peak = max(peak, *(_peak_kb(pid) for pid in _descendants(build.pid)))
        time.sleep(0.05)
    if build.returncode != 0:
        raise RuntimeError(f"the build for the memory figure failed:\n{build.stderr.read().decode()}")
    return peak / 1024


def _descendants(pid: int) -> list[int]:
    """`pid` and every process below it."""
    found, index = [pid], 0
    while index < len(found):
        try:
            found += [int(child) for child in Path(f"/proc/{found[index]}/task/{found[index]}/children").read_text().split()]
        except OSError:
            pass  # it ended meanwhile
        index += 1
    return found


def _peak_kb(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0  # it ended meanwhile
    return next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")), 0)


def _clean(library: Path) -> None:
    for folder in ("dist", ".handouts-cache"):
        shutil.rmtree(library / folder, ignore_errors=True)


def _serial_and_floor(library: Path, work: Path) -> dict:
    """Clean serial builds and raw replays of the calls they recorded, in turn; the faster of each is kept (on
    a shared machine one slow minute would otherwise move the ratio by a third)."""
    serials, floors = [], []
    for number in range(ROUNDS):
        record = work / f"record-{number}"
        serials.append(_build(library, "--jobs", "1", record=record)[0])
        floors.append(_reference("--replay", record))
        _clean(library)
        shutil.rmtree(record)
    floor, replayed = min(floors, key=lambda pair: pair[0])
    return {"serial_seconds": min(serials), "serial_rounds": serials, "floor_seconds": floor,
            "floor_rounds": [seconds for seconds, _ in floors], "floor_pandoc_seconds": replayed["pandoc_seconds"],
            "floor_weasyprint_seconds": replayed["weasyprint_seconds"], "pdf_pages": replayed["pages"],
            "pandoc_calls": replayed["pandoc_calls"]}


def _edit_one(library: Path, work: Path, briefs: int) -> dict:
    """Edit one built brief and rebuild: the time beyond that brief's own tool calls (replayed)."""
    edited = library / "briefs" / f"{copied(1)}.md"
    edited.write_text(edited.read_text("utf-8") + "\nOne more sentence, added by the benchmark.\n", "utf-8")
    seconds, out = _build(library, record=work / "record-edit")
    _replay_seconds, replayed = _reference("--replay", work / "record-edit")
    own = replayed["pandoc_seconds"] + replayed["weasyprint_seconds"] - replayed["weasyprint_import_seconds"]
    summary = out.strip().splitlines()[-1]
    return {"edit_one_seconds": seconds, "edit_own_render_seconds": own, "edit_overhead_seconds": seconds - own,
            "edit_one_summary": summary, "edit_rebuilds_only_one": summary == f"built 1, up to date {briefs - 1}, failed 0"}


def packet_binding(repo: Path, library: Path) -> dict:
    """Issue 19: the sample packet bound from its three built briefs, against rendering their PDFs; each a build
    with --jobs 1, less a no-op build (the start both pay). The library's briefs must be built."""
    shutil.copytree(repo / "packets", library / "packets", dirs_exist_ok=True)
    packet = next((library / "packets").glob("*.yml"))
    slugs = ",".join(yaml_briefs(packet))
    _build(library, "--formats", "pdf", "--jobs", "1")  # everything current, the packet bound
    noop, _ = _build(library, "--formats", "pdf")
    (library / "packets").rename(library / "_packets")  # rendering the three briefs alone: no packet to bind
    rendered, _ = _build(library, "--formats", "pdf", "--jobs", "1", "--force", "--only", slugs)
    (library / "_packets").rename(library / "packets")
    bound, out = _build(library, "--formats", "pdf", "--jobs", "1")  # its PDF went with its file: bound again
    return {"packet_render_seconds": rendered - noop, "packet_bind_seconds": bound - noop,
            "packet_bind_summary": out.strip().splitlines()[-1], "packet_briefs": slugs,
            "packet_bind_over_render": (bound - noop) / (rendered - noop)}


def yaml_briefs(path: Path) -> list[str]:
    """The slugs a packet file lists (read as the pipeline reads YAML)."""
    from ..load.yamlsafe import parse, to_python

    return to_python(parse(path.read_text("utf-8")))["briefs"]


def _versus_make(library: Path, work: Path, copies: int) -> dict:
    """Ours (--jobs 2) and a make-style pipeline (two commands at a time) on the same short briefs."""
    slugs = {copied(number) for number in range(1, copies + 1)}
    ours, _ = _build(library, "--only", ",".join(sorted(slugs)), "--force", "--jobs", "2")
    make = bench_reference.make_style(library, work / "make", slugs)
    return {"short_briefs": len(slugs), "ours_short_seconds": ours, "make_seconds": make["seconds"],
            "make_over_ours": make["seconds"] / ours}


def _serve_latency(library: Path, slug: str) -> dict:
    """`invoke serve` on the built library: save an edit to one brief, then time until its web page shows the
    edit and until its PDF and EPUB are replaced."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(_cli(library, "serve", "--port", str(port)), cwd=library, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    ready = threading.Event()
    threading.Thread(target=_watch_output, args=(process, ready), daemon=True).start()
    try:
        if not ready.wait(300):
            raise RuntimeError("invoke serve did not start serving within 300 s")
        brief, outputs = library / "briefs" / f"{slug}.md", [library / "dist" / slug / f"{slug}{s}" for s in (".pdf", ".epub")]
        token = f"Saved by the benchmark at {time.time_ns()}."
        saved, saved_wall = time.perf_counter(), time.time()
        brief.write_text(brief.read_text("utf-8") + f"\n{token}\n", "utf-8")
        web = _wait(lambda: token in _get(f"http://127.0.0.1:{port}/{slug}/")) - saved
        everything = _wait(lambda: all(p.stat().st_mtime > saved_wall for p in outputs)) - saved
    finally:
        process.terminate()
        process.wait(30)
    return {"serve_web_seconds": web, "serve_all_seconds": everything}


def _watch_output(process: subprocess.Popen, ready: threading.Event) -> None:
    for line in process.stdout:
        if line.startswith("serving http://"):
            ready.set()


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return ""


def _wait(done, timeout: float = 300, step: float = 0.02) -> float:
    """The perf_counter time at which `done()` first holds."""
    deadline = time.perf_counter() + timeout
    while not done():
        if time.perf_counter() > deadline:
            raise RuntimeError(f"gave up after {timeout} s")
        time.sleep(step)
    return time.perf_counter()


def run(repo: Path, copies: int = 18) -> dict:
    with tempfile.TemporaryDirectory(prefix="handouts-bench-") as tmp:
        library, work = Path(tmp) / "library", Path(tmp) / "work"
        briefs = make_library(repo, library, copies)
        result = {"machine": {"cpus": os.cpu_count(), "platform": platform.platform(),
                              "python": platform.python_version()}, "briefs": briefs}
        result |= _serial_and_floor(library, work)
        result["plain_seconds"], plain = _reference("--plain", library, work / "plain")
        result["plain_pages"] = plain["pages"]
        result["jobs2_seconds"], _ = _build(library, "--jobs", "2")
        result["noop_seconds"], out = _timed([sys.executable, "-m", "invoke", "build"], library)
        result["noop_summary"] = out.strip().splitlines()[-1]
        result |= _edit_one(library, work, briefs)
        result |= _versus_make(library, work, copies)
        result |= _serve_latency(library, copied(2))
        result |= packet_binding(repo, library)
        result["peak_worker_mb"] = _peak_mb(library, "--only", "rome-statute", "--jobs", "1", "--force")
    result["serial_over_floor"] = result["serial_seconds"] / result["floor_seconds"]
    result["serial_over_plain"] = result["serial_seconds"] / result["plain_seconds"]
    result["speedup_jobs2"] = result["serial_seconds"] / result["jobs2_seconds"]
    result["pages_per_second_jobs2"] = result["pdf_pages"] / result["jobs2_seconds"]
    result["moonshot_projected_seconds"] = MOONSHOT_PAGES / result["pages_per_second_jobs2"]
    return result


def _rounds(values: list[float]) -> str:
    return ", ".join(f"{value:.1f}" for value in values)


def table(result: dict) -> str:
    r = result
    rows = [
        ("briefs / PDF pages", f"{r['briefs']} / {r['pdf_pages']} ({r['pandoc_calls']} pandoc calls)"),
        ("raw toolchain replayed", f"{r['floor_seconds']:.1f} s (pandoc {r['floor_pandoc_seconds']:.1f} s, WeasyPrint "
                                   f"{r['floor_weasyprint_seconds']:.1f} s; rounds {_rounds(r['floor_rounds'])})"),
        ("plain pandoc + WeasyPrint", f"{r['plain_seconds']:.1f} s (minimal stylesheet, {r['plain_pages']} pages)"),
        ("clean build, --jobs 1", f"{r['serial_seconds']:.1f} s (rounds {_rounds(r['serial_rounds'])})"),
        ("clean build, --jobs 2", f"{r['jobs2_seconds']:.1f} s ({r['pages_per_second_jobs2']:.1f} pages/s)"),
        ("no-op build (invoke)", f"{r['noop_seconds']:.2f} s ({r['noop_summary']})"),
        ("one brief edited", f"{r['edit_one_seconds']:.1f} s, its own tool calls {r['edit_own_render_seconds']:.1f} s "
                             f"({r['edit_one_summary']})"),
        ("make-style, short briefs", f"{r['make_seconds']:.1f} s; ours {r['ours_short_seconds']:.1f} s "
                                     f"({r['short_briefs']} briefs, 2 at a time)"),
        ("serve: save to web page", f"{r['serve_web_seconds']:.2f} s; PDF and EPUB at {r['serve_all_seconds']:.1f} s"),
        ("packet of three built briefs", f"bound in {r['packet_bind_seconds']:.1f} s; their PDFs rendered in "
                                         f"{r['packet_render_seconds']:.1f} s ({r['packet_bind_over_render']:.0%})"),
        ("moonshot", f"100 six-page briefs at this speed: {r['moonshot_projected_seconds']:.0f} s "
                     f"(target {MOONSHOT_SECONDS} s)"),
    ]
    lines = [f"{name:<27} {value}" for name, value in rows]
    width = max(len(t.label) for t in TARGETS)
    for target in TARGETS:
        verdict = "MET" if target.met(r) else "MISSED"
        lines.append(f"{target.label:<{width}}  {r[target.key]:7.2f} {target.comparison} {target.limit:<5} {verdict}")
    lines.append(f"{'an edit rebuilds only its brief':<{width}}  {'MET' if r['edit_rebuilds_only_one'] else 'MISSED'}")
    lines.append(f"machine: {r['machine']['cpus']} CPUs, {r['machine']['platform']}")
    return "\n".join(lines)
