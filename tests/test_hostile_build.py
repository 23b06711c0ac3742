"""Hostile briefs that tried to take the whole build down: each is its own brief's problem, the good briefs
beside them build, the build exits 1 (never 70), and a brief that fails publishes nothing new."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import TestProject
from pypdf import PdfReader

pytestmark = pytest.mark.slow
LINK = "See [the key facts](brief:target#key-facts).\n"
DEEP = 100_000
# Short, to keep the suite quick, yet several times what a good brief here takes on a busy machine.
LIMIT = "10"
# A cover of about a kilobyte that keeps resvg (native code, deaf to the worker's alarm) busy for many
# minutes: blurred groups of blurred groups, drawn again through nested <use>.
FILTER = '<filter id="f" x="-50%" y="-50%" width="200%" height="200%"><feGaussianBlur stdDeviation="40"/></filter>'


def resvg_bomb(levels: int = 3, fan: int = 8) -> str:
    groups = "".join(f'<g id="l{level}" filter="url(#f)">'
                     + "".join(f'<use xlink:href="#l{level - 1}" x="{i}"/>' for i in range(fan)) + "</g>"
                     for level in range(1, levels + 1))
    return ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="600" '
            f'height="800" viewBox="0 0 600 800"><defs>{FILTER}<g id="l0"><rect width="600" height="800" '
            f'fill="#1f3a5f" filter="url(#f)"/></g>{groups}</defs><use xlink:href="#l{levels}"/></svg>')


def front(title: str, extra: str = "", kind: str = "update") -> str:
    return f'---\ntitle: "{title}"\ndate: 2025-03-12\nkind: {kind}\nsummary: "A brief."\n{extra}---\n\n'


# slug: (its index.md, the problem code it must get)
CASES = {
    "nul-in-cover-path": (front("NUL", 'cover: "figures/cover\\0.png"\n') + LINK, "yaml.not-text"),
    "nul-in-bibliography-path": (front("NUL", 'bibliography: "refs.json\\0../../x"\n') + LINK, "yaml.not-text"),
    "surrogate-in-title": (front("Lone \\ud800 surrogate") + LINK, "yaml.not-text"),
    "surrogate-in-author": (front("Author", 'authors: ["Pat \\udfff Roe"]\n') + LINK, "yaml.not-text"),
    "deep-json-bibliography": (front("Deep", "bibliography: refs.json\n") + "Text [@x]. " + LINK,
                               "brief.bibliography"),
    "deep-yaml-bibliography": (front("Deep", "bibliography: refs.yaml\n") + "Text [@x]. " + LINK,
                               "brief.bibliography"),
    "deep-quotes": (front("Quotes") + ">" * DEEP + " x\n\n" + LINK, "limit.time"),
    "deep-brackets": (front("Brackets") + "[" * DEEP + "x" + "]" * DEEP + "\n\n" + LINK, "limit.time"),
    "deep-lists": (front("Lists") + "- " * DEEP + "x\n\n" + LINK, "limit.time"),
    "resvg-bomb-cover": (front("Bomb", "cover: cover.svg\n", kind="brief") + LINK, "limit.time"),
}
FILES = {
    "deep-json-bibliography/refs.json": "[" * DEEP + "]" * DEEP,
    "deep-yaml-bibliography/refs.yaml": "references:\n" + "- " * DEEP + "x\n",
    "resvg-bomb-cover/cover.svg": resvg_bomb(),
    # Rendered first (the largest bundle), so that the briefs after it need the worker that replaces it.
    "resvg-bomb-cover/notes.txt": "x" * 500_000,
}


def run(root: Path, *args: str, limit: str | None = LIMIT) -> subprocess.CompletedProcess:
    """The console script, as staff would run it, with a short time limit (HANDOUTS_TIME_LIMIT)."""
    env = {**os.environ, "HANDOUTS_TIME_LIMIT": limit} if limit else dict(os.environ)
    return subprocess.run([sys.executable, "-m", "handouts.cli", "--root", str(root), *args], cwd=root, env=env,
                          capture_output=True, text=True, timeout=900)


def published(root: Path, slug: str) -> dict[str, bytes]:
    folder = root / "dist" / slug
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()} if folder.is_dir() else {}


def write_good_briefs(project: TestProject, change: str) -> None:
    project.brief("target", front("Target") + f"## Key facts {{#key-facts}}\n\nThe Court sits in The Hague.{change}\n")
    project.brief("linker", front("Linker") + LINK + change)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    project = TestProject(tmp_path_factory.mktemp("hostile-build") / "project")
    write_good_briefs(project, "")
    project.brief("revised", front("Revised", kind="brief") + "## First\n\nThe first edition.\n", bundle=True)
    first = run(project.root, "build", "--jobs", "1", limit=None)
    assert first.returncode == 0, first.stdout + first.stderr
    before = published(project.root, "revised")
    # The second edition of 'revised' renders its PDF and EPUB, then its cover never ends drawing.
    project.brief("revised", front("Revised", "cover: cover.svg\n", kind="brief")
                  + "## First\n\nThe second edition.\n", bundle=True)
    project.write("briefs/revised/cover.svg", resvg_bomb())
    write_good_briefs(project, " Revised.")  # built again, beside the hostile briefs
    for slug, (text, _code) in CASES.items():
        project.brief(slug, text, bundle=True)
    for name, text in FILES.items():
        project.write(f"briefs/{name}", text, dedent=False)
    # A folder whose name ends in a newline would impersonate 'target'; one whose name is not UTF-8.
    project.brief("target\n", front("Impostor") + "Not the target.\n", bundle=True)
    os.mkdir(os.fsencode(project.root / "briefs") + b"/caf\xe9")
    project.write(os.fsdecode(b"briefs/caf\xe9/index.md"), front("Cafe") + LINK)
    return project, before, run(project.root, "build", "--jobs", "1"), run(project.root, "check")


def test_the_build_fails_but_never_with_an_internal_error(hostile):
    _project, _before, result, _check = hostile
    assert result.returncode == 1, result.stdout + result.stderr
    assert "internal" not in result.stderr and "Traceback" not in result.stderr, result.stderr


def test_the_good_briefs_build_beside_the_hostile_ones(hostile):
    project, _before, result, _check = hostile
    assert "built 2," in result.stdout, result.stdout
    for slug in ("target", "linker"):
        pdf = PdfReader(project.dist(f"{slug}/{slug}.pdf"))
        assert slug.title() in pdf.pages[0].extract_text()
    catalogue = json.loads(project.dist("catalog.json").read_text("utf-8"))
    assert sorted(entry["slug"] for entry in catalogue["briefs"]) == ["linker", "target"]  # a failed brief is not listed


@pytest.mark.parametrize("slug", sorted(CASES))
def test_each_hostile_brief_is_its_own_problem(hostile, slug):
    project, _before, result, _check = hostile
    code = CASES[slug][1]
    said = [line for line in result.stderr.splitlines() if line.startswith(f"briefs/{slug}/index.md")]
    assert said and all(line.endswith(f"[{code}]") for line in said), result.stderr
    assert not project.dist(slug).exists()


def test_check_reports_the_same_problems(hostile):
    _project, _before, _result, check = hostile
    assert check.returncode == 1, check.stdout + check.stderr
    assert "internal" not in check.stderr and "Traceback" not in check.stderr, check.stderr
    for slug, (_text, code) in CASES.items():
        if slug != "resvg-bomb-cover":  # the cover is drawn only when rendering
            assert f"briefs/{slug}/index.md" in check.stderr and f"[{code}]" in check.stderr, slug


def test_the_time_limit_is_kept_from_outside_the_worker(hostile):
    _project, _before, result, _check = hostile
    said = [line for line in result.stderr.splitlines() if line.startswith("briefs/resvg-bomb-cover/index.md")]
    assert said == ["briefs/resvg-bomb-cover/index.md: error: time limit exceeded (10 s) while rendering "
                    "pdf, epub, docx, html [limit.time]"]


def test_a_slug_is_matched_whole(hostile):
    project, _before, result, _check = hostile
    assert "briefs/target\\n: error: 'target\\n' is not a valid slug" in result.stderr, result.stderr
    assert "briefs/caf\\udce9: error: 'caf\\udce9' is not a valid slug" in result.stderr, result.stderr
    page = project.dist("index.html").read_text("utf-8")
    assert "Impostor" not in page and "Cafe" not in page


def test_a_failed_brief_publishes_nothing_new(hostile):
    project, before, result, _check = hostile
    assert "briefs/revised/index.md: error: time limit exceeded" in result.stderr
    assert set(before) >= {"revised.pdf", "revised.epub", "index.html", "cover.png"}
    assert published(project.root, "revised") == before
    assert not list((project.root / ".handouts-cache" / "staging").glob("*/*")), "staged files left behind"


def test_the_time_limit_counts_processor_time_not_the_clock():
    """A machine busy with other work slows a brief on the clock, not in processor time: the limit counts the
    latter (the Rome Statute failed at 120 s of the clock on a loaded machine). Waiting uses none."""
    from handouts.limits import processor_seconds

    before = processor_seconds(os.getpid())
    time.sleep(0.3)
    assert processor_seconds(os.getpid()) - before < 0.1
    started = time.process_time()
    while time.process_time() - started < 0.3:
        pass
    assert processor_seconds(os.getpid()) - before >= 0.2
    assert processor_seconds(2**22 + 1) == 0.0  # no such process
