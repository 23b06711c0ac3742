"""The staff's commands (invoke): each task parses its flags and calls the handouts package."""
import os
import sys
from pathlib import Path

from invoke import Exit, task

# invoke turns off writing bytecode (its --write-pyc) for all it imports after this file, the pipeline included: each
# `invoke build` then compiled some 150 modules again, 0.14 s of a 0.6 s no-op build. Python's own setting decides.
sys.dont_write_bytecode = bool(os.environ.get("PYTHONDONTWRITEBYTECODE"))

from handouts.editions import FORMATS

ROOT = Path(__file__).resolve().parent


def _exit(status: int) -> None:
    if status:
        raise Exit(code=status)


@task(help={
    "only": "comma-separated slugs to build (default: every brief, then every packet); a packet is bound when "
            "all its briefs are named",
    "formats": f"comma-separated formats: {', '.join(FORMATS)} (default: all)",
    "drafts": "also build briefs with status: draft (never listed in the catalogue)",
    "force": "rebuild even what is up to date",
    "strict": "exit non-zero on warnings too",
    "debug": "show tracebacks of internal errors",
    "jobs": "worker processes rendering in parallel (default: one per CPU)",
    "verbose": "also list the slowest targets",
})
def build(c, only=None, formats=None, drafts=False, force=False, strict=False, debug=False, jobs=None,
          verbose=False):
    """Build what is out of date into dist/, in parallel, with progress."""
    from handouts.commands.run import run_build
    _exit(run_build(ROOT, only, formats, drafts, force, strict, debug, int(jobs) if jobs else None, verbose))


@task(help={
    "only": "comma-separated slugs to check (default: every brief)",
    "strict": "exit non-zero on warnings too",
    "debug": "show tracebacks of internal errors",
})
def check(c, only=None, strict=False, debug=False):
    """Validate the brand and the briefs without rendering; report every problem."""
    from handouts.commands.run import run_check
    _exit(run_check(ROOT, only, strict, debug))


@task(help={"debug": "show tracebacks of internal errors"})
def translations(c, debug=False):
    """Each source brief, its version and its translations: current or stale, and which sections changed."""
    from handouts.commands.run import run_translations
    _exit(run_translations(ROOT, debug))


@task(help={
    "title": "the brief's title; its slug (file name) is made from it unless --slug gives one",
    "slug": "the file name: lowercase letters, digits and hyphens (needed when the title has no Latin letters)",
    "kind": "brief, factsheet, backgrounder, update or reference (default: brief)",
    "bundle": "make a folder briefs/<slug>/index.md, for a brief with images or a bibliography",
    "debug": "show tracebacks of internal errors",
})
def new(c, title, kind="brief", bundle=False, debug=False, slug=None):
    """Create a new brief with valid front matter, and say where it is."""
    from handouts.commands.run import run_new
    _exit(run_new(ROOT, title, kind, bundle, debug, slug))


@task(help={
    "port": "the port on 127.0.0.1 to serve dist/ on (default: 8000)",
    "drafts": "also build and serve briefs with status: draft",
    "debug": "show tracebacks of internal errors",
})
def serve(c, port=8000, drafts=False, debug=False):
    """Build, serve dist/ on localhost, rebuild what changed on every save and reload the browser."""
    from handouts.commands.run import run_serve
    _exit(run_serve(ROOT, int(port), drafts, debug))


@task
def clean(c):
    """Remove dist/ and the build cache, nothing else."""
    from handouts.commands.run import run_clean
    _exit(run_clean(ROOT))


@task(help={"args": "extra arguments for pytest, e.g. \"-k brand -x\""})
def test(c, args=""):
    """Run the test suite; first installs what it needs (Debian packages when run as root, the npm validators)."""
    from handouts.commands.run import run_provide
    _exit(run_provide(ROOT, "test"))
    c.run(f"python -m pytest {args}", pty=False)


@task
def golden(c):
    """Regenerate the golden files in tests/golden/ from the fixtures (review the diff before committing)."""
    c.run("python tests/golden.py")


@task(help={
    "only": "the slug of the brief whose e-mail edition (dist/<slug>/email.eml) is sent",
    "to": "the address to send the test to",
})
def mail(c, only=None, to=None):
    """Send a brief's built e-mail edition to one address, through the SMTP server in invoke.yaml or HANDOUTS_SMTP_*."""
    from handouts.commands.mail import run_mail
    handouts = c.config.get("handouts") or {}
    _exit(run_mail(ROOT, only, to, dict(handouts.get("smtp") or {})))


@task(help={"copies": "copies of a sample brief added to the library (default 18: 22 briefs)",
            "out": "where to write the JSON report (default: bench.json)"})
def bench(c, copies=18, out="bench.json"):
    """Benchmark the build against the raw toolchain; print ratios, write JSON."""
    from handouts.commands.run import run_bench
    _exit(run_bench(ROOT, int(copies), Path(out)))


@task(help={
    "only": "comma-separated kinds of output to validate: html, epub, pdf (default: all)",
    "verbose": "also list the notes (advice that does not fail the check)",
    "debug": "show tracebacks of internal errors",
})
def validate(c, only=None, verbose=False, debug=False):
    """Run the real validators on dist/ (EPUBCheck, Nu HTML Checker, axe-core, PDF checks); a table per file."""
    from handouts.commands.run import run_validate
    _exit(run_validate(ROOT, only, verbose, debug))
