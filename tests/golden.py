"""Golden files: build the fixture briefs and compare (or, with `invoke golden`, store) their web editions."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from handouts.build.run import Options, build
from handouts.project import Project

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
FIXTURE = TESTS / "fixtures" / "golden"
GOLDEN = TESTS / "golden"


def render_fixture(workdir: Path) -> dict[str, str]:
    """Build the golden fixture in workdir; the web edition of each brief, by slug."""
    root = workdir / "golden"
    shutil.copytree(FIXTURE, root)
    for name in ("layouts", "assets"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "_brand.yml", root / "_brand.yml")
    summary = build(Project.at(root), Options(formats=("html",)))
    assert not summary.failed, summary.line()
    return {page.parent.name: page.read_text("utf-8") for page in sorted((root / "dist").glob("*/index.html"))}


def regenerate() -> list[Path]:
    """Rewrite tests/golden/<slug>.html from a fresh build (the only way golden files change)."""
    with tempfile.TemporaryDirectory() as tmp:
        pages = render_fixture(Path(tmp))
    GOLDEN.mkdir(exist_ok=True)
    written = []
    for slug, html in pages.items():
        path = GOLDEN / f"{slug}.html"
        path.write_text(html, "utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in regenerate():
        print(f"wrote {path.relative_to(REPO)}")
