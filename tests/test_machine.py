"""A new machine: the terminal's code path, declared imports, the test command's provisioning, and builds
that stay reproducible (and quiet about the brief) without the optional libharfbuzz-subset0."""
from __future__ import annotations

import ast
import os
import pty
import re
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from conftest import GOOD_FRONT_MATTER, REPO

from handouts.tools import provision
from handouts.tools.provision import NotProvided, Package


def test_a_build_on_a_terminal_draws_the_progress_bar(project):
    """The path a newcomer takes first: `invoke build` with a terminal on stderr (the progress bar)."""
    project.brief("on-a-terminal", GOOD_FRONT_MATTER + "\n## Hello\n\nText.\n")
    (project.root / "tasks.py").write_text((REPO / "tasks.py").read_text())
    leader, follower = pty.openpty()
    with subprocess.Popen([sys.executable, "-m", "invoke", "build", "--formats", "html"], cwd=project.root,
                          stdin=follower, stdout=follower, stderr=follower) as process:
        os.close(follower)
        screen = _read_all(leader)
    assert process.returncode == 0, screen
    assert "building" in screen and "━" in screen and "1/1" in screen, screen  # rich's bar, drawn and filled
    assert "internal error" not in screen and "built 1, up to date 0, failed 0\r\n" in screen, screen


def _read_all(fd: int) -> str:
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # the terminal's other end closed: the process ended
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(fd)
    return b"".join(chunks).decode("utf-8", "replace")


def _declared() -> set[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    specs = project["dependencies"] + [d for extra in project["optional-dependencies"].values() for d in extra]
    return {re.split(r"[\s<>=!~\[;]", spec, maxsplit=1)[0].lower().replace("_", "-") for spec in specs}


_LOCAL = {p.stem for p in (REPO / "src").iterdir()} | {p.stem for p in (REPO / "tests").glob("*.py")} | {"tasks"}


def _undeclared(folder: Path) -> list[str]:
    """Third-party modules imported under `folder` (lazy imports too) that no declared dependency provides."""
    distributions, declared = metadata.packages_distributions(), _declared()
    found = []
    for file in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(file.read_text())):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                names = [node.module]
            else:
                continue
            for top in sorted({name.split(".")[0] for name in names} - set(sys.stdlib_module_names) - _LOCAL):
                providers = {d.lower().replace("_", "-") for d in distributions.get(top, [top])}
                if not providers & declared:
                    found.append(f"{file.relative_to(folder)}:{node.lineno}: {top}")
    return found


@pytest.mark.parametrize("folder", ["src", "tests"])
def test_every_import_is_a_declared_dependency(folder):
    assert _undeclared(REPO / folder) == []


def test_the_import_check_finds_an_undeclared_import(tmp_path):
    """The check above fails on a module nobody declared, imported lazily inside a function."""
    (tmp_path / "lazy.py").write_text("import json\n\ndef f():\n    import rich_click\n")
    assert _undeclared(tmp_path) == ["lazy.py:4: rich_click"]


def _absent(name: str) -> Package:
    return Package(name, f"the {name} tests", lambda: False)


def test_missing_packages_are_installed_when_run_as_root(monkeypatch, tmp_path):
    commands = []
    monkeypatch.setattr(provision, "NEEDS", {"test": ((_absent("chromium"), _absent("libharfbuzz-subset0")), {})})
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    monkeypatch.setattr(provision.shutil, "which", lambda name: f"/usr/bin/{name}")
    (tmp_path / "package.json").write_text('{"devDependencies": {"axe-core": "4.14.1"}}')
    provision.provide(tmp_path, "test", run=lambda command, env: commands.append(command))
    assert commands == [["apt-get", "update", "-qq"],
                        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium",
                         "libharfbuzz-subset0"],
                        ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(tmp_path)]]


def test_without_root_the_test_command_says_exactly_what_to_run(monkeypatch, tmp_path):
    monkeypatch.setattr(provision, "NEEDS", {"test": ((_absent("chromium"), _absent("default-jre-headless")), {})})
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    with pytest.raises(NotProvided) as caught:
        provision.provide(tmp_path, "test", run=lambda command, env: pytest.fail(f"ran {command}"))
    assert str(caught.value) == (
        "missing Debian packages: chromium (the chromium tests); default-jre-headless (the default-jre-headless "
        "tests)\n  run as root (or with sudo): apt-get update && apt-get install -y chromium default-jre-headless")


def test_a_missing_python_tool_names_the_extra_to_install(monkeypatch, tmp_path):
    monkeypatch.setattr(provision, "NEEDS", {"validate": ((), {"no_such_module_here": "no-such-dist"})})
    with pytest.raises(NotProvided) as caught:
        provision.provide(tmp_path, "validate")
    assert str(caught.value) == "missing Python packages: no-such-dist\n  run: pip install -e '.[validate]'"


# Loaded by every Python process of the build (the build, its fork server, its workers) through PYTHONPATH:
# the machine without libharfbuzz-subset0, and fontTools' clock fixed at the time the run stands for.
_SIMULATED_MACHINE = """
import contextlib, os, time
_now = float(os.environ["HANDOUTS_FAKE_NOW"])
time.time = lambda: _now
import weasyprint.pdf.fonts
weasyprint.pdf.fonts.harfbuzz_subset = None
from handouts.tools import provision, weasy
provision.fast_font_subsetting = lambda: False
if os.environ["HANDOUTS_VARIANT"] == "unfixed":  # the pipeline as it was: fontTools' clock left alone
    weasy._font_timestamps_fixed = contextlib.nullcontext
"""
_BUILD = "import sys; from handouts.commands import run as commands; " \
         "sys.exit(commands.run_build(sys.argv[1], formats='pdf', force=True, strict=True, jobs=1))"


def _two_builds_without_subsetter(project, variant: str) -> list[tuple[bytes, str]]:
    project.brief("fallback", GOOD_FRONT_MATTER + "\n## Heading\n\nBody text in *italics* and **bold**.\n")
    site = project.root.parent / "simulated-machine"
    site.mkdir(exist_ok=True)
    (site / "sitecustomize.py").write_text(_SIMULATED_MACHINE)
    runs = []
    for epoch in ("1000000000", "2000000000"):  # two builds, made at different times
        env = {**os.environ, "HANDOUTS_FAKE_NOW": epoch, "HANDOUTS_VARIANT": variant,
               "PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")])}
        env.pop("SOURCE_DATE_EPOCH", None)
        result = subprocess.run([sys.executable, "-c", _BUILD, str(project.root)], env=env, capture_output=True,
                                text=True, timeout=300)
        assert result.returncode == 0, result.stderr
        runs.append((project.dist("fallback/fallback.pdf").read_bytes(), result.stderr))
    return runs


def test_without_the_fast_subsetter_pdfs_are_reproducible_and_the_brief_gets_no_warning(project):
    """fontTools stamps each font subset with the time of the build: two builds made at different times must
    still give the same bytes; the machine's condition is one note, not a warning on the brief (--strict passes)."""
    (first, err), (second, _) = _two_builds_without_subsetter(project, "fixed")
    assert first == second
    assert [line for line in err.splitlines() if "fontTools" in line] == [
        "note: libharfbuzz-subset0 is not installed, so WeasyPrint subsets the PDFs' fonts with fontTools, "
        "about 25% slower (the PDFs look the same): apt-get install libharfbuzz-subset0"]


def test_the_reproducibility_check_fails_on_the_unfixed_pipeline(project):
    (first, _), (second, _) = _two_builds_without_subsetter(project, "unfixed")
    assert first != second
