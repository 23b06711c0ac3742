"""The `handouts` console script: the same commands as the invoke tasks, for use outside a checkout."""
from __future__ import annotations

import argparse
from pathlib import Path

from .commands import run as commands
from .editions import FORMATS


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="handouts", description="Build branded handouts from Markdown briefs.")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the project folder (default: here)")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build what is out of date into dist/")
    b.add_argument("--only", help="comma-separated slugs")
    b.add_argument("--formats", help=f"comma-separated formats: {', '.join(FORMATS)}")
    b.add_argument("--drafts", action="store_true", help="also build drafts")
    b.add_argument("--force", action="store_true", help="rebuild even what is up to date")
    b.add_argument("--strict", action="store_true", help="exit non-zero on warnings too")
    b.add_argument("--jobs", type=int, help="worker processes (default: one per CPU)")
    b.add_argument("--verbose", action="store_true", help="also list the slowest targets")
    c = sub.add_parser("check", help="validate without rendering")
    c.add_argument("--only", help="comma-separated slugs")
    c.add_argument("--strict", action="store_true", help="exit non-zero on warnings too")
    n = sub.add_parser("new", help="create a new brief")
    n.add_argument("--title", required=True)
    n.add_argument("--kind", default="brief")
    n.add_argument("--bundle", action="store_true")
    n.add_argument("--slug", help="the file name (default: made from the title)")
    s = sub.add_parser("serve", help="build, serve dist/ on localhost, rebuild on change, reload the browser")
    s.add_argument("--port", type=int, default=8000)
    s.add_argument("--drafts", action="store_true", help="also build drafts")
    sub.add_parser("clean", help="remove dist/ and the build cache")
    sub.add_parser("translations", help="each source brief, its version, its translations: current or stale")
    args = parser.parse_args(argv)
    if args.command == "build":
        return commands.run_build(args.root, args.only, args.formats, args.drafts, args.force, args.strict, args.debug,
                                  args.jobs, args.verbose)
    if args.command == "check":
        return commands.run_check(args.root, args.only, args.strict, args.debug)
    if args.command == "new":
        return commands.run_new(args.root, args.title, args.kind, args.bundle, args.debug, args.slug)
    if args.command == "serve":
        return commands.run_serve(args.root, args.port, args.drafts, args.debug)
    if args.command == "translations":
        return commands.run_translations(args.root, args.debug)
    return commands.run_clean(args.root)


if __name__ == "__main__":
    raise SystemExit(main())
