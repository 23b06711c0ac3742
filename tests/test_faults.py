"""Faults: a build killed at any moment leaves dist/ whole; two builds at once do no harm; bytes are reproducible."""
from __future__ import annotations

import hashlib
import io
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from conftest import copy_project
from pypdf import PdfReader

pytestmark = pytest.mark.slow
BRIEFS = ("a-case-for-conservatives", "icc-at-a-glance", "rome-statute-in-us-case-law", "ukraine-joins-the-court")


def start_build(root: Path, env: dict | None = None, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "handouts.cli", "--root", str(root), "build", *args], cwd=root,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            start_new_session=True)


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root / "dist").as_posix(): p.read_bytes()
            for p in sorted((root / "dist").rglob("*")) if p.is_file()}


def whole(name: str, data: bytes) -> bool:
    """A complete file of its kind (what a reader opening it would need)."""
    if name.endswith(".pdf"):
        return data.rstrip().endswith(b"%%EOF") and len(PdfReader(io.BytesIO(data)).pages) > 0
    if name.endswith(".epub"):
        return zipfile.ZipFile(io.BytesIO(data)).testzip() is None
    if name.endswith(".html"):
        return data.rstrip().endswith(b"</html>")
    return True


def test_a_killed_build_leaves_every_file_old_or_new(tmp_path):
    root = copy_project(tmp_path / "lib", BRIEFS)
    assert start_build(root).wait(timeout=600) == 0
    old = files(root)
    for slug in BRIEFS:  # every output changes in the next build
        path = root / "briefs" / slug / "index.md" if (root / "briefs" / slug).is_dir() else root / "briefs" / f"{slug}.md"
        path.write_text(path.read_text().replace("summary: \"", "summary: \"Revised. ", 1))
    build = start_build(root, None, "--jobs", "2")
    time.sleep(random.uniform(1.0, 5.0))
    os.killpg(build.pid, signal.SIGKILL)
    build.wait()
    killed = {name: data for name, data in files(root).items() if not name.split("/")[-1].startswith(".")}
    for name, data in killed.items():
        assert whole(name, data), f"{name} is damaged"
    assert start_build(root).wait(timeout=600) == 0
    after = files(root)
    assert not [name for name in after if name.split("/")[-1].startswith(".")], "temporary files left"
    for name, data in killed.items():
        assert data in (old.get(name), after.get(name)), f"{name} is neither its old nor its new version"
    clean = copy_project(tmp_path / "clean", BRIEFS)
    shutil.copytree(root / "briefs", clean / "briefs", dirs_exist_ok=True)
    assert start_build(clean).wait(timeout=600) == 0
    assert after == files(clean), "the rerun after the kill differs from a clean build"


def test_two_builds_at_once_do_no_harm(tmp_path):
    root = copy_project(tmp_path / "lib", BRIEFS)
    first, second = start_build(root), start_build(root)
    outputs = [first.communicate(timeout=600), second.communicate(timeout=600)]
    assert first.returncode == 0 and second.returncode == 0, outputs
    assert any("another build is running" in err for _out, err in outputs)
    for name, data in files(root).items():
        assert whole(name, data), name


def test_clean_builds_are_byte_identical_across_time_zones_locales_and_folders(tmp_path):
    digests = []
    for folder, zone, locale in (("a", "UTC", "C.UTF-8"), ("elsewhere/b", "Asia/Kolkata", "en_US.UTF-8")):
        root = copy_project(tmp_path / folder, BRIEFS)
        env = {**os.environ, "TZ": zone, "LC_ALL": locale, "LANG": locale}
        assert start_build(root, env).wait(timeout=600) == 0
        digests.append({name: hashlib.sha256(data).hexdigest() for name, data in files(root).items()})
    assert digests[0] == digests[1]
